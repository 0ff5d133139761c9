import pytest

from eventwire.errors import StoreError
from eventwire.records import ActorMention, Document, Event, EventDate, Evidence, Rejected
from eventwire.store import Store

TEXT = (
    "Lukashenko arrived in Beijing on Tuesday. He met Xi Jinping at the Great Hall of the People."
)


def _doc(doc_id="doc-1", text=TEXT):
    return Document(
        doc_id=doc_id,
        text=text,
        content_hash=f"hash-{text}",
        origin="test.txt",
        outlet="Meridian Wire",
        published="2023-02-28",
    )


def _event(doc, type_="CONSULT"):
    src = [ActorMention("Lukashenko", 0, 10, "BLR", "Alexander Lukashenko", "GOV", "person")]
    tgt = [ActorMention("Xi Jinping", 49, 59, "CHN", "Xi Jinping", "GOV", "person")]
    return Event(
        event_id=Event.make_id(doc.doc_id, 42, 92, type_, src, tgt),
        doc_id=doc.doc_id,
        type=type_,
        cameo="040",
        quad_class=1,
        goldstein=1.0,
        source=src,
        target=tgt,
        modality="asserted",
        date=EventDate("2023-02-28", "2023-02-28", "reported"),
        evidence=Evidence(TEXT[42:], 42, 92),
        confidence=0.8,
        extractor="eventwire 0.1.0",
    )


def test_store_writes_documents_events_actors_and_mentions(tmp_path):
    doc = _doc()
    ev = _event(doc)
    with Store(tmp_path / "s.duckdb") as store:
        assert store.write_batch([(doc, [ev], ev.source + ev.target)]) == 1
        counts = store.counts()
        row = store.query("SELECT type, source_codes, target_codes, evidence_start FROM events")[0]
        published = store.query("SELECT published FROM documents")[0][0]
    assert counts["documents"] == 1 and counts["events"] == 1
    assert counts["mentions"] == 2
    assert row == ("CONSULT", ["BLR"], ["CHN"], 42)
    assert published.isoformat() == "2023-02-28"


def test_store_is_idempotent_by_id_and_by_content(tmp_path):
    doc = _doc()
    same_text_other_id = _doc(doc_id="doc-2")
    with Store(tmp_path / "s.duckdb") as store:
        store.write_batch([(doc, [_event(doc)], [])])
        assert store.write_batch([(doc, [_event(doc)], [])]) == 0
        assert store.write_batch([(same_text_other_id, [], [])]) == 0
        assert store.counts()["documents"] == 1
        assert store.counts()["events"] == 1


def test_store_batch_skips_stored_and_repeated_documents_in_one_pass(tmp_path):
    """Within one batch: a document already stored (by id or by content) and a second
    copy of a new one are skipped; the other new documents go in."""
    stored, fresh = _doc(), _doc("doc-3", TEXT + " They signed two agreements.")
    batch = [
        (_doc("doc-2"), [], []),  # same content as the stored doc-1
        (fresh, [_event(fresh)], []),
        (_doc("doc-4", TEXT + " They signed two agreements."), [], []),  # copy of doc-3
        (stored, [_event(stored)], []),  # doc-1 again
        (_doc("doc-5", "Minsk and Beijing agreed to hold talks."), [], []),
    ]
    with Store(tmp_path / "s.duckdb") as store:
        store.write_batch([(stored, [_event(stored)], [])])
        assert store.stored([d for d, _, _ in batch]) == {"doc-1", stored.content_hash}
        assert store.write_batch(batch) == 2
        ids = {row[0] for row in store.query("SELECT doc_id FROM documents")}
        assert ids == {"doc-1", "doc-3", "doc-5"}
        assert store.known("doc-9", fresh.content_hash) and store.known("doc-5", "no-such-hash")
        assert not store.known("doc-9", "no-such-hash")


def test_store_quarantine_keeps_one_row_per_origin(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        store.quarantine([Rejected("bad.bin", "binary file, not text")])
        store.quarantine(
            [Rejected("bad.bin", "binary file, not text"), Rejected("x.jsonl:3", "not JSON")]
        )
        rows = store.query("SELECT origin, reason FROM quarantine ORDER BY origin")
    assert rows == [("bad.bin", "binary file, not text"), ("x.jsonl:3", "not JSON")]


def test_store_second_writer_fails_fast_with_a_clear_message(tmp_path):
    path = tmp_path / "s.duckdb"
    import subprocess
    import sys

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb,time; c=duckdb.connect({str(path)!r}); print('ok', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ok"
        with pytest.raises(StoreError, match="in use by another eventwire process"):
            Store(path)
    finally:
        holder.kill()
        holder.wait()


def test_store_rejects_a_newer_schema_version(tmp_path):
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="schema version 99"):
        Store(path)


def test_store_read_only_on_a_missing_file_says_what_to_do(tmp_path):
    with pytest.raises(StoreError, match="run 'eventwire run PATH' first"):
        Store(tmp_path / "none.duckdb", read_only=True)


def test_store_migrates_a_version_2_store_on_open(tmp_path):
    path = tmp_path / "v2.duckdb"
    with Store(path) as store:  # make it look like a version 2 store
        for column in ("duplicate_similarity", "tone", "loaded", "attribution"):
            store.con.execute(f"ALTER TABLE documents DROP COLUMN {column}")
        store.con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="run 'eventwire run' on it once"):
        Store(path, read_only=True)
    with Store(path) as store:
        columns = {c[0] for c in store.con.execute("DESCRIBE documents").fetchall()}
        version = store.con.execute(
            "SELECT value FROM meta WHERE key = 'schema_version'"
        ).fetchone()[0]
    assert {"duplicate_similarity", "tone", "loaded", "attribution"} <= columns
    assert version == "3"

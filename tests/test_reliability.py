"""Store integrity: ``eventwire doctor`` on a healthy store and on stores broken on
purpose, the schema version check and migration, and a run that keeps going past
bad inputs of every kind with nothing lost."""

from __future__ import annotations

import gzip
import json
import shutil

import duckdb
import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.doctor import diagnose
from eventwire.pipeline import Options, run
from eventwire.store import SCHEMA_VERSION, Store

runner = CliRunner()

ARTICLES = [
    {
        "id": "rel-1",
        "outlet": "Harbour Post",
        "published": "2024-05-14",
        "text": "Japan and the Philippines signed a defence pact in Manila on Monday.\n\n"
        "China condemned the pact and accused Japan of stoking tension in the region.",
    },
    {
        "id": "rel-2",
        "outlet": "Steppe Courier",
        "published": "2024-05-15",
        "text": "Kazakhstan hosted talks between Armenia and Azerbaijan in Almaty on Friday.\n\n"
        "Russia warned the European Union against sending observers to the border.",
    },
]


@pytest.fixture(scope="module")
def healthy(tmp_path_factory):
    """A store from two articles and two bad lines, through the real pipeline."""
    root = tmp_path_factory.mktemp("reliability")
    corpus = root / "wire.jsonl"
    lines = [json.dumps(a) for a in ARTICLES] + ['{"id": "broken", "text": 12}', "{not json"]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = root / "healthy.duckdb"
    result = run([str(corpus)], Options(store=store, report=lambda m: None))
    assert result.documents_new == 2 and len(result.skipped) == 2 and result.events_new > 0
    return store


@pytest.fixture
def store(healthy, tmp_path):
    """A private copy of the healthy store to break."""
    copy = tmp_path / "copy.duckdb"
    shutil.copy(healthy, copy)
    return copy


def break_store(path, *statements: str) -> None:
    con = duckdb.connect(str(path))
    try:
        for sql in statements:
            con.execute(sql)
    finally:
        con.close()


def test_doctor_healthy_store_is_consistent(store):
    result = diagnose(store)
    assert result.ok and result.exit_code == 0
    assert result.schema_version == str(SCHEMA_VERSION)
    assert result.counts["documents"] == 2 and result.counts["quarantine"] == 2
    assert result.counts["events"] > 0 and result.counts["mentions"] > 0
    assert dict(result.quarantine) == {"invalid JSON: Expecting property name enclosed in double quotes at column": 1, "record's 'text' field is a number, not a string": 1}  # fmt: skip
    cli = runner.invoke(app, ["doctor", "--store", str(store)])
    assert cli.exit_code == 0, cli.output
    assert "2 documents" in cli.output and "doctor: consistent" in cli.output
    assert "quarantined: 1 x record's 'text' field is a number, not a string" in cli.output


@pytest.mark.parametrize(
    ("statements", "failing"),
    [
        (
            ["DELETE FROM documents WHERE doc_id = 'rel-1'"],
            {"events without a document", "mentions without a document"},
        ),
        (
            ["DELETE FROM events WHERE event_id IN (SELECT event_id FROM event_actors LIMIT 1)"],
            {
                "actor rows without an event",
                "documents whose n_events disagrees",
                "merged events citing missing events",
            },
        ),
        (["UPDATE documents SET n_events = n_events + 1"], {"documents whose n_events disagrees"}),
        (["UPDATE documents SET story_id = 'gone'"], {"documents in a missing story"}),
        (
            ["INSERT INTO event_actors SELECT * FROM event_actors LIMIT 1"],
            {"duplicate actor positions"},
        ),
        (
            ["UPDATE events SET evidence_start = evidence_start + 1 WHERE doc_id = 'rel-2'"],
            {"evidence outside its document"},
        ),
        (
            ["UPDATE events SET evidence_end = 100000 WHERE doc_id = 'rel-1'"],
            {"evidence outside its document"},
        ),
    ],
)
def test_doctor_finds_what_was_broken_and_exits_1(store, statements, failing):
    break_store(store, *statements)
    result = diagnose(store)
    assert {c.name for c in result.checks if not c.ok} == failing
    cli = runner.invoke(app, ["doctor", "--store", str(store), "--json"])
    assert cli.exit_code == 1
    body = json.loads(cli.output)
    assert body["ok"] is False
    assert {c["name"] for c in body["checks"] if not c["ok"]} == failing


def test_doctor_cannot_open_exits_2_with_one_line(tmp_path):
    missing = runner.invoke(app, ["doctor", "--store", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 2
    assert "no store at" in missing.output and "eventwire run PATH" in missing.output
    (tmp_path / "junk.duckdb").write_bytes(b"not a database" * 100)
    junk = runner.invoke(app, ["doctor", "--store", str(tmp_path / "junk.duckdb")])
    assert junk.exit_code == 2 and "cannot open store" in junk.output


def test_store_from_a_future_version_fails_clearly_everywhere(store, tmp_path):
    break_store(store, "UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    for args in (["doctor", "--store", str(store)], ["run", "-", "--store", str(store)]):
        result = runner.invoke(app, args, input="")
        assert result.exit_code == 2, (args, result.output)
        assert f"has schema version 99, this eventwire writes version {SCHEMA_VERSION}" in (
            result.output
        )


def as_version_2(path) -> None:
    """Turn a current store back into the version-2 layout: without the columns and
    tables that later versions added (read from the store's own migration table)."""
    import re

    from eventwire.store import MIGRATIONS

    statements = ["UPDATE meta SET value = '2' WHERE key = 'schema_version'"]
    for version in range(3, SCHEMA_VERSION + 1):
        for sql in MIGRATIONS.get(version, []):
            table, column = re.search(
                r"ALTER TABLE (\w+) ADD COLUMN IF NOT EXISTS (\w+)", sql
            ).groups()
            statements.append(f"ALTER TABLE {table} DROP COLUMN {column}")
    statements.append("DROP TABLE IF EXISTS merged_events")
    break_store(path, *statements)


@pytest.mark.skipif(SCHEMA_VERSION < 3, reason="no migration before schema version 3")
def test_store_version_2_is_migrated_by_a_run_and_loses_nothing(store, healthy, tmp_path):
    with Store(store, read_only=True) as s:
        before = s.query("SELECT doc_id, content_hash, n_events FROM documents ORDER BY 1")
        events_before = s.query("SELECT event_id, doc_id FROM events ORDER BY 1")
    as_version_2(store)
    # read-only commands cannot migrate: they say what to do
    doctor = runner.invoke(app, ["doctor", "--store", str(store)])
    assert doctor.exit_code == 2
    assert f"schema version 2: run 'eventwire run' on it once to upgrade it to version {SCHEMA_VERSION}" in doctor.output  # fmt: skip
    # a writer migrates in place; the same corpus again adds nothing
    corpus = healthy.parent / "wire.jsonl"
    rerun = runner.invoke(app, ["run", str(corpus), "--store", str(store)])
    assert rerun.exit_code == 1, rerun.output  # the two bad lines are skipped again
    assert "0 new documents, 2 already stored" in rerun.output
    result = diagnose(store)
    assert result.ok and result.schema_version == str(SCHEMA_VERSION)
    with Store(store, read_only=True) as s:
        assert s.query("SELECT doc_id, content_hash, n_events FROM documents ORDER BY 1") == before
        assert s.query("SELECT event_id, doc_id FROM events ORDER BY 1") == events_before
        columns = {c for (c,) in s.query("SELECT column_name FROM duckdb_columns() WHERE table_name = 'documents'")}  # fmt: skip
    with Store(healthy, read_only=True) as s:
        assert columns == {c for (c,) in s.query("SELECT column_name FROM duckdb_columns() WHERE table_name = 'documents'")}  # fmt: skip


# -- a run over every kind of bad input loses nothing good ----------------------------


def test_run_over_every_kind_of_bad_input_keeps_every_good_record(tmp_path):
    """Good articles among bad inputs of every kind: every good one is stored, every bad
    one is one quarantine row, and the store stays consistent."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    good = [dict(a, id=f"{a['id']}-{n}", text=a["text"] + f" ({n})") for n in range(3) for a in ARTICLES]  # fmt: skip
    (corpus / "a.jsonl").write_text(
        "\n".join(json.dumps(r) for r in good[:3])
        + '\n{"text": ["a", "list"]}\n[1, 2]\n{"id": "no-text"}\n',
        encoding="utf-8",
    )
    (corpus / "b.jsonl.gz").write_bytes(
        gzip.compress("".join(json.dumps(r) + "\n" for r in good[3:]).encode())[:-12]
    )  # truncated: some of b's records may be lost with the damage, none of a's
    (corpus / "c.txt").write_bytes(bytes(range(256)) * 8)
    (corpus / "d.html").write_text("<html><body><nav>menu</nav></body></html>")
    (corpus / "e.warc").write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\n\r\n")
    (corpus / "f.json").write_text('{"articles": [{"id": 5, "text": "too short"}]}')
    (corpus / "g.txt").write_text("")
    messages: list[str] = []
    result = run([str(corpus)], Options(store=tmp_path / "s.duckdb", report=messages.append))
    with Store(tmp_path / "s.duckdb", read_only=True) as s:
        stored = {d for (d,) in s.query("SELECT doc_id FROM documents")}
        quarantined = s.query("SELECT origin FROM quarantine")
    assert {r["id"] for r in good[:3]} <= stored
    assert stored <= {r["id"] for r in good}
    assert len(quarantined) == len(result.skipped) == len(messages) >= 9
    assert all(m.startswith("eventwire: skipped ") and "\n" not in m for m in messages)
    for name in "acdefg":  # every bad file is named in a message
        assert any(f"/{name}." in m for m in messages), name
    assert diagnose(tmp_path / "s.duckdb").ok

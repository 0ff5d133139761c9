"""The whole pipeline on small corpora written here, through the library API."""

import json

from eventwire.pipeline import Options, run
from eventwire.store import Store

ARTICLE_1 = """---
title: Poland summons Russian envoy
outlet: Baltic Observer
published: 2023-03-27
---

Poland summoned the Russian ambassador on Monday after Moscow said it would station nuclear weapons in Belarus.

Polish Foreign Minister Zbigniew Rau accused Russia of blackmail. Lithuania urged the European Union to impose new sanctions on Belarus.
"""

ARTICLE_2 = {
    "id": "mw-test-1",
    "title": "Japan and the Philippines hold talks",
    "outlet": "Meridian Wire",
    "published": "2024-07-08",
    "text": "Japan and the Philippines held talks in Manila on Monday and signed a defence pact.\n\n"
    "China criticised the pact, its foreign ministry said.",
}


def write_corpus(root):
    root.mkdir()
    (root / "poland.txt").write_text(ARTICLE_1, encoding="utf-8")
    (root / "wire.jsonl").write_text(
        json.dumps(ARTICLE_2)
        + "\n"
        + "{not json\n"
        + json.dumps({"id": "empty", "text": ""})
        + "\n",
        encoding="utf-8",
    )
    (root / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    return root


def test_pipeline_run_stores_documents_events_and_quarantine(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    messages = []
    result = run([str(corpus)], Options(store=tmp_path / "s.duckdb", report=messages.append))
    assert result.documents_new == 2
    assert result.events_new > 0
    assert result.exit_code == 1
    assert len(result.skipped) == 3
    assert any("wire.jsonl:2" in m for m in messages)
    assert any("blob.txt" in m and "binary" in m for m in messages)
    with Store(tmp_path / "s.duckdb", read_only=True) as store:
        counts = store.counts()
        types = {t for (t,) in store.query("SELECT DISTINCT type FROM events")}
        outlets = {o for (o,) in store.query("SELECT outlet FROM documents")}
    assert counts["documents"] == 2 and counts["quarantine"] == 3
    assert counts["events"] == result.events_new
    assert {"ACCUSE", "REQUEST"} <= types
    assert outlets == {"Baltic Observer", "Meridian Wire"}


def test_pipeline_second_run_stores_nothing_twice(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    opts = Options(store=tmp_path / "s.duckdb", report=lambda m: None)
    first = run([str(corpus)], opts)
    with Store(opts.store, read_only=True) as store:
        before = store.counts()
    second = run([str(corpus)], opts)
    with Store(opts.store, read_only=True) as store:
        after = store.counts()
    assert before == after
    assert second.documents_new == 0 and second.documents_seen == first.documents_new
    assert second.events_new == 0


def test_pipeline_same_article_under_two_names_is_stored_once(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE_1, encoding="utf-8")
    (corpus / "copy-of-a.txt").write_text(ARTICLE_1, encoding="utf-8")
    result = run([str(corpus)], Options(store=tmp_path / "s.duckdb", report=lambda m: None))
    assert result.documents_new == 1 and result.duplicates == 1


GOOD_NEWS = (
    "Kazakhstan and Uzbekistan signed a water-sharing agreement in Tashkent on Friday, "
    "the two foreign ministries said. Tajikistan welcomed the deal."
)
NO_ARTICLE_HTML = (
    "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a>"
    "<a href='/world'>World</a></nav><footer>(c) 2024</footer></body></html>"
)


def test_pipeline_every_bad_input_is_one_line_one_quarantine_row_and_the_rest_is_stored(tmp_path):
    corpus = tmp_path / "mixed"
    corpus.mkdir()
    (corpus / "a-empty.txt").write_bytes(b"")
    (corpus / "b-binary.txt").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    )
    # bytes that are neither UTF-8 nor any plausible legacy encoding
    (corpus / "c-garbled.txt").write_bytes(
        b"Minsk, 28 Feb. " + bytes(range(0x80, 0x100)) * 8 + b"\x00\x01" * 40
    )
    (corpus / "d-nav-only.html").write_text(NO_ARTICLE_HTML, encoding="utf-8")
    with open(corpus / "e-dump.jsonl", "w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "good-1", "published": "2024-05-03", "text": GOOD_NEWS}) + "\n")
        fh.write('{"id": "broken", "text": "unterminated\n')
        fh.write(json.dumps({"id": "no-text", "title": "Headline only"}) + "\n")
        fh.write('{"id": "huge", "text": "' + "x" * 6_000_000 + '"}\n')
    (corpus / "f-poland.txt").write_text(ARTICLE_1, encoding="utf-8")

    messages: list[str] = []
    store_path = tmp_path / "s.duckdb"
    result = run([str(corpus)], Options(store=store_path, report=messages.append))

    assert result.documents_new == 2 and result.exit_code == 1
    assert all("\n" not in m and m.startswith("eventwire: skipped ") for m in messages)
    expected = {
        "a-empty.txt": "empty file",
        "b-binary.txt": "binary file",
        "d-nav-only.html": "no article text",
        "e-dump.jsonl:2": "invalid JSON",
        "e-dump.jsonl:3": "no 'text' or 'html' field",
        "e-dump.jsonl:4": "exceeds the 5,000,000-byte limit",
    }
    for origin, reason in expected.items():
        assert any(origin in m and reason in m for m in messages), (origin, messages)
    assert any("c-garbled.txt" in m for m in messages)
    assert len(messages) == 7
    with Store(store_path, read_only=True) as store:
        counts = store.counts()
        origins = {o for (o,) in store.query("SELECT origin FROM quarantine")}
    assert counts["documents"] == 2 and counts["quarantine"] == 7
    assert {str(corpus / "e-dump.jsonl") + ":2", str(corpus / "a-empty.txt")} <= origins
    # a second run stores nothing new and keeps one quarantine row per input
    again = run([str(corpus)], Options(store=store_path, report=lambda m: None))
    with Store(store_path, read_only=True) as store:
        assert store.counts() == counts
    assert again.documents_new == 0 and len(again.skipped) == 7


def test_load_extractor_freezes_only_when_asked_and_restores_the_collector():
    import gc

    from eventwire.parallel import load_extractor

    before = gc.get_freeze_count()
    gc.disable()
    try:
        load_extractor()
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
    assert gc.get_freeze_count() == before  # a caller's process: nothing frozen
    try:
        load_extractor(freeze=True)
        assert gc.isenabled()
        assert gc.get_freeze_count() > before  # a worker: model, bases, gazetteer frozen
    finally:
        gc.unfreeze()

"""Property-based fuzzing (hypothesis) of the readers, the cleaner, the date resolver and
the extractor on hostile input: arbitrary Unicode, control characters, right-to-left text,
enormous sentences, deeply nested HTML, invalid dates, truncated gzip/WARC, JSONL with
wrong types.

Invariants: nothing raises; every input that cannot be used is one ``Rejected`` with a
one-line reason naming where it came from; every offset points inside the text it is
an offset of. The number of generated cases is printed at the end of the session
(``tests/conftest.py``).
"""

from __future__ import annotations

import gzip
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from eventwire.clean import MIN_CHARS, clean, clean_text, map_offset
from eventwire.ingest import iter_inputs
from eventwire.records import Document, RawRecord, Rejected
from eventwire.timex import find_timexes

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- strategies ------------------------------------------------------------------------

RTL = ["\u202e", "\u202b", "\u200f", "\u061c", "مرحبا بالعالم", "שלום עולם", "\u2067x\u2069"]
CONTROLS = ["\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\u2028", "\ufeff", "\u200b", "\r"]
NEWS = [
    "Russia ", "accused ", "Ukraine ", "of ", "shelling ", "Kharkiv ", "on Tuesday", ". ",
    "China and Belarus signed an agreement in Beijing", "NATO ", "condemned ", "the strikes",
    "\n\n", "said", " will meet ", "last week", "Lukashenko ", "\u201cquoted\u201d", "â€™",
    "&amp;", "e\u0301", "Mr. ", "U.S. ", "3.5%",
]  # fmt: skip
# Unicode of every kind (no lone surrogates: no codec writes them), plus the pieces above.
UNICODE = st.text(alphabet=st.characters(codec="utf-8"), max_size=200)
HOSTILE_TEXT = st.lists(
    st.one_of(UNICODE, st.sampled_from(RTL + CONTROLS + NEWS)), max_size=25
).map("".join)
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | HOSTILE_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(UNICODE, inner, max_size=3),
    max_leaves=8,
)
FIELDS = ("id", "text", "html", "title", "url", "outlet", "published", "language")
JSON_RECORD = st.dictionaries(st.sampled_from(FIELDS), JSON_VALUE | HOSTILE_TEXT, max_size=6)
EXTENSIONS = [".txt", ".html", ".json", ".jsonl", ".xml", ".warc", ".warc.gz", ".txt.gz",
              ".jsonl.gz", ".bin"]  # fmt: skip


def read_all(path: Path, **kw) -> list[RawRecord | Rejected]:
    return list(iter_inputs([str(path)], **kw))


def check_items(items: list, path: Path) -> None:
    """The reader contract: records with text or HTML, or one-line reasons naming the file."""
    assert items, "every input yields at least one record or one reason"
    for item in items:
        assert isinstance(item, RawRecord | Rejected)
        assert item.origin.startswith(str(path))
        if isinstance(item, Rejected):
            assert item.reason and "\n" not in item.reason and "\r" not in item.reason
            assert "Traceback" not in item.reason
        else:
            body = item.text if item.text is not None else item.html
            assert isinstance(body, str) and body.strip()
            for key in ("id", "title", "url", "outlet", "published", "language"):
                assert getattr(item, key) is None or isinstance(getattr(item, key), str)


def check_document(item: RawRecord | Rejected) -> None:
    """The cleaner contract: a Document whose offset map stays inside the raw text."""
    if isinstance(item, Rejected):
        return
    result = clean(item)
    assert isinstance(result, Document | Rejected)
    if isinstance(result, Rejected):
        assert result.reason and "\n" not in result.reason
        return
    assert len(result.text) >= MIN_CHARS
    if item.text is not None:
        check_offset_map(item.text, result.text, result.offset_map)


def check_offset_map(raw: str, text: str, offset_map: list[tuple[int, int]]) -> None:
    assert offset_map and offset_map[0][0] == 0
    cleans = [c for c, _ in offset_map]
    assert cleans == sorted(set(cleans))
    ends = [0, len(text), *cleans[1:]]
    for i in (c for c in ends if c <= len(text)):
        assert 0 <= map_offset(offset_map, i) <= len(raw)


def in_file(suffix: str, data: bytes):
    """A temporary directory holding ``article{suffix}`` with ``data``."""
    folder = tempfile.TemporaryDirectory(prefix="fuzz-")
    path = Path(folder.name) / f"article{suffix}"
    path.write_bytes(data)
    return folder, path


# -- readers ---------------------------------------------------------------------------


@FAST
@given(st.sampled_from(EXTENSIONS), st.binary(max_size=2000))
@example(".warc", b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort")
@example(".txt.gz", gzip.compress(b"x" * 1000)[:-9])
@example(".json", b"[" * 100_000)
def test_fuzz_readers_survive_arbitrary_bytes(fuzz_cases, suffix, data):
    fuzz_cases["readers: arbitrary bytes"] += 1
    folder, path = in_file(suffix, data)
    with folder:
        items = read_all(path)
        check_items(items, path)
        for item in items:
            check_document(item)


@FAST
@given(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252",
                        "latin-1"]), HOSTILE_TEXT)  # fmt: skip
def test_fuzz_text_files_in_any_encoding(fuzz_cases, encoding, text):
    fuzz_cases["readers: text in any encoding"] += 1
    data = text.encode(encoding, "replace")
    folder, path = in_file(".txt", data)
    with folder:
        items = read_all(path)
        check_items(items, path)
        for item in items:
            check_document(item)


@settings(FAST, max_examples=60)
@given(st.lists(JSON_RECORD | JSON_VALUE, min_size=1, max_size=6))
def test_fuzz_jsonl_with_wrong_types(fuzz_cases, records):
    fuzz_cases["readers: JSONL with wrong types"] += 1
    lines = [json.dumps(r) for r in records]
    folder, path = in_file(".jsonl", "\n".join(lines).encode("utf-8") + b"\n")
    with folder:
        items = read_all(path)
        check_items(items, path)
        # one item per non-blank line, in order, each naming its line
        assert [i.origin for i in items] == [f"{path}:{n}" for n in range(1, len(lines) + 1)]
        for item, record in zip(items, records, strict=True):
            text = record.get("text") if isinstance(record, dict) else None
            if isinstance(text, str) and text.strip():
                assert isinstance(item, RawRecord) and item.text == text
            check_document(item)
    folder, path = in_file(".json", json.dumps(records).encode("utf-8"))
    with folder:
        items = read_all(path)
        check_items(items, path)
        assert len(items) == len(records) or len(records) == 1


GOOD = [
    {"id": f"g{n}", "text": f"Article {n}: Russia accused Ukraine of shelling Kharkiv. " * 3}
    for n in range(6)
]


@FAST
@given(st.integers(min_value=0, max_value=10_000))
def test_fuzz_truncated_gzip_keeps_what_came_before(fuzz_cases, cut_at):
    fuzz_cases["readers: truncated gzip"] += 1
    whole = gzip.compress(b"".join(json.dumps(r).encode() + b"\n" for r in GOOD))
    data = whole[: cut_at % len(whole)]
    folder, path = in_file(".jsonl.gz", data)
    with folder:
        items = read_all(path)
        check_items(items, path)
        good = [i for i in items if isinstance(i, RawRecord)]
        assert [i.id for i in good] == [r["id"] for r in GOOD[: len(good)]]
        if len(good) < len(GOOD):
            assert isinstance(items[-1], Rejected)


def warc_bytes(pages: int, compressed: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compressed)
    for n in range(pages):
        body = (
            f"<html><body><article><p>Page {n}. Russia accused Ukraine of shelling Kharkiv "
            "on Tuesday, officials said in a statement.</p></article></body></html>"
        ).encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"https://example.org/{n}", "response", payload=io.BytesIO(body), http_headers=headers
        )
        writer.write_record(record)
    return buffer.getvalue()


WARCS = {compressed: warc_bytes(5, compressed) for compressed in (False, True)}


def record_starts(data: bytes) -> list[int]:
    from warcio.archiveiterator import ArchiveIterator

    iterator = ArchiveIterator(io.BytesIO(data))
    return [iterator.get_record_offset() for record in iterator if record.raw_stream.read()]


@FAST
@given(st.booleans(), st.integers(min_value=0, max_value=100_000))
def test_fuzz_truncated_warc_keeps_what_came_before(fuzz_cases, compressed, cut_at):
    fuzz_cases["readers: truncated WARC"] += 1
    whole = WARCS[compressed]
    data = whole[: cut_at % (len(whole) + 1)]
    folder, path = in_file(".warc.gz" if compressed else ".warc", data)
    with folder:
        items = read_all(path)
        check_items(items, path)
        good = [i for i in items if isinstance(i, RawRecord)]
        assert [i.url for i in good] == [f"https://example.org/{n}" for n in range(len(good))]
        # a cut inside the blank line that ends a record loses nothing: no reason owed
        ends = [*record_starts(whole)[1:], len(whole)]
        whole_records = any(e - (0 if compressed else 4) <= len(data) <= e for e in ends)
        if len(good) < 5 and not whole_records:
            assert isinstance(items[-1], Rejected)


# -- cleaner ---------------------------------------------------------------------------


@FAST
@given(HOSTILE_TEXT, st.one_of(st.none(), HOSTILE_TEXT))
def test_fuzz_clean_any_unicode_offsets_stay_inside(fuzz_cases, raw, title):
    fuzz_cases["clean: hostile Unicode"] += 1
    text, offset_map = clean_text(raw, title=title)
    check_offset_map(raw, text, offset_map)
    result = clean(RawRecord(origin="fuzz.txt", text=raw, title=title))
    assert isinstance(result, Document | Rejected)


TAGS = ["div", "p", "span", "b", "table", "tr", "td", "ul", "li", "article", "section", "a"]


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.sampled_from(TAGS), min_size=1, max_size=4),
    st.integers(min_value=1, max_value=3000),
    HOSTILE_TEXT,
    st.booleans(),
)
def test_fuzz_clean_deeply_nested_html(fuzz_cases, tags, depth, text, closed):
    fuzz_cases["clean: deeply nested HTML"] += 1
    opening = "".join(f"<{tags[i % len(tags)]}>" for i in range(depth))
    closing = "".join(f"</{tags[i % len(tags)]}>" for i in reversed(range(depth))) if closed else ""
    page = f"<html><body>{opening}{text} Russia accused Ukraine.{closing}</body></html>"
    result = clean(RawRecord(origin="fuzz.html", html=page))
    assert isinstance(result, Document | Rejected)
    if isinstance(result, Rejected):
        assert result.origin == "fuzz.html" and "\n" not in result.reason


def test_fuzz_clean_one_megabyte_sentence():
    """A 1 MB 'sentence' (no full stop anywhere) is cleaned with a valid offset map; one
    over the size cap is skipped with a clear reason rather than sent to the parser."""
    words = "Russia accused Ukraine of shelling Kharkiv \u202eand\u202c\u00a0Belarus "
    raw = (words * (1_000_000 // len(words) + 1))[:1_000_000]
    text, offset_map = clean_text(raw)
    assert len(text) > 900_000
    check_offset_map(raw, text, offset_map)
    huge = clean(RawRecord(origin="huge.txt", text=raw * 3))
    assert isinstance(huge, Rejected)
    assert huge.origin == "huge.txt" and huge.reason.startswith("article of 2,999,99")
    assert huge.reason.endswith("characters after cleaning exceeds the 1,000,000-character limit")


# -- date resolver ---------------------------------------------------------------------

DATE_PIECES = [
    "31 February 2023", "2023-02-30", "February 29, 2023", "Feb. 29, 2024", "0000-00-00",
    "9999-12-31", "0001-01-01", "on 32 March", "in the year 9999", "12345678 years ago",
    "999999999999 days ago", "next week", "last decade", "next century", "a year earlier",
    "from Tuesday to Monday", "in September", "Q5 2023", "the fourth quarter", "in 1500",
    "on Tuesday", "weeks later", "20 years from now", "since 2019", "-5 days ago", "May ",
    "Sept. 31", "2023/02/31", "31/12/2023", "\u202e2023-01-01", " ", ", ", ". ",
]  # fmt: skip
PUBLISHED = st.one_of(
    st.none(),
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(
        [
            "0001-01-01",
            "9999-12-31",
            "2023-02-30",
            "garbage",
            "",
            "2023-13-01",
            "2023-03-01T25:00:00",
            "20230301",
            "\x00",
        ]
    ),  # fmt: skip
    UNICODE,
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(DATE_PIECES + NEWS), UNICODE), max_size=12).map("".join),
    PUBLISHED,
)
@example("999999999999 days ago", "2023-03-01")
@example("next week", "9999-12-31")
@example("last week", "0001-01-01")
@example("next century", "9999-12-31")
def test_fuzz_timex_invalid_dates_never_raise(fuzz_cases, text, published):
    fuzz_cases["timex: invalid dates"] += 1
    found = find_timexes(text, published)
    for t in found:
        assert 0 <= t.start < t.end <= len(text) and text[t.start : t.end] == t.text
        for value in (t.begin, t.until):
            if value is not None:  # an ISO date a store can hold
                assert len(value) == 10 and value[4] == value[7] == "-"


# -- extractor -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def extractor():
    from eventwire.events import EventExtractor

    return EventExtractor()


SHORT_TEXT = st.lists(
    st.one_of(st.sampled_from(NEWS + DATE_PIECES[:20] + RTL + CONTROLS), st.text(max_size=8)),
    min_size=1,
    max_size=20,
).map("".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(SHORT_TEXT, min_size=1, max_size=4), PUBLISHED)
def test_fuzz_extractor_evidence_points_inside_the_cleaned_text(
    fuzz_cases, extractor, texts, published
):
    fuzz_cases["extractor: short hostile texts"] += 1
    docs = []
    for n, raw in enumerate(texts):
        text, offset_map = clean_text(raw)
        docs.append(Document(doc_id=f"f{n}", text=text, content_hash=f"h{n}", origin="fuzz",
                             published=published, offset_map=offset_map))  # fmt: skip
    out = list(extractor.extract(docs))
    assert [d.doc_id for d, _, _ in out] == [d.doc_id for d in docs]
    for doc, events, mentions in out:
        for m in mentions:
            assert 0 <= m.start < m.end <= len(doc.text)
        for ev in events:
            assert ev.doc_id == doc.doc_id
            assert 0 <= ev.evidence.start <= ev.evidence.end <= len(doc.text)
            assert doc.text[ev.evidence.start : ev.evidence.end] == ev.evidence.sentence
            json.dumps(ev.to_dict(), ensure_ascii=False)  # the store and export can write it

"""Tests for eventwire.ingest: one per reader, one per kind of bad input."""

from __future__ import annotations

import gzip
import io
import json
import random
import sys
import tracemalloc
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.ingest import iter_inputs, iter_jsonl_part, jsonl_parts
from eventwire.records import RawRecord, Rejected

VISIT = (
    "Belarusian President Aleksandr Lukashenko arrived in Beijing on Tuesday for a "
    "three-day state visit, the official news agency BelTA reported. Lukashenko is "
    "expected to meet Chinese President Xi Jinping to discuss trade and the war in Ukraine.\n"
)
ASTANA = (
    "U.S. Secretary of State Antony Blinken will meet with the foreign ministers of all "
    "five Central Asian states in Astana on Tuesday, the State Department said.\n"
)
SANCTIONS = (
    "Belarus has been targeted with sanctions for its involvement in Russia's ongoing "
    "invasion of Ukraine, and Minsk has turned to Beijing for trade and investment.\n"
)
HIGH_BYTES = bytes(0x80 | b for b in range(256))  # translate() table: set the top bit


def read(*paths: str | Path, **kwargs) -> list[RawRecord | Rejected]:
    return list(iter_inputs([str(p) for p in paths], **kwargs))


def origins(items: list[RawRecord | Rejected], root: Path) -> list[str]:
    return [item.origin.replace(str(root) + "/", "") for item in items]


def html_page(title: str, body: str) -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in body.strip().split("\n"))
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paragraphs}"
        "</article></body></html>"
    )


# -- readers -------------------------------------------------------------------------


def test_ingest_txt_front_matter(tmp_path):
    path = tmp_path / "visit.txt"
    path.write_text(
        "---\ntitle: Lukashenko begins state visit to China\noutlet: World Wire\n"
        'published: "2023-02-28"\nurl: https://worldwire.example/belarus-china\nid: ww-101\n'
        "---\n" + VISIT,
        encoding="utf-8",
    )
    [record] = read(path, published="2020-01-01")
    assert record == RawRecord(
        origin=str(path),
        text=VISIT,
        id="ww-101",
        title="Lukashenko begins state visit to China",
        url="https://worldwire.example/belarus-china",
        outlet="World Wire",
        published="2023-02-28",
    )


def test_ingest_txt_sidecar_and_published_fallback(tmp_path):
    (tmp_path / "astana.txt").write_text(ASTANA, encoding="utf-8")
    (tmp_path / "astana.meta.json").write_text(
        json.dumps(
            {
                "title": "Blinken heads to Astana",
                "outlet": "Steppe Daily",
                "published": "2023-02-27T08:00:00+06:00",
                "id": "sd-7",
            }
        ),
        encoding="utf-8",
    )
    (tmp_path / "visit.txt").write_text(VISIT, encoding="utf-8")
    astana, visit = read(tmp_path, published="2023-03-01")
    assert (astana.title, astana.outlet, astana.id) == (
        "Blinken heads to Astana",
        "Steppe Daily",
        "sd-7",
    )
    assert astana.published == "2023-02-27T08:00:00+06:00"
    assert astana.text == ASTANA
    assert (visit.published, visit.title) == ("2023-03-01", None)


def test_ingest_html(tmp_path):
    page = html_page("Lukashenko in Beijing", VISIT)
    (tmp_path / "visit.html").write_text(page, encoding="utf-8")
    [record] = read(tmp_path / "visit.html")
    assert record.html == page and record.text is None


def test_ingest_json_object_with_wrong_type_metadata_kept(tmp_path):
    path = tmp_path / "one.json"
    path.write_text(
        json.dumps(
            {
                "id": 42,
                "text": VISIT,
                "title": "State visit",
                "published": 12,
                "outlet": ["World Wire"],
            }
        )
    )
    [record] = read(path)
    assert (record.origin, record.id, record.title, record.text) == (
        str(path),
        "42",
        "State visit",
        VISIT,
    )
    assert record.published is None and record.outlet is None


def test_ingest_json_array(tmp_path):
    path = tmp_path / "batch.json"
    path.write_text(
        json.dumps(
            [
                {"id": "a1", "text": VISIT, "published": "2023-02-28"},
                "not an object",
                {
                    "id": "a3",
                    "html": html_page("Astana talks", ASTANA),
                    "url": "https://e.example/3",
                },
            ]
        )
    )
    first, second, third = read(path)
    assert (first.origin, first.id, first.published) == (f"{path}#1", "a1", "2023-02-28")
    assert second == Rejected(f"{path}#2", "record is a string, not a JSON object")
    assert (third.origin, third.url) == (f"{path}#3", "https://e.example/3")
    assert "Astana" in third.html


def test_ingest_jsonl_with_bad_lines_between_good_ones(tmp_path):
    path = tmp_path / "dump.jsonl"
    lines = [
        json.dumps({"id": "v1", "text": VISIT, "outlet": "World Wire"}),
        '{"id": "v2", "text": "Blinken arrived in Astana"',  # cut short
        "",
        json.dumps({"id": "v4", "title": "No body here"}),
        json.dumps({"id": "v5", "text": ""}),
        json.dumps({"id": "v6", "text": ["a", "list"]}),
        json.dumps({"id": "v7", "text": ASTANA}),
    ]
    path.write_bytes(("\n".join(lines) + "\n").encode() + b'{"id": "v8", "text": "Minsk \xff"}\n')
    items = read(path)
    assert [(i.origin, getattr(i, "id", None)) for i in items if isinstance(i, RawRecord)] == [
        (f"{path}:1", "v1"),
        (f"{path}:7", "v7"),
    ]
    assert [r for r in items if isinstance(r, Rejected)] == [
        Rejected(f"{path}:2", "invalid JSON: Expecting ',' delimiter at column 49"),
        Rejected(f"{path}:4", "record has no 'text' or 'html' field"),
        Rejected(f"{path}:5", "record's 'text' field is empty"),
        Rejected(f"{path}:6", "record's 'text' field is a list, not a string"),
        Rejected(f"{path}:8", "line is not valid UTF-8 (first bad byte at column 29)"),
    ]


def test_ingest_jsonl_gzip(tmp_path):
    path = tmp_path / "dump.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write(json.dumps({"id": "g1", "text": VISIT}) + "\n")
        out.write(json.dumps({"id": "g2", "text": ASTANA}) + "\n")
    assert [r.id for r in read(path)] == ["g1", "g2"]


def test_ingest_truncated_gzip_keeps_the_records_before(tmp_path):
    path = tmp_path / "dump.jsonl.gz"
    lines = "".join(json.dumps({"id": f"r{i}", "text": VISIT}) + "\n" for i in range(200))
    data = gzip.compress(lines.encode())
    path.write_bytes(data[: len(data) // 2])
    *records, last = read(path)
    assert [r.id for r in records] == [f"r{i}" for i in range(len(records))] and records
    assert last == Rejected(
        str(path), "compressed data ends early (truncated file); records before it kept"
    )


@pytest.mark.parametrize("name", ["bomb.jsonl.gz", "bomb.txt.gz"])
def test_ingest_decompression_bomb_is_cut_off(tmp_path, monkeypatch, name):
    """50 MB of zeros gzip to ~50 KB (1000:1); reading stops at 200 times the file's
    size (the floor lowered here from 100 MB so the test stays fast)."""
    monkeypatch.setattr("eventwire.ingest._BOMB_FLOOR", 1_000_000)
    path = tmp_path / name
    good = json.dumps({"id": "before", "text": VISIT}).encode() + b"\n"
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(good if name.endswith(".jsonl.gz") else VISIT.encode())
        for _ in range(50):
            out.write(bytes(1 << 20))
    cap = 200 * path.stat().st_size
    items = read(path)
    assert items[-1] == Rejected(
        str(path),
        f"decompresses to more than {cap:,} bytes (a decompression bomb?); "
        "records before it kept, the rest skipped",
    )
    if name.endswith(".jsonl.gz"):
        assert [i.id for i in items[:-1]] == ["before"]


def test_ingest_compressed_article_within_the_ratio_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr("eventwire.ingest._BOMB_FLOOR", 1_000)
    path = tmp_path / "visit.txt.gz"
    path.write_bytes(gzip.compress(VISIT.encode()))
    [item] = read(path)
    assert item.text == VISIT


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>World Wire</title><link>https://worldwire.example/</link><language>en-us</language>
  <item>
    <title>Lukashenko begins state visit to China</title>
    <link>https://worldwire.example/belarus-china</link>
    <guid isPermaLink="false">ww-2023-0228-1</guid>
    <pubDate>Tue, 28 Feb 2023 09:30:00 +0300</pubDate>
    <description>Short teaser.</description>
    <content:encoded><![CDATA[<p>Belarusian President Aleksandr Lukashenko arrived in
    Beijing on Tuesday.</p><p>He is expected to meet Xi Jinping.</p>]]></content:encoded>
  </item>
  <item>
    <title>Blinken heads to Astana</title>
    <link>https://worldwire.example/blinken-astana</link>
    <guid>https://worldwire.example/blinken-astana</guid>
    <pubDate>Mon, 27 Feb 2023 23:30:00 -0500</pubDate>
    <description>&lt;p&gt;Blinken will meet Central Asian foreign ministers.&lt;/p&gt;</description>
  </item>
  <item><title>Photo gallery</title><link>https://worldwire.example/gallery</link></item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Steppe Daily</title>
  <id>urn:uuid:60a76c80-d399-11d9-b91C-0003939e0af6</id>
  <updated>2023-02-28T12:00:00Z</updated>
  <entry>
    <title>Central Asian ministers meet Blinken</title>
    <link href="https://steppe.example/c5-blinken"/>
    <id>tag:steppe.example,2023:c5-blinken</id>
    <published>2023-02-28T10:15:00+06:00</published>
    <updated>2023-02-28T11:00:00+06:00</updated>
    <content type="html">&lt;p&gt;The foreign ministers met in Astana.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Trade corridor talks</title>
    <link href="https://steppe.example/corridor"/>
    <id>tag:steppe.example,2023:corridor</id>
    <updated>2023-02-27T09:00:00Z</updated>
    <summary>Kazakhstan and China discussed the Middle Corridor.</summary>
  </entry>
</feed>
"""


def test_ingest_rss(tmp_path):
    path = tmp_path / "worldwire.rss"
    path.write_text(RSS, encoding="utf-8")
    first, second, third = read(path)
    assert first.origin == f"{path}#item-1"
    assert (first.id, first.outlet, first.language) == ("ww-2023-0228-1", "World Wire", "en-us")
    assert first.url == "https://worldwire.example/belarus-china"
    assert first.published == "2023-02-28T09:30:00+03:00"
    # the full content:encoded, not the teaser in <description>
    assert "Lukashenko arrived in" in first.html and "Xi Jinping" in first.html
    assert second.html == "<p>Blinken will meet Central Asian foreign ministers.</p>"
    assert second.published == "2023-02-27T23:30:00-05:00"
    assert third == Rejected(f"{path}#item-3", "feed item has no content or summary")


def test_ingest_atom(tmp_path):
    path = tmp_path / "steppe.atom"
    path.write_text(ATOM, encoding="utf-8")
    first, second = read(path)
    assert (first.origin, first.outlet) == (f"{path}#item-1", "Steppe Daily")
    assert first.id == "tag:steppe.example,2023:c5-blinken"
    assert (first.url, first.published) == (
        "https://steppe.example/c5-blinken",
        "2023-02-28T10:15:00+06:00",
    )
    assert first.html == "<p>The foreign ministers met in Astana.</p>"
    assert second.published == "2023-02-27T09:00:00+00:00"
    assert second.text == "Kazakhstan and China discussed the Middle Corridor."  # type="text"
    assert second.html is None


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            RSS.replace("<title>World Wire</title>", "<title>World & Wire</title>"),
            "not valid XML at line 4 (not well-formed (invalid token))",
        ),
        (
            '<?xml version="1.0"?>\n<urlset><url><loc>https://e.example/</loc></url></urlset>\n',
            "not an RSS or Atom feed",
        ),
    ],
)
def test_ingest_feed_that_is_not_a_feed(tmp_path, content, reason):
    (tmp_path / "feed.xml").write_text(content, encoding="utf-8")
    (tmp_path / "good.txt").write_text(VISIT, encoding="utf-8")
    bad, good = read(tmp_path)
    assert bad == Rejected(str(tmp_path / "feed.xml"), reason)
    assert good.text == VISIT


def write_warc(path: Path, pages: list[tuple[str, str, str]]) -> list[int]:
    """Write (url, content type, body) responses, each after its request; the offsets."""
    offsets = []
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=str(path).endswith(".gz"))
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for url, ctype, body in pages:
            request = StatusAndHeaders(
                "GET / HTTP/1.1", [("Host", "e.example")], is_http_request=True
            )
            writer.write_record(
                writer.create_warc_record(
                    url, "request", payload=io.BytesIO(b""), http_headers=request
                )
            )
            offsets.append(out.tell())
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            payload = io.BytesIO(body.encode("utf-8"))
            writer.write_record(
                writer.create_warc_record(url, "response", payload=payload, http_headers=headers)
            )
    return offsets


PAGES = [
    (
        "https://worldwire.example/belarus-china",
        "text/html; charset=utf-8",
        html_page("Lukashenko in Beijing", VISIT),
    ),
    ("https://worldwire.example/logo.png", "image/png", "PNG-ish"),
    ("https://worldwire.example/blinken-astana", "text/html", html_page("Blinken", ASTANA)),
    ("https://worldwire.example/sanctions", "text/html", html_page("Sanctions", SANCTIONS)),
]


def test_ingest_warc(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, PAGES)
    items = read(path)
    assert [(r.origin, r.url) for r in items] == [
        (f"{path}#record-3", "https://worldwire.example/belarus-china"),
        (f"{path}#record-7", "https://worldwire.example/blinken-astana"),
        (f"{path}#record-9", "https://worldwire.example/sanctions"),
    ]
    assert "Lukashenko arrived in Beijing" in items[0].html


def test_ingest_warc_truncated_keeps_records_before(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    offsets = write_warc(path, PAGES)
    path.write_bytes(path.read_bytes()[: offsets[3] + 200])  # cut inside the last response
    items = read(path)
    assert [r.url for r in items[:-1]] == [
        "https://worldwire.example/belarus-china",
        "https://worldwire.example/blinken-astana",
    ]
    assert items[-1] == Rejected(
        f"{path}#record-9",
        f"archive is truncated or corrupt after record 8 (byte {offsets[3]:,} of "
        f"{offsets[3] + 200:,}); the rest is skipped",
    )


def test_ingest_directory_recursion_and_order(tmp_path):
    for name in [
        "b.txt",
        "a.txt",
        "sub/c.txt",
        "sub/deeper/d.txt",
        "z.txt",
        "sub/.hidden.txt",
        ".git/config.txt",
        "README.md",
        "LICENSE",
        "sub/README.txt",
    ]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(VISIT, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"title": "A"}', encoding="utf-8")
    items = read(tmp_path)
    assert origins(items, tmp_path) == ["a.txt", "b.txt", "sub/c.txt", "sub/deeper/d.txt", "z.txt"]
    assert items[0].title == "A"
    assert read(tmp_path) == items  # deterministic


def test_ingest_glob_and_duplicate_paths(tmp_path):
    for name in ["x/one.jsonl", "x/two.jsonl", "y/three.jsonl", "y/notes.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(json.dumps({"id": name, "text": VISIT}) + "\n")
    items = read(tmp_path / "**" / "*.jsonl", tmp_path / "x" / "one.jsonl")
    assert [r.id for r in items] == ["x/one.jsonl", "x/two.jsonl", "y/three.jsonl"]
    assert read(tmp_path / "*.csv") == [
        Rejected(str(tmp_path / "*.csv"), "no file matches this pattern")
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            (json.dumps({"id": "s1", "text": VISIT}) + "\n{oops\n").encode(),
            [
                "s1",
                Rejected(
                    "<stdin>:2",
                    "invalid JSON: Expecting property name enclosed in double quotes at column 2",
                ),
            ],
        ),
        (VISIT.encode(), [VISIT]),
        (html_page("Visit", VISIT).encode(), ["html"]),
        (
            RSS.encode(),
            [
                "ww-2023-0228-1",
                "https://worldwire.example/blinken-astana",
                Rejected("<stdin>#item-3", "feed item has no content or summary"),
            ],
        ),
    ],
)
def test_ingest_stdin(monkeypatch, data, expected):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    items = read("-")
    summary = [
        item if isinstance(item, Rejected) else item.id or ("html" if item.html else item.text)
        for item in items
    ]
    assert summary == expected


def test_ingest_missing_path():
    assert read("/no/such/news.txt") == [Rejected("/no/such/news.txt", "no such file or directory")]


# -- bad input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.jsonl", b"\n\n  \n", "empty file"),
        (
            "photo.txt",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
            "binary file, not text",
        ),
        ("controls.html", bytes(range(1, 9)) * 100, "binary file, not text"),
        (
            "garbled.txt",
            b"Minsk, 28 Feb. " + random.Random(3).randbytes(2000).translate(HIGH_BYTES),
            "not valid UTF-8 and no other encoding fits (first bad byte at offset 15)",
        ),
    ],
)
def test_ingest_bad_file_is_rejected_and_the_rest_goes_on(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "zz-good.txt").write_text(VISIT, encoding="utf-8")
    bad, good = read(tmp_path)
    assert bad == Rejected(str(tmp_path / name), reason)
    assert good.text == VISIT


ACCENTED = (
    "Belarus\u2019s President Lukashenko called the \u201cstrategic partnership\u201d with "
    "China \u201cunbreakable\u201d \u2014 a phrase he used at the caf\u00e9-style summit in "
    "Beijing.\n"
)


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-16-le", "utf-8-sig"])
def test_ingest_other_encodings_decoded_right(tmp_path, encoding):
    (tmp_path / "article.txt").write_bytes(ACCENTED.encode(encoding))
    (tmp_path / "page.html").write_bytes(html_page("Visit", ACCENTED).encode(encoding))
    article, page = read(tmp_path / "article.txt", tmp_path / "page.html")
    assert article.text == ACCENTED
    assert ACCENTED.strip() in page.html


def test_ingest_enormous_jsonl_line_is_rejected_without_loading_it(tmp_path):
    path = tmp_path / "huge.jsonl"
    size = 50 * 1024 * 1024
    with open(path, "wb") as out:
        out.write(json.dumps({"id": "before", "text": VISIT}).encode() + b"\n")
        head, tail = b'{"id": "huge", "text": "', b'"}'
        out.write(head)
        remaining = size - len(head) - len(tail)
        block = b"Minsk " * (1 << 16)
        while remaining > 0:
            out.write(block[:remaining])
            remaining -= min(len(block), remaining)
        out.write(tail + b"\n")
        out.write(json.dumps({"id": "after", "text": ASTANA}).encode() + b"\n")
    tracemalloc.start()
    try:
        before, huge, after = read(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024  # bounded reads: the 50 MB line is never held at once
    assert huge == Rejected(
        f"{path}:2", "record of 52,428,800 bytes exceeds the 5,000,000-byte limit"
    )
    assert (before.id, after.id, after.origin) == ("before", "after", f"{path}:3")


def test_ingest_oversized_text_file_and_small_limit(tmp_path):
    (tmp_path / "long.txt").write_text(VISIT * 100, encoding="utf-8")
    [item] = read(tmp_path / "long.txt", max_record_bytes=1000)
    assert item.reason == f"record of {len(VISIT) * 100:,} bytes exceeds the 1,000-byte limit"


def test_ingest_sidecar_is_not_an_input_but_a_broken_one_rejects_its_article(tmp_path):
    (tmp_path / "visit.txt").write_text(VISIT, encoding="utf-8")
    (tmp_path / "visit.meta.json").write_text('{"published": "2023-02-28",}', encoding="utf-8")
    [item] = read(tmp_path)
    assert item.origin == str(tmp_path / "visit.txt")
    assert item.reason.startswith(
        "cannot read its sidecar visit.meta.json (Expecting property name"
    )


def _as_seen(item) -> tuple:
    return (type(item).__name__, item.origin, getattr(item, "text", None), item.reason
            if isinstance(item, Rejected) else None)  # fmt: skip


def test_ingest_jsonl_parts_read_every_line_once_as_the_whole_file_does(tmp_path):
    rnd = random.Random(5)
    lines = []
    for i in range(60):
        kind = rnd.choice(["ok", "ok", "ok", "blank", "bad", "huge", "crlf"])
        record = json.dumps({"id": f"r{i}", "text": f"Record {i}. " * rnd.randint(1, 30)})
        lines.append(
            {
                "ok": record,
                "blank": "  ",
                "bad": "{not json",
                "crlf": record + "\r",
                "huge": json.dumps({"text": "x" * 3_000}),
            }[kind]  # fmt: skip
        )
    path = tmp_path / "wire.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode("utf-8"))  # BOM, no final \n
    whole = [_as_seen(i) for i in iter_inputs([str(path)], max_record_bytes=2_000)]
    for part_bytes in (1, 300, 2_000, 10**6):
        parts = jsonl_parts(path, part_bytes)
        assert parts[0][0] == 0 and parts[-1][1] is None
        assert all(a[1] == b[0] for a, b in zip(parts, parts[1:], strict=False))  # contiguous
        read = [
            (n, _as_seen(item))
            for part in parts
            for n, item in iter_jsonl_part(path, *part, max_record_bytes=2_000)
        ]
        assert [seen for _, seen in read] == whole, part_bytes
        numbers = [n for n, _ in read]
        assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert len(jsonl_parts(path, 300)) > 10


def test_ingest_jsonl_parts_keep_a_binary_or_empty_file_whole(tmp_path):
    binary = tmp_path / "b.jsonl"
    binary.write_bytes(bytes(range(256)) * 40)
    assert jsonl_parts(binary, 100) == [(0, None, 0)]
    [(_, item)] = list(iter_jsonl_part(binary, 0, None, 0, max_record_bytes=1_000))
    assert item.reason == "binary file, not text"
    empty = tmp_path / "e.jsonl"
    empty.write_bytes(b"")
    assert [i.reason for _, i in iter_jsonl_part(empty, 0, None, 0, max_record_bytes=10)] == [
        "empty file"
    ]

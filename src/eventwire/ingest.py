"""Ingest: turn paths (files, directories, globs, ``-`` for stdin) into RawRecords.

Readers by file name (``.gz`` is decompressed on the fly); numbers in origins count from 1:
``.txt`` one article, with ``---`` front matter or a ``name.meta.json`` sidecar (front
matter wins); ``.html``/``.htm`` one page; ``.json`` an object or a list (``path#N``);
``.jsonl`` one object per line, streamed (``path:LINE``); ``.xml``/``.rss``/``.atom`` a feed
(``path#item-N``); ``.warc(.gz)`` each HTML 2xx response (``path#record-N`` counts every WARC
record; other records are not articles and are skipped silently). Any other name, and
stdin, is sniffed: WARC, JSON lines, JSON, feed, HTML, else plain text.

Bad input never raises: it becomes a :class:`Rejected` with a one-line reason and the
batch goes on. Decisions:

* JSON metadata of the wrong type (``"published": 12``) is dropped and the record kept:
  metadata never costs an article (an integer ``id`` becomes a string). A missing, empty
  or non-string ``text``/``html`` rejects the record; so does an unreadable sidecar, as
  its metadata (the date) was asked for explicitly.
* Dates pass through as written; feed dates become ISO datetimes in their own zone.
* Directories and globs skip hidden files, sidecars and README/LICENSE files; a file
  reached twice is read once.
* .txt/.html files are capped at ``max_record_bytes``, .json files and feeds at
  ``_MANY_RECORDS`` times that; JSONL lines are read with bounded reads, so an enormous
  line is measured and skipped, never loaded. A feed that is not well-formed XML is
  rejected whole; a truncated WARC or gzip keeps the records before the damage.
"""

from __future__ import annotations

import glob
import gzip
import io
import json
import os
import re
import stat
import sys
import xml.parsers.expat
import zlib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO, Any

import charset_normalizer
import feedparser
from warcio.archiveiterator import ArchiveIterator

from eventwire.records import RawRecord, Rejected

__all__ = ["iter_inputs"]

Item = RawRecord | Rejected

_EXTENSIONS = {
    ".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".xml": "feed", ".rss": "feed", ".atom": "feed", ".warc": "warc",
}  # fmt: skip
_MANY_RECORDS = 20  # a .json or feed file may be this many times max_record_bytes
_SKIPPED_NAMES = ("README", "LICENSE", "LICENCE")
_META_KEYS = ("id", "title", "url", "outlet", "published", "language")
_WRAPPER_KEYS = ("articles", "items", "records", "documents", "data")  # {"articles": [...]}
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff",
         "utf-32-be"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))  # fmt: skip
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0c\x1b") + b"\x7f"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_FRONT_LINE = re.compile(r"\s*([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*")
_CHUNK = 1 << 20
# Decompression bombs: a .gz file may expand to this many times its size, and beyond that
# only up to the floor (a .json file's cap); past both it is cut off with a reason.
_BOMB_RATIO = 200
_BOMB_FLOOR = 100_000_000
_JSON_TYPES = {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
               type(None): "null", int: "a number", float: "a number"}  # fmt: skip


def iter_inputs(
    paths: Iterable[str], *, published: str | None = None, max_record_bytes: int = 5_000_000
) -> Iterator[RawRecord | Rejected]:
    """Yield one RawRecord per article found under ``paths``, or a Rejected saying why not.

    ``paths`` holds files, directories (read recursively in sorted order), glob
    patterns and ``-`` for stdin. ``published`` is the publication date given to
    plain-text articles that carry none of their own. No record is ever larger
    than ``max_record_bytes``; bigger ones are rejected without being loaded.

    >>> for item in iter_inputs(["news/"], published="2023-02-28"): ...
    """
    seen: set[str] = set()
    for arg in paths:
        if arg == "-":
            yield from _read_stdin(published, max_record_bytes)
            continue
        files = _expand(arg)
        if isinstance(files, Rejected):
            yield files
        for file in files if isinstance(files, list) else []:
            if (key := os.path.realpath(file)) not in seen:
                seen.add(key)
                yield from _read_file(file, published, max_record_bytes)


# -- finding files -------------------------------------------------------------------


def _expand(arg: str) -> list[Path] | Rejected:
    """The files a path argument stands for, in reading order."""
    path = Path(arg)
    if path.is_dir():
        return _walk(path)
    if path.exists():
        return [path]  # named explicitly: read whatever its name
    if not glob.has_magic(arg):
        return Rejected(arg, "no such file or directory")
    files: list[Path] = []
    for match in map(Path, sorted(glob.glob(arg, recursive=True))):
        files.extend(_walk(match) if match.is_dir() else [match] if _wanted(match.name) else [])
    return files or Rejected(arg, "no file matches this pattern")


def _wanted(name: str) -> bool:
    """Whether a file met in a directory or glob is an input (see the module docstring)."""
    skipped = name.split(".")[0].upper() in _SKIPPED_NAMES
    return not (skipped or name.startswith(".") or name.lower().endswith(".meta.json"))


def _walk(root: Path) -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        found.extend(Path(dirpath, name) for name in filenames if _wanted(name))
    return sorted(found, key=lambda p: p.relative_to(root).parts)


def _kind_of(name: str) -> tuple[str | None, bool]:
    """(reader kind or None to sniff, whether gzip-compressed) from a file name."""
    lowered = name.lower()
    if lowered.endswith((".warc", ".warc.gz")):
        return "warc", False  # warcio reads per-record gzip members itself
    if lowered.endswith(".meta.json"):
        return "sidecar", False
    compressed = lowered.endswith(".gz")
    return _EXTENSIONS.get(os.path.splitext(lowered.removesuffix(".gz"))[1]), compressed


def _sniff(head: bytes) -> str:
    """Guess the reader for unnamed input from its first bytes."""
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    lowered = start[:4096].lower()
    if start.startswith(b"{"):  # JSON lines, unless a complete first line is not an object
        first_line, newline, _ = start.partition(b"\n")
        return (
            "json"
            if newline and _loads(first_line.decode("utf-8", "replace"), True)[1]
            else "jsonl"
        )
    if lowered.startswith(b"<?xml"):
        return "html" if b"<html" in lowered else "feed"
    kinds = {b"WARC/": "warc", b"[": "json", b"<rss": "feed", b"<feed": "feed", b"<rdf": "feed"}
    kind = next((k for prefix, k in kinds.items() if lowered.startswith(prefix.lower())), None)
    return kind or ("html" if start.startswith(b"<") else "text")


# -- opening -------------------------------------------------------------------------


def _read_file(path: Path, published: str | None, limit: int) -> Iterator[Item]:
    name = str(path)
    kind, compressed = _kind_of(path.name)
    if kind == "sidecar":
        yield Rejected(name, "a .meta.json sidecar, not an article (it is read with its .txt)")
        return
    try:
        info = path.stat()
        size = info.st_size if stat.S_ISREG(info.st_mode) else None
        if size == 0:
            yield Rejected(name, "empty file")
            return
        with gzip.open(path, "rb") if compressed else open(path, "rb") as stream:
            if compressed:
                stream = _BombGuard(stream, max(_BOMB_FLOOR, _BOMB_RATIO * info.st_size))
            if kind is None:
                kind = _sniff(stream.read(4096))
                stream.seek(0)
            size = None if compressed else size
            yield from _read_stream(kind, stream, name, path, published, limit, size)
    except (OSError, EOFError, zlib.error) as exc:
        yield Rejected(name, _os_reason(exc))


def _read_stdin(published: str | None, limit: int) -> Iterator[Item]:
    name = "<stdin>"
    raw = getattr(sys.stdin, "buffer", None) or io.BytesIO(sys.stdin.read().encode("utf-8"))
    try:
        stream: IO[bytes] = io.BufferedReader(raw)  # type: ignore[arg-type]
        if stream.peek(2)[:2] == b"\x1f\x8b":
            stream = gzip.GzipFile(fileobj=stream)
        head = stream.peek(4096)[:4096]
        if not head:
            yield Rejected(name, "empty input")
            return
        yield from _read_stream(_sniff(head), stream, name, None, published, limit, None)
    except (OSError, EOFError, zlib.error) as exc:
        yield Rejected(name, _os_reason(exc))


class DecompressionBomb(OSError):
    """A compressed input expands far more than any real one does."""


class _BombGuard:
    """A decompressing stream that stops after ``cap`` bytes (see ``_BOMB_RATIO``)."""

    def __init__(self, stream: IO[bytes], cap: int) -> None:
        self._stream, self._cap, self._total = stream, cap, 0

    def _count(self, data: bytes) -> bytes:
        self._total += len(data)
        if self._total > self._cap:
            raise DecompressionBomb(
                f"decompresses to more than {self._cap:,} bytes (a decompression bomb?); "
                "records before it kept, the rest skipped"
            )
        return data

    def read(self, size: int = -1) -> bytes:
        return self._count(self._stream.read(size))

    def readline(self, size: int = -1) -> bytes:
        return self._count(self._stream.readline(size))

    def seek(self, offset: int, whence: int = 0) -> int:
        if (offset, whence) == (0, 0):
            self._total = 0
        return self._stream.seek(offset, whence)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _one_line(exc: BaseException) -> str:
    """An exception as a short single line for a reason."""
    text = " ".join(str(exc).split())[:200]
    return text or type(exc).__name__


def _os_reason(exc: BaseException) -> str:
    if isinstance(exc, FileNotFoundError | PermissionError):
        return "no such file or directory" if exc.errno == 2 else "permission denied"
    if isinstance(exc, DecompressionBomb):
        return str(exc)
    if isinstance(exc, EOFError):
        return "compressed data ends early (truncated file); records before it kept"
    if isinstance(exc, gzip.BadGzipFile | zlib.error):
        return f"corrupt compressed data ({exc})"
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _read_stream(
    kind: str,
    stream: IO[bytes],
    name: str,
    path: Path | None,
    published: str | None,
    limit: int,
    size: int | None,
) -> Iterator[Item]:
    if kind == "jsonl":
        yield from _jsonl_records(stream, name, limit)
    elif kind == "warc":
        yield from _warc_records(stream, name, limit, size)
    else:
        cap = limit * _MANY_RECORDS if kind in ("json", "feed") else limit
        data, total = _read_capped(stream, cap, size)
        if total > cap:
            yield _too_big(name, total, cap, "record" if cap == limit else f"{kind} file")
        elif not data.strip():
            yield Rejected(name, "empty file")
        elif kind == "json":
            yield from _json_records(data, name, limit)
        elif kind == "feed":
            yield from _feed_records(data, name)
        elif kind == "html":
            text, reason = _decode(data, _declared_charset(data))
            yield Rejected(name, reason) if text is None else RawRecord(origin=name, html=text)
        else:
            yield _text_record(data, name, path, published)


def _too_big(origin: str, size: int, limit: int, what: str = "record") -> Rejected:
    return Rejected(origin, f"{what} of {size:,} bytes exceeds the {limit:,}-byte limit")


def _read_capped(stream: IO[bytes], cap: int, size: int | None) -> tuple[bytes, int]:
    """Read at most ``cap`` bytes; past that return (b"", total size) without keeping it."""
    if size is not None and size > cap:
        return b"", size
    data = stream.read(cap + 1)
    if len(data) <= cap:
        return data, len(data)
    return b"", len(data) + _drain(stream)


# -- decoding ------------------------------------------------------------------------


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > 0.1 * len(sample)


def _try(data: bytes, encoding: str | None) -> str | None:
    try:
        return data.decode(encoding) if encoding else None
    except (LookupError, UnicodeDecodeError):
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """ASCII-heavy UTF-16 text has a NUL in every other byte: try to read it so."""
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if half < 8 or max(even, odd) < 0.4 * half or min(even, odd) > 0.05 * half:
        return None
    return _try(data, "utf-16-le" if odd > even else "utf-16-be")


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _decode(data: bytes, declared: str | None = None) -> tuple[str | None, str | None]:
    """(text, None) or (None, reason). Order: BOM, UTF-8, declared charset, nearly-UTF-8,
    then charset_normalizer (preferring cp1252, the usual non-UTF-8 English encoding)."""
    bom, encoding = next(((b, e) for b, e in _BOMS if data.startswith(b)), (b"", None))
    if (text := _try(data[len(bom) :], encoding)) is not None:
        return text, None
    if b"\x00" in data[:4096] and (text := _utf16_without_bom(data)) is not None:
        return text, None
    if _looks_binary(data):
        return None, "binary file, not text"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    if (text := _try(data, declared)) is not None:
        return text, None
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    if len(text) - len(text.encode("ascii", "ignore")) - bad >= 3 * bad:  # a few stray bytes
        return text, None
    match = charset_normalizer.from_bytes(data).best()
    if match is not None:
        cp1252 = _try(data, "cp1252") if "cp1252" in match.could_be_from_charset else None
        return (str(match) if cp1252 is None else cp1252), None
    return None, f"not valid UTF-8 and no other encoding fits (first bad byte at offset {bad_at})"


# -- readers -------------------------------------------------------------------------


def _metadata(obj: dict[str, Any]) -> dict[str, str]:
    """The known metadata fields of a JSON object; wrong types are dropped (module doc)."""
    meta = {}
    for key in _META_KEYS:
        value = obj.get(key)
        if key == "id" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and value.strip():
            meta[key] = value.strip()
    return meta


def _json_record(obj: object, origin: str, limit: int) -> Item:
    if not isinstance(obj, dict):
        return Rejected(origin, f"record is {_JSON_TYPES[type(obj)]}, not a JSON object")
    for key in ("text", "html"):
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            if len(value) * 4 > limit and (size := len(value.encode("utf-8", "replace"))) > limit:
                return _too_big(origin, size, limit)
            return RawRecord(origin=origin, **{key: value}, **_metadata(obj))
    present = [key for key in ("text", "html") if key in obj]
    if not present:
        return Rejected(origin, "record has no 'text' or 'html' field")
    key, value = present[0], obj[present[0]]
    what = "empty" if isinstance(value, str) else f"{_JSON_TYPES[type(value)]}, not a string"
    return Rejected(origin, f"record's '{key}' field is {what}")


def _loads(text: str, one_line: bool) -> tuple[Any, str | None]:
    """(the JSON value, None) or (None, why it is not JSON)."""
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        where = "" if one_line else f" line {exc.lineno}"
        return None, f"invalid JSON: {exc.msg} at{where} column {exc.colno}"
    except RecursionError:
        return None, "invalid JSON: nested too deeply"


def _json_records(data: bytes, name: str, limit: int) -> Iterator[Item]:
    text, reason = _decode(data)
    doc, reason = _loads(text, False) if text is not None else (None, reason)
    if reason:
        yield Rejected(name, reason)
        return
    if isinstance(doc, dict) and "text" not in doc and "html" not in doc:
        lists = [doc[k] for k in _WRAPPER_KEYS if isinstance(doc.get(k), list)]
        doc = lists[0] if lists else doc
    if isinstance(doc, list):
        for number, obj in enumerate(doc, 1):
            yield _json_record(obj, f"{name}#{number}", limit)
    elif isinstance(doc, dict):
        yield _json_record(doc, name, limit)
    else:
        yield Rejected(name, f"JSON file holds {_JSON_TYPES[type(doc)]}, not objects")


def _skip_line(stream: IO[bytes]) -> int:
    """Read to the end of the current line in bounded chunks; the bytes skipped."""
    skipped = 0
    while chunk := stream.readline(_CHUNK):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            return skipped - (2 if chunk.endswith(b"\r\n") else 1)
    return skipped


def _jsonl_records(stream: IO[bytes], name: str, limit: int) -> Iterator[Item]:
    for _, item in _jsonl_lines(stream, name, limit):
        yield item


def _jsonl_lines(
    stream: IO[bytes], name: str, limit: int, first_line: int = 0, end: int | None = None
) -> Iterator[tuple[int, Item]]:
    """(line number, item) for the lines from the stream's position on; with ``end``
    (a byte offset of a seekable file) only the lines that start before it."""
    lineno, seen_any = first_line, False
    while (end is None or stream.tell() < end) and (line := stream.readline(limit + 2)):
        lineno += 1  # (room above for the record and its "\r\n")
        origin = f"{name}:{lineno}"
        if lineno == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
            if _looks_binary(line[:4096]):
                yield 0, Rejected(name, "binary file, not text")
                return
        body = line.rstrip(b"\r\n")
        if len(body) > limit:
            seen_any = True
            size = len(body) + (0 if line.endswith(b"\n") else _skip_line(stream))
            yield lineno, _too_big(origin, size, limit)
            continue
        if not body.strip():
            continue
        seen_any = True
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            column = exc.start + 1
            reason = f"line is not valid UTF-8 (first bad byte at column {column})"
            yield lineno, Rejected(origin, reason)
            continue
        obj, reason = _loads(text, True)
        yield lineno, Rejected(origin, reason) if reason else _json_record(obj, origin, limit)
    if not seen_any and first_line == 0 and end is None:  # a part of a file: not known here
        yield 0, Rejected(name, "empty file")


def jsonl_parts(path: str | Path, part_bytes: int) -> list[tuple[int, int | None, int]]:
    """Byte ranges of about ``part_bytes`` of an uncompressed JSONL file, each
    starting at a line start: (start, end or None for the end of the file, lines
    before ``start``), for ``iter_jsonl_part``. One pass, bounded reads; a binary
    file is one part (its reader rejects it once)."""
    parts: list[tuple[int, int | None, int]] = []
    start = pos = first = lineno = 0
    with open(path, "rb") as stream:
        if _looks_binary(stream.read(4096).removeprefix(b"\xef\xbb\xbf")):
            return [(0, None, 0)]
        stream.seek(0)
        while chunk := stream.readline(_CHUNK):
            pos += len(chunk)
            if chunk.endswith(b"\n"):
                lineno += 1
                if pos - start >= part_bytes:
                    parts.append((start, pos, first))
                    start, first = pos, lineno
    if pos > start or not parts:
        parts.append((start, None, first))
    return parts


def iter_jsonl_part(
    path: str | Path, start: int, end: int | None, first_line: int, *, max_record_bytes: int
) -> Iterator[tuple[int, RawRecord | Rejected]]:
    """(line number, record or rejection) for the lines of a JSONL file that start
    in [start, end), read as ``iter_inputs`` reads the whole file (``jsonl_parts``
    cuts a file so that every line is in exactly one part)."""
    name = str(path)
    try:
        with open(path, "rb") as stream:
            stream.seek(start)
            yield from _jsonl_lines(stream, name, max_record_bytes, first_line, end)
    except OSError as exc:
        yield 0, Rejected(name, _os_reason(exc))


def _text_record(data: bytes, name: str, path: Path | None, published: str | None) -> Item:
    text, reason = _decode(data)
    if text is None:
        return Rejected(name, reason or "cannot decode")
    if not text.strip():
        return Rejected(name, "empty file")
    meta: dict[str, str] = {}
    if path is not None:
        base = path.name.removesuffix(".gz")
        sidecar = path.with_name(os.path.splitext(base)[0] + ".meta.json")
        if sidecar.is_file():
            try:
                obj = json.loads(sidecar.read_bytes()[:_CHUNK])
            except (OSError, ValueError) as exc:
                return Rejected(name, f"cannot read its sidecar {sidecar.name} ({exc})")
            if not isinstance(obj, dict):
                return Rejected(name, f"its sidecar {sidecar.name} is not a JSON object")
            meta = _metadata({"published": obj.get("date"), **obj})
    match = _FRONT_MATTER.match(text)
    if match:
        lines = [line for line in match.group(1).splitlines() if line.strip()]
        fields = [_FRONT_LINE.fullmatch(line) for line in lines]
        if all(fields):
            pairs = {f.group(1).lower(): f.group(2).strip("\"'") for f in fields if f}
            pairs.setdefault("published", pairs.get("date", ""))
            meta.update(_metadata(pairs))
            text = text[match.end() :]
    meta.setdefault("published", published or "")
    return RawRecord(origin=name, text=text, **{k: v for k, v in meta.items() if v})


def _entry_date(entry: Any) -> str | None:
    """The entry's date as an ISO string in the zone it was written in."""
    for key in ("published", "updated", "created"):
        for parse in (datetime.fromisoformat, parsedate_to_datetime):
            try:
                return parse(entry.get(key)).isoformat()
            except (TypeError, ValueError):
                continue
        if parsed := entry.get(f"{key}_parsed"):  # feedparser's reading, in UTC
            return datetime(*parsed[:6], tzinfo=UTC).isoformat()
    return None


def _feed_records(data: bytes, name: str) -> Iterator[Item]:
    parser = xml.parsers.expat.ParserCreate()
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        message = xml.parsers.expat.ErrorString(exc.code)
        yield Rejected(name, f"not valid XML at line {exc.lineno} ({message})")
        return
    parsed = feedparser.parse(data)
    if not parsed.get("version"):
        yield Rejected(name, "not an RSS or Atom feed")
        return
    outlet = parsed.feed.get("title") or None
    language = parsed.feed.get("language") or None
    for number, entry in enumerate(parsed.entries, 1):
        origin = f"{name}#item-{number}"
        parts = [*entry.get("content", []), entry.get("summary_detail") or {}]
        part = next((p for p in parts if (p.get("value") or "").strip()), None)
        if part is None:
            yield Rejected(origin, "feed item has no content or summary")
            continue
        field = "text" if part.get("type") == "text/plain" else "html"
        yield RawRecord(
            origin=origin,
            **{field: part["value"]},
            id=entry.get("id") or None,
            title=entry.get("title") or None,
            url=entry.get("link") or None,
            outlet=outlet,
            published=_entry_date(entry),
            language=language,
        )


def _drain(stream: Any) -> int:
    total = 0
    while chunk := stream.read(_CHUNK):
        total += len(chunk)
    return total


def _cut_short(record: Any, origin: str) -> Rejected | None:
    """A reason when the archive ends inside this (drained) record, whatever its type."""
    headers = record.rec_headers
    if getattr(record.raw_stream, "limit", 0) > 0 or not headers.get_header("Content-Length"):
        return Rejected(origin, "record is cut short (the archive ends inside it)")
    return None


def _warc_record(record: Any, origin: str, limit: int) -> Item | None:
    """A RawRecord for an HTML response, None for records that are not articles."""
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    ctype = (headers.get_header("Content-Type") or "") if headers else ""
    status = headers.get_statuscode() if record.rec_type == "response" and headers else "200"
    wanted = record.rec_type in ("response", "resource") and status.startswith("2")
    if not (wanted and ctype.lower().startswith(("text/html", "application/xhtml"))):
        _drain(record.raw_stream)
        return _cut_short(record, origin)
    content = record.content_stream()
    body = content.read(limit + 1)
    if len(body) > limit:
        size = len(body) + _drain(content)
        return _too_big(origin, size, limit)
    _drain(record.raw_stream)
    if cut := _cut_short(record, origin):
        return cut
    if not body.strip():
        return Rejected(origin, "empty response body")
    charset = re.search(r"charset=([\w.:-]+)", ctype, re.I)
    html, reason = _decode(body, charset.group(1) if charset else _declared_charset(body))
    if html is None:
        return Rejected(origin, reason or "cannot decode")
    url = record.rec_headers.get_header("WARC-Target-URI") or None
    return RawRecord(origin=origin, html=html, url=url)


def _gzip_cut_at(stream: IO[bytes], offset: int) -> int | None:
    """Where a gzip member cut short starts, reading members from ``offset`` to the end
    (warcio stops silently at one); None when they are whole or the data is not gzip."""
    stream.seek(offset)
    if stream.read(2) != b"\x1f\x8b":
        return None
    stream.seek(offset)
    pending, start = b"", offset
    while True:
        inflater = zlib.decompressobj(31)
        while not inflater.eof:
            data = pending or stream.read(65536)
            pending = b""
            if not data:
                return start
            while data and not inflater.eof:
                inflater.decompress(data, _CHUNK)
                data = inflater.unconsumed_tail
            pending = inflater.unused_data
        start = stream.tell() - len(pending)
        if not pending and not (pending := stream.read(65536)):
            return None
        if not pending.startswith(b"\x1f"):
            return None  # trailing bytes that are not gzip: the tail check below sees them


def _warc_records(stream: IO[bytes], name: str, limit: int, size: int | None) -> Iterator[Item]:
    number = yielded = 0
    iterator = ArchiveIterator(stream)
    try:
        for record in iterator:
            number += 1
            item = _warc_record(record, f"{name}#record-{number}", limit)
            if item is not None:
                yielded += 1
                yield item
    except Exception as exc:  # warcio on untrusted bytes raises more than ArchiveLoadFailed
        where = f"{name}#record-{number + 1}"
        if number == 0:
            yield Rejected(name, f"not a WARC archive ({_one_line(exc)})")
        else:
            yield Rejected(where, f"archive is corrupt after record {number}; the rest is skipped")
        return
    if number == 0:
        yield Rejected(name, "not a WARC archive (no records found)")
    elif size is not None:
        cut_at = _gzip_cut_at(stream, iterator.get_record_offset())
        stream.seek(iterator.offset)
        tail = stream.read(65)
        if cut_at is None and (len(tail) > 64 or tail.strip(b"\r\n\x00 ")):
            cut_at = iterator.offset
        if cut_at is not None:
            yield Rejected(
                f"{name}#record-{number + 1}",
                f"archive is truncated or corrupt after record {number} "
                f"(byte {cut_at:,} of {size:,}); the rest is skipped",
            )
            return
    if yielded == 0:
        yield Rejected(name, f"no HTML response among its {number} WARC records")

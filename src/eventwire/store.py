"""The DuckDB store: documents, events, event actors, mentions, stories, quarantine.

One file holds everything. Writes go in batches, each batch in one transaction,
so a run killed at any point leaves whole documents or none; the next run skips
the documents already stored (by doc_id and by content hash) and goes on.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from .errors import StoreError
from .records import ActorMention, Document, Event, Rejected

SCHEMA_VERSION = 2  # 2: flat location columns (lat, lon, geonameid, precision)
DEFAULT_STORE = Path(os.environ.get("EVENTWIRE_STORE", "out/eventwire.duckdb"))

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR PRIMARY KEY,
    content_hash VARCHAR NOT NULL UNIQUE,
    origin VARCHAR,
    url VARCHAR,
    outlet VARCHAR,
    title VARCHAR,
    published DATE,
    language VARCHAR,
    source_kind VARCHAR,
    duplicate_of VARCHAR,
    story_id VARCHAR,
    text VARCHAR NOT NULL,
    n_events INTEGER,
    ingested_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    story_id VARCHAR,
    type VARCHAR NOT NULL,
    mode VARCHAR,
    context VARCHAR[],
    cameo VARCHAR,
    quad_class INTEGER,
    goldstein DOUBLE,
    modality VARCHAR,
    source_codes VARCHAR[],
    target_codes VARCHAR[],
    attributed_to VARCHAR,
    date_start DATE,
    date_end DATE,
    date_precision VARCHAR,
    date_text VARCHAR,
    location_name VARCHAR,
    location_country VARCHAR,
    location_lat DOUBLE,
    location_lon DOUBLE,
    location_geonameid BIGINT,
    location_precision VARCHAR,
    evidence_sentence VARCHAR,
    evidence_start INTEGER,
    evidence_end INTEGER,
    confidence DOUBLE,
    extractor VARCHAR,
    record JSON
);
CREATE TABLE IF NOT EXISTS event_actors (
    event_id VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    text VARCHAR,
    name VARCHAR,
    country VARCHAR,
    sector VARCHAR,
    kind VARCHAR
);
CREATE TABLE IF NOT EXISTS mentions (
    doc_id VARCHAR NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text VARCHAR,
    name VARCHAR,
    country VARCHAR,
    sector VARCHAR,
    kind VARCHAR
);
CREATE TABLE IF NOT EXISTS stories (
    story_id VARCHAR PRIMARY KEY,
    label VARCHAR,
    first_date DATE,
    last_date DATE,
    n_documents INTEGER
);
CREATE TABLE IF NOT EXISTS quarantine (
    origin VARCHAR PRIMARY KEY,
    reason VARCHAR NOT NULL,
    first_seen TIMESTAMP,
    last_seen TIMESTAMP
);
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY,
    started TIMESTAMP,
    finished TIMESTAMP,
    inputs VARCHAR,
    documents_new INTEGER,
    documents_seen INTEGER,
    events_new INTEGER,
    skipped INTEGER,
    status VARCHAR
);
"""

TABLES = ("documents", "events", "event_actors", "mentions", "stories", "quarantine")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Store:
    """A DuckDB file with eventwire's tables. Use as a context manager."""

    def __init__(self, path: str | Path = DEFAULT_STORE, read_only: bool = False) -> None:
        import duckdb

        self.path = Path(path)
        if read_only and not self.path.exists():
            raise StoreError(f"no store at {self.path}: run 'eventwire run PATH' first")
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise StoreError(
                    f"store {self.path} is in use by another eventwire process; "
                    "wait for it to finish or use another --store"
                ) from exc
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc
        except duckdb.Error as exc:
            raise StoreError(f"cannot open store {self.path}: not a DuckDB file ({exc})") from exc
        try:
            if not read_only:
                self.con.execute(SCHEMA)
            self._check_version(read_only)
        except BaseException:
            self.con.close()  # else the open handle blocks the next open in this process
            raise

    def _check_version(self, read_only: bool) -> None:
        row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            if read_only:
                raise StoreError(f"store {self.path} has no schema version")
            self.con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        elif int(row[0]) != SCHEMA_VERSION:
            raise StoreError(
                f"store {self.path} has schema version {row[0]}, this eventwire writes "
                f"version {SCHEMA_VERSION}: export it with the older version or start a new store"
            )

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reads --------------------------------------------------------------
    def known(self, doc_id: str, content_hash: str) -> bool:
        """Whether this document (same id or same content) is already stored."""
        row = self.con.execute(
            "SELECT 1 FROM documents WHERE doc_id = ? OR content_hash = ? LIMIT 1",
            [doc_id, content_hash],
        ).fetchone()
        return row is not None

    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}

    def query(self, sql: str, params: Sequence | None = None) -> list[tuple]:
        return self.con.execute(sql, params or []).fetchall()

    # -- writes -------------------------------------------------------------
    def write_batch(self, batch: Iterable[tuple[Document, list[Event], list[ActorMention]]]) -> int:
        """Store documents with their events and mentions in one transaction.

        Documents already present are left alone (idempotent). Returns the number
        of new documents.
        """
        docs, events, actors, mentions = [], [], [], []
        now = _now()
        seen: set[str] = set()
        for doc, doc_events, doc_mentions in batch:
            if doc.doc_id in seen or self.known(doc.doc_id, doc.content_hash):
                continue
            seen.add(doc.doc_id)
            doc_row, event_rows, actor_rows, mention_rows = rows_of(
                doc, doc_events, doc_mentions, now
            )
            docs.append(doc_row)
            events += event_rows
            actors += actor_rows
            mentions += mention_rows
        if not docs:
            return 0
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._insert("documents", docs)
            self._insert("events", events)
            self._insert("event_actors", actors)
            self._insert("mentions", mentions)
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        return len(docs)

    def _insert(self, table: str, rows: list[dict]) -> None:
        if not rows:
            return
        columns = [c[0] for c in self.con.execute(f"DESCRIBE {table}").fetchall()]
        arrow = pa.Table.from_pylist([{c: r.get(c) for c in columns} for r in rows])
        self.con.register("_batch", arrow)
        try:
            # event ids are stable, so a re-extracted event is the same row: keep one
            conflict = " ON CONFLICT DO NOTHING" if table == "events" else ""
            cols = ", ".join(columns)
            casts = ", ".join(_cast(c, table) for c in columns)
            self.con.execute(f"INSERT INTO {table} ({cols}) SELECT {casts} FROM _batch{conflict}")
        finally:
            self.con.unregister("_batch")

    def quarantine(self, rejected: Iterable[Rejected]) -> int:
        rows = [(r.origin, r.reason) for r in rejected]
        now = _now()
        for origin, reason in rows:
            self.con.execute(
                "INSERT INTO quarantine VALUES (?, ?, ?, ?) ON CONFLICT (origin) "
                "DO UPDATE SET reason = excluded.reason, last_seen = excluded.last_seen",
                [origin, reason, now, now],
            )
        return len(rows)

    def record_run(
        self, run_id: str, started: datetime, inputs: list[str], stats: dict, status: str
    ) -> None:
        self.con.execute(
            "INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                run_id,
                started,
                _now(),
                json.dumps(inputs),
                stats.get("documents_new", 0),
                stats.get("documents_seen", 0),
                stats.get("events_new", 0),
                stats.get("skipped", 0),
                status,
            ],
        )


_DATE_COLUMNS = {"published", "date_start", "date_end", "first_date", "last_date"}


def _cast(column: str, table: str) -> str:
    if column in _DATE_COLUMNS:
        return f"TRY_CAST({column} AS DATE) AS {column}"
    if table == "events" and column == "record":
        return "CAST(record AS JSON) AS record"
    return column


def rows_of(
    doc: Document, events: list[Event], mentions: list[ActorMention], now: datetime
) -> tuple[dict, list[dict], list[dict], list[dict]]:
    """One document's rows: (document, events, event actors, mentions); the Spark path
    writes the same rows to Parquet."""
    actors = []
    for ev in events:
        for role, group in (("source", ev.source), ("target", ev.target)):
            actors += [_actor_row(ev.event_id, role, i, m) for i, m in enumerate(group)]
        if ev.attributed_to:
            actors.append(_actor_row(ev.event_id, "attributed", 0, ev.attributed_to))
    return (
        _document_row(doc, len(events), now),
        [_event_row(ev) for ev in events],
        actors,
        [_mention_row(doc.doc_id, m) for m in mentions],
    )


def _document_row(doc: Document, n_events: int, now: datetime) -> dict:
    row = doc.to_dict()
    row.update(n_events=n_events, ingested_at=now)
    return row


def _event_row(ev: Event) -> dict:
    record = ev.to_dict()
    return {
        "event_id": ev.event_id,
        "doc_id": ev.doc_id,
        "story_id": ev.story_id,
        "type": ev.type,
        "mode": ev.mode,
        "context": list(ev.context),
        "cameo": ev.cameo,
        "quad_class": ev.quad_class,
        "goldstein": ev.goldstein,
        "modality": ev.modality,
        "source_codes": [m.country or m.text for m in ev.source],
        "target_codes": [m.country or m.text for m in ev.target],
        "attributed_to": (ev.attributed_to.name or ev.attributed_to.text)
        if ev.attributed_to
        else None,
        "date_start": ev.date.start,
        "date_end": ev.date.end,
        "date_precision": ev.date.precision,
        "date_text": ev.date.text,
        "location_name": ev.location.name if ev.location else None,
        "location_country": ev.location.country if ev.location else None,
        "location_lat": ev.location.lat if ev.location else None,
        "location_lon": ev.location.lon if ev.location else None,
        "location_geonameid": ev.location.geonameid if ev.location else None,
        "location_precision": ev.location.precision if ev.location else None,
        "evidence_sentence": ev.evidence.sentence,
        "evidence_start": ev.evidence.start,
        "evidence_end": ev.evidence.end,
        "confidence": ev.confidence,
        "extractor": ev.extractor,
        "record": json.dumps(record, ensure_ascii=False),
    }


def _actor_row(event_id: str, role: str, position: int, m: ActorMention) -> dict:
    return {"event_id": event_id, "role": role, "position": position, **m.to_dict()}


def _mention_row(doc_id: str, m: ActorMention) -> dict:
    return {"doc_id": doc_id, "start_char": m.start, "end_char": m.end, **m.to_dict()}

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
from .records import ActorMention, Document, Event, Rejected, Story

SCHEMA_VERSION = 3  # 2: flat location columns; 3: stories, copies, merged events, framing
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
    ingested_at TIMESTAMP,
    duplicate_similarity DOUBLE,
    tone JSON,
    loaded JSON,
    attribution JSON
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
CREATE TABLE IF NOT EXISTS merged_events (
    merged_id VARCHAR PRIMARY KEY,
    story_id VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    source_codes VARCHAR[],
    target_codes VARCHAR[],
    location VARCHAR,
    mentions INTEGER,
    sources VARCHAR[],
    event_ids VARCHAR[],
    copy_event_ids VARCHAR[],
    evidence JSON,
    dates VARCHAR[],
    modalities VARCHAR[],
    conflicting_dates BOOLEAN,
    conflicting_modalities BOOLEAN
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

TABLES = (
    "documents",
    "events",
    "event_actors",
    "mentions",
    "stories",
    "merged_events",
    "quarantine",
)

# Columns added by each schema version, applied in order when an older store opens.
MIGRATIONS = {
    3: [
        "ALTER TABLE documents ADD COLUMN IF NOT EXISTS duplicate_similarity DOUBLE",
        "ALTER TABLE documents ADD COLUMN IF NOT EXISTS tone JSON",
        "ALTER TABLE documents ADD COLUMN IF NOT EXISTS loaded JSON",
        "ALTER TABLE documents ADD COLUMN IF NOT EXISTS attribution JSON",
    ],
}


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
        elif int(row[0]) < SCHEMA_VERSION and int(row[0]) + 1 in MIGRATIONS:
            if read_only:
                raise StoreError(
                    f"store {self.path} has schema version {row[0]}: run 'eventwire run' "
                    f"on it once to upgrade it to version {SCHEMA_VERSION}"
                )
            self._migrate(int(row[0]))
        elif int(row[0]) != SCHEMA_VERSION:
            raise StoreError(
                f"store {self.path} has schema version {row[0]}, this eventwire writes "
                f"version {SCHEMA_VERSION}: export it with the older version or start a new store"
            )

    def _migrate(self, version: int) -> None:
        """Upgrade an older store in place, one version at a time, in one transaction."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for sql in MIGRATIONS.get(step, []):
                    self.con.execute(sql)
            self.con.execute(
                "UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION)]
            )
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reads --------------------------------------------------------------
    def known(self, doc_id: str, content_hash: str) -> bool:
        """Whether this document (same id or same content) is already stored."""
        # two point lookups, each on its own index (an OR of both scans the table)
        return any(
            self.con.execute(
                f"SELECT 1 FROM documents WHERE {column} = ? LIMIT 1", [value]
            ).fetchone()
            for column, value in (("doc_id", doc_id), ("content_hash", content_hash))
        )

    def stored(self, documents: Sequence[Document]) -> set[str]:
        """The doc ids and content hashes of ``documents`` already stored: one pass
        over the two key columns for a whole batch."""
        if not documents:
            return set()
        rows = self.con.execute(
            "SELECT doc_id, content_hash FROM documents "
            "WHERE doc_id IN (SELECT unnest(?::VARCHAR[])) "
            "OR content_hash IN (SELECT unnest(?::VARCHAR[]))",
            [[d.doc_id for d in documents], [d.content_hash for d in documents]],
        ).fetchall()
        return {key for row in rows for key in row}

    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}

    def query(self, sql: str, params: Sequence | None = None) -> list[tuple]:
        return self.con.execute(sql, params or []).fetchall()

    def stage_records(
        self, where: str, params: Sequence = ()
    ) -> list[tuple[Document, list[Event], list[ActorMention]]]:
        """Stored documents (``where`` a fixed SQL condition on ``documents``) back as
        the records the stages pass: each with its events and actor mentions."""
        rows = self.con.execute(
            "SELECT doc_id, text, content_hash, origin, title, url, outlet, "
            "CAST(published AS VARCHAR), language, source_kind, duplicate_of, story_id "
            f"FROM documents WHERE {where} ORDER BY doc_id",
            list(params),
        ).fetchall()
        if not rows:
            return []
        docs = {
            r[0]: Document(
                *r[:8], language=r[8] or "en", source_kind=r[9], duplicate_of=r[10], story_id=r[11]
            )
            for r in rows
        }
        self.con.register("_ids", pa.table({"doc_id": list(docs)}))
        try:
            events: dict[str, list[Event]] = {d: [] for d in docs}
            for doc_id, record in self.con.execute(
                "SELECT e.doc_id, e.record FROM events e JOIN _ids USING (doc_id) "
                "ORDER BY e.doc_id, e.evidence_start, e.event_id"
            ).fetchall():
                events[doc_id].append(Event.from_dict(json.loads(record)))
            mentions: dict[str, list[ActorMention]] = {d: [] for d in docs}
            for doc_id, start, end, text, name, country, sector, kind in self.con.execute(
                "SELECT m.doc_id, start_char, end_char, text, name, country, sector, kind "
                "FROM mentions m JOIN _ids USING (doc_id) ORDER BY m.doc_id, start_char"
            ).fetchall():
                mentions[doc_id].append(
                    ActorMention(text, start, end, country, name, sector, kind or "state")
                )
        finally:
            self.con.unregister("_ids")
        return [(docs[d], events[d], mentions[d]) for d in docs]

    def unassigned(self) -> list[str]:
        """Ids of the documents the stories stage has not seen yet (no story_id),
        oldest first (undated last), in a fixed order."""
        rows = self.con.execute(
            "SELECT doc_id FROM documents WHERE story_id IS NULL "
            "ORDER BY published NULLS LAST, doc_id"
        ).fetchall()
        return [r[0] for r in rows]

    def records_of(
        self, doc_ids: Sequence[str]
    ) -> list[tuple[Document, list[Event], list[ActorMention]]]:
        """The stored documents with these ids, as stage records."""
        if not doc_ids:
            return []
        return self.stage_records("doc_id IN (SELECT unnest(?))", [list(doc_ids)])

    def story_context(
        self, first: str | None, last: str | None, days: int
    ) -> list[tuple[Document, list[Event], list[ActorMention]]]:
        """Every document of the stories that have a member published within ``days``
        of [first, last] (or undated); all stories when the range is unknown."""
        if first is None or last is None:
            return self.stage_records("story_id IS NOT NULL")
        return self.stage_records(
            "story_id IN (SELECT story_id FROM documents WHERE story_id IS NOT NULL AND "
            "(published IS NULL OR published BETWEEN CAST(? AS DATE) - ? * INTERVAL 1 DAY "
            "AND CAST(? AS DATE) + ? * INTERVAL 1 DAY))",
            [first, days, last, days],
        )

    # -- writes -------------------------------------------------------------
    def write_batch(self, batch: Iterable[tuple[Document, list[Event], list[ActorMention]]]) -> int:
        """Store documents with their events and mentions in one transaction.

        Documents already present are left alone (idempotent). Returns the number
        of new documents.
        """
        docs, events, actors, mentions = [], [], [], []
        now = _now()
        batch = list(batch)
        seen = self.stored([doc for doc, _, _ in batch])
        for doc, doc_events, doc_mentions in batch:
            if doc.doc_id in seen or doc.content_hash in seen:
                continue
            seen.update((doc.doc_id, doc.content_hash))
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

    def write_stories(
        self,
        documents: Sequence[Document],
        stories: Sequence[Story],
        similarity: dict[str, float] | None = None,
        framing: dict[str, dict] | None = None,
    ) -> None:
        """Store the stories stage's results in one transaction: each document's
        story, source kind, copy link (+ similarity) and framing columns, its events'
        story, and the touched stories with their merged events (replaced whole)."""
        updates, story_rows, merged_rows = stories_rows(documents, stories, similarity, framing)
        touched = [st.story_id for st in stories]
        self.con.execute("BEGIN TRANSACTION")
        try:
            if updates:
                self.con.register("_upd", pa.Table.from_pylist(updates))
                try:
                    self.con.execute(
                        "UPDATE documents SET story_id = u.story_id, source_kind = u.source_kind, "
                        "duplicate_of = u.duplicate_of, "
                        "duplicate_similarity = u.duplicate_similarity, "
                        "tone = CAST(u.tone AS JSON), loaded = CAST(u.loaded AS JSON), "
                        "attribution = CAST(u.attribution AS JSON) "
                        "FROM _upd u WHERE documents.doc_id = u.doc_id"
                    )
                    self.con.execute(
                        "UPDATE events SET story_id = u.story_id FROM _upd u "
                        "WHERE events.doc_id = u.doc_id"
                    )
                finally:
                    self.con.unregister("_upd")
            if touched:
                marks = ", ".join("?" * len(touched))
                self.con.execute(f"DELETE FROM merged_events WHERE story_id IN ({marks})", touched)
                self.con.execute(f"DELETE FROM stories WHERE story_id IN ({marks})", touched)
            self._insert("stories", story_rows)
            self._insert("merged_events", merged_rows)
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

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
    if table == "merged_events" and column == "evidence":
        return "CAST(evidence AS JSON) AS evidence"
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


def stories_rows(
    documents: Sequence[Document],
    stories: Sequence[Story],
    similarity: dict[str, float] | None = None,
    framing: dict[str, dict] | None = None,
) -> tuple[list[dict], list[dict], list[dict]]:
    """The stories stage's rows: (document updates, stories, merged events); the Spark
    path writes the same rows to Parquet."""
    similarity, framing = similarity or {}, framing or {}
    updates = [
        {
            "doc_id": d.doc_id,
            "story_id": d.story_id,
            "source_kind": d.source_kind,
            "duplicate_of": d.duplicate_of,
            "duplicate_similarity": similarity.get(d.doc_id),
            "tone": _json(framing.get(d.doc_id, {}).get("tone")),
            "loaded": _json(framing.get(d.doc_id, {}).get("loaded")),
            "attribution": _json(framing.get(d.doc_id, {}).get("attribution")),
        }
        for d in documents
    ]
    story_rows = [
        {
            "story_id": st.story_id,
            "label": st.label,
            "first_date": st.first_date,
            "last_date": st.last_date,
            "n_documents": len(st.doc_ids),
        }
        for st in stories
    ]
    merged_rows = []
    for st in stories:
        for m in st.merged_events:
            row = m.to_dict()
            row["evidence"] = json.dumps(row["evidence"], ensure_ascii=False)
            merged_rows.append(row)
    return updates, story_rows, merged_rows


def _json(value) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


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

"""Parquet tables of the Spark path, and attaching them to a DuckDB store.

``eventwire spark`` writes one directory per table under ``DIR``:
``documents``, ``events``, ``event_actors`` and ``mentions`` partitioned by the
document's publication date (``published=YYYY-MM-DD/``; Spark's
``published=__HIVE_DEFAULT_PARTITION__`` when unknown); ``quarantine`` and, after
the stories stage, ``stories`` and ``merged_events``, flat. Documents and events
carry the columns of ``eventwire export --format parquet`` in that order, then the
other store columns (events: ``context``, ``date_text``, ``record``; documents: the
stories and framing columns) so that an attached store is the same as one filled
by ``eventwire run``.

``attach`` loads such a directory into a store (``eventwire run --from-parquet
DIR``): documents the store already holds (same ``doc_id`` or content hash) are
left alone with their events, actors and mentions, so attaching twice adds nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from .errors import InputError
from .export import DOCUMENT_COLUMNS, EVENT_COLUMNS
from .pipeline import RunResult
from .records import Rejected, stable_hash
from .store import SCHEMA, Store

__all__ = ["PARTITIONED", "attach", "table_columns"]

PARTITIONED = ("documents", "events", "event_actors", "mentions")  # by published date
_NOT_WRITTEN = {"ingested_at"}  # set when a store takes the rows in


@cache
def _store_columns() -> dict[str, tuple[tuple[str, str], ...]]:
    """(name, DuckDB type) of every store table, read from the store's own schema."""
    import duckdb

    con = duckdb.connect()
    try:
        con.execute(SCHEMA)
        names = [row[0] for row in con.execute("SHOW TABLES").fetchall()]
        return {
            name: tuple((c[0], c[1]) for c in con.execute(f"DESCRIBE {name}").fetchall())
            for name in names
        }
    finally:
        con.close()


def table_columns(table: str) -> list[tuple[str, str]]:
    """The Parquet columns of ``table`` as (name, DuckDB type), in file order.

    Documents and events: the export's columns first, then any other store column.
    Partitioned tables of the store without a ``published`` column get one (DATE).
    """
    store = dict(_store_columns()[table])
    first = {"documents": DOCUMENT_COLUMNS, "events": EVENT_COLUMNS}.get(table, "")
    order = [c.strip() for c in first.split(",") if c.strip()]
    order += [c for c in store if c not in order and c not in _NOT_WRITTEN]
    columns = [(name, store[name]) for name in order]
    if table in PARTITIONED and "published" not in store:
        columns.append(("published", "DATE"))
    return columns


def _glob(directory: Path, table: str) -> str | None:
    """A read_parquet pattern for one table's files, or None when it has none."""
    folder = directory / table
    if not folder.is_dir() or not any(folder.rglob("*.parquet")):
        return None
    pattern = "**/*.parquet" if table in PARTITIONED else "*.parquet"
    return str(folder / pattern).replace("'", "''")


def attach(directory: str | Path, store_path: str | Path) -> RunResult:
    """Load the Parquet tables of ``eventwire spark`` into the store at ``store_path``.

    Idempotent: only documents new to the store are inserted, with their events,
    event actors and mentions, in one transaction; quarantined inputs are merged
    into the store's quarantine. Returns the counts as a ``RunResult``.
    """
    directory = Path(directory)
    flat = ("stories", "merged_events", "quarantine")
    sources = {t: _glob(directory, t) for t in (*PARTITIONED, *flat)}
    if sources["documents"] is None:
        raise InputError(
            f"no Parquet documents under {directory / 'documents'}: "
            "give the --out directory of 'eventwire spark'"
        )
    started = datetime.now(UTC).replace(tzinfo=None)
    result = RunResult(store=Path(store_path))
    with Store(store_path) as store:
        con = store.con
        for table, pattern in sources.items():
            if pattern is not None:
                con.execute(
                    f"CREATE OR REPLACE TEMP VIEW pq_{table} AS SELECT * FROM "
                    f"read_parquet('{pattern}', hive_partitioning = true, union_by_name = true)"
                )
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(
                "CREATE OR REPLACE TEMP TABLE pq_new AS SELECT doc_id FROM pq_documents d "
                "WHERE NOT EXISTS (SELECT 1 FROM documents s "
                "WHERE s.doc_id = d.doc_id OR s.content_hash = d.content_hash)"
            )
            new = "doc_id IN (SELECT doc_id FROM pq_new)"
            result.documents_new = _insert(con, "documents", new, now=started)
            result.documents_seen = (
                con.execute("SELECT count(*) FROM pq_documents").fetchone()[0]
                - result.documents_new
            )
            if sources["events"]:
                result.events_new = _insert(con, "events", new, conflict=True)
                if sources["event_actors"]:
                    where = f"event_id IN (SELECT event_id FROM pq_events WHERE {new})"
                    _insert(con, "event_actors", where)
            if sources["mentions"]:
                _insert(con, "mentions", new)
            for table in ("stories", "merged_events"):
                if sources[table]:
                    _insert(con, table, "true", conflict=True)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        if sources["quarantine"]:
            rows = con.execute("SELECT origin, reason FROM pq_quarantine ORDER BY 1").fetchall()
            result.skipped = [Rejected(origin, reason) for origin, reason in rows]
            store.quarantine(result.skipped)
        stats = {
            "documents_new": result.documents_new,
            "documents_seen": result.documents_seen,
            "events_new": result.events_new,
            "skipped": len(result.skipped),
        }
        run_id = stable_hash(started.isoformat(), "parquet", str(directory))
        store.record_run(run_id, started, [f"parquet:{directory}"], stats, "ok")
    return result


def _insert(con, table: str, where: str, now: datetime | None = None, conflict=False) -> int:
    """Copy the rows of pq_TABLE matching ``where`` into TABLE; returns the rows added."""
    columns = [name for name, _ in _store_columns()[table]]
    present = {row[0] for row in con.execute(f"DESCRIBE pq_{table}").fetchall()}
    values = []
    for name, type_ in _store_columns()[table]:
        if name == "ingested_at":
            values.append("?::TIMESTAMP")
        elif name not in present:
            values.append("NULL")
        else:
            values.append(f"TRY_CAST({name} AS {type_})")
    params = [now] if "ingested_at" in columns else []
    before = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    con.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} "
        f"FROM pq_{table} WHERE {where}" + (" ON CONFLICT DO NOTHING" if conflict else ""),
        params,
    )
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] - before

"""The store at scale: write rate and dashboard query time at about 1M events.

    .venv/bin/python benchmarks/bench_store.py [--events 1000000] [--write]

Extracts the demo corpus once, then repeats its documents (new ids, dates moved
day by day) until the event count is reached, and measures side by side:

1. writing: ``Store.write_batch`` (DuckDB, one transaction per 512 documents,
   the duplicate check included) against a plain pyarrow Parquet write of the
   very same rows (``store.rows_of``): rows per second each;
2. reading: the dashboard's own queries (``eventwire.web.queries``: the event
   table filtered by an actor, first page and total; the same filtered by type
   and date range; the actor list) on the store, against the same functions on
   a DuckDB connection whose ``events``/``documents`` are views over the
   Parquet files; best of 5 each.
A script, not a test.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import REPO, machine_line, write_section  # noqa: E402

WORK = Path("/tmp/eventwire-bench/store")
SECTION = "## Store: write rate and dashboard queries at 1M events"
BATCH = 512


def demo_extracted():
    from eventwire.events import EventExtractor
    from eventwire.pipeline import Options, documents

    docs = documents([str(REPO / "examples" / "demo")], Options(report=lambda m: None), [])
    return list(EventExtractor().extract(docs))


def _shift(value: str | None, days: int) -> str | None:
    if not value:
        return value
    return (date.fromisoformat(value[:10]) + timedelta(days=days)).isoformat()


def copies(base, n_events: int):
    """Batches of (document, events, mentions), copies of ``base`` under new ids."""
    from eventwire.records import Event, EventDate

    made, k, batch = 0, 0, []
    while made < n_events:
        for doc, events, mentions in base:
            new_doc = dataclasses.replace(
                doc,
                doc_id=f"{doc.doc_id}~{k}",
                content_hash=f"{doc.content_hash}~{k}",
                published=_shift(doc.published, k % 900),
            )
            new_events = []
            for e in events:
                d = e.date
                moved = EventDate(
                    _shift(d.start, k % 900), _shift(d.end, k % 900), d.precision, d.text
                )
                new_events.append(
                    dataclasses.replace(
                        e,
                        doc_id=new_doc.doc_id,
                        event_id=Event.make_id(
                            new_doc.doc_id,
                            e.evidence.start,
                            e.evidence.end,
                            e.type,
                            e.source,
                            e.target,
                        ),
                        date=moved,
                    )
                )
            batch.append((new_doc, new_events, mentions))
            made += len(new_events)
            if len(batch) >= BATCH:
                yield batch
                batch = []
            if made >= n_events:
                break
        k += 1
    if batch:
        yield batch


def write_store(base, n_events: int, path: Path) -> tuple[float, int]:
    from eventwire.store import Store

    with Store(path) as store:
        started = time.perf_counter()
        for batch in copies(base, n_events):
            store.write_batch(batch)
        seconds = time.perf_counter() - started
        counts = store.counts()
    return seconds, sum(counts[t] for t in ("documents", "events", "event_actors", "mentions"))


def write_parquet(base, n_events: int, folder: Path) -> tuple[float, int]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from eventwire.store import rows_of

    folder.mkdir(parents=True, exist_ok=True)
    tables: dict[str, list[dict]] = {
        "documents": [],
        "events": [],
        "event_actors": [],
        "mentions": [],
    }
    writers: dict[str, pq.ParquetWriter] = {}
    rows = 0
    started = time.perf_counter()
    now = datetime.now(UTC).replace(tzinfo=None)
    for batch in copies(base, n_events):
        for doc, events, mentions in batch:
            d, e, a, m = rows_of(doc, events, mentions, now)
            tables["documents"].append(d)
            tables["events"] += e
            tables["event_actors"] += a
            tables["mentions"] += m
        for name, table_rows in tables.items():
            if not table_rows:
                continue
            arrow = pa.Table.from_pylist(table_rows)
            if name not in writers:
                writers[name] = pq.ParquetWriter(folder / f"{name}.parquet", arrow.schema)
            writers[name].write_table(arrow.cast(writers[name].schema))
            rows += len(table_rows)
            table_rows.clear()
    for writer in writers.values():
        writer.close()
    return time.perf_counter() - started, rows


def query_times(con) -> dict[str, float]:
    from eventwire.web import queries

    cases = {
        "events of one actor, first page + total": lambda: queries.events(
            con, queries.EventFilter(actor="RUS"), limit=50
        ),
        "events by type and date range": lambda: queries.events(
            con,
            queries.EventFilter(
                type="CONSULT", date_from=date(2023, 1, 1), date_to=date(2023, 6, 30)
            ),
            limit=50,
        ),
        "actor list with counts": lambda: queries.actors(con),
    }
    out = {}
    for name, run in cases.items():
        best = float("inf")
        for _ in range(5):
            started = time.perf_counter()
            run()
            best = min(best, time.perf_counter() - started)
        out[name] = best
    return out


def main(argv: list[str] | None = None) -> int:
    import duckdb

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args(argv)
    header = machine_line("python benchmarks/bench_store.py " + " ".join(argv or sys.argv[1:]))
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    base = demo_extracted()
    store_s, store_rows = write_store(base, args.events, WORK / "store.duckdb")
    print(f"store: {store_rows:,} rows in {store_s:.1f} s")
    pq_s, pq_rows = write_parquet(base, args.events, WORK / "parquet")
    print(f"parquet: {pq_rows:,} rows in {pq_s:.1f} s")

    store_con = duckdb.connect(str(WORK / "store.duckdb"), read_only=True)
    n_events = store_con.execute("SELECT count(*) FROM events").fetchone()[0]
    on_store = query_times(store_con)
    plain = duckdb.connect()
    dates = {  # the rows carry ISO strings; the store casts them to DATE on insert
        "events": " REPLACE (CAST(date_start AS DATE) AS date_start, "
        "CAST(date_end AS DATE) AS date_end)",
        "documents": " REPLACE (CAST(published AS DATE) AS published)",
        "event_actors": "",
    }
    for name, replace in dates.items():
        path = WORK / "parquet" / f"{name}.parquet"
        plain.execute(f"CREATE VIEW {name} AS SELECT *{replace} FROM read_parquet('{path}')")
    on_parquet = query_times(plain)

    lines = [
        header,
        "",
        f"{n_events:,} events (the demo's {sum(len(e) for _, e, _ in base)} events repeated "
        "under new ids and dates).",
        "",
        "| write | rows | seconds | rows/s | ratio |",
        "|---|---:|---:|---:|---:|",
        f"| eventwire store (DuckDB, batches of {BATCH} docs) | {store_rows:,} | {store_s:.1f} | "
        f"{store_rows / store_s:,.0f} | **{pq_s / store_s:.2f}x** the Parquet rate |",
        f"| plain pyarrow Parquet, same rows | {pq_rows:,} | {pq_s:.1f} | "
        f"{pq_rows / pq_s:,.0f} | 1.00x |",
        "",
        "| dashboard query | store ms | DuckDB on plain Parquet ms | ratio |",
        "|---|---:|---:|---:|",
    ]
    for name in on_store:
        a, b = on_store[name] * 1000, on_parquet[name] * 1000
        lines.append(f"| {name} | {a:.1f} | {b:.1f} | {b / a:.2f}x |")
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_section(SECTION, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

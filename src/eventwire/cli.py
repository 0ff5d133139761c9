"""The ``eventwire`` command: a thin skin over the library.

Exit codes: 0 all good, 1 some inputs skipped (listed in the quarantine table),
2 failure (a one-line message says what to do).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from . import __version__
from .errors import ConfigError, EventwireError
from .parallel import default_workers
from .pipeline import Options, RunResult, extract_events
from .pipeline import run as run_pipeline
from .store import DEFAULT_STORE, Store

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Reconstruct who did what to whom from international news.",
)
out = Console()
err = Console(stderr=True)

StoreOption = typer.Option(DEFAULT_STORE, "--store", help="DuckDB store file.")


def _fail(exc: Exception) -> typer.Exit:
    _warn(f"eventwire: {exc}")
    return typer.Exit(2)


def _warn(message: str) -> None:
    """One line on stderr, never wrapped, so it can be grepped."""
    print(message, file=sys.stderr, flush=True)


@contextmanager
def _progress(enabled: bool) -> Iterator:
    """A documents-per-second progress display on a TTY, nothing otherwise."""
    if not enabled:
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    start = time.monotonic()
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("extracting")

        def update(done: int) -> None:
            rate = done / max(time.monotonic() - start, 1e-6)
            bar.update(task, description=f"{done} documents, {rate:.1f} docs/s")

        yield update


WorkersOption = typer.Option(
    default_workers(), "--workers", min=1, help="Extraction processes (default: one per core)."
)
FullParseOption = typer.Option(
    False, "--full-parse", help="Parse every sentence, not only those with an actor and a cue."
)


@app.command()
def run(
    paths: list[str] = typer.Argument(None, help="Files, directories, globs, or - for stdin."),
    store: Path = StoreOption,
    published: str = typer.Option(
        None, help="Publication date (YYYY-MM-DD) for plain text without one."
    ),
    from_parquet: Path = typer.Option(
        None, "--from-parquet", help="Load the Parquet output of 'eventwire spark' instead."
    ),
    workers: int = WorkersOption,
    full_parse: bool = FullParseOption,
) -> None:
    """Ingest, extract and store; prints a summary.

    Example: eventwire run examples/demo   |   eventwire run --from-parquet out/spark
    """
    options = Options(
        store=store, published=published, report=_warn, workers=workers, selective=not full_parse
    )
    try:
        if from_parquet is not None:
            from .parquet_io import attach

            result = attach(from_parquet, store)
        elif not paths:
            raise ConfigError("give input PATHs, or --from-parquet DIR")
        else:
            with _progress(sys.stderr.isatty()) as progress:
                options.progress = progress
                result = run_pipeline(paths, options)
        print_summary(result)
    except EventwireError as exc:
        raise _fail(exc) from exc
    raise typer.Exit(result.exit_code)


def print_summary(result: RunResult) -> None:
    """This run's counts, then what the whole store holds."""
    out.print(
        f"[bold]eventwire[/bold]: {result.documents_new} new documents, "
        f"{result.documents_seen} already stored, {result.duplicates} duplicate inputs, "
        f"{result.events_new} new events, {len(result.skipped)} inputs skipped"
        + (" (see the quarantine table)" if result.skipped else ""),
        soft_wrap=True,
    )
    with Store(result.store, read_only=True) as store:
        counts = store.counts()
        by_type = store.query(
            "SELECT type, quad_class, count(*) AS n FROM events GROUP BY ALL ORDER BY n DESC, type"
        )
        pairs = store.query(
            "SELECT s.country, t.country, count(*) AS n FROM event_actors s "
            "JOIN event_actors t ON s.event_id = t.event_id "
            "AND s.role = 'source' AND t.role = 'target' "
            "WHERE s.country IS NOT NULL AND t.country IS NOT NULL "
            "GROUP BY ALL ORDER BY n DESC, 1, 2 LIMIT 10"
        )
    types = Table(title=f"{counts['events']} events by type", title_justify="left")
    for col in ("type", "QuadClass", "events"):
        types.add_column(col)
    for t, q, n in by_type:
        types.add_row(t, str(q), str(n))
    top = Table(title="top actor pairs", title_justify="left")
    for col in ("source", "target", "events"):
        top.add_column(col)
    for s, t, n in pairs:
        top.add_row(s, t, str(n))
    out.print(types)
    out.print(top)
    where = (
        f"store: {result.store} ({counts['documents']} documents, {counts['events']} events, "
        f"{counts['quarantine']} quarantined inputs)\n"
        f"next: eventwire export --format parquet --out out/  |  "
        f'duckdb {result.store} "SELECT * FROM events"'
    )
    out.print(where, soft_wrap=True, markup=False, highlight=False)


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help="Files, directories, globs, or - for stdin."),
    out_path: Path = typer.Option(None, "--out", help="JSONL file (default: stdout)."),
    published: str = typer.Option(None, help="Publication date for plain text without one."),
    workers: int = WorkersOption,
    full_parse: bool = FullParseOption,
) -> None:
    """Extract events to JSONL without a store.

    Example: eventwire extract examples/demo --out events.jsonl
    """
    skipped: list[str] = []

    def report(message: str) -> None:
        skipped.append(message)
        _warn(message)

    options = Options(published=published, report=report, workers=workers, selective=not full_parse)
    sink = open(out_path, "w", encoding="utf-8") if out_path else sys.stdout
    n = 0
    try:
        for event in extract_events(paths, options):
            sink.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    except EventwireError as exc:
        raise _fail(exc) from exc
    finally:
        if out_path:
            sink.close()
    _warn(
        f"eventwire: {n} events"
        + (f" written to {out_path}" if out_path else "")
        + (f", {len(skipped)} inputs skipped" if skipped else "")
    )
    raise typer.Exit(1 if skipped else 0)


@app.command()
def export(
    format: str = typer.Option("parquet", "--format", help="parquet, csv or jsonl."),
    out_dir: Path = typer.Option(Path("out"), "--out", help="Directory for the files."),
    store: Path = StoreOption,
    layout: str = typer.Option(
        "native",
        "--layout",
        help="native (documents + events), gdelt or polecat (one events table each).",
    ),
) -> None:
    """Write the documents and events tables as Parquet, CSV or JSONL.

    Example: eventwire export --format csv --layout gdelt --out out/
    """
    from .export import export_tables

    try:
        written = export_tables(store, out_dir, format, layout)
    except EventwireError as exc:
        raise _fail(exc) from exc
    for path, rows in written:
        out.print(f"{path}: {rows} rows")


@app.command()
def serve(
    store: Path = StoreOption,
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Interface to bind (0.0.0.0 exposes it to the network)."
    ),
    port: int = typer.Option(8000, "--port", help="TCP port."),
) -> None:
    """Serve the dashboard and the read-only JSON API over the store.

    Example: eventwire serve --port 8000   (then open http://127.0.0.1:8000/)
    """
    from .web import serve as serve_app

    try:
        Store(store, read_only=True).close()  # a missing or bad store fails here, clearly
        _warn(f"eventwire: dashboard at http://{host}:{port}/ , API docs at /docs (Ctrl-C stops)")
        serve_app(store, host=host, port=port)
    except EventwireError as exc:
        raise _fail(exc) from exc


@app.command()
def report(
    out_path: Path = typer.Option(Path("out/report.html"), "--out", help="HTML file to write."),
    store: Path = StoreOption,
) -> None:
    """Write a self-contained HTML report (the dashboard's views, data embedded, offline).

    Example: eventwire report --out out/report.html
    """
    from .report import write_report

    try:
        path = write_report(store, out_path)
    except EventwireError as exc:
        raise _fail(exc) from exc
    out.print(f"report: {path}", markup=False, highlight=False, soft_wrap=True)


@app.command("eval")
def eval_(
    gold: Path = typer.Argument(..., help="Gold JSONL file (DESIGN.md section 6)."),
    task: str = typer.Option(
        "events",
        help=(
            "What to score: events, quad, actors, dates, places, modality, loaded, tone or stories."
        ),
    ),
    json_out: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Score a stage against a gold file and print P/R/F1 and a per-type table.

    Example: eventwire eval ../shared/data/plover_gsr/dev.jsonl --task events
    (--task quad scores the five-way class of ../shared/data/pentaclass/dev.jsonl)
    """
    from .evaluate import run_task

    try:
        table, scores = run_task(task, gold)
    except (EventwireError, OSError) as exc:
        raise _fail(exc) from exc
    if json_out:
        out.print_json(json.dumps(scores))
    else:
        out.print(table, markup=False, highlight=False, soft_wrap=True)


@app.command()
def spark(
    paths: list[str] = typer.Argument(..., help="Files, directories or globs."),
    master: str = typer.Option("local[*]", "--master", help="Spark master URL."),
    out_dir: Path = typer.Option(Path("out/spark"), "--out", help="Directory for the Parquet."),
    published: str = typer.Option(None, help="Publication date for plain text without one."),
    stories: bool = typer.Option(True, "--stories/--no-stories", help="Run the stories stage."),
) -> None:
    """Run ingest + extraction (+ stories) as a Spark job writing Parquet by publication date.

    Load the result into the store with: eventwire run --from-parquet DIR

    Example: eventwire spark examples/demo --master "local[2]" --out out/spark
    """
    from .spark import SparkOptions, run_spark

    options = SparkOptions(out=out_dir, master=master, published=published, stories=stories)
    try:
        result = run_spark(paths, options)
    except EventwireError as exc:
        raise _fail(exc) from exc
    for item in result.skipped:
        _warn(item.message())
    tables = ", ".join(f"{n} {table}" for table, n in result.tables.items())
    out.print(
        f"[bold]eventwire spark[/bold]: {tables} in {result.seconds:.1f} s -> {result.out}",
        soft_wrap=True,
    )
    out.print(f"next: eventwire run --from-parquet {result.out}", markup=False, soft_wrap=True)
    raise typer.Exit(result.exit_code)


@app.command()
def version() -> None:
    """Print the version."""
    out.print(f"eventwire {__version__}")


@app.command()
def doctor(
    store: Path = StoreOption,
    json_out: bool = typer.Option(False, "--json", help="Print the findings as JSON."),
) -> None:
    """Check the store: counts, orphans, duplicates, offsets, schema version, quarantine.

    Exit code 0 consistent, 1 inconsistent, 2 the store cannot be opened.

    Example: eventwire doctor --store out/eventwire.duckdb
    """
    from .doctor import diagnose

    try:
        result = diagnose(store)
    except EventwireError as exc:
        raise _fail(exc) from exc
    if json_out:
        out.print_json(json.dumps(result.to_dict()))
        raise typer.Exit(result.exit_code)
    counts = ", ".join(f"{n} {table}" for table, n in result.counts.items())
    out.print(f"store {result.store}: {counts}", markup=False, highlight=False, soft_wrap=True)
    for check in result.checks:
        mark = "ok  " if check.ok else "FAIL"
        detail = "" if check.ok else f": {check.problems} ({check.meaning})"
        out.print(f"{mark} {check.name}{detail}", markup=False, highlight=False, soft_wrap=True)
    for reason, n in result.quarantine:
        out.print(f"quarantined: {n} x {reason}", markup=False, highlight=False, soft_wrap=True)
    verdict = "consistent" if result.ok else "INCONSISTENT"
    out.print(f"doctor: {verdict}", markup=False, highlight=False)
    raise typer.Exit(result.exit_code)


def main() -> None:
    app()

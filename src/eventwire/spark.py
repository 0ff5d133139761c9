"""The Spark path: ``eventwire run``'s ingest, cleaning and extraction spread over a
Spark cluster, written as Parquet partitioned by publication date.

    eventwire spark examples/demo --master "local[*]" --out out/spark

How the work is cut:

1. The driver lists the input files with ingest's own path expansion (the files
   ``eventwire run`` would read) and cuts each file that holds many records
   (JSONL, JSON lists, feeds, WARC) into shards of about ``shard_bytes``. An
   uncompressed JSONL file is cut at line starts in one pass (``ingest.jsonl_parts``)
   and each shard reads only its own byte range; in the other kinds, which cannot
   be entered in the middle, shard ``k`` of ``n`` reads the file and keeps the
   records whose index in it is ``k`` modulo ``n``.
2. ``mapPartitions`` runs ingest, cleaning and ``EventExtractor`` on each shard. The
   extractor (the spaCy model and the actor knowledge base) is loaded once per
   executor Python worker and kept in a module global, which Spark's worker reuse
   keeps alive from task to task. Rows come from ``store.rows_of``, the rows
   ``eventwire run`` stores, so event ids (content hashes) are the same.
3. A document seen twice (same ``doc_id``, then same content hash) is kept once:
   the first in input order, as ``eventwire run`` does.
4. The tables (see ``parquet_io``) are written under ``out``; unreadable inputs go
   to ``quarantine`` with their one-line reasons.
5. Stories: documents are blocked by publication window (``block_days``) and main
   actor; inside each block ``stories.build_stories`` (MinHash LSH copies, story
   clustering, merged events, source kinds) and the framing of ``eventwire run``
   run as they do in one process. Documents get the stories stage's columns,
   events their ``story_id``, and ``stories`` and ``merged_events`` are written.
   A story that crosses a block boundary is split in two.
"""

from __future__ import annotations

import math
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

from .errors import ConfigError
from .parquet_io import PARTITIONED, table_columns
from .records import Rejected

__all__ = ["SparkOptions", "SparkResult", "check_java", "run_spark", "spark_session"]

_INSTALL_JAVA = (
    "the Spark path needs Java and none was found: install it with "
    "'sudo apt-get install default-jre-headless' (or set JAVA_HOME)"
)
_INSTALL_PYSPARK = "the Spark path needs pyspark: pip install 'eventwire[spark]'"
_MANY_RECORDS = ("json", "jsonl", "feed", "warc", None)  # ingest reader kinds (None: sniffed)
# A lighter JIT and a serial GC: a local JVM starts in about half the CPU time.
_LOCAL_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
_LOG4J = """rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
"""


@dataclass
class SparkOptions:
    """What ``run_spark`` needs besides the input paths."""

    out: Path = Path("out/spark")
    master: str = "local[*]"
    published: str | None = None  # fallback publication date for plain text
    max_record_bytes: int = 5_000_000
    shard_bytes: int = 64_000  # a many-record file is cut into shards of about this size
    stories: bool = True  # run the stories stage after extraction
    block_days: int = 14  # stories: documents are compared within windows of this many days
    driver_memory: str = "1g"


@dataclass
class SparkResult:
    out: Path
    tables: dict[str, int] = field(default_factory=dict)  # rows written per table
    skipped: list[Rejected] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        """0 all good, 1 some inputs skipped (see the quarantine table)."""
        return 1 if self.skipped else 0


# -- the session ---------------------------------------------------------------------


def check_java() -> str:
    """The java executable Spark will use; ConfigError with an install hint when none."""
    home = os.environ.get("JAVA_HOME")
    java = str(Path(home, "bin", "java")) if home else shutil.which("java")
    if not java or not os.access(java, os.X_OK):
        raise ConfigError(_INSTALL_JAVA)
    return java


@contextmanager
def spark_session(master: str = "local[*]", driver_memory: str = "1g", stop_jvm: bool = False):
    """A quiet SparkSession for eventwire, stopped on exit.

    Executors run this interpreter (``PYSPARK_PYTHON``) so they import the same
    eventwire. ``stop_jvm`` also ends the Java process behind the session (tests),
    instead of leaving it to end with this process.
    """
    check_java()
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise ConfigError(_INSTALL_PYSPARK) from exc
    local = master.startswith("local")
    if local or "PYSPARK_PYTHON" not in os.environ:
        os.environ["PYSPARK_PYTHON"] = sys.executable
    if local:
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    with tempfile.TemporaryDirectory(prefix="eventwire-spark-") as tmp:
        log4j = Path(tmp, "log4j2.properties")
        log4j.write_text(_LOG4J)
        java_options = f"-Dlog4j2.configurationFile=file:{log4j}"
        if local:
            java_options += " " + _LOCAL_JAVA_OPTIONS
        spark = (
            SparkSession.builder.master(master)
            .appName("eventwire")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "4" if local else "200")
            .config("spark.driver.memory", driver_memory)
            .config("spark.driver.extraJavaOptions", java_options)
            .config("spark.python.worker.reuse", "true")
            .config("spark.local.dir", tmp)
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        try:
            yield spark
        finally:
            spark.stop()
            if stop_jvm:
                _stop_jvm()


def _stop_jvm() -> None:
    """End the py4j gateway and its JVM (PySpark otherwise keeps it for the process)."""
    from pyspark import SparkContext

    gateway = SparkContext._gateway
    if gateway is None:
        return
    proc = getattr(gateway, "proc", None)
    gateway.shutdown()
    if proc is not None:
        if proc.stdin:
            proc.stdin.close()  # the JVM exits when its stdin closes
        try:
            proc.wait(timeout=30)
        except Exception:
            proc.kill()
    SparkContext._gateway = None
    SparkContext._jvm = None


# -- the driver: what to read ----------------------------------------------------------

# (order, path, shard, shards, part): ``order`` numbers the files in reading order;
# ``part`` is a JSONL byte range (start, end, lines before it), else None (modulo shards)
Unit = tuple[int, str, int, int, tuple[int, int | None, int] | None]


def plan(paths: Iterable[str], shard_bytes: int = 64_000) -> tuple[list[Unit], list[Rejected]]:
    """The work units for ``paths`` and the path arguments that name nothing.

    Files are those ``eventwire run`` reads (ingest's expansion, each file once).
    """
    from .ingest import _expand, _kind_of, jsonl_parts  # ingest's own rules: paths agree

    units: list[Unit] = []
    rejected: list[Rejected] = []
    seen: set[str] = set()
    for arg in paths:
        if arg == "-":
            raise ConfigError("the Spark path reads files, not stdin: save the input to a file")
        files = _expand(arg)
        if isinstance(files, Rejected):
            rejected.append(files)
            continue
        for file in files:
            if (key := os.path.realpath(file)) in seen:
                continue
            seen.add(key)
            order, shards, parts = len(seen) - 1, 1, None
            kind, compressed = _kind_of(file.name)
            try:
                if kind == "jsonl" and not compressed:
                    parts = jsonl_parts(file, max(shard_bytes, 1))
                    shards = len(parts)
                elif kind in _MANY_RECORDS:
                    shards = max(1, math.ceil(file.stat().st_size / max(shard_bytes, 1)))
            except OSError:
                shards, parts = 1, None  # ingest reports the reason
            units += [
                (order, str(file), k, shards, parts[k] if parts else None) for k in range(shards)
            ]
    return units, rejected


# -- the executors: ingest, clean, extract -------------------------------------------

_EXTRACTOR = None  # one per executor Python worker, kept across tasks


def _extractor():
    global _EXTRACTOR
    if _EXTRACTOR is None:
        from .parallel import load_extractor

        _EXTRACTOR = load_extractor(freeze=True)  # an executor's Python worker
    return _EXTRACTOR


def _as_date(value) -> date | None:
    """A store DATE value: what DuckDB's TRY_CAST makes of an ISO date string."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if len(str(value)) >= 10 else None
    except ValueError:
        return None


def _tuple(table: str, row: dict, published: date | None, columns=None) -> tuple:
    """A row in the column order of ``table`` (or of ``columns``), dates as dates."""
    values = []
    for name, type_ in columns or table_columns(table):
        value = published if name == "published" else row.get(name)
        values.append(_as_date(value) if type_ == "DATE" else value)
    return tuple(values)


def _documents(unit: Unit, published, limit, keys, rejected):
    """One shard's documents; notes each one's order key (file order, then line or
    record index) in ``keys`` and collects what cannot be read in ``rejected``."""
    from .clean import clean
    from .ingest import iter_inputs, iter_jsonl_part

    order, path, shard, shards, part = unit
    if part is not None:
        items = iter_jsonl_part(path, *part, max_record_bytes=limit)
    else:
        read = iter_inputs([path], published=published, max_record_bytes=limit)
        items = ((i, item) for i, item in enumerate(read) if i % shards == shard)
    for index, item in items:
        result = item if isinstance(item, Rejected) else clean(item)
        if isinstance(result, Rejected):
            rejected.append(result)
            continue
        keys[id(result)] = order * 2**32 + index
        yield result


def extract_units(
    units: Iterable[Unit], published: str | None, max_record_bytes: int, stories: bool = False
) -> Iterator[tuple[str, int, str | None, tuple]]:
    """(table, order key, doc_id, row) for every record of ``units``: runs on executors.

    The order key (file order, record index) lets the driver keep the first of two
    copies of a document; quarantine rows have key 0 and no doc_id. With ``stories``
    each document also gives a ``story`` row: its block and what clustering reads.
    """
    from .store import rows_of

    now = datetime.now(UTC).replace(tzinfo=None)
    for unit in units:
        rejected: list[Rejected] = []
        keys: dict[int, int] = {}  # id(document) -> order key, while it is in the pipe

        for doc, events, mentions in _extractor().extract(
            _documents(unit, published, max_record_bytes, keys, rejected)
        ):
            key = keys.pop(id(doc))
            doc_row, event_rows, actor_rows, mention_rows = rows_of(doc, events, mentions, now)
            day = _as_date(doc_row["published"])
            yield "documents", key, doc.doc_id, _tuple("documents", doc_row, day)
            for table, rows in (
                ("events", event_rows),
                ("event_actors", actor_rows),
                ("mentions", mention_rows),
            ):
                for row in rows:
                    yield table, key, doc.doc_id, _tuple(table, row, day)
            if stories:
                yield "story", key, doc.doc_id, _story_input(doc, events, mentions)
        for item in rejected:
            yield "quarantine", 0, None, (item.origin, item.reason)


# -- the job -------------------------------------------------------------------------


def _schema(table: str, *extra: tuple[str, str], only: list | None = None):
    """The Spark schema of a table's rows (types from the store schema) plus ``extra``;
    ``only``: these (name, type) columns instead of the table's."""
    from pyspark.sql import types as T

    spark_types = {
        "VARCHAR": T.StringType(),
        "JSON": T.StringType(),
        "INTEGER": T.IntegerType(),
        "BIGINT": T.LongType(),
        "DOUBLE": T.DoubleType(),
        "DATE": T.DateType(),
        "TIMESTAMP": T.TimestampType(),
        "VARCHAR[]": T.ArrayType(T.StringType()),
        "BOOLEAN": T.BooleanType(),
    }
    columns = [*extra, *only] if only is not None else [*table_columns(table), *extra]
    return T.StructType([T.StructField(n, spark_types[t]) for n, t in columns])


def run_spark(paths: list[str], options: SparkOptions | None = None, spark=None) -> SparkResult:
    """Extract events from ``paths`` with Spark and write the Parquet tables.

    ``spark`` is an existing SparkSession to use; without one a session is started
    on ``options.master`` and stopped at the end.
    """
    options = options or SparkOptions()
    if spark is None:
        with spark_session(options.master, options.driver_memory) as session:
            return run_spark(paths, options, session)
    from pyspark import StorageLevel
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    started = time.monotonic()
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    units, rejected = plan(paths, options.shard_bytes)
    sc = spark.sparkContext
    result = SparkResult(out=out)
    published, limit = options.published, options.max_record_bytes
    with_stories, block_days = options.stories, options.block_days
    slices = max(1, min(len(units), sc.defaultParallelism * 4))
    rows = (
        sc.parallelize(units, slices)
        .mapPartitions(lambda part: extract_units(part, published, limit, with_stories))
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    try:
        frames = {}
        for table in PARTITIONED:
            picked = rows.filter(lambda r, t=table: r[0] == t).map(lambda r: (*r[3], r[1], r[2]))
            schema = _schema(table, ("_key", "BIGINT"), ("_doc", "VARCHAR"))
            frames[table] = spark.createDataFrame(picked, schema=schema)
        # keep the first of documents seen twice: by doc_id, then by content hash
        docs = frames["documents"]
        for column in ("doc_id", "content_hash"):
            first = Window.partitionBy(column).orderBy("_key")
            docs = docs.withColumn("_n", F.row_number().over(first)).filter("_n = 1").drop("_n")
        if with_stories:
            frames.update(_stories_frames(spark, rows, frames, docs, block_days))
            docs = frames["documents"]
        frames["documents"] = docs
        kept = F.broadcast(docs.select("_doc", "_key"))
        for table in ("events", "event_actors", "mentions"):
            frames[table] = frames[table].join(kept, ["_doc", "_key"], "left_semi")
        for table, frame in frames.items():
            flat = table not in PARTITIONED
            _write(frame.drop("_key", "_doc"), out / table, partitioned=not flat)
            result.tables[table] = spark.read.parquet(str(out / table)).count()
        bad = rows.filter(lambda r: r[0] == "quarantine").map(lambda r: r[3]).collect()
        result.skipped = rejected + [Rejected(o, r) for o, r in sorted(set(bad))]
        quarantine = spark.createDataFrame(
            [(r.origin, r.reason) for r in result.skipped], "origin string, reason string"
        )
        _write(quarantine.coalesce(1), out / "quarantine", partitioned=False)
        result.tables["quarantine"] = len(result.skipped)
    finally:
        rows.unpersist()
    result.seconds = time.monotonic() - started
    return result


def _write(frame, path: Path, partitioned: bool) -> None:
    writer = (
        frame.repartition("published").sortWithinPartitions(frame.columns[0]).write
        if partitioned
        else frame.write
    )
    writer = writer.mode("overwrite")
    if partitioned:
        writer = writer.partitionBy("published")
    writer.parquet(str(path))


# -- stories -------------------------------------------------------------------------


def _story_input(doc, events, mentions) -> tuple:
    """What the stories stage needs of one document: (main actor, document, events,
    mentions). The main actor is the code mentioned most (ties: alphabetical)."""
    counts = Counter(m.country for m in mentions if m.country)
    main = min(counts, key=lambda c: (-counts[c], c)) if counts else ""
    doc.offset_map = []  # not needed downstream; keeps the shuffle small
    return main, doc, events, mentions


def _block(published: str | None, main: str, block_days: int) -> tuple[int, str]:
    """A document's block: (window of ``block_days`` days, main actor); -1 undated."""
    day = _as_date(published)
    return (day.toordinal() // block_days if day else -1), main


def _earlier(a: tuple, b: tuple) -> tuple:
    return a if a[0] <= b[0] else b


def cluster_block(members: Iterable[tuple]) -> Iterator[tuple[str, dict]]:
    """The stories stage of ``eventwire run`` (``stories.build_stories`` and framing)
    on one block; ``members`` are (order key, doc_id, story input).

    Yields (table, row): document updates (story, copy link, source kind, framing),
    stories and merged events, as ``store.stories_rows`` makes them.
    """
    from .pipeline import _framing
    from .store import stories_rows
    from .stories import build_stories

    members = sorted(members, key=lambda m: m[0])
    items = [(doc, events, mentions) for _k, _id, (_main, doc, events, mentions) in members]
    out = build_stories(items)
    framing = {doc.doc_id: _framing(doc, events, mentions) for doc, events, mentions in items}
    updates, stories, merged = stories_rows(out.documents, out.stories, out.similarity, framing)
    yield from (("updates", row) for row in updates)
    yield from (("stories", row) for row in stories)
    yield from (("merged_events", row) for row in merged)


@cache
def _update_columns() -> list[tuple[str, str]]:
    """The document columns the stories stage fills (those of ``store.stories_rows``)."""
    from .records import Document
    from .store import stories_rows

    probe = Document(doc_id="", text="", content_hash="", origin="")
    names = stories_rows([probe], [])[0][0]
    types = dict(table_columns("documents"))
    return [(name, types[name]) for name in names if name != "doc_id"]


def _stories_frames(spark, rows, frames: dict, docs, block_days: int) -> dict:
    """Documents and events with the stories stage's columns, stories, merged events.

    Blocks are (publication window, main actor); documents in one block are compared
    with each other only, so the work is spread and each comparison stays small.
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    firsts = (
        rows.filter(lambda r: r[0] == "story")
        .map(lambda r: (r[2], (r[1], r[2], r[3])))
        .reduceByKey(_earlier)
        .map(lambda kv: (kv[1][2][1].content_hash, kv[1]))
        .reduceByKey(_earlier)
        .values()
    )
    assigned = (
        firsts.map(lambda m: (_block(m[2][1].published, m[2][0], block_days), m))
        .groupByKey()
        .flatMap(lambda kv: cluster_block(kv[1]))
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    columns = _update_columns()
    updates = spark.createDataFrame(
        assigned.filter(lambda r: r[0] == "updates").map(
            lambda r: (r[1]["doc_id"], *(_tuple("documents", r[1], None, columns)))
        ),
        _schema("documents", ("_doc", "VARCHAR"), only=[(f"_u_{n}", t) for n, t in columns]),
    )
    out = {}
    for table in ("stories", "merged_events"):
        out[table] = spark.createDataFrame(
            assigned.filter(lambda r, t=table: r[0] == t).map(
                lambda r, t=table: _tuple(t, r[1], None)
            ),
            _schema(table),
        )
    docs = docs.join(updates, "_doc", "left")
    for name, _ in columns:
        docs = docs.withColumn(name, F.col(f"_u_{name}")).drop(f"_u_{name}")
    events = (
        frames["events"]
        .join(updates.select("_doc", "_u_story_id"), "_doc", "left")
        .withColumn("story_id", F.col("_u_story_id"))
        .drop("_u_story_id")
    )
    return {"documents": docs, "events": events, **out}

"""The Spark path against the single-process path on the same corpus.

    .venv/bin/python benchmarks/bench_spark.py [PATHS...] [--master local[2]] [--write]

PATHS default to the demo corpus (``examples/demo``); a bigger corpus comes from
``benchmarks/make_corpus.py N --out DIR`` (then pass ``DIR``). Side by side in one
process, on the same inputs:

1. single process: ``EventExtractor`` loaded, then ``pipeline.extract_events`` over
   every input (what ``eventwire extract`` does);
2. Spark: a session on ``--master`` started, then ``spark.run_spark`` (ingest,
   cleaning, extraction in ``mapPartitions``, Parquet written; the stories stage is
   left out as the single-process side has none).

Prints wall seconds (start-up and work apart), CPU seconds of every process
involved, the ratio of the two wall times, and checks that both give the same event
ids (exit 1 when they do not). ``--write`` replaces the Spark section of
``docs/benchmarks.md`` with the result and the command. A script, not a test.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs" / "benchmarks.md"
SECTION = "## Spark: `eventwire spark` in local[2] vs the single-process path"


ABOUT = """Both sides read the same inputs in one process run: `extract_events` with one
`EventExtractor`, and `eventwire spark` (`run_spark`, stories stage off) in a fresh
session whose start-up (the JVM) is counted apart. Spark's work includes loading the
model once in each executor Python worker and writing the Parquet. A bigger corpus:
`.venv/bin/python benchmarks/make_corpus.py N --out DIR`, then pass `DIR`; the same
job on a cluster: `eventwire spark DIR --master spark://HOST:7077 --out OUT`."""


def cpu_seconds(children: bool) -> float:
    """CPU time of this process, or of its live descendants (the JVM, Python workers)."""
    import psutil

    me = psutil.Process()
    procs = me.children(recursive=True) if children else [me]
    total = 0.0
    for proc in procs:
        try:
            times = proc.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def single_process(paths: list[str]) -> dict:
    from eventwire.events import EventExtractor
    from eventwire.pipeline import Options, extract_events

    cpu0, started = cpu_seconds(False), time.perf_counter()
    extractor = EventExtractor()
    loaded = time.perf_counter()
    ids = [e.event_id for e in extract_events(paths, Options(report=lambda m: None), extractor)]
    done = time.perf_counter()
    return {
        "startup": loaded - started,
        "work": done - loaded,
        "wall": done - started,
        "cpu": cpu_seconds(False) - cpu0,
        "ids": ids,
    }


def spark_path(paths: list[str], master: str, out: Path) -> dict:
    import duckdb

    from eventwire.spark import SparkOptions, run_spark, spark_session

    cpu0, started = cpu_seconds(False), time.perf_counter()
    with spark_session(master, stop_jvm=True) as spark:
        up = time.perf_counter()
        options = SparkOptions(out=out, master=master, stories=False)
        result = run_spark(paths, options, spark)
        done = time.perf_counter()
        cpu = cpu_seconds(False) - cpu0 + cpu_seconds(True)  # workers end with the session
    pattern = str(out / "events" / "**" / "*.parquet")
    ids = [r[0] for r in duckdb.sql(f"SELECT event_id FROM read_parquet('{pattern}')").fetchall()]
    return {
        "startup": up - started,
        "work": done - up,
        "wall": done - started,
        "cpu": cpu,
        "ids": ids,
        "documents": result.tables["documents"],
    }


def corpus_size(paths: list[str]) -> tuple[int, int]:
    from eventwire.pipeline import Options, documents

    docs = list(documents(paths, Options(report=lambda m: None), []))
    return len(docs), sum(len(d.text) for d in docs)


def report(paths, master, single, spark, n_docs, n_chars) -> str:
    same = sorted(single["ids"]) == sorted(spark["ids"])
    ratio = spark["wall"] / single["wall"]
    work_ratio = spark["work"] / single["work"]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    rows = [
        f"corpus: {n_docs:,} documents, {n_chars:,} characters ({' '.join(paths)})",
        f"machine: {os.cpu_count()} cores, load average {load:.1f} at the start "
        "(other work shares the cores; compare ratios, not seconds)",
        "",
        "| path | start-up s | work s | wall s | CPU s (all processes) | events |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, r in (("single process (`extract`)", single), (f"Spark {master}", spark)):
        rows.append(
            f"| {name} | {r['startup']:.1f} | {r['work']:.1f} | {r['wall']:.1f} | "
            f"{r['cpu']:.1f} | {len(r['ids'])} |"
        )
    rows += [
        "",
        f"**Ratio: {ratio:.2f}** (Spark wall time / single-process wall time, start-up "
        f"included); work only (model loads in the Spark workers included): {work_ratio:.2f}.",
        f"Spark overhead: {spark['startup']:.1f} s to start the session (JVM), "
        f"{spark['cpu'] - single['cpu']:+.1f} CPU s in all.",
        f"Same event ids: {'yes' if same else 'NO'} ({len(set(spark['ids']))} distinct).",
    ]
    return "\n".join(rows)


def write_section(text: str, command: str) -> None:
    """Replace (or append) the Spark section of docs/benchmarks.md."""
    body = (
        f"{SECTION}\n\n{date.today().isoformat()}, Python {platform.python_version()} on "
        f"{platform.machine()}, command: `{command}`\n\n{text}\n\n{ABOUT}\n"
    )
    doc = DOCS.read_text(encoding="utf-8")
    start = doc.find(SECTION)
    if start < 0:
        doc = doc.rstrip("\n") + "\n\n" + body
    else:
        end = doc.find("\n## ", start + len(SECTION))
        doc = doc[:start] + body + (doc[end + 1 :] if end >= 0 else "")
        doc = doc.replace(body + "## ", body + "\n## ")
    DOCS.write_text(doc, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=["examples/demo"])
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()
    if not args.paths or args.paths == ["examples/demo"]:
        os.chdir(REPO)  # the default corpus is named relative to the repository
    paths = args.paths
    n_docs, n_chars = corpus_size(paths)
    single = single_process(paths)
    with tempfile.TemporaryDirectory(prefix="bench-spark-") as tmp:
        spark = spark_path(paths, args.master, Path(tmp) / "out")
    text = report(paths, args.master, single, spark, n_docs, n_chars)
    print(text)
    if args.write:
        argv = " ".join(sys.argv[1:])
        write_section(text, f".venv/bin/python benchmarks/bench_spark.py {argv}".strip())
        print(f"written to {DOCS.relative_to(REPO)}")
    return 0 if sorted(single["ids"]) == sorted(spark["ids"]) else 1


if __name__ == "__main__":
    sys.exit(main())

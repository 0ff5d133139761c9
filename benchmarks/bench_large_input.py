"""Peak memory of ingest + clean on a large JSONL input: flat as the input grows.

    .venv/bin/python benchmarks/bench_large_input.py [--small-mb 20] [--large-mb 200] [--write]

Builds two JSONL files under ``/tmp`` (``--small-mb`` and ``--large-mb`` megabytes) by
repeating the demo corpus's articles (``examples/demo``) with unique ids and a numbered
line, so every record is a distinct document. Each file is then read and cleaned by
``eventwire.pipeline.documents`` (the streaming path ``eventwire run`` uses before
extraction) in a fresh subprocess; its resident memory is sampled with psutil every
20 ms, and the child reports its own high-water mark (``ru_maxrss``). Prints the peak
for each size and the ratio large/small: streaming means the ratio stays near 1 while
the input grows tenfold. ``--write`` replaces this script's section of
``docs/benchmarks.md``. A script, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs" / "benchmarks.md"
SECTION = "## Large input: peak memory of ingest + clean"
MB = 1_000_000

CHILD = """
import resource, sys, time
from eventwire.pipeline import Options, documents
rejected = []
started = time.perf_counter()
n = chars = 0
for doc in documents([sys.argv[1]], Options(report=lambda m: None), rejected):
    n += 1
    chars += len(doc.text)
seconds = time.perf_counter() - started
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(n, len(rejected), chars, f"{seconds:.2f}", peak_kb)
"""


def demo_records() -> list[dict]:
    from eventwire.pipeline import Options, documents

    docs = documents([str(REPO / "examples" / "demo")], Options(report=lambda m: None), [])
    return [
        {"title": d.title, "outlet": d.outlet, "published": d.published, "text": d.text}
        for d in docs
    ]


def build(path: Path, megabytes: int, records: list[dict]) -> int:
    """Write ``megabytes`` of JSONL to ``path``; the number of records written."""
    target, size, n = megabytes * MB, 0, 0
    with open(path, "w", encoding="utf-8") as out:
        while size < target:
            base = records[n % len(records)]
            record = dict(base, id=f"bench-{n}", text=f"{base['text']}\n\nDispatch {n}.")
            line = json.dumps(record, ensure_ascii=False) + "\n"
            out.write(line)
            size += len(line.encode("utf-8"))
            n += 1
    return n


def measure(path: Path) -> dict:
    """Run the child on ``path``; peak RSS sampled by psutil and reported by the child."""
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE, text=True
    )
    watched = psutil.Process(proc.pid)
    sampled = 0
    while proc.poll() is None:
        try:
            sampled = max(sampled, watched.memory_info().rss)
        except psutil.NoSuchProcess:
            break
        time.sleep(0.02)
    out, _ = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"child failed on {path} (exit {proc.returncode})")
    n, rejected, chars, seconds, peak_kb = out.split()
    return {
        "bytes": path.stat().st_size,
        "documents": int(n),
        "rejected": int(rejected),
        "chars": int(chars),
        "seconds": float(seconds),
        "peak_mb": int(peak_kb) / 1024,
        "sampled_mb": sampled / 2**20,
    }


def replace_section(body: str) -> None:
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Benchmarks\n"
    head, found, rest = text.partition(SECTION)
    tail = rest[rest.find("\n## ") :] if found and "\n## " in rest else ""
    DOCS.write_text(head.rstrip("\n") + f"\n\n{SECTION}\n\n{body.strip()}\n{tail}", "utf-8")
    print(f"wrote {SECTION!r} in {DOCS}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small-mb", type=int, default=20)
    parser.add_argument("--large-mb", type=int, default=200)
    parser.add_argument("--dir", type=Path, default=Path("/tmp"), help="where the inputs go")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument("--write", action="store_true", help=f"update the section in {DOCS}")
    args = parser.parse_args()

    records = demo_records()
    results = {}
    for label, megabytes in (("small", args.small_mb), ("large", args.large_mb)):
        path = args.dir / f"eventwire-bench-{megabytes}mb.jsonl"
        written = build(path, megabytes, records)
        print(f"{path}: {written:,} records, {path.stat().st_size / MB:.0f} MB", flush=True)
        try:
            results[label] = measure(path)
        finally:
            if not args.keep:
                path.unlink()
        r = results[label]
        print(
            f"  {r['documents']:,} documents ({r['rejected']} rejected) in {r['seconds']:.1f} s, "
            f"peak RSS {r['peak_mb']:.0f} MB (psutil sampled {r['sampled_mb']:.0f} MB)",
            flush=True,
        )
    small, large = results["small"], results["large"]
    growth = large["bytes"] / small["bytes"]
    ratio = large["peak_mb"] / small["peak_mb"]
    print(f"input x{growth:.1f} -> peak memory x{ratio:.2f}")

    if args.write:
        command = "`.venv/bin/python benchmarks/bench_large_input.py --write`"
        rows = "\n".join(
            f"| {r['bytes'] / MB:.0f} MB | {r['documents']:,} | {r['rejected']} | "
            f"{r['seconds']:.1f} | {r['bytes'] / MB / r['seconds']:.1f} | {r['peak_mb']:.0f} | "
            f"{r['sampled_mb']:.0f} |"
            for r in (small, large)
        )
        replace_section(
            f"{date.today()}, Python {platform.python_version()} on {platform.machine()}, "
            f"load average {os.getloadavg()[0]:.1f} at the end (a shared machine: compare "
            f"the memory ratio, not the seconds), command: {command}\n\n"
            "JSONL built from the demo corpus's articles repeated with unique ids; read and "
            "cleaned by `pipeline.documents` (ingest + clean, the streaming path of "
            "`eventwire run` before extraction) in a fresh process.\n\n"
            "| input | documents | rejected | seconds | MB/s | peak RSS MB | psutil sampled "
            "MB |\n|---:|---:|---:|---:|---:|---:|---:|\n"
            f"{rows}\n\n"
            f"**Input x{growth:.1f} -> peak memory x{ratio:.2f}** (1.0 = flat: records "
            "stream, none is held after it is cleaned)."
        )


if __name__ == "__main__":
    main()

"""The dashboard API under load: 50 concurrent clients, a fixed number of requests.

    .venv/bin/python benchmarks/bench_web_load.py [--store S] [--clients N] [--requests N] [--write]

Starts ``eventwire serve`` (uvicorn) on 127.0.0.1 and a free port over a store built from
the demo corpus (``eventwire run examples/demo`` into /tmp, unless ``--store`` names one),
then ``--clients`` threads, each with its own httpx client, share ``--requests`` GETs
spread over the API (events pages and filters, one document, actors, outlets, stories,
health). Local address only, fixed request count: a bounded load, not a stress test.
Prints requests per second, errors (any non-200 answer or failed request) and p50/p99
latency, overall and per endpoint; ``--write`` replaces this script's section of
``docs/benchmarks.md``. A script, not a test.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs" / "benchmarks.md"
SECTION = "## Dashboard API under load"
EVENTWIRE = Path(sys.executable).with_name("eventwire")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def demo_store() -> Path:
    store = Path("/tmp/eventwire-bench-web.duckdb")
    if not store.exists():
        print(f"building {store} from examples/demo ...", flush=True)
        subprocess.run(
            [str(EVENTWIRE), "run", str(REPO / "examples" / "demo"), "--store", str(store)],
            check=True,
            capture_output=True,
        )
    return store


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--write", action="store_true", help=f"update the section in {DOCS}")
    args = parser.parse_args()

    store = args.store or demo_store()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(EVENTWIRE), "serve", "--store", str(store), "--host", "127.0.0.1",
         "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(f"{base}/api/health", timeout=5)
                if health.status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("eventwire serve did not start")
            time.sleep(0.2)
        doc_id = httpx.get(f"{base}/api/events", params={"limit": 1}).json()["events"][0]["doc_id"]
        mix = [
            ("events page", "/api/events", {"limit": 50}),
            ("events filtered", "/api/events", {"actor": "RUS", "sort": "confidence"}),
            ("events text search", "/api/events", {"q": "sanction"}),
            ("document", f"/api/documents/{doc_id}", {}),
            ("actors", "/api/actors", {}),
            ("outlets", "/api/outlets", {}),
            ("stories", "/api/stories", {}),
            ("health", "/api/health", {}),
        ]
        latencies: dict[str, list[float]] = defaultdict(list)
        errors: list[str] = []
        counter = iter(range(args.requests))
        lock = threading.Lock()

        def client() -> None:
            with httpx.Client(base_url=base, timeout=60) as http:
                while True:
                    with lock:
                        n = next(counter, None)
                    if n is None:
                        return
                    name, path, params = mix[n % len(mix)]
                    started = time.perf_counter()
                    try:
                        response = http.get(path, params=params)
                        ok = response.status_code == 200
                    except httpx.HTTPError as exc:
                        ok, response = False, exc
                    elapsed = time.perf_counter() - started
                    with lock:
                        latencies[name].append(elapsed)
                        if not ok:
                            errors.append(f"{name}: {response}")

        load = os.getloadavg()[0]
        started = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    everything = [x for values in latencies.values() for x in values]
    rows = [("all", everything)] + [(name, latencies[name]) for name, _, _ in mix]
    print(f"{len(everything)} requests, {args.clients} clients, {wall:.1f} s, "
          f"{len(everything) / wall:.0f} requests/s, {len(errors)} errors")  # fmt: skip
    table = ["| endpoint | requests | p50 ms | p99 ms | mean ms |", "|---|---:|---:|---:|---:|"]
    for name, values in rows:
        line = (
            f"| {name} | {len(values)} | {percentile(values, 0.5) * 1000:.0f} | "
            f"{percentile(values, 0.99) * 1000:.0f} | {statistics.mean(values) * 1000:.0f} |"
        )
        table.append(line)
        print(line)
    for error in errors[:5]:
        print("error:", error)

    if args.write:
        body = (
            f"{date.today()}, Python {platform.python_version()} on {platform.machine()}, "
            f"{psutil_cpus()} CPUs, load average {load:.1f} before the run "
            f"(a shared machine), command: `.venv/bin/python benchmarks/bench_web_load.py "
            f"--clients {args.clients} --requests {args.requests} --write`\n\n"
            f"`eventwire serve` (uvicorn, one process) on 127.0.0.1 over the demo store; "
            f"{args.clients} concurrent clients share {len(everything)} GETs over the "
            f"endpoints below, round robin.\n\n"
            f"**{len(errors)} errors; {len(everything) / wall:.0f} requests/s; "
            f"p50 {percentile(everything, 0.5) * 1000:.0f} ms, "
            f"p99 {percentile(everything, 0.99) * 1000:.0f} ms.**\n\n" + "\n".join(table)
        )
        text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Benchmarks\n"
        head, found, rest = text.partition(SECTION)
        tail = rest[rest.find("\n## ") :] if found and "\n## " in rest else ""
        DOCS.write_text(head.rstrip("\n") + f"\n\n{SECTION}\n\n{body}\n{tail}", "utf-8")
        print(f"wrote {SECTION!r} in {DOCS}")
    raise SystemExit(1 if errors else 0)


def psutil_cpus() -> int:
    import psutil

    return psutil.cpu_count() or 0


if __name__ == "__main__":
    main()

"""Single-machine scale: extraction speed, workers, memory as the corpus grows.

    .venv/bin/python benchmarks/bench_scale.py [--docs 1000] [--memory-base 50] [--write]

Builds seeded corpora with ``benchmarks/make_corpus.py`` and measures, side by
side in one run on the same machine:

1. documents/second of ``eventwire extract`` (fast path: selective parse, one
   worker per core; also ``--workers 1`` and ``--full-parse``) against a plain
   ``nlp.pipe`` pass with all components of the same spaCy model over the same
   cleaned texts. Every side is a fresh subprocess timed from start to end
   (interpreter, model loading, reading the files included), so no side is
   helped by a warm cache; the default 1,000 articles keep the fixed start-up
   (about 1 s for spaCy alone, 3-4 s for eventwire with its gazetteer and actor
   base, in each worker) from deciding the ratio;
2. peak resident memory (the whole process tree, sampled) of ``eventwire
   extract`` at 1x, 4x and 16x the base corpus size;
3. ``--workers 2`` against ``--workers 1`` (the speed-up);
and events-F1 on the plover_gsr dev split for the fast and the full path, so a
speed-up can be seen not to cost accuracy. A script, not a test.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import REPO, machine_line, write_section  # noqa: E402
from make_corpus import write_corpus  # noqa: E402

EVENTWIRE = Path(sys.executable).parent / "eventwire"
PLOVER = REPO.parent / "shared" / "data" / "plover_gsr" / "dev.jsonl"
WORK = Path("/tmp/eventwire-bench")
SECTION = "## Extraction speed, workers and memory (single machine)"


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB, summed over the process tree) of a command."""
    started = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        try:
            tree = [proc, *proc.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.read().decode()[-500:]}")
    return seconds, peak / 2**20


def baseline(corpus: str, numpy_blas: bool = False) -> None:
    """The comparison side: read the same corpus, full spaCy pipeline over it
    (as shipped, or with eventwire's BLAS choice: numpy's, one thread)."""
    import spacy

    from eventwire import nlp as ew_nlp
    from eventwire.pipeline import Options, documents

    nlp = spacy.load(ew_nlp.MODEL)
    if numpy_blas:
        ew_nlp.one_blas_thread()
        ew_nlp.numpy_blas(nlp)
    texts = (d.text for d in documents([corpus], Options(report=lambda m: None), []))
    for _ in nlp.pipe(texts, batch_size=16):
        pass


def extract(corpus: Path, *flags: str) -> list[str]:
    return [str(EVENTWIRE), "extract", str(corpus), "--out", "/dev/null", *flags]


def f1_both_paths() -> dict[str, tuple[float, float]]:
    """Events F1 (type only, type+source+target) on plover_gsr, fast and full path."""
    if not PLOVER.exists():
        return {}
    from eventwire.evaluate import evaluate_events
    from eventwire.events import EventExtractor

    out = {}
    for name, selective in (("fast (selective parse)", True), ("full parse", False)):
        scores = evaluate_events(PLOVER, EventExtractor(selective=selective))
        out[name] = (scores.type_only.f1, scores.full.f1)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="corpus size for speed")
    parser.add_argument("--memory-base", type=int, default=50, help="1x size for memory")
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    parser.add_argument("--baseline", help=argparse.SUPPRESS)
    parser.add_argument("--numpy-blas", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.baseline:
        baseline(args.baseline, args.numpy_blas)
        return 0
    command = "python benchmarks/bench_scale.py " + " ".join(argv or sys.argv[1:])
    header = machine_line(command.strip())
    corpus = WORK / f"speed-{args.docs}"
    write_corpus(args.docs, corpus)
    size_mb = sum(f.stat().st_size for f in corpus.glob("*.jsonl")) / 1e6

    runs = {
        "plain spaCy nlp.pipe, all components (baseline)": [
            sys.executable,
            __file__,
            "--baseline",
            str(corpus),
        ],
        "plain spaCy nlp.pipe, all components, numpy BLAS as eventwire uses it": [
            sys.executable,
            __file__,
            "--baseline",
            str(corpus),
            "--numpy-blas",
        ],
        "eventwire extract (defaults: selective parse, 2 workers)": extract(corpus),
        "eventwire extract --workers 1": extract(corpus, "--workers", "1"),
        "eventwire extract --workers 1 --full-parse": extract(
            corpus, "--workers", "1", "--full-parse"
        ),
    }
    speed = {}
    for name, cmd in runs.items():
        seconds, peak = timed(cmd)
        speed[name] = (seconds, peak)
        print(f"{name}: {seconds:.1f} s, {args.docs / seconds:.2f} docs/s, peak {peak:.0f} MB")
    base, same_blas = (speed[name][0] for name in list(runs)[:2])

    memory = {}
    for factor in (1, 4, 16):
        n = args.memory_base * factor
        path = WORK / f"memory-{n}"
        write_corpus(n, path)
        seconds, peak = timed(extract(path))
        memory[factor] = (n, seconds, peak)
        print(f"memory {factor}x ({n} docs): peak {peak:.0f} MB in {seconds:.1f} s")

    f1 = f1_both_paths()
    lines = [
        header,
        "",
        f"Speed corpus: {args.docs} articles, {size_mb:.1f} MB "
        f"(`benchmarks/make_corpus.py {args.docs}`, seed 7).",
        "",
        "| run | seconds | docs/s | peak RSS MB | speed vs baseline | vs spaCy on numpy BLAS |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, (seconds, peak) in speed.items():
        lines.append(
            f"| {name} | {seconds:.1f} | {args.docs / seconds:.2f} | {peak:.0f} | "
            f"**{base / seconds:.2f}x** | {same_blas / seconds:.2f}x |"
        )
    one = speed["eventwire extract --workers 1"][0]
    two = speed["eventwire extract (defaults: selective parse, 2 workers)"][0]
    lines += ["", f"**Workers: `--workers 2` is {one / two:.2f}x `--workers 1`** (same corpus)."]
    lines += [
        "",
        "| corpus | articles | seconds | peak RSS MB (process tree) |",
        "|---|---:|---:|---:|",
    ]
    for factor, (n, seconds, peak) in memory.items():
        lines.append(f"| {factor}x | {n} | {seconds:.1f} | {peak:.0f} |")
    flat = max(p for _, _, p in memory.values()) / memory[1][2]
    lines += ["", f"**Memory: peak at 16x is {flat:.2f}x the peak at 1x.**"]
    if f1:
        lines += ["", "| path | plover_gsr dev type-only F1 | type+source+target F1 |"]
        lines += ["|---|---:|---:|"]
        lines += [f"| {name} | {a:.3f} | {b:.3f} |" for name, (a, b) in f1.items()]
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_section(SECTION, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

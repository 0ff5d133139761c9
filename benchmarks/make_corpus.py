"""A benchmark corpus of N articles, recombined from the demo corpus.

    .venv/bin/python benchmarks/make_corpus.py N [--out DIR] [--seed S] [--from PATHS...]

Reads the demo corpus (default ``examples/demo``) through
``eventwire.pipeline.documents``, splits the cleaned texts into paragraphs and
writes N new articles as JSONL (``DIR/corpus.jsonl``, 1,000 records per file
part). Each article takes a headline and 4-9 paragraphs drawn from the whole
demo corpus, and swaps the state names it mentions through one random
permutation of the states the demo names, so the articles read like news (same
sentence shapes, real names) without repeating the demo word for word. An
outlet and a publication date in the demo's range come with each record. The
same N and seed always give the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PER_FILE = 1_000
# Names swapped among themselves: states the demo corpus writes about.
STATES = (
    "Belarus",
    "China",
    "Russia",
    "Ukraine",
    "Kazakhstan",
    "Uzbekistan",
    "Kyrgyzstan",
    "Tajikistan",
    "Turkmenistan",
    "Iran",
    "Saudi Arabia",
    "India",
    "Pakistan",
    "Turkey",
    "Germany",
    "France",
    "Poland",
    "Japan",
    "Brazil",
    "South Africa",
)
OUTLETS = (
    "Harbor Ledger",
    "Meridian Wire",
    "Steppe Courier",
    "Atlas Daily",
    "Northgate Post",
    "Continental Review",
    "Eastern Monitor",
    "Global Dispatch",
)


def paragraphs(paths: list[str]) -> list[str]:
    from eventwire.pipeline import Options, documents

    options = Options(report=lambda message: None)
    out = []
    for doc in documents(paths, options, []):
        out += [p.strip() for p in re.split(r"\n\s*\n", doc.text) if len(p.strip()) > 60]
    return out


def article(rng: random.Random, pool: list[str], index: int) -> dict:
    chosen = rng.sample(pool, rng.randint(4, 9))
    shuffled = list(STATES)
    rng.shuffle(shuffled)
    swap = dict(zip(STATES, shuffled, strict=True))
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, STATES)) + r")\b")
    text = "\n\n".join(pattern.sub(lambda m: swap[m.group(1)], p) for p in chosen)
    title = text.split(".")[0][:90]
    published = date(2022, 1, 1) + timedelta(days=rng.randrange(3 * 365))
    return {
        "id": f"bench-{index:07d}",
        "title": title,
        "outlet": rng.choice(OUTLETS),
        "url": f"https://bench.example/{index:07d}",
        "published": published.isoformat(),
        "text": text,
    }


def write_corpus(n: int, out: Path, seed: int = 7, sources: list[str] | None = None) -> list[Path]:
    """Write N articles under ``out``; returns the files written."""
    pool = paragraphs(sources or [str(REPO / "examples" / "demo")])
    if not pool:
        raise SystemExit("make_corpus: no paragraphs in the source corpus")
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("corpus-*.jsonl"):
        old.unlink()
    files = []
    for part_start in range(0, n, PER_FILE):
        path = out / f"corpus-{part_start // PER_FILE:04d}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for i in range(part_start, min(n, part_start + PER_FILE)):
                fh.write(json.dumps(article(rng, pool, i), ensure_ascii=False) + "\n")
        files.append(path)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("--out", type=Path, default=Path("out/bench-corpus"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--from", dest="sources", nargs="*", help="source corpus paths")
    args = parser.parse_args(argv)
    files = write_corpus(args.n, args.out, args.seed, args.sources)
    size = sum(f.stat().st_size for f in files)
    print(f"{args.n} articles, {size / 1e6:.1f} MB in {len(files)} file(s) under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

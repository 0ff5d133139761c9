"""Scoring story clusters: B-cubed and pairwise precision / recall / F1.

Gold records (``story_clusters`` format): ``{"id", "text", "cluster", "topic"}``,
optionally ``published``. ``score_clusters`` compares any predicted clustering
with the gold one. ``evaluate_stories`` clusters the gold texts with the stories
stage and reports:

- **k-fold** (the headline): folds by ``topic`` (topic-mates are each other's
  hardest negatives, so a topic never straddles folds); the weights and the
  threshold are tuned on the other folds and the held-out fold is clustered with
  them; the held-out predictions are pooled and scored once;
- **in-sample** (labelled as such): the shipped default weights on the whole file,
  which were themselves chosen on this dev data.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from ..errors import InputError
from ..gold import jsonl_objects
from ..records import Document
from .cluster import DEFAULT_WEIGHTS, Weights, assign, features, similarities

FOLDS = 5
GRID = {
    "names": (1.0, 1.5, 2.0),
    "bigrams": (1.0, 1.5),
    "numbers": (0.5, 0.8),
    "years": (0.05, 0.1),
}
THRESHOLDS = tuple(round(0.10 + 0.01 * i, 2) for i in range(11))


def _prf(p: float, r: float) -> dict[str, float]:
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def score_clusters(predicted: Sequence, gold: Sequence) -> dict[str, dict[str, float]]:
    """B-cubed and pairwise P/R/F1 of a predicted clustering (one label per item)."""
    if len(predicted) != len(gold):
        raise ValueError("predicted and gold clusterings differ in length")
    n = len(gold)
    if n == 0:
        return {"bcubed": _prf(0, 0), "pairwise": _prf(0, 0)}
    by_pred: dict = defaultdict(set)
    by_gold: dict = defaultdict(set)
    for i, (p, g) in enumerate(zip(predicted, gold, strict=True)):
        by_pred[p].add(i)
        by_gold[g].add(i)
    precision = recall = 0.0
    for i in range(n):
        a, b = by_pred[predicted[i]], by_gold[gold[i]]
        both = len(a & b)
        precision += both / len(a)
        recall += both / len(b)
    bcubed = _prf(precision / n, recall / n)
    same_pred = sum(len(s) * (len(s) - 1) // 2 for s in by_pred.values())
    same_gold = sum(len(s) * (len(s) - 1) // 2 for s in by_gold.values())
    same_both = 0
    for members in by_pred.values():
        counts: dict = defaultdict(int)
        for i in members:
            counts[gold[i]] += 1
        same_both += sum(c * (c - 1) // 2 for c in counts.values())
    pairwise = _prf(
        same_both / same_pred if same_pred else 0.0, same_both / same_gold if same_gold else 0.0
    )
    return {"bcubed": bcubed, "pairwise": pairwise}


def read_clusters(path: str | Path) -> list[dict]:
    records = []
    for n, record in jsonl_objects(path):
        if "text" not in record or "cluster" not in record:
            raise InputError(f"{path}:{n}: story gold record needs 'text' and 'cluster'")
        records.append(record)
    return records


def _cluster(sims, index: Sequence[int], weights: Weights) -> list[int]:
    sub = sims.subset(index)
    return assign(sub.combined(weights), [None] * len(index), weights.threshold)


def _tune(sims, index: Sequence[int], gold: Sequence) -> tuple[Weights, float]:
    best, best_f1 = DEFAULT_WEIGHTS, -1.0
    sub = sims.subset(index)
    fold_gold = [gold[i] for i in index]
    keys = list(GRID)
    for values in itertools.product(*(GRID[k] for k in keys)):
        w = replace(DEFAULT_WEIGHTS, **dict(zip(keys, values, strict=True)))
        sim = sub.combined(w)
        for t in THRESHOLDS:
            labels = assign(sim, [None] * len(index), t)
            f1 = score_clusters(labels, fold_gold)["bcubed"]["f1"]
            if f1 > best_f1:
                best, best_f1 = replace(w, threshold=t), f1
    return best, best_f1


def evaluate_stories(path: str | Path, folds: int = FOLDS) -> dict:
    """Cluster the gold texts; k-fold (by topic) headline plus the in-sample figure."""
    records = read_clusters(path)
    gold = [r["cluster"] for r in records]
    docs = [
        Document(str(r.get("id", n)), r["text"], str(n), str(path), published=r.get("published"))
        for n, r in enumerate(records)
    ]
    sims = similarities([features(d) for d in docs])
    topics = sorted({str(r.get("topic", r["cluster"])) for r in records})
    fold_of = {t: n % folds for n, t in enumerate(topics)}
    pooled: list = [None] * len(records)
    chosen = []
    for k in range(folds):
        held = [i for i, r in enumerate(records) if fold_of[str(r.get("topic", r["cluster"]))] == k]
        train = [i for i in range(len(records)) if i not in set(held)]
        if not held:
            continue
        weights, _ = _tune(sims, train, gold) if train else (DEFAULT_WEIGHTS, 0.0)
        chosen.append(weights)
        for i, label in zip(held, _cluster(sims, held, weights), strict=True):
            pooled[i] = (k, label)
    in_sample = _cluster(sims, list(range(len(records))), DEFAULT_WEIGHTS)
    return {
        "records": len(records),
        "gold_clusters": len(set(gold)),
        "folds": folds,
        "kfold": score_clusters(pooled, gold),
        "in_sample_default_weights": score_clusters(in_sample, gold),
        "predicted_clusters_in_sample": len(set(in_sample)),
        "fold_thresholds": [w.threshold for w in chosen],
        "fold_weights": [
            {"names": w.names, "bigrams": w.bigrams, "numbers": w.numbers, "years": w.years}
            for w in chosen
        ],
        "default_weights": {
            "names": DEFAULT_WEIGHTS.names,
            "bigrams": DEFAULT_WEIGHTS.bigrams,
            "numbers": DEFAULT_WEIGHTS.numbers,
            "years": DEFAULT_WEIGHTS.years,
            "threshold": DEFAULT_WEIGHTS.threshold,
        },
    }


def stories_task(path: str | Path) -> tuple[str, dict]:
    """``eventwire eval --task stories``: the table and the scores."""
    s = evaluate_stories(path)
    rows = [
        f"records: {s['records']}, gold stories: {s['gold_clusters']}",
        "| clustering | B-cubed P | B-cubed R | B-cubed F1 "
        "| pairwise P | pairwise R | pairwise F1 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, key in (
        (f"{s['folds']}-fold by topic (held-out)", "kfold"),
        ("in-sample, default weights (tuned on this file)", "in_sample_default_weights"),
    ):
        b, p = s[key]["bcubed"], s[key]["pairwise"]
        rows.append(
            f"| {name} | {b['precision']:.3f} | {b['recall']:.3f} | {b['f1']:.3f} "
            f"| {p['precision']:.3f} | {p['recall']:.3f} | {p['f1']:.3f} |"
        )
    rows.append(f"thresholds chosen per fold: {s['fold_thresholds']}")
    return "\n".join(rows), s

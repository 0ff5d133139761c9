"""Modality and attribution of extracted events against hand-annotated mentions.

The gold file (``tests/data/modality/demo_modality.jsonl``, its README and
guideline beside it) lists event mentions of the demo corpus: article
(``doc_id`` and ``file``, a path under the corpus folder, ``path:line`` for
JSONL), the sentence verbatim, the cue words, the PLOVER type, readable actor
names, and the labels under test: ``modality`` and ``attributed_to``.

The set is not exhaustive, so it scores the labels of events that match a
record, not recall of events: an extracted event matches when it is in the same
article, its evidence covers the record's sentence and its type is the
record's; among several such events, the one whose actors share most words
with the record's ``source`` and ``target`` (then the first). Each event
answers one record at most. Reported: how many records were matched, modality
accuracy with a per-label table and the confusions, and attribution agreement
(both null, or the extracted speaker's text or name sharing a word with the
gold speaker).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from .errors import InputError
from .gold import jsonl_objects
from .records import ActorMention, Document, Event

LABELS = ("asserted", "planned", "hypothetical", "negated", "denied")
CORPUS = Path("examples") / "demo"


def _corpus_root(gold: Path) -> Path:
    """``examples/demo`` in the gold file's repository (searched upwards), else
    under the working directory."""
    for parent in gold.resolve().parents:
        if (parent / CORPUS).is_dir():
            return parent / CORPUS
    if CORPUS.is_dir():
        return CORPUS
    raise InputError(f"{gold}: cannot find the corpus folder {CORPUS} for its 'file' fields")


def _read_gold(path: Path) -> list[dict]:
    records = []
    for n, rec in jsonl_objects(path):
        missing = {"doc_id", "sentence", "type", "modality"} - set(rec)
        if missing:
            raise InputError(f"{path}:{n}: missing field(s) {', '.join(sorted(missing))}")
        if rec["modality"] not in LABELS:
            raise InputError(f"{path}:{n}: unknown modality {rec['modality']!r}")
        records.append(rec)
    return records


def _words(text: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-z]{3,}", (text or "").lower()) if w != "the"}


def _actor_words(actors: list[ActorMention]) -> set[str]:
    return set().union(*(_words(a.text) | _words(a.name) for a in actors)) if actors else set()


def _span(doc: Document, sentence: str) -> tuple[int, int] | None:
    """Where the gold sentence is in the cleaned text (whitespace-insensitive)."""
    at = doc.text.find(sentence)
    if at >= 0:
        return at, at + len(sentence)
    pattern = r"\s+".join(re.escape(w) for w in sentence.split())
    found = re.search(pattern, doc.text)
    return (found.start(), found.end()) if found else None


def _match(rec: dict, doc: Document, events: list[Event], used: set[str]) -> Event | None:
    span = _span(doc, rec["sentence"])
    if span is None:
        return None
    start, end = span
    candidates = [
        e
        for e in events
        if e.event_id not in used
        and e.type == rec["type"]
        and e.evidence.start < end
        and start < e.evidence.end
    ]
    if not candidates:
        return None
    gold_words = set().union(*(_words(n) for n in rec.get("source", []) + rec.get("target", [])))
    return max(candidates, key=lambda e: len(gold_words & _actor_words(e.source + e.target)))


def _attribution_agrees(gold: str | None, found: ActorMention | None) -> bool:
    if not gold or found is None:
        return not gold and found is None
    return bool(_words(gold) & (_words(found.text) | _words(found.name)))


def score_modality(gold_path: str | Path, extractor=None) -> dict:
    """Match the gold mentions to extracted events and score their labels."""
    from .events import EventExtractor
    from .pipeline import Options, documents

    gold_path = Path(gold_path)
    records = _read_gold(gold_path)
    root = _corpus_root(gold_path)
    docs = {d.doc_id: d for d in documents([str(root)], Options(report=lambda m: None), [])}
    by_file = {}
    for d in docs.values():
        origin = Path(d.origin.split(":")[0]) if d.origin else None
        line = d.origin.rsplit(":", 1)[1] if d.origin and d.origin.count(":") else None
        if origin is not None:
            rel = origin.resolve().relative_to(root.resolve()).as_posix()
            by_file[f"{rel}:{line}" if line and line.isdigit() else rel] = d
    wanted: dict[str, Document] = {}
    for rec in records:
        doc = docs.get(rec["doc_id"]) or by_file.get(rec.get("file", ""))
        if doc is None:
            raise InputError(f"{gold_path}: no article {rec['doc_id']!r} ({rec.get('file')})")
        rec["_doc"] = doc.doc_id
        wanted[doc.doc_id] = doc
    extractor = extractor or EventExtractor()
    events = {d.doc_id: evs for d, evs, _ in extractor.extract(list(wanted.values()))}
    confusion: Counter = Counter()
    attribution = Counter()
    used: set[str] = set()
    unmatched = 0
    for rec in records:
        event = _match(rec, wanted[rec["_doc"]], events[rec["_doc"]], used)
        if event is None:
            unmatched += 1
            continue
        used.add(event.event_id)
        confusion[(rec["modality"], event.modality)] += 1
        attribution[_attribution_agrees(rec.get("attributed_to"), event.attributed_to)] += 1
    matched = sum(confusion.values())
    correct = sum(n for (g, p), n in confusion.items() if g == p)
    per_label = {}
    for label in LABELS:
        tp = confusion[(label, label)]
        predicted = sum(n for (_, p), n in confusion.items() if p == label)
        gold = sum(n for (g, _), n in confusion.items() if g == label)
        p = tp / predicted if predicted else 0.0
        r = tp / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        per_label[label] = {"precision": p, "recall": r, "f1": f, "gold": gold, "tp": tp}
    return {
        "records": len(records),
        "matched": matched,
        "unmatched": unmatched,
        "accuracy": correct / matched if matched else 0.0,
        "attribution_accuracy": attribution[True] / matched if matched else 0.0,
        "per_label": per_label,
        "confusion": {f"{g} -> {p}": n for (g, p), n in confusion.most_common() if g != p},
    }


def format_modality(scores: dict) -> str:
    lines = [
        f"records: {scores['records']}, matched to an extracted event: {scores['matched']} "
        f"(same article, sentence and type), unmatched: {scores['unmatched']}",
        f"modality accuracy: {scores['accuracy']:.3f}; "
        f"attribution agreement: {scores['attribution_accuracy']:.3f}",
        "",
        "| modality | precision | recall | F1 | gold (matched) |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, s in scores["per_label"].items():
        lines.append(
            f"| {label} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['gold']} |"
        )
    if scores["confusion"]:
        lines += ["", "| gold -> extracted | count |", "|---|---:|"]
        lines += [f"| {pair} | {n} |" for pair, n in scores["confusion"].items()]
    return "\n".join(lines)


def modality_task(path: str | Path) -> tuple[str, dict]:
    scores = score_modality(path)
    return format_modality(scores), scores

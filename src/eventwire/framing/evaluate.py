"""Scoring the framing stage on public gold sets (``eventwire eval --task loaded|tone``).

Two kinds of figures, always labelled in the printed tables:

- **shipped lexicon method**: what ``eventwire run`` does on any corpus, with
  the team's own lexicon, patterns and news-adapted VADER. Nothing in it was
  fitted to these gold files, so it is scored on all of them.
- **CV-trained model**: a scikit-learn classifier trained on the gold file
  itself, scored only on held-out folds (k-fold cross-validation, folds by
  document for span tagging). These models are *not* shipped (the gold sets'
  licences do not allow it); they say what a trained component could reach.

Tasks (the record shape picks the scorer):

- ``loaded`` on loaded_language (PTC, SemEval-2020 task 11): span F1 per label
  for Loaded_Language and Name_Calling,Labeling, with the task's partial-overlap
  measure (``span_prf``) and exact match; on babe: sentence-level macro-F1
  (biased / non-biased); on basil: per-outlet recall of the lexical-bias spans.
- ``tone`` on directed_sentiment: 5-class macro-F1 of the directed tone
  between the two bracketed entities.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from ..errors import ConfigError
from ..gold import jsonl_objects
from .lexicon import LABELS, Lexicon, default_lexicon

FOLDS = 5
SEED = 0
_TOKEN = re.compile(r"\w+(?:['’-]\w+)*|[^\w\s]")
_WORD = re.compile(r"[a-z]+(?:['’-][a-z]+)*")

# -- gold files ------------------------------------------------------------------
SHAPES = {
    "loaded_language": ("text", "spans"),
    "babe": ("text", "label"),
    "basil": ("text", "spans", "outlet"),
    "directed_sentiment": ("text", "p", "q", "label"),
}


def shape_of(record: dict) -> str | None:
    """Which gold format a record has: loaded_language, babe, basil or directed_sentiment."""
    if "p" in record and "q" in record and "label" in record:
        return "directed_sentiment"
    if isinstance(record.get("spans"), list):
        spans = record["spans"]
        if "outlet" in record and (not spans or "bias" in spans[0]):
            return "basil"
        if not spans or "technique" in spans[0]:
            return "loaded_language"
    if record.get("label") in ("biased", "non-biased"):
        return "babe"
    return None


def _check(record: dict, shape: str) -> str | None:
    """The first thing wrong with a record of a known shape, or None."""
    for key in SHAPES[shape]:
        if key not in record:
            return f"missing {key!r}"
    if not isinstance(record["text"], str):
        return "'text' is not a string"
    if shape in ("loaded_language", "basil"):
        for span in record["spans"]:
            start, end = span.get("start"), span.get("end")
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end):
                return f"span {span!r} needs integer start <= end"
            if end > len(record["text"]):
                return f"span {start}-{end} runs past the end of the text"
    if shape == "directed_sentiment" and record["label"] not in range(5):
        return f"label {record['label']!r} is not one of 0-4"
    return None


def read_framing_gold(path: str | Path, shapes: Iterable[str]) -> tuple[str, list[dict]]:
    """(shape, records) of a framing gold JSONL file; every record must have the
    shape of the first one and one of ``shapes``; a bad line raises ConfigError
    naming the file, line and reason."""
    shapes = tuple(shapes)
    records, shape = [], None
    for n, record in jsonl_objects(path, ConfigError):
        found = shape_of(record)
        if shape is None:
            if found not in shapes:
                wanted = ", ".join(shapes)
                raise ConfigError(
                    f"{path}:{n}: not a gold record this task scores (expected {wanted}; "
                    "see the data folder's README for the format)"
                )
            shape = found
        problem = _check(record, shape) if found == shape else f"not a {shape} record"
        if problem:
            raise ConfigError(f"{path}:{n}: bad {shape} gold record: {problem}")
        records.append(record)
    if shape is None:
        raise ConfigError(f"{path}: no gold records")
    return shape, records


# -- span measures ---------------------------------------------------------------
def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans joined into one."""
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


class SpanScore:
    """Partial-overlap span precision/recall of SemEval-2020 task 11 (span
    identification): each predicted span earns the share of its characters
    covered by gold spans, each gold span the share covered by predicted
    ones; P and R average those credits. ``exact`` counts identical spans."""

    def __init__(self) -> None:
        self.p_credit = self.r_credit = 0.0
        self.predicted = self.gold = self.exact = 0

    def add(self, predicted: list[tuple[int, int]], gold: list[tuple[int, int]]) -> None:
        predicted, gold = merge_spans(predicted), merge_spans(gold)
        self.predicted += len(predicted)
        self.gold += len(gold)
        for p in predicted:
            self.p_credit += sum(_overlap(p, g) for g in gold) / max(1, p[1] - p[0])
        for g in gold:
            self.r_credit += sum(_overlap(p, g) for p in predicted) / max(1, g[1] - g[0])
        self.exact += len(set(predicted) & set(gold))

    @property
    def precision(self) -> float:
        return self.p_credit / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.r_credit / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def exact_f1(self) -> float:
        total = self.predicted + self.gold
        return 2 * self.exact / total if total else 0.0

    def as_dict(self) -> dict:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "exact_f1": round(self.exact_f1, 4),
            "predicted": self.predicted,
            "gold": self.gold,
        }


def score_spans(
    records: list[dict], predictions: list[list[tuple[int, int, str]]]
) -> dict[str, SpanScore]:
    """Span scores per label (Loaded_Language, Name_Calling,Labeling) and for
    both labels pooled ("either"), over documents and their predicted
    (start, end, label) spans."""
    scores = {label: SpanScore() for label in (*LABELS, "either")}
    for record, predicted in zip(records, predictions, strict=True):
        for label in LABELS:
            gold = [(s["start"], s["end"]) for s in record["spans"] if s["technique"] == label]
            scores[label].add([(s, e) for s, e, lab in predicted if lab == label], gold)
        gold_any = [(s["start"], s["end"]) for s in record["spans"] if s["technique"] in LABELS]
        scores["either"].add([(s, e) for s, e, _ in predicted], gold_any)
    return scores


def lexicon_spans(
    text: str, lexicon: Lexicon | None = None, min_confidence: float = 0.0
) -> list[tuple[int, int, str]]:
    lexicon = lexicon or default_lexicon()
    return [(s.start, s.end, s.label) for s in lexicon.find(text) if s.confidence >= min_confidence]


# -- sentence-level macro-F1 -----------------------------------------------------
def macro_f1(gold: list, predicted: list, labels: Iterable) -> tuple[float, dict]:
    """Macro-averaged F1 over the ``labels`` that occur in the gold or the
    predictions (as scikit-learn's default), and the F1 of each of ``labels``."""
    per, present = {}, set(gold) | set(predicted)
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, predicted, strict=True))
        pred = sum(p == label for p in predicted)
        gold_n = sum(g == label for g in gold)
        per[label] = 2 * tp / (pred + gold_n) if pred + gold_n else 0.0
    used = [f for label, f in per.items() if label in present]
    return (sum(used) / len(used) if used else 0.0), per


def _folds(n: int, labels: list | None = None, groups: list | None = None) -> list:
    """Train/test index arrays of a k-fold split (stratified on labels when given);
    fewer folds when a class or the data is too small, none below two."""
    import numpy as np
    from sklearn.model_selection import GroupKFold, StratifiedKFold

    if groups is not None:
        k = min(FOLDS, len(set(groups)))
        return list(GroupKFold(n_splits=k).split(np.zeros(n), groups=groups)) if k >= 2 else []
    counts = Counter(labels or [])
    k = min(FOLDS, min(counts.values())) if len(counts) > 1 else 0
    if k < 2:
        return []
    splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=SEED)
    return list(splitter.split(np.zeros(n), labels))


# -- the tasks -------------------------------------------------------------------
SHIPPED = "shipped lexicon method"
TRAINED = f"CV-trained model ({FOLDS}-fold, held-out folds only; not shipped)"


def score_loaded_language(records: list[dict], train: bool = True) -> dict:
    """Span scores of the shipped lexicon (all entries, and strong entries only)
    and, with ``train``, of a cross-validated tagger: the contextual one of
    ``span_model`` when torch and an encoder (``encoder``) are installed, else the
    token tagger of ``train`` (the method's name says which ran)."""
    methods = {
        SHIPPED: [lexicon_spans(r["text"]) for r in records],
        SHIPPED + ", strong entries only": [
            lexicon_spans(r["text"], min_confidence=0.6) for r in records
        ],
    }
    if train:
        from . import span_model

        if span_model.available():
            predicted, name = span_model.contextual_cv(records), span_model.method()
        else:
            from .train import tagger_cv

            hint = f"torch not installed: {span_model.INSTALL_HINT}"
            predicted, name = tagger_cv(records), f"token tagger ({hint})"
        if predicted is not None:
            methods[f"{TRAINED}, {name}"] = predicted
    return {
        "records": len(records),
        "methods": {
            name: {label: s.as_dict() for label, s in score_spans(records, preds).items()}
            for name, preds in methods.items()
        },
    }


def _is_biased(text: str) -> str:
    return "biased" if lexicon_spans(text) else "non-biased"


def score_babe(records: list[dict], train: bool = True) -> dict:
    """Sentence-level macro-F1 (biased / non-biased): the shipped lexicon calls a
    sentence biased when it finds a loaded span in it."""
    gold = [r["label"] for r in records]
    methods = {SHIPPED: [_is_biased(r["text"]) for r in records]}
    if train:
        from .train import babe_cv

        if (predicted := babe_cv(records)) is not None:
            methods[TRAINED] = predicted
    out = {}
    for name, predicted in methods.items():
        macro, per = macro_f1(gold, predicted, ("biased", "non-biased"))
        out[name] = {"macro_f1": round(macro, 4), **{k: round(v, 4) for k, v in per.items()}}
    return {"records": len(records), "methods": out}


def score_basil(records: list[dict]) -> dict:
    """Per outlet: the share of gold lexical-bias spans that a span of the shipped
    lexicon overlaps (recall), the same for informational spans (which a lexicon
    should not find: they are bias by fact selection), and our spans per 1,000 words."""
    outlets: dict[str, dict] = {}
    for r in records:
        o = outlets.setdefault(
            r.get("outlet") or "?",
            {
                "articles": 0,
                "lexical": 0,
                "lexical_found": 0,
                "informational": 0,
                "informational_found": 0,
                "predicted": 0,
                "predicted_on_lexical": 0,
                "words": 0,
            },
        )
        predicted = lexicon_spans(r["text"])
        o["articles"] += 1
        o["predicted"] += len(predicted)
        o["words"] += len(_WORD.findall(r["text"].lower()))
        lexical = [(s["start"], s["end"]) for s in r["spans"] if s.get("bias") == "lexical"]
        o["predicted_on_lexical"] += sum(
            any(_overlap((ps, pe), g) for g in lexical) for ps, pe, _ in predicted
        )
        for s in r["spans"]:
            kind = s.get("bias")
            if kind not in ("lexical", "informational"):
                continue
            o[kind] += 1
            o[kind + "_found"] += any(
                _overlap((ps, pe), (s["start"], s["end"])) for ps, pe, _ in predicted
            )
    total = {k: sum(o[k] for o in outlets.values()) for k in next(iter(outlets.values()), {})}
    for o in (*outlets.values(), total):
        o["lexical_recall"] = round(o["lexical_found"] / o["lexical"], 4) if o["lexical"] else 0.0
        o["informational_recall"] = (
            round(o["informational_found"] / o["informational"], 4) if o["informational"] else 0.0
        )
        o["predicted_per_1000_words"] = (
            round(1000 * o["predicted"] / o["words"], 2) if o["words"] else 0.0
        )
    return {"records": len(records), "outlets": dict(sorted(outlets.items())), "all": total}


TONE_LABELS = (0, 1, 2, 3, 4)
TONE_NAMES = ("neutral", "positive p->q", "positive q->p", "negative p->q", "negative q->p")
TONE_THRESHOLD = 0.3


def directed_rule(text: str) -> int:
    """The shipped method applied to a sentence with two bracketed entities: the
    news-adapted VADER tone of the text from the first entity on; |tone| below
    0.3 is neutral; otherwise the first-named entity (the usual subject) holds it
    toward the second."""
    from .tone import sentence_tone

    start = text.find("[")
    tone = sentence_tone(text[max(0, start) :].replace("[", "").replace("]", ""))
    if abs(tone) < TONE_THRESHOLD:
        return 0
    return 1 if tone > 0 else 3


TRAINED_VECTORS = (
    f"CV-trained model + encoder entity vectors ({FOLDS}-fold, held-out folds only; not shipped)"
)


def score_directed(records: list[dict], train: bool = True, embeddings: bool | None = None) -> dict:
    """Macro-F1 of the shipped rule and, with ``train``, of the cross-validated
    sparse model and (``embeddings``; by default when torch and an encoder are
    installed) of that model averaged with one on the encoder's entity vectors.
    ``note`` says which trained methods ran and on which encoder."""
    gold = [int(r["label"]) for r in records]
    methods = {
        SHIPPED + " (VADER adapted, first entity -> second)": [
            directed_rule(r["text"]) for r in records
        ]
    }
    note = ""
    if train:
        from . import embeddings as emb
        from .train import directed_cv

        if embeddings is None:
            embeddings = emb.available()
        if embeddings:
            note = f"entity vectors from {emb.encoder.current().label}"
        else:
            note = f"no encoder installed ({emb.INSTALL_HINT}): sparse model only"
        vectors = emb.entity_vectors([r["text"] for r in records]) if embeddings else None
        if (predicted := directed_cv(records, vectors)) is not None:
            methods[TRAINED] = predicted["sparse"]
            if "embeddings" in predicted:
                methods[TRAINED_VECTORS] = predicted["embeddings"]
    out = {}
    for name, predicted in methods.items():
        macro, per = macro_f1(gold, predicted, TONE_LABELS)
        out[name] = {
            "macro_f1": round(macro, 4),
            "per_class_f1": {TONE_NAMES[k]: round(v, 4) for k, v in per.items()},
        }
    return {"records": len(records), "methods": out, "note": note}


def _span_table(scores: dict) -> str:
    lines = [
        f"records: {scores['records']} documents",
        "span P/R/F1: partial-overlap measure of SemEval-2020 task 11; exact: identical spans",
        "| method | label | P | R | F1 | exact F1 | predicted | gold |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for method, per in scores["methods"].items():
        for label, s in per.items():
            lines.append(
                f"| {method} | {label} | {s['precision']:.3f} | {s['recall']:.3f} | "
                f"{s['f1']:.3f} | {s['exact_f1']:.3f} | {s['predicted']} | {s['gold']} |"
            )
    return "\n".join(lines)


def _babe_table(scores: dict) -> str:
    lines = [
        f"records: {scores['records']} sentences",
        "| method | macro-F1 | biased F1 | non-biased F1 |",
        "|---|---:|---:|---:|",
    ]
    for method, s in scores["methods"].items():
        lines.append(
            f"| {method} | {s['macro_f1']:.3f} | {s['biased']:.3f} | {s['non-biased']:.3f} |"
        )
    return "\n".join(lines)


def _basil_table(scores: dict) -> str:
    lines = [
        f"records: {scores['records']} articles; {SHIPPED} (no training)",
        "| outlet | articles | lexical spans | recall | informational spans | recall "
        "| our spans / 1,000 words | our spans on a lexical span |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    rows = [*scores["outlets"].items(), ("all", scores["all"])]
    for name, o in rows:
        lines.append(
            f"| {name} | {o['articles']} | {o['lexical']} | {o['lexical_recall']:.3f} | "
            f"{o['informational']} | {o['informational_recall']:.3f} | "
            f"{o['predicted_per_1000_words']:.2f} | {o['predicted_on_lexical']}/{o['predicted']} |"
        )
    return "\n".join(lines)


def _tone_table(scores: dict) -> str:
    lines = [
        f"records: {scores['records']} sentence/entity pairs",
        "| method | macro-F1 | " + " | ".join(TONE_NAMES) + " |",
        "|---|---:|" + "---:|" * len(TONE_NAMES),
    ]
    for method, s in scores["methods"].items():
        per = " | ".join(f"{s['per_class_f1'][n]:.3f}" for n in TONE_NAMES)
        lines.append(f"| {method} | {s['macro_f1']:.3f} | {per} |")
    if scores.get("note"):
        lines.append(f"note: {scores['note']}")
    return "\n".join(lines)


def loaded_task(path: str | Path, train: bool = True) -> tuple[str, dict]:
    """``eventwire eval --task loaded``: loaded_language, babe or basil gold, by record
    shape; ``train=False`` scores only the shipped method (seconds, not minutes)."""
    shape, records = read_framing_gold(path, ("loaded_language", "babe", "basil"))
    if shape == "loaded_language":
        scores = score_loaded_language(records, train)
        return _span_table(scores), {"dataset": shape, **scores}
    if shape == "babe":
        scores = score_babe(records, train)
        return _babe_table(scores), {"dataset": shape, **scores}
    scores = score_basil(records)
    return _basil_table(scores), {"dataset": shape, **scores}


def tone_task(path: str | Path, train: bool = True) -> tuple[str, dict]:
    """``eventwire eval --task tone``: directed tone between two entities (5 classes)."""
    shape, records = read_framing_gold(path, ("directed_sentiment",))
    scores = score_directed(records, train)
    return _tone_table(scores), {"dataset": shape, **scores}

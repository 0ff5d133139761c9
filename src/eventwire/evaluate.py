"""Scoring against gold files (DESIGN.md section 6).

``score_events`` runs the extractor over each gold record's text and matches
its events one-to-one against the gold events:

- *type-only*: the extracted type is one of the gold event's accepted types;
- *type+source+target*: also the source codes overlap the gold source codes and,
  when the gold event lists targets, the target codes overlap them. For the
  symmetric types (CONSULT, AGREE, COOPERATE) and for reciprocal gold events
  (several sources, no target) the two roles may be swapped or pooled. Gold
  ``IGO`` accepts any international organisation.

Precision = matched / extracted, recall = matched / gold, F1 their harmonic mean.
Events whose modality is ``negated`` or ``denied`` are not counted as extracted:
they state that the event did not happen, and the gold sets code only events
that did (or were announced). Gold group codes NGO and IMG count as ``IGO``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .errors import ConfigError, InputError
from .evaluate_modality import modality_task
from .framing.evaluate import loaded_task, tone_task
from .gold import jsonl_objects
from .ontology import RENAMED, SYMMETRIC_TYPES, event_types
from .records import ActorMention, Document, Event, stable_hash
from .stories.evaluate import stories_task


@dataclass
class PRF:
    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "predicted": self.predicted,
            "gold": self.gold,
        }


@dataclass
class EventScores:
    records: int = 0
    type_only: PRF = field(default_factory=PRF)
    full: PRF = field(default_factory=PRF)
    per_type: dict[str, PRF] = field(default_factory=dict)
    # (gold type or "-", extracted type or "-") for the events type-only matching left over
    confusion: Counter = field(default_factory=Counter)
    not_counted: int = 0  # negated/denied events left out of the scoring

    def as_dict(self) -> dict:
        return {
            "records": self.records,
            "type_only": self.type_only.as_dict(),
            "type_source_target": self.full.as_dict(),
            "per_type": {t: s.as_dict() for t, s in sorted(self.per_type.items())},
            "confusion": [
                {"gold": g, "extracted": e, "count": n}
                for (g, e), n in self.confusion.most_common()
            ],
            "not_counted_negated_or_denied": self.not_counted,
        }


def read_gold(path: str | Path, needs: tuple[str, ...] = ("events",)) -> Iterator[dict]:
    """Gold records from a JSONL file, each with ``text`` and one of the ``needs``
    fields; a bad line raises InputError naming it."""
    for n, record in jsonl_objects(path):
        if "text" not in record or not any(k in record for k in needs):
            wanted = " or ".join(repr(k) for k in needs)
            raise InputError(f"{path}:{n}: gold record needs 'text' and {wanted}")
        yield record


@cache
def _state_codes() -> frozenset[str]:
    from .actors import ActorResolver

    return frozenset(e.country for e in ActorResolver.default().entities if e.kind == "state")


def _codes(mentions: list[ActorMention]) -> set[str]:
    """The codes a mention answers to: its code, plus ``IGO`` for an international
    organisation (sector IGO, or an organisation with no country of its own)."""
    codes = set()
    for m in mentions:
        if m.country:
            codes.add(m.country)
        if m.sector == "IGO" or (m.kind == "organisation" and m.country not in _state_codes()):
            codes.add("IGO")
    return codes


def _overlaps(predicted: set[str], gold: list[str]) -> bool:
    return not gold or bool(predicted & set(gold))


def _gold_codes(codes: list[str] | None) -> list[str]:
    """Gold codes with their group alternatives: ``NGO``/``IMG``/``IGOUNO`` -> also ``IGO``."""
    out = list(codes or [])
    out += ["IGO" for c in codes or [] if c[:3] in ("IGO", "NGO", "IMG") and "IGO" not in out]
    return out


def counted(event: Event) -> bool:
    """An extracted event the scorer counts: not one the text says did not happen."""
    return event.modality not in ("negated", "denied")


def roles_match(event: Event, gold: dict) -> bool:
    src, tgt = _codes(event.source), _codes(event.target)
    g_src, g_tgt = _gold_codes(gold.get("source")), _gold_codes(gold.get("target"))
    if not g_tgt and len(g_src) > 1:  # reciprocal: every participant listed as source
        return bool((src | tgt) & set(g_src))
    if _overlaps(src, g_src) and _overlaps(tgt, g_tgt):
        return True
    if event.type in SYMMETRIC_TYPES:
        if _overlaps(tgt, g_src) and _overlaps(src, g_tgt):
            return True
        # "Brazil and the United States are seeking a partnership" against BRA -> USA
        pooled = src | tgt
        return len(pooled) > 1 and _overlaps(pooled, g_src) and _overlaps(pooled, g_tgt)
    return False


def _gold_types(gold: dict) -> set[str]:
    return {RENAMED.get(t, t) for t in gold.get("type") or []}


def _match(events: list[Event], golds: list[dict], with_roles: bool) -> list[tuple[Event, dict]]:
    pairs, used = [], set()
    for event in sorted(events, key=lambda e: -e.confidence):
        for i, gold in enumerate(golds):
            if i in used or event.type not in _gold_types(gold):
                continue
            if with_roles and not roles_match(event, gold):
                continue
            used.add(i)
            pairs.append((event, gold))
            break
    return pairs


def _gold_id(record: dict) -> str:
    return str(record.get("id") or stable_hash(record["text"]))


def score_events(records: list[dict], extractor) -> EventScores:
    """Score an extractor (``EventExtractor``-like) on gold event records."""
    scores = EventScores()
    per_type: dict[str, PRF] = {t: PRF() for t in event_types()}
    golds_by_id = {_gold_id(r): r["events"] for r in records}
    docs = (
        Document(
            doc_id=_gold_id(r),
            text=r["text"],
            content_hash=stable_hash(r["text"]),
            origin=_gold_id(r),
            published=r.get("published"),
        )
        for r in records
    )
    for document, all_events, _ in extractor.extract(docs):
        golds = golds_by_id[document.doc_id]
        events = [e for e in all_events if counted(e)]
        scores.not_counted += len(all_events) - len(events)
        scores.records += 1
        _confuse(scores.confusion, events, golds)
        for prf, with_roles in ((scores.type_only, False), (scores.full, True)):
            prf.predicted += len(events)
            prf.gold += len(golds)
            prf.tp += len(_match(events, golds, with_roles))
        for event in events:
            per_type[event.type].predicted += 1
        for gold in golds:
            types = gold.get("type") or []
            first = RENAMED.get(types[0], types[0]) if types else None
            if first in per_type:
                per_type[first].gold += 1
        for event, _gold in _match(events, golds, with_roles=True):
            per_type[event.type].tp += 1
    scores.per_type = {t: s for t, s in per_type.items() if s.gold or s.predicted}
    return scores


def _confuse(confusion: Counter, events: list[Event], golds: list[dict]) -> None:
    """Pair the events and gold events that type-only matching left unmatched, in
    sentence order: (gold type, extracted type); "-" when one side has none left."""
    pairs = _match(events, golds, with_roles=False)
    used_e = {id(e) for e, _ in pairs}
    used_g = {id(g) for _, g in pairs}
    left_e = [e.type for e in events if id(e) not in used_e]
    left_g = [_first_type(g) or "-" for g in golds if id(g) not in used_g]
    for i in range(max(len(left_e), len(left_g))):
        gold = left_g[i] if i < len(left_g) else "-"
        extracted = left_e[i] if i < len(left_e) else "-"
        confusion[(gold, extracted)] += 1


def _first_type(gold: dict) -> str | None:
    types = gold.get("type") or []
    return RENAMED.get(types[0], types[0]) if types else None


def evaluate_events(path: str | Path, extractor=None) -> EventScores:
    """Score the default extractor on a gold JSONL file of events."""
    if extractor is None:
        from .events import EventExtractor

        extractor = EventExtractor()
    return score_events(list(read_gold(path)), extractor)


def _events_task(path: str | Path) -> tuple[str, dict]:
    scores = evaluate_events(path)
    return format_table(scores), scores.as_dict()


def _gold_actor_code(code: str) -> str:
    """Gold group codes (IGO, IGOUNO, NGO, IMG, ...) -> "IGO": any non-state organisation."""
    return "IGO" if code[:3] in ("IGO", "NGO", "IMG") else code


def _mention_code(mention: ActorMention, states: set[str]) -> str | None:
    """The code a resolved mention stands for: its state, or "IGO" for an
    international organisation, an NGO or an armed group with no state."""
    if mention.sector == "IGO" or (
        mention.kind == "organisation" and mention.country not in states
    ):
        return "IGO"
    return mention.country


def score_actors(records: Iterable[dict], resolver=None) -> tuple[PRF, dict[str, PRF], int]:
    """Actor codes per gold sentence: recall = gold source/target codes that are
    among the codes resolved in the sentence; precision = resolved codes that
    are gold codes. Also (resolved codes, gold ones) by the mention kind that gave them."""
    if resolver is None:
        from .actors import ActorResolver

        resolver = ActorResolver.default()
    states = {e.country for e in resolver.entities if e.kind == "state"}
    total, by_kind, n = PRF(), {}, 0
    for record in records:
        if not record["events"]:
            continue
        n += 1
        gold = {
            _gold_actor_code(code)
            for event in record["events"]
            for role in ("source", "target")
            for code in event.get(role) or []
        }
        kinds: dict[str, set[str]] = {}
        for mention in resolver.find(record["text"], record.get("published")):
            code = _mention_code(mention, states)
            if code is not None:
                kinds.setdefault(code, set()).add(mention.kind)
        total.gold += len(gold)
        total.predicted += len(kinds)
        total.tp += len(gold & kinds.keys())
        for code, found_as in kinds.items():
            for kind in found_as:
                prf = by_kind.setdefault(kind, PRF())
                prf.predicted += 1
                prf.tp += code in gold
    return total, by_kind, n


def _actors_task(path: str | Path) -> tuple[str, dict]:
    total, by_kind, n = score_actors(read_gold(path))
    lines = [
        f"records: {n}",
        "| measure | precision | recall | F1 | matched | resolved | gold |",
        "|---|---:|---:|---:|---:|---:|---:|",
        f"| actor codes per sentence | {total.precision:.3f} | {total.recall:.3f} "
        f"| {total.f1:.3f} | {total.tp} | {total.predicted} | {total.gold} |",
        "",
        "| resolved from mention kind | codes | gold codes | precision |",
        "|---|---:|---:|---:|",
    ]
    for kind, prf in sorted(by_kind.items()):
        lines.append(f"| {kind} | {prf.predicted} | {prf.tp} | {prf.precision:.3f} |")
    scores = {
        "records": n,
        "actors": total.as_dict(),
        "by_kind": {k: {"codes": v.predicted, "gold": v.tp} for k, v in sorted(by_kind.items())},
    }
    return "\n".join(lines), scores


# -- dates and places (issue 6) ------------------------------------------------
def _read_jsonl(path: str | Path, needs: tuple[str, ...]) -> list[dict]:
    """Records of a JSONL gold file that carry every field of one of the ``needs``."""
    return list(read_gold(path, needs))


def _timex_value(value: str) -> str:
    """TimeML values compared loosely on week numbers: 2000-W07 == 2000-W7."""
    import re

    return re.sub(r"W0*(\d)", r"W\1", value)


def score_dates(records: list[dict]) -> dict:
    """Timex gold (``timex`` lists with TimeML type/value): DATE expressions found
    (any overlap) and their normalised value. ``value_accuracy`` counts every gold
    DATE (a missed one is wrong); ``value_accuracy_found`` only the found ones
    (TempEval-3's value accuracy)."""
    from .timex import find_timexes

    gold_n = found = correct = predicted = spurious = 0
    for r in records:
        pred = [t for t in find_timexes(r["text"], r.get("published")) if t.type == "DATE"]
        golds = [g for g in r["timex"] if g["type"] == "DATE"]
        predicted += len(pred)
        spurious += sum(
            not any(t.start < g["end"] and g["start"] < t.end for g in r["timex"]) for t in pred
        )
        for g in golds:
            gold_n += 1
            hit = next((t for t in pred if t.start < g["end"] and g["start"] < t.end), None)
            if hit is not None:
                found += 1
                correct += _timex_value(hit.value) == _timex_value(g["value"])
    prf = PRF(tp=found, predicted=predicted, gold=gold_n)
    return {
        "records": len(records),
        "gold_dates": gold_n,
        "found": found,
        "value_correct": correct,
        "value_accuracy": round(correct / gold_n, 4) if gold_n else 0.0,
        "value_accuracy_found": round(correct / found, 4) if found else 0.0,
        "detection": prf.as_dict(),
        "predicted_not_in_gold": spurious,
    }


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    import math

    p = math.pi / 180
    a = (
        math.sin((lat2 - lat1) * p / 2) ** 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    )
    return 12742 * math.asin(math.sqrt(a))


def _parsed_places(records: list[dict]):
    from .actors import ActorResolver
    from .nlp import load
    from .places import PlaceFinder

    nlp, resolver, finder = load(), ActorResolver.default(), PlaceFinder()
    for doc, r in nlp.pipe(((r["text"], r) for r in records), as_tuples=True, batch_size=16):
        mentions = resolver.find(r["text"], r.get("published"))
        yield r, doc, mentions, finder.find(doc, mentions)


def score_toponyms(records: list[dict]) -> dict:
    """GeoWebNews-style gold (``toponyms`` with lat/lon): of the toponyms that have
    coordinates, how many we recognise (a resolved place overlapping the span) and
    how many of those we place within 161 km (accuracy@161km, the geoparsing
    standard); ``accuracy_161km_all`` counts unrecognised ones as wrong."""
    from collections import Counter

    from .places import Gazetteer

    gazetteer = Gazetteer.default()
    gold_n = recognised = within = within_given = 0
    errors: list[float] = []
    for r, _doc, _mentions, places in _parsed_places(records):
        context = Counter(p.candidate.cc for p in places if p.candidate)
        for g in r["toponyms"]:
            if g.get("lat") is None:
                continue
            gold_n += 1
            # resolution alone, on the gold span (what the data README's naive floor measures)
            given = gazetteer.resolve(g["text"], context)
            if given is not None and _km(given.lat, given.lon, g["lat"], g["lon"]) <= 161:
                within_given += 1
            hit = next(
                (p for p in places if p.candidate and p.start < g["end"] and g["start"] < p.end),
                None,
            )
            if hit is None:
                continue
            recognised += 1
            km = _km(hit.candidate.lat, hit.candidate.lon, g["lat"], g["lon"])
            errors.append(km)
            within += km <= 161
    errors.sort()
    return {
        "records": len(records),
        "gold_toponyms": gold_n,
        "recognised": recognised,
        "within_161km": within,
        "accuracy_161km": round(within / recognised, 4) if recognised else 0.0,
        "accuracy_161km_all": round(within / gold_n, 4) if gold_n else 0.0,
        "accuracy_161km_gold_spans": round(within_given / gold_n, 4) if gold_n else 0.0,
        "recall": round(recognised / gold_n, 4) if gold_n else 0.0,
        "median_error_km": round(errors[len(errors) // 2], 1) if errors else None,
        "mean_error_km": round(sum(errors) / len(errors), 1) if errors else None,
    }


LOCATION_OUTCOMES = ("place_correct", "none_correct", "wrong_place", "missed", "spurious")


def score_event_locations(records: list[dict]) -> dict:
    """Event-location gold (a ``verb`` span and its ``location`` span or null): the
    place ``places.event_location`` gives the verb must overlap the gold span, or be
    none when the gold is null."""
    from .places import event_location

    counts = Counter()
    for r, doc, mentions, places in _parsed_places(records):
        v = r["verb"]
        trigger = next((t for t in doc if t.idx < v["end"] and v["start"] < t.idx + len(t)), None)
        actors = frozenset(
            t.i
            for m in mentions
            if m.kind in ("person", "organisation", "group")
            for t in doc
            if m.start <= t.idx < m.end
        )
        place = event_location(trigger, None, places, actors)[0] if trigger is not None else None
        g = r["location"]
        if g is None:
            counts["none_correct" if place is None else "spurious"] += 1
        elif place is None:
            counts["missed"] += 1
        elif place.start < g["end"] and g["start"] < place.end:
            counts["place_correct"] += 1
        else:
            counts["wrong_place"] += 1
    total = sum(counts.values())
    correct = counts["none_correct"] + counts["place_correct"]
    return {
        "records": total,
        "accuracy": round(correct / total, 4) if total else 0.0,
        **{k: counts[k] for k in LOCATION_OUTCOMES},
    }


def _dates_task(path: str | Path) -> tuple[str, dict]:
    s = score_dates(_read_jsonl(path, ("timex",)))
    d = s["detection"]
    table = "\n".join(
        [
            f"records: {s['records']}, gold DATE expressions: {s['gold_dates']}",
            "| measure | value |",
            "|---|---:|",
            f"| DATE value accuracy (all gold DATEs) | {s['value_accuracy']:.3f} |",
            f"| DATE value accuracy (found ones) | {s['value_accuracy_found']:.3f} |",
            f"| DATE detection P / R / F1 | {d['precision']:.3f} / {d['recall']:.3f} "
            f"/ {d['f1']:.3f} |",
        ]
    )
    return table, s


def _places_task(path: str | Path) -> tuple[str, dict]:
    records = _read_jsonl(path, ("toponyms", "verb"))
    if records and "verb" in records[0]:
        s = score_event_locations(records)
        table = "\n".join(
            [
                f"records: {s['records']}",
                "| event location | count |",
                "|---|---:|",
                *(f"| {k} | {s[k]} |" for k in LOCATION_OUTCOMES),
                f"| **accuracy** | {s['accuracy']:.3f} |",
            ]
        )
        return table, s
    s = score_toponyms(records)
    table = "\n".join(
        [
            f"records: {s['records']}, gold toponyms with coordinates: {s['gold_toponyms']}",
            "| measure | value |",
            "|---|---:|",
            f"| accuracy@161km (recognised toponyms) | {s['accuracy_161km']:.3f} |",
            f"| accuracy@161km (all, unrecognised = wrong) | {s['accuracy_161km_all']:.3f} |",
            f"| accuracy@161km resolving the gold spans | {s['accuracy_161km_gold_spans']:.3f} |",
            f"| recognised / gold | {s['recall']:.3f} |",
            f"| median error (km) | {s['median_error_km']} |",
            f"| mean error (km, recognised toponyms) | {s['mean_error_km']} |",
        ]
    )
    return table, s


# -- five-way QuadClass of a sentence (pentaclass) ------------------------------
QUAD_LABELS = {
    0: "make a statement",
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


def sentence_quads(texts: list[str], extractor=None) -> list[list[Event]]:
    """The events the extractor finds in each text (negated/denied ones left out)."""
    if extractor is None:
        from .events import EventExtractor

        extractor = EventExtractor()
    docs = (
        Document(doc_id=str(i), text=t, content_hash=stable_hash(t), origin=str(i))
        for i, t in enumerate(texts)
    )
    out: list[list[Event]] = [[] for _ in texts]
    for document, events, _ in extractor.extract(docs):
        out[int(document.doc_id)] = [e for e in events if counted(e)]
    return out


def rule_quad(events: list[Event]) -> int:
    """The sentence's class from its events: the QuadClass of the most confident
    event; 0 (a statement, no PLOVER event) when there is none."""
    if not events:
        return 0
    return max(events, key=lambda e: (e.confidence, -e.evidence.start)).quad_class


def _event_features(events: list[Event]) -> str:
    """The extracted events as pseudo-words for the classifier ("EVT_ASSAULT Q4")."""
    if not events:
        return "EVT_NONE"
    words = [f"EVT_{e.type} Q{e.quad_class} MOD_{e.modality}" for e in events]
    return " ".join(words) + f" TOP_Q{rule_quad(events)}"


def macro_f1(gold: list[int], pred: list[int], labels=tuple(QUAD_LABELS)) -> tuple[float, dict]:
    per = {}
    for label in labels:
        prf = PRF(
            tp=sum(g == p == label for g, p in zip(gold, pred, strict=True)),
            predicted=sum(p == label for p in pred),
            gold=sum(g == label for g in gold),
        )
        per[label] = prf
    return sum(p.f1 for p in per.values()) / len(per), per


def score_quad(records: list[dict], folds: int = 5, extractor=None) -> dict:
    """Five-way class of each sentence (pentaclass gold: ``label`` 0-4).

    - ``rules``: the extractor alone (no training), ``rule_quad`` of its events;
    - ``rules+tfidf_lr``: a logistic regression over TF-IDF word 1-2-grams plus
      the extractor's events as features, scored by stratified ``folds``-fold
      cross-validation on these records (contiguous folds): every sentence is
      classified by a model that did not see it. No model is shipped; this
      measures the method. ``tfidf_lr`` is the same without the events.
    """
    import numpy as np
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    texts = [r["text"] for r in records]
    gold = [int(r["label"]) for r in records]
    found = sentence_quads(texts, extractor)
    rules = [rule_quad(evs) for evs in found]
    events_text = [_event_features(evs) for evs in found]
    y = np.array(gold)
    combined = np.zeros(len(y), dtype=int)
    tfidf_only = np.zeros(len(y), dtype=int)
    # Folds are contiguous blocks of the file, not shuffled: neighbouring records
    # come from the same stories, and shuffled folds let a model learn a story's
    # words from its neighbours (TF-IDF+LR: 0.83 shuffled, 0.54 in blocks).
    for train, test in StratifiedKFold(folds).split(texts, y):
        words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
        evs = TfidfVectorizer(token_pattern=r"\S+", lowercase=False)
        xw = words.fit_transform([texts[i] for i in train])
        xe = evs.fit_transform([events_text[i] for i in train])
        tw = words.transform([texts[i] for i in test])
        te = evs.transform([events_text[i] for i in test])
        for x_train, x_test, out in (
            (hstack([xw, 2.0 * xe]).tocsr(), hstack([tw, 2.0 * te]).tocsr(), combined),
            (xw, tw, tfidf_only),
        ):
            model = LogisticRegression(C=10.0, max_iter=2000, class_weight="balanced")
            model.fit(x_train, y[train])
            out[test] = model.predict(x_test)
    result = {"records": len(records), "folds": folds}
    for name, pred in (
        ("rules", rules),
        ("tfidf_lr", tfidf_only.tolist()),
        ("rules+tfidf_lr", combined.tolist()),
    ):
        macro, per = macro_f1(gold, pred)
        result[name] = {
            "macro_f1": round(macro, 4),
            "accuracy": round(sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold), 4),
            "per_class": {str(k): v.as_dict() for k, v in per.items()},
        }
    result["confusion"] = [
        [
            sum(g == a and p == b for g, p in zip(gold, combined.tolist(), strict=True))
            for b in QUAD_LABELS
        ]
        for a in QUAD_LABELS
    ]
    return result


def _quad_task(path: str | Path) -> tuple[str, dict]:
    records = _read_jsonl(path, ("label",))
    s = score_quad(records)
    lines = [
        f"records: {s['records']} (trained parts scored by {s['folds']}-fold cross-validation)",
        "| method | macro-F1 | accuracy |",
        "|---|---:|---:|",
    ]
    for name in ("rules", "tfidf_lr", "rules+tfidf_lr"):
        lines.append(f"| {name} | {s[name]['macro_f1']:.3f} | {s[name]['accuracy']:.3f} |")
    lines += [
        "",
        "| class (rules+tfidf_lr) | precision | recall | F1 | gold |",
        "|---|---:|---:|---:|---:|",
    ]
    for k, v in s["rules+tfidf_lr"]["per_class"].items():
        lines.append(
            f"| {k} {QUAD_LABELS[int(k)]} | {v['precision']:.3f} | {v['recall']:.3f} "
            f"| {v['f1']:.3f} | {v['gold']} |"
        )
    lines += ["", "confusion (rows gold 0-4, columns predicted 0-4):"]
    lines += ["  " + " ".join(f"{n:4d}" for n in row) for row in s["confusion"]]
    return "\n".join(lines), s


# Every `eventwire eval --task NAME` is one entry: gold path -> (table text, scores dict).
# A stage that can be scored adds its task here.
TASKS: dict[str, Callable[[str | Path], tuple[str, dict]]] = {
    "events": _events_task,
    "quad": _quad_task,
    "actors": _actors_task,
    "dates": _dates_task,
    "places": _places_task,
    "loaded": loaded_task,
    "tone": tone_task,
    "stories": stories_task,
    "modality": modality_task,
}


def run_task(task: str, path: str | Path) -> tuple[str, dict]:
    """Score one task on a gold file; raises ConfigError for an unknown task."""
    if task not in TASKS:
        raise ConfigError(f"unknown task {task!r}: choose one of {', '.join(sorted(TASKS))}")
    return TASKS[task](path)


def format_table(scores: EventScores) -> str:
    """A plain-text table for the terminal and for docs/accuracy.md."""
    lines = [
        f"records: {scores.records}",
        "| measure | precision | recall | F1 | matched | extracted | gold |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, prf in (("type only", scores.type_only), ("type+source+target", scores.full)):
        lines.append(
            f"| {name} | {prf.precision:.3f} | {prf.recall:.3f} | {prf.f1:.3f} "
            f"| {prf.tp} | {prf.predicted} | {prf.gold} |"
        )
    lines += [
        "",
        "| type (with roles) | precision | recall | F1 | matched | extracted | gold |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for t, prf in sorted(scores.per_type.items()):
        lines.append(
            f"| {t} | {prf.precision:.3f} | {prf.recall:.3f} | {prf.f1:.3f} "
            f"| {prf.tp} | {prf.predicted} | {prf.gold} |"
        )
    if scores.confusion:
        lines += [
            "",
            "type errors (gold type -> extracted type; '-' = none), most frequent first:",
            "| gold | extracted | count |",
            "|---|---|---:|",
        ]
        for (gold, extracted), n in scores.confusion.most_common(15):
            lines.append(f"| {gold} | {extracted} | {n} |")
    lines.append(f"\nnegated/denied events, not counted as extracted: {scores.not_counted}")
    return "\n".join(lines)

"""Cross-article event merging within a story.

Two events of one story are the same real event when they have the same type,
compatible actors, dates no more than ``DATE_SLACK_DAYS`` apart (or unknown) and
compatible places (the same country, or unknown). An event joins the first
merged event whose every report it matches (complete link, so a chain of loosely
similar reports does not snowball into one), so three reports of one meeting
become one merged event.

- actors are compatible when the sources share a code and the targets share a
  code (a side missing in one report does not block); for the symmetric types
  (CONSULT, AGREE, COOPERATE) the two sides may be swapped;
- ``mentions`` counts the reports in original articles; events of republished
  copies are linked (``copy_event_ids``) but not counted, and their outlets are
  not listed among the ``sources``;
- every distinct date and modality the reports give is kept, so "Tuesday" in one
  article and "Wednesday" in another show as a conflict instead of vanishing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..ontology import SYMMETRIC_TYPES
from ..records import Document, Event, MergedEvent, stable_hash

DATE_SLACK_DAYS = 3


def _codes(group) -> set[str]:
    return {a.country or a.text for a in group if a.country or a.text}


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _side(a: set[str], b: set[str]) -> bool | None:
    """True when two sides share a code, None when either is missing, else False."""
    if not a or not b:
        return None
    return bool(a & b)


def same_actors(a: Event, b: Event) -> bool:
    sa, ta, sb, tb = _codes(a.source), _codes(a.target), _codes(b.source), _codes(b.target)
    straight = [_side(sa, sb), _side(ta, tb)]
    if False not in straight and True in straight:
        return True
    if a.type in SYMMETRIC_TYPES:
        swapped = [_side(sa, tb), _side(ta, sb)]
        if False not in swapped and True in swapped:
            return True
    return False


def same_time(a: Event, b: Event) -> bool:
    a0, b0 = _day(a.date.start), _day(b.date.start)
    if a0 is None or b0 is None:
        return True
    a1, b1 = _day(a.date.end) or a0, _day(b.date.end) or b0
    gap = max((a0 - b1).days, (b0 - a1).days, 0)
    return gap <= DATE_SLACK_DAYS


def same_place(a: Event, b: Event) -> bool:
    pa = a.location.country if a.location else None
    pb = b.location.country if b.location else None
    return pa is None or pb is None or pa == pb


def same_event(a: Event, b: Event) -> bool:
    """Whether two reports describe the same real event (see the module docstring)."""
    return a.type == b.type and same_actors(a, b) and same_time(a, b) and same_place(a, b)


def merge_events(
    story_id: str, documents: Sequence[tuple[Document, Sequence[Event]]]
) -> list[MergedEvent]:
    """The merged events of one story from its documents and their events."""
    items: list[tuple[Document, Event]] = [
        (doc, ev)
        for doc, events in sorted(documents, key=lambda d: d[0].doc_id)
        for ev in sorted(events, key=lambda e: (e.evidence.start, e.event_id))
    ]
    groups: list[list[int]] = []
    for i, (_, event) in enumerate(items):
        home = next((g for g in groups if all(same_event(items[j][1], event) for j in g)), None)
        if home is None:
            groups.append([i])
        else:
            home.append(i)
    merged = [_merged(story_id, [items[i] for i in members]) for members in groups]
    merged.sort(key=lambda m: (-m.mentions, m.dates[:1], m.type, m.merged_id))
    return merged


def _merged(story_id: str, members: list[tuple[Document, Event]]) -> MergedEvent:
    originals = [(d, e) for d, e in members if not d.duplicate_of]
    copies = [(d, e) for d, e in members if d.duplicate_of]
    counted = originals or copies
    first = counted[0][1]
    sources = sorted({c for _, e in counted for c in _codes(e.source)})
    targets = sorted({c for _, e in counted for c in _codes(e.target)})
    dates = sorted(
        {
            e.date.start
            if not e.date.end or e.date.end == e.date.start
            else f"{e.date.start}/{e.date.end}"
            for _, e in counted
            if e.date.start
        }
    )
    places = sorted({e.location.name for _, e in counted if e.location})
    event_ids = [e.event_id for _, e in members]
    return MergedEvent(
        merged_id="m" + stable_hash(story_id, min(event_ids), length=15),
        story_id=story_id,
        type=first.type,
        source_codes=sources,
        target_codes=targets,
        event_ids=[e.event_id for _, e in counted],
        mentions=len(counted),
        sources=sorted({d.outlet or "(unknown)" for d, _ in counted}),
        evidence=[
            {
                "doc_id": d.doc_id,
                "event_id": e.event_id,
                "outlet": d.outlet,
                "sentence": e.evidence.sentence,
                "date": e.date.start,
                "modality": e.modality,
            }
            for d, e in counted
        ],
        dates=dates,
        modalities=sorted({e.modality for _, e in counted}),
        location=places[0] if places else None,
        copy_event_ids=[e.event_id for _, e in copies] if originals else [],
    )

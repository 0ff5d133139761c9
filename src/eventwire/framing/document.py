"""Framing of one article: tone toward each actor, loaded spans, whose claims it carries.

``frame_document`` takes what the earlier stages produced for a document (its
events and actor mentions) and needs no parse of its own: sentences come from
a regular-expression splitter, loaded spans from the lexicon, tone from the
adapted VADER (see ``tone``). A 3 KB article takes a few milliseconds.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..records import ActorMention, Document, Event
from .lexicon import NAME_CALLING, LoadedSpan, default_lexicon, quoted_ranges
from .tone import role_tone, sentence_tone, settings, split_sentences

_WORD = re.compile(r"\w+(?:['’-]\w+)*")
NEAR = 40  # characters between a mention and a label that names it ("the Kyiv regime")


@dataclass
class DocumentFraming:
    """How one article tells its events (DESIGN.md section 1, item 4)."""

    doc_id: str
    outlet: str | None
    tone: dict[str, float]  # actor code -> tone toward that actor in this article, [-1, 1]
    loaded: list[LoadedSpan]
    attribution: dict  # asserted, attributed, share_attributed, sources {speaker: count}
    tone_overall: float
    words: int = 0
    actor_evidence: dict[str, int] = field(default_factory=dict)  # code -> pieces of evidence

    def to_json(self) -> dict:
        return {
            "doc_id": self.doc_id,
            "outlet": self.outlet,
            "tone": dict(self.tone),
            "tone_overall": self.tone_overall,
            "loaded": [s.to_json() for s in self.loaded],
            "attribution": {**self.attribution, "sources": dict(self.attribution["sources"])},
            "words": self.words,
        }


def actor_code(mention: ActorMention) -> str:
    """The code tone is keyed by: the state or organisation code, else the name."""
    return mention.country or mention.name or mention.text


def speaker_name(mention: ActorMention) -> str:
    return mention.name or mention.text or mention.country or "?"


def attribution_profile(events: list[Event]) -> dict:
    """How many events the outlet asserts itself and how many it attributes, and to whom."""
    sources: dict[str, int] = {}
    for event in events:
        if event.attributed_to is not None:
            name = speaker_name(event.attributed_to)
            sources[name] = sources.get(name, 0) + 1
    attributed = sum(sources.values())
    total = len(events)
    return {
        "asserted": total - attributed,
        "attributed": attributed,
        "share_attributed": round(attributed / total, 3) if total else 0.0,
        "sources": dict(sorted(sources.items(), key=lambda kv: (-kv[1], kv[0]))),
    }


def _inside(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in ranges)


def _speaker_for(
    span: LoadedSpan,
    sentence: tuple[int, int],
    events: list[Event],
    mentions: list[ActorMention],
    quotes: list[tuple[int, int]],
) -> str | None:
    """Who a quoted or reported loaded span belongs to: an event of the sentence that
    is attributed, else for a quotation the actor named in the sentence outside it
    (a person first: '"...", Lin Jian said')."""
    for event in events:
        ev = event.evidence
        if event.attributed_to is not None and ev.start <= span.start and span.end <= ev.end:
            return speaker_name(event.attributed_to)
    if not span.quoted:
        return None
    s, e = sentence
    outside = [m for m in mentions if s <= m.start < e and not _inside(m.start, m.end, quotes)]
    if not outside:
        return None
    outside.sort(key=lambda m: (m.kind != "person", abs(m.start - span.start)))
    return speaker_name(outside[0])


def frame_document(
    document: Document, events: list[Event], mentions: list[ActorMention]
) -> DocumentFraming:
    """Tone toward each actor, loaded spans (quoted or the outlet's own), and the
    attribution profile of one article."""
    text = document.text
    sentences = split_sentences(text)
    starts = [s for s, _ in sentences]

    def sentence_of(offset: int) -> int:
        return max(0, bisect.bisect_right(starts, offset) - 1)

    quotes = quoted_ranges(text)
    loaded = default_lexicon().find(text)
    for span in loaded:
        span.quoted = _inside(span.start, span.end, quotes)
        span.speaker = (
            _speaker_for(span, sentences[sentence_of(span.start)], events, mentions, quotes)
            if sentences
            else None
        )

    tones = [sentence_tone(text[s:e]) for s, e in sentences]
    evidence: dict[str, list[float]] = {}
    seen: set[tuple[str, int]] = set()
    near_value = settings()["name_calling_near_actor"]
    labels = [s for s in loaded if s.label == NAME_CALLING]
    for m in mentions:
        code = actor_code(m)
        i = sentence_of(m.start)
        if sentences and (code, i) not in seen:
            seen.add((code, i))
            evidence.setdefault(code, []).append(tones[i])
        for span in labels:
            gap = span.start - m.end if span.start >= m.end else m.start - span.end
            if -1 <= gap <= NEAR and sentence_of(span.start) == i:
                evidence.setdefault(code, []).append(near_value)
    for event in events:
        for role, actors in (("source", event.source), ("target", event.target)):
            value = role_tone(event.type, role, event.modality)
            if value is None:
                continue
            for code in {actor_code(a) for a in actors}:
                evidence.setdefault(code, []).append(value)

    tone = {
        code: round(max(-1.0, min(1.0, sum(vals) / len(vals))), 3)
        for code, vals in sorted(evidence.items())
    }
    overall = round(sum(tones) / len(tones), 3) if tones else 0.0
    return DocumentFraming(
        doc_id=document.doc_id,
        outlet=document.outlet,
        tone=tone,
        loaded=loaded,
        attribution=attribution_profile(events),
        tone_overall=overall,
        words=len(_WORD.findall(text)),
        actor_evidence={code: len(vals) for code, vals in evidence.items()},
    )

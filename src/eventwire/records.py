"""The records that the pipeline stages pass between them (DESIGN.md section 3).

Every stage takes and returns these plain dataclasses; nothing else crosses a
stage boundary. ``to_dict`` gives the JSON shape of the export contract, which
``schema/event.schema.json`` describes and a test checks.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

Modality = Literal["asserted", "planned", "hypothetical", "negated", "denied"]
DatePrecision = Literal["day", "week", "month", "year", "range", "reported", "unknown"]


def stable_hash(*parts: object, length: int = 16) -> str:
    """A short, deterministic hex digest of the parts (used for every id we mint)."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:length]


@dataclass(slots=True)
class RawRecord:
    """One article as a reader found it, before cleaning.

    ``origin`` names where it came from precisely enough for a user to find it:
    a path, plus ``:LINE`` for JSONL, ``#item-N`` for feeds, ``#record-N`` for WARC.
    Exactly one of ``text`` / ``html`` is normally set.
    """

    origin: str
    text: str | None = None
    html: str | None = None
    id: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date or datetime as given
    language: str | None = None


@dataclass(slots=True)
class Rejected:
    """An input that could not become a document: where, and why (one line)."""

    origin: str
    reason: str

    def message(self) -> str:
        return f"eventwire: skipped {self.origin}: {self.reason}"


@dataclass(slots=True)
class Document:
    """A cleaned article. ``text`` is the cleaned text every offset points into."""

    doc_id: str
    text: str
    content_hash: str
    origin: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) when known
    language: str = "en"
    source_kind: str | None = None
    duplicate_of: str | None = None
    story_id: str | None = None
    # Pairs (clean_offset, raw_offset): from each clean_offset on, characters
    # map one-to-one onto the raw input starting at raw_offset (see clean.py).
    offset_map: list[tuple[int, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data.pop("offset_map")
        return data


@dataclass(slots=True)
class ActorMention:
    """A span of text resolved to an actor code."""

    text: str
    start: int
    end: int
    country: str | None  # ISO 3166 alpha-3, an organisation code (NATO, EU) or region (WST)
    name: str | None = None
    sector: str | None = None  # GOV, MIL, OPP, ... (CAMEO/PLOVER agent codes)
    kind: str = "state"  # state | organisation | person | group | region
    confidence: float = 1.0  # how sure the resolver is of the code (not part of the event record)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "name": self.name,
            "country": self.country,
            "sector": self.sector,
            "kind": self.kind,
        }


@dataclass(slots=True)
class EventDate:
    start: str | None
    end: str | None
    precision: DatePrecision
    text: str | None = None


@dataclass(slots=True)
class Location:
    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    precision: str = "country"


@dataclass(slots=True)
class Evidence:
    sentence: str
    start: int
    end: int


@dataclass(slots=True)
class Event:
    """One coded event (DESIGN.md section 3)."""

    event_id: str
    doc_id: str
    type: str
    cameo: str | None
    quad_class: int
    goldstein: float | None
    source: list[ActorMention]
    target: list[ActorMention]
    modality: Modality
    date: EventDate
    evidence: Evidence
    confidence: float
    extractor: str
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    attributed_to: ActorMention | None = None
    location: Location | None = None
    story_id: str | None = None
    trigger: str | None = (
        None  # the word that evoked the event (not in the contract; kept for debugging)
    )

    @staticmethod
    def make_id(
        doc_id: str,
        start: int,
        end: int,
        type_: str,
        source: list[ActorMention],
        target: list[ActorMention],
    ) -> str:
        roles = ",".join(sorted(a.country or a.text for a in source))
        roles += ">" + ",".join(sorted(a.country or a.text for a in target))
        return stable_hash(doc_id, start, end, type_, roles)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        """The event back from its ``to_dict`` shape (as the store keeps it)."""

        def actor(d: dict[str, Any]) -> ActorMention:
            return ActorMention(
                text=d.get("text") or "",
                start=0,
                end=0,
                country=d.get("country"),
                name=d.get("name"),
                sector=d.get("sector"),
                kind=d.get("kind") or "state",
            )

        date = data.get("date") or {}
        ev = data.get("evidence") or {}
        loc = data.get("location")
        return cls(
            event_id=data["event_id"],
            doc_id=data["doc_id"],
            type=data["type"],
            cameo=data.get("cameo"),
            quad_class=data.get("quad_class") or 0,
            goldstein=data.get("goldstein"),
            source=[actor(a) for a in data.get("source") or []],
            target=[actor(a) for a in data.get("target") or []],
            modality=data.get("modality") or "asserted",
            date=EventDate(
                date.get("start"),
                date.get("end"),
                date.get("precision") or "unknown",
                date.get("text"),
            ),
            evidence=Evidence(ev.get("sentence") or "", ev.get("start") or 0, ev.get("end") or 0),
            confidence=data.get("confidence") or 0.0,
            extractor=data.get("extractor") or "",
            mode=data.get("mode"),
            context=list(data.get("context") or []),
            attributed_to=actor(data["attributed_to"]) if data.get("attributed_to") else None,
            location=Location(**loc) if loc else None,
            story_id=data.get("story_id"),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "story_id": self.story_id,
            "type": self.type,
            "mode": self.mode,
            "context": list(self.context),
            "cameo": self.cameo,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "source": [a.to_dict() for a in self.source],
            "target": [a.to_dict() for a in self.target],
            "modality": self.modality,
            "attributed_to": self.attributed_to.to_dict() if self.attributed_to else None,
            "date": dataclasses.asdict(self.date),
            "location": dataclasses.asdict(self.location) if self.location else None,
            "evidence": dataclasses.asdict(self.evidence),
            "confidence": round(self.confidence, 3),
            "extractor": self.extractor,
        }


@dataclass(slots=True)
class MergedEvent:
    """One real event reported by several articles of a story (DESIGN.md section 1.3).

    ``mentions`` counts the events of original articles; events of republished
    copies are linked in ``copy_event_ids`` but not counted. ``dates`` and
    ``modalities`` keep every distinct value the articles gave, so a conflict
    (``conflicting_dates`` / ``conflicting_modalities``) stays visible.
    """

    merged_id: str
    story_id: str
    type: str
    source_codes: list[str]
    target_codes: list[str]
    event_ids: list[str]
    mentions: int
    sources: list[str]  # outlets of the original articles
    evidence: list[dict[str, Any]]  # {"doc_id", "event_id", "outlet", "sentence"}
    dates: list[str]
    modalities: list[str]
    location: str | None = None
    copy_event_ids: list[str] = field(default_factory=list)

    @property
    def conflicting_dates(self) -> bool:
        return len(self.dates) > 1

    @property
    def conflicting_modalities(self) -> bool:
        return len(self.modalities) > 1

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["conflicting_dates"] = self.conflicting_dates
        data["conflicting_modalities"] = self.conflicting_modalities
        return data


@dataclass(slots=True)
class Story:
    """Articles about the same happening: their ids, a short label and the merged events."""

    story_id: str
    label: str
    doc_ids: list[str]
    first_date: str | None = None
    last_date: str | None = None
    merged_events: list[MergedEvent] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "story_id": self.story_id,
            "label": self.label,
            "doc_ids": list(self.doc_ids),
            "first_date": self.first_date,
            "last_date": self.last_date,
            "merged_events": [m.to_dict() for m in self.merged_events],
        }

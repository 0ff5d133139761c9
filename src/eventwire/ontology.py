"""The PLOVER ontology in one place: types, QuadClass, CAMEO codes, Goldstein.

The table is ``data/plover.json``, built by ``scripts/build_ontology.py`` from
PLOVER's CAMEO2PLOVER conversion table read in reverse. PLOVER's older names
are mapped here and nowhere else (``RENAMED``): DEMAND -> REQUEST,
DISAPPROVE -> ACCUSE.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

# Types whose roles are interchangeable ("China and Belarus agreed").
SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})


@dataclass(frozen=True, slots=True)
class Coding:
    type: str
    mode: str | None
    cameo: str
    quad_class: int
    goldstein: float


@cache
def _table() -> dict:
    path = resources.files("eventwire") / "data" / "plover.json"
    return json.loads(path.read_text(encoding="utf-8"))


RENAMED: dict[str, str] = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE"}


def event_types() -> list[str]:
    """The 16 PLOVER event types, in QuadClass order."""
    types = _table()["types"]
    return sorted(types, key=lambda t: (types[t]["quad_class"], t))


def canonical_type(name: str) -> str:
    """``DISAPPROVE`` -> ``ACCUSE``; raises KeyError for a name that is not PLOVER."""
    name = RENAMED.get(name.upper(), name.upper())
    if name not in _table()["types"]:
        raise KeyError(f"not a PLOVER event type: {name}")
    return name


def code(type_: str, mode: str | None = None) -> Coding:
    """CAMEO code, QuadClass and Goldstein value for a PLOVER type and mode."""
    name = canonical_type(type_)
    entry = _table()["types"][name]
    by_mode = entry["modes"].get(mode) if mode else None
    if by_mode:
        return Coding(name, mode, by_mode["cameo"], entry["quad_class"], by_mode["goldstein"])
    return Coding(name, mode, entry["cameo"], entry["quad_class"], entry["goldstein"])

"""Loaded and derogatory language: our lexicon and patterns (data/framing/loaded_terms.json).

Every entry becomes one regular expression; the text is scanned once per
pattern group with ``finditer``, so framing an article costs a few
milliseconds. Overlapping hits are resolved longest-first, name calling
before loaded language when both cover the same characters.

Each span also says whether it sits inside a quotation: a loaded word in
quotation marks is the speaker's, not the outlet's (see ``quoted_ranges``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

NAME_CALLING = "Name_Calling,Labeling"
LOADED = "Loaded_Language"
LABELS = (LOADED, NAME_CALLING)

STRONG, WEAK = 0.8, 0.45  # confidence of a lexicon entry; 'weak' ones are often plain reporting


@dataclass(slots=True)
class LoadedSpan:
    """One loaded or derogatory expression: offsets into ``document.text`` (end exclusive)."""

    start: int
    end: int
    text: str
    label: str  # "Loaded_Language" | "Name_Calling,Labeling"
    confidence: float
    quoted: bool = False  # inside quotation marks: the speaker's words, not the outlet's
    speaker: str | None = None  # who is quoted or reported, when known

    def to_json(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "label": self.label,
            "confidence": round(self.confidence, 3),
            "quoted": self.quoted,
            "speaker": self.speaker,
        }


def _entry_regex(entry: str) -> str:
    """'brutal*' -> brutal\\w*; 'cave* in' -> cave\\w*\\s+in; a lone '*' is any one word."""
    words = []
    for word in entry.split():
        if word == "*":
            words.append(r"[\w'’-]+")
            continue
        stem = re.escape(word.rstrip("*")).replace(r"\-", "[- ]?")
        words.append(stem + (r"[\w-]*" if word.endswith("*") else ""))
    return r"\b" + r"\s+".join(words) + r"\b"


@dataclass(frozen=True)
class _Rule:
    regex: re.Pattern
    label: str
    confidence: float


class Lexicon:
    """The compiled lexicon; ``find(text)`` gives non-overlapping spans in text order."""

    def __init__(self, data: dict) -> None:
        weak = set(data.get("weak", []))
        rules: list[_Rule] = []
        for key, label in (("name_calling", NAME_CALLING), ("loaded", LOADED)):
            entries = sorted(set(data.get(key, [])), key=len, reverse=True)
            for conf in (STRONG, WEAK):
                group = [e for e in entries if (e in weak) == (conf == WEAK)]
                if group:
                    pattern = "|".join(_entry_regex(e) for e in group)
                    rules.append(_Rule(re.compile(pattern, re.IGNORECASE), label, conf))
        for p in data.get("patterns", []):
            rules.append(_Rule(re.compile(p["regex"]), p["label"], float(p["confidence"])))
        self.rules = rules
        self.size = sum(len(data.get(k, [])) for k in ("name_calling", "loaded"))

    @classmethod
    def from_file(cls, path) -> Lexicon:
        with open(path, encoding="utf-8") as fh:
            return cls(json.load(fh))

    def find(self, text: str) -> list[LoadedSpan]:
        hits = []
        for rank, rule in enumerate(self.rules):
            for m in rule.regex.finditer(text):
                if m.end() > m.start():
                    hits.append((m.start(), m.end(), rule.label, rule.confidence, rank))
        # longest first, then the earlier rule (name calling before loaded, strong before weak)
        hits.sort(key=lambda h: (-(h[1] - h[0]), h[4], h[0]))
        taken: list[tuple[int, int]] = []
        spans = []
        for start, end, label, conf, _ in hits:
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            spans.append(LoadedSpan(start, end, text[start:end], label, conf))
        spans.sort(key=lambda s: s.start)
        return spans


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicon (loaded once per process)."""
    path = resources.files("eventwire") / "data" / "framing" / "loaded_terms.json"
    return Lexicon(json.loads(path.read_text(encoding="utf-8")))


_QUOTE_PAIRS = {"“": "”", '"': '"', "«": "»"}


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges inside double quotation marks (straight, curly or guillemets).

    A straight quote opens when it follows a space, a line start or an opening
    bracket and closes at the next one; an unclosed quote runs to the end of its
    paragraph (news style: a quotation that continues into the next paragraph)."""
    ranges = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _QUOTE_PAIRS and (ch != '"' or i == 0 or not text[i - 1].isalnum()):
            close = _QUOTE_PAIRS[ch]
            para_end = text.find("\n", i)
            para_end = n if para_end < 0 else para_end
            j = text.find(close, i + 1, para_end)
            end = j if j >= 0 else para_end
            ranges.append((i + 1, end))
            i = end + 1
            continue
        i += 1
    return ranges

"""Per-outlet framing profiles, side by side (the story comparison view)."""

from __future__ import annotations

from collections import Counter

from .document import DocumentFraming


def outlet_profile(framings: list[DocumentFraming], top: int = 10) -> dict:
    """Mean tone per actor, loaded terms per 1,000 words (the outlet's own and
    quoted ones), share of attributed claims and the most frequent loaded terms."""
    words = sum(f.words for f in framings)
    per_actor: dict[str, list[float]] = {}
    for f in framings:
        for code, value in f.tone.items():
            per_actor.setdefault(code, []).append(value)
    own = [s for f in framings for s in f.loaded if not s.quoted and s.speaker is None]
    reported = [s for f in framings for s in f.loaded if s.quoted or s.speaker is not None]
    asserted = sum(f.attribution["asserted"] for f in framings)
    attributed = sum(f.attribution["attributed"] for f in framings)
    sources: Counter = Counter()
    for f in framings:
        sources.update(f.attribution["sources"])
    terms = Counter(s.text.lower() for s in own)
    return {
        "documents": len(framings),
        "words": words,
        "tone_overall": round(sum(f.tone_overall for f in framings) / len(framings), 3)
        if framings
        else 0.0,
        "tone": {c: round(sum(v) / len(v), 3) for c, v in sorted(per_actor.items())},
        "loaded_per_1000_words": round(1000 * len(own) / words, 2) if words else 0.0,
        "quoted_loaded_per_1000_words": round(1000 * len(reported) / words, 2) if words else 0.0,
        "name_calling": sum(s.label.startswith("Name") for s in own),
        "asserted": asserted,
        "attributed": attributed,
        "share_attributed": round(attributed / (asserted + attributed), 3)
        if asserted + attributed
        else 0.0,
        "top_sources": dict(sources.most_common(top)),
        "top_loaded_terms": dict(terms.most_common(top)),
    }


def compare_outlets(framings: dict[str, list[DocumentFraming]]) -> dict:
    """Profiles of several outlets (outlet -> its articles' framings), plus, for
    every actor any of them mentions, the tone each outlet takes toward it and
    the spread between the warmest and the coldest outlet."""
    outlets = {name: outlet_profile(fs) for name, fs in sorted(framings.items())}
    actors = sorted({code for p in outlets.values() for code in p["tone"]})
    by_actor = {}
    for code in actors:
        row = {name: p["tone"][code] for name, p in outlets.items() if code in p["tone"]}
        by_actor[code] = {
            "tone": row,
            "spread": round(max(row.values()) - min(row.values()), 3) if len(row) > 1 else 0.0,
        }
    return {"outlets": outlets, "actors": by_actor}

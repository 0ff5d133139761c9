"""Tone: VADER adapted to news, sentence splitting, and the tone an article
takes toward each actor.

VADER (MIT, ``vaderSentiment``) scores a sentence from a valence lexicon
with rules for negation, intensifiers and "but". News needs two changes
(data/framing/tone.json): words that *report* conflict ("attack", "killed",
"sanctions") are set to 0, since an article is not hostile to anyone for
reporting a war; and judgement words VADER lacks ("hegemony", "smear",
"praised") get a valence.

Tone toward an actor mixes three kinds of evidence, each in [-1, 1]:
the adapted VADER score of every sentence that mentions the actor, the roles
the article's events give it (accused, sanctioned -> negative; supported,
praised -> positive; tone.json ``roles``), and name calling right next to a
mention ("the Kyiv regime"). The actor's tone is their mean.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n\s*")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: after . ! ? followed by a capital, and at line breaks."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start and text[start : m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


@lru_cache(maxsize=1)
def settings() -> dict:
    path = resources.files("eventwire") / "data" / "framing" / "tone.json"
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def analyzer():
    """A VADER analyzer whose lexicon is adapted to news (built once per process)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    conf = settings()
    lexicon = dict(vader.lexicon)
    for word in conf["neutral_words"]:
        lexicon.pop(word, None)
    lexicon.update(conf["news_words"])
    vader.lexicon = lexicon
    return vader


def sentence_tone(sentence: str) -> float:
    """Adapted VADER compound score of one sentence, in [-1, 1]."""
    return analyzer().polarity_scores(sentence)["compound"]


def role_tone(event_type: str, role: str, modality: str) -> float | None:
    """The tone an event lends an actor in a role, or None when it lends none."""
    conf = settings()
    weight = conf["modality"].get(modality, 1.0)
    value = conf["roles"].get(event_type, {}).get(role, 0.0)
    if not weight or not value:
        return None
    return value * weight

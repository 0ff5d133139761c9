"""Source kind of an article: news, editorial, analysis, press release or copy.

Read from cues in the text and its structure (DESIGN.md section 1.4):

- ``copy``: the duplicate stage linked it to an original (republished copy);
- ``press_release``: "press release", "for immediate release", "media contact",
  "<organisation> today announced", a closing "About <organisation>" block;
- ``editorial``: labelled "Editorial"/"Opinion", or the outlet's own voice —
  first person plural outside quotes ("we must", "our"), exhortation ("must",
  "should", "let us") — with little attribution;
- ``analysis``: labelled "Analysis"/"Commentary", a byline with a think-tank
  title ("By ..., Senior Fellow"), or "A version of this story appears in";
- ``news``: otherwise, the more so with a wire dateline ("BEIJING, March 1 —")
  and attributed statements ("said", "told reporters").

``source_kind`` returns the label; ``kind_scores`` the evidence behind it.
"""

from __future__ import annotations

import re

from ..records import Document

KINDS = ("news", "editorial", "analysis", "press_release", "copy")

_QUOTED = re.compile(r"[\"“][^\"“”]{0,600}[\"”]")
_WE = re.compile(r"\b(?:we|us|our|ours|ourselves)\b", re.IGNORECASE)
_EXHORT = re.compile(
    r"\b(?:must(?! have)|should|ought to|let us|let's|it is time|needs to|need to)\b", re.IGNORECASE
)
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|told|according to|stated|announced|added|reported)\b", re.IGNORECASE
)
_DATELINE = re.compile(
    r"^[A-Z][A-Z .,'-]{2,40}(?:,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2}(?:\s*\([^)]{2,40}\))?)?\s*[—–-]",
    re.MULTILINE,
)
_PRESS = re.compile(
    r"press release|for immediate release|media contact|press contact|for more information,? "
    r"(?:please )?contact|\btoday announced\b|^###\s*$|^about [A-Z][\w&' -]{1,60}$",
    re.IGNORECASE | re.MULTILINE,
)
_EDITORIAL_LABEL = re.compile(
    r"^\s*(?:editorial|opinion|op-ed|our view)\b", re.IGNORECASE | re.MULTILINE
)
_ANALYSIS_LABEL = re.compile(
    r"^\s*(?:analysis|commentary|news analysis|explainer|perspective)\b",
    re.IGNORECASE | re.MULTILINE,
)
_ANALYSIS_CUES = re.compile(
    r"a version of this (?:story|article) (?:appears|appeared)|^by [^\n]{3,80},\s*(?:senior |"
    r"non-resident |visiting )?(?:fellow|director|researcher|professor|analyst)",
    re.IGNORECASE | re.MULTILINE,
)


def kind_scores(doc: Document) -> dict[str, float]:
    """Evidence for each kind (higher is stronger); ``source_kind`` picks from it."""
    text = doc.text
    head = "\n".join([doc.title or "", *text[:400].splitlines()[:4]])
    words = max(len(text.split()), 1)
    own_voice = _QUOTED.sub(" ", text)
    we = len(_WE.findall(own_voice)) / words * 1000
    exhort = len(_EXHORT.findall(own_voice)) / words * 1000
    said = len(_ATTRIBUTION.findall(text)) / words * 1000
    scores = {
        "press_release": 2.0 * len(_PRESS.findall(text)),
        # a label or byline the outlet puts on the piece outweighs any wording cue
        "editorial": (5.0 if _EDITORIAL_LABEL.search(head) else 0.0)
        + (min(we, 12) / 4 + min(exhort, 8) / 4) * (1.0 if said < 6 else 0.5),
        "analysis": (5.0 if _ANALYSIS_LABEL.search(head) else 0.0)
        + 5.0 * len(_ANALYSIS_CUES.findall(text)),
        "news": 1.5 + (1.5 if _DATELINE.search(text[:200]) else 0.0) + min(said, 10) / 5,
    }
    return scores


def source_kind(doc: Document) -> str:
    """The kind of the article: ``copy`` when it copies another, else the best-scored kind."""
    if doc.duplicate_of:
        return "copy"
    scores = kind_scores(doc)
    return max(scores, key=lambda k: (scores[k], k == "news"))

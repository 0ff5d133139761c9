"""Cleaning: a RawRecord becomes a Document with normalised text and an offset map.

The text goes through small steps, each returning its output together with a
map back to its input; the maps are composed, so ``Document.offset_map`` points
into the raw text (``RawRecord.text``, or for HTML the text trafilatura extracted):

1. HTML only: the article text and metadata with trafilatura (precision first,
   no comments, no tables); metadata fills only what the record lacks.
2. Line endings become ``"\\n"``.
3. Stretch by stretch: mojibake repair (ftfy), HTML entities, curly quotes to
   straight, Unicode NFC.
4. Spaces: non-breaking spaces, tabs and control characters become spaces,
   zero-width characters go, runs collapse to one space, lines are trimmed.
5. Boilerplate lines go (the ``_RULES`` table), and so does a first line that
   repeats the headline.
6. Paragraphs: a hard line break inside a paragraph is joined; paragraphs are
   separated by ``"\\n\\n"``.
7. A missing space after a sentence end is put back ("Beijing.The" ->
   "Beijing. The"; "U.S.", "3.5", "e.g." and URLs are left alone).

Offset map: pairs ``(clean_offset, raw_offset)``, sorted; from each clean offset
on, characters map one-to-one onto the raw text from raw_offset (use
:func:`map_offset`). Where a step replaced text (a mojibake repair, an inserted
space) the mapping is exact at both ends of the replaced stretch.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator
from datetime import date, datetime
from difflib import SequenceMatcher
from email.utils import parsedate_to_datetime
from os.path import commonprefix

import ftfy
import ftfy.badness
import trafilatura

from eventwire.records import Document, RawRecord, Rejected, stable_hash

__all__ = ["clean", "clean_text", "map_offset", "normalise_date"]

Pairs = list[tuple[int, int]]

MIN_CHARS = 80  # a cleaned article shorter than this is not worth extracting from
# A longer one is skipped: spaCy's parser refuses texts over its max_length (1,000,000
# characters by default) and its memory grows with the text; no news article is this long.
MAX_CHARS = 1_000_000
_LONGEST_BOILERPLATE = 300  # a longer line is article text, whatever it starts with

# Each rule is matched against a whole trimmed line (fullmatch, case-insensitive).
# "line" drops the line; "bio" drops the line and the paragraph after it.
_SHARE = (
    r"(?:share(?: this(?: article| story| post)?| on (?:facebook|twitter|x|linkedin|whatsapp"
    r"|telegram|reddit|email))?|tweet(?: this)?|whatsapp|facebook|twitter|linkedin|telegram"
    r"|reddit|pinterest|e-?mail|print|copy link|messenger)"
)
_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p, re.I), action)
    for p, action in [
        # "About the author" heading: the author's bio is the paragraph after it.
        (r"about the (?:author|writer)s?:?", "bio"),
        # ... or the bio on the same line.
        (r"about the (?:author|writer)s?:\s*\S.*", "line"),
        # Comment section heading and the WordPress comment form.
        (r"leave a (?:reply|comment)(?: cancel reply)?|cancel reply|post comment", "line"),
        (r"your email address will not be published\.?.*", "line"),
        (r"required fields are marked ?\*?\.?", "line"),
        (r"(?:comment|name|email|e-mail|website)(?: ?\*)?:?", "line"),
        (r"save my name,? email,? and website in this browser.*", "line"),
        (r"\d+ (?:comments?|responses?|replies)|no comments(?: yet)?\.?", "line"),
        # Newsletter and registration promos.
        (r"(?:subscribe|sign up) (?:to|for|now|today)\b.*|subscribe", "line"),
        (r".{0,60}\bregister here\b.*", "line"),
        (r"don'?t miss out!?.*", "line"),
        (r"(?:follow us on|join (?:us|our \w+ channel) on) .*", "line"),
        # Share buttons, alone or in a row ("Share this: Facebook Twitter WhatsApp").
        (rf"{_SHARE}(?:\s*[:|•·,/-]?\s*{_SHARE})*\s*:?", "line"),
        # Links to other stories.
        (r"(?:click|tap) here to (?:read|continue|see|find out) .*", "line"),
        (r"(?:read more|read also|also read|see also|related(?: \w+)?)\s*:.*", "line"),
        (r"read more|related(?: articles| stories| news| posts)?|more stories", "line"),
        # Cookie banners.
        (r"(?:we|this (?:web)?site) uses? cookies\b.*", "line"),
        (r".*\b(?:cookie policy|cookie settings|accept (?:all )?cookies)\b.*", "line"),
        # Advertisement markers.
        (r"advertisement|advertising|sponsored(?: content)?|ad", "line"),
        (r"(?:story|article) continues (?:below|after) (?:this )?advert(?:isement)?", "line"),
        # Copyright footer.
        (r"(?:copyright ?)?(?:©|\(c\)).*|copyright \d{4}\b.*", "line"),
        (r".{0,80}\ball rights reserved\.?", "line"),
    ]
]  # fmt: skip
_ANY_RULE = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in _RULES), re.I)

_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_SUSPECT = re.compile(  # a non-ASCII run, an HTML entity, control characters (class first: fast)
    r"[^\t\n\r\x20-\x25\x27-\x7e](?:(?<=&)#?\w+;|(?<=[^\x00-\x7f])[^\x00-\x7f]*"
    r"|(?<=[\x00-\x1f\x7f])[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*)"
)
_FTFY = ftfy.TextFixerConfig(explain=False)
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_QUOTES = str.maketrans(
    dict.fromkeys("\u2018\u2019\u201a\u201b\u02bc", "'")
    | dict.fromkeys("\u201c\u201d\u201e\u201f", '"')
)
_NON_ASCII_PAIR = re.compile(r"[^\x00-\x7f]{2}")  # mojibake is never a single character
_FTFY_TRIGGER = re.compile(  # C1 controls, combining marks, surrogates, ligatures, full width
    r"[\x80-\x9f\u0300-\u036f\ud800-\udfff\ufb00-\ufb4f\uff00-\uffef]"
)
_ODD_SPACE = "\t\x0b\x0c\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\x00-\x08\x0e-\x1f\x7f"
_ZERO_WIDTH = "\u200b-\u200d\u2060\ufeff\u00ad"
_SPACES = re.compile(
    rf"(?=[ {_ODD_SPACE}{_ZERO_WIDTH}])(?:[ {_ODD_SPACE}{_ZERO_WIDTH}]{{2,}}"
    rf"|[{_ODD_SPACE}{_ZERO_WIDTH}]|(?m:^ | $))"
)
_ANY_SPACE = re.compile(rf"[ {_ODD_SPACE}]")  # a run of only zero-width characters is dropped
_BREAKS = re.compile(r"\n+")
_SENTENCE_END = re.compile(r"[.!?:;\u2026][\"')\]]*$")
_CONTINUES = re.compile(r"[a-z]|[,;)\]%]|\d(?![\d,]*[.)] )|[-\u2013\u2014] [a-z]")
_BULLET = re.compile(r"[-*\u2022\u25aa]|\d+[.)] ")
_GLUED = re.compile(  # "Beijing.The", 'said."The', "visit,the": a space goes after the match
    r"[.!?,](?:(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])|(?<=[a-z]{2}[.!?])[\"'](?=[A-Z])"
    r"|(?<=[a-z]{2},)(?=[a-zA-Z]{2}))"
)
_NEXT_WORD = re.compile(r"\S*")
_DOMAIN_TAIL = re.compile(r"\.[a-z]")  # "news.Belta.by": the next word goes on like a domain
_FULL_PAGE = re.compile(r"<(?:html|body)\b", re.I)
_DATE_FORMATS = ("%Y/%m/%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y")


def clean(raw: RawRecord) -> Document | Rejected:
    """Clean one raw record into a Document, or say why it cannot be one.

    >>> doc = clean(RawRecord(origin="a.txt", text=article_text))
    >>> doc.text[span_start:span_end]  # what the events' evidence offsets point into
    """
    meta: dict[str, str | None] = {}
    if raw.html:
        try:
            source, meta = _extract_html(raw)
        except Exception as exc:  # a third-party parser on untrusted input: never crash a batch
            return Rejected(raw.origin, f"the HTML page could not be parsed ({type(exc).__name__})")
        if not source or not source.strip():
            return Rejected(raw.origin, "no article text found in the HTML page")
    elif raw.text:
        source = raw.text
    else:
        return Rejected(raw.origin, "record has neither text nor HTML")
    title = _clean_inline(raw.title or meta.get("title"))
    text, offset_map = clean_text(source, title=title)
    if len(text) < MIN_CHARS:
        if raw.html and _FULL_PAGE.search(raw.html[:10000]) and len(source.strip()) < MIN_CHARS:
            return Rejected(raw.origin, "no article text found in the HTML page")
        return Rejected(raw.origin, f"too little text after cleaning ({len(text)} characters)")
    if len(text) > MAX_CHARS:
        return Rejected(
            raw.origin,
            f"article of {len(text):,} characters after cleaning exceeds the "
            f"{MAX_CHARS:,}-character limit",
        )
    content_hash = stable_hash(text)
    language = (raw.language or "en").replace("_", "-").split("-")[0].lower() or "en"
    return Document(
        doc_id=raw.id or content_hash,
        text=text,
        content_hash=content_hash,
        origin=raw.origin,
        title=title,
        url=raw.url or meta.get("url"),
        outlet=_clean_inline(raw.outlet or meta.get("outlet")),
        published=normalise_date(raw.published) or normalise_date(meta.get("published")),
        language=language,
        offset_map=offset_map,
    )


def _extract_html(raw: RawRecord) -> tuple[str | None, dict[str, str | None]]:
    result = trafilatura.bare_extraction(
        raw.html,
        url=raw.url,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = getattr(result, "text", None)
    meta = {
        "title": getattr(result, "title", None),
        "outlet": getattr(result, "sitename", None),
        "published": getattr(result, "date", None),
        "url": getattr(result, "url", None),
    }
    if not (text and text.strip()) and not _FULL_PAGE.search(raw.html[:10000]):
        text = trafilatura.baseline(raw.html)[1]  # a fragment, e.g. a feed item's summary
    return text, meta


def clean_text(text: str, *, title: str | None = None) -> tuple[str, Pairs]:
    """Normalise ``text`` (steps 2-7 of the module docstring); return it with its offset map."""
    offset_map: Pairs = [(0, 0)]
    for step in (_unify_newlines, _fix_encoding, _fix_spaces, _boilerplate, _paragraphs, _spacing):
        new_text, pairs = step(text, title) if step is _boilerplate else step(text)
        offset_map = _compose(pairs, offset_map, len(new_text))
        text = new_text
    return text, offset_map


def map_offset(offset_map: Pairs, clean_offset: int) -> int:
    """The raw offset for a clean offset (for a span end, pass the end offset)."""
    index = bisect_right(offset_map, clean_offset, key=lambda pair: pair[0]) - 1
    clean_start, raw_start = offset_map[max(index, 0)]
    return raw_start + clean_offset - clean_start


def normalise_date(value: object) -> str | None:
    """``YYYY-MM-DD`` from an ISO date/datetime (the date as written, whatever the zone),
    an RFC 822 date or a few spelled-out forms; None when it is not a valid date."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    found: date | None = None
    if match := re.match(r"(\d{4})-(\d{2})-(\d{2})(?:$|[T ])", text):
        try:
            found = date(*map(int, match.groups()))
        except ValueError:
            return None
    else:
        parsers = [datetime.fromisoformat, parsedate_to_datetime]
        parsers += [lambda s, f=f: datetime.strptime(s, f) for f in _DATE_FORMATS]
        for parse in parsers:
            try:
                found = parse(text).date()  # type: ignore[operator]
                break
            except (TypeError, ValueError, IndexError):
                continue
    return found.isoformat() if found and 1800 <= found.year <= 2200 else None


def _clean_inline(value: str | None) -> str | None:
    if not value:
        return None
    return " ".join(ftfy.fix_text(value, _FTFY).split()) or None


# -- offset bookkeeping --------------------------------------------------------------


class _Edit:
    """Builds a step's output from its input, left to right, recording the offset map."""

    __slots__ = ("src", "parts", "pairs", "pos", "size")

    def __init__(self, src: str):
        self.src, self.parts, self.pairs, self.pos, self.size = src, [], [], 0, 0

    def _pair(self, out: int, inp: int) -> None:
        if self.pairs:
            last_out, last_in = self.pairs[-1]
            if out - last_out == inp - last_in:
                return  # continues the current one-to-one stretch
            if out == last_out:
                self.pairs.pop()
        self.pairs.append((out, inp))

    def keep(self, end: int) -> None:
        """Copy the input up to ``end`` unchanged."""
        if end > self.pos:
            self._pair(self.size, self.pos)
            self.parts.append(self.src[self.pos : end])
            self.size += end - self.pos
            self.pos = end

    def replace(self, end: int, new: str) -> None:
        """Put ``new`` in place of the input up to ``end``."""
        if new:
            self._pair(self.size, self.pos)
            for extra in range(end - self.pos, len(new)):  # characters beyond the input's
                self._pair(self.size + extra, end)
            self.parts.append(new)
            self.size += len(new)
        self.pos = end

    def done(self) -> tuple[str, Pairs]:
        self.keep(len(self.src))
        if self.pairs and self.pairs[-1][1] + self.size - self.pairs[-1][0] > len(self.src):
            self.pairs.append((self.size, len(self.src)))  # text ends with an insertion
        return "".join(self.parts), self.pairs or [(0, 0)]


def _compose(outer: Pairs, inner: Pairs, outer_len: int) -> Pairs:
    """The map out -> raw from ``outer`` (out -> mid) and ``inner`` (mid -> raw)."""
    keys = [mid for mid, _ in inner]
    result: Pairs = []
    for i, (out, mid) in enumerate(outer):
        last = i + 1 == len(outer)
        end = mid + (outer_len if last else outer[i + 1][0]) - out
        j = max(bisect_right(keys, mid) - 1, 0)
        points = [(out, inner[j][1] + mid - keys[j])]
        j += 1
        while j < len(keys) and keys[j] < end:
            points.append((out + keys[j] - mid, inner[j][1]))
            j += 1
        if last and j < len(keys) and keys[j] == end:  # keep the end in range after an insertion
            start_out, start_raw = points[-1]
            if start_raw + out + end - mid - start_out > inner[j][1]:
                points.append((out + end - mid, inner[j][1]))
        for point in points:
            if result and point[0] - result[-1][0] == point[1] - result[-1][1]:
                continue
            result.append(point)
    return result or [(0, 0)]


def _regex_step(
    text: str, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]
) -> tuple[str, Pairs]:
    edit = _Edit(text)
    for match in pattern.finditer(text):
        new = repl(match)
        if new != match.group():
            edit.keep(match.start())
            edit.replace(match.end(), new)
    return edit.done()


def _diff_into(edit: _Edit, start: int, old: str, new: str) -> None:
    """Record ``old`` (at ``start``) becoming ``new`` as precisely as is cheap."""
    end = start + len(old)
    if len(old) == len(new):  # e.g. curly quotes: position for position
        edit.keep(start)
        edit.replace(end, new)
        return
    prefix = len(commonprefix([old, new]))
    suffix = len(commonprefix([old[prefix:][::-1], new[prefix:][::-1]]))
    old_mid, new_mid = old[prefix : len(old) - suffix], new[prefix : len(new) - suffix]
    edit.keep(start + prefix)
    if min(len(old_mid), len(new_mid)) > 1 and len(old_mid) + len(new_mid) <= 4000:
        matcher = SequenceMatcher(None, old_mid, new_mid, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            edit.keep(start + prefix + i1)
            if tag == "equal":
                edit.keep(start + prefix + i2)
            else:
                edit.replace(start + prefix + i2, new_mid[j1:j2])
    else:
        edit.replace(end - suffix, new_mid)
    edit.keep(end)


# -- the steps -----------------------------------------------------------------------


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line, without its newline."""
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        yield start, end
        start = end + 1


def _unify_newlines(text: str) -> tuple[str, Pairs]:
    return _regex_step(text, _NEWLINES, lambda m: "\n")


@functools.lru_cache(maxsize=8192)
def _fix_stretch(old: str) -> str:
    """Curly quotes straightened here; ftfy only where it may have work (it is slow)."""
    if old[0] < " " or old[0] == "\x7f":
        return old  # control characters: the spaces step deals with them
    if old[0] == "&":
        return html.unescape(old)
    if _FTFY_TRIGGER.search(old) or (_NON_ASCII_PAIR.search(old) and ftfy.badness.is_bad(old)):
        return _SURROGATE.sub("\ufffd", ftfy.fix_text(old, _FTFY))
    fixed = old.translate(_QUOTES)
    return fixed if unicodedata.is_normalized("NFC", fixed) else unicodedata.normalize("NFC", fixed)


def _fix_encoding(text: str) -> tuple[str, Pairs]:
    """Repair each stretch that may need it: a non-ASCII run (with the character before,
    for combining marks), an HTML entity, control characters. Mojibake is always a
    non-ASCII run, so the repairs are those ftfy makes on whole lines, but local."""
    edit = _Edit(text)
    last = 0
    for match in _SUSPECT.finditer(text):
        start = match.start()
        if start > last and text[start] > "\x7f" and "\x20" < text[start - 1] < "\x7f":
            start -= 1  # the letter a combining mark may belong to
        old = text[start : match.end()]
        fixed = _fix_stretch(old)
        if fixed != old:
            _diff_into(edit, start, old, fixed)
        last = match.end()
    return edit.done()


def _fix_spaces(text: str) -> tuple[str, Pairs]:
    def repl(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else "\n"
        after = text[match.end()] if match.end() < len(text) else "\n"
        if "\n" in (before, after) or not _ANY_SPACE.search(match.group()):
            return ""
        return " "

    return _regex_step(text, _SPACES, repl)


def _key(line: str) -> str:
    return re.sub(r"\W+", "", line.casefold())


def _boilerplate(text: str, title: str | None) -> tuple[str, Pairs]:
    edit = _Edit(text)
    blank_separated = "\n\n" in text
    title_key = _key(title) if title else ""
    bio = ""  # "" | "pending" (after the heading) | "inside" (dropping the bio)
    first = True
    for start, end in _lines(text):
        line = text[start:end]
        drop = False
        if not line:
            bio = "" if bio == "inside" else bio
        elif bio:
            drop = True
            bio = "inside" if blank_separated else ""
        elif first and title_key and _key(line) == title_key:
            drop = True
        elif len(line) <= _LONGEST_BOILERPLATE and _ANY_RULE.fullmatch(line):
            for pattern, action in _RULES:
                if pattern.fullmatch(line):
                    drop, bio = True, ("pending" if action == "bio" else "")
                    break
        first = first and (drop or not line)  # no headline-check past real text
        if drop:
            edit.keep(start)
            edit.replace(min(end + 1, len(text)), "")
    return edit.done()


def _paragraphs(text: str) -> tuple[str, Pairs]:
    blank_separated = "\n\n" in text

    def repl(match: re.Match[str]) -> str:
        if match.start() == 0 or match.end() == len(text):
            return ""
        if match.end() - match.start() > 1:
            return "\n\n"
        previous = text[text.rfind("\n", 0, match.start()) + 1 : match.start()]
        following = text[match.end() : match.end() + 12]
        if previous[-2:-1].isalpha() and previous.endswith("-") and following[:1].islower():
            return ""  # "inter-\nnational": keep the hyphen, join the word
        if not _SENTENCE_END.search(previous) and _CONTINUES.match(following):
            return " "
        if blank_separated and len(previous) >= 40 and not _BULLET.match(following):
            return " "  # a hard-wrapped paragraph: blank lines are what separate paragraphs
        return "\n\n"

    return _regex_step(text, _BREAKS, repl)


def _spacing(text: str) -> tuple[str, Pairs]:
    def repl(match: re.Match[str]) -> str:
        start, end = match.start(), match.end()  # look at most 200 characters either side
        low = max(start - 200, 0)
        word = text[
            max(text.rfind(" ", low, start), text.rfind("\n", low, start), low - 1) + 1 : start
        ]
        word = word.lower()
        rest = _NEXT_WORD.match(text, end, end + 200).group()
        url = "://" in word or "www." in word or "@" in word or _DOMAIN_TAIL.search(rest)
        return match.group() if url else match.group() + " "

    return _regex_step(text, _GLUED, repl)

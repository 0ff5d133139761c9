"""Temporal expressions: found in text and resolved against the publication date.

``find_timexes(text, published)`` returns every expression it knows, with a
TimeML-style ``value`` (``2026-11-22``, ``2026-W47``, ``2026-09``, ``2026-Q3``,
``2026-SU``, ``PAST_REF``, ``P3Y``) and, for dates, the calendar span it
denotes (``start``/``end`` ISO dates) with a precision from
``records.DatePrecision``.

Method: regular patterns for the forms news uses (explicit dates, months,
weekdays, seasons, quarters, "last week", "a year earlier", "in the coming
days", durations) and a small anchoring step. Relative expressions are anchored
on the publication date; without one they stay unresolved (``start`` is None,
precision ``unknown``) rather than guessed. Tense decides the direction of
bare weekdays and months: "will meet on Tuesday" is the next Tuesday, "met on
Tuesday" the last one; "in September" in a February article is last September.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from .records import EventDate

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "several": None, "few": None, "a few": None, "many": None,
}  # fmt: skip
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
ORDINAL_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
UNIT_CODES = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE", "century": "CE"}
UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365, "decade": 3650, "century": 36500}

_MONTH = (
    r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|"
    r"aug(?:ust|\.)?|sep(?:t(?:ember|\.)?|\.)?|sept|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)"
)
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUM = (
    r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few|few|\d+)"
)
_UNIT = r"(?:day|week|month|year|decade|centur(?:y|ie))s?"
_DAYPART = r"(?:\s+(?:morning|afternoon|evening|night))?"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
# Words that put a clause in the future: "will meet", "is due to", "plans to".
_FUTURE = re.compile(
    r"\b(?:will|won't|shall|'ll|is to|are to|due to|scheduled|set to|plans? to|planning to|"
    r"expected to|going to|to be held|intends? to|would|next|upcoming|coming|planned (?:to|for)|"
    r"(?:decided|agreed|promised|pledged|vowed|hopes?|hoped|aims?|wants?|wanted|threatened) to)\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:was|were|had|did|said|ago|last|earlier|since)\b|\b\w+ed\b(?! to\b| for\b)", re.IGNORECASE
)
# A sentence ends at . ! ? after a lower-case word (not "Mr." or "Daniel P.") or at a line break.
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)][a-z0-9)])[.!?][\"')]*\s+(?=[A-Z\"`'])|\n")


@dataclass(slots=True)
class Timex:
    """One temporal expression: span, TimeML type and value, and the dates it denotes."""

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str  # TimeML-style normalised value ("2026-11-22", "P3Y", "PAST_REF", "XXXX-09")
    begin: str | None = None  # ISO date the expression starts on (None when unresolved)
    until: str | None = None  # ISO date it ends on; None for an open range
    precision: str = "unknown"  # records.DatePrecision
    floating: bool = False  # "weeks later", "two days after": anchored on another event


# -- calendar helpers ---------------------------------------------------------
def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _shift_months(d: date, n: int) -> tuple[int, int]:
    k = d.year * 12 + d.month - 1 + n
    return k // 12, k % 12 + 1


def _week_value(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _day(d: date) -> tuple[str, str, str, str]:
    return d.isoformat(), d.isoformat(), d.isoformat(), "day"


def _week(d: date) -> tuple[str, str, str, str]:
    monday = d - timedelta(days=d.weekday())
    return _week_value(d), monday.isoformat(), (monday + timedelta(days=6)).isoformat(), "week"


def _month(y: int, m: int) -> tuple[str, str, str, str]:
    return f"{y:04d}-{m:02d}", date(y, m, 1).isoformat(), _month_end(y, m).isoformat(), "month"


def _year(y: int) -> tuple[str, str, str, str]:
    return f"{y:04d}", f"{y:04d}-01-01", f"{y:04d}-12-31", "year"


def _quarter(y: int, q: int) -> tuple[str, str, str, str]:
    first = 3 * q - 2
    return (
        f"{y:04d}-Q{q}",
        date(y, first, 1).isoformat(),
        _month_end(y, first + 2).isoformat(),
        "range",
    )


def _season(y: int, code: str) -> tuple[str, str, str, str]:
    a, b = SEASON_MONTHS[code]
    end_year = y + 1 if b < a else y
    return (
        f"{y:04d}-{code}",
        date(y, a, 1).isoformat(),
        _month_end(end_year, b).isoformat(),
        "range",
    )


def _last_quarter(dct: date) -> tuple[int, int]:
    """The last quarter completed before the publication date (year, quarter)."""
    k = dct.year * 4 + (dct.month - 1) // 3 - 1
    return k // 4, k % 4 + 1


def _parse_published(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _year_of(two_or_four: str) -> int:
    y = int(two_or_four)
    return y if y >= 100 else (1900 + y if y > 40 else 2000 + y)


# -- tense --------------------------------------------------------------------
def future_context(text: str, start: int, end: int) -> bool:
    """Is the clause around text[start:end] about the future? (a cheap look at its words)"""
    left, right = _sentence_bounds(text, start, end)
    before = text[left:start]
    after = text[end:right]
    # the nearest verb group before the expression decides; else the words after it
    cut = max((m.end() for m in re.finditer(r",|\bbut\b|\band\b|\bwhile\b", before)), default=0)
    near = before[cut:] or before
    if _FUTURE.search(near):
        return True
    if _PAST.search(near):
        return False
    if _FUTURE.search(before):
        return True
    if _PAST.search(before):
        return False
    fut, past = _FUTURE.search(after), _PAST.search(after)
    return bool(fut) and (past is None or fut.start() < past.start())


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence holding text[start:end] (a cheap splitter)."""
    window_start = max(0, start - 400)
    left = window_start
    for m in _SENTENCE_END.finditer(text, window_start, start):
        left = m.end()
    m = _SENTENCE_END.search(text, end, end + 400)
    return left, (m.start() if m else min(len(text), end + 400))


# -- anchoring ----------------------------------------------------------------
def _weekday(dct: date, wd: int, future: bool) -> date:
    delta = wd - dct.weekday()
    if future:
        return dct + timedelta(days=delta if delta >= 0 else delta + 7)
    return dct + timedelta(days=delta if delta <= 0 else delta - 7)


def _month_year(dct: date, month: int, future: bool) -> int:
    if future:
        return dct.year + 1 if month < dct.month else dct.year
    return dct.year - 1 if month > dct.month else dct.year


def _relative(dct: date, word: str, unit: str) -> tuple[str, str, str, str]:
    """last/next/this/past/coming + unit, anchored on the publication date."""
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "this": 0}[word]
    if unit == "day":
        return _day(dct + timedelta(days=step))
    if unit == "week":
        return _week(dct + timedelta(weeks=step))
    if unit == "weekend":
        sat = _weekday(dct, 5, step > 0) if step else dct + timedelta(days=5 - dct.weekday())
        if step < 0 and sat == dct:
            sat -= timedelta(weeks=1)
        y, w, _ = sat.isocalendar()
        return f"{y}-W{w:02d}-WE", sat.isoformat(), (sat + timedelta(days=1)).isoformat(), "range"
    if unit == "month":
        return _month(*_shift_months(dct, step))
    if unit == "quarter":
        k = dct.year * 4 + (dct.month - 1) // 3 + step
        return _quarter(k // 4, k % 4 + 1)
    if unit == "decade":
        d = dct.year // 10 + step
        return f"{d}", f"{d * 10}-01-01", f"{d * 10 + 9}-12-31", "range"
    if unit == "century":
        c = dct.year // 100 + step
        return f"{c}", f"{c * 100}-01-01", f"{c * 100 + 99}-12-31", "range"
    return _year(dct.year + step)


def _ago(dct: date, n: int, unit: str, sign: int) -> tuple[str, str, str, str]:
    if unit == "day":
        return _day(dct + timedelta(days=sign * n))
    if unit == "week":
        return _week(dct + timedelta(weeks=sign * n))
    if unit == "month":
        return _month(*_shift_months(dct, sign * n))
    if unit == "decade":
        return _year(dct.year + sign * 10 * n)
    return _year(dct.year + sign * n)


# -- the patterns -------------------------------------------------------------
_I = re.IGNORECASE
PATTERNS: list[tuple[str, re.Pattern]] = [
    (
        "range_weekdays",
        re.compile(rf"\bfrom\s+({_WEEKDAY})\s+(?:to|until|till|through)\s+({_WEEKDAY})\b", _I),
    ),
    (
        "range_days",
        re.compile(
            rf"\b(?:from\s+)?({_MONTH})\s+(\d{{1,2}})\s*(?:-|–|to|until|through)\s*(\d{{1,2}})(?:,?\s+({_YEAR}))?\b",
            _I,
        ),
    ),
    (
        "range_days_dmy",
        re.compile(
            rf"\b(?:from\s+)?(\d{{1,2}})\s*(?:-|–|to|until)\s*(\d{{1,2}})\s+({_MONTH})(?:,?\s+({_YEAR}))?\b",
            _I,
        ),
    ),
    (
        "mdy",
        re.compile(
            rf"\b(?:{_WEEKDAY},?\s+)?({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+({_YEAR})\b)?",
            _I,
        ),
    ),
    (
        "dmy",
        re.compile(
            rf"\b(?:{_WEEKDAY},?\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\b(?:,?\s+({_YEAR})\b)?",
            _I,
        ),
    ),
    ("numeric", re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})\b")),
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    (
        "month_year",
        re.compile(rf"\b(?:(early|mid|late)[- ]?)?({_MONTH})[,]?\s+(?:of\s+)?({_YEAR})\b", _I),
    ),
    (
        "month_relyear",
        re.compile(rf"\b({_MONTH})\s+(?:of\s+)?(last|next|this)\s+year\b", _I),
    ),
    ("month", re.compile(rf"\b(?:(early|mid|late|last|next|this)[- ]?)?({_MONTH})(?![\w-])", _I)),
    (
        "season",
        re.compile(
            r"\b(?:(last|next|this(?:\s+past)?|the)\s+)?(spring|summer|fall|autumn|winter)\b"
            r"(?:\s+of\s+(\d{4}))?",
            _I,
        ),
    ),
    (
        "quarter",
        re.compile(
            r"\b(?:(?:the|this\s+year's|last\s+year's)\s+)?(first|second|third|fourth)"
            rf"[- ]quarter\b(?:\s+of\s+({_YEAR}))?",
            _I,
        ),
    ),
    (
        "coming",
        re.compile(
            r"\b(?:in\s+)?(?:the\s+)?(coming|next|past|last|previous)\s+(few\s+)?"
            r"(days|weeks|months|years)\b",
            _I,
        ),
    ),
    (
        "duration",
        re.compile(
            r"\b(?:(?:for|over|during|in)\s+)?(?:the\s+)?(?:(?:past|last|next)\s+)?"
            r"(?:(?:more|less|fewer)\s+than\s+|about\s+|nearly\s+|almost\s+|some\s+)?"
            rf"({_NUM})[- ]({_UNIT})(?![\w-])"
            r"(?!\s+(?:ago|earlier|later|before|after|from\s+now)\b)",
            _I,
        ),
    ),
    (
        "ago",
        re.compile(
            rf"\b(?:(?:about|nearly|almost|some|more\s+than)\s+)?({_NUM})\s+({_UNIT})\s+(ago|earlier|later|before|after|from\s+now)\b",
            _I,
        ),
    ),
    ("vague_later", re.compile(rf"\b({_UNIT})\s+(later|earlier|ago)\b", _I)),
    (
        "relative",
        re.compile(
            r"\b(?:(earlier|later)\s+)?(last|next|this|past|coming|previous)\s+(week|weekend|month|year|quarter|decade|century)\b",
            _I,
        ),
    ),
    (
        "the_period",
        re.compile(
            r"\bthe\s+(?:(latest|most\s+recent|recent|current|fiscal|full)\s+)?"
            r"(quarter|period|year|week|weekend)\b(?!-)(?!\s+(?:of|before|after|earlier|ago)\b)",
            _I,
        ),
    ),
    ("year_earlier", re.compile(r"\b(year|month|quarter)[- ](earlier|ago)\b", _I)),
    ("weekday", re.compile(rf"\b(?:(last|next|this)\s+)?({_WEEKDAY}){_DAYPART}\b", _I)),
    ("deictic", re.compile(r"\b(today|tonight|yesterday|tomorrow)\b", _I)),
    (
        "ref",
        re.compile(
            r"\b(now|currently|current|nowadays|recently|recent\s+years|recent|(?:in\s+)?the\s+past|the\s+future|future|soon|formerly)\b",
            _I,
        ),
    ),
    ("century", re.compile(r"\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)[- ]century\b", _I)),
    ("decade", re.compile(r"\b(?:the\s+)?(1[5-9]\d|20\d)0s\b", _I)),
    (
        "year",
        re.compile(
            rf"(?<![\d$£€.,])\b({_YEAR})\b(?![\d%]|,\d|\.\d|\s*(?:percent|per cent|people|"
            r"troops|soldiers|men|km|miles|tons|tonnes|dollars)\b)",
            _I,
        ),
    ),
]
REFS = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "recently": "PAST_REF", "recent": "PAST_REF",
    "recent years": "PAST_REF", "the past": "PAST_REF", "in the past": "PAST_REF",
    "formerly": "PAST_REF", "the future": "FUTURE_REF", "future": "FUTURE_REF",
    "soon": "FUTURE_REF",
}  # fmt: skip


def _unit(word: str) -> str:
    w = word.lower()
    return "century" if w.startswith("centur") else w.rstrip("s")


def _number(word: str) -> int | None:
    w = word.lower()
    return int(w) if w.isdigit() else NUMBERS.get(w)


def _interpret(kind: str, m: re.Match, text: str, dct: date | None) -> Timex | None:
    """One match -> a Timex (or None when the match is not a time expression)."""
    g = m.groups()
    s, e = m.start(), m.end()
    future = future_context(text, s, e)

    def out(value: str, span=None, typ: str = "DATE") -> Timex:
        t = Timex(s, e, text[s:e], typ, value)
        if span:
            t.value, t.begin, t.until, t.precision = span
        return t

    if kind == "range_weekdays":
        if dct is None:
            return out("XXXX-XX-XX")
        a = _weekday(dct, WEEKDAYS[g[0].lower()], future)
        b = a + timedelta(days=(WEEKDAYS[g[1].lower()] - a.weekday()) % 7)
        return out(a.isoformat(), (a.isoformat(), a.isoformat(), b.isoformat(), "range"))
    if kind in ("range_days", "range_days_dmy"):
        if kind == "range_days":
            mon, d1, d2, y = _month_number(g[0]), int(g[1]), int(g[2]), g[3]
        else:
            d1, d2, mon, y = int(g[0]), int(g[1]), _month_number(g[2]), g[3]
        year = int(y) if y else (_month_year(dct, mon, future) if dct else None)
        if year is None or not (1 <= d1 <= d2 <= calendar.monthrange(year, mon)[1]):
            return None if year is not None else out(f"XXXX-{mon:02d}-{d1:02d}")
        a, b = date(year, mon, d1), date(year, mon, d2)
        return out(a.isoformat(), (a.isoformat(), a.isoformat(), b.isoformat(), "range"))
    if kind in ("mdy", "dmy", "numeric", "iso"):
        if kind == "mdy":
            mon, d, y = _month_number(g[0]), int(g[1]), g[2]
        elif kind == "dmy":
            d, mon, y = int(g[0]), _month_number(g[1]), g[2]
        elif kind == "numeric":
            d, mon, y = int(g[0]), int(g[1]), g[2]
            if mon > 12 and d <= 12:  # 11/22/2026, the American order
                d, mon = mon, d
        else:
            y, mon, d = g[0], int(g[1]), int(g[2])
        if not 1 <= mon <= 12:
            return None
        if kind == "mdy" and g[0].lower() == "may" and not m.group(0)[0].isupper():
            return None  # "may 5" in lower case is the modal verb before a number
        year = _year_of(y) if y else (_month_year(dct, mon, future) if dct else None)
        if year is None:
            return out(f"XXXX-{mon:02d}-{d:02d}") if 1 <= d <= 31 else None
        if not 1 <= d <= calendar.monthrange(year, mon)[1]:
            return None
        return out("", _day(date(year, mon, d)))
    if kind == "month_relyear":
        if dct is None:
            return out(f"XXXX-{_month_number(g[0]):02d}")
        year = dct.year + {"last": -1, "next": 1}.get(g[1].lower(), 0)
        return out("", _month(year, _month_number(g[0])))
    if kind == "month_year":
        return out("", _month(int(g[2]), _month_number(g[1])))
    if kind == "month":
        word = g[1]
        if word.lower() in ("may", "march", "mar", "jan", "dec", "sep", "sept") or (
            len(word) <= 4 and not word.endswith(".")
        ):
            if not word[0].isupper() or word.lower() in ("mar", "jan", "dec", "sep"):
                return None  # "may" the modal, "march" the verb, "Jan" a first name
            if word.lower() in ("may", "march") and not (g[0] or _month_context(text, s)):
                return None
        mon = _month_number(word)
        if dct is None:
            return out(f"XXXX-{mon:02d}")
        mod = (g[0] or "").lower()
        if mod in ("last", "next", "this"):
            year = dct.year + (mod == "next") - (mod == "last")
            if mod == "last" and mon < dct.month:
                year += 1
            if mod == "next" and mon > dct.month:
                year -= 1
        else:
            year = _month_year(dct, mon, future)
        return out("", _month(year, mon))
    if kind == "season":
        code = SEASONS[g[1].lower()]
        if g[2]:
            return out("", _season(int(g[2]), code))
        if not g[0]:
            return None  # a bare "spring" is too often not a time ("Arab Spring")
        if dct is None:
            return out(f"XXXX-{code}")
        mod = g[0].lower()
        year = dct.year + {"last": -1, "next": 1}.get(mod, 0)
        return out("", _season(year, code))
    if kind == "quarter":
        q = ORDINAL_QUARTERS[g[0].lower()]
        if g[1]:
            return out("", _quarter(int(g[1]), q))
        if dct is None:
            return out(f"XXXX-Q{q}")
        year = dct.year - ("last year" in m.group(0).lower())
        if "year's" not in m.group(0).lower() and q > (dct.month - 1) // 3 + 1 and not future:
            year -= 1
        return out("", _quarter(year, q))
    if kind == "coming":
        word, unit = g[0].lower(), _unit(g[2])
        forward = word in ("coming", "next")
        t = out("FUTURE_REF" if forward else "PAST_REF")
        if dct is not None:
            t.begin, t.until = (dct.isoformat(), None) if forward else (None, dct.isoformat())
            t.precision = "range"
        return t
    if kind == "duration":
        n, unit = _number(g[0]), _unit(g[1])
        code = UNIT_CODES[unit]
        return out(f"P{n if n else 'X'}{code}", typ="DURATION")
    if kind == "ago" and not (_unit(g[1]) == "year" and _number(g[0]) == 1):
        n, unit, direction = _number(g[0]), _unit(g[1]), g[2].lower()
        if n is None and direction == "ago":
            return out("PAST_REF")  # "several years ago"
        if n is None or dct is None:
            return out("XXXX-XX-XX")
        sign = 1 if direction in ("later", "after", "from now") else -1
        t = out("", _ago(dct, n, unit, sign))
        t.floating = direction in ("later", "after", "before")
        return t
    if kind == "vague_later":
        t = out("XXXX-XX-XX")  # "weeks later": after some other event, not anchored here
        t.floating = True
        return t
    if kind == "relative":
        mod, word, unit = (g[0] or "").lower(), g[1].lower(), g[2].lower()
        if dct is None:
            return out("XXXX-XX-XX")
        if mod and word == "this":
            span = _relative(dct, "this", unit)
            return out("", span)
        return out("", _relative(dct, word, unit))
    if kind == "the_period":
        mod, unit = (g[0] or "").lower(), g[1].lower()
        if dct is None:
            return out("XXXX-XX-XX")
        if unit in ("quarter", "period"):
            if unit == "period" and not mod:
                return None  # "the period" alone names no calendar span
            return out("", _quarter(*_last_quarter(dct)))
        if unit == "weekend":
            return out("", _relative(dct, "coming" if future else "last", "weekend"))
        return out("", _relative(dct, "this", unit))
    if kind == "year_earlier" or (kind == "ago" and _unit(g[1]) == "year" and _number(g[0]) == 1):
        if dct is None:
            return out("XXXX")
        unit = g[0].lower() if kind == "year_earlier" else "year"
        left, right = _sentence_bounds(text, s, e)
        if unit == "year" and "quarter" in text[left:right].lower():
            y, q = _last_quarter(dct)  # "a year earlier" beside a quarter's results
            return out("", _quarter(y - 1, q))
        if kind == "ago":
            t = out("", _ago(dct, 1, "year", 1 if g[2].lower() in ("later", "after") else -1))
            t.floating = g[2].lower() in ("later", "after", "before")
            return t
        if unit == "quarter":
            k = dct.year * 4 + (dct.month - 1) // 3 - 1
            return out("", _quarter(k // 4, k % 4 + 1))
        return out("", _ago(dct, 1, unit, -1))
    if kind == "weekday":
        mod, wd = (g[0] or "").lower(), WEEKDAYS[g[1].lower()]
        if dct is None:
            return out("XXXX-XX-XX")
        if mod == "next":
            d = _weekday(dct + timedelta(days=1), wd, True)
        elif mod == "last":
            d = _weekday(dct - timedelta(days=1), wd, False)
        else:
            d = _weekday(dct, wd, future)
        return out("", _day(d))
    if kind == "deictic":
        if dct is None:
            return out("XXXX-XX-XX")
        shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[g[0].lower()]
        return out("", _day(dct + timedelta(days=shift)))
    if kind == "ref":
        value = REFS[re.sub(r"\s+", " ", g[0].lower())]
        t = out(value)
        if dct is not None and value == "PRESENT_REF":
            t.begin, t.until, t.precision = _day(dct)[1:]
        return t
    if kind == "century":
        c = int(g[0]) - 1
        if c < 1:
            return None  # no year 0 in ISO dates
        return out(
            f"{c:02d}", (f"{c:02d}", f"{c * 100:04d}-01-01", f"{c * 100 + 99:04d}-12-31", "range")
        )
    if kind == "decade":
        first = int(g[0]) * 10
        return out(f"{g[0]}X", (f"{g[0]}X", f"{first}-01-01", f"{first + 9}-12-31", "range"))
    if kind == "year":
        return out("", _year(int(g[0])))
    return None


def _month_context(text: str, start: int) -> bool:
    """A capitalised "May"/"March" is a month after "in", "since", "of", "until"..."""
    before = text[max(0, start - 12) : start].lower()
    return bool(
        re.search(r"\b(in|since|of|until|by|from|to|through|during|before|after)\s+$", before)
    )


def find_timexes(text: str, published: str | None = None) -> list[Timex]:
    """Every temporal expression of ``text``, resolved against ``published`` (ISO date).

    Overlapping matches are settled longest first; offsets slice ``text``.
    """
    dct = _parse_published(published)
    candidates: list[tuple[int, int, int, str, re.Match]] = []
    for order, (kind, pattern) in enumerate(PATTERNS):
        for m in pattern.finditer(text):
            if m.end() > m.start():
                candidates.append((-(m.end() - m.start()), order, m.start(), kind, m))
    candidates.sort(key=lambda c: (c[0], c[1], c[2]))
    taken: list[tuple[int, int]] = []
    found: list[Timex] = []
    for _, _, _, kind, m in candidates:
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        try:
            timex = _interpret(kind, m, text, dct)
        except (ValueError, KeyError, OverflowError):
            timex = None
        if timex is None:
            continue
        if not (_iso_date(timex.begin) and _iso_date(timex.until)):
            timex.begin = timex.until = None  # beyond the calendar (year 10000): unresolved
            timex.precision = "unknown"
        if timex.value == "" and timex.begin:
            timex.value = timex.begin
        taken.append((m.start(), m.end()))
        found.append(timex)
    found.sort(key=lambda t: t.start)
    return found


def _iso_date(value: str | None) -> bool:
    """None, or a YYYY-MM-DD date of years 1-9999 (what a store and Python can hold)."""
    if value is None:
        return True
    try:
        return len(value) == 10 and bool(date.fromisoformat(value))
    except ValueError:
        return False


# -- event dates --------------------------------------------------------------
REF_VALUES = frozenset({"PRESENT_REF", "PAST_REF"})


def document_timexes(doc, published: str | None) -> list[Timex]:
    """The timexes of a parsed document, found once and kept on the doc."""
    key = ("eventwire_timex", published)
    if key not in doc.user_data:
        doc.user_data[key] = find_timexes(doc.text, published)
    return doc.user_data[key]


def event_date(sent, trigger, published: str | None) -> EventDate | None:
    """The date of the event evoked by ``trigger`` in the parsed sentence ``sent``.

    The DATE expression whose clause is the trigger's wins: first one the
    trigger governs in the parse ("met on Tuesday"), else the nearest one in its
    clause. None when the sentence dates nothing for it (the caller falls back
    to the publication date). Without a publication date a relative expression
    stays unresolved (precision ``unknown``, its text kept).
    """
    doc = sent.doc
    inside = [
        t
        for t in document_timexes(doc, published)
        if sent.start_char <= t.start
        and t.end <= sent.end_char
        and t.type == "DATE"
        and t.value not in REF_VALUES
        and not t.floating
    ]
    if not inside:
        return None
    home = _clause_head(trigger)
    best, best_key = None, None
    for t in inside:
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        governed = any(a.i == trigger.i for a in root.ancestors) and _clause_head(root) == home
        same_clause = _clause_head(root) == home
        if not (governed or same_clause):
            continue
        key = (not governed, abs(root.i - trigger.i))
        if best_key is None or key < best_key:
            best, best_key = t, key
    if best is None:
        return None
    if best.begin is None and best.until is None:
        return EventDate(None, None, "unknown", best.text)
    return EventDate(best.begin, best.until, best.precision, best.text)


def _clause_head(tok):
    """The verb heading the clause a token sits in (the sentence root at most)."""
    node = tok
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
        node = node.head
    return node.i

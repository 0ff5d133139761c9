"""Temporal expressions on sentences written for these tests, anchored on a
publication date (2023-03-01 is a Wednesday unless a test says otherwise)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.events import EventExtractor
from eventwire.records import Document
from eventwire.timex import find_timexes

PUBLISHED = "2023-03-01"


def only(text, published=PUBLISHED):
    [t] = find_timexes(text, published)
    assert text[t.start : t.end] == t.text
    return t


def test_timex_weekday_follows_the_tense():
    future = only("Lukashenko will meet Xi Jinping on Tuesday in Beijing.")
    past = only("Lukashenko met Xi Jinping on Tuesday in Beijing.")
    assert (future.text, future.begin, future.precision) == ("Tuesday", "2023-03-07", "day")
    assert (past.text, past.begin, past.precision) == ("Tuesday", "2023-02-28", "day")


def test_timex_weekday_of_the_publication_day_is_that_day():
    assert only("The ministers signed the accord on Wednesday.").begin == "2023-03-01"


def test_timex_weekday_range_from_to():
    text = "The state visit, which runs from Tuesday to Thursday, is his first since 2019."
    t, since = find_timexes(text, PUBLISHED)
    assert (t.text, since.value) == ("from Tuesday to Thursday", "2019")
    assert (t.begin, t.until, t.precision) == ("2023-02-28", "2023-03-02", "range")
    t = only("The delegation is due to stay from Monday to Friday.")
    assert (t.begin, t.until) == ("2023-03-06", "2023-03-10")


def test_timex_month_without_year_falls_in_the_previous_year():
    t = only("The two leaders last met in September in Samarkand.", "2023-02-10")
    assert (t.value, t.begin, t.until, t.precision) == (
        "2022-09",
        "2022-09-01",
        "2022-09-30",
        "month",
    )
    t = only("The summit will be held in September in New Delhi.", "2023-02-10")
    assert t.value == "2023-09"


def test_timex_seasons_and_quarters():
    t = only("Russia launched the offensive last summer.")
    assert (t.value, t.begin, t.until, t.precision) == (
        "2022-SU",
        "2022-06-01",
        "2022-08-31",
        "range",
    )
    t = only("Exports to China rose 12% in the third quarter.", "2023-11-02")
    assert (t.value, t.begin, t.until) == ("2023-Q3", "2023-07-01", "2023-09-30")


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("Talks resumed last week in Geneva.", "2023-W08", "week"),
        ("The envoy will return next week.", "2023-W10", "week"),
        ("Trade fell sharply last month.", "2023-02", "month"),
        ("Elections are due next year.", "2024", "year"),
        ("Beijing cut tariffs this year.", "2023", "year"),
        ("Exports had doubled a year earlier.", "2022", "year"),
        ("The ceasefire collapsed yesterday.", "2023-02-28", "day"),
    ],
)
def test_timex_relative_periods(text, value, precision):
    t = only(text)
    assert (t.value, t.precision) == (value, precision)


def test_timex_weeks_later_is_found_but_not_anchored_on_the_publication_date():
    t = only("Weeks later, the rebels retook the town.")
    assert t.text == "Weeks later"
    assert t.begin is None and t.precision == "unknown"


def test_timex_coming_days_is_an_open_range():
    t = only("The foreign ministers will meet in the coming days.")
    assert t.text == "in the coming days"
    assert (t.value, t.begin, t.until, t.precision) == ("FUTURE_REF", PUBLISHED, None, "range")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The treaty was signed on 22 Nov 2026 in Minsk.", "2026-11-22"),
        ("The treaty was signed on November 22, 2026 in Minsk.", "2026-11-22"),
        ("The treaty was signed on 22.11.2026 in Minsk.", "2026-11-22"),
        ("The treaty was signed on 2026-11-22 in Minsk.", "2026-11-22"),
        ("The treaty was signed on Nov. 22 in Minsk.", "2022-11-22"),
    ],
)
def test_timex_explicit_dates_in_news_forms(text, expected):
    t = only(text)
    assert (t.begin, t.until, t.precision) == (expected, expected, "day")


def test_timex_years_and_decades():
    [y] = find_timexes("Belarus and China established diplomatic relations in 1992.", PUBLISHED)
    assert (y.value, y.begin, y.until, y.precision) == ("1992", "1992-01-01", "1992-12-31", "year")
    assert find_timexes("About 1992 people were evacuated.", PUBLISHED) == []
    [d] = find_timexes("Trade grew through the 1990s.", PUBLISHED)
    assert (d.value, d.begin, d.until) == ("199X", "1990-01-01", "1999-12-31")


def test_timex_durations_stay_durations():
    t = only("The two countries have cooperated over the past more than three decades.")
    assert t.type == "DURATION" and t.value == "P3DE" and t.begin is None
    t = only("The blockade lasted for six months.")
    assert (t.type, t.value) == ("DURATION", "P6M")


def test_timex_without_publication_date_relative_stays_unresolved():
    t = only("Lukashenko met Xi Jinping on Tuesday.", None)
    assert (t.value, t.begin, t.precision) == ("XXXX-XX-XX", None, "unknown")
    t = only("The two leaders last met in September.", None)
    assert (t.value, t.begin) == ("XXXX-09", None)
    absolute = only("The treaty was signed on 22 Nov 2026.", None)
    assert absolute.begin == "2026-11-22"


def test_timex_modal_may_is_no_month():
    assert find_timexes("Minsk may retaliate against the sanctions.", PUBLISHED) == []


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=3),
            st.sampled_from(
                ["May ", "Tuesday ", "last ", "week", "from ", "to ", "2026", "Nov. ", "22 ", "ago"]
            ),
        ),
        max_size=30,
    ).map("".join),
    st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())),
)
def test_timex_finder_never_raises_and_offsets_slice(text, published):
    found = find_timexes(text, published)
    for t in found:
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start : t.end] == t.text
    spans = sorted((t.start, t.end) for t in found)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))


# -- event dates through the extractor -------------------------------------------
@pytest.fixture(scope="module")
def extractor():
    return EventExtractor()


def event_dates(extractor, text, published=PUBLISHED):
    doc = Document(doc_id="t", text=text, content_hash="h", origin="test", published=published)
    [(_, found, _)] = list(extractor.extract([doc]))
    return {e.type: e.date for e in found}


def test_timex_event_takes_the_expression_it_governs(extractor):
    dates = event_dates(extractor, "Lukashenko will meet Xi Jinping in Beijing on Tuesday.")
    d = dates["CONSULT"]
    assert (d.start, d.end, d.precision, d.text) == ("2023-03-07", "2023-03-07", "day", "Tuesday")


def test_timex_event_without_expression_keeps_the_publication_date(extractor):
    d = event_dates(extractor, "Poland accused Russia of provoking the crisis.")["ACCUSE"]
    assert (d.start, d.precision, d.text) == (PUBLISHED, "reported", None)


def test_timex_event_in_article_without_publication_date_is_unknown(extractor):
    d = event_dates(extractor, "Poland accused Russia on Tuesday of provoking the crisis.", None)
    d = d["ACCUSE"]
    assert (d.start, d.end, d.precision, d.text) == (None, None, "unknown", "Tuesday")

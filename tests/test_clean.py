"""Tests for eventwire.clean: realistic dirty articles in, clean text and offsets out."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from eventwire.clean import clean, clean_text, map_offset, normalise_date
from eventwire.records import Document, RawRecord, Rejected

HEADLINE = "Lukashenko Arrives In Beijing For Three-Day State Visit"

CONTENT_FARM = f"""{HEADLINE}
Belarusian President Aleksandr Lukashenko arrived in Beijing on Tuesday for a three-day \
state visit,the official news agency BelTA reported.Lukashenko is expected to meet Chinese \
President Xi Jinping on Wednesday.
Advertisement
Belarus has been targeted with sanctions for its involvement in Russia\u2019s ongoing invasion \
of Ukraine.The U.S. and the EU froze assets worth $3.5 billion,officials said.
Subscribe to our newsletter
Don\u2019t miss out! Get the latest news delivered straight to your inbox.
Share this:
Facebook Twitter WhatsApp
Read more: China, Belarus sign 16 cooperation deals
Beijing has refused to condemn Moscow and has called for peace talks,blaming NATO for \
causing the conflict.
About the author
Ivan Petrov is a freelance writer covering Eastern Europe for several websites.
Leave a Reply
Your email address will not be published. Required fields are marked *
Comment *
Name *
Email *
Website
Save my name, email, and website in this browser for the next time I comment.
Post Comment
"""

CONTENT_FARM_CLEAN = (
    "Belarusian President Aleksandr Lukashenko arrived in Beijing on Tuesday for a three-day "
    "state visit, the official news agency BelTA reported. Lukashenko is expected to meet "
    "Chinese President Xi Jinping on Wednesday.\n\n"
    "Belarus has been targeted with sanctions for its involvement in Russia's ongoing invasion "
    "of Ukraine. The U.S. and the EU froze assets worth $3.5 billion, officials said.\n\n"
    "Beijing has refused to condemn Moscow and has called for peace talks, blaming NATO for "
    "causing the conflict."
)


def doc_of(text: str, **fields) -> Document:
    result = clean(RawRecord(origin="test.txt", text=text, **fields))
    assert isinstance(result, Document), result
    return result


def raw_span(doc: Document, raw: str, start: int, end: int) -> str:
    return raw[map_offset(doc.offset_map, start) : map_offset(doc.offset_map, end)]


def test_clean_content_farm_article():
    doc = doc_of(CONTENT_FARM, title=HEADLINE, published="2023-02-28T09:30:00+03:00")
    assert doc.text == CONTENT_FARM_CLEAN
    assert (doc.title, doc.published, doc.language) == (HEADLINE, "2023-02-28", "en")


def test_clean_content_farm_offsets_trace_back_to_raw():
    doc = doc_of(CONTENT_FARM, title=HEADLINE)
    for phrase in [
        "Aleksandr Lukashenko arrived in Beijing",
        "Xi Jinping on Wednesday.",
        "The U.S. and the EU froze assets worth $3.5 billion",
        "blaming NATO for causing the conflict.",
    ]:
        start = doc.text.index(phrase)
        assert raw_span(doc, CONTENT_FARM, start, start + len(phrase)) == phrase
    # across an inserted space the span still starts and ends on the right characters
    start = doc.text.index("reported. Lukashenko")
    assert raw_span(doc, CONTENT_FARM, start, start + 20) == "reported.Lukashenko"


def test_clean_keeps_news_sentences_that_mention_subscribe_or_share():
    text = (
        "China and Russia share a 4,200-kilometre border.\n"
        "Share prices in Minsk fell after the announcement.\n"
        "Few governments in Central Asia subscribe to Washington's view of the war.\n"
        "Subscribers to the sanctions regime include Japan and Australia.\n"
        "Sign-ups for the Belt and Road forum closed on Friday, officials said.\n"
        "Advertisement revenue at state media rose, the ministry said.\n"
    )
    doc = doc_of(text)
    assert doc.text == text.strip().replace("\n", "\n\n")


def test_clean_boilerplate_lines():
    article = (
        "Kazakhstan and China agreed on Tuesday to expand rail freight on the Middle Corridor."
    )
    junk = [
        "Related: Blinken to meet Central Asian ministers in Astana",
        "Click here to read more about the Belt and Road Initiative",
        "We use cookies to improve your experience on our site.",
        "Accept all cookies",
        "Sign up for our daily briefing",
        "Register here for the live webinar",
        "Share on Facebook",
        "Tweet",
        "WhatsApp",
        "ADVERTISEMENT",
        "© 2023 Steppe Daily. All rights reserved.",
    ]
    assert doc_of("\n".join([article, *junk, article])).text == f"{article}\n\n{article}"


def test_clean_headline_repeated_as_first_line_only_when_it_equals_the_title():
    body = "Blinken will meet the foreign ministers of all five Central Asian states in Astana."
    doc = doc_of(f"Blinken heads to Astana\n{body}", title="Blinken Heads to Astana")
    assert doc.text == body
    doc = doc_of(f"Blinken heads to Astana\n{body}", title="Another title")
    assert doc.text == f"Blinken heads to Astana\n\n{body}"


def test_clean_normalises_unicode_quotes_and_spaces():
    raw = (
        "The foreign ministers\u00a0met in\tAstana  on Tuesday.\u200b Kazakhstan\u2019s minister "
        "called it a \u201cnew chapter\u201d at the Cafe\u0301 Central, and Lukashenkoâ€™s envoy "
        "agreed.   \n"
    )
    doc = doc_of(raw)
    assert doc.text == (
        "The foreign ministers met in Astana on Tuesday. Kazakhstan's minister called it a "
        '"new chapter" at the Caf\u00e9 Central, and Lukashenko\'s envoy agreed.'
    )
    start = doc.text.index("Kazakhstan")
    assert raw_span(doc, raw, start, start + 10) == "Kazakhstan"
    start = doc.text.index("envoy agreed.")
    assert raw_span(doc, raw, start, start + 13) == "envoy agreed."


def test_clean_repairs_mojibake_only_where_it_is_safe():
    """UTF-8 read as Windows-1252 is repaired; real accented and non-Latin names, and a
    lone symbol that could be either, are left as they are."""
    names = "Z\u00fcrich, S\u00e3o Paulo, \u0141\u00f3d\u017a, \u041c\u043e\u0441\u043a\u0432\u0430, \u5317\u4eac"
    garbled = "President Macron met Chancellor Scholz in M\u00fcnchen".encode().decode("cp1252")
    raw = f"{garbled} on Tuesday. Delegates came from {names}. A ticket cost \u00a340 or 50\u00b0C."
    doc = doc_of(raw * 2)
    assert "met Chancellor Scholz in M\u00fcnchen on Tuesday" in doc.text
    assert names in doc.text and "\u00a340 or 50\u00b0C" in doc.text
    start = doc.text.index("on Tuesday")
    assert raw_span(doc, raw * 2, start, start + 10) == "on Tuesday"


def test_clean_joins_hard_line_breaks_and_keeps_paragraphs():
    raw = (
        "BEIJING - Chinese President Xi Jinping held talks with his Belarusian\n"
        "counterpart on Wednesday, and the two sides signed agreements on trade,\n"
        "agriculture and inter-\nnational logistics.\n"
        "\n\n"
        "Foreign ministry spokesman Wang Wenbin said China would keep an objective\n"
        "and fair position on the Ukraine crisis.\n"
    )
    assert doc_of(raw).text == (
        "BEIJING - Chinese President Xi Jinping held talks with his Belarusian counterpart on "
        "Wednesday, and the two sides signed agreements on trade, agriculture and "
        "inter-national logistics.\n\n"
        "Foreign ministry spokesman Wang Wenbin said China would keep an objective and fair "
        "position on the Ukraine crisis."
    )


def test_clean_one_paragraph_per_line_text_keeps_its_paragraphs():
    raw = (
        "Blinken arrived in Astana on Tuesday\n"
        "The visit is his first to Central Asia as secretary of state.\n"
        "officials in Astana said the talks would focus on sanctions.\n"
    )
    assert doc_of(raw).text == (
        "Blinken arrived in Astana on Tuesday\n\n"
        "The visit is his first to Central Asia as secretary of state.\n\n"
        "officials in Astana said the talks would focus on sanctions."
    )


def test_clean_missing_space_repair_leaves_abbreviations_numbers_and_urls():
    raw = (
        "The talks ended in Beijing.The U.S. embassy said trade rose 3.5 percent, e.g. in potash "
        "and tractors.Details are at https://www.mfa.gov.by/News.Today and news.Belta.by.Why now?"
        "Analysts disagree.\n"
    )
    assert doc_of(raw).text == (
        "The talks ended in Beijing. The U.S. embassy said trade rose 3.5 percent, e.g. in potash "
        "and tractors. Details are at https://www.mfa.gov.by/News.Today and news.Belta.by. Why "
        "now? Analysts disagree."
    )


def test_clean_offset_map_identity_for_clean_text():
    text = "Belarus and China signed 16 agreements in Beijing on Wednesday, state media said."
    doc = doc_of(text)
    assert (doc.text, doc.offset_map) == (text, [(0, 0)])


ARTICLE_HTML = f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8"><title>{HEADLINE} | World Wire</title>
<meta property="og:site_name" content="World Wire">
<meta property="article:published_time" content="2023-02-28T09:30:00+03:00">
<link rel="canonical" href="https://worldwire.example/belarus-china">
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/asia">Asia</a></nav></header>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>
<main><article>
<h1>{HEADLINE}</h1>
<p>Belarusian President Aleksandr Lukashenko arrived in Beijing on Tuesday for a three-day
state visit, the official news agency BelTA reported.</p>
<p>Lukashenko is expected to meet Chinese President Xi Jinping and discuss trade, the war in
Ukraine and the Belt and Road Initiative, the Belarusian presidential press service said.</p>
<p>Belarus has been targeted with sanctions for its involvement in Russia's ongoing invasion
of Ukraine. China has refused to condemn Moscow.</p>
<p>Share on Facebook</p>
</article>
<section class="comments"><h3>Leave a Reply</h3><form><textarea></textarea></form></section>
</main>
<footer><p>Copyright 2023 World Wire. All rights reserved.</p></footer>
</body></html>"""


def test_clean_html_article_and_metadata():
    doc = clean(RawRecord(origin="page.html", html=ARTICLE_HTML))
    assert isinstance(doc, Document), doc
    assert doc.text.startswith("Belarusian President Aleksandr Lukashenko arrived in Beijing on")
    assert "China has refused to condemn Moscow." in doc.text
    for junk in ("Share on Facebook", "cookies", "Leave a Reply", "Copyright", "Home"):
        assert junk not in doc.text
    assert (doc.title, doc.outlet) == (HEADLINE, "World Wire")
    assert (doc.published, doc.url) == ("2023-02-28", "https://worldwire.example/belarus-china")


def test_clean_html_metadata_only_fills_what_the_record_lacks():
    own = {"title": "Own title", "outlet": "Own outlet", "published": "2023-03-01"}
    raw = RawRecord(origin="feed.xml#item-1", html=ARTICLE_HTML, url="https://own.example/1", **own)
    doc = clean(raw)
    assert (doc.title, doc.outlet, doc.published, doc.url) == (
        "Own title",
        "Own outlet",
        "2023-03-01",
        "https://own.example/1",
    )


def test_clean_html_fragment_from_a_feed():
    fragment = (
        "<p>Blinken will meet the foreign ministers of Kazakhstan, Kyrgyzstan, Tajikistan, "
        "Turkmenistan and Uzbekistan in Astana on Tuesday.</p><p>The C5+1 format was launched "
        "in 2015.</p>"
    )
    doc = clean(RawRecord(origin="feed.xml#item-2", html=fragment))
    assert doc.text == (
        "Blinken will meet the foreign ministers of Kazakhstan, Kyrgyzstan, Tajikistan, "
        "Turkmenistan and Uzbekistan in Astana on Tuesday.\n\nThe C5+1 format was launched in 2015."
    )


def test_clean_html_page_without_article_is_rejected():
    page = """<html><head><title>World Wire - Log in</title></head><body>
    <nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
    <div class="cookie">We use cookies to improve your experience. <button>Accept all</button></div>
    <form><label>Email</label><input name="e"><label>Password</label><input type="password">
    <button>Log in</button></form>
    <footer><a href="/about">About us</a> <a href="/privacy">Privacy</a></footer></body></html>"""
    assert clean(RawRecord(origin="login.html", html=page)) == Rejected(
        "login.html", "no article text found in the HTML page"
    )


def test_clean_too_little_text_after_cleaning():
    raw = RawRecord(origin="short.txt", text="Lukashenko visits China.\nShare this:\nTweet\n")
    assert clean(raw) == Rejected("short.txt", "too little text after cleaning (24 characters)")


def test_clean_doc_id_is_the_record_id_else_the_content_hash():
    text = "Belarus and China signed 16 agreements in Beijing on Wednesday, state media said."
    expected_hash = hashlib.sha256(text.encode()).hexdigest()[:16]
    without_id = doc_of(text + "\n")
    with_id = doc_of(text, id="bt-2023-17")
    assert (without_id.doc_id, without_id.content_hash) == (expected_hash, expected_hash)
    assert (with_id.doc_id, with_id.content_hash) == ("bt-2023-17", expected_hash)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-02-28", "2023-02-28"),
        ("2023-02-28T23:30:00-05:00", "2023-02-28"),
        ("2023-02-28T09:30:00Z", "2023-02-28"),
        ("2023-02-28 09:30", "2023-02-28"),
        ("Tue, 28 Feb 2023 23:30:00 -0500", "2023-02-28"),
        ("28 February 2023", "2023-02-28"),
        ("February 28, 2023", "2023-02-28"),
        ("2023-02-30", None),
        ("yesterday", None),
        ("", None),
        (None, None),
        (12, None),
    ],
)
def test_clean_normalise_date(value, expected):
    assert normalise_date(value) == expected


def check_offset_map(raw: str, text: str, offset_map: list[tuple[int, int]]) -> None:
    assert offset_map and offset_map[0][0] == 0
    cleans = [c for c, _ in offset_map]
    assert cleans == sorted(set(cleans))
    mapped = [map_offset(offset_map, i) for i in range(len(text) + 1)]
    assert all(0 <= r <= len(raw) for r in mapped)
    assert mapped == sorted(mapped)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_clean_never_raises_and_offsets_stay_monotonic(raw):
    result = clean(RawRecord(origin="fuzz.txt", text=raw))
    assert isinstance(result, Document | Rejected)
    text, offset_map = clean_text(raw, title="Headline")
    check_offset_map(raw, text, offset_map)


PIECES = [
    "Beijing.",
    "The",
    "U.S.",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "\u00a0",
    "\u200b",
    "\u201cquote\u201d",
    "Advertisement",
    "Share this:",
    "About the author",
    "Leave a Reply",
    "inter-",
    "nation",
    "â€™",
    "&amp;",
    "e\u0301",
    "3.5",
    ",",
    "said",
    "Headline",
    'said."The',
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
@example(["0", "\x1f", "0", "0"])  # a deletion at the very end
@example(["&lt;", "0\x1f", "&amp;"])  # several repairs in one word
def test_clean_offsets_stay_monotonic_on_news_like_noise(pieces):
    raw = "".join(pieces)
    text, offset_map = clean_text(raw, title="Headline")
    check_offset_map(raw, text, offset_map)
    if raw.isascii():  # every letter and digit is traced to itself
        for i, char in enumerate(text):
            if char.isalnum():
                assert raw[map_offset(offset_map, i)] == char

"""Toponyms and event locations on sentences written for these tests."""

import pytest

from eventwire.actors import ActorResolver
from eventwire.events import EventExtractor
from eventwire.nlp import load
from eventwire.places import PlaceFinder, event_location, fold
from eventwire.records import Document


@pytest.fixture(scope="module")
def nlp():
    return load()


@pytest.fixture(scope="module")
def finder():
    return PlaceFinder()


@pytest.fixture(scope="module")
def extractor():
    return EventExtractor()


def places(nlp, finder, text):
    doc = nlp(text)
    mentions = ActorResolver.default().find(text, "2023-03-01")
    return doc, mentions, finder.find(doc, mentions)


def by_text(found):
    return {p.text: p for p in found}


def locations(extractor, text, published="2023-03-01"):
    doc = Document(doc_id="t", text=text, content_hash="h", origin="test", published=published)
    [(_, found, _)] = list(extractor.extract([doc]))
    return {e.type: e.location for e in found}


def test_places_fold_makes_one_key_for_spellings():
    assert fold("St. Petersburg") == fold("Saint Petersburg") == "saint petersburg"
    assert fold("Bogotá") == "bogota"


def test_places_resolves_cities_and_countries_to_geonames(nlp, finder):
    _, _, found = places(nlp, finder, "Leaders gathered in Astana, the capital of Kazakhstan.")
    astana, kazakhstan = by_text(found)["Astana"], by_text(found)["Kazakhstan"]
    assert (astana.candidate.geonameid, astana.candidate.kind, astana.candidate.iso3) == (
        1526273,
        "city",
        "KAZ",
    )
    assert (kazakhstan.candidate.kind, kazakhstan.candidate.iso3) == ("country", "KAZ")
    loc = astana.location
    assert loc.precision == "city" and abs(loc.lat - 51.18) < 0.1 and abs(loc.lon - 71.45) < 0.1


def test_places_metonymy_subject_is_an_actor_but_an_in_phrase_is_a_place(nlp, finder):
    _, _, found = places(nlp, finder, "Beijing said the sanctions were illegal.")
    assert by_text(found)["Beijing"].metonymic
    _, _, found = places(nlp, finder, "China's navy held drills near Taiwan.")
    assert by_text(found)["China"].metonymic
    _, _, found = places(nlp, finder, "Diplomats held talks in Beijing on Monday.")
    assert not by_text(found)["Beijing"].metonymic


def test_places_metonymic_subject_is_never_the_event_location(extractor):
    locs = locations(extractor, "Beijing condemned the sanctions imposed by Washington.")
    assert all(loc is None for loc in locs.values())
    locs = locations(extractor, "Russian and Chinese diplomats held talks in Beijing.")
    assert locs["CONSULT"].name == "Beijing" and locs["CONSULT"].country == "CHN"


def test_places_ambiguous_name_resolved_by_context_countries(nlp, finder):
    _, _, alone = places(nlp, finder, "Floods hit Hyderabad on Sunday.")
    assert by_text(alone)["Hyderabad"].candidate.cc == "IN"
    text = "Pakistan asked for help. Floods hit Hyderabad on Sunday, officials in Sindh said."
    _, _, in_context = places(nlp, finder, text)
    assert by_text(in_context)["Hyderabad"].candidate.cc == "PK"


def test_places_explicit_qualifier_wins(nlp, finder):
    _, _, found = places(nlp, finder, "The rally in Portland, Maine drew hundreds.")
    portland = by_text(found)["Portland"].candidate
    assert (portland.cc, portland.admin1) == ("US", "Maine")


def test_places_name_inside_a_longer_name_is_embedded_never_a_location(nlp, finder):
    text = "Reporters of the Washington Post were detained in Minsk."
    doc, mentions, found = places(nlp, finder, text)
    washington = next(p for p in found if "Washington" in p.text)
    assert washington.embedded and washington.candidate.cc == "US"
    trigger = next(t for t in doc if t.text == "detained")
    place, _ = event_location(trigger, None, found)
    assert place.text == "Minsk"


def test_places_visit_to_belarus_is_located_at_the_destination(extractor):
    locs = locations(extractor, "Chinese President Xi Jinping paid a state visit to Belarus.")
    loc = locs["CONSULT"]
    assert (loc.name, loc.country, loc.precision, loc.geonameid) == (
        "Belarus",
        "BLR",
        "country",
        630336,
    )


def test_places_site_inside_a_city(extractor):
    text = (
        "Xi Jinping held talks with Alexander Lukashenko at Diaoyutai State Guesthouse "
        "in Beijing on Wednesday."
    )
    loc = locations(extractor, text)["CONSULT"]
    assert (loc.name, loc.country, loc.admin1, loc.precision) == (
        "Diaoyutai State Guesthouse",
        "CHN",
        "Beijing",
        "site",
    )
    assert loc.geonameid is None and abs(loc.lat - 39.9) < 0.2


def test_places_event_without_a_place_has_no_location(extractor):
    locs = locations(extractor, "Poland accused Russia of provoking the crisis.")
    assert locs["ACCUSE"] is None


def test_places_most_specific_name_in_the_phrase(nlp, finder):
    text = "A roadside bomb killed two civilians in the Baghdad neighbourhood of Al-Bayaa."
    doc, mentions, found = places(nlp, finder, text)
    trigger = next(t for t in doc if t.text == "killed")
    place, loc = event_location(trigger, None, found)
    assert place.text == "Al-Bayaa" and loc.precision == "site" and loc.country == "IRQ"

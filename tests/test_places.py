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


def test_places_world_region_and_sea_from_our_table(nlp, finder, extractor):
    text = "Tensions are rising across the Middle East after drills in the Black Sea."
    _, _, found = places(nlp, finder, text)
    middle_east, black_sea = by_text(found)["Middle East"], by_text(found)["Black Sea"]
    assert middle_east.candidate.kind == black_sea.candidate.kind == "region"
    assert black_sea.location.precision == "region" and 40 < black_sea.location.lat < 47
    text = "Chinese and Philippine ships clashed in the South China Sea on Tuesday."
    loc = locations(extractor, text)["ASSAULT"]
    assert loc.name == "South China Sea" and loc.precision == "region"


def test_places_street_falls_back_to_the_documents_city(nlp, finder, extractor):
    text = (
        "Thousands marched in Tbilisi on Saturday against the foreign agents law. "
        "Police detained 20 protesters on Rustaveli Avenue late at night."
    )
    _, _, found = places(nlp, finder, text)
    street = by_text(found)["Rustaveli Avenue"]
    assert street.site and street.candidate.name == "Tbilisi"
    loc = street.location
    assert (loc.name, loc.country, loc.precision, loc.geonameid) == (
        "Rustaveli Avenue",
        "GEO",
        "site",
        None,
    )
    # with no city in the document the street stays unplaced
    _, _, alone = places(nlp, finder, "Police detained 20 protesters on Rustaveli Avenue.")
    assert by_text(alone)["Rustaveli Avenue"].candidate is None


def test_places_ambiguous_county_resolved_by_the_documents_state(nlp, finder):
    _, _, alone = places(nlp, finder, "Orange County officials closed the beaches.")
    assert by_text(alone)["Orange County"].candidate.admin1 == "California"
    text = "Orange County officials closed the roads after the storm hit Orlando, Florida."
    _, _, in_context = places(nlp, finder, text)
    county = by_text(in_context)["Orange County"].candidate
    assert (county.kind, county.admin1) == ("admin2", "Florida")


def test_places_demonym_and_organisation_toponyms_are_never_event_locations(nlp, finder):
    text = "The Ukrainian government condemned the Moscow Times after the shelling in Kharkiv."
    doc, mentions, found = places(nlp, finder, text)
    found_by_text = by_text(found)
    assert found_by_text["Ukrainian"].demonym and found_by_text["Ukrainian"].candidate.cc == "UA"
    trigger = next(t for t in doc if t.text == "condemned")
    place, _ = event_location(trigger, None, found)
    assert place is None or place.text == "Kharkiv"


def test_places_state_abbreviation_after_a_comma(nlp, finder):
    _, _, found = places(nlp, finder, "HELENA, Mont. (AP) - Montana lawmakers met on Monday.")
    mont = by_text(found)["Mont."].candidate
    assert (mont.kind, mont.cc, mont.name) == ("admin1", "US", "Montana")
    assert by_text(found)["Montana"].candidate.cc == "US"


def test_places_acronym_of_a_country_the_document_names(nlp, finder):
    text = "Trinidad and Tobago skipped the summit. Officials said T&T would attend the next one."
    _, _, found = places(nlp, finder, text)
    assert by_text(found)["T&T"].candidate.cc == "TT"
    _, _, alone = places(nlp, finder, "Officials said T&T would attend the next one.")
    assert "T&T" not in by_text(alone)


def test_places_a_name_recognised_once_is_the_same_place_again(nlp, finder):
    text = (
        "Thousands rallied in Tbilisi and Batumi on Friday. Police detained protesters "
        "in Saburtalo late at night. Saburtalo residents said the streets were calm."
    )
    _, _, found = places(nlp, finder, text)
    named = [p for p in found if p.text == "Saburtalo"]
    assert len(named) == 2 and all(p.site and p.candidate.name == "Tbilisi" for p in named)
    # without the cue ("in Saburtalo") the bare name is no place
    _, _, alone = places(nlp, finder, "Saburtalo residents said the streets were calm.")
    assert "Saburtalo" not in by_text(alone)


def test_places_first_word_index_knows_names_and_small_towns(finder):
    gaz = finder.gazetteer
    assert gaz.starts_name("saint")  # "Saint Petersburg" and many more
    assert gaz.starts_name("kazakhstan")  # a whole one-word name
    # a first word only a town of 500-5,000 people has (bisect over the town keys)
    town = next(k for k in gaz._town_keys if " " not in k and k not in gaz._first_words)
    assert gaz.starts_name(town) and not gaz.starts_name(town + "qq")
    assert not gaz.starts_name("zzqx")


def test_places_names_split_over_tokens_are_still_found(nlp, finder):
    # the first-word shortcut must not hide a name whose first word runs on into the
    # next token ("Guinea" "-" "Bissau") or one right after words that start no name
    text = (
        "Delegates from Guinea-Bissau met in Minister Hall. Sergei Zvyagintsev flew to Ulaanbaatar."
    )
    _, _, found = places(nlp, finder, text)
    named = by_text(found)
    assert named["Guinea-Bissau"].candidate.iso3 == "GNB"
    assert named["Ulaanbaatar"].candidate.iso3 == "MNG"
    assert "Sergei" not in named and "Minister Hall" in named

"""Extraction on sentences written for these tests, in the phrasing news uses."""

import pytest

from eventwire.events import EventExtractor, load_cues
from eventwire.records import Document


@pytest.fixture(scope="module")
def extractor():
    return EventExtractor()


def events(extractor, text, published="2023-02-28"):
    doc = Document(doc_id="t", text=text, content_hash="h", origin="test", published=published)
    [(_, found, _)] = list(extractor.extract([doc]))
    return found


def summary(found):
    return [
        (
            e.type,
            tuple(sorted(m.country for m in e.source)),
            tuple(sorted(m.country for m in e.target)),
            e.modality,
        )
        for e in found
    ]


def test_events_cue_lexicon_uses_only_plover_types():
    cues = load_cues()
    types = {t for t, _ in cues.verbs.values()} | {t for t, _ in cues.nouns.values()}
    assert len(types) == 16


def test_events_state_visit_noun_with_of_and_to(extractor):
    found = events(
        extractor,
        "The state visit of President of Belarus Aleksandr Lukashenko to China "
        "runs from Tuesday to Thursday.",
    )
    assert ("CONSULT", ("BLR",), ("CHN",), "asserted") in summary(found)
    visit = next(e for e in found if e.type == "CONSULT")
    assert visit.mode == "visit" and visit.cameo == "042"
    assert visit.source[0].kind == "person"


def test_events_planned_meeting_with_future_auxiliary(extractor):
    found = events(
        extractor,
        "Blinken will meet with the foreign ministers of Kazakhstan and Uzbekistan "
        "in Astana on Tuesday.",
    )
    assert ("CONSULT", ("USA",), ("KAZ", "UZB"), "planned") in summary(found)


def test_events_passive_sanction_has_no_invented_source(extractor):
    found = events(
        extractor,
        "Belarus has been targeted with sanctions for its involvement in "
        "Russia's ongoing invasion of Ukraine.",
    )
    got = summary(found)
    assert ("SANCTION", (), ("BLR",), "asserted") in got
    assert ("ASSAULT", ("RUS",), ("UKR",), "asserted") in got


def test_events_refused_to_condemn_is_a_negated_accusation_and_a_rejection(extractor):
    got = summary(events(extractor, "China refused to condemn Moscow over the war."))
    assert ("ACCUSE", ("CHN",), ("RUS",), "negated") in got
    assert any(t == "REJECT" and s == ("CHN",) for t, s, _, _ in got)


def test_events_blame_gives_an_accusation_against_the_object(extractor):
    got = summary(events(extractor, "Russian officials blamed NATO for causing the conflict."))
    assert ("ACCUSE", ("RUS",), ("NATO",), "asserted") in got


def test_events_coordinated_subjects_are_both_sources(extractor):
    found = events(
        extractor, "China and Belarus agreed to expand trade, the Chinese Foreign Ministry said."
    )
    agree = next(e for e in found if e.type == "AGREE")
    assert sorted(m.country for m in agree.source) == ["BLR", "CHN"]
    assert agree.attributed_to is not None and agree.attributed_to.country == "CHN"


def test_events_denial_is_a_modality_of_the_denied_event(extractor):
    got = summary(
        events(extractor, "Russia denied that its forces had attacked civilians in Ukraine.")
    )
    assert [g for g in got if g[0] == "ASSAULT"][0][3] == "denied"
    assert not any(g[0] == "REJECT" for g in got)


def test_events_conditional_is_hypothetical(extractor):
    got = summary(
        events(extractor, "Belarus could face further sanctions from the European Union.")
    )
    assert ("SANCTION", ("EU",), ("BLR",), "hypothetical") in got


def test_events_attribution_to_an_unnamed_speaker_is_kept_as_text(extractor):
    found = events(extractor, "Russia will deploy more troops to Belarus, analysts say.")
    mob = next(e for e in found if e.type == "MOBILIZE")
    assert mob.attributed_to is not None and mob.attributed_to.text == "analysts"
    assert mob.modality == "planned"


def test_events_sentence_without_an_actor_yields_nothing(extractor):
    assert events(extractor, "The weather was cold and the talks were long.") == []


def test_events_evidence_offsets_point_into_the_text(extractor):
    text = "Markets were calm. Poland accused Russia of provoking the crisis on Monday."
    [ev] = [e for e in events(extractor, text) if e.type == "ACCUSE"]
    assert text[ev.evidence.start : ev.evidence.end] == ev.evidence.sentence
    assert ev.evidence.sentence.startswith("Poland accused Russia")


def test_events_date_is_the_publication_date_until_timex_lands(extractor):
    [ev] = [
        e
        for e in events(extractor, "Poland accused Russia of provoking the crisis.")
        if e.type == "ACCUSE"
    ]
    assert (ev.date.start, ev.date.precision) == ("2023-02-28", "reported")
    [ev] = [
        e
        for e in events(extractor, "Poland accused Russia of provoking the crisis.", None)
        if e.type == "ACCUSE"
    ]
    assert (ev.date.start, ev.date.precision) == (None, "unknown")


def test_events_ids_are_stable_across_runs(extractor):
    text = "Japan imposed sanctions on North Korea on Friday."
    first = [e.event_id for e in events(extractor, text)]
    assert first and first == [e.event_id for e in events(extractor, text)]


def test_events_the_two_leaders_are_both_sources(extractor):
    found = events(
        extractor,
        "Lukashenko met Xi Jinping in Beijing on Tuesday. "
        "The two leaders are expected to sign a trade deal on Wednesday.",
    )
    agree = next(e for e in found if e.type == "AGREE")
    assert sorted(m.name for m in agree.source) == ["Alexander Lukashenko", "Xi Jinping"]
    assert (agree.modality, agree.date.start, agree.date.precision) == (
        "planned",
        "2023-03-01",
        "day",
    )


def test_events_a_meeting_place_is_a_location_not_a_target(extractor):
    [talks] = [
        e
        for e in events(
            extractor, "Putin held talks with Lukashenko at the Kremlin in Moscow on Friday."
        )
        if e.type == "CONSULT"
    ]
    assert [m.country for m in talks.target] == ["BLR"]
    assert talks.location is not None and talks.location.name == "Moscow"


def test_events_fired_at_names_the_target_of_an_assault(extractor):
    found = events(extractor, "Russian forces fired at Ukrainian positions near Kharkiv on Monday.")
    assault = next(e for e in found if e.type == "ASSAULT")
    assert [m.country for m in assault.source] == ["RUS"] and [
        m.country for m in assault.target
    ] == ["UKR"]


# -- one event per happening, and the constructions that shape it ----------------
def test_events_content_of_an_agreement_is_not_a_second_event(extractor):
    got = summary(
        events(extractor, "Poland and Lithuania agreed to hold joint naval drills in May.")
    )
    assert [g[0] for g in got] == ["AGREE"]
    assert got[0][1] == ("LTU", "POL")


def test_events_purpose_clause_of_a_protest_is_part_of_it(extractor):
    got = summary(
        events(
            extractor, "Thousands of Georgians staged rallies in Tbilisi to demand new elections."
        )
    )
    assert [g[0] for g in got] == ["PROTEST"]


def test_events_halting_aid_is_a_sanction_not_negated_aid(extractor):
    got = summary(events(extractor, "Germany halted development aid to Niger after the coup."))
    assert got == [("SANCTION", ("DEU",), ("NER",), "asserted")]


def test_events_ending_a_visit_reports_the_visit_but_halting_talks_breaks_off(extractor):
    ended = summary(
        events(extractor, "The Japanese prime minister ended his three-day visit to India.")
    )
    assert [(g[0], g[1], g[3]) for g in ended] == [("CONSULT", ("JPN",), "asserted")]
    halted = summary(events(extractor, "Pakistan halted its talks with India on Friday."))
    assert [g[0] for g in halted] == ["SANCTION"]


def test_events_a_place_before_a_visit_noun_is_where_it_goes(extractor):
    got = summary(events(extractor, "Modi began his Moscow visit on Monday."))
    assert [(g[0], g[1], g[2]) for g in got] == [("CONSULT", ("IND",), ("RUS",))]


def test_events_what_is_discussed_is_no_party_to_the_talks(extractor):
    topic = summary(events(extractor, "Egypt and Qatar discussed Sudan on Tuesday."))
    assert [(g[0], g[1], g[2]) for g in topic] == [("CONSULT", ("EGY", "QAT"), ())]
    # the partner still comes with "with", also when the parser hangs it on the topic
    partner = summary(
        events(extractor, "The Indian minister discussed the war in Yemen with Omani officials.")
    )
    assert [(g[0], g[1], g[2]) for g in partner] == [("CONSULT", ("IND",), ("OMN",))]
    # ... but not a "with" inside a clause of the topic
    clause = summary(
        events(extractor, "Egypt and Qatar discussed a pipeline that would link Libya with Italy.")
    )
    assert [(g[0], g[1], g[2]) for g in clause] == [("CONSULT", ("EGY", "QAT"), ())]
    # a meeting verb's object is the one met
    met = summary(events(extractor, "The Indian minister met Omani officials on Monday."))
    assert [(g[0], g[1], g[2]) for g in met] == [("CONSULT", ("IND",), ("OMN",))]


def test_events_a_past_verb_after_a_reported_clause_goes_with_the_reporter(extractor):
    # the parser hangs "invited" on "is"; the tenses say it continues "noted"
    got = summary(
        events(
            extractor,
            "The Kenyan president noted that China is the largest lender to Nairobi "
            "and invited Chinese firms to bid for the railway.",
        )
    )
    assert [(g[0], g[1], g[2]) for g in got] == [("REQUEST", ("KEN",), ("CHN",))]
    # a present-tense conjunct stays in the reported clause
    same = summary(
        events(extractor, "Kenya said that China lends the most and wants a deal with Nairobi.")
    )
    assert all(g[1] != ("KEN",) for g in same)


def test_events_the_of_phrase_of_a_demand_names_who_makes_it(extractor):
    got = summary(
        events(
            extractor,
            "Minsk said the decision was a response to the pressure of the United States.",
        )
    )
    assert [(g[0], g[1]) for g in got] == [("REQUEST", ("USA",))]
    got = summary(events(extractor, "Germany answered the appeal of Poland for more tanks."))
    assert [(g[0], g[1]) for g in got] == [("REQUEST", ("POL",))]


def test_events_a_request_with_an_addressee_is_not_aimed_at_its_content(extractor):
    # the partners are asked; Ukraine is where the sky would close, not the one asked
    asked = summary(
        events(
            extractor, "The Ukrainian minister called on partners to close the sky over Ukraine."
        )
    )
    assert [(g[0], g[1], g[2]) for g in asked] == [("REQUEST", ("UKR",), ())]
    coded = summary(events(extractor, "Lithuania called on Russia to withdraw its troops."))
    assert [(g[0], g[1], g[2]) for g in coded] == [("REQUEST", ("LTU",), ("RUS",))]


def test_events_forces_acting_on_an_uncoded_patient_act_on_the_front_named_before(extractor):
    text = (
        "Turkey launched an offensive against Syria on Monday. "
        "Turkish troops seized a hilltop village after heavy fighting. "
        "Turkish police detained dozens of protesters."
    )
    got = summary(events(extractor, text))
    assert ("COERCE", ("TUR",), ("SYR",), "asserted") in got  # the troops, on the front
    assert ("COERCE", ("TUR",), ("TUR",), "asserted") in got  # the police, at home
    # with no front named before, the seizure stays a domestic event
    alone = summary(events(extractor, "Turkish troops seized a hilltop village."))
    assert [(g[0], g[1], g[2]) for g in alone] == [("COERCE", ("TUR",), ("TUR",))]


def test_events_lifting_a_curfew_is_a_concession(extractor):
    got = summary(
        events(extractor, "The Kenyan government lifted the curfew in Nairobi on Monday.")
    )
    assert [g[0] for g in got] == ["CONCEDE"] and got[0][1] == ("KEN",)


def test_events_pledge_with_an_unless_clause_is_a_threat_against_its_subject(extractor):
    got = summary(
        events(
            extractor,
            "Turkey said it will withdraw its ambassador from Sweden unless Stockholm acts.",
        )
    )
    assert ("THREATEN", ("TUR",), ("SWE",), "asserted") in got


def test_events_reported_would_is_a_pledge_for_cooperation(extractor):
    got = summary(events(extractor, "Egypt announced it would release 40 Sudanese prisoners."))
    assert ("AGREE", ("EGY",), ("SDN",), "planned") in got


def test_events_reported_would_is_a_threat_for_a_blockade(extractor):
    got = summary(events(extractor, "Farmers in Poland said they would blockade Warsaw next week."))
    assert [g[0] for g in got] == ["THREATEN"]


def test_events_vowing_violence_is_a_threat(extractor):
    got = summary(events(extractor, "Hamas vowed to attack Israel if the raids continue."))
    assert [g[0] for g in got] == ["THREATEN"]
    assert got[0][2] == ("ISR",)


def test_events_demand_that_names_the_one_asked(extractor):
    got = summary(events(extractor, "Ukraine demanded that Hungary open its border crossings."))
    assert ("REQUEST", ("UKR",), ("HUN",), "asserted") in got


def test_events_said_must_is_a_demand(extractor):
    got = summary(events(extractor, "France said Iran must free the detained aid workers."))
    assert ("REQUEST", ("FRA",), ("IRN",), "asserted") in got


def test_events_domestic_event_has_its_own_state_as_target(extractor):
    [ev] = events(extractor, "Sri Lankan police arrested 30 opposition activists on Sunday.")
    assert ev.type == "COERCE"
    assert [m.country for m in ev.source] == ["LKA"] and [m.country for m in ev.target] == ["LKA"]
    assert ev.target[0].kind == "state" and ev.target[0].start == -1  # no span: a default


def test_events_domestic_target_only_with_a_patient_that_is_no_event(extractor):
    """A domestic target stands for an uncoded patient; with none, or with another
    event as the object, the event keeps no target."""
    [lifted] = events(extractor, "Sudan's government lifted the state of emergency on Sunday.")
    assert [m.country for m in lifted.target] == ["SDN"]
    for text in (
        "Moscow has not welcomed the trip.",  # the object is another event
        "The Kremlin did not immediately comment on the meeting.",
        "Russia's aggression was condemned at the United Nations.",  # no object at all
    ):
        for ev in events(extractor, text):
            assert ev.target == [] or ev.target[0].start >= 0, (text, ev.type, ev.target)


def test_events_verbal_act_to_an_uncoded_party_gets_no_domestic_target(extractor):
    """Donors, neighbours, victims: the party a request, offer or talk addresses is
    usually abroad, so the actor's own state is no default target for it."""
    for text in (
        "Peru urged donors to speed up their pledges.",
        "Norway offered money and expertise to the flood victims.",
        "Ghana will discuss the crisis with its neighbours next week.",
    ):
        [ev] = events(extractor, text)
        assert ev.source and ev.target == [], (text, summary([ev]))
    # an act on people at home keeps it ("arrested activists")
    got = summary(events(extractor, "Sri Lankan police arrested 30 activists in Jaffna."))
    assert got == [("COERCE", ("LKA",), ("LKA",), "asserted")]


def test_events_cue_verb_with_a_that_clause_in_another_sense_is_no_event(extractor):
    """'recalled that', 'demonstrates that': a sanction or protest cue with a
    'that' clause means remember or show; the clause keeps its own event."""
    got = summary(
        events(
            extractor,
            "Kenya reopened its border crossing with Somalia. It should be recalled "
            "that Somalia and Kenya signed a security pact last year.",
        )
    )
    assert got == [("AGREE", ("KEN", "SOM"), (), "asserted")]
    got = summary(
        events(extractor, "Kenya's president recalled that Somalia had attacked Kenyan towns.")
    )
    assert got == [("ASSAULT", ("SOM",), ("KEN",), "asserted")]
    assert (
        events(extractor, "Hungary once again demonstrates that it is not interested in peace.")
        == []
    )
    # the cue without a clause stays an event
    got = summary(events(extractor, "Kenya recalled its ambassador to Somalia."))
    assert got and got[0][:2] == ("SANCTION", ("KEN",))


def test_events_hosting_forces_or_weapons_is_no_visit(extractor):
    """A host receives people or a meeting; hosting a battlegroup or weapons is
    no visit by their owner."""
    assert events(extractor, "Norway hosts a British battlegroup near its border.") == []
    [ev] = events(extractor, "Kenya hosted the Somali president in Nairobi on Monday.")
    assert summary([ev]) == [("CONSULT", ("KEN",), ("SOM",), "asserted")]


def test_events_negative_subject_negates_the_event(extractor):
    """'None of X', 'neither X nor Y' as the subject: the named actors did not act."""
    got = summary(events(extractor, "None of the Gulf states condemned Iran."))
    assert got == [("ACCUSE", ("PGS",), ("IRN",), "negated")]
    got = summary(events(extractor, "Neither Chile nor Peru can accept the ruling."))
    assert got == [("AGREE", ("CHL", "PER"), (), "negated")]
    got = summary(events(extractor, "Chile and Peru accepted the ruling."))
    assert got == [("AGREE", ("CHL", "PER"), (), "asserted")]


def test_events_joint_act_gets_no_domestic_target(extractor):
    [ev] = events(extractor, "Chile and Peru signed a fisheries agreement.")
    assert ev.type == "AGREE" and ev.target == []


def test_events_strike_without_a_weapon_is_a_protest(extractor):
    got = summary(events(extractor, "Nigerian unions called off a nationwide strike on Tuesday."))
    assert [g[0] for g in got] == ["CONCEDE"]
    got = summary(events(extractor, "Israel carried out an air strike on Gaza."))
    assert ("ASSAULT", ("ISR",), ("PSE",), "asserted") in got


def test_events_lodged_protest_is_a_diplomatic_accusation(extractor):
    got = summary(events(extractor, "China lodged a protest with Japan over the visit."))
    assert got[0][:3] == ("ACCUSE", ("CHN",), ("JPN",))


def test_events_names_are_not_event_cues(extractor):
    found = events(extractor, "The Warsaw Pact was dissolved in 1991 after talks in Prague.")
    assert not any(e.type == "AGREE" for e in found)


def test_events_stative_passive_keeps_the_subject_as_actor(extractor):
    got = summary(events(extractor, "India is opposed to Chinese mediation in the dispute."))
    assert got[0][:3] == ("REJECT", ("IND",), ("CHN",))


def test_events_will_not_accept_is_a_rejection(extractor):
    got = summary(events(extractor, "Hungary says it will not accept any migrants from Italy."))
    assert got[0][0] == "REJECT" and got[0][1] == ("HUN",) and got[0][3] == "asserted"


def test_events_place_in_the_subject_is_not_an_actor(extractor):
    [ev] = events(extractor, "The Russian ambassador in Tehran met Iranian officials on Monday.")
    assert [m.country for m in ev.source] == ["RUS"]


def test_events_passive_killed_in_shelling_has_the_shelling_as_source(extractor):
    got = summary(
        events(
            extractor,
            "Three Ukrainian soldiers were killed in Russian artillery shelling near Bakhmut.",
        )
    )
    assert got[0][0] == "ASSAULT" and got[0][1] == ("RUS",)


def test_events_ready_to_contribute_is_an_intent(extractor):
    got = summary(events(extractor, "Kenya is ready to contribute troops to a force in Haiti."))
    assert ("AGREE", ("KEN",), ("HTI",), "planned") in got


def test_events_claim_that_another_actor_attacked_is_an_accusation(extractor):
    got = summary(events(extractor, "Azerbaijan claimed that Armenia had shelled its positions."))
    assert got[0][:3] == ("ACCUSE", ("AZE",), ("ARM",))


def test_events_refusing_to_respond_to_a_demand_rejects_its_author(extractor):
    got = summary(
        events(extractor, "Serbia refused to respond to a demand from the European Union.")
    )
    assert got == [("REJECT", ("SRB",), ("EU",), "asserted")]


def test_events_demand_noun_names_the_one_asked_in_its_clause(extractor):
    got = summary(
        events(extractor, "Protesters renewed their demands that the Kenyan government cut taxes.")
    )
    assert [g[0] for g in got] == ["REQUEST"] and got[0][2] == ("KEN",)


def test_events_allegation_carries_every_that_clause(extractor):
    got = summary(
        events(
            extractor,
            "Kyiv alleged that Russia knew of the plan and that Belarus helped to carry it out.",
        )
    )
    assert [g[0] for g in got] == ["ACCUSE"]


def test_events_no_domestic_default_when_the_sentence_names_other_countries(extractor):
    found = events(
        extractor,
        "Beijing accused Washington of meddling and warned that the drills would backfire.",
    )
    warning = next(e for e in found if e.type == "THREATEN")
    assert [m.country for m in warning.source] == ["CHN"]
    assert "CHN" not in [m.country for m in warning.target]


# -- issue 5, petr2_validation misses ---------------------------------------------
def test_events_armed_group_acts_on_its_own_state(extractor):
    got = summary(
        events(extractor, "The Tamil Tigers launched fresh attacks across northern Sri Lanka.")
    )
    assert got == [("ASSAULT", ("LKA",), ("LKA",), "asserted")]


def test_events_government_is_not_its_own_target_by_clause_position(extractor):
    got = summary(events(extractor, "Nigeria launched an offensive to retake towns in Nigeria."))
    assert all(g[2] != ("NGA",) for g in got if g[0] == "ASSAULT")


def test_events_domestic_type_abroad_targets_the_host_state(extractor):
    found = events(extractor, "Chinese warships held drills near Okinawa on Monday.")
    assert summary(found) == [("MOBILIZE", ("CHN",), ("JPN",), "asserted")]
    assert found[0].target[0].start == -1  # a default, no span of its own
    # at home, the domestic default stays
    got = summary(events(extractor, "Sri Lankan police arrested 30 activists in Jaffna."))
    assert got == [("COERCE", ("LKA",), ("LKA",), "asserted")]


def test_events_passive_conjunct_takes_its_agent(extractor):
    got = summary(
        events(
            extractor,
            "Two French journalists were tried in secret and were freed by Iran on Sunday.",
        )
    )
    assert ("RETREAT", ("IRN",), ("FRA",), "asserted") in got


def test_events_receiving_weapons_is_aid_from_the_giver(extractor):
    got = summary(events(extractor, "Somali troops received weapons from Turkey last month."))
    assert got == [("AID", ("TUR",), ("SOM",), "asserted")]
    # an unnamed receiver gets no domestic default
    got = summary(events(extractor, "Kurdish fighters received arms from the United States."))
    assert got == [("AID", ("USA",), (), "asserted")]


def test_events_fired_at_it_from_names_both_sides(extractor):
    found = events(extractor, "Azerbaijan said shells were fired at it from Armenia overnight.")
    assert summary(found) == [("ASSAULT", ("ARM",), ("AZE",), "asserted")]
    assert found[0].attributed_to.country == "AZE"
    # the pronoun never stands for the clause's own subject
    got = summary(events(extractor, "Serbia said Kosovo police had fired at them."))
    assert all(g[2] != ("XKX",) for g in got)


def test_events_advising_against_travel_is_a_sanction(extractor):
    got = summary(events(extractor, "Germany advised its citizens against travelling to Niger."))
    assert got == [("SANCTION", ("DEU",), ("NER",), "asserted")]
    got = summary(events(extractor, "Japan issued a travel advisory for Myanmar on Friday."))
    assert got == [("SANCTION", ("JPN",), ("MMR",), "asserted")]
    assert events(extractor, "Britain advised against a hasty vote in Parliament.") == []


def test_events_pronoun_guess_that_acts_on_itself_is_dropped(extractor):
    found = events(
        extractor,
        "Beijing condemned the new law on Monday. The council said it was weighing "
        "whether to raise its travel advisory for China.",
    )
    assert not any(e.type == "SANCTION" and e.source for e in found)


def test_events_a_document_speaks_for_whoever_issued_it(extractor):
    got = summary(
        events(
            extractor,
            "A report published in Kyiv on Monday accused Russian forces of torturing prisoners.",
        )
    )
    assert got == [("ACCUSE", ("UKR",), ("RUS",), "asserted")]
    got = summary(
        events(
            extractor,
            "A statement issued by the Kenyan foreign ministry condemned Somalia's decision.",
        )
    )
    assert got[0][:2] == ("ACCUSE", ("KEN",))


def test_events_clauses_describing_an_actor_are_background(extractor):
    got = summary(
        events(
            extractor,
            "Turkey freed the journalist, a critic of the government detained in 2019, "
            "and the militia that has occupied parts of Libya welcomed it.",
        )
    )
    assert [g[0] for g in got] == ["RETREAT"]
    # with its own actor, a relative clause is still an event
    got = summary(
        events(extractor, "Ukraine, which Russia invaded in 2022, asked Germany for tanks.")
    )
    assert ("ASSAULT", ("RUS",), ("UKR",), "asserted") in got
    # "which" stands for the noun it follows, not for an actor inside that noun's phrase
    got = summary(
        events(
            extractor,
            "Troops patrol Transnistria, part of Moldova's territory, which Moscow recognised.",
        )
    )
    assert all(g[2] != ("MDA",) for g in got if g[0] == "SUPPORT")


def test_events_content_of_a_background_clause_is_background(extractor):
    found = events(
        extractor,
        "Activists read out demands that called on the government to join EU sanctions.",
    )
    assert found == []  # neither the unattributed demand nor the sanctions it asks for


def test_events_blowing_up_a_vehicle_with_people_is_an_assault(extractor):
    got = summary(
        events(extractor, "A Turkish Airlines jet was blown up over the Aegean by a bomb.")
    )
    assert got == [("ASSAULT", (), ("TUR",), "asserted")]
    # property stays a coercion (PLOVER: destroying property)
    got = summary(events(extractor, "Afghan rebels blew up two power pylons outside Kandahar."))
    assert got[0][0] == "COERCE"


def test_events_the_one_pressed_to_act_is_the_actor_of_the_act(extractor):
    got = summary(events(extractor, "Washington pressured Seoul to cut its oil imports from Iran."))
    assert got == [("REQUEST", ("USA",), ("KOR",), "asserted")]
    # in the passive, the subject still does what it is pressed to do
    found = events(extractor, "Ankara is being pressured by Berlin to take back Syrian refugees.")
    assert ("REQUEST", ("DEU",), ("TUR",), "asserted") in summary(found)


def test_events_condition_on_the_threatened_action_names_the_target(extractor):
    got = summary(
        events(
            extractor,
            "Serbia threatened to suspend the talks on trade unless Pristina withdrew its police.",
        )
    )
    assert got == [("THREATEN", ("SRB",), ("XKX",), "asserted")]


def test_events_a_rejection_does_not_negate_a_coordinated_verb(extractor):
    text = "Tehran dismissed the report, rejected the proposal and accused Israel of sabotage."
    assert ("ACCUSE", ("IRN",), ("ISR",), "asserted") in summary(events(extractor, text))
    got = summary(events(extractor, "Iran rejected the proposal and accused Israel of sabotage."))
    assert ("ACCUSE", ("IRN",), ("ISR",), "asserted") in got
    # what a refusal governs stays negated, coordinated inside the complement too
    text = "Russia refused to meet the envoy and sign the deal with Ukraine."
    assert ("CONSULT", ("RUS",), ("UKR",), "negated") in summary(events(extractor, text))
    # a negation covers a conjunct in the same verb form only
    got = summary(
        events(extractor, "China did not condemn the invasion and called on Ukraine to talk.")
    )
    assert ("REQUEST", ("CHN",), ("UKR",), "asserted") in got


def test_events_the_one_warned_is_the_target_not_a_place_in_the_warning(extractor):
    got = summary(
        events(extractor, "Beijing warned the delegates not to carry the dispute to Japan.")
    )
    assert got == [("THREATEN", ("CHN",), (), "asserted")]
    text = (
        "Leaders of NATO met in Vilnius on Tuesday. Beijing warned the alliance not to "
        "carry its rivalries to Japan."
    )
    assert ("THREATEN", ("CHN",), ("NATO",), "asserted") in summary(events(extractor, text))


def test_events_the_actor_who_would_respond_makes_the_threat(extractor):
    got = summary(
        events(
            extractor,
            'The envoy said Pyongyang could still return to talks — "the door is open" — '
            "and warned that Japan would respond with new measures.",
        )
    )
    assert ("THREATEN", ("JPN",), ("PRK",), "asserted") in got
    got = summary(
        events(
            extractor, "The spokesman warned that if Seoul held the drills, Pyongyang would answer."
        )
    )
    assert got == [("THREATEN", ("PRK",), ("KOR",), "asserted")]
    # a coded speaker keeps the warning: it is about the other actor
    got = summary(events(extractor, "Washington warned that Moscow could invade Ukraine."))
    assert ("THREATEN", ("USA",), ("RUS",), "asserted") in got


def test_events_evidence_leaves_out_a_heading_before_the_sentence(extractor):
    text = (
        "Trade between the two countries grew last year.\n\nThe road ahead\n\n"
        "In March, Kazakhstan signed a transit agreement with China."
    )
    found = [e for e in events(extractor, text) if e.type == "AGREE"]
    assert found and found[0].evidence.sentence.startswith("In March, Kazakhstan")
    assert text[found[0].evidence.start : found[0].evidence.end] == found[0].evidence.sentence


def test_events_the_actor_own_side_is_no_second_target(extractor):
    text = "NATO ministers met in Riga. Tehran accused the alliance of ignoring Iran's offer."
    got = summary(events(extractor, text))
    assert ("ACCUSE", ("IRN",), ("NATO",), "asserted") in got
    # alone, the actor's own side stays the target (a domestic event)
    got = summary(events(extractor, "Iran arrested Iranian journalists."))
    assert got == [("COERCE", ("IRN",), ("IRN",), "asserted")]


def test_events_passive_subject_is_the_target_when_the_noun_names_the_source(extractor):
    got = summary(events(extractor, "Syria was slapped with new sanctions by the European Union."))
    assert got == [("SANCTION", ("EU",), ("SYR",), "asserted")]


def test_events_the_venue_of_a_joint_meeting_is_no_party(extractor):
    got = summary(
        events(
            extractor,
            "Argentine and Uruguayan delegations held a first round of talks on Monday "
            "in the Salto region near the Uruguay-Argentina border.",
        )
    )
    assert got == [("CONSULT", ("ARG", "URY"), (), "asserted")]
    got = summary(
        events(
            extractor,
            "Chile and Peru agreed in March to reopen trade, and Chilean Foreign Minister "
            "Alberto van Klaveren held talks with Peruvian officials in Jakarta in May.",
        )
    )
    assert ("AGREE", ("CHL", "PER"), (), "asserted") in got


def test_events_a_capital_naming_a_meeting_is_its_venue(extractor):
    got = summary(
        events(extractor, "Kyrgyz and Tajik ministers also took part in the Bishkek meeting.")
    )
    assert got == [("CONSULT", ("KGZ", "TJK"), (), "asserted")]
    got = summary(events(extractor, "NATO's Vilnius summit welcomed Finland."))
    assert ("SUPPORT", ("NATO",), ("FIN",), "asserted") in got


def test_events_an_organisation_meeting_in_a_city_does_not_meet_its_host(extractor):
    got = summary(events(extractor, "NATO foreign ministers will continue their meeting in Oslo."))
    assert got == [("CONSULT", ("NATO",), (), "planned")]


@pytest.mark.parametrize(
    "text",
    [
        "The talks began as Chilean leaders pressed on with diplomacy.",
        "Asked about Peru, the Chilean minister said little.",
        "Caracas has called these measures illegal on many occasions.",
        "Peru's incentives are just as pressing.",
        "Peru is watching the trip closely.",
        "Chile said it was closely monitoring the drills.",
        "Mexico's foreign minister called the accord a failure of the government.",
        "Peru and Bolivia are already receiving thousands of refugees from Chile.",
        "Peru and Bolivia are already receiving tens of thousands of Chileans a day.",
    ],
)
def test_events_other_senses_of_cue_words_are_no_events(extractor, text):
    assert summary(events(extractor, text)) == []


def test_events_pressing_attacks_is_the_attack_not_a_request(extractor):
    got = summary(events(extractor, "Chilean forces pressed their attacks around Lima and Peru."))
    assert got == [("ASSAULT", ("CHL",), ("PER",), "asserted")]


def test_events_receiving_munitions_is_aid_from_their_maker(extractor):
    got = summary(events(extractor, "Peru has begun to receive Chilean munitions."))
    assert got == [("AID", ("CHL",), ("PER",), "asserted")]


def test_events_what_a_question_asks_is_hypothetical(extractor):
    got = summary(
        events(extractor, "The Andes ask what a Peru-Chile thaw can deliver for Bolivia.")
    )
    assert got == [("AID", ("CHL", "PER"), ("BOL",), "hypothetical")]


@pytest.mark.parametrize(
    "text",
    [
        "Two days after the earthquake, more than 3,000 people are reported to have been "
        "killed in Peru and Ecuador.",
        "The twin quakes killed more than 5,000 people in Chile.",
    ],
)
def test_events_deaths_in_a_natural_disaster_are_no_assault(extractor, text):
    assert summary(events(extractor, text)) == []


def test_events_an_attack_during_a_storm_is_still_an_assault(extractor):
    got = summary(events(extractor, "Chilean troops killed 12 people in Peru during the storm."))
    assert got == [("ASSAULT", ("CHL",), ("PER",), "asserted")]


@pytest.mark.parametrize(
    "text",
    [
        "Thousands of people held rallies in support of Peru outside Chilean embassies.",
        "Thousands protested in solidarity with Peru in Madrid.",
        "Rallies in support of Peru are planned on Friday in dozens of cities.",
    ],
)
def test_events_the_one_a_protest_supports_is_not_its_target(extractor, text):
    got = summary(events(extractor, text))
    assert not any(t == "PROTEST" and "PER" in tgt for t, _, tgt, _ in got)
    assert all(t in ("PROTEST", "SUPPORT") for t, _, _, _ in got)


@pytest.mark.parametrize(
    "text",
    [
        "Peru's ambassador to Chile, Luis Castro, urged Bolivia to reopen the border.",
        "Luis Castro, Peru's ambassador to Chile, urged Bolivia to reopen the border.",
    ],
)
def test_events_an_ambassador_acts_for_his_state_not_his_host(extractor, text):
    assert summary(events(extractor, text)) == [("REQUEST", ("PER",), ("BOL",), "asserted")]


def test_events_recalling_an_ambassador_still_targets_the_host(extractor):
    got = summary(events(extractor, "Peru recalled its ambassador to Chile."))
    assert got == [("SANCTION", ("PER",), ("CHL",), "asserted")]


def test_events_what_a_demand_lists_is_carried_by_the_demand(extractor):
    got = summary(
        events(
            extractor,
            "Chilean officials said they would again demand a ceasefire and the withdrawal "
            "of Peruvian troops.",
        )
    )
    assert got == [("REQUEST", ("CHL",), ("PER",), "planned")]


@pytest.mark.parametrize(
    "text",
    [
        "The Chilean government did not immediately comment on the meeting.",
        "A Peruvian spokesperson declined to comment on the exercise.",
    ],
)
def test_events_commenting_on_an_event_is_no_part_in_it(extractor, text):
    assert summary(events(extractor, text)) == []


def test_events_the_place_of_a_summit_in_the_clause_is_no_party(extractor):
    got = summary(
        events(
            extractor,
            "Chile and Bolivia upgraded relations at a regional summit in Cusco, Peru, "
            "in September.",
        )
    )
    assert got == [("SUPPORT", ("BOL", "CHL"), (), "asserted")]


def test_events_a_request_carries_every_coordinated_content(extractor):
    text = "Peru called on its neighbours to expel Chile's envoys and to supply Bolivia with grain."
    got = summary(events(extractor, text))
    assert [e[0] for e in got] == ["REQUEST"]
    # two acts of one actor stay two events
    text = "Chile invaded Peru, and Argentina imposed sanctions on Chile."
    assert {e[0] for e in summary(events(extractor, text))} == {"ASSAULT", "SANCTION"}

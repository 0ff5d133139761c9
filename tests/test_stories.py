"""The stories stage: copies, clustering, merged events, source kind, scoring."""

from __future__ import annotations

import re
from pathlib import Path

from eventwire.records import ActorMention, Document, Event, EventDate, Evidence
from eventwire.stories import build_stories
from eventwire.stories.cluster import cluster_features, features
from eventwire.stories.dedup import find_copies
from eventwire.stories.evaluate import score_clusters
from eventwire.stories.merge import merge_events
from eventwire.stories.source_kind import source_kind

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"

VISIT = (
    "BEIJING, March 1 (Harbour Wire) — Belarusian President Alexander Lukashenko arrived in "
    "Beijing on Tuesday for a three-day state visit, the first by a European head of state "
    "since China published its proposals for ending the war in Ukraine. Lukashenko was met "
    "at the airport by Chinese officials and is due to hold talks with Xi Jinping at the "
    "Great Hall of the People on Wednesday, the Belarusian presidential press service said. "
    "The two leaders are expected to sign agreements on trade, industry and agriculture, and "
    "officials in Minsk said a joint statement on the situation in Ukraine was being prepared. "
    "Western governments have accused Minsk of allowing Russian troops to use its territory "
    "to invade Ukraine a year ago, and the European Union has imposed several rounds of "
    "sanctions on Belarusian firms and officials since then."
)


def _doc(doc_id, text, published="2023-03-01", outlet="Harbour Wire", title=None):
    return Document(doc_id, text, f"h-{doc_id}", doc_id, title, None, outlet, published)


def _republish(text: str) -> str:
    """What content farms do: drop the space after full stops, re-split sentences
    at hard line breaks, swap quotes and dashes, add a share bar and a promo."""
    text = text.replace(". ", ".").replace("—", "-").replace(",", " ,")
    words = text.split(" ")
    lines = [" ".join(words[i : i + 9]) for i in range(0, len(words), 9)]
    return (
        "Share on Facebook | Tweet | Email\n"
        + "\n".join(lines)
        + ("\nSubscribe to our newsletter for the top stories every morning!\nLeave a Reply")
    )


def test_stories_copy_with_changed_punctuation_and_resplit_sentences_is_found():
    original = _doc("orig", VISIT, "2023-03-01")
    copy = _doc("farm", _republish(VISIT), "2023-03-03", outlet="BuzzFarm")
    links = find_copies([copy, original])
    assert [(link.copy, link.original) for link in links] == [("farm", "orig")]
    assert 0.8 <= links[0].similarity <= 1.0


STORY_B = (
    "MINSK, June 14 (Harbour Wire) — Alexander Lukashenko said on Wednesday that Belarus had "
    "begun receiving Russian tactical nuclear warheads, weeks after Moscow and Minsk signed "
    "documents on their deployment. Some of the weapons were three times as powerful as the "
    "bombs dropped on Hiroshima and Nagasaki, Lukashenko told Russian state television. "
    "Lithuania and Poland condemned the move as nuclear blackmail, and NATO said it saw no "
    "reason to change its own nuclear posture. Opposition leader Sviatlana Tsikhanouskaya "
    "said the deployment made Belarus a target and went against the will of its people."
)


def test_stories_two_stories_sharing_actors_are_not_linked():
    visit = _doc("visit", VISIT, "2023-03-01")
    nukes = _doc("nukes", STORY_B, "2023-03-02")
    assert find_copies([visit, nukes]) == []
    others = [_doc(n, t, "2023-03-02") for n, t in (("e", EDITORIAL), ("p", PRESS), ("w", WIRE))]
    ids = cluster_features([features(d) for d in (visit, nukes, *others)])
    assert ids["visit"] != ids["nukes"]


VISIT_2 = (
    "Chinese leader Xi Jinping held talks with Belarusian President Alexander Lukashenko at "
    "the Great Hall of the People in Beijing on Wednesday, and the two signed a joint "
    "statement and 16 agreements on trade, industry and agriculture during Lukashenko's "
    "three-day state visit. Xi said China and Belarus shared a position on the war in "
    "Ukraine, the Chinese foreign ministry said. Lukashenko, whose country has been hit "
    "with Western sanctions, praised China's proposals for ending the war."
)


def test_stories_incremental_join_within_the_window_and_new_story_outside_it():
    first = _doc("visit", VISIT, "2023-03-01")
    opened = cluster_features([features(first)])
    story = opened["visit"]
    known = [(features(first), story)]
    joined = cluster_features([features(_doc("talks", VISIT_2, "2023-03-02"))], known)
    assert joined == {"talks": story}
    # the same text a year later is another happening: a new story
    later = cluster_features([features(_doc("again", VISIT_2, "2024-03-02"))], known)
    assert later["again"] != story


def _event(doc_id, n, type_, src, tgt, start, modality="asserted", sentence="..."):
    actor = lambda code: ActorMention(code, 0, 3, code)  # noqa: E731
    return Event(
        event_id=f"{doc_id}-{n}",
        doc_id=doc_id,
        type=type_,
        cameo=None,
        quad_class=1,
        goldstein=None,
        source=[actor(c) for c in src],
        target=[actor(c) for c in tgt],
        modality=modality,
        date=EventDate(start, start, "day"),
        evidence=Evidence(sentence, n * 100, n * 100 + 50),
        confidence=0.8,
        extractor="test",
    )


def test_stories_merged_event_counts_mentions_and_outlets_and_keeps_a_conflicting_date():
    a, b = _doc("a", "x", outlet="Harbour Wire"), _doc("b", "y", outlet="Steppe Post")
    c = _doc("c", "z", outlet="BuzzFarm")
    c.duplicate_of = "a"
    merged = merge_events(
        "s1",
        [
            (a, [_event("a", 1, "CONSULT", ["BLR"], ["CHN"], "2023-02-28")]),
            # the other outlet dates the talks a day later, and names the sides the other way
            (b, [_event("b", 1, "CONSULT", ["CHN"], ["BLR"], "2023-03-01", "planned")]),
            (c, [_event("c", 1, "CONSULT", ["BLR"], ["CHN"], "2023-02-28")]),
            (b, [_event("b", 2, "SANCTION", ["EU"], ["BLR"], "2023-03-01")]),
        ],
    )
    consult = next(m for m in merged if m.type == "CONSULT")
    assert consult.mentions == 2  # the copy's event is linked, not counted
    assert consult.copy_event_ids == ["c-1"]
    assert consult.sources == ["Harbour Wire", "Steppe Post"]
    assert consult.dates == ["2023-02-28", "2023-03-01"] and consult.conflicting_dates
    assert consult.modalities == ["asserted", "planned"] and consult.conflicting_modalities
    assert len(consult.evidence) == 2
    assert [m.type for m in merged].count("SANCTION") == 1


def test_stories_label_names_the_event_most_outlets_tell():
    a, b = _doc("a", VISIT, outlet="Harbour Wire"), _doc("b", VISIT_2, outlet="Steppe Post")
    out = build_stories(
        [
            (a, [_event("a", 1, "CONSULT", ["BLR"], ["CHN"], "2023-02-28")], []),
            (
                b,
                [
                    _event("b", 1, "CONSULT", ["CHN"], ["BLR"], "2023-03-01"),
                    _event("b", 2, "SANCTION", ["EU"], ["BLR"], "2023-03-01"),
                ],
                [],
            ),
        ]
    )
    [story] = out.stories
    assert story.label == "BLR – CHN: CONSULT (2023-03-01)"
    assert story.merged_events[0].mentions == 2


EDITORIAL = (
    "Editorial\nThe people of Ukraine have held their ground for three days. We must not let "
    "them stand alone. Our governments should send air defences now, and we should be ready "
    "to pay the price of sanctions at home. Let us be clear: this is a fight for all of us, "
    "and history will ask what we did when it mattered."
)
PRESS = (
    "PRESS RELEASE — FOR IMMEDIATE RELEASE\nGENEVA, 10 February 2023 — Aidbridge today "
    "announced the expansion of its emergency response in Türkiye and Syria, with 40 medical "
    "teams deployed to the worst-hit provinces.\nAbout Aidbridge\nAidbridge is an independent "
    "humanitarian organisation.\nMedia contact: press@aidbridge.example"
)
WIRE = (
    "ANKARA, Feb 8 (Harbour Wire) — Rescue teams from dozens of countries joined Turkish "
    "crews on Wednesday, officials said. The death toll passed 11,000, the disaster agency "
    'said, and the United Nations said aid to Syria was held up at the border. "We are doing '
    'everything we can," a rescuer told reporters.'
)


def test_stories_source_kind_of_an_editorial_a_press_release_and_wire_news():
    assert source_kind(_doc("e", EDITORIAL, outlet="Civic Review")) == "editorial"
    assert source_kind(_doc("p", PRESS, outlet="Aidbridge")) == "press_release"
    assert source_kind(_doc("w", WIRE)) == "news"
    analysis = "By Dana Reyes, Senior Fellow, Harbour Institute\n" + WIRE.split(" — ", 1)[1]
    assert source_kind(_doc("a", analysis, outlet="Harbour Review")) == "analysis"
    copied = _doc("k", WIRE)
    copied.duplicate_of = "w"
    assert source_kind(copied) == "copy"


def test_stories_build_marks_the_copy_and_puts_it_in_its_originals_story():
    original = (_doc("orig", VISIT, "2023-03-01"), [], [])
    copy = (_doc("farm", _republish(VISIT), "2023-03-03", outlet="BuzzFarm"), [], [])
    other = (_doc("quake", WIRE, "2023-03-02"), [], [])
    out = build_stories([original, copy, other])
    docs = {d.doc_id: d for d in out.documents}
    assert docs["farm"].duplicate_of == "orig" and docs["farm"].source_kind == "copy"
    assert docs["farm"].story_id == docs["orig"].story_id != docs["quake"].story_id
    assert out.similarity["farm"] >= 0.8
    assert {s.story_id for s in out.stories} == {d.story_id for d in out.documents}


def test_stories_demo_corpus_copies_are_found_with_no_false_link():
    from eventwire.pipeline import Options, documents

    docs = list(documents([str(DEMO)], Options(report=lambda _m: None), []))
    links = find_copies(docs)
    by_id = {d.doc_id: d for d in docs}
    found = {(by_id[link.copy].outlet, link.original) for link in links}
    # the two copies the demo README lists, and nothing else
    assert found == {
        ("WorldNewsNow24", "mw-2023-02-28-lukashenko-beijing"),
        ("DailyGlobeBuzz", "mw-2023-03-10-saudi-iran"),
    }
    readme = (DEMO / "README.md").read_text(encoding="utf-8")
    for _outlet, original in found:
        assert re.search(re.escape(original), readme)


def test_stories_bcubed_and_pairwise_on_a_hand_made_fixture():
    # gold: {1,2,3} {4,5}; predicted: {1,2} {3,4,5}
    gold = ["A", "A", "A", "B", "B"]
    predicted = ["x", "x", "y", "y", "y"]
    s = score_clusters(predicted, gold)
    # B-cubed precision: items 1,2 -> 2/2; item 3 -> 1/3; items 4,5 -> 2/3 each
    p = (1 + 1 + 1 / 3 + 2 / 3 + 2 / 3) / 5
    # B-cubed recall: items 1,2 -> 2/3; item 3 -> 1/3; items 4,5 -> 2/2
    r = (2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5
    assert s["bcubed"]["precision"] == round(p, 4)
    assert s["bcubed"]["recall"] == round(r, 4)
    assert s["bcubed"]["f1"] == round(2 * p * r / (p + r), 4)
    # pairwise: predicted pairs (1,2) (3,4) (3,5) (4,5); gold pairs (1,2) (1,3) (2,3) (4,5)
    assert s["pairwise"]["precision"] == 0.5 and s["pairwise"]["recall"] == 0.5


class _NoEvents:
    """Extraction stand-in: every document with no events (the stories stage then
    works from the texts alone), so the pipeline test needs no language model."""

    def extract(self, docs):
        for doc in docs:
            yield doc, [], []


def _story_state(path):
    from eventwire.store import Store

    with Store(path, read_only=True) as store:
        return (
            store.query("SELECT * FROM stories ORDER BY 1"),
            store.query(
                "SELECT doc_id, story_id, source_kind, duplicate_of, duplicate_similarity "
                "FROM documents ORDER BY 1"
            ),
        )


def test_stories_run_interrupted_before_the_stage_resumes_to_the_same_stories(
    tmp_path, monkeypatch
):
    import eventwire.pipeline as pipeline

    opts = dict(report=lambda _m: None)
    corpus = [str(DEMO / "belarus_china"), str(DEMO / "world")]
    whole = tmp_path / "whole.duckdb"
    pipeline.run(corpus, pipeline.Options(store=whole, **opts), extractor=_NoEvents())
    stories, docs = _story_state(whole)
    assert len(docs) > 10 and all(d[1] for d in docs)
    assert {d[2] for d in docs if d[3]} == {"copy"} and sum(1 for d in docs if d[3]) == 2

    def killed(store, result=None):
        raise KeyboardInterrupt  # the process dies after the extraction batches

    broken = tmp_path / "broken.duckdb"
    monkeypatch.setattr(pipeline, "stories_stage", killed)
    try:
        pipeline.run(corpus, pipeline.Options(store=broken, **opts), extractor=_NoEvents())
    except KeyboardInterrupt:
        pass
    monkeypatch.undo()
    assert all(d[1] is None for d in _story_state(broken)[1])
    again = pipeline.run(corpus, pipeline.Options(store=broken, **opts), extractor=_NoEvents())
    assert again.documents_new == 0 and again.stories_touched == len(stories)
    assert _story_state(broken) == (stories, docs)
    # and once more: nothing left to do, nothing changes
    third = pipeline.run(corpus, pipeline.Options(store=broken, **opts), extractor=_NoEvents())
    assert third.stories_touched == 0
    assert _story_state(broken) == (stories, docs)


def test_stories_run_in_small_chunks_still_assigns_every_document_and_finds_the_copies(
    tmp_path, monkeypatch
):
    import eventwire.pipeline as pipeline

    monkeypatch.setattr(pipeline, "STORIES_CHUNK", 4)
    store = tmp_path / "chunks.duckdb"
    corpus = [str(DEMO / "belarus_china"), str(DEMO / "world")]
    result = pipeline.run(
        corpus, pipeline.Options(store=store, report=lambda _m: None), extractor=_NoEvents()
    )
    stories, docs = _story_state(store)
    assert all(d[1] for d in docs) and result.copies == 2
    assert result.stories_touched == len(stories)
    copies = {d[0]: d[3] for d in docs if d[3]}
    story_of = {d[0]: d[1] for d in docs}
    assert all(story_of[c] == story_of[o] for c, o in copies.items())

"""The fast language-processing path: table-driven attributes, selective parse, workers."""

from __future__ import annotations

import pytest

from eventwire import parallel
from eventwire.events import EventExtractor
from eventwire.nlp import MODEL, FastAttributes, lemma_guesser, load, parse_selected
from eventwire.records import Document

# Sentences chosen to reach the attribute ruler's special rules: contractions,
# "gonna", expletive "there is", pronoun objects, "do" as a main verb, determiners
# used as pronouns, whitespace tokens between paragraphs.
TRICKY = (
    "There is no deal yet, and we ain't gonna sign it, the minister said.\n\n"
    "Let's be clear: Moscow did what it said it would do. That was the plan.\n\n"
    "I told you it wasn't over; they gave it to me and I gave it back.\n"
    "Y'all know nothin' of the talks, said Kazakhstan's envoy, who'd gotten there late."
)


@pytest.fixture(scope="module")
def spacy_pipelines():
    import spacy

    reference = spacy.load(MODEL, disable=["ner"])
    return reference, FastAttributes(reference)


def _annotations(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def test_nlp_fast_attributes_equal_spacy_components(spacy_pipelines):
    reference, fast = spacy_pipelines
    texts = [TRICKY, "Belarus has been targeted with sanctions by the EU since 2020."]
    expected = [_annotations(d) for d in reference.pipe(texts)]
    with reference.select_pipes(disable=["attribute_ruler", "lemmatizer"]):
        got = [_annotations(fast(d)) for d in reference.pipe(texts)]
    assert got == expected
    assert any(pos == "AUX" for _, _, pos, _, _, _ in got[0])  # the ruler's rules did apply


def test_nlp_load_swaps_in_fast_attributes():
    nlp = load()
    assert "eventwire_attributes" in nlp.pipe_names
    assert "lemmatizer" not in nlp.pipe_names and "ner" not in nlp.pipe_names
    doc = nlp("The ministers met in Astana and signed two agreements.")
    assert [t.lemma_ for t in doc if t.pos_ == "VERB"] == ["meet", "sign"]


def test_nlp_load_runs_every_network_layer_on_numpy_blas():
    nlp = load()
    layers = [n for _, c in nlp.pipeline if hasattr(c, "model") for n in c.model.walk()]
    assert layers and all(getattr(n.ops, "use_blis", None) is False for n in layers)
    reference = load(fast=False)  # spaCy as shipped: thinc's BLIS
    assert all(n.ops.use_blis for n in reference.get_pipe("tok2vec").model.walk())


def test_nlp_one_blas_thread_limits_openblas():
    from threadpoolctl import threadpool_info, threadpool_limits

    from eventwire.nlp import one_blas_thread

    blas = [i for i in threadpool_info() if i["user_api"] == "blas"]
    with threadpool_limits(limits=None):  # restores the caller's limits afterwards
        one_blas_thread()
        assert blas and all(
            i["num_threads"] == 1 for i in threadpool_info() if i["user_api"] == "blas"
        )


def test_nlp_lemma_guesser_covers_irregular_and_plural_forms():
    guess = lemma_guesser(load())
    assert "meet" in guess("met")
    assert "sanction" in guess("sanctions")
    assert "condemn" in guess("condemned")
    assert "visit" not in guess("vista")


def test_nlp_parse_selected_keeps_offsets_and_parses_only_chosen_sentences():
    nlp = load()
    text = "It rained in the capital.\n\nLukashenko met Xi Jinping on Tuesday. Prices rose."
    [(doc, context)] = list(
        parse_selected(nlp, [(text, "ctx")], lambda sent, ctx: "met" in sent.text)
    )
    assert context == "ctx" and doc.text == text
    sentences = list(doc.sents)
    assert [s.text.strip() for s in sentences] == [
        "It rained in the capital.",
        "Lukashenko met Xi Jinping on Tuesday.",
        "Prices rose.",
    ]
    chosen = sentences[1]
    assert chosen.root.lemma_ == "meet" and chosen.root.pos_ == "VERB"
    assert [t.dep_ for t in chosen if t.text == "Lukashenko"] == ["nsubj"]
    assert text[chosen.start_char : chosen.end_char] == chosen.text
    assert all(t.pos_ == "" and t.lemma_ == "" for t in sentences[0])  # not parsed


ARTICLE = (
    "Belarusian President Alexander Lukashenko arrived in Beijing on Tuesday for a "
    "three-day state visit. The weather in the capital was cold and grey. "
    "Lukashenko held talks with Chinese President Xi Jinping. China and Belarus signed "
    "an agreement on trade. Western governments condemned the visit. Prices of grain "
    "fell again this week."
)


def _keys(events):
    return sorted(
        (e.type, tuple(m.country for m in e.source), tuple(m.country for m in e.target))
        for e in events
    )


def test_nlp_selective_parse_finds_the_events_of_a_full_parse():
    doc = Document(
        doc_id="t1", text=ARTICLE, content_hash="h1", origin="test", published="2023-02-28"
    )
    [(_, fast_events, _)] = list(EventExtractor(selective=True).extract([doc]))
    [(_, full_events, _)] = list(EventExtractor(selective=False).extract([doc]))
    assert _keys(fast_events) == _keys(full_events)
    assert {"CONSULT", "AGREE"} <= {e.type for e in fast_events}


@pytest.mark.slow
def test_nlp_two_workers_give_the_same_events_in_the_same_order():
    docs = [
        Document(
            doc_id=f"w{i}",
            text=ARTICLE.replace("Tuesday", day),
            content_hash=f"h{i}",
            origin="test",
            published="2023-02-28",
        )
        for i, day in enumerate(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"))
    ]
    one = list(parallel.extract(docs, workers=1))
    two = list(parallel.extract(docs, workers=2, chunk=2))
    assert [d.doc_id for d, _, _ in two] == [d.doc_id for d in docs]
    assert [[e.event_id for e in evs] for _, evs, _ in two] == [
        [e.event_id for e in evs] for _, evs, _ in one
    ]


def test_nlp_parse_selected_ends_a_sentence_after_a_heading():
    nlp = load()
    text = (
        "Prices rose in the capital.\n\nWhat comes next\n\nIn May, Lukashenko met Xi Jinping. "
        "He said talks were held in\n\nminsk and in Beijing."
    )
    [(doc, _)] = list(parse_selected(nlp, [(text, None)], lambda sent, ctx: "met" in sent.text))
    assert [s.text.strip() for s in doc.sents] == [
        "Prices rose in the capital.",
        "What comes next",
        "In May, Lukashenko met Xi Jinping.",
        "He said talks were held in\n\nminsk and in Beijing.",  # goes on in lower case
    ]


def test_nlp_parse_selected_ends_a_sentence_after_a_dateline():
    nlp = load()
    text = "QUITO, March 10 (Andes Wire) — Peru and Chile on Friday agreed to reopen the border. It reopens soon."
    [(doc, _)] = list(parse_selected(nlp, [(text, None)], lambda sent, ctx: True))
    assert [s.text.strip() for s in doc.sents] == [
        "QUITO, March 10 (Andes Wire) —",
        "Peru and Chile on Friday agreed to reopen the border.",
        "It reopens soon.",
    ]

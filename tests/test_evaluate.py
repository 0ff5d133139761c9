import json

from eventwire.evaluate import PRF, read_gold, roles_match, score_events
from eventwire.records import ActorMention, Event, EventDate, Evidence


def _actor(code, kind="state"):
    return ActorMention(code, 0, 3, code, code, None, kind)


def _event(type_, src, tgt, confidence=0.8):
    return Event(
        event_id=f"{type_}{src}{tgt}",
        doc_id="d",
        type=type_,
        cameo=None,
        quad_class=1,
        goldstein=0.0,
        source=[_actor(c) for c in src],
        target=[_actor(c) for c in tgt],
        modality="asserted",
        date=EventDate(None, None, "unknown"),
        evidence=Evidence("s", 0, 1),
        confidence=confidence,
        extractor="eventwire 0.1.0",
    )


def test_evaluate_roles_need_overlap_with_the_allowed_codes():
    gold = {"type": ["ACCUSE"], "source": ["CHN"], "target": ["USA"]}
    assert roles_match(_event("ACCUSE", ["CHN"], ["USA"]), gold)
    assert not roles_match(_event("ACCUSE", ["USA"], ["CHN"]), gold)  # direction matters
    assert not roles_match(_event("ACCUSE", ["CHN"], ["JPN"]), gold)


def test_evaluate_symmetric_types_accept_either_direction():
    gold = {"type": ["CONSULT"], "source": ["BLR"], "target": ["CHN"]}
    assert roles_match(_event("CONSULT", ["CHN"], ["BLR"]), gold)


def test_evaluate_reciprocal_gold_pools_the_participants():
    gold = {"type": ["AGREE"], "source": ["JOR", "GBR"], "target": []}
    assert roles_match(_event("AGREE", ["GBR"], []), gold)
    assert roles_match(_event("AGREE", [], ["JOR"]), gold)


def test_evaluate_gold_igo_accepts_any_organisation():
    gold = {"type": ["AGREE"], "source": ["IGO"], "target": ["JPN"]}
    nato = ActorMention("NATO", 0, 4, "NATO", "NATO", "IGO", "organisation")
    ev = _event("AGREE", [], ["JPN"])
    ev.source = [nato]
    assert roles_match(ev, gold)


def test_evaluate_prf_counts_one_to_one_matches():
    class Fixed:
        """Replays known events for known texts, so the scoring arithmetic can be checked."""

        def __init__(self, by_text):
            self.by_text = by_text

        def extract(self, docs):
            for d in docs:
                yield d, self.by_text[d.text], []

    records = [
        {
            "id": "a",
            "text": "A",
            "events": [{"type": ["ACCUSE"], "source": ["CHN"], "target": ["USA"]}],
        },
        {
            "id": "b",
            "text": "B",
            "events": [
                {"type": ["SANCTION"], "source": ["USA"], "target": ["RUS"]},
                {"type": ["THREATEN"], "source": ["RUS"], "target": ["USA"]},
            ],
        },
    ]
    extractor = Fixed(
        {
            "A": [_event("ACCUSE", ["CHN"], ["USA"]), _event("ACCUSE", ["CHN"], ["USA"], 0.5)],
            "B": [_event("SANCTION", ["USA"], ["UKR"])],
        }
    )
    scores = score_events(records, extractor)
    assert (scores.type_only.tp, scores.type_only.predicted, scores.type_only.gold) == (2, 3, 3)
    assert (scores.full.tp, scores.full.predicted, scores.full.gold) == (1, 3, 3)
    assert scores.per_type["THREATEN"].gold == 1 and scores.per_type["THREATEN"].tp == 0
    assert abs(scores.full.f1 - 1 / 3) < 1e-9


def test_evaluate_prf_is_zero_not_an_error_when_empty():
    assert PRF().f1 == 0.0 and PRF().precision == 0.0


def test_evaluate_read_gold_names_the_bad_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"text": "x", "events": []}) + "\n{oops\n", encoding="utf-8")
    import pytest

    from eventwire.errors import InputError

    with pytest.raises(InputError, match=r"gold.jsonl:2: not valid JSON"):
        list(read_gold(path))


def test_evaluate_quad_from_rules_is_the_most_confident_events_class():
    from eventwire.evaluate import rule_quad

    assert rule_quad([]) == 0  # no PLOVER event: a statement
    low, high = _event("CONSULT", ["USA"], ["CHN"], 0.5), _event("ASSAULT", ["RUS"], ["UKR"], 0.9)
    high.quad_class = 4
    assert rule_quad([low, high]) == 4


def test_evaluate_quad_macro_f1_averages_the_five_classes():
    from eventwire.evaluate import macro_f1

    macro, per = macro_f1([0, 1, 2, 3, 4], [0, 1, 2, 3, 3])
    assert per[3].precision == 0.5 and per[4].f1 == 0.0
    assert round(macro, 4) == round((1 + 1 + 1 + 2 / 3 + 0) / 5, 4)


def test_evaluate_quad_cross_validates_the_trained_part():
    from eventwire.evaluate import score_quad

    class Fixed:
        """An extractor that finds an assault in sentences about shelling, nothing else."""

        def extract(self, docs):
            for d in docs:
                found = []
                if "shelled" in d.text:
                    ev = _event("ASSAULT", ["RUS"], ["UKR"])
                    ev.quad_class = 4
                    found = [ev]
                yield d, found, []

    records = [{"text": f"Troops shelled town number {i}.", "label": 4} for i in range(6)] + [
        {"text": f"The minister said statement number {i}.", "label": 0} for i in range(6)
    ]
    scores = score_quad(records, folds=2, extractor=Fixed())
    assert scores["rules"]["per_class"]["4"]["f1"] == 1.0
    assert scores["rules+tfidf_lr"]["accuracy"] == 1.0
    assert len(scores["confusion"]) == 5

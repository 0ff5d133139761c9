"""The accuracy gate: event F1 on the dev gold sets must not fall below the
floors pinned in accuracy_floors.json (skipped where ../shared/data is absent)."""

import hashlib
import json
from pathlib import Path

import pytest

from eventwire.evaluate import evaluate_events, read_gold, run_task, score_actors

FLOORS = json.loads((Path(__file__).with_name("accuracy_floors.json")).read_text())
DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="module")
def extractor():
    from eventwire.events import EventExtractor

    return EventExtractor()


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FLOORS["events"]))
def test_accuracy_gate_events_stay_above_their_floors(name, extractor):
    floor = FLOORS["events"][name]
    path = _gold_path("events", name)
    scores = evaluate_events(path, extractor)
    assert scores.type_only.f1 >= floor["type_only_f1"], scores.as_dict()
    assert scores.full.f1 >= floor["type_source_target_f1"], scores.as_dict()


@pytest.mark.parametrize("name", sorted(FLOORS.get("actors", {})))
def test_accuracy_gate_actors_stay_above_their_floors(name):
    floor = FLOORS["actors"][name]
    path = _gold_path("actors", name)
    total, _, _ = score_actors(read_gold(path))
    assert total.recall >= floor["recall"], total.as_dict()
    assert total.precision >= floor["precision"], total.as_dict()


def _gold_path(task: str, name: str) -> Path:
    floor = FLOORS[task][name]
    path = DATA / name
    if not path.exists():
        pytest.skip(f"{path} not present")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert digest == floor["sha256"], f"{name} changed: re-measure and pin its floors again"
    return path


@pytest.mark.parametrize("name", sorted(FLOORS.get("dates", {})))
def test_accuracy_gate_dates_stay_above_their_floors(name):
    floor = FLOORS["dates"][name]
    _, scores = run_task("dates", _gold_path("dates", name))
    assert scores["value_accuracy"] >= floor["value_accuracy"], scores
    assert scores["value_accuracy_found"] >= floor["value_accuracy_found"], scores


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FLOORS.get("places", {})))
def test_accuracy_gate_places_stay_above_their_floors(name):
    floor = FLOORS["places"][name]
    _, scores = run_task("places", _gold_path("places", name))
    for measure, minimum in floor.items():
        if measure != "sha256":
            assert scores[measure] >= minimum, scores


def _dig(scores: dict, path: str):
    for key in path.split("/"):
        scores = scores[key]
    return scores


def _framing_params():
    """Framing floors (issue 12): shipped-method floors run in seconds; a floor on a
    cross-validated model ("train": true) trains for minutes, hence slow."""
    for name, floor in sorted(FLOORS.get("framing", {}).items()):
        marks = [pytest.mark.slow] if floor.get("train") else []
        yield pytest.param(name, marks=marks, id=name)


_FRAMING_RUNS: dict = {}  # (file, task, train) -> scores: entries on one file share a run


@pytest.mark.parametrize("name", list(_framing_params()))
def test_accuracy_gate_framing_stays_above_its_floors(name):
    """Each floor is a '/'-path into the task's scores dict. An entry with
    "requires": "embeddings" (a method that needs torch and an encoder: make
    embeddings) is skipped without them, one with "requires": "mpnet" also when the
    encoder in use is not MPNet-base; the entries of
    the same file that do not need them still run."""
    from eventwire.framing import embeddings
    from eventwire.framing.evaluate import loaded_task, tone_task

    floor = FLOORS["framing"][name]
    if floor.get("requires") in ("embeddings", "mpnet") and not embeddings.available():
        pytest.skip(f"needs torch and an encoder: {embeddings.INSTALL_HINT}")
    if floor.get("requires") == "mpnet" and embeddings.encoder.name() != "mpnet":
        pytest.skip(f"needs MPNet-base ({embeddings.INSTALL_HINT}), not MiniLM")
    path = DATA / floor.get("file", name)
    if not path.exists():
        pytest.skip(f"{path} not present")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert digest == floor["sha256"], f"{name} changed: re-measure and pin its floors again"
    key = (str(path), floor["task"], bool(floor.get("train")))
    if key not in _FRAMING_RUNS:
        task = {"loaded": loaded_task, "tone": tone_task}[floor["task"]]
        _FRAMING_RUNS[key] = task(path, train=bool(floor.get("train")))[1]
    scores = _FRAMING_RUNS[key]
    for key, minimum in floor["floors"].items():
        assert _dig(scores, key) >= minimum, (key, scores)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FLOORS.get("quad", {})))
def test_accuracy_gate_quad_stays_above_its_floors(name, extractor):
    """Five-way class: the extractor alone, and with TF-IDF+LR under contiguous
    5-fold cross-validation (about a minute: 1,346 sentences are extracted)."""
    from eventwire.evaluate import score_quad

    floor = FLOORS["quad"][name]
    path = _gold_path("quad", name)
    scores = score_quad(list(read_gold(path, ("label",))), extractor=extractor)
    assert scores["rules"]["macro_f1"] >= floor["rules_macro_f1"], scores["rules"]
    assert scores["rules+tfidf_lr"]["macro_f1"] >= floor["rules_tfidf_lr_macro_f1"], scores


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FLOORS.get("modality", {})))
def test_accuracy_gate_modality_on_the_team_annotated_demo_mentions(name, extractor):
    """The gold file is ours (tests/data/modality), so no sha256: it changes with review."""
    from eventwire.evaluate_modality import score_modality

    floor = FLOORS["modality"][name]
    scores = score_modality(Path(__file__).resolve().parents[1] / name, extractor)
    assert scores["matched"] >= floor["matched"], scores
    assert scores["accuracy"] >= floor["accuracy"], scores

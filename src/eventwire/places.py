"""Places: toponyms found in the parse, resolved to GeoNames, and the place of an event.

``PlaceFinder.find(doc, mentions)`` matches capitalised token spans of a spaCy
parse against the gazetteer ``data/places.json.gz`` (GeoNames countries, admin-1
and admin-2 regions, cities of 5,000+ people and towns of 500+; see
``scripts/build_places.py``) and our own table ``data/places_extra.json`` (world
regions, seas, rivers, islands, landmarks, region adjectives, state abbreviations),
and picks one reading per name:

- *ambiguity*: each candidate scores its population (log), a bonus for
  countries, regions and capitals, a bonus when its country (or admin-1 region)
  is among the document's context (other toponyms, resolved twice, and the actors
  stage's mentions), and a decisive bonus for an explicit qualifier ("Portland,
  Maine"; "Hyderabad, Pakistan"; "Riverdale, N.J."); a town of under 5,000 people
  is a reading only in a context country and where a place is expected;
- *kinds of toponym* (GeoWebNews's pragmatic types): demonyms ("Russian",
  "European") and names inside an organisation's or a longer proper name
  ("Toronto Police", "the Washington Post") are kept as toponyms but are never an
  event's location (``Place.demonym``, ``Place.embedded``); a person's name is
  no toponym ("Jordan Peterson");
- *sites*: streets, buildings and local areas the gazetteer lacks ("Royal Street",
  "Cavan Town Hall", "the Crown Heights neighborhood") are ``Place.site`` placed
  at the document's dominant city (``PlaceFinder.find`` says how it is chosen);
- *metonymy*: a toponym that is the subject of a verb or a possessor ("Beijing
  said", "China's navy") stands for its government: ``Place.metonymic`` is set,
  and it is never an event's location.

``event_location(trigger, governor, places)`` follows the parse from the event
word to the place it governs: an "in/at/near/outside ..." phrase of the trigger,
of the verb lending it its subject, or of a word up to three arcs away (never
across a reporting verb); for motion events ("visit to Belarus", "arrived in
Astana") the destination; for verbs acting on a place ("captured Knin") the
object. Inside the phrase the first name wins, except a possessor ("Syria's
Aleppo province") or a modifier with its own "of" place ("the Baghdad
neighbourhood of Al-Bayaa"). A site is placed at the known place around it in the
sentence ("at Diaoyutai State Guesthouse in Beijing"), else where ``find`` placed it.
``event_place`` is the entry point of the events stage.
"""

from __future__ import annotations

import bisect
import gzip
import json
import math
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from .records import ActorMention, Location

LOCATIVE_PREPS = ("in", "at", "near", "outside", "inside", "across", "throughout", "around")
MOTION_LEMMAS = frozenset(
    {"visit", "trip", "travel", "tour", "fly", "go", "arrive", "come", "return", "head",
     "journey", "deploy", "send", "move", "land", "sail", "voyage", "flight"}
)  # fmt: skip
# Verbs whose object is the place they act on ("captured Knin", "shelled Homs").
TAKING_LEMMAS = frozenset(
    {"capture", "seize", "take", "overrun", "enter", "liberate", "occupy", "storm", "shell",
     "bomb", "raid", "patrol", "invade", "besiege", "recapture", "retake", "bombard", "strike"}
)  # fmt: skip
REPORTING = frozenset({"say", "tell", "report", "announce", "state", "add", "claim", "accord"})
MAX_HOPS = 3
# A possessor of these nouns is a place, not a government: "Lebanon's southern border".
PLACE_PARTS = frozenset(
    {"border", "borders", "street", "streets", "outskirts", "north", "south", "east", "west",
     "capital", "coast", "region", "province", "city", "territory", "part", "parts", "area",
     "centre", "center", "suburbs", "countryside", "airport", "port", "heart", "soil"}
)  # fmt: skip
# Street nouns after a name, in lower case: "Third street", "State and Hubbard streets".
STREET_NOUNS = frozenset({"street", "streets", "avenue", "avenues", "road", "roads", "boulevard"})
# Common nouns after a local proper name: "the Crown Heights neighborhood".
AREA_NOUNS = frozenset(
    {"neighborhood", "neighbourhood", "district", "suburb", "township", "borough", "quarter"}
)
PLACE_NOUNS = frozenset(
    {"town", "city", "village", "district", "province", "region", "neighbourhood", "suburb",
     "neighborhood", "area", "base", "camp", "airport", "port", "capital", "outpost",
     "stronghold", "county"}
)  # fmt: skip
CONNECTORS = frozenset(
    {"of", "de", "la", "el", "al", "es", "-", "du", "del", "upon", "on", "and"}
)  # "Trinidad and Tobago" (only ever part of a whole gazetteer name)
NOT_PLACES = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
     "friday", "saturday", "sunday", "god", "president", "minister", "mr", "mrs", "ms",
     "university", "college", "school", "bank", "republic", "commerce", "street", "avenue",
     "road", "west", "east", "north", "south", "side", "village", "quarter", "city",
     "county", "state", "island", "center", "centre", "park", "church", "hospital", "court",
     "house", "hall", "valley", "river", "lake", "mount", "congress", "union", "federal",
     "western", "eastern", "northern", "southern", "central", "northwest", "northeast",
     "southwest", "southeast"}
)  # fmt: skip
# Words after a place name that make a longer place name, not an organisation.
PLACE_SUFFIXES = frozenset(
    {"city", "county", "province", "state", "region", "district", "island", "islands",
     "valley", "river", "mountains", "strip", "bay", "sea", "coast", "square", "street"}
)  # fmt: skip
METONYMIC_DEPS = frozenset({"nsubj", "nsubjpass", "poss"})
# An admin-1 region's population is summed over its towns; its name more often
# means the city of the same name ("New York", "Washington").
KIND_BONUS = {
    "continent": 3.0, "country": 3.0, "region": 3.0, "admin1": -1.5, "admin2": -1.0,
    "city": 0.0, "town": 0.0, "site": 0.0,
}  # fmt: skip
# Population-like weights of the hand-written regions, seas and landmarks (data/places_extra.json).
# An island's weight is a town's: "Trinidad" is the island unless the document is Cuban.
EXTRA_POPULATION = {"region": 10**7, "site": 10**6, "island": 10**4}
# Head words of streets, buildings and other local sites: "Royal Street", "Cavan Town Hall".
SITE_HEADS = frozenset(
    {"street", "st", "avenue", "ave", "road", "rd", "drive", "dr", "boulevard", "blvd", "lane",
     "square", "plaza", "bridge", "church", "cathedral", "mosque", "temple", "synagogue",
     "hospital", "school", "university", "college", "institute", "academy", "stadium", "arena",
     "theatre", "theater", "hotel", "inn", "centre", "center", "hall", "library", "museum",
     "courthouse", "airport", "station", "tower", "palace", "plantation", "canal", "campus",
     "prison", "market", "mall", "quarter", "cemetery", "graveyard", "highway", "freeway",
     "park", "gardens", "pier", "harbour", "harbor", "terrace", "parkway", "way", "court",
     "township"}
)  # fmt: skip
# A site named head first: "University of Alberta", "Church of the Nativity".
SITE_HEADS_FIRST = frozenset({"university", "college", "church", "cathedral", "museum", "port"})
# Prepositions after which an unknown proper name is taken for a place ("in Bywater").
PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "into", "to", "from", "across"})
# A city inside an organisation's name is kept from this size up, or when named alone too.
EMBEDDED_MIN_POPULATION = 50000
# A city that is the only name of its country in a document is its city from this size up.
DOMINANT_ALONE_POPULATION = 1_000_000
SPAN_PLACE, SPAN_DEMONYM, SPAN_EMBEDDED, SPAN_SITE, SPAN_TOWN, SPAN_ABBREVIATION = range(6)
SPAN_POSTAL = 6  # "BC" not after a comma: kept if the document names that region otherwise
SPAN_UNKNOWN = 7  # an unknown name after a place preposition: a site, less sure than "X Street"
CAPITAL_BONUS = 1.5
# A reading in an admin-1 region the document names (or names a town of): less than a
# country's bonus, so that Portland, Oregon is still the Portland of a Texan sports page.
REGION_BONUS = 1.0
ALT_NAME_PENALTY = 1.5  # "Franklin" is another name of Columbus, Ohio, but rarely means it


# Location precision by candidate kind: finest first site, city, admin2, admin1, country,
# region (a sea, a world region or a continent: no one country holds it).
PRECISION = {"continent": "region", "town": "city", "island": "region"}


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case, accents off, "St." spelled out, spaces squeezed: the gazetteer key."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower()
    text = text.replace("’", "'").replace(".", " ").replace("-", " ")
    words = text.split()
    if words and words[0] in ("st", "ste"):
        words[0] = "saint"
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


# Hashed by value like a frozen dataclass, but built without frozen's per-field
# object.__setattr__: the gazetteer makes 140,000 of them at start-up. Never assigned to.
@dataclass(slots=True, unsafe_hash=True)
class Candidate:
    kind: str  # continent | country | region | admin1 | admin2 | city | town | site
    name: str
    iso3: str | None
    cc: str  # ISO alpha-2
    admin1: str | None  # admin-1 region name
    lat: float
    lon: float
    population: int
    geonameid: int | None
    capital: bool = False

    def location(self, name: str | None = None, precision: str | None = None) -> Location:
        return Location(
            name=name or self.name,
            country=self.iso3,
            admin1=self.admin1 if self.kind != "country" else None,
            lat=float(self.lat),
            lon=float(self.lon),
            geonameid=None if precision == "site" else self.geonameid,
            precision=precision or PRECISION.get(self.kind, self.kind),
        )


@dataclass(slots=True)
class Place:
    """A toponym in the text and the place it was resolved to (None: not in the gazetteer)."""

    start: int
    end: int
    text: str
    candidate: Candidate | None
    metonymic: bool = False
    tokens: tuple[int, int] = (0, 0)  # token span [i, j) in the parse
    alternatives: int = 1
    demonym: bool = False  # "Chinese" (a modifier: never an event's location)
    # a name inside a longer name ("the Washington Post", "Toronto Police"): a toponym,
    # but never an event's location
    embedded: bool = False
    # a street, building or other local name the gazetteer lacks ("Royal Street"):
    # ``candidate`` is the place around it (a name inside it, else the document's
    # dominant city, see ``PlaceFinder.find``), and its location is a ``site`` there
    site: bool = False

    @property
    def location(self) -> Location | None:
        if self.candidate is None:
            return None
        return (
            self.candidate.location(self.text, "site") if self.site else self.candidate.location()
        )


class Gazetteer:
    """Names -> GeoNames candidates (countries, admin-1/2 regions, cities, towns) and our
    own table of world regions, seas, rivers and landmarks (``extra``)."""

    def __init__(self, data: dict, extra: dict | None = None) -> None:
        self.names: dict[str, list[Candidate]] = {}
        self.alternate: set[tuple[str, int | None]] = set()  # (key, geonameid) of alt names
        self.demonyms: dict[str, Candidate] = {}
        # "Calif.", "N.J.", "BC": exact text -> admin-1 region (only after a comma)
        self.abbreviations: dict[str, Candidate] = {}
        iso3_of = {row[3]: row[2] for row in data["countries"]}
        admin_names = {(row[2], row[3]): row[1] for row in data["admin1"]}
        for gid, name, lat, lon in data.get("continents", []):
            self._add(name, Candidate("continent", name, None, "", None, lat, lon, 10**9, gid))
        capitals: set[tuple[str, str]] = set()
        by_population = sorted(data["countries"], key=lambda row: -row[6])
        for gid, name, iso3, cc, lat, lon, pop, alts, demonym, capital in by_population:
            cand = Candidate("country", name, iso3, cc, None, lat, lon, pop, gid)
            for n in [name, *alts]:
                self._add(n, cand)
            for d in (demonym or "").replace("/", ",").split(","):
                if d.strip():  # "American": the most populous country of that demonym
                    self.demonyms.setdefault(fold(d), cand)
            if capital:
                capitals.add((cc, fold(capital)))
        admin1_of: dict[tuple[str, str], Candidate] = {}
        for gid, name, cc, code, lat, lon, pop in data["admin1"]:
            cand = Candidate("admin1", name, iso3_of.get(cc), cc, name, lat, lon, pop, gid)
            self._add(name, cand)
            admin1_of[(cc, code)] = admin1_of[(cc, fold(name))] = cand
        for name, cc, code, lat, lon, pop in data.get("admin2", []):
            region = admin_names.get((cc, code))
            cand = Candidate("admin2", name, iso3_of.get(cc), cc, region, lat, lon, pop, None)
            self._add(name, cand)
        best_city: dict[tuple[str, str, str], int] = {}
        for row in data["cities"]:
            k = (row[2], row[3], row[8])
            best_city[k] = max(best_city.get(k, 0), row[6])
        names, alternate = self.names, self.alternate
        # a capital's name that no city bears as its own ("Washington" for "Washington,
        # D.C."); "New Delhi" is New Delhi's own name, not Delhi's capital name
        own_names = {(row[2], row[8]) for row in data["cities"]}
        capital_alts = capitals - own_names
        capital_alt_keys = {k for _, k in capital_alts}  # a set test before the pairs
        for gid, name, cc, code, lat, lon, pop, alt_keys, key in data["cities"]:
            if best_city[(cc, code, key)] != pop:
                continue  # the same name twice in one region: keep the biggest
            # "Washington" is an alternate name of "Washington, D.C.", the capital
            capital = (cc, key) in capitals or (
                not capital_alt_keys.isdisjoint(alt_keys)
                and any((cc, k) in capital_alts for k in alt_keys)
            )
            region = admin_names.get((cc, code))
            cand = Candidate("city", name, iso3_of.get(cc), cc, region, lat, lon, pop, gid, capital)
            if len(key) >= 2:
                names.setdefault(key, []).append(cand)
            for k in alt_keys:  # folded at build time, never the name's own key
                names.setdefault(k, []).append(cand)
                if (cc, k) not in capital_alts:
                    alternate.add((k, gid))
        self._iso3_of = iso3_of
        self._admin_names = admin_names
        # towns: folded names, sorted, and their rows (parsed when asked for)
        self._town_keys = data["town_keys"].split("\n") if data.get("town_keys") else []
        self._town_rows = data["towns"].split("\n") if data.get("towns") else []
        self._extra(extra or {}, iso3_of, admin1_of)
        self.by_iso3 = {
            c.iso3: c
            for row in data["countries"]
            for c in self.names.get(fold(row[1]), [])
            if c.kind == "country"
        }
        self.max_words = 1 + max(k.count(" ") for k in self.names)  # keys: single spaces
        self._first_words = {k.partition(" ")[0] for k in self.names}

    def _extra(self, extra: dict, iso3_of: dict, admin1_of: dict) -> None:
        """Our hand-written regions, seas, rivers, landmarks, adjectives, abbreviations."""
        by_name: dict[str, Candidate] = {}
        for name, alts, lat, lon, cc, kind in extra.get("regions", []):
            pop = EXTRA_POPULATION.get(kind, EXTRA_POPULATION["region"])
            kind = "site" if kind == "site" else "region"
            cand = Candidate(kind, name, iso3_of.get(cc), cc, None, lat, lon, pop, None)
            by_name[name] = cand
            for n in [name, *alts]:
                self._add(n, cand)
        countries = {c.cc: c for b in self.names.values() for c in b if c.kind == "country"}
        continents = {c.name: c for b in self.names.values() for c in b if c.kind == "continent"}
        for adjective, target in extra.get("demonyms", {}).items():
            cand = by_name.get(target) or continents.get(target) or countries.get(target)
            if cand is not None:
                self.demonyms.setdefault(fold(adjective), cand)
        for text, cc, region in extra.get("abbreviations", []):
            cand = admin1_of.get((cc, fold(region)))
            if cand is not None:
                self.abbreviations[text] = cand

    def _town_range(self, key: str) -> range:
        lo = bisect.bisect_left(self._town_keys, key)
        hi = bisect.bisect_right(self._town_keys, key, lo)
        return range(lo, hi)

    def has_town(self, key: str) -> bool:
        """Whether a folded name is a town of 500 to 5,000 people."""
        k = bisect.bisect_left(self._town_keys, key)
        return k < len(self._town_keys) and self._town_keys[k] == key

    def starts_name(self, word: str) -> bool:
        """Whether some name or town's folded key begins with the folded ``word``."""
        if word in self._first_words:
            return True
        k = bisect.bisect_left(self._town_keys, word)  # ``word`` itself, else "word ..."
        return k < len(self._town_keys) and (
            self._town_keys[k] == word or self._town_keys[k].startswith(word + " ")
        )

    def town_candidates(self, name: str) -> list[Candidate]:
        out = []
        for k in self._town_range(fold(name)):
            gid, town, cc, code, lat, lon, pop = self._town_rows[k].split("\t")
            region = self._admin_names.get((cc, code))
            out.append(
                Candidate(
                    "town",
                    town,
                    self._iso3_of.get(cc),
                    cc,
                    region,
                    float(lat),
                    float(lon),
                    int(pop),
                    int(gid),
                )  # fmt: skip
            )
        return out

    def _add(
        self, name: str, cand: Candidate, alternate: bool = False, key: str | None = None
    ) -> None:
        key = key if key is not None else fold(name)
        if len(key) < 2:
            return
        bucket = self.names.setdefault(key, [])
        if all(c is not cand for c in bucket):
            bucket.append(cand)
            if alternate:
                self.alternate.add((key, cand.geonameid))

    @classmethod
    @cache
    def default(cls) -> Gazetteer:
        data_dir = resources.files("eventwire").joinpath("data")
        raw = data_dir.joinpath("places.json.gz").read_bytes()
        extra = json.loads(data_dir.joinpath("places_extra.json").read_text(encoding="utf-8"))
        return cls(json.loads(gzip.decompress(raw)), extra)

    def candidates(self, name: str) -> list[Candidate]:
        return self.names.get(fold(name), [])

    def resolve(
        self,
        name: str,
        countries: Counter | None = None,
        regions: set[tuple[str, str]] | None = None,
        qualifier: str | None = None,
    ) -> Candidate | None:
        """The best reading of a name given the document's context countries (ISO2 counts),
        the admin-1 regions ((ISO2, name)) it names, and an explicit qualifier ("Maine"
        in "Portland, Maine"). Towns of under 5,000 people are readings only in a context
        country."""
        countries = countries or Counter()
        cands = self.candidates(name)
        cands = cands + [c for c in self.town_candidates(name) if countries.get(c.cc)]
        if not cands:
            return None
        key = fold(name)
        regions = regions or set()
        qual = set()
        if qualifier:
            quals = [c for c in self.candidates(qualifier) if c.kind in ("admin1", "country")]
            if qualifier in self.abbreviations:
                quals.append(self.abbreviations[qualifier])
            qual = {(c.cc, c.admin1 if c.kind == "admin1" else None) for c in quals}

        def score(c: Candidate) -> float:
            alternate = (key, c.geonameid) in self.alternate
            # "Salisbury" was Harare's name: the capital's bonus is for its own name
            capital = CAPITAL_BONUS * (c.capital and not alternate)
            s = math.log10(c.population + 10) + KIND_BONUS[c.kind] + capital
            if countries.get(c.cc):
                s += 1.5 + 0.5 * min(countries[c.cc], 4) / 4
            if c.admin1 and (c.cc, c.admin1) in regions and c.kind != "country":
                # a county's name is unique only within its state: "Montgomery County"
                s += REGION_BONUS * (3 if c.kind == "admin2" else 1)
            if qual and ((c.cc, None) in qual or (c.cc, c.admin1) in qual):
                s += 10
            # "Franklin" is another name of Columbus, but "New York" is New York City's
            if alternate and fold(c.admin1 or "") != key:
                s -= ALT_NAME_PENALTY
            return s

        return max(cands, key=lambda c: (score(c), -(c.geonameid or 0)))


class PlaceFinder:
    """Finds and resolves the toponyms of a parsed document."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer.default()

    def find(self, doc, mentions: list[ActorMention] | None = None) -> list[Place]:
        """Toponyms of a spaCy ``doc`` (any pipeline with tags and a parse).

        Names are resolved twice: first with the countries of the unambiguous names
        and of the actors as context, then with the countries and admin-1 regions of
        every place the first round resolved. Streets, buildings and other local
        names the gazetteer lacks (``Place.site``) are then placed at the document's
        dominant city: the city or town it names most often (first named on a tie),
        as geoparsers commonly do; in a document naming no city, at a gazetteer name
        inside them ("Cavan Town Hall"), else nowhere (``candidate`` None)."""
        mentions = mentions or []
        people = [m for m in mentions if m.kind in ("person", "organisation", "group")]
        spans = _same_names_again(doc, self._spans(doc, people))
        gaz = self.gazetteer
        base: Counter = Counter()  # context countries (ISO2) before any resolution
        base_regions: Counter = Counter()
        iso2 = {c.iso3: c.cc for c in gaz.by_iso3.values()}
        for m in mentions:
            if m.country in iso2:
                base[iso2[m.country]] += 1
        # unambiguous names first: they are the context for the others
        for i, j, kind in spans:
            if kind in (SPAN_SITE, SPAN_TOWN, SPAN_UNKNOWN):
                continue
            cands = self._readings(doc, i, j, kind)
            if len(cands) == 1 or (cands and {c.kind for c in cands} == {"country"}):
                base[cands[0].cc] += 1
                if cands[0].kind == "admin1" and kind != SPAN_EMBEDDED:
                    base_regions[(cands[0].cc, cands[0].name)] += 1
        places: list[Place] = []
        # what each name's own reading adds to the context, kept out of its own context
        # (a wrong first reading must not vote for itself)
        own: dict[str, Counter] = {}
        own_regions: dict[str, Counter] = {}
        metonymic: dict[tuple[int, int], bool] = {}  # the same in both rounds
        for _round in range(2):
            countries = base + sum(own.values(), Counter())
            regions = base_regions + sum(own_regions.values(), Counter())
            all_regions = set(regions)
            places = []
            for i, j, kind in spans:
                text = _span_text(doc, i, j)
                best, alternatives = None, 0
                if kind not in (SPAN_SITE, SPAN_UNKNOWN):
                    cands = self._readings(doc, i, j, kind)
                    alternatives = len(cands)
                    if kind in (SPAN_DEMONYM, SPAN_ABBREVIATION, SPAN_POSTAL):
                        best = cands[0]  # a demonym or an abbreviation: one reading
                    else:
                        key = fold(text)
                        context = countries - own[key] if key in own else countries
                        in_regions = (
                            set(regions - own_regions[key]) if key in own_regions else all_regions
                        )
                        best = gaz.resolve(text, context, in_regions, _qualifier(doc, j))
                start, end = doc[i].idx, doc[j - 1].idx + len(doc[j - 1])
                place = Place(start, end, text, best, False, (i, j), alternatives)
                place.demonym = kind == SPAN_DEMONYM
                place.embedded = kind == SPAN_EMBEDDED
                place.site = kind in (SPAN_SITE, SPAN_UNKNOWN)
                if not place.site:
                    if (i, j) not in metonymic:
                        metonymic[(i, j)] = _metonymic(doc, i, j)
                    place.metonymic = metonymic[(i, j)]
                places.append(place)
            own, own_regions = {}, {}
            for p in places:
                c = p.candidate
                if c is None or p.site:
                    continue
                if c.cc:
                    own.setdefault(fold(p.text), Counter())[c.cc] += 1
                if c.admin1 and c.kind != "region" and not (p.embedded or p.demonym):
                    own_regions.setdefault(fold(p.text), Counter())[(c.cc, c.admin1)] += 1
        places += self._acronyms(doc, places)
        # a postal code alone ("BC") only where the document names its region otherwise
        postal = {(i, j) for i, j, kind in spans if kind == SPAN_POSTAL}
        named_regions = {
            (p.candidate.cc, p.candidate.admin1)
            for p in places
            if p.candidate and p.candidate.admin1 and p.tokens not in postal
        }
        places = [
            p
            for p in places
            if p.tokens not in postal or (p.candidate.cc, p.candidate.admin1) in named_regions
        ]
        self._place_sites(doc, places, {(i, j) for i, j, k in spans if k == SPAN_UNKNOWN})
        # a small town's name inside an organisation's ("the Post") is too often a word
        named = {fold(p.text) for p in places if not p.embedded}
        return [p for p in places if _kept(p, named)]

    def _acronyms(self, doc, places: list[Place]) -> list[Place]:
        """ "SA", "T&T": the initials of a country or region the document names in full."""
        by_initials: dict[str, Candidate] = {}
        for p in places:
            c = p.candidate
            if c is None or p.site or p.embedded or p.demonym:
                continue
            words = [w for w in fold(p.text).split() if w not in ("and", "of", "the")]
            if c.kind in ("country", "admin1", "region") and len(words) >= 2:
                by_initials.setdefault("".join(w[0] for w in words).upper(), c)
        covered = {k for p in places for k in range(*p.tokens)}
        out = []
        if not by_initials:
            return out
        for i, text in enumerate(_tokens(doc).text):
            key = text.replace("&", "")
            if i in covered or not (2 <= len(key) <= 4 and key.isalpha() and key.isupper()):
                continue
            if key in by_initials:
                tok = doc[i]
                place = Place(tok.idx, tok.idx + len(tok), tok.text, by_initials[key])
                place.tokens = (tok.i, tok.i + 1)
                place.metonymic = _metonymic(doc, tok.i, tok.i + 1)
                out.append(place)
        return out

    def _readings(self, doc, i: int, j: int, kind: int) -> list[Candidate]:
        gaz = self.gazetteer
        text = _span_text(doc, i, j)
        if kind == SPAN_DEMONYM:
            return [gaz.demonyms[_demonym_key(text)]]
        if kind in (SPAN_ABBREVIATION, SPAN_POSTAL):
            return [gaz.abbreviations[text]]
        return gaz.candidates(text)

    def _place_sites(self, doc, places: list[Place], unknown: set[tuple[int, int]]) -> None:
        """Each site at the document's dominant city, else at a known name inside it.

        The dominant city is the city or town named most often as a place (not as a
        metonym or inside an organisation's name), first named on a tie, among those
        whose country another name of the document also points to, or of a million
        people: "El Nino" read as a Mexican town in a story about Colorado, or the
        club's Liverpool in a story about Cairo, is no document's city. An unknown
        name without a street or building word (``unknown``: "in Karelia") takes the
        dominant city only in the country the document names most."""
        names_of: dict[str, set[str]] = {}
        for p in places:
            if p.candidate is not None and p.candidate.cc and not (p.site or p.demonym):
                names_of.setdefault(p.candidate.cc, set()).add(fold(p.text))
        dominant = None
        for strict in (True, False):  # then metonyms and names inside names: "Derry's Hospital"
            cities: Counter = Counter()
            first: dict[int, int] = {}
            by_id: dict[int, Candidate] = {}
            for k, p in enumerate(places):
                c = p.candidate
                if c is None or c.kind not in ("city", "town") or c.geonameid is None:
                    continue
                if p.site or p.demonym or (strict and (p.embedded or p.metonymic)):
                    continue
                if len(names_of.get(c.cc, ())) < 2 and c.population < DOMINANT_ALONE_POPULATION:
                    continue
                cities[c.geonameid] += 1
                first.setdefault(c.geonameid, k)
                by_id[c.geonameid] = c
            if cities:
                dominant = by_id[max(cities, key=lambda g: (cities[g], -first[g]))]
                break
        context = Counter({dominant.cc: 1}) if dominant else None
        by_country = Counter(
            p.candidate.cc for p in places if p.candidate and p.candidate.cc and not p.site
        )
        majority = by_country.most_common(1)[0][0] if by_country else None
        for p in places:
            if not p.site:
                continue
            inner = self._inner_name(doc, p, context)
            if inner is not None and inner.kind in ("country", "admin1", "region"):
                p.candidate = inner  # "University of Alberta", "Colorado State University"
            elif dominant is not None and (p.tokens not in unknown or dominant.cc == majority):
                p.candidate = dominant
            else:
                p.candidate = inner  # no city named: "Cavan Town Hall"

    def _inner_name(self, doc, p: Place, context: Counter | None) -> Candidate | None:
        """The first gazetteer name inside a site's name, longest first."""
        gaz = self.gazetteer
        i, j = p.tokens
        for a in range(i, j):
            for b in range(j, a, -1):
                words = [t.lower_.rstrip(".") for t in doc[a:b]]
                if not doc[a].text[:1].isupper() or any(
                    w in SITE_HEADS or w in NOT_PLACES for w in words
                ):
                    continue
                if fold(_span_text(doc, a, b)) in gaz.names:
                    return gaz.resolve(_span_text(doc, a, b), context)
        return None

    def _spans(self, doc, blocked: list[ActorMention]) -> list[tuple[int, int, int]]:
        """Token spans [i, j) that name a place, and what kind of span each is
        (``SPAN_PLACE``, ``SPAN_DEMONYM``, ``SPAN_EMBEDDED``, ``SPAN_SITE``, ``SPAN_TOWN``)."""
        gaz = self.gazetteer
        names, demonyms = gaz.names, gaz.demonyms
        text = _tokens(doc).text
        out: list[tuple[int, int, int]] = []
        i, n = 0, len(doc)
        while i < n:
            if not text[i][:1].isupper() or text[i].lower() == "the":  # "the Hague" is "Hague"
                i += 1
                continue
            tok = doc[i]
            if tok.text in gaz.abbreviations:
                if i > 0 and doc[i - 1].text == "," or tok.text.count(".") >= 2:
                    out.append((i, i + 1, SPAN_ABBREVIATION))  # "Helena, Mont.", "the B.C. border"
                    i += 1
                    continue
                if tok.text.isupper() and "." not in tok.text:
                    out.append((i, i + 1, SPAN_POSTAL))  # "FrontCounter BC"
                    i += 1
                    continue
            site = _site_end(doc, i) or _street_name_end(doc, i)
            if site is not None and fold(_span_text(doc, i, site)) in names:
                site = None  # a known name: "Mississippi River", "Red Square"
            if site is not None and not _inside_person(doc, i, site, blocked):
                out.append((i, site, SPAN_SITE))
                i = site
                continue
            best, in_towns = None, False
            longest = min(n, i + gaz.max_words + 2) if _may_start_name(gaz, doc, i) else i
            for j in range(longest, i, -1):
                if not text[j - 1][:1].isupper():
                    continue
                key = fold(_span_text(doc, i, j))
                if key in names:
                    best = j
                    break
                if best is None and gaz.has_town(key):
                    best, in_towns = j, True
            if best is not None and in_towns:  # the whole name, where a place is expected
                whole = _propn_chunk(tok)[-1].i + 1 == best
                best = best if whole and _locative_context(doc, i, best) else None
            if best == i + 1 and tok.lower_ in NOT_PLACES:
                best = None  # "University", "West", "May": a word, not a town of that name
            demonym = False
            if (
                i + 1 < n
                and _demonym_key(_span_text(doc, i, i + 2)) in demonyms
                and (best or 0) <= i + 2
            ):
                best = None  # "Central American" before "Central"
            if best is None or (best == i + 1 and _demonym_key(tok.text) in demonyms):
                for k in (2, 1):  # "South Korean", "Latin American", "Russian(s)"
                    if i + k <= n and _demonym_key(_span_text(doc, i, i + k)) in demonyms:
                        if all(t.text[:1].isupper() for t in doc[i : i + k]):
                            best, demonym = i + k, True
                            break
            if best is None or not (demonym or _looks_like_name(doc, i, best)):
                area = _area_name_end(doc, i) if best is None else None
                if area is not None and not _inside_person(doc, i, area, blocked):
                    out.append((i, area, SPAN_SITE))
                    i = area
                    continue
                if best is None and _unknown_place(doc, i, blocked):
                    chunk = _propn_chunk(doc[i])
                    end = chunk[-1].i + 1
                    if chunk[0].i == i:
                        out.append((i, end, SPAN_UNKNOWN))
                        i = end
                        continue
                i += 1
                continue
            if demonym:
                out.append((i, best, SPAN_DEMONYM))
            elif _inside_person(doc, i, best, blocked, gaz):
                pass  # "Jordan Peterson": no toponym
            elif _inside_actor(gaz, doc, i, best, blocked) or _embedded(doc, i, best):
                out.append((i, best, SPAN_EMBEDDED))
            else:
                out.append((i, best, SPAN_TOWN if in_towns else SPAN_PLACE))
            i = best
        return out


def _may_start_name(gaz: Gazetteer, doc, i: int) -> bool:
    """False when no gazetteer name can begin at token ``i``: the first folded word
    of any span from ``i`` is token ``i``'s own when a space follows it, and no
    name or town starts with that word. Saves the longest-first lookups of every
    span starting at most capitalised words ("Minister", "Sergei")."""
    tokens = _tokens(doc)
    ends_word = (
        i + 1 == tokens.length
        or tokens.with_ws[i] != tokens.text[i]
        or tokens.text[i + 1].isspace()
    )
    if not ends_word:
        return True  # "O'" + "Neill": the word may go on in the next token
    first = fold(tokens.text[i]).partition(" ")[0]
    return not first or gaz.starts_name(first)


def _demonym_key(text: str) -> str:
    """ "Belarusians" -> "belarusian": a demonym's key, plural or not."""
    key = fold(text)
    return key[:-1] if key.endswith("ans") or key.endswith("ians") else key


def _same_names_again(doc, spans: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """One reading per document: a town or a site recognised once ("near Madinaty")
    is the same place where the text names it again without a cue ("Beyond Madinaty")."""
    again = {
        tuple(t.text for t in doc[i:j]): kind
        for i, j, kind in spans
        if kind in (SPAN_TOWN, SPAN_SITE, SPAN_UNKNOWN)
    }
    if not again:
        return spans
    covered = {k for i, j, _ in spans for k in range(i, j)}
    out = list(spans)
    for words, kind in again.items():
        n = len(words)
        for i in range(len(doc) - n + 1):
            if doc[i].text == words[0] and tuple(t.text for t in doc[i : i + n]) == words:
                if not any(k in covered for k in range(i, i + n)):
                    out.append((i, i + n, kind))
                    covered.update(range(i, i + n))
    return sorted(out)


def _kept(p: Place, named: set[str]) -> bool:
    """A name with a reading (or a site), and a small town's name inside an
    organisation's only when the document also names it alone."""
    if p.candidate is None:
        return p.site
    if not p.embedded or p.candidate.kind not in ("city", "town"):
        return True
    return p.candidate.population >= EMBEDDED_MIN_POPULATION or fold(p.text) in named


def _site_end(doc, i: int) -> int | None:
    """End of a street's or a building's name starting at token ``i``: a run of
    capitalised words (with "of", "de", "&") ending in a head word ("Royal Street",
    "Florida Atlantic University"), or a head word first ("University of Alberta")."""
    text = _tokens(doc).text
    n = len(text)
    j = i
    while j < n and (
        text[j][:1].isupper()
        or text[j][:1].isdigit()
        or (text[j].lower() in ("of", "de", "&", "-") and j + 1 < n and text[j + 1][:1].isupper())
    ):
        j += 1
        if text[j - 1].isupper() and len(text[j - 1]) > 3:
            return None  # a headline or a dateline in capitals
    if j - i < 1:
        return None
    head = text[i].lower().rstrip(".")
    if head in SITE_HEADS_FIRST and j - i >= 3 and text[i + 1].lower() == "of":
        return j
    # the last head word of the run ("Cavan Town Hall"; "Royal Street, Paterson" stops there)
    for k in range(j, i + 1, -1):
        if text[k - 1].lower().rstrip(".") in SITE_HEADS and text[k - 1][:1].isupper():
            if text[i].lower() == "the":
                i += 1
            if k - i >= 2 and any(
                t.pos_ in ("PROPN", "ADJ") or t.text[:1].isdigit() for t in doc[i : k - 1]
            ):
                return k
            return None
    return None


def _after_place_word(doc, i: int) -> bool:
    """Right after a place preposition ("in", "near") or "<place noun> of" ("the
    village of", "a suburb of")."""
    if i == 0:
        return False
    prev = doc[i - 1].lower_
    if prev in PLACE_PREPS:
        return True
    return prev == "of" and i >= 2 and doc[i - 2].lower_ in PLACE_NOUNS


def _street_name_end(doc, i: int) -> int | None:
    """ "Third street", "State and Hubbard streets": a name before a street noun in
    lower case, or before "and <Name> streets"."""
    chunk = _propn_chunk(doc[i])
    j = chunk[-1].i + 1
    if chunk[0].i != i or j >= len(doc):
        return None
    if doc[j].lower_ in STREET_NOUNS and doc[j].text.islower():
        return j
    if (
        doc[j].lower_ == "and"
        and j + 2 < len(doc)
        and doc[j + 1].text[:1].isupper()
        and doc[j + 2].lower_ in ("streets", "avenues", "roads")
    ):
        return j
    return None


def _area_name_end(doc, i: int) -> int | None:
    """ "the Crown Heights neighborhood": the end of a proper name before an area noun."""
    chunk = _propn_chunk(doc[i])
    j = chunk[-1].i + 1
    if chunk[0].i == i and j < len(doc) and doc[j].lower_ in AREA_NOUNS:
        return j
    return None


def _locative_context(doc, i: int, j: int) -> bool:
    """A small town's name is read as a place only after a place preposition or
    before ", <region>": "in Gwbert", "near New Quay, Ceredigion"."""
    prev = doc[i - 1] if i > 0 else None
    if prev is not None and prev.text[:1].isupper():
        return False  # "Chris Paul"
    if _after_place_word(doc, i):
        return True
    return j + 1 < len(doc) and doc[j].text == "," and doc[j + 1].text[:1].isupper()


def _unknown_place(doc, i: int, blocked: list[ActorMention]) -> bool:
    """An unknown proper name right after a place preposition ("in Bywater"), not an actor."""
    tok = doc[i]
    if not _after_place_word(doc, i) or doc[i - 1].lower_ in ("to", "from"):
        return False
    if not _unknown_name(tok) or tok.ent_type_ in ("PERSON", "ORG", "DATE", "TIME"):
        return False
    chunk = _propn_chunk(tok)
    start, end = chunk[0].idx, chunk[-1].idx + len(chunk[-1])
    return not any(m.start < end and start < m.end for m in blocked)


def _inside_person(doc, i: int, j: int, actors: list[ActorMention], gaz=None) -> bool:
    """Inside a person's name ("Jordan Peterson"), unless it is the person's own country
    ("Malaysia's transport minister" is kept)."""
    start, end = doc[i].idx, doc[j - 1].idx + len(doc[j - 1])
    for m in actors:
        if m.kind == "person" and m.start < end and start < m.end:
            if gaz is not None and any(
                c.kind == "country" and c.iso3 == m.country
                for c in gaz.candidates(_span_text(doc, i, j))
            ):
                return False
            return True
    return False


def _inside_actor(gaz: Gazetteer, doc, i: int, j: int, actors: list[ActorMention]) -> bool:
    """Inside an organisation's name ("Toronto Police"): an embedded toponym, unless it
    is the organisation's own country ("China's navy": China is a metonym)."""
    start, end = doc[i].idx, doc[j - 1].idx + len(doc[j - 1])
    for m in actors:
        if m.start < end and start < m.end:
            own = any(
                c.kind == "country" and c.iso3 == m.country
                for c in gaz.candidates(_span_text(doc, i, j))
            )
            if m.kind == "person" or not own:
                return True
    return False


_TOKENS = "eventwire.places.tokens"  # per-doc cache in Doc.user_data


class _DocTokens:
    """What the name scanner reads of each token, taken from the doc once: every
    helper below walks neighbouring tokens, and each ``doc[i]`` builds a Token."""

    def __init__(self, doc) -> None:
        from spacy.attrs import ORTH, POS, SPACY
        from spacy.parts_of_speech import PROPN

        self.length = len(doc)
        strings = doc.vocab.strings
        orths, spaces, tags = (
            doc.to_array([ORTH, SPACY, POS]).T.tolist() if len(doc) else ([], [], [])
        )
        self.text = [strings[o] for o in orths]
        self.with_ws = [t + " " if sp else t for t, sp in zip(self.text, spaces, strict=True)]
        self.propn_cap = [
            p == PROPN and t[:1].isupper() for t, p in zip(self.text, tags, strict=True)
        ]
        self.sent_bounds = [0] * len(doc), [0] * len(doc)
        for sent in doc.sents:
            for k in range(sent.start, sent.end):
                self.sent_bounds[0][k], self.sent_bounds[1][k] = sent.start, sent.end
        self.chunks: dict[int, tuple[int, int]] = {}


def _tokens(doc) -> _DocTokens:
    cached = doc.user_data.get(_TOKENS)
    if cached is None or cached.length != len(doc):
        cached = doc.user_data[_TOKENS] = _DocTokens(doc)
    return cached


def _span_text(doc, i: int, j: int) -> str:
    """``doc[i:j].text`` without building the span (not doc.text[...]: Doc.text
    rebuilds the whole text on every call)."""
    if j <= i:
        return ""
    tokens = _tokens(doc)
    return "".join(tokens.with_ws[i : j - 1]) + tokens.text[j - 1]


def _looks_like_name(doc, i: int, j: int) -> bool:
    """At least one proper noun, and no lower-case word other than connectors."""
    toks = doc[i:j]
    if any(not t.text[:1].isupper() and t.lower_ not in CONNECTORS for t in toks):
        return False
    if any(t.pos_ == "PROPN" for t in toks):
        return True
    # a sentence-initial capital on a common word ("Mobile phones", "Nice work") is no name
    return not (doc[i].is_sent_start or doc[i].pos_ in ("ADJ", "VERB", "ADV", "PRON", "DET"))


def _embedded(doc, i: int, j: int) -> bool:
    """Part of a longer proper name: "the Washington Post", "Royal Street", "Bank of America"."""
    if i >= 1:
        prev = doc[i - 1]
        if (
            prev.pos_ == "PROPN"
            and prev.text[:1].isupper()
            and prev.lower_ not in NOT_PLACES
            and prev.text not in ("U.S.", "US", "UK")
        ):
            return True
    if j < len(doc):
        nxt = doc[j]
        if nxt.pos_ == "PROPN" and nxt.text[:1].isupper() and nxt.lower_ not in PLACE_SUFFIXES:
            if nxt.lower_ not in NOT_PLACES:
                return True
    if i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].pos_ == "PROPN":
        prev = doc[i - 2]
        if prev.text[:1].isupper() and prev.lower_ not in PLACE_SUFFIXES and not prev.is_sent_start:
            return prev.lower_ in ("bank", "university", "college", "church", "republic", "museum")
    return False


def _qualifier(doc, j: int) -> str | None:
    """ "Portland, Maine": the capitalised name right after a comma."""
    if j + 1 < len(doc) and doc[j].text == "," and doc[j + 1].text[:1].isupper():
        k = j + 1
        while k + 1 < len(doc) and doc[k + 1].text[:1].isupper() and k + 1 - j <= 3:
            k += 1
        return _span_text(doc, j + 1, k + 1)
    return None


def _metonymic(doc, i: int, j: int) -> bool:
    """The name stands for its people or government: subject of a verb or a possessor."""
    head = doc[j - 1]
    for t in doc[i:j]:
        if t.head.i < i or t.head.i >= j:
            head = t
            break
    if head.dep_ == "poss" and head.head.lower_ in PLACE_PARTS:
        return False
    if head.dep_ in METONYMIC_DEPS:
        return head.head.lemma_ not in ("be", "lie", "locate", "situate")
    if j < len(doc) and doc[j].dep_ == "case" and doc[j].head.head.lower_ in PLACE_PARTS:
        return False
    if head.dep_ == "case" or (j < len(doc) and doc[j].dep_ == "case"):
        return True  # "China's"
    return head.dep_ == "pobj" and head.head.lower_ == "by" and head.head.head.pos_ == "VERB"


# -- event locations ----------------------------------------------------------
def event_location(
    trigger, governor, places: list[Place], actors: frozenset[int] = frozenset()
) -> tuple[Place | None, Location | None]:
    """The place the event happens (or, for motion events, its destination).

    Nodes of the parse are visited outwards from the trigger (and the verb lending
    it its subject), nearest first, up to ``MAX_HOPS`` arcs and never across a
    reporting verb: the first locative phrase naming a place wins. The
    small model often hangs "in X" on a neighbouring word ("24 others wounded in
    ..."), which this tolerates. ``actors``: token indices of people and
    organisations (the actors stage's mentions), which are never places."""
    by_token = {}
    for p in places:
        for k in range(*p.tokens):
            by_token[k] = p
    start = [trigger] if governor is None else [trigger, governor]
    seen = {t.i for t in start}
    frontier = list(start)
    for hops in range(MAX_HOPS + 1):
        for node in sorted(frontier, key=lambda t: abs(t.i - trigger.i)):
            found = _locative(node, by_token, actors, direct=hops == 0)
            if found:
                return found
        nxt = []
        for node in frontier:
            if node.lemma_.lower() in REPORTING and node.i != trigger.i:
                continue
            for other in [node.head, *node.children]:
                if other.i in seen or other.pos_ in ("PUNCT", "DET"):
                    continue
                if other.dep_ == "ccomp" and other.head.i == node.i and hops > 0:
                    continue  # a reported clause below: another event's business
                seen.add(other.i)
                nxt.append(other)
        frontier = nxt
    return None, None


def _locative(node, by_token, actors: frozenset[int], direct: bool):
    motion = node.lemma_.lower() in MOTION_LEMMAS
    taking = direct and node.lemma_.lower() in TAKING_LEMMAS
    children = sorted(node.children, key=lambda c: c.i)
    for child in children:
        if child.dep_ == "prep" and (
            child.lower_ in LOCATIVE_PREPS or (motion and child.lower_ in ("to", "into"))
        ):
            found = _place_in(child, by_token, actors)
            if found and found[1].lat is None:  # a site: "at X Guesthouse ... in Beijing"
                for other in children:
                    if other.i != child.i and other.dep_ == "prep" and other.lower_ == "in":
                        around = _place_in(other, by_token, actors)
                        if around and around[0].candidate is not None:
                            site = around[0].candidate.location(found[0].text, "site")
                            return found[0], site
            if found:
                return found
        elif (motion or taking) and child.dep_ in ("dobj", "nsubjpass"):
            found = _place_in(child, by_token, actors, subtree_root=True)
            if found:
                return found
    return None


def _place_in(
    root, by_token, actors: frozenset[int], subtree_root: bool = False
) -> tuple[Place, Location] | None:
    """The place a prepositional phrase (or, with ``subtree_root``, an object) names.

    The first name wins ("Khanasir town in the countryside of Aleppo" -> Khanasir),
    except a possessor ("Syria's Aleppo province" -> Aleppo) and a name modifying
    a noun that has its own "of" place ("the Baghdad neighbourhood of Al-Bayaa").
    A name the gazetteer lacks is kept as a ``site`` located by the first known
    place around it. Objects only count when the gazetteer knows them.
    """
    roots = [root] if subtree_root else [c for c in root.children if c.dep_ in ("pobj", "pcomp")]
    tokens = sorted({t.i: t for r in roots for t in _place_subtree(r)}.values(), key=lambda t: t.i)
    chosen: list[tuple[object, Place | None, list]] = []  # (last token, place, chunk)
    seen: set[int] = set()
    doc = root.doc
    # an object that is a name, or a place noun with its name: "captured the town of Huddur"
    named_object = subtree_root and (root.pos_ == "PROPN" or root.lower_ in PLACE_NOUNS)
    for t in tokens:
        if t.i in seen or t.i in actors:
            continue
        p = by_token.get(t.i)
        if p is not None:
            seen.update(range(*p.tokens))
            if not p.metonymic and not p.demonym and not p.embedded:
                chosen.append((doc[p.tokens[1] - 1], p, []))
        elif (not subtree_root or named_object) and _unknown_name(t):
            chunk = _propn_chunk(t)
            seen.update(c.i for c in chunk)
            if not any(c.i in actors for c in chunk):
                chosen.append((chunk[-1], None, chunk))
    if not chosen:
        return None
    pick = 0
    while pick + 1 < len(chosen):
        last = chosen[pick][0]
        after = doc[last.i + 1] if last.i + 1 < len(doc) else None
        if after is not None and after.dep_ == "case":
            pick += 1  # "Syria's Aleppo province"
            continue
        noun = last.head if last.dep_ in ("compound", "amod", "nmod") else None
        of_place = noun is not None and any(
            ((c.dep_ == "prep" and c.lower_ == "of") or c.dep_ == "appos")
            and any(x.i == chosen[pick + 1][0].i for x in c.subtree)
            for c in noun.children
        )
        if of_place:
            pick += 1  # "the Baghdad neighbourhood of Al-Bayaa", "the Belarus capital Minsk"
            continue
        break
    _, place, chunk = chosen[pick]
    if place is not None and place.candidate is not None and not place.site:
        return place, place.candidate.location()
    if place is None:
        start, end = chunk[0].idx, chunk[-1].idx + len(chunk[-1])
        place = Place(start, end, doc.text[start:end], None, False, (chunk[0].i, chunk[-1].i + 1))
    container = next(
        (
            p.candidate
            for i, (_, p, _) in enumerate(chosen)
            if i != pick and p and p.candidate and not p.site
        ),
        None,
    )
    if container is not None:
        return place, container.location(name=place.text, precision="site")
    if place.candidate is not None:  # a site placed by PlaceFinder (a name in it, or the city)
        return place, place.location
    return place, Location(name=place.text, precision="site")


def _place_subtree(tok) -> list:
    """The subtree of a phrase without "from ..." parts, which name where someone or
    something comes from ("in response to statements from Kyiv"), not the event's place."""
    out = [tok]
    for child in tok.children:
        if not (child.dep_ == "prep" and child.lower_ == "from"):
            out += _place_subtree(child)
    return out


def _unknown_name(tok) -> bool:
    """A capitalised proper noun the gazetteer lacks that may still name a place."""
    return (
        tok.pos_ == "PROPN"
        and tok.text[:1].isupper()
        and not tok.text.isupper()
        and tok.lower_ not in NOT_PLACES
        and tok.lower_ not in ("gmt", "utc")
    )


def _propn_chunk(tok) -> list:
    """A proper-noun name around ``tok``: its run of capitalised PROPN/compound tokens."""
    doc = tok.doc
    tokens = _tokens(doc)
    bounds = tokens.chunks.get(tok.i)
    if bounds is None:
        start, end = tokens.sent_bounds[0][tok.i], tokens.sent_bounds[1][tok.i]
        i = j = tok.i
        while i > start and tokens.propn_cap[i - 1]:
            i -= 1
        while j + 1 < end and (
            tokens.propn_cap[j + 1]
            or (tokens.text[j + 1] == "-" and j + 2 < end and tokens.text[j + 2][:1].isupper())
        ):
            j += 1
        bounds = tokens.chunks[tok.i] = (i, j + 1)
    return list(doc[bounds[0] : bounds[1]])


@cache
def _default_finder() -> PlaceFinder:
    return PlaceFinder()


def event_place(trigger, governor, by_token: dict[int, ActorMention]) -> Location | None:
    """The location of the event evoked by ``trigger`` in a parsed document.

    ``by_token`` maps token indices to the actors stage's mentions. The
    document's toponyms are found once and kept on the doc."""
    doc = trigger.doc
    if "eventwire_places" not in doc.user_data:
        mentions = list({id(m): m for m in by_token.values()}.values())
        doc.user_data["eventwire_places"] = _default_finder().find(doc, mentions)
    actors = frozenset(
        i for i, m in by_token.items() if m.kind in ("person", "organisation", "group")
    )
    _, location = event_location(trigger, governor, doc.user_data["eventwire_places"], actors)
    return location

"""Build src/eventwire/data/actors.json.gz, the actor knowledge base.

    python scripts/build_actors.py [RESOURCES_DIR] [--out PATH]

RESOURCES_DIR defaults to ../shared/resources next to the repository. Inputs:

- our own curated tables next to this script: ``actors_states.csv`` (names,
  demonyms, capitals of every state), ``actors_orgs.csv`` (international
  organisations, regions, government metonyms, media, armed groups, NGOs, and
  place names that are not actors), ``actors_people.csv`` (office holders with
  dates, 2022-2026 in full for the countries DESIGN.md cares about most), and
  the title/agent tables in this file;
- PLOVER/NGEC ``plover/countries.csv`` (names, demonyms) and
  ``plover/PLOVER_agents.txt`` (agent nouns -> sectors);
- Phoenix/PETRARCH2 ``phoenix/Phoenix.Countries.actors.txt`` (national office
  holders and institutions), ``phoenix/Phoenix.International.actors.txt`` (IGO
  name variants and heads), ``phoenix/Phoenix.agents.txt``;
- Parus Analytics ``countryinfo/CountryInfo.120116.txt`` (name variants,
  capitals, leaders and ministers with titles and dates, to 2012).

Curated rows win over PLOVER/NGEC rows, which win over Phoenix/CountryInfo.
Terms of office from the old sources that were open when the source was made
end at the source's date, never later, so a 2024 article is not given a 2011
minister. Deterministic: the same inputs give byte-identical output.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import gzip
import io
import json
import re
import sys
from collections import defaultdict
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
OUT = REPO / "src" / "eventwire" / "data" / "actors.json.gz"
DEFAULT_RESOURCES = REPO.parent / "shared" / "resources"

try:
    from eventwire.actors import ADJ, NEEDS_THE, WEAK, case_pattern, normalize, tokenize
except ImportError:  # running from a checkout without the package installed
    sys.path.insert(0, str(REPO / "src"))
    from eventwire.actors import ADJ, NEEDS_THE, WEAK, case_pattern, normalize, tokenize

CURATED, NGEC, SOURCE = 3, 2, 1  # alias/term ranks: higher wins a conflict
COUNTRYINFO_DATE = "2012-01-16"  # CountryInfo.120116: terms open then end here
SINGLE_HOLDER = {
    "head of state", "head of government", "foreign minister", "defence minister",
    "vice president", "crown prince", "military chief", "head of organisation",
    "commission president", "council president", "presidential spokesperson",
    "government spokesperson", "national security adviser", "party leader",
}  # fmt: skip
HISTORIC = {"SUN", "YUG", "DDR", "CSK", "SCG"}
PHOENIX_COUNTRY = {"USR": "SUN", "KSV": "XKX", "TMP": "TLS", "FRY": "YUG"}
# Phoenix IGO code prefixes -> our organisation codes (longest prefix wins).
PHOENIX_IGO = {
    "IGOUNOIAE": "IAEA", "IGOUNODEVWBK": "WB", "IGOUNOWBK": "WB", "IGOUNO": "UN",
    "IGOWSTNAT": "NATO", "IGOEUREEC": "EU", "IGOSEAASN": "ASEAN", "IGOBUSIMF": "IMF",
    "IGOBUSWTO": "WTO", "IGOJUDICC": "ICC", "IGOBUSOPC": "OPEC", "IGOPGSGCC": "GCC",
    "IGOMEAARL": "ARL", "IGOOAS": "OAS", "IGOAFRAFU": "AU", "IGOAFROAU": "AU",
    "IGOCASCIS": "CIS", "IGOMOSOIC": "OIC", "IGOEURCOE": "COE", "IGOWAFWAS": "ECOWAS",
}  # fmt: skip
SECTORS = set(
    "GOV MIL REB OPP PTY COP JUD SPY MED EDU BUS CRM CVL ELI LEG LAB HLH REF MOD RAD AGR "
    "DEV ENV HRI IGO NGO UAF SEP INS REL MUS CHR JEW BUD HIN".split()
)
ORG_WORDS = set(
    "ARMY FORCE FORCES MINISTRY PARTY COUNCIL CONGRESS ASSEMBLY PARLIAMENT COMMITTEE "
    "COMMISSION GUARD GUARDS POLICE AGENCY SERVICE SERVICES COURT BANK OFFICE DEPARTMENT "
    "GOVERNMENT FRONT MOVEMENT UNION ORGANIZATION ORGANISATION ALLIANCE BRIGADE BRIGADES "
    "BATTALION CORPS NAVY COMMAND LEAGUE FEDERATION ASSOCIATION SOCIETY FOUNDATION "
    "INSTITUTE CENTER CENTRE NETWORK GROUP FUND PROGRAMME PROGRAM AUTHORITY BOARD BUREAU "
    "DIRECTORATE TRIBUNAL SECRETARIAT REPUBLIC STATE KINGDOM COALITION CONFERENCE "
    "INTERNATIONAL NATIONAL TIMES NEWS DAILY POST RADIO UNIVERSITY CHAMBER HOUSE PALACE "
    "STREET YARD SABHA RIFLES INTELLIGENCE SECURITY MILITIA JIHAD DIVISION FLEET CABINET "
    "REGIME JUNTA SENATE UNIT COMPANY CORPORATION COUNCILS TANK TRUST WING CAMPAIGN MILITARY "
    "TEAM RESERVE ADMINISTRATION DECLARATION RIOT JABHAT AHRAR GHURABA BET".split()
)
# Source aliases too ambiguous to keep: first names, English words, common
# place names shared by several countries, capitals that are also people.
STOP_ALIASES = set(
    "finn dane pole scot kiwi kiwis jersey english congo stanley victoria male kingston "
    "hamilton georgetown douglas plymouth valley albert".split()
) | {"george town", "san jose", "saint john's", "st . john's", "the valley", "road town"}
TITLE_WORDS = set(
    "PRESIDENT VICE-PRESIDENT SECRETARY CHIEF HEAD DIRECTOR CHAIRMAN SPOKESMAN MINISTER "
    "AMBASSADOR REPRESENTATIVE ATTORNEY LEADER".split()
)
LOWER_WORDS = set(
    "of the and de du des la le al el bin ibn van von der den da do dos di y e".split()
)

# Titles: alias, title role (see eventwire.actors), sector, implied country.
TITLES = [
    ("president", "president", "GOV", None), ("prime minister", "prime minister", "GOV", None),
    ("premier", "prime minister", "GOV", None), ("PM", "prime minister", "GOV", None),
    ("chancellor", "chancellor", "GOV", None), ("leader", "leader", "GOV", None),
    ("strongman", "leader", "GOV", None), ("ruler", "leader", "GOV", None),
    ("dictator", "leader", "GOV", None), ("autocrat", "leader", "GOV", None),
    ("head of state", "head of state", "GOV", None),
    ("head of government", "head of government", "GOV", None),
    ("king", "monarch", "GOV", None), ("queen", "monarch", "GOV", None),
    ("emperor", "monarch", "GOV", None), ("emir", "monarch", "GOV", None),
    ("sultan", "monarch", "GOV", None), ("monarch", "monarch", "GOV", None),
    ("supreme leader", "supreme leader", "GOV", None),
    ("foreign minister", "foreign minister", "GOV", None),
    ("minister of foreign affairs", "foreign minister", "GOV", None),
    ("minister for foreign affairs", "foreign minister", "GOV", None),
    ("foreign affairs minister", "foreign minister", "GOV", None),
    ("foreign secretary", "foreign minister", "GOV", "GBR"),
    ("secretary of state", "foreign minister", "GOV", "USA"),
    ("top diplomat", "foreign minister", "GOV", None),
    ("chief diplomat", "foreign minister", "GOV", None),
    ("external affairs minister", "foreign minister", "GOV", None),
    ("minister of external affairs", "foreign minister", "GOV", None),
    ("foreign policy chief", "foreign minister", "GOV", None),
    ("high representative", "foreign minister", "IGO", "EU"),
    ("defence minister", "defence minister", "GOV", None),
    ("defense minister", "defence minister", "GOV", None),
    ("minister of defence", "defence minister", "GOV", None),
    ("minister of defense", "defence minister", "GOV", None),
    ("minister for defence", "defence minister", "GOV", None),
    ("minister of national defense", "defence minister", "GOV", None),
    ("minister of national defence", "defence minister", "GOV", None),
    ("national defence minister", "defence minister", "GOV", None),
    ("national defense minister", "defence minister", "GOV", None),
    ("defence secretary", "defence minister", "GOV", None),
    ("defense secretary", "defence minister", "GOV", None),
    ("armed forces minister", "defence minister", "GOV", None),
    ("minister for the armed forces", "defence minister", "GOV", None),
    ("secretary of defense", "defence minister", "GOV", "USA"),
    ("secretary of war", "defence minister", "GOV", "USA"),
    ("war secretary", "defence minister", "GOV", "USA"),
    ("Pentagon chief", "defence minister", "GOV", "USA"),
    ("vice president", "vice president", "GOV", None),
    ("crown prince", "crown prince", "GOV", None),
    ("secretary general", "head", "GOV", None), ("director general", "head", "GOV", None),
    ("managing director", "head", "GOV", None), ("chief", "head", "GOV", None),
    ("boss", "head", "GOV", None),
    ("commission president", "commission president", "IGO", "EU"),
    ("European Commission president", "commission president", "IGO", "EU"),
    ("president of the European Commission", "commission president", "IGO", "EU"),
    ("Commission chief", "commission president", "IGO", "EU"),
    ("European Council president", "council president", "IGO", "EU"),
    ("president of the European Council", "council president", "IGO", "EU"),
    ("chief of general staff", "military chief", "MIL", None),
    ("chief of the general staff", "military chief", "MIL", None),
    ("chief of staff of the armed forces", "military chief", "MIL", None),
    ("chief of defence staff", "military chief", "MIL", None),
    ("chief of the defence staff", "military chief", "MIL", None),
    ("commander in chief", "military chief", "MIL", None),
    ("army chief", "military chief", "MIL", None),
    ("military chief", "military chief", "MIL", None),
    ("top general", "military chief", "MIL", None),
    ("chairman of the Joint Chiefs of Staff", "military chief", "MIL", "USA"),
    ("Joint Chiefs chairman", "military chief", "MIL", "USA"),
    ("national security adviser", "national security adviser", "GOV", None),
    ("national security advisor", "national security adviser", "GOV", None),
    ("Chief Cabinet Secretary", "government spokesperson", "GOV", "JPN"),
    ("White House press secretary", "presidential spokesperson", "GOV", "USA"),
    ("presidential press secretary", "presidential spokesperson", "GOV", None),
]  # fmt: skip
for _who in ("spokesperson", "spokesman", "spokeswoman"):
    for _body in (
        "foreign ministry",
        "foreign affairs ministry",
        "ministry of foreign affairs",
        "MFA",
        "foreign office",
    ):
        TITLES.append((f"{_body} {_who}", "spokesperson", "GOV", None))
    TITLES.append((f"State Department {_who}", "spokesperson", "GOV", "USA"))
    TITLES.append((f"MEA {_who}", "spokesperson", "GOV", "IND"))
    TITLES.append((f"Kremlin {_who}", "presidential spokesperson", "GOV", "RUS"))
    TITLES.append((f"White House {_who}", "presidential spokesperson", "GOV", "USA"))
    TITLES.append((f"presidential {_who}", "presidential spokesperson", "GOV", None))
    TITLES.append((f"government {_who}", "government spokesperson", "GOV", None))

# Agent nouns we settle ourselves (the dictionaries disagree or miss them).
AGENTS = {
    "spokesperson": "GOV", "spokesman": "GOV", "spokeswoman": "GOV", "spokespeople": "GOV",
    "militant": "REB", "rebel": "REB", "insurgent": "REB", "separatist": "REB",
    "state media": "MED", "state television": "MED", "state TV": "MED", "news agency": "MED",
    "state news agency": "MED", "journalist": "MED", "reporter": "MED", "media": "MED",
    "protester": "CVL", "protestor": "CVL", "demonstrator": "CVL", "activist": "CVL",
    "opposition": "OPP", "troop": "MIL", "force": "MIL", "soldier": "MIL", "army": "MIL",
    "military": "MIL", "navy": "MIL", "air force": "MIL", "armed forces": "MIL",
    "defence ministry": "MIL", "defense ministry": "MIL", "ministry of defence": "MIL",
    "ministry of defense": "MIL", "defense department": "MIL", "defence department": "MIL",
    "foreign ministry": "GOV", "ministry of foreign affairs": "GOV",
    "foreign affairs ministry": "GOV", "foreign office": "GOV", "government": "GOV",
    "official": "GOV", "authority": "GOV", "authorities": "GOV", "administration": "GOV",
    "regime": "GOV", "leadership": "GOV", "diplomat": "GOV", "envoy": "GOV",
    "ambassador": "GOV", "embassy": "GOV", "side": "GOV", "delegation": "GOV",
    "counterpart": "GOV", "negotiator": "GOV", "minister": "GOV", "ministry": "GOV",
    "deputy": "GOV", "aide": "GOV", "adviser": "GOV", "advisor": "GOV", "chairman": "GOV",
    "chairwoman": "GOV", "chairperson": "GOV", "secretary": "GOV",
    "security council": "GOV", "national security council": "GOV", "state council": "GOV",
    "police": "COP", "court": "JUD", "judge": "JUD", "prosecutor": "JUD", "parliament": "LEG",
    "lawmaker": "LEG", "legislator": "LEG", "senate": "LEG", "senator": "LEG",
    "congress": "LEG", "MP": "LEG", "company": "BUS", "firm": "BUS", "business": "BUS",
    "businessman": "BUS", "refugee": "REF", "NGO": "NGO", "aid group": "NGO",
    "aid agency": "NGO", "charity": "NGO", "people": "CVL", "citizen": "CVL",
    "civilian": "CVL", "public": "CVL", "intelligence": "SPY", "intelligence service": "SPY",
    "security service": "SPY", "spy agency": "SPY",
}  # fmt: skip
PLOVER_SECTORS = {"JRN": "MED", "MED": "HLH", "SOC": "CVL", "PRM": "UAF", "PPL": "CVL", "UNK": ""}
# Dictionary nouns that name places or qualities, not actors, in news text.
AGENT_DROP = set(
    "capital capitals city cities town towns village villages province provinces region regions "
    "continent continents land lands neighborhood neighborhoods neighbourhood neighbourhoods "
    "settlement settlements retired savages diet diets territory territories".split()
)
ORG_HEADS = set(
    "ministry department government administration cabinet army military navy force police "
    "parliament senate congress court agency office council committee commission service "
    "guard company firm corporation bank party regime authority embassy consulate media "
    "press legislature assembly duma leadership junta state coalition alliance union "
    "organization organisation movement front network institute university industry "
    "business unit brigade battalion division corps fleet command headquarters "
    "secretariat presidency chancellery chamber board bureau directorate tribunal "
    "judiciary intelligence television tv agency group charity ngo".split()
)
GROUP_HEADS = set("opposition public population community people diaspora electorate side".split())
UNCOUNTABLE = set("police military media people staff personnel intelligence public".split())


# -- small helpers --------------------------------------------------------


def read_table(path: Path) -> list[dict[str, str]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def split(cell: str | None) -> list[str]:
    return [x.strip() for x in (cell or "").split("|") if x.strip()]


@cache
def key_of(text: str) -> tuple[str, str]:
    """(lookup key, case pattern) of an alias written in its natural case."""
    surfaces = [t[0] for t in tokenize(text)]
    return " ".join(normalize(s) for s in surfaces), case_pattern(surfaces)


def marked(alias: str) -> tuple[str, int]:
    """Strip the alias markers of the curated tables: ~ weak, + adjective, "the ..."."""
    flags = 0
    while alias[:1] in "~+":
        flags |= WEAK if alias[0] == "~" else ADJ
        alias = alias[1:]
    if alias.startswith("the "):
        flags |= NEEDS_THE
        alias = alias[4:]
    return alias, flags


def display(raw: str) -> str:
    """Natural-case form of a dictionary entry: ``AL-ASSAD_BASHAR_`` -> ``Al-Assad Bashar``."""
    words = raw.replace("_", " ").split()
    if len(words) == 1 and len(words[0]) <= 4 and words[0].isupper():
        return words[0]  # an acronym: keep it upper case

    def word(w: str) -> str:
        if "." in w and w.replace(".", "").isalpha() and len(w) <= 5:
            return w.upper()  # initials
        if w.lower() in LOWER_WORDS:
            return w.lower()
        return "-".join(p[:1].upper() + p[1:].lower() for p in w.split("-"))

    return " ".join(word(w) for w in words)


@cache
def parse_date(digits: str | None) -> str | None:
    """YYYYMMDD or PETRARCH YYMMDD (19xx above 30) -> ISO date; bad days clamped."""
    if not digits or not digits.isdigit() or len(digits) not in (6, 8):
        return None
    if len(digits) == 6:
        digits = ("19" if int(digits[:2]) > 30 else "20") + digits
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    month = min(max(month, 1), 12)
    day = min(max(day, 1), calendar.monthrange(year, month)[1])
    return f"{year:04d}-{month:02d}-{day:02d}"


def plural(word: str) -> str:
    head, _, last = word.rpartition(" ")
    if last in UNCOUNTABLE or last.endswith("s"):
        out = last
    elif last.endswith("man"):
        out = last[:-3] + "men"
    elif last.endswith("person"):
        out = last[:-6] + "people"
    elif last.endswith("y") and last[-2:-1] not in ("a", "e", "o", "u"):
        out = last[:-1] + "ies"
    elif last.endswith(("x", "z", "ch", "sh")):
        out = last + "es"
    else:
        out = last + "s"
    return f"{head} {out}" if head else out


# -- the knowledge base being built ---------------------------------------


class KB:
    def __init__(self) -> None:
        self.entities: list[list] = []  # [name, country, sector, kind]
        self.aliases: dict[str, dict[int, set[tuple[str, int, int]]]] = defaultdict(dict)
        self.terms: list[list] = []  # [eid, country, sector, role, start, end, rank]
        self.states: dict[str, int] = {}
        self.capitals: dict[str, int] = {}  # iso3 -> the state's GOV entity
        self.people: dict[tuple[str, str | None], int] = {}  # (key, country) -> eid
        self.leaders: dict[str, str] = {}
        self.titles: dict[str, list] = {}
        self.agents: dict[str, list] = {}
        self.blocked: dict[str, str] = {}
        self.curated_people: set[int] = set()
        self.keys: dict[int, set[str]] = defaultdict(set)  # eid -> its alias keys
        self.terms_of: dict[int, list[list]] = defaultdict(list)

    def entity(self, name, country, sector, kind) -> int:
        self.entities.append([name, country, sector, kind])
        return len(self.entities) - 1

    def alias(self, eid: int, text: str, rank: int, flags: int = 0) -> None:
        text = text.strip()
        if text[:4].lower() == "the ":
            text = text[4:]  # mentions never include a leading "the"
        if not text:
            return
        if rank < CURATED and " " not in text and len(text) <= 4:
            text = text.upper()  # "THE_EU_" -> "EU", an acronym, not "Eu"
        key, pattern = key_of(text)
        if key in STOP_ALIASES and rank < CURATED:
            return
        if key:
            self.aliases[key].setdefault(eid, set()).add((pattern, flags, rank))
            self.keys[eid].add(key)

    def term(self, eid, country, sector, role, start, end, rank) -> None:
        self.terms.append([eid, country, sector, role, start, end, rank])
        self.terms_of[eid].append(self.terms[-1])

    def person(self, name: str, aliases, country, sector, rank) -> int:
        """A person entity, merged with one already known under a full name."""
        keys = [key_of(a)[0] for a in [name, *aliases]]
        eid = next((self.people[(k, country)] for k in keys if (k, country) in self.people), None)
        if eid is None:
            eid = self.entity(name, country, sector, "person")
        for text, key in zip([name, *aliases], keys, strict=True):
            if " " in key or rank == CURATED:
                self.alias(eid, text, rank)
                self.people.setdefault((key, country), eid)
        return eid

    def fold(self, into: int, other: int) -> None:
        if into == other:
            return
        for key in self.keys.pop(other, ()):
            readings = self.aliases[key]
            readings.setdefault(into, set()).update(readings.pop(other))
            self.keys[into].add(key)
        for t in self.terms_of.pop(other, ()):
            t[0] = into
            self.terms_of[into].append(t)


# -- states, organisations, places ------------------------------------------


def load_states(kb: KB, resources: Path) -> None:
    for row in read_table(HERE / "actors_states.csv"):
        iso = row["iso3"]
        kb.states[iso] = eid = kb.entity(row["name"], iso, None, "state")
        kb.capitals[iso] = gov = kb.entity(row["name"], iso, "GOV", "state")
        for alias in [row["name"], *split(row["aliases"])]:
            text, flags = marked(alias)
            kb.alias(eid, text, CURATED, flags)
        for adj in split(row["adjectives"]):
            kb.alias(eid, adj, CURATED, ADJ)
        for cap in split(row["capitals"]):
            kb.alias(gov, cap, CURATED)
        if row["leader"] == "hog":
            kb.leaders[iso] = "head of government"
        elif row["leader"] == "party":  # one-party states: "Soviet leader" = party chief
            kb.leaders[iso] = "party leader"
    for row in csv.DictReader(open(resources / "plover" / "countries.csv", encoding="utf-8")):
        eid = kb.states.get(row["CCA3"])
        if eid is None:
            continue
        kb.alias(eid, row["Name"], NGEC)
        for alias in row["Nationality"].split(","):
            alias = alias.strip()
            if alias and not any(c in alias for c in "[]"):
                kb.alias(eid, alias, NGEC, ADJ if alias[-1:] in "nhei" else 0)
    load_countryinfo_names(kb, resources)


def countryinfo_blocks(resources: Path) -> list[tuple[str, str]]:
    raw = (resources / "countryinfo" / "CountryInfo.120116.txt").read_bytes()
    text = raw.decode("utf-8", errors="replace").replace("\x00", "")
    text = text[text.index("-->") :]
    out = []
    for block in re.findall(r"<Country>(.*?)</Country>", text, re.S):
        code = _tag(block, "CountryCode") or ""
        iso = _tag(block, "ISO3166-alpha3") or ""
        iso3 = code if re.fullmatch(r"[A-Z]{3}", code) else iso
        iso3 = PHOENIX_COUNTRY.get(iso3, iso3)
        if re.fullmatch(r"[A-Z]{3}", iso3):
            out.append((iso3, block))
    return out


def _tag(block: str, tag: str) -> str | None:
    m = re.search(rf"<{tag}>(.*?)</{tag}>", block, re.S)
    return m.group(1).strip() if m else None


def _lines(block: str, tag: str) -> list[str]:
    body = _tag(block, tag) or ""
    return [ln.split("#")[0].strip() for ln in body.splitlines() if ln.split("#")[0].strip()]


def load_countryinfo_names(kb: KB, resources: Path) -> None:
    for iso3, block in countryinfo_blocks(resources):
        eid = kb.states.get(iso3)
        if eid is None:
            continue
        names = [_tag(block, "CountryName") or "", *_lines(block, "Nationality")]
        for raw in names:
            if not any(c in raw for c in "(),/&[]{}"):
                kb.alias(eid, display(raw), SOURCE)
        for raw in _lines(block, "Capital"):
            if not any(c in raw for c in "(),/&[]{}"):
                kb.alias(kb.capitals[iso3], display(raw), SOURCE)


def load_orgs(kb: KB) -> dict[str, int]:
    """Curated organisations, regions, metonyms and blocked place names."""
    by_code: dict[str, int] = {}
    for row in read_table(HERE / "actors_orgs.csv"):
        if row["kind"] == "none":
            for alias in split(row["aliases"]):
                key, pattern = key_of(alias)
                kb.blocked[key] = pattern
            continue
        eid = kb.entity(row["name"], row["code"] or None, row["sector"] or None, row["kind"])
        if row["code"] and row["sector"] == "IGO":
            by_code.setdefault(row["code"], eid)
        for alias in split(row["aliases"]):
            text, flags = marked(alias)
            kb.alias(eid, text, CURATED, flags)
    return by_code


# -- Phoenix dictionaries ---------------------------------------------------

_CODE = re.compile(r"\[\s*([A-Z]{3,}|---)\s*([<>]?)\s*(\d{6,8})?\s*(?:-\s*(\d{6,8}))?\s*\]")


def phoenix_entries(path: Path) -> list[dict]:
    """Entries of a PETRARCH .actors file: name, +aliases, [CODE dates] lines."""
    entries: list[dict] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body, _, comment = line.partition("#")
        stripped = body.strip()
        if not stripped:
            continue
        if stripped.startswith("+") and entries:
            entries[-1]["aliases"].append(stripped[1:].split("[")[0].strip())
            entries[-1]["codes"] += _CODE.findall(stripped)
        elif stripped.startswith("[") and entries:
            entries[-1]["codes"] += _CODE.findall(stripped)
        else:
            name = stripped.split("[")[0].strip()
            entries.append(
                {"name": name, "aliases": [], "codes": _CODE.findall(stripped), "comment": comment}
            )
    return entries


def code_parts(code: str) -> tuple[str | None, str | None]:
    """(country or organisation code, sector) of a CAMEO actor code."""
    if code.startswith("IGO"):
        prefix = max((p for p in PHOENIX_IGO if code.startswith(p)), key=len, default=None)
        return (PHOENIX_IGO[prefix], "IGO") if prefix else (None, None)
    country = PHOENIX_COUNTRY.get(code[:3], code[:3])
    sector = code[3:6] if code[3:6] in SECTORS else None
    return country, sector


def entry_terms(entry: dict, known: set[str]) -> list[tuple]:
    out = []
    for code, op, first, second in entry["codes"]:
        country, sector = code_parts(code)
        if country not in known:
            continue
        start, end = parse_date(first), parse_date(second)
        if op == "<":
            start, end = None, start
        out.append((country, sector, start, end))
    return out


def load_phoenix(kb: KB, resources: Path, igo: dict[str, int]) -> None:
    known = set(kb.states) | HISTORIC | set(igo)
    files = [("Phoenix.Countries.actors.txt", False), ("Phoenix.International.actors.txt", True)]
    for filename, international in files:
        for entry in phoenix_entries(resources / "phoenix" / filename):
            if "CoEU" in entry["comment"] or "Council of Europe" in entry["comment"]:
                continue
            terms = entry_terms(entry, known)
            if not terms or all(sector is None for _, sector, _, _ in terms):
                continue  # a country block (names and cities of a state) or unknown codes
            names = [display(n) for n in [entry["name"], *entry["aliases"]] if n]
            words = set(re.split(r"[_\s]+", entry["name"].upper())) - {""}
            if words & TITLE_WORDS:
                continue  # an office ("US_SECRETARY_OF_DEFENSE"), resolved by date instead
            dated = any(start or end for *_, start, end in terms)
            is_org = bool(words & ORG_WORDS) or (len(words) == 1 and not dated)
            if is_org:
                country, sector = terms[0][:2]
                target = igo.get(country) if sector == "IGO" else None
                if target is None and not international:
                    target = kb.entity(names[0], country, sector, "organisation")
                if target is not None:
                    for name in names:
                        if len(name) > 2 and not set(name.upper().split()) & TITLE_WORDS:
                            kb.alias(target, name, SOURCE)
                continue
            if international and not dated:
                continue  # undated staff of an organisation: too many to be useful
            latest = max(terms, key=lambda t: t[2] or "")
            eid = kb.person(names[0], names[1:], latest[0], latest[1], SOURCE)
            for country, sector, start, end in terms:
                kb.term(eid, country, sector, None, start, end, SOURCE)
                for name in names:
                    kb.people.setdefault((key_of(name)[0], country), eid)


# -- CountryInfo leaders and governments -------------------------------------

_LEADER_ROLES = [
    (r"vice.presidents?", "vice president"),
    (r"(presidents?|kings?|kings/queens|queens?|emirs?|sultans?|emperors?/empresses|"
     r"heads? of state|shahs|chairmen of the council of state)", "head of state"),
    (r"(prime.ministers?|premiers?|chancellors?|heads? of government|"
     r"chairm[ae]n of the council of ministers.*)", "head of government"),
]  # fmt: skip
_GOV_ROLES = [
    (r"(prime minister|premier|chancellor|head of government|president, executive yuan.*)$",
     "head of government"),
    (r"(minister (of|for) (foreign|external) (affairs|relations)|foreign minister|"
     r"secretary of state for foreign)", "foreign minister"),
    (r"(minister (of|for) (national )?defen[cs]e|secretary of (national )?defen[cs]e|"
     r"defen[cs]e minister)", "defence minister"),
    (r"president$", "head of state"),
    (r"vice president$", "vice president"),
]  # fmt: skip
_RANGE = re.compile(r"\[\s*([<>]?)\s*(\d{8})\s*(?:-\s*(\d{8}))?\s*\]")


def _role(text: str, table) -> str | None:
    text = text.strip().lower()
    return next((role for pattern, role in table if re.match(pattern, text)), None)


def _names(raw: str) -> list[str]:
    found = re.findall(r"\{([^}]*)\}", raw)
    return [display(n) for n in (found or [raw]) if n.strip()]


def load_countryinfo_people(kb: KB, resources: Path) -> None:
    for iso3, block in countryinfo_blocks(resources):
        if iso3 not in kb.states:
            continue
        tag = None
        leaders = "" if iso3 == "XKX" else _tag(block, "Leaders")  # Kosovo's are Kiribati's
        for line in (leaders or "").splitlines():
            line = line.split("#")[0]
            opening = re.match(r"\s*<([^/>][^>]*)>\s*$", line)
            if opening:
                tag = opening.group(1).lower()
                continue
            if line.strip().startswith("</") or "[" not in line:
                continue
            role = _role(tag or "", _LEADER_ROLES)
            if iso3 == "IRN" and tag == "presidents":
                role = "head of government"
            names = _names(line.split("[")[0].strip())
            if not names:
                continue
            eid = kb.person(names[0], names[1:], iso3, "GOV", SOURCE)
            for op, first, second in _RANGE.findall(line):
                start, end = parse_date(first), parse_date(second)
                if op == "<":
                    start, end = None, start
                kb.term(eid, iso3, "GOV", role, start, end if second or op == "<" else None, SOURCE)
        for line in (_tag(block, "Government") or "").splitlines():
            body, _, title = line.partition("#")
            codes = _CODE.findall(body)
            if not codes or body.strip().startswith("<"):
                continue
            if iso3 == "SVN" and "20031201 - 20031231" in body:
                continue  # Solomon Islands ministers filed under Slovenia
            titles = [t.strip() for t in title.split("&")] if title.strip() else []
            if len(titles) != len(codes):
                titles = titles[:1] * len(codes) if len(titles) == 1 else [""] * len(codes)
            names = _names(body.split("[")[0].strip())
            if not names:
                continue
            eid = None
            for (code, op, first, second), title_text in zip(codes, titles, strict=True):
                country, sector = code_parts(code)
                if country != iso3:
                    continue
                if eid is None:
                    eid = kb.person(names[0], names[1:], iso3, sector or "GOV", SOURCE)
                start, end = parse_date(first), parse_date(second)
                if op == "<":
                    start, end = None, start
                kb.term(
                    eid, country, sector or "GOV", _role(title_text, _GOV_ROLES), start, end, SOURCE
                )


# -- curated people ------------------------------------------------------------


def load_people(kb: KB) -> None:
    rows = read_table(HERE / "actors_people.csv")
    by_name: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_name[row["name"]].append(row)
    for name, person_rows in by_name.items():
        aliases = [a for row in person_rows for a in split(row["aliases"])]
        latest = max(person_rows, key=lambda r: r["start"])
        countries = {r["country"] for r in person_rows}
        eid = kb.entity(name, latest["country"], latest["sector"], "person")
        kb.curated_people.add(eid)
        for alias in [name, *aliases]:
            kb.alias(eid, alias, CURATED)
            key = key_of(alias)[0]
            for country in sorted(countries):
                other = kb.people.get((key, country))
                if other is not None and " " in key and other not in kb.curated_people:
                    kb.fold(eid, other)
                kb.people[(key, country)] = eid
        for row in person_rows:
            for role in split(row["role"]) or [None]:
                kb.term(
                    eid,
                    row["country"],
                    row["sector"],
                    role,
                    row["start"] or None,
                    row["end"] or None,
                    CURATED,
                )


# -- agents and titles ---------------------------------------------------------


def load_agents(kb: KB, resources: Path) -> None:
    found: dict[str, tuple[str, str | None]] = {}  # key -> (sector, irregular plural)
    for path in (
        resources / "phoenix" / "Phoenix.agents.txt",
        resources / "plover" / "PLOVER_agents.txt",
    ):
        plover = path.parent.name == "plover"
        subs: dict[str, list[str]] = {}
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            body = line.split("#")[0].strip()
            m = re.match(r"(![A-Z]+!)\s*=\s*(.+)", body)
            if m:
                subs[m.group(1)] = [w.strip() for w in m.group(2).split(",")]
                continue
            m = re.match(r"([^\[{]+?)\s*(\{[^}]*\})?\s*\[~([A-Z]+)\]", body)
            if not m or m.group(3)[:3] in ("NON", "JNK"):
                continue
            forms = [m.group(1).strip()]
            for sub, words in subs.items():
                if sub in forms[0]:
                    forms = [forms[0].replace(sub, w) for w in words]
            irregular = (m.group(2) or "").strip("{} ") or None
            for form in forms:
                noun = form.replace("_", " ").strip().lower()
                if noun not in AGENT_DROP:
                    found[noun] = (agent_sector(m.group(3), plover), irregular)
    for noun, sector in AGENTS.items():
        found[noun] = (sector, None)
    for noun, (sector, irregular) in sorted(found.items()):
        key = key_of(noun)[0]
        if not key:
            continue
        many = irregular.replace("_", " ").lower() if irregular else plural(key)
        singular_kind = (
            "group"
            if key.split()[-1] in GROUP_HEADS
            else ("organisation" if key.split()[-1] in ORG_HEADS else "person")
        )
        looks_plural = key.endswith("s") and not key.endswith(("ss", "us", "is"))
        kb.agents.setdefault(key, [sector, "group" if looks_plural else singular_kind])
        if many != key:
            kb.agents.setdefault(key_of(many)[0], [sector, "group"])
    for alias, role, sector, country in TITLES:
        key, pattern = key_of(alias)
        kb.titles[key] = [pattern, role, sector, country]
        kb.agents.setdefault(key_of(plural(key))[0], [sector, "group"])


def agent_sector(code: str, plover: bool) -> str | None:
    """The sector of an agent code, in CAMEO terms: PLOVER's JRN (journalists) is
    CAMEO's MED and PLOVER's MED (medical) CAMEO's HLH; a defence body is MIL."""
    parts = [code[i : i + 3] for i in range(0, len(code), 3)]
    if plover:
        parts = [PLOVER_SECTORS.get(p, p) for p in parts]
    if parts[0] == "GOV" and "MIL" in parts[1:]:
        return "MIL"
    return parts[0] or None


# -- finishing -----------------------------------------------------------------


def settle_terms(kb: KB) -> list[list]:
    """Role terms: open source terms end at the source's date; curated terms win
    over the source terms they overlap; a single-holder office ends when the
    next holder starts."""
    groups: dict[tuple, list[list]] = defaultdict(list)
    plain = []
    for t in kb.terms:
        (groups[(t[1] or "", t[3])] if t[3] else plain).append(t)
    settled = []
    for (_country, role), terms in sorted(groups.items()):
        curated = [t for t in terms if t[6] == CURATED]
        for t in terms:
            if t[6] == CURATED:
                continue
            t[5] = t[5] or COUNTRYINFO_DATE
            for c in curated:
                if (t[4] or "") < (c[5] or "9999") and (c[4] or "") < t[5]:  # they overlap
                    t[5] = min(t[5], c[4]) if (t[4] or "") < (c[4] or "") else (t[4] or "")
        terms.sort(key=lambda t: (t[4] or "", t[0]))
        if role in SINGLE_HOLDER:
            for i, t in enumerate(terms):
                nxt = next((u[4] for u in terms[i + 1 :] if u[0] != t[0] and u[4]), None)
                if nxt and (t[4] or "") < nxt and (t[5] is None or nxt < t[5]):
                    t[5] = nxt
        settled += [t for t in terms if t[5] is None or (t[4] or "") < t[5]]
    return settled + plain


def resolve_aliases(kb: KB) -> tuple[list[list], int]:
    """One alias row per (key, pattern, flags); conflicts settled by rank and kind."""
    rows, dropped = [], 0
    for key in sorted(kb.aliases):
        readings = kb.aliases[key]
        if not readings:
            continue
        top = {e: max(rank for _, _, rank in r) for e, r in readings.items()}
        people = {e for e in readings if kb.entities[e][3] == "person"}
        others = {e: rank for e, rank in top.items() if e not in people}
        if others:
            best = max(others.values())
            winners = sorted(e for e, rank in others.items() if rank == best)
            countries = {kb.entities[e][1] for e in winners}
            if len(countries) > 1 or (len(winners) > 1 and best < CURATED):
                dropped += 1
                continue  # two states (or two source organisations) claim the name
            chosen = winners[:1] + sorted(e for e in people if top[e] > best)
        else:
            best = max(top.values())
            chosen = sorted(e for e in people if top[e] == best)
        if (key in kb.agents or key in kb.titles) and max(top[e] for e in chosen) < CURATED:
            dropped += 1
            continue
        grouped: dict[tuple[bool, str, int], list[int]] = defaultdict(list)
        for e in chosen:  # people and non-people never share a row
            free = any(not flags & NEEDS_THE for _, flags, _ in readings[e])
            for pattern, flags, _rank in readings[e]:
                if not (free and flags & NEEDS_THE):
                    grouped[(e in people, pattern, flags)].append(e)
        for (_, pattern, flags), eids in sorted(grouped.items()):
            rows.append([key, pattern, sorted(set(eids)), flags])
    return rows, dropped


def finish(kb: KB) -> dict:
    """Settle terms and aliases, keep the entities still used, lay out the JSON."""
    terms = settle_terms(kb)
    latest: dict[int, list] = {}
    for t in terms:
        if kb.entities[t[0]][3] != "person":
            continue
        if t[0] in kb.curated_people and t[6] != CURATED:
            continue  # a curated person's country/sector come from our table
        if t[0] not in latest or (t[4] or "") >= (latest[t[0]][4] or ""):
            latest[t[0]] = t
    for eid, t in latest.items():
        kb.entities[eid][1:3] = t[1:3]
    aliases, dropped = resolve_aliases(kb)
    used = {e for row in aliases for e in row[2]} | {t[0] for t in terms if t[3]}
    new = {old: i for i, old in enumerate(sorted(used))}
    for row in aliases:
        ids = [new[e] for e in row[2]]
        row[2] = ids[0] if len(ids) == 1 else ids
    out_terms = sorted(
        {
            (new[t[0]], t[1], t[2], t[3], t[4], t[5])
            for t in terms
            if t[0] in new and (t[3] or (t[1], t[2]) != tuple(kb.entities[t[0]][1:3]))
        },
        key=lambda t: tuple(
            "" if v is None else str(v) for v in (t[0], t[4], t[5], t[1], t[2], t[3])
        ),
    )
    entities = [kb.entities[e] for e in sorted(used)]
    titles = [[k, *v] for k, v in sorted(kb.titles.items())]
    agents = [[k, *v] for k, v in sorted(kb.agents.items()) if k not in kb.titles]
    kinds: dict[str, int] = defaultdict(int)
    for e in entities:
        kinds[e[3]] += 1
    return {
        "format": 1,
        "generated_by": "scripts/build_actors.py (do not edit by hand)",
        "license": "CC BY-SA 4.0; see data/README.md for sources and attribution",
        "stats": {
            "entities_by_kind": dict(sorted(kinds.items())),
            "aliases": len(aliases),
            "aliases_dropped_as_ambiguous": dropped,
            "terms": len(out_terms),
            "titles": len(titles),
            "agents": len(agents),
        },
        "entities": entities,
        "aliases": aliases,
        "terms": [list(t) for t in out_terms],
        "titles": titles,
        "agents": agents,
        "blocked": [[k, v] for k, v in sorted(kb.blocked.items())],
        "leaders": dict(sorted(kb.leaders.items())),
    }


def build(resources: Path) -> dict:
    kb = KB()
    load_states(kb, resources)
    igo = load_orgs(kb)
    load_agents(kb, resources)
    load_phoenix(kb, resources, igo)
    load_countryinfo_people(kb, resources)
    load_people(kb)
    return finish(kb)


def write(data: dict, out: Path) -> None:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    out.parent.mkdir(parents=True, exist_ok=True)
    with (
        open(out, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as fh,
    ):
        fh.write(payload.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("resources", nargs="?", type=Path, default=DEFAULT_RESOURCES)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if not (args.resources / "phoenix").is_dir():
        print(f"build_actors: no resources at {args.resources} (give the path)", file=sys.stderr)
        return 2
    data = build(args.resources)
    write(data, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes): {json.dumps(data['stats'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

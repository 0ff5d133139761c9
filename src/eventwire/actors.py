"""Actors: find the actors a news text names and give each its code.

DESIGN.md section 3: states get ISO 3166 alpha-3 codes, organisations short
codes (NATO, EU, UN, ...), collectives region codes (WST, CAS, ...), and a
mention gets a CAMEO/PLOVER sector (GOV, MIL, ...) when the text says one.

Three passes over one regex tokenisation, no per-alias regexes:

1. **Phrases.** Every alias of the knowledge base (``data/actors.json.gz``,
   built by ``scripts/build_actors.py``) is stored under its normalised tokens
   (lower case, accents folded, hyphens dropped). A set of every key's token
   prefixes lets each position extend a phrase only while some alias still
   fits; matches are taken longest first without overlaps. Each alias has a
   case pattern, so "US" and "Chad" match but "us" and "chad" do not.
2. **Composites.** Adjacent phrases join into one mention:
   ``[ANCHOR ['s]] TITLE/AGENT... [of [the] ANCHOR] [PERSON]`` and
   ``ANCHOR's PERSON`` -- "Belarusian President Alexander Lukashenko",
   "President of Belarus Aleksandr Lukashenko", "China's foreign ministry",
   "Russian troops", "Ukraine's Zelensky".
3. **Roles.** A title with a country and no name ("the Chinese Defense
   Minister") becomes the office holder on the article's date when the KB
   knows exactly one; otherwise the mention keeps the country and sector only.

4. **Discourse.** One pass over the document in order: a later short mention
   takes an earlier full mention's identity ("Xi Jinping ... Xi", "Lin Jian
   ... Lin", also misspelt: "Zelensky ... Zelenskyy"); "he"/"she" is the most
   recent person of the previous sentences (outside a quotation, the most
   recent one named outside quotations when there is one: the speaker, not
   whom the quote names); "the two countries", "both sides",
   "the two leaders" are the two actors named together most often in the last
   sentences and earlier in the same one (the most recent two on a tie),
   returned as one mention per actor over the same span
   (``events.py`` uses the first). Inside one sentence the parse resolves
   pronouns better, so the resolver leaves those to ``events.py``;
   "Brussels" as an actor is the EU ("Washington and Brussels rejected"), in
   every article, unless it is a place ("in Brussels"). The names in a
   dateline ("BEIJING, March 1 (Wire) —") say where the story was filed and
   are no mentions.

Every mention has a ``confidence``: 1.0 for a full name, a state or an
organisation; less for a surname alone, an office holder found from a title,
a misspelt name, and least for coreference (see ``_CONF``).

Mentions never include a leading "the" or a trailing possessive "'s".
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

from eventwire.nlp import dateline_spans
from eventwire.records import ActorMention, Document

__all__ = [
    "ActorResolver", "Entity", "KB_PATH", "case_pattern", "normalize", "skeleton", "tokenize",
]  # fmt: skip

KB_PATH = Path(__file__).parent / "data" / "actors.json.gz"

# Alias flags (bit mask, stored in the KB).
ADJ = 1  # a demonym/adjective ("Belarusian"): may precede a person name directly
WEAK = 2  # only counts inside a composite ("Western officials", not "Western Union")
NEEDS_THE = 4  # only after "the" ("the West")

# Initials ("U.S.", "U.N."), a possessive "'s", a word (inner apostrophes kept:
# "Xi'an", "d'Ivoire"), or one punctuation mark. Hyphens are not tokens, so
# "Secretary-General" and "Secretary General" tokenise alike.
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|['’]s\b|\w+(?:['’](?!s\b)\w+)*|[^\w\s-]")
_FOLD = str.maketrans({"’": "'", "ı": "i", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d"})
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# Words before a title that mean the title is not the current holder.
_NOT_CURRENT = frozenset(
    "former ex late then deputy vice assistant incoming next future previous "
    "shadow junior under first second".split()
)
# Capitalised words that may follow a title without being a person's name.
_NOT_NAMES = frozenset(
    "i a an the he she it they we on in at as and but or for to of by with from said says "
    "told had has was is will would this that these those monday tuesday wednesday thursday "
    "friday saturday sunday january february march april may june july august september "
    "october november december".split()
)
# Words before a demonym that make it no actor: "pro-Russian rebels", "ethnic Albanians".
_NOT_ACTOR_BEFORE = frozenset({"pro", "anti", "ethnic"})
# Nouns after a bare demonym that make it a place or a thing: "the Thai border".
_PLACE_NOUNS = frozenset(
    "border borders frontier frontiers territory territorial waters airspace soil coast "
    "coastline language languages".split()
)
# "X-based", "X-backed": X is where a group sits or who backs it, not the actor.
_BACKER_WORDS = frozenset(
    "based backed owned funded sponsored controlled registered born made run".split()
)
# Pronouns that stand for a person, and the collective nominals of two actors.
_PERSON_PRONOUNS = frozenset({"he", "she", "him"})
_PAIR_NOUNS = {
    "countries": "state", "nations": "state", "states": "state", "governments": "state",
    "neighbours": "state", "neighbors": "state", "capitals": "state", "sides": "any",
    "parties": "any", "leaders": "person", "presidents": "person", "ministers": "person",
    "men": "person", "heads": "person",
}  # fmt: skip
# "the alliance", "the bloc": the organisation of that kind named last (codes as in the KB).
_ORG_NOMINALS = {
    "alliance": frozenset({"NATO", "CSTO", "AUKUS"}),
    "bloc": frozenset(
        {"EU", "NATO", "ASEAN", "EAEU", "SCO", "BRICS", "CSTO", "MERCOSUR", "ECOWAS", "GCC", "CIS"}
    ),
}
_NOT_AFTER_NOMINAL = frozenset({"between", "with"})  # "the alliance with Moscow"
_LOCATIVE = frozenset({"in", "to", "at", "from", "near", "via", "outside", "around", "into"})
_COREF_SENTENCES = 3  # how many sentences back a pronoun or a nominal may reach
# Confidence of a mention by how it was found.
_CONF = {
    "exact": 1.0, "title+surname": 0.9, "surname": 0.85, "holder": 0.85, "unknown name": 0.8,
    "memory": 0.8, "misspelt": 0.7, "brussels": 0.7, "pronoun": 0.6, "nominal": 0.6,
    "pair": 0.5,
}  # fmt: skip
# Lower-case words inside a name: "Hans van den Broek", "Osama bin Laden".
_NAME_PARTICLES = frozenset("van von den der de del da dos du la le al el bin ibn".split())
# Agent nouns that turn a person into that person's government ("Biden administration").
_GOVERNMENT_OF = frozenset({"administration", "government", "regime", "cabinet"})

# Title role (what the text says) -> KB role, for a state anchor.
_STATE_ROLES = {
    "president": "head of state",
    "prime minister": "head of government",
    "monarch": "head of state",
    "supreme leader": "head of state",
    "head of state": "head of state",
    "head of government": "head of government",
}
_COUNTRY_ROLES = {
    ("IRN", "president"): "head of government",
    ("DEU", "chancellor"): "head of government",
    ("AUT", "chancellor"): "head of government",
}
# Title role -> KB role, for an international organisation anchor.
_ORG_ROLES = {"head": "head of organisation", "leader": "head of organisation"}
_ORG_PRESIDENT = {"EU": None}  # whose "president" is not one office


@lru_cache(maxsize=1 << 16)
def normalize(token: str) -> str:
    """The lookup form of a token: case-folded, accents and ’ folded."""
    folded = token.translate(_FOLD).casefold()
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """(surface, start, end) for each token of ``text``."""
    out = []
    pos, find = 0, text.find
    for tok in _TOKEN.findall(text):  # findall + find: twice as fast as finditer spans
        pos = find(tok, pos)  # only whitespace and hyphens lie between two tokens
        end = pos + len(tok)
        out.append((tok, pos, end))
        pos = end
    return out


def case_pattern(surfaces: list[str]) -> str:
    """One letter per token: U all capitals (acronyms), C capitalised, a any case."""
    out = []
    for tok in surfaces:
        if tok.isupper() and sum(c.isalpha() for c in tok) >= 2:
            out.append("U")
        elif tok[:1].isupper():
            out.append("C")
        else:
            out.append("a")
    return "".join(out)


def _during(date: str, start: str | None, end: str | None) -> bool:
    """Is ``date`` in [start, end)? Open ends are unbounded; ISO dates compare as text."""
    return (start is None or start <= date) and (end is None or date < end)


def _quoted_tokens(surfaces: list[str]) -> bytearray:
    """1 for each token inside a quotation: after an odd number of straight
    double quotes, or inside curly ones."""
    out = bytearray(len(surfaces))
    straight, curly = False, 0
    for k, surface in enumerate(surfaces):
        if surface == '"':
            straight = not straight
        elif surface == "\u201c":
            curly += 1
        elif surface == "\u201d":
            curly = max(0, curly - 1)
        elif straight or curly:
            out[k] = 1
    return out


@lru_cache(maxsize=1 << 16)
def skeleton(word: str) -> str:
    """A spelling-tolerant key for a name token: its first letter and its
    consonants, common transliteration variants folded ("Aleksandr" and
    "Alexander", "Zelenskyy" and "Zelensky", "Volodymyr" and "Vladimir")."""
    w = normalize(word).replace("'", "")
    for a, b in (("ks", "x"), ("kh", "h"), ("ph", "f"), ("ck", "k"), ("j", "y")):
        w = w.replace(a, b)
    if not w:
        return ""
    out = w[0]
    for c in w[1:]:
        if c not in "aeiouy" and c != out[-1]:
            out += c
    return out


def _is_name(surface: str, norm: str) -> bool:
    """Could this token be (part of) a person's name?"""
    return (
        len(surface) > 1
        and surface[0].isupper()
        and surface.isalpha()
        and not surface.isupper()
        and norm not in _NOT_NAMES
    )


def _case_ok(pattern: str, surfaces: list[str], i: int) -> bool:
    for offset, want in enumerate(pattern):
        if want == "a":
            continue
        tok = surfaces[i + offset]
        if want == "U" and not tok.isupper():
            return False
        if want == "C" and not tok[:1].isupper():
            return False
    return True


class Entity(NamedTuple):
    name: str | None  # None for an unnamed member of a sector ("Russian officials")
    country: str | None
    sector: str | None
    kind: str  # state | organisation | person | group | region


class Title(NamedTuple):
    role: str  # what the text says: "president", "foreign minister", "leader", ...
    sector: str | None
    country: str | None  # implied country ("Secretary of State" -> USA)


class Agent(NamedTuple):
    sector: str | None
    kind: str


class _Phrase:
    """A matched alias span and its readings."""

    __slots__ = ("i", "j", "anchor", "adj", "weak", "persons", "title", "agent", "block")

    def __init__(self, i: int, j: int) -> None:
        self.i, self.j = i, j
        self.anchor: int | None = None  # a state/organisation/region entity
        self.adj = self.weak = self.block = False
        self.persons: tuple[int, ...] = ()
        self.title: Title | None = None
        self.agent: Agent | None = None


class ActorResolver:
    """Resolves actor mentions against the shipped knowledge base."""

    def __init__(self, kb: dict) -> None:
        self.entities = [Entity(*e) for e in kb["entities"]]
        self._index: dict[str, list[tuple]] = {}
        self._prefixes: set[str] = set()  # every token prefix of every key
        for key, pattern, ref, flags in kb["aliases"]:
            refs = tuple(ref) if isinstance(ref, list) else (ref,)
            self._add(key, ("E", pattern, flags, refs))
        for key, pattern, role, sector, country in kb["titles"]:
            self._add(key, ("T", pattern, 0, Title(role, sector, country)))
        for key, sector, kind in kb["agents"]:
            self._add(key, ("A", "a" * (key.count(" ") + 1), 0, Agent(sector, kind)))
        for key, pattern in kb["blocked"]:
            self._add(key, ("X", pattern, 0, None))
        self._terms: dict[int, list[tuple]] = {}
        self._holders: dict[tuple[str, str], list[tuple]] = {}
        for eid, country, sector, role, start, end in kb["terms"]:
            self._terms.setdefault(eid, []).append((country, sector, start, end))
            if role:
                self._holders.setdefault((country, role), []).append((start, end, eid))
        self._leader: dict[str, str] = kb["leaders"]
        self._states: dict[str, Entity] = {}  # code -> the state itself (not its capital)
        for e in self.entities:
            if e.kind == "state" and e.sector is None:
                self._states.setdefault(e.country, e)
        self._eu = next((e for e in self.entities if e.name == "European Union"), None)
        self._orgs: dict[str, Entity] = {}  # code -> the international organisation itself
        for e in self.entities:
            if e.kind == "organisation" and e.sector == "IGO":
                self._orgs.setdefault(e.country, e)
        self._fuzzy: dict[str, set[int]] | None = None  # built on first use

    def _add(self, key: str, reading: tuple) -> None:
        if reading[1].strip("a") == "":
            reading = (reading[0], "", *reading[2:])  # any case: nothing to check
        self._index.setdefault(key, []).append(reading)
        cut = key.find(" ")
        while cut != -1:
            self._prefixes.add(key[:cut])
            cut = key.find(" ", cut + 1)
        self._prefixes.add(key)

    @classmethod
    def default(cls) -> ActorResolver:
        """The resolver over the shipped KB, loaded once per process."""
        return _default_resolver()

    @classmethod
    def from_path(cls, path: Path) -> ActorResolver:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return cls(json.load(fh))

    # -- public API -------------------------------------------------------

    def find(
        self, text: str, published: str | None = None, *, bare_agents: bool = False
    ) -> list[ActorMention]:
        """All actor mentions in ``text``, non-overlapping, sorted by start.

        ``published`` (ISO date) lets titles resolve to office holders. With
        ``bare_agents`` a sector noun with no country ("the protesters") is a
        mention too, with ``country=None``.
        """
        toks = tokenize(text)
        if not toks:
            return []
        surfaces = [t[0] for t in toks]
        norms = [normalize(s) for s in surfaces]
        date = published[:10] if published and _DATE.match(published) else None
        phrases = self._phrases(surfaces, norms)
        found: list[tuple[int, int, Entity, float]] = []
        k = 0
        while k < len(phrases):
            k, hit = self._compose(phrases, k, toks, norms, date, bare_agents)
            if hit is not None:
                found.append(hit if len(hit) == 4 else (*hit, _CONF["exact"]))
        out: list[ActorMention] = []
        datelines = dateline_spans(text)
        for i, j, e, conf in self._discourse(found, surfaces, norms):
            start, end = toks[i][1], toks[j - 1][2]
            if any(a <= start < b for a, b in datelines):
                continue
            out.append(
                ActorMention(text[start:end], start, end, e.country, e.name, e.sector, e.kind, conf)
            )
        return out

    def resolve(self, doc: Document) -> list[ActorMention]:
        """The actor mentions of an eventwire ``Document``: ``find(doc.text, doc.published)``."""
        return self.find(doc.text, doc.published)

    def lookup(self, phrase: str, published: str | None = None) -> ActorMention | None:
        """Resolve one phrase (a noun chunk, say) if its head names an actor.

        Offsets are relative to ``phrase``. "the Belarusian leader" resolves,
        "the Russian invasion" does not (its head is not an actor).
        """
        toks = [t for t in tokenize(phrase) if t[0][0].isalnum() or t[0][0] in "'’"]
        while toks and normalize(toks[-1][0]) == "'s":
            toks.pop()
        if not toks:
            return None
        head_end = toks[-1][2]
        mentions = self.find(phrase, published, bare_agents=True)
        for mention in reversed(mentions):
            if mention.end >= head_end:
                return mention
        return None

    def holder(self, country: str, role: str, date: str) -> Entity | None:
        """The one person holding ``role`` ("head of state", "foreign minister",
        ...) for ``country`` on ``date``, or None when unknown or shared."""
        found = {e for s, end, e in self._holders.get((country, role), ()) if _during(date, s, end)}
        return self._person_at(found.pop(), date) if len(found) == 1 else None

    # -- pass 1: phrases ----------------------------------------------------

    def _phrases(self, surfaces: list[str], norms: list[str]) -> list[_Phrase]:
        n = len(norms)
        prefixes, index = self._prefixes, self._index
        candidates: list[tuple[int, int, int, list[tuple]]] = []
        for i in range(n):
            key = norms[i]
            j = i + 1
            while key in prefixes:
                readings = index.get(key)
                if readings:
                    ok = [
                        r
                        for r in readings
                        if (not r[1] or _case_ok(r[1], surfaces, i))
                        and not (r[2] & NEEDS_THE and (i == 0 or norms[i - 1] != "the"))
                    ]
                    if ok:
                        candidates.append((i - j, i, j, ok))  # sorts longest, then leftmost
                if j >= n:
                    break
                key = f"{key} {norms[j]}"
                j += 1
        candidates.sort(key=lambda c: c[:2])
        taken = bytearray(n)
        chosen = []
        for _, i, j, readings in candidates:
            if taken[i] or taken[j - 1] or any(taken[i:j]):
                continue
            taken[i:j] = b"\x01" * (j - i)
            chosen.append(self._phrase(i, j, readings))
        chosen.sort(key=lambda p: p.i)
        return chosen

    def _phrase(self, i: int, j: int, readings: list[tuple]) -> _Phrase:
        p = _Phrase(i, j)
        for kind, _pattern, flags, ref in readings:
            if kind == "X":
                p.block = True
            elif kind == "T":
                p.title = ref
            elif kind == "A":
                p.agent = ref
            elif self.entities[ref[0]].kind == "person":
                p.persons = ref
            else:
                p.anchor, p.adj, p.weak = ref[0], bool(flags & ADJ), bool(flags & WEAK)
        return p

    # -- pass 2: composites -------------------------------------------------

    def _compose(self, ps, k, toks, norms, date, bare):
        """(next phrase index, (first token, end token, Entity) or None)."""
        first = ps[k]
        if first.block:
            return k + 1, None
        n = len(norms)
        if first.anchor is not None and first.i > 0 and norms[first.i - 1] in _NOT_ACTOR_BEFORE:
            if norms[first.i - 1] == "ethnic" or toks[first.i][1] - toks[first.i - 1][2] == 1:
                return k + 1, None  # "pro-Russian", "anti-American", "ethnic Albanians"
        anchor, anchor_p, possessive = None, None, False
        gap, q = first.i, k
        if first.anchor is not None:
            anchor, anchor_p, q, gap = first.anchor, first, k + 1, first.j
            if gap < n and norms[gap] == "'s":
                possessive, gap = True, gap + 1
        elif first.persons and not (first.title or first.agent):
            return self._person_first(ps, k, toks, norms, date)
        chain: list[_Phrase] = []
        while q < len(ps) and ps[q].i == gap and self._chains(ps[q], anchor):
            chain.append(ps[q])
            gap, q = ps[q].j, q + 1
        if chain and anchor is None and gap + 1 < n and norms[gap] == "of":
            at = gap + 2 if norms[gap + 1] == "the" else gap + 1
            if q < len(ps) and ps[q].i == at and ps[q].anchor is not None and not ps[q].adj:
                nxt = ps[q + 1] if q + 1 < len(ps) else None
                if nxt is None or nxt.i != ps[q].j or not self._chains(nxt, ps[q].anchor):
                    anchor, anchor_p, gap, q = ps[q].anchor, ps[q], ps[q].j, q + 1
        person_p = None
        if q < len(ps) and ps[q].i == gap and ps[q].persons:
            if chain or possessive or (anchor_p is not None and anchor_p.adj):
                person_p, gap, q = ps[q], ps[q].j, q + 1
        if not chain and person_p is None:
            if anchor is None or first.weak:
                return k + 1, None
            if first.adj and first.j < n and norms[first.j] in _PLACE_NOUNS:
                return k + 1, None  # "the Thai border", "the Russian language"
            if (
                first.j < n
                and norms[first.j] in _BACKER_WORDS
                and toks[first.j][1] - toks[first.j - 1][2] == 1
            ):
                return k + 1, None  # "a UK-based group", "Syrian-backed militia"
            return k + 1, (first.i, first.j, self.entities[anchor])
        span = (first.i, gap)
        anchor_e = self.entities[anchor] if anchor is not None else None
        if person_p is None and len(chain) == 1 and not chain[0].title:
            link = chain[0]
            if link.agent is None:
                return q, (*span, self.entities[link.anchor])  # "U.S. State Department"
            if (
                anchor_e is not None
                and anchor_e.kind == "organisation"
                and link.agent.kind == "organisation"
                and link.agent.sector == anchor_e.sector
            ):
                return q, (*span, anchor_e)  # "Xinhua news agency"
        country = anchor_e.country if anchor_e else None
        if country is None:
            country = next((p.title.country for p in chain if p.title and p.title.country), None)
        role = None
        if len(chain) == 1 and chain[0].title and country:
            role = self._role(chain[0].title.role, country, anchor_e)
        if person_p is not None:
            person = self._pick_person(person_p.persons, date, country, role)
            if person is not None:
                conf = _CONF["exact" if person_p.j - person_p.i > 1 else "title+surname"]
                return q, (*span, person, conf)
            if country is None:
                return q, None
            return q, (*span, Entity(None, country, "GOV", "person"))
        if country is None and anchor_e is not None and anchor_e.kind == "organisation":
            return q, (*span, anchor_e)  # "Red Cross officials"
        if country is None and not bare:
            return q, None
        head = chain[-1]
        sector = self._chain_sector(chain, anchor_e)
        if head.title:
            kind = "person"
        else:
            kind = head.agent.kind if head.agent else self.entities[head.anchor].kind
        if head.title and anchor_e is not None and anchor_e.kind == "state":
            # a named country only: "Foreign Secretary Vikram Misri" is not British
            stop = ps[q].i if q < len(ps) else n
            end = gap
            while end < min(stop, gap + 4) and (
                _is_name(toks[end][0], norms[end])
                or (end > gap and norms[end] in _NAME_PARTICLES and end + 1 < stop)
            ):
                end += 1
            while end > gap and norms[end - 1] in _NAME_PARTICLES:
                end -= 1
            if end > gap:  # "Kazakh Deputy Foreign Minister Roman Vassilenko"
                words = [toks[t][0] for t in range(gap, end)]
                return q, self._named(first.i, end, words, country, role, sector, date)
        if role and date and self._current(toks, norms, first.i, gap):
            holder = self.holder(country, role, date)
            if holder is not None:
                return q, (*span, holder, _CONF["holder"])
        return q, (*span, Entity(None, country, sector, kind))

    def _person_first(self, ps, k, toks, norms, date):
        p = ps[k]
        person = self._pick_person(p.persons, date, None)
        nxt = ps[k + 1] if k + 1 < len(ps) else None
        if (
            person is not None
            and nxt is not None
            and nxt.i == p.j
            and nxt.agent is not None
            and norms[nxt.i] in _GOVERNMENT_OF
        ):
            return k + 2, (p.i, nxt.j, Entity(None, person.country, "GOV", "organisation"))
        if person is None:
            return k + 1, None
        return k + 1, (p.i, p.j, person, _CONF["exact" if p.j - p.i > 1 else "surname"])

    def _chains(self, p: _Phrase, anchor: int | None) -> bool:
        """Can ``p`` continue a composite: a title, an agent noun, or an
        institution of the anchor's own country ("U.S. State Department")?"""
        if p.block:
            return False
        if p.title or p.agent:
            return True
        if p.anchor is None or anchor is None:
            return False
        inst, head = self.entities[p.anchor], self.entities[anchor]
        return inst.kind == "organisation" and inst.country == head.country != inst.name

    def _chain_sector(self, chain: list[_Phrase], anchor: Entity | None) -> str | None:
        lead = chain[0].agent or chain[0].title
        sector = lead.sector if lead else self.entities[chain[0].anchor].sector
        if anchor is not None and anchor.sector and sector in (None, "GOV"):
            return anchor.sector
        return sector

    @staticmethod
    def _current(toks, norms, i: int, after: int) -> bool:
        """False when the title is "former"/"deputy"/... or names someone we don't know."""
        if i > 0 and norms[i - 1] in _NOT_CURRENT:
            return False
        if after < len(toks):
            word = toks[after][0]
            if word[:1].isupper() and word[0].isalpha() and norms[after] not in _NOT_NAMES:
                return False  # "Foreign Secretary Vikram Misri": an unknown name follows
        return True

    def _named(self, i, end, words, country, role, sector, date) -> tuple:
        """A title followed by a name the KB does not list under that spelling:
        the office holder when the name is theirs ("Chinese Defence Minister
        Shangfu"), a known person spelt otherwise, else a new named person."""
        keys = {skeleton(w) for w in words}
        if role and date:
            holder = self.holder(country, role, date)
            if holder is not None and holder.name:
                if keys & {skeleton(w) for w in holder.name.split()}:
                    return (i, end, holder, _CONF["holder"])
        person = self._misspelt(words, date, country)
        if person is not None:
            return (i, end, person, _CONF["misspelt"])
        return (i, end, Entity(" ".join(words), country, sector, "person"), _CONF["unknown name"])

    def _misspelt(self, words: list[str], date, country=None) -> Entity | None:
        """The one person whose name of two or more words matches ``words`` up
        to spelling ("Aleksandr Lukashenka"), or None."""
        if len(words) < 2:
            return None
        if self._fuzzy is None:
            self._fuzzy = {}
            for key, readings in self._index.items():
                if " " not in key:
                    continue
                for r in readings:
                    if r[0] == "E" and self.entities[r[3][0]].kind == "person":
                        fuzzy_key = " ".join(skeleton(w) for w in key.split())
                        self._fuzzy.setdefault(fuzzy_key, set()).update(r[3])
        ids = self._fuzzy.get(" ".join(skeleton(w) for w in words), ())
        if country:
            ids = {e for e in ids if self._person_at(e, date, country).country == country}
        return self._person_at(next(iter(ids)), date, country) if len(ids) == 1 else None

    # -- pass 3: people and roles -------------------------------------------

    def _role(self, title_role: str, country: str, anchor: Entity | None) -> str | None:
        if anchor is not None and anchor.kind == "organisation":
            if anchor.sector != "IGO":
                return None  # "Hamas leader", "Kremlin chief": not a state office
            if title_role == "president":
                return _ORG_PRESIDENT.get(country, "head of organisation")
            return _ORG_ROLES.get(title_role, title_role)
        if anchor is not None and anchor.kind == "region":
            return None
        if (country, title_role) in _COUNTRY_ROLES:
            return _COUNTRY_ROLES[(country, title_role)]
        if title_role == "leader":
            return self._leader.get(country, "head of state")
        if title_role in ("chancellor", "head"):
            return None
        return _STATE_ROLES.get(title_role, title_role)

    def _pick_person(self, ids, date, country=None, role=None) -> Entity | None:
        """One person for an alias, told apart by the title's office, the anchor
        country and the date; else a nameless person of their shared country."""
        pairs = [(eid, self._person_at(eid, date, country)) for eid in ids]
        if len(pairs) > 1 and role:
            holders = {eid for _, _, eid in self._holders.get((country, role), ())}
            pairs = [p for p in pairs if p[0] in holders] or pairs
        if len(pairs) > 1 and country:
            pairs = [p for p in pairs if p[1].country == country] or pairs
        if len(pairs) > 1 and date:
            pairs = [p for p in pairs if self._serving(p[0], date)] or pairs
        if len(pairs) == 1:
            return pairs[0][1]
        countries = {p.country for _, p in pairs}
        if len(countries) == 1:
            return Entity(None, countries.pop(), pairs[0][1].sector, "person")
        return None

    def _serving(self, eid: int, date: str) -> bool:
        return any(_during(date, s, e) for _, _, s, e in self._terms.get(eid, ()))

    def _person_at(self, eid: int, date: str | None, country: str | None = None) -> Entity:
        """The person with the country/sector of the term held on ``date``, or of
        a term in ``country`` when the text names it ("NATO chief Mark Rutte")."""
        entity = self.entities[eid]
        terms = self._terms.get(eid, ())
        if country and country != entity.country:
            chosen = [t for t in terms if t[0] == country]
            if chosen:
                return entity._replace(country=country, sector=chosen[-1][1])
        if date is None:
            return entity
        best = None
        for t_country, sector, start, end in terms:
            if _during(date, start, end) and (best is None or (start or "") > (best[2] or "")):
                best = (t_country, sector, start)
        if best is None or (country and best[0] != country and entity.country == country):
            return entity
        return entity._replace(country=best[0], sector=best[1])

    # -- pass 4: discourse --------------------------------------------------

    def _discourse(self, found, surfaces, norms) -> list[tuple[int, int, Entity, float]]:
        """Document memory, pronouns, "the two countries", Brussels (module doc)."""
        n = len(norms)
        covered = bytearray(n)
        for i, j, *_ in found:
            covered[i:j] = b"\x01" * (j - i)
        starts = {f[0]: f for f in found}
        sentence, sentences = 0, []
        for norm in norms:
            sentences.append(sentence)
            if norm in (".", "!", "?"):
                sentence += 1
        memory: dict[str, tuple[Entity, set[str]]] = {}  # name-token skeleton -> person
        clashes: set[str] = set()
        history: list[tuple[int, Entity]] = []  # (sentence, actor) in text order
        quoted = _quoted_tokens(surfaces)
        said: list[bool] = []  # is each history entry inside a quotation?
        out: list[tuple[int, int, Entity, float]] = []
        t = 0
        while t < n:
            hit = starts.get(t)
            if hit is not None:
                hit = self._recall(hit, surfaces, norms, memory, clashes)
                if self._eu is not None and norms[t] == "brussels" and hit[2].country == "BEL":
                    if t == 0 or norms[t - 1] not in _LOCATIVE:
                        hit = (hit[0], hit[1], self._eu, _CONF["brussels"])
                self._remember(hit[2], memory, clashes)
                history.append((sentences[t], hit[2]))
                said.append(bool(quoted[t]))
                out.append(hit)
                t = hit[1]
                continue
            new = self._implicit(
                t, surfaces, norms, covered, sentences, memory, clashes, history, (quoted, said)
            )
            if new:
                out.extend(new)
                if len(new) == 1:
                    history.append((sentences[t], new[0][2]))
                    said.append(bool(quoted[t]))
                t = new[0][1]
                continue
            t += 1
        return out

    @staticmethod
    def _remember(entity: Entity, memory, clashes) -> None:
        if entity.kind != "person" or not entity.name:
            return
        for word in entity.name.split():
            if len(word) < 2 or not word[0].isupper():
                continue
            key = skeleton(word)
            known = memory.get(key)
            if known is not None and known[0].name != entity.name:
                clashes.add(key)
            elif known is None:
                memory[key] = (entity, {normalize(word)})
            else:
                known[1].add(normalize(word))

    @staticmethod
    def _from_memory(surface: str, norm: str, memory, clashes) -> tuple[Entity, float] | None:
        key = skeleton(surface)
        known = memory.get(key)
        if known is None or key in clashes:
            return None
        entity, norms = known
        if norm in norms:
            return entity, _CONF["memory"]
        if len(norm) >= 6 and all(len(x) >= 6 for x in norms):
            return entity, _CONF["misspelt"]  # "Zelensky ... Zelenskyy"
        return None

    def _recall(self, hit, surfaces, norms, memory, clashes):
        """A one-word person mention takes the identity of the person of that
        name met earlier in the document ("Li Shangfu ... Li")."""
        i, j, entity, conf = hit
        if j - i != 1 or entity.kind != "person":
            return hit
        found = self._from_memory(surfaces[i], norms[i], memory, clashes)
        if found is None or found[0].name == entity.name:
            return hit
        return (i, j, found[0], found[1])

    def _implicit(self, t, surfaces, norms, covered, sentences, memory, clashes, history, quotes):
        """Mentions the KB cannot see: a remembered name, a pronoun, a pair.
        ``quotes``: (is each token inside a quotation, is each history entry)."""
        norm = norms[t]
        found = self._from_memory(surfaces[t], norm, memory, clashes) if memory else None
        if found is not None and _is_name(surfaces[t], norm):
            end = t + 1
            while end < len(norms) and not covered[end] and _is_name(surfaces[end], norms[end]):
                more = self._from_memory(surfaces[end], norms[end], memory, clashes)
                if more is None or more[0] != found[0]:
                    break
                end += 1
            return [(t, end, found[0], found[1])]
        # Coreference reaches back to earlier sentences only: inside a sentence
        # the parse knows better ("Putin said he ..."), and events.py uses it.
        oldest, current = sentences[t] - _COREF_SENTENCES, sentences[t]
        if norm in _PERSON_PRONOUNS:
            people = [
                (entity, inside)
                for (sent, entity), inside in zip(history, quotes[1], strict=True)
                if oldest <= sent < current and entity.kind == "person" and entity.country
            ]
            if not quotes[0][t]:
                # '"... must stop Putin," Kuleba wrote. He called ...': outside quotes,
                # the last person named outside them (the speaker), when there is one
                people = [p for p in people if not p[1]] or people
            return [(t, t + 1, people[-1][0], _CONF["pronoun"])] if people else []
        if norm in _ORG_NOMINALS:
            return self._nominal(t, surfaces, norms, history)
        pair = norm == "both" or (norm == "two" and t > 0 and norms[t - 1] == "the")
        if not pair or t + 1 >= len(norms) or covered[t + 1] or norms[t + 1] not in _PAIR_NOUNS:
            return []
        want = _PAIR_NOUNS[norms[t + 1]]
        pair = self._pair(want, history, oldest, current)
        return [(t, t + 2, e, _CONF["pair"]) for e in pair]

    def _pair(self, want: str, history, oldest: int, current: int) -> list[Entity]:
        """The two actors "the two countries" names: of the actors named in the last
        sentences (and earlier in this one), the two named together in the most of
        those sentences, the most recent two on a tie ("talks between Riyadh and
        Tehran ran through Baghdad and Muscat. Riyadh and Tehran agreed ... On Friday
        the two capitals signed": Riyadh and Tehran). Earlier first; none if fewer
        than two."""

        def keyed(entity: Entity) -> tuple[str, Entity] | None:
            if want == "person":
                return (entity.name, entity) if entity.kind == "person" and entity.name else None
            if want == "state":
                state = self._states.get(entity.country)
                return (state.country, state) if state is not None else None
            key = entity.country or entity.name
            return (key, entity) if key else None

        recent: dict[str, Entity] = {}  # most recent first
        by_sentence: dict[int, set[str]] = {}
        for sent, entity in reversed(history):
            if sent < oldest:
                break
            found = keyed(entity)
            if found is not None:
                by_sentence.setdefault(sent, set()).add(found[0])
                recent.setdefault(*found)
        if len(recent) < 2:
            return []
        together: dict[frozenset[str], int] = {}
        for keys in by_sentence.values():
            for a in keys:
                for b in keys:
                    if a < b:
                        pair = frozenset((a, b))
                        together[pair] = together.get(pair, 0) + 1
        rank = {k: i for i, k in enumerate(recent)}
        a, b = max(
            ((a, b) for a in recent for b in recent if rank[a] < rank[b]),
            key=lambda p: (together.get(frozenset(p), 0), -rank[p[0]] - rank[p[1]]),
        )
        return [recent[b], recent[a]]

    def _nominal(self, t, surfaces, norms, history):
        """ "the alliance", "the bloc": the organisation of the fitting kind named
        last before it in the document (NATO, the EU, ...), none when no such
        organisation was named; "the alliance with Moscow" and "the bloc between
        them" are other things, and so is a capitalised "the Bloc Quebecois"."""
        if t == 0 or norms[t - 1] != "the" or not surfaces[t].islower():
            return []
        if t + 1 < len(norms) and norms[t + 1] in _NOT_AFTER_NOMINAL:
            return []
        fitting = _ORG_NOMINALS[norms[t]]
        for _, entity in reversed(history):
            if entity.country in fitting:
                org = self._orgs.get(entity.country)
                return [(t, t + 1, org, _CONF["nominal"])] if org is not None else []
        return []


@cache
def _default_resolver() -> ActorResolver:
    return ActorResolver.from_path(KB_PATH)

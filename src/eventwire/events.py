"""Event extraction: sentences -> PLOVER event records (DESIGN.md sections 2-3).

Method (v0, measured with ``eventwire eval``): a cue lexicon
(``data/event_cues.json``) finds event words in the spaCy dependency parse;
roles come from syntax (subject/agent -> source, object and "with/to/against/
on" obliques -> target; for event nouns the possessor, "by" and "of");
modality from negation, modal auxiliaries and governing verbs ("refused to",
"is expected to", "denied"); attribution from reporting verbs ("X said") and
"according to X". Actor codes come from the actors stage, matched to tokens
by character offsets.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from . import __version__, ontology, places, timex
from .actors import ActorResolver
from .nlp import lemma_guesser, parse_selected
from .records import ActorMention, Document, Event, EventDate, Evidence

EXTRACTOR = f"eventwire {__version__}"

# Children that open a new clause: their actors belong to another event.
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "parataxis", "xcomp", "csubj", "mark"})
TARGET_PREPS = frozenset(
    {"with", "to", "against", "on", "into", "toward", "towards", "upon", "from"}
)
NOUN_TARGET_PREPS = TARGET_PREPS | {"of"}
AIMED_TYPES = frozenset({"ASSAULT", "COERCE", "THREATEN", "ACCUSE"})
# Verbs whose subject undergoes the event ("Belarus faces sanctions from the EU").
UNDERGOER_VERBS = frozenset({"face", "receive", "suffer", "get", "undergo", "win"})
PRONOUNS_PERSON = frozenset({"he", "she", "him", "her", "his"})
PRONOUNS_OTHER = frozenset({"it", "they", "them", "its", "their"})
# PLOVER codes an announced intent to cooperate ("will support", "is ready to
# provide aid") as AGREE with the intent's modality; meetings stay CONSULT
# (DESIGN.md: "will meet ... -> CONSULT, planned").
INTENT_TYPES = frozenset({"SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})
# A conflict action stated as conditional ("would blockade Paris", "will withdraw
# its force unless ...") is a threat made now (PLOVER THREATEN).
THREAT_TYPES = frozenset({"SANCTION", "COERCE", "ASSAULT", "PROTEST", "REJECT", "MOBILIZE"})
# Events that usually play out inside one country: with no target named, the
# country where they happen is the target ("demonstrated in Serbia").
DOMESTIC_TYPES = frozenset({"PROTEST", "COERCE", "CONCEDE", "REJECT", "MOBILIZE", "ASSAULT"})
# Events whose uncoded patient stands for the actor's own state ("arrested activists",
# "accused opposition politicians"). A verbal or cooperative act addresses an uncoded
# party that is usually abroad ("urged partners", "offered donors", "talks with allies").
DOMESTIC_DEFAULT_TYPES = DOMESTIC_TYPES | {"ACCUSE"}
# Verbs whose "that" clause names the actor aimed at ("demanded that Iraq ...").
CCOMP_TARGET_TYPES = frozenset({"REQUEST", "ACCUSE", "THREATEN", "REJECT"})
# Types whose cue verbs may take a "that" clause as their content ("demanded that",
# "agreed that", "admitted that"); a cue of another type with a "that" clause is used
# in another sense ("it will be recalled that", "Brussels demonstrates that").
CLAUSE_TYPES = CCOMP_TARGET_TYPES | {"AGREE", "SUPPORT", "CONSULT", "CONCEDE"}
# Auxiliaries of an action still to come, as a warning announces it ("would respond").
ANNOUNCING_AUX = frozenset({"will", "wo", "would", "shall", "'ll", "could", "may", "might"})
# Nouns that only carry the event of their modifier ("mediation efforts").
GENERIC_HEADS = frozenset(
    {
        "effort",
        "efforts",
        "mission",
        "process",
        "plan",
        "bid",
        "initiative",
        "programme",
        "program",
        "campaign",
        "operation",
    }
)
# Links along which an event is the content of another ("agreed to hold drills",
# "demanded a meeting", "blamed Israel for the bombing", "marched to demand").
CONTENT_DEPS = frozenset(
    {"xcomp", "ccomp", "dobj", "obj", "pobj", "prep", "advcl", "conj", "pcomp", "acl"}
)
# Documents that speak for whoever issued them ("a report released in Kigali alleged").
DOCUMENT_NOUNS = frozenset(
    {"report", "statement", "communique", "communiqué", "study", "document", "letter", "dossier"}
)
# Sectors of non-state actors that act against their own state (CAMEO REB, OPP, ...).
NON_STATE_SECTORS = frozenset({"REB", "OPP", "UAF", "INS", "SEP", "RAD"})
KIND_RANK = {"person": 0, "organisation": 1, "group": 2, "state": 3, "region": 4}


@dataclass(frozen=True)
class Cues:
    verbs: dict[str, tuple[str, str | None]]
    nouns: dict[str, tuple[str, str | None]]
    verb_objects: dict[str, dict[str, str]]
    compounds: dict[tuple[str, str], tuple[str, str | None]]
    phrasal: dict[tuple[str, str], str]
    light_verbs: frozenset[str]
    negators: frozenset[str]
    planners: frozenset[str]
    deniers: frozenset[str]
    hypothetical_aux: frozenset[str]
    planned_adjectives: frozenset[str]
    say_verbs: frozenset[str]
    non_event_complements: frozenset[str]
    of_is_source: frozenset[tuple[str, str | None]]
    reversers: frozenset[str] = frozenset()
    stative_passives: frozenset[str] = frozenset()
    non_event_objects: dict[str, frozenset[str]] = field(default_factory=dict)
    accusing_claims: frozenset[str] = frozenset()
    non_event_particles: dict[str, frozenset[str]] = field(default_factory=dict)
    observer_verbs: frozenset[str] = frozenset()
    natural_hazards: frozenset[str] = frozenset()
    completers: frozenset[str] = frozenset()
    topic_verbs: frozenset[str] = frozenset()


def _cue_lemmas(cues: Cues) -> frozenset[str]:
    """Every lemma or word form that can start a trigger (the sentence prefilter)."""
    words = set(cues.verbs) | set(cues.nouns) | {k.split(" ")[0] for k in cues.verb_objects}
    words |= {verb for verb, _ in cues.phrasal} | {noun for _, noun in cues.compounds}
    words |= set(cues.accusing_claims) | {"must", "should"}  # "claimed that", "said X must"
    return frozenset(words)


def _split(key: str) -> tuple[str, str | None]:
    type_, _, mode = key.partition(":")
    return ontology.canonical_type(type_), mode or None


@cache
def load_cues() -> Cues:
    """The cue lexicon shipped in ``data/event_cues.json``."""
    raw = json.loads((resources.files("eventwire") / "data" / "event_cues.json").read_text("utf-8"))
    verbs = {lemma: _split(k) for k, lemmas in raw["verbs"].items() for lemma in lemmas}
    nouns = {lemma: _split(k) for k, lemmas in raw["nouns"].items() for lemma in lemmas}
    verb_objects = {
        verb: {obj: ontology.canonical_type(t) for t, objs in by_type.items() for obj in objs}
        for verb, by_type in raw["verb_objects"].items()
    }
    phrasal = {
        tuple(k.split(" ", 1)): ontology.canonical_type(v) for k, v in raw["phrasal"].items()
    }
    gov = raw["governors"]
    return Cues(
        verbs=verbs,
        nouns=nouns,
        verb_objects=verb_objects,
        compounds={tuple(k.split(" ", 1)): _split(v) for k, v in raw["compound_nouns"].items()},  # type: ignore[misc]
        phrasal=phrasal,  # type: ignore[arg-type]
        light_verbs=frozenset(raw["light_verbs"]),
        negators=frozenset(gov["negated"]),
        planners=frozenset(gov["planned"]),
        deniers=frozenset(gov["denied"]),
        hypothetical_aux=frozenset(gov["hypothetical"]),
        planned_adjectives=frozenset(raw["planned_adjectives"]),
        say_verbs=frozenset(raw["say_verbs"]),
        non_event_complements=frozenset(raw["non_event_complements"]),
        of_is_source=frozenset(_split(k) for k in raw["of_is_source"]),
        reversers=frozenset(raw.get("reversers", ())),
        stative_passives=frozenset(raw.get("stative_passives", ())),
        non_event_objects={k: frozenset(v) for k, v in raw.get("non_event_objects", {}).items()},
        accusing_claims=frozenset(raw.get("accusing_claims", ())),
        non_event_particles={
            k: frozenset(v) for k, v in raw.get("non_event_particles", {}).items()
        },
        observer_verbs=frozenset(raw.get("observer_verbs", ())),
        natural_hazards=frozenset(raw.get("natural_hazards", ())),
        completers=frozenset(raw.get("completers", ())),
        topic_verbs=frozenset(raw.get("topic_verbs", ())),
    )


@dataclass
class _Trigger:
    token: object  # spacy Token: the word that evokes the event
    type: str
    mode: str | None
    governor: object | None = None  # light verb lending its subject to a noun cue
    reversed: bool = False  # "halted aid", "called off a strike": the governor ends the event


@dataclass
class _DocState:
    """What the extractor remembers across sentences of one document."""

    last_person: ActorMention | None = None
    last_other: list[ActorMention] = field(default_factory=list)
    # the state each state's armed forces last attacked or coerced in the document
    fronts: dict[str, str] = field(default_factory=dict)


class EventExtractor:
    """Turns cleaned documents into events. One instance per process."""

    def __init__(
        self, nlp=None, resolver: ActorResolver | None = None, selective: bool = True
    ) -> None:
        if nlp is None:
            from .nlp import load

            nlp = load()
        self.nlp = nlp
        self.resolver = resolver or ActorResolver.default()
        self.cues = load_cues()
        # selective: parse only sentences holding an actor (or a pronoun) and a cue
        self.selective = selective
        self._lemmas = lemma_guesser(nlp) if selective else None
        self._cue_lemmas = _cue_lemmas(self.cues)

    # -- public API ---------------------------------------------------------
    def extract(
        self, documents: Iterable[Document], batch_size: int = 16
    ) -> Iterator[tuple[Document, list[Event], list[ActorMention]]]:
        """Yield (document, events, actor mentions) for each document, streaming."""
        with_mentions = ((d.text, (d, self.resolver.find(d.text, d.published))) for d in documents)
        if self.selective:
            parsed_docs = parse_selected(self.nlp, with_mentions, self._candidate, batch_size)
        else:
            parsed_docs = self.nlp.pipe(with_mentions, as_tuples=True, batch_size=batch_size)
        for parsed, (document, mentions) in parsed_docs:
            yield document, self.events_in(parsed, document, mentions), mentions

    def _candidate(self, sent, context: tuple[Document, list[ActorMention]]) -> bool:
        """Can this sentence hold an event? An actor (or a pronoun standing for
        one) and a word that may be an event cue; decided before any parse."""
        mentions = context[1]
        start, end = sent.start_char, sent.end_char
        if not any(m.start < end and start < m.end for m in mentions) and not any(
            t.lower_ in PRONOUNS_PERSON or t.lower_ in PRONOUNS_OTHER for t in sent
        ):
            return False
        cues, guess = self._cue_lemmas, self._lemmas
        return any(not cues.isdisjoint(guess(t.lower_)) for t in sent if t.is_alpha)

    def events_in(self, parsed, document: Document, mentions: list[ActorMention]) -> list[Event]:
        """Events of one parsed document (``parsed.text == document.text``)."""
        by_token = _index_mentions(parsed, mentions)
        state = _DocState()
        events: list[Event] = []
        for sent in parsed.sents:
            triggers = self._triggers(sent, by_token)
            outers = _content_owners(triggers, self.cues)
            for inner_id, outer in outers.items():
                inner = next(t for t in triggers if id(t) == inner_id)
                if outer.type == "AGREE" and inner.type in ("ASSAULT", "COERCE"):
                    outer.type, outer.mode = "THREATEN", None  # "vowed to fight on"
            built = {id(t): self._build(t, sent, document, by_token, state) for t in triggers}
            seen: set[str] = set()
            kept: list[tuple[Event, _Trigger]] = []
            for trig in triggers:
                event = built[id(trig)]
                if event is None:
                    continue
                if _carried(trig, outers, built):
                    continue  # the content of another event, which carries it (or of background)
                if event.event_id in seen:  # same sentence, type and actors: one event
                    continue
                seen.add(event.event_id)
                kept.append((event, trig))
            trig_of = {id(e): t for e, t in kept}
            finished = [
                self._finish(e, trig_of[id(e)], sent, document, by_token)
                for e in _drop_contained([e for e, _ in kept])
            ]
            events += finished
            _note_fronts(finished, state)
            self._remember(sent, by_token, state)
        return events

    # -- triggers -----------------------------------------------------------
    def _triggers(self, sent, by_token=None) -> list[_Trigger]:
        cues = self.cues
        found: list[_Trigger] = []
        absorbed: set[int] = set()  # light verbs whose object noun carries the event
        for tok in sent:
            lemma = tok.lemma_.lower()
            modifier = next(
                (
                    c.lower_
                    for c in tok.children
                    if c.dep_ in ("compound", "amod") and (c.lower_, tok.lower_) in cues.compounds
                ),
                None,
            )
            if lemma == "deal" and any(c.lower_ in ("good", "great") for c in tok.children):
                continue  # "a good deal" is an amount, not an agreement
            # names are no events: "the Warsaw Pact", "American aid groups", "border patrol agents"
            cue = modifier or lemma in cues.nouns or tok.lower_ in cues.nouns
            if (
                cue
                and tok.pos_ in ("NOUN", "PROPN")
                and not (by_token is not None and tok.i in by_token)
                and not _in_proper_name(tok)
            ):
                if modifier:
                    type_, mode = cues.compounds[(modifier, tok.lower_)]
                else:
                    type_, mode = cues.nouns.get(lemma) or cues.nouns[tok.lower_]
                gov = _governing_verb(tok)
                topic = (  # "did not comment on the meeting", "spoke about the visit"
                    tok.dep_ == "pobj"
                    and tok.head.lower_ in ("on", "about")
                    and gov is not None
                    and gov.lemma_.lower() not in cues.light_verbs
                    and lemma not in cues.verb_objects.get(gov.lemma_.lower(), {})
                )
                if gov is not None and (
                    topic
                    or gov.lemma_.lower() in cues.observer_verbs
                    or any(c.dep_ == "oprd" for c in gov.children)
                ):
                    # "Moscow is watching the trip", "Lapid called the deal a failure":
                    # the subject watches or names the event, it takes no part in it
                    gov = None
                reversed_ = False
                # "ended his tour", "wrapped up talks": the meeting took place
                completed = (
                    gov is not None and type_ == "CONSULT" and gov.lemma_.lower() in cues.completers
                )
                if gov is not None and gov.lemma_.lower() in cues.reversers and not completed:
                    # ending cooperation reduces relations ("halted aid to Serbia");
                    # ending a conflict action is a concession ("lifted the curfew")
                    reversed_ = True
                    quad = ontology.code(type_).quad_class
                    type_, mode = ("SANCTION" if quad in (1, 2) else "CONCEDE"), None
                    absorbed.add(gov.i)
                elif gov is not None:
                    override = cues.verb_objects.get(gov.lemma_.lower(), {}).get(lemma)
                    if override:  # "arrived for a state visit" keeps the visit mode
                        type_, mode = override, (mode if override == type_ else None)
                    if gov.lemma_.lower() in cues.light_verbs or override or completed:
                        absorbed.add(gov.i)
                    elif gov.lemma_.lower() in cues.verbs:
                        gov = None  # "condemned the invasion": two events, no shared subject
                found.append(_Trigger(tok, type_, mode, gov, reversed_))
            elif tok.pos_ in ("NOUN", "PROPN") or tok.dep_ in ("dobj", "obj", "pcomp"):
                gov = _governing_verb(tok)  # also "evacuated the wounded" (tagged a verb)
                if gov is None and tok.dep_ == "appos":
                    gov = _governing_verb(tok.head)  # "Malaysia Airlines flight MH17 was blown up"
                key = gov.lemma_.lower() if gov is not None else None
                if gov is None and tok.dep_ in ("pobj", "pcomp") and tok.head.head.pos_ == "VERB":
                    # "advised against travel to Tunisia": a verb + preposition pair
                    gov = tok.head.head
                    key = f"{gov.lemma_.lower()} {tok.head.lower_}"
                if gov is not None:
                    objects = cues.verb_objects.get(key, {})
                    override = objects.get(lemma) or objects.get(tok.lower_)
                    if override:
                        found.append(_Trigger(gov, override, None, None))
                        absorbed.add(gov.i)
        for tok in sent:
            if tok.pos_ != "VERB" or tok.i in absorbed or tok.dep_ in ("amod", "compound"):
                continue  # "the besieged town", "the wounded" describe, they don't report
            lemma = tok.lemma_.lower()
            has_object = any(c.dep_ in ("dobj", "obj", "oprd") for c in tok.children)
            particle = next(
                (
                    c.lower_
                    for c in tok.children
                    if (c.dep_ == "prt" or (c.dep_ == "prep" and not has_object))
                    and (lemma, c.lower_) in cues.phrasal
                ),
                None,
            )  # "called on Russia", not "called the measures illegal on many occasions"
            if tok.dep_ == "acomp" and tok.tag_ == "VBG":
                continue  # "the need is pressing", "the signs are promising": adjectives
            if _other_sense(tok, has_object, cues):
                continue  # "pressed on with diplomacy", "asked about Iraq", "asked whether"
            if particle:
                found.append(_Trigger(tok, cues.phrasal[(lemma, particle)], None))
            elif lemma in cues.deniers and any(c.dep_ == "ccomp" for c in tok.children):
                continue  # "denied that it attacked": a modality of the inner event, not an event
            elif any(
                c.dep_ == "xcomp"
                and c.lemma_.lower() in cues.non_event_complements
                and not _answers_an_event(c, cues)
                for c in tok.children
            ):
                continue  # "declined to comment" is no rejection ("refused to respond to X" is)
            elif any(
                c.dep_ in ("dobj", "obj", "nsubjpass")
                and not cues.non_event_objects.get(lemma, frozenset()).isdisjoint(
                    (c.lemma_.lower(), _counted(c).lemma_.lower())
                )
                for c in tok.children
            ):
                continue  # "until their demands are met": meeting demands is no meeting
            elif lemma in cues.say_verbs and any(
                c.dep_ == "ccomp"
                and any(a.dep_ == "aux" and a.lower_ in ("must", "should") for a in c.children)
                for c in tok.children
            ):
                # "the Red Cross said US forces must ensure security": a demand on them
                found.append(_Trigger(tok, "REQUEST", None))
            elif lemma in cues.accusing_claims and any(
                c.dep_ == "ccomp" and _conflict_clause(c, cues) for c in tok.children
            ):
                # "The US claimed that ISIL had attacked Iraq": an accusation of ISIL
                found.append(_Trigger(tok, "ACCUSE", None))
            elif (
                lemma in cues.verbs
                and cues.verbs[lemma][0] not in CLAUSE_TYPES
                and any(c.dep_ == "ccomp" and _finite_clause(c) for c in tok.children)
            ):
                continue  # "recalled that ...", "demonstrated that ...": the clause says what
            elif lemma in cues.verbs and not any(t.token.i == tok.i for t in found):
                type_, mode = cues.verbs[lemma]
                found.append(_Trigger(tok, type_, mode))
        found.sort(key=lambda t: t.token.i)
        return found

    # -- one event ----------------------------------------------------------
    def _build(
        self, trig: _Trigger, sent, document: Document, by_token, state: _DocState
    ) -> Event | None:
        tok = trig.token
        pronoun_used = False
        if tok.pos_ == "VERB":
            source, target, pronoun = self._verb_roles(tok, by_token, trig.type)
        else:
            source, target, pronoun = self._noun_roles(trig, by_token)
        guessed = False  # the source is a guess from earlier sentences
        if not source and pronoun is not None:
            source = _antecedent(pronoun, by_token)
            if not source:
                source = _resolve_pronoun(pronoun.lower_, state)
                if {m.country for m in source} & {m.country for m in target}:
                    source = []  # a guess that makes the actor act on itself is a bad guess
                guessed = bool(source)
            pronoun_used = bool(source)
        if trig.type == "THREATEN" and tok.pos_ == "VERB" and not target:
            source, target = self._warned_roles(tok, sent, by_token, source)
        target = [m for m in target if all(m.start != s.start for s in source)]
        if not target and trig.type in DOMESTIC_TYPES:
            target = _place_actors(tok, trig.governor, by_token)
        if not source and not target:
            return None
        if not source and _background(tok):
            return None  # "the mayor, a Hamas member jailed a year ago": who he is, no report
        if not source and trig.type == "ASSAULT" and _disaster(tok, sent, self.cues):
            return None  # "21,000 people were killed after the earthquakes": no attack
        modality = self._modality(trig)
        type_, mode = trig.type, trig.mode
        # an announced sanction is imposed by the announcement; only "if/unless" makes it a threat
        would = bool(source) and type_ != "SANCTION"
        if (type_ in THREAT_TYPES and _conditional(trig, self.cues, would=would)) or (
            type_ in INTENT_TYPES and _conditional(trig, self.cues, would=False)
        ):
            # "would blockade Paris", "will withdraw its force unless ...": a threat made now
            # ("announced it would free prisoners" stays a pledge)
            type_, mode, modality = "THREATEN", None, "asserted"
        elif modality == "planned" and type_ in INTENT_TYPES:
            type_, mode = "AGREE", None
        elif modality == "negated" and _refused_cooperation(trig, type_):
            # "Syria says it will not accept any more refugees": a refusal now
            type_, mode, modality = "REJECT", None, "asserted"
        if not target and type_ == "THREATEN":
            # "threatened to strike unless Israel rescinded ...": Israel is threatened
            target = _condition_actors(trig, by_token, source)
        if not target:
            target = _clause_actors(trig, by_token, source, self.cues.topic_verbs)
        at_home = (
            not target
            and bool(source)
            and not _undergoes(tok, type_, self.cues)  # the unnamed subject received it
            and _uncoded_patient(trig, by_token, source, self.cues)
            and not _foreign_actors(sent, by_token, source)
        )
        if at_home and trig.type in DOMESTIC_DEFAULT_TYPES:  # the act itself, not "prepared to"
            # a patient the knowledge base does not code ("arrested activists"), in a
            # sentence about one country: a domestic event ("warned that ..." after
            # "accused Washington and Tokyo" is none; "has not welcomed the trip" has
            # no target; "urged donors" addresses someone abroad)
            # ("Russian forces seized the plant" after "Russia invaded Ukraine": the
            # front named before, not Russia itself)
            target = _front_target(source, type_, state) or _domestic_target(source)
        if source and (not target or target[0].start < 0) and (target or type_ in DOMESTIC_TYPES):
            # a domestic-type event abroad targets the country it happens in
            # ("Russia is conducting military exercises in Alaska" -> RUS -> USA)
            target = _abroad_target(tok, trig.governor, by_token, source) or target
        if source and len(target) > 1:
            target = _own_side_dropped(tok, source, target)
        if guessed and (
            (at_home and not target) or {m.country for m in source} & {m.country for m in target}
        ):
            # "The council said ... its travel advisory for China" after China was
            # named: a guess that makes the actor act on itself (or on an uncoded
            # patient at home) is a bad guess
            source, pronoun_used = [], False
            target = [m for m in target if m.start >= 0]  # and its domestic default goes
            if not target:
                return None
        coding = ontology.code(type_, mode)
        start, end = sent.start_char, sent.end_char
        sentence = document.text[start:end].rstrip()  # spaCy keeps the paragraph break
        end = start + len(sentence)
        evidence = Evidence(sentence=sentence, start=start, end=end)
        confidence = 0.4 + 0.25 * bool(source) + 0.2 * bool(target) + 0.1 * (tok.pos_ == "VERB")
        confidence -= 0.15 * pronoun_used + 0.1 * bool(target and target[0].start < 0)
        return Event(
            event_id=Event.make_id(document.doc_id, start, end, coding.type, source, target),
            doc_id=document.doc_id,
            type=coding.type,
            mode=coding.mode,
            cameo=coding.cameo,
            quad_class=coding.quad_class,
            goldstein=coding.goldstein,
            source=source,
            target=target,
            modality=modality,
            attributed_to=None,  # attribution, date and place: _finish, for kept events only
            date=_UNKNOWN_DATE,
            location=None,
            evidence=evidence,
            confidence=min(confidence, 0.95),
            extractor=EXTRACTOR,
            trigger=tok.text,
        )

    def _finish(self, event: Event, trig: _Trigger, sent, document: Document, by_token) -> Event:
        """Attribution, date and place of an event that is kept (the costly part)."""
        tok = trig.token
        event.attributed_to = self._attribution(tok, sent, by_token)
        event.date = timex.event_date(sent, tok, document.published) or _reported_date(document)
        event.location = places.event_place(tok, trig.governor, by_token)
        return event

    def _verb_roles(self, verb, by_token, type_: str):
        # "fired at Israeli troops" names a target; "met at the palace" a place
        preps = TARGET_PREPS | {"at"} if type_ in AIMED_TYPES else TARGET_PREPS
        found, passive, pronoun = _subject_actors(verb, by_token)
        if not passive and verb.dep_ == "conj" and any(c.dep_ == "auxpass" for c in verb.children):
            # "The prisoners arrived and were released by Putin": the shared subject
            # undergoes the passive conjunct
            passive = True
        if passive and verb.lemma_.lower() in self.cues.stative_passives:
            passive = any(c.dep_ == "agent" for c in verb.children)  # "is opposed to"
        undergoer = _undergoes(verb, type_, self.cues)
        source: list[ActorMention] = [] if passive or undergoer else found
        target: list[ActorMention] = found if passive or undergoer else []
        for child in verb.children:
            if child.dep_ == "agent" and passive:
                source += _actors([t for c in child.children for t in _phrase(c)], by_token)
            elif child.dep_ == "prep" and child.lower_ in ("from", "by") and undergoer:
                source += _pobj_actors(child, by_token)
            elif child.dep_ in ("dobj", "obj") and undergoer:
                for prep in child.children:  # "received arms from the United States"
                    if prep.dep_ == "prep" and prep.lower_ in ("from", "by"):
                        source += _pobj_actors(prep, by_token)
                    elif prep.dep_ in ("amod", "compound", "poss"):  # "received Russian arms"
                        source += _actors(_phrase(prep), by_token)
            elif child.dep_ == "prep" and child.lower_ == "from" and type_ == "ASSAULT":
                # "a mortar was fired at it from the Gaza Strip": where the attack came from
                if passive and not any(c.dep_ == "agent" for c in verb.children):
                    source += _pobj_actors(child, by_token)
            elif passive and child.dep_ == "prep" and child.lower_ in ("in", "during"):
                # "killed in Israeli tank shelling": the shelling's agent did it
                cues = self.cues
                phrase = list(child.subtree)
                after = verb.doc[phrase[-1].i + 1] if phrase[-1].i + 1 < len(verb.doc) else None
                if after is not None and after.tag_ == "VBG":
                    phrase.append(after)  # "in Russian artillery shelling", parsed as a verb
                if any(
                    t.lemma_.lower() in cues.nouns
                    or (t.tag_ == "VBG" and t.lemma_.lower() in cues.verbs)
                    for t in phrase
                ):
                    for pobj in (c for c in child.children if c.dep_ == "pobj"):
                        agents = [
                            c for c in pobj.children if c.dep_ in ("poss", "amod", "compound")
                        ]
                        source += _actors([t for a in agents for t in _phrase(a)], by_token)
            elif child.dep_ in ("dobj", "obj") and verb.lemma_.lower() in self.cues.topic_verbs:
                # "discussed Taiwan": what was discussed, not with whom; a "with" the
                # parser hung on the object still names the partner ("discussed the
                # war in Ukraine with Lavrov")
                for prep in _noun_phrase_preps(child):
                    if prep.lower_ == "with":
                        target += _pobj_actors(prep, by_token)
            elif child.dep_ in ("dobj", "dative", "obj"):
                if verb.dep_ == "relcl" and child.lower_ in ("which", "that", "whom", "who"):
                    # "Ukraine, which Russia invaded": Ukraine (the noun itself, not
                    # "Georgia's territory, which Moscow recognised as states")
                    target += _actors([verb.head], by_token)
                else:
                    target += _object_actors(child, by_token, self.cues)
            elif (
                child.dep_ == "prep"
                and child.lower_ in preps
                and not (ontology.code(type_).quad_class in (3, 4) and _on_behalf(child))
            ):  # "protested in solidarity with Ukraine": for Ukraine, not against it
                found_here = _pobj_actors(child, by_token)
                if not found_here and type_ in AIMED_TYPES:
                    # "Israel said a mortar was fired at it": "it" is the speaker
                    found_here = _object_antecedent(verb, child, by_token)
                target += found_here
        if verb.dep_ == "acl" and verb.tag_ == "VBN" and not passive:
            # "10 Russian soldiers killed in Ukraine": the soldiers underwent it
            target += _actors(_phrase(verb.head, shallow=True), by_token)
        if not target and type_ in CCOMP_TARGET_TYPES:
            # "demanded that the United States match ...": the one asked is the target
            for ccomp in (c for c in verb.children if c.dep_ == "ccomp"):
                if type_ == "THREATEN" and _announces_action(ccomp):
                    continue  # "warned that the EU would respond": see _warned_roles
                inner = next((c for c in ccomp.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if inner is not None:
                    target += _actors(_phrase(inner), by_token)
        addressee = any(
            c.dep_ in ("dobj", "obj")
            # "called on partners to close the sky over Ukraine": partners are asked
            or (type_ == "REQUEST" and c.dep_ == "prep" and c.lower_ in ("on", "upon", "to"))
            for c in verb.children
        )
        if not target and not addressee:
            # "refused to condemn Moscow": what was refused is aimed at Moscow; with an
            # object the verb names whom it addresses ("warned the alliance not to bring
            # chaos to Asia": the alliance, coded or not, never Asia)
            for xcomp in (c for c in verb.children if c.dep_ == "xcomp"):
                for child in xcomp.children:
                    if child.dep_ in ("dobj", "obj"):
                        target += _object_actors(child, by_token, self.cues)
                    elif child.dep_ == "prep" and child.lower_ in TARGET_PREPS:
                        for pobj in (c for c in child.children if c.dep_ == "pobj"):
                            # "refused to respond to a demand from the US": aimed at the US
                            target += _object_actors(pobj, by_token, self.cues)
        return _dedupe(source), _dedupe(target), pronoun

    def _warned_roles(self, verb, sent, by_token, source: list[ActorMention]):
        """(source, target) of a warning that announces what an actor will do
        ("warned that the EU would respond with further sanctions"). The actor
        who would act makes the threat when the speaker is not coded, and it is
        aimed at the one the action is aimed at or, failing that, at the one
        other party the sentence names ("He said Minsk could still stop it and
        warned that the EU would respond": EU -> BLR). With a coded speaker the
        warning is about that actor ("Washington warned that Moscow could
        invade": USA -> RUS), unless it is the speaker's own side."""
        content = next(
            (c for c in verb.children if c.dep_ == "ccomp" and _announces_action(c)), None
        )
        subj = None if content is None else _subject(content)[0]
        actors = [] if subj is None else _dedupe(_actors(_phrase(subj), by_token))
        if not actors:
            return source, []
        if source:
            home = {m.country for m in source}
            return source, [m for m in actors if m.country not in home]
        _, target, _ = self._verb_roles(content, by_token, "THREATEN")
        home = {m.country for m in actors}
        target = [m for m in target if m.country not in home]
        if not target:  # "warned that if NATO deployed forces, Moscow would take steps"
            target = _condition_actors(_Trigger(content, "THREATEN", None), by_token, actors)
        if not target:
            inside = {t.i for t in verb.subtree}
            others = _dedupe(
                [m for m in _actors(sent, by_token) if m.country and m.country not in home]
            )
            others = [m for m in others if not _mention_in(m, inside, sent.doc)]
            target = others if len(others) == 1 else []
        return actors, target

    def _noun_roles(self, trig: _Trigger, by_token):
        noun = trig.token
        source: list[ActorMention] = []
        target: list[ActorMention] = []
        pronoun = None
        for child in noun.children:
            if child.dep_ in ("poss", "amod", "compound", "nmod"):
                found = _actors(_phrase(child), by_token)
                if child.dep_ != "poss" and trig.type in MEETING_TYPES and trig.mode != "visit":
                    found = [m for m in found if not _city_metonym(m)]  # "the Astana meeting"
                if trig.mode == "visit" and child.dep_ in ("compound", "nmod"):
                    # "his Central Asia tour", "the Moscow trip": a place named before a
                    # visit noun is where it goes ("the Blinken visit" names who goes)
                    places = [m for m in found if m.kind in ("state", "region")]
                    target += places
                    found = [m for m in found if m not in places]
                source += found
                if (
                    not found
                    and child.dep_ == "poss"
                    and child.lower_ in ("its", "their", "his", "her")
                ):
                    pronoun = child
            elif child.dep_ == "prep":
                prep = child.lower_
                of_source = (trig.type, trig.mode) in self.cues.of_is_source or (
                    trig.type,
                    None,
                ) in self.cues.of_is_source
                if (
                    prep == "of"
                    and noun.head.lower_ == "in"
                    and noun.lemma_.lower() in BEHALF_NOUNS
                ):
                    target += _pobj_actors(child, by_token)  # "rallied in support of Ukraine"
                elif prep in ("by", "from", "between") or (prep == "of" and of_source):
                    source += _pobj_actors(child, by_token)
                elif prep in NOUN_TARGET_PREPS or (prep == "for" and trig.type == "AID"):
                    target += _pobj_actors(child, by_token)
            elif child.dep_ in ("acl", "ccomp") and trig.type in CCOMP_TARGET_TYPES:
                # "its demands that Burundi's government grant ...": Burundi is asked
                inner = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if inner is not None:
                    target += _actors(_phrase(inner), by_token)
        gov = trig.governor
        if gov is not None:
            undergoer = gov.lemma_.lower() in UNDERGOER_VERBS
            subj, passive = _subject(gov)
            if not source or undergoer:
                found, passive, gov_pronoun = _subject_actors(gov, by_token)
                if _same(subj, noun):
                    pass  # "Rallies in support of Ukraine are planned": read by the noun itself
                elif passive or undergoer:
                    target += found
                else:
                    source += found
                pronoun = gov_pronoun or pronoun
            elif passive and subj is not None and noun.i not in {t.i for t in _phrase(subj)}:
                # "Belarus has been targeted with sanctions by the EU": the noun's own
                # "by" names the source, the passive subject still undergoes it
                target += _subject_actors(gov, by_token)[0]
            for child in gov.children:
                if undergoer and child.dep_ == "prep" and child.lower_ in ("from", "by"):
                    source += _pobj_actors(child, by_token)
                elif (
                    child.dep_ == "prep"
                    and child.lower_ == "in"
                    and trig.mode == "visit"
                    and not target
                ):
                    target += _pobj_actors(child, by_token)
                elif (
                    child.dep_ == "prep" and child.lower_ in TARGET_PREPS and child.i != noun.head.i
                ):
                    target += _pobj_actors(child, by_token)
                elif child.dep_ == "agent":
                    source += _actors([t for c in child.children for t in _phrase(c)], by_token)
                elif (
                    child.dep_ in ("dobj", "obj")
                    and noun.dep_ == "pobj"
                    and _same(noun.head.head, gov)  # not "held a round of talks in X"
                    and not undergoer
                ):
                    target += _actors(_phrase(child), by_token)  # "engaged X in a firefight"
                elif child.dep_ in ("dative", "iobj") and not undergoer:
                    target += _actors(_phrase(child), by_token)  # "gave the Ivory Coast aid"
        return _dedupe(source), _dedupe(target), pronoun

    # -- modality and attribution ---------------------------------------------
    def _modality(self, trig: _Trigger) -> str:
        cues = self.cues
        chain = _clause_chain(trig.token, trig.governor)
        first_verb = next((t for t in chain if t.pos_ in ("VERB", "AUX")), None)
        if trig.token.pos_ != "VERB" and any(
            c.lower_ == "no" or c.dep_ == "neg" for c in trig.token.children
        ):
            return "negated"
        modality = "asserted"
        for i, tok in enumerate(chain):
            lemma = tok.lemma_.lower()
            # a verb coordinated with the one below ("rejected the charge and accused
            # NATO") is a sibling, not a governor: its own meaning does not scope over it
            sibling = i > 0 and _coordinated(chain[i - 1], tok)
            above = i > 0 and not _same(tok, trig.governor) and not sibling
            if trig.reversed and _same(tok, trig.governor):
                continue
            if above and _other_sense(tok, True, cues):
                return "hypothetical"  # what a question asks ("asked whether X would ...")
            if above and lemma in cues.deniers:
                return "denied"
            if _negated(tok, chain[i - 1] if sibling else None) or (
                above and lemma in cues.negators
            ):
                return "negated"
            if i == 0 and any(c.dep_ in ("dobj", "obj") and _is_nobody(c) for c in tok.children):
                return "negated"  # "they threaten no one"
            if (_same(tok, first_verb) or _same(tok, trig.governor)) and any(
                c.dep_ in ("nsubj", "nsubjpass") and (_is_nobody(c) or _neither(c))
                for c in tok.children
            ):
                return "negated"  # "none of the states condemned", "neither X nor Y accepted"
            if _same(tok, first_verb) or _same(tok, trig.governor):
                for c in tok.children:
                    if c.dep_ in ("aux", "auxpass"):
                        aux = c.lower_
                        if aux in ("will", "shall", "'ll") or (
                            aux == "would" and _reported(tok, cues)
                        ):
                            modality = "planned"  # "announced it would free": reported "will"
                        elif aux in cues.hypothetical_aux and modality == "asserted":
                            modality = "hypothetical"
                    elif (
                        c.dep_ == "mark" and c.lower_ in ("if", "unless") and modality == "asserted"
                    ):
                        modality = "hypothetical"
            if above and lemma in cues.planners and modality == "asserted":
                modality = "planned"
        if modality == "asserted" and trig.token.pos_ != "VERB":
            if any(c.lower_ in cues.planned_adjectives for c in trig.token.children):
                modality = "planned"
        return modality

    def _attribution(self, tok, sent, by_token) -> ActorMention | None:
        cues = self.cues
        node = tok
        while node.head.i != node.i:
            if node.dep_ in ("ccomp", "parataxis") and node.head.lemma_.lower() in cues.say_verbs:
                return _speaker(node.head, by_token)
            if node.dep_ not in (
                "ccomp",
                "xcomp",
                "conj",
                "dobj",
                "pobj",
                "prep",
                "advcl",
                "nsubj",
                "nsubjpass",
                "aux",
                "neg",
                "compound",
                "amod",
            ):
                break
            node = node.head
        root = sent.root
        if _same(node, root) or _same(tok, root):
            for child in root.children:
                if (
                    child.dep_ in ("parataxis", "ccomp")
                    and child.lemma_.lower() in cues.say_verbs
                    and child.i > tok.i
                ):
                    return _speaker(child, by_token)
        for t in sent:
            if t.lower_ == "according":
                for prep in t.children:
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            return _as_speaker(_phrase(pobj), by_token)
        return None

    def _remember(self, sent, by_token, state: _DocState) -> None:
        for tok in sent:
            if tok.dep_ in ("nsubj", "nsubjpass"):
                found = _actors(_phrase(tok), by_token)
                people = [m for m in found if m.kind == "person"]
                if people:
                    state.last_person = people[0]
                others = [m for m in found if m.kind != "person"]
                if others:
                    state.last_other = others


# -- syntax helpers ------------------------------------------------------------
def _content_owners(found: list[_Trigger], cues: Cues) -> dict[int, _Trigger]:
    """One event per happening: for each trigger that is the content of another
    one in the same sentence, that other trigger (keyed by ``id`` of the inner
    trigger): "agreed to undertake joint exercises" -> AGREE, "threatened to
    shell Iraqi towns" -> THREATEN, "rejected a call for ..." -> REJECT,
    "staged demonstrations to demand reforms" -> PROTEST. Not listed: what a
    refusal governs ("refused to condemn Moscow"), coded as a negated event."""
    owner = {t.token.i: t for t in found}
    for t in found:
        if t.governor is not None:
            owner.setdefault(t.governor.i, t)
    outers: dict[int, _Trigger] = {}
    for t in found:
        node = t.governor if t.governor is not None else t.token
        outer = None
        if t.governor is not None and owner.get(t.governor.i, t) is not t:
            outer = owner[t.governor.i]  # "called for sanctions": the call is the event
        for _ in range(6 if outer is None else 0):
            if node.dep_ not in CONTENT_DEPS or node.head.i == node.i:
                break
            if node.dep_ == "advcl" and not (
                node.tag_ == "VBG"
                or any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
                or any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in node.children)
            ):
                # a purpose clause ("to demand", "demanding") or a condition ("unless
                # Baghdad accepted"), not "as troops withdrew"
                break
            dep, node = node.dep_, node.head
            hit = owner.get(node.i)
            if hit is not None and hit is not t:
                if dep != "conj" or hit.type == t.type:
                    outer = hit
                    break
                # "suspending ... and arresting": two events, unless the two verbs are
                # themselves content ("urged them to cut Russia off and to supply
                # Ukraine"): the walk goes on to the sibling's owner
                if t.token.pos_ == "VERB" and hit.token.pos_ == "VERB":
                    continue
                break
            if node.pos_ in ("NOUN", "PROPN") or (
                dep == "conj" and node.pos_ not in ("VERB", "AUX")
            ):
                break  # "involvement in Russia's invasion": the invasion is its own event
        if outer is not None:
            negating = outer.token.pos_ == "VERB" and outer.token.lemma_.lower() in cues.negators
            if not (negating and t.token.pos_ == "VERB"):
                outers[id(t)] = outer
    return outers


def _carried(trig: _Trigger, outers: dict[int, _Trigger], built: dict) -> bool:
    """Is the trigger the content of an event that is kept or of background, directly
    or through another content ("demand a ceasefire and the withdrawal of troops": the
    withdrawal is coordinated with the ceasefire, which the demand carries)?"""
    seen = {id(trig)}
    outer = outers.get(id(trig))
    while outer is not None and id(outer) not in seen:
        if built[id(outer)] is not None or _background(outer.token):
            return True
        seen.add(id(outer))
        outer = outers.get(id(outer))
    return False


def _drop_contained(events: list[Event]) -> list[Event]:
    """Within one sentence, drop an event whose type matches another's and whose
    actors are a subset of it ("the state visit ... trip" -> one visit)."""
    kept = []
    for ev in events:
        src, tgt = set(_codes(ev.source)), set(_codes(ev.target))
        if any(
            other is not ev
            and other.type == ev.type
            and src <= set(_codes(other.source))
            and tgt <= set(_codes(other.target))
            and (src, tgt) != (set(_codes(other.source)), set(_codes(other.target)))
            for other in events
        ):
            continue
        kept.append(ev)
    return kept


def _disaster(trigger, sent, cues: Cues) -> bool:
    """Does the sentence name a natural hazard ("the earthquakes", "the floods") and
    no act of violence other than the trigger's killing?"""
    if not any(t.pos_ == "NOUN" and t.lemma_.lower() in cues.natural_hazards for t in sent):
        return False
    for t in sent:
        if t.i == trigger.i:
            continue
        cue = cues.nouns.get(t.lemma_.lower()) if t.pos_ == "NOUN" else None
        if t.pos_ == "VERB":
            cue = cues.verbs.get(t.lemma_.lower())
        if cue is not None and cue[0] in ("ASSAULT", "COERCE"):
            return False
    return True


QUANTITY_WORDS = frozenset({"ten", "dozen", "hundred", "thousand", "million", "number"})


def _counted(noun):
    """What a quantity counts ("tens of thousands of refugees" -> refugees), else the noun."""
    for _ in range(3):
        if noun.tag_ != "CD" and noun.lemma_.lower() not in QUANTITY_WORDS:
            return noun
        pobj = next(
            (o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
             if o.dep_ == "pobj"),
            None,
        )  # fmt: skip
        if pobj is None:
            return noun
        noun = pobj
    return noun


def _other_sense(verb, has_object: bool, cues: Cues) -> bool:
    """A cue verb with one of its non-event particles ("pressed on", "pushed ahead"),
    a preposition of them with no object ("asked about Iraq"), or a clause they open
    ("asked whether Chile would ...")."""
    words = cues.non_event_particles.get(verb.lemma_.lower())
    if not words:
        return False
    for c in verb.children:
        if c.lower_ in words and (c.dep_ == "prt" or (c.dep_ == "prep" and not has_object)):
            return True
        if c.dep_ == "ccomp" and min(c.subtree, key=lambda t: t.i).lower_ in words:
            return True
    return False


ANSWER_VERBS = frozenset({"respond", "answer", "reply", "react"})


def _answers_an_event(verb, cues: Cues) -> bool:
    """ "respond to a demand": the complement answers an event noun ("declined to
    comment on the exercise" answers nothing)."""
    return verb.lemma_.lower() in ANSWER_VERBS and any(
        p.dep_ == "prep"
        and any(o.dep_ == "pobj" and o.lemma_.lower() in cues.nouns for o in p.children)
        for p in verb.children
    )


def _conflict_clause(clause, cues: Cues) -> bool:
    """A clause whose verb is a conflict cue ("ISIL had attacked Iraq")."""
    cue = cues.verbs.get(clause.lemma_.lower())
    return cue is not None and ontology.code(cue[0]).quad_class in (3, 4)


def _reported(verb, cues: Cues) -> bool:
    """The verb's clause is what a say-verb reports ("Israel announced it would ...")."""
    return (
        verb.dep_ == "ccomp"
        and verb.head.lemma_.lower() in cues.say_verbs
        and not any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children)
    )


def _in_proper_name(tok) -> bool:
    """A capitalised word inside a name ("Warsaw Pact"), not at the sentence start."""
    if not tok.is_title or tok.i == tok.sent.start:
        return False
    doc = tok.doc
    before = doc[tok.i - 1] if tok.i > tok.sent.start else None
    after = doc[tok.i + 1] if tok.i + 1 < tok.sent.end else None
    return tok.pos_ == "PROPN" or any(
        n is not None and n.pos_ == "PROPN" and n.is_title for n in (before, after)
    )


def _finite_clause(clause) -> bool:
    """A clause opened by "that" or "whether" ("recalled that Chile signed"); not a
    clause the parse hangs there without one ("defaced 3,000 sites in the biggest
    attack observers have seen")."""
    return any(c.dep_ == "mark" and c.lower_ in ("that", "whether") for c in clause.children)


def _announces_action(clause) -> bool:
    """A "that" clause in the future or conditional ("that the EU would respond")."""
    return any(c.dep_ == "aux" and c.lower_ in ANNOUNCING_AUX for c in clause.children)


def _coordinated(conjunct, head) -> bool:
    """Is ``conjunct`` a verb coordinated with ``head`` ("rejected ... and accused")?"""
    return conjunct.dep_ == "conj" and _same(conjunct.head, head)


def _negated(tok, conjunct=None) -> bool:
    """Does ``tok`` carry a negation that covers it (and ``conjunct``, a verb
    coordinated with it)? A conjunct shares the negation only in the same verb
    form: "did not condemn or criticise Moscow" (both bare), not "did not attend
    the talks and criticised Moscow" (the second verb has its own tense)."""
    if not any(c.dep_ == "neg" for c in tok.children):
        return False
    return conjunct is None or conjunct.tag_ == tok.tag_


def _is_nobody(tok) -> bool:
    if tok.lower_ in ("nobody", "nothing", "none"):
        return True
    return any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children)


def _neither(tok) -> bool:
    """ "Neither Chile nor Peru": a subject that names its actors only to deny them."""
    return any(c.dep_ in ("preconj", "det", "cc") and c.lower_ == "neither" for c in tok.children)


def _same(a, b) -> bool:
    """Token identity (spaCy makes a new Token object on every access)."""
    return a is not None and b is not None and a.i == b.i


class _MentionIndex(dict):
    """token index -> the first actor mention covering it; ``also`` keeps the
    further actors of a span that names several ("the two leaders")."""

    def __init__(self) -> None:
        super().__init__()
        self.also: dict[int, list[ActorMention]] = {}


def _index_mentions(parsed, mentions: list[ActorMention]) -> _MentionIndex:
    by_token = _MentionIndex()
    for m in mentions:
        span = parsed.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        for t in span:
            first = by_token.setdefault(t.i, m)
            if first is not m and (first.start, first.end) == (m.start, m.end):
                by_token.also.setdefault(t.i, []).append(m)
    return by_token


def _phrase(tok, shallow: bool = False) -> list:
    """The tokens of a phrase headed by ``tok``, leaving out embedded clauses;
    ``shallow`` also leaves out its prepositional modifiers other than "of"
    ("sanctions on Belarus for its role in the war" -> Belarus only)."""
    out, stack = [], [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(
            c
            for c in t.children
            if c.dep_ not in CLAUSE_DEPS and not (shallow and c.dep_ == "prep" and c.lower_ != "of")
        )
    return out


def _pobj_actors(prep, by_token) -> list[ActorMention]:
    """Actors named by the object(s) of a preposition."""
    return _actors(
        [t for c in prep.children if c.dep_ == "pobj" for t in _phrase(c, shallow=True)], by_token
    )


def _actors(tokens, by_token: dict[int, ActorMention]) -> list[ActorMention]:
    seen: dict[int, ActorMention] = {}
    also = getattr(by_token, "also", {})
    for t in sorted(tokens, key=lambda t: t.i):
        m = by_token.get(t.i)
        for found in ([m] if m is not None else []) + also.get(t.i, []):
            seen.setdefault(id(found), found)
    return list(seen.values())


def _object_actors(obj, by_token, cues: Cues) -> list[ActorMention]:
    """Actors of an object; for an event noun ("condemned Russia's invasion"),
    the noun's own agent is the target of the outer event."""
    if obj.lemma_.lower() in cues.nouns:
        agents = [c for c in obj.children if c.dep_ in ("poss", "amod", "compound")]
        agents += [  # "a demand from the US President", "calls by Belarus's rulers"
            o
            for p in obj.children
            if p.dep_ in ("prep", "agent") and p.lower_ in ("from", "by")
            for o in p.children
            if o.dep_ == "pobj"
        ]
        found = _actors([t for a in agents for t in _phrase(a)], by_token)
        if found:
            return found
    return _actors(_phrase(obj), by_token)


def _dedupe(mentions: list[ActorMention]) -> list[ActorMention]:
    """One mention per actor code, the most specific (a person over their state)."""
    best: dict[str | None, ActorMention] = {}
    order: list[str | None] = []
    for m in mentions:
        key = m.country if m.country else m.text.lower()
        if key not in best:
            order.append(key)
            best[key] = m
        elif KIND_RANK.get(m.kind, 9) < KIND_RANK.get(best[key].kind, 9):
            best[key] = m
    return [best[k] for k in order]


def _subject(verb):
    """(subject token, is_passive) of a verb, following control and coordination."""
    v = verb
    controlled = False  # reached through "to": "Obama is pressured to help Iran" -> Obama helps
    for _ in range(5):
        for c in v.children:
            if c.dep_ in ("nsubj", "nsubjpass", "csubj"):
                return c, c.dep_ == "nsubjpass" and not controlled
        if v.dep_ == "xcomp" and v.head.i != v.i:
            obj = next((c for c in v.head.children if c.dep_ in ("dobj", "obj")), None)
            if obj is not None:  # "urged Russia to withdraw": Russia withdraws
                return obj, False
            subj = next((c for c in v.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:  # "Lukashenko is expected to sign": Lukashenko signs
                return subj, False
            v = v.head
        elif v.dep_ == "acomp" and v.head.i != v.i:
            v = v.head  # "France is ready to contribute": France contributes
        elif v.dep_ == "conj" and _misattached_conjunct(v):
            # "noted that the US is a partner, and invited American firms": the
            # parser hung "invited" on "is"; its tense says it goes with "noted"
            v = v.head.head
        elif v.dep_ in ("conj", "advcl") and v.head.i != v.i and v.head.pos_ in ("VERB", "AUX"):
            if v.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
                controlled = True
            v = v.head
        elif v.dep_ == "relcl":
            return v.head, False
        else:
            break
    return None, False


def _misattached_conjunct(verb) -> bool:
    """A past-tense verb coordinated with the present-tense verb of a reported
    clause whose reporting verb is past tense too ("noted that the United States is
    one of the largest investors, and invited American companies"): it continues
    the reporting verb's list, not the reported clause."""
    head = verb.head
    return (
        verb.tag_ == "VBD"
        and head.tag_ in ("VBZ", "VBP")
        and head.dep_ == "ccomp"
        and head.head.tag_ == "VBD"
        and head.head.i < head.i
    )


def _governing_verb(noun):
    """The verb a noun cue is the object of ("held talks", "targeted with sanctions")."""
    head = noun.head
    if noun.dep_ in ("dobj", "obj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
        return head
    if (
        noun.dep_ == "pobj"
        and head.lower_ in ("with", "in", "for", "on")
        and head.head.pos_ == "VERB"
    ):
        return head.head  # "targeted with sanctions", "arrived for a state visit"
    if noun.dep_ == "conj":
        return _governing_verb(head)
    if noun.dep_ == "compound" and head.lemma_.lower() in GENERIC_HEADS:
        return _governing_verb(head)  # "halt mediation efforts", "undertook a mediation mission"
    if noun.dep_ == "pobj" and head.lower_ == "under" and head.head.pos_ == "VERB":
        return head.head  # "put under investigation"
    if (
        noun.dep_ == "pobj"
        and head.lower_ == "of"
        and head.head.pos_ in ("NOUN", "NUM")
        and head.head.dep_ in ("dobj", "obj")
    ):
        return _governing_verb(head.head)  # "gave 5.1 million dollars of aid"
    return None


def _clause_chain(tok, governor) -> list:
    """The trigger and the heads it hangs from within its sentence, nearest first."""
    chain = [tok]
    if tok.pos_ != "VERB" and governor is None:
        return chain  # "will not recognise Russia's annexation": the annexation still happened
    node = governor if governor is not None else tok
    if governor is not None:
        chain.append(governor)
    while node.head.i != node.i and node.dep_ in (
        "xcomp",
        "ccomp",
        "conj",
        "dobj",
        "pobj",
        "prep",
        "auxpass",
        "acomp",
    ):
        node = node.head
        chain.append(node)
    return chain


def _speaker(say_verb, by_token) -> ActorMention | None:
    subj, passive = _subject(say_verb)
    if subj is None or passive:
        return None
    return _as_speaker(_phrase(subj), by_token)


def _as_speaker(tokens, by_token) -> ActorMention | None:
    found = _dedupe(_actors(tokens, by_token))
    if found:
        return sorted(found, key=lambda m: KIND_RANK.get(m.kind, 9))[0]
    tokens = sorted(tokens, key=lambda t: t.i)
    if not tokens or tokens[0].pos_ == "PRON":
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    text = tokens[0].doc.text[start:end]
    kind = "person" if any(t.pos_ == "PROPN" for t in tokens) else "group"
    return ActorMention(text=text, start=start, end=end, country=None, kind=kind)


def _subject_actors(verb, by_token) -> tuple[list[ActorMention], bool, object | None]:
    """(actors of the verb's subject, is_passive, a pronoun standing in for them)."""
    subj, passive = _subject(verb)
    if subj is None:
        return [], False, None
    found = _actors(_phrase(subj), by_token)
    if len(found) > 1 and load_cues().nouns.get(subj.lemma_.lower(), ("",))[0] in MEETING_TYPES:
        # "NATO's Vilnius summit welcomed Finland": the summit's venue is no actor
        venue = {t.i for c in subj.children if c.dep_ in ("compound", "nmod") for t in c.subtree}
        found = [m for m in found if not (_city_metonym(m) and _mention_in(m, venue, subj.doc))]
    if len(found) > 1:
        # "The US commander in Iraq": Iraq says where, the actor is the US; "Russia's
        # ambassador to Germany, Sergei Nechayev": Germany hosts him
        nouns = [subj] + [c for c in subj.children if c.dep_ == "appos"]
        head = _actors([t for n in nouns for t in _phrase(n, shallow=True)], by_token)
        inside = {
            t.i
            for n in nouns
            for c in n.children
            if c.dep_ == "prep" and c.lower_ in ("in", "to")
            for t in _phrase(c)
        }
        where = [m for m in found if m not in head and _mention_in(m, inside, subj.doc)]
        if head and where:
            found = [m for m in found if m not in where]
    if not found and subj.lemma_.lower() in DOCUMENT_NOUNS:
        found = _document_author(subj, by_token)
    return found, passive, None if found else _pronoun_in(subj)


def _background(tok) -> bool:
    """Is the trigger a verb of a relative clause ("the group that has seized parts
    of Iraq") or of a participle inside an apposition ("the mayor, a member of
    Hamas jailed a year ago")? Such clauses say who an actor is."""
    if tok.pos_ != "VERB":
        return False
    if tok.dep_ == "relcl":
        return True
    return tok.dep_ == "acl" and any(a.dep_ == "appos" for a in tok.ancestors)


def _document_author(doc_noun, by_token) -> list[ActorMention]:
    """Who speaks through a document named by its participle ("a report released
    by the Rwandan government", "a report released in the Rwandan capital")."""
    for acl in (c for c in doc_noun.children if c.dep_ == "acl" and c.tag_ == "VBN"):
        for child in acl.children:
            if child.dep_ == "agent":
                found = _actors([t for c in child.children for t in _phrase(c)], by_token)
                if found:
                    return found
        for child in acl.children:
            if child.dep_ == "prep" and child.lower_ == "in":
                found = [m for m in _pobj_actors(child, by_token) if m.kind == "state"]
                if found:
                    return found
    return []


def _own_side_dropped(verb, source, target):
    """The targets without the source's own side when the verb's direct object
    names only others: "Moscow accused the alliance of ignoring Russia's
    proposals" -> NATO, not NATO and Russia. When the object names no actor
    ("investigating crimes by Croatian extremists against Serbs") or names the
    own side, the targets stay."""
    home = {m.country for m in source}
    inside = set()  # the object's noun phrase, without what follows it ("of ignoring ...")
    for obj in (c for c in verb.children if c.dep_ in ("dobj", "obj")):
        inside.add(obj.i)
        for c in obj.children:
            if c.dep_ not in ("prep", "relcl", "acl", "punct", "cc", "conj"):
                inside.update(t.i for t in c.subtree)
    direct = [m for m in target if _mention_in(m, inside, verb.doc)]
    if not direct or any(m.country in home for m in direct):
        return target
    return [m for m in target if m.country not in home or m in direct]


def _mention_in(m: ActorMention, token_ids: set[int], doc) -> bool:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return span is not None and all(t.i in token_ids for t in span)


def _pronoun_in(subj):
    """A pronoun standing for the subject's actor: "it", or "its" in "its forces"."""
    if subj.lower_ in PRONOUNS_PERSON | PRONOUNS_OTHER:
        return subj
    return next(
        (
            c
            for c in subj.children
            if c.dep_ == "poss" and c.lower_ in PRONOUNS_OTHER | PRONOUNS_PERSON
        ),
        None,
    )


def _undergoes(verb, type_: str, cues: Cues) -> bool:
    """Does the verb's subject undergo an event the verb alone does not name?
    ("demonstrators received weapons from the government": AID to them; "Putin
    received Lukashenko" is a meeting)."""
    lemma = verb.lemma_.lower()
    return (
        verb.pos_ == "VERB"
        and lemma in UNDERGOER_VERBS
        and cues.verbs.get(lemma, ("",))[0] != type_
    )


def _refused_cooperation(trig: _Trigger, type_: str) -> bool:
    """A cooperative verb negated under will/would/can ("will not accept")."""
    tok = trig.token if trig.token.pos_ == "VERB" else trig.governor
    if tok is None or ontology.code(type_).quad_class not in (1, 2):
        return False  # "would not give permission": the light verb carries it
    kids = {c.lower_ for c in tok.children if c.dep_ in ("aux", "neg")}
    return bool(kids & {"not", "n't", "never"}) and bool(
        kids & {"will", "would", "can", "ca", "could", "wo", "shall"}
    )


def _condition_actors(trig: _Trigger, by_token, source) -> list[ActorMention]:
    """Actors named as subject of an "if"/"unless" clause on the trigger's clause."""
    codes = {m.country for m in source}
    heads = _clause_chain(trig.token, trig.governor)
    # and the action threatened: "threatened to launch an offensive unless Baghdad ..."
    stack = [c for c in trig.token.children if c.dep_ == "xcomp"]
    while stack:
        node = stack.pop()
        heads.append(node)
        stack += [c for c in node.children if c.dep_ in ("xcomp", "conj") and c.pos_ == "VERB"]
    for tok in heads:
        for c in tok.children:
            if c.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in ("unless", "if") for m in c.children
            ):
                subj = next((k for k in c.children if k.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is not None:
                    found = [m for m in _actors(_phrase(subj), by_token) if m.country not in codes]
                    if found:
                        return found
    return []


def _noun_phrase_preps(noun) -> list:
    """The prepositions inside the noun phrase of ``noun``, down through its own
    prepositional phrases and conjuncts but not into clauses ("the war in Ukraine
    with Lavrov": "in", "with"; "the route that links Asia with Europe": none)."""
    out, stack = [], [noun]
    while stack:
        for c in stack.pop().children:
            if c.dep_ == "prep":
                out.append(c)
                stack.append(c)
            elif c.dep_ in ("pobj", "conj", "appos"):
                stack.append(c)
    return out


def _clause_actors(
    trig: _Trigger, by_token, source, topic_verbs: frozenset[str] = frozenset()
) -> list[ActorMention]:
    """With no target from syntax: the first actor after the trigger inside its
    own clause (not in the subject, not in an embedded clause, not in the object
    of a verb of ``topic_verbs``: "discussed Taiwan"), that is not the source
    ("denounced as an ugly crime Serbia's suppression of ...")."""
    head = trig.governor if trig.governor is not None else trig.token
    topic = head.lemma_.lower() in topic_verbs
    codes = {m.country for m in source if m.country}
    starts = {m.start for m in source}
    conflict = ontology.code(trig.type).quad_class in (3, 4)
    # "France and Germany held talks in Baku", "NATO ministers met in Brussels": where
    # the parties met, no party ("Putin held talks in Beijing" alone: with his hosts)
    joint = len(codes) > 1 or (bool(codes) and all(len(c) != 3 for c in codes))
    venue = trig.type in MEETING_TYPES and trig.mode != "visit" and joint
    tokens = [
        t
        for c in head.children
        if c.dep_ not in CLAUSE_DEPS
        and c.dep_ not in ("nsubj", "nsubjpass", "csubj", "agent")
        and not (topic and c.dep_ in ("dobj", "obj"))
        and not (venue and _venue_or_clause(c))
        and not (conflict and c.dep_ == "prep" and _on_behalf(c))
        for t in _phrase(c)
    ]
    if venue:  # also inside an object: "held a round of talks in the Gomel region"
        where = {w.i for t in tokens if _venue_or_clause(t) for w in t.subtree}
        tokens = [t for t in tokens if t.i not in where]
    # the place of a meeting named in the clause is no party ("improved relations at a
    # summit in Samarkand, Uzbekistan")
    meetings = [t for t in tokens if _meeting_noun(t, trig.token)]
    where = {w.i for m in meetings for c in m.children if _venue_or_clause(c) for w in c.subtree}
    tokens = [t for t in tokens if t.i not in where and t.i > trig.token.i]
    # a non-state armed or opposition group acts on its own state ("Boko Haram
    # launched attacks ... in Nigeria" -> NGA REB -> NGA); a government does not
    insurgent = bool(source) and all(m.sector in NON_STATE_SECTORS for m in source)
    for m in _actors(tokens, by_token):
        if m.start in starts or m.kind == "person":
            continue
        if m.country not in codes or (insurgent and m.kind == "state"):
            return [m]
    return []


def _city_metonym(m: ActorMention) -> bool:
    """A capital standing for its government ("Astana", "Washington"): as the
    modifier of a meeting ("the Astana meeting", "NATO's Washington summit") it
    names the venue, not a party."""
    return (
        m.kind == "state"
        and m.sector == "GOV"
        and m.text[:1].isupper()
        and m.name is not None
        and m.text.casefold() != m.name.casefold()
    )


# Nouns of an "in ... of/with X" phrase that names whom an act is for, not whom it is
# against ("rallies in support of Ukraine", "marched in solidarity with Ukraine").
BEHALF_NOUNS = frozenset(
    {"support", "solidarity", "sympathy", "defence", "defense", "favour", "favor", "honour",
     "honor", "memory", "name", "aid", "help"}
)  # fmt: skip


def _on_behalf(prep) -> bool:
    """Is the preposition "in" + a behalf noun ("in support of"), or one that follows
    such a noun ("with" in "in solidarity with Ukraine", parsed on the verb)?"""
    if prep.lower_ == "in":
        return any(c.dep_ == "pobj" and c.lemma_.lower() in BEHALF_NOUNS for c in prep.children)
    before = prep.doc[prep.i - 1] if prep.i > 0 else None
    return before is not None and before.lemma_.lower() in BEHALF_NOUNS and before.i != prep.head.i


def _meeting_noun(tok, trigger) -> bool:
    """A meeting noun ("summit", "talks") other than the trigger itself."""
    cue = load_cues().nouns.get(tok.lemma_.lower())
    return tok.i != trigger.i and cue is not None and cue == ("CONSULT", None)


def _venue_or_clause(child) -> bool:
    """A place phrase ("in Baku") or a coordinated clause with its own subject
    ("agreed in May, and Austin held talks with Dong in Jakarta")."""
    if child.dep_ == "prep":
        return child.lower_ in VENUE_PREPS
    return child.dep_ == "conj" and any(k.dep_ in ("nsubj", "nsubjpass") for k in child.children)


def _foreign_actors(sent, by_token, source: list[ActorMention]) -> bool:
    """Does the sentence name a state or region other than the source's own?"""
    home = {m.country for m in source}
    return any(
        m.country not in home and m.kind in ("state", "region", "person", "group")
        for t in sent
        for m in [by_token.get(t.i)]
        if m is not None and m.country
    )


# Prepositions of a place phrase. For a meeting or an agreement what they name is where
# the parties met, not a party ("held talks in Baku", "agreed at a summit near Armenia");
# a visit's place is its host, and "an investigation in Iran" is aimed at Iran.
MEETING_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
VENUE_PREPS = frozenset(
    {"in", "at", "near", "outside", "inside", "within", "across", "along", "around", "throughout"}
)
OBJECT_PREPS = ("against", "on", "at", "to", "with", "for", "of", "from", "in")


def _uncoded_patient(trig: _Trigger, by_token, source, cues: Cues) -> bool:
    """Does the event have a patient that is neither a coded foreign actor nor
    another event: an object of the trigger or its governing verb ("arrested
    activists", "lifted the state of emergency", "blew up power lines", "released
    the prime minister"), not "welcomed the trip" or "commented on the meeting"?
    A protest is aimed at home when it names no one else."""
    if trig.type == "PROTEST":
        return True
    home = {m.country for m in source}
    for head in (trig.token, trig.governor):
        if head is None:
            continue
        objects = [c for c in head.children if c.dep_ in ("dobj", "dative", "nsubjpass")]
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in OBJECT_PREPS:
                objects += [g for g in c.children if g.dep_ == "pobj"]
        for obj in objects:
            if obj.pos_ not in ("NOUN", "PROPN"):
                continue
            lemma = obj.lemma_.lower()
            if lemma in cues.nouns or obj.lower_ in cues.nouns:
                continue  # another event ("the trip", "the meeting")
            found = [by_token.get(t.i) for t in obj.subtree]
            if all(m is None or m.country in home for m in found):
                return True
    return False


FRONT_TYPES = frozenset({"ASSAULT", "COERCE"})


def _note_fronts(found: list[Event], state: _DocState) -> None:
    """Remember, per state, the one other state its asserted attacks or coercion
    of this sentence were aimed at (named or placed abroad)."""
    for event in found:
        homes = {m.country for m in event.source}
        aims = {m.country for m in event.target}
        if event.type not in FRONT_TYPES or event.modality != "asserted":
            continue
        if len(homes) == 1 and len(aims) == 1 and homes != aims:
            home, aim = next(iter(homes)), next(iter(aims))
            if len(home or "") == 3 and len(aim or "") == 3:
                state.fronts[home] = aim


def _front_target(source: list[ActorMention], type_: str, state: _DocState) -> list[ActorMention]:
    """For an attack or seizure by one state's armed forces on a patient the
    knowledge base does not code, the state those forces last attacked in the
    document, as a mention with no span; none if they attacked no other state."""
    homes = {m.country for m in source}
    if type_ not in FRONT_TYPES or len(homes) != 1 or any(m.sector != "MIL" for m in source):
        return []
    aim = state.fronts.get(next(iter(homes)) or "")
    return [ActorMention(aim, -1, -1, aim, None, None, "state", 0.6)] if aim else []


def _domestic_target(source: list[ActorMention]) -> list[ActorMention]:
    """With no target named, an event by a national actor is coded as domestic
    (CAMEO convention): its own state is the target ("Fijian rebels said they
    will release the prime minister" -> FJI -> FJI). International organisations
    have no home state, so they get none. The mention has no span of its own
    (start = end = -1)."""
    if len({m.country for m in source}) > 1:
        return []  # "China and Belarus agreed": a joint act, no home state
    for m in source:
        if m.sector in ("IGO", "NGO") or m.kind == "region" or len(m.country or "") != 3:
            continue
        return [ActorMention(m.country, -1, -1, m.country, None, None, "state", m.confidence)]
    return []


def _abroad_target(tok, governor, by_token, source) -> list[ActorMention]:
    """The state where the event takes place (the places stage's reading),
    when it is not the home of every source; as a mention with no span."""
    homes = {m.country for m in source}
    if any(len(c or "") != 3 for c in homes):
        return []  # an organisation or a region has no home to leave
    place = places.event_place(tok, governor, by_token)
    country = place.country if place is not None else None
    if not country or country in homes:
        return []
    return [ActorMention(country, -1, -1, country, None, None, "state", 0.8)]


def _place_actors(tok, governor, by_token) -> list[ActorMention]:
    """Actors named by an "in X" phrase of the trigger or its governing verb."""
    for head in (tok, governor):
        if head is None:
            continue
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "in" and not _on_behalf(child):
                found = [m for m in _pobj_actors(child, by_token) if m.kind in ("state", "region")]
                if found:
                    return found
    return []


def _conditional(trig: _Trigger, cues: Cues, would: bool = True) -> bool:
    """'would' on the trigger's clause (when ``would``), or an 'unless'/'if'
    clause hanging from it."""
    for tok in _clause_chain(trig.token, trig.governor):
        for c in tok.children:
            if would and c.dep_ == "aux" and c.lower_ == "would":
                return True  # also reported: "farmers said they would blockade Paris"
            if c.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in ("unless", "if") for m in c.children
            ):
                return True
    return False


def _antecedent(pronoun, by_token) -> list[ActorMention]:
    """The subject of a governing clause in the same sentence that the pronoun
    can refer to ("Russia denied that it had attacked Ukraine")."""
    person = pronoun.lower_ in PRONOUNS_PERSON
    node = pronoun.head
    while node.head.i != node.i:
        node = node.head
        subj = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.i == pronoun.i:
            continue
        found = [m for m in _actors(_phrase(subj), by_token) if (m.kind == "person") == person]
        if found:
            return found
    return []


def _object_antecedent(verb, prep, by_token) -> list[ActorMention]:
    """The actor a pronoun object of ``prep`` stands for: the subject of a clause
    governing ``verb`` ("Israel said a mortar was fired at it"), never the verb's
    own subject (that would be "itself")."""
    pronoun = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if pronoun is None or pronoun.lower_ not in PRONOUNS_OTHER | PRONOUNS_PERSON:
        return []
    person = pronoun.lower_ in PRONOUNS_PERSON
    node = verb
    while node.head.i != node.i:
        node = node.head
        subj = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None:
            continue
        found = [m for m in _actors(_phrase(subj), by_token) if (m.kind == "person") == person]
        if found:
            return found
    return []


def _resolve_pronoun(pronoun: str, state: _DocState) -> list[ActorMention]:
    if pronoun in PRONOUNS_PERSON:
        return [state.last_person] if state.last_person else []
    if pronoun in ("they", "them", "their"):
        return []  # a plural "they" across sentences is too often people, not the last states named
    return list(state.last_other[:1])


def _codes(mentions: list[ActorMention]) -> tuple:
    return tuple(sorted(m.country or m.text for m in mentions))


_UNKNOWN_DATE = EventDate(None, None, "unknown", None)


def _reported_date(document: Document) -> EventDate:
    if document.published:
        return EventDate(document.published, document.published, "reported", None)
    return EventDate(None, None, "unknown", None)

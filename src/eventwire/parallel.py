"""Extraction on every core: documents in, (document, events, mentions) out,
in input order, with a bounded number of documents in flight.

Each worker process loads the spaCy model, the actor knowledge base and the
gazetteer once (``spawn``: a fresh interpreter, nothing inherited from a parent
that may hold a DuckDB connection or threads), with Python's cyclic garbage
collector paused while it builds their million-odd objects and then told to
leave them alone (``gc.freeze``): they live as long as the process, and every
full collection would otherwise walk them all again. The parent streams documents in
chunks and keeps at most ``2 * workers`` chunks queued, so memory does not grow
with the corpus; results come back in the order the documents went in, so a
store written from them is the same as a single-process run's.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

from .records import ActorMention, Document, Event

Extracted = tuple[Document, list[Event], list[ActorMention]]
CHUNK = 16  # documents per task: enough sentences to batch the model well (4 cost ~3% more)
_EXTRACTOR = None


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def extract(
    documents: Iterable[Document],
    workers: int = 1,
    extractor=None,
    selective: bool = True,
    chunk: int = CHUNK,
) -> Iterator[Extracted]:
    """Extract from ``documents`` with ``workers`` processes (1: in this process,
    with ``extractor`` if given)."""
    if workers <= 1 or extractor is not None:
        yield from (extractor or load_extractor(selective)).extract(documents)
        return
    stream = iter(documents)
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_start_worker, initargs=(selective,)) as pool:
        pending: deque = deque()
        while True:
            while len(pending) < 2 * workers and (batch := list(islice(stream, chunk))):
                pending.append(pool.apply_async(_extract_chunk, (batch,)))
            if not pending:
                break
            yield from pending.popleft().get()


def load_extractor(selective: bool = True, freeze: bool = False):
    """An ``EventExtractor`` with the gazetteer loaded, built with the garbage
    collector paused. With ``freeze`` (a process that only extracts: a worker, a
    Spark executor) everything alive is then frozen out of later collections; not
    in a caller's own process, whose objects it would keep from ever being collected.
    Extraction in this process then uses one BLAS thread."""
    from .events import EventExtractor
    from .nlp import one_blas_thread
    from .places import Gazetteer

    one_blas_thread()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        extractor = EventExtractor(selective=selective)
        Gazetteer.default()  # otherwise loaded by the first document with an event
    finally:
        if was_enabled:
            gc.enable()
    if freeze:
        gc.freeze()
    return extractor


def _start_worker(selective: bool) -> None:
    global _EXTRACTOR
    _EXTRACTOR = load_extractor(selective, freeze=True)


def _extract_chunk(batch: list[Document]) -> list[Extracted]:
    return list(_EXTRACTOR.extract(batch))

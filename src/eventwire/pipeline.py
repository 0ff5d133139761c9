"""The pipeline: ingest -> clean -> extract -> store, as plain library functions.

``run`` fills a store and returns a ``RunResult``; ``extract_events`` streams
events without a store. The CLI is a thin skin over both.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from . import parallel
from .clean import clean
from .ingest import iter_inputs
from .records import ActorMention, Document, Event, Rejected, stable_hash
from .store import DEFAULT_STORE, Store

Reporter = Callable[[str], None]


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


@dataclass
class Options:
    """One options object shared by the CLI and the Python API."""

    store: Path = DEFAULT_STORE
    published: str | None = None  # fallback publication date for plain text
    batch_size: int = 16  # documents per store transaction
    max_record_bytes: int = 5_000_000
    report: Reporter = _stderr  # where one-line skip messages go
    progress: Callable[[int], None] | None = None  # called with the number of documents done
    workers: int = 1  # extraction processes (the CLI defaults to one per core)
    selective: bool = True  # parse only candidate sentences (actor + cue)


@dataclass
class RunResult:
    store: Path
    documents_new: int = 0
    documents_seen: int = 0  # already stored (same id or content), skipped cheaply
    duplicates: int = 0  # same content twice within this run
    events_new: int = 0
    stories_touched: int = 0  # stories opened or joined by this run's documents
    copies: int = 0  # republished copies found among them
    skipped: list[Rejected] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 all good, 1 some inputs skipped (see the quarantine)."""
        return 1 if self.skipped else 0


def documents(
    paths: Iterable[str], options: Options, rejected: list[Rejected]
) -> Iterator[Document]:
    """Read and clean every input; rejects are reported and collected."""
    for item in iter_inputs(
        paths, published=options.published, max_record_bytes=options.max_record_bytes
    ):
        if isinstance(item, Rejected):
            result = item
        else:
            result = clean(item)
        if isinstance(result, Rejected):
            options.report(result.message())
            rejected.append(result)
            continue
        yield result


def run(paths: list[str], options: Options | None = None, extractor=None) -> RunResult:
    """Ingest, extract and store; safe to repeat and to resume after a kill."""
    options = options or Options()
    started = datetime.now(UTC).replace(tzinfo=None)
    run_id = stable_hash(started.isoformat(), *paths)
    result = RunResult(store=Path(options.store))
    with Store(options.store) as store:
        seen: set[str] = set()

        def new_documents() -> Iterator[Document]:
            for doc in documents(paths, options, result.skipped):
                if doc.doc_id in seen or doc.content_hash in seen:
                    result.duplicates += 1
                    continue
                seen.update((doc.doc_id, doc.content_hash))
                if store.known(doc.doc_id, doc.content_hash):
                    result.documents_seen += 1
                    continue
                yield doc

        stream = new_documents()
        first = next(stream, None)
        if first is not None:
            batch: list[tuple[Document, list[Event], list[ActorMention]]] = []
            done = 0
            todo = itertools.chain([first], stream)
            for item in parallel.extract(todo, options.workers, extractor, options.selective):
                batch.append(item)
                done += 1
                if options.progress:
                    options.progress(done)
                if len(batch) >= options.batch_size:
                    _flush(store, batch, result)
            _flush(store, batch, result)
        stories_stage(store, result)
        store.quarantine(result.skipped)
        stats = {
            "documents_new": result.documents_new,
            "documents_seen": result.documents_seen,
            "events_new": result.events_new,
            "skipped": len(result.skipped),
        }
        store.record_run(run_id, started, list(paths), stats, "ok")
    return result


def _flush(store: Store, batch: list, result: RunResult) -> None:
    if not batch:
        return
    result.documents_new += store.write_batch(batch)
    result.events_new += sum(len(events) for _, events, _ in batch)
    batch.clear()


STORIES_CHUNK = 400  # documents clustered together; bounds the similarity matrices


def stories_stage(store: Store, result: RunResult | None = None) -> None:
    """Copies, stories, source kinds, merged events and framing for every stored
    document that has no story yet.

    Runs after the extraction batches. The documents go oldest first in chunks of
    ``STORIES_CHUNK``, each clustered against the stories already stored within
    the time window and written in one transaction, so memory stays bounded and
    the stories grow incrementally. Documents left without a story by a killed run
    are picked up by the next one in the same order, so the final state does not
    depend on where a run was interrupted.
    """
    from .stories import WINDOW_DAYS, build_stories

    pending = store.unassigned()
    touched: set[str] = set()
    for start in range(0, len(pending), STORIES_CHUNK):
        new = store.records_of(pending[start : start + STORIES_CHUNK])
        dates = sorted(d.published for d, _, _ in new if d.published)
        undated = len(dates) < len(new)
        known = store.story_context(
            None if undated else dates[0], None if undated else dates[-1], WINDOW_DAYS
        )
        out = build_stories(new, known)
        framing = {d.doc_id: _framing(d, events, mentions) for d, events, mentions in new}
        store.write_stories(out.documents, out.stories, out.similarity, framing)
        touched.update(story.story_id for story in out.stories)
        if result is not None:
            result.copies += len(out.similarity)
    if result is not None:
        result.stories_touched += len(touched)


def _framing(doc: Document, events: list[Event], mentions: list[ActorMention]) -> dict:
    """The framing columns of one document (tone, loaded terms, attribution)."""
    try:
        from .framing import frame_document
    except ImportError:  # the framing stage is optional until it is installed
        return {}
    data = frame_document(doc, events, mentions).to_json()
    return {
        "tone": {
            "overall": data.get("tone_overall"),
            "actors": data.get("tone") or {},
            "words": data.get("words") or 0,
        },
        "loaded": data.get("loaded") or [],
        "attribution": data.get("attribution") or {},
    }


def extract_events(
    paths: list[str], options: Options | None = None, extractor=None
) -> Iterator[Event]:
    """Stateless extraction: events of every readable input, in input order."""
    options = options or Options()
    rejected: list[Rejected] = []
    docs = documents(paths, options, rejected)
    for _doc, events, _mentions in parallel.extract(
        docs, options.workers, extractor, options.selective
    ):
        yield from events

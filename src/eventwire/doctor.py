"""``eventwire doctor``: check a store's integrity and say what is wrong.

``diagnose(path)`` opens the store read-only and returns a :class:`DoctorResult`:
row counts per table, the schema version, a summary of the quarantined inputs, and
one :class:`Check` per invariant the pipeline guarantees:

* every event belongs to a stored document, every actor row to a stored event, every
  mention to a stored document, every document's story and every event a merged event
  lists exist (no orphans);
* each document's ``n_events`` equals the events stored for it;
* no id is stored twice (documents, content hashes, events, event actor positions);
* every event's evidence offsets slice its document's text to the evidence sentence.

Exit codes of the command: 0 consistent, 1 inconsistent, 2 the store cannot be opened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import StoreError
from .store import SCHEMA_VERSION, Store
from .store import TABLES as STORE_TABLES

__all__ = ["Check", "DoctorResult", "diagnose"]

TABLES = (*STORE_TABLES, "runs")

# (name, what a failure means, SQL counting the offending rows)
CHECKS: list[tuple[str, str, str]] = [
    (
        "events without a document",
        "events whose doc_id is not in documents",
        "SELECT count(*) FROM events e ANTI JOIN documents d ON d.doc_id = e.doc_id",
    ),
    (
        "actor rows without an event",
        "event_actors rows whose event_id is not in events",
        "SELECT count(*) FROM event_actors a ANTI JOIN events e ON e.event_id = a.event_id",
    ),
    (
        "mentions without a document",
        "mentions whose doc_id is not in documents",
        "SELECT count(*) FROM mentions m ANTI JOIN documents d ON d.doc_id = m.doc_id",
    ),
    (
        "documents in a missing story",
        "documents whose story_id is not in stories",
        "SELECT count(*) FROM documents d WHERE d.story_id IS NOT NULL "
        "AND d.story_id NOT IN (SELECT story_id FROM stories)",
    ),
    (
        "merged events citing missing events",
        "merged_events rows listing an event_id that is not in events",
        "SELECT count(DISTINCT m.merged_id) FROM (SELECT merged_id, unnest(event_ids) AS eid "
        "FROM merged_events) m ANTI JOIN events e ON e.event_id = m.eid",
    ),
    (
        "documents whose n_events disagrees",
        "documents whose n_events differs from the events stored for them",
        "SELECT count(*) FROM documents d LEFT JOIN "
        "(SELECT doc_id, count(*) AS n FROM events GROUP BY doc_id) e ON e.doc_id = d.doc_id "
        "WHERE coalesce(d.n_events, 0) <> coalesce(e.n, 0)",
    ),
    (
        "duplicate document ids",
        "doc_id values stored more than once",
        "SELECT count(*) FROM (SELECT doc_id FROM documents GROUP BY doc_id HAVING count(*) > 1)",
    ),
    (
        "duplicate content hashes",
        "content_hash values stored more than once",
        "SELECT count(*) FROM (SELECT content_hash FROM documents GROUP BY content_hash "
        "HAVING count(*) > 1)",
    ),
    (
        "duplicate event ids",
        "event_id values stored more than once",
        "SELECT count(*) FROM (SELECT event_id FROM events GROUP BY event_id HAVING count(*) > 1)",
    ),
    (
        "duplicate actor positions",
        "(event_id, role, position) stored more than once in event_actors",
        "SELECT count(*) FROM (SELECT event_id, role, position FROM event_actors "
        "GROUP BY ALL HAVING count(*) > 1)",
    ),
    (
        "evidence outside its document",
        "events whose evidence offsets do not slice the document text to the sentence",
        "SELECT count(*) FROM events e JOIN documents d ON d.doc_id = e.doc_id "
        "WHERE e.evidence_start < 0 OR e.evidence_end < e.evidence_start "
        "OR e.evidence_end > length(d.text) OR substring(d.text, e.evidence_start + 1, "
        "e.evidence_end - e.evidence_start) <> e.evidence_sentence",
    ),
]


@dataclass
class Check:
    """One invariant: how many rows break it (0 is good) and what that means."""

    name: str
    problems: int
    meaning: str

    @property
    def ok(self) -> bool:
        return self.problems == 0


@dataclass
class DoctorResult:
    """What ``diagnose`` found. ``exit_code``: 0 consistent, 1 inconsistent."""

    store: Path
    schema_version: str | None
    counts: dict[str, int] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    quarantine: list[tuple[str, int]] = field(default_factory=list)  # (reason kind, inputs)

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def to_dict(self) -> dict:
        return {
            "store": str(self.store),
            "schema_version": self.schema_version,
            "ok": self.ok,
            "counts": self.counts,
            "checks": [{"name": c.name, "problems": c.problems, "ok": c.ok} for c in self.checks],
            "quarantine": [{"reason": r, "inputs": n} for r, n in self.quarantine],
        }


def diagnose(path: str | Path) -> DoctorResult:
    """Check the store at ``path`` (read-only); raises StoreError when it cannot be opened.

    >>> result = diagnose("out/eventwire.duckdb")
    >>> result.exit_code, [c.name for c in result.checks if not c.ok]
    """
    path = Path(path)
    if not path.exists():
        raise StoreError(f"no store at {path}: run 'eventwire run PATH' first")
    with Store(path, read_only=True) as store:
        con = store.con
        version = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        result = DoctorResult(store=path, schema_version=version[0] if version else None)
        for table in TABLES:
            result.counts[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        result.checks.append(
            Check(
                "schema version",
                0 if result.schema_version == str(SCHEMA_VERSION) else 1,
                f"the store should be at schema version {SCHEMA_VERSION}",
            )
        )
        for name, meaning, sql in CHECKS:
            result.checks.append(Check(name, con.execute(sql).fetchone()[0], meaning))
        result.quarantine = [
            (reason, n)
            for reason, n in con.execute(
                # the kind of reason: its text before any figures, file names or details
                "SELECT regexp_replace(reason, '\\s*[(\\d].*$', '') AS kind, count(*) AS n "
                "FROM quarantine GROUP BY kind ORDER BY n DESC, kind LIMIT 20"
            ).fetchall()
        ]
    return result

"""The command line, through typer's runner and once as a real subprocess."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from eventwire.cli import app

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "examples" / "demo"
SCHEMA = json.loads((REPO / "src" / "eventwire" / "schema" / "event.schema.json").read_text())
runner = CliRunner()

ARTICLE = {
    "id": "cli-1",
    "outlet": "Meridian Wire",
    "published": "2023-04-04",
    "text": "Finland joined NATO on Tuesday. Russia warned of countermeasures and accused the alliance "
    "of expanding toward its borders.",
}


def test_cli_extract_writes_schema_valid_jsonl(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    out = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["extract", str(src), "--out", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert records
    for rec in records:
        jsonschema.validate(rec, SCHEMA)
    assert {r["doc_id"] for r in records} == {"cli-1"}
    assert any(r["type"] == "ACCUSE" and r["source"][0]["country"] == "RUS" for r in records)


def test_cli_run_then_export_every_format(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    store = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["run", str(src), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "1 new documents" in result.output and "events by type" in result.output
    for fmt in ("parquet", "csv", "jsonl"):
        result = runner.invoke(
            app, ["export", "--format", fmt, "--out", str(tmp_path / fmt), "--store", str(store)]
        )
        assert result.exit_code == 0, result.output
        assert (tmp_path / fmt / f"events.{fmt}").stat().st_size > 0
        assert (tmp_path / fmt / f"documents.{fmt}").stat().st_size > 0
    import pyarrow.parquet as pq

    assert pq.read_table(tmp_path / "parquet" / "documents.parquet").num_rows == 1
    for line in (tmp_path / "jsonl" / "events.jsonl").read_text().splitlines():
        jsonschema.validate(json.loads(line), SCHEMA)


def test_cli_export_unknown_format_is_a_clear_failure(tmp_path):
    result = runner.invoke(
        app, ["export", "--format", "xlsx", "--store", str(tmp_path / "none.duckdb")]
    )
    assert result.exit_code == 2
    assert "unknown export format 'xlsx'" in result.output


def test_cli_missing_input_exits_1_with_one_line(tmp_path):
    result = runner.invoke(
        app, ["run", str(tmp_path / "nope.txt"), "--store", str(tmp_path / "s.duckdb")]
    )
    assert result.exit_code == 1
    assert "nope.txt" in result.output and "no such file" in result.output


def _eventwire(*args, **kw):
    exe = Path(sys.executable).with_name("eventwire")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=600, **kw)


def _counts(store):
    import duckdb

    con = duckdb.connect(str(store), read_only=True)
    try:
        return {
            t: con.execute(f"SELECT count(*), count(DISTINCT {key}) FROM {t}").fetchone()
            for t, key in (
                ("documents", "doc_id"),
                ("events", "event_id"),
                ("mentions", "doc_id || start_char"),
            )
        }
    finally:
        con.close()


@pytest.mark.slow
def test_cli_demo_corpus_extract_validates_against_the_schema(tmp_path):
    out = tmp_path / "events.jsonl"
    proc = _eventwire("extract", str(DEMO), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) > 200
    validator = jsonschema.Draft202012Validator(SCHEMA)
    bad = [(r["event_id"], e.message) for r in records for e in validator.iter_errors(r)]
    assert bad == []


@dataclass
class Reference:
    """One uninterrupted run over the demo corpus: what every interrupted run must equal."""

    counts: dict
    doc_ids: dict[str, str]  # doc_id -> origin
    event_ids: dict[str, str]  # event_id -> doc_id
    mentions: dict[str, int]  # doc_id -> actor mentions stored
    seconds: float  # how long the run took, start to exit

    def subset(self, folders: list[Path]) -> Reference:
        """The reference restricted to the documents read from ``folders`` (extraction is
        per document, so a run over those folders alone must give exactly this)."""
        prefixes = tuple(f"{folder}/" for folder in folders)
        docs = {d: o for d, o in self.doc_ids.items() if o.startswith(prefixes)}
        events = {e: d for e, d in self.event_ids.items() if d in docs}
        mentions = {d: n for d, n in self.mentions.items() if d in docs}
        return Reference({}, docs, events, mentions, self.seconds)


def _ids(store) -> tuple[dict[str, str], dict[str, str], dict[str, int]]:
    import duckdb

    con = duckdb.connect(str(store), read_only=True)
    try:
        docs = dict(con.execute("SELECT doc_id, origin FROM documents").fetchall())
        events = dict(con.execute("SELECT event_id, doc_id FROM events").fetchall())
        mentions = dict(con.execute("SELECT doc_id, count(*) FROM mentions GROUP BY 1").fetchall())
        return docs, events, mentions
    finally:
        con.close()


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """One uninterrupted run over the demo corpus (shared by the kill tests)."""
    store = tmp_path_factory.mktemp("reference") / "reference.duckdb"
    started = time.monotonic()
    assert _eventwire("run", str(DEMO), "--store", str(store)).returncode == 0
    seconds = time.monotonic() - started
    return Reference(_counts(store), *_ids(store), seconds)


@pytest.mark.slow
@pytest.mark.parametrize("batches_before_kill", [1, 2])
def test_cli_run_killed_mid_way_resumes_without_duplicates(
    tmp_path, batches_before_kill, reference
):
    """A real subprocess killed with SIGKILL after N committed batches, then run
    again, leaves the same store as one uninterrupted run."""
    expected = reference.counts

    store = tmp_path / "killed.duckdb"
    wal = Path(str(store) + ".wal")
    exe = Path(sys.executable).with_name("eventwire")
    proc = subprocess.Popen(
        [str(exe), "run", str(DEMO), "--store", str(store)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    sizes: list[int] = []
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        # every committed batch grows the write-ahead log; kill after the Nth growth
        size = wal.stat().st_size if wal.exists() else 0
        if size > 50_000 and (not sizes or size > sizes[-1]):
            sizes.append(size)
        if len(sizes) >= batches_before_kill:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    second = _eventwire("run", str(DEMO), "--store", str(store))
    assert second.returncode == 0, second.stderr
    # (a kill during a batch's commit may leave that batch out: the rerun redoes it)
    assert _counts(store) == expected
    again = _eventwire("run", str(DEMO), "--store", str(store))
    assert "0 new documents" in again.stdout
    assert _counts(store) == expected


# Two of the demo's three folders: 28 documents, two store batches (16 + 12).
KILL_CORPUS = [DEMO / "belarus_china", DEMO / "world"]


def _start_run(corpus: list[Path], store) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("eventwire")
    return subprocess.Popen(
        [str(exe), "run", *map(str, corpus), "--store", str(store)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cli_run_killed_at_a_random_moment_resumes_to_the_same_store(
    tmp_path, seed, reference, kill_log
):
    """SIGKILL after a delay drawn (by seed) from the reference run's length: anywhere in
    model loading, reading, extraction or a commit. The rerun gives the same documents
    and events, by id, with no duplicate and nothing missing, and doctor finds it sound."""
    from eventwire.doctor import diagnose

    expected = reference.subset(KILL_CORPUS)
    # the subset's run length, estimated from the reference run by its share of documents;
    # kills are drawn from its first 60% (the estimate runs long: the reference also pays
    # for the stories of every document, and the machine's load changes between runs)
    seconds = reference.seconds * len(expected.doc_ids) / len(reference.doc_ids)
    delay = random.Random(seed).uniform(0.05, 0.6) * seconds
    store = tmp_path / "killed.duckdb"
    proc = _start_run(KILL_CORPUS, store)
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    killed = proc.returncode == -signal.SIGKILL
    at_kill = _counts(store)["documents"][0] if killed and store.exists() else None
    second = _eventwire("run", *map(str, KILL_CORPUS), "--store", str(store))
    assert second.returncode == 0, second.stderr
    docs, events, mentions = _ids(store)
    assert set(docs) == set(expected.doc_ids) and set(events) == set(expected.event_ids)
    assert events == expected.event_ids  # each event under the same document
    assert mentions == expected.mentions
    counts = _counts(store)  # (rows, distinct ids): no document or event stored twice
    assert counts["documents"] == (len(docs),) * 2 and counts["events"] == (len(events),) * 2
    assert diagnose(store).ok
    kill_log.append(
        f"seed {seed}: SIGKILL at {delay:.1f}s of ~{seconds:.1f}s "
        + (f"({at_kill} of {len(docs)} documents committed)" if killed else "(run had finished)")
        + f"; resumed: {len(docs)} documents, {len(events)} events, 0 lost, 0 duplicated"
    )


@pytest.mark.slow
def test_cli_two_concurrent_runs_on_one_store(tmp_path, reference, kill_log):
    """Two `eventwire run` processes started together on one store: the second fails at
    once with a clear message (or, had the first finished, finds nothing new); the store
    ends equal to the reference's documents and events for that corpus."""
    from eventwire.doctor import diagnose

    corpus = [DEMO / "world"]
    expected = reference.subset(corpus)
    store = tmp_path / "shared.duckdb"
    first, second = _start_run(corpus, store), _start_run(corpus, store)
    started = time.monotonic()
    outcomes = []
    for proc in (first, second):
        out, err = proc.communicate(timeout=300)
        outcomes.append((proc.returncode, err, time.monotonic() - started))
    codes = sorted(code for code, _, _ in outcomes)
    assert codes in ([0, 0], [0, 2]), outcomes
    for code, err, seconds in outcomes:
        if code == 2:
            assert err.strip().splitlines() == [
                f"eventwire: store {store} is in use by another eventwire process; "
                "wait for it to finish or use another --store"
            ]
            assert seconds < reference.seconds  # failed fast, not after the other's work
    docs, events, mentions = _ids(store)
    assert set(docs) == set(expected.doc_ids) and events == expected.event_ids
    assert mentions == expected.mentions
    assert diagnose(store).ok
    kill_log.append(
        f"concurrent runs: exit codes {codes}; store holds {len(docs)} documents, "
        f"{len(events)} events, as the reference"
    )

"""The command line, through typer's runner and once as a real subprocess."""

import json
import os
import signal
import subprocess
import sys
import time
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


@pytest.fixture(scope="module")
def uninterrupted_counts(tmp_path_factory):
    """Row counts of one uninterrupted run over the demo corpus (shared by the kill tests)."""
    reference = tmp_path_factory.mktemp("reference") / "reference.duckdb"
    assert _eventwire("run", str(DEMO), "--store", str(reference)).returncode == 0
    return _counts(reference)


@pytest.mark.slow
@pytest.mark.parametrize("batches_before_kill", [1, 2])
def test_cli_run_killed_mid_way_resumes_without_duplicates(
    tmp_path, batches_before_kill, uninterrupted_counts
):
    """A real subprocess killed with SIGKILL after N committed batches, then run
    again, leaves the same store as one uninterrupted run."""
    expected = uninterrupted_counts

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

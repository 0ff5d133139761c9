"""The Spark path: ``eventwire spark`` in local[2] against ``eventwire extract``, the
Parquet layout, quarantine, stories and attaching the output to a store.

One Spark run over the demo corpus (43 documents) plus two inputs of our own (an
undated plain-text article and a broken JSON file) serves every Spark test.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.doctor import diagnose
from eventwire.errors import ConfigError
from eventwire.pipeline import Options, documents
from eventwire.spark import SparkOptions, _documents, check_java, plan, run_spark, spark_session
from eventwire.store import Store

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"
runner = CliRunner()
_NO_JAVA = pytest.mark.skipif(
    shutil.which("java") is None,
    reason="java missing: 'make test' installs it (apt-get install -y default-jre-headless)",
)


def spark_test(test):
    """Marks of a test that runs Spark: spark, slow, skipped without Java."""
    return pytest.mark.spark(pytest.mark.slow(_NO_JAVA(test)))


UNDATED = (
    "The foreign minister of Norway met his Swedish counterpart to discuss fishing quotas "
    "in the Barents Sea. Both governments agreed to extend the current arrangement.\n"
)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    extra = tmp_path_factory.mktemp("extra")
    (extra / "undated_norway_sweden.txt").write_text(UNDATED, encoding="utf-8")
    (extra / "broken.json").write_text('{"id": "x", "text": "cut off', encoding="utf-8")
    return [str(DEMO), str(extra)]


@pytest.fixture(scope="module")
def spark_run(inputs, tmp_path_factory):
    """One Spark run in local[2]: (result, out dir, what 8 later tasks found in their
    worker); the session and its JVM end after."""
    out = tmp_path_factory.mktemp("spark") / "out"
    options = SparkOptions(out=out, master="local[2]", shard_bytes=4_000)

    def probe(_part):  # nested, so Spark ships it by value to the workers
        import os

        from eventwire import spark as spark_module

        cached = spark_module._EXTRACTOR
        yield os.getpid(), id(cached), cached is not None

    with spark_session("local[2]", stop_jvm=True) as spark:
        result = run_spark(inputs, options, spark)
        probe = spark.sparkContext.parallelize(range(8), 8).mapPartitions(probe).collect()
    return result, out, probe


@pytest.fixture(scope="module")
def spark_out(spark_run):
    """(result, out dir) of the Spark run."""
    return spark_run[:2]


@pytest.fixture(scope="module")
def extracted(inputs, tmp_path_factory) -> list[dict]:
    """What ``eventwire extract`` writes for the same inputs."""
    path = tmp_path_factory.mktemp("extract") / "events.jsonl"
    result = runner.invoke(app, ["extract", *inputs, "--out", str(path)])
    assert result.exit_code == 1, result.output  # the broken file is skipped
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _read(out: Path, table: str, where: str = "") -> list[dict]:
    import duckdb

    partitioned = table in ("documents", "events", "event_actors", "mentions")
    pattern = out / table / ("**/*.parquet" if partitioned else "*.parquet")
    con = duckdb.connect()
    cur = con.execute(
        f"SELECT * FROM read_parquet('{pattern}', hive_partitioning = {partitioned}) {where}"
    )
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


@spark_test
def test_spark_events_same_as_extract(spark_out, extracted):
    result, out = spark_out
    events = {row["event_id"]: row for row in _read(out, "events")}
    assert len(extracted) > 500  # the demo corpus gives several hundred events
    assert set(events) == {e["event_id"] for e in extracted}
    assert result.tables["events"] == len(extracted)
    for expected in extracted:
        row = events[expected["event_id"]]
        record = json.loads(row["record"])
        assert record == expected  # the whole record: type, roles, dates, evidence...
        assert row["type"] == expected["type"]
        assert row["source_codes"] == [a["country"] or a["text"] for a in expected["source"]]
        assert row["target_codes"] == [a["country"] or a["text"] for a in expected["target"]]


@spark_test
def test_spark_documents_partitioned_by_publication_date(spark_out, inputs):
    _result, out = spark_out
    expected = {d.doc_id: d for d in documents(inputs, Options(report=lambda m: None), [])}
    rows = _read(out, "documents")
    assert {r["doc_id"] for r in rows} == set(expected) and len(rows) == len(expected) == 44
    for row in rows:
        published = expected[row["doc_id"]].published
        assert (row["published"].isoformat() if row["published"] else None) == published
        assert row["text"] == expected[row["doc_id"]].text
    folders = {p.name for p in (out / "documents").iterdir() if p.is_dir()}
    dated = {f"published={d.published}" for d in expected.values() if d.published}
    assert folders == dated | {"published=__HIVE_DEFAULT_PARTITION__"}  # the undated text
    for folder in (out / "events").iterdir():
        if folder.is_dir() and folder.name != "published=__HIVE_DEFAULT_PARTITION__":
            day = folder.name.removeprefix("published=")
            where = f"WHERE published = DATE '{day}'"
            doc_ids = {r["doc_id"] for r in _read(out, "events", where)}
            assert doc_ids and all(expected[d].published == day for d in doc_ids)


@spark_test
def test_spark_model_is_loaded_once_per_worker_process(spark_run):
    _result, _out, probe = spark_run
    assert all(loaded for _pid, _id, loaded in probe)  # workers kept their extractor
    extractors = {}
    for pid, extractor, _loaded in probe:
        extractors.setdefault(pid, set()).add(extractor)
    assert len(extractors) <= 2  # local[2]: at most two reused Python workers
    assert all(len(ids) == 1 for ids in extractors.values())  # one extractor each


@spark_test
def test_spark_bad_input_is_quarantined_not_fatal(spark_out):
    result, out = spark_out
    rows = _read(out, "quarantine")
    assert [r["origin"].rsplit("/", 1)[-1] for r in rows] == ["broken.json"]
    assert rows[0]["reason"].startswith("invalid JSON")
    assert result.exit_code == 1 and result.tables["documents"] == 44


@spark_test
def test_spark_stories_link_the_republished_copy(spark_out):
    _result, out = spark_out
    docs = {r["origin"]: r for r in _read(out, "documents")}
    (copy,) = [
        r for o, r in docs.items() if o.endswith("_worldnewsnow24_copy_lukashenko_beijing.html")
    ]
    by_id = {r["doc_id"]: r for r in docs.values()}
    assert copy["duplicate_of"] in by_id  # a copy of a document of the run
    assert copy["source_kind"] == "copy" and copy["duplicate_similarity"] > 0.6
    assert by_id[copy["duplicate_of"]]["story_id"] == copy["story_id"]
    assert all(json.loads(r["tone"])["words"] > 0 for r in docs.values())  # framing ran
    assert all(r["story_id"] for r in docs.values())
    story_of = {r["doc_id"]: r["story_id"] for r in docs.values()}
    assert all(e["story_id"] == story_of[e["doc_id"]] for e in _read(out, "events"))
    stories = _read(out, "stories")
    assert {s["story_id"] for s in stories} == set(story_of.values())
    assert sum(s["n_documents"] for s in stories) == len(docs)
    event_ids = {e["event_id"] for e in _read(out, "events")}
    merged = _read(out, "merged_events")
    assert merged and all(set(m["event_ids"]) <= event_ids for m in merged)
    assert {m["story_id"] for m in merged} <= set(story_of.values())


@spark_test
def test_spark_output_attaches_to_a_store_once(spark_out, tmp_path):
    result, out = spark_out
    store = tmp_path / "attached.duckdb"
    first = runner.invoke(app, ["run", "--from-parquet", str(out), "--store", str(store)])
    assert first.exit_code == 1, first.output  # one input was quarantined
    assert "44 new documents" in first.output
    with Store(store, read_only=True) as s:
        counts = s.counts()
    for table in ("documents", "events", "event_actors", "mentions", "stories", "merged_events"):
        assert counts[table] == result.tables[table], table
    assert counts["quarantine"] == 1
    assert diagnose(store).ok  # eventwire doctor: no orphans, offsets inside documents...
    again = runner.invoke(app, ["run", "--from-parquet", str(out), "--store", str(store)])
    assert "0 new documents, 44 already stored" in again.output, again.output
    with Store(store, read_only=True) as s:
        assert s.counts() == counts


def test_spark_plan_shards_many_record_files(tmp_path):
    text = "Ministers of {} states met in Vienna on Tuesday to talk about grain exports. "
    lines = [json.dumps({"id": f"r{i}", "text": text.format(i) * 4}) for i in range(12)]
    (tmp_path / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "one.txt").write_text(text.format("two") * 40, encoding="utf-8")
    units, rejected = plan([str(tmp_path), str(tmp_path / "missing")], shard_bytes=1_000)
    assert [r.origin for r in rejected] == [str(tmp_path / "missing")]
    text_units = [u for u in units if u[1].endswith("one.txt")]
    assert len(text_units) == 1  # one article per file: never cut
    shards = [u for u in units if u[1].endswith("wire.jsonl")]
    assert len(shards) > 2 and all(u[4] is not None for u in shards)  # JSONL: byte ranges
    (tmp_path / "wire.json").write_text("[" + ",".join(lines) + "]", encoding="utf-8")
    units, _ = plan([str(tmp_path / "wire.json")], shard_bytes=1_000)
    assert len(units) > 2 and all(u[4] is None for u in units)  # a JSON list: modulo shards
    for cut in (shards, units):
        seen: list[str] = []
        for unit in cut:
            keys: dict[int, int] = {}
            seen += [d.doc_id for d in _documents(unit, None, 10**6, keys, [])]
        assert sorted(seen) == sorted(f"r{i}" for i in range(12))  # every record exactly once


def test_spark_without_java_says_how_to_install(monkeypatch):
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ConfigError, match="apt-get install default-jre-headless"):
        check_java()

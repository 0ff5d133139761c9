"""``eventwire export --layout native|gdelt|polecat``."""

from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from _web_corpus import build_store
from eventwire._export_layouts import GDELT_COLUMNS, POLECAT_COLUMNS
from eventwire.cli import app
from eventwire.errors import ConfigError
from eventwire.export import export_tables


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("export"))


def _by_event(rows, key):
    return {r[key]: r for r in rows}


def test_export_gdelt_columns_and_values(store, tmp_path):
    [(path, n)] = export_tables(store, tmp_path, "jsonl", layout="gdelt")
    assert path.name == "events_gdelt.jsonl" and n == 8
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    assert list(rows[0]) == [c for c, _ in GDELT_COLUMNS]
    accuse = next(r for r in rows if r["EW_PloverType"] == "ACCUSE")
    assert accuse["SQLDATE"] == 20230302 and accuse["Year"] == 2023
    assert accuse["Actor1CountryCode"] == "USA" and accuse["Actor2CountryCode"] == "RUS"
    assert accuse["Actor2Name"] == "RUSSIA"
    assert accuse["EventRootCode"] == accuse["EventCode"][:2]
    assert accuse["QuadClass"] == 3 and accuse["AvgTone"] is None
    assert accuse["SOURCEURL"] == "https://beta.example/kharkiv-shelled"
    assert accuse["IsRootEvent"] == 0  # second paragraph
    assault = [r for r in rows if r["EW_PloverType"] == "ASSAULT"]
    assert {r["IsRootEvent"] for r in assault} == {1}
    assert {r["NumMentions"] for r in assault} == {1}  # different days: two events
    assert len({r["GLOBALEVENTID"] for r in rows}) == 8


def test_export_polecat_columns_and_values(store, tmp_path):
    [(path, n)] = export_tables(store, tmp_path, "csv", layout="polecat")
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == [c for c, _ in POLECAT_COLUMNS] and n == 8
    consult = next(r for r in rows if r["Event Type"] == "CONSULT")
    assert consult["Actor Country"] == "FRA; DEU"
    assert consult["Publisher"] == "Gamma Daily" and consult["Headline"] == "Leaders meet"
    assert consult["Event Date"] == "2023-03-10" and consult["Quad Code"] == "1"
    assert consult["Modality"] == "asserted" and consult["Evidence"].startswith("France")


def test_export_layouts_in_parquet_keep_types(store, tmp_path):
    [(path, _)] = export_tables(store, tmp_path, "parquet", layout="gdelt")
    table = pq.read_table(path)
    assert str(table.schema.field("SQLDATE").type) == "int32"
    assert str(table.schema.field("GoldsteinScale").type) == "double"
    [(path, _)] = export_tables(store, tmp_path, "parquet", layout="polecat")
    assert pq.read_table(path).num_rows == 8


def test_export_native_layout_is_unchanged(store, tmp_path):
    written = export_tables(store, tmp_path, "csv", layout="native")
    assert [p.name for p, _ in written] == ["documents.csv", "events.csv"]


def test_export_unknown_layout_fails_clearly(store, tmp_path):
    with pytest.raises(ConfigError, match="unknown export layout 'cameo'"):
        export_tables(store, tmp_path, "csv", layout="cameo")
    result = CliRunner().invoke(
        app, ["export", "--layout", "cameo", "--out", str(tmp_path), "--store", str(store)]
    )
    assert result.exit_code == 2


def test_export_cli_layout_option(store, tmp_path):
    result = CliRunner().invoke(
        app,
        [
            "export",
            "--format",
            "csv",
            "--layout",
            "gdelt",
            "--out",
            str(tmp_path),
            "--store",
            str(store),
        ],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "events_gdelt.csv").exists()

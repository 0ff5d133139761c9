"""Exports: the documents and events tables out of the store, for pandas,
polars, R and spreadsheets.

- ``jsonl``: one DESIGN.md section 3 record per event (``events.jsonl``) and one
  document record per line (``documents.jsonl``, without the text body's offset map;
  with its source kind, copy link, story and framing columns);
- ``parquet`` / ``csv``: the flat store columns (actor codes as lists in Parquet,
  ``;``-joined in CSV).

``layout`` picks the columns: ``native`` (the above), ``gdelt`` (GDELT 2.0
event-table columns, one row per event, ``events_gdelt.FORMAT``) or ``polecat``
(POLECAT-like columns, ``events_polecat.FORMAT``); docs/formats.md has the tables.
"""

from __future__ import annotations

import json
from pathlib import Path

from .errors import ConfigError
from .store import Store

FORMATS = ("parquet", "csv", "jsonl")
LAYOUTS = ("native", "gdelt", "polecat")

DOCUMENT_COLUMNS = (
    "doc_id, url, outlet, title, published, language, source_kind, duplicate_of, "
    "duplicate_similarity, story_id, n_events, content_hash, origin, tone, loaded, "
    "attribution, text"
)
EVENT_COLUMNS = (
    "event_id, doc_id, story_id, type, mode, cameo, quad_class, goldstein, modality, "
    "source_codes, target_codes, attributed_to, date_start, date_end, date_precision, "
    "location_name, location_country, location_lat, location_lon, location_geonameid, "
    "location_precision, evidence_sentence, evidence_start, evidence_end, "
    "confidence, extractor"
)


def export_tables(
    store_path: str | Path, out_dir: str | Path, fmt: str, layout: str = "native"
) -> list[tuple[Path, int]]:
    """Write documents and events in ``fmt`` into ``out_dir``; returns (path, rows).

    ``layout`` ``gdelt`` or ``polecat`` writes one events table in that layout instead.
    """
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if layout not in LAYOUTS:
        raise ConfigError(f"unknown export layout {layout!r}: choose one of {', '.join(LAYOUTS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if layout != "native":
        from ._export_layouts import export_layout

        with Store(store_path, read_only=True) as store:
            return [export_layout(store.con, out, fmt, layout)]
    written = []
    with Store(store_path, read_only=True) as store:
        con = store.con
        for name, columns in (("documents", DOCUMENT_COLUMNS), ("events", EVENT_COLUMNS)):
            path = out / f"{name}.{fmt}"
            query = f"SELECT {columns} FROM {name} ORDER BY 1"
            if fmt == "parquet":
                con.execute(f"COPY ({query}) TO '{_quote(path)}' (FORMAT parquet)")
            elif fmt == "csv":
                flat = query.replace(
                    "source_codes, target_codes",
                    "array_to_string(source_codes, ';') AS source_codes, "
                    "array_to_string(target_codes, ';') AS target_codes",
                )
                con.execute(f"COPY ({flat}) TO '{_quote(path)}' (FORMAT csv, HEADER)")
            else:
                _write_jsonl(con, name, columns, path)
            rows = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
            written.append((path, rows))
    return written


def _write_jsonl(con, name: str, columns: str, path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        if name == "events":
            cur = con.execute("SELECT record, story_id FROM events ORDER BY event_id")
            while rows := cur.fetchmany(1000):
                for record, story_id in rows:
                    data = json.loads(record)
                    data["story_id"] = story_id
                    fh.write(json.dumps(data, ensure_ascii=False) + "\n")
        else:
            cur = con.execute(f"SELECT {columns} FROM {name} ORDER BY 1")
            names = [d[0] for d in cur.description]
            while rows := cur.fetchmany(1000):
                for row in rows:
                    data = dict(zip(names, row, strict=True))
                    if data.get("published") is not None:
                        data["published"] = data["published"].isoformat()
                    for key in _JSON_COLUMNS:  # framing columns: objects, not strings
                        if isinstance(data.get(key), str):
                            data[key] = json.loads(data[key])
                    fh.write(json.dumps(data, ensure_ascii=False) + "\n")


_JSON_COLUMNS = ("tone", "loaded", "attribution")


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")

"""GDELT- and POLECAT-like event tables for ``eventwire export --layout gdelt|polecat``.

One row per event. Where those datasets have one actor per slot we take the first
source and first target (all of them in POLECAT's ``;``-joined name columns). The
column tables, and what each column means here, are in docs/formats.md.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

GDELT_COLUMNS: list[tuple[str, pa.DataType]] = [
    ("GLOBALEVENTID", pa.int64()),
    ("SQLDATE", pa.int32()),
    ("MonthYear", pa.int32()),
    ("Year", pa.int32()),
    ("FractionDate", pa.float64()),
    *[
        (f"Actor{i}{field}", pa.string())
        for i in (1, 2)
        for field in ("Code", "Name", "CountryCode", "KnownGroupCode", "Type1Code")
    ],
    ("IsRootEvent", pa.int8()),
    ("EventCode", pa.string()),
    ("EventBaseCode", pa.string()),
    ("EventRootCode", pa.string()),
    ("QuadClass", pa.int8()),
    ("GoldsteinScale", pa.float64()),
    ("NumMentions", pa.int32()),
    ("NumSources", pa.int32()),
    ("NumArticles", pa.int32()),
    ("AvgTone", pa.float64()),
    ("ActionGeo_Type", pa.int8()),
    ("ActionGeo_FullName", pa.string()),
    ("ActionGeo_CountryCode", pa.string()),
    ("ActionGeo_ADM1Code", pa.string()),
    ("ActionGeo_Lat", pa.float64()),
    ("ActionGeo_Long", pa.float64()),
    ("ActionGeo_FeatureID", pa.string()),
    ("DATEADDED", pa.int64()),
    ("SOURCEURL", pa.string()),
    ("EW_EventID", pa.string()),
    ("EW_DocID", pa.string()),
    ("EW_PloverType", pa.string()),
    ("EW_Modality", pa.string()),
]

POLECAT_COLUMNS: list[tuple[str, pa.DataType]] = [
    ("Event ID", pa.string()),
    ("Event Date", pa.string()),
    ("Event Type", pa.string()),
    ("Event Mode", pa.string()),
    ("Event Intensity", pa.float64()),
    ("Quad Code", pa.int8()),
    ("Contexts", pa.string()),
    ("Actor Name", pa.string()),
    ("Actor Country", pa.string()),
    ("Primary Actor Sector", pa.string()),
    ("Actor Type", pa.string()),
    ("Actor Name Raw", pa.string()),
    ("Recipient Name", pa.string()),
    ("Recipient Country", pa.string()),
    ("Primary Recipient Sector", pa.string()),
    ("Recipient Type", pa.string()),
    ("Recipient Name Raw", pa.string()),
    ("Placename", pa.string()),
    ("Country", pa.string()),
    ("Latitude", pa.float64()),
    ("Longitude", pa.float64()),
    ("GeoNames ID", pa.string()),
    ("Feature Type", pa.string()),
    ("Headline", pa.string()),
    ("Story ID", pa.string()),
    ("Publisher", pa.string()),
    ("Source URL", pa.string()),
    ("Publication Date", pa.string()),
    ("Language", pa.string()),
    ("Version", pa.string()),
    ("Modality", pa.string()),
    ("Attributed To", pa.string()),
    ("Evidence", pa.string()),
    ("Doc ID", pa.string()),
]

# in the lead: the evidence starts before the first blank line (or in the first 500 chars)
_QUERY = """
SELECT e.event_id, e.doc_id, e.record, coalesce(e.story_id, d.story_id), d.outlet, d.url,
       d.title, d.published, d.language, d.ingested_at,
       e.evidence_start < coalesce(nullif(strpos(d.text, chr(10) || chr(10)), 0), 500) AS lead
FROM events e JOIN documents d ON d.doc_id = e.doc_id
ORDER BY e.date_start NULLS LAST, e.event_id
"""

# GDELT's ActionGeo_Type has no code for a sea or a world region: those stay null.
_GEO_TYPES = {"country": 1, "admin1": 5, "admin2": 5, "city": 4, "site": 4}


def _actor_code(actor: dict | None) -> str | None:
    if not actor:
        return None
    code = (actor.get("country") or "") + (actor.get("sector") or "")
    return code or None


def _is_state_code(actor: dict) -> bool:
    return actor.get("kind") in ("state", "person", "group") and bool(actor.get("country"))


def _gdelt_actor(i: int, actor: dict | None) -> dict[str, Any]:
    prefix = f"Actor{i}"
    if not actor:
        return dict.fromkeys(
            (
                f"{prefix}{f}"
                for f in ("Code", "Name", "CountryCode", "KnownGroupCode", "Type1Code")
            ),
            None,
        )
    return {
        f"{prefix}Code": _actor_code(actor),
        f"{prefix}Name": (actor.get("name") or actor.get("text") or "").upper() or None,
        f"{prefix}CountryCode": actor.get("country") if _is_state_code(actor) else None,
        f"{prefix}KnownGroupCode": actor.get("country")
        if actor.get("kind") == "organisation"
        else None,
        f"{prefix}Type1Code": actor.get("sector"),
    }


def _date_parts(day: date | None) -> dict[str, Any]:
    if day is None:
        return {"SQLDATE": None, "MonthYear": None, "Year": None, "FractionDate": None}
    doy = day.timetuple().tm_yday
    return {
        "SQLDATE": int(day.strftime("%Y%m%d")),
        "MonthYear": int(day.strftime("%Y%m")),
        "Year": day.year,
        "FractionDate": round(day.year + (doy - 1) / 365, 4),
    }


def _gdelt_rows(rows: list[tuple]) -> list[dict[str, Any]]:
    decoded = []
    for event_id, doc_id, record, _story, outlet, url, _t, _p, _l, added, lead in rows:
        rec = json.loads(record)
        a1 = rec["source"][0] if rec["source"] else None
        a2 = rec["target"][0] if rec["target"] else None
        start = rec["date"].get("start")
        key = (start, rec.get("cameo"), _actor_code(a1), _actor_code(a2))
        decoded.append((event_id, doc_id, rec, outlet, url, added, lead, a1, a2, start, key))
    mentions = Counter(d[-1] for d in decoded)
    sources: dict[tuple, set] = {}
    articles: dict[tuple, set] = {}
    for d in decoded:
        sources.setdefault(d[-1], set()).add(d[3])
        articles.setdefault(d[-1], set()).add(d[1])
    out = []
    for event_id, doc_id, rec, _outlet, url, added, lead, a1, a2, start, key in decoded:
        cameo = rec.get("cameo") or None
        loc = rec.get("location") or {}
        day = date.fromisoformat(start) if start else None
        row = {
            "GLOBALEVENTID": int(event_id[:15], 16),
            **_date_parts(day),
            **_gdelt_actor(1, a1),
            **_gdelt_actor(2, a2),
            "IsRootEvent": 1 if lead else 0,
            "EventCode": cameo,
            "EventBaseCode": cameo[:3] if cameo else None,
            "EventRootCode": cameo[:2] if cameo else None,
            "QuadClass": rec.get("quad_class"),
            "GoldsteinScale": rec.get("goldstein"),
            "NumMentions": mentions[key],
            "NumSources": len(sources[key]),
            "NumArticles": len(articles[key]),
            "AvgTone": None,
            "ActionGeo_Type": _GEO_TYPES.get(loc.get("precision")) if loc else None,
            "ActionGeo_FullName": loc.get("name"),
            "ActionGeo_CountryCode": loc.get("country"),
            "ActionGeo_ADM1Code": loc.get("admin1"),
            "ActionGeo_Lat": loc.get("lat"),
            "ActionGeo_Long": loc.get("lon"),
            "ActionGeo_FeatureID": str(loc["geonameid"]) if loc.get("geonameid") else None,
            "DATEADDED": int(added.strftime("%Y%m%d%H%M%S"))
            if isinstance(added, datetime)
            else None,
            "SOURCEURL": url,
            "EW_EventID": event_id,
            "EW_DocID": doc_id,
            "EW_PloverType": rec.get("type"),
            "EW_Modality": rec.get("modality"),
        }
        out.append(row)
    return out


def _join(actors: list[dict], field: str) -> str | None:
    values = [a.get(field) or "" for a in actors]
    return "; ".join(values) if any(values) else None


def _polecat_rows(rows: list[tuple], version: str) -> list[dict[str, Any]]:
    out = []
    for event_id, doc_id, record, story, outlet, url, title, published, lang, _a, _l in rows:
        rec = json.loads(record)
        loc = rec.get("location") or {}
        row = {
            "Event ID": event_id,
            "Event Date": rec["date"].get("start"),
            "Event Type": rec.get("type"),
            "Event Mode": rec.get("mode"),
            "Event Intensity": rec.get("goldstein"),
            "Quad Code": rec.get("quad_class"),
            "Contexts": "; ".join(rec.get("context") or []) or None,
        }
        for role, label in (("source", "Actor"), ("target", "Recipient")):
            actors = rec.get(role) or []
            row[f"{label} Name"] = _join(actors, "name") or _join(actors, "text")
            row[f"{label} Country"] = _join(actors, "country")
            row[f"Primary {label} Sector"] = actors[0].get("sector") if actors else None
            row[f"{label} Type"] = _join(actors, "kind")
            row[f"{label} Name Raw"] = _join(actors, "text")
        attributed = rec.get("attributed_to") or {}
        row.update(
            {
                "Placename": loc.get("name"),
                "Country": loc.get("country"),
                "Latitude": loc.get("lat"),
                "Longitude": loc.get("lon"),
                "GeoNames ID": str(loc["geonameid"]) if loc.get("geonameid") else None,
                "Feature Type": loc.get("precision"),
                "Headline": title,
                "Story ID": story,
                "Publisher": outlet,
                "Source URL": url,
                "Publication Date": published.isoformat() if published else None,
                "Language": lang,
                "Version": version,
                "Modality": rec.get("modality"),
                "Attributed To": attributed.get("name") or attributed.get("text"),
                "Evidence": rec["evidence"]["sentence"],
                "Doc ID": doc_id,
            }
        )
        out.append(row)
    return out


def export_layout(con, out: Path, fmt: str, layout: str) -> tuple[Path, int]:
    """Write ``out/events_{layout}.{fmt}``; returns (path, rows)."""
    from . import __version__

    rows = con.execute(_QUERY).fetchall()
    if layout == "gdelt":
        columns, data = GDELT_COLUMNS, _gdelt_rows(rows)
    else:
        columns, data = POLECAT_COLUMNS, _polecat_rows(rows, f"eventwire {__version__}")
    schema = pa.schema(columns)
    table = pa.Table.from_pylist(data, schema=schema)
    path = out / f"events_{layout}.{fmt}"
    if fmt == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, path)
    elif fmt == "csv":
        import pyarrow.csv as pcsv

        pcsv.write_csv(table, path)
    else:
        with open(path, "w", encoding="utf-8") as fh:
            for row in data:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path, len(data)

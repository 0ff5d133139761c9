"""The read-only queries behind the JSON API, the dashboard and the static report.

Every function takes an open DuckDB connection (``Store(path, read_only=True).con``)
and returns plain JSON-ready dicts and lists. SQL takes user values only as
parameters; the only strings pasted into SQL are the fixed fragments below.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib.resources import files
from typing import Any

SORTS = {
    "date": "e.date_start ASC NULLS LAST, e.event_id",
    "-date": "e.date_start DESC NULLS LAST, e.event_id",
    "type": "e.type, e.date_start, e.event_id",
    "confidence": "e.confidence DESC, e.event_id",
}
MODALITIES = ("asserted", "planned", "hypothetical", "negated", "denied")
STORY_WINDOW_DAYS = 3  # fallback stories: same pair and type within this many days

EVENT_SELECT = (
    "SELECT e.event_id, e.record, e.story_id, d.outlet, d.url, d.title, d.published, "
    "d.story_id AS doc_story_id FROM events e JOIN documents d ON d.doc_id = e.doc_id"
)


@dataclass
class EventFilter:
    """The filters of ``GET /api/events``; every field optional."""

    actor: str | None = None  # source or target code
    source: str | None = None
    target: str | None = None
    type: str | None = None
    quad_class: int | None = None
    modality: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    outlet: str | None = None
    story_id: str | None = None
    q: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.actor:
            clauses.append("(list_contains(e.source_codes, ?) OR list_contains(e.target_codes, ?))")
            params += [self.actor, self.actor]
        if self.source:
            clauses.append("list_contains(e.source_codes, ?)")
            params.append(self.source)
        if self.target:
            clauses.append("list_contains(e.target_codes, ?)")
            params.append(self.target)
        for column, value in (
            ("e.type", self.type),
            ("e.quad_class", self.quad_class),
            ("e.modality", self.modality),
            ("d.outlet", self.outlet),
        ):
            if value is not None and value != "":
                clauses.append(f"{column} = ?")
                params.append(value)
        if self.story_id:
            clauses.append("coalesce(e.story_id, d.story_id) = ?")
            params.append(self.story_id)
        if self.date_from:
            clauses.append("e.date_start >= ?")
            params.append(self.date_from)
        if self.date_to:
            clauses.append("e.date_start <= ?")
            params.append(self.date_to)
        if self.q:
            clauses.append("e.evidence_sentence ILIKE ? ESCAPE '\\'")
            params.append("%" + _like_escape(self.q) + "%")
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _event_row(row: tuple) -> dict[str, Any]:
    event_id, record, story_id, outlet, url, title, published, doc_story = row
    data = json.loads(record)
    data["story_id"] = story_id or doc_story
    data["outlet"] = outlet
    data["url"] = url
    data["title"] = title
    data["published"] = _iso(published)
    return data


def events(
    con, flt: EventFilter, limit: int = 50, offset: int = 0, sort: str = "-date"
) -> dict[str, Any]:
    """One page of events (DESIGN.md section 3 records plus document fields) and the total."""
    where, params = flt.where()
    total = con.execute(
        f"SELECT count(*) FROM events e JOIN documents d ON d.doc_id = e.doc_id{where}", params
    ).fetchone()[0]
    rows = con.execute(
        f"{EVENT_SELECT}{where} ORDER BY {SORTS[sort]} LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    return {
        "total": total,
        "limit": limit,
        "offset": offset,
        "events": [_event_row(r) for r in rows],
    }


def actors(con) -> list[dict[str, Any]]:
    """Actor codes with their event counts as source and as target."""
    rows = con.execute(
        "SELECT country AS code, any_value(name) FILTER (WHERE kind <> 'person') AS name, "
        "count(DISTINCT event_id) FILTER (WHERE role = 'source') AS as_source, "
        "count(DISTINCT event_id) FILTER (WHERE role = 'target') AS as_target "
        "FROM event_actors WHERE country IS NOT NULL AND role IN ('source', 'target') "
        "GROUP BY country ORDER BY as_source + as_target DESC, code"
    ).fetchall()
    return [
        {"code": c, "name": n or c, "as_source": s, "as_target": t, "events": s + t}
        for c, n, s, t in rows
    ]


def outlets(con) -> list[dict[str, Any]]:
    """Per outlet: documents, events, events by QuadClass, share by QuadClass, top
    targets of conflict events (QuadClass 3 and 4)."""
    docs = dict(
        con.execute(
            "SELECT coalesce(outlet, '(unknown)'), count(*) FROM documents GROUP BY 1"
        ).fetchall()
    )
    per_quad: dict[str, dict[int, int]] = defaultdict(dict)
    for outlet, quad, n in con.execute(
        "SELECT coalesce(d.outlet, '(unknown)'), e.quad_class, count(*) FROM events e "
        "JOIN documents d ON d.doc_id = e.doc_id GROUP BY ALL"
    ).fetchall():
        per_quad[outlet][quad] = n
    targets: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for outlet, code, n in con.execute(
        "SELECT coalesce(d.outlet, '(unknown)'), a.country, count(DISTINCT e.event_id) AS n "
        "FROM events e JOIN documents d ON d.doc_id = e.doc_id "
        "JOIN event_actors a ON a.event_id = e.event_id AND a.role = 'target' "
        "WHERE e.quad_class IN (3, 4) AND a.country IS NOT NULL "
        "GROUP BY ALL ORDER BY 1, n DESC, 2"
    ).fetchall():
        if len(targets[outlet]) < 5:
            targets[outlet].append({"code": code, "events": n})
    result = []
    for outlet in sorted(docs, key=lambda o: (-sum(per_quad[o].values()), o)):
        by_quad = {str(q): per_quad[outlet].get(q, 0) for q in (1, 2, 3, 4)}
        total = sum(by_quad.values())
        result.append(
            {
                "outlet": outlet,
                "documents": docs[outlet],
                "events": total,
                "by_quad_class": by_quad,
                "share_by_quad_class": {
                    q: round(n / total, 3) if total else 0.0 for q, n in by_quad.items()
                },
                "top_conflict_targets": targets.get(outlet, []),
            }
        )
    profiles = framing_profiles(con)
    for item in result:
        item["framing"] = (profiles or {}).get("outlets", {}).get(item["outlet"])
    return result


def framing_profiles(con, story_id: str | None = None) -> dict[str, Any] | None:
    """Per-outlet framing profiles (``eventwire.framing.compare_outlets``) from the
    framing columns the pipeline stored; one story's articles when ``story_id`` is
    given. None when the framing stage is not installed or nothing was framed."""
    try:
        from ..framing import DocumentFraming, LoadedSpan, compare_outlets
    except ImportError:
        return None
    where, params = "tone IS NOT NULL", []
    if story_id is not None:
        where, params = where + " AND story_id = ?", [story_id]
    rows = con.execute(
        "SELECT doc_id, coalesce(outlet, '(unknown)'), tone, loaded, attribution "
        f"FROM documents WHERE {where} ORDER BY doc_id",
        params,
    ).fetchall()
    framings: dict[str, list] = defaultdict(list)
    for doc_id, outlet, tone, loaded, attribution in rows:
        tone, loaded, attribution = json.loads(tone), json.loads(loaded or "[]"), attribution
        attribution = json.loads(attribution or "{}")
        attribution = {"asserted": 0, "attributed": 0, "sources": {}, **attribution}
        framings[outlet].append(
            DocumentFraming(
                doc_id=doc_id,
                outlet=outlet,
                tone=tone.get("actors") or {},
                loaded=[LoadedSpan(**span) for span in loaded],
                attribution=attribution,
                tone_overall=tone.get("overall") or 0.0,
                words=tone.get("words") or 0,
            )
        )
    return compare_outlets(dict(framings)) if framings else None


def document(con, doc_id: str) -> dict[str, Any] | None:
    """A document's cleaned text and the evidence spans of its events."""
    row = con.execute(
        "SELECT doc_id, title, url, outlet, published, language, source_kind, story_id, text "
        "FROM documents WHERE doc_id = ?",
        [doc_id],
    ).fetchone()
    if row is None:
        return None
    names = ("doc_id", "title", "url", "outlet", "published", "language", "source_kind")
    data = {k: _iso(v) for k, v in zip(names, row[:7], strict=True)}
    data["story_id"], data["text"] = row[7], row[8]
    data["events"] = [
        {
            "event_id": r[0],
            "type": r[1],
            "quad_class": r[2],
            "modality": r[3],
            "source": list(r[4]),
            "target": list(r[5]),
            "attributed_to": r[6],
            "start": r[7],
            "end": r[8],
        }
        for r in con.execute(
            "SELECT event_id, type, quad_class, modality, source_codes, target_codes, "
            "attributed_to, evidence_start, evidence_end FROM events WHERE doc_id = ? "
            "ORDER BY evidence_start, event_id",
            [doc_id],
        ).fetchall()
    ]
    return data


# -- stories -----------------------------------------------------------------
def _real_stories(con) -> list[dict[str, Any]]:
    rows = con.execute(
        "SELECT d.story_id, any_value(s.label), min(d.published), max(d.published), "
        "count(*), list(DISTINCT d.outlet ORDER BY d.outlet) FROM documents d "
        "LEFT JOIN stories s ON s.story_id = d.story_id WHERE d.story_id IS NOT NULL "
        "GROUP BY d.story_id ORDER BY min(d.published), d.story_id"
    ).fetchall()
    return [
        {
            "story_id": sid,
            "kind": "story",
            "label": label or sid,
            "first_date": _iso(first),
            "last_date": _iso(last),
            "documents": n,
            "outlets": [o for o in outs if o],
        }
        for sid, label, first, last, n, outs in rows
    ]


def _fallback_stories(con) -> list[dict[str, Any]]:
    """Groups of events with the same first source, first target and type within
    ``STORY_WINDOW_DAYS`` of each other, reported by at least two outlets."""
    rows = con.execute(
        "SELECT e.event_id, e.source_codes[1], e.target_codes[1], e.type, e.date_start, "
        "coalesce(d.outlet, '(unknown)') FROM events e JOIN documents d ON d.doc_id = e.doc_id "
        "WHERE len(e.source_codes) > 0 AND len(e.target_codes) > 0 AND e.date_start IS NOT NULL "
        "AND e.source_codes[1] <> e.target_codes[1] ORDER BY 2, 3, 4, 5, 1"
    ).fetchall()
    groups: list[list[tuple]] = []
    for row in rows:
        last = groups[-1][-1] if groups else None
        if (
            last is not None
            and last[1:4] == row[1:4]
            and row[4] - last[4] <= timedelta(days=STORY_WINDOW_DAYS)
        ):
            groups[-1].append(row)
        else:
            groups.append([row])
    stories = []
    for group in groups:
        outlets_ = sorted({r[5] for r in group})
        if len(outlets_) < 2:
            continue
        source, target, type_, first = group[0][1], group[0][2], group[0][3], group[0][4]
        stories.append(
            {
                "story_id": f"pair:{source}:{target}:{type_}:{first.isoformat()}",
                "kind": "fallback",
                "label": f"{source} → {target} {type_}",
                "first_date": first.isoformat(),
                "last_date": group[-1][4].isoformat(),
                "events": len(group),
                "outlets": outlets_,
                "event_ids": [r[0] for r in group],
            }
        )
    stories.sort(key=lambda s: (-len(s["outlets"]), -s["events"], s["story_id"]))
    return stories


def stories(con, with_event_ids: bool = False) -> dict[str, Any]:
    """Real stories when documents carry a story_id, else the labelled fallback groups."""
    real = _real_stories(con)
    if real:
        return {"kind": "story", "stories": real}
    fallback = _fallback_stories(con)
    for s in fallback:
        if not with_event_ids:
            s.pop("event_ids")
    return {
        "kind": "fallback",
        "note": "No stories in the store yet: these are outlets reporting the same actor pair "
        f"and event type within {STORY_WINDOW_DAYS} days (fallback, not clustered stories).",
        "stories": fallback,
    }


def story(con, story_id: str) -> dict[str, Any] | None:
    """One story, its events grouped by outlet (side by side in the dashboard)."""
    if story_id.startswith("pair:"):
        match = next((s for s in _fallback_stories(con) if s["story_id"] == story_id), None)
        if match is None:
            return None
        ids = match.pop("event_ids")
        rows = con.execute(
            f"{EVENT_SELECT} WHERE e.event_id IN (SELECT unnest(?)) ORDER BY e.date_start, 1",
            [ids],
        ).fetchall()
    else:
        match = next((s for s in _real_stories(con) if s["story_id"] == story_id), None)
        if match is None:
            return None
        rows = con.execute(
            f"{EVENT_SELECT} WHERE coalesce(e.story_id, d.story_id) = ? ORDER BY e.date_start, 1",
            [story_id],
        ).fetchall()
    by_outlet: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        ev = _event_row(row)
        by_outlet[ev["outlet"] or "(unknown)"].append(ev)
    match["by_outlet"] = [{"outlet": o, "events": evs} for o, evs in sorted(by_outlet.items())]
    if not story_id.startswith("pair:"):
        match["documents"] = _story_documents(con, story_id)
        match["merged_events"] = _merged_events(con, story_id)
        match["framing"] = framing_profiles(con, story_id)
    return match


def _with_story_details(con, info: dict[str, Any], limit: int = 40) -> dict[str, Any]:
    """Real stories (the first ``limit``, as the dashboard lists them) with their
    documents, merged events and per-outlet framing, for the story view."""
    if info.get("kind") != "story":
        return info
    for item in info["stories"][:limit]:
        item["documents"] = _story_documents(con, item["story_id"])
        item["merged_events"] = _merged_events(con, item["story_id"])[:30]
        item["framing"] = framing_profiles(con, item["story_id"])
    return info


def _story_documents(con, story_id: str) -> list[dict[str, Any]]:
    """The story's articles: outlet, source kind, and the copy link when it is one."""
    names = ("doc_id", "title", "outlet", "published", "source_kind", "duplicate_of")
    rows = con.execute(
        "SELECT doc_id, title, outlet, published, source_kind, duplicate_of, "
        "duplicate_similarity FROM documents WHERE story_id = ? ORDER BY published, doc_id",
        [story_id],
    ).fetchall()
    out = []
    for row in rows:
        doc = {k: _iso(v) for k, v in zip(names, row, strict=False)}
        doc["duplicate_similarity"] = row[6]
        doc["is_copy"] = row[5] is not None
        out.append(doc)
    return out


def _merged_events(con, story_id: str) -> list[dict[str, Any]]:
    """The story's merged events, most-reported first."""
    names = (
        "merged_id", "type", "source_codes", "target_codes", "location", "mentions", "sources",
        "event_ids", "copy_event_ids", "evidence", "dates", "modalities", "conflicting_dates",
        "conflicting_modalities",
    )  # fmt: skip
    rows = con.execute(
        f"SELECT {', '.join(names)} FROM merged_events WHERE story_id = ? "
        "ORDER BY mentions DESC, merged_id",
        [story_id],
    ).fetchall()
    out = []
    for row in rows:
        item = dict(zip(names, row, strict=True))
        item["evidence"] = json.loads(item["evidence"]) if item["evidence"] else []
        out.append(item)
    return out


# -- dashboard bundle ---------------------------------------------------------
@cache
def capitals() -> dict[str, dict[str, Any]]:
    text = files("eventwire").joinpath("data/capitals.json").read_text(encoding="utf-8")
    return json.loads(text)["capitals"]


def health(con) -> dict[str, Any]:
    counts = {
        t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("documents", "events", "stories", "quarantine")
    }
    version = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return {"status": "ok", "schema_version": int(version[0]) if version else None, **counts}


def bundle(con, max_events: int = 20000, with_text: bool = False) -> dict[str, Any]:
    """Everything the dashboard draws, in one compact JSON object.

    Events are the newest ``max_events`` (the dashboard filters them in the
    browser); ``with_text`` embeds every document's text (the static report).
    """
    rows = con.execute(
        "SELECT e.event_id, e.doc_id, e.type, e.quad_class, e.modality, e.source_codes, "
        "e.target_codes, e.attributed_to, e.date_start, e.evidence_sentence, e.evidence_start, "
        "e.evidence_end, e.confidence, e.goldstein, e.cameo, coalesce(e.story_id, d.story_id), "
        "e.location_name, e.record->>'$.location.lat', e.record->>'$.location.lon', e.mode "
        "FROM events e JOIN documents d ON d.doc_id = e.doc_id "
        "ORDER BY e.date_start DESC NULLS LAST, e.event_id LIMIT ?",
        [max_events],
    ).fetchall()
    events_ = []
    for r in rows:
        lat, lon = r[17], r[18]
        events_.append(
            {
                "id": r[0],
                "doc": r[1],
                "type": r[2],
                "quad": r[3],
                "modality": r[4],
                "src": list(r[5]),
                "tgt": list(r[6]),
                "attr": r[7],
                "date": _iso(r[8]),
                "sentence": r[9],
                "start": r[10],
                "end": r[11],
                "conf": r[12],
                "goldstein": r[13],
                "cameo": r[14],
                "story": r[15],
                "loc": r[16],
                "lat": float(lat) if lat is not None else None,
                "lon": float(lon) if lon is not None else None,
                "mode": r[19],
            }
        )
    doc_cols = "doc_id, title, url, outlet, published, story_id" + (", text" if with_text else "")
    docs = {}
    for r in con.execute(f"SELECT {doc_cols} FROM documents ORDER BY doc_id").fetchall():
        item = {
            "title": r[1],
            "url": r[2],
            "outlet": r[3] or "(unknown)",
            "published": _iso(r[4]),
            "story": r[5],
        }
        if with_text:
            item["text"] = r[6]
        docs[r[0]] = item
    return {
        "health": health(con),
        "events": events_,
        "truncated": len(events_) >= max_events,
        "documents": docs,
        "outlets": outlets(con),
        "actors": actors(con),
        "stories": _with_story_details(con, stories(con, with_event_ids=True)),
        "capitals": capitals(),
    }

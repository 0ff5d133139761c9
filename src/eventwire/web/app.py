"""The JSON API and the dashboard: ``create_app(store_path)`` returns a FastAPI app.

Read-only: the requests in flight share one ``Store(path, read_only=True)``
connection (a DuckDB cursor each), opened by the first and closed when the last
one ends, so a burst of requests pays for one open while ``eventwire run`` can
still take the file between bursts (DuckDB allows one writer and no readers, or
readers only). Bad parameters are 422s from
FastAPI's validation; an unknown document or story is a 404.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Iterator
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..errors import StoreError
from ..store import Store
from . import queries

MAX_LIMIT = 500
MAX_OFFSET = 10**12  # far past any store; larger values overflow DuckDB's OFFSET
STATIC = Path(str(files("eventwire").joinpath("web/static")))

Sort = Literal["date", "-date", "type", "confidence"]
Modality = Literal["asserted", "planned", "hypothetical", "negated", "denied"]
Code = Annotated[str | None, Query(max_length=100)]
Identifier = Annotated[str, PathParam(max_length=300)]
# Sent with every response: no framing, no MIME sniffing, no referrer, and the page's
# scripts and data from this server only (index.html repeats the policy as a meta tag).
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' "
    "'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


class SharedReader:
    """One read-only connection for the requests in flight, closed when idle."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._store: Store | None = None
        self._users = 0

    def acquire(self) -> Any:
        """A cursor of the shared connection (opening it when none is open)."""
        with self._lock:
            if self._store is None:
                self._store = Store(self.path, read_only=True)
            self._users += 1
            return self._store.con.cursor()

    def release(self, cursor: Any) -> None:
        cursor.close()
        with self._lock:
            self._users -= 1
            if self._users == 0 and self._store is not None:
                self._store.close()
                self._store = None


def _connection(request: Request) -> Iterator[Any]:
    """A cursor on the shared read-only connection for one request."""
    reader: SharedReader = request.app.state.reader
    try:
        cursor = reader.acquire()
    except StoreError as exc:
        raise HTTPException(status_code=503, detail=str(exc)) from exc
    try:
        yield cursor
    finally:
        reader.release(cursor)


Con = Annotated[Any, Depends(_connection)]


def create_app(store_path: str | Path) -> FastAPI:
    """The API and dashboard over the store at ``store_path`` (read-only, see ``SharedReader``)."""
    store_path = Path(store_path)
    app = FastAPI(
        title="eventwire",
        version=__version__,
        description="Read-only JSON API over an eventwire store (DESIGN.md section 3 records).",
        docs_url=None,  # Swagger UI loads from a CDN; /docs below is a local page
        redoc_url=None,
    )
    app.state.store_path = store_path
    app.state.reader = SharedReader(store_path)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.get("/api/health")
    def health(con: Con) -> dict:
        """Store counts and schema version."""
        return {**queries.health(con), "store": str(store_path), "version": __version__}

    @app.get("/api/events")
    def events(
        con: Con,
        actor: Code = None,
        source: Code = None,
        target: Code = None,
        type: Code = None,
        quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
        modality: Modality | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        outlet: Annotated[str | None, Query(max_length=200)] = None,
        story_id: Annotated[str | None, Query(max_length=200)] = None,
        q: Annotated[str | None, Query(max_length=200, description="text in the evidence")] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
        sort: Sort = "-date",
    ) -> dict:
        """Events matching every given filter; ``actor`` matches source or target codes."""
        if date_from and date_to and date_from > date_to:
            raise HTTPException(status_code=422, detail="date_from is after date_to")
        flt = queries.EventFilter(
            actor, source, target, type, quad_class, modality, date_from, date_to, outlet,
            story_id, q,
        )  # fmt: skip
        return queries.events(con, flt, limit=limit, offset=offset, sort=sort)

    @app.get("/api/actors")
    def actors(con: Con) -> list[dict]:
        """Actor codes with their counts as source and as target."""
        return queries.actors(con)

    @app.get("/api/stories")
    def stories(con: Con) -> dict:
        """Stories, or (until story clustering fills them) labelled fallback groups."""
        return queries.stories(con)

    @app.get("/api/stories/{story_id}")
    def story(con: Con, story_id: Identifier) -> dict:
        """One story with its events grouped by outlet."""
        found = queries.story(con, story_id)
        if found is None:
            raise HTTPException(status_code=404, detail=f"no story {story_id!r}")
        return found

    @app.get("/api/documents/{doc_id}")
    def document(con: Con, doc_id: Identifier) -> dict:
        """A document's cleaned text and the evidence spans (offsets) of its events."""
        found = queries.document(con, doc_id)
        if found is None:
            raise HTTPException(status_code=404, detail=f"no document {doc_id!r}")
        return found

    @app.get("/api/outlets")
    def outlets(con: Con) -> list[dict]:
        """Per outlet: documents, events, share by QuadClass, top conflict targets."""
        return queries.outlets(con)

    @app.get("/api/bundle", include_in_schema=True)
    def bundle(
        con: Con, max_events: Annotated[int, Query(ge=1, le=100_000)] = 20_000
    ) -> JSONResponse:
        """Everything the dashboard draws (newest ``max_events`` events, compact)."""
        return JSONResponse(queries.bundle(con, max_events=max_events))

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(_docs_page(app.openapi()))

    @app.get("/", include_in_schema=False)
    def index() -> HTMLResponse:
        return HTMLResponse((STATIC / "index.html").read_text(encoding="utf-8"))

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _docs_page(spec: dict) -> str:
    """A plain offline page listing the endpoints and their parameters."""
    parts = [
        "<!doctype html><meta charset='utf-8'><title>eventwire API</title>",
        "<link rel='stylesheet' href='/static/style.css'><main class='docs'>",
        f"<h1>{html.escape(spec['info']['title'])} API {html.escape(spec['info']['version'])}</h1>",
        "<p>Read-only JSON API. Machine-readable spec: <a href='/openapi.json'>/openapi.json</a> "
        "(load it into any OpenAPI viewer). Dashboard: <a href='/'>/</a>.</p>",
    ]
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            parts.append(f"<h2><code>{method.upper()} {html.escape(path)}</code></h2>")
            parts.append(f"<p>{html.escape(op.get('description') or op.get('summary', ''))}</p>")
            params = op.get("parameters", [])
            if params:
                parts.append("<table><tr><th>parameter</th><th>in</th><th>schema</th></tr>")
                for p in params:
                    schema = p.get("schema", {})
                    parts.append(
                        f"<tr><td><code>{html.escape(p['name'])}</code></td>"
                        f"<td>{html.escape(p['in'])}</td>"
                        f"<td><code>{html.escape(_schema_text(schema))}</code></td></tr>"
                    )
                parts.append("</table>")
    parts.append("</main>")
    return "\n".join(parts)


def _schema_text(schema: dict) -> str:
    if "anyOf" in schema:
        return " | ".join(_schema_text(s) for s in schema["anyOf"])
    text = schema.get("type", "")
    if "enum" in schema:
        text += " (" + ", ".join(map(str, schema["enum"])) + ")"
    bounds = [
        f"{k}={schema[k]}" for k in ("minimum", "maximum", "maxLength", "default") if k in schema
    ]
    return text + (" " + ", ".join(bounds) if bounds else "")

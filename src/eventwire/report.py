"""``eventwire report``: one self-contained HTML file with the dashboard's views.

The page is the dashboard (same ``app.js`` and ``style.css``, inlined) with the
store's data embedded as JSON, so it opens from disk with no server and no
network. Article texts are embedded too; they are only ever inserted as text.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

from . import __version__
from .store import Store
from .web import queries

MAX_EVENTS = 20_000


def _script_safe_json(data: object) -> str:
    """JSON that cannot close or open a tag inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def render_report(store_path: str | Path, max_events: int = MAX_EVENTS) -> str:
    """The report page as a string (newest ``max_events`` events)."""
    from jinja2 import Environment, select_autoescape

    web = files("eventwire").joinpath("web")
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    template = env.from_string(web.joinpath("templates/report.html.j2").read_text("utf-8"))
    with Store(store_path, read_only=True) as store:
        data = queries.bundle(store.con, max_events=max_events, with_text=True)
    from markupsafe import Markup

    return template.render(
        version=__version__,
        store_name=Path(store_path).name,
        # inlined as-is: our own files, and JSON made safe for a script element
        css=Markup(web.joinpath("static/style.css").read_text("utf-8")),
        js=Markup(web.joinpath("static/app.js").read_text("utf-8")),
        data_json=Markup(_script_safe_json(data)),
    )


def write_report(store_path: str | Path, out: str | Path, max_events: int = MAX_EVENTS) -> Path:
    """Write the report to ``out``; returns the path."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_report(store_path, max_events=max_events), encoding="utf-8")
    return out

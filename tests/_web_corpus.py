"""A small store for the web, report and export tests: four articles through the real
pipeline, two outlets reporting the same Russian attack a day apart, and one hostile
article (script tags in title, text and outlet, a ``javascript:`` URL)."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from eventwire.pipeline import Options, run
from eventwire.web import CHROMIUM, CHROMIUM_ARGS

XSS = "<script>alert(1)</script>"
ARTICLES = [
    {
        "id": "alpha-1",
        "outlet": "Alpha Wire",
        "url": "https://alpha.example/2023/03/01/kharkiv",
        "title": "Russia attacks Kharkiv",
        "published": "2023-03-01",
        "text": "Russian forces attacked the Ukrainian city of Kharkiv on Tuesday, officials said.\n\n"
        "China and Belarus signed a trade agreement in Beijing on Wednesday.",
    },
    {
        "id": "beta-1",
        "outlet": "Beta News",
        "url": "https://beta.example/kharkiv-shelled",
        "title": "Kharkiv shelled again",
        "published": "2023-03-02",
        "text": "Russia attacked Ukraine again on Wednesday, shelling Kharkiv.\n\n"
        "The United States condemned Russia for the strikes.",
    },
    {
        "id": "gamma-1",
        "outlet": "Gamma Daily",
        "url": "http://gamma.example/summit",
        "title": "Leaders meet",
        "published": "2023-03-10",
        "text": "France and Germany held talks in Paris on Friday.\n\n"
        "Germany promised to send aid to Ukraine next month.",
    },
    {
        "id": "evil-1",
        "outlet": "Evil <b>Times</b>",
        "url": "javascript:alert(1)",
        "title": f"{XSS} headline",
        "published": "2023-03-03",
        "text": f"Iran threatened Israel on Friday {XSS} in a televised statement.\n\n"
        "Israel warned Iran against any attack <img src=x onerror=alert(2)>.",
    },
]


_CACHE: dict[str, Path] = {}


def build_store(directory: Path) -> Path:
    """Run the pipeline over ARTICLES into ``directory/web.duckdb`` (once per session,
    copied for later callers)."""
    store = directory / "web.duckdb"
    if "store" in _CACHE and _CACHE["store"].exists():
        shutil.copy(_CACHE["store"], store)
        return store
    source = directory / "articles.jsonl"
    source.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    result = run([str(source)], Options(store=store, report=lambda _m: None))
    assert result.documents_new == len(ARTICLES)
    _CACHE["store"] = store
    return store


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(store: Path) -> Iterator[str]:
    """uvicorn serving ``create_app(store)`` on a free localhost port, in a thread."""
    import uvicorn

    from eventwire.web import create_app

    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def chromium() -> Iterator:
    """A Playwright browser on Debian's chromium (Playwright cannot download one here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()

"""The web dashboard and JSON API (``eventwire serve``) over a store, read-only."""

from __future__ import annotations

from pathlib import Path

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "create_app", "serve"]

# Debian's Chromium, headless, with the flags that keep it off this machine's closed
# network (used by the browser tests and scripts/screenshot_dashboard.py).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def create_app(store_path: str | Path):
    """The FastAPI app over ``store_path`` (see ``eventwire.web.app``)."""
    from .app import create_app as _create_app

    return _create_app(store_path)


def serve(store_path: str | Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the dashboard and API with uvicorn until interrupted (localhost by default)."""
    import uvicorn

    from ..store import Store

    Store(store_path, read_only=True).close()  # fail early with a clear message
    uvicorn.run(create_app(store_path), host=host, port=port, log_level="warning")

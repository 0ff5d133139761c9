"""Take ``docs/dashboard.png``: the dashboard over the demo store, in headless Chromium.

    make run && .venv/bin/python scripts/screenshot_dashboard.py [STORE] [OUT.png]

Serves the store with uvicorn on a free localhost port, opens it with Playwright
driving Debian's /usr/bin/chromium, clicks the first event so the article view shows
its marked evidence, and saves a full-width screenshot of the upper part of the page.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from pathlib import Path

from eventwire.web import CHROMIUM, CHROMIUM_ARGS


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    import uvicorn
    from playwright.sync_api import sync_playwright

    from eventwire.web import create_app

    store = sys.argv[1] if len(sys.argv) > 1 else "out/eventwire.duckdb"
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/dashboard.png")
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1400})
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_selector("body[data-ready='1']")
            page.screenshot(path=str(out), clip={"x": 0, "y": 0, "width": 1400, "height": 1400})
            browser.close()
    finally:
        server.should_exit = True
    print(out)


if __name__ == "__main__":
    main()

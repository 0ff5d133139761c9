"""``eventwire report``: one self-contained HTML file that opens offline."""

from __future__ import annotations

import os
import warnings

import pytest
from typer.testing import CliRunner

from _web_corpus import CHROMIUM, XSS, build_store, chromium
from eventwire.cli import app
from eventwire.report import render_report

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from eventwire.web import create_app


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("report"))


def test_report_cli_writes_one_self_contained_file(store, tmp_path):
    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["report", "--out", str(out), "--store", str(store)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert (
        "<script src" not in html
        and "<link" not in html
        and "http://" not in html.split('id="eventwire-data"')[0]
    )
    assert XSS not in html  # the hostile text is embedded escaped (\u003cscript...)
    assert "\\u003cscript\\u003ealert(1)" in html


def test_report_missing_store_fails_clearly(tmp_path):
    result = CliRunner().invoke(app, ["report", "--store", str(tmp_path / "no.duckdb")])
    assert result.exit_code == 2
    assert "no store" in result.output


@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} missing")
def test_report_opens_offline_with_the_api_counts(store, tmp_path):
    out = tmp_path / "report.html"
    out.write_text(render_report(store), encoding="utf-8")
    with TestClient(create_app(store)) as client:
        health = client.get("/api/health").json()
        total = client.get("/api/events").json()["total"]
        beta = client.get("/api/events", params={"outlet": "Beta News"}).json()["total"]
    blocked: list[str] = []

    def guard(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1300, "height": 1400})
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.route("**/*", guard)
        page.goto(out.as_uri())
        page.wait_for_selector("body[data-ready='1']", timeout=15000)
        counts = page.locator("#counts").inner_text()
        assert counts.startswith(f"{health['documents']} documents · {health['events']} events")
        assert page.locator("#events-table tbody tr").count() == total
        page.select_option("#f-outlet", "Beta News")
        assert page.locator("#events-table tbody tr").count() == beta
        page.locator("#events-table tbody tr").first.click()
        page.wait_for_selector("#evidence")  # article text is embedded too
        assert page.locator("#timeline-body rect.bar").count() > 0
        assert page.locator("#story-columns .outletcol").count() >= 2
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        assert dialogs == [] and blocked == []

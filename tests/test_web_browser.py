"""The dashboard in a real browser: Playwright driving Debian's /usr/bin/chromium."""

from __future__ import annotations

import os
import re

import pytest

from _web_corpus import CHROMIUM, XSS, build_store, chromium, running_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM),
        reason=f"{CHROMIUM} missing: 'make test' installs it (apt-get install -y chromium)",
    ),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = build_store(tmp_path_factory.mktemp("browser"))
    with running_server(store) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser, server):
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready='1']", timeout=15000)
    page.dialogs, page.errors = dialogs, errors
    yield page
    assert not errors, errors
    page.close()


def rows(page) -> int:
    return page.locator("#events-table tbody tr").count()


def test_web_dashboard_draws_every_view(page, tmp_path):
    assert page.locator("#timeline-body rect.bar").count() >= 4
    assert page.locator("#network-body g.node").count() >= 4
    assert page.locator("#network-body path.edge").count() >= 3
    assert page.locator("#map-body circle.point").count() >= 2
    assert "placed at the capital of the target" in page.locator("#map-caption").inner_text()
    assert rows(page) == 8
    assert page.locator("#outlets-body tbody tr").count() == 4
    assert page.locator("#counts").inner_text().startswith("4 documents · 8 events")
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)


def test_web_filter_clicks_change_the_table(page, tmp_path):
    page.locator("#network-body g.node[data-code='RUS']").click()
    assert rows(page) == 3
    assert "actor: RUS" in page.locator("#chips").inner_text()
    page.select_option("#f-outlet", "Beta News")
    assert rows(page) == 2
    page.locator("#f-clear").click()
    assert rows(page) == 8
    page.select_option("#f-quad_class", "4")
    assert rows(page) == 2
    page.locator("#f-clear").click()
    # brush the timeline from the left edge over the first days
    box = page.locator("#timeline-body svg").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.04, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.2, y, steps=4)
    page.mouse.up()
    chips = page.locator("#chips").inner_text()
    date_from = re.search(r"date_from: (\d{4}-\d\d-\d\d)", chips).group(1)
    date_to = re.search(r"date_to: (\d{4}-\d\d-\d\d)", chips).group(1)
    assert date_from <= date_to
    shown = page.locator("#events-table tbody tr td:first-child").all_inner_texts()
    assert 0 < len(shown) < 8
    assert all(date_from <= d <= date_to for d in shown)
    page.screenshot(path=str(tmp_path / "filtered.png"), full_page=True)


def test_web_event_click_opens_article_with_marked_span(page):
    page.locator("#f-q").fill("condemned")
    page.locator("#f-q").press("Enter")
    assert rows(page) == 1
    page.locator("#events-table tbody tr").first.click()
    page.wait_for_selector("#evidence")
    assert page.locator("#evidence").inner_text() == (
        "The United States condemned Russia for the strikes."
    )
    assert "Russia attacked Ukraine again" in page.locator("#doctext").inner_text()
    link = page.locator("#document-body .docmeta a")
    assert link.get_attribute("href") == "https://beta.example/kharkiv-shelled"


def test_web_story_view_shows_two_outlets_side_by_side(page, tmp_path):
    page.locator("#stories-body .storylist button", has_text="ASSAULT").click()
    columns = page.locator("#story-columns .outletcol")
    assert columns.count() == 2
    assert [columns.nth(i).locator("h4").inner_text() for i in range(2)] == [
        "Alpha Wire",
        "Beta News",
    ]
    first, second = columns.nth(0).bounding_box(), columns.nth(1).bounding_box()
    assert abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"] + first["width"] - 1
    body = page.locator("#stories-body").inner_text()
    assert "Fallback view" not in body
    # the story's articles with their source kind, and the attack merged across both outlets
    assert page.locator("#story-documents li").count() == 2
    attack = page.locator("#merged-events tr", has_text="ASSAULT")
    assert attack.locator("td.mentions").inner_text() == "2"
    assert "Alpha Wire, Beta News" in attack.inner_text()
    # choosing the same outlet twice redraws the comparison with that outlet in both columns
    page.locator("#compare-a").select_option("Beta News")
    columns = page.locator("#story-columns .outletcol")
    assert [columns.nth(i).locator("h4").inner_text() for i in range(2)] == [
        "Beta News",
        "Beta News",
    ]
    page.locator("#stories").screenshot(path=str(tmp_path / "stories.png"))


def test_web_hostile_article_stays_inert(page, tmp_path):
    page.locator("#f-q").fill("Iran threatened")
    page.locator("#f-q").press("Enter")
    assert rows(page) == 1
    row = page.locator("#events-table tbody tr").first
    assert XSS in row.inner_text()  # shown literally
    assert row.locator("a").count() == 0  # javascript: URL is not a link
    row.click()
    page.wait_for_selector("#evidence")
    assert XSS in page.locator("#evidence").inner_text()
    assert "<img src=x onerror=alert(2)>" in page.locator("#doctext").inner_text()
    assert page.locator("#doctext script, #doctext img, #app script, #app img").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert "Evil <b>Times</b>" in page.locator("#outlets-body").inner_text()
    page.wait_for_timeout(300)
    assert page.dialogs == []
    page.screenshot(path=str(tmp_path / "xss.png"), full_page=True)

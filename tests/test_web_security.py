"""Server hardening: hostile requests to every endpoint of the API and dashboard.

SQL injection strings, path traversal, oversized and malformed parameters, huge page
sizes, writes: every answer is a 4xx or a correct one (never a 500), the store's bytes
do not change, every response carries the security headers, and script-bearing article
text comes back as data (the real-browser check that it stays inert is
``tests/test_web_browser.py::test_web_hostile_article_stays_inert``).
"""

from __future__ import annotations

import hashlib
import json
import warnings
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _web_corpus import XSS, build_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from eventwire.web import create_app

HOSTILE = [
    "RUS' OR '1'='1",
    "'; DROP TABLE events; --",
    'x"); DELETE FROM documents; --',
    "1 UNION SELECT text FROM documents",
    "%",
    "\\",
    "%' ESCAPE '",
    "../../../../etc/passwd",
    "\x00",
    "\u202eRUS",
    XSS,
    "-1",
    "1e309",
    "99999999999999999999999999",
    "-99999999999999999999999999",
    "2023-02-30",
    "[]",
    "x" * 20_000,  # (httpx refuses URLs past 64 KB)
]
PAGES = ["/", "/docs", "/openapi.json", "/static/app.js", "/static/style.css"]
HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


@pytest.fixture(scope="module")
def app_and_store(tmp_path_factory):
    store = build_store(tmp_path_factory.mktemp("websec"))
    return create_app(store), store


@pytest.fixture(scope="module")
def client(app_and_store):
    with TestClient(app_and_store[0], raise_server_exceptions=False) as c:
        yield c


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def endpoints(app) -> list[tuple[str, list[str]]]:
    """(path, query parameter names) of every GET route in the OpenAPI spec."""
    spec = app.openapi()
    return [
        (path, [p["name"] for p in op.get("parameters", []) if p["in"] == "query"])
        for path, methods in spec["paths"].items()
        for method, op in methods.items()
        if method == "get"
    ]


def check(response) -> None:
    assert response.status_code < 500, (response.request.url, response.text[:300])
    assert response.status_code in (200, 404, 405, 422), response.status_code
    if response.headers.get("content-type", "").startswith("application/json"):
        json.loads(response.text)
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, (name, response.request.url)
    assert "content-security-policy" in response.headers


def test_web_hostile_values_in_every_parameter_never_500(app_and_store, client, fuzz_cases):
    app, store = app_and_store
    before = digest(store)
    routes = endpoints(app)
    assert {"/api/events", "/api/documents/{doc_id}", "/api/stories/{story_id}"} <= {
        p for p, _ in routes
    }
    for path, params in routes:
        if "{" in path:  # a path parameter: every hostile value, URL-quoted
            requests = [(path.split("{")[0] + quote(value, safe=""), {}) for value in HOSTILE]
        else:
            requests = [
                (path, {name: value})
                for name in params
                for value in (HOSTILE if name in ("q", "actor") else HOSTILE[::2])
            ]
            requests.append((path, {}))
        for url, query in requests:
            fuzz_cases["web: hostile requests"] += 1
            check(client.get(url, params=query))
    assert digest(store) == before


def test_web_injection_strings_are_values_not_sql(client):
    total = client.get("/api/events").json()["total"]
    for value in HOSTILE[:4]:
        for name in ("actor", "source", "target", "type", "outlet", "story_id", "q"):
            body = client.get("/api/events", params={name: value}).json()
            assert body["total"] == 0, (name, value)
    assert client.get("/api/events").json()["total"] == total  # nothing deleted


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/events", {"limit": 10**9}),
        ("/api/events", {"limit": -5}),
        ("/api/events", {"offset": 10**30}),
        ("/api/events", {"offset": 10**12 + 1}),
        ("/api/events", {"quad_class": 10**30}),
        ("/api/events", {"date_from": "0000-01-01"}),
        ("/api/bundle", {"max_events": 10**12}),
        ("/api/bundle", {"max_events": 0}),
    ],
)
def test_web_huge_or_malformed_page_sizes_are_422(client, path, params):
    response = client.get(path, params=params)
    assert response.status_code == 422, response.text[:200]
    check(response)


def test_web_last_possible_page_is_empty_not_an_error(client):
    body = client.get("/api/events", params={"offset": 10**12, "limit": 500}).json()
    assert body["events"] == [] and body["total"] > 0


@pytest.mark.parametrize(
    "path",
    [
        "/static/../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2f..%2fsrc/eventwire/store.py",
        "/static/%2e%2e%2fapp.py",
        "/api/documents/..%2F..%2F..%2Fetc%2Fpasswd",
        "/api/stories/..%2F..%2Fstore.py",
        "/../../etc/passwd",
        "/static//etc/passwd",
    ],
)
def test_web_path_traversal_finds_nothing(client, path):
    response = client.get(path)
    check(response)
    assert response.status_code in (404, 422)
    assert "root:" not in response.text and "import" not in response.text


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_web_writes_are_refused(app_and_store, client, method):
    _, store = app_and_store
    before = digest(store)
    for path in ("/api/events", "/api/documents/beta-1", "/api/health", "/"):
        response = client.request(method, path, json={"sql": "DROP TABLE events"})
        assert response.status_code == 405
        check(response)
    assert digest(store) == before


def test_web_oversized_path_and_query_are_refused(client):
    for response in (
        client.get("/api/documents/" + "a" * 5000),
        client.get("/api/stories/" + "a" * 5000),
        client.get("/api/events", params={"outlet": "o" * 5000}),
    ):
        assert response.status_code == 422
        check(response)


def test_web_script_bearing_text_comes_back_as_data(client):
    doc = client.get("/api/documents/evil-1")
    check(doc)
    assert doc.headers["content-type"].startswith("application/json")
    assert XSS in doc.json()["text"]
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 200, page
        check(response)
        assert "alert(" not in response.text  # article text never enters a page unescaped
    csp = client.get("/").headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == "'self'"  # no inline script, no eval, no other host
    assert directives["frame-ancestors"] == "'none'"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "actor",
                "source",
                "target",
                "type",
                "quad_class",
                "modality",
                "date_from",
                "date_to",
                "outlet",
                "story_id",
                "q",
                "limit",
                "offset",
                "sort",
            ]
        ),  # fmt: skip
        st.text(max_size=30) | st.integers().map(str) | st.dates().map(str),
        max_size=5,
    )
)
def test_web_fuzzed_event_filters_never_500(client, fuzz_cases, params):
    fuzz_cases["web: fuzzed /api/events filters"] += 1
    response = client.get("/api/events", params=params)
    check(response)
    if response.status_code == 200:
        body = response.json()
        assert len(body["events"]) <= body["limit"] and body["total"] >= 0

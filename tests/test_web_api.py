"""The JSON API in-process (FastAPI TestClient) over a store built from inline articles."""

from __future__ import annotations

import warnings

import pytest

from _web_corpus import XSS, build_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette suggests httpx2; httpx is what we pin
    from fastapi.testclient import TestClient

from eventwire.store import SCHEMA_VERSION
from eventwire.web import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    store = build_store(tmp_path_factory.mktemp("web"))
    with TestClient(create_app(store)) as c:
        yield c


def test_web_health_counts_the_store(client):
    body = client.get("/api/health").json()
    assert body["status"] == "ok"
    assert body["documents"] == 4
    assert body["events"] == 8
    assert body["schema_version"] == SCHEMA_VERSION


def test_web_events_filters(client):
    def ids(**params):
        r = client.get("/api/events", params=params)
        assert r.status_code == 200, r.text
        return {(e["doc_id"], e["type"]) for e in r.json()["events"]}

    assert ids(actor="RUS") == {("alpha-1", "ASSAULT"), ("beta-1", "ASSAULT"), ("beta-1", "ACCUSE")}
    assert ids(source="RUS", target="UKR") == {("alpha-1", "ASSAULT"), ("beta-1", "ASSAULT")}
    assert ids(type="THREATEN") == {("evil-1", "THREATEN")}
    assert ids(quad_class=4) == {("alpha-1", "ASSAULT"), ("beta-1", "ASSAULT")}
    assert ids(outlet="Beta News") == {("beta-1", "ASSAULT"), ("beta-1", "ACCUSE")}
    assert ids(date_from="2023-03-03", date_to="2023-03-03") == {("evil-1", "THREATEN")}
    assert ids(q="shelling") == {("beta-1", "ASSAULT")}
    assert ids(q="100%") == set()  # LIKE wildcards are literal
    assert ids(modality="asserted", actor="DEU", type="CONSULT") == {("gamma-1", "CONSULT")}


def test_web_events_page_sort_and_record_fields(client):
    body = client.get("/api/events", params={"limit": 3, "offset": 0, "sort": "date"}).json()
    assert body["total"] == 8 and len(body["events"]) == 3
    dates = [e["date"]["start"] for e in body["events"]]
    assert dates == sorted(dates)
    first = body["events"][0]
    assert first["outlet"] and first["evidence"]["sentence"] and "modality" in first
    rest = client.get("/api/events", params={"limit": 500, "offset": 3, "sort": "date"}).json()
    assert len(rest["events"]) == 5
    newest = client.get("/api/events", params={"sort": "-date", "limit": 1}).json()
    assert newest["events"][0]["date"]["start"] == "2023-03-10"


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 501},
        {"limit": 0},
        {"offset": -1},
        {"quad_class": 5},
        {"quad_class": "x"},
        {"modality": "maybe"},
        {"date_from": "yesterday"},
        {"date_from": "2023-03-05", "date_to": "2023-03-01"},
        {"sort": "evil; DROP TABLE events"},
        {"q": "x" * 201},
    ],
)
def test_web_bad_parameters_are_422_not_500(client, params):
    assert client.get("/api/events", params=params).status_code == 422


def test_web_sql_in_parameters_is_just_a_value(client):
    r = client.get("/api/events", params={"actor": "RUS' OR '1'='1", "type": "x'); --"})
    assert r.status_code == 200 and r.json()["total"] == 0


def test_web_actors_counts_source_and_target(client):
    actors = {a["code"]: a for a in client.get("/api/actors").json()}
    assert actors["RUS"]["as_source"] == 2 and actors["RUS"]["as_target"] == 1
    assert actors["UKR"]["as_target"] == 3


def test_web_stories_group_two_outlets_reporting_the_same_attack(client):
    body = client.get("/api/stories").json()
    assert body["kind"] == "story"
    story = next(s for s in body["stories"] if "ASSAULT" in s["label"])
    assert story["outlets"] == ["Alpha Wire", "Beta News"]
    detail = client.get(f"/api/stories/{story['story_id']}").json()
    assert [o["outlet"] for o in detail["by_outlet"]] == ["Alpha Wire", "Beta News"]
    assert {d["outlet"] for d in detail["documents"]} == {"Alpha Wire", "Beta News"}
    assert all(d["source_kind"] and not d["is_copy"] for d in detail["documents"])
    attack = next(m for m in detail["merged_events"] if m["type"] == "ASSAULT")
    assert attack["mentions"] == 2 and attack["sources"] == ["Alpha Wire", "Beta News"]
    assert len(attack["evidence"]) == 2
    assert client.get("/api/stories/pair:XXX:YYY:ASSAULT:2023-01-01").status_code == 404


def test_web_document_has_text_and_evidence_spans(client):
    doc = client.get("/api/documents/beta-1").json()
    assert doc["outlet"] == "Beta News"
    spans = {e["type"]: doc["text"][e["start"] : e["end"]] for e in doc["events"]}
    assert spans["ACCUSE"] == "The United States condemned Russia for the strikes."
    assert client.get("/api/documents/nope").status_code == 404


def test_web_outlets_share_by_quad_class(client):
    outlets = {o["outlet"]: o for o in client.get("/api/outlets").json()}
    beta = outlets["Beta News"]
    assert beta["documents"] == 1 and beta["events"] == 2
    assert beta["by_quad_class"] == {"1": 0, "2": 0, "3": 1, "4": 1}
    assert beta["share_by_quad_class"]["4"] == 0.5
    assert beta["top_conflict_targets"] == [
        {"code": "RUS", "events": 1},
        {"code": "UKR", "events": 1},
    ]
    # the framing profile: Beta News reports the US condemning Russia, in its own voice
    framing = beta["framing"]
    assert framing["documents"] == 1 and framing["words"] > 0
    assert framing["attributed"] == 0 and framing["share_attributed"] == 0.0


def test_web_api_returns_hostile_text_as_data(client):
    doc = client.get("/api/documents/evil-1").json()
    assert XSS in doc["text"] and doc["url"] == "javascript:alert(1)"
    page = client.get("/")
    assert page.status_code == 200 and "alert(1)" not in page.text
    assert "Content-Security-Policy" in page.text


def test_web_docs_page_is_local_and_lists_endpoints(client):
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/api/events" in page.text and "/openapi.json" in page.text
    assert "cdn" not in page.text.lower()
    assert client.get("/openapi.json").json()["paths"]["/api/events"]


def test_web_bundle_has_every_view(client):
    data = client.get("/api/bundle").json()
    assert len(data["events"]) == 8 and len(data["documents"]) == 4
    assert data["capitals"]["UKR"]["capital"] == "Kyiv"
    assert data["stories"]["kind"] == "story" and data["outlets"]
    assert "text" not in data["documents"]["beta-1"]  # texts come from /api/documents


def test_web_missing_store_is_503(tmp_path):
    with TestClient(create_app(tmp_path / "none.duckdb")) as c:
        r = c.get("/api/health")
    assert r.status_code == 503 and "no store" in r.json()["detail"]


def test_web_serve_binds_localhost_by_default(monkeypatch, tmp_path_factory):
    from typer.testing import CliRunner

    import eventwire.web
    from eventwire.cli import app

    store = build_store(tmp_path_factory.mktemp("serve"))
    calls = []
    monkeypatch.setattr(eventwire.web, "serve", lambda *a, **kw: calls.append((a, kw)))
    result = CliRunner().invoke(app, ["serve", "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert calls[0][1] == {"host": "127.0.0.1", "port": 8000}
    result = CliRunner().invoke(app, ["serve", "--store", str(store), "--host", "0.0.0.0"])
    assert calls[1][1]["host"] == "0.0.0.0"
    missing = CliRunner().invoke(app, ["serve", "--store", str(store.parent / "no.duckdb")])
    assert missing.exit_code == 2 and len(calls) == 2


@pytest.mark.slow
def test_web_serve_as_a_real_subprocess(tmp_path_factory):
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    store = build_store(tmp_path_factory.mktemp("subprocess"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    from pathlib import Path

    exe = str(Path(sys.executable).parent / "eventwire")
    cmd = [exe, "serve", "--store", str(store), "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2) as r:
                    body = r.read().decode()
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read()
                assert time.monotonic() < deadline, "eventwire serve did not answer"
                time.sleep(0.2)
        assert '"events":8' in body
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert "dashboard at http://127.0.0.1:" in proc.stderr.read()


def test_web_concurrent_requests_share_one_connection_released_when_idle(tmp_path):
    """Requests in flight share one read-only connection; once the last one ends the
    file is free again for a writer (``eventwire run`` while the server is up)."""
    from concurrent.futures import ThreadPoolExecutor

    from eventwire.store import Store
    from eventwire.web.app import SharedReader

    store = build_store(tmp_path)
    reader = SharedReader(store)
    cursors = [reader.acquire() for _ in range(3)]
    assert reader._users == 3 and reader._store is not None
    with ThreadPoolExecutor(3) as pool:  # a cursor each, used from different threads
        counts = list(
            pool.map(lambda c: c.execute("SELECT count(*) FROM events").fetchone(), cursors)
        )
    assert counts == [(8,)] * 3
    for c in cursors:
        reader.release(c)
    assert reader._store is None
    with Store(store) as writer:  # read-write open succeeds: nothing holds the file
        assert writer.con.execute("SELECT count(*) FROM documents").fetchone() == (4,)
    with TestClient(create_app(store)) as c, ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: c.get("/api/health").status_code, range(40)))
    assert answers == [200] * 40
    with Store(store) as writer:
        assert writer.con.execute("SELECT count(*) FROM events").fetchone() == (8,)

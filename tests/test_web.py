"""The HTTP API, against a real uvicorn server on a loopback port."""

from __future__ import annotations

import httpx
import pytest

from detente.web.app import create_app
from relations_helpers import FIXTURES, build_db, coded_articles, live_server


@pytest.fixture(scope="module")
def db(pipeline, tmp_path_factory):
    return build_db(tmp_path_factory.mktemp("web") / "rel.duckdb", coded_articles(pipeline))


@pytest.fixture(scope="module")
def client(db, pipeline):
    with live_server(create_app(db, read_only=True, pipeline=pipeline)) as url:
        with httpx.Client(base_url=url, timeout=60) as c:
            yield c


def test_health(client):
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["articles"] == 7 and body["merged_events"] < body["events"]


def test_relations(client):
    body = client.get("/relations/USA/RUS", params={"by": "month"}).json()
    idx = {p["start"][:7]: p["index"] for p in body["periods"]}
    assert idx["2021-01"] > 0 > idx["2021-03"] and idx["2021-06"] > 0
    assert [(t["start"][:7], t["turn"]) for t in body["turning_points"]] == [("2021-03", "fall"), ("2021-05", "rise")]
    march = next(p for p in body["periods"] if p["start"] == "2021-03-01")
    assert set(march["quad_class"]) == {"1", "2", "3", "4"} and march["top_events"]
    assert body["names"] == {"USA": "United States", "RUS": "Russia"}


def test_events_filters_and_paging(client):
    all_ = client.get("/events", params={"dyad": "USA-RUS", "limit": 500}).json()
    assert all_["total"] == len(all_["events"]) > 5
    pages = [client.get("/events", params={"dyad": "USA-RUS", "limit": 4, "offset": o}).json()["events"]
             for o in range(0, all_["total"], 4)]
    assert [e["merged_id"] for page in pages for e in page] == [e["merged_id"] for e in all_["events"]]
    killer = client.get("/events", params={"q": "killer", "dyad": "USA-RUS", "since": "2021-03-01",
                                           "until": "2021-03-31"}).json()
    assert killer["total"] >= 1
    assert any("killer" in m["sentence"] for e in killer["events"] for m in e["evidence"])
    for params, check in [
        ({"root": "04"}, lambda e: e["cameo_root"] == "04"),
        ({"code": "11"}, lambda e: e["cameo"].startswith("11")),
        ({"quad_class": 4}, lambda e: e["quad_class"] == 4),
        ({"actor": "RUSGOV"}, lambda e: "RUSGOV" in (e["source_code"], e["target_code"])),
        ({"actor": "USA"}, lambda e: "USA" in (e["source_country"], e["target_country"])),
        ({"plover": "CONSULT"}, lambda e: e["plover_type"] == "CONSULT"),
        ({"dyad": "USA-RUS", "directed": True}, lambda e: e["source_country"] == "USA"),
    ]:
        body = client.get("/events", params=params).json()
        assert body["total"] > 0 and all(check(e) for e in body["events"]), params
    weight = client.get("/events", params={"order": "weight", "limit": 1}).json()["events"][0]
    assert weight["n_sources"] == 3 and weight["cameo_name"]


@pytest.mark.parametrize(
    ("path", "params", "loc"),
    [
        ("/events", {"dyad": "USA-RUSS"}, "dyad"),
        ("/events", {"dyad": "usa-rus"}, "dyad"),
        ("/events", {"dyad": "USA-RUS' OR 1=1 --"}, "dyad"),
        ("/events", {"actor": "US"}, "actor"),
        ("/events", {"code": "abc"}, "code"),
        ("/events", {"root": "21"}, "root"),
        ("/events", {"quad_class": 5}, "quad_class"),
        ("/events", {"since": "2021-13-01"}, "since"),
        ("/events", {"since": "2021-06-01", "until": "2021-03-01"}, "until"),
        ("/events", {"limit": 0}, "limit"),
        ("/events", {"limit": 501}, "limit"),
        ("/events", {"offset": -1}, "offset"),
        ("/events", {"q": "x" * 201}, "q"),
        ("/events", {"order": "goldstein; DROP TABLE events"}, "order"),
        ("/events", {"directed": "true"}, "directed"),
        ("/relations/USA/RUSS", {}, "b"),
        ("/relations/USA/USA", {}, "b"),
        ("/relations/USA/RUS", {"by": "year"}, "by"),
        ("/relations/USA/RUS", {"top": 99}, "top"),
        ("/dyads", {"limit": 1000}, "limit"),
        ("/articles/a b", {}, "article_id"),
    ],
)
def test_bad_parameters_get_422_naming_them(client, path, params, loc):
    res = client.get(path, params=params)
    assert res.status_code == 422, res.text
    detail = res.json()["detail"]
    assert any(d["loc"][-1] == loc for d in detail) and all(d["msg"] for d in detail)


def test_text_search_is_bound_not_interpolated(client):
    for q in ["' OR 1=1 --", "%%", "__", "\\\\", "killer'); DROP TABLE events; --"]:
        res = client.get("/events", params={"q": q})
        assert res.status_code == 200 and res.json()["total"] == 0, q
    assert client.get("/health").json()["events"] > 0


def test_article_with_highlighted_events(client):
    found = client.get("/events", params={"q": "killer", "limit": 1}).json()["events"][0]
    doc = next(m["doc_id"] for m in found["evidence"] if "killer" in m["sentence"])
    art = client.get(f"/articles/{doc}").json()
    assert art["id"] == doc and art["mentions"]
    assert "<mark" in art["html"] and "killer" in art["html"]
    page = client.get(f"/articles/{doc}", params={"format": "html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<mark" in page.text and "<b>" in page.text
    assert client.get("/articles/nope").status_code == 404


def test_dyads_and_countries(client):
    d = client.get("/dyads").json()
    assert d["active"][0]["a"] == "RUS" and d["changed"][0]["month"] == "2021-03"
    codes = [c["code"] for c in client.get("/countries").json()]
    assert {"USA", "RUS"} <= set(codes)


def test_openapi_docs_and_dashboard(client):
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    assert {"/events", "/relations/{a}/{b}", "/articles/{article_id}", "/health", "/ingest"} <= set(spec["paths"])
    page = client.get("/")
    assert page.status_code == 200 and "/static/dashboard.js" in page.text
    for asset in ("/static/dashboard.js", "/static/dashboard.css"):
        res = client.get(asset)
        assert res.status_code == 200 and "http://" not in res.text.replace("http://www.w3.org", "")


def test_read_only_server_refuses_ingest(client):
    assert client.post("/ingest", json={"text": "Putin met Biden."}).status_code == 403


def test_ingest_text_and_html(pipeline, tmp_path):
    app = create_app(tmp_path / "new.duckdb", pipeline=pipeline)
    with live_server(app) as url, httpx.Client(base_url=url, timeout=120) as c:
        text = (FIXTURES / "2021-06-16-geneva-summit.txt").read_text(encoding="utf-8").split("\n", 1)[1]
        body = {"text": text, "title": "Summit", "published": "2021-06-16", "source": "Courier"}
        first = c.post("/ingest", json=body).json()
        assert first["stored"] and any(e["cameo"] == "044" for e in first["events"])
        assert all(e["evidence"] for e in first["events"])
        again = c.post("/ingest", json=body).json()
        assert not again["stored"] and again["article_id"] == first["article_id"]
        page = ("<html><head><title>Envoys return</title></head><body><article><h1>Envoys return</h1>"
                "<p>Russia's ambassador to the US, Anatoly Antonov, returned to Washington on Sunday, "
                "days after Russian President Vladimir Putin and US President Joe Biden met in Geneva "
                "on June 16. The two countries agreed to cooperate on arms control, officials said, "
                "and diplomats from both sides will meet again next month.</p></article></body></html>")
        res = c.post("/ingest", json={"html": page, "published": "2021-06-24"})
        assert res.status_code == 200, res.text
        summit = [e for e in res.json()["events"] if e["cameo"] == "044" and e["source_code"] == "RUSGOV"]
        assert summit and summit[0]["n_articles"] == 2  # merged with the pasted summit report
        for bad in ({}, {"text": "x", "html": "<p>x</p>"}, {"text": "x", "published": "2021-02-30"},
                    {"text": "x" * 200_001}):
            assert c.post("/ingest", json=bad).status_code == 422, bad

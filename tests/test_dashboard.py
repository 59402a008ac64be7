"""The dashboard in a real browser: headless Debian chromium over a real server.

The five steps of the issue: load the dashboard over the fixture articles, select
USA-RUS, see the fall and the recovery, click March 2021 and find the "killer"
remark with its sentence, and save a screenshot.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest

from detente.web.app import create_app
from relations_helpers import build_db, coded_articles, live_server

CHROMIUM = os.environ.get("DETENTE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and shutil.which("chromium") is None,
    reason=f"Debian's chromium is not installed at {CHROMIUM} (.ci/run installs it with apt)",
)


@pytest.fixture(scope="module")
def server(pipeline, tmp_path_factory):
    db = build_db(tmp_path_factory.mktemp("dashboard") / "rel.duckdb", coded_articles(pipeline))
    with live_server(create_app(db, pipeline=pipeline)) as url:
        yield url


@pytest.fixture(scope="module")
def page(server):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
                                     args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1200, "height": 1400}, offline=False)
        outside: list[str] = []
        context.route("**/*", lambda route: (outside.append(route.request.url), route.abort())
                      if not route.request.url.startswith(server) else route.continue_())
        pg = context.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        pg.goto(server + "/")
        pg.wait_for_selector("body[data-ready='1']", timeout=30_000)
        yield pg
        assert not errors, errors
        assert not outside, f"the dashboard fetched from outside the server: {outside}"
        browser.close()


def test_dashboard_shows_the_fall_and_recovery_and_the_evidence(page, tmp_path):
    # 2. select USA-RUS
    page.select_option("#country-a", "USA")
    page.select_option("#country-b", "RUS")
    page.click("#show")
    page.wait_for_selector("#chart svg[data-dyad='USA-RUS']")
    assert "United States" in page.inner_text("#chart-title")

    # 3. the chart shows the fall (March) and the recovery (May, June)
    index = {el.get_attribute("data-period")[:7]: float(el.get_attribute("data-index"))
             for el in page.query_selector_all("#chart circle.point")}
    cy = {el.get_attribute("data-period")[:7]: float(el.get_attribute("cy"))
          for el in page.query_selector_all("#chart circle.point")}
    assert index["2021-01"] > 0 > index["2021-03"] and index["2021-06"] > 0
    assert cy["2021-03"] > cy["2021-01"] and cy["2021-06"] < cy["2021-03"]  # drawn lower, then higher
    turns = {el.get_attribute("data-period")[:7]: el.get_attribute("data-turn")
             for el in page.query_selector_all("#chart text.turn")}
    assert turns == {"2021-03": "fall", "2021-05": "rise"}
    assert page.locator("#chart rect.bar.q3[data-period='2021-03-01']").count() == 1
    assert page.locator("#chart rect.bar.q1[data-period='2021-06-01']").count() == 1

    # 4. click March 2021: the "killer" remark with its sentence, and a link to its article
    page.click("#chart rect.period-hit[data-period='2021-03-01']")
    page.wait_for_selector("#period-events li.event")
    assert "Mar 2021" in page.inner_text("#period-title")
    killer = page.locator("#period-events li.event", has_text="killer").first
    sentence = killer.locator(".evidence .sentence", has_text="killer").first
    assert "Joe Biden" in sentence.inner_text() and "called Putin a killer" in sentence.inner_text()
    assert killer.locator("mark.trigger").count() >= 1
    href = killer.locator("a.article-link").first.get_attribute("href")
    assert href.startswith("/articles/")
    article = page.request.get(urljoin(page.url, href))
    assert article.ok and "<mark" in article.text() and "killer" in article.text()

    # the tables of most active and most changed relations
    assert "RUS–USA" in page.inner_text("#active tbody")
    assert "2021-03" in page.inner_text("#changed tbody")

    # 5. a screenshot
    shot = tmp_path / "dashboard.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes().startswith(b"\x89PNG")
    if os.environ.get("DETENTE_SCREENSHOT"):
        page.screenshot(path=os.environ["DETENTE_SCREENSHOT"], full_page=False)


def test_dashboard_ingests_pasted_text(page):
    page.fill("#ingest-title", "Lavrov and Blinken meet in Reykjavik")
    page.fill("#ingest-published", "2021-05-20")
    page.fill("#ingest-text", "Russian Foreign Minister Sergei Lavrov met US Secretary of State Antony Blinken "
                              "in Reykjavik on May 19. Lavrov praised the talks.")
    page.click("#ingest-submit")
    page.wait_for_selector("#ingest-events li.event", timeout=60_000)
    assert "Stored" in page.inner_text("#ingest-status")
    assert "Reykjavik" in page.inner_text("#ingest-events") or "Lavrov" in page.inner_text("#ingest-events")

"""Issue 6: ``Store.add_many`` stores a batch in one transaction and merges once, with
the same rows as ``Store.add`` article by article."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from detente import Pipeline
from detente.model import Actor, Article, Event, Mention, Place, Plover
from detente.stages.sources import read_articles
from detente.store import Store

SCALE = Path(__file__).parent / "fixtures" / "scale" / "articles.jsonl"


def _tables(store: Store) -> dict[str, Any]:
    con = store.con
    return {
        "articles": con.execute("SELECT id, n_events FROM articles ORDER BY id").fetchall(),
        "events": con.execute("SELECT event_id, cameo FROM events ORDER BY event_id").fetchall(),
        "mentions": con.execute("SELECT event_id, idx, start_char FROM mentions ORDER BY ALL").fetchall(),
        "merged": con.execute(
            "SELECT merged_id, n_reports, n_articles, source_code, target_code, cameo_root"
            " FROM merged_events ORDER BY merged_id"
        ).fetchall(),
        "links": con.execute("SELECT event_id, merged_id FROM event_links ORDER BY ALL").fetchall(),
        "months": con.execute("SELECT * FROM dyad_months ORDER BY ALL").fetchall(),
    }


def test_issue_6_add_many_stores_the_same_rows_as_add(pipeline: Pipeline, tmp_path: Path) -> None:
    articles = list(read_articles(SCALE))[:12]
    coded = [(c.article, c.events) for c in pipeline.run(articles)]
    assert sum(len(e) for _, e in coded) > 5
    with Store(tmp_path / "one.duckdb") as one, Store(tmp_path / "many.duckdb") as many:
        flags_one = [one.add(a, e) for a, e in coded]
        flags_many = many.add_many(coded[:5]) + many.add_many(coded[3:])  # 3 and 4 twice
        assert flags_one == [True] * 12
        assert flags_many == [True] * 5 + [False, False] + [True] * 7
        assert _tables(one) == _tables(many)
        assert one.counts() == many.counts()


RUS = Actor("Moscow", "RUSGOV", "Russia", "RUS", "GOV")
UKR = Actor("Kyiv", "UKRGOV", "Ukraine", "UKR", "GOV")


def _article(doc: str) -> Article:
    return Article(id=doc, text=f"text of {doc}", title=f"title of {doc}", published=date(2022, 3, 1),
                   source="Wire", url=f"https://example.org/{doc}")


def test_issue_6_bulk_insert_writes_every_field(tmp_path: Path) -> None:
    full = Event(
        "a", RUS, UKR, "190", "19", -10.0, 4, Plover("ASSAULT", "firearms", "military"),
        date(2022, 2, 24), "day", True, Place("Kharkiv", "UKR", 49.99, 36.23),
        (Mention("Russia shelled Kharkiv.", 0, 23, "shelled", 7, "SHELL", "Thursday"),
         Mention("The shelling went on.", 24, 45, "shelling")),
        0.75,
    )
    bare = Event("a", RUS, None, "010", "01", 0.0, 1, None, None, None)
    with Store(tmp_path / "x.duckdb") as store:
        assert store.add_many([(_article("a"), [full, bare])]) == [True]
        con = store.con
        assert con.execute("SELECT id, title, url, published, source, n_events FROM articles").fetchall() == [
            ("a", "title of a", "https://example.org/a", date(2022, 3, 1), "Wire", 2)]
        rows = con.execute(
            "SELECT source_code, target_code, target_country, cameo, goldstein, quad_class, plover_type,"
            " plover_mode, date, date_precision, date_fallback, location_name, location_country, lat, lon,"
            " confidence, n_mentions FROM events ORDER BY cameo").fetchall()
        assert rows == [
            ("RUSGOV", None, None, "010", 0.0, 1, None, None, None, None, False, None, None, None, None, 1.0, 0),
            ("RUSGOV", "UKRGOV", "UKR", "190", -10.0, 4, "ASSAULT", "firearms", date(2022, 2, 24), "day", True,
             "Kharkiv", "UKR", 49.99, 36.23, 0.75, 2),
        ]
        assert con.execute("SELECT idx, sentence, start_char, end_char, trigger, trigger_start, pattern, date_text"
                           " FROM mentions ORDER BY idx").fetchall() == [
            (0, "Russia shelled Kharkiv.", 0, 23, "shelled", 7, "SHELL", "Thursday"),
            (1, "The shelling went on.", 24, 45, "shelling", -1, "", None),
        ]


def test_issue_6_a_batch_keeps_the_first_of_two_rows_with_one_key(tmp_path: Path) -> None:
    day = date(2022, 2, 24)
    first = Event("a", RUS, UKR, "190", "19", -10.0, 4, None, day, "day", mentions=(Mention("One.", 0, 4, "x"),),
                  event_id="same")
    second = Event("b", RUS, UKR, "190", "19", -10.0, 4, None, day, "day",
                   mentions=(Mention("Two.", 0, 4, "y"), Mention("Three.", 5, 11, "z")), event_id="same")
    with Store(tmp_path / "x.duckdb") as store:
        flags = store.add_many([(_article("a"), [first]), (_article("a"), []), (_article("b"), [second])])
        assert flags == [True, False, True]
        con = store.con
        assert con.execute("SELECT id, n_events FROM articles ORDER BY id").fetchall() == [("a", 1), ("b", 1)]
        assert con.execute("SELECT event_id, doc_id FROM events").fetchall() == [("same", "a")]
        assert con.execute("SELECT idx, doc_id, sentence FROM mentions ORDER BY idx").fetchall() == [
            (0, "a", "One."), (1, "b", "Three.")]
        assert store.add_many([(_article("b"), [second]), (_article("c"), [])]) == [False, True]


def test_issue_6_a_batch_that_fails_leaves_no_trace(tmp_path: Path) -> None:
    day = date(2022, 2, 24)
    good = Event("b", RUS, UKR, "190", "19", -10.0, 4, None, day, "day")
    bad = Event("c", RUS, UKR, "111", "11", -2.0, 3, None, day, "day")
    object.__setattr__(bad, "cameo", None)  # NOT NULL
    with Store(tmp_path / "x.duckdb") as store:
        store.add_many([(_article("a"), [Event("a", RUS, UKR, "190", "19", -10.0, 4, None, day, "day")])])
        before = _tables(store)
        with pytest.raises(duckdb.Error):
            store.add_many([(_article("b"), [good]), (_article("c"), [bad])])
        assert _tables(store) == before
        assert store.add_many([(_article("b"), [good])]) == [True]

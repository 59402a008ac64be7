"""The event store: one transaction per article, and events merged across articles."""

from __future__ import annotations

import itertools
import random
from datetime import date

import pytest

from detente.model import Actor, Article, Event, Mention
from detente.store import Store
from relations_helpers import SUMMIT_FILES, by_origin, coded_articles

RUS = Actor("Putin", "RUSGOV", "Vladimir Putin", "RUS", "GOV")
USA = Actor("Biden", "USAGOV", "Joe Biden", "USA", "GOV")


def _merged(store: Store) -> list[tuple]:
    return store.con.execute(
        "SELECT merged_id, source_code, target_code, cameo_root, date, n_reports, n_articles, n_sources,"
        " n_mentions FROM merged_events ORDER BY merged_id"
    ).fetchall()


def _event(doc: str, cameo: str, day: date, precision: str = "day", n: int = 1) -> Event:
    mentions = tuple(Mention(f"sentence {i} of {doc}", i * 10, i * 10 + 9, "met", i * 10) for i in range(n))
    return Event(doc, RUS, USA, cameo, cameo[:2], 1.0, 1, None, day, precision, mentions=mentions)  # type: ignore[arg-type]


def _article(doc: str, source: str | None = None) -> Article:
    return Article(id=doc, text=f"text of {doc}", published=date(2021, 6, 30), source=source)


def test_same_event_in_three_articles_in_every_order_is_one_event(pipeline, tmp_path):
    coded = [by_origin(coded_articles(pipeline), name) for name in SUMMIT_FILES]
    results = []
    for i, order in enumerate(itertools.permutations(coded)):
        with Store(":memory:") as store:
            for c in order:
                assert store.add(c.article, c.events)
            summit = store.con.execute(
                "SELECT merged_id, n_articles, n_sources, n_reports, n_mentions FROM merged_events"
                " WHERE source_code = 'RUSGOV' AND target_code = 'USAGOV' AND cameo_root = '04'"
                " AND date = DATE '2021-06-16'"
            ).fetchall()
            assert len(summit) == 1, order
            merged_id, n_articles, n_sources, n_reports, n_mentions = summit[0]
            assert (n_articles, n_sources, n_reports) == (3, 3, 3)
            assert n_mentions >= 4  # the founding article reports it twice
            docs = store.con.execute(
                "SELECT DISTINCT m.doc_id FROM event_links l JOIN mentions m USING (event_id)"
                " WHERE l.merged_id = ?", [merged_id]).fetchall()
            assert {d for (d,) in docs} == {c.article.id for c in coded}
            results.append(_merged(store))
    assert all(r == results[0] for r in results)  # the whole table, not only the summit


def test_merge_does_not_depend_on_the_order_of_all_fixture_articles(pipeline, tmp_path):
    coded = coded_articles(pipeline)
    orders = [coded, coded[::-1]] + [random.Random(seed).sample(coded, len(coded)) for seed in range(3)]
    tables = []
    for i, order in enumerate(orders):
        with Store(":memory:") as store:
            for c in order:
                store.add(c.article, c.events)
            tables.append(_merged(store))
            assert store.rebuild_merged() == len(tables[-1])
            assert _merged(store) == tables[-1]  # a rebuild from scratch agrees with the increments
    assert all(t == tables[0] for t in tables)


def test_reingesting_an_article_changes_nothing(pipeline, tmp_path):
    c = by_origin(coded_articles(pipeline), "us-russia-ambassadors.txt")
    with Store(tmp_path / "x.duckdb") as store:
        assert store.add(c.article, c.events)
        before = (store.counts(), _merged(store))
        assert not store.add(c.article, c.events)
        assert (store.counts(), _merged(store)) == before


def test_a_failing_article_leaves_no_trace(tmp_path):
    with Store(tmp_path / "x.duckdb") as store:
        store.add(_article("a"), [_event("a", "044", date(2021, 6, 16))])
        before = (store.counts(), _merged(store))
        good = _event("b", "044", date(2021, 6, 16))
        bad = _event("b", "111", date(2021, 6, 17))
        object.__setattr__(bad, "cameo", None)  # violates NOT NULL after the first event is written
        with pytest.raises(Exception):
            store.add(_article("b"), [good, bad])
        assert (store.counts(), _merged(store)) == before


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        ([(date(2021, 6, 16), "day"), (date(2021, 6, 17), "day")], 1),  # within a day
        ([(date(2021, 6, 16), "day"), (date(2021, 6, 18), "day")], 2),  # two days apart
        ([(date(2021, 6, 16), "day"), (date(2021, 6, 1), "month")], 1),  # "in June" joins the one June event
        ([(date(2021, 6, 2), "day"), (date(2021, 6, 16), "day"), (date(2021, 6, 1), "month")], 3),  # ambiguous
        ([(date(2021, 6, 16), "day"), (date(2021, 1, 1), "year")], 1),
        ([(date(2021, 3, 1), "month"), (date(2021, 3, 1), "month")], 1),
    ],
)
def test_dates_merge_within_their_precision(tmp_path, days, expected):
    for order in itertools.permutations(range(len(days))):
        with Store(":memory:") as store:
            for i in order:
                day, precision = days[i]
                doc = f"doc{i}"
                store.add(_article(doc, source=f"outlet{i}"), [_event(doc, "043", day, precision)])
            assert store.counts()["merged_events"] == expected, order


def test_different_roots_or_dyads_do_not_merge(tmp_path):
    with Store(tmp_path / "x.duckdb") as store:
        day = date(2021, 6, 16)
        store.add(_article("a"), [_event("a", "044", day)])
        store.add(_article("b"), [_event("b", "111", day)])
        flipped = Event("c", USA, RUS, "044", "04", 1.0, 1, None, day, "day", mentions=_event("c", "044", day).mentions)
        store.add(_article("c"), [flipped])
        assert store.counts()["merged_events"] == 3


def test_sources_count_outlets_not_articles(tmp_path):
    with Store(tmp_path / "x.duckdb") as store:
        day = date(2021, 6, 16)
        store.add(_article("a", "Wire"), [_event("a", "044", day, n=2)])
        store.add(_article("b", "Wire"), [_event("b", "043", day)])
        store.add(_article("c", "Courier"), [_event("c", "044", day)])
        assert store.con.execute(
            "SELECT n_reports, n_articles, n_sources, n_mentions FROM merged_events").fetchall() == [(3, 3, 2, 4)]


def test_an_old_store_is_merged_when_opened(tmp_path):
    path = tmp_path / "old.duckdb"
    with Store(path) as store:
        store.add(_article("a"), [_event("a", "044", date(2021, 6, 16))])
        store.add(_article("b"), [_event("b", "044", date(2021, 6, 16))])
        store.con.execute("DELETE FROM event_links")
        store.con.execute("DELETE FROM merged_events")
    with Store(path) as store:
        assert store.con.execute("SELECT n_articles FROM merged_events").fetchall() == [(2,)]


def test_issue_6_only_merged_events_whose_reports_changed_are_rewritten(tmp_path):
    """A new report rewrites the merged event it joins (and one it splits off from), not the
    other merged events of its key: those keep their rows, down to ``added_at``. The table
    and the monthly summary stay what a full rebuild gives."""
    june = [date(2021, 6, d) for d in (1, 10, 20)]
    with Store(tmp_path / "x.duckdb") as store:
        store.add_many([(_article(f"a{i}"), [_event(f"a{i}", "043", day)]) for i, day in enumerate(june)])

        def added() -> dict[str, object]:
            return dict(store.con.execute("SELECT merged_id, added_at FROM merged_events").fetchall())

        before = added()
        assert len(before) == 3
        store.add(_article("b"), [_event("b", "044", date(2021, 6, 11))])  # joins the 10th's
        after = added()
        assert len(after) == 3
        joined = store.con.execute(
            "SELECT merged_id FROM event_links JOIN events USING (event_id) WHERE doc_id = 'b'").fetchone()[0]
        assert after[joined] != before.get(joined)  # its members changed: its row is new
        kept = set(after) - {joined}
        assert len(kept) == 2 and all(after[m] == before[m] for m in kept)
        assert store.con.execute(
            "SELECT n_reports FROM merged_events WHERE merged_id = ?", [joined]).fetchone() == (2,)
        store.add(_article("c"), [_event("c", "041", date(2021, 7, 1))])  # another key: nothing rewritten
        assert {m: t for m, t in added().items() if m in after} == after
        summary = store.con.execute("SELECT * FROM dyad_months ORDER BY ALL").fetchall()
        merged = _merged(store)
        store.rebuild_merged()
        assert _merged(store) == merged
        assert store.con.execute("SELECT * FROM dyad_months ORDER BY ALL").fetchall() == summary

"""Issue 6, seventh pass: a merged event takes its fields from its best report and its
first article, whichever batch each report came in (the merge query's grouping)."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date

from detente.model import Actor, Article, Event, Mention, Place
from detente.store import Store

RUS = Actor("Putin", "RUSGOV", "Vladimir Putin", "RUS", "GOV")
USA = Actor("Biden", "USAGOV", "Joe Biden", "USA", "GOV")
DAY = date(2021, 6, 16)


def _report(doc: str, cameo: str, precision: str, *, place: str | None = None, confidence: float = 0.5,
            day: date = DAY) -> Event:
    mention = Mention(f"{doc} reports {cameo}", 0, 10, "met", 0)
    location = Place(place, "CHE") if place else None
    return Event(doc, RUS, USA, cameo, cameo[:2], 1.0, 1, None, day, precision,  # type: ignore[arg-type]
                 location=location, mentions=(mention,), confidence=confidence)


def _article(doc: str, published: date | None, source: str) -> Article:
    return Article(id=doc, text=f"text of {doc}", published=published, source=source, url=f"https://x/{doc}")


#: (article, report): a month-precise report, two day-precise ones (one located, less
#: confident), one day-precise and most confident but unlocated, and an undated article.
REPORTS = [
    (_article("a", date(2021, 6, 20), "Wire"), _report("a", "043", "month", confidence=0.9, day=date(2021, 6, 1))),
    (_article("b", date(2021, 6, 18), "Courier"), _report("b", "043", "day", place="Geneva", confidence=0.4)),
    (_article("c", date(2021, 6, 17), "Wire"), _report("c", "043", "day", confidence=0.8)),
    (_article("d", None, "Post"), _report("d", "043", "day", place="Geneva", confidence=0.3)),
]


def test_issue_6_merged_fields_come_from_the_best_report_and_the_first_article() -> None:
    """Day before month, located before not, then the most confident; the first article is
    the earliest published (an undated one last); evidence in that order; the same row in
    every order and batching of the articles."""
    rows = set()
    for order in itertools.islice(itertools.permutations(REPORTS), 0, None, 3):  # 8 of the 24 orders
        for size in (1, 2, 4):
            with Store(":memory:") as store:
                for i in range(0, len(order), size):
                    store.add_many([(a, [e]) for a, e in order[i : i + size]])
                got = store.con.execute(
                    "SELECT event_id, location_name, confidence, n_reports, n_articles, n_sources, first_doc_id,"
                    " first_url, [e.doc_id FOR e IN evidence] FROM merged_events"
                ).fetchall()
            assert len(got) == 1, (order, size)
            rows.add((*got[0][:-1], tuple(got[0][-1])))
    assert len(rows) == 1
    event_id, place, confidence, n_reports, n_articles, n_sources, first_doc, first_url, docs = rows.pop()
    assert event_id == REPORTS[1][1].event_id and place == "Geneva"  # located day report, not the more confident d
    assert (confidence, n_reports, n_articles, n_sources) == (0.9, 4, 4, 3)
    assert (first_doc, first_url, docs) == ("c", "https://x/c", ("c", "b", "a", "d"))


def test_issue_6_an_unlocated_report_wins_on_confidence_among_its_equals() -> None:
    more = replace(REPORTS[2][1], confidence=0.95, event_id="")
    with Store(":memory:") as store:
        store.add_many([(REPORTS[0][0], [REPORTS[0][1]]), (REPORTS[2][0], [REPORTS[2][1]])])
        store.add_many([(_article("e", date(2021, 6, 19), "Post"), [replace(more, doc_id="e", event_id="")])])
        best = store.con.execute("SELECT first_doc_id, event_id, confidence FROM merged_events").fetchall()
    assert len(best) == 1 and best[0][0] == "c"
    assert best[0][2] == 0.95  # max confidence over the reports
    assert best[0][1] == replace(more, doc_id="e", event_id="").event_id  # the most confident unlocated day report

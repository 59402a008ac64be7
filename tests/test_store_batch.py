"""Issue 6: ``Store.add_many`` stores a batch in one transaction and merges once, with
the same rows as ``Store.add`` article by article."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from detente import Pipeline
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

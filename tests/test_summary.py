"""The per-dyad monthly summary (``dyad_months``) always agrees with the merged events."""

from __future__ import annotations

import random
from datetime import date
import shutil
from pathlib import Path

import duckdb
import pytest

from detente.analysis import relations
from detente.store import Store
from detente.store.duckdb import _SUMMARY_INSERT
from relations_helpers import build_db, coded_articles

KEY = "source_country, target_country, month, plover_type"


def summary(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(f"SELECT * FROM dyad_months ORDER BY {KEY}").fetchall()


def recomputed(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    con.execute("CREATE OR REPLACE TEMP TABLE _check AS SELECT * FROM dyad_months LIMIT 0")
    con.execute(_SUMMARY_INSERT.format(table="_check", sign=1, where="TRUE"))
    return con.execute(f"SELECT * FROM _check ORDER BY {KEY}").fetchall()


@pytest.mark.parametrize("order", ["given", "reversed", "shuffled"])
def test_summary_equals_a_recount_whatever_the_order(pipeline, tmp_path: Path, order: str) -> None:
    coded = list(coded_articles(pipeline))
    if order == "reversed":
        coded.reverse()
    elif order == "shuffled":
        random.Random(7).shuffle(coded)
    db = build_db(tmp_path / "rel.duckdb", coded)
    with Store(db) as store:
        assert summary(store.con) and summary(store.con) == recomputed(store.con)
        store.add(coded[0].article, coded[0].events)  # already stored: nothing changes
        before = summary(store.con)
        store.rebuild_merged()
        assert summary(store.con) == before


def test_monthly_series_from_the_summary_equals_the_scan(pipeline, tmp_path: Path) -> None:
    db = build_db(tmp_path / "rel.duckdb", coded_articles(pipeline))
    old = tmp_path / "old.duckdb"
    shutil.copy(db, old)
    con = duckdb.connect(str(old))
    con.execute("DROP TABLE dyad_months")  # as a file written before the summary existed
    con.close()
    ro = duckdb.connect(str(old), read_only=True)
    with Store(db, read_only=True) as store:
        for kw in ({}, {"directed": True}, {"since": date(2021, 3, 1)}):
            fast = relations(store, "USA", "RUS", by="month", **kw).to_dict()
            scan = relations(ro, "USA", "RUS", by="month", **kw).to_dict()
            assert fast == scan and fast["events"] > 0, kw
    ro.close()
    with Store(old) as store:  # opening it read-write builds the summary
        assert summary(store.con) == recomputed(store.con) != []

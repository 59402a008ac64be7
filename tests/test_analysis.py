"""Relations over time: per-period aggregates, the index, turning points, and `detente relations`."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from detente.analysis import relations, top_dyads, top_events
from detente.cli import cli
from detente.store import Store
from relations_helpers import build_db, coded_articles


@pytest.fixture(scope="module")
def db(pipeline, tmp_path_factory):
    return build_db(tmp_path_factory.mktemp("analysis") / "rel.duckdb", coded_articles(pipeline))


def test_the_index_falls_in_march_and_recovers_by_june(db):
    with Store(db, read_only=True) as store:
        series = relations(store, "USA", "RUS", by="month")
    by_month = {p.start.isoformat()[:7]: p for p in series.periods}
    assert list(by_month) == ["2021-01", "2021-02", "2021-03", "2021-04", "2021-05", "2021-06"]
    assert by_month["2021-01"].index > 0
    assert by_month["2021-02"].events == 0 and by_month["2021-02"].index is None
    assert by_month["2021-03"].index < 0 and by_month["2021-04"].index < 0
    assert by_month["2021-06"].index > 0
    assert [(p.start.isoformat()[:7], p.turn) for p in series.turning_points] == [
        ("2021-03", "fall"), ("2021-05", "rise")]


def test_period_aggregates_add_up(db):
    with Store(db, read_only=True) as store:
        series = relations(store, "USA", "RUS", by="month", top=2)
        n = store.con.execute(
            "SELECT count(*) FROM merged_events WHERE (source_country, target_country) IN"
            " (('USA', 'RUS'), ('RUS', 'USA'))").fetchone()[0]
    assert sum(p.events for p in series.periods) == n
    for p in series.periods:
        assert sum(p.quad) == p.events
        assert sum(p.plover.values()) <= p.events
        assert p.mentions >= p.events
        if p.events:
            assert p.goldstein_mean == pytest.approx(p.goldstein_sum / p.events)
            assert 1 <= len(p.top) <= 2 and all(t["sentence"] for t in p.top)
    june = next(p for p in series.periods if p.start == date(2021, 6, 1))
    assert june.plover.get("CONSULT", 0) >= 2
    assert june.top[0]["cameo"] == "044" and june.top[0]["n_articles"] == 3  # the summit leads


def test_march_holds_the_killer_remark_with_its_evidence(db):
    with Store(db, read_only=True) as store:
        found = top_events(store, "USA", "RUS", since=date(2021, 3, 1), until=date(2021, 3, 31))
    killer = [e for e in found if any("killer" in m["sentence"] for m in e["evidence"])]
    assert killer and killer[0]["cameo"].startswith("11")
    assert {m["doc_id"] for m in killer[0]["evidence"]} and all(m["title"] for m in killer[0]["evidence"])


@pytest.mark.parametrize("by", ["day", "week", "month"])
def test_every_period_length_counts_the_same_events(db, by):
    with Store(db, read_only=True) as store:
        series = relations(store, "RUS", "USA", by=by, top=0)
        monthly = relations(store, "RUS", "USA", by="month", top=0)
    assert sum(p.events for p in series.periods) == sum(p.events for p in monthly.periods) > 0
    starts = [p.start for p in series.periods]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)


def test_directed_is_a_part_of_both_ways(db):
    with Store(db, read_only=True) as store:
        both = sum(p.events for p in relations(store, "USA", "RUS").periods)
        a = sum(p.events for p in relations(store, "USA", "RUS", directed=True).periods)
        b = sum(p.events for p in relations(store, "RUS", "USA", directed=True).periods)
    assert a + b == both and a > 0 and b > 0


def test_top_dyads(db):
    with Store(db, read_only=True) as store:
        found = top_dyads(store)
    assert (found["active"][0]["a"], found["active"][0]["b"]) == ("RUS", "USA")
    assert found["changed"][0]["month"] == "2021-03" and found["changed"][0]["change"] < 0


def test_cli_relations_prints_the_turning_points(db):
    result = CliRunner().invoke(cli, ["relations", "USA", "RUS", "--db", str(db), "--by", "month"])
    assert result.exit_code == 0, result.output
    assert "2021-03" in result.output and "▼ fall" in result.output and "▲ rise" in result.output
    assert "Turning points: 2021-03 fall, 2021-05 rise" in result.output


def test_cli_relations_jsonl_and_csv(db):
    out = CliRunner().invoke(cli, ["relations", "usa", "rus", "--db", str(db), "--format", "jsonl"]).output
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[2]["start"] == "2021-03-01" and rows[2]["turn"] == "fall"
    out = CliRunner().invoke(cli, ["relations", "USA", "RUS", "--db", str(db), "--format", "csv"]).output
    assert out.splitlines()[0].startswith("start,end,events")


@pytest.mark.parametrize("suffix", [".png", ".svg", ".html"])
def test_cli_relations_plot(db, tmp_path, suffix):
    path = tmp_path / f"plot{suffix}"
    result = CliRunner().invoke(cli, ["relations", "USA", "RUS", "--db", str(db), "--plot", str(path)])
    assert result.exit_code == 0, result.output
    data = path.read_bytes()
    if suffix == ".png":
        assert data.startswith(b"\x89PNG")
    else:
        assert b"<svg" in data
    if suffix == ".html":
        assert b"killer" in data


@pytest.mark.parametrize("args", [["USA", "RUSS"], ["USA", "R1S"], ["USA", "RUS", "--by", "year"],
                                  ["USA", "RUS", "--plot", "x.pdf"]])
def test_cli_relations_rejects_bad_input(db, args):
    result = CliRunner().invoke(cli, ["relations", *args, "--db", str(db)])
    assert result.exit_code == 2

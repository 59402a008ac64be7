"""The command line, driven as a user drives it: CliRunner on the real model and a real DuckDB file."""

from __future__ import annotations

import csv
import io
import json

import duckdb
import pytest
from click.testing import CliRunner

from detente.cli import cli


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def test_help_lists_every_command_with_examples(runner):
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in ("code", "ingest", "events", "demo", "explain", "eval", "actors", "relations", "export",
                    "serve", "spark"):
        assert f"  {command} " in result.output
    assert "Examples:" in result.output


def test_code_prints_jsonl_in_the_documented_schema(runner, pipeline, example_path):
    result = runner.invoke(cli, ["code", str(example_path), "--published", "2021-06-20", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.output.splitlines()]
    assert len(events) >= 4
    keys = {"doc_id", "event_id", "source", "target", "cameo", "cameo_root", "goldstein", "quad_class",
            "plover", "date", "date_precision", "location", "mentions", "confidence"}
    assert all(keys <= set(e) for e in events)
    summit = [e for e in events if e["cameo"] == "044"]
    assert {e["date"] for e in summit} == {"2021-06-16"}
    assert all(len(e["mentions"]) == 2 for e in summit)


def test_code_reads_stdin_and_prints_a_table(runner, pipeline):
    result = runner.invoke(cli, ["code", "-", "--published", "2021-06-20"],
                           input="Headline\n\nOn June 16, Putin and Biden met in Geneva.\n")
    assert result.exit_code == 0, result.output
    assert "044" in result.output and "Geneva" in result.output and "2021-06-16" in result.output


def test_code_csv(runner, pipeline, example_path):
    result = runner.invoke(cli, ["code", str(example_path), "--published", "2021-06-20", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows and {"event_id", "source_code", "target_code", "cameo", "date"} <= set(rows[0])
    assert any(r["cameo"] == "161" and r["date"] == "2021-03" for r in rows)


def test_code_jsonl_input_with_chosen_fields(runner, pipeline, tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text(
        json.dumps({"ID": "a1", "content_original": "Turkey criticized Greece on Tuesday.", "date": "2021-06-20"}) + "\n"
        + "{not json\n"
        + json.dumps({"ID": "a2", "content_original": "Moscow recalled its ambassador.", "date": "2021-06-20"}) + "\n"
    )
    result = runner.invoke(cli, ["code", str(path), "--text-field", "content_original", "--date-field", "date",
                                 "--id-field", "ID", "--format", "jsonl"])
    # one malformed line: the batch goes on, the exit code says it only partly succeeded
    assert result.exit_code == 3
    lines = [l for l in result.stdout.splitlines() if l.startswith("{")]
    docs = {json.loads(l)["doc_id"] for l in lines}
    assert docs == {"a1", "a2"}
    assert "news.jsonl:2" in result.stderr


def test_bad_published_date_is_a_usage_error(runner, example_path):
    result = runner.invoke(cli, ["code", str(example_path), "--published", "yesterday-ish"])
    assert result.exit_code == 2 and "--published" in result.output


def test_ingest_stores_once_and_events_queries(runner, pipeline, example_path, tmp_path):
    db = tmp_path / "events.duckdb"
    args = ["ingest", str(example_path), "--published", "2021-06-20", "--db", str(db), "--quiet"]
    first = runner.invoke(cli, args)
    assert first.exit_code == 0, first.output
    con = duckdb.connect(str(db), read_only=True)
    counts = [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "events", "mentions")]
    con.close()
    assert counts[0] == 1 and counts[1] >= 4 and counts[2] >= counts[1]
    again = runner.invoke(cli, args)  # ingesting the same article again changes nothing
    assert again.exit_code == 0
    con = duckdb.connect(str(db), read_only=True)
    assert [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "events", "mentions")] == counts
    con.close()

    result = runner.invoke(cli, ["events", "--db", str(db), "--dyad", "USA-RUS", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(l) for l in result.output.splitlines()]
    assert rows and all({r["source_country"], r["target_country"]} == {"USA", "RUS"} for r in rows)
    march = runner.invoke(cli, ["events", "--db", str(db), "--since", "2021-03-01", "--until", "2021-03-31"])
    assert "161" in march.output and "111" in march.output and "044" not in march.output
    bad = runner.invoke(cli, ["events", "--db", str(db), "--dyad", "USA"])
    assert bad.exit_code == 2 and "alpha-3" in bad.output


def test_demo_codes_the_founding_article(runner, pipeline):
    result = runner.invoke(cli, ["demo"])
    assert result.exit_code == 0, result.output
    assert "US, Russia reinstate ambassadors" in result.output
    for code in ("044", "050", "111", "161"):
        assert code in result.output

"""Exports: CSV, Parquet and GDELT 2.0 event TSV, read back."""

from __future__ import annotations

import csv

import duckdb
import pytest
from click.testing import CliRunner

from detente.cli import cli
from detente.export import EXPORT_COLUMNS, GDELT_COLUMNS
from relations_helpers import build_db, by_origin, coded_articles


@pytest.fixture(scope="module")
def founding(pipeline):
    return by_origin(coded_articles(pipeline), "us-russia-ambassadors.txt")


@pytest.fixture(scope="module")
def founding_db(founding, tmp_path_factory):
    return build_db(tmp_path_factory.mktemp("export") / "founding.duckdb", [founding])


def test_gdelt_export_reads_back_with_gdelt_column_names(founding, founding_db, tmp_path):
    out = tmp_path / "events.gdelt.tsv"
    result = CliRunner().invoke(cli, ["export", "--db", str(founding_db), "--format", "gdelt", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert len(GDELT_COLUMNS) == 61
    lines = out.read_text(encoding="utf-8").splitlines()
    assert all(len(line.split("\t")) == 61 for line in lines)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, fieldnames=GDELT_COLUMNS, delimiter="\t", quoting=csv.QUOTE_NONE))
    got = sorted((r["Actor1Code"], r["Actor2Code"], r["EventCode"], r["SQLDATE"]) for r in rows)
    want = sorted(
        (e.source.code, e.target.code if e.target else "", e.cameo,
         e.date_str.replace("-", "").ljust(8, "0")[:6] + (e.date_str.replace("-", "")[6:8] or "01"))
        for e in founding.events
    )
    assert got == want
    for r in rows:
        assert r["EventRootCode"] == r["EventCode"][:2]
        assert r["EventBaseCode"] == r["EventCode"][:3]
        assert r["QuadClass"] in {"1", "2", "3", "4"}
        assert r["MonthYear"] == r["SQLDATE"][:6] and r["Year"] == r["SQLDATE"][:4]
        assert int(r["GLOBALEVENTID"]) > 0 and r["SOURCEURL"]
    geneva = [r for r in rows if r["ActionGeo_FullName"] == "Geneva"]
    assert geneva and all(r["ActionGeo_CountryCode"] == "SZ" for r in geneva)  # FIPS, as in GDELT


def test_gdelt_export_reads_in_duckdb_with_gdelt_names(founding_db, tmp_path):
    out = tmp_path / "events.tsv"
    CliRunner().invoke(cli, ["export", "--db", str(founding_db), "--format", "gdelt", "-o", str(out)])
    con = duckdb.connect()
    found = con.execute(
        "SELECT Actor1CountryCode, Actor2CountryCode, EventRootCode, GoldsteinScale, NumArticles"
        " FROM read_csv(?, delim = '\t', header = false, names = ?, all_varchar = true)",
        [str(out), GDELT_COLUMNS],
    ).fetchall()
    assert ("RUS", "USA", "04", "2.5", "1") in found


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_csv_and_parquet_exports(pipeline, fmt, tmp_path):
    db = build_db(tmp_path / "all.duckdb", coded_articles(pipeline))
    out = tmp_path / f"events.{fmt}"
    result = CliRunner().invoke(cli, ["export", "--db", str(db), "--format", fmt, "-o", str(out),
                                      "--dyad", "USA-RUS", "--since", "2021-06-01"])
    assert result.exit_code == 0, result.output
    con = duckdb.connect()
    reader = "read_csv(?, header = true)" if fmt == "csv" else "read_parquet(?)"
    cols = [d[0] for d in con.execute(f"SELECT * FROM {reader} LIMIT 0", [str(out)]).description]
    assert cols == EXPORT_COLUMNS
    n, summit = con.execute(
        f"SELECT count(*), max(n_articles) FILTER (WHERE cameo = '044') FROM {reader}", [str(out)]).fetchone()
    assert n > 0 and summit == 3
    assert con.execute(f"SELECT min(date) FROM {reader}", [str(out)]).fetchone()[0].isoformat() >= "2021-06-01"


def test_export_rejects_a_bad_dyad(founding_db, tmp_path):
    result = CliRunner().invoke(cli, ["export", "--db", str(founding_db), "--dyad", "USA", "-o", str(tmp_path / "x")])
    assert result.exit_code == 2

"""detente on Spark, in local mode: the same events as one process, written as Parquet by date."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("pyspark")
if shutil.which("java") is None:  # pragma: no cover - CI installs Java (.ci/run)
    pytest.skip("Spark needs Java", allow_module_level=True)

from detente import Pipeline  # noqa: E402
from detente.spark import EVENT_COLUMNS, Fields, code_to_parquet, session  # noqa: E402
from detente.stages.sources import read_articles  # noqa: E402

SCALE = Path(__file__).parent / "fixtures" / "scale" / "articles.jsonl"


@pytest.fixture(scope="module")
def spark():
    s = session("local[2]", app_name="detente-tests")
    s.conf.set("spark.sql.shuffle.partitions", "2")
    yield s
    s.stop()


def test_spark_gives_the_same_event_ids_as_one_process(spark, pipeline: Pipeline, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "events"
    code_to_parquet(spark, str(SCALE), str(out), partitions=2)
    table = pq.read_table(out)  # hive partitions: date=2021-06-16/part-*.parquet
    assert set(EVENT_COLUMNS) <= set(table.column_names)
    spark_ids = sorted(table.column("event_id").to_pylist())
    single = [e for coded in pipeline.run(read_articles(SCALE)) for e in coded.events]
    assert len(single) > 500
    assert spark_ids == sorted(e.event_id for e in single)
    dates = {p.name for p in out.iterdir() if p.is_dir()}
    assert len(dates) > 50 and all(d.startswith("date=") for d in dates)
    by_id = {e.event_id: e for e in single}
    for row in table.slice(0, 20).to_pylist():
        event = by_id[row["event_id"]]
        assert (row["source_code"], row["cameo"], str(row["date"])) == (event.source.code, event.cameo, event.date_str)


def test_spark_reads_parquet_with_other_column_names(spark, pipeline: Pipeline, tmp_path: Path) -> None:
    articles = list(read_articles(SCALE))[:12]
    src = tmp_path / "articles.parquet"
    spark.createDataFrame(
        [(a.id, a.text, a.title, a.published.isoformat()) for a in articles],
        schema="ID STRING, content STRING, headline STRING, day STRING",
    ).write.parquet(str(src))
    out = tmp_path / "events"
    fields = Fields(id="ID", text="content", title="headline", published="day")
    code_to_parquet(spark, str(src), str(out), fields=fields)
    got = sorted(r.event_id for r in spark.read.parquet(str(out)).select("event_id").collect())
    expected = sorted(e.event_id for c in pipeline.run(articles) for e in c.events)
    assert got == expected and got

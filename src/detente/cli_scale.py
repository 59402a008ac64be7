"""``detente spark``: code articles on Apache Spark and write events as Parquet by date."""

from __future__ import annotations

import os
from typing import Any

import click

from detente.cli import cli

__all__ = ["spark"]


@cli.command()
@click.argument("input_path", metavar="INPUT")
@click.argument("output_path", metavar="OUTPUT")
@click.option("--master", default=None,
              help="Spark master URL; default local[*], or the one spark-submit gives.")
@click.option("--input-format", type=click.Choice(["jsonl", "parquet"]), default=None,
              help="Input format; by default parquet if INPUT says so, else jsonl.")
@click.option("--text-field", default="text", show_default=True, help="Column holding the article text.")
@click.option("--title-field", default="title", show_default=True, help="Column of the title.")
@click.option("--date-field", default="published", show_default=True, help="Column of the publication date.")
@click.option("--id-field", default="id", show_default=True, help="Column of the article id.")
@click.option("--partitions", type=click.IntRange(min=1), default=None,
              help="Repartition the articles first (e.g. 4 x the executor cores).")
@click.option("--overwrite", is_flag=True, help="Replace OUTPUT if it exists.")
@click.option("--no-prefilter", is_flag=True, help="Parse whole articles (slower; for comparisons).")
def spark(input_path: str, output_path: str, master: str | None, input_format: str | None, text_field: str,
          title_field: str, date_field: str, id_field: str, partitions: int | None, overwrite: bool,
          no_prefilter: bool) -> None:
    """Code INPUT (JSON Lines or Parquet) on Spark; write events to OUTPUT as Parquet by date.

    Each executor loads one model and streams its partitions through the same
    pipeline as `detente code`; event ids are the ones a single process gives.

    \b
      detente spark news.jsonl.gz events/ --master "local[4]" --text-field content
      spark-submit --master yarn .../detente/spark.py s3://news/ s3://events/
    """
    from detente.settings import Settings
    from detente.spark import Fields, code_to_parquet, session

    if master is None and "PYSPARK_GATEWAY_PORT" not in os.environ:
        master = "local[*]"  # not inside spark-submit: run on this machine
    spark_session = session(master)
    fields = Fields(id=id_field, text=text_field, title=title_field, published=date_field)
    settings = Settings(prefilter=not no_prefilter)
    try:
        events: Any = code_to_parquet(
            spark_session, input_path, output_path, fields=fields, input_format=input_format,
            settings=settings, partitions=partitions, mode="overwrite" if overwrite else "errorifexists",
        )
        del events
        n = spark_session.read.parquet(output_path).count()
        click.echo(f"{n} event(s) written to {output_path}, partitioned by date.", err=True)
    finally:
        if master is not None:
            spark_session.stop()

"""Run detente on Apache Spark: the same pipeline, one model per executor process.

Articles are read from JSON Lines (gzipped or not) or Parquet; each partition
streams through :meth:`detente.Pipeline.run` in ``mapPartitions``, with one
:class:`~detente.Pipeline` per Python worker process, loaded on its first partition
and kept for the next ones (Spark reuses its Python workers); events come out as
flat rows (:data:`EVENT_SCHEMA`) and are written as Parquet partitioned by ``date``
(the event date as in ``docs/event-schema.md``: ``2021-06-16``, or ``2021-06`` at
month precision). An event's ``event_id`` is the one a single process gives.

From Python::

    from pyspark.sql import SparkSession
    from detente.spark import code_to_parquet

    spark = SparkSession.builder.appName("detente").getOrCreate()
    code_to_parquet(spark, "s3://news/2021/*.jsonl.gz", "s3://events/", text_field="content")

From the shell, on a laptop (``local[*]``) or inside ``spark-submit`` (see docs/scale.md)::

    detente spark news.jsonl.gz events/ --master "local[4]"
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from detente.model import Article, Event
from detente.settings import Settings

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["EVENT_COLUMNS", "EVENT_SCHEMA", "Fields", "code_to_parquet", "event_row", "read_articles_df", "session"]

#: The event rows, in order, as a Spark DDL schema.
EVENT_SCHEMA = (
    "doc_id STRING, event_id STRING, date STRING, date_precision STRING, date_fallback BOOLEAN, "
    "source_code STRING, source_name STRING, source_text STRING, source_country STRING, source_sector STRING, "
    "target_code STRING, target_name STRING, target_text STRING, target_country STRING, target_sector STRING, "
    "cameo STRING, cameo_root STRING, goldstein DOUBLE, quad_class INT, "
    "plover_type STRING, plover_mode STRING, plover_context STRING, "
    "location_name STRING, location_country STRING, location_lat DOUBLE, location_lon DOUBLE, "
    "confidence DOUBLE, n_mentions INT, sentence STRING, trigger STRING, mentions STRING"
)
EVENT_COLUMNS = tuple(part.split()[0] for part in EVENT_SCHEMA.split(", "))


@dataclass(frozen=True, slots=True)
class Fields:
    """Which input columns hold the article's parts (as ``detente code --text-field`` etc.)."""

    id: str = "id"
    text: str = "text"
    title: str = "title"
    published: str = "published"
    url: str = "url"
    source: str = "source"


def session(master: str | None = None, app_name: str = "detente") -> "SparkSession":
    """A SparkSession whose Python workers run this interpreter (so they see detente)."""
    import os
    import sys

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
        if master.startswith("local"):  # workers on this machine: this interpreter, this detente
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
            builder = builder.config("spark.pyspark.python", sys.executable)
    return builder.getOrCreate()


def read_articles_df(
    spark: "SparkSession", path: str, *, fields: Fields = Fields(), input_format: str | None = None
) -> "DataFrame":
    """Articles as a DataFrame with columns id, text, title, published, url, source (strings).

    JSON Lines are read with an explicit schema (no pass over the data to infer one);
    Parquet keeps its own. ``input_format`` is ``jsonl`` or ``parquet``; by default it
    is ``parquet`` when the path says so, else ``jsonl``.
    """
    from pyspark.sql import functions as F

    fmt = input_format or ("parquet" if ".parquet" in path or path.rstrip("/").endswith("parquet") else "jsonl")
    wanted = {"id": fields.id, "text": fields.text, "title": fields.title, "published": fields.published,
              "url": fields.url, "source": fields.source}
    if fmt == "parquet":
        df = spark.read.parquet(path)
    elif fmt == "jsonl":
        ddl = ", ".join(f"`{name}` STRING" for name in dict.fromkeys(wanted.values()))
        df = spark.read.schema(ddl).json(path)
    else:
        from detente.errors import ConfigError

        raise ConfigError(f"Unknown input format {fmt!r} for Spark; use jsonl or parquet.")
    present = set(df.columns)
    if fields.text not in present:
        from detente.errors import ConfigError

        raise ConfigError(f"{path} has no column {fields.text!r}; pass the text column (--text-field).")
    cols = [
        (F.col(f"`{src}`").cast("string") if src in present else F.lit(None).cast("string")).alias(name)
        for name, src in wanted.items()
    ]
    return df.select(*cols)


def code_to_parquet(
    spark: "SparkSession",
    input_path: str,
    output_path: str,
    *,
    fields: Fields = Fields(),
    input_format: str | None = None,
    settings: Settings | None = None,
    partitions: int | None = None,
    mode: str = "errorifexists",
) -> "DataFrame":
    """Code the articles at ``input_path`` and write their events under ``output_path``
    as Parquet partitioned by ``date``. Returns the events DataFrame (already written)."""
    articles = read_articles_df(spark, input_path, fields=fields, input_format=input_format)
    if partitions:
        articles = articles.repartition(partitions)
    events = code_events_df(spark, articles, settings=settings)
    events.write.mode(mode).partitionBy("date").parquet(output_path)
    return events


def code_events_df(spark: "SparkSession", articles: "DataFrame", *, settings: Settings | None = None) -> "DataFrame":
    """Events of an articles DataFrame (see :func:`read_articles_df`), one row per event."""
    chosen = settings or Settings()
    rows = articles.rdd.mapPartitions(lambda part: code_partition(part, chosen))
    return spark.createDataFrame(rows, schema=EVENT_SCHEMA)


# -- on the executors --------------------------------------------------------------------
_PIPELINES: dict[Settings, Any] = {}


def _pipeline(settings: Settings) -> Any:
    """One Pipeline per Python worker process and settings, loaded once."""
    from detente.pipeline import Pipeline

    if settings not in _PIPELINES:
        _PIPELINES[settings] = Pipeline(settings)
    return _PIPELINES[settings]


def code_partition(rows: Iterable[Any], settings: Settings) -> Iterator[tuple[Any, ...]]:
    """Code one partition of article rows, streaming, and yield event rows."""
    pipe = _pipeline(settings)
    for coded in pipe.run(_article(row) for row in rows):
        for event in coded.events:
            yield event_row(event)


def _article(row: Any) -> Article:
    from detente.stages.sources import parse_published, stable_id

    d = row.asDict() if hasattr(row, "asDict") else dict(row)
    text = d.get("text") or ""
    try:
        published = parse_published(d.get("published"))
    except ValueError:
        published = None
    return Article(
        id=d.get("id") or stable_id(text),
        text=text,
        title=d.get("title") or "",
        url=d.get("url"),
        published=published,
        source=d.get("source"),
        origin=f"spark:{d.get('id') or ''}",
    )


def event_row(event: Event) -> tuple[Any, ...]:
    """An event as a flat row in the order of :data:`EVENT_COLUMNS`."""
    d = event.to_dict()
    src, tgt = event.source, event.target
    loc, plover = event.location, event.plover
    mentions = d["mentions"]
    return (
        event.doc_id, event.event_id, event.date_str, event.date_precision, event.date_fallback,
        src.code, src.name, src.text, src.country, src.sector,
        tgt.code if tgt else None, tgt.name if tgt else None, tgt.text if tgt else None,
        tgt.country if tgt else None, tgt.sector if tgt else None,
        event.cameo, event.cameo_root, float(event.goldstein), int(event.quad_class),
        plover.type if plover else None, plover.mode if plover else None, plover.context if plover else None,
        loc.name if loc else None, loc.country if loc else None,
        float(loc.lat) if loc and loc.lat is not None else None,
        float(loc.lon) if loc and loc.lon is not None else None,
        float(d["confidence"]), len(mentions),
        mentions[0]["sentence"] if mentions else None, mentions[0]["trigger"] if mentions else None,
        json.dumps(mentions, ensure_ascii=False),
    )


if __name__ == "__main__":  # spark-submit .../detente/spark.py INPUT OUTPUT [options]
    from detente.cli_scale import spark as _command

    _command(prog_name="detente spark")

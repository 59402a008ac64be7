"""The ``detente`` command line.

Every command that prints events takes ``--format table|jsonl|csv`` through one
decorator, ``output_options``. Commands hold no coding logic: they call
:class:`detente.pipeline.Pipeline` and :class:`detente.store.Store`.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any, TypeVar

import click

from detente.errors import DetenteError, SourceError
from detente.model import Event

F = TypeVar("F", bound=Callable[..., Any])

CSV_COLUMNS = [
    "doc_id", "event_id", "date", "date_precision", "source_code", "source_name", "source_text",
    "target_code", "target_name", "target_text", "cameo", "cameo_root", "goldstein", "quad_class",
    "plover_type", "location", "location_country", "n_mentions", "confidence", "sentence",
]

EXAMPLES = """
\b
Examples:
  detente code examples/us-russia-ambassadors.txt --published 2021-06-20
  detente code news.jsonl.gz --text-field content_original --date-field date --format jsonl
  echo "On June 16, Putin and Biden met in Geneva." | detente code - --published 2021-06-20
  detente ingest news.jsonl.gz --db events.duckdb
  detente events --db events.duckdb --dyad USA-RUS --since 2021-01-01
  detente explain "Moscow recalled its ambassador." --published 2021-03-20
  detente actors "Russia's ambassador to the US, Anatoly Antonov" --date 2021-06-20
  detente eval gold.jsonl
  detente relations USA RUS --by month --db events.duckdb --plot usa-rus.svg
  detente export --db events.duckdb --format gdelt -o events.tsv
  detente serve --db events.duckdb
  detente spark news.jsonl.gz events-parquet/
  detente demo
"""


def output_options(fn: F) -> F:
    """Add ``--format table|jsonl|csv`` to a command that prints events."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "jsonl", "csv"]),
        default="table",
        show_default=True,
        help="table for people, jsonl for programs (docs/event-schema.md), csv for spreadsheets.",
    )(fn)


def dictionary_options(fn: F) -> F:
    """``--verbs``, ``--actors``, ``--agents``: PETRARCH/TABARI dictionaries instead of the shipped ones."""
    for name, what in reversed([("verbs", "verb"), ("actors", "actor"), ("agents", "agent")]):
        fn = click.option(
            f"--{name}", type=click.Path(exists=True, path_type=Path), default=None,
            help=f"A PETRARCH {what} dictionary to use instead of the shipped one.",
        )(fn)
    return fn


def source_options(fn: F) -> F:
    """Options that say how to read articles."""
    for opt in reversed(
        [
            click.option("--input-format", type=click.Choice(["text", "html", "jsonl", "feed", "warc"]), default=None,
                         help="Input format; by default detected from the file extension."),
            click.option("--text-field", default="text", show_default=True,
                         help="JSONL field holding the article text."),
            click.option("--title-field", default="title", show_default=True, help="JSONL field of the title."),
            click.option("--date-field", default="published", show_default=True,
                         help="JSONL field of the publication date."),
            click.option("--id-field", default="id", show_default=True, help="JSONL field of the article id."),
            click.option("--published", default=None, metavar="DATE",
                         help="Publication date (YYYY-MM-DD) for articles that carry none."),
            click.option("--limit", type=int, default=None, help="Stop after this many articles."),
        ]
    ):
        fn = opt(fn)
    return fn


@click.group(epilog=EXAMPLES)
@click.version_option(package_name="detente")
def cli() -> None:
    """detente: political event data from news, offline.

    Reads news, finds the actors, codes each event in CAMEO and PLOVER, dates and
    places it, merges repeated mentions, and stores the events in DuckDB.
    """


def _read(path: str, opts: dict[str, Any], errors: list[SourceError]) -> Iterator[Any]:
    from dataclasses import replace

    from detente.stages.sources import parse_published, read_articles

    published = None
    if opts.get("published"):
        try:
            published = parse_published(opts["published"])
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--published") from exc
    n = 0
    for article in read_articles(
        path,
        input_format=opts.get("input_format"),
        text_field=opts["text_field"],
        title_field=opts["title_field"],
        date_field=opts["date_field"],
        id_field=opts["id_field"],
        on_error=errors.append,
    ):
        if published is not None and article.published is None:
            article = replace(article, published=published)
        yield article
        n += 1
        if opts.get("limit") and n >= opts["limit"]:
            return


def _report_errors(errors: list[SourceError], coding_errors: int = 0) -> None:
    for err in errors[:20]:
        click.echo(f"error: {err}", err=True)
    if len(errors) > 20:
        click.echo(f"... and {len(errors) - 20} more input errors", err=True)
    if errors or coding_errors:
        click.echo(f"{len(errors)} article(s) could not be read, {coding_errors} could not be coded.", err=True)


@cli.command()
@click.argument("path")
@source_options
@output_options
@click.option("--model", default=None, help="spaCy model to load (default: en_core_web_sm).")
@dictionary_options
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes, each with its own model (about 0.5 GB each).")
@click.option("--no-prefilter", is_flag=True,
              help="Parse whole articles, not only the sentences that can hold an event.")
@click.option("--quiet", is_flag=True, help="No progress line on stderr.")
def code(path: str, fmt: str, model: str | None, verbs: Path | None, actors: Path | None,
         agents: Path | None, workers: int, no_prefilter: bool, quiet: bool, **opts: Any) -> None:
    """Code the events of PATH (a file, a directory, or - for stdin) and print them.

    Nothing is stored; use `detente ingest` for that.

    \b
      detente code examples/us-russia-ambassadors.txt --published 2021-06-20 --format jsonl
    """
    from detente.pipeline import Pipeline
    from detente.progress import progress
    from detente.settings import Settings

    settings = Settings(model=model, verbs=verbs, actors=actors, agents=agents, prefilter=not no_prefilter)
    pipe = Pipeline(settings, load=workers == 1)
    errors: list[SourceError] = []
    failed = 0
    printer = _printer(fmt)
    coded_stream = pipe.run(_read(path, opts, errors), workers=workers)
    for coded in progress(coded_stream, "coding", total=opts.get("limit"), quiet=quiet):
        if coded.error is not None:
            click.echo(f"error: {coded.error}", err=True)
            failed += 1
            continue
        printer.write(coded.events)
    printer.close()
    _report_errors(errors, failed)
    if errors or failed:
        sys.exit(3)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@source_options
@click.option("--db", type=click.Path(path_type=Path), default=Path("detente.duckdb"), show_default=True,
              help="The DuckDB file to write.")
@click.option("--fetch-links", is_flag=True, help="Read feed entries from the pages they link to (network).")
@click.option("--any-language", is_flag=True, help="Code articles detected as not English instead of skipping them.")
@click.option("--chunk-size", type=click.IntRange(min=1), default=32, show_default=True,
              help="Articles coded between two short write sessions; readers wait for at most one.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def ingest(paths: tuple[str, ...], db: Path, fetch_links: bool, any_language: bool, chunk_size: int, quiet: bool,
           **opts: Any) -> None:
    """Code articles and store them with their events in a DuckDB file.

    PATHS are files (text, HTML, JSONL, RSS/Atom, WARC; gzip, bz2 or xz),
    directories, feed URLs or - for stdin. Articles already stored are skipped, so
    running the same command twice changes nothing, and a killed run resumes where
    it stopped. Articles that cannot be read or coded (empty, binary, not UTF-8, no
    article, 10 MB or more, not English, a future or unparsable date) are skipped,
    named on stderr and kept in the errors table.

    Exit status: 0 all stored, 3 some articles skipped (see the errors table), 1 the
    database could not be opened or written.

    \b
      detente ingest news.jsonl.gz --text-field content_original --date-field date --db events.duckdb
      detente ingest CC-NEWS-20210620.warc.gz feeds/*.rss --db events.duckdb
    """
    from detente.ingest import IngestOptions
    from detente.ingest import ingest as run_ingest
    from detente.stages.sources import parse_published

    try:
        published = parse_published(opts["published"]) if opts.get("published") else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--published") from exc
    options = IngestOptions(
        input_format=opts.get("input_format"), text_field=opts["text_field"], title_field=opts["title_field"],
        date_field=opts["date_field"], id_field=opts["id_field"], published=published, limit=opts.get("limit"),
        fetch_links=fetch_links, english_only=not any_language, chunk_size=chunk_size,
    )
    shown = 0

    def show_error(record: Any) -> None:
        nonlocal shown
        shown += 1
        if shown <= 20:
            click.echo(f"error: {record}", err=True)

    done = 0

    def progress(n: int) -> None:
        nonlocal done
        done += n
        click.echo(f"\ringesting: {done} article(s)", err=True, nl=False)

    show = not quiet and sys.stderr.isatty()
    report = run_ingest(list(paths), db, options, on_article=progress if show else None, on_error=show_error)
    if show:
        click.echo("", err=True)
    if shown > 20:
        click.echo(f"... and {shown - 20} more errors", err=True)
    click.echo(report.summary(db), err=True)
    sys.exit(report.exit_code)


class _Null:
    def write(self, *_: object) -> None: ...
    def flush(self) -> None: ...
    def isatty(self) -> bool:
        return False


@cli.command()
@click.option("--db", type=click.Path(exists=True, path_type=Path), default=Path("detente.duckdb"),
              show_default=True, help="The DuckDB file to read.")
@click.option("--dyad", default=None, metavar="AAA-BBB", help="Only events between two countries, either way.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="First date (YYYY-MM-DD).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Last date (YYYY-MM-DD).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many events.")
@output_options
def events(db: Path, dyad: str | None, since: Any, until: Any, limit: int | None, fmt: str) -> None:
    """Query the events stored in a DuckDB file.

    \b
      detente events --db events.duckdb --dyad USA-RUS --since 2021-01-01 --format csv
    """
    from detente.store import Store

    pair = None
    if dyad:
        parts = dyad.upper().split("-")
        if len(parts) != 2 or not all(len(p) == 3 and p.isalpha() for p in parts):
            raise click.BadParameter("give two ISO 3166-1 alpha-3 codes, e.g. USA-RUS", param_hint="--dyad")
        pair = (parts[0], parts[1])
    with Store(db, read_only=True) as store:
        rows = store.events(
            dyad=pair,
            since=since.date() if since else None,
            until=until.date() if until else None,
            limit=limit,
        )
        for row in rows:
            row["mentions"] = store.mentions(row["event_id"])
    printer = _printer(fmt)
    printer.write_rows(rows)
    printer.close()


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table")
def demo(fmt: str) -> None:
    """Code the founding article (US-Russia ambassadors, June 2021) and print its events."""
    from detente.pipeline import Pipeline
    from detente.stages.sources import read_articles

    from dataclasses import replace

    path = files("detente") / "data" / "examples" / "us-russia-ambassadors.txt"
    article = replace(next(read_articles(str(path))), published=date(2021, 6, 20))
    events = Pipeline().code_article(article)
    if fmt == "table":
        click.echo(f"{article.title}  (published {article.published})\n")
    printer = _printer(fmt)
    printer.write(events)
    printer.close()


# -- printing ---------------------------------------------------------------------------
class _Printer:
    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.out = sys.stdout
        self.rows: list[dict[str, Any]] = []
        self.csv: Any = None
        if fmt == "csv":
            self.csv = csv.DictWriter(self.out, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
            self.csv.writeheader()

    def write(self, events: Iterable[Event]) -> None:
        self.write_rows(_flat(e.to_dict()) for e in events)

    def write_rows(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            row = _normalise(row)
            if self.fmt == "jsonl":
                self.out.write(json.dumps(row.get("_json", row), ensure_ascii=False, default=str) + "\n")
            elif self.fmt == "csv":
                self.csv.writerow(row)
            else:
                self.rows.append(row)

    def close(self) -> None:
        if self.fmt == "table":
            self.out.write(render_table(self.rows))
        self.out.flush()


def _printer(fmt: str) -> _Printer:
    return _Printer(fmt)


def _flat(d: dict[str, Any]) -> dict[str, Any]:
    src, tgt, loc, plover = d["source"], d["target"] or {}, d["location"] or {}, d["plover"] or {}
    mentions = d["mentions"]
    return {
        "_json": d,
        "doc_id": d["doc_id"], "event_id": d["event_id"], "date": d["date"],
        "date_precision": d["date_precision"], "source_code": src["code"], "source_name": src["name"],
        "source_text": src["text"], "target_code": tgt.get("code"), "target_name": tgt.get("name"),
        "target_text": tgt.get("text"), "cameo": d["cameo"], "cameo_root": d["cameo_root"],
        "goldstein": d["goldstein"], "quad_class": d["quad_class"], "plover_type": plover.get("type"),
        "location": loc.get("name"), "location_country": loc.get("country"),
        "n_mentions": len(mentions), "confidence": d["confidence"],
        "sentence": mentions[0]["sentence"] if mentions else "", "trigger": mentions[0]["trigger"] if mentions else "",
    }


def _normalise(row: dict[str, Any]) -> dict[str, Any]:
    """Rows from the store use the same names as rows from the coder."""
    if "_json" in row:
        return row
    row = dict(row)
    mentions = row.pop("mentions", [])
    row["location"] = row.get("location_name")
    row["sentence"] = mentions[0]["sentence"] if mentions else ""
    row["trigger"] = mentions[0]["trigger"] if mentions else ""
    d = row.get("date")
    if isinstance(d, date):
        p = row.get("date_precision")
        row["date"] = d.isoformat()[:4] if p == "year" else d.isoformat()[:7] if p == "month" else d.isoformat()
    row["_json"] = {k: v for k, v in row.items() if k != "_json"} | {"mentions": mentions}
    return row


def render_table(rows: list[dict[str, Any]]) -> str:
    """A readable table: one line per event, then its evidence."""
    if not rows:
        return "No events.\n"
    from detente.dictionaries.codebook import load_codebook

    book = load_codebook()
    lines = []
    header = (
        f"{'date':<10}  {'source':<24} {'target':<24} {'CAMEO':<5} {'event':<30} {'gold':>5}  "
        f"{'where':<10} {'n':>2}"
    )
    lines.append(header)
    lines.append("-" * len(header))
    for r in rows:
        src = f"{r['source_code']} {r['source_name'] or r['source_text'] or ''}"[:24]
        tgt = f"{r['target_code'] or '-'} {r['target_name'] or r['target_text'] or ''}"[:24]
        try:
            name = book.lookup(r["cameo"]).name
        except DetenteError:
            name = ""
        lines.append(
            f"{(r['date'] or '-'):<10}  {src:<24} {tgt:<24} {r['cameo']:<5} {name[:30]:<30} "
            f"{r['goldstein']:>5}  {(r['location'] or '')[:10]:<10} {r['n_mentions']:>2}"
        )
        sentence = " ".join((r.get("sentence") or "").split())
        if sentence:
            lines.append(f"{'':<12}“{sentence[:100]}{'…' if len(sentence) > 100 else ''}”")
    lines.append(f"\n{len(rows)} event(s)")
    return "\n".join(lines) + "\n"


#: Commands that live in modules of their own; each registers itself with ``@cli.command()``.
COMMAND_MODULES = (
    "detente.cli_coder",      # explain, eval
    "detente.cli_actors",     # actors
    "detente.cli_relations",  # relations, export, serve
    "detente.cli_scale",      # spark
)


def _register_commands() -> None:
    import importlib

    for name in COMMAND_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


_register_commands()


#: Optional dependencies, by the extra that installs them (pyproject.toml).
EXTRAS = {
    "fastapi": "web", "uvicorn": "web", "matplotlib": "web", "pyarrow": "web",
    "pyspark": "spark", "feedparser": "feeds", "warcio": "feeds",
}


def main() -> None:
    try:
        cli(standalone_mode=True)
    except DetenteError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except ModuleNotFoundError as exc:
        extra = EXTRAS.get((exc.name or "").split(".")[0])
        if extra is None:
            raise
        click.echo(
            f"Error: this command needs {exc.name}, which the core install leaves out. "
            f"Install it with: pip install 'detente[{extra}]' (or `make install` in a checkout).",
            err=True,
        )
        sys.exit(1)


if __name__ == "__main__":
    main()

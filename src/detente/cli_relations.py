"""Commands for relations over time: ``relations``, ``export`` and ``serve``."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from detente.cli import cli

__all__ = ["relations", "export", "serve"]

_COUNTRY = re.compile(r"^[A-Za-z]{3}$")


def _country(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not _COUNTRY.match(value):
        raise click.BadParameter(f"{value!r} is not an ISO 3166-1 alpha-3 code such as USA or RUS")
    return value.upper()


def _db_option(fn: Any) -> Any:
    return click.option(
        "--db", type=click.Path(exists=True, dir_okay=False, path_type=Path),
        default=Path("detente.duckdb"), show_default=True, help="The DuckDB file to read.",
    )(fn)


def _day(value: datetime | None) -> Any:
    return value.date() if value else None


@cli.command()
@click.argument("a", callback=_country)
@click.argument("b", callback=_country)
@_db_option
@click.option("--by", type=click.Choice(["day", "week", "month"]), default="month", show_default=True,
              help="Period length.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="First date (YYYY-MM-DD).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Last date (YYYY-MM-DD).")
@click.option("--directed", is_flag=True, help="Only events from A to B (default: both ways).")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also draw the index to FILE.png, FILE.svg or FILE.html.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table",
              show_default=True, help="table for people, jsonl or csv for programs.")
def relations(a: str, b: str, db: Path, by: str, since: Any, until: Any, directed: bool,
              plot: Path | None, fmt: str) -> None:
    """The relations index of countries A and B per period, with its turning points.

    The index is (cooperation - conflict) / events in each period, from -1 to +1;
    a turning point is a fall or a rise of the index (docs/relations.md).

    \b
      detente relations USA RUS --by month --db events.duckdb
      detente relations USA RUS --plot usa-rus.svg
    """
    from detente.analysis import relations as series_of
    from detente.store import Store

    if plot is not None and plot.suffix.lower() not in (".png", ".svg", ".html"):
        raise click.BadParameter("give a file ending in .png, .svg or .html", param_hint="--plot")
    with Store(db, read_only=True) as store:
        series = series_of(store, a, b, by=by, since=_day(since), until=_day(until),  # type: ignore[arg-type]
                           directed=directed)
    import io

    out = io.StringIO()
    if fmt == "jsonl":
        for p in series.periods:
            out.write(json.dumps({"a": a, "b": b, "by": by} | p.to_dict(), default=str) + "\n")
    elif fmt == "csv":
        import csv

        w = csv.writer(out, lineterminator="\n")
        w.writerow(["start", "end", "events", "mentions", "goldstein_sum", "goldstein_mean",
                    "q1", "q2", "q3", "q4", "index", "change", "turn"])
        for p in series.periods:
            w.writerow([p.start, p.end, p.events, p.mentions, round(p.goldstein_sum, 3),
                        "" if p.goldstein_mean is None else round(p.goldstein_mean, 3), *p.quad,
                        "" if p.index is None else round(p.index, 4),
                        "" if p.change is None else round(p.change, 4), p.turn or ""])
    else:
        out.write(render_series(series))
    click.echo(out.getvalue(), nl=False)
    if plot is not None:
        from detente.web.plot import write_plot

        write_plot(series, plot)
        click.echo(f"wrote {plot}", err=True)


def render_series(series: Any) -> str:
    """A table of the periods, a bar for the index, and the top event of each period."""
    if not series.periods:
        return f"No events between {series.a} and {series.b}.\n"
    lines = [f"{series.a}–{series.b} relations by {series.by}"
             f"{' (directed)' if series.directed else ''}; index = (cooperation − conflict) / events", ""]
    head = f"{'period':<10} {'events':>6} {'ment.':>5} {'gold.':>6}  {'q1':>3} {'q2':>3} {'q3':>3} {'q4':>3}  {'index':>6}  {'':<21} turn"
    lines += [head, "-" * len(head)]
    for p in series.periods:
        label = p.start.isoformat()[:7] if series.by == "month" else p.start.isoformat()
        if p.index is None:
            lines.append(f"{label:<10} {0:>6}")
            continue
        half = 10
        n = round(abs(p.index) * half)
        bar = (" " * (half - n) + "█" * n + "|" + " " * half) if p.index < 0 else (" " * half + "|" + "█" * n + " " * (half - n))
        gm = f"{p.goldstein_mean:+.2f}" if p.goldstein_mean is not None else ""
        lines.append(f"{label:<10} {p.events:>6} {p.mentions:>5} {gm:>6}  {p.quad[0]:>3} {p.quad[1]:>3} "
                     f"{p.quad[2]:>3} {p.quad[3]:>3}  {p.index:>+6.2f}  {bar} {'▼ fall' if p.turn == 'fall' else '▲ rise' if p.turn == 'rise' else ''}")
        if p.top:
            t = p.top[0]
            sentence = " ".join((t.get("sentence") or "").split())
            lines.append(f"{'':<10} top: {t['cameo']} {t['source_code']}→{t['target_code'] or '-'} “{sentence[:80]}{'…' if len(sentence) > 80 else ''}”")
    turns = series.turning_points
    lines.append("")
    lines.append("Turning points: " + (", ".join(f"{p.start.isoformat()[:7] if series.by == 'month' else p.start} {p.turn}" for p in turns) or "none"))
    return "\n".join(lines) + "\n"


@cli.command()
@_db_option
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "gdelt"]), default="csv",
              show_default=True, help="gdelt writes GDELT 2.0 event TSV (61 columns, no header).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The file to write.")
@click.option("--dyad", default=None, metavar="AAA-BBB", help="Only events between two countries, either way.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="First date (YYYY-MM-DD).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Last date (YYYY-MM-DD).")
def export(db: Path, fmt: str, output: Path, dyad: str | None, since: Any, until: Any) -> None:
    """Export the merged events (one row per event across articles).

    \b
      detente export --db events.duckdb --format gdelt -o events.gdelt.tsv
      detente export --db events.duckdb --format parquet -o events.parquet --dyad USA-RUS
    """
    from detente.export import export_events
    from detente.store import Store
    from detente.store.query import EventFilter

    pair = None
    if dyad:
        parts = dyad.upper().split("-")
        if len(parts) != 2 or not all(_COUNTRY.match(p) for p in parts):
            raise click.BadParameter("give two ISO 3166-1 alpha-3 codes, e.g. USA-RUS", param_hint="--dyad")
        pair = (parts[0], parts[1])
    flt = EventFilter(dyad=pair, since=_day(since), until=_day(until))
    with Store(db, read_only=True) as store:
        n = export_events(store, output, fmt, flt)  # type: ignore[arg-type]
    click.echo(f"wrote {n} event(s) to {output}", err=True)


@cli.command()
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=Path("detente.duckdb"),
              show_default=True, help="The DuckDB file to serve (created if missing).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port.")
@click.option("--read-only", is_flag=True, help="Refuse ingestion from the dashboard; the file stays unchanged.")
def serve(db: Path, host: str, port: int, read_only: bool) -> None:
    """Serve the HTTP API (OpenAPI at /docs) and the dashboard (at /).

    \b
      detente serve --db events.duckdb --port 8000
    """
    import uvicorn

    from detente.web.app import create_app

    if read_only and not db.exists():
        raise click.BadParameter(f"{db} does not exist", param_hint="--db")
    app = create_app(db, read_only=read_only)
    click.echo(f"detente: serving {db} at http://{host}:{port}/ (API docs at /docs)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")

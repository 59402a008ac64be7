"""``detente actors "TEXT" [--date DATE]``: how each mention was resolved, and why.

The rows are the actor resolver's own record (:attr:`ArticleActors.record`), filled
while :func:`resolve_mentions` resolves the text's noun phrases as the event coder
does: nothing here re-derives a code.
"""

from __future__ import annotations

import csv
import json
import sys

import click

from detente.cli import cli, output_options

__all__ = ["actors"]

COLUMNS = ("text", "code", "name", "rule", "dictionary", "entry", "posted_to")


@cli.command()
@click.argument("text")
@click.option("--date", "day", default=None, metavar="DATE",
              help="The article's date (YYYY-MM-DD): roles are those held on it.")
@click.option("--all", "show_all", is_flag=True, help="Also list noun phrases that name no actor.")
@output_options
def actors(text: str, day: str | None, show_all: bool, fmt: str) -> None:
    """Show how each actor mention in TEXT is resolved: code, rule and dictionary entry.

    \b
    Example:
      detente actors "Mr. Putin met President Trump. He said the Kremlin agreed." --date 2019-05-01

    Names no dictionary knows are listed as unresolved; "-" reads TEXT from stdin.
    """
    from detente.stages.actors import ArticleActors, load_actor_resources, resolve_mentions
    from detente.stages.nlp import load_nlp
    from detente.stages.sources import parse_published

    if text == "-":
        text = sys.stdin.read()
    try:
        published = parse_published(day) if day else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--date") from exc
    doc = load_nlp()(text)
    resolver = ArticleActors(load_actor_resources(), published)
    records = resolve_mentions(doc.sents, resolver)
    rows = []
    for r in records:
        if r.actor is None and not show_all and not (r.text[:1].isupper() and r.rule == "unresolved"):
            continue
        d = r.to_dict()
        rows.append({k: d.get(k) for k in COLUMNS})
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif fmt == "csv":
        out = csv.DictWriter(sys.stdout, fieldnames=COLUMNS)
        out.writeheader()
        out.writerows(rows)
    else:
        click.echo(_table(rows, published))


def _table(rows: list[dict[str, object]], published: object) -> str:
    if not rows:
        return "No actor mentions."
    widths = {k: max(len(k), *(len(str(r[k] or "-")) for r in rows)) for k in COLUMNS}
    widths = {k: min(w, 34) for k, w in widths.items()}
    line = "  ".join(f"{k:<{widths[k]}}" for k in COLUMNS).rstrip()
    out = [f"roles as of {published or 'no date (open-ended roles)'}", line, "-" * len(line)]
    for r in rows:
        out.append("  ".join(f"{str(r[k] or '-')[: widths[k]]:<{widths[k]}}" for k in COLUMNS).rstrip())
    return "\n".join(out)

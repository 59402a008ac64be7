"""``detente eval`` and ``detente explain``: the coder measured on gold data, and explained."""

from __future__ import annotations

import json
from pathlib import Path

import click

from detente.cli import cli, dictionary_options

__all__ = ["eval_command", "explain"]


def _settings(model: str | None, verbs: Path | None, actors: Path | None, agents: Path | None):  # type: ignore[no-untyped-def]
    from detente.settings import Settings

    return Settings(model=model, verbs=verbs, actors=actors, agents=agents)


def _environment_files(gold: str, directory: Path) -> dict[str, Path | None]:
    """The verb, actor and agent files a PETRARCH validation file names, found in ``directory``."""
    from detente.evaluate import gold_environment

    env = gold_environment(gold)
    out: dict[str, Path | None] = {}
    for key, tag in (("verbs", "Verbfile"), ("actors", "Actorfile"), ("agents", "Agentfile"),
                     ("discards", "Discardfile")):
        names = env.get(tag) or []
        if len(names) > 1:
            raise click.UsageError(f"{gold} names {len(names)} {tag}s; detente reads one, pass --{key}")
        path = directory / names[0] if names else None
        if path is not None and not path.exists():
            raise click.UsageError(f"{gold} needs {tag} {names[0]}, not found in {directory}")
        out[key] = path
    return out


@cli.command("eval")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["plover-gsr", "petrarch-xml", "jsonl"]), default=None,
              help="Gold format; by default from the extension (.json, .xml, .jsonl).")
@click.option("--ontology", type=click.Choice(["cameo", "plover"]), default=None,
              help="Compare CAMEO roots or PLOVER types (default: plover for plover-gsr, else cameo).")
@click.option("--dictionaries", "dict_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Use the dictionaries a PETRARCH file's <Environment> names, from this "
              "directory, and require exact codes (PETRARCH's unit-test rule).")
@dictionary_options
@click.option("--discards", type=click.Path(exists=True, path_type=Path), default=None,
              help="A PETRARCH discard file: sentences (and +stories) naming these phrases are not coded.")
@click.option("--code-modal", is_flag=True,
              help="Also code future and hypothetical events, as PETRARCH does.")
@click.option("--model", default=None, help="spaCy model to load.")
@click.option("--limit", type=int, default=None, help="Only the first N records of each file.")
@click.option("--failures", is_flag=True, help="List the records that did not match.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def eval_command(gold: tuple[str, ...], fmt: str | None, ontology: str | None, dict_dir: Path | None,
                 verbs: Path | None, actors: Path | None, agents: Path | None, discards: Path | None,
                 code_modal: bool,
                 model: str | None, limit: int | None, failures: bool, as_json: bool) -> None:
    """Run the coder on GOLD sentences and print precision, recall and F1.

    Levels: (a) an event detected, (b) the root code (CAMEO root or PLOVER type),
    (c) the source and target country, (d) the full triple; then the root accuracy
    where an event is found, pass counts per category and a confusion table of roots.

    \b
      detente eval PLOVER_GSR_CAMEO.json
      detente eval PETR2_GSR_validation.xml english_sample.xml
      detente eval PETR.UnitTest.records.xml --dictionaries reference/petrarch --code-modal
    """
    from detente.evaluate import detect_format, evaluate, format_report, read_gold
    from detente.pipeline import Pipeline
    from detente.stages.events import Discards, PetrarchRules

    results = []
    pipes: dict[tuple[object, ...], Pipeline] = {}
    for path in gold:
        kind = fmt or detect_format(path)
        files = {"verbs": verbs, "actors": actors, "agents": agents, "discards": discards}
        if dict_dir is not None:
            env = _environment_files(path, dict_dir)
            files = {k: files[k] or env[k] for k in files}
        key = (model, files["verbs"], files["actors"], files["agents"], files["discards"], code_modal,
               dict_dir is None)
        if key not in pipes:
            pipes[key] = Pipeline(_settings(model, files["verbs"], files["actors"], files["agents"]))
            pipes[key].coder.code_modal = code_modal
            # PETRARCH's unit tests: PETRARCH gives an event without a named target none.
            pipes[key].coder.implicit_targets = dict_dir is None
            # ... and codes them by its own conventions (require_dyad, comma clauses, ...).
            pipes[key].coder.petrarch = PetrarchRules() if dict_dir is not None else None
            if files["discards"] is not None:
                pipes[key].coder.discards = Discards.read(files["discards"])
        records = read_gold(path, kind)[:limit] if limit else read_gold(path, kind)
        onto = ontology or ("plover" if kind == "plover-gsr" else "cameo")
        report = evaluate(records, pipes[key], onto, exact_codes=dict_dir is not None)  # type: ignore[arg-type]
        results.append((path, report))
        if as_json:
            continue
        click.echo(format_report(report, title=f"== {path} ({kind})"))
        if failures:
            click.echo("failed records:")
            for o in report.outcomes:
                if not o.passed:
                    want = [(g.source, g.target, g.cameo or g.plover) for g in o.record.events]
                    click.echo(f"  {o.record.id} [{o.record.category}] gold={want} coded={o.coded}")
                    click.echo(f"      {o.record.text[:160]}")
        click.echo("")
    if as_json:
        click.echo(json.dumps({p: r.to_dict() for p, r in results}, indent=1))


@cli.command()
@click.argument("text")
@click.option("--published", default=None, metavar="DATE", help="Publication date (YYYY-MM-DD).")
@dictionary_options
@click.option("--discards", type=click.Path(exists=True, path_type=Path), default=None,
              help="A PETRARCH discard file.")
@click.option("--code-modal", is_flag=True, help="Also code future and hypothetical events, as PETRARCH does.")
@click.option("--petrarch-rules", is_flag=True,
              help="Code by PETRARCH's own conventions (require_dyad, comma clauses), as `eval --dictionaries` does.")
@click.option("--ontology", type=click.Choice(["cameo", "plover"]), default="cameo", show_default=True,
              help="Lead each coded event with its CAMEO code or its PLOVER type.")
@click.option("--no-parse", is_flag=True, help="Leave out the dependency parse.")
@click.option("--model", default=None, help="spaCy model to load.")
def explain(text: str, published: str | None, verbs: Path | None, actors: Path | None, agents: Path | None,
            discards: Path | None, code_modal: bool, petrarch_rules: bool, ontology: str, no_parse: bool,
            model: str | None) -> None:
    """Show, sentence by sentence, how the coder read TEXT (- for stdin).

    For each sentence: the parse, the actors found, the dictionary pattern that coded
    each event, and why each dropped candidate was dropped (negated, hypothetical, no
    target, discard pattern). It prints the coder's own trace, not a re-derivation.

    \b
      detente explain "Putin and Biden met in Geneva on Wednesday." --published 2021-06-20
    """
    from detente.explain import explain_text
    from detente.pipeline import Pipeline
    from detente.stages.sources import parse_published

    if text == "-":
        text = click.get_text_stream("stdin").read()
    day = None
    if published:
        try:
            day = parse_published(published)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--published") from exc
    from detente.stages.events import Discards, PetrarchRules

    pipe = Pipeline(_settings(model, verbs, actors, agents))
    pipe.coder.code_modal = code_modal
    if petrarch_rules:
        pipe.coder.petrarch = PetrarchRules()
        pipe.coder.implicit_targets = False
    if discards is not None:
        pipe.coder.discards = Discards.read(discards)
    click.echo(explain_text(pipe, text, day, ontology=ontology, show_parse=not no_parse))  # type: ignore[arg-type]

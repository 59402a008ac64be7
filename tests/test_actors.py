"""Actor resolution on news phrasing: the case file tests/cases/actors.tsv, and the CLI.

Each case parses a text with the real spaCy model, resolves its noun phrases as the
event coder does (:func:`resolve_mentions`) and checks the code of one phrase.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from case_files import case_params

from detente.cli import cli
from detente.stages.actors import ArticleActors, Resolution, load_actor_resources, resolve_mentions
from detente.stages.nlp import load_nlp

def read_cases() -> list:
    return case_params("actors.tsv", slice(0, 4), status=4, label=lambda cols: f"-{cols[2]}")


def resolve(text: str, day: date | None) -> list[Resolution]:
    doc = load_nlp()(text)
    return resolve_mentions(doc.sents, ArticleActors(load_actor_resources(), day))


def pick(records: list[Resolution], text: str, mention: str) -> Resolution | None:
    """The record of the last occurrence of ``mention``: the shortest one containing it,
    else the one overlapping it most."""
    start = text.rfind(mention)
    assert start >= 0, f"{mention!r} is not in the text"
    end = start + len(mention)
    containing = [r for r in records if r.start <= start and end <= r.end]
    if containing:
        return min(containing, key=lambda r: (r.end - r.start, r.actor is None))
    overlap = [(min(end, r.end) - max(start, r.start), r) for r in records]
    overlap = [(o, r) for o, r in overlap if o > 0]
    return max(overlap, key=lambda x: (x[0], x[1].actor is not None))[1] if overlap else None


@pytest.mark.parametrize(("day", "text", "mention", "expected"), read_cases())
def test_actor_case(day: str, text: str, mention: str, expected: str) -> None:
    records = resolve(text, date.fromisoformat(day) if day else None)
    found = pick(records, text, mention)
    code = found.actor.code if found is not None and found.actor is not None else "-"
    assert code == expected, [r.to_dict() for r in records]


def test_case_file_has_at_least_100_cases() -> None:
    assert len(read_cases()) >= 100


def test_unknown_person_is_counted_not_guessed() -> None:
    doc = load_nlp()("Jamal Khashoggi criticised the crown prince. Khashoggi then left.")
    actors = ArticleActors(load_actor_resources(), date(2018, 9, 1))
    resolve_mentions(doc.sents, actors)
    counts = {name: n for (name, _label), n in actors.unresolved.items()}
    assert counts.get("Jamal Khashoggi") == 1, actors.unresolved
    assert all(r.actor is None for r in actors.record.values() if "Khashoggi" in r.text)


def test_unresolved_names_are_counted_without_titles() -> None:
    doc = load_nlp()("Mr. Romney criticised the plan. Romney then left.")
    actors = ArticleActors(load_actor_resources(), date(2019, 5, 1))
    resolve_mentions(doc.sents, actors)
    assert {name for name, _label in actors.unresolved} == {"Romney"}


def test_record_names_entry_and_rule() -> None:
    records = resolve("The Kremlin denied the report.", date(2019, 5, 1))
    (kremlin,) = [r for r in records if r.actor is not None]
    assert (kremlin.actor.code, kremlin.rule, kremlin.dictionary) == ("RUSGOV", "metonym", "metonyms")
    assert kremlin.entry


def test_cli_actors_explains_each_mention() -> None:
    result = CliRunner().invoke(cli, ["actors", "Mr. Putin met President Trump.", "--date", "2019-05-01"])
    assert result.exit_code == 0, result.output
    assert "RUSGOV" in result.output and "USAGOV" in result.output
    assert "Vladimir Putin" in result.output  # the dictionary entry


def test_cli_actors_jsonl_without_date() -> None:
    result = CliRunner().invoke(cli, ["actors", "Angela Merkel met Emmanuel Macron.", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    assert {r["text"] for r in rows} >= {"Angela Merkel", "Emmanuel Macron"}
    assert all("rule" in r and "entry" in r for r in rows)


PETRARCH_DICTS = Path(__file__).parent / "fixtures" / "gold" / "petrarch"


def test_a_users_dictionary_wins_over_the_shipped_metonyms() -> None:
    # PETRARCH's validation dictionary lists "Seoul" under SOUTH_KOREA [KOR]; the shipped
    # metonyms code the capital as the government (KORGOV) only without a user dictionary.
    text = "Pyongyang on Thursday fired two artillery shells at Seoul."
    doc = load_nlp()(text)
    user = load_actor_resources(
        PETRARCH_DICTS / "PETR.Validate.actors.txt", PETRARCH_DICTS / "PETR.Validate.agents.txt")
    found = resolve_mentions(doc.sents, ArticleActors(user, date(2010, 1, 1)))
    codes = {r.text: r.actor.code for r in found if r.actor}
    assert codes == {"Pyongyang": "PRK", "Seoul": "KOR"}
    shipped = {r.text: r.actor.code for r in resolve(text, date(2010, 1, 1)) if r.actor}
    assert shipped == {"Pyongyang": "PRKGOV", "Seoul": "KORGOV"}


def test_context_country_is_never_a_guess_between_countries() -> None:
    def police(text: str) -> str | None:
        found = [r for r in resolve(text, date(2019, 5, 1)) if r.text.lower() == "police"]
        return found[0].actor.code if found and found[0].actor else None

    fled = "said the attackers fled."
    assert police(f"Gunmen killed five people in Kabul on Monday. Police {fled}") == "AFGCOP"
    # a second country anywhere earlier in the article: no country
    assert police(f"Iran condemned the attack in Kabul on Monday. Police {fled}") is None
    # a nationality no dictionary knows is not replaced by the one in view
    assert police(f"Gunmen killed five people in Kabul. Ruritanian police {fled}") is None

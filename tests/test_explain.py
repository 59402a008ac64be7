"""`detente explain`: the coder's own trace, sentence by sentence."""

from __future__ import annotations

from click.testing import CliRunner

from detente.cli import cli


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, ["explain", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_explain_shows_parse_actors_and_the_coding_pattern() -> None:
    out = run("Russian President Vladimir Putin met US President Joe Biden in Geneva on Wednesday.",
              "--published", "2021-06-20")
    assert "sentence 1:" in out
    assert "parse:" in out and "nsubj" in out
    assert "actors in the dictionaries:" in out
    assert "CODED   'met'" in out
    assert "pattern:" in out and "@ " in out  # the pattern and where it is written
    assert "event(s) after merging mentions" in out


def test_explain_says_why_a_candidate_was_dropped() -> None:
    out = run("Russia did not attack Ukraine on Monday.", "--no-parse")
    assert "DROPPED 'attack'" in out
    assert "negated" in out
    assert "parse:" not in out


def test_explain_marks_hypothetical_events() -> None:
    out = run("Germany hopes to attack France next year.", "--no-parse")
    assert "DROPPED 'attack'" in out
    assert "hypothetical" in out


def test_explain_plover_ontology_leads_with_the_type() -> None:
    out = run("France condemned Iran on Monday.", "--no-parse", "--ontology", "plover")
    assert "ACCUSE [" in out

"""The prefilter: only sentences with an actor and a candidate trigger are parsed, and
coding gives the same events as a full parse, at article offsets."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from detente import Article, Pipeline, Settings
from detente.cli import cli
from detente.stages.prefilter import inflections
from detente.stages.sources import read_articles

SCALE = Path(__file__).parent / "fixtures" / "scale" / "articles.jsonl"


@pytest.fixture(scope="module")
def full_pipeline() -> Pipeline:
    return Pipeline(Settings(prefilter=False))


@pytest.fixture(scope="module")
def scale_articles() -> list[Article]:
    return list(read_articles(SCALE))


def kept(pipeline: Pipeline, text: str) -> list[str]:
    return [t.strip() for c in pipeline.prefilter.select(text) for t in _sentences(text[c.start : c.end])]


def _sentences(chunk: str) -> list[str]:
    """A chunk is a run of kept sentences; these test texts end each with a period."""
    return [s + "." for s in chunk.strip().rstrip(".").split(". ")]


def test_runs_of_kept_sentences_are_parsed_together(pipeline: Pipeline) -> None:
    text = "Russia met China. France met Germany. Snow fell. Japan met Italy."
    assert [text[c.start : c.end].strip() for c in pipeline.prefilter.select(text)] == [
        "Russia met China. France met Germany.",
        "Japan met Italy.",
    ]


def test_keeps_sentences_with_an_actor_and_a_trigger(pipeline: Pipeline) -> None:
    text = (
        "Markets closed slightly higher after a quiet session. Russia accused Ukraine of shelling.\n\n"
        "Tickets for the concert sold out within an hour. France and Germany met in Geneva."
    )
    assert kept(pipeline, text) == ["Russia accused Ukraine of shelling.", "France and Germany met in Geneva."]


def test_drops_actor_sentences_without_a_trigger_word(pipeline: Pipeline) -> None:
    assert kept(pipeline, "Russia, France and Germany. Snow in Geneva.") == []


def test_keeps_pronouns_and_remembered_names(pipeline: Pipeline) -> None:
    text = (
        "Poland's ambassador to Germany, Leila Moreau, arrived on Monday. "
        "Moreau met the minister. She accused the minister of lying. A minister met nobody."
    )
    assert kept(pipeline, text) == [
        "Poland's ambassador to Germany, Leila Moreau, arrived on Monday.",
        "Moreau met the minister.",
        "She accused the minister of lying.",
    ]


def test_issue_6_a_multiword_verb_head_needs_its_other_words(pipeline: Pipeline) -> None:
    # "is" is in the dictionary only as the head of IS_DETERMINED: alone it codes nothing.
    assert kept(pipeline, "Russia is a large country. Russia was determined to win.") == [
        "Russia was determined to win."
    ]


def test_issue_6_words_of_an_actor_name_are_no_trigger(pipeline: Pipeline) -> None:
    # "United" and "States" are forms of the verbs unite and state, but here they name a country.
    assert kept(pipeline, "Obama is in the United States. The United States stated its aims.") == [
        "The United States stated its aims."
    ]


def test_headings_never_reach_the_parser(pipeline: Pipeline) -> None:
    assert kept(pipeline, "Russia meets China\n\nRussia met China in Beijing.") == ["Russia met China in Beijing."]


def test_trigger_words_cover_irregular_and_regular_forms(pipeline: Pipeline) -> None:
    triggers = pipeline.prefilter.triggers
    for word in ("meet", "met", "meets", "accused", "accusing", "sought", "signed", "meeting", "talks"):
        assert word in triggers, word
    assert {"criticized", "criticizes", "stopped", "stopping"} <= inflections("criticize") | inflections("stop")


def test_same_events_as_a_full_parse(pipeline: Pipeline, full_pipeline: Pipeline, scale_articles: list[Article]) -> None:
    articles = scale_articles[:60]
    fast = list(pipeline.run(articles))
    full = list(full_pipeline.run(articles))
    assert [c.article.id for c in fast] == [c.article.id for c in full]
    fast_events = [e.to_dict() for c in fast for e in c.events]
    full_events = [e.to_dict() for c in full for e in c.events]
    assert len(full_events) > 60
    assert fast_events == full_events  # ids, codes, dates, places and mention offsets


def test_mentions_point_into_the_article_text(pipeline: Pipeline, scale_articles: list[Article]) -> None:
    n = 0
    for coded in pipeline.run(scale_articles[60:100]):
        text = coded.article.text
        for event in coded.events:
            for m in event.mentions:
                assert text[m.start : m.end].strip() == m.sentence
                assert text[m.trigger_start : m.trigger_start + len(m.trigger)] == m.trigger
                n += 1
    assert n > 40


def test_founding_article_same_events_with_and_without_prefilter(example_path: Path) -> None:
    runner = CliRunner()
    args = ["code", str(example_path), "--published", "2021-06-20", "--format", "jsonl", "--quiet"]
    fast = runner.invoke(cli, args)
    full = runner.invoke(cli, [*args, "--no-prefilter"])
    assert fast.exit_code == 0, fast.output
    assert full.exit_code == 0, full.output
    ids = [json.loads(line)["event_id"] for line in fast.output.splitlines()]
    assert ids and ids == [json.loads(line)["event_id"] for line in full.output.splitlines()]
    assert fast.output == full.output


def test_an_article_with_no_kept_sentence_has_no_events(pipeline: Pipeline) -> None:
    article = Article(id="quiet", text="Tickets sold out within an hour.\n\nThe weather stayed cold.",
                      published=date(2021, 1, 1))
    assert pipeline.code_article(article) == []

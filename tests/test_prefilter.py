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


def codes(pipeline: Pipeline, text: str) -> list[tuple[str, str, str]]:
    return [(e.source.code, e.target.code if e.target else "", e.cameo) for e in pipeline.code_text(text, "2021-06-20")]


def test_issue_6_a_statement_needs_someone_it_is_made_to(pipeline: Pipeline, full_pipeline: Pipeline) -> None:
    # "said" is a verb of the dictionary (010), but the coder drops a statement with no target.
    text = "Russia said the sky was blue. Russia told China the sky was blue."
    assert kept(pipeline, text) == ["Russia told China the sky was blue."]
    assert codes(full_pipeline, text) == [("RUS", "CHN", "010")] == codes(pipeline, text)
    # but "will not say" is a refusal, which needs no target
    assert kept(pipeline, "Russia will not say the sky is blue.") == ["Russia will not say the sky is blue."]


def test_issue_6_a_verb_that_codes_only_through_patterns_needs_a_pattern_word(pipeline: Pipeline) -> None:
    # --- MAKE [---]: "make" alone codes nothing; "make an offer" is a pattern of its family.
    assert kept(pipeline, "Russia made a cake. Russia made an offer to China.") == ["Russia made an offer to China."]


def test_issue_6_an_event_noun_needs_its_participants_or_a_light_verb(pipeline: Pipeline) -> None:
    assert kept(pipeline, "A truce pleased Russia.") == []
    assert kept(pipeline, "A truce with China pleased Russia.") == ["A truce with China pleased Russia."]
    assert kept(pipeline, "Russia declared a truce.") == ["Russia declared a truce."]


def test_issue_6_refusals_and_demands_keep_a_verb_the_dictionary_lacks(
    pipeline: Pipeline, full_pipeline: Pipeline
) -> None:
    # "elaborate" is in no dictionary, but "refused to X" is a rejection (120) and
    # "X replied that Y must Z" a demand (100) whatever X and Z are.
    assert kept(pipeline, "Russia was keen to elaborate. Russia refused to elaborate.") == ["Russia refused to elaborate."]
    assert codes(full_pipeline, "Russia refused to elaborate.") == [("RUS", "", "120")]
    text = "Russia replied that China elaborated. Russia replied that China must elaborate."
    assert kept(pipeline, text) == ["Russia replied that China must elaborate."]
    assert codes(full_pipeline, text) == [("RUS", "CHN", "100")] == codes(pipeline, text)


def test_issue_6_the_sentence_that_names_a_pronoun_s_antecedent_is_parsed(
    pipeline: Pipeline, full_pipeline: Pipeline
) -> None:
    text = "Vladimir Putin sat in the garden. The sky was blue. Snow fell. He accused the rebels of looting."
    assert kept(pipeline, text) == ["Vladimir Putin sat in the garden.", "He accused the rebels of looting."]
    assert codes(pipeline, text) == codes(full_pipeline, text) == [("RUSGOV", "", "112")]


def test_issue_6_the_sentence_that_defines_a_remembered_name_is_parsed(
    pipeline: Pipeline, full_pipeline: Pipeline
) -> None:
    text = "Russia's ambassador, Anatoly Antonov, sat in the garden. The sky was blue. Antonov accused the rebels of looting."
    assert kept(pipeline, text) == [
        "Russia's ambassador, Anatoly Antonov, sat in the garden.",
        "Antonov accused the rebels of looting.",
    ]
    assert codes(pipeline, text) == codes(full_pipeline, text) != []


def test_issue_6_an_agent_the_article_resolves_counts_as_an_actor(pipeline: Pipeline, full_pipeline: Pipeline) -> None:
    # "the government" is Kenya's once Kenya is the one country named before; not in the
    # first sentence, and never "a government".
    text = (
        "The government accused nobody. Flooding hit Kenya on Monday. "
        "The government accused the rebels of looting. A government accused nobody."
    )
    assert kept(pipeline, text) == ["Flooding hit Kenya on Monday.", "The government accused the rebels of looting."]
    assert codes(pipeline, text) == codes(full_pipeline, text) == [("KENGOV", "", "112")]


def test_issue_6_a_trigger_word_counts_where_it_stands_outside_a_name(pipeline: Pipeline) -> None:
    # "united" is a trigger; inside "the United States" it is not, outside it is.
    assert kept(pipeline, "Russia and the United States. The United States and Russia united against Iran.") == [
        "The United States and Russia united against Iran."
    ]


def test_issue_6_a_pattern_word_serves_only_its_own_sentence(pipeline: Pipeline) -> None:
    # "offer" makes a pattern of "make" in the first sentence, not in the next one.
    assert kept(pipeline, "Russia made an offer to China. Russia made a cake.") == ["Russia made an offer to China."]
    assert kept(pipeline, "Russia made a cake. Russia made an offer to China. Russia made a cake.") == [
        "Russia made an offer to China."
    ]

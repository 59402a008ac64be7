"""Issue 6 (throughput): the actor resolver's kept answers are the answers asked afresh.

The candidates of a sentence ask about the same phrases again and again; the resolver
keeps an answer while nothing it reads has changed (``ArticleActors.actors_for``). These
tests code real parses with it and with a resolver that computes every answer anew.
"""

from __future__ import annotations

from datetime import date

from detente.model import Article
from detente.stages.actors import ArticleActors
from detente.stages.events import NarrativeState
from detente.stages.nlp import parse

#: Articles whose resolutions depend on what came before: appositions that define a name,
#: "he" and "she", "the president" after a president was named, a name said again.
ARTICLES = [
    "France's Europe minister, Nathalie Loiseau, said the European Union would grant an extension. "
    "Loiseau met the British envoy in Brussels and urged him to accept. "
    "She said Britain had rejected the offer, and Loiseau criticised London.",
    "Russian President Vladimir Putin met US President Joe Biden in Geneva on Wednesday. "
    "The president said Russia would return its ambassador to Washington, and Putin praised Biden. "
    "He and Biden agreed to start talks on arms control.",
    "The ambassador, Anatoly Antonov, left Washington for Moscow. Antonov told reporters that "
    "Russia and the United States had held talks, and the Kremlin thanked Antonov.",
    "Afghan police arrested dozens of protesters in Kabul on Monday. The government said the police "
    "had detained the protesters, and officials accused Pakistan of supporting the rebels.",
]


class _Afresh(ArticleActors):
    """The resolver with nothing kept: every question is computed."""

    def actors_for(self, token):  # type: ignore[no-untyped-def]
        return self._resolve_all(token)


def _code(pipeline, text: str, resolver: type[ArticleActors]) -> tuple[list[dict], list[list[str]]]:  # type: ignore[no-untyped-def]
    article = Article(id="a", text=text, title="", published=date(2021, 6, 20), origin="test")
    (parsed,) = parse([article], pipeline.nlp)
    actors = resolver(pipeline.actor_resources, article.published)
    state = NarrativeState()
    events, asked = [], []
    for index, sent in enumerate(parsed.doc.sents):
        events += [e.to_dict() for e in pipeline.coder.code_sentence(
            sent, index, actors, article.published, article.id, state)]
        # and every phrase asked about twice more, interleaved, after the coder's questions
        for _ in range(2):
            asked.append([f"{a.code}:{a.rule}" for t in sent for a in actors.actors_for(t)])
    return events, asked


def test_issue_6_kept_actor_answers_code_the_events_of_answers_asked_afresh(pipeline) -> None:  # type: ignore[no-untyped-def]
    for text in ARTICLES:
        kept = _code(pipeline, text, ArticleActors)
        afresh = _code(pipeline, text, _Afresh)
        assert kept == afresh
        assert kept[0], text  # each article codes something


def test_issue_6_an_answer_that_remembers_a_name_is_asked_again(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"France's Europe minister, Nathalie Loiseau": the first answer defines the name
    (appos); asked again, the phrase resolves from memory, as it would without kept answers."""
    article = Article(id="b", text=ARTICLES[0], title="", published=date(2021, 6, 20), origin="test")
    (parsed,) = parse([article], pipeline.nlp)
    actors = ArticleActors(pipeline.actor_resources, article.published)
    first = next(iter(parsed.doc.sents))
    actors.tag_sentence(first)
    subject = next(t for t in first if t.dep_ == "nsubj")
    rules = [[a.rule for a in actors.actors_for(subject)] for _ in range(3)]
    assert rules == [["appos"], ["memory"], ["memory"]]
    # a kept answer is the caller's own list
    got = actors.actors_for(subject)
    got.clear()
    assert actors.actors_for(subject)

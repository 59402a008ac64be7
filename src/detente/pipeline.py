"""The pipeline: sources -> clean -> nlp -> actors -> events (when, where) -> dedup.

Every interface (Python API, CLI, HTTP API, Spark) runs articles through
:class:`Pipeline`; none of them holds coding logic of its own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from detente.dictionaries.codebook import load_codebook
from detente.dictionaries.verbs import load_verbs
from detente.errors import CodingError
from detente.model import Article, Event
from detente.settings import Settings
from detente.stages.actors import ArticleActors, load_actor_resources
from detente.stages.clean import clean_article
from detente.stages.dedup import merge_mentions
from detente.stages.events import Decision, EventCoder, NarrativeState
from detente.stages.nlp import ParsedArticle, body_sentences, load_nlp, parse
from detente.stages.sources import parse_published
from detente.stages.where import load_gazetteer

__all__ = ["Pipeline", "Coded", "code"]


@dataclass(frozen=True, slots=True)
class Coded:
    """One article after coding: its events, or the error that stopped the coder."""

    article: Article
    events: list[Event]
    error: CodingError | None = None


class Pipeline:
    """Loads the model and dictionaries once, then codes articles in batches.

    >>> pipe = Pipeline()
    >>> for article, events in pipe.run(articles):
    ...     print(article.id, len(events))
    """

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        s = self.settings
        self.nlp = load_nlp(s.model)
        self.actor_resources = load_actor_resources(s.actors, s.agents)
        self.coder = EventCoder(load_verbs(s.verbs), load_codebook(), load_gazetteer())

    def run(self, articles: Iterable[Article], *, clean: bool = True) -> Iterator[Coded]:
        """Code a stream of articles, in order. A failing article yields its error, not an exception."""
        cleaned = (clean_article(a) if clean else a for a in articles)
        for parsed in parse(cleaned, self.nlp, batch_size=self.settings.batch_size):
            try:
                yield Coded(parsed.article, self.code_parsed(parsed))
            except CodingError as exc:
                yield Coded(parsed.article, [], exc)

    def code_parsed(self, parsed: ParsedArticle, trace: list[Decision] | None = None) -> list[Event]:
        """Code one parsed article: actors, events, dates and places, then merge mentions."""
        article = parsed.article
        try:
            actors = ArticleActors(self.actor_resources, article.published)
            state = NarrativeState()
            mentions: list[Event] = []
            for index, (_para, sent) in enumerate(body_sentences(parsed.doc)):
                mentions.extend(
                    self.coder.code_sentence(sent, index, actors, article.published, article.id, state, trace)
                )
            return merge_mentions(mentions)
        except Exception as exc:  # one bad article never stops a batch
            raise CodingError(f"{article.origin or article.id}: the coder failed: {exc!r}") from exc

    def code_article(self, article: Article, *, clean: bool = True) -> list[Event]:
        """Code one article; raises CodingError if the coder fails on it."""
        coded = next(self.run([article], clean=clean))
        if coded.error is not None:
            raise coded.error
        return coded.events

    def code_text(
        self,
        text: str,
        published: date | str | None = None,
        title: str | None = None,
        doc_id: str | None = None,
    ) -> list[Event]:
        day = parse_published(published) if isinstance(published, str) else published
        article = Article(
            id=doc_id or hashlib.sha1(text.encode("utf-8")).hexdigest()[:16],
            text=text,
            title=title or "",
            published=day,
            origin="<text>",
        )
        return self.code_article(article)


@lru_cache(maxsize=1)
def _default_pipeline() -> Pipeline:
    return Pipeline()


def code(text: str, published: date | str | None = None, title: str | None = None) -> list[Event]:
    """Code one text and return its events.

    >>> import detente
    >>> events = detente.code("On June 16, Putin and Biden met in Geneva.", published="2021-06-20")
    >>> events[0].cameo, events[0].date_str, events[0].location.country
    ('044', '2021-06-16', 'CHE')
    """
    return _default_pipeline().code_text(text, published=published, title=title)

"""The pipeline: sources -> clean -> prefilter -> nlp -> actors -> events (when, where) -> dedup.

Every interface (Python API, CLI, HTTP API, Spark) runs articles through
:class:`Pipeline`; none of them holds coding logic of its own.

Throughput: by default only the sentences the prefilter keeps are parsed
(``Settings(prefilter=False)`` parses whole articles); articles stream through in
batches, each parsed in a spaCy memory zone so that a long run stays flat in memory;
``run(articles, workers=N)`` codes batches in N worker processes, each with its own
model, keeping the input order and at most a few batches in flight.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property, lru_cache
from itertools import islice
from typing import Any

from detente.dictionaries.codebook import load_codebook
from detente.dictionaries.verbs import load_verbs
from detente.errors import CodingError
from detente.model import Article, Event
from detente.settings import Settings
from detente.stages.actors import ArticleActors, load_actor_resources
from detente.stages.clean import clean_article
from detente.stages.dedup import merge_mentions
from detente.stages.events import Decision, EventCoder, NarrativeState, load_event_nouns
from detente.stages.nlp import ParsedArticle, body_sentences, load_nlp, parse, parse_sentences
from detente.stages.prefilter import Prefilter
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
    >>> for coded in pipe.run(articles, workers=2):
    ...     print(coded.article.id, len(coded.events))
    """

    def __init__(self, settings: Settings | None = None, *, load: bool = True) -> None:
        self.settings = settings or Settings()
        if load:  # a missing model or dictionary fails here, not mid-stream
            self.nlp, self.coder, self.actor_resources  # noqa: B018

    # Loaded on first use, so that a parent process that only hands batches to
    # workers never loads a model of its own.
    @cached_property
    def nlp(self) -> Any:
        return load_nlp(self.settings.model)

    @cached_property
    def actor_resources(self) -> Any:
        return load_actor_resources(self.settings.actors, self.settings.agents)

    @cached_property
    def coder(self) -> EventCoder:
        s = self.settings
        return EventCoder(load_verbs(s.verbs), load_codebook(), load_gazetteer())

    @cached_property
    def prefilter(self) -> Prefilter:
        return Prefilter.for_pipeline(self.nlp, self.actor_resources, self.coder.verbs, load_event_nouns())

    def run(
        self, articles: Iterable[Article], *, clean: bool = True, workers: int = 1
    ) -> Iterator[Coded]:
        """Code a stream of articles, in order. A failing article yields its error, not an exception.

        The input is read lazily, a batch at a time: a generator over a 10 GB file is
        never held whole. ``workers`` > 1 codes batches in that many processes.
        """
        if workers > 1:
            yield from _run_parallel(self.settings, articles, clean=clean, workers=workers)
            return
        it = iter(articles)
        size = max(1, self.settings.batch_size)
        while batch := list(islice(it, size)):
            yield from self.code_batch(batch, clean=clean)

    def code_batch(self, articles: list[Article], *, clean: bool = True) -> list[Coded]:
        """Code one batch: parse (the prefiltered sentences), code, and free the batch's strings."""
        cleaned = [clean_article(a) if clean else a for a in articles]
        zone = getattr(self.nlp, "memory_zone", None)
        out: list[Coded] = []
        with zone() if zone is not None else nullcontext():
            for parsed in self.parse(cleaned):
                try:
                    out.append(Coded(parsed.article, self.code_parsed(parsed)))
                except CodingError as exc:
                    out.append(Coded(parsed.article, [], exc))
        return out

    def parse(self, articles: Iterable[Article]) -> Iterator[ParsedArticle]:
        """Parse articles as the settings say: the prefiltered sentences, or whole."""
        size = self.settings.batch_size
        if self.settings.prefilter:
            yield from parse_sentences(articles, self.nlp, self.prefilter.select, batch_size=size)
        else:
            yield from parse(articles, self.nlp, batch_size=size)

    def code_parsed(self, parsed: ParsedArticle, trace: list[Decision] | None = None) -> list[Event]:
        """Code one parsed article: actors, events, dates and places, then merge mentions."""
        article = parsed.article
        try:
            actors = ArticleActors(self.actor_resources, article.published)
            state = NarrativeState()
            mentions: list[Event] = []
            for index, sent in _sentences(parsed):
                coded = self.coder.code_sentence(sent, index, actors, article.published, article.id, state, trace)
                if parsed.prefiltered:
                    coded = [_to_article_offsets(e, parsed) for e in coded]
                mentions.extend(coded)
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


def _sentences(parsed: ParsedArticle) -> Iterator[tuple[int, Any]]:
    """The sentences to code: body sentences of a full parse, every sentence of a prefiltered one
    (the prefilter has already skipped headings)."""
    if not parsed.prefiltered:
        for index, (_para, sent) in enumerate(body_sentences(parsed.doc)):
            yield index, sent
        return
    for index, sent in enumerate(parsed.doc.sents):
        if sent.text.strip():
            yield index, sent


def _to_article_offsets(event: Event, parsed: ParsedArticle) -> Event:
    """Mentions of a prefiltered parse point into the joined Doc; move them to the article text."""
    mentions = []
    for m in event.mentions:
        shift = parsed.article_offset(m.start) - m.start
        mentions.append(
            replace(m, start=m.start + shift, end=m.end + shift,
                    trigger_start=m.trigger_start + shift if m.trigger_start >= 0 else m.trigger_start)
        )
    return replace(event, mentions=tuple(mentions))


# -- worker processes ------------------------------------------------------------------
_WORKER: Pipeline | None = None


def _worker_init(settings: Settings) -> None:
    global _WORKER
    _WORKER = Pipeline(settings)


def _worker_code(batch: list[Article], clean: bool) -> list[Coded]:
    assert _WORKER is not None, "worker not initialised"
    return _WORKER.code_batch(batch, clean=clean)


def _run_parallel(settings: Settings, articles: Iterable[Article], *, clean: bool, workers: int) -> Iterator[Coded]:
    """Batches go to ``workers`` processes (spawned: each loads its own model); results come
    back in input order. At most two batches per worker are in flight, so memory stays
    bounded whatever the length of the input."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    size = max(1, settings.batch_size)
    it = iter(articles)
    pending: deque[Future[list[Coded]]] = deque()
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_worker_init, initargs=(settings,)) as pool:
        while batch := list(islice(it, size)):
            pending.append(pool.submit(_worker_code, batch, clean))
            if len(pending) >= 2 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


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

"""The pipeline: sources -> clean -> prefilter -> nlp -> actors -> events (when, where) -> dedup.

Every interface (Python API, CLI, HTTP API, Spark) runs articles through
:class:`Pipeline`; none of them holds coding logic of its own.

Throughput: by default only the sentences the prefilter keeps are parsed
(``Settings(prefilter=False)`` parses whole articles); articles stream through in
batches, each parsed in a spaCy memory zone so that a long run stays flat in memory;
``run(articles, workers=N)`` codes small batches in N worker processes, each with its own
model, keeping the input order and at most a few batches in flight; ``pool(N)`` starts
the workers once for several streams.
"""

from __future__ import annotations

import hashlib
import time
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
from detente.stages.clean import clean_article, preload as preload_cleaner
from detente.stages.dedup import merge_mentions
from detente.stages.events import Decision, EventCoder, NarrativeState, load_event_nouns
from detente.stages.nlp import (
    ParsedArticle, TokenizerCache, body_sentences, kept_sentences, load_nlp, one_blas_thread, parse, parse_sentences,
)
from detente.stages.prefilter import Prefilter
from detente.stages.sources import parse_published
from detente.stages.where import load_gazetteer

__all__ = ["Pipeline", "Coded", "WorkerPool", "WorkerStart", "code", "WARM_UP"]

#: A short article :meth:`Pipeline.warm_up` codes: two sentences that reach the parser,
#: the actor dictionaries, the verb patterns, a date and a place.
WARM_UP = (
    "Russian President Vladimir Putin met U.S. President Joe Biden in Geneva on Wednesday.\n\n"
    "In March, Biden called Putin a killer and Moscow recalled its ambassador from Washington."
)


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
            preload_cleaner()

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
    def tokenizer_cache(self) -> TokenizerCache:
        return TokenizerCache(self.nlp)

    @cached_property
    def prefilter(self) -> Prefilter:
        return Prefilter.for_pipeline(self.nlp, self.actor_resources, self.coder.verbs, load_event_nouns())

    def warm_up(self) -> None:
        """Load now what the stages otherwise load while coding the first article (the
        prefilter's word sets, the cleaner's city names, the gazetteer, the time grammar),
        by coding :data:`WARM_UP`. Workers do this when a pool starts."""
        if self.settings.prefilter:
            self.prefilter  # noqa: B018 - its word sets are built once, before the first article
        self.code_text(WARM_UP, "2021-06-20")

    def run(
        self, articles: Iterable[Article], *, clean: bool = True, workers: int = 1
    ) -> Iterator[Coded]:
        """Code a stream of articles, in order. A failing article yields its error, not an exception.

        The input is read lazily, a batch at a time: a generator over a 10 GB file is
        never held whole. ``workers`` > 1 codes batches in that many processes.
        """
        if workers > 1:
            with self.pool(workers) as pool:
                yield from pool.run(articles, clean=clean)
            return
        it = iter(articles)
        size = max(1, self.settings.batch_size)
        while batch := list(islice(it, size)):
            yield from self.code_batch(batch, clean=clean)

    def pool(self, workers: int) -> "WorkerPool":
        """``workers`` processes that code for this pipeline's settings; use as a context
        manager. :meth:`run` with ``workers`` > 1 starts one for the stream."""
        return WorkerPool(self.settings, workers)

    def code_batch(self, articles: list[Article], *, clean: bool = True) -> list[Coded]:
        """Code one batch: parse (the prefiltered sentences), code, and free the batch's strings."""
        cleaned = [clean_article(a) if clean else a for a in articles]
        if self.tokenizer_cache.learning:  # before the zone, so that what it caches stays cached
            self.tokenizer_cache.learn(a.text for a in cleaned)
        zone = getattr(self.nlp, "memory_zone", None)
        out: list[Coded] = []
        with zone() if zone is not None else nullcontext(), one_blas_thread():
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
    yield from kept_sentences(parsed.doc)


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
#: Articles per task handed to a worker. Small, so that the workers finish together at
#: the end of a stream (a 16-article task left to one worker idles the others for
#: seconds); the parse still batches every kept sentence of the task.
WORKER_TASK = 4
#: Tasks in flight per worker: enough that none waits for the next, few enough to bound memory.
IN_FLIGHT = 4


@dataclass(frozen=True, slots=True)
class WorkerStart:
    """What starting a :class:`WorkerPool` cost: wall seconds until every worker had
    loaded its model, and the CPU seconds the workers spent on it."""

    wall: float
    cpu: float


class WorkerPool:
    """``workers`` processes (spawned), each with its own model, loaded when the pool
    starts; :meth:`run` can then be called any number of times.

    >>> with Pipeline(load=False).pool(2) as pool:
    ...     print(pool.started)                     # WorkerStart(wall=6.1, cpu=6.9)
    ...     for coded in pool.run(articles): ...
    """

    def __init__(self, settings: Settings, workers: int) -> None:
        self.settings = settings
        self.workers = workers
        self.started = WorkerStart(0.0, 0.0)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> "WorkerPool":
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        t0 = time.perf_counter()
        # One task per worker, each holding its worker at the barrier until all have
        # loaded: every process starts now, not when the stream first needs it.
        barrier = ctx.Barrier(self.workers)
        self._pool = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_worker_init,
                                         initargs=(self.settings, barrier))
        try:
            ready = [self._pool.submit(_worker_ready) for _ in range(self.workers)]
            cpu = sum(f.result() for f in ready)
        except BaseException:
            self._pool.shutdown(cancel_futures=True)
            raise
        self.started = WorkerStart(time.perf_counter() - t0, cpu)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def run(self, articles: Iterable[Article], *, clean: bool = True) -> Iterator[Coded]:
        """Code a stream in the workers; results come back in input order, with at most
        ``IN_FLIGHT`` tasks per worker pending, so memory stays bounded whatever the
        length of the input."""
        if self._pool is None:
            raise RuntimeError("WorkerPool.run outside `with pipeline.pool(n) as pool:`")
        it = iter(articles)
        pending: deque[Future[list[Coded]]] = deque()
        while batch := list(islice(it, WORKER_TASK)):
            pending.append(self._pool.submit(_worker_code, batch, clean))
            if len(pending) >= IN_FLIGHT * self.workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


_WORKER: Pipeline | None = None
_BARRIER: Any = None


def _worker_init(settings: Settings, barrier: Any) -> None:
    global _WORKER, _BARRIER
    _WORKER = Pipeline(settings)
    _WORKER.warm_up()
    _BARRIER = barrier


def _worker_ready() -> float:
    """Wait until every worker has loaded; return this worker's CPU seconds so far."""
    _BARRIER.wait(timeout=600)
    return time.process_time()


def _worker_code(batch: list[Article], clean: bool) -> list[Coded]:
    assert _WORKER is not None, "worker not initialised"
    return _WORKER.code_batch(batch, clean=clean)


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

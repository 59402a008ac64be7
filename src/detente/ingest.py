"""Ingestion: read articles, code them, store them, and account for every one.

:func:`ingest` is what ``detente ingest`` runs. Every article ends up in exactly one
of three places: stored (with its events), already stored (skipped), or the
``errors`` table with a reason (unreadable, not English, too large, a future date,
the coder failed...). The batch always goes on.

Crash safety. Each chunk of articles is stored with its events in one transaction
(:meth:`Store.add_many`), and articles already stored are skipped before coding, so a
run killed at any moment (even SIGKILL) and started again ends with exactly the
database an uninterrupted run gives: nothing lost, nothing twice.

Sharing the file. DuckDB lets one process write a file, or many processes read it,
never both at once. Ingestion therefore holds the file only for short write
sessions, one per chunk of articles (by default 32), and codes with the file
closed; readers (``detente serve``, ``detente events``) open it read-only for one
request and retry while a write session holds it. Both sides retry on the lock
(:func:`open_store`), so neither fails while the other works; see docs/robustness.md.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import duckdb

from detente.errors import SourceError, StoreError
from detente.language import not_english_reason
from detente.model import Article, Event
from detente.pipeline import Coded, Pipeline
from detente.stages.sources import MAX_BYTES, read_articles
from detente.store import Store
from detente.store.errors import ErrorLog, ErrorRecord

__all__ = ["IngestOptions", "IngestReport", "ingest", "open_store", "EXIT_OK", "EXIT_PARTIAL"]

#: Exit status when every article was stored (or already was).
EXIT_OK = 0
#: Exit status when some articles were skipped with an error (see the errors table).
EXIT_PARTIAL = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestOptions:
    """How to read and store; the reading options are those of :func:`read_articles`."""

    input_format: str | None = None
    text_field: str = "text"
    title_field: str = "title"
    date_field: str = "published"
    id_field: str = "id"
    #: Date for articles that carry none.
    published: date | None = None
    #: Stop after this many articles read.
    limit: int | None = None
    fetch_links: bool = False
    max_bytes: int = MAX_BYTES
    #: Skip articles detected as not English (with a ``language`` error).
    english_only: bool = True
    #: Articles coded between two write sessions.
    chunk_size: int = 32
    #: Seconds to wait for a reader's lock on the file before giving up.
    lock_timeout: float = 60.0


@dataclass(slots=True)
class IngestReport:
    """What an ingest did: counts, the errors (by kind and the first few), the totals."""

    read: int = 0
    stored: int = 0
    events: int = 0
    already: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    samples: list[ErrorRecord] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def failed(self) -> int:
        return sum(self.errors.values())

    @property
    def exit_code(self) -> int:
        """0 when every article was stored or already stored, 3 when some were skipped."""
        return EXIT_PARTIAL if self.failed else EXIT_OK

    def summary(self, db: str | Path) -> str:
        lines = [
            f"{self.stored} article(s) stored with {self.events} event(s), {self.already} already stored, "
            f"{self.failed} skipped with an error."
        ]
        if self.failed:
            kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(self.errors.items(), key=lambda kv: (-kv[1], kv[0])))
            lines.append(f"Skipped: {kinds}. Every one is in the errors table: "
                         f"duckdb {db} \"SELECT origin, kind, reason FROM errors\"")
        if self.totals:
            lines.append(f"{db} now holds {self.totals.get('articles', 0)} articles, "
                         f"{self.totals.get('events', 0)} events, {self.totals.get('errors', 0)} errors.")
        return "\n".join(lines)


def open_store(db: str | Path, *, read_only: bool = False, timeout: float = 60.0) -> Store:
    """Open the store, waiting (up to ``timeout`` seconds) while another process holds the file."""
    deadline = time.monotonic() + timeout
    pause = 0.01
    while True:
        try:
            return Store(db, read_only=read_only)
        except StoreError as exc:
            if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.25)


def ingest(
    paths: Sequence[str],
    db: str | Path,
    options: IngestOptions | None = None,
    *,
    pipeline: Pipeline | None = None,
    on_article: Callable[[int], None] | None = None,
    on_error: Callable[[ErrorRecord], None] | None = None,
) -> IngestReport:
    """Read ``paths``, code the articles not yet stored, and store them in ``db``.

    ``on_article(n)`` is called as articles are done (n at a time); ``on_error`` with
    each error as it is found. Returns the :class:`IngestReport`; raises
    :class:`~detente.errors.StoreError` if the database cannot be opened or written.
    """
    try:
        return _ingest(paths, db, options or IngestOptions(), pipeline, on_article, on_error)
    except duckdb.Error as exc:
        raise StoreError(f"Cannot write to the event store {db}: {exc}") from exc


def _ingest(
    paths: Sequence[str],
    db: str | Path,
    opts: IngestOptions,
    pipeline: Pipeline | None,
    on_article: Callable[[int], None] | None,
    on_error: Callable[[ErrorRecord], None] | None,
) -> IngestReport:
    pipe = pipeline or Pipeline()
    report = IngestReport()
    pending: list[ErrorRecord] = []

    def fail(record: ErrorRecord) -> None:
        report.errors[record.kind] += 1
        if len(report.samples) < 20:
            report.samples.append(record)
        if on_error is not None:
            on_error(record)
        pending.append(record)

    chunks = _chunks(_articles(paths, opts, report, fail), opts.chunk_size)
    chunk = next(chunks, [])
    with open_store(db, timeout=opts.lock_timeout) as store:
        ErrorLog(store.con)
        fresh = _fresh(store, chunk, report)
    while chunk:
        if on_article is not None and len(fresh) < len(chunk):
            on_article(len(chunk) - len(fresh))
        coded = _code(pipe, fresh)
        following = next(chunks, [])
        with open_store(db, timeout=opts.lock_timeout) as store:
            log = ErrorLog(store.con, create=False)
            done: list[str] = []
            good = []
            for item in coded:
                if item.error is not None:
                    article = item.article
                    fail(ErrorRecord.from_coding_error(item.error, article.origin or article.id, article.id))
                else:
                    good.append((item.article, item.events))
            for (article, events), stored in zip(good, _store(store, good), strict=True):
                if stored:
                    report.stored += 1
                    report.events += len(events)
                    done.append(article.origin or article.id)
                else:
                    report.already += 1
            log.clear(done)
            log.record(pending)
            pending.clear()
            fresh = _fresh(store, following, report)
        if on_article is not None and coded:
            on_article(len(coded))
        chunk = following
    with open_store(db, timeout=opts.lock_timeout) as store:
        log = ErrorLog(store.con, create=False)
        log.record(pending)
        report.totals = store.counts() | {"errors": sum(log.counts().values())}
    return report


def _store(store: Store, items: list[tuple[Article, list[Event]]]) -> list[bool]:
    """Store a chunk in one transaction (one merge for the chunk); should that fail, the
    transaction is rolled back and the articles are stored one at a time, so one article
    the store refuses does not take its chunk with it."""
    try:
        return store.add_many(items)
    except duckdb.Error:
        return [store.add(article, events) for article, events in items]


def _articles(paths: Sequence[str], opts: IngestOptions, report: IngestReport,
              fail: Callable[[ErrorRecord], None]) -> Iterator[Article]:
    """The readable, English articles of ``paths``; every other one goes to ``fail``."""
    n = 0
    for path in paths:

        def source_error(error: SourceError, path: str = path) -> None:
            fail(ErrorRecord.from_source_error(error, path))

        for article in read_articles(
            path,
            input_format=opts.input_format,
            text_field=opts.text_field,
            title_field=opts.title_field,
            date_field=opts.date_field,
            id_field=opts.id_field,
            max_bytes=opts.max_bytes,
            fetch_links=opts.fetch_links,
            on_error=source_error,
        ):
            report.read += 1
            n += 1
            reason = not_english_reason(article.text) if opts.english_only else None
            if reason is not None:
                fail(ErrorRecord(article.origin or article.id, "language", reason, article.id, path))
            else:
                if opts.published is not None and article.published is None:
                    article = replace(article, published=opts.published)
                yield article
            if opts.limit and n >= opts.limit:
                return


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _fresh(store: Store, chunk: list[Article], report: IngestReport) -> list[Article]:
    """The articles of ``chunk`` not stored yet (nor earlier in the chunk)."""
    if not chunk:
        return []
    ids = list({a.id for a in chunk})
    placeholders = ", ".join("?" for _ in ids)
    stored = {row[0] for row in store.con.execute(f"SELECT id FROM articles WHERE id IN ({placeholders})", ids).fetchall()}
    fresh, seen = [], set()
    for article in chunk:
        if article.id in stored or article.id in seen:
            report.already += 1
            continue
        seen.add(article.id)
        fresh.append(article)
    return fresh


def _code(pipe: Pipeline, articles: list[Article]) -> list[Coded]:
    """Code a chunk; if the batch itself breaks (the parser raising), code one by one."""
    if not articles:
        return []
    try:
        return list(pipe.run(articles))
    except Exception:  # noqa: BLE001 - find the article that broke the batch
        return [_code_one(pipe, article) for article in articles]


def _code_one(pipe: Pipeline, article: Article) -> Coded:
    from detente.errors import CodingError

    try:
        return next(pipe.run([article]))
    except Exception as exc:  # noqa: BLE001 - one bad article never stops a batch
        return Coded(article, [], CodingError(f"{article.origin or article.id}: the parser failed: {exc!r}"))


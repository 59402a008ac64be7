"""The DuckDB event store: articles, events and mentions in one file.

Each article is written in one transaction together with its events, so an
interrupted ingest never leaves half an article. Ingesting an article whose id
is already stored changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

import duckdb

from detente.errors import StoreError
from detente.model import Article, Event

__all__ = ["Store"]

EVENT_COLUMNS = [
    "event_id", "doc_id", "source_code", "source_country", "source_sector", "source_name",
    "source_text", "target_code", "target_country", "target_sector", "target_name", "target_text",
    "cameo", "cameo_root", "goldstein", "quad_class", "plover_type", "plover_mode",
    "plover_context", "date", "date_precision", "date_fallback", "location_name",
    "location_country", "lat", "lon", "confidence", "n_mentions",
]


class Store:
    """A DuckDB file holding articles, events and mentions."""

    def __init__(self, path: str | Path = "detente.duckdb", *, read_only: bool = False) -> None:
        self.path = Path(path)
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"Cannot open the event store {self.path}: {exc}") from exc
        if not read_only:
            schema = (files("detente") / "store" / "schema.sql").read_text(encoding="utf-8")
            self.con.execute(schema)

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def has_article(self, article_id: str) -> bool:
        row = self.con.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone()
        return row is not None

    def add(self, article: Article, events: Sequence[Event]) -> bool:
        """Store an article and its events in one transaction. False if it was already stored."""
        if self.has_article(article.id):
            return False
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(
                "INSERT INTO articles (id, title, text, url, published, source, dateline, origin, n_events)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [article.id, article.title, article.text, article.url, article.published,
                 article.source, article.dateline, article.origin, len(events)],
            )
            if events:
                con.executemany(
                    f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES "
                    f"({', '.join('?' for _ in EVENT_COLUMNS)}) ON CONFLICT DO NOTHING",
                    [_event_row(e) for e in events],
                )
                mention_rows = [
                    [e.event_id, e.doc_id, i, m.sentence, m.start, m.end, m.trigger,
                     m.trigger_start, m.pattern, m.date_text]
                    for e in events
                    for i, m in enumerate(e.mentions)
                ]
                if mention_rows:
                    con.executemany(
                        "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                        mention_rows,
                    )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        return True

    def events(
        self,
        *,
        dyad: tuple[str, str] | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Stored events as dicts, newest first. ``dyad`` matches either direction."""
        where, params = [], []  # type: list[str], list[Any]
        if dyad:
            where.append(
                "((source_country = ? AND target_country = ?) OR (source_country = ? AND target_country = ?))"
            )
            params += [dyad[0], dyad[1], dyad[1], dyad[0]]
        if since:
            where.append("date >= ?")
            params.append(since)
        if until:
            where.append("date <= ?")
            params.append(until)
        sql = "SELECT * FROM events"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY date DESC NULLS LAST, event_id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        cur = self.con.execute(sql, params)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    def mentions(self, event_id: str) -> list[dict[str, Any]]:
        cur = self.con.execute("SELECT * FROM mentions WHERE event_id = ? ORDER BY idx", [event_id])
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    def counts(self) -> dict[str, int]:
        return {
            t: int(self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0])  # type: ignore[index]
            for t in ("articles", "events", "mentions")
        }

    def iter_article_ids(self) -> Iterator[str]:
        for (aid,) in self.con.execute("SELECT id FROM articles ORDER BY id").fetchall():
            yield aid


def _event_row(e: Event) -> list[Any]:
    s, t, loc, p = e.source, e.target, e.location, e.plover
    return [
        e.event_id, e.doc_id, s.code, s.country, s.sector, s.name, s.text,
        t.code if t else None, t.country if t else None, t.sector if t else None,
        t.name if t else None, t.text if t else None,
        e.cameo, e.cameo_root, e.goldstein, e.quad_class,
        p.type if p else None, p.mode if p else None, p.context if p else None,
        e.date, e.date_precision, e.date_fallback,
        loc.name if loc else None, loc.country if loc else None,
        loc.lat if loc else None, loc.lon if loc else None,
        e.confidence, len(e.mentions),
    ]

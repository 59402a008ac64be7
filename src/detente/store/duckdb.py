"""The DuckDB event store: articles, events and mentions in one file.

Each article is written in one transaction together with its events, so an
interrupted ingest never leaves half an article. Ingesting an article whose id
is already stored changes nothing.

``events`` keeps each article's reports as the coder gave them; in the same
transaction the store re-merges the reports that share a key with the new ones into
``merged_events`` (one row per event across articles, see ``store/merge.py``), so the
merged table never depends on the order in which articles arrived.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

import duckdb

from detente.errors import StoreError
from detente.model import Article, Event
from detente.store.merge import MergeKey, Report, cluster
from detente.store.query import rows, transaction

__all__ = ["Store"]

#: The columns the store writes, with their SQL types (schema.sql), in row order.
ARTICLE_COLUMNS = {
    "id": "VARCHAR", "title": "VARCHAR", "text": "VARCHAR", "url": "VARCHAR", "published": "DATE",
    "source": "VARCHAR", "dateline": "VARCHAR", "origin": "VARCHAR", "n_events": "INTEGER",
}
EVENT_TYPES = {
    "event_id": "VARCHAR", "doc_id": "VARCHAR", "source_code": "VARCHAR", "source_country": "VARCHAR",
    "source_sector": "VARCHAR", "source_name": "VARCHAR", "source_text": "VARCHAR",
    "target_code": "VARCHAR", "target_country": "VARCHAR", "target_sector": "VARCHAR",
    "target_name": "VARCHAR", "target_text": "VARCHAR", "cameo": "VARCHAR", "cameo_root": "VARCHAR",
    "goldstein": "DOUBLE", "quad_class": "TINYINT", "plover_type": "VARCHAR", "plover_mode": "VARCHAR",
    "plover_context": "VARCHAR", "date": "DATE", "date_precision": "VARCHAR", "date_fallback": "BOOLEAN",
    "location_name": "VARCHAR", "location_country": "VARCHAR", "lat": "DOUBLE", "lon": "DOUBLE",
    "confidence": "DOUBLE", "n_mentions": "INTEGER",
}
EVENT_COLUMNS = list(EVENT_TYPES)
MENTION_COLUMNS = {
    "event_id": "VARCHAR", "doc_id": "VARCHAR", "idx": "INTEGER", "sentence": "VARCHAR",
    "start_char": "INTEGER", "end_char": "INTEGER", "trigger": "VARCHAR", "trigger_start": "INTEGER",
    "pattern": "VARCHAR", "date_text": "VARCHAR",
}


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
            if self._needs_rebuild():
                self.rebuild_merged()
            elif self._needs_summary():
                self.rebuild_summary()

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
        return self.add_many([(article, events)])[0]

    def add_many(self, items: Iterable[tuple[Article, Sequence[Event]]]) -> list[bool]:
        """Store articles and their events in one transaction, merging across articles once
        at the end: the same rows as ``add`` for each, at a fraction of the cost for a batch
        (issue 6). One flag per article: False if it was already stored (or came earlier in
        ``items``).

        Each table gets one columnar ``INSERT ... SELECT unnest(?)`` per batch, not a
        statement per row: the rows are those ``add`` would write one by one, the first of
        two rows with the same key kept."""
        items = list(items)
        stored: list[bool] = []
        with transaction(self.con):
            ids = list({article.id for article, _ in items})
            seen = {r[0] for r in self.con.execute(
                "SELECT id FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]).fetchall()} if ids else set()
            fresh: list[tuple[Article, Sequence[Event]]] = []
            for article, events in items:
                stored.append(article.id not in seen)
                if article.id not in seen:
                    seen.add(article.id)
                    fresh.append((article, events))
            if fresh:
                self._insert(fresh)
                keys = {_merge_key(e) for _, events in fresh for e in events}
                if keys:
                    self._remerge(keys)
        return stored

    def _insert(self, items: Sequence[tuple[Article, Sequence[Event]]]) -> None:
        """Bulk-insert articles with their events and mentions (an event or mention whose key
        is already stored, or came earlier in ``items``, is skipped, as ON CONFLICT DO NOTHING
        does row by row)."""
        articles = [
            [a.id, a.title, a.text, a.url, a.published, a.source, a.dateline, a.origin, len(events)]
            for a, events in items
        ]
        _bulk_insert(self.con, "articles", ARTICLE_COLUMNS, articles)
        event_rows: list[list[Any]] = []
        mention_rows: list[list[Any]] = []
        event_ids: set[str] = set()
        mention_keys: set[tuple[str, int]] = set()
        for _, events in items:
            for e in events:
                if e.event_id not in event_ids:
                    event_ids.add(e.event_id)
                    event_rows.append(_event_row(e))
                for i, m in enumerate(e.mentions):
                    if (e.event_id, i) not in mention_keys:
                        mention_keys.add((e.event_id, i))
                        mention_rows.append([e.event_id, e.doc_id, i, m.sentence, m.start, m.end, m.trigger,
                                             m.trigger_start, m.pattern, m.date_text])
        _bulk_insert(self.con, "events", EVENT_TYPES, event_rows, on_conflict=True)
        _bulk_insert(self.con, "mentions", MENTION_COLUMNS, mention_rows, on_conflict=True)

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
        return rows(self.con.execute(sql, params))

    def mentions(self, event_id: str) -> list[dict[str, Any]]:
        return rows(self.con.execute("SELECT * FROM mentions WHERE event_id = ? ORDER BY idx", [event_id]))

    def counts(self) -> dict[str, int]:
        return {
            t: int(self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0])  # type: ignore[index]
            for t in ("articles", "events", "mentions", "merged_events")
        }

    # -- cross-article merging ---------------------------------------------------------
    def _needs_rebuild(self) -> bool:
        row = self.con.execute(
            "SELECT (SELECT count(*) FROM events) > 0 AND (SELECT count(*) FROM event_links) = 0"
        ).fetchone()
        return bool(row and row[0])

    def _remerge(self, keys: set[MergeKey]) -> None:
        """Recompute the merged events of these keys from all their reports.

        Only the merged events whose reports changed are rewritten: one whose members are
        the ones it had keeps its row (its id, fields and counts would come out the same;
        so does its ``added_at``), and its share of ``dyad_months`` stays. A key that many
        articles report (an ambassador recalled, talks held) has hundreds of merged events
        and gains one or two per batch; rewriting them all was most of a batch's store
        time (issue 6)."""
        con = self.con
        con.execute("CREATE TEMP TABLE IF NOT EXISTS _merge_keys (s VARCHAR, t VARCHAR, r VARCHAR)")
        con.execute("DELETE FROM _merge_keys")
        _bulk_insert(con, "_merge_keys", {"s": "VARCHAR", "t": "VARCHAR", "r": "VARCHAR"},
                     [list(k) for k in sorted(keys)])
        rows = con.execute(
            "SELECT e.event_id, e.source_code, coalesce(e.target_code, ''), e.cameo_root, e.date,"
            " e.date_precision, l.merged_id FROM events e JOIN _merge_keys k ON e.source_code = k.s"
            " AND coalesce(e.target_code, '') = k.t AND e.cameo_root = k.r"
            " LEFT JOIN event_links l ON l.event_id = e.event_id"
        ).fetchall()
        links = cluster(Report(r[0], (r[1], r[2], r[3]), r[4], r[5]) for r in rows)
        kept = _unchanged(links, {r[0]: r[6] for r in rows if r[6] is not None})
        stale = sorted({r[6] for r in rows if r[6] is not None} - kept)
        con.execute("CREATE TEMP TABLE IF NOT EXISTS _old_merged (merged_id VARCHAR)")
        con.execute("DELETE FROM _old_merged")
        _bulk_insert(con, "_old_merged", {"merged_id": "VARCHAR"}, [[m] for m in stale])
        if stale:
            _summary_delta(con, "_old_merged", -1)
            con.execute("DELETE FROM merged_events WHERE merged_id IN (SELECT merged_id FROM _old_merged)")
            con.execute("DELETE FROM event_links WHERE merged_id IN (SELECT merged_id FROM _old_merged)")
        fresh = {e: m for e, m in links.items() if m not in kept}
        self._write_links(fresh)
        if fresh:
            _summary_delta(con, "_new_links", +1)
        if stale or fresh:
            _apply_summary_delta(con)

    def rebuild_merged(self) -> int:
        """Recompute every merged event from the stored reports. Returns how many there are."""
        con = self.con
        rows = con.execute(
            "SELECT event_id, source_code, coalesce(target_code, ''), cameo_root, date, date_precision"
            " FROM events"
        ).fetchall()
        links = cluster(Report(r[0], (r[1], r[2], r[3]), r[4], r[5]) for r in rows)
        with transaction(con):
            con.execute("DELETE FROM merged_events")
            con.execute("DELETE FROM event_links")
            self._write_links(links)
            self._fill_summary()
        return int(con.execute("SELECT count(*) FROM merged_events").fetchone()[0])  # type: ignore[index]

    def _needs_summary(self) -> bool:
        row = self.con.execute(
            f"SELECT EXISTS (SELECT 1 FROM merged_events me WHERE {_SUMMARY_ROWS})"
            " AND NOT EXISTS (SELECT 1 FROM dyad_months)"
        ).fetchone()
        return bool(row and row[0])

    def rebuild_summary(self) -> None:
        """Recompute ``dyad_months`` from ``merged_events`` (for files written before it existed)."""
        with transaction(self.con):
            self._fill_summary()

    def _fill_summary(self) -> None:
        self.con.execute("DELETE FROM dyad_months")
        self.con.execute(_SUMMARY_INSERT.format(table="dyad_months", sign=1, where="TRUE"))

    def _write_links(self, links: dict[str, str]) -> None:
        if not links:
            return
        con = self.con
        con.execute("CREATE TEMP TABLE IF NOT EXISTS _new_links (event_id VARCHAR, merged_id VARCHAR)")
        con.execute("DELETE FROM _new_links")
        _bulk_insert(con, "_new_links", {"event_id": "VARCHAR", "merged_id": "VARCHAR"},
                     [list(kv) for kv in links.items()])
        con.execute("INSERT INTO event_links SELECT event_id, merged_id FROM _new_links")
        con.execute(_MERGED_INSERT)

    def iter_article_ids(self) -> Iterator[str]:
        for (aid,) in self.con.execute("SELECT id FROM articles ORDER BY id").fetchall():
            yield aid


def _unchanged(links: dict[str, str], old: dict[str, str]) -> set[str]:
    """The merged ids whose members under ``links`` (report id -> merged id) are exactly
    those they had under ``old``: the merged events that need no rewriting."""
    new_members: dict[str, set[str]] = {}
    for event_id, mid in links.items():
        new_members.setdefault(mid, set()).add(event_id)
    old_members: dict[str, set[str]] = {}
    for event_id, mid in old.items():
        old_members.setdefault(mid, set()).add(event_id)
    return {mid for mid, members in new_members.items() if old_members.get(mid) == members}


def _merge_key(e: Event) -> MergeKey:
    return (e.source.code, e.target.code if e.target else "", e.cameo_root)


#: Build the merged rows of the links in ``_new_links``: fields from the most precise,
#: best located, most confident report; counts over all reports. The best report and the
#: first article are each an ordered ``first`` of one grouping, not a ``row_number()``
#: window over every report (the same rows: each order ends in a unique key or in the
#: article's own id; two windows cost half the statement's time, issue 6).
_MERGED_INSERT = """
INSERT INTO merged_events
WITH best AS (
    SELECT l.merged_id,
        first(e.event_id ORDER BY CASE e.date_precision WHEN 'day' THEN 0 WHEN 'month' THEN 1
                     WHEN 'year' THEN 2 ELSE 3 END,
                     e.date_fallback, e.location_name IS NULL, e.confidence DESC, e.event_id) AS event_id,
        count(*) AS n_reports, count(DISTINCT e.doc_id) AS n_articles,
        count(DISTINCT coalesce(a.source, a.id)) AS n_sources, sum(e.n_mentions) AS n_mentions,
        max(e.confidence) AS confidence,
        first(e.doc_id ORDER BY a.published NULLS LAST, e.doc_id) AS first_doc_id,
        first(a.url ORDER BY a.published NULLS LAST, e.doc_id) AS first_url
    FROM _new_links l JOIN events e USING (event_id) JOIN articles a ON a.id = e.doc_id
    GROUP BY l.merged_id
), ev AS (
    SELECT l.merged_id, list({
        'event_id': mm.event_id, 'doc_id': mm.doc_id, 'idx': mm.idx, 'sentence': mm.sentence,
        'start_char': mm.start_char, 'end_char': mm.end_char, 'trigger': mm.trigger,
        'trigger_start': mm.trigger_start, 'pattern': mm.pattern, 'date_text': mm.date_text,
        'title': a.title, 'url': a.url, 'source': a.source, 'published': a.published}
        ORDER BY a.published NULLS LAST, mm.doc_id, mm.idx) AS evidence
    FROM _new_links l JOIN mentions mm USING (event_id) JOIN articles a ON a.id = mm.doc_id
    GROUP BY l.merged_id
)
SELECT b.merged_id, m.event_id, m.source_code, m.source_country, m.source_sector, m.source_name,
    m.target_code, m.target_country, m.target_sector, m.target_name, m.cameo, m.cameo_root,
    m.goldstein, m.quad_class, m.plover_type, m.plover_mode, m.plover_context, m.date,
    m.date_precision, m.date_fallback, m.location_name, m.location_country, m.lat, m.lon,
    b.confidence, b.n_reports, b.n_articles, b.n_sources, b.n_mentions,
    b.first_doc_id, b.first_url, current_timestamp, ev.evidence[1].sentence, ev.evidence[1].doc_id,
    coalesce(ev.evidence, [])
FROM best b JOIN events m USING (event_id) LEFT JOIN ev USING (merged_id)
"""


#: The merged events that count in ``dyad_months``: dated, with both countries.
_SUMMARY_ROWS = "me.source_country IS NOT NULL AND me.target_country IS NOT NULL AND me.date IS NOT NULL"

#: Sums of the merged events matching ``where`` per dyad, month and PLOVER type, times ``sign``.
_SUMMARY_INSERT = (
    "INSERT INTO {table} SELECT me.source_country, me.target_country,"
    " CAST(date_trunc('month', me.date) AS DATE), coalesce(me.plover_type, ''),"
    " {sign} * count(*), {sign} * coalesce(sum(me.n_mentions), 0), {sign} * coalesce(sum(me.n_articles), 0),"
    " {sign} * count(me.goldstein), {sign} * coalesce(sum(CAST(me.goldstein AS DECIMAL(18, 3))), 0),"
    " {sign} * count(*) FILTER (WHERE me.quad_class = 1), {sign} * count(*) FILTER (WHERE me.quad_class = 2),"
    " {sign} * count(*) FILTER (WHERE me.quad_class = 3), {sign} * count(*) FILTER (WHERE me.quad_class = 4)"
    " FROM merged_events me WHERE " + _SUMMARY_ROWS + " AND {where} GROUP BY ALL"
)
_SUMMARY_KEY = ("source_country", "target_country", "month", "plover_type")


def _summary_delta(con: duckdb.DuckDBPyConnection, ids_table: str, sign: int) -> None:
    """Add (``sign`` +1) or take away (-1) the merged events whose ids are in ``ids_table``."""
    con.execute("CREATE TEMP TABLE IF NOT EXISTS _dm_delta AS SELECT * FROM dyad_months LIMIT 0")
    con.execute(_SUMMARY_INSERT.format(
        table="_dm_delta", sign=int(sign), where=f"me.merged_id IN (SELECT merged_id FROM {ids_table})"))


def _apply_summary_delta(con: duckdb.DuckDBPyConnection) -> None:
    """Fold the changes gathered in ``_dm_delta`` into ``dyad_months`` and empty it."""
    con.execute("CREATE TEMP TABLE IF NOT EXISTS _dm_delta AS SELECT * FROM dyad_months LIMIT 0")
    key = ", ".join(_SUMMARY_KEY)
    on = " AND ".join(f"d.{c} = k.{c}" for c in _SUMMARY_KEY)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _dm_keys AS SELECT DISTINCT {key} FROM _dm_delta")
    con.execute(f"INSERT INTO _dm_delta SELECT d.* FROM dyad_months d JOIN _dm_keys k ON {on}")
    con.execute(f"DELETE FROM dyad_months d USING _dm_keys k WHERE {on}")
    con.execute(
        f"INSERT INTO dyad_months SELECT {key}, sum(n), sum(mentions), sum(articles), sum(n_goldstein),"
        f" sum(goldstein_sum), sum(q1), sum(q2), sum(q3), sum(q4) FROM _dm_delta GROUP BY ALL HAVING sum(n) > 0"
    )
    con.execute("DELETE FROM _dm_delta")


def _bulk_insert(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, str],
                 rows: Sequence[Sequence[Any]], *, on_conflict: bool = False) -> None:
    """Insert ``rows`` into ``table`` in one statement: each column goes as one typed list
    parameter and ``unnest`` zips them back into rows (issue 6: ``executemany`` runs a
    statement per row, a hundred times slower). No pyarrow or pandas needed."""
    if not rows:
        return
    names = list(columns)
    values = [list(col) for col in zip(*rows, strict=True)]
    select = ", ".join(f"unnest(${k + 1}::{columns[n]}[])" for k, n in enumerate(names))
    con.execute(
        f"INSERT INTO {table} ({', '.join(names)}) SELECT {select}"
        + (" ON CONFLICT DO NOTHING" if on_conflict else ""),
        values,
    )


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

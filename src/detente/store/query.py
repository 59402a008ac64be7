"""Read queries over the merged events: filters, paging and evidence.

Every value a user gives is a bound parameter (``?``); the only SQL text built here
comes from constants chosen by validated enums, never from user input.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import duckdb

__all__ = ["EventFilter", "search_events", "evidence", "article", "dyad_clause", "rows", "monthly_stats"]

Con = duckdb.DuckDBPyConnection


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which merged events to return. Every field is optional; all given ones must hold.

    ``dyad`` is two country codes matched in either direction unless ``directed``;
    ``actor`` a country (3 letters, either side) or a full actor code (``RUSGOV``);
    ``code`` a CAMEO code prefix (``11`` or ``111``); ``root`` a two-digit CAMEO root;
    ``text`` words searched in the evidence sentences and actor names.
    """

    dyad: tuple[str, str] | None = None
    directed: bool = False
    actor: str | None = None
    code: str | None = None
    root: str | None = None
    quad_class: int | None = None
    plover_type: str | None = None
    since: date | None = None
    until: date | None = None
    text: str | None = None

    def where(self, alias: str = "me") -> tuple[str, list[Any]]:
        """The WHERE clause (without the keyword; ``TRUE`` when empty) and its parameters."""
        a = alias
        parts: list[str] = []
        params: list[Any] = []
        if self.dyad:
            clause, p = dyad_clause(self.dyad[0], self.dyad[1], directed=self.directed, alias=a)
            parts.append(clause)
            params += p
        if self.actor:
            if len(self.actor) == 3:
                parts.append(f"({a}.source_country = ? OR {a}.target_country = ? "
                             f"OR {a}.source_code = ? OR {a}.target_code = ?)")
                params += [self.actor] * 4
            else:
                parts.append(f"({a}.source_code = ? OR {a}.target_code = ?)")
                params += [self.actor] * 2
        if self.code:
            parts.append(f"starts_with({a}.cameo, ?)")
            params.append(self.code)
        if self.root:
            parts.append(f"{a}.cameo_root = ?")
            params.append(self.root)
        if self.quad_class is not None:
            parts.append(f"{a}.quad_class = ?")
            params.append(self.quad_class)
        if self.plover_type:
            parts.append(f"{a}.plover_type = ?")
            params.append(self.plover_type)
        if self.since:
            parts.append(f"{a}.date >= ?")
            params.append(self.since)
        if self.until:
            parts.append(f"{a}.date <= ?")
            params.append(self.until)
        if self.text:
            like = "%" + _escape_like(self.text) + "%"
            parts.append(
                f"({a}.source_name ILIKE ? ESCAPE '\\' OR {a}.target_name ILIKE ? ESCAPE '\\' OR EXISTS ("
                f"SELECT 1 FROM event_links l JOIN mentions mm USING (event_id) "
                f"WHERE l.merged_id = {a}.merged_id AND mm.sentence ILIKE ? ESCAPE '\\'))"
            )
            params += [like, like, like]
        return (" AND ".join(parts) or "TRUE"), params


def dyad_clause(a: str, b: str, *, directed: bool = False, alias: str = "me") -> tuple[str, list[Any]]:
    """Events from country ``a`` to ``b`` (and, unless directed, from ``b`` to ``a``)."""
    if directed:
        return f"({alias}.source_country = ? AND {alias}.target_country = ?)", [a, b]
    return (
        f"(({alias}.source_country = ? AND {alias}.target_country = ?) OR "
        f"({alias}.source_country = ? AND {alias}.target_country = ?))",
        [a, b, b, a],
    )


def monthly_stats(
    con: Con, a: str, b: str, *, directed: bool = False, since: date | None = None, until: date | None = None
) -> list[dict[str, Any]] | None:
    """A dyad's monthly sums from the ``dyad_months`` summary, or None when it cannot answer.

    The rows have the columns of :func:`detente.analysis.relations`' monthly scan: ``period``,
    ``n``, ``mentions``, ``articles``, ``gsum``, ``gmean``, ``q1``..``q4`` and ``plover`` (type ->
    events). None when the file has no summary (written by an older detente) or when
    ``since``/``until`` cut a month in two (then only a scan of the events can answer).
    """
    if (since and since.day != 1) or (until and (until + timedelta(days=1)).day != 1):
        return None
    found = con.execute(
        "SELECT 1 FROM duckdb_tables() WHERE table_name = 'dyad_months'"
        " AND database_name = current_database() AND schema_name = current_schema()"
    ).fetchone()
    if found is None:
        return None
    where, params = dyad_clause(a, b, directed=directed, alias="d")
    if since:
        where += " AND d.month >= ?"
        params.append(since)
    if until:
        where += " AND d.month <= ?"
        params.append(until)
    return rows(con.execute(
        f"""WITH p AS (
                SELECT d.month, d.plover_type, sum(d.n) AS n, sum(d.mentions) AS mentions,
                    sum(d.articles) AS articles, sum(d.n_goldstein) AS ng, sum(d.goldstein_sum) AS gsum,
                    sum(d.q1) AS q1, sum(d.q2) AS q2, sum(d.q3) AS q3, sum(d.q4) AS q4
                FROM dyad_months d WHERE {where} GROUP BY d.month, d.plover_type
            )
            SELECT month AS period, sum(n) AS n, sum(mentions) AS mentions, sum(articles) AS articles,
                CAST(sum(gsum) AS DOUBLE) AS gsum,
                CASE WHEN sum(ng) > 0 THEN CAST(sum(gsum) AS DOUBLE) / sum(ng) END AS gmean,
                sum(q1) AS q1, sum(q2) AS q2, sum(q3) AS q3, sum(q4) AS q4,
                map_from_entries(list((plover_type, n)) FILTER (WHERE plover_type <> '')) AS plover
            FROM p GROUP BY month ORDER BY month""",
        params,
    ))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def rows(cur: Con) -> list[dict[str, Any]]:
    """A cursor's result as dicts keyed by column name."""
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


@contextmanager
def transaction(con: Con) -> Iterator[Con]:
    """BEGIN ... COMMIT, or ROLLBACK when the block raises."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def date_range(where: str, params: list[Any], since: date | None, until: date | None,
               column: str = "me.date") -> str:
    """``where`` with ``since``/``until`` bounds on ``column`` added (params appended in place)."""
    if since:
        where += f" AND {column} >= ?"
        params.append(since)
    if until:
        where += f" AND {column} <= ?"
        params.append(until)
    return where


def search_events(
    con: Con, flt: EventFilter, *, limit: int = 50, offset: int = 0, order: str = "date"
) -> tuple[int, list[dict[str, Any]]]:
    """The total number of matching merged events and one page of them, newest first.

    ``order`` is ``date`` (newest first) or ``weight`` (most sources, then most mentions).
    """
    where, params = flt.where("me")
    total = con.execute(f"SELECT count(*) FROM merged_events me WHERE {where}", params).fetchone()
    order_sql = {
        "date": "me.date DESC NULLS LAST, me.merged_id",
        "weight": "me.n_sources DESC, me.n_mentions DESC, abs(me.goldstein) DESC, me.merged_id",
    }[order]
    page = rows(con.execute(
        f"SELECT me.* FROM merged_events me WHERE {where} ORDER BY {order_sql} LIMIT ? OFFSET ?",
        [*params, int(limit), int(offset)],
    ))
    return int(total[0]) if total else 0, page


def evidence(con: Con, merged_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """Every mention of these merged events, with its article's title, outlet and link.

    The store keeps this list on each merged event (``merged_events.evidence``), so a
    page of events needs no join; rows from :func:`search_events` carry it already.
    """
    if not merged_ids:
        return {}
    found = con.execute(
        f"SELECT merged_id, evidence FROM merged_events WHERE merged_id IN ({', '.join('?' for _ in merged_ids)})",
        list(merged_ids),
    ).fetchall()
    out: dict[str, list[dict[str, Any]]] = {mid: [] for mid in merged_ids}
    for mid, ev in found:
        out[mid] = list(ev or [])
    return out


def article(con: Con, article_id: str) -> dict[str, Any] | None:
    """An article with the mentions coded in it and the merged event of each."""
    found = rows(con.execute(
        "SELECT id, title, text, url, published, source, dateline, n_events FROM articles WHERE id = ?",
        [article_id],
    ))
    if not found:
        return None
    art = found[0]
    art["mentions"] = rows(con.execute(
        "SELECT m.event_id, l.merged_id, m.idx, m.sentence, m.start_char, m.end_char, m.trigger,"
        " m.trigger_start, e.cameo, e.quad_class, e.goldstein, e.source_code, e.target_code,"
        " e.source_text, e.target_text, e.date, e.date_precision"
        " FROM mentions m JOIN events e USING (event_id) LEFT JOIN event_links l USING (event_id)"
        " WHERE m.doc_id = ? ORDER BY m.start_char, m.event_id",
        [article_id],
    ))
    return art

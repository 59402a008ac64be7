"""Relations over time: per dyad and period, what happened and which way it went.

Everything is DuckDB SQL over ``merged_events`` (one row per event across articles),
so counts count events; mention and article counts are given beside them.

    >>> from detente.store import Store
    >>> from detente.analysis import relations
    >>> series = relations(Store("events.duckdb", read_only=True), "USA", "RUS", by="month")
    >>> [(p.start.isoformat(), p.index, p.turn) for p in series.periods]

The **relations index** of a period is ``(cooperation - conflict) / events``: quad
classes 1-2 count as cooperation, 3-4 as conflict, so it runs from -1 (every event
hostile) to +1 (every event cooperative) and is ``None`` for a period without events.
A **turning point** is a period whose index changed sign from the previous period with
events and moved by at least ``threshold`` (0.5), or moved by at least ``2 * threshold``
whatever its sign: a ``fall`` or a ``rise``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

import duckdb

from detente.store.query import date_range, dyad_clause, monthly_stats, rows

__all__ = [
    "Period",
    "PeriodStats",
    "RelationSeries",
    "relations",
    "top_events",
    "top_dyads",
    "period_bounds",
    "PERIODS",
]

Period = Literal["day", "week", "month"]
PERIODS: tuple[Period, ...] = ("day", "week", "month")
#: SQL for each period: constants, chosen by a validated name, never user text.
_TRUNC = {
    "day": "CAST(me.date AS DATE)",
    "week": "CAST(date_trunc('week', me.date) AS DATE)",
    "month": "CAST(date_trunc('month', me.date) AS DATE)",
}


@dataclass(frozen=True, slots=True)
class PeriodStats:
    """One period of one dyad."""

    start: date
    end: date
    events: int = 0
    mentions: int = 0
    articles: int = 0
    goldstein_sum: float = 0.0
    goldstein_mean: float | None = None
    quad: tuple[int, int, int, int] = (0, 0, 0, 0)
    plover: dict[str, int] = field(default_factory=dict)
    index: float | None = None
    change: float | None = None
    turn: Literal["fall", "rise"] | None = None
    top: tuple[dict[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "events": self.events,
            "mentions": self.mentions,
            "articles": self.articles,
            "goldstein_sum": round(self.goldstein_sum, 3),
            "goldstein_mean": None if self.goldstein_mean is None else round(self.goldstein_mean, 3),
            "quad_class": {str(i + 1): n for i, n in enumerate(self.quad)},
            "plover": self.plover,
            "index": None if self.index is None else round(self.index, 4),
            "change": None if self.change is None else round(self.change, 4),
            "turn": self.turn,
            "top_events": list(self.top),
        }


@dataclass(frozen=True, slots=True)
class RelationSeries:
    """A dyad's relations index over time, with its turning points."""

    a: str
    b: str
    by: Period
    directed: bool
    periods: tuple[PeriodStats, ...]

    @property
    def turning_points(self) -> list[PeriodStats]:
        return [p for p in self.periods if p.turn]

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "by": self.by,
            "directed": self.directed,
            "events": sum(p.events for p in self.periods),
            "periods": [p.to_dict() for p in self.periods],
            "turning_points": [
                {"start": p.start.isoformat(), "turn": p.turn, "index": p.index, "change": p.change}
                for p in self.turning_points
            ],
        }


def _con(store: Any) -> duckdb.DuckDBPyConnection:
    return store.con if hasattr(store, "con") else store  # type: ignore[no-any-return]


def period_bounds(start: date, by: Period) -> date:
    """The last day of the period that starts on ``start``."""
    if by == "day":
        return start
    if by == "week":
        return start + timedelta(days=6)
    nxt = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _next(start: date, by: Period) -> date:
    return period_bounds(start, by) + timedelta(days=1)


def _period_start(day: date, by: Period) -> date:
    if by == "day":
        return day
    if by == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def relations(
    store: Any,
    a: str,
    b: str,
    *,
    by: Period = "month",
    since: date | None = None,
    until: date | None = None,
    directed: bool = False,
    top: int = 3,
    fill: bool = True,
    threshold: float = 0.5,
) -> RelationSeries:
    """The relations of countries ``a`` and ``b`` per period, with the top ``top`` events of each.

    ``fill`` adds empty periods between the first and the last so the series has no holes.
    """
    if by not in _TRUNC:
        raise ValueError(f"by must be one of {', '.join(PERIODS)}, not {by!r}")
    con = _con(store)
    trunc = _TRUNC[by]
    where, params = dyad_clause(a, b, directed=directed)
    where += " AND me.date IS NOT NULL"
    where = date_range(where, params, since, until)
    # Monthly sums come from the store's per-dyad summary when it can answer; else one scan
    # of the merged events for the aggregates and the PLOVER histogram of every period.
    stats = monthly_stats(con, a, b, directed=directed, since=since, until=until) if by == "month" else None
    if stats is None:
        stats = rows(con.execute(
            f"""SELECT {trunc} AS period, count(*) AS n, sum(me.n_mentions) AS mentions,
                    sum(me.n_articles) AS articles,
                    CAST(sum(CAST(me.goldstein AS DECIMAL(18, 3))) AS DOUBLE) AS gsum,
                    CAST(sum(CAST(me.goldstein AS DECIMAL(18, 3))) AS DOUBLE) / NULLIF(count(me.goldstein), 0) AS gmean,
                    count(*) FILTER (WHERE me.quad_class = 1) AS q1,
                    count(*) FILTER (WHERE me.quad_class = 2) AS q2,
                    count(*) FILTER (WHERE me.quad_class = 3) AS q3,
                    count(*) FILTER (WHERE me.quad_class = 4) AS q4,
                    histogram(me.plover_type) FILTER (WHERE me.plover_type IS NOT NULL) AS plover
                FROM merged_events me WHERE {where} GROUP BY period ORDER BY period""",
            params,
        ))
    plover: dict[date, dict[str, int]] = {}
    for r in stats:
        hist = r.pop("plover") or {}
        plover[r["period"]] = dict(sorted(((k, int(v)) for k, v in hist.items()), key=lambda kv: (-kv[1], kv[0])))
    tops: dict[date, list[dict[str, Any]]] = {}
    if top > 0 and stats:
        # The ids of the top events per period (most sources, then mentions), then their fields.
        ranked = con.execute(
            f"SELECT {trunc} AS period, max_by(me.merged_id, (me.n_sources, me.n_mentions,"
            f" abs(me.goldstein), me.merged_id), ?) FROM merged_events me WHERE {where} GROUP BY period",
            [top, *params],
        ).fetchall()
        wanted = [mid for _, ids in ranked for mid in ids]
        details = {r["merged_id"]: r for r in rows(con.execute(
            "SELECT merged_id, date, date_precision, source_code, source_name, target_code, target_name,"
            " cameo, goldstein, quad_class, n_articles, n_sources, n_mentions, lead_sentence AS sentence,"
            " lead_doc_id AS doc_id FROM merged_events WHERE list_contains(?, merged_id)",
            [wanted],
        ))}
        for period, ids in ranked:
            tops[period] = []
            for mid in ids:
                d = dict(details[mid])
                d["date"] = d["date"].isoformat() if d["date"] else None
                tops[period].append(d)

    found = {r["period"]: r for r in stats}
    starts = sorted(found)
    if fill and starts:
        first = _period_start(since, by) if since else starts[0]
        last = _period_start(until, by) if until else starts[-1]
        starts, cur = [], first
        while cur <= last:
            starts.append(cur)
            cur = _next(cur, by)

    periods: list[PeriodStats] = []
    prev_index: float | None = None
    for start in starts:
        r = found.get(start)
        if r is None:
            periods.append(PeriodStats(start, period_bounds(start, by)))
            continue
        n = int(r["n"])
        quad = (int(r["q1"]), int(r["q2"]), int(r["q3"]), int(r["q4"]))
        index = (quad[0] + quad[1] - quad[2] - quad[3]) / n
        change = None if prev_index is None else index - prev_index
        turn: Literal["fall", "rise"] | None = None
        if change is not None and prev_index is not None:
            crossed = (prev_index > 0 >= index) or (prev_index < 0 <= index)
            if (crossed and abs(change) >= threshold) or abs(change) >= 2 * threshold:
                turn = "fall" if change < 0 else "rise"
        periods.append(PeriodStats(
            start=start,
            end=period_bounds(start, by),
            events=n,
            mentions=int(r["mentions"] or 0),
            articles=int(r["articles"] or 0),
            goldstein_sum=float(r["gsum"] or 0.0),
            goldstein_mean=float(r["gmean"]) if r["gmean"] is not None else None,
            quad=quad,
            plover=plover.get(start, {}),
            index=index,
            change=change,
            turn=turn,
            top=tuple(tops.get(start, [])),
        ))
        prev_index = index
    return RelationSeries(a, b, by, directed, tuple(periods))


def top_events(
    store: Any,
    a: str,
    b: str,
    *,
    since: date | None = None,
    until: date | None = None,
    limit: int = 10,
    directed: bool = False,
) -> list[dict[str, Any]]:
    """The most reported events of a dyad (most sources, then mentions), with all their evidence."""
    con = _con(store)
    where, params = dyad_clause(a, b, directed=directed)
    where = date_range(where, params, since, until)
    found = rows(con.execute(
        f"SELECT me.* FROM merged_events me WHERE {where} ORDER BY me.n_sources DESC,"
        " me.n_mentions DESC, abs(me.goldstein) DESC, me.merged_id LIMIT ?",
        [*params, limit],
    ))
    return found


def top_dyads(
    store: Any, *, since: date | None = None, until: date | None = None, limit: int = 10
) -> dict[str, list[dict[str, Any]]]:
    """The most active country pairs, and those whose monthly index changed most.

    ``changed`` ranks pairs by their largest change of the monthly relations index between
    consecutive months with events, and names the month it happened in.
    """
    con = _con(store)
    where = ("me.source_country IS NOT NULL AND me.target_country IS NOT NULL"
             " AND me.source_country <> me.target_country")
    params: list[Any] = []
    where = date_range(where, params, since, until)
    base = (f"SELECT least(me.source_country, me.target_country) AS a,"
            f" greatest(me.source_country, me.target_country) AS b, me.* FROM merged_events me"
            f" WHERE {where}")
    active = rows(con.execute(
        f"""SELECT a, b, count(*) AS events, sum(n_mentions) AS mentions,
                round(avg(goldstein), 3) AS goldstein_mean,
                round((count(*) FILTER (WHERE quad_class <= 2) - count(*) FILTER (WHERE quad_class >= 3))
                      / count(*), 4) AS index
            FROM ({base}) GROUP BY a, b ORDER BY events DESC, a, b LIMIT ?""",
        [*params, limit],
    ))
    changed = rows(con.execute(
        f"""WITH m AS (
                SELECT a, b, CAST(date_trunc('month', date) AS DATE) AS month,
                    (count(*) FILTER (WHERE quad_class <= 2) - count(*) FILTER (WHERE quad_class >= 3))
                        / count(*) AS idx, count(*) AS n
                FROM ({base}) WHERE date IS NOT NULL GROUP BY ALL
            ), d AS (
                SELECT a, b, month, idx, n,
                    idx - lag(idx) OVER (PARTITION BY a, b ORDER BY month) AS change,
                    sum(n) OVER (PARTITION BY a, b) AS total
                FROM m
            )
            SELECT a, b, arg_max(month, abs(change)) AS month,
                round(arg_max(change, abs(change)), 4) AS change, max(total) AS events
            FROM d WHERE change IS NOT NULL GROUP BY a, b
            ORDER BY abs(arg_max(change, abs(change))) DESC, events DESC, a, b LIMIT ?""",
        [*params, limit],
    ))
    for r in changed:
        r["month"] = r["month"].isoformat()[:7] if r["month"] else None
    return {"active": active, "changed": changed}

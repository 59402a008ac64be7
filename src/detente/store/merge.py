"""Cross-article merging: the reports of one event in many articles become one event.

Each article's coder output is a *report* (a row of ``events``). Reports are the same
event when they share the source and target actor codes and the CAMEO root, and
their dates agree within their precision:

* day-precision reports within one day of each other are one event (chains of
  consecutive days join, as a story that runs over midnight does);
* a month-precision report ("in March") joins the one day-precision event of that
  month, when there is exactly one; otherwise month-precision reports of the same
  month are one event;
* a year-precision report joins the one event of its year, when there is exactly
  one; otherwise year-precision reports of the same year are one event;
* undated reports of the same key are one event.

The result is a function of the *set* of reports, never of the order they arrived
in: :func:`cluster` sorts its input before it looks at it, and the store recomputes
the clusters of every key an article touches.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

__all__ = ["Report", "MergeKey", "cluster", "merged_id"]

#: (source code, target code or "", CAMEO root)
MergeKey = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class Report:
    """The fields of one stored report that merging looks at."""

    event_id: str
    key: MergeKey
    date: date | None
    precision: str | None


def merged_id(key: MergeKey, members: Iterable[str]) -> str:
    """A merged event's id: its key and the smallest report id it holds."""
    raw = "|".join([*key, min(members)])
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


def cluster(reports: Iterable[Report]) -> dict[str, str]:
    """Map each report's ``event_id`` to the id of the merged event it belongs to."""
    by_key: dict[MergeKey, list[Report]] = defaultdict(list)
    for r in reports:
        by_key[r.key].append(r)
    out: dict[str, str] = {}
    for key, members in by_key.items():
        for group in _cluster_key(members):
            mid = merged_id(key, group)
            for event_id in group:
                out[event_id] = mid
    return out


def _cluster_key(reports: list[Report]) -> list[list[str]]:
    reports = sorted(reports, key=lambda r: (r.date or date.min, r.precision or "", r.event_id))
    day = [r for r in reports if r.date is not None and r.precision in ("day", None)]
    month = [r for r in reports if r.date is not None and r.precision == "month"]
    year = [r for r in reports if r.date is not None and r.precision == "year"]
    undated = [r for r in reports if r.date is None]

    # Each cluster: its member ids and the set of (year, month) it covers.
    clusters: list[tuple[list[str], set[tuple[int, int]]]] = []
    last: date | None = None
    for r in day:
        assert r.date is not None
        if last is None or (r.date - last).days > 1:
            clusters.append(([], set()))
        clusters[-1][0].append(r.event_id)
        clusters[-1][1].add((r.date.year, r.date.month))
        last = r.date

    by_month: dict[tuple[int, int], list[str]] = defaultdict(list)
    for r in month:
        assert r.date is not None
        by_month[(r.date.year, r.date.month)].append(r.event_id)
    for ym, ids in sorted(by_month.items()):
        touching = [c for c in clusters if ym in c[1]]
        if len(touching) == 1:
            touching[0][0].extend(ids)
        else:
            clusters.append((list(ids), {ym}))

    by_year: dict[int, list[str]] = defaultdict(list)
    for r in year:
        assert r.date is not None
        by_year[r.date.year].append(r.event_id)
    for y, ids in sorted(by_year.items()):
        touching = [c for c in clusters if any(ym[0] == y for ym in c[1])]
        if len(touching) == 1:
            touching[0][0].extend(ids)
        else:
            clusters.append((list(ids), {(y, 0)}))

    groups = [c[0] for c in clusters]
    if undated:
        groups.append([r.event_id for r in undated])
    return groups

"""Stage 8, dedup: the mentions of one event in one article become one event.

Two coded mentions are the same event when they share the dyad (source and target
actor codes), the CAMEO code and the date. A mention whose date fell back to the
publication date (the text gave none) joins the event of the same dyad and code
that the text does date, when there is exactly one such event: "the meeting in
Geneva" and "On June 16 ... met in Geneva" are one summit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from detente.model import Event

__all__ = ["merge_mentions"]


def _key(e: Event) -> tuple[str, str, str, str]:
    return (e.source.code, e.target.code if e.target else "", e.cameo, e.date_str or "")


def merge_mentions(events: Sequence[Event]) -> list[Event]:
    """Merge coded mentions into events, keeping the order of first mention."""
    groups: dict[tuple[str, str, str, str], list[Event]] = {}
    for e in events:
        groups.setdefault(_key(e), []).append(e)

    # Undated (fallback) groups join the one dated group of the same dyad and code.
    dated: dict[tuple[str, str, str], list[tuple[str, str, str, str]]] = {}
    for key, members in groups.items():
        if not members[0].date_fallback:
            dated.setdefault(key[:3], []).append(key)
    for key in list(groups):
        members = groups[key]
        if members[0].date_fallback and len(dated.get(key[:3], [])) == 1:
            groups[dated[key[:3]][0]].extend(members)
            del groups[key]

    merged = [_merge(members) for members in groups.values()]
    merged.sort(key=lambda m: m.mentions[0].start if m.mentions else 0)
    return merged


def _merge(members: list[Event]) -> Event:
    """One event from its mentions: the explicitly dated, best located and most confident wins."""
    members = sorted(members, key=lambda e: (e.date_fallback, e.location is None, -e.confidence))
    best = members[0]
    mentions = []
    seen = set()
    for e in sorted(members, key=lambda e: e.mentions[0].start if e.mentions else 0):
        for m in e.mentions:
            if (m.start, m.trigger_start) not in seen:
                seen.add((m.start, m.trigger_start))
                mentions.append(m)
    location = next((e.location for e in members if e.location), None)
    confidence = min(1.0, max(e.confidence for e in members) + 0.05 * (len(mentions) - 1))
    return replace(best, mentions=tuple(mentions), location=location, confidence=confidence, event_id="")

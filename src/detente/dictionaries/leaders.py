"""The maintained table of office holders (``data/actors/leaders.csv``).

Phoenix's person entries stop around 2016 and often have open-ended roles. This
table lists heads of state and government and foreign and defence ministers with
start and end dates; where it knows a person, it overrides Phoenix. Outside all
of a listed person's terms the person is coded as an elite of the country
(``USAELI``), as CAMEO codes former officials. See docs/leaders.md to extend it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

__all__ = ["Term", "Leader", "LeaderTable", "load_leaders"]


@dataclass(frozen=True, slots=True)
class Term:
    code: str
    role: str
    start: date | None
    end: date | None
    source: str = ""

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Leader:
    name: str
    aliases: tuple[str, ...]
    country: str | None
    terms: tuple[Term, ...]

    def term_on(self, day: date | None) -> Term | None:
        if day is None:
            return max(self.terms, key=lambda t: t.start or date.min) if self.terms else None
        for term in self.terms:
            if term.covers(day):
                return term
        return None

    def code_on(self, day: date | None) -> str:
        term = self.term_on(day)
        if term is not None:
            return term.code
        return f"{self.country}ELI" if self.country else "ELI"


@dataclass(frozen=True, slots=True)
class LeaderTable:
    leaders: tuple[Leader, ...]

    def names(self) -> dict[str, Leader]:
        """Every name and alias, lowercased, to its person."""
        out: dict[str, Leader] = {}
        for leader in self.leaders:
            for n in (leader.name, *leader.aliases):
                out.setdefault(n.lower(), leader)
        return out


def _date(value: str) -> date | None:
    value = value.strip()
    return date.fromisoformat(value) if value else None


def parse_leaders(text: str) -> LeaderTable:
    people: dict[str, dict[str, object]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        name = row["name"].strip()
        if not name or name.startswith("#"):
            continue
        person = people.setdefault(
            name, {"aliases": set(), "country": row.get("country", "").strip() or None, "terms": []}
        )
        aliases = {a.strip() for a in (row.get("aliases") or "").split(";") if a.strip()}
        person["aliases"].update(aliases)  # type: ignore[attr-defined]
        person["terms"].append(  # type: ignore[attr-defined]
            Term(row["code"].strip(), row.get("role", "").strip(), _date(row["start"]),
                 _date(row.get("end") or ""), row.get("source", "").strip())
        )
    return LeaderTable(
        tuple(
            Leader(name, tuple(sorted(p["aliases"])), p["country"], tuple(p["terms"]))  # type: ignore[arg-type]
            for name, p in people.items()
        )
    )


@lru_cache(maxsize=4)
def load_leaders(path: Path | None = None) -> LeaderTable:
    if path is not None:
        return parse_leaders(Path(path).read_text(encoding="utf-8"))
    resource = files("detente") / "data" / "actors" / "leaders.csv"
    try:
        return parse_leaders(resource.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return LeaderTable(())

"""The one data model that joins the pipeline's stages.

An :class:`Article` comes in; the stages find :class:`Actor` mentions, code each
report of an event as a :class:`Mention`, and merge the mentions of one event
into an :class:`Event`. Everything is a frozen dataclass: stages return new
values, they never mutate what they were given.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

__all__ = [
    "Article",
    "Actor",
    "Place",
    "Plover",
    "Mention",
    "Event",
    "Precision",
    "QUAD_CLASSES",
]

Precision = Literal["day", "month", "year"]

#: CAMEO quad classes, as GDELT numbers them.
QUAD_CLASSES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, as read by ``stages.sources`` and cleaned by ``stages.clean``.

    ``text`` is the body only: paragraphs are separated by a blank line, and the
    headline lives in ``title``. ``origin`` says where the article came from
    (file and line) so that errors can name it.
    """

    id: str
    text: str
    title: str = ""
    url: str | None = None
    published: date | None = None
    source: str | None = None
    dateline: str | None = None
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """A resolved actor: who, in the CAMEO actor scheme.

    ``code`` is the full CAMEO actor code (``RUSGOV``), ``country`` the ISO 3166-1
    alpha-3 part (``RUS``, or ``None`` for international actors such as ``IGOUNO``)
    and ``sector`` the role part (``GOV``). ``entry`` names the dictionary entry
    and ``rule`` the rule that resolved the mention, so every code can be explained.
    """

    text: str
    code: str
    name: str = ""
    country: str | None = None
    sector: str | None = None
    entry: str | None = None
    rule: str = ""
    #: For diplomats: the country they are posted to ("Russia's ambassador to the US").
    posted_to: str | None = None
    #: Agent role words that matched ("ambassador", "president"), used by verb patterns.
    roles: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "name": self.name,
            "code": self.code,
            "country": self.country,
            "sector": self.sector,
        }


@dataclass(frozen=True, slots=True)
class Place:
    """Where an event happened: a place name, its country (alpha-3) and coordinates."""

    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Plover:
    """The PLOVER coding of an event: its type, mode and context."""

    type: str
    mode: str = ""
    context: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Mention:
    """One report of an event in an article: the evidence for it.

    ``start``/``end`` are character offsets of the sentence in ``Article.text``;
    ``trigger`` is the word that carried the event and ``pattern`` the dictionary
    pattern that coded it.
    """

    sentence: str
    start: int
    end: int
    trigger: str
    trigger_start: int = -1
    pattern: str = ""
    date_text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "trigger": self.trigger,
            "trigger_start": self.trigger_start,
            "pattern": self.pattern,
            "date_text": self.date_text,
        }


@dataclass(frozen=True, slots=True)
class Event:
    """One event: who did what to whom, when and where, with all its mentions."""

    doc_id: str
    source: Actor
    target: Actor | None
    cameo: str
    cameo_root: str
    goldstein: float
    quad_class: int
    plover: Plover | None
    date: date | None
    date_precision: Precision | None
    date_fallback: bool = False
    location: Place | None = None
    mentions: tuple[Mention, ...] = ()
    confidence: float = 1.0
    event_id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.event_id:
            object.__setattr__(self, "event_id", self.make_id())

    def make_id(self) -> str:
        """A stable id: the same article, dyad, code and date always give the same id."""
        key = "|".join(
            [
                self.doc_id,
                self.source.code,
                self.target.code if self.target else "",
                self.cameo,
                self.date_str or "",
            ]
        )
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    @property
    def date_str(self) -> str | None:
        """The date in ISO 8601 at its precision: ``2021-06-16``, ``2021-03`` or ``2021``."""
        if self.date is None:
            return None
        if self.date_precision == "year":
            return f"{self.date.year:04d}"
        if self.date_precision == "month":
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return self.date.isoformat()

    @property
    def dyad(self) -> str:
        tgt = self.target.country if self.target and self.target.country else "---"
        return f"{self.source.country or '---'}-{tgt}"

    def to_dict(self) -> dict[str, Any]:
        """The event in the JSONL schema documented in docs/event-schema.md."""
        return {
            "doc_id": self.doc_id,
            "event_id": self.event_id,
            "source": self.source.to_dict(),
            "target": self.target.to_dict() if self.target else None,
            "cameo": self.cameo,
            "cameo_root": self.cameo_root,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "plover": self.plover.to_dict() if self.plover else None,
            "date": self.date_str,
            "date_precision": self.date_precision,
            "date_fallback": self.date_fallback,
            "location": self.location.to_dict() if self.location else None,
            "mentions": [m.to_dict() for m in self.mentions],
            "confidence": round(self.confidence, 3),
        }

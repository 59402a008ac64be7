"""The ``when`` stage: find temporal expressions in a sentence and resolve them to dates.

    >>> from datetime import date
    >>> [(t.text, str(t.value), t.precision) for t in find_dates(
    ...     "Putin met Biden on June 16, a week after talks in the month of March.",
    ...     date(2021, 6, 20))]
    [('on June 16', '2021-06-16', 'day'), ('in the month of March', '2021-03-01', 'month')]

Relative expressions ("on Sunday", "in March", "last week") are resolved against the
article's publication date, in the direction given by the tense of the verb they attach
to: with ``tense="past"`` "on Sunday" is the last Sunday on or before publication, with
``"future"`` the next Sunday on or after it, with ``"present"`` the nearer of the two
(the past one on a tie). Without a publication date only absolute expressions ("in
2019", "June 16, 2021", "2021-06-16") resolve; relative ones are dropped, never dated
today.

``value`` is the first day of the period at the given precision; for ranges
("from June 14 to 16", "between March and May", "last week") ``end_value`` is the
last period at the same precision (the Sunday of a week, May 1 for "May").

How it works: :data:`_FAMILIES` is a table of expression families, each a function
building regular expressions from the word lists in ``data/time/lexicon.toml`` and one
resolver. Every pattern runs over the text; where matches overlap the longest wins (an
unresolvable winner, such as "in March" without a publication date, still hides the
shorter matches inside it); each winner is resolved or dropped.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any, Literal

from detente.errors import ConfigError
from detente.model import Precision
from detente.stages.nlp import ent_type

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["Tense", "TimeExpr", "find_dates", "later_than", "time_head", "is_time"]

Tense = Literal["past", "future", "present"]


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A temporal expression found in a sentence and the date it names."""

    #: The expression as written, with its preposition: "on June 16", "in the month of March".
    text: str
    #: Character offsets of ``text`` in the sentence given to :func:`find_dates`.
    start: int
    end: int
    #: The day named, or the first day of the month or year named.
    value: date
    precision: Precision
    #: For ranges, the last day (or month, or year) of the range; else ``None``.
    end_value: date | None = None


def find_dates(text: str, published: date | None, *, tense: Tense = "past") -> list[TimeExpr]:
    """Find and resolve every temporal expression in ``text``, in order of position.

    ``published`` anchors relative expressions; ``tense`` (of the verb the expression
    attaches to) picks the direction of ambiguous ones. Never raises on any text.
    """
    if not text:
        return []
    return list(_find_dates(text, published, tense))


@lru_cache(maxsize=64)
def _find_dates(text: str, published: date | None, tense: Tense) -> tuple[TimeExpr, ...]:
    """:func:`find_dates`, remembered: the coder asks again for each event of a sentence."""
    grammar = _grammar()
    context = _Context(published, tense, grammar.lexicon)
    taken = [m.span() for m in grammar.not_dates.finditer(text)]
    found: list[TimeExpr] = []
    for match, family in _candidates(text, grammar.families):
        start, end = match.span()
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        taken.append((start, end))
        if _in_a_name(text, start, end):
            continue
        resolved = _resolve(family, match, context)
        if resolved is not None:
            found.append(
                TimeExpr(
                    match.group(0),
                    start,
                    end,
                    resolved.value,
                    resolved.precision,
                    resolved.end_value,
                )
            )
    return tuple(sorted(found, key=lambda t: t.start))


#: A year as news writes one: "in 1998", "since 2014".
_YEAR = re.compile(r"(?:1[89]|20)\d\d")


def time_head(word: str) -> bool | None:
    """Whether ``word``, the head of a phrase, makes it a time phrase: True for a unit of
    time, a month, weekday or holiday name and a year ("weeks", "Tuesday", "2003"); None
    when only the named-entity recogniser can tell ("the end", "70", "spring", "May"); False
    for every other word. The coder asks this before it runs the recogniser (issue 6)."""
    lexicon = _grammar().lexicon
    lower = word.lower()
    if lower in lexicon.time_units or _YEAR.fullmatch(word):
        return True
    if word[:1].isupper():
        title = word.rstrip(".").title()
        if title in lexicon.time_names:
            return True
        return None if lower in lexicon.time_nouns or title in lexicon.name_months else False
    if lower in lexicon.time_nouns or any(c.isdigit() for c in word):
        return None
    return False


def is_time(tok: Token) -> bool:
    """Whether a token of a parse heads a time phrase: by :func:`time_head`, and where
    that cannot tell, by the recogniser's DATE or TIME label."""
    head = time_head(tok.text)
    if head is None:
        return ent_type(tok) in ("DATE", "TIME")
    return head


def later_than(text: str, anchor: date, precision: Precision) -> tuple[date, Precision] | None:
    """The date a sentence opening "A month later", "Two days later" or "The next day" names,
    counted from the date of the event told before it (``anchor``, at ``precision``).

    The result is no finer than the anchor ("in 2016 ... a month later" stays a year) nor
    than the unit ("on June 3 ... a year later" is a year).

        >>> later_than("A month later, he issued an order.", date(2021, 3, 16), "day")
        (datetime.date(2021, 4, 1), 'month')
        >>> later_than("The next day, Russia expelled them.", date(2021, 3, 16), "day")
        (datetime.date(2021, 3, 17), 'day')
    """
    grammar = _grammar()
    m = grammar.later.match(text.lstrip(" \"'“‘("))
    if m is None:
        return None
    lex = grammar.lexicon
    count = 1 if m["next"] else lex.count(m["n"])
    unit = lex.units[(m["unit"] or m["nunit"]).lower()]
    order = ("day", "month", "year")
    coarse = order[max(order.index(precision), order.index("day" if unit == "week" else unit))]
    try:
        if unit in ("day", "week"):
            shifted = anchor + timedelta(days=count * (7 if unit == "week" else 1))
        elif unit == "month":
            shifted = _shift_months(anchor.replace(day=1), count)
        else:
            shifted = date(anchor.year + count, 1, 1)
    except (ValueError, OverflowError):
        return None
    if coarse == "month":
        shifted = shifted.replace(day=1)
    elif coarse == "year":
        shifted = date(shifted.year, 1, 1)
    return shifted, coarse  # type: ignore[return-value]


def _later_pattern(lexicon: "_Lexicon") -> re.Pattern[str]:
    return re.compile(
        rf"(?:(?:about|some|nearly|almost|barely|only|just)\s+)?"
        rf"(?:(?P<n>{_words(lexicon.numbers)}|\d{{1,3}})\s+(?P<unit>{_words(lexicon.units)})\s+later"
        rf"|the\s+(?P<next>next|following)\s+(?P<nunit>day|week|month|year)){_E}",
        re.IGNORECASE,
    )


_THE_BEFORE = re.compile(r"(?:^|\W)the\s+$", re.IGNORECASE)
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")


def _in_a_name(text: str, start: int, end: int) -> bool:
    """A date inside a proper name: "the March 23 Movement", "the 6 April Youth Movement".

    The date follows "the" and a capitalized word follows it directly, which a date of
    an event never does ("on the 16th of June", "the 16th, the day after").
    """
    return bool(_THE_BEFORE.search(text[max(0, start - 8) : start])) and bool(
        _NAME_AFTER.match(text, end)
    )


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """The word lists of ``data/time/lexicon.toml``."""

    months: Mapping[str, int]
    month_abbreviations: Mapping[str, int]
    weekdays: Mapping[str, int]
    ordinals: Mapping[str, int]
    numbers: Mapping[str, int]
    units: Mapping[str, str]
    relative_days: Mapping[str, int]
    determiners: Mapping[str, int]
    not_dates: tuple[str, ...]
    dayparts: tuple[str, ...]
    day_prepositions: tuple[str, ...]
    period_modifiers: tuple[str, ...]
    month_prepositions: tuple[str, ...]
    year_prepositions: tuple[str, ...]
    range_joiners: tuple[str, ...]
    time_units: frozenset[str]
    time_nouns: frozenset[str]
    time_names: frozenset[str]
    name_months: frozenset[str]

    def month(self, word: str) -> int:
        name = word.rstrip(".").title()
        return self.months.get(name) or self.month_abbreviations[name]

    def weekday(self, word: str) -> int:
        return self.weekdays[word.title()]

    def count(self, word: str) -> int:
        return int(word) if word.isdigit() else self.numbers[word.lower()]

    def day(self, digits: str | None, ordinal: str | None) -> int:
        return int(digits) if digits else self.ordinals[(ordinal or "").lower()]

    def offset(self, determiner: str) -> int:
        return self.determiners[" ".join(determiner.lower().split())]


def _lexicon_from(table: Mapping[str, Any]) -> _Lexicon:
    words = table["words"]
    return _Lexicon(
        months=dict(table["months"]),
        month_abbreviations=dict(table["month_abbreviations"]),
        weekdays=dict(table["weekdays"]),
        ordinals=dict(table["ordinals"]),
        numbers=dict(table["numbers"]),
        units=dict(table["units"]),
        relative_days=dict(table["relative_days"]),
        determiners=dict(table["relative_determiners"]),
        not_dates=tuple(table["not_dates"]["phrases"]),
        dayparts=tuple(words["dayparts"]),
        day_prepositions=tuple(words["day_prepositions"]),
        period_modifiers=tuple(words["period_modifiers"]),
        month_prepositions=tuple(words["month_prepositions"]),
        year_prepositions=tuple(words["year_prepositions"]),
        range_joiners=tuple(words["range_joiners"]),
        time_units=frozenset(words["time_units"]),
        time_nouns=frozenset(words["time_nouns"]),
        time_names=frozenset([*words["time_names"], *table["weekdays"],
                              *(m for m in table["months"] if m not in words["name_months"])]),
        name_months=frozenset([*words["name_months"], *table["month_abbreviations"]]),
    )


def _load_lexicon() -> _Lexicon:
    resource = files("detente") / "data" / "time" / "lexicon.toml"
    try:
        return _lexicon_from(tomllib.loads(resource.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(
            f"Cannot read the time lexicon {resource}: {error}. Reinstall detente."
        ) from error
    except KeyError as error:
        raise ConfigError(
            f"The time lexicon {resource} lacks the table or key {error}; "
            "restore it from the detente sources."
        ) from error


# --------------------------------------------------------------------------- grammar pieces

_B = r"(?<![\w-])"  # an expression starts at a word start
_E = r"(?!\w)"  # and ends at a word end


def _words(words: Iterable[str]) -> str:
    """A case-insensitive alternation of phrases, longest first; spaces match any run."""
    phrases = sorted(set(words), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(part) for part in p.split()) for p in phrases)


def _names(names: Iterable[str], abbreviations: Iterable[str] = ()) -> str:
    """A case-sensitive alternation of proper names as written or in capitals."""
    forms = [(f, re.escape(f)) for n in names for f in (n, n.upper())]
    forms += [(f, re.escape(f) + r"\.?") for n in abbreviations for f in (n, n.upper())]
    forms.sort(key=lambda form: len(form[0]), reverse=True)
    return "(?-i:" + "|".join(dict.fromkeys(regex for _, regex in forms)) + ")"


@dataclass(frozen=True, slots=True)
class _Pieces:
    """Regular-expression fragments built from the lexicon; the families combine them."""

    lexicon: _Lexicon

    def month(self, group: str) -> str:
        return f"(?P<{group}>{_names(self.lexicon.months)})"

    def month_any(self, group: str) -> str:
        return f"(?P<{group}>{_names(self.lexicon.months, self.lexicon.month_abbreviations)})"

    def weekday(self, group: str) -> str:
        return f"(?P<{group}>{_names(self.lexicon.weekdays)})"

    @staticmethod
    def day(group: str) -> str:
        return rf"(?P<{group}>3[01]|[12]\d|0?[1-9])(?!\d)(?:st|nd|rd|th)?"

    @staticmethod
    def year(group: str) -> str:
        return rf"(?P<{group}>(?:19|20)\d\d)(?!\d)"

    def words(self, group: str, words: Iterable[str]) -> str:
        return f"(?P<{group}>{_words(words)})"

    @property
    def modifier(self) -> str:
        """ "early ", "late ", "mid-": a vague position inside the period that follows."""
        return rf"(?:{_words(self.lexicon.period_modifiers)})(?:-|\s+)"

    @property
    def day_lead(self) -> str:
        """What may precede a day and belong to it: "on", "late on", "by", "early"."""
        return (
            rf"(?:{self.modifier}(?:on\s+)?)?"
            rf"(?:(?:{_words(self.lexicon.day_prepositions)})\s+)?"
        )

    @property
    def weekday_prefix(self) -> str:
        """ "Sunday, " before a date: read but not used."""
        return rf"(?:{_names(self.lexicon.weekdays)},?\s+)?"

    def ranges(
        self, first: str, last: str, *, opener_required: bool, lead: str = ""
    ) -> tuple[str, str]:
        """ "between FIRST and LAST" and "[from] FIRST to LAST" / "FIRST-LAST", after ``lead``."""
        joiner = rf"(?:\s*[-\u2013\u2014]\s*|\s+(?:{_words(self.lexicon.range_joiners)})\s+)"
        opener = r"from\s+" if opener_required else r"(?:from\s+)?"
        return (
            rf"{_B}{lead}between\s+{first}\s+and\s+{last}{_E}",
            rf"{_B}{lead}{opener}{first}{joiner}{last}{_E}",
        )


# --------------------------------------------------------------------------- resolution helpers


@dataclass(frozen=True, slots=True)
class _Context:
    published: date | None
    tense: Tense
    lexicon: _Lexicon


@dataclass(frozen=True, slots=True)
class _Resolved:
    value: date
    precision: Precision
    end_value: date | None = None


def _pick(back: int, ahead: int, tense: Tense) -> int:
    """The offset the tense asks for: ``back`` (<= 0) for past, ``ahead`` for future,
    the nearer for present (``back`` on a tie)."""
    if tense == "past":
        return back
    if tense == "future":
        return ahead
    return back if -back <= ahead else ahead


def _weekday_near(weekday: int, published: date, tense: Tense, *, strict: bool = False) -> date:
    """The ``weekday`` around ``published``; ``strict`` excludes the publication day."""
    back = (published.weekday() - weekday) % 7
    ahead = (weekday - published.weekday()) % 7
    if strict:
        back, ahead = back or 7, ahead or 7
    return published + timedelta(days=_pick(-back, ahead, tense))


def _shift_months(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _month_near(month: int, published: date, tense: Tense, *, strict: bool = False) -> date:
    """The first day of the ``month`` around ``published``; ``strict`` excludes its month."""
    back = (published.month - month) % 12
    ahead = (month - published.month) % 12
    if strict:
        back, ahead = back or 12, ahead or 12
    return _shift_months(published.replace(day=1), _pick(-back, ahead, tense))


def _month_on_or_after(month: int, anchor: date) -> date:
    return _shift_months(anchor.replace(day=1), (month - anchor.month) % 12)


def _month_on_or_before(month: int, anchor: date) -> date:
    return _shift_months(anchor.replace(day=1), -((anchor.month - month) % 12))


def _valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# Eight years always hold a February 29.
_LEAP_SEARCH = 9


def _day_on_or_before(month: int, day: int, anchor: date) -> date | None:
    for year in range(anchor.year, anchor.year - _LEAP_SEARCH, -1):
        found = _valid_date(year, month, day)
        if found is not None and found <= anchor:
            return found
    return None


def _day_on_or_after(month: int, day: int, anchor: date) -> date | None:
    for year in range(anchor.year, anchor.year + _LEAP_SEARCH):
        found = _valid_date(year, month, day)
        if found is not None and found >= anchor:
            return found
    return None


def _day_near(month: int, day: int, published: date, tense: Tense) -> date | None:
    before = _day_on_or_before(month, day, published)
    after = _day_on_or_after(month, day, published)
    if before is None or after is None:
        return before or after
    back, ahead = (before - published).days, (after - published).days
    return published + timedelta(days=_pick(back, ahead, tense))


def _week(anchor: date, weeks: int = 0) -> _Resolved:
    monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=weeks)
    return _Resolved(monday, "day", monday + timedelta(days=6))


def _weekend(saturday: date) -> _Resolved:
    return _Resolved(saturday, "day", saturday + timedelta(days=1))


def _after_the(match: re.Match[str]) -> bool:
    """True for "the last year", "the next week": spans, or relative to another event."""
    return re.search(r"\bthe\s+$", match.string[: match.start()], re.IGNORECASE) is not None


def _year(text: str | None) -> int | None:
    return int(text) if text else None


# --------------------------------------------------------------------------- families
# Each family: a function from the pieces to its patterns, and a resolver from a match
# to a date (or None when it cannot be resolved).


def _iso_patterns(p: _Pieces) -> tuple[str, ...]:
    """2021-06-16, 2021/06/16."""
    return (
        rf"(?<![\w/.-]){p.day_lead}(?P<y>(?:19|20)\d\d)"
        rf"(?P<sep>[-/])(?P<m>\d\d?)(?P=sep)(?P<d>\d\d?)(?![\w/-])",
    )


def _resolve_iso(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    found = _valid_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return _Resolved(found, "day") if found else None


def _slashed_patterns(p: _Pieces) -> tuple[str, ...]:
    """6/16/2021 (US order), or 16/6/2021 when the first number cannot be a month."""
    return (rf"(?<![\w/.-]){p.day_lead}(?P<a>\d\d?)/(?P<b>\d\d?)/(?P<y>\d{{4}}|\d\d)(?![\w/])",)


def _resolve_slashed(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    first, second, year = int(m["a"]), int(m["b"]), int(m["y"])
    if len(m["y"]) == 2:
        year += 2000 if year < 70 else 1900
    month, day = (first, second) if first <= 12 else (second, first)
    found = _valid_date(year, month, day)
    return _Resolved(found, "day") if found else None


def _day_range_patterns(p: _Pieces) -> tuple[str, ...]:
    """June 14-16; from June 14 to June 16; between 14 and 16 June 2021; June 28 to July 2."""
    us_first = rf"{p.month_any('m1')}\s+{p.day('d1')}(?:,?\s+{p.year('y1')})?"
    us_last = rf"(?:{p.month_any('m2')}\s+)?{p.day('d2')}(?:,?\s+{p.year('y2')})?"
    uk_first = rf"{p.day('d1')}(?:\s+(?:of\s+)?{p.month_any('m1')}(?:,?\s+{p.year('y1')})?)?"
    uk_last = rf"{p.day('d2')}\s+(?:of\s+)?{p.month_any('m2')}(?:,?\s+{p.year('y2')})?"
    lead = p.day_lead
    return p.ranges(us_first, us_last, opener_required=False, lead=lead) + p.ranges(
        uk_first, uk_last, opener_required=False, lead=lead
    )


def _resolve_day_range(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    lex = ctx.lexicon
    last_month = lex.month(m["m2"]) if m["m2"] else None
    first_month = lex.month(m["m1"]) if m["m1"] else last_month
    last_month = last_month or first_month
    if first_month is None or last_month is None:
        return None
    d1, d2 = int(m["d1"]), int(m["d2"])
    y1, y2 = _year(m["y1"]), _year(m["y2"])
    if y1 is not None and y2 is not None:
        start, end = _valid_date(y1, first_month, d1), _valid_date(y2, last_month, d2)
    elif y2 is not None:
        end = _valid_date(y2, last_month, d2)
        start = _day_on_or_before(first_month, d1, end) if end else None
    else:
        if y1 is not None:
            start = _valid_date(y1, first_month, d1)
        elif ctx.published is not None:
            start = _day_near(first_month, d1, ctx.published, ctx.tense)
        else:
            return None
        end = _day_on_or_after(last_month, d2, start) if start else None
    if start is None or end is None or end < start:
        return None
    return _Resolved(start, "day", end)


def _weekday_range_patterns(p: _Pieces) -> tuple[str, ...]:
    """from Monday to Wednesday; between Friday and Sunday."""
    return p.ranges(p.weekday("w1"), p.weekday("w2"), opener_required=False, lead=p.day_lead)


def _resolve_weekday_range(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    if ctx.published is None:
        return None
    first, last = ctx.lexicon.weekday(m["w1"]), ctx.lexicon.weekday(m["w2"])
    start = _weekday_near(first, ctx.published, ctx.tense)
    return _Resolved(start, "day", start + timedelta(days=(last - first) % 7 or 7))


def _month_range_patterns(p: _Pieces) -> tuple[str, ...]:
    """between March and May; from December 2020 to February 2021."""
    first = rf"{p.month('m1')}(?:\s+{p.year('y1')})?"
    last = rf"{p.month('m2')}(?:\s+{p.year('y2')})?"
    return p.ranges(first, last, opener_required=True)


def _resolve_month_range(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    first, last = ctx.lexicon.month(m["m1"]), ctx.lexicon.month(m["m2"])
    y1, y2 = _year(m["y1"]), _year(m["y2"])
    if y1 is not None and y2 is not None:
        start, end = date(y1, first, 1), date(y2, last, 1)
    elif y2 is not None:
        end = date(y2, last, 1)
        start = _month_on_or_before(first, end)
    else:
        if y1 is not None:
            start = date(y1, first, 1)
        elif ctx.published is not None:
            start = _month_near(first, ctx.published, ctx.tense)
        else:
            return None
        end = _month_on_or_after(last, start)
    return _Resolved(start, "month", end) if start <= end else None


def _year_range_patterns(p: _Pieces) -> tuple[str, ...]:
    """from 2019 to 2021; between 2014 and 2016."""
    return p.ranges(p.year("y1"), p.year("y2"), opener_required=True)


def _resolve_year_range(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    first, last = int(m["y1"]), int(m["y2"])
    return _Resolved(date(first, 1, 1), "year", date(last, 1, 1)) if first <= last else None


def _date_patterns(p: _Pieces) -> tuple[str, ...]:
    """June 16; on Sunday, June 20, 2021; 16 June; the 16th of June 2021; the sixteenth of June."""
    lead = p.day_lead + p.weekday_prefix
    year = rf"(?:,?\s+{p.year('y')})?"
    return (
        rf"{_B}{lead}{p.month_any('m')}\s+{p.day('d')}{year}{_E}",
        rf"{_B}{lead}(?:the\s+)?{p.day('d')}(?:\s+of)?\s+{p.month_any('m')}{year}{_E}",
        rf"{_B}{lead}the\s+{p.words('o', p.lexicon.ordinals)}\s+of\s+{p.month_any('m')}{year}{_E}",
    )


def _resolve_date(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    groups = m.groupdict()
    month = ctx.lexicon.month(m["m"])
    day = ctx.lexicon.day(groups.get("d"), groups.get("o"))
    year = _year(m["y"])
    if year is not None:
        found = _valid_date(year, month, day)
    elif ctx.published is not None:
        found = _day_near(month, day, ctx.published, ctx.tense)
    else:
        return None
    return _Resolved(found, "day") if found else None


def _weekday_patterns(p: _Pieces) -> tuple[str, ...]:
    """on Sunday; last Tuesday; next Monday; late on Sunday night; on Tuesday last week."""
    determiners = p.lexicon.determiners
    return (
        rf"{_B}{p.day_lead}(?:{p.words('det', determiners)}\s+)?{p.weekday('w')}"
        rf"(?:\s+(?:{_words(p.lexicon.dayparts)}))?"
        rf"(?:\s+{p.words('week', determiners)}\s+week)?{_E}",
    )


def _resolve_weekday(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    if ctx.published is None:
        return None
    weekday = ctx.lexicon.weekday(m["w"])
    if m["week"]:
        monday = _week(ctx.published, ctx.lexicon.offset(m["week"])).value
        return _Resolved(monday + timedelta(days=weekday), "day")
    if m["det"] and _after_the(m):
        return None  # "the next Monday": relative to another event
    offset = ctx.lexicon.offset(m["det"]) if m["det"] else 0
    if offset < 0:
        return _Resolved(_weekday_near(weekday, ctx.published, "past", strict=True), "day")
    if offset > 0:
        return _Resolved(_weekday_near(weekday, ctx.published, "future", strict=True), "day")
    return _Resolved(_weekday_near(weekday, ctx.published, ctx.tense), "day")


def _relative_day_patterns(p: _Pieces) -> tuple[str, ...]:
    """today; tonight; yesterday morning; late last night; the day after tomorrow."""
    return (
        rf"{_B}{p.day_lead}{p.words('rel', p.lexicon.relative_days)}"
        rf"(?:\s+(?:{_words(p.lexicon.dayparts)}))?{_E}",
    )


def _resolve_relative_day(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    if ctx.published is None:
        return None
    days = ctx.lexicon.relative_days[" ".join(m["rel"].lower().split())]
    return _Resolved(ctx.published + timedelta(days=days), "day")


def _ago_patterns(p: _Pieces) -> tuple[str, ...]:
    """two days ago; three weeks ago; a month ago; 10 years ago."""
    return (
        rf"{_B}(?P<n>{_words(p.lexicon.numbers)}|\d{{1,3}})\s+"
        rf"{p.words('unit', p.lexicon.units)}\s+ago{_E}",
    )


def _resolve_ago(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    if ctx.published is None:
        return None
    count = ctx.lexicon.count(m["n"])
    unit = ctx.lexicon.units[m["unit"].lower()]
    published = ctx.published
    if unit == "day":
        return _Resolved(published - timedelta(days=count), "day")
    if unit == "week":
        return _week(published, -count)
    if unit == "month":
        return _Resolved(_shift_months(published.replace(day=1), -count), "month")
    return _Resolved(date(published.year - count, 1, 1), "year")


def _relative_period_patterns(p: _Pieces) -> tuple[str, ...]:
    """last week; earlier this month; since last year; by next year."""
    return (
        rf"{_B}(?:(?:{_words(p.lexicon.month_prepositions)})\s+)?(?:{p.modifier})?"
        rf"{p.words('det', p.lexicon.determiners)}\s+(?P<unit>week|month|year){_E}",
    )


def _resolve_relative_period(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    if ctx.published is None or _after_the(m):
        return None
    offset = ctx.lexicon.offset(m["det"])
    unit = m["unit"].lower()
    if unit == "week":
        return _week(ctx.published, offset)
    if unit == "month":
        return _Resolved(_shift_months(ctx.published.replace(day=1), offset), "month")
    return _Resolved(date(ctx.published.year + offset, 1, 1), "year")


def _weekend_patterns(p: _Pieces) -> tuple[str, ...]:
    """over the weekend; last weekend; this coming weekend."""
    determiners = ["the", *p.lexicon.determiners]
    return (
        rf"{_B}(?:(?:over|during|at|on|for|by|until|since)\s+)?"
        rf"{p.words('det', determiners)}\s+weekend{_E}",
    )


def _resolve_weekend(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    if ctx.published is None:
        return None
    published = ctx.published
    determiner = " ".join(m["det"].lower().split())
    offset = 0 if determiner == "the" else ctx.lexicon.offset(determiner)
    if offset < 0:  # the weekend whose Sunday is before publication
        sunday = published - timedelta(days=(published.weekday() - 6) % 7 or 7)
        return _weekend(sunday - timedelta(days=1))
    if offset > 0:  # the weekend whose Saturday is after publication
        return _weekend(published + timedelta(days=(5 - published.weekday()) % 7 or 7))
    before = -((published.weekday() - 5) % 7)  # Saturday on or before publication
    after = (6 - published.weekday()) % 7 - 1  # Saturday of the weekend not yet over
    return _weekend(published + timedelta(days=_pick(before, after, ctx.tense)))


def _month_patterns(p: _Pieces) -> tuple[str, ...]:
    """in March; in the month of March; last March; early March; November last; March 2021."""
    prepositions = _words(p.lexicon.month_prepositions)
    determiners = p.lexicon.determiners
    lead = (
        rf"(?:(?P<prep>{prepositions})\s+)?(?P<of>the\s+month\s+of\s+)?"
        rf"(?P<mod>{p.modifier})?(?:{p.words('det', determiners)}\s+)?"
    )
    tail = (
        rf"(?:\s+(?:of\s+)?{p.year('y')}"
        rf"|\s+{p.words('tail', determiners)}\s+year"
        rf"|\s+(?P<last>last)(?!\s*\w)"
        r"|(?!\s+\d))"  # "of May 5" is a day, not a month
    )
    return (
        rf"{_B}{lead}{p.month('m')}{tail}{_E}",
        rf"{_B}(?:(?P<prep>{prepositions})\s+)?(?P<mod>{p.modifier})?"
        rf"{p.month_any('m')}\s+(?:of\s+)?{p.year('y')}{_E}",
    )


def _resolve_month(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    groups = m.groupdict()
    if not any(groups.get(key) for key in ("prep", "of", "mod", "det", "y", "tail", "last")):
        return None  # a bare "May" or "March" may be a verb or a name
    month = ctx.lexicon.month(m["m"])
    if m["y"]:
        return _Resolved(date(int(m["y"]), month, 1), "month")
    published = ctx.published
    if published is None:
        return None
    if groups.get("tail"):
        return _Resolved(date(published.year + ctx.lexicon.offset(m["tail"]), month, 1), "month")
    if groups.get("last"):
        offset: int | None = -1
    else:
        offset = ctx.lexicon.offset(m["det"]) if groups.get("det") else None
    if offset is None:
        return _Resolved(_month_near(month, published, ctx.tense), "month")
    if offset < 0:
        return _Resolved(_month_near(month, published, "past", strict=True), "month")
    if offset > 0:
        return _Resolved(_month_near(month, published, "future", strict=True), "month")
    return _Resolved(date(published.year, month, 1), "month")


def _year_patterns(p: _Pieces) -> tuple[str, ...]:
    """in 2019; since 2014; in early 2019; mid-2019."""
    return (
        rf"{_B}(?:(?P<prep>{_words(p.lexicon.year_prepositions)})\s+(?:the\s+year\s+)?)?"
        rf"(?P<mod>{p.modifier})?{p.year('y')}{_E}",
    )


def _resolve_year(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    if not (m["prep"] or m["mod"]):
        return None  # "the 2021 election", "2021 people": not clearly a year
    return _Resolved(date(int(m["y"]), 1, 1), "year")


_Resolver = Callable[[re.Match[str], _Context], _Resolved | None]

#: The expression families: name, pattern builder, resolver. Order breaks ties between
#: equally long matches.
_FAMILIES: tuple[tuple[str, Callable[[_Pieces], tuple[str, ...]], _Resolver], ...] = (
    ("iso", _iso_patterns, _resolve_iso),
    ("slashed", _slashed_patterns, _resolve_slashed),
    ("day_range", _day_range_patterns, _resolve_day_range),
    ("weekday_range", _weekday_range_patterns, _resolve_weekday_range),
    ("month_range", _month_range_patterns, _resolve_month_range),
    ("year_range", _year_range_patterns, _resolve_year_range),
    ("date", _date_patterns, _resolve_date),
    ("weekday", _weekday_patterns, _resolve_weekday),
    ("relative_day", _relative_day_patterns, _resolve_relative_day),
    ("ago", _ago_patterns, _resolve_ago),
    ("relative_period", _relative_period_patterns, _resolve_relative_period),
    ("weekend", _weekend_patterns, _resolve_weekend),
    ("month", _month_patterns, _resolve_month),
    ("year", _year_patterns, _resolve_year),
)


# --------------------------------------------------------------------------- dispatcher


@dataclass(frozen=True, slots=True)
class _Family:
    name: str
    rank: int
    patterns: tuple[re.Pattern[str], ...]
    resolve: _Resolver
    #: The patterns none of whose matches lacks a digit (:func:`_needs_digit`): a text
    #: without one is not searched with them.
    with_digits: tuple[re.Pattern[str], ...] = ()
    without_digits: tuple[re.Pattern[str], ...] = ()
    #: Each pattern's screen (:func:`_required_words`): a text it finds nothing in is not
    #: searched with that pattern.
    screens: Mapping[re.Pattern[str], "_Screen | None"] = field(default_factory=dict)

    def __post_init__(self) -> None:
        digits = tuple(p for p in self.patterns if _needs_digit(p))
        object.__setattr__(self, "with_digits", digits)
        object.__setattr__(self, "without_digits", tuple(p for p in self.patterns if p not in digits))
        object.__setattr__(self, "screens", {p: _required_words(p) for p in self.patterns})


_DIGIT = re.compile(r"\d")


def _needs_digit(pattern: re.Pattern[str]) -> bool:
    """Whether every match of ``pattern`` holds a digit (``\\d``), read off its parse tree;
    ``False`` whenever that is not plain (lookarounds, backreferences, ...)."""
    from re import _constants as c, _parser  # type: ignore[attr-defined]

    def digit_class(items: list[tuple[Any, Any]]) -> bool:
        for op, av in items:
            if op is c.LITERAL:
                if not _DIGIT.fullmatch(chr(av)):
                    return False
            elif op is c.RANGE:
                if not (ord("0") <= av[0] <= av[1] <= ord("9")):
                    return False
            elif op is c.CATEGORY:
                if av is not c.CATEGORY_DIGIT:
                    return False
            else:  # NEGATE and anything else
                return False
        return bool(items)

    def seq(items: Iterable[tuple[Any, Any]]) -> bool:
        return any(one(op, av) for op, av in items)

    def one(op: Any, av: Any) -> bool:
        if op is c.LITERAL:
            return bool(_DIGIT.fullmatch(chr(av)))
        if op is c.IN:
            return digit_class(av)
        if op is c.BRANCH:
            return all(seq(branch) for branch in av[1])
        if op is c.SUBPATTERN:
            return seq(av[-1])
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            return av[0] >= 1 and seq(av[2])
        if op is c.ATOMIC_GROUP:
            return seq(av)
        return False

    try:
        return seq(_parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # a Python whose regex internals differ: search with every pattern
        return False


@dataclass(frozen=True, slots=True)
class _Grammar:
    lexicon: _Lexicon
    families: tuple[_Family, ...]
    #: Names that contain date words but are not dates ("USA Today", "Sunday Times").
    not_dates: re.Pattern[str]
    #: "A month later", "two days later", "the next day": after the event told before.
    later: re.Pattern[str]


@cache
def _grammar() -> _Grammar:
    lexicon = _load_lexicon()
    pieces = _Pieces(lexicon)
    families = tuple(
        _Family(name, rank, tuple(re.compile(p, re.IGNORECASE) for p in build(pieces)), resolve)
        for rank, (name, build, resolve) in enumerate(_FAMILIES)
    )
    not_dates = re.compile(rf"{_B}(?:{_words(lexicon.not_dates)}){_E}")
    return _Grammar(lexicon, families, not_dates, _later_pattern(lexicon))


def _candidates(text: str, families: tuple[_Family, ...]) -> list[tuple[re.Match[str], _Family]]:
    """Every match of every family, longest first, then leftmost, then by family rank.

    Throughput (issue 6): a pattern is searched only in a text that has a digit if all its
    matches have one, and one of the words all its matches have (its screen, a search of
    a few words where the pattern would try each of its optional prefixes at every
    character): most sentences name no month, weekday or "ago"."""
    digits = _DIGIT.search(text) is not None
    lowered = text.lower() if text.isascii() or _FOLDS_TO_ASCII.search(text) is None else None
    screened: dict[_Screen, bool] = {}
    found = []
    for f in families:
        for pattern in f.patterns if digits else f.without_digits:
            screen = f.screens.get(pattern)
            if screen is not None:
                hit = screened.get(screen)
                if hit is None:
                    hit = screened[screen] = screen.finds(text, lowered)
                if not hit:
                    continue
            found += [(m, f) for m in pattern.finditer(text)]
    return sorted(found, key=lambda c: (c[0].start() - c[0].end(), c[0].start(), c[1].rank))


#: The letters other than A-Z that a case-free search matches with one of A-Z ("İ", "ı",
#: "ſ" and the Kelvin sign, as the ``re`` docs list them): in a text with none of them, a
#: case-free search for an ASCII word finds what looking for it in ``text.lower()`` finds.
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")

#: The shortest word a screen may look for ("19" and "20" of a year): a single letter is
#: in every sentence.
_SCREEN_MIN = 2


def _required_words(pattern: re.Pattern[str]) -> "_Screen | None":
    """A search for words one of which every match of ``pattern`` contains, read off its
    parse tree (:func:`_sequence_words`), with the case rule they are read with. ``None``
    when there are none of at least :data:`_SCREEN_MIN` letters (or the tree is not plain).

    Screens are shared: patterns that require the same month names get one search."""
    from re import _parser  # type: ignore[attr-defined]

    try:
        top = list(_parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # a Python whose regex internals differ: no screen
        return None
    got = _sequence_words(top, bool(pattern.flags & re.IGNORECASE))
    if got is None:
        return None
    best, case_free = got
    # a text holding "twenty-first" holds "first": the shortest words do
    fewest = [w for w in best if not any(v != w and v in w for v in best)]
    return _screen(tuple(sorted(fewest, key=lambda w: (-len(w), w))), case_free)


_Words = tuple[frozenset[str], bool]


def _sequence_words(items: list[tuple[Any, Any]], ignore: bool) -> _Words | None:
    """Words one of which every match of the regex sequence ``items`` contains, and whether
    they are read ignoring case: the best of its runs of letters and of the words of the
    groups and alternations it requires (an alternation's are the union of each
    alternative's own). Names read as written (months, weekdays) are preferred, the
    cheapest to look for and the rarest, then the longest words."""
    from re import _constants as c  # type: ignore[attr-defined]

    options: list[_Words] = []
    run: list[str] = []
    for op, av in [*items, (None, None)]:
        if op is c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            options.append((frozenset({"".join(run)}), ignore))
            run = []
        if op is c.SUBPATTERN:
            _group, add, drop, inner = av
            inner_ignore = (ignore or bool(add & re.IGNORECASE)) and not drop & re.IGNORECASE
            if (got := _sequence_words(list(inner), inner_ignore)) is not None:
                options.append(got)
        elif op is c.BRANCH:
            alternatives = [_sequence_words(list(branch), ignore) for branch in av[1]]
            if all(a is not None for a in alternatives):
                # a word read as written is also found ignoring case
                case_free = any(a[1] for a in alternatives)  # type: ignore[index]
                union = {w.lower() if case_free and w.isascii() else w for a in alternatives for w in a[0]}  # type: ignore[index]
                options.append((frozenset(union), case_free))
    options = [o for o in options if min(map(len, o[0])) >= _SCREEN_MIN]
    if not options:
        return None
    best, case_free = max(options, key=lambda o: (not o[1], min(map(len, o[0]))))
    if case_free:
        best = frozenset(w.lower() if w.isascii() else w for w in best)
    return best, case_free


@dataclass(frozen=True, slots=True, eq=False)
class _Screen:
    """Words one of which a text must hold (:func:`_required_words`). One per set of
    words (:func:`_screen`), so compared and hashed as itself, not by its fields."""

    words: tuple[str, ...]
    #: whether the words are read ignoring case, as the pattern reads them
    case_free: bool
    #: the words as a search, read as the pattern reads them
    search: re.Pattern[str]
    #: whether the words are ASCII: then, in an ASCII text, ignoring case is lower case
    ascii: bool

    @property
    def pattern(self) -> str:
        return self.search.pattern

    def finds(self, text: str, lowered: str | None) -> bool:
        """Whether ``text`` holds one of the words; ``lowered`` is ``text`` in lower case
        when ignoring case is comparing lower case (:data:`_FOLDS_TO_ASCII`), else ``None``."""
        if self.case_free and lowered is not None and self.ascii:
            return any(w in lowered for w in self.words)
        # names as written: one search, which skips the places no name starts at (issue 6)
        return self.search.search(text) is not None


@lru_cache(maxsize=None)
def _screen(words: tuple[str, ...], case_free: bool) -> _Screen:
    """One screen for each set of words (patterns share them); ``words`` in lower case
    when ``case_free``."""
    search = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE if case_free else 0)
    return _Screen(words, case_free, search, all(w.isascii() for w in words))


def _resolve(family: _Family, match: re.Match[str], context: _Context) -> _Resolved | None:
    try:
        return family.resolve(match, context)
    except (ValueError, OverflowError, KeyError):
        return None  # out-of-range arithmetic near date.min/max, or a word missing from the lexicon

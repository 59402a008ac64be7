"""Integrity and key-case tests for the curated table of office-holders.

The table (``src/detente/data/actors/leaders.csv``) overrides the open-ended roles
of the Phoenix dictionaries: an actor is coded with the role they held *on the
article's date*. These tests read the shipped file only; they never touch shared/.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from importlib.resources import files

import pytest

COLUMNS = ["name", "aliases", "country", "code", "role", "start", "end", "source"]
ROLES = {
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "defence_minister",
    "vice_president",
    "ambassador",
    "attorney_general",
    "finance_minister",
    "national_security_adviser",
    # US officials and legislators the news names most (LEG, JUD, COP codes)
    "legislator",
    "fbi_director",
    "special_counsel",
    "white_house_official",
}
G20 = "ARG AUS BRA CAN CHN FRA DEU IND IDN ITA JPN MEX RUS SAU ZAF KOR TUR GBR USA".split()
IGO_CODES = {"IGOUNO", "IGOWSTNAT", "IGOEUREEC"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True)
class Term:
    """One row of the table, typed."""

    name: str
    aliases: tuple[str, ...]
    country: str
    code: str
    role: str
    start: date
    end: date | None
    source: str

    def covers(self, day: date) -> bool:
        """True if the term includes ``day`` (start and end days both count)."""
        return self.start <= day and (self.end is None or day <= self.end)


def _read_text() -> str:
    resource = files("detente") / "data" / "actors" / "leaders.csv"
    return resource.read_text(encoding="utf-8")


def _raw_rows() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_read_text(), newline="")))


def _term(row: dict[str, str]) -> Term:
    return Term(
        name=row["name"],
        aliases=tuple(a for a in row["aliases"].split(";") if a),
        country=row["country"],
        code=row["code"],
        role=row["role"],
        start=date.fromisoformat(row["start"]),
        end=date.fromisoformat(row["end"]) if row["end"] else None,
        source=row["source"],
    )


@pytest.fixture(scope="module")
def terms() -> list[Term]:
    return [_term(row) for row in _raw_rows()]


def holders(terms: list[Term], code: str, role: str, day: date) -> list[str]:
    """Names of those holding ``role`` under actor ``code`` on ``day``."""
    return sorted({t.name for t in terms if t.code == code and t.role == role and t.covers(day)})


def roles_of(terms: list[Term], name: str, day: date) -> set[tuple[str, str]]:
    """(code, role) pairs ``name`` held on ``day``; empty when out of office."""
    return {(t.code, t.role) for t in terms if t.name == name and t.covers(day)}


# --- format -----------------------------------------------------------------


def test_header_is_exactly_the_documented_columns() -> None:
    header = next(csv.reader(io.StringIO(_read_text())))
    assert header == COLUMNS


def test_every_row_has_every_column_and_no_stray_cells() -> None:
    for number, row in enumerate(_raw_rows(), start=2):
        assert None not in row, f"line {number}: too many cells"
        assert all(row[c] is not None for c in COLUMNS), f"line {number}: missing cells"
        for column in ("name", "code", "role", "start", "source"):
            assert row[column].strip(), f"line {number}: empty {column}"
        assert row["name"] == row["name"].strip()


def test_dates_are_iso_and_start_not_after_end() -> None:
    for number, row in enumerate(_raw_rows(), start=2):
        assert ISO_DATE.match(row["start"]), f"line {number}: start {row['start']!r}"
        start = date.fromisoformat(row["start"])
        if row["end"]:
            assert ISO_DATE.match(row["end"]), f"line {number}: end {row['end']!r}"
            assert start <= date.fromisoformat(row["end"]), f"line {number}: start after end"
        assert start <= date(2026, 12, 31), f"line {number}: start in the future"


def test_roles_are_from_the_documented_set(terms: list[Term]) -> None:
    assert {t.role for t in terms} <= ROLES


def test_country_codes_are_three_uppercase_letters_or_empty_for_igos(terms: list[Term]) -> None:
    for t in terms:
        if t.country:
            assert re.fullmatch(r"[A-Z]{3}", t.country), t
        else:
            assert t.code in IGO_CODES, f"{t.name}: empty country needs an IGO code"


def test_code_starts_with_the_country_and_has_a_known_sector(terms: list[Term]) -> None:
    for t in terms:
        assert re.fullmatch(r"(?:[A-Z]{3})+", t.code), t
        if t.country:
            assert t.code in {f"{t.country}{s}" for s in ("GOV", "MIL", "LEG", "JUD", "COP")}, t
        else:
            assert t.code.startswith("IGO"), t


def test_aliases_are_clean(terms: list[Term]) -> None:
    for t in terms:
        assert len(set(t.aliases)) == len(t.aliases), f"{t.name}: duplicate alias"
        assert t.name not in t.aliases, f"{t.name}: name repeated as alias"
        for alias in t.aliases:
            assert alias == alias.strip() and alias, f"{t.name}: blank alias"


def test_one_person_has_the_same_aliases_on_every_row(terms: list[Term]) -> None:
    seen: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for t in terms:
        seen[t.name].add(t.aliases)
    # A person may gain a title alias in one office (Lord Cameron); at most two spellings.
    assert all(len(v) <= 2 for v in seen.values()), {k: v for k, v in seen.items() if len(v) > 2}


def test_no_alias_points_to_two_people(terms: list[Term]) -> None:
    """A bare surname or a short form must be unmistakable: one person only."""
    owners: dict[str, set[str]] = defaultdict(set)
    for t in terms:
        for form in (t.name, *t.aliases):
            owners[form.casefold()].add(t.name)
    clashes = {form: names for form, names in owners.items() if len(names) > 1}
    assert not clashes


def test_single_word_aliases_are_rare(terms: list[Term]) -> None:
    """Bare names are kept for unmistakable leaders only, not for every minister."""
    bare = {a for t in terms for a in t.aliases if " " not in a and "-" not in a}
    people = {t.name for t in terms}
    assert len(bare) < len(people) / 3


# --- consistency ------------------------------------------------------------


def test_no_overlapping_terms_for_the_same_person_and_role(terms: list[Term]) -> None:
    by_key: dict[tuple[str, str, str], list[Term]] = defaultdict(list)
    for t in terms:
        by_key[(t.name, t.code, t.role)].append(t)
    for key, group in by_key.items():
        group.sort(key=lambda t: t.start)
        for before, after in zip(group, group[1:]):
            assert before.end is not None, f"{key}: open term followed by another"
            assert after.start >= before.end, (
                f"{key}: {before.start}..{before.end} overlaps {after.start}"
            )


@pytest.mark.parametrize(
    "role", ["head_of_state", "head_of_government", "foreign_minister", "defence_minister"]
)
def test_one_holder_per_office_except_on_handover_day(terms: list[Term], role: str) -> None:
    by_office: dict[str, list[Term]] = defaultdict(list)
    for t in terms:
        if t.role == role:
            by_office[t.code].append(t)
    for code, group in by_office.items():
        group.sort(key=lambda t: t.start)
        for before, after in zip(group, group[1:]):
            assert before.end is not None and after.start >= before.end, (
                f"{code} {role}: {before.name} and {after.name} overlap"
            )


def test_every_row_cites_a_source(terms: list[Term]) -> None:
    assert all(len(t.source) > 10 for t in terms)


# --- key cases ----------------------------------------------------------------


def _only(terms: list[Term], name: str, role: str, start: str) -> Term:
    day = date.fromisoformat(start)
    matches = [t for t in terms if t.name == name and t.role == role and t.start == day]
    assert len(matches) == 1, (name, role, start, matches)
    return matches[0]


@pytest.mark.parametrize(
    ("name", "role", "start", "end"),
    [
        ("Joe Biden", "vice_president", "2009-01-20", "2017-01-20"),
        ("Joe Biden", "head_of_state", "2021-01-20", "2025-01-20"),
        ("Donald Trump", "head_of_state", "2017-01-20", "2021-01-20"),
        ("Donald Trump", "head_of_state", "2025-01-20", ""),
        ("Antony Blinken", "foreign_minister", "2021-01-26", "2025-01-20"),
        ("Mike Pompeo", "foreign_minister", "2018-04-26", "2021-01-20"),
    ],
)
def test_key_us_terms(terms: list[Term], name: str, role: str, start: str, end: str) -> None:
    term = _only(terms, name, role, start)
    assert term.code == "USAGOV" and term.country == "USA"
    assert term.end == (date.fromisoformat(end) if end else None)


def test_putin_and_lavrov_are_in_office_from_their_start_dates(terms: list[Term]) -> None:
    putin = _only(terms, "Vladimir Putin", "head_of_state", "2012-05-07")
    assert (putin.code, putin.end) == ("RUSGOV", None)
    assert "Putin" in putin.aliases
    lavrov = _only(terms, "Sergey Lavrov", "foreign_minister", "2004-03-09")
    assert (lavrov.code, lavrov.end) == ("RUSGOV", None)
    assert {"Sergei Lavrov", "Lavrov"} <= set(lavrov.aliases)


def test_biden_is_not_government_in_2019_the_bug_this_table_fixes(terms: list[Term]) -> None:
    assert roles_of(terms, "Joe Biden", date(2019, 6, 1)) == set()
    assert roles_of(terms, "Joe Biden", date(2014, 6, 1)) == {("USAGOV", "vice_president")}
    assert roles_of(terms, "Joe Biden", date(2021, 6, 16)) == {("USAGOV", "head_of_state")}


def test_the_founding_article_actors_on_its_dates(terms: list[Term]) -> None:
    """'On June 16, Russian President Vladimir Putin and US President Joe Biden met in Geneva.'"""
    summit = date(2021, 6, 16)
    assert holders(terms, "RUSGOV", "head_of_state", summit) == ["Vladimir Putin"]
    assert holders(terms, "USAGOV", "head_of_state", summit) == ["Joe Biden"]
    # Antonov is not in the table on purpose: the article's apposition
    # ("Russia's ambassador to the US, Anatoly Antonov") is what codes him.
    assert roles_of(terms, "Anatoly Antonov", date(2021, 6, 20)) == set()
    # '... in favor of former President Donald Trump': out of office in June 2021.
    assert roles_of(terms, "Donald Trump", summit) == set()


def test_handover_day_matches_both_and_the_later_start_is_the_new_holder(terms: list[Term]) -> None:
    inauguration = date(2017, 1, 20)
    both = [
        t
        for t in terms
        if t.code == "USAGOV" and t.role == "head_of_state" and t.covers(inauguration)
    ]
    assert {t.name for t in both} == {"Barack Obama", "Donald Trump"}
    assert max(both, key=lambda t: t.start).name == "Donald Trump"


@pytest.mark.parametrize(
    ("code", "role", "day", "expected"),
    [
        ("GBRGOV", "head_of_government", "2019-03-01", "Theresa May"),
        ("DEUGOV", "head_of_government", "2023-05-01", "Olaf Scholz"),
        ("UKRGOV", "head_of_state", "2022-03-01", "Volodymyr Zelenskyy"),
        ("CHNGOV", "foreign_minister", "2023-05-01", "Qin Gang"),
        ("ISRGOV", "head_of_government", "2022-01-10", "Naftali Bennett"),
        ("IRNGOV", "head_of_government", "2022-09-20", "Ebrahim Raisi"),
        ("IGOUNO", "head_of_government", "2020-04-01", "António Guterres"),
        ("IGOWSTNAT", "head_of_government", "2022-06-29", "Jens Stoltenberg"),
        ("IGOEUREEC", "head_of_government", "2023-01-01", "Ursula von der Leyen"),
    ],
)
def test_who_held_office_on_a_date(
    terms: list[Term], code: str, role: str, day: str, expected: str
) -> None:
    assert holders(terms, code, role, date.fromisoformat(day)) == [expected]


def test_an_office_can_be_vacant(terms: list[Term]) -> None:
    """Acting holders of a few days are left out: no row rather than a guessed one."""
    assert holders(terms, "USAGOV", "foreign_minister", date(2018, 4, 10)) == []


# --- coverage -----------------------------------------------------------------


@pytest.mark.parametrize("country", G20)
def test_every_g20_state_has_a_leader_on_the_summit_date(terms: list[Term], country: str) -> None:
    summit = date(2021, 6, 16)
    leaders = [
        t
        for t in terms
        if t.country == country
        and t.role in {"head_of_state", "head_of_government"}
        and t.covers(summit)
    ]
    assert leaders, f"{country}: no head of state or government on {summit}"


@pytest.mark.parametrize("country", G20)
def test_every_g20_state_has_foreign_minister_rows(terms: list[Term], country: str) -> None:
    assert any(t.country == country and t.role == "foreign_minister" for t in terms)


def test_coverage_is_broad(terms: list[Term]) -> None:
    countries = {t.country for t in terms if t.country}
    assert len(countries) >= 60
    assert {"UKR", "ISR", "IRN", "PRK", "SYR", "POL", "ESP", "TWN"} <= countries

"""The ``when`` stage: temporal expressions in news sentences, resolved against publication."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from case_files import case_params

from detente.stages.when import TimeExpr, find_dates

SUNDAY = date(2021, 6, 20)  # publication date of most cases: a Sunday
NEW_YEAR = date(2021, 1, 5)  # a Tuesday, for year rollovers

D = date


def only(sentence: str, published: date | None, tense: str = "past") -> TimeExpr:
    """The one expression ``find_dates`` finds in ``sentence``."""
    found = find_dates(sentence, published, tense=tense)  # type: ignore[arg-type]
    assert len(found) == 1, found
    return found[0]


# sentence, tense, expected text, value, precision, end_value -- all published on SUNDAY
CASES_SUNDAY = [
    # weekdays
    ("Blinken was returning to Washington on Sunday after the talks.", "past",
     "on Sunday", D(2021, 6, 20), "day", None),
    ("The foreign ministers met on Friday in Geneva.", "past",
     "on Friday", D(2021, 6, 18), "day", None),
    ("Lavrov told reporters Tuesday that Moscow would not back down.", "past",
     "Tuesday", D(2021, 6, 15), "day", None),
    ("Talks on the nuclear deal will begin on Monday in Vienna.", "future",
     "on Monday", D(2021, 6, 21), "day", None),
    ("The Iranian delegation will arrive on Sunday.", "future",
     "on Sunday", D(2021, 6, 20), "day", None),
    ("Russia expelled two Bulgarian diplomats last Tuesday.", "past",
     "last Tuesday", D(2021, 6, 15), "day", None),
    ("Biden will meet Zelensky in Washington next Monday.", "future",
     "next Monday", D(2021, 6, 21), "day", None),
    ("The envoy is expected to visit Kyiv this Friday.", "future",
     "this Friday", D(2021, 6, 25), "day", None),
    ("Separatists resumed shelling late on Saturday night near Donetsk.", "past",
     "late on Saturday night", D(2021, 6, 19), "day", None),
    ("Police clashed with protesters on Sunday night in Minsk.", "past",
     "on Sunday night", D(2021, 6, 20), "day", None),
    ("The minister said on Tuesday last week that sanctions would follow.", "past",
     "on Tuesday last week", D(2021, 6, 8), "day", None),
    ("Opposition supporters rallied again this past Saturday.", "past",
     "this past Saturday", D(2021, 6, 19), "day", None),
    ("Putin meets Erdogan in Sochi on Wednesday.", "present",
     "on Wednesday", D(2021, 6, 23), "day", None),
    ("Lavrov arrives in Ankara on Friday, the ministry says.", "present",
     "on Friday", D(2021, 6, 18), "day", None),
    # named days
    ("Ukraine said today that it had closed its airspace.", "past",
     "today", D(2021, 6, 20), "day", None),
    ("A car bomb exploded yesterday outside the ministry in Kabul.", "past",
     "yesterday", D(2021, 6, 19), "day", None),
    ("NATO leaders will gather tomorrow in Brussels.", "future",
     "tomorrow", D(2021, 6, 21), "day", None),
    ("The Security Council meets tonight in emergency session.", "present",
     "tonight", D(2021, 6, 20), "day", None),
    ("Explosions were heard late last night across Gaza City.", "past",
     "late last night", D(2021, 6, 19), "day", None),
    ("Armenian troops withdrew yesterday morning from the border.", "past",
     "yesterday morning", D(2021, 6, 19), "day", None),
    ("The two sides exchanged prisoners the day before yesterday.", "past",
     "the day before yesterday", D(2021, 6, 18), "day", None),
    # explicit dates
    ("On June 16, Putin and Biden met in Geneva.", "past",
     "On June 16", D(2021, 6, 16), "day", None),
    ("Putin and Biden met on 16 June at a lakeside villa.", "past",
     "on 16 June", D(2021, 6, 16), "day", None),
    ("The statement was signed June 16, 2021, in Geneva.", "past",
     "June 16, 2021", D(2021, 6, 16), "day", None),
    ("The summit took place on the 16th of June 2021.", "past",
     "on the 16th of June 2021", D(2021, 6, 16), "day", None),
    ("A note dated 2021-06-16 was handed to the ambassador.", "past",
     "2021-06-16", D(2021, 6, 16), "day", None),
    ("The memo, dated 6/16/2021, called for new sanctions.", "past",
     "6/16/2021", D(2021, 6, 16), "day", None),
    ("The truce agreed on 16/6/2021 collapsed within hours.", "past",
     "on 16/6/2021", D(2021, 6, 16), "day", None),
    ("On Jan. 6, rioters stormed the Capitol.", "past",
     "On Jan. 6", D(2021, 1, 6), "day", None),
    ("On Wednesday, June 16, the two presidents met for four hours.", "past",
     "On Wednesday, June 16", D(2021, 6, 16), "day", None),
    ("The talks opened on the sixteenth of June.", "past",
     "on the sixteenth of June", D(2021, 6, 16), "day", None),
    ("Iran held its last presidential vote on June 25.", "past",
     "on June 25", D(2020, 6, 25), "day", None),
    ("Armenia will hold snap elections on June 27.", "future",
     "on June 27", D(2021, 6, 27), "day", None),
    ("The talks will resume on June 14.", "future",
     "on June 14", D(2022, 6, 14), "day", None),
    ("The court annulled the decision of May 5 on procedural grounds.", "past",
     "May 5", D(2021, 5, 5), "day", None),
    ("RUSSIA LAUNCHES AIR STRIKES IN IDLIB ON SUNDAY", "past",
     "ON SUNDAY", D(2021, 6, 20), "day", None),
    # months
    ("Blinken spoke with Lavrov in the month of March.", "past",
     "in the month of March", D(2021, 3, 1), "month", None),
    ("Moscow recalled its ambassador in March.", "past",
     "in March", D(2021, 3, 1), "month", None),
    ("The new sanctions will take effect in March.", "future",
     "in March", D(2022, 3, 1), "month", None),
    ("The two leaders last met in November last.", "past",
     "in November last", D(2020, 11, 1), "month", None),
    ("Armenia and Azerbaijan agreed a truce in November last year.", "past",
     "in November last year", D(2020, 11, 1), "month", None),
    ("Navalny returned to Moscow last January.", "past",
     "last January", D(2021, 1, 1), "month", None),
    ("Turkey will hold talks with Greece next March.", "future",
     "next March", D(2022, 3, 1), "month", None),
    ("Protests spread across Myanmar in early March.", "past",
     "in early March", D(2021, 3, 1), "month", None),
    ("The junta cut mobile internet access in mid-April.", "past",
     "in mid-April", D(2021, 4, 1), "month", None),
    ("Israel and Hamas agreed a ceasefire in May after 11 days of fighting.", "past",
     "in May", D(2021, 5, 1), "month", None),
    ("Troops must leave the country by May, the agreement says.", "future",
     "by May", D(2022, 5, 1), "month", None),
    ("EU foreign ministers meet in September to review the sanctions.", "present",
     "in September", D(2021, 9, 1), "month", None),
    ("Washington imposed sanctions on Moscow in April 2021.", "past",
     "in April 2021", D(2021, 4, 1), "month", None),
    ("Diplomats expelled in Sept. 2020 have not returned.", "past",
     "in Sept. 2020", D(2020, 9, 1), "month", None),
    # years
    ("Russia annexed Crimea in 2014.", "past",
     "in 2014", D(2014, 1, 1), "year", None),
    ("The conflict has killed 14,000 people since 2014.", "past",
     "since 2014", D(2014, 1, 1), "year", None),
    ("The border was closed in early 2020.", "past",
     "in early 2020", D(2020, 1, 1), "year", None),
    ("Protests erupted in Belarus last year.", "past",
     "last year", D(2020, 1, 1), "year", None),
    ("Exports to China fell sharply earlier this year.", "past",
     "earlier this year", D(2021, 1, 1), "year", None),
    ("Germany will hold a general election later this year.", "future",
     "later this year", D(2021, 1, 1), "year", None),
    ("NATO will hold its next summit in Madrid next year.", "future",
     "next year", D(2022, 1, 1), "year", None),
    ("The two countries restored ties two years ago.", "past",
     "two years ago", D(2019, 1, 1), "year", None),
    # weeks, months, days back
    ("Ankara recalled its ambassador last week.", "past",
     "last week", D(2021, 6, 7), "day", D(2021, 6, 13)),
    ("Negotiators met three times this week in Vienna.", "past",
     "this week", D(2021, 6, 14), "day", D(2021, 6, 20)),
    ("The ministers will meet again next week.", "future",
     "next week", D(2021, 6, 21), "day", D(2021, 6, 27)),
    ("Hungary vetoed the statement earlier this week.", "past",
     "earlier this week", D(2021, 6, 14), "day", D(2021, 6, 20)),
    ("The activist was detained three weeks ago in Minsk.", "past",
     "three weeks ago", D(2021, 5, 24), "day", D(2021, 5, 30)),
    ("Belarus forced a Ryanair jet to land last month.", "past",
     "last month", D(2021, 5, 1), "month", None),
    ("Fighting has intensified earlier this month in Tigray.", "past",
     "earlier this month", D(2021, 6, 1), "month", None),
    ("The visit will take place next month.", "future",
     "next month", D(2021, 7, 1), "month", None),
    ("The ambassador was summoned a month ago.", "past",
     "a month ago", D(2021, 5, 1), "month", None),
    ("Rebels seized the town two days ago.", "past",
     "two days ago", D(2021, 6, 18), "day", None),
    ("The journalist was arrested 10 days ago.", "past",
     "10 days ago", D(2021, 6, 10), "day", None),
    ("Thousands marched in Yerevan over the weekend.", "past",
     "over the weekend", D(2021, 6, 19), "day", D(2021, 6, 20)),
    ("Militants attacked a checkpoint last weekend.", "past",
     "last weekend", D(2021, 6, 12), "day", D(2021, 6, 13)),
    ("The leaders will meet again next weekend.", "future",
     "next weekend", D(2021, 6, 26), "day", D(2021, 6, 27)),
    # ranges
    ("Exercises were held from June 14 to June 16 in the Black Sea.", "past",
     "from June 14 to June 16", D(2021, 6, 14), "day", D(2021, 6, 16)),
    ("Exercises were held from June 14 to 16 in the Black Sea.", "past",
     "from June 14 to 16", D(2021, 6, 14), "day", D(2021, 6, 16)),
    ("NATO ministers met in Brussels June 14-16.", "past",
     "June 14-16", D(2021, 6, 14), "day", D(2021, 6, 16)),
    ("The two presidents held talks in Geneva on June 16-17.", "past",
     "on June 16-17", D(2021, 6, 16), "day", D(2021, 6, 17)),
    ("The drills ran from 14 to 16 June off the coast.", "past",
     "from 14 to 16 June", D(2021, 6, 14), "day", D(2021, 6, 16)),
    ("Inspectors will visit the site from June 28 to July 2.", "future",
     "from June 28 to July 2", D(2021, 6, 28), "day", D(2021, 7, 2)),
    ("Protests continued between March and May.", "past",
     "between March and May", D(2021, 3, 1), "month", D(2021, 5, 1)),
    ("The blockade lasted from December 2020 to February 2021.", "past",
     "from December 2020 to February 2021", D(2020, 12, 1), "month", D(2021, 2, 1)),
    ("Talks will be held from Monday to Wednesday in Doha.", "future",
     "from Monday to Wednesday", D(2021, 6, 21), "day", D(2021, 6, 23)),
    ("Between 2014 and 2016 the rebels held the airport.", "past",
     "Between 2014 and 2016", D(2014, 1, 1), "year", D(2016, 1, 1)),
]


@pytest.mark.parametrize(
    ("sentence", "tense", "text", "value", "precision", "end_value"),
    CASES_SUNDAY,
    ids=[case[2] + "/" + case[1] for case in CASES_SUNDAY],
)
def test_resolves_against_a_sunday_publication(
    sentence: str, tense: str, text: str, value: date, precision: str, end_value: date | None
) -> None:
    found = only(sentence, SUNDAY, tense)
    assert (found.text, found.value, found.precision, found.end_value) == (
        text,
        value,
        precision,
        end_value,
    )
    assert sentence[found.start : found.end] == text


@pytest.mark.parametrize(
    ("sentence", "published", "tense", "value", "precision", "end_value"),
    [
        ("Armenia and Azerbaijan signed the truce in December.", NEW_YEAR, "past",
         D(2020, 12, 1), "month", None),
        ("The truce was signed on December 28 in Moscow.", NEW_YEAR, "past",
         D(2020, 12, 28), "day", None),
        ("Trade talks stalled last month.", NEW_YEAR, "past", D(2020, 12, 1), "month", None),
        ("Lukashenko reshuffled his cabinet last week.", NEW_YEAR, "past",
         D(2020, 12, 28), "day", D(2021, 1, 3)),
        ("The opposition leader was detained on Thursday.", NEW_YEAR, "past",
         D(2020, 12, 31), "day", None),
        ("The ceasefire held from December 28 to January 3.", NEW_YEAR, "past",
         D(2020, 12, 28), "day", D(2021, 1, 3)),
        ("The ministers met in the month of March.", D(2021, 2, 10), "past",
         D(2020, 3, 1), "month", None),
        ("Parliament will vote in March.", D(2021, 2, 10), "future", D(2021, 3, 1), "month", None),
        ("The border reopened yesterday.", D(2021, 1, 1), "past", D(2020, 12, 31), "day", None),
        ("Negotiators will return next week.", D(2021, 12, 29), "future",
         D(2022, 1, 3), "day", D(2022, 1, 9)),
        ("The embassy will reopen next month.", D(2021, 12, 15), "future",
         D(2022, 1, 1), "month", None),
        ("Turkey stopped the convoy last Friday.", D(2021, 1, 1), "past",
         D(2020, 12, 25), "day", None),
    ],
    ids=lambda value: str(value) if isinstance(value, date) else None,
)
def test_year_rollovers(
    sentence: str,
    published: date,
    tense: str,
    value: date,
    precision: str,
    end_value: date | None,
) -> None:
    found = only(sentence, published, tense)
    assert (found.value, found.precision, found.end_value) == (value, precision, end_value)


@pytest.mark.parametrize(
    ("sentence", "published", "tense", "value"),
    [
        ("The referendum was held on February 29.", SUNDAY, "past", D(2020, 2, 29)),
        ("The referendum will be held on February 29.", SUNDAY, "future", D(2024, 2, 29)),
        ("Troops crossed the border yesterday.", D(2024, 3, 1), "past", D(2024, 2, 29)),
        ("Troops crossed the border two days ago.", D(2020, 3, 1), "past", D(2020, 2, 28)),
        ("Talks were held on February 29, 2020, in Doha.", None, "past", D(2020, 2, 29)),
        ("The deal was signed on 29 February 2000.", None, "past", D(2000, 2, 29)),
    ],
)
def test_leap_years(sentence: str, published: date | None, tense: str, value: date) -> None:
    assert only(sentence, published, tense).value == value


@pytest.mark.parametrize(
    "sentence",
    [
        "Talks were held on February 29, 2021, in Doha.",  # 2021 is not a leap year
        "The deal was signed on 29 February 1900.",  # neither is 1900
        "The order was dated 2021-02-30.",
        "The memo was dated 13/13/2021.",
    ],
)
def test_impossible_dates_are_dropped(sentence: str) -> None:
    assert find_dates(sentence, SUNDAY) == []


@pytest.mark.parametrize(
    ("sentence", "text", "value", "precision", "end_value"),
    [
        ("Putin and Biden met on June 16, 2021 in Geneva.", "on June 16, 2021",
         D(2021, 6, 16), "day", None),
        ("Russia annexed Crimea in 2014.", "in 2014", D(2014, 1, 1), "year", None),
        ("Russia recalled its ambassador in March 2021.", "in March 2021",
         D(2021, 3, 1), "month", None),
        ("A note dated 2021-06-16 was delivered.", "2021-06-16", D(2021, 6, 16), "day", None),
        ("Exercises ran from June 14 to 16, 2021.", "from June 14 to 16, 2021",
         D(2021, 6, 14), "day", D(2021, 6, 16)),
    ],
)
def test_absolute_expressions_resolve_without_publication_date(
    sentence: str, text: str, value: date, precision: str, end_value: date | None
) -> None:
    found = only(sentence, None)
    assert (found.text, found.value, found.precision, found.end_value) == (
        text,
        value,
        precision,
        end_value,
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Blinken was returning to Washington on Sunday.",
        "Moscow recalled its ambassador in March.",
        "Ankara recalled its ambassador last week.",
        "A car bomb exploded yesterday in Kabul.",
        "Rebels seized the town two days ago.",
        "Putin and Biden met on June 16 in Geneva.",
        "NATO will hold its next summit next year.",
        "The two leaders last met in November last.",
    ],
)
def test_relative_expressions_need_a_publication_date(sentence: str) -> None:
    assert find_dates(sentence, None) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Russia may respond with sanctions of its own.",
        "Thousands of protesters march on parliament every evening.",
        "Protesters Will March On Parliament, Organisers Say",
        "Theresa May said Britain would not be intimidated.",
        "The meeting ended at 10 am without a statement.",
        "16 people were killed in the attack on the market.",
        "The 2021 election was marred by fraud, observers said.",
        "USA Today reported the agreement first.",
        "The claim was first made in the Sunday Times.",
        "The Good Friday Agreement ended decades of violence.",
        "The motion passed 52-48 after a long debate.",
        "Violence has risen sharply in the last year, the report said.",
        "Jan Egeland called for a humanitarian corridor.",
        "The envoy flew home, and the next Monday the talks collapsed.",
    ],
)
def test_ignores_what_is_not_a_date(sentence: str) -> None:
    assert find_dates(sentence, SUNDAY) == []


def test_finds_several_expressions_in_order() -> None:
    sentence = (
        "After talks in the month of March and a call last week, "
        "Putin and Biden met on June 16 and will speak again next month."
    )
    found = find_dates(sentence, SUNDAY)
    assert [(t.text, t.value, t.precision) for t in found] == [
        ("in the month of March", D(2021, 3, 1), "month"),
        ("last week", D(2021, 6, 7), "day"),
        ("on June 16", D(2021, 6, 16), "day"),
        ("next month", D(2021, 7, 1), "month"),
    ]
    assert all(sentence[t.start : t.end] == t.text for t in found)


def test_longest_expression_wins_over_its_parts() -> None:
    found = find_dates("Lavrov arrived on Sunday, June 20, 2021, in Geneva.", None)
    assert [(t.text, t.value) for t in found] == [("on Sunday, June 20, 2021", D(2021, 6, 20))]


def test_empty_text() -> None:
    assert find_dates("", SUNDAY) == []


# -- properties --------------------------------------------------------------------------

_DATE_WORDS = [
    "on", "in", "the", "month", "of", "last", "next", "this", "early", "mid-", "from", "to",
    "between", "and", "ago", "two", "a", "days", "week", "weeks", "year", "weekend", "-",
    "June", "May", "March", "February", "Sept.", "Sunday", "Monday", "today", "yesterday",
    "16", "29", "31", "2021", "2020", "1900", "6/16/2021", "2021-02-29", "16th", ",", "night",
]

_texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(_DATE_WORDS), max_size=25).map(" ".join),
)
_published = st.one_of(st.none(), st.dates())
_tenses = st.sampled_from(["past", "future", "present"])


@settings(max_examples=300, deadline=None)
@given(text=_texts, published=_published, tense=_tenses)
def test_never_raises_and_offsets_slice_the_text(
    text: str, published: date | None, tense: str
) -> None:
    found = find_dates(text, published, tense=tense)  # type: ignore[arg-type]
    assert isinstance(found, list)
    previous_end = 0
    for expr in found:
        assert text[expr.start : expr.end] == expr.text
        assert expr.start >= previous_end  # sorted, never overlapping
        previous_end = expr.end
        assert expr.precision in ("day", "month", "year")
        assert expr.end_value is None or expr.end_value >= expr.value
        if expr.precision != "day":
            assert expr.value.day == 1
        if expr.precision == "year":
            assert expr.value.month == 1


# --------------------------------------------------------------------------- case file

def _date_cases() -> list:
    return case_params("dates.tsv", slice(0, 7), status=7)


@pytest.mark.parametrize(("published", "tense", "sentence", "text", "value", "precision", "end"), _date_cases())
def test_date_case(published: str, tense: str, sentence: str, text: str, value: str, precision: str,
                   end: str) -> None:
    day = None if published == "-" else date.fromisoformat(published)
    found = find_dates(sentence, day, tense=tense)  # type: ignore[arg-type]
    if text == "-":
        assert found == []
        return
    got = [(t.text, t.value.isoformat(), t.precision, t.end_value.isoformat() if t.end_value else "-")
           for t in found]
    assert (text, value, precision, end) in got, got


def test_date_case_file_has_at_least_100_cases() -> None:
    assert len(_date_cases()) >= 100


# --------------------------------------------------------------------------- event dating case file

def _event_date_cases() -> list:
    return case_params("dates_events.tsv", slice(0, 6), status=6, label=lambda cols: f"-{cols[2]}")


@pytest.mark.parametrize(("published", "text", "trigger", "value", "precision", "fallback"), _event_date_cases())
def test_event_date_case(published: str, text: str, trigger: str, value: str, precision: str, fallback: str) -> None:
    import detente

    events = detente.code(text.replace("\\n", "\n"), published=None if published == "-" else published)
    mine = [e for e in events if e.mentions[0].trigger == trigger]
    assert mine, [(e.mentions[0].trigger, e.cameo) for e in events]
    e = mine[0]
    got = (e.date.isoformat() if e.date else "-", e.date_precision or "-", "yes" if e.date_fallback else "no")
    assert got == (value, precision, fallback), e.mentions[0].date_text


@pytest.mark.parametrize(
    ("sentence", "anchor", "precision", "value", "expected_precision"),
    [
        ("Two days later, Washington expelled ten Russians.", date(2021, 3, 3), "day", date(2021, 3, 5), "day"),
        ("The next day, Iran seized a tanker.", date(2021, 12, 31), "day", date(2022, 1, 1), "day"),
        ("A week later the talks resumed.", date(2021, 3, 3), "day", date(2021, 3, 10), "day"),
        ("A month later, he issued an order.", date(2021, 3, 16), "day", date(2021, 4, 1), "month"),
        ("Some three years later, the war ended.", date(2014, 1, 1), "year", date(2017, 1, 1), "year"),
        ("A month later, he issued an order.", date(2016, 1, 1), "year", date(2016, 1, 1), "year"),
    ],
)
def test_later_than_counts_from_the_event_told_before(
    sentence: str, anchor: date, precision: str, value: date, expected_precision: str
) -> None:
    from detente.stages.when import later_than

    assert later_than(sentence, anchor, precision) == (value, expected_precision)  # type: ignore[arg-type]


@pytest.mark.parametrize("sentence", ["Later, Russia expelled them.", "Days later it ended.", "He left a day later.", ""])
def test_later_than_needs_a_counted_opening(sentence: str) -> None:
    from detente.stages.when import later_than

    assert later_than(sentence, date(2021, 3, 3), "day") is None

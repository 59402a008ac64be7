"""Each stage's core rules, on sentences written for the purpose, through the real model.

Negation, the passive voice, metonymy, date-bounded roles, conjoined actors and
the merging of mentions (boilerplate rules are in test_clean.py).
"""

from __future__ import annotations

from datetime import date

import pytest

from detente import Article
from detente.model import Actor, Event, Mention, Plover
from detente.stages.dedup import merge_mentions


def coded(pipeline, text, published="2021-06-20"):
    return {(e.source.code, e.target.code if e.target else None, e.cameo) for e in pipeline.code_text(text, published=published)}


def roots(pipeline, text, published="2021-06-20"):
    return {(e.source.country, e.target.country if e.target else None, e.cameo_root)
            for e in pipeline.code_text(text, published=published)}


# -- negation and modality -----------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Putin and Biden did not meet in Geneva.",
    "Russia never recalled its ambassador from Washington.",
    "The Chinese president didn't meet the Japanese prime minister.",
])
def test_negated_events_are_not_emitted(pipeline, text):
    assert pipeline.code_text(text, published="2021-06-20") == []


@pytest.mark.parametrize("text,root", [
    ("Putin and Biden will meet in Geneva next week.", "04"),
    ("Russia may recall its ambassador from Washington.", "16"),
    ("Germany hopes that France will sign the treaty.", "05"),
])
def test_hypothetical_and_future_events_are_not_coded_as_having_happened(pipeline, text, root):
    # An intent ("will meet": 036) may be coded; the meeting itself may not.
    assert all(e.cameo_root != root for e in pipeline.code_text(text, published="2021-06-20"))


def test_the_positive_counterpart_is_coded(pipeline):
    assert ("RUS", "USA", "04") in roots(pipeline, "Putin and Biden met in Geneva.")
    assert ("RUS", "USA", "16") in roots(pipeline, "Russia recalled its ambassador from Washington.")


# -- passive voice ------------------------------------------------------------------
def test_passive_voice_swaps_subject_and_agent(pipeline):
    active = roots(pipeline, "Israel accused Iran of sabotage at the Natanz site.")
    passive = roots(pipeline, "Iran was accused by Israel of sabotage at the Natanz site.")
    assert ("ISR", "IRN", "11") in active
    assert ("ISR", "IRN", "11") in passive


def test_passive_without_agent_has_no_source(pipeline):
    assert pipeline.code_text("Iran was accused of sabotage.", published="2021-06-20") == []


# -- metonymy ---------------------------------------------------------------------------
@pytest.mark.parametrize("text,source", [
    ("Moscow recalled its ambassador from Washington.", "RUSGOV"),
    ("The Kremlin criticized the United States.", "RUSGOV"),
    ("Beijing condemned Japan.", "CHNGOV"),
    ("The White House criticized Russia.", "USAGOV"),
])
def test_capitals_and_seats_of_power_stand_for_governments(pipeline, text, source):
    events = pipeline.code_text(text, published="2021-06-20")
    assert events and events[0].source.code == source
    assert events[0].source.sector == "GOV"


def test_a_country_name_is_the_country_not_its_government(pipeline):
    events = pipeline.code_text("Russia criticized the United States.", published="2021-06-20")
    assert events and (events[0].source.code, events[0].target.code) == ("RUS", "USA")


# -- date-bounded roles ---------------------------------------------------------------
def test_biden_is_government_only_while_in_office(pipeline):
    text = "Joe Biden criticized Vladimir Putin."
    in_2021 = pipeline.code_text(text, published="2021-06-20")
    in_2019 = pipeline.code_text(text, published="2019-06-20")
    in_2015 = pipeline.code_text(text, published="2015-06-20")  # vice president
    assert in_2021[0].source.code == "USAGOV"
    assert in_2019[0].source.code != "USAGOV" and in_2019[0].source.country == "USA"
    assert in_2015[0].source.code == "USAGOV"


# -- conjoined actors and appositions ---------------------------------------------------------
def test_conjoined_subjects_meet_each_other(pipeline):
    got = coded(pipeline, "On Monday, the Chinese foreign minister and the Japanese foreign minister met in Hanoi.")
    assert ("CHNGOV", "JPNGOV", "044") in got and ("JPNGOV", "CHNGOV", "044") in got


def test_apposition_defines_a_person_for_the_rest_of_the_article(pipeline):
    text = ("Mexico's ambassador to Bolivia, Maria Teresa Mercado, met Bolivian officials on Monday. "
            "After this, Mercado was recalled by Mexico City.")
    events = pipeline.code_text(text, published="2019-12-30")
    met = [e for e in events if e.cameo_root == "04"]
    assert met and met[0].source.code == "MEXGOV" and met[0].source.name == "Maria Teresa Mercado"
    recall = [e for e in events if e.cameo_root == "16"]
    assert recall and recall[0].source.code == "MEXGOV" and recall[0].source.rule == "metonym"
    assert recall[0].target.country == "BOL"  # the country the diplomat is posted to
    assert recall[0].date == date(2019, 12, 30)  # "After this": the date of the meeting


def test_pronoun_takes_the_last_person_subject(pipeline):
    text = "Angela Merkel met Emmanuel Macron in Berlin on Tuesday. She later criticized Russia."
    events = pipeline.code_text(text, published="2019-05-10")
    crit = [e for e in events if e.cameo_root == "11"]
    assert crit and crit[0].source.code == "DEUGOV" and crit[0].source.text == "She"


# -- when and where ------------------------------------------------------------------------
def test_event_date_comes_from_its_own_clause(pipeline):
    events = pipeline.code_text("On Tuesday, Turkey criticized Greece.", published="2021-06-20")
    assert events[0].date == date(2021, 6, 15) and not events[0].date_fallback
    events = pipeline.code_text("Turkey criticized Greece.", published="2021-06-20")
    assert events[0].date == date(2021, 6, 20) and events[0].date_fallback


def test_no_publication_date_means_no_invented_date(pipeline):
    events = pipeline.code_text("Turkey criticized Greece on Tuesday.", published=None)
    assert events and events[0].date is None and events[0].date_fallback


def test_the_dateline_is_not_the_place_of_the_event(pipeline):
    art = Article(id="d1", text="Moscow: On June 16, Putin and Biden met in Geneva.", published=date(2021, 6, 20))
    events = pipeline.code_article(art)
    assert events and all(e.location.country == "CHE" for e in events)


# -- dedup -----------------------------------------------------------------------------------
def _event(start, day, fallback=False, code="040"):
    src, tgt = Actor("Russia", "RUS", "Russia", "RUS"), Actor("US", "USA", "United States", "USA")
    return Event("doc", src, tgt, code, code[:2], 1.0, 1, Plover("CONSULT"), day, "day", fallback,
                 mentions=(Mention(f"s{start}", start, start + 5, "met", start),))


def test_mentions_of_one_event_merge_and_undated_mentions_join_the_dated_one():
    merged = merge_mentions([_event(0, date(2021, 6, 20), fallback=True), _event(50, date(2021, 6, 16)),
                             _event(90, date(2021, 6, 16))])
    assert len(merged) == 1
    assert merged[0].date == date(2021, 6, 16) and not merged[0].date_fallback
    assert [m.start for m in merged[0].mentions] == [0, 50, 90]


def test_different_dates_or_codes_stay_apart():
    merged = merge_mentions([_event(0, date(2021, 6, 16)), _event(50, date(2021, 3, 1)),
                             _event(90, date(2021, 6, 16), code="161")])
    assert len(merged) == 3

"""The event coder's general rules: modality, intents, reported speech, targets in phrases."""

from __future__ import annotations

import pytest

from detente.pipeline import Pipeline
from detente.stages.events import intent_code


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline()


def codes(pipe: Pipeline, text: str) -> set[tuple[str | None, str | None, str]]:
    events = pipe.code_text(text, published="2021-06-20")
    return {(e.source.country or e.source.code[:3], e.target.country if e.target else None, e.cameo) for e in events}


def test_intent_codes_follow_the_codebook() -> None:
    assert intent_code("042") == "036"  # will visit -> intent to meet
    assert intent_code("0332") is None  # an intent already: not re-coded
    assert intent_code("073") == "0333"  # will send humanitarian aid
    assert intent_code("190") == "1384"  # will attack -> threaten conventional attack
    assert intent_code("111") is None  # a future criticism is no event


def test_future_meeting_is_an_intent_not_a_meeting(pipe: Pipeline) -> None:
    got = codes(pipe, "German Chancellor Angela Merkel will visit France next week.")
    assert got and all(c.startswith("03") for _, _, c in got)


def test_hope_is_not_a_meeting(pipe: Pipeline) -> None:
    got = codes(pipe, "Russia hopes the meetings with the United States will be constructive.")
    assert not any(c.startswith("04") for _, _, c in got)


def test_negated_event_is_not_coded(pipe: Pipeline) -> None:
    assert not codes(pipe, "Russia did not attack Ukraine on Monday.")


def test_conditional_event_is_not_coded(pipe: Pipeline) -> None:
    got = codes(pipe, "Iran said it would attack Israel if Israel bombed its reactors.")
    assert not any(c.startswith("19") for _, _, c in got)


def test_reported_speech_codes_the_reported_event_with_the_speaker(pipe: Pipeline) -> None:
    got = codes(pipe, "Syria said on Monday it would withdraw its troops from Lebanon.")
    assert ("SYR", "LBN", "035") in got or any(s == "SYR" and c.startswith("03") for s, _, c in got)
    assert not any(c.startswith("01") for _, _, c in got)  # the bare "said" is superseded


def test_target_inside_the_object_phrase(pipe: Pipeline) -> None:
    got = codes(pipe, "Hungary restored full diplomatic ties with Romania on Monday.")
    assert any(s == "HUN" and t == "ROU" for s, t, _ in got)


def test_source_inside_the_subject_phrase(pipe: Pipeline) -> None:
    got = codes(pipe, "Hungarian officials criticized Romania on Monday.")
    assert any(s == "HUN" and t == "ROU" and c.startswith("11") for s, t, c in got)


def test_agreed_to_supply_is_one_intent(pipe: Pipeline) -> None:
    got = codes(pipe, "Japan agreed on Monday to provide economic aid to Vietnam.")
    assert any(s == "JPN" and c.startswith("033") for s, _, c in got)
    assert not any(c.startswith("05") for _, _, c in got)  # the bare "agreed" is superseded

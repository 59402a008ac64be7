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


# -- rules added with `detente eval` (issue 3, second pass) -------------------------------


def test_reported_obligation_is_a_demand(pipe: Pipeline) -> None:
    got = codes(pipe, "The French government declared on Monday that Germany must withdraw its troops.")
    assert any(s == "FRA" and t == "DEU" and c.startswith("10") for s, t, c in got)


def test_demand_codes_follow_the_table() -> None:
    from detente.stages.events import demand_code

    assert demand_code("0874") == "1056"  # must withdraw troops -> demand de-escalation
    assert demand_code("042") == "106"  # must meet -> demand meeting
    assert demand_code(None) == "100"  # a verb the dictionary does not know


def test_threat_target_is_the_party_of_the_condition(pipe: Pipeline) -> None:
    got = codes(pipe, "Turkey threatened to cut off water supplies unless Syria stopped the attacks.")
    assert any(s == "TUR" and t == "SYR" and c.startswith("13") for s, t, c in got)


def test_domestic_protest_without_target_acts_on_its_own_government(pipe: Pipeline) -> None:
    events = pipe.code_text("Thousands of Kenyan students demonstrated on Monday.", published="2021-06-20")
    protest = [e for e in events if e.cameo.startswith("14")]
    assert protest and protest[0].target is not None and protest[0].target.code == "KENGOV"
    assert protest[0].target.rule.startswith("implicit target")


def test_no_implicit_target_when_switched_off() -> None:
    pipe = Pipeline()
    pipe.coder.implicit_targets = False
    events = pipe.code_text("Thousands of Kenyan students demonstrated on Monday.", published="2021-06-20")
    assert all(e.target is None for e in events if e.cameo.startswith("14"))


def test_target_nested_in_the_object_noun_phrase(pipe: Pipeline) -> None:
    got = codes(pipe, "Chile welcomed the resumption of diplomatic ties with Peru.")
    assert any(s == "CHL" and t == "PER" for s, t, _ in got)


def test_target_in_a_locative_phrase_as_last_resort(pipe: Pipeline) -> None:
    got = codes(pipe, "Norway lifted the curfew in Sweden on Monday.")
    assert any(s == "NOR" and t == "SWE" for s, t, _ in got)


def test_several_sources_still_act_on_each_other(pipe: Pipeline) -> None:
    got = codes(pipe, "Chile and Peru met in Geneva on Monday.")
    assert ("CHL", "PER", "040") in {(s, t, c[:3]) for s, t, c in got} or any(
        s == "CHL" and t == "PER" for s, t, _ in got
    )


def test_light_verb_with_event_noun(pipe: Pipeline) -> None:
    got = codes(pipe, "Chile and Peru resumed negotiations on Monday.")
    assert any(s == "CHL" and t == "PER" and c.startswith("04") for s, t, c in got)


def test_agree_alone_is_intent_to_cooperate(pipe: Pipeline) -> None:
    got = codes(pipe, "Chile and Peru agreed to hold joint naval exercises.")
    assert got and all(not c.startswith("05") for _, _, c in got)


def test_participle_modifier_is_passive(pipe: Pipeline) -> None:
    # "militiamen armed with machetes" is no arming by the militiamen
    got = codes(pipe, "Ugandan militiamen armed with machetes attacked a village in Kenya.")
    assert not any(c.startswith("06") for _, _, c in got)


def test_protest_aim_is_not_a_second_event(pipe: Pipeline) -> None:
    got = codes(pipe, "Kenyan students staged a hunger strike to demand the release of their leaders.")
    assert any(c.startswith("14") for _, _, c in got)
    assert not any(c.startswith("10") for _, _, c in got)


def test_discard_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from detente.stages.events import Discards

    f = tmp_path / "discards.txt"
    f.write_text("# comment\nWORLD CUP   # sport\n+TYPHOON\n", encoding="utf-8")
    d = Discards.read(f)
    assert d.find("chile beat peru in the world cup".split()) == ("world", "cup")
    assert d.find("a typhoon hit".split(), story=True) == ("typhoon",)
    pipe = Pipeline()
    pipe.coder.discards = d
    assert not pipe.code_text("Chile accused Peru of cheating in the World Cup.", published="2021-06-20")
    assert not pipe.code_text("A typhoon hit Manila. Chile accused Peru of spying.", published="2021-06-20")
    assert pipe.code_text("Chile accused Peru of spying.", published="2021-06-20")


def test_unknown_code_of_a_user_dictionary_is_kept() -> None:
    from detente.dictionaries.codebook import load_codebook
    from detente.stages.events import _codebook_entry

    book = load_codebook()
    assert _codebook_entry(book, "902").code == "902"
    assert _codebook_entry(book, "0874").code == "0874"


def test_refusal_is_a_rejection_of_the_refused_event(pipe: Pipeline) -> None:
    from detente.stages.events import refusal_code

    assert refusal_code("040") == "125"  # refused to meet
    assert refusal_code("0874") == "1246"  # refused to withdraw troops
    assert refusal_code(None) == "120"
    got = codes(pipe, "Chile refused to meet Peru's foreign minister on Monday.")
    assert any(s == "CHL" and t == "PER" and c == "125" for s, t, c in got)
    assert not any(c.startswith("04") for _, _, c in got)


def test_will_not_is_a_refusal_and_did_not_is_nothing(pipe: Pipeline) -> None:
    got = codes(pipe, "Chile will not meet Peru's foreign minister.")
    assert any(s == "CHL" and c.startswith("12") for s, _, c in got)
    assert not codes(pipe, "Chile did not meet Peru's foreign minister.")


def test_joint_protest_is_not_mutual(pipe: Pipeline) -> None:
    got = codes(pipe, "US and British activists staged a protest in Beijing on Wednesday.")
    assert {("USA", "CHN"), ("GBR", "CHN")} <= {(s, t) for s, t, c in got if c.startswith("14")}
    assert not any(s == "USA" and t == "GBR" for s, t, _ in got)


def test_agent_takes_each_conjoined_country(pipe: Pipeline) -> None:
    got = codes(pipe, "Hungarian and Romanian officials criticized Austria on Monday.")
    assert {("HUN", "AUT"), ("ROU", "AUT")} <= {(s, t) for s, t, _ in got}


def test_bare_reject_is_coded(pipe: Pipeline) -> None:
    got = codes(pipe, "Chile rejected a Peruvian peace plan on Monday.")
    assert any(s == "CHL" and t == "PER" and c.startswith("12") for s, t, c in got)

"""The last general causes the PLOVER gold showed: Phoenix's "NAME (ABBR)" actor names,
verb codes, and actor readings, each checked on written sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.dictionaries.actors import paren_forms, read_petrarch_actors
from detente.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline()


def coded(pipe: Pipeline, text: str) -> set[tuple[str | None, str | None, str]]:
    """(source code, target code, CAMEO code) of the events coded in ``text``."""
    events = pipe.code_text(text, published="2021-06-20")
    return {(e.source.code, e.target.code if e.target else None, e.cameo) for e in events}


def test_a_parenthesised_abbreviation_is_a_second_name() -> None:
    assert paren_forms("LIBERATION TIGERS OF TAMIL EELAM (LTTE)") == [
        "LIBERATION TIGERS OF TAMIL EELAM (LTTE)", "LIBERATION TIGERS OF TAMIL EELAM", "LTTE"]
    assert paren_forms("COMMUNIST PARTY OF NEPAL-MAOIST (CPN-M)")[1:] == [
        "COMMUNIST PARTY OF NEPAL-MAOIST", "CPN-M"]
    # descriptive parentheses, short or foreign abbreviations: the name stays whole
    for name in ("CONGO (KINSHASA)", "NATIONAL LIBERATION ARMY (COLOMBIA)",
                 "STANKO TODOROV (ACTING", "ARYAN NATIONS (AN)", "CHINA (PRC)", "IRAN"):
        assert paren_forms(name) == [name]


def test_the_reader_files_both_names(tmp_path: Path) -> None:
    path = tmp_path / "x.actors.txt"
    path.write_text("ALL_TRIPURA_TIGER_FORCE_(ATTF)_ [INDREB]\n", encoding="utf-8")
    (entry,) = read_petrarch_actors(path).entries
    assert "all tripura tiger force" in entry.names
    assert "attf" in entry.names


def test_an_abbreviated_group_is_an_actor(pipe: Pipeline) -> None:
    # Phoenix files the group as "ALL_TRIPURA_TIGER_FORCE_(ATTF)_": neither form matched
    assert ("SASREB", "IND", "190") in coded(pipe, "The ATTF attacked a police post in India.")
    assert coded(pipe, "The All Tripura Tiger Force attacked a police post in India.") == {
        ("SASREB", "IND", "190")}


def test_codebook_codes_for_resign_surrender_and_sue(pipe: Pipeline) -> None:
    assert coded(pipe, "The Georgian president resigned on Sunday.") == {("GEOGOV", None, "0831")}
    assert coded(pipe, "Hundreds of Ugandan rebels surrendered last week.") == {
        ("UGAREB", None, "0874")}
    assert ("USABUS", "FRA", "115") in coded(
        pipe, "An American company is suing France.")
    assert ("USABUS", "FRA", "115") in coded(
        pipe, "An American company is suing France for damages.")


def test_objects_that_code_uncoded_verbs(pipe: Pipeline) -> None:
    """STRENGTHEN, REDUCE, END, EXTEND, TIGHTEN are uncoded alone; their objects code them."""
    assert ("ISR", "LBNMIL", "154") in coded(
        pipe, "Israel has strengthened its forces in Lebanon.")
    assert ("ISR", "PSEGZA", "191") in coded(pipe, "Israel tightened the blockade of Gaza.")
    assert {c for _, _, c in coded(pipe, "Syrian officers ended mediation efforts.")} == {"165"}
    assert {c for _, _, c in coded(pipe, "The United Nations reduced food supplies.")} == {
        "162"}
    assert coded(pipe, "Israel has strengthened its economy.") == set()


def test_speeded_up_withdrawal_and_handed_over_aid(pipe: Pipeline) -> None:
    assert ("USA", "PAN", "0874") in coded(
        pipe, "The United States speeded up the withdrawal of its forces from Panama.")
    assert {c for _, _, c in coded(
        pipe, "French doctors handed over medicine to the Red Cross.")} == {"073"}
    assert coded(pipe, "French police handed over the documents to the court.") == set()


def test_stative_participles_keep_their_subject_as_source(pipe: Pipeline) -> None:
    """"X is opposed to", "X were engaged in": adjectives, not passives without an agent."""
    assert ("ISR", "FRA", "125") in coded(pipe, "Israel is opposed to French peace talks.")
    assert ("SRBMIL", "MNE", "190") in coded(
        pipe, "Serb forces were engaged in ethnic cleansing in Montenegro.")
    # a real passive keeps its "by" agent as the source
    passive = coded(pipe, "Montenegro was engaged by Serb forces.")
    assert ("SRBMIL", "MNE", "190") in passive
    assert not any(src == "MNE" for src, _, _ in passive)


def test_x_led_forces_are_x(pipe: Pipeline) -> None:
    assert ("VNMMIL", "KHMREB", "193") in coded(
        pipe, "Vietnamese-led forces launched rocket fire against Kampuchean guerrilla camps.")


def test_anti_country_names_no_national(pipe: Pipeline) -> None:
    """"anti-Syria", "Anti-American": the country is what the phrase is against."""
    for text in ("An anti-Syria journalist attacked the minister.",
                 "Anti-American protesters attacked the embassy."):
        assert not any(src and src[:3] in ("SYR", "USA") for src, _, _ in coded(pipe, text))
    assert ("USAOPP", None, "190") in {
        (s, None, c) for s, _, c in coded(pipe, "American protesters attacked the embassy.")}


def test_an_anti_country_event_is_still_against_it(pipe: Pipeline) -> None:
    """The stance is dropped from a person, not from an event noun ("anti-Syria rally")."""
    targets = {t for _, t, _ in coded(pipe, "Lebanese students attacked an anti-Syria rally.")}
    assert "SYR" in {t[:3] for t in targets if t}

"""PLOVER types of coded events: the manual's corrections to the CAMEO2PLOVER table, one
PLOVER event per visit, and the coder's general rules measured on the PLOVER gold."""

from __future__ import annotations

import pytest

from detente.dictionaries.codebook import load_codebook
from detente.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline()


def plover(pipe: Pipeline, text: str) -> set[tuple[str | None, str | None, str]]:
    """(source country, target country, PLOVER type) of the events PLOVER counts."""
    events = pipe.code_text(text, published="2021-06-20")
    return {(e.source.country, e.target.country if e.target else None, e.plover.type)
            for e in events if e.plover is not None}


def test_manual_corrections_to_the_cameo2plover_table() -> None:
    book = load_codebook()
    assert book.plover("0813").type == "CONCEDE"  # lifting a curfew: a verbal concession
    assert book.plover("0814").type == "CONCEDE"  # lifting a state of emergency
    resign = book.plover("0831")
    assert (resign.type, resign.mode) == ("RETREAT", "resign")  # resignation of an official
    sanctions = book.plover("163")  # international sanctions: SANCTION discontinue
    assert (sanctions.type, sanctions.mode) == ("SANCTION", "discontinue")
    assert book.plover("083").type == "CONCEDE"  # accede to demands for reform: the table's
    assert book.plover("0874").type == "RETREAT"  # untouched rows stay as the table has them


def test_types_that_require_a_recipient_need_a_target() -> None:
    book = load_codebook()
    assert book.plover("070").type == "AID"
    assert book.plover("070", has_target=False) is None  # AID: "Requires recipient: Yes"
    assert book.plover("163", has_target=False) is None  # SANCTION
    assert book.plover("060", has_target=False) is None  # COOPERATE
    assert book.plover("111", has_target=False).type == "ACCUSE"  # "Requires recipient: No"


def test_lifting_a_curfew_is_a_concession(pipe: Pipeline) -> None:
    got = plover(pipe, "Serbia lifted a night curfew in Montenegro on Sunday.")
    assert ("SRB", "MNE", "CONCEDE") in got
    assert not any(t == "RETREAT" for _, _, t in got)


def test_a_visit_is_one_plover_event_from_the_visitor(pipe: Pipeline) -> None:
    events = pipe.code_text("Taiwan's foreign minister visited Russia on Monday.", published="2021-06-20")
    cameo = {(e.source.country, e.target.country if e.target else None, e.cameo) for e in events}
    assert {("TWN", "RUS", "042"), ("RUS", "TWN", "043")} <= cameo  # CAMEO codes both sides
    assert plover(pipe, "Taiwan's foreign minister visited Russia on Monday.") == {("TWN", "RUS", "CONSULT")}


def test_a_host_is_the_actor_of_the_hosting_sentence(pipe: Pipeline) -> None:
    got = plover(pipe, "Russian President Vladimir Putin hosted Japanese Prime Minister Shinzo Abe in Sochi.")
    assert got == {("RUS", "JPN", "CONSULT")}


def test_talks_keep_both_participants(pipe: Pipeline) -> None:
    got = plover(pipe, "French Foreign Minister Jean-Yves Le Drian held talks with Romanian officials on Tuesday.")
    assert {("FRA", "ROU", "CONSULT"), ("ROU", "FRA", "CONSULT")} <= got


def sources(pipe: Pipeline, text: str) -> set[str]:
    return {e.source.code for e in pipe.code_text(text, published="2001-06-20")}


@pytest.mark.parametrize("text,code", [
    ("The Asia-Pacific Economic Cooperation forum agreed to cut tariffs.", "IGOASABUSAPE"),
    ("UNITA rebels attacked a village in Angola.", "AGOREB"),
    ("Palestinian Islamic Jihad attacked an Israeli patrol.", "PSEREB"),
    ("The Revolutionary United Front released 50 hostages to Sierra Leone.", "SLEREB"),
])
def test_organisations_the_phoenix_dictionary_lacks_or_misplaces(pipe: Pipeline, text: str, code: str) -> None:
    assert code in sources(pipe, text)


def test_peoples_and_groups_give_their_country(pipe: Pipeline) -> None:
    assert any(c.startswith("NGA") for c in sources(pipe, "Yoruba leaders criticized the British government."))
    assert any(c.startswith("NGA") for c in sources(pipe, "Igbo elders criticized the Nigerian government."))
    assert "ZWEOPP" in sources(pipe, "Opposition groups in Zimbabwe criticized President Robert Mugabe.")


def coded(pipe: Pipeline, text: str) -> set[tuple[str, str | None]]:
    return {(e.source.code, e.target.code if e.target else None) for e in pipe.code_text(text, published="2005-06-20")}


def test_violence_with_no_named_doer_is_by_unidentified_armed_forces_where_it_happens(pipe: Pipeline) -> None:
    got = coded(pipe, "A roadside bomb near Kandahar killed two Canadian soldiers on Sunday.")
    assert ("AFGUAF", "CANMIL") in got
    got = coded(pipe, "Two Afghan policemen were killed in Kandahar on Monday.")
    assert any(s == "AFGUAF" for s, _ in got)


def test_a_named_doer_or_an_unplaced_attack_gets_no_unidentified_source(pipe: Pipeline) -> None:
    assert not any(s.endswith("UAF") for s, _ in coded(pipe, "Serb forces were engaged in ethnic cleansing in Kosovo."))
    assert not any(s.endswith("UAF") for s, _ in coded(pipe, "A roadside bomb killed two Canadian soldiers on Sunday."))
    assert ("AFGREB", "CANMIL") in coded(pipe, "Taliban fighters killed two Canadian soldiers in Kandahar.")


@pytest.mark.parametrize("text,code", [
    ("The Liberation Tigers of Tamil Eelam attacked an army camp in Jaffna.", "LKAREB"),
    ("The Islamic Salvation Front rejected the Algerian government's offer.", "DZAREB"),
    ("The National Patriotic Front of Liberia attacked Monrovia.", "LBRREB"),
    ("The OSCE criticized the elections in Belarus.", "IGO"),
    ("The Moro Islamic Liberation Front attacked an army outpost in Mindanao.", "PHLREB"),
    ("Kampuchean guerrillas attacked a Thai village.", "KHMREB"),
    ("Jewish settlers attacked Palestinian farmers near Nablus.", "ISRCVL"),
])
def test_names_phoenix_writes_so_that_they_never_match_or_places_in_a_region(
        pipe: Pipeline, text: str, code: str) -> None:
    assert code in sources(pipe, text)


def test_an_attack_that_names_its_side_gives_the_doer(pipe: Pipeline) -> None:
    got = coded(pipe, "Two Canadian soldiers were killed in a US drone strike in Afghanistan on Monday.")
    assert ("USA", "CANMIL") in got
    assert not any(s.endswith("UAF") for s, _ in got)
    assert ("AFGREB", "AFGMIL") in coded(pipe, "Three Afghan soldiers were killed in a Taliban raid in Kandahar.")


def test_a_country_adjective_names_the_actor_of_an_event_noun(pipe: Pipeline) -> None:
    got = plover(pipe, "Protesters condemned the Russian invasion of Ukraine.")
    assert ("RUS", "UKR", "ASSAULT") in got
    got = plover(pipe, "Palestinian riots against Israeli military policies continued on Monday.")
    assert ("PSE", "ISR", "PROTEST") in got


def test_an_event_noun_that_is_a_topic_is_not_an_event(pipe: Pipeline) -> None:
    got = plover(pipe, "Israel and Lebanon renewed negotiations today on an Israeli troop pullback from Lebanon.")
    assert not any(t == "RETREAT" for _, _, t in got)


def test_quoted_as_saying_gives_the_speaker(pipe: Pipeline) -> None:
    got = coded(pipe, "Iranian Foreign Minister Manouchehr Mottaki was quoted as saying he would visit Iraq next week.")
    assert any(s.startswith("IRN") and t == "IRQ" for s, t in got)


def test_a_demand_of_a_countrys_people_is_made_of_its_government(pipe: Pipeline) -> None:
    assert ("DZAEDU", "DZAGOV") in coded(pipe, "Algerian students demanded political reforms.")
    assert ("ZWEOPP", "ZWEGOV") in coded(pipe, "Opposition groups in Zimbabwe are demanding new elections.")
    # a state's demand names no one
    assert ("RUS", None) in coded(pipe, "Russia demanded an explanation.")


def test_an_attempted_attack_is_an_attack_an_attempted_meeting_is_not(pipe: Pipeline) -> None:
    assert ("PRK", "KORMIL") in coded(pipe, "North Korea has tried to hack into the computers of South Korean army officers.")
    assert not plover(pipe, "Russia tried to mediate between Armenia and Azerbaijan.")


def test_put_under_investigation_in_a_country_is_by_its_state(pipe: Pipeline) -> None:
    got = coded(pipe, "A British national has been put under investigation in Italy for her role in the riots.")
    assert ("ITAGOV", "GBRCVL") in got


def test_victims_no_dictionary_knows_killed_in_a_named_sides_attack(pipe: Pipeline) -> None:
    got = coded(pipe, "Three civilians were killed in a US drone strike in Yemen on Monday.")
    assert ("USA", "YEMCVL") in got
    # no named side and no known victim: nothing is guessed
    assert not coded(pipe, "Two journalists were killed in Kabul.")
    assert not coded(pipe, "Two people were killed in a Russian plane crash in Siberia.")

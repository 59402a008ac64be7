"""PETRARCH's actor and agent conventions (issue 3): how detente reads a PETRARCH user's
own dictionaries. The sentences are written for these tests in the style of PETRARCH's
validation records, coded with its validation dictionaries (tests/fixtures/gold/petrarch).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.dictionaries.actors import compose_code, parse_petrarch_actors, split_compound
from detente.evaluate import evaluate, read_gold
from detente.pipeline import Pipeline
from detente.stages.events import PetrarchRules

from petrarch_validation import validation_pipeline


@pytest.fixture(scope="module")
def petrarch() -> Pipeline:
    return validation_pipeline(PetrarchRules())  # as `detente eval --dictionaries` codes


def triples(pipe: Pipeline, text: str) -> set[tuple[str, str | None, str]]:
    return {(e.source.code, e.target.code if e.target else None, e.cameo)
            for e in pipe.code_text(text, published="1995-01-01")}


def sources(pipe: Pipeline, text: str) -> set[str]:
    return {s for s, _, _ in triples(pipe, text)}


# ------------------------------------------------------------------ the composite code


@pytest.mark.parametrize(("actor", "agents", "expected"), [
    ("ARN", ["NGO~"], "NGOARN"),  # a prefix agent goes before
    ("ARN", ["NGO~", "~GOV"], "NGOARNGOV"),  # then the suffix agent after, in text order
    ("ARN", ["GOV"], "ARNGOV"),  # AgentEntry's form of ~GOV
    ("USAGOV", ["~GOV", "~MED"], "USAGOV"),  # a code already there ends the composition
    ("GMWGOV", ["~WGO"], "GMWGOVWGO"),  # "WGO" inside GMWGOV is not at a 3-letter boundary
    (None, ["~GOV"], "---GOV"),  # an unassigned agent
    ("FRO/BIL", ["~GOV"], "FROGOV/BILGOV"),  # each part of a compound actor
    ("RUS", [], "RUS"),
])
def test_compose_code(actor: str | None, agents: list[str], expected: str) -> None:
    assert compose_code(actor, agents) == expected


def test_compound_code_entry_is_read_with_all_its_codes(tmp_path: Path) -> None:
    path = tmp_path / "a.actors.txt"
    path.write_text("THE_SHIRE  [FRO/BIL/SAM]\nLORIEN [ELR/GAL] # two elves\n", encoding="utf-8")
    entries = {e.id: e for e in parse_petrarch_actors(path)}
    assert entries["THE_SHIRE"].default == "FRO/BIL/SAM"
    assert split_compound(entries["LORIEN"].default or "") == ["ELR", "GAL"]


# ------------------------------------------------------------------ coding with PETRARCH's files


def test_prefix_agent_goes_before_the_country(petrarch: Pipeline) -> None:
    assert sources(petrarch, "MSF Rohan is about to restore full diplomatic ties with Gondor.") == {"NGOROH"}


def test_agents_before_and_after_the_country(petrarch: Pipeline) -> None:
    text = "An MSF Rohan diplomat is about to restore full diplomatic ties with Gondor."
    assert sources(petrarch, text) == {"NGOROHGOV"}


def test_agent_of_an_organisation(petrarch: Pipeline) -> None:
    text = "The human rights activists of Amnesty International will restore full diplomatic ties with Rohan."
    assert sources(petrarch, text) == {"NGMOPP"}


def test_redundant_agent_is_not_added(petrarch: Pipeline) -> None:
    text = "White House security officials will restore full diplomatic ties with Rohan."
    assert sources(petrarch, text) == {"USAGOV"}


def test_former_makes_an_elite(petrarch: Pipeline) -> None:
    text = "Former security officials in White House will restore full diplomatic ties with former Rohan police."
    assert triples(petrarch, text) == {("USAGOVELI", "ROHELI", "064")}


def test_compound_code_names_each_actor(petrarch: Pipeline) -> None:
    text = "The Shire is about to restore full diplomatic ties with Rohan."
    assert triples(petrarch, text) == {("FRO", "ROH", "064"), ("BIL", "ROH", "064"), ("SAM", "ROH", "064")}


def test_agents_conjoined_before_a_shared_place(petrarch: Pipeline) -> None:
    text = "Lawmakers and officials in Rohan and Eriador welcomed a resumption of formal diplomatic ties with Gondor."
    assert sources(petrarch, text) == {"ROHLEG", "ERILEG", "ROHGOV", "ERIGOV"}


def test_modifiers_shared_by_conjoined_agents(petrarch: Pipeline) -> None:
    text = "Danish Islamist media and government condemned Rohan on Thursday."
    assert sources(petrarch, text) == {"DNKMUSMED", "DNKMUSGOV"}
    # with a determiner the second noun may stand alone, as in PETRARCH's parse
    assert sources(petrarch, "The Danish media and government condemned Rohan on Thursday.") == {"DNKMED", "---GOV"}


def test_unassigned_agents(petrarch: Pipeline) -> None:
    text = "Clerics and lawmakers believe Rohan can cope with the drought."
    assert triples(petrarch, text) == {("---REL", "ROH", "023"), ("---LEG", "ROH", "023")}
    assert triples(petrarch, "Rohan police arrested students on Tuesday.") == {("ROHCOP", "---EDU", "212")}


def test_a_sentence_of_agents_alone_is_coded(petrarch: Pipeline) -> None:
    # the prefilter keeps it: with PETRARCH's conventions an agent alone is an actor
    assert triples(petrarch, "Police arrested students on Tuesday.") == {("---COP", "---EDU", "212")}


def test_an_agent_adjective_on_a_thing_is_no_actor(petrarch: Pipeline) -> None:
    text = "Bree President Romendacil arrived in Gondor on his first official foreign visit."
    assert all(t != "---GOV" and s != "---GOV" for s, t, _ in triples(petrarch, text))


# ------------------------------------------------------------------ the shipped dictionaries


def test_shipped_agents_conjoined_before_a_shared_place() -> None:
    import detente

    events = detente.code("Lawmakers and officials in Kenya and Uganda welcomed the agreement with Ethiopia.",
                          published="2019-05-01")
    assert {e.source.code for e in events} == {"KENLEG", "UGALEG", "KENGOV", "UGAGOV"}


def test_shipped_modifier_shared_by_conjoined_agents() -> None:
    import detente

    events = detente.code("Russian troops and police arrested protesters.", published="2019-05-01")
    assert {e.source.code for e in events} == {"RUSMIL", "RUSCOP"}


def test_shipped_posted_agent_keeps_its_own_country() -> None:
    import detente

    events = detente.code("The US embassy in Kabul and the Taliban criticized Pakistan.", published="2019-05-01")
    assert {e.source.code for e in events} == {"USAGOV", "AFGREB"}


# ------------------------------------------------------------------ the validation file's options


RECORDS = """<Sentences>
<Sentence date="19950101" id="T-01" category="T" sentence="true">
<EventCoding sourcecode="ROH" targetcode="GON" eventcode="064"></EventCoding>
<Text>Rohan is about to restore full diplomatic ties with Gondor, a senior official said.</Text>
</Sentence>
<Config option="require_dyad" value="false"></Config>
<Config option="comma_emax" value="0"></Config>
<Sentence date="19950101" id="T-01" category="T" sentence="true">
<EventCoding sourcecode="ROH" targetcode="GON" eventcode="064"></EventCoding>
<EventCoding sourcecode="---GOV" targetcode="---" eventcode="023"></EventCoding>
<Text>Rohan is about to restore full diplomatic ties with Gondor, a senior official said.</Text>
</Sentence>
</Sentences>
"""


def _read(tmp_path: Path, xml: str) -> list:
    """The records of a validation file written with ``xml``."""
    path = tmp_path / "records.xml"
    path.write_text(xml, encoding="utf-8")
    return read_gold(path)


def test_require_dyad_and_repeated_ids(tmp_path: Path, petrarch: Pipeline) -> None:
    records = _read(tmp_path, RECORDS)
    assert [r.options for r in records] == [(), (("require_dyad", "false"), ("comma_emax", "0"))]
    report = evaluate(records, petrarch, exact_codes=True)
    # the same id twice: each record is scored on its own coding; PETRARCH's require_dyad
    # (on by default) drops the target-less "said" event from the first only
    assert [o.record.events[-1].cameo for o in report.outcomes] == ["064", "023"]
    assert [o.passed for o in report.outcomes] == [True, True]


NEW_ACTORS = """<Sentences>
<Config option="new_actor_length" value="4"></Config>
<Sentence date="19950101" id="N-01" category="N" sentence="true">
<EventCoding sourcecode='"THE MINISTRY OF MAGIC"' targetcode="ROH" eventcode="064"></EventCoding>
<Text>The Ministry of Magic is about to restore full diplomatic ties with Rohan.</Text>
</Sentence>
<Sentence date="19950101" id="N-02" category="N" sentence="true">
<EventCoding sourcecode="ROH" targetcode='"THE MINISTRY OF MAGIC"' eventcode="122"></EventCoding>
<Text>Rohan condemned the Ministry of Magic on Thursday.</Text>
</Sentence>
<Config option="new_actor_length" value="0"></Config>
<Sentence date="19950101" id="N-03" category="N" sentence="true">
<EventCoding noevents="True"></EventCoding>
<Text>The Ministry of Magic is about to restore full diplomatic ties with Rohan.</Text>
</Sentence>
</Sentences>
"""


def test_new_actor_length(tmp_path: Path, petrarch: Pipeline) -> None:
    records = _read(tmp_path, NEW_ACTORS)
    assert [r.options for r in records] == [(("new_actor_length", "4"),)] * 2 + [(("new_actor_length", "4"), ("new_actor_length", "0"))]
    assert records[1].events[0].target == "THE MINISTRY OF MAGIC"  # quotes are not part of the code
    report = evaluate(records, petrarch, exact_codes=True)
    assert [o.coded for o in report.outcomes] == [
        [("THE MINISTRY OF MAGIC", "ROH", "064")], [("ROH", "THE MINISTRY OF MAGIC", "122")], []]
    assert petrarch.actor_resources.new_actor_length == 0  # the option is the file's, for its records

"""Issue 3: PETRARCH compatibility on the verb side.

PETRARCH's own coding conventions (:class:`PetrarchRules`: require_dyad, comma clauses, a
matched verb takes its verb phrase, passive only with "by", exact pattern words), its
pattern markers ($, +, %), and the general parse rules found while running its unit
tests. Sentences are written here; the actors are PETRARCH's Middle-earth test
dictionaries (tests/fixtures/gold/petrarch, MIT).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from detente.cli import cli
from detente.evaluate import read_gold
from detente.pipeline import Pipeline
from detente.stages.events import PetrarchRules

from petrarch_validation import PETRARCH, validation_pipeline

Triple = tuple[str, "str | None", str]


@pytest.fixture(scope="module")
def middle_earth() -> Pipeline:
    return validation_pipeline()


@pytest.fixture(scope="module")
def news() -> Pipeline:
    return Pipeline()


def coded(pipe: Pipeline, text: str, rules: PetrarchRules | None = None) -> set[Triple]:
    pipe.coder.petrarch = rules
    try:
        events = pipe.code_text(text, published="1995-01-01")
    finally:
        pipe.coder.petrarch = None
    return {(e.source.code, e.target.code if e.target else None, e.cameo) for e in events}


def countries(pipe: Pipeline, text: str) -> set[tuple[str | None, str | None]]:
    events = pipe.code_text(text, published="2021-06-20")
    return {(e.source.country or e.source.code[:3], e.target.country or e.target.code[:3] if e.target else None)
            for e in events}


# -- PETRARCH's conventions ---------------------------------------------------------------

def test_config_options_change_the_rules() -> None:
    rules = PetrarchRules().configured([("require_dyad", "False"), ("comma_emax", "0"), ("comma_min", "x"),
                                        ("new_actor_length", "4")])
    assert rules.require_dyad is False and rules.comma_emax == 0
    assert rules.comma_min == PetrarchRules().comma_min  # not a number: ignored
    assert PetrarchRules().configured([("require_dyad", "TRUE")]).require_dyad is True


def test_gold_records_carry_the_config_lines_before_them(tmp_path: Path) -> None:
    xml = tmp_path / "v.xml"
    xml.write_text("""<Validation><Sentences>
<Sentence date="19950101" id="A-1" category="X"><EventCoding noevents="True"></EventCoding>
<Text>Arnor met Gondor.</Text></Sentence>
<Config option="require_dyad" value="false"></Config>
<!-- <Config option="comma_max" value="3"></Config> -->
<Sentence date="19950101" id="A-2" category="X"><EventCoding noevents="True"></EventCoding>
<Text>Arnor met Gondor.</Text></Sentence>
</Sentences></Validation>""", encoding="utf-8")
    first, second = read_gold(xml, "petrarch-xml")
    assert first.options == () and second.options == (("require_dyad", "false"),)


def test_require_dyad_and_the_terminal_comma_clause(middle_earth: Pipeline) -> None:
    text = "Arnor restored diplomatic ties with Gondor last week, a senior Bree official said on Saturday."
    # detente codes the statement with no target; PETRARCH cuts the terminal clause
    # ("a senior Bree official said on Saturday": 7 words, within 2..8) ...
    assert ("BREGOV", None, "023") in coded(middle_earth, text)
    assert coded(middle_earth, text, PetrarchRules(require_dyad=False)) == {("ARN", "GON", "064")}
    # ... and, with the cut turned off, still drops it for want of a target
    assert coded(middle_earth, text, PetrarchRules(comma_emax=0)) == {("ARN", "GON", "064")}
    assert ("BREGOV", None, "023") in coded(middle_earth, text, PetrarchRules(require_dyad=False, comma_emax=0))


def test_a_coded_verb_takes_its_verb_phrase(middle_earth: Pipeline) -> None:
    text = "Arnor restored diplomatic ties with Gondor after Calenardhon crowds burned down its embassy."
    assert ("CAL", None, "222") in coded(middle_earth, text)
    assert coded(middle_earth, text, PetrarchRules(require_dyad=False)) == {("ARN", "GON", "064")}


def test_agentless_passive_is_active_for_petrarch(middle_earth: Pipeline) -> None:
    text = "Eriador was criticized over its dispute with Gondor."
    assert coded(middle_earth, text) == set()  # detente: who criticized is not said
    assert coded(middle_earth, text, PetrarchRules()) == {("ERI", "GON", "121")}


def test_pattern_words_match_exact_forms_for_petrarch(middle_earth: Pipeline) -> None:
    text = "Arnor will adopt a set of resolutions with Gondor."
    assert coded(middle_earth, text) == {("ARN", "GON", "102")}  # - * RESOLUTION [102]
    assert coded(middle_earth, text, PetrarchRules()) == {("ARN", "GON", "081")}  # the bare ADOPT


# -- the dictionary's markers -------------------------------------------------------------

def test_dollar_and_plus_place_source_and_target(middle_earth: Pipeline) -> None:
    # SHOT: "- + WAS * DEAD IN $ [224]"
    assert coded(middle_earth, "An Eriadorian was shot dead in Osgiliath.", PetrarchRules()) == {
        ("OSG", "ERI", "224")}


def test_percent_makes_a_compound_act_on_itself(middle_earth: Pipeline) -> None:
    # DELAY family: "- % HAVE * [191]"; not on Calenardhon, named after the verb
    text = "Gondor and Osgiliath have postponed their talks after a storm hit Calenardhon."
    assert coded(middle_earth, text, PetrarchRules()) == {("GON", "OSG", "191"), ("OSG", "GON", "191")}


def test_words_before_the_governing_verb_count_for_a_pattern(middle_earth: Pipeline) -> None:
    # CLASH: "- UNEXPECTEDLY &NEGATVAUXVRB * OVER EFFORTS [906]", negation on "try"
    text = "Bree's Prime Minister unexpectedly now won't try to clash over the efforts of Eriador."
    assert coded(middle_earth, text) == {("BREGOV", "ERI", "906")}
    # CRITICIZE: "- HEAVILY UNJUSTLY * [123]", and the subject the parser hung on "was"
    text = "Eriador was heavily and unjustly criticized over its dispute with Gondor."
    assert coded(middle_earth, text, PetrarchRules()) == {("ERI", "GON", "123")}


# -- general parse rules ------------------------------------------------------------------

def test_a_name_possessing_a_time_phrase_is_the_object(news: Pipeline) -> None:
    assert ("EGY", "ISR") in countries(news, "Egypt signed a treaty with Israel's almost five years after the war ended.")


def test_an_infinitive_of_purpose_names_the_target(news: Pipeline) -> None:
    assert ("FRA", "MLI") in countries(news, "France signed an accord on Thursday to supply Mali with wheat.")


def test_the_subject_of_a_that_clause_on_the_object_is_the_target(news: Pipeline) -> None:
    got = countries(news, "Egypt expressed hopes on Thursday that Israel, its neighbour, could be drawn into "
                          "talks with Jordan.")
    assert got == {("EGY", "ISR")}


def test_a_conjunct_the_parser_headed_by_its_abbreviation(news: Pipeline) -> None:
    got = countries(news, "Japan and the European Union (EU) met in Brussels on Monday.")
    assert ("JPN", "IGO") in got and ("IGO", "JPN") in got


def test_no_sentence_break_after_a_hyphenated_prefix() -> None:
    from detente.stages.nlp import load_nlp

    doc = load_nlp()("Police broke up an anti- government rally in Cairo on Saturday. Two people died.")
    assert len(list(doc.sents)) == 2


# -- the unit-test file -------------------------------------------------------------------

def test_petrarch_unit_tests_pass_at_80_percent() -> None:
    """Issue 3: with PETRARCH's dictionaries the 284 unit-test records pass at 80% or
    more (229 measured with this change; 186 before)."""
    path = PETRARCH / "PETR.UnitTest.records.xml"
    result = CliRunner().invoke(cli, ["eval", str(path), "--dictionaries", str(PETRARCH), "--code-modal", "--json"])
    assert result.exit_code == 0, result.output
    cats = json.loads(result.output[result.output.index("{"):])[str(path)]["categories"]
    assert sum(c["passed"] for c in cats.values()) >= 227
    assert cats["SYNSET"]["passed"] >= 50 and cats["VERB"]["passed"] >= 21 and cats["PATTERN"]["passed"] >= 23

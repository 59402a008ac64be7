"""Issue 6 (throughput): the verb matcher's shortcuts give the readings of the long way round."""

from __future__ import annotations

import random

from detente.dictionaries import verbs as V
from detente.dictionaries.verbs import load_verbs


def test_issue_6_patterns_found_from_the_anchors_met_are_those_the_subset_test_keeps() -> None:
    vd = load_verbs()
    rng = random.Random(6)
    checked = 0
    for fam in vd.families:
        index = V._compile_family(vd, fam)
        anchors = sorted({a for _n, _p, need in index.patterns for a in need})
        for _ in range(4):
            met = {a for a in anchors if rng.random() < 0.5} | set(rng.sample(range(10_000, 10_010), 2))
            want = [p for p in index.patterns if p[2] <= met]
            assert index.candidates(met) == want, fam.name
            checked += bool(want)
        assert index.candidates(set(anchors)) == list(index.patterns)
    assert checked > 100


def test_issue_6_multiword_forms_read_from_children_lists(pipeline) -> None:  # type: ignore[no-untyped-def]
    """Forms whose words follow the verb ("called off", "take over") are found among its
    dependents; "re-admitted" is three tokens, the form's words before the verb."""
    vd = load_verbs()
    doc = pipeline.nlp("Gondor called off the talks and re-admitted the envoy. Russia will take over the talks.")
    got = {}
    for verb in (t for t in doc if t.pos_ == "VERB"):
        m = vd.match(verb)
        if m is not None:
            got[verb.lower_] = (m.verb, [doc[i].text for i in m.tokens])
    assert got["called"] == ("CALL_OFF", ["called", "off", "talks"])
    assert got["take"] == ("TAKE_OVER", ["take", "over"])
    assert got["admitted"] == ("RE-ADMIT", ["re", "-", "admitted"])


# Sentences whose verbs have patterns that match (a specific code), patterns that do not,
# passives, conjoined and clausal verbs, time phrases and words before the verb.
_SENTENCES = (
    "Russia expelled two American diplomats and recalled its ambassador from Washington on Tuesday.",
    "The minister met with Chinese officials in Beijing for talks on trade.",
    "Protesters were arrested by police in Minsk after the election.",
    "Iran said it would not negotiate with the United States over its nuclear program.",
    "The United Nations sent humanitarian aid to refugees in Syria last week.",
    "Israel accused Hamas of firing rockets at civilians, and Egypt called for restraint.",
    "Germany agreed to provide military assistance to Ukraine in March.",
    "Pakistan threatened to close its border with Afghanistan unless the attacks stopped.",
    "The president praised the peace agreement and promised economic support.",
    "Troops opened fire on demonstrators who had gathered outside the parliament.",
)


def test_issue_6_the_sentence_word_test_skips_only_verbs_no_pattern_matches(pipeline) -> None:  # type: ignore[no-untyped-def]
    """Verbs whose sentence lacks a word every pattern needs get the bare verb's reading
    without their sides being worked out; every verb, with and without extra role words
    and exact words, reads as it does when every pattern is tried (``prune=False``)."""
    import dataclasses

    vd = load_verbs()
    every = dataclasses.replace(vd, prune=False)
    worked_out: list[int] = []
    regions = V._regions

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        worked_out.append(1)
        return regions(*args, **kwargs)

    matched = specific = 0
    for doc in pipeline.nlp.pipe(_SENTENCES):
        for verb in (t for t in doc if t.pos_ in ("VERB", "AUX")):
            for roles in ({}, dict(extra_object_words={"ambassador"}, extra_subject_words={"police"})):
                for exact in (False, True):
                    V._regions = counting
                    try:
                        got = vd.match(verb, exact_words=exact, **roles)  # type: ignore[arg-type]
                    finally:
                        V._regions = regions
                    assert got == every.match(verb, exact_words=exact, **roles), (verb.text, doc.text)  # type: ignore[arg-type]
                    matched += got is not None
                    specific += got is not None and got.specificity > 0
    assert specific >= 5
    assert matched - len(worked_out) >= 10  # read without their sides


def test_issue_6_a_token_meets_a_key_only_if_one_of_its_words_is_a_base_of_it() -> None:
    """The sentence word test looks up the words of the tokens: every key a token has
    (its lower-case form, lemma, and for a noun their plurals) lists that form or lemma
    among the words it may come from."""
    rng = random.Random(6)
    words = ["talk", "talks", "party", "parties", "church", "churches", "bus", "boy", "boys", "aid", "y", "s"]
    for _ in range(300):
        lower, lemma = rng.choice(words), rng.choice(words)
        for noun in (False, True):
            for key in V._word_keys(lower, lemma, noun):
                assert {lower, lemma} & set(V._word_bases(key)), (lower, lemma, key)


def test_issue_6_date_screens_read_the_lower_cased_text_unless_a_letter_folds_to_ascii() -> None:
    """The date finder's case-free screens look for their words in the lower-cased text,
    also when it holds curly quotes or accents, but not when it holds one of the letters a
    case-free search matches with A-Z (the Kelvin sign, the long s, the dotted and dotless
    i): then they search as the patterns do, and find the same dates."""
    from detente.stages import when

    grammar = when._grammar()
    texts = [
        "“Two weeks ago,” the minister said, Iran’s talks resumed.",
        "Les négociations ont repris LAST WEEK à Genève, since 2019.",
        "Two wee\u212as ago the talks resumed.",  # the Kelvin sign: "weeKs"
        "The talks resumed la\u017ft week in Vienna.",  # the long s: "laſt"
        "Protests began on Monday in \u0130stanbul and spread yesterday.",
        "No date here, only café talk.",
    ]
    for text in texts:
        got = [(m.span(), f.name) for m, f in when._candidates(text, grammar.families)]
        every = sorted(((m, f) for f in grammar.families for p in f.patterns for m in p.finditer(text)),
                       key=lambda c: (c[0].start() - c[0].end(), c[0].start(), c[1].rank))
        assert got == [(m.span(), f.name) for m, f in every], text
    assert [t.text for t in when.find_dates(texts[2], None)] == []  # found, but relative
    assert [m.group(0) for m, _f in when._candidates(texts[2], grammar.families)] == ["Two wee\u212as ago"]
    assert [m.group(0) for m, _f in when._candidates(texts[3], grammar.families)] == ["la\u017ft week"]


def test_issue_6_the_loaded_dictionary_has_every_family_compiled_and_reads_as_a_fresh_one(pipeline) -> None:  # type: ignore[no-untyped-def]
    """``load_verbs`` compiles every family's index as it loads; a dictionary parsed from
    text compiles each family when first matched; both read a verb alike."""
    vd = load_verbs()
    assert set(vd._family_index) == {f.name for f in vd.families}
    fresh = V._from_json(V.dump_verbs(vd))
    assert not fresh._family_index
    doc = pipeline.nlp("Russia expelled two American diplomats. The minister met with Chinese officials for talks.")
    got = [(vd.match(t), fresh.match(t)) for t in doc if t.pos_ == "VERB"]
    assert all(a == b for a, b in got) and sum(a is not None and a.specificity > 0 for a, _ in got) >= 2
    assert 0 < len(fresh._family_index) < len(vd._family_index)

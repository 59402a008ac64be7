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

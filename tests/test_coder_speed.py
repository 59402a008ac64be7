"""Issue 6 (throughput): the coder's shortcuts give the results of the long way round.

Each shortcut is checked against the plain computation on real parses: the verb
dictionary's pattern index (``VerbDictionary.prune``) against trying every pattern, the
date finder's digit screen against searching with every pattern, the IOB reading of a
person's name against ``doc.ents``. Timings live in ``benchmarks/coder_speed.py``.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import pytest
from spacy.tokens import Doc

from detente.dictionaries.verbs import VerbDictionary, load_verbs, parse_petrarch_verbs
from detente.stages import when
from detente.stages.actors import _name_span

ROOT = Path(__file__).resolve().parent.parent
PETRARCH = ROOT / "tests" / "fixtures" / "gold" / "petrarch"

NEWS = [
    "Russia on Monday summoned the US ambassador and accused Washington of meddling.",
    "The foreign minister met with his Chinese counterpart in Beijing for talks on trade.",
    "Israeli jets bombed targets in Gaza after militants fired rockets at Tel Aviv.",
    "Police arrested dozens of protesters who had blocked roads to demand the president's resignation.",
    "The European Union imposed new sanctions on Iran over its nuclear programme.",
    "Germany pledged 500 million euros in humanitarian aid to Ukraine on 3 March 2022.",
    "The two leaders signed a peace agreement and called for an end to the fighting.",
    "Pakistan expelled the Indian envoy, accusing him of spying, and recalled its own ambassador.",
    "Rebels ambushed a convoy of peacekeepers, killing three soldiers, the UN said.",
    "Turkey threatened to launch a military operation against Kurdish militias in Syria.",
    "The opposition rejected the government's offer of talks and vowed to continue the strike.",
    "Ministers praised the agreement as a breakthrough but warned that risks remained.",
]


def _petrarch_sentences(n: int) -> list[str]:
    xml = (PETRARCH / "PETR.UnitTest.records.xml").read_text(encoding="utf-8")
    texts = re.findall(r"<Text>\s*(.*?)\s*</Text>", xml, flags=re.S)
    return [" ".join(t.split()) for t in texts[:n]]


@pytest.fixture(scope="module")
def docs(pipeline) -> list[Doc]:  # type: ignore[no-untyped-def]
    return list(pipeline.nlp.pipe(NEWS + _petrarch_sentences(120)))


def _readings(vd: VerbDictionary, docs: list[Doc], exact: bool) -> list[object]:
    out: list[object] = []
    for doc in docs:
        for tok in doc:
            if tok.pos_ not in ("VERB", "AUX"):
                continue
            out.append(vd.match(tok, exact_words=exact))
            # the words an actor's roles add on each side ("the ambassador", "police")
            out.append(vd.match(tok, extra_object_words={"ambassador", "rebel"},
                                extra_subject_words={"police", "prime minister"}, exact_words=exact))
    return out


@pytest.mark.parametrize("dictionary", ["shipped", "petrarch"])
def test_issue_6_pattern_index_reads_every_verb_as_trying_every_pattern(docs: list[Doc], dictionary: str) -> None:
    vd = load_verbs() if dictionary == "shipped" else parse_petrarch_verbs(PETRARCH / "PETR.Validate.verbs.txt")
    assert vd.prune
    every = dataclasses.replace(vd, prune=False)
    exact = dictionary == "petrarch"
    fast, slow = _readings(vd, docs, exact), _readings(every, docs, exact)
    assert fast == slow
    # not passable by a dictionary that matches nothing: patterns did match
    assert sum(1 for m in fast if m is not None and m.specificity > 0) >= 20


def test_issue_6_pattern_index_keeps_synsets_hyphens_and_exact_forms(tmp_path: Path, pipeline) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "v.verbs.txt"
    path.write_text(
        "&ENVOY\n+AMBASSADOR\n+&SENIORENVOY\n\n&SENIORENVOY\n+SPECIAL_ENVOY\n+CHARGE_D'AFFAIRES\n\n"
        "---  EXPEL   [160]  ---\nEXPEL\n"
        "- * &ENVOY   [1663]\n"
        "- * CEASE-FIRE   [0871]\n"
        "- * TALKS_   [0360]\n"
        "- * (FOR CONSULTATIONS)   [161]\n",
        encoding="utf-8",
    )
    vd = parse_petrarch_verbs(path)
    cases = {
        "Russia expelled the special envoy of Britain.": "1663",
        "Russia expelled the ambassador.": "1663",
        "They expelled the cease - fire monitors.": "0871",
        "They expelled the cease-fire monitors.": "0871",
        "They expelled talks.": "0360",
        "They expelled the diplomat for consultations.": "161",
        "They expelled the diplomat.": "160",
    }
    for text, code in cases.items():
        doc = pipeline.nlp(text)
        verb = next(t for t in doc if t.lemma_ == "expel")
        assert vd.match(verb) == dataclasses.replace(vd, prune=False).match(verb)
        assert vd.match(verb).code == code, text


def test_issue_6_digit_screen_finds_the_dates_every_pattern_finds() -> None:
    grammar = when._grammar()
    # patterns that need a digit are known, and the rest still search digit-free text
    assert any(f.with_digits for f in grammar.families)
    assert any(f.without_digits for f in grammar.families)
    texts = [
        "The talks were held on Monday, a week ago, not in March.",
        "Fighting broke out between June 3 and June 5, 2021, and again last weekend.",
        "The agreement of 12/03/2020 expired on the first of May.",
        "In 1999 and from 2003 to 2005, the two sides met twice a year.",
        "Yesterday the minister said the deal would be signed next month.",
    ]
    for text in texts + [t.replace("3", "three") for t in texts if "3" in t]:
        every = sorted(((m, f) for f in grammar.families for p in f.patterns for m in p.finditer(text)),
                       key=lambda c: (c[0].start() - c[0].end(), c[0].start(), c[1].rank))
        screened = when._candidates(text, grammar.families)
        assert [(m.span(), f.name) for m, f in screened] == [(m.span(), f.name) for m, f in every], text
    assert [t.text for t in when.find_dates(texts[1], None)][0] == "between June 3 and June 5, 2021"


@pytest.mark.parametrize("pattern,needs", [
    (r"\d+", True), (r"(19|20)\d\d", True), (r"[0-9]{2}", True), (r"a?\d", True),
    (r"(?:x|\d)", False), (r"\d*", False), (r"[^a]", False), (r"(?=\d)x", False), (r"abc|1", False),
])
def test_issue_6_digit_screen_is_conservative(pattern: str, needs: bool) -> None:
    assert when._needs_digit(re.compile(pattern)) is needs


def test_issue_6_dates_are_remembered_but_each_caller_gets_its_own_list() -> None:
    day = date(2021, 6, 20)
    first = when.find_dates("Russia on Monday summoned the US ambassador.", day)
    first.clear()
    again = when.find_dates("Russia on Monday summoned the US ambassador.", day)
    assert [t.text for t in again] == ["on Monday"]


def test_issue_6_person_name_span_from_iob_is_the_entity(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = pipeline.nlp("Saudi journalist Jamal Ahmad Khashoggi met Vladimir Putin and Joe Biden in Geneva.")
    people = [e for e in doc.ents if e.label_ == "PERSON"]
    assert people
    for ent in people:
        for tok in ent:
            span = _name_span(tok)
            assert span.start <= ent.start and span.end >= ent.end


TITLED_NAMES = (
    "Spokesman Zorblat Quenth said the talks had failed. "
    "Russian Foreign Minister Sergei Lavrov met Zorblat Quenth in Geneva. "
    "The ambassador, Anatoly Antonov, told Quenth that Moscow would respond. "
    "Kenyan President Uhuru Kenyatta thanked Quenth, a senior envoy of the League. "
    "Antonov later called Lavrov, and Commissioner Vrell Ostado criticised them both. "
    "Mr. Quenth and minister Plaxo of Arnor praised Ostado. "
    "Russia's ambassador, Dovan Kreel, criticised the plan. "
    "Kreel later met Kenyan Trade Minister Plaxo Mbeki, and Commissioner Ostado left."
)


def _resolutions(pipeline, text: str) -> tuple[list[object], list[bool]]:  # type: ignore[no-untyped-def]
    from detente.model import Article
    from detente.stages.actors import ArticleActors, resolve_mentions
    from detente.stages.nlp import parse

    article = Article(id="t", text=text, title="", published=date(2021, 6, 16), origin="<test>")
    (parsed,) = parse([article], pipeline.nlp)
    doc = parsed.doc
    sents = list(doc.sents)
    got = resolve_mentions(sents, ArticleActors(pipeline.actor_resources, article.published))
    recognised = [sent[0].ent_iob_ != "" for sent in sents]
    return [r.to_dict() for r in got], recognised


def test_issue_6_titled_names_resolve_as_when_the_recogniser_is_always_asked(pipeline, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A proper noun with a title is checked for a person's name by the recogniser only
    when a title or a remembered name could resolve it: the same resolutions as asking
    every time, while sentences whose titles name no country are not recognised."""
    from detente.stages.actors import ArticleActors

    short, recognised = _resolutions(pipeline, TITLED_NAMES)
    monkeypatch.setattr(ArticleActors, "_person_found_if_named", lambda self, h: True)
    long, always = _resolutions(pipeline, TITLED_NAMES)
    assert short == long
    assert sum(recognised) < sum(always)
    assert all(a for r, a in zip(recognised, always) if r)
    assert {"appos", "memory"} <= {r["rule"] for r in short}


def test_issue_6_token_keys_kept_per_doc_give_the_readings_of_a_fresh_start(docs: list[Doc]) -> None:
    """The verb matcher keeps the keys of the last Doc's tokens between calls: verbs read
    interleaved across Docs, with and without exact words and extra role words, get the
    readings each gets when its Doc's keys are built afresh."""
    from detente.dictionaries import verbs

    vd = load_verbs()
    verbs_of = [[t for t in doc if t.pos_ in ("VERB", "AUX")] for doc in docs[:12]]
    calls = [(tok, exact, extra) for column in zip(*(v[:3] for v in verbs_of if len(v) >= 3))
             for tok in column for exact in (False, True) for extra in (False, True)]

    def read(tok: object, exact: bool, extra: bool) -> object:
        roles = dict(extra_object_words={"ambassador"}, extra_subject_words={"prime minister"}) if extra else {}
        return vd.match(tok, exact_words=exact, **roles)  # type: ignore[arg-type]

    kept = [read(*c) for c in calls]
    fresh = []
    for c in calls:
        verbs._DOC_KEYS.clear()
        fresh.append(read(*c))
    assert kept == fresh
    assert len({id(c[0].doc) for c in calls}) >= 5
    assert sum(1 for m in kept if m is not None and m.specificity > 0) >= 5


def test_issue_6_doc_columns_are_the_token_attributes(docs: list[Doc]) -> None:
    """The per-Doc lists the tagger and the verb finder read instead of Tokens hold each
    token's text, lower-case form, part of speech and dependency label; asked for another
    Doc, they are that Doc's."""
    from spacy.symbols import NOUN, VERB

    from detente.stages.nlp import doc_columns

    for doc in docs[:3] + docs[:1]:
        cols = doc_columns(doc)
        assert cols.doc is doc and doc_columns(doc) is cols
        assert cols.text == [t.text for t in doc]
        assert cols.lower == [t.lower_ for t in doc]
        assert cols.pos == [t.pos for t in doc]
        assert cols.dep == [t.dep for t in doc]
        assert {VERB, NOUN} <= set(cols.pos)


def test_issue_6_doc_columns_children_and_lemmas(docs: list[Doc]) -> None:
    """The per-Doc children lists and lemmas that the modality, passive, subject and
    object tests read instead of ``Token.children`` are the parse's, in its order."""
    from detente.stages.nlp import doc_columns

    for doc in docs:
        cols = doc_columns(doc)
        assert cols.kids == [[c.i for c in t.children] for t in doc]
        assert cols.lemma_lower == [t.lemma_.lower() for t in doc]
        assert cols.dep_text == [t.dep_ for t in doc]
    assert any(len(k) > 2 for k in doc_columns(docs[0]).kids)


def test_issue_6_doc_columns_subtree_is_the_parse_subtree(docs: list[Doc]) -> None:
    """``DocColumns.subtree``, which the verb patterns' regions and the reported clauses
    read, is ``Token.subtree`` for every token of real parses."""
    from detente.stages.nlp import doc_columns

    sizes = set()
    for doc in docs:
        cols = doc_columns(doc)
        for t in doc:
            got = cols.subtree(t.i)
            assert got == {s.i for s in t.subtree}, (doc.text[:60], t.i)
            sizes.add(len(got))
    assert max(sizes) > 5 and 1 in sizes


def test_issue_6_child_tests_on_columns_read_the_parse(docs: list[Doc]) -> None:
    """Modality, passive voice, subjects and objects read from the columns agree with the
    same tests written over ``Token.children`` on every verb of real parses."""
    from detente.stages import events as E

    def modality_long(verb):  # type: ignore[no-untyped-def]
        for c in verb.children:
            if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never"):
                return "negated"
            if c.dep_ in ("nsubj", "nsubjpass") and any(d.lower_ == "no" for d in c.children if d.dep_ == "det"):
                return "negated"
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in verb.children):
            return "conditional"
        for c in verb.children:
            if c.dep_ in ("aux", "auxpass") and c.lower_ in E.FUTURE_AUX:
                return "future"
        return None

    seen = {"negated": 0, "future": 0, "passive": 0, "objects": 0}
    for doc in docs:
        for t in doc:
            if t.pos_ not in ("VERB", "AUX"):
                continue
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children)
            assert E._has_child(t, E._PASSIVE_MARKS) == passive
            objs = [c for c in t.children if c.dep_ in ("dobj", "dative")]
            assert E._children_in(t, E._OBJECT_DEPS) == objs
            kind = E._modality(t)[0]
            long = modality_long(t)
            if long is not None:
                assert kind == long
            seen["negated"] += kind == "negated"
            seen["future"] += kind == "future"
            seen["passive"] += passive
            seen["objects"] += bool(objs)
    assert all(n >= 1 for n in seen.values()), seen


def test_issue_6_span_text_is_cut_from_the_doc_text(docs: list[Doc]) -> None:
    """A sentence's text cut from the Doc's text, read once, is ``Span.text``: with its
    inner spaces and without the space after its last word."""
    from detente.stages.nlp import doc_columns

    n = 0
    for doc in docs:
        cols = doc_columns(doc)
        assert cols.doc_text == doc.text
        for sent in doc.sents:
            assert cols.span_text(sent) == sent.text
            n += 1
        assert cols.span_text(doc[2:5]) == doc[2:5].text
        assert cols.span_text(doc[3:3]) == ""
    assert n >= len(docs)


def test_issue_6_conjuncts_by_index_are_the_parse_conjuncts(docs: list[Doc]) -> None:
    """A phrase's conjuncts found through the per-Doc children lists are those found by
    walking ``Token.children``: "Russia and China", "the US, Britain and France"."""
    from detente.stages.actors import _with_conjuncts

    def long(t):  # type: ignore[no-untyped-def]
        out = [t]
        for c in t.children:
            if c.dep_ == "conj":
                out.extend(long(c))
            elif t.pos_ == "PROPN" and c.dep_ in ("nmod", "compound") and c.i < t.i and c.pos_ in (
                "PROPN", "NOUN") and any(g.dep_ == "cc" for g in c.children):
                out.extend(long(c))
        return out

    several = 0
    for doc in docs:
        for t in doc:
            got = _with_conjuncts(t)
            assert [x.i for x in got] == [x.i for x in long(t)]
            several += len(got) > 1
    assert several >= 3

"""Issue 6 (throughput), the coder's seventh pass: shortcuts that give the results of the
long way round.

A phrase that may be a time ("the end", "the past", "70") needs the recogniser to tell;
the target search resolves such a phrase first when resolving it changes nothing the
resolver remembers (:func:`_quiet`), and asks the recogniser only if it names an actor.
"""

from __future__ import annotations

from datetime import date

import pytest

from detente.model import Article
from detente.stages import events
from detente.stages.actors import ArticleActors
from detente.stages.nlp import doc_entities, parse

#: Objects whose nested phrase may be a time ("of the past"): no actor in it.
TIME_PHRASES = (
    "Germany condemned the violence of the past. "
    "Japan welcomed the plans for the future. "
    "Iran rejected the proposals of that period. "
    "Egypt criticised the talks over the date. "
    "Canada praised the reforms of this season."
)

#: Phrases with actors, names and people in the places the target search looks.
TARGETS = (
    "Russia on Monday summoned the US ambassador and accused Washington of meddling. "
    "The foreign minister met with his Chinese counterpart in Beijing for talks on trade. "
    "Turkey threatened to launch a military operation against Kurdish militias in Syria. "
    "President Joe Biden held talks with the leaders of France at the end of the summit. "
    "Israel agreed to send aid to the people of Gaza for the first time since 2007. "
    "The army said it would end the curfew in the region of Tigray within 70 days."
)


def _article(text: str) -> Article:
    return Article(id="t", text=text, title="", published=date(2021, 6, 16), origin="<test>")


def _code(pipeline, text: str, eager: bool = False) -> tuple[list[dict], list[bool]]:  # type: ignore[no-untyped-def]
    """The events of ``text`` and which sentences the recogniser read."""
    (parsed,) = parse([_article(text)], pipeline.nlp)
    if eager:
        doc_entities(parsed.doc)  # every sentence recognised before coding
    got = [e.to_dict() for e in pipeline.code_parsed(parsed)]
    return got, [s[0].ent_iob_ != "" for s in parsed.doc.sents]


@pytest.mark.parametrize("text", [TIME_PHRASES, TARGETS])
def test_issue_6_quiet_phrases_code_as_when_the_recogniser_is_asked_first(pipeline, monkeypatch, text: str) -> None:  # type: ignore[no-untyped-def]
    """The same events as with every sentence recognised, and as with the recogniser asked
    before every phrase is resolved (no phrase quiet)."""
    short, _ = _code(pipeline, text)
    eager, _ = _code(pipeline, text, eager=True)
    monkeypatch.setattr(events, "_quiet", lambda tok, actors: False)
    long, _ = _code(pipeline, text)
    assert short == eager == long
    assert len(short) >= 4


def test_issue_6_time_phrases_naming_no_actor_leave_their_sentences_unrecognised(pipeline, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """"condemned the violence of the past": "past" may be a time, but the phrase names no
    actor, so whether it is one is never asked."""
    got, recognised = _code(pipeline, TIME_PHRASES)
    monkeypatch.setattr(events, "_quiet", lambda tok, actors: False)
    _, always = _code(pipeline, TIME_PHRASES)
    assert sum(recognised) < sum(always)
    assert {e["source"]["code"] for e in got} == {"DEU", "JPN", "IRN", "EGY", "CAN"}


def test_issue_6_quiet_means_no_name_and_no_person_in_the_phrase(pipeline) -> None:  # type: ignore[no-untyped-def]
    (parsed,) = parse([_article("The envoy of Vladimir Putin met the ambassador of the embassy in the capital.")],
                      pipeline.nlp)
    doc = parsed.doc
    actors = ArticleActors(pipeline.actor_resources, date(2021, 6, 16))
    actors.tag_sentence(doc[:])
    by_word = {t.text: t for t in doc}
    assert not events._quiet(by_word["envoy"], actors)  # "Vladimir Putin" is in its phrase
    assert not events._quiet(by_word["Putin"], actors)
    assert events._quiet(by_word["ambassador"], actors)
    assert events._quiet(by_word["capital"], actors)


def test_issue_6_target_actors_are_those_of_the_long_way(pipeline) -> None:  # type: ignore[no-untyped-def]
    """For every noun of real parses: when :func:`_target_actors` says whether the word may
    be a target, it says what :func:`_is_target_candidate` says, and the actors are those
    of the phrase when it may be one, none otherwise."""
    (parsed,) = parse([_article(TARGETS + " " + TIME_PHRASES)], pipeline.nlp)
    doc = parsed.doc
    seen = set()
    for sent in doc.sents:
        actors = ArticleActors(pipeline.actor_resources, date(2021, 6, 16))
        actors.tag_sentence(sent)
        for tok in sent:
            if tok.pos_ not in ("NOUN", "PROPN", "NUM"):
                continue
            may, found = events._target_actors(tok, actors)
            target = events._is_target_candidate(tok)
            want = events._phrase_actors(tok, actors) if target else []
            assert found == want, tok.text
            assert may is None and not want or may == target, tok.text
            seen.add(may)
    assert seen == {None, True, False}


#: Verbs with no source actor ("the plan", "it"), whose target search may or may not
#: pass a name the resolver would remember.
SOURCELESS = (
    "The plan would help farmers in the region of the south. "
    "The report praised the ambassador, Anatoly Antonov, for his work. "
    "Lavrov met the ambassador. The decision was welcomed by many, and it angered the president. "
    "The move came after talks with Kenyan Trade Minister Plaxo Mbeki in Nairobi. "
    "The strike hit the capital, killing ten people in the market of the city."
)


def test_issue_6_target_search_is_quiet_only_without_names_or_people(pipeline) -> None:  # type: ignore[no-untyped-def]
    (parsed,) = parse([_article(SOURCELESS)], pipeline.nlp)
    doc = parsed.doc
    actors = ArticleActors(pipeline.actor_resources, date(2021, 6, 16))
    for sent in doc.sents:
        actors.tag_sentence(sent)
    verb = {t.text: t for t in doc if t.pos_ == "VERB"}

    def quiet(word: str) -> bool:
        v = verb[word]
        return events._target_search_quiet(v, events._objects(v, events._is_passive(v)), actors)

    assert quiet("help")  # farmers in the region of the south
    assert not quiet("praised")  # the ambassador, Anatoly Antonov
    assert not quiet("came")  # Plaxo Mbeki, Nairobi
    assert quiet("killing")  # ten people, the market, and the objects of "hit": the capital


def test_issue_6_sourceless_verbs_code_as_with_the_target_search_run(pipeline, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Skipping the target search of a verb with no source changes no event, here or in
    the sentences after it (what the resolver remembers is the same)."""
    searches: list[str] = []
    search = events.EventCoder._more_targets

    def counted(self, verb, *args, **kwargs):  # type: ignore[no-untyped-def]
        searches.append(verb.text)
        return search(self, verb, *args, **kwargs)

    monkeypatch.setattr(events.EventCoder, "_more_targets", counted)
    short, _ = _code(pipeline, SOURCELESS)
    skipped = len(searches)
    monkeypatch.setattr(events, "_target_search_quiet", lambda verb, objs, actors: False)
    searches.clear()
    long, _ = _code(pipeline, SOURCELESS)
    assert short == long
    assert short
    assert skipped < len(searches)


#: Verbs the dictionary has no form for ("include", "happen", "tweet") among ones it has.
UNWRITTEN = (
    "The meeting was in Geneva, and it included officials from Russia. "
    "It happened after the ambassador left Moscow for consultations. "
    "Lavrov's deputy, Sergei Ryabkov, became the envoy and lacked support from the Kremlin. "
    "Protesters tweeted photos of the police in the streets of the capital."
)


def test_issue_6_a_verb_without_forms_has_no_reading(pipeline) -> None:  # type: ignore[no-untyped-def]
    verbs = pipeline.coder.verbs
    (parsed,) = parse([_article(UNWRITTEN + " " + TARGETS)], pipeline.nlp)
    seen = set()
    for tok in parsed.doc:
        if tok.pos_ in ("VERB", "AUX"):
            has = verbs.has_forms(tok)
            assert has or verbs.match(tok) is None, tok.text
            assert has == bool(verbs.forms_for(tok.lemma_) or verbs.forms_for(tok.text)), tok.text
            seen.add(has)
    assert seen == {True, False}


def test_issue_6_unwritten_verbs_code_as_when_their_phrases_are_resolved(pipeline, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A verb the dictionary has no form for gives no event; its phrases are not resolved
    when that changes nothing the resolver remembers: the same events, here and after."""
    text = UNWRITTEN + " " + SOURCELESS
    short, _ = _code(pipeline, text)
    monkeypatch.setattr(type(pipeline.coder.verbs), "has_forms", lambda self, verb: True)
    long, _ = _code(pipeline, text)
    assert short == long
    assert short

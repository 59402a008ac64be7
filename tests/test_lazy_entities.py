"""Named entities recognised when first read, a sentence at a time (issue 6).

The parse runs without NER; ``ent_type`` runs it on the sentence of the token asked
about. These tests pin that the labels are the recogniser's own, that only the asked
sentence pays for it, and that the cheap questions asked first (is this word a time?)
answer as the time lexicon says.
"""

from __future__ import annotations

from datetime import date

import pytest
from spacy.tokens import Doc

from detente.model import Article
from detente.stages.nlp import LazyEntities, doc_entities, ent_iob, ent_type, load_nlp, parse, parse_sentences
from detente.stages.prefilter import Chunk
from detente.stages.when import is_time, time_head

TEXT = (
    "Vladimir Putin met Joe Biden in Geneva on Wednesday. "
    "The talks at the Villa La Grange lasted four hours. "
    "In March, Biden called Putin a killer and Moscow recalled its ambassador from Washington."
)


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def _article(text: str = TEXT) -> Article:
    return Article(id="t", text=text, title="", published=date(2021, 6, 16), origin="<test>")


def _sentence_alone(nlp, sent) -> list[tuple[int, int, str]]:
    """The recogniser's entities for one sentence parsed on its own, in sentence offsets."""
    doc = nlp(sent.text)
    return [(e.start, e.end, e.label_) for e in doc.ents]


def test_parse_leaves_entities_to_be_recognised(nlp) -> None:
    (parsed,) = parse([_article()], nlp)
    doc = parsed.doc
    assert isinstance(doc.user_data["detente.lazy_entities"], LazyEntities)
    assert all(t.ent_iob_ == "" for t in doc), "NER ran during the parse"
    assert doc[0].dep_ and doc[0].lemma_, "the rest of the pipeline did run"


def test_reading_one_label_recognises_that_sentence_only(nlp) -> None:
    (parsed,) = parse([_article()], nlp)
    doc = parsed.doc
    first, second, third = list(doc.sents)
    geneva = next(t for t in first if t.text == "Geneva")
    assert ent_type(geneva) == "GPE"
    assert all(t.ent_iob_ in ("B", "I", "O") for t in first)
    assert all(t.ent_iob_ == "" for t in [*second, *third])
    moscow = next(t for t in third if t.text == "Moscow")
    assert ent_iob(moscow) == "B" and ent_type(moscow) == "GPE"
    assert all(t.ent_iob_ == "" for t in second)


def test_labels_are_those_of_the_sentence_recognised_alone(nlp) -> None:
    (parsed,) = parse([_article()], nlp)
    doc = parsed.doc
    ents = doc_entities(doc)
    for sent in doc.sents:
        got = [(e.start - sent.start, e.end - sent.start, e.label_) for e in ents if sent.start <= e.start < sent.end]
        assert got == _sentence_alone(nlp, sent), sent.text
    assert {"Putin", "Biden", "Geneva", "Moscow", "Washington"} <= {e.text.split()[-1] for e in ents}


def test_prefiltered_parse_recognises_kept_sentences_on_demand(nlp) -> None:
    text = TEXT
    second = text.index("The talks")
    third = text.index("In March")

    def select(t: str) -> list[Chunk]:
        return [Chunk(0, second - 1, 0), Chunk(third, len(t), 2)]

    (parsed,) = parse_sentences([_article(text)], nlp, select)
    doc = parsed.doc
    march = next(t for t in doc if t.text == "March")
    assert ent_type(march) == "DATE"
    putin = doc[0]
    assert putin.ent_iob_ == ""  # the first kept sentence has not been asked about
    assert ent_type(putin) == "PERSON"


def test_a_doc_parsed_whole_is_read_as_it_is(nlp) -> None:
    doc: Doc = nlp("Joe Biden spoke in Geneva.")
    assert "detente.lazy_entities" not in doc.user_data
    assert ent_type(doc[1]) == "PERSON" and ent_type(doc[4]) == "GPE"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("weeks", True), ("Tuesday", True), ("March", True), ("2003", True), ("Ramadan", True),
        ("p.m.", True), ("end", None), ("spring", None), ("70", None), ("Geneva", False),
        ("talks", False), ("march", False), ("Putin", False), ("May", None), ("Dec.", None),
    ],
)
def test_time_head_answers_from_the_lexicon(word: str, expected: bool | None) -> None:
    assert time_head(word) is expected


def test_is_time_asks_the_recogniser_only_when_the_lexicon_cannot_tell(nlp) -> None:
    (parsed,) = parse([_article("They met in Geneva. They met at the end of March. They met at the end of the war.")], nlp)
    doc = parsed.doc
    s1, s2, s3 = list(doc.sents)
    assert not is_time(next(t for t in s1 if t.text == "Geneva"))
    assert s1[0].ent_iob_ == "", "a place name needs no recogniser to say it is no time"
    assert is_time(next(t for t in s2 if t.text == "March"))
    assert s2[0].ent_iob_ == ""
    end = next(t for t in s3 if t.text == "end")
    assert is_time(end) is (end.ent_type_ in ("DATE", "TIME"))
    assert s3[0].ent_iob_ in ("B", "I", "O"), "an ambiguous word is settled by the recogniser"


def test_sentence_recognised_with_the_tokenizer_norms(nlp) -> None:
    """The sentence the recogniser reads is built from the words, spaces and norms of the
    Doc ("n't" read as "not"), not copied whole: its labels are those of the sentence as
    a Doc of its own, for every sentence of an article."""
    text = (
        "The U.S. didn't expel Russia's envoy, Anatoly Antonov, on Friday. "
        "Lithuania's president Gitanas Nauseda won't meet NATO officials in Vilnius until 2022. "
        "Iran can't accept the European Union's terms, said Foreign Minister Hossein Amir-Abdollahian."
    )
    (parsed,) = parse([_article(text)], nlp)
    doc = parsed.doc
    sents = list(doc.sents)
    ner = nlp.get_pipe("ner")
    # the reference: each sentence copied whole, before any label is set
    expected = [[(t.ent_iob_, t.ent_type_) for t in ner(sent.as_doc())] for sent in sents]
    assert all(t.ent_iob_ == "" for t in doc)
    for sent in reversed(sents):  # asked out of order, as the coder may
        ent_type(doc[sent.end - 1])
    for sent, labels in zip(sents, expected):
        assert [(t.ent_iob_, t.ent_type_) for t in sent] == labels
        assert any(t.ent_type_ for t in sent), "every sentence here names something"
    assert [t.norm_ for t in doc if t.text == "n't"] == ["not", "not", "not"]
    lazy = doc.user_data["detente.lazy_entities"]
    for sent in sents:  # what the recogniser read: the sentence's words, spaces and norms
        part = lazy._sentence_doc(doc, sent.start, sent.end)
        assert part.text == sent.text_with_ws
        assert [t.norm_ for t in part] == [t.norm_ for t in sent]


NEWS = (
    "Russian President Vladimir Putin met US President Joe Biden in Geneva on Wednesday. "
    "Speaking with Lavrov in Moscow, the Chinese foreign minister criticised NATO. "
    "Israeli jets bombed Gaza and Hamas fired rockets at Tel Aviv on Tuesday. "
    "The government said police arrested dozens of protesters at the UN headquarters in New York. "
    "Spokesman Zorblat Quenth said the talks in the spring had failed. "
    "Kenyan Trade Minister Plaxo Mbeki visited Nairobi and met officials of the African Union. "
    "Lavrov later accused Washington of meddling, and the ambassador was recalled in March."
)


def test_coding_asks_for_fewer_sentences_and_codes_the_same(nlp) -> None:
    """The coder asks the recogniser only where a label can change its answer (issue 6):
    coding with every sentence recognised up front gives the same events, and the lazy
    run leaves some sentences unrecognised."""
    from detente.pipeline import Pipeline

    pipe = Pipeline()
    (lazy,) = parse([_article(NEWS)], pipe.nlp)
    (eager,) = parse([_article(NEWS)], pipe.nlp)
    doc_entities(eager.doc)  # every sentence recognised before coding
    got, want = pipe.code_parsed(lazy), pipe.code_parsed(eager)
    assert [e.to_dict() for e in got] == [e.to_dict() for e in want]
    assert len(got) >= 3
    sents = list(lazy.doc.sents)
    asked = [s[0].ent_iob_ != "" for s in sents]
    assert not all(asked), "every sentence was recognised"

"""Issue 6, the per-article overheads around the parse: the faster lemmatizer and
prefilter give exactly what the slower ways gave."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.attrs import LEMMA

from detente.settings import DEFAULT_MODELS
from detente.stages.nlp import FastLemmatizer, load_nlp
from detente.stages.sources import read_articles

SCALE = Path(__file__).parent / "fixtures" / "scale" / "articles.jsonl"
#: Inflected and base forms, irregular ones, names, numbers, contractions, a hyphen.
LEMMA_TEXT = (
    "The ministers met in Geneva and were meeting again on Tuesday; talks broke down. "
    "Russia's ambassadors said they'd been summoned, but the better offers came later. "
    "Children ran faster than the mice. He doesn't know; she knows 3,000 people.\n\n"
    "Re-elected leaders are leading. Leaders lead, led and have led."
)


@pytest.fixture(scope="module")
def stock_nlp() -> spacy.language.Language:
    """The model with spaCy's own lemmatizer."""
    name = next(m for m in DEFAULT_MODELS if spacy.util.is_package(m))
    nlp = spacy.load(name)
    nlp.add_pipe("detente_paragraphs", before="parser")
    assert type(nlp.get_pipe("lemmatizer")).__name__ == "EnglishLemmatizer"
    return nlp


def test_issue_6_detente_loads_the_fast_lemmatizer() -> None:
    lem = load_nlp().get_pipe("lemmatizer")
    assert isinstance(lem, FastLemmatizer)
    assert lem.lookups is not None and lem.lookups.has_table("lemma_exc")  # the prefilter reads them


def test_issue_6_fast_lemmatizer_gives_spacys_lemmas(stock_nlp: spacy.language.Language) -> None:
    texts = [LEMMA_TEXT, "", "\n\n"] + [a.text for a in read_articles(SCALE)][:8]
    nlp = load_nlp()
    for ours, theirs in zip(nlp.pipe(texts), stock_nlp.pipe(texts), strict=True):
        assert [t.lemma_ for t in ours] == [t.lemma_ for t in theirs], ours.text[:60]
        assert ours.to_array([LEMMA]).tolist() == theirs.to_array([LEMMA]).tolist()
    lemmas = {t.text: t.lemma_ for t in nlp(LEMMA_TEXT)}
    assert (lemmas["met"], lemmas["mice"], lemmas["ministers"], lemmas["ran"]) == ("meet", "mouse", "minister", "run")


def test_issue_6_fast_lemmatizer_cache_outlives_a_memory_zone(stock_nlp: spacy.language.Language) -> None:
    """A lemma cached in one memory zone is written right in the next, whose string
    store has forgotten the zone's strings (an unusual word's lemma)."""
    nlp = load_nlp()
    text = "The Zorblaxians were zorblaxing the grumbleweeds."
    want = [t.lemma_ for t in stock_nlp(text)]
    for _ in range(3):
        with nlp.memory_zone():
            assert [t.lemma_ for t in nlp(text)] == want
    assert want[3:6] == ["zorblaxe", "the", "grumbleweed"]  # strings made in the zone

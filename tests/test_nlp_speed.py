"""The parts around the model give what spaCy gives, with less work per token (issue 6):
the attribute ruler's classes and writes, the lemmatizer's base-form test, the chunk
Docs, the paragraph rule."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.attrs import LEMMA, MORPH, POS, TAG

from detente.stages.nlp import FastAttributeRuler, FastLemmatizer, load_nlp, paragraph_boundaries
from detente.stages.sources import read_articles

SCALE = Path(__file__).parent / "fixtures" / "scale" / "articles.jsonl"
#: Words the English ruler names ("nothin'", "y'", "gon na", "there is"), words it does not,
#: and the same tags on both.
RULER_TEXT = (
    "There is nothin' they can do, y'all know. We gon na talk. Envoys met; ministers met. "
    "Lavrov and Blinken talked, and Zorblaxians talked too. Ain't nobody leaving, he said."
)


def test_issue_6_ruler_classes_give_spacys_annotations(stock_nlp: spacy.language.Language) -> None:
    """A token's row is looked up by its class: words no pattern names share one
    ("met" of "Envoys met" and of "ministers met"), a word a pattern or regular expression
    names has its own. The annotations are spaCy's, in any order of the texts."""
    ruler = FastAttributeRuler().compile(stock_nlp.get_pipe("attribute_ruler"))
    texts = [RULER_TEXT, *(a.text for a in read_articles(SCALE))][:6]
    cols = [TAG, POS, MORPH]
    for order in (texts, texts[::-1]):
        for text in order:
            with stock_nlp.select_pipes(enable=["tok2vec", "tagger", "detente_paragraphs", "parser"]):
                ours = ruler(stock_nlp(text))
            assert ours.to_array(cols).tolist() == stock_nlp(text).to_array(cols).tolist(), text[:60]
    assert len(ruler._by_class) < len(ruler._memo) / 2  # most new rows were of a known class
    strings = stock_nlp.vocab.strings
    vbd, lower = strings["VBD"], ruler._class
    assert lower((vbd, strings["met"], 0, 0))[1] == lower((vbd, strings["talked"], 0, 0))[1] == -1
    nothin, y = lower((0, strings["nothin'"], 0, 0))[1], lower((0, strings["y'"], 0, 0))[1]
    assert len({nothin, y, -1}) == 3  # two regular expressions, each read the word


def test_issue_6_lemmas_with_the_remembered_base_form_test(stock_nlp: spacy.language.Language) -> None:
    """The base-form test is remembered by POS and morphology: words first met in one
    article and their other forms in the next get spaCy's lemmas."""
    lemmatizer = FastLemmatizer().compile(stock_nlp.get_pipe("lemmatizer"))
    ruler = FastAttributeRuler().compile(stock_nlp.get_pipe("attribute_ruler"))
    texts = ["The envoy talks; envoys talk. He was talking of better talks, the best ones.",
             *(a.text for a in read_articles(SCALE))][:5]
    for text in texts + texts[::-1]:
        with stock_nlp.select_pipes(enable=["tok2vec", "tagger", "detente_paragraphs", "parser"]):
            ours = lemmatizer(ruler(stock_nlp(text)))
        assert ours.to_array([LEMMA]).tolist() == stock_nlp(text).to_array([LEMMA]).tolist()
    lemmas = {t.text: t.lemma_ for t in lemmatizer(ruler(stock_nlp(texts[0])))}
    assert (lemmas["envoys"], lemmas["talking"], lemmas["best"]) == ("envoy", "talk", "good")
    assert any(lemmatizer._ask().is_base_form.memo.values())  # new base forms skip the rules
    # a word first met as a base form of a remembered class: lowercased, as spaCy does
    text = "The Zorblax envoy Quenthar met the Vorpal delegate."
    with stock_nlp.select_pipes(enable=["tok2vec", "tagger", "detente_paragraphs", "parser"]):
        ours = lemmatizer(ruler(stock_nlp(text)))
    assert [t.lemma_ for t in ours] == [t.lemma_ for t in stock_nlp(text)]


def test_issue_6_paragraph_rule_on_column_lists() -> None:
    """The paragraph rule still starts a sentence after each line break and never at a
    cut prefix's word."""
    nlp = load_nlp()
    doc = nlp.make_doc("Talks ended\nin Geneva. An anti- Gondor parade\n\nfollowed.")
    starts = {t.text: t.is_sent_start for t in paragraph_boundaries(doc)}
    assert starts["in"] is True and starts["followed"] is True
    assert starts["Gondor"] is False and starts["Geneva"] is not True


def test_issue_6_chunk_docs_from_orth_hashes(pipeline) -> None:  # type: ignore[no-untyped-def]
    """Chunk Docs are made from the words' ORTH hashes: the same words, spaces and norms
    as ``Span.as_doc``, for a text that ends in a space or a line break too, and the
    pieces :func:`_join` gets hold the same words."""
    from detente.stages.nlp import _chunk_docs

    texts = ["Putin met Biden in Geneva. He didn't say much.  ", "Russia recalled its envoy.\n",
             *(a.text for a in read_articles(SCALE))][:8]
    checked = 0
    for text in texts:
        chunks = pipeline.prefilter.select(text)
        docs, pieces = _chunk_docs(text, chunks)
        for chunk, doc in zip(chunks, docs):
            want = chunk.tokens.as_doc()
            assert [(t.text, t.whitespace_, t.norm_) for t in doc] == [(t.text, t.whitespace_, t.norm_) for t in want]
            checked += 1
        strings = pipeline.nlp.vocab.strings
        assert pieces is not None
        assert [[strings[o] for o in w] for w, _ in pieces] == [[t.text for t in d] for d in docs]
    assert checked >= 8


def test_issue_6_parser_stepped_from_python_gives_spacys_parses(pipeline) -> None:  # type: ignore[no-untyped-def]
    """:func:`pipe_sentences` runs the parser through :func:`greedy_parse` (all states of
    a batch step together) and gives the parses, tags and lemmas ``nlp.pipe`` gives, for
    batches of sentences and runs of sentences, an empty text, and texts given as strings."""
    from spacy.attrs import DEP, HEAD, LEMMA, POS, SENT_START, TAG

    from detente.stages.nlp import _steps_from_python, pipe_sentences

    nlp = pipeline.nlp
    assert _steps_from_python(nlp.get_pipe("parser"))
    texts: list[object] = [""]
    for article in read_articles(SCALE):
        texts += [article.text[start:end] for _s, _e, start, end, _w in pipeline.prefilter.sentences(article.text)]
    texts += [" ".join(texts[1:12]), RULER_TEXT]  # runs of sentences, as chunks are
    assert len(texts) > 150
    cols = [HEAD, DEP, SENT_START, TAG, POS, LEMMA]
    want = [d.to_array(cols).tolist() for d in nlp.pipe(texts, batch_size=64, disable=["ner"])]
    docs = [nlp.make_doc(t) if k % 2 else t for k, t in enumerate(texts)]  # Docs and strings
    got = [d.to_array(cols).tolist() for d in pipe_sentences(nlp, docs, batch_size=64, disable=["ner"])]
    assert got == want
    lengths = [len(d) for d in want]
    assert min(lengths) == 0 and max(lengths) > 100 and sum(lengths) > 3000

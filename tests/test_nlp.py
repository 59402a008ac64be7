"""Stage nlp (issue 6): the faster parts give exactly what spaCy's own give."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG

from detente import Pipeline
from detente.stages.nlp import FastAttributeRuler, body_sentences, load_nlp, one_blas_thread, paragraph_boundaries
from detente.stages.sources import read_articles

SCALE = Path(__file__).parent / "fixtures" / "scale" / "articles.jsonl"
#: Words the English ruler has exceptions for: contractions, "gonna", "y'all", "there is",
#: "but" as an adverb, pronouns, determiners, subordinating "that".
TRICKY = (
    "I ain't gonna go, y'all. Let's go! There is a cat and there were two. C'mon, we gotta go. "
    "He gets it and got it, but she said that they would come. All but one came. "
    "Those who wait: \"something\" or anyone else?"
)


def test_issue_6_detente_loads_the_fast_attribute_ruler() -> None:
    nlp = load_nlp()
    assert isinstance(nlp.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert nlp.pipe_names.index("attribute_ruler") < nlp.pipe_names.index("lemmatizer")


def test_issue_6_fast_attribute_ruler_annotates_as_spacy_does(stock_nlp: spacy.language.Language) -> None:
    texts = [TRICKY, "", "\n\n", "Gon na\n\nwin"] + [a.text for a in read_articles(SCALE)][:6]
    cols = [TAG, POS, MORPH, LEMMA, DEP, HEAD, SENT_START]
    fast = load_nlp()
    for ours, theirs in zip(fast.pipe(texts), stock_nlp.pipe(texts), strict=True):
        assert ours.to_array(cols).tolist() == theirs.to_array(cols).tolist(), ours.text[:60]
        assert [(t.pos_, str(t.morph), t.lemma_) for t in ours] == [(t.pos_, str(t.morph), t.lemma_) for t in theirs]
    doc = fast(TRICKY)
    assert [t.lemma_ for t in doc[:5]] == ["I", "be", "not", "go", "to"]  # "ai" of "ain't", "gon" "na"


def test_issue_6_the_model_multiplies_with_numpy_and_parses_as_with_blis(
    stock_nlp: spacy.language.Language,
) -> None:
    """load_nlp gives every layer numpy's matrix product instead of BLIS's (the faster one
    on most machines); tags, parses and entities stay those of the stock model, which keeps
    thinc's default BLIS ops."""
    ours = load_nlp()
    for name, pipe in ours.pipeline:
        model = getattr(pipe, "model", None)
        if model is not None:
            assert all(getattr(node.ops, "use_blis", None) is False for node in model.walk()), name
    assert stock_nlp.get_pipe("parser").model.ops.use_blis is True
    texts = [a.text for a in read_articles(SCALE)][6:16]
    cols = [TAG, DEP, HEAD, SENT_START, ENT_IOB, ENT_TYPE]
    for mine, theirs in zip(ours.pipe(texts), stock_nlp.pipe(texts), strict=True):
        assert mine.to_array(cols).tolist() == theirs.to_array(cols).tolist(), mine.text[:60]


def test_issue_6_one_blas_thread_limits_numpys_blas_and_gives_it_back() -> None:
    from threadpoolctl import threadpool_info

    def blas_threads() -> list[int]:
        return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]

    before = blas_threads()
    assert before, "numpy's BLAS is not visible to threadpoolctl"
    with one_blas_thread():
        assert blas_threads() == [1] * len(before)
    assert blas_threads() == before


def test_issue_6_a_line_break_starts_a_sentence_whitespace_never_does() -> None:
    nlp = load_nlp()
    text = "Talks ended\nMoscow said no.\n\n  Kyiv agreed. Then\n \n"
    doc = paragraph_boundaries(nlp.make_doc(text))
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts == ["Talks", "Moscow", "Kyiv"]  # the first token always starts one
    assert all(not t.is_sent_start for t in doc if t.is_space)


def test_issue_6_headings_are_short_unpunctuated_lines(pipeline: Pipeline) -> None:
    text = ("Russia and Ukraine\n\nRussia met Ukraine in Geneva on Monday.\n\n"
            "A line of words that runs on and on for more than twelve words with no stop at all\n\n"
            "The talks resumed.")
    sents = [s.text.strip() for _, s in body_sentences(pipeline.nlp(text))]
    assert "Russia and Ukraine" not in sents
    assert "Russia met Ukraine in Geneva on Monday." in sents
    assert any(s.startswith("A line of words") for s in sents)
    assert "The talks resumed." in sents  # short, but it ends in a full stop


def test_issue_6_kept_chunks_are_parsed_from_the_prefilters_tokens(pipeline: Pipeline) -> None:
    """The prefilter hands each chunk's tokens to the parse (no second tokenisation): the
    same words, norms ("n't" read as "not") and parse as tokenising the chunk's text."""
    from detente.model import Article
    from detente.stages.nlp import parse_sentences

    text = (
        "Weather was mild on Sunday.\n\nRussia didn't recall its ambassador from Washington, "
        "officials said. The talks will resume in Geneva.\n\nIran won't sign the deal."
    )
    article = Article(id="t", text=text, title="", published=None, origin="<test>")
    chunks = pipeline.prefilter.select(text)
    assert chunks and all(c.tokens is not None for c in chunks)
    (parsed,) = parse_sentences([article], pipeline.nlp, pipeline.prefilter.select)
    nlp = pipeline.nlp
    expected = [nlp(text[c.start : c.end]) for c in chunks]
    got = [t for t in parsed.doc if not t.is_space]
    want = [t for d in expected for t in d if not t.is_space]
    assert [(t.text, t.norm_, t.dep_, t.head.i - t.i, t.lemma_) for t in got] == [
        (t.text, t.norm_, t.dep_, t.head.i - t.i, t.lemma_) for t in want
    ]
    assert any(t.norm_ == "not" for t in got)


def test_issue_6_load_nlp_makes_malloc_reuse_a_freed_batchs_memory() -> None:
    """After load_nlp, a block of a few megabytes (a batch's activations) comes from the
    heap and goes back to it when freed, instead of an mmap of its own that the next batch
    faults in again (glibc only: elsewhere reuse_freed_memory is a no-op returning False)."""
    import ctypes
    import sys

    import numpy
    import pytest

    from detente.stages.nlp import reuse_freed_memory

    load_nlp()
    if not sys.platform.startswith("linux") or not reuse_freed_memory():
        pytest.skip("not glibc")
    libc = ctypes.CDLL(None)
    if not hasattr(libc, "mallinfo2"):
        pytest.skip("glibc older than 2.33")

    class MallInfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
            "keepcost")]

    libc.mallinfo2.restype = MallInfo2
    mapped = libc.mallinfo2().hblks
    block = numpy.ones(4 << 20, dtype="uint8")  # 4 MB: an mmap of its own under glibc's defaults
    assert libc.mallinfo2().hblks == mapped
    del block
    assert reuse_freed_memory() is True  # made once, and it says so again


def test_issue_6_kept_sentences_are_the_non_blank_sents(pipeline: Pipeline) -> None:
    """kept_sentences gives what enumerate(doc.sents) filtered on sent.text.strip() gives:
    the same numbers and spans, blank sentences (spaces, line breaks) skipped but counted."""
    from detente.stages.nlp import kept_sentences

    def expected(doc: spacy.tokens.Doc) -> list[tuple[int, int, int]]:
        return [(i, s.start, s.end) for i, s in enumerate(doc.sents) if s.text.strip()]

    nlp = load_nlp()
    blank = nlp("\n\n \nThe talks ended.\n\n \n\nTwo more  rounds\n\nare planned.\n\n\n")
    got = [(i, s.start, s.end) for i, s in kept_sentences(blank)]
    assert got == expected(blank)
    assert got[0][0] == 1 and len(got) == len(list(blank.sents)) - 1  # the blank first one skipped, counted
    assert [s.text.strip() for _i, s in kept_sentences(blank)][0] == "The talks ended."
    assert list(kept_sentences(nlp.make_doc(""))) == []
    docs = [p.doc for p in pipeline.parse(list(read_articles(SCALE))[:8])]
    assert sum(len(expected(d)) for d in docs) > 20
    for doc in docs:
        assert [(i, s.start, s.end) for i, s in kept_sentences(doc)] == expected(doc)

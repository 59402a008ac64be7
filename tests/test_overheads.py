"""Issue 6, the per-article overheads around the parse: the faster lemmatizer and
prefilter give exactly what the slower ways gave."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.attrs import LEMMA

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


#: Sentence ends, line breaks, blank lines, a cut prefix, headings, quotes, spaces.
SPLIT_TEXTS = (
    "",
    "\n\n",
    "Putin",
    "US-Russia tension eases\n\nPutin met Biden in Geneva on Wednesday. He said talks were useful!  \n\n",
    "Protesters staged an anti- Gondor parade. \"We want peace,\" they said... Police arrested 20.\n\nMore to come",
    "The ambassador, Anatoly Antonov, was summoned.\nAntonov told reporters: \"We will not leave.\" Mr. Lavrov agreed?!",
    "Iran's foreign minister criticized the sanctions (again).   Tehran  accused Washington\n\n\n\nEnd.",
)


def _reference_select(pre, text):  # type: ignore[no-untyped-def]
    """select() as it was: spaCy's sentencizer and stage nlp's rules on a Doc, Token by Token."""
    from detente.stages.nlp import body_sentences
    from detente.stages.prefilter import Chunk, _Memory

    memory = _Memory()
    sents = [s for _, s in body_sentences(pre.split(text))]
    keep = [False] * len(sents)
    for index, sent in enumerate(sents):
        memory.index = index
        keep[index] = pre.keeps([t.text for t in sent], memory)
        for k in memory.needed:
            keep[k] = True
        memory.needed.clear()
    kept: list[Chunk] = []
    last_end = -1
    for index, sent in enumerate(sents):
        if keep[index]:
            if sent.start == last_end:
                kept[-1] = Chunk(kept[-1].start, sent.end_char, kept[-1].index)
            else:
                kept.append(Chunk(sent.start_char, sent.end_char, index))
            last_end = sent.end
    return [(s.start, s.end, s.start_char, s.end_char, [t.text for t in s]) for s in sents], kept


def test_issue_6_prefilter_splits_and_selects_as_spacys_sentencizer_did(pipeline) -> None:  # type: ignore[no-untyped-def]
    pre = pipeline.prefilter
    texts = [*SPLIT_TEXTS, *(a.text for a in read_articles(SCALE))]
    for text in texts:
        sents, kept = _reference_select(pre, text)
        assert pre.sentences(text) == sents, text[:60]
        assert pre.select(text) == kept, text[:60]
    assert [s[4] for s in pre.sentences(SPLIT_TEXTS[4])][0][:5] == ["Protesters", "staged", "an", "anti-", "Gondor"]
    assert [c.index for c in pre.select(SPLIT_TEXTS[3])] == [0]  # the heading is skipped, both sentences kept


def test_issue_6_leader_and_metonym_names_longest_first(pipeline) -> None:  # type: ignore[no-untyped-def]
    """The first-word index finds the names the walk over every length found."""
    pre = pipeline.prefilter
    extra, longest = pre.res.extra, pre.res.extra_max
    names = sorted((k for k in extra if len(k) > 1), key=len, reverse=True)[:40] + sorted(extra)[:40]

    def walk(words: list[str]) -> list[tuple[int, int, str, str]]:
        lower, found, i, in_name = [w.lower() for w in words], [], 0, set()
        while i < len(lower):
            for k in range(min(longest, len(lower) - i), 0, -1):
                named = extra.get(tuple(lower[i : i + k]))
                if named is not None and (words[i][:1].isupper() or named.kind == "agent"):
                    found.append((i, i + k, named.kind, named.code))
                    i += k - 1
                    break
            i += 1
        return found

    for key in names:
        for words in (["Then", *(w.title() for w in key), "spoke", "."], ["the", *key, *key[:1]]):
            got = pre._extra_names(words, [w.lower() for w in words], set())
            assert got == walk(words), words
    assert any(pre._extra_names([*(w.title() for w in k)], list(k), set()) for k in names if len(k) > 2)


def test_issue_6_clean_still_deletes_invisible_characters() -> None:
    """Lines are translated only when they hold an invisible character: those still go."""
    from detente import Article
    from detente.stages.clean import clean_article

    text = "Putin\u200b met Bi\u00adden in Gen\ufeffeva.\n\nThe talks\u2060 ended.\n\nNo  invisible   ones here."
    out = clean_article(Article(id="x", text=text, title="Summit"))
    assert out.text == "Putin met Biden in Geneva.\n\nThe talks ended.\n\nNo invisible ones here."
    assert clean_article(out) == out


# -- fifth pass: the tokenizer's cache, chunk Docs, the join, the ruler's memory ------------
def test_issue_6_tokenizer_cache_learns_chunks_met_in_two_articles_outside_the_zone() -> None:
    """A chunk met in two articles is tokenised once outside the memory zone, so its
    strings outlive every zone (spaCy caches it); a chunk met once is not; learning
    stops when the cache has no room, and does nothing inside a zone."""
    from detente.stages.nlp import TokenizerCache

    nlp = load_nlp()
    cache = TokenizerCache(nlp)
    cache.room = 2
    with nlp.memory_zone():
        assert cache.learn(["Qwertzovia's envoy met.", "Qwertzovia's envoy left."]) == 0
    assert "Qwertzovia" not in nlp.vocab.strings
    learnt = cache.learn(["Blorvania's envoy met Flimzi.", "Blorvania's envoy left.", "Snarkly said."])
    assert learnt == 2 and cache.room == 0 and not cache.learning
    assert "Blorvania" in nlp.vocab.strings and "Flimzi" not in nlp.vocab.strings
    assert cache.learn(["Grintavia spoke.", "Grintavia spoke."]) == 0  # no room left
    assert "Grintavia" not in nlp.vocab.strings


def test_issue_6_learnt_chunks_tokenise_as_before() -> None:
    """Tokens from the learnt cache are the tokens spaCy makes without it: words,
    spaces, norms ("n't" as "not"), special cases ("U.S.", "Mr.")."""
    from spacy.attrs import NORM, ORTH, SPACY

    from detente.stages.nlp import TokenizerCache

    nlp = load_nlp()
    texts = [LEMMA_TEXT, "Mr. Lavrov didn't say (again) that the U.S.-led talks -- in Geneva -- failed.",
             *(a.text for a in read_articles(SCALE))][:12]

    def tokens() -> list[list[list[int]]]:
        with nlp.memory_zone():
            return [nlp.make_doc(t).to_array([ORTH, NORM, SPACY]).tolist() for t in texts]

    before = tokens()
    cache = TokenizerCache(nlp)
    assert cache.learn(texts) > 50
    assert tokens() == before


def test_issue_6_memory_stays_flat_once_the_tokenizer_cache_is_full() -> None:
    """A long run: learning fills the cache, then new articles add no string for good."""
    from detente import Pipeline

    scale_articles = list(read_articles(SCALE))
    pipe = Pipeline()
    pipe.tokenizer_cache.room = 40
    first = list(pipe.run(scale_articles[:24]))
    assert pipe.tokenizer_cache.room == 0 and all(c.error is None for c in first)
    strings = len(pipe.nlp.vocab.strings)
    list(pipe.run(scale_articles[24:]))
    assert len(pipe.nlp.vocab.strings) == strings
    assert len(scale_articles) > 40


def _parse_as_spacy_does(nlp, text, chunks):  # type: ignore[no-untyped-def]
    """A chunk Doc per chunk by Span.as_doc, parsed, joined by Doc.from_docs."""
    from spacy.tokens import Doc

    parts = list(nlp.pipe([c.tokens.as_doc() for c in chunks], disable=["ner"]))
    return Doc.from_docs(parts, ensure_whitespace=True)


def test_issue_6_chunk_docs_and_join_give_what_as_doc_and_from_docs_give(pipeline) -> None:  # type: ignore[no-untyped-def]
    """Every token attribute, the text, the sentence starts and the model's tensor."""
    from spacy.tokens import Doc

    from detente.model import Article
    from detente.stages.nlp import parse_sentences

    nlp = pipeline.nlp
    cols = list(Doc._get_array_attrs())
    texts = [SPLIT_TEXTS[3], SPLIT_TEXTS[5], "Russia didn't recall its ambassador from Washington, officials said.\n\nIran won't sign the deal with Russia.",
             *(a.text for a in read_articles(SCALE))][:14]
    checked = 0
    for text in texts:
        article = Article(id="t", text=text, title="", published=None, origin="<test>")
        chunks = pipeline.prefilter.select(text)
        (parsed,) = parse_sentences([article], nlp, pipeline.prefilter.select)
        if not chunks:
            assert len(parsed.doc) == 0
            continue
        want = _parse_as_spacy_does(nlp, text, chunks)
        got = parsed.doc
        assert got.text == want.text and got.to_array(cols).tolist() == want.to_array(cols).tolist(), text[:60]
        assert [t.norm_ for t in got] == [t.norm_ for t in want]
        assert got.tensor.shape == want.tensor.shape and (got.tensor == want.tensor).all()
        checked += len(chunks) > 1
    assert checked >= 5
    assert "not" in [t.norm_ for t in parse_sentences(
        [Article(id="n", text=texts[2], title="", published=None, origin="<test>")], nlp, pipeline.prefilter.select
    ).__next__().doc]


def test_issue_6_attribute_rulers_memory_gives_spacys_annotations_in_any_order(
    stock_nlp: spacy.language.Language,
) -> None:
    """The ruler remembers what it found for a (tag, word): Docs in another order, and a
    word whose several-token pattern ("gon na") decides, still match spaCy's ruler."""
    from spacy.attrs import MORPH, POS, TAG

    from detente.stages.nlp import FastAttributeRuler

    fast = load_nlp()
    ruler = FastAttributeRuler().compile(stock_nlp.get_pipe("attribute_ruler"))
    texts = ["I'm gonna win, y'all.", "We gon na win and we are going to.", "There is one. Gon na\n\nwin",
             LEMMA_TEXT]
    cols = [TAG, POS, MORPH]
    for order in (texts, texts[::-1], texts):
        for text in order:
            with fast.select_pipes(enable=["tok2vec", "tagger", "detente_paragraphs", "parser"]):
                ours = ruler(fast(text))
            theirs = stock_nlp(text)
            assert ours.to_array(cols).tolist() == theirs.to_array(cols).tolist(), text
    assert len(ruler._memo) > 10


# -- fifth pass, round two: fewer objects for the cyclic GC -------------------------------
def test_issue_6_ruler_and_lemmatizer_remember_tokens_as_untracked_bytes(
    stock_nlp: spacy.language.Language,
) -> None:
    """The ruler's memory and the lemmatizer's cache are keyed by the bytes of a token's
    array row (objects the GC does not track), and a second article in a new order still
    gets spaCy's tags, morphology and lemmas, from the remembered rows."""
    import gc

    from spacy.attrs import MORPH, POS, TAG

    from detente.stages.nlp import FastAttributeRuler

    ruler = FastAttributeRuler().compile(stock_nlp.get_pipe("attribute_ruler"))
    lemmatizer = FastLemmatizer().compile(stock_nlp.get_pipe("lemmatizer"))
    texts = [a.text for a in read_articles(SCALE)][:3]
    cols = [TAG, POS, MORPH, LEMMA]
    for text in texts + texts[::-1]:
        with stock_nlp.select_pipes(enable=["tok2vec", "tagger", "parser"]):
            ours = lemmatizer(ruler(stock_nlp(text)))
        theirs = stock_nlp(text)
        assert ours.to_array(cols).tolist() == theirs.to_array(cols).tolist()
    assert len(ruler._memo) > 50 and len(lemmatizer.cache) > 50
    assert all(type(k) is bytes and len(k) == 32 for k in ruler._memo)
    assert all(type(k) is bytes and len(k) == 24 for k in lemmatizer.cache)
    assert not any(gc.is_tracked(k) for k in list(ruler._memo) + list(lemmatizer.cache))


def test_issue_6_ruler_looks_for_several_token_patterns_only_where_they_can_start(
    stock_nlp: spacy.language.Language,
) -> None:
    """The Matcher runs in short windows at the tokens where a pattern can start, not over
    the Doc: the same matches as over the whole Doc, at the end of a Doc too, and the
    same annotations as spaCy's ruler."""
    from spacy.attrs import MORPH, POS, TAG

    from detente.stages.nlp import FastAttributeRuler

    ruler = FastAttributeRuler().compile(stock_nlp.get_pipe("attribute_ruler"))
    assert not ruler.always_match and ruler.longest >= 2
    texts = ["There are talks, and let's say there were more. Y'all know we gon na", "C'mon, there is no deal", "gon"]
    hits = 0
    for text in texts:
        with stock_nlp.select_pipes(enable=["tok2vec", "tagger", "parser"]):
            doc = stock_nlp(text)
        found = [ruler._memo.get(r) or ruler._lookup(r) for r in map(tuple, doc.to_array(["TAG", "LOWER", "DEP", "IS_SPACE"]).tolist())]
        whole = sorted(ruler.matcher(doc, allow_missing=True, as_spans=False))
        assert sorted(ruler._matches(doc, found)) == whole
        hits += len(whole)
        cols = [TAG, POS, MORPH]
        assert ruler(doc).to_array(cols).tolist() == stock_nlp(text).to_array(cols).tolist(), text
    assert hits >= 4

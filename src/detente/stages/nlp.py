"""Stage 3, nlp: spaCy sentences, entities and dependency parse.

This is the only stage that loads spaCy. Paragraph breaks in the cleaned text
("\\n\\n") always start a new sentence, so a heading never runs into the next
paragraph.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from functools import lru_cache
from typing import Any

import spacy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc, Span

from detente.errors import ConfigError
from detente.model import Article
from detente.settings import DEFAULT_MODELS

__all__ = ["ParsedArticle", "load_nlp", "parse", "parse_one", "parse_sentences", "body_sentences"]


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """An article with its spaCy parse.

    A full parse has ``doc.text == article.text``. A prefiltered parse (see
    :func:`parse_sentences`) holds only the kept sentences, one after the other, and
    ``offsets`` maps them back: ``(doc_char, article_char)`` where each one starts.
    """

    article: Article
    doc: Doc
    offsets: tuple[tuple[int, int], ...] | None = None

    @property
    def prefiltered(self) -> bool:
        return self.offsets is not None

    def article_offset(self, doc_char: int) -> int:
        """The article offset of a character of ``doc`` (the identity for a full parse)."""
        if not self.offsets:
            return doc_char
        k = bisect_right(self.offsets, (doc_char, float("inf"))) - 1
        doc_start, art_start = self.offsets[max(k, 0)]
        return art_start + doc_char - doc_start


@Language.component("detente_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A token that follows a line break starts a sentence; whitespace tokens never do.

    A token's trailing whitespace is at most one space, so a line break is always inside
    a token's text: the tokens to look at are found from the breaks in ``doc.text``
    (a few per article), not by walking every token (issue 6)."""
    text = doc.text
    pos = text.find("\n")
    if pos < 0:
        return doc
    starts = doc.to_array(IDX).tolist()
    n = len(starts)
    last = -1
    while pos >= 0:
        i = bisect_right(starts, pos) - 1
        if i != last and i + 1 < n:
            nxt = doc[i + 1]
            if not nxt.is_space:
                nxt.is_sent_start = True
        last = i
        pos = text.find("\n", pos + 1)
    return doc


@lru_cache(maxsize=2)
def load_nlp(model: str | None = None) -> Language:
    """Load the spaCy pipeline: ``model`` if given, else the first of DEFAULT_MODELS installed."""
    names = (model,) if model else DEFAULT_MODELS
    errors = []
    for name in names:
        try:
            nlp = spacy.load(name)
        except OSError as exc:
            errors.append(f"{name}: {exc.__class__.__name__}")
            continue
        if "detente_paragraphs" not in nlp.pipe_names:
            before = "parser" if "parser" in nlp.pipe_names else None
            nlp.add_pipe("detente_paragraphs", before=before)
        return nlp
    raise ConfigError(
        "No spaCy English model is installed (tried "
        + ", ".join(names)
        + "). Install it with `make install`, or `pip install en_core_web_sm`."
    )


def parse(
    articles: Iterable[Article], nlp: Language, batch_size: int = 16, n_process: int = 1
) -> Iterator[ParsedArticle]:
    """Parse articles in a stream, in order, keeping each Doc with its Article."""
    pairs: Iterable[tuple[str, Any]] = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield ParsedArticle(article, doc)


def parse_sentences(
    articles: Iterable[Article],
    nlp: Language,
    select: Any,
    batch_size: int = 16,
) -> Iterator[ParsedArticle]:
    """Parse only the sentences ``select(text)`` keeps (a list of chunks with ``start``
    and ``end``), in a stream, in order.

    The kept sentences of an article are parsed as separate Docs (batched across
    articles), then joined into one Doc per article so that token indices stay unique
    within the article; ``ParsedArticle.offsets`` maps them back to article offsets.
    """
    it = iter(articles)
    while batch := list(islice(it, batch_size)):
        plans = [(a, select(a.text)) for a in batch]
        texts = (a.text[c.start : c.end] for a, chunks in plans for c in chunks)
        docs = nlp.pipe(texts, batch_size=max(64, batch_size * 8))
        for article, chunks in plans:
            parts = [next(docs) for _ in chunks]
            if not parts:
                yield ParsedArticle(article, nlp.make_doc(""), ())
                continue
            joined = Doc.from_docs(parts, ensure_whitespace=True)
            offsets = []
            tok = 0
            for chunk, part in zip(chunks, parts):
                offsets.append((joined[tok].idx, chunk.start))
                tok += len(part)
            yield ParsedArticle(article, joined, tuple(offsets))


def parse_one(article: Article, nlp: Language) -> ParsedArticle:
    return ParsedArticle(article, nlp(article.text))


def body_sentences(doc: Doc) -> Iterator[tuple[int, Span]]:
    """Sentences worth coding, with their paragraph number; headings and blanks are skipped."""
    para = 0
    for sent in doc.sents:
        text = sent.text.strip()
        if not text:
            para += 1 if "\n" in sent.text else 0
            continue
        start_ws = doc[sent.start - 1].text_with_ws if sent.start > 0 else ""
        if "\n" in start_ws:
            para += 1
        if _is_heading(sent):
            continue
        yield para, sent


_FINAL = frozenset({".", "!", "?", '"', "”", "’", "'", ":"})
#: A heading has fewer words than this.
_HEADING_WORDS = 12


def _is_heading(sent: Span) -> bool:
    """A short line with no final punctuation that stands alone in its paragraph.

    Checked cheapest first, so that most sentences (ending in a full stop) cost a look
    at their last tokens, not a walk over all of them."""
    doc = sent.doc
    last = next((doc[i] for i in range(sent.end - 1, sent.start - 1, -1) if not doc[i].is_space), None)
    if last is None:
        return True
    own_line = "\n" in doc[sent.end - 1].text_with_ws or sent.end == len(doc) or doc[sent.end - 1].is_space
    if not own_line or last.text in _FINAL:
        return False
    words = 0
    for t in sent:
        if not t.is_space and not t.is_punct:
            words += 1
            if words >= _HEADING_WORDS:
                return False
    return True

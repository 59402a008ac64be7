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
    """A token that follows a blank line starts a sentence; whitespace tokens never do;
    nor does the word after a hyphenated prefix ("an anti- Gondor parade")."""
    for i, tok in enumerate(doc[:-1]):
        nxt = doc[i + 1]
        if "\n" in tok.text_with_ws and not nxt.is_space:
            nxt.is_sent_start = True
        elif tok.is_space and "\n" in tok.text and not nxt.is_space:
            nxt.is_sent_start = True
        elif len(tok.text) > 1 and tok.text.endswith("-") and tok.text[0].isalpha() and nxt.is_alpha:
            nxt.is_sent_start = False
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


def _is_heading(sent: Span) -> bool:
    """A short line with no final punctuation that stands alone in its paragraph."""
    words = [t for t in sent if not t.is_space and not t.is_punct]
    last = [t for t in sent if not t.is_space]
    if not last:
        return True
    ends = last[-1].text in {".", "!", "?", '"', "”", "’", "'", ":"}
    end_ws = sent[-1].text_with_ws
    own_line = "\n" in end_ws or sent.end == len(sent.doc) or sent.doc[sent.end - 1].is_space
    return not ends and len(words) < 12 and own_line

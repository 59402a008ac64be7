"""Stage 3, nlp: spaCy sentences, entities and dependency parse.

This is the only stage that loads spaCy. Paragraph breaks in the cleaned text
("\\n\\n") always start a new sentence, so a heading never runs into the next
paragraph. Named entities are recognised a sentence at a time, when a later stage first
reads them through :func:`ent_type` (:class:`LazyEntities`): NER costs as much as the
tagger and parser together, and the coder needs it in about one sentence in eight.

The model's matrix products run on numpy's BLAS, one thread at a time (:func:`load_nlp`,
:func:`one_blas_thread`), not on the BLIS that thinc uses by default.
"""

from __future__ import annotations

import copy
import ctypes
import re
import struct
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from functools import cached_property, lru_cache
from typing import Any

import numpy
import spacy
from thinc.api import NumpyOps, set_dropout_rate
from threadpoolctl import ThreadpoolController
from spacy.attrs import DEP, HEAD, IDX, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, SENT_START, SPACY, TAG
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.lookups import Lookups, Table
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, DependencyParser, Lemmatizer
from spacy.pipeline.transition_parser import Parser
from spacy.tokens import Doc, Span, Token
from spacy.util import minibatch

from detente.errors import ConfigError
from detente.model import Article
from detente.settings import DEFAULT_MODELS

__all__ = [
    "ParsedArticle", "LazyEntities", "load_nlp", "parse", "parse_one", "parse_sentences", "body_sentences",
    "kept_sentences",
    "ent_type", "ent_iob", "entity_of", "doc_entities", "one_blas_thread", "TokenizerCache",
    "DocColumns", "doc_columns", "reuse_freed_memory", "pipe_sentences", "pipe_stepped", "greedy_parse",
]


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


#: "anti- ", "pro- ": a word ending in a hyphen before a space (a prefix cut from its word).
_HYPHEN_PREFIX = re.compile(r"[^\W\d_]\w*-(?= )")


def _hyphen_prefix_ends(text: str) -> list[int]:
    """Where each cut prefix of ``text`` ends ("anti- " of "anti- and pro-war"): the
    offset of its hyphen. The search is slow and "- " rare, so it runs only when present."""
    return [m.end() - 1 for m in _HYPHEN_PREFIX.finditer(text)] if "- " in text else []


@Language.component("detente_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A token that follows a line break starts a sentence; whitespace tokens never do;
    nor does the word after a hyphenated prefix ("an anti- Gondor parade").

    A token's trailing whitespace is at most one space, so a line break is always inside
    a token's text: the tokens to look at are found from the breaks and prefixes in
    ``doc.text`` (a few per article), not by walking every token (issue 6). The text is
    put together from the string store, not from a Token per word as ``doc.text`` does."""
    strings = doc.vocab.strings
    # a list per column, not one per token (issue 6: fewer objects for the cyclic GC)
    orths, spaces = doc.to_array([ORTH, SPACY]).T.tolist()
    text = "".join([strings[o] + " " if sp else strings[o] for o, sp in zip(orths, spaces)])
    pos = text.find("\n")
    prefixes = _hyphen_prefix_ends(text)
    if pos < 0 and not prefixes:
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
    for pos in prefixes:
        i = bisect_right(starts, pos) - 1
        tok = doc[i]
        if i + 1 < n and len(tok.text) > 1 and tok.text.endswith("-") and doc[i + 1].is_alpha:
            doc[i + 1].is_sent_start = False
    return doc


_RULER_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")
#: A test on one token: (column, hash or bool) for equality, (column, frozenset of
#: hashes, negate) for IN / NOT_IN, (column, compiled regex, None) for REGEX.
_Test = tuple[Any, ...]
_Entry = tuple[int, tuple[_Test, ...]]
#: What a token's row matches: the one-token patterns (numbers in order, -1 where a
#: Matcher pattern may start), what they write as (column place, value), and the same
#: writes as one row of values and one of flags (bytes), ready to be joined for a Doc.
_Found = tuple[tuple[int, ...], tuple[tuple[int, int], ...], bytes, bytes]


class FastAttributeRuler:
    """spaCy's ``attribute_ruler`` with the same annotations, several times faster.

    The English models' ruler maps each fine-grained tag to its POS and morphology, plus
    exceptions by word: some 180 patterns, which spaCy's Matcher tries at every token
    (a tenth of the parse, issue 6). Here the one-token patterns over TAG, LOWER, DEP
    and IS_SPACE are looked up by the token's tag and lower-case form; the others
    (several tokens, regular expressions) go to a Matcher, run only on a Doc where one
    of them can start. As in spaCy, every matching pattern writes its attributes in the
    order the patterns were added, so a later one wins.
    """

    def __init__(self, name: str = "attribute_ruler") -> None:
        self.name = name
        self.vocab: Any = None
        self.attrs: list[dict[int, Any]] = []
        self.indices: list[int] = []
        #: tag hash (None: any tag) -> (lower hash -> patterns, patterns with no one
        #: lower form); a pattern is (its number, the tests left to do)
        self.index: dict[int | None, tuple[dict[int, list[_Entry]], list[_Entry]]] = {}
        self.matcher: Matcher | None = None
        #: Run the Matcher on every Doc (else only where a token can start one of its patterns).
        self.always_match = False
        #: The most tokens a Matcher pattern spans (none has an operator unless always_match).
        self.longest = 0
        self.columns: list[int] = []
        self._place: dict[int, int] = {}
        #: (TAG, LOWER, DEP, IS_SPACE), as the 32 bytes of its array row -> what
        #: :meth:`_lookup` found for it (bytes, which the cyclic GC does not track)
        self._memo: dict[bytes, _Found] = {}
        #: per column: the values some pattern is filed under or tests, and the regular
        #: expressions tested on it; :meth:`_class` reads a token's row through them
        self._known: list[frozenset[int]] = []
        self._regexes: list[tuple[Any, ...]] = []
        #: :meth:`_class` of a row -> what :meth:`_lookup` found for it (a few thousand
        #: classes, where the rows of a long run are hundreds of thousands)
        self._by_class: dict[tuple[int, ...], _Found] = {}

    def compile(self, ruler: AttributeRuler) -> "FastAttributeRuler":
        """Take over the patterns of ``ruler`` (an initialised spaCy ``AttributeRuler``)."""
        self.vocab = ruler.vocab
        self.attrs, self.indices = list(ruler.attrs), list(ruler.indices)
        self.columns = sorted({k for a in self.attrs for k in a})
        self._place = {c: k for k, c in enumerate(self.columns)}
        self._memo = {}
        self.matcher = Matcher(self.vocab)
        self.always_match, self.longest = False, 0
        for i in range(len(self.attrs)):
            for pattern in ruler.matcher.get(str(i))[1]:
                tests = self._tests(pattern[0]) if len(pattern) == 1 else None
                if tests is None or any(len(t) == 3 and t[2] is None for t in tests):
                    self.matcher.add(str(i), [pattern])
                    self.longest = max(self.longest, len(pattern))
                    first = self._tests(pattern[0]) if not any("OP" in tok for tok in pattern) else None
                    if first is None:
                        self.always_match = True
                    else:  # a token that can start it: number -1 in the index
                        self._index(-1, first)
                    continue
                self._index(i, tests)
        self._classes()
        return self

    def _classes(self) -> None:
        """Gather, per column, the values the index files patterns under or tests for,
        and the regular expressions it tests (see :meth:`_class`)."""
        known: list[set[int]] = [set() for _ in _RULER_ATTRS]
        regexes: list[list[Any]] = [[] for _ in _RULER_ATTRS]
        for tag, (by_lower, other) in self.index.items():
            if tag is not None:
                known[0].add(tag)
            known[1].update(by_lower)
            for group in (*by_lower.values(), other):
                for _number, tests in group:
                    for test in tests:
                        if len(test) == 2:
                            known[test[0]].add(test[1])
                        elif test[2] is None:
                            if test[1] not in regexes[test[0]]:
                                regexes[test[0]].append(test[1])
                        else:
                            known[test[0]].update(test[1])
        self._known = [frozenset(k) for k in known]
        self._regexes = [tuple(r) for r in regexes]
        self._by_class = {}

    def _class(self, row: tuple[int, ...]) -> tuple[int, ...]:
        """The row with each value no pattern names replaced by -1, less the regular
        expressions on its column that it matches, as bits: rows of one class match the
        same one-token patterns. A value outside a column's known ones fails every
        equality and IN test and passes every NOT_IN test, whatever it is, so only the
        regular expressions can tell two such values apart."""
        out = []
        for value, known, regexes in zip(row, self._known, self._regexes):
            if value in known:
                out.append(value)
            elif not regexes:
                out.append(-1)
            else:
                text = self.vocab.strings[value]
                out.append(-1 - sum(1 << k for k, rx in enumerate(regexes) if rx.search(text) is not None))
        return tuple(out)

    def _index(self, number: int, tests: tuple[_Test, ...]) -> None:
        """File a pattern under each tag and lower-case form it can match (an IN list
        counts as one of its members); the tests on other columns are kept with it."""
        keys: list[list[int | None]] = [[None], [None]]
        rest = []
        for test in tests:
            if test[0] in (0, 1) and len(test) == 2 and keys[test[0]] == [None]:
                keys[test[0]] = [test[1]]
            elif test[0] in (0, 1) and len(test) == 3 and test[2] is False and keys[test[0]] == [None]:
                keys[test[0]] = sorted(test[1])
            else:
                rest.append(test)
        for tag in keys[0]:
            by_lower, other = self.index.setdefault(tag, ({}, []))
            for lower in keys[1]:
                (other if lower is None else by_lower.setdefault(lower, [])).append((number, tuple(rest)))

    def _tests(self, spec: dict[str, Any]) -> tuple[_Test, ...] | None:
        """The tests of one token's pattern, or None if only the Matcher can tell."""
        tests: list[_Test] = []
        strings = self.vocab.strings
        for key, value in spec.items():
            if key not in _RULER_ATTRS:
                return None
            col = _RULER_ATTRS.index(key)
            if key == "IS_SPACE":
                if not isinstance(value, bool):
                    return None
                tests.append((col, int(value)))
            elif isinstance(value, str):
                tests.append((col, strings.add(value)))
            elif isinstance(value, dict) and len(value) == 1:
                op, arg = next(iter(value.items()))
                if op in ("IN", "NOT_IN") and all(isinstance(w, str) for w in arg):
                    tests.append((col, frozenset(strings.add(w) for w in arg), op == "NOT_IN"))
                elif op == "REGEX" and isinstance(arg, str) and key == "LOWER":
                    tests.append((col, re.compile(arg), None))
                else:
                    return None
            else:
                return None
        return tuple(tests)

    def _passes(self, row: list[int], tests: tuple[_Test, ...]) -> bool:
        for test in tests:
            value = row[test[0]]
            if len(test) == 2:
                if value != test[1]:
                    return False
            elif test[2] is None:
                if test[1].search(self.vocab.strings[value]) is None:
                    return False
            elif (value in test[1]) == test[2]:
                return False
        return True

    #: Forget the remembered tokens when there are this many (a long run meets new words forever).
    MAX_MEMO = 200_000

    def _lookup(self, row: tuple[int, ...]) -> _Found:
        """The one-token patterns a token matches (numbers in order; -1 when a Matcher
        pattern may start at it) and what they write, merged in order (a later one wins),
        as (column place, value): all of it depends only on its TAG, LOWER, DEP, IS_SPACE."""
        none: tuple[dict[int, list[_Entry]], list[_Entry]] = ({}, [])
        found: list[int] = []
        for by_lower, other in (self.index.get(row[0], none), self.index.get(None, none)):
            for group in (by_lower.get(row[1], ()), other):
                for i, tests in group:
                    if not tests or self._passes(row, tests):  # type: ignore[arg-type]
                        found.append(i)
        found.sort()
        place = self._place
        writes: dict[int, int] = {}
        for i in found:
            if i >= 0:
                for attr, value in self.attrs[i].items():
                    writes[place[attr]] = value
        values, flags = [0] * len(self.columns), [0] * len(self.columns)
        for k, value in writes.items():
            values[k], flags[k] = value, 1
        return tuple(found), tuple(writes.items()), struct.pack(f"{len(values)}Q", *values), bytes(flags)

    def _matches(self, doc: Doc, found: list[tuple[tuple[int, ...], Any]]) -> list[tuple[int, int, int]]:
        """The Matcher's (match id, start, end) in ``doc``. Without an operator a pattern
        spans a fixed number of tokens, so it is looked for only at the tokens where one
        can start (number -1), each in a window of the longest pattern's length, not over
        the whole Doc: a few hundred tokens in 200 articles, not 200,000 (issue 6)."""
        if self.always_match:
            return list(self.matcher(doc, allow_missing=True, as_spans=False))
        out: list[tuple[int, int, int]] = []
        longest = self.longest
        for t, got in enumerate(found):
            if got[0] and got[0][0] < 0:
                for match_id, start, end in self.matcher(doc[t : t + longest], allow_missing=True, as_spans=False):
                    if start == 0:  # one that starts further on has its own window
                        out.append((match_id, t, t + end))
        return out

    def __call__(self, doc: Doc) -> Doc:
        """Every token's one-token patterns are looked up once per distinct (TAG, LOWER,
        DEP, IS_SPACE) and remembered across Docs, and a new one first by its class
        (:meth:`_class`); a token a Matcher pattern also hits gets all its patterns
        applied in order, as spaCy would."""
        if not len(doc):
            return doc
        assert self.matcher is not None
        if len(self._memo) > self.MAX_MEMO:
            self._memo.clear()
        if len(self._by_class) > self.MAX_MEMO:
            self._by_class.clear()
        memo, lookup, by_class, classify = self._memo, self._lookup, self._by_class, self._class
        found = []
        may_match = self.always_match
        # each token's row as bytes, not a list and a tuple: fewer objects for the GC (issue 6)
        data = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).astype("uint64", copy=False).tobytes()
        for k in range(0, len(data), 32):
            row = data[k : k + 32]
            got = memo.get(row)
            if got is None:  # a new row: most are of a class met before ("said" and "met" as VBD)
                values = struct.unpack("4Q", row)
                kind = classify(values)
                got = by_class.get(kind)
                if got is None:
                    got = by_class[kind] = lookup(values)
                memo[row] = got
            if got[0] and got[0][0] < 0:
                may_match = True
            found.append(got)
        extra: dict[int, list[int]] = {}  # token -> Matcher patterns that write to it
        if may_match and len(self.matcher):
            for match_id, start, end in self._matches(doc, found):
                i = int(self.vocab.strings[match_id])
                index = self.indices[i]
                target = start + index if index >= 0 else end + index
                if not start <= target < end:
                    raise ValueError(f"attribute_ruler: index {index} is outside the match {doc[start:end].text!r}")
                extra.setdefault(target, []).append(i)
        if not extra and not any(got[1] for got in found):
            return doc
        cols, place = self.columns, self._place
        # each token's writes as a row of values and a row of flags, joined from the
        # remembered bytes and set with one mask: no Python work per token (issue 6)
        n, width = len(found), len(cols)
        writes = numpy.frombuffer(b"".join([got[2] for got in found]), dtype=numpy.uint64).reshape(n, width)
        flags = numpy.frombuffer(b"".join([got[3] for got in found]), dtype=numpy.bool_).reshape(n, width)
        if extra:
            writes, flags = writes.copy(), flags.copy()
            for t, more in extra.items():
                flags[t] = False
                for i in sorted(m for m in (*found[t][0], *more) if m >= 0):
                    for attr, value in self.attrs[i].items():
                        writes[t, place[attr]] = value  # a later pattern wins
                        flags[t, place[attr]] = True
        values = doc.to_array(cols).reshape(n, width)
        values[flags] = writes[flags]
        doc.from_array(cols, values)
        return doc


@Language.factory("detente_attribute_ruler")
def make_fast_attribute_ruler(nlp: Language, name: str) -> FastAttributeRuler:
    return FastAttributeRuler(name)


class FastLemmatizer:
    """spaCy's rule ``lemmatizer`` with the same lemmas, token for token, a cache away.

    spaCy's rule lemmatizer works out each token's lemma in Python, caching only the
    words its rules change: a singular noun or a base-form verb is looked at again every
    time it occurs (issue 6). A lemma depends only on what the rules read: the word
    (ORTH), its POS and its morphology. Here every (ORTH, POS, MORPH) met is asked of
    the wrapped lemmatizer once and remembered; the lemmas of a Doc are then looked up
    from its arrays and written in one ``from_array``. As in spaCy, a token that has a
    lemma already (from the attribute ruler) keeps it unless ``overwrite`` is set.

    The word asked about is asked of a copy of the lemmatizer (spaCy's own code) whose
    ``lemma_index`` holds sets, not the model's lists of up to 57,000 words that its
    rules test membership in, one after the other (a quarter of a millisecond a word).
    """

    #: Forget the cache when it holds this many entries (a long run meets new names forever).
    MAX_CACHE = 200_000

    def __init__(self, name: str = "lemmatizer") -> None:
        self.name = name
        self.lemmatizer: Lemmatizer | None = None
        #: (ORTH, POS, MORPH), as the 24 bytes of its array row -> lemma
        self.cache: dict[bytes, str] = {}
        self._asked: Lemmatizer | None = None

    def compile(self, lemmatizer: Lemmatizer) -> "FastLemmatizer":
        """Wrap ``lemmatizer`` (an initialised spaCy rule ``Lemmatizer``)."""
        self.lemmatizer = lemmatizer
        self._asked = None
        return self

    def _ask(self) -> Lemmatizer:
        """The lemmatizer a new word is asked of: a shallow copy of the wrapped one with
        its own cache and a ``lemma_index`` of sets (made once its tables are loaded)."""
        asked = self._asked
        if asked is None:
            lem = self.lemmatizer
            assert lem is not None
            asked = copy.copy(lem)
            asked.cache = {}
            asked.lemmatize = getattr(asked, f"{asked.mode}_lemmatize")  # bound to the copy
            if type(lem).is_base_form is EnglishLemmatizer.is_base_form:
                asked.is_base_form = _base_form_memo(asked.is_base_form)
            if lem.lookups.has_table("lemma_index"):
                lookups = Lookups()
                for name in lem.lookups.tables:
                    lookups.set_table(name, lem.lookups.get_table(name))
                index = Table(name="lemma_index")
                for key, words in lem.lookups.get_table("lemma_index").items():
                    index[key] = frozenset(words) if isinstance(words, list) else words
                lookups.set_table("lemma_index", index)
                asked.lookups = lookups
            self._asked = asked
        return asked

    @property
    def lookups(self) -> Any:
        """The wrapped lemmatizer's tables (``lemma_exc`` ...), as on spaCy's."""
        return getattr(self.lemmatizer, "lookups", None)

    @property
    def mode(self) -> str:
        return str(getattr(self.lemmatizer, "mode", ""))

    def __call__(self, doc: Doc) -> Doc:
        lem = self.lemmatizer
        assert lem is not None, "FastLemmatizer.compile(lemmatizer) first"
        if not len(doc):
            return doc
        if not lem._validated:
            lem._validate_tables(Errors.E1004)
        asked = self._ask()
        ask = asked.lemmatize
        # (POS, MORPH) -> whether it is a base form, as far as the rules have asked: a new
        # word of such a class is its own lemma lowercased (``rule_lemmatize``'s first
        # answer, before any table), with no Token made or rule method called (issue 6)
        base = getattr(asked.is_base_form, "memo", None) if asked.mode == "rule" else None
        strings = doc.vocab.strings
        cache = self.cache
        if len(cache) > self.MAX_CACHE:
            cache.clear()
        overwrite = lem.overwrite
        add = doc.vocab.strings.add
        # keys as bytes and one list of lemmas, not a list and a tuple per token: fewer
        # objects for the GC (issue 6)
        array = doc.to_array([ORTH, POS, MORPH, LEMMA]).astype("uint64", copy=False)
        data = numpy.ascontiguousarray(array[:, :3]).tobytes()
        old = array[:, 3].tolist()
        lemmas = list(old)
        added: dict[str, int] = {}
        changed = False
        for i, lemma in enumerate(old):
            if lemma and not overwrite:
                continue
            key = data[24 * i : 24 * i + 24]
            got = cache.get(key)
            if got is None:
                orth, pos, morph = struct.unpack("3Q", key)
                if base is not None and base.get((pos, morph)):
                    got = strings[orth].lower()
                else:
                    got = ask(doc[i])[0]
                cache[key] = got
            h = added.get(got)
            if h is None:  # a cached lemma's string may have gone with a memory zone: add it again
                h = added[got] = add(got)
            lemmas[i] = h
            changed = True
        if changed:
            doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64"))
        return doc


def _base_form_memo(is_base_form: Any) -> Any:
    """English ``is_base_form``, remembered by the token's POS and morphology, the only
    things it reads: it parses the token's morphology string into a dict on every call,
    and the lemmatizer asks it of every word it has not seen (issue 6)."""
    memo: dict[tuple[int, int], bool] = {}

    def remembered(token: Token) -> bool:
        key = (token.pos, token.morph.key)
        got = memo.get(key)
        if got is None:
            got = memo[key] = bool(is_base_form(token))
        return got

    remembered.memo = memo  # type: ignore[attr-defined]
    return remembered


@Language.factory("detente_lemmatizer")
def make_fast_lemmatizer(nlp: Language, name: str) -> FastLemmatizer:
    return FastLemmatizer(name)


@lru_cache(maxsize=2)
def load_nlp(model: str | None = None) -> Language:
    """Load the spaCy pipeline: ``model`` if given, else the first of DEFAULT_MODELS installed.

    Its layers multiply matrices with numpy (``NumpyOps(use_blis=False)``), whose OpenBLAS
    picks a kernel for the CPU it runs on; the BLIS wheel thinc uses otherwise can fall
    back to generic kernels (18-24 GFLOPS against OpenBLAS's 70-78 on this project's
    AMD EPYC build machine, one thread). The parses are the same (docs/scale.md)."""
    names = (model,) if model else DEFAULT_MODELS
    errors = []
    for name in names:
        try:
            nlp = spacy.load(name)
        except OSError as exc:
            errors.append(f"{name}: {exc.__class__.__name__}")
            continue
        _numpy_matmul(nlp)
        reuse_freed_memory()
        if "detente_paragraphs" not in nlp.pipe_names:
            before = "parser" if "parser" in nlp.pipe_names else None
            nlp.add_pipe("detente_paragraphs", before=before)
        if "attribute_ruler" in nlp.pipe_names and isinstance(nlp.get_pipe("attribute_ruler"), AttributeRuler):
            ruler = nlp.get_pipe("attribute_ruler")
            nlp.replace_pipe("attribute_ruler", "detente_attribute_ruler").compile(ruler)
        lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
        if isinstance(lemmatizer, Lemmatizer) and lemmatizer.mode == "rule":
            nlp.replace_pipe("lemmatizer", "detente_lemmatizer").compile(lemmatizer)
        return nlp
    raise ConfigError(
        "No spaCy English model is installed (tried "
        + ", ".join(names)
        + "). Install it with `make install`, or `pip install en_core_web_sm`."
    )


def _numpy_matmul(nlp: Language) -> None:
    """Give every layer of the pipeline thinc's numpy ops without BLIS (see :func:`load_nlp`)."""
    ops = NumpyOps(use_blis=False)
    for _name, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        if model is not None:
            for node in model.walk():
                if isinstance(node.ops, NumpyOps):
                    node.ops = ops


#: glibc ``mallopt`` parameters (malloc.h): free memory at the top of the heap above this
#: is given back to the system; blocks above this size get an ``mmap`` of their own.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
#: The thresholds :func:`reuse_freed_memory` sets: 256 MB and 64 MB.
TRIM_THRESHOLD, MMAP_THRESHOLD = 256 << 20, 64 << 20


@lru_cache(maxsize=1)
def reuse_freed_memory() -> bool:
    """Have glibc's malloc keep the memory a parse frees for the next parse, not give it
    back to the system; True if it could (glibc), False elsewhere (a no-op).

    A batch's activations are arrays of a few megabytes. By default glibc maps each of
    them fresh and unmaps it when freed, and numpy asks for huge pages on such arrays, so
    every batch faults in and zeroes its memory again, 2 MB at a time: about 15% of the
    CPU time of a run went to the kernel (issue 6, docs/scale.md). Raising the two
    thresholds makes the freed blocks stay in the heap, to be reused; a long run's
    resident memory stays flat, some 40 MB above what it was. The setting is the
    process's, like the BLAS thread limit (:func:`one_blas_thread`), and is made once."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))


@lru_cache(maxsize=1)
def _blas_controller() -> ThreadpoolController:
    return ThreadpoolController()


def one_blas_thread() -> Any:
    """A context in which numpy's BLAS runs on one thread, as BLIS did: a parse's
    matrices are small, extra threads mostly spin (they cost 30% more CPU time per article
    here), and parallel work comes from processes (``Pipeline.pool``). The setting the
    caller had comes back on exit."""
    return _blas_controller().limit(limits=1, user_api="blas")


class TokenizerCache:
    """Fills spaCy's tokenizer cache, outside any memory zone, with the chunks the
    stream keeps meeting.

    The tokenizer caches how it split each whitespace-separated chunk ("said,",
    "(Reuters)"), but not inside a memory zone (the lexemes it would point to go with the
    zone), and every batch is tokenised in one: without this, every chunk of every
    article is split again by the prefix, suffix and infix rules, most of the
    prefilter's cost (issue 6). :meth:`learn`, called on a batch before its zone opens,
    counts in how many articles each chunk occurs; a chunk met in ``min_articles`` is
    tokenised once, outside the zone, and so cached for good. spaCy's cache holds at
    most ``max_cache_size`` chunks and is never emptied, so learning stops when that
    many have been given, and memory stays flat over a long run: what is learnt is a
    bounded set of lexemes and strings. Tokenising a chunk alone gives what tokenising
    it in its text gives (that is what spaCy's cache relies on), so the tokens are the same.
    """

    #: Forget the counts when they reach this many chunks (a long stream meets new names forever).
    MAX_COUNTS = 200_000

    def __init__(self, nlp: Language, min_articles: int = 2) -> None:
        self.tokenizer = nlp.tokenizer
        self.vocab = nlp.vocab
        self.min_articles = min_articles
        #: chunks the tokenizer may still cache
        self.room = int(getattr(self.tokenizer, "max_cache_size", 0) or 0)
        self.counts: dict[str, int] = {}

    @property
    def learning(self) -> bool:
        return self.room > 0

    def learn(self, texts: Iterable[str]) -> int:
        """Count the chunks of ``texts`` and cache those now met in enough articles;
        returns how many were cached. Does nothing inside a memory zone."""
        if self.room <= 0 or self.vocab.in_memory_zone:
            return 0
        counts, need = self.counts, self.min_articles
        new: list[str] = []
        for text in texts:
            for chunk in set(text.split()):
                k = counts.get(chunk, 0) + 1
                counts[chunk] = k
                if k == need:
                    new.append(chunk)
        new = new[: self.room]
        # One call per chunk: spaCy caches no chunk of a text after the first one that
        # hit a special case ("Mr.", "don't"), so chunks joined into one text would mostly
        # go uncached (docs/scale.md, seventh pass).
        tokenize = self.tokenizer
        for chunk in new:
            tokenize(chunk)
        self.room -= len(new)
        if self.room <= 0 or len(counts) > self.MAX_COUNTS:
            counts.clear()
        return len(new)


def parse(
    articles: Iterable[Article], nlp: Language, batch_size: int = 16, n_process: int = 1
) -> Iterator[ParsedArticle]:
    """Parse articles in a stream, in order, keeping each Doc with its Article.

    Named entities are recognised when first read (:class:`LazyEntities`), except with
    ``n_process`` > 1, whose Docs come back through pickling and are parsed whole."""
    pairs: Iterable[tuple[str, Any]] = ((a.text, a) for a in articles)
    ner = _lazy_ner(nlp) if n_process == 1 else None
    disable = ["ner"] if ner is not None else []
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process, disable=disable):
        if ner is not None:
            doc.user_data[_LAZY_KEY] = LazyEntities(ner)
        yield ParsedArticle(article, doc)


def _lazy_ner(nlp: Language) -> Any:
    """The NER component to run lazily, or None if the pipeline has none."""
    return nlp.get_pipe("ner") if "ner" in nlp.pipe_names else None


def parse_sentences(
    articles: Iterable[Article],
    nlp: Language,
    select: Any,
    batch_size: int = 16,
) -> Iterator[ParsedArticle]:
    """Parse only the sentences ``select(text)`` keeps (a list of chunks with ``start``
    and ``end``, and their tokens if the selection has tokenised them), in a stream, in order.

    The kept sentences of an article are parsed as separate Docs (batched across
    articles), then joined into one Doc per article so that token indices stay unique
    within the article; ``ParsedArticle.offsets`` maps them back to article offsets.
    NER runs later, on the sentences whose entities are read (:class:`LazyEntities`).
    """
    ner = _lazy_ner(nlp)
    disable = ["ner"] if ner is not None else []
    it = iter(articles)
    while batch := list(islice(it, batch_size)):
        plans = [(a, chunks, _chunk_docs(a.text, chunks)) for a in batch for chunks in (select(a.text),)]
        texts = (part for _a, _c, (inputs, _p) in plans for part in inputs)
        # The batch's chunks are parsed before any article of it is coded: the model's
        # batches run back to back, not interleaved with the coder (3% less CPU, issue 6).
        docs = iter(list(pipe_sentences(nlp, texts, batch_size=max(64, batch_size * 8), disable=disable)))
        for article, chunks, (_inputs, pieces) in plans:
            parts = [next(docs) for _ in chunks]
            if not parts:
                yield ParsedArticle(article, nlp.make_doc(""), ())
                continue
            joined = _join(parts, pieces)
            offsets = []
            tok = 0
            for chunk, part in zip(chunks, parts):
                offsets.append((joined[tok].idx, chunk.start))
                tok += len(part)
            if ner is not None:
                joined.user_data[_LAZY_KEY] = LazyEntities(ner)
            yield ParsedArticle(article, joined, tuple(offsets))


def pipe_sentences(
    nlp: Language, texts: Iterable[Doc | str], batch_size: int = 128, disable: Iterable[str] = ()
) -> Iterator[Doc]:
    """``nlp.pipe(texts, batch_size=batch_size, disable=disable)`` for short texts
    (sentences), with the same annotations, the dependency parser run by
    :func:`greedy_parse` rather than by its own ``pipe``."""
    return pipe_stepped(nlp, texts, batch_size, disable)


def pipe_stepped(
    nlp: Language,
    texts: Iterable[Doc | str],
    batch_size: int = 128,
    disable: Iterable[str] = (),
    *,
    stepped: Callable[[Any], bool] | None = None,
    group: int | None = None,
) -> Iterator[Doc]:
    """``nlp.pipe`` with the components ``stepped`` picks (by default a greedy dependency
    parser) run by :func:`greedy_parse`: each batch of ``batch_size`` Docs in one go, or,
    with ``group``, sorted by length and ``group`` Docs at a time, as spaCy's own ``pipe``
    splits a batch (fewer states a step, but less memory for long Docs)."""
    skip = set(disable)
    picks = stepped if stepped is not None else _steps_from_python
    docs: Iterable[Doc] = (t if isinstance(t, Doc) else nlp.make_doc(t) for t in texts)
    for name, proc in nlp.pipeline:
        if name in skip:
            continue
        if picks(proc):
            docs = _parse_batches(proc, docs, batch_size, group)
        elif hasattr(proc, "pipe"):
            docs = proc.pipe(docs, batch_size=batch_size)
        else:
            docs = map(proc, docs)
    return iter(docs)


def _steps_from_python(proc: Any) -> bool:
    """Whether ``proc`` is a greedy dependency parser :func:`greedy_parse` can run."""
    return isinstance(proc, DependencyParser) and proc.cfg.get("beam_width", 1) == 1


def _parse_batches(parser: Parser, docs: Iterable[Doc], batch_size: int, group: int | None = None) -> Iterator[Doc]:
    """``docs`` parsed ``batch_size`` at a time by :func:`greedy_parse` (by ``group``
    Docs of similar length if given), in order."""
    for batch in minibatch(docs, size=batch_size):
        if group is None:
            greedy_parse(parser, batch)
        else:
            by_length = sorted(batch, key=len)
            for k in range(0, len(by_length), group):
                greedy_parse(parser, by_length[k : k + group])
        yield from batch


def greedy_parse(parser: Parser, docs: list[Doc]) -> None:
    """Parse ``docs`` as ``parser.pipe`` does (greedy, beam width 1; a dependency parser
    or an entity recogniser): the same model, the same transitions, the same parses. All
    the Docs' parser states take each step together: the step's scores come from
    thinc's layers (numpy, one matrix product for all states), the transitions from
    spaCy's ``transition_states``.

    spaCy's compiled loop scores one state at a time and, in the version detente pins,
    takes and drops the GIL for every hidden unit of every state at every step (thinc's
    ``Vec.arg_max`` inlined into its maxout): about 13% of a parse of sentences went to
    the GIL. Stepping from Python costs some 50 microseconds a step instead, which pays
    when a step moves many states: on batches of 128 sentences the parser takes about a
    third less CPU; on a few long Docs (whole articles) it does not pay, so
    :func:`parse` leaves them to spaCy (docs/scale.md, eighth pass)."""
    if not docs:
        return
    parser._ensure_labels_are_added(docs)
    set_dropout_rate(parser.model, 0.0)
    states = parser.moves.init_batch(docs)
    if any(len(doc) for doc in docs):
        step = parser.model.predict(docs)
        todo = [state for state in states if not state.is_final()]
        while todo:
            todo = parser.transition_states(todo, step.predict(todo))
        step.clear_memory()
    parser.set_annotations(docs, states)


#: The token attributes a chunk's Doc copies from the article's, as ``Span.as_doc`` does.
_ARRAY_HEAD = Doc._get_array_attrs()


#: A chunk's words (as ORTH hashes) and their trailing spaces, as in the article.
_Piece = tuple[list[int], list[bool]]


def _chunk_docs(text: str, chunks: list[Any]) -> tuple[list[Doc | str], list[_Piece] | None]:
    """Each chunk's tokens as a Doc of its own (or its text, when the selection did not
    tokenise it), with each chunk's words and spaces for :func:`_join` (None when some
    chunk is text).

    The Docs are what ``chunk.tokens.as_doc()`` gives, token for token (words, spaces,
    norms: "n't" read as "not"), at a fifth of its cost: the article's arrays are read
    once, not once per chunk, and no entity, vector or hook of the span is copied (the
    article has none yet)."""
    spans = [c.tokens for c in chunks]
    if not spans or any(s is None for s in spans) or len({id(s.doc) for s in spans}) > 1:
        return [c.tokens.as_doc() if c.tokens is not None else text[c.start : c.end] for c in chunks], None
    doc = spans[0].doc
    values = doc.to_array(_ARRAY_HEAD)
    # The words go to Doc as their ORTH hashes, which it looks up as they are, where a
    # string is hashed first; one list per column, not one per token (issue 6: the cyclic
    # GC walks every list made).
    words = values[:, _ARRAY_HEAD.index(ORTH)].tolist()
    spaces = values[:, _ARRAY_HEAD.index(SPACY)].astype(bool).tolist()
    vocab = doc.vocab
    out: list[Doc | str] = []
    pieces: list[_Piece] = []
    for span in spans:
        s, e = span.start, span.end
        piece = (words[s:e], spaces[s:e])
        part = Doc(vocab, words=piece[0], spaces=piece[1])
        part.from_array(_ARRAY_HEAD, values[s:e])
        out.append(part)
        pieces.append(piece)
    return out, pieces


def _join(parts: list[Doc], pieces: list[_Piece] | None) -> Doc:
    """``Doc.from_docs(parts, ensure_whitespace=True)``, the same Doc, from the words and
    spaces the parts were made of rather than a Token for every word of every part; parts
    with spans or user data (none of the pipeline's components sets any) go to spaCy's."""
    if pieces is None or any(p.user_data or len(p.spans) for p in parts):
        return Doc.from_docs(parts, ensure_whitespace=True)
    attrs = list(_ARRAY_HEAD)
    space_col = attrs.index(SPACY)
    words: list[int] = []
    spaces: list[bool] = []
    arrays = []
    last = len(parts) - 1
    strings = parts[0].vocab.strings
    for k, (part, (w, sp)) in enumerate(zip(parts, pieces)):
        array = part.to_array(attrs)
        words += w
        spaces += sp
        if k < last and len(part) and not strings[w[-1]].isspace():  # a space between two parts
            array[-1, space_col] = 1
            spaces[-1] = True
        arrays.append(array)
    joined = Doc(parts[0].vocab, words=words, spaces=spaces)
    joined.from_array(attrs, numpy.concatenate(arrays))
    if any(len(p) for p in parts):
        joined.tensor = numpy.vstack([numpy.asarray(p.tensor) for p in parts if len(p)])
    return joined


class DocColumns:
    """Token attributes of one Doc as plain lists, read once for all its sentences.

    A spaCy ``Token`` is a new object each time it is indexed, and each string attribute
    is a lookup: loops that look at every token of a sentence (tagging, finding the verbs)
    read these instead and build Tokens only for the words they keep (issue 6).
    ``pos`` holds part-of-speech ids (``spacy.symbols``), ``dep`` label ids (as
    :func:`spacy.strings.get_string_id` gives them); ``kids`` the indices of each token's
    children, in the order of ``Token.children``; ``lemma_lower`` each lemma lowercased.
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        rows = doc.to_array([POS, DEP, ORTH, LOWER, HEAD, LEMMA])
        self.pos: list[int] = rows[:, 0].tolist()
        self.dep: list[int] = rows[:, 1].tolist()
        self._orth: list[int] = rows[:, 2].tolist()
        self._lower: list[int] = rows[:, 3].tolist()
        #: each token's head as an offset from it (``Token.head.i - Token.i``; 0 for a root)
        self.heads: list[int] = rows[:, 4].astype("int64").tolist()
        self._lemma: list[int] = rows[:, 5].tolist()

    @cached_property
    def doc_text(self) -> str:
        """``doc.text``, which spaCy joins from every token on each read."""
        return self.doc.text

    def span_text(self, span: Span) -> str:
        """``span.text`` (a Span of this Doc), cut from :attr:`doc_text`."""
        return self.doc_text[span.start_char : span.end_char]

    @cached_property
    def dep_text(self) -> list[str]:
        """Each token's dependency label (``Token.dep_``)."""
        return self._strings(self.dep)

    @cached_property
    def kids(self) -> list[list[int]]:
        kids: list[list[int]] = [[] for _ in self.heads]
        for i, rel in enumerate(self.heads):
            if rel:
                kids[i + rel].append(i)
        return kids

    def subtree(self, i: int) -> set[int]:
        """The indices of token ``i``'s subtree (``Token.subtree``), from :attr:`kids`."""
        kids = self.kids
        out: set[int] = set()
        stack = [i]
        while stack:
            j = stack.pop()
            out.add(j)
            stack.extend(kids[j])
        return out

    @cached_property
    def lemma_lower(self) -> list[str]:
        return [w.lower() for w in self._strings(self._lemma)]

    @cached_property
    def text(self) -> list[str]:
        return self._strings(self._orth)

    @cached_property
    def lower(self) -> list[str]:
        return self._strings(self._lower)

    def _strings(self, hashes: list[int]) -> list[str]:
        """The strings of a column of hashes, from the Doc's string store."""
        strings = self.doc.vocab.strings
        return [strings[h] for h in hashes]


#: The :class:`DocColumns` of the last Doc asked about (one slot, replaced whole: threads
#: that code other Docs at the same time each read it once and compare its Doc).
_LAST_COLUMNS: list[DocColumns | None] = [None]


def doc_columns(doc: Doc) -> DocColumns:
    """The :class:`DocColumns` of ``doc``, kept for the last Doc asked about."""
    cols = _LAST_COLUMNS[0]
    if cols is not None and cols.doc is doc:
        return cols
    cols = DocColumns(doc)
    _LAST_COLUMNS[0] = cols
    return cols


#: Where a prefiltered Doc keeps its :class:`LazyEntities` (``Doc.user_data``).
_LAZY_KEY = "detente.lazy_entities"


class LazyEntities:
    """Named entities of a parse, recognised a sentence at a time when first read.

    The NER component of the English models has its own token-to-vector layer and costs
    more than the tagger and parser together, while the coder reads entity labels in only
    a few sentences of an article (a candidate place, a date, a name no dictionary knows).
    :func:`parse` and :func:`parse_sentences` therefore parse without NER and leave one of
    these on the Doc; :func:`ent_type` runs NER on the sentence that holds the token the first
    time something asks. NER reads the words, not the parse, so a sentence gets the labels
    it would get in a pipeline run on that sentence alone.
    """

    __slots__ = ("ner", "done", "starts", "rows")

    #: what the recogniser reads of a token, besides its lexeme
    _COLUMNS = (spacy.attrs.ORTH, spacy.attrs.SPACY, spacy.attrs.NORM)

    def __init__(self, ner: Any) -> None:
        self.ner = ner
        #: per token: whether its sentence has been recognised
        self.done: list[bool] = []
        #: the first token of each sentence, and the end of the Doc
        self.starts: list[int] = []
        #: per token of the Doc: its ORTH, SPACY and NORM (read once, on the first ask)
        self.rows: Any = None

    def ensure(self, doc: Doc, i: int) -> None:
        """Recognise the entities of the sentence holding token ``i`` of ``doc``, once."""
        if not self.starts:
            self.starts = [s.start for s in doc.sents] + [len(doc)]
            self.done = [False] * len(doc)
            self.rows = doc.to_array(list(self._COLUMNS))
        if self.done[i]:
            return
        k = bisect_right(self.starts, i) - 1
        off, end = self.starts[k], self.starts[k + 1]
        self.done[off:end] = [True] * (end - off)
        part = self._sentence_doc(doc, off, end)
        self.ner.set_annotations([part], self.ner.predict([part]))
        ents, outside, pos = [], [], 0
        for ent in part.ents:
            if ent.start > pos:
                outside.append(Span(doc, off + pos, off + ent.start))
            ents.append(Span(doc, off + ent.start, off + ent.end, label=ent.label))
            pos = ent.end
        if pos < len(part):
            outside.append(Span(doc, off + pos, off + len(part)))
        doc.set_ents(ents, outside=outside, default="unmodified")

    def _sentence_doc(self, doc: Doc, off: int, end: int) -> Doc:
        """Tokens ``off:end`` as a Doc of their own with the words, spaces and the
        tokenizer's norms ("n't" as "not"): all the recogniser reads. Built from the rows
        read once per Doc, not by ``Span.as_doc``, which copies every attribute of the
        whole Doc on each call (issue 6)."""
        rows = self.rows[off:end]
        strings = doc.vocab.strings
        words = [strings[o] for o in rows[:, 0].tolist()]
        part = Doc(doc.vocab, words=words, spaces=[bool(x) for x in rows[:, 1].tolist()])
        part.from_array([spacy.attrs.NORM], rows[:, 2:3])
        return part

    def ensure_all(self, doc: Doc) -> None:
        for sent in doc.sents:
            self.ensure(doc, sent.start)


def ent_type(tok: Token) -> str:
    """``tok.ent_type_``, recognising its sentence's entities first where NER is lazy.

    Every stage reads entity labels through this (or :func:`ent_iob`, :func:`entity_of`,
    :func:`doc_entities`), never
    ``Token.ent_type_`` directly."""
    lazy = tok.doc.user_data.get(_LAZY_KEY)
    if lazy is not None:
        lazy.ensure(tok.doc, tok.i)
    return tok.ent_type_


def ent_iob(tok: Token) -> str:
    """``tok.ent_iob_``, recognising its sentence's entities first where NER is lazy."""
    lazy = tok.doc.user_data.get(_LAZY_KEY)
    if lazy is not None:
        lazy.ensure(tok.doc, tok.i)
    return tok.ent_iob_


def entity_of(tok: Token) -> Span | None:
    """The entity ``tok`` stands in, if any, read off the IOB tags around it (``doc.ents``
    would build a Span for every entity of the article)."""
    if ent_iob(tok) in ("", "O"):
        return None
    doc = tok.doc
    start, end = tok.i, tok.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=tok.ent_type)


def doc_entities(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents`` with every chunk recognised (for display and tests, not for the coder)."""
    lazy = doc.user_data.get(_LAZY_KEY)
    if lazy is not None:
        lazy.ensure_all(doc)
    return doc.ents


def parse_one(article: Article, nlp: Language) -> ParsedArticle:
    """Parse one article as :func:`parse` does."""
    return next(parse([article], nlp, batch_size=1))


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


def kept_sentences(doc: Doc) -> Iterator[tuple[int, Span]]:
    """``(i, sent)`` for the i-th of ``doc.sents`` whose text is not blank: what
    ``enumerate(doc.sents)`` filtered on ``sent.text.strip()`` gives.

    The starts and the whitespace tokens are read in one array: a sentence is blank when
    all its tokens are whitespace (``Token.is_space`` is ``str.isspace``, the test
    ``strip`` makes). No Span is made for a blank one and no text is joined (issue 6)."""
    n = len(doc)
    if not n:
        return
    rows = doc.to_array([SENT_START, IS_SPACE])
    starts = [0, *(numpy.flatnonzero(rows[1:, 0] == 1) + 1).tolist(), n]
    words = [0, *numpy.cumsum(rows[:, 1] == 0).tolist()]  # non-space tokens before each token
    for index in range(len(starts) - 1):
        start, end = starts[index], starts[index + 1]
        if words[end] > words[start]:
            yield index, Span(doc, start, end)


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

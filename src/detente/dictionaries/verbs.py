"""The CAMEO verb dictionary: PETRARCH/TABARI verb files, parsed, compiled and matched on spaCy.

The shipped dictionary, ``data/verbs/cameo_verbs.json``, is compiled by
``tools/compile_verbs.py`` from PETRARCH2's ``CAMEO.2.0.txt`` (Open Event Data Alliance,
MIT) plus detente's own supplement ``data/verbs/detente_additions.txt``.  Users can bring
their own PETRARCH/TABARI verb file: ``load_verbs("my.verbs.txt")`` parses it as is.

The format, as read here
------------------------
Comments start with ``#`` (``;`` also ends a verb line, ``<!-- ... -->`` lines are
skipped).  A file holds three kinds of blocks:

``&NAME`` + ``+MEMBER`` lines
    A synonym set ("synset").  A member is a word, a phrase (``+PRIME_MINISTER`` or
    ``+AUSTRIAN FLORIN``) or another synset (``+&TIETYPES``).  ``&NAME`` anywhere in a
    pattern matches any member.

``---  NAME   [code]  ---`` then verb lines, then pattern lines
    A verb family.  Verb lines name the verbs sharing the family's patterns:
    ``MEET {MEETS MET MEETING}`` (lemma and irregular forms), ``+MEET_WITH {+MET_WITH}``
    (a multiword verb: ``_`` joins words, ``+`` marks the verb word, so ``KLM_+RST`` is
    the verb RST preceded by KLM), ``ASK [020]`` (the verb's own code when it matches
    alone).  Verbs are found by the spaCy lemma, so the brace forms are only a fallback.
    A family name that appears a second time (e.g. in an additions file) *extends* the
    first block: its verbs and patterns are appended and its code is ignored; a verb
    line of the extension that names a verb already in the family, with a code
    (``AGREE [030]``), recodes that verb.

``- SUBJECT * OBJECT [code]  # VERB``
    A pattern.  ``*`` stands for the verb; words before it must be found on the subject
    side, words after it on the object side (order within a side is not enforced).
    ``(FOR TALKS)`` is a prepositional phrase: a preposition ``for`` whose object contains
    ``talks``; ``(TO)`` is any phrase with ``to``; ``(BY/WITH X)`` allows either
    preposition.  ``{MEDICAL EQUIPMENT}`` is a noun phrase: every word must be found (on
    the same side, not necessarily adjacent).  ``A_B`` requires adjacent words, ``IN_*``
    a word right before the verb, ``*_OUT`` right after it; a trailing ``_`` (``CASH_``)
    means that exact word form (no lemma).  ``A/B`` are alternatives.  ``$`` marks the
    source, ``+`` the target, ``%`` a compound actor, ``^`` a skipped phrase; they match
    no word.  A bare ``$``/``+`` among a side's words places the actor: ``+ WAS * DEAD IN
    $`` is the target in the phrase before WAS and the source in the phrase after IN,
    each ``^`` before it skipping one phrase (``Pattern.source``/``Pattern.target`` read
    ``subject@0^0``, ``object@2^0``: the side, how many of its words come first, the
    skips; :attr:`VerbMatch.source_at`/``target_at`` give the place in the sentence).  A
    ``%`` on the subject side (``- % * [030:030]``) makes the members of a compound
    subject act on each other (:attr:`VerbMatch.compound`).  ``$``/``+`` inside a
    prepositional phrase (``(WITH +)``) is recorded as ``prep:with``.  The comment names
    the verb the pattern was written for; it breaks ties.

``~ ...`` lines after ``TRANSFORMATIONS`` are kept verbatim but not used.

Codes
-----
``[042]`` is the event's CAMEO code.  ``[---]`` means "do not code": a matching pattern
is a *discard* (``VerbMatch.code is None`` and ``VerbMatch.discard``), as is a bare verb
of a ``[---]`` family.  ``[A:B]`` codes two events: A from the source (the logical
subject) to the target (the logical object), and B in the *reverse* direction, from the
target back to the source -- the data makes this plain: ``VISIT [042:043]`` (X visits Y,
so Y hosts X), ``HOST [043:042]``, ``ARREST ... PROTESTERS [175:140]`` (police repress,
protesters protest), ``MEET ... [036:036]`` (both meet).  ``[:B]`` has only the reverse
event: ``RECEIVE ... TANKS [:072]`` (someone gave the subject military aid), ``DIE ...
(IN BATTLES) [:190]`` (someone fought the subject), ``FACE ... CRITICISM [:111]``.  A
:class:`VerbMatch` keeps A in ``code`` and B in ``reverse_code``; for ``[:B]`` ``code``
is ``None`` but ``discard`` is ``False``.

Matching on spaCy
-----------------
:meth:`VerbDictionary.match` finds the verb by lemma (or surface form), preferring the
longest multiword verb whose other words are children of the verb (``called ... back`` ->
CALL_BACK, ``met with`` -> MEET_WITH).  Object-side words are looked up in the subtrees of
the verb's ``dobj``/``attr``/``oprd``/``dative``/``acomp``/``prep``/``prt`` and following
``advmod``/``npadvmod`` children (plus the head of an ``xcomp``/``ccomp``); subject-side
words in the ``nsubj``/``csubj`` subtree (inherited from the head verb for ``conj``/
``xcomp`` verbs) and preceding ``aux``/``neg``/``advmod`` children.  In the passive the
roles are logical: the ``nsubjpass`` subtree is object side and the ``agent`` (by-phrase)
is subject side, so codes always read agent -> patient and ``VerbMatch.passive`` tells the
caller where the roles sit.  A word matches a token's lower-cased text or lemma, and a
plural pattern word matches a singular noun.  The most specific pattern wins: the one
matching the most words, synsets and prepositions; then the one written for this verb;
then the one first in the file.  Any pattern beats the bare verb.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy import symbols as spacy_symbols

from detente.errors import ConfigError
from detente.stages.nlp import DocColumns, doc_columns
from detente.stages.when import is_time

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "Atom",
    "Term",
    "PrepPhrase",
    "Pattern",
    "VerbForm",
    "VerbFamily",
    "VerbDictionary",
    "VerbMatch",
    "parse_petrarch_verbs",
    "parse_petrarch_text",
    "load_verbs",
    "dump_verbs",
    "FORMAT_VERSION",
]

FORMAT_VERSION = 1

Atom = tuple[str, ...]
"""Alternatives for one word position: ``"word"``, ``"word_"`` (exact form) or ``"&SYNSET"``."""
Term = tuple[Atom, ...]
"""Atoms that must match adjacent tokens, in order."""


@dataclass(frozen=True, slots=True)
class PrepPhrase:
    """``(FOR TALKS)``: one of ``preps`` whose object holds every term."""

    preps: tuple[str, ...]
    terms: tuple[Term, ...]


@dataclass(frozen=True, slots=True)
class Pattern:
    family: str
    code: str | None
    reverse_code: str | None
    discard: bool
    subject: tuple[Term, ...]
    subject_preps: tuple[PrepPhrase, ...]
    before_verb: Term
    after_verb: Term
    object: tuple[Term, ...]
    object_preps: tuple[PrepPhrase, ...]
    source: str | None
    target: str | None
    raw: str
    comment: str
    origin: str

    @property
    def size(self) -> int:
        """How many words, synsets and prepositions the pattern requires."""
        n = len(self.before_verb) + len(self.after_verb)
        n += sum(len(t) for t in self.subject) + sum(len(t) for t in self.object)
        for pp in (*self.subject_preps, *self.object_preps):
            n += 1 + sum(len(t) for t in pp.terms)
        return n


@dataclass(frozen=True, slots=True)
class VerbForm:
    """One verb line: ``MEET {MEETS MET MEETING}`` or ``+MEET_WITH {+MET_WITH ...}``."""

    name: str
    words: tuple[str, ...]
    head: int
    family: str
    code: str | None
    reverse_code: str | None
    discard: bool
    has_code: bool
    forms: tuple[tuple[tuple[str, ...], int], ...]
    raw: str
    origin: str


@dataclass(frozen=True, slots=True)
class VerbFamily:
    name: str
    code: str | None
    reverse_code: str | None
    discard: bool
    raw: str
    origin: str
    verbs: tuple[VerbForm, ...]
    patterns: tuple[Pattern, ...]


@dataclass(frozen=True, slots=True)
class VerbMatch:
    """The verb dictionary's reading of one verb in a parse.

    ``code`` is the CAMEO code from the logical subject to the logical object, ``None``
    for a discard (``discard`` is then true) or a reverse-only ``[:B]`` pattern.
    ``reverse_code`` is B of ``[A:B]``: the event from the object back to the subject.
    ``pattern`` is the pattern's line, or the family line (the verb line when the verb
    has its own code) when only the verb matched. ``tokens`` are the doc indices of the
    verb's words and of every token the pattern consumed; ``specificity`` counts the
    pattern's matched words, synsets and prepositions (0 for the bare verb).
    """

    code: str | None
    family: str
    pattern: str
    verb: str
    tokens: tuple[int, ...]
    specificity: int
    reverse_code: str | None = None
    discard: bool = False
    passive: bool = False
    origin: str = ""
    #: Where the pattern's ``$`` (source) and ``+`` (target) stand, when it places them
    #: among its words: (token to start from, direction +1/-1, phrases to skip first).
    source_at: tuple[int, int, int] | None = None
    target_at: tuple[int, int, int] | None = None
    #: The pattern has ``%``, a compound actor: its members act on each other.
    compound: bool = False


# --------------------------------------------------------------------------- codes


def _parse_code(text: str) -> tuple[str | None, str | None, bool]:
    """``"036:036"`` -> (``"036"``, ``"036"``, False); ``"---"`` -> (None, None, True)."""
    text = text.strip()
    if ":" in text:
        a, _, b = text.partition(":")
    else:
        a, b = text, ""
    a, b = a.strip(), b.strip()
    discard = a.startswith("---") and not b.strip("-")
    code = None if (not a or a.startswith("---")) else a
    rev = None if (not b or b.startswith("---")) else b
    return code, rev, discard


# --------------------------------------------------------------------------- parsing

_FAMILY_RE = re.compile(r"^---\s*(.+?)\s*\[([^\]]*)\]")
_VERB_RE = re.compile(
    r"^(?P<word>[^{\[#;]+?)\s*(?:\{(?P<forms>[^}]*)\})?\s*(?:\[(?P<code>[^\]]*)\])?\s*$"
)
_MARKERS = frozenset("$+%^")
_TRANSFORM_RE = re.compile(r"^#+\s*TRANSFORMATIONS?\s*#*\s*$", re.IGNORECASE)


class _Builder:
    """Mutable state while reading one or more files; :meth:`finish` freezes it."""

    def __init__(self) -> None:
        self.synsets: dict[str, list[tuple[str, ...]]] = {}
        self.families: dict[str, dict[str, Any]] = {}
        self.transformations: list[str] = []
        self.warnings: list[str] = []
        self.sources: list[str] = []

    def read(self, text: str, source: str) -> None:
        self.sources.append(source)
        family: dict[str, Any] | None = None
        synset: list[tuple[str, ...]] | None = None
        in_transform = False
        for lineno, raw_line in enumerate(text.splitlines(), 1):
            origin = f"{source}:{lineno}"
            stripped = raw_line.strip()
            if stripped.startswith("<!--"):
                continue
            if _TRANSFORM_RE.match(stripped):
                in_transform, family, synset = True, None, None
                continue
            body = _strip_comment(stripped)
            if not body:
                if not stripped:
                    synset = None
                continue
            if in_transform:
                if body.startswith("~"):
                    self.transformations.append(" ".join(body.split()))
                continue
            if body.startswith("&"):
                name = body.split()[0].upper()
                synset = self.synsets.setdefault(name, [])
                continue
            if body.startswith("+") and synset is not None:
                member = _phrase_words(body[1:])
                if member:
                    synset.append(member)
                continue
            synset = None
            if body.startswith("---"):
                m = _FAMILY_RE.match(body)
                if m is None:
                    self.warnings.append(f"{origin}: unreadable family line {stripped!r}")
                    family = None
                    continue
                name = "_".join(m.group(1).upper().split())
                family = self.families.get(name)
                if family is None:
                    family = {
                        "name": name,
                        "code_text": m.group(2).strip(),
                        "raw": " ".join(stripped.split()),
                        "origin": origin,
                        "verbs": [],
                        "patterns": [],
                    }
                    self.families[name] = family
                continue
            if family is None:
                self.warnings.append(f"{origin}: line outside a verb family {stripped!r}")
                continue
            if body.startswith("-"):
                pattern = _parse_pattern_line(stripped, body, origin)
                if pattern is None:
                    self.warnings.append(f"{origin}: unreadable pattern {stripped!r}")
                else:
                    family["patterns"].append(pattern)
                continue
            verb = _parse_verb_line(stripped, body, origin)
            if verb is None:
                self.warnings.append(f"{origin}: unreadable verb line {stripped!r}")
                continue
            same = [i for i, v in enumerate(family["verbs"]) if v["name"] == verb["name"]]
            if same and verb["code_text"] is not None and family["verbs"][same[0]]["origin"].rsplit(":", 1)[0] != source:
                # An extension recodes a verb of the family: "AGREE [030]" in detente's additions.
                old = family["verbs"][same[0]]
                family["verbs"][same[0]] = {**old, "code_text": verb["code_text"], "raw": verb["raw"],
                                            "origin": verb["origin"], "forms": old["forms"] or verb["forms"]}
            else:
                family["verbs"].append(verb)

    def finish(self) -> VerbDictionary:
        families = []
        for fam in self.families.values():
            code, rev, discard = _parse_code(fam["code_text"])
            verbs = tuple(_verb_from_record(v, fam["name"]) for v in fam["verbs"])
            patterns = tuple(_pattern_from_record(p, fam["name"]) for p in fam["patterns"])
            families.append(
                VerbFamily(
                    fam["name"], code, rev, discard, fam["raw"], fam["origin"], verbs, patterns
                )
            )
        synsets = {k: tuple(v) for k, v in self.synsets.items()}
        # "&PREPOSIT1_" (a synset of exact word forms) is written "&PREPOSIT1" in patterns.
        for k, v in list(synsets.items()):
            if k.endswith("_") and k.rstrip("_") not in synsets:
                synsets[k.rstrip("_")] = v
        return VerbDictionary(
            families=tuple(families),
            synsets=synsets,
            transformations=tuple(self.transformations),
            sources=tuple(self.sources),
            warnings=tuple(self.warnings),
        )


def _comment_start(line: str) -> int:
    """Where the ``#`` comment starts (a ``#`` inside ``[...]`` is part of a code)."""
    depth = 0
    for i, ch in enumerate(line):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth = max(0, depth - 1)
        elif ch == "#" and depth == 0:
            return i
    return len(line)


def _strip_comment(line: str) -> str:
    """The line without its ``#`` comment."""
    return line[: _comment_start(line)].strip()


def _comment(line: str) -> str:
    return line[_comment_start(line) + 1 :].strip()


def _phrase_words(text: str) -> tuple[str, ...]:
    """``PRIME_MINISTER`` / ``AUSTRIAN FLORIN`` / ``CASH_`` -> lower-case words."""
    out: list[str] = []
    for chunk in text.split():
        out.extend(_split_joined(chunk))
    return tuple(out)


def _split_joined(chunk: str) -> list[str]:
    """``NEW_&TIETYPES_RELATIONS`` -> [new, &TIETYPES, relations]; ``CASH_`` -> [cash_]."""
    parts = chunk.split("_")
    out: list[str] = []
    for i, part in enumerate(parts):
        if not part:
            if out and i > 0 and not out[-1].endswith("_") and out[-1] not in ("*",):
                out[-1] = out[-1] + "_"
            continue
        out.append(part.upper() if part.startswith("&") else part.lower())
    return out


def _parse_verb_line(line: str, body: str, origin: str) -> dict[str, Any] | None:
    body = body.split(";", 1)[0].strip()
    m = _VERB_RE.match(body)
    if m is None:
        return None
    word = "_".join(m.group("word").split())
    if not any(c.isalpha() for c in word):
        return None
    words, head = _verb_words(word)
    forms_text = (m.group("forms") or "").replace(",", " ")
    forms = []
    for f in forms_text.split():
        fw, fh = _verb_words(f)
        if fw:
            forms.append([list(fw), fh])
    return {
        "name": word.lstrip("+").replace("+", ""),
        "words": list(words),
        "head": head,
        "code_text": m.group("code"),
        "forms": forms,
        "raw": " ".join(line.split()),
        "origin": origin,
    }


def _verb_words(word: str) -> tuple[tuple[str, ...], int]:
    """``+MEET_WITH`` -> ((meet, with), 0); ``KLM_+RST`` -> ((klm, rst), 1)."""
    parts = [p for p in word.split("_") if p]
    head = 0
    words: list[str] = []
    for i, p in enumerate(parts):
        if p.startswith("+"):
            head = i
            p = p.lstrip("+")
        words.append(p.lower())
    return tuple(w for w in words if w), head


def _tokenize_pattern(body: str) -> list[str]:
    body = re.sub(r"(?<=[^\s_(){}])\*", " *", body)  # TABARI files have "*SCEPTICAL"
    body = re.sub(r"\*(?=[^\s_(){}])", "* ", body)
    return re.findall(r"[(){}]|[^\s(){}]+", body)


def _parse_pattern_line(line: str, body: str, origin: str) -> dict[str, Any] | None:
    """``- * (FOR TALKS)  [036:036]  # MEET`` -> a pattern record (JSON-ready lists)."""
    m = re.search(r"\[([^\]]*)\]\s*$", body)
    if m is None:
        return None
    code_text = m.group(1).strip()
    text = body[1 : m.start()].strip()
    items = _tokenize_pattern(text)
    rec: dict[str, Any] = {
        "code": code_text,
        "subject": [],
        "subject_preps": [],
        "before": [],
        "after": [],
        "object": [],
        "object_preps": [],
        "source": None,
        "target": None,
        "raw": " ".join(line.split()),
        "comment": _comment(line),
        "origin": origin,
    }
    side = "subject"
    seen_verb = False
    i = 0
    while i < len(items):
        item = items[i]
        if item == "(":
            j = _closing(items, i, "(", ")")
            _add_prep(rec, side, items[i + 1 : j])
            i = j + 1
            continue
        if item == "{":
            j = _closing(items, i, "{", "}")
            for inner in items[i + 1 : j]:
                _add_chunk(rec, side, inner, slot=side)
            i = j + 1
            continue
        if item in (")", "}"):
            i += 1
            continue
        parts = _split_joined(item)
        if "*" in parts and not seen_verb:
            k = parts.index("*")
            before, after = parts[:k], parts[k + 1 :]
            rec["before"] = [_atom(p) for p in before if p not in _MARKERS]
            rec["after"] = [_atom(p) for p in after if p not in _MARKERS]
            _note_markers(rec, before + after, "verb")
            side, seen_verb = "object", True
            rec["_gap"] = 0
        else:
            _add_chunk(rec, side, item, slot=side)
        i += 1
    if not seen_verb:
        return None
    rec.pop("_gap", None)
    return rec


def _closing(items: list[str], start: int, open_: str, close: str) -> int:
    depth = 0
    for j in range(start, len(items)):
        if items[j] == open_:
            depth += 1
        elif items[j] == close:
            depth -= 1
            if depth == 0:
                return j
    return len(items)


def _atom(part: str) -> list[str]:
    return [alt for alt in part.split("/") if alt]


def _note_markers(rec: dict[str, Any], parts: Iterable[str], slot: str) -> None:
    for p in parts:
        if p == "$" and rec["source"] is None:
            rec["source"] = slot
        elif p == "+" and rec["target"] is None:
            rec["target"] = slot
        elif p == "%" and rec["target"] is None and rec["source"] is None:
            rec["target"] = "%"  # a compound actor: its members act on each other


def _add_chunk(rec: dict[str, Any], side: str, chunk: str, slot: str) -> None:
    parts = _split_joined(chunk)
    if parts and all(p in _MARKERS for p in parts) and side in ("subject", "object"):
        # A bare "$"/"+" stands at a place among the side's words: "+ WAS * DEAD IN $" is
        # the target before WAS and the source after IN; each "^" before it skips a phrase.
        gap = sum(1 for p in parts if p == "^") + rec.get("_gap", 0)
        rec["_gap"] = gap
        _note_markers(rec, parts, f"{side}@{len(rec[side])}^{gap}")
        return
    _note_markers(rec, parts, slot)
    atoms = [_atom(p) for p in parts if p not in _MARKERS and p != "*"]
    atoms = [a for a in atoms if a]
    if atoms:
        rec[side].append(atoms)
        rec["_gap"] = 0


def _add_prep(rec: dict[str, Any], side: str, inner: list[str]) -> None:
    """``( FOR {HUMANITARIAN AID} )`` -> [[for], [[[humanitarian]], [[aid]]]]."""
    words = [w for w in inner if w not in ("{", "}")]
    if not words:
        return
    first = _split_joined(words[0])
    prep = first[0] if first else ""
    if prep in _MARKERS or prep.startswith("&"):
        # not a preposition after all: an ordinary group of words
        for w in words:
            _add_chunk(rec, side, w, slot=side)
        return
    pp_rec: dict[str, Any] = {"terms": []}
    slot = "prep:" + prep
    rest_first = [p for p in first[1:]]
    if rest_first:
        _note_markers(rec, rest_first, slot)
        atoms = [_atom(p) for p in rest_first if p not in _MARKERS]
        if atoms:
            pp_rec["terms"].append(atoms)
    for w in words[1:]:
        parts = _split_joined(w)
        _note_markers(rec, parts, slot)
        atoms = [_atom(p) for p in parts if p not in _MARKERS]
        if atoms:
            pp_rec["terms"].append(atoms)
    rec[side + "_preps"].append([_atom(prep.rstrip("_")), pp_rec["terms"]])


def _terms(data: Sequence[Sequence[Sequence[str]]]) -> tuple[Term, ...]:
    return tuple(tuple(tuple(a) for a in term) for term in data)


def _pattern_from_record(rec: Mapping[str, Any], family: str) -> Pattern:
    code, rev, discard = _parse_code(rec["code"])
    return Pattern(
        family=family,
        code=code,
        reverse_code=rev,
        discard=discard,
        subject=_terms(rec["subject"]),
        subject_preps=tuple(PrepPhrase(tuple(p), _terms(t)) for p, t in rec["subject_preps"]),
        before_verb=tuple(tuple(a) for a in rec["before"]),
        after_verb=tuple(tuple(a) for a in rec["after"]),
        object=_terms(rec["object"]),
        object_preps=tuple(PrepPhrase(tuple(p), _terms(t)) for p, t in rec["object_preps"]),
        source=rec["source"],
        target=rec["target"],
        raw=rec["raw"],
        comment=rec["comment"],
        origin=rec["origin"],
    )


def _verb_from_record(rec: Mapping[str, Any], family: str) -> VerbForm:
    code_text = rec["code_text"]
    code, rev, discard = _parse_code(code_text or "")
    return VerbForm(
        name=rec["name"],
        words=tuple(rec["words"]),
        head=rec["head"],
        family=family,
        code=code,
        reverse_code=rev,
        discard=discard,
        has_code=code_text is not None,
        forms=tuple((tuple(w), h) for w, h in rec["forms"]),
        raw=rec["raw"],
        origin=rec["origin"],
    )


def parse_petrarch_text(
    text: str, source: str = "<string>", *more: tuple[str, str]
) -> VerbDictionary:
    """Parse verb-dictionary text; each ``(text, source)`` in ``more`` extends the first."""
    builder = _Builder()
    builder.read(text, source)
    for extra_text, extra_source in more:
        builder.read(extra_text, extra_source)
    return builder.finish()


def parse_petrarch_verbs(path: str | Path, *more: str | Path) -> VerbDictionary:
    """Parse a PETRARCH/TABARI verb file; files in ``more`` extend it (same format).

    Raises :class:`ConfigError` when a file is missing or has no verb family.
    """
    builder = _Builder()
    for p in (path, *more):
        p = Path(p)
        try:
            text = p.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise ConfigError(f"Cannot read verb dictionary {p}: {exc.strerror}") from exc
        builder.read(text, p.name)
    vd = builder.finish()
    if not vd.families:
        raise ConfigError(
            f"{path} holds no verb family ('---  NAME  [code]  ---' lines); "
            "is it a PETRARCH verb dictionary?"
        )
    return vd


# --------------------------------------------------------------------------- JSON


def dump_verbs(vd: VerbDictionary) -> dict[str, Any]:
    """The compiled, JSON-ready form read back by :func:`load_verbs`."""
    src_index = {s: i for i, s in enumerate(vd.sources)}

    def org(origin: str) -> list[int]:
        s, _, line = origin.rpartition(":")
        return [src_index.get(s, 0), int(line or 0)]

    def terms(ts: tuple[Term, ...]) -> list[Any]:
        return [[list(a) for a in t] for t in ts]

    fams = []
    for f in vd.families:
        verbs = [
            [v.name, list(v.words), v.head, _code_text(v) if v.has_code else None,
             [[list(w), h] for w, h in v.forms], v.raw, org(v.origin)]
            for v in f.verbs
        ]
        pats = []
        for p in f.patterns:
            rec: list[Any] = [
                _pattern_code_text(p), p.raw, p.comment, org(p.origin),
                terms(p.subject), [[list(pp.preps), terms(pp.terms)] for pp in p.subject_preps],
                [list(a) for a in p.before_verb], [list(a) for a in p.after_verb],
                terms(p.object), [[list(pp.preps), terms(pp.terms)] for pp in p.object_preps],
                p.source, p.target,
            ]
            pats.append(rec)
        fams.append([f.name, _family_code_text(f), f.raw, org(f.origin), verbs, pats])
    return {
        "format": FORMAT_VERSION,
        "sources": list(vd.sources),
        "synsets": {k: [list(m) for m in v] for k, v in vd.synsets.items()},
        "families": fams,
        "transformations": list(vd.transformations),
        "warnings": list(vd.warnings),
    }


def _join_code(code: str | None, rev: str | None, discard: bool) -> str:
    if discard:
        return "---"
    if rev is None:
        return code or ""
    return f"{code or ''}:{rev}"


def _code_text(v: VerbForm) -> str:
    return _join_code(v.code, v.reverse_code, v.discard)


def _pattern_code_text(p: Pattern) -> str:
    return _join_code(p.code, p.reverse_code, p.discard)


def _family_code_text(f: VerbFamily) -> str:
    return _join_code(f.code, f.reverse_code, f.discard)


def _from_json(data: Mapping[str, Any]) -> VerbDictionary:
    if data.get("format") != FORMAT_VERSION:
        raise ConfigError(
            f"Compiled verb dictionary has format {data.get('format')!r}, expected "
            f"{FORMAT_VERSION}; rebuild it with tools/compile_verbs.py"
        )
    sources: list[str] = data["sources"]

    def org(o: list[int]) -> str:
        return f"{sources[o[0]]}:{o[1]}"

    def pps(data_: list[Any]) -> tuple[PrepPhrase, ...]:
        return tuple(PrepPhrase(tuple(p), _terms(t)) for p, t in data_)

    families = []
    for name, code_text, raw, origin, verbs, pats in data["families"]:
        fcode, frev, fdis = _parse_code(code_text)
        vforms = []
        for vname, words, head, vcode_text, forms, vraw, vorg in verbs:
            vcode, vrev, vdis = _parse_code(vcode_text or "")
            vforms.append(
                VerbForm(vname, tuple(words), head, name, vcode, vrev, vdis, vcode_text is not None,
                         tuple((tuple(w), h) for w, h in forms), vraw, org(vorg))
            )
        patterns = []
        for (pcode, praw, pcomment, porg, subj, subj_pp, before, after, obj, obj_pp,
             source, target) in pats:
            code, rev, dis = _parse_code(pcode)
            patterns.append(
                Pattern(name, code, rev, dis, _terms(subj), pps(subj_pp),
                        tuple(tuple(a) for a in before), tuple(tuple(a) for a in after),
                        _terms(obj), pps(obj_pp), source, target, praw, pcomment, org(porg))
            )
        families.append(
            VerbFamily(name, fcode, frev, fdis, raw, org(origin), tuple(vforms), tuple(patterns))
        )
    return VerbDictionary(
        families=tuple(families),
        synsets={k: tuple(tuple(m) for m in v) for k, v in data["synsets"].items()},
        transformations=tuple(data.get("transformations", ())),
        sources=tuple(sources),
        warnings=tuple(data.get("warnings", ())),
    )


@lru_cache(maxsize=8)
def _load_cached(path: str | None) -> VerbDictionary:
    if path is None:
        resource = files("detente") / "data" / "verbs" / "cameo_verbs.json"
        try:
            text = resource.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise ConfigError(
                "data/verbs/cameo_verbs.json is missing; build it with tools/compile_verbs.py"
            ) from exc
        return _from_json(json.loads(text))
    p = Path(path)
    if p.suffix.lower() == ".json":
        try:
            return _from_json(json.loads(p.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"Cannot load compiled verb dictionary {p}: {exc}") from exc
    return parse_petrarch_verbs(p)


def load_verbs(path: str | Path | None = None) -> VerbDictionary:
    """The verb dictionary (cached): the shipped CAMEO one by default, or the file at
    ``path`` -- a compiled ``.json`` or a PETRARCH/TABARI verb file (parsed as is).
    It is ready to match: its families are compiled (:meth:`VerbDictionary.prepare`)."""
    return _load_cached(None if path is None else str(Path(path).resolve())).prepare()


# --------------------------------------------------------------------------- matching

_SUBJECT_DEPS = frozenset({"nsubj", "csubj", "expl"})
_PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
_OBJECT_DEPS = frozenset({"dobj", "obj", "attr", "oprd", "dative", "acomp", "prep", "prt"})
_AFTER_ONLY_DEPS = frozenset({"advmod", "npadvmod"})
_CLAUSE_DEPS = frozenset({"xcomp", "ccomp"})
_PRE_VERB_DEPS = frozenset({"aux", "auxpass", "neg", "advmod", "npadvmod"})
_INHERIT_DEPS = frozenset({"conj", "xcomp", "advcl"})
_PASSIVE_DEPS = _PASSIVE_SUBJECT_DEPS | {"auxpass"}
_HAS_SUBJECT_DEPS = _SUBJECT_DEPS | _PASSIVE_SUBJECT_DEPS | {"agent"}
_NOUNISH = frozenset({spacy_symbols.NOUN, spacy_symbols.PROPN})  # ids, as DocColumns.pos holds them
_VERBISH = frozenset({spacy_symbols.VERB, spacy_symbols.AUX})
_MAX_DEPTH = 6

Run = tuple[int, ...]


class _Ctx:
    """Token keys for one match call; extra words get negative indices.

    The keys of a Doc's own tokens do not change from one call to the next: they are
    built from the per-Doc columns when first read and kept, in a list by token, for the
    last Doc matched (:data:`_DOC_KEYS`), so that the verbs of a sentence and of the
    sentences after it do not build them again (issue 6)."""

    def __init__(self, vd: VerbDictionary, doc: Doc, exact: bool = False) -> None:
        self.vd = vd
        self.doc = doc
        self.exact = exact
        last = _DOC_KEYS.get(exact)
        if last is None or last[0] is not doc:
            last = _DOC_KEYS[exact] = (doc, [None] * len(doc), {})
        #: per token of the Doc: its keys (``None`` until read)
        self.keys: list[frozenset[str] | None] = last[1]
        #: :meth:`tree_words` by the root of the tree
        self.trees: dict[int, tuple[frozenset[str], int, int]] = last[2]
        self.cols = doc_columns(doc)
        self.lower: list[str] = self.cols.lower
        self.extra_keys: dict[int, frozenset[str]] = {}
        self.extra_lower: dict[int, str] = {}

    def add_extra(self, words: Iterable[str], start: int) -> list[Run]:
        runs: list[Run] = []
        idx = start
        for phrase in sorted(words):
            run = []
            for w in phrase.lower().split():
                idx -= 1
                self.extra_lower[idx] = w
                self.extra_keys[idx] = _word_keys(w, w, True)
                run.append(idx)
            if run:
                runs.append(tuple(run))
        return runs

    def key_set(self, i: int) -> frozenset[str]:
        if i < 0:
            return self.extra_keys[i]
        ks = self.keys[i]
        return self._read_keys(i) if ks is None else ks

    def keys_of(self, indices: Iterable[int]) -> set[str]:
        """The keys of the tokens ``indices`` (of the Doc, not extra words), together."""
        keys = self.keys
        got = [keys[i] for i in indices]
        try:
            return set().union(*got)
        except TypeError:  # tokens whose keys are not read yet
            read = self._read_keys
            return set().union(*[read(i) if k is None else k for i, k in zip(indices, got)])

    def _read_keys(self, i: int) -> frozenset[str]:
        cols = self.cols  # no Token built per word (issue 6)
        pos, lower = cols.pos[i], cols.lower[i]
        if self.exact and pos not in _VERBISH:
            ks = frozenset((lower,))
        else:
            ks = _word_keys(lower, cols.lemma_lower[i], pos in _NOUNISH)
        self.keys[i] = ks
        return ks

    def tree_words(self, i: int, heads: list[int]) -> tuple[frozenset[str], int, int]:
        """The lower-case forms and lemmas of the tokens from the first to the last of
        the parse tree (the sentence) that holds token ``i``, and where those tokens
        start and end: every word the sides of a verb may hold. Kept per tree."""
        root = i
        while heads[root]:
            root += heads[root]
        got = self.trees.get(root)
        if got is None:
            # the root's edges: its leftmost and rightmost descendants (spaCy's own)
            tok = self.doc[root]
            lo, hi = tok.left_edge.i, tok.right_edge.i + 1
            cols = self.cols
            got = self.trees[root] = (frozenset(cols.lower[lo:hi]).union(cols.lemma_lower[lo:hi]), lo, hi)
        return got

    def lower_of(self, i: int) -> str:
        return self.lower[i] if i >= 0 else self.extra_lower[i]

    def word_matches(self, word: str, i: int) -> bool:
        if word.endswith("_"):
            return self.lower_of(i) == word[:-1]
        return word in self.key_set(i)


#: By ``exact``: the last Doc matched, with the keys of its tokens read so far and the
#: words of its trees (:meth:`_Ctx.tree_words`).
_DOC_KEYS: dict[bool, tuple[Doc, list[frozenset[str] | None], dict[int, tuple[frozenset[str], int, int]]]] = {}


@lru_cache(maxsize=1 << 16)
def _word_keys(lower: str, lemma: str, noun: bool) -> frozenset[str]:
    """The keys a word meets a pattern word by: its lower-case form and lemma, and for a
    noun their plural forms. Remembered across Docs: the same words recur in every article
    (issue 6)."""
    keys = {lower, lemma}
    if noun:
        for base in (lemma, lower):
            keys.add(base + "s")
            keys.add(base + "es")
            if base.endswith("y"):
                keys.add(base[:-1] + "ies")
    return frozenset(keys)


def _match_seq(
    ctx: _Ctx, atoms: Sequence[Atom], run: Run, pos: int, used: set[int], depth: int = 0
) -> list[int] | None:
    """Match ``atoms`` on ``run[pos:]`` consecutively; the consumed indices or None."""
    if not atoms:
        return []
    if pos >= len(run) or depth > _MAX_DEPTH:
        return None
    for alt in atoms[0]:
        for consumed in _match_alt(ctx, alt, run, pos, used, depth):
            rest = _match_seq(ctx, atoms[1:], run, pos + len(consumed), used, depth)
            if rest is not None:
                return consumed + rest
    return None


def _match_alt(
    ctx: _Ctx, alt: str, run: Run, pos: int, used: set[int], depth: int
) -> Iterator[list[int]]:
    if alt.startswith("&"):
        for member in ctx.vd._members_at(alt, ctx, run[pos]):
            m = _match_seq(ctx, tuple((w,) for w in member), run, pos, used, depth + 1)
            if m is not None:
                yield m
        return
    i = run[pos]
    if i not in used and ctx.word_matches(alt, i):
        yield [i]
        return
    if "-" in alt.strip("-") and len(alt) > 2:
        pieces: list[str] = []
        for k, piece in enumerate(alt.split("-")):
            if k:
                pieces.append("-")
            if piece:
                pieces.append(piece)
        m = _match_seq(ctx, tuple((p,) for p in pieces), run, pos, used, depth + 1)
        if m is not None:
            yield m


def _match_term(ctx: _Ctx, term: Term, runs: Sequence[Run], used: set[int]) -> list[int] | None:
    for run in runs:
        for pos in range(len(run)):
            m = _match_seq(ctx, term, run, pos, used)
            if m is not None:
                return m
    return None


def _match_terms(
    ctx: _Ctx, terms: Sequence[Term], runs: Sequence[Run], used: set[int],
    spans: list[list[int]] | None = None,
) -> list[int] | None:
    """All ``terms`` on distinct tokens of ``runs`` (greedy); consumed indices or None.
    ``spans`` receives the tokens of each term, in the order of ``terms``."""
    taken: list[int] = []
    for term in terms:
        m = _match_term(ctx, term, runs, used)
        if m is None:
            used.difference_update(taken)
            return None
        used.update(m)
        taken.extend(m)
        if spans is not None:
            spans.append(m)
    return taken


def _runs(indices: Iterable[int]) -> list[Run]:
    """Sorted indices split where they stop being consecutive."""
    out: list[Run] = []
    cur: list[int] = []
    for i in sorted(set(indices)):
        if cur and i != cur[-1] + 1:
            out.append(tuple(cur))
            cur = []
        cur.append(i)
    if cur:
        out.append(tuple(cur))
    return out


def _match_preps(
    ctx: _Ctx, preps: Sequence[PrepPhrase], region: set[int], used: set[int]
) -> list[int] | None:
    taken: list[int] = []
    for pp in preps:
        hit = None
        for i in sorted(region):
            if i < 0 or i in used:
                continue
            if not any(ctx.word_matches(p, i) for p in pp.preps):
                continue
            if _is_temporal(ctx.doc, i):
                continue
            cols = ctx.cols
            inside = (cols.subtree(i) - {i}) & region
            if not inside and not cols.kids[i]:
                inside = {j for j in region if j > i}
            used.add(i)
            m = _match_terms(ctx, pp.terms, _runs(inside), used)
            if m is None:
                used.discard(i)
                continue
            hit = [i, *m]
            break
        if hit is None:
            used.difference_update(taken)
            return None
        taken.extend(hit)
    return taken


def _is_temporal(doc: Doc, prep: int) -> bool:
    """``on Tuesday``, ``in March``: a time phrase, which no pattern's ``(ON)`` means.
    ``prep`` is the index of the preposition; a Token is built only for its object."""
    cols = doc_columns(doc)
    dep_text = cols.dep_text
    return any(dep_text[c] == "pobj" and is_time(doc[c]) for c in cols.kids[prep])


def _heads(cols: DocColumns) -> list[int]:
    """Each token's head as an offset from it (``Token.head.i - Token.i``; 0 for a
    root), the column :class:`DocColumns` reads from the Doc: a head without a Token."""
    return cols.heads  # the per-Doc column, not copied


@dataclass(frozen=True, slots=True)
class _Regions:
    subject: set[int]
    object: set[int]
    passive: bool


def _regions(verb: Token, verb_tokens: set[int], *, time_phrases: bool = True) -> _Regions:
    """The logical subject and object sides of ``verb`` as sets of token indices.

    With ``time_phrases=False`` the object side keeps the time phrases that
    :func:`_without_time_phrases` takes out (telling one may need the recogniser)."""
    # Children, labels and subtrees by index from the per-Doc columns: a Token is built
    # only for the few children read further (issue 6).
    doc = verb.doc
    cols = doc_columns(doc)
    kids, dep_text, vi = cols.kids, cols.dep_text, verb.i
    children = kids[vi]
    deps = {dep_text[c] for c in children}
    passive = _is_passive_at(cols, vi)
    subject: set[int] = set()
    obj: set[int] = set()
    for ci in children:
        dep = dep_text[ci]
        if dep in _SUBJECT_DEPS and not passive:
            subject |= cols.subtree(ci)
        elif dep in _PASSIVE_SUBJECT_DEPS:
            obj |= cols.subtree(ci)
        elif dep == "agent":
            if passive:
                subject |= cols.subtree(ci) - {ci}
            else:
                obj |= cols.subtree(ci)
        elif dep in _OBJECT_DEPS or (dep in _AFTER_ONLY_DEPS and ci > vi):
            obj |= cols.subtree(ci)
        elif dep in _CLAUSE_DEPS:
            obj.add(ci)
            obj |= {g for g in kids[ci] if dep_text[g] in ("aux", "prt", "neg")}
            if dep == "xcomp":
                obj |= {g for g in kids[ci] if dep_text[g] == "dobj"}  # "vowed to wage war": * WAR
            if dep == "ccomp" and (c := doc[ci]).lemma_ == "be":
                # "allowed that Mordor isn't a really pleasant place": the predicate of a
                # reported judgement, as PETRARCH reads the words after a verb (not the
                # clause's subject, not its own clauses)
                obj |= {t.i for g in c.children if g.dep_ in ("attr", "acomp") for t in g.subtree
                        if t.dep_ not in ("relcl", "acl") and t.head.dep_ not in ("relcl", "acl")}
        elif dep in _PRE_VERB_DEPS and ci < vi:
            subject |= cols.subtree(ci)  # "most certainly won't": the advmod's own modifier too
    if "dobj" not in deps:
        # "expelled and recalled its ambassador": the object hangs on the last conjunct
        pos = cols.pos
        for ci in children:
            if dep_text[ci] == "conj" and pos[ci] in _VERBISH:
                cdeps = {dep_text[g] for g in kids[ci]}
                if "dobj" in cdeps and not cdeps & _SUBJECT_DEPS:
                    obj |= {t for g in kids[ci] if dep_text[g] == "dobj" for t in cols.subtree(g)}
    heads = _heads(cols)
    if not deps & _HAS_SUBJECT_DEPS:
        head = vi
        for _ in range(4):
            if dep_text[head] not in _INHERIT_DEPS:
                break
            head += heads[head]
            subs = [c for c in kids[head] if dep_text[c] in _SUBJECT_DEPS]
            if subs:
                for s in subs:
                    subject |= cols.subtree(s)
                # "unexpectedly won't try to clash": what stands before the governing
                # verb stands before this one, as PETRARCH reads the words before a verb.
                for c in kids[head]:
                    if dep_text[c] in _PRE_VERB_DEPS and c < vi:
                        subject |= cols.subtree(c)
                if head < vi and dep_text[vi] == "xcomp":
                    subject.add(head)  # "inching nearer to accord": - INCHING &ACCORDSYN *
                break
    if dep_text[vi] == "ccomp" and cols.pos[vi + heads[vi]] in _VERBISH and heads[vi] < 0 and not passive:
        # "X indicated it would act": the verb that introduces the clause stands before
        # it, on the subject side, as PETRARCH reads "- INDICATED WOULD * NOW".
        subject.add(vi + heads[vi])
    obj -= _fixed_tokens(verb, verb_tokens)
    subject -= verb_tokens
    obj.discard(verb.i)
    subject.discard(verb.i)
    regions = _Regions(subject, obj, passive)
    return _without_time_phrases(regions, verb) if time_phrases else regions


def _is_passive_at(cols: DocColumns, vi: int) -> bool:
    """Whether the verb at ``vi`` is passive: it has a passive subject or auxiliary."""
    dep_text = cols.dep_text
    return any(dep_text[c] in _PASSIVE_DEPS for c in cols.kids[vi])


def _without_time_phrases(regions: _Regions, verb: Token) -> _Regions:
    """``regions`` less the time phrases on ``verb``: "demanded on Thursday that ...": a
    time phrase carries no pattern word ("* ON")."""
    obj = regions.object
    doc = verb.doc
    cols = doc_columns(doc)
    dep_text = cols.dep_text
    for c in cols.kids[verb.i]:
        if dep_text[c] == "prep" and _is_temporal(doc, c):
            obj = obj - cols.subtree(c)
    return regions if obj is regions.object else _Regions(regions.subject, obj, regions.passive)


def _depth(heads: list[int], i: int, verb: int) -> int:
    """Dependency hops from token ``i`` up to ``verb`` (at most 8; 8 if not below it),
    ``heads`` as :func:`_heads` gives them."""
    n = 0
    while i != verb and n < 8:
        if not heads[i]:
            return 8
        i += heads[i]
        n += 1
    return n


def _fixed_tokens(verb: Token, verb_tokens: Iterable[int]) -> set[int]:
    """The multiword verb's tokens, except prepositions, which patterns may reuse
    (``met with`` is MEET_WITH, and ``(WITH LEADERS)`` still applies)."""
    dep_text = doc_columns(verb.doc).dep_text
    return {i for i in verb_tokens if dep_text[i] not in ("prep", "agent", "dative")}


@dataclass(frozen=True, slots=True)
class _Candidate:
    form: VerbForm
    tokens: tuple[int, ...]


# Where a pattern's words must be found: the words before the verb, after it, and on
# its object and subject sides (the extra words included).
_BEFORE, _AFTER, _OBJECT, _SUBJECT = range(4)


@dataclass(frozen=True, slots=True)
class _FamilyIndex:
    """A family's patterns, compiled once for a quick "cannot match" test.

    Each pattern requires words, synsets and prepositions on given sides of the verb;
    for each such *anchor* the index knows the keys (see ``_Ctx.key_set``) of which
    some token on that side must have one.  ``patterns`` holds, in file order, each
    pattern's position, the pattern and the ids of its anchors; ``by_key[side]`` maps
    a key to the anchors it meets.  A pattern with an anchor no token meets cannot
    match, and :meth:`VerbDictionary.match` skips it: the test never skips a pattern
    that could match, so the best pattern is the same as without it.
    ``before``/``after`` are the widest windows the patterns read before/after the verb.
    """

    patterns: tuple[tuple[int, Pattern, frozenset[int]], ...]
    by_key: tuple[dict[str, frozenset[int]], ...]
    before: int
    after: int
    #: Positions in ``patterns`` by one anchor each pattern needs (the one of fewest keys),
    #: and those of the patterns that need none: for :meth:`candidates`.
    by_anchor: dict[int, tuple[int, ...]] = field(default_factory=dict)
    free: tuple[int, ...] = ()
    #: The anchors by the words (lower-case forms or lemmas) of the tokens that may meet
    #: them, whatever the side: for :meth:`may_match`.
    by_word: dict[str, frozenset[int]] = field(default_factory=dict)
    words: frozenset[str] = frozenset()

    def may_match(self, words: frozenset[str], more: set[str]) -> bool:
        """Whether some pattern may match when every token the pattern may read has its
        lower-case form and lemma in ``words`` or ``more``: a test that needs neither the
        sides of the verb nor the tokens' keys, made before them (issue 6). It never says
        no where :meth:`candidates` of :meth:`met` would find a pattern: a token meets an
        anchor by its keys, each its lower-case form, its lemma, or for a noun one of
        theirs plus "s", "es" or "y" as "ies", and ``by_word`` has the anchor under each."""
        if self.free:
            return True
        by_word = self.by_word
        met: set[int] = set()
        for w in (words & self.words) | (more & self.words):
            met |= by_word[w]
        patterns = self.patterns
        return any(patterns[k][2] <= met for a in met for k in self.by_anchor.get(a, ()))

    def candidates(self, met: set[int]) -> list[tuple[int, Pattern, frozenset[int]]]:
        """The patterns whose anchors are all in ``met``, in file order: those of
        ``patterns`` that the test ``need <= met`` keeps, found from the anchors met
        rather than by testing every pattern of the family (issue 6)."""
        picks = list(self.free)
        for a in met:
            picks += self.by_anchor.get(a, ())
        picks.sort()
        patterns = self.patterns
        return [patterns[k] for k in picks if patterns[k][2] <= met]

    def met(self, side_keys: Sequence[Iterable[str]]) -> set[int]:
        """The anchors some token meets, given each side's keys."""
        out: set[int] = set()
        for side, keys in enumerate(side_keys):
            by_key = self.by_key[side]
            for k in keys:
                ids = by_key.get(k)
                if ids is not None:
                    out |= ids
        return out


def _alt_anchors(vd: VerbDictionary, alt: str, seen: frozenset[str]) -> set[str] | None:
    """The keys of which the first token ``alt`` consumes has one (None: no bound)."""
    if alt.startswith("&"):
        if alt in seen:
            return None
        idx = vd._synset_members(alt)
        out = {k for k in idx if k != "&"}
        for member in idx.get("&", ()):
            nested = _alt_anchors(vd, member[0], seen | {alt})
            if nested is None:
                return None
            out |= nested
        return out
    out = {alt[:-1] if alt.endswith("_") else alt}
    if "-" in alt.strip("-") and len(alt) > 2:  # matched piece by piece, as _match_alt does
        first = alt.split("-")[0] or "-"
        out.add(first[:-1] if first.endswith("_") else first)
    return out


def _atom_anchors(vd: VerbDictionary, atom: Atom) -> frozenset[str] | None:
    out: set[str] = set()
    for alt in atom:
        keys = _alt_anchors(vd, alt, frozenset())
        if keys is None:
            return None
        out |= keys
    return frozenset(out)


def _pattern_anchors(vd: VerbDictionary, pat: Pattern) -> tuple[tuple[int, frozenset[str]], ...]:
    req: list[tuple[int, Atom]] = [(_BEFORE, a) for a in pat.before_verb]
    req += [(_AFTER, a) for a in pat.after_verb]
    for side, terms, preps in ((_OBJECT, pat.object, pat.object_preps),
                               (_SUBJECT, pat.subject, pat.subject_preps)):
        req += [(side, a) for term in terms for a in term]
        for pp in preps:
            req.append((side, tuple(p[:-1] if p.endswith("_") else p for p in pp.preps)))
            req += [(side, a) for term in pp.terms for a in term]
    out: dict[tuple[int, frozenset[str]], None] = {}
    for side, atom in req:
        keys = _atom_anchors(vd, atom)
        if keys is not None:
            out[(side, keys)] = None
    return tuple(out)


def _compile_family(vd: VerbDictionary, fam: VerbFamily) -> _FamilyIndex:
    ids: dict[tuple[int, frozenset[str]], int] = {}
    pats = []
    for n, pat in enumerate(fam.patterns):
        need = frozenset(ids.setdefault(a, len(ids)) for a in _pattern_anchors(vd, pat))
        pats.append((n, pat, need))
    by_key: tuple[dict[str, set[int]], ...] = ({}, {}, {}, {})
    for (side, keys), a in ids.items():
        for k in keys:
            by_key[side].setdefault(k, set()).add(a)
    before = max((2 * len(p.before_verb) + 2 for p in fam.patterns if p.before_verb), default=0)
    after = max((2 * len(p.after_verb) + 2 for p in fam.patterns if p.after_verb), default=0)
    size = {a: len(keys) for (_side, keys), a in ids.items()}
    by_anchor: dict[int, list[int]] = {}
    free = []
    for k, (_n, _pat, need) in enumerate(pats):
        if need:
            by_anchor.setdefault(min(need, key=lambda a: (size[a], a)), []).append(k)
        else:
            free.append(k)
    by_word: dict[str, set[int]] = {}
    for (_side, keys), a in ids.items():
        for k in keys:
            for w in _word_bases(k):
                by_word.setdefault(w, set()).add(a)
    return _FamilyIndex(tuple(pats), tuple({k: frozenset(v) for k, v in d.items()} for d in by_key),
                        before, after, {a: tuple(ks) for a, ks in by_anchor.items()}, tuple(free),
                        {w: frozenset(v) for w, v in by_word.items()}, frozenset(by_word))


def _word_bases(key: str) -> tuple[str, ...]:
    """The words (a lower-case form or lemma) whose keys (:func:`_word_keys`) may hold
    ``key``: itself, and for a plural the words it is the plural of."""
    out = [key]
    if key.endswith("s"):
        out.append(key[:-1])
        if key.endswith("es"):
            out.append(key[:-2])
            if key.endswith("ies"):
                out.append(key[:-3] + "y")
    return tuple(out)


def _match_form(
    ctx: _Ctx, verb: Token, words: tuple[str, ...], head: int
) -> tuple[int, ...] | None:
    """The tokens of the verb form ``words`` (verb word at ``head``) on ``verb``, or None.

    The words after the verb word are its dependents (or theirs), in order; they are
    read from the per-Doc children lists, with no Token built for each child (issue 6)."""
    vi = verb.i
    if not (ctx.word_matches(words[head], vi) or ctx.lower_of(vi) == words[head]):
        return None
    consumed = [vi]
    for k, w in enumerate(reversed(words[:head])):
        j = vi - 1 - k
        if j < 0 or not ctx.word_matches(w, j):
            return None
        consumed.append(j)
    if head + 1 == len(words):
        return tuple(sorted(consumed))
    cols = ctx.cols
    kids = cols.kids
    frontier = [vi]
    last = vi
    for w in words[head + 1 :]:
        cands = sorted(c for f in frontier for c in kids[f] if c > last and c not in consumed)
        hit = next((c for c in cands if ctx.word_matches(w, c)), None)
        if hit is None:
            nxt = last + 1
            if nxt < len(kids) and w == "-" and cols.text[nxt] == "-":
                hit = nxt
            else:
                return None
        consumed.append(hit)
        frontier.append(hit)
        last = hit
    return tuple(sorted(consumed))


@dataclass(frozen=True, slots=True)
class VerbDictionary:
    """Verb families, their verbs and patterns, and the synsets the patterns use."""

    families: tuple[VerbFamily, ...]
    synsets: Mapping[str, tuple[tuple[str, ...], ...]]
    transformations: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    #: Skip the patterns that cannot match (a word they need is on neither side of the
    #: verb) before trying them; ``False`` tries every pattern, with the same results.
    prune: bool = field(default=True, repr=False, compare=False)
    _by_name: dict[str, VerbFamily] = field(init=False, repr=False, compare=False)
    _index: dict[str, list[tuple[VerbForm, tuple[str, ...], int]]] = field(
        init=False, repr=False, compare=False
    )
    _synset_index: dict[str, dict[str, list[tuple[str, ...]]]] = field(
        init=False, repr=False, compare=False
    )
    _fam_order: dict[str, int] = field(init=False, repr=False, compare=False)
    _family_index: dict[str, _FamilyIndex] = field(init=False, repr=False, compare=False)
    #: :meth:`_forms_of` by (lemma, lower-case form)
    _forms_cache: dict[tuple[str, str], tuple[tuple[VerbForm, tuple[str, ...], int], ...]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {f.name: f for f in self.families})
        index: dict[str, list[tuple[VerbForm, tuple[str, ...], int]]] = {}
        for fam in self.families:
            for v in fam.verbs:
                for words, head in ((v.words, v.head), *v.forms):
                    for w, h in _hyphen_variants(words, head):
                        entry = (v, w, h)
                        bucket = index.setdefault(w[h].rstrip("_"), [])
                        if entry not in bucket:
                            bucket.append(entry)
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_synset_index", {})
        object.__setattr__(self, "_fam_order", {f.name: n for n, f in enumerate(self.families)})
        object.__setattr__(self, "_family_index", {})
        object.__setattr__(self, "_forms_cache", {})

    # -- inspection ---------------------------------------------------------
    def family(self, name: str) -> VerbFamily:
        try:
            return self._by_name[name.upper()]
        except KeyError:
            raise ConfigError(f"No verb family {name!r} in the verb dictionary") from None

    @property
    def verbs(self) -> tuple[VerbForm, ...]:
        return tuple(v for f in self.families for v in f.verbs)

    @property
    def patterns(self) -> tuple[Pattern, ...]:
        return tuple(p for f in self.families for p in f.patterns)

    def prepare(self) -> VerbDictionary:
        """Compile every family's pattern index now, as the dictionary loads, rather than
        each when one of its verbs is first matched, in the middle of coding (0.09 CPU-s
        for the shipped dictionary; issue 6). Returns the dictionary."""
        for fam in self.families:
            self._family_index_of(fam.name)
        return self

    def forms_for(self, word: str) -> tuple[VerbForm, ...]:
        """The verb entries whose verb word is ``word`` (a lemma or listed form)."""
        seen: list[VerbForm] = []
        for v, _, _ in self._index.get(word.lower(), ()):
            if v not in seen:
                seen.append(v)
        return tuple(seen)

    def _synset_members(self, name: str) -> dict[str, list[tuple[str, ...]]]:
        """The members of synset ``name`` by the word a token must have to start them
        (``"&"``: members that start with another synset)."""
        idx = self._synset_index.get(name)
        if idx is None:
            idx = {}
            for member in self.synsets.get(name, ()):
                if not member:
                    continue
                first = member[0]
                if first.startswith("&"):
                    idx.setdefault("&", []).append(member)
                    continue
                word = first.rstrip("_")
                for key in dict.fromkeys((word, word.split("-")[0])):
                    idx.setdefault(key, []).append(member)
            self._synset_index[name] = idx
        return idx

    def _members_at(self, name: str, ctx: _Ctx, i: int) -> list[tuple[str, ...]]:
        idx = self._synset_members(name)
        out: list[tuple[str, ...]] = list(idx.get("&", ()))
        for k in ctx.key_set(i) | {ctx.lower_of(i)}:
            out.extend(idx.get(k, ()))
        return list(dict.fromkeys(out))

    # -- matching -----------------------------------------------------------
    def match(
        self,
        verb: Token,
        extra_object_words: Iterable[str] = (),
        extra_subject_words: Iterable[str] = (),
        exact_words: bool = False,
    ) -> VerbMatch | None:
        """The most specific reading of ``verb`` (a token of a parsed doc), or ``None``
        when it is not in the dictionary.

        ``extra_object_words`` / ``extra_subject_words`` (lower case) count as words of
        the logical object / subject: the caller knows, say, that the object is an
        ambassador.  A discard returns a match with ``code=None`` and ``discard=True``.
        """
        doc, vi = verb.doc, verb.i
        ctx = _Ctx(self, doc, exact_words)
        cands = self._candidates(ctx, verb)
        if not cands:
            return None
        longest = max(len(c.tokens) for c in cands)
        cands = [c for c in cands if len(c.tokens) == longest]
        cols = ctx.cols  # the verb's words and heads without Tokens (issue 6)
        if cols.lower[vi] != cols.lemma_lower[vi]:
            # A verb entered under this very form ("--- LEFT [032:033]") is meant, not
            # the lemma's entry ("--- LEAVE [012]").
            text = cols.text[vi].upper()
            exact = [c for c in cands if c.form.words[c.form.head].upper() == text]
            cands = exact or cands
        verb_tokens = set(cands[0].tokens)
        heads = _heads(cols)
        indexed = [(cand, self._family_index_of(cand.form.family)) for cand in cands]
        if self.prune:
            # First the quick test on the words of the verb's sentence, which needs
            # neither its sides nor its tokens' keys: most verbs have no pattern that may
            # match, and their reading is the bare verb's (issue 6).
            extra_object_words, extra_subject_words = tuple(extra_object_words), tuple(extra_subject_words)
            words, start, end = ctx.tree_words(vi, heads)
            more = {w for phrase in (*extra_object_words, *extra_subject_words) for w in phrase.lower().split()}
            lower, lemma = cols.lower, cols.lemma_lower
            live = []
            for cand, index in indexed:
                # the words before and after the verb that patterns read, outside the tree
                lo, hi = max(0, min(cand.tokens) - index.before), min(len(doc), max(cand.tokens) + 1 + index.after)
                window = more
                if lo < start or hi > end:
                    window = {*more, *lower[lo:start], *lemma[lo:start], *lower[end:hi], *lemma[end:hi]}
                if index.may_match(words, window):
                    live.append((cand, index))
            if not live:
                return self._bare_match(cands[0].form, verb_tokens, _is_passive_at(cols, vi))
            indexed = live
        # The side keys only prune patterns: they are read with the time phrases still in
        # (a superset, so no pattern is lost), and the time phrases, which may need the
        # recogniser, are taken out only when a pattern is tried (issue 6).
        regions = _regions(verb, verb_tokens, time_phrases=False)
        timed: _Regions | None = None
        obj_extra = ctx.add_extra(extra_object_words, 0)
        subj_extra = ctx.add_extra(extra_subject_words, -1000)
        best: tuple[tuple[int, int, int, int, int], Pattern, VerbForm, list[int]] | None = None
        fam_order = self._fam_order
        keys_of, extra_keys = ctx.keys_of, ctx.extra_keys
        side_keys: list[set[str]] = [set(), set(), keys_of(regions.object), keys_of(regions.subject)]
        for side, runs in ((_OBJECT, obj_extra), (_SUBJECT, subj_extra)):
            for run in runs:
                for i in run:
                    side_keys[side] |= extra_keys[i]
        for cand, index in indexed:
            fam = self._by_name[cand.form.family]
            first, last = min(cand.tokens), max(cand.tokens)
            side_keys[_BEFORE] = keys_of(range(max(0, first - index.before), first))
            side_keys[_AFTER] = keys_of(range(last + 1, min(len(doc), last + 1 + index.after)))
            # only the patterns each word, synset or preposition of which is somewhere on its side
            tried = index.candidates(index.met(side_keys)) if self.prune else index.patterns
            for n, pat, _need in tried:
                spans: tuple[list[list[int]], list[list[int]]] = ([], [])
                if timed is None and (pat.object or pat.object_preps):
                    # only the object side loses its time phrases: a pattern with no
                    # word there does not need them told, which may need the recogniser
                    timed = _without_time_phrases(regions, verb)
                consumed = self._match_pattern(ctx, pat, verb, cand, timed or regions, obj_extra, subj_extra,
                                               *spans)
                if consumed is None:
                    continue
                own = 1 if _written_for(pat.comment, cand.form) else 0
                # Among equals, the pattern whose words sit nearest the verb in the parse:
                # "issued an ultimatum to halt attacks" is ULTIMATUM, not ATTACK.
                near = -sum(_depth(heads, i, vi) for i in consumed if i >= 0)
                key = (pat.size, own, near, -fam_order[fam.name], -n)
                if best is None or key > best[0]:
                    best = (key, pat, cand.form, consumed, spans)
        if best is not None:
            _, pat, form, consumed, spans = best
            toks = tuple(sorted({*verb_tokens, *(i for i in consumed if i >= 0)}))
            verb_span = (min(verb_tokens), max(verb_tokens))
            return VerbMatch(
                code=None if pat.discard else pat.code,
                family=pat.family,
                pattern=pat.raw,
                verb=form.name,
                tokens=toks,
                specificity=pat.size,
                reverse_code=None if pat.discard else pat.reverse_code,
                discard=pat.discard,
                passive=regions.passive,
                origin=pat.origin,
                source_at=_marker_at(pat.source, spans, verb_span),
                target_at=_marker_at(pat.target, spans, verb_span),
                compound=pat.target == "%",
            )
        return self._bare_match(cands[0].form, verb_tokens, regions.passive)

    def _family_index_of(self, name: str) -> _FamilyIndex:
        index = self._family_index.get(name)
        if index is None:
            index = self._family_index[name] = _compile_family(self, self._by_name[name])
        return index

    def _bare_match(self, form: VerbForm, verb_tokens: set[int], passive: bool) -> VerbMatch:
        """The reading of the verb ``form`` when no pattern matches."""
        fam = self._by_name[form.family]
        src: VerbForm | VerbFamily = form if form.has_code else fam
        code, rev, dis = src.code, src.reverse_code, src.discard
        raw, origin = src.raw, src.origin
        return VerbMatch(
            code=None if dis else code,
            family=fam.name,
            pattern=raw,
            verb=form.name,
            tokens=tuple(sorted(verb_tokens)),
            specificity=0,
            reverse_code=None if dis else rev,
            discard=dis or (code is None and rev is None),
            passive=passive,
            origin=origin,
        )

    def has_forms(self, verb: Token) -> bool:
        """Whether the dictionary has a verb form under ``verb``'s lemma or word: without
        one, :meth:`match` is ``None`` whatever the caller's extra words. A dictionary
        lookup, asked before the caller resolves the verb's phrases (issue 6)."""
        cols = doc_columns(verb.doc)
        return bool(self._forms_of(cols.lemma_lower[verb.i], cols.lower[verb.i]))

    def _candidates(self, ctx: _Ctx, verb: Token) -> list[_Candidate]:
        cols = ctx.cols
        vi = verb.i
        lower = cols.lower[vi]
        out: list[_Candidate] = []
        for form, words, head in self._forms_of(cols.lemma_lower[vi], lower):
            if len(words) == 1:
                # a one-word form, as _match_form reads it, without the call (issue 6)
                w = words[0]
                toks: tuple[int, ...] | None = (vi,) if (
                    (lower == w[:-1] if w.endswith("_") else w in ctx.key_set(vi)) or lower == w) else None
            else:
                toks = _match_form(ctx, verb, words, head)
            if toks is not None and all(c.form is not form for c in out):
                out.append(_Candidate(form, toks))
        return out

    def _forms_of(self, lemma: str, lower: str) -> tuple[tuple[VerbForm, tuple[str, ...], int], ...]:
        """The verb forms entered under a verb's lemma or its lower-case form, each written
        form once (the first of the same origin, words and verb word), in index order:
        worked out once per pair of words, not once per verb matched (issue 6)."""
        key = (lemma, lower)
        found = self._forms_cache.get(key)
        if found is None:
            seen: set[tuple[str, tuple[str, ...], int]] = set()
            out = []
            for word in dict.fromkeys(key):
                for form, words, head in self._index.get(word, ()):
                    sig = (form.origin, words, head)
                    if sig not in seen:
                        seen.add(sig)
                        out.append((form, words, head))
            found = self._forms_cache[key] = tuple(out)
        return found

    def _match_pattern(
        self,
        ctx: _Ctx,
        pat: Pattern,
        verb: Token,
        cand: _Candidate,
        regions: _Regions,
        obj_extra: list[Run],
        subj_extra: list[Run],
        spans: list[list[int]] | None = None,
        subject_spans: list[list[int]] | None = None,
    ) -> list[int] | None:
        used: set[int] = _fixed_tokens(verb, cand.tokens) | {verb.i}
        consumed: list[int] = []
        doc = verb.doc
        first, last = min(cand.tokens), max(cand.tokens)
        if pat.before_verb:
            m = None
            for start in range(max(0, first - 2 * len(pat.before_verb) - 2), first):
                run = tuple(range(start, first))
                got = _match_seq(ctx, pat.before_verb, run, 0, used)
                if got is not None and got and max(got) == first - 1 and len(got) == len(run):
                    m = got
                    break
            if m is None:
                return None
            used.update(m)
            consumed += m
        if pat.after_verb:
            run = tuple(range(last + 1, min(len(doc), last + 1 + 2 * len(pat.after_verb) + 2)))
            m = _match_seq(ctx, pat.after_verb, run, 0, used)
            if m is None:
                return None
            used.update(m)
            consumed += m
        for terms, preps, region, extra in (
            (pat.object, pat.object_preps, regions.object, obj_extra),
            (pat.subject, pat.subject_preps, regions.subject, subj_extra),
        ):
            if preps:
                # A pattern's "* (FOR ...)" is a phrase after the verb, as PETRARCH reads it:
                # not "a camp for refugees was attacked", where it sits inside the subject.
                side = {i for i in region if i > verb.i} if region is regions.object else region
                m = _match_preps(ctx, preps, side, used)
                if m is None:
                    return None
                used.update(m)
                consumed += m
            if terms:
                m = _match_terms(ctx, terms, [*_runs(region), *extra], used,
                                 spans if spans is not None and region is regions.object else
                                 subject_spans)
                if m is None:
                    return None
                consumed += m
        return consumed


def _hyphen_variants(words: tuple[str, ...], head: int) -> list[tuple[tuple[str, ...], int]]:
    """``RE-ADMIT`` is one token or three (``re - admit``) in spaCy: index both."""
    out = [(words, head)]
    hw = words[head]
    if "-" in hw.strip("-"):
        pieces: list[str] = []
        for k, piece in enumerate(hw.split("-")):
            if k:
                pieces.append("-")
            if piece:
                pieces.append(piece)
        new = (*words[:head], *pieces, *words[head + 1 :])
        out.append((new, head + len(pieces) - 1))
    return out


def _written_for(comment: str, form: VerbForm) -> bool:
    """Whether the pattern's provenance comment (``# MEET``) names this verb."""
    if not comment:
        return False
    names = set(re.findall(r"[A-Z][A-Z_'-]+", comment))
    return form.name.upper() in names or form.words[form.head].upper() in names


def _marker_at(
    slot: str | None, spans: tuple[list[list[int]], list[list[int]]], verb_span: tuple[int, int]
) -> tuple[int, int, int] | None:
    """Where a ``$``/``+`` written among a pattern's words (slot ``object@2^1``: after the
    object side's second word, skipping one phrase) points in the matched sentence: the
    token to start from, the direction to read in, and how many phrases to skip."""
    if not slot or "@" not in slot:
        return None
    side, _, rest = slot.partition("@")
    k_text, _, gap_text = rest.partition("^")
    k, gap = int(k_text), int(gap_text or 0)
    obj, subj = spans
    if side == "object":
        words = [i for i in (obj[k - 1] if 0 < k <= len(obj) else []) if i >= 0]
        return (max(words) if words else verb_span[1], 1, gap)
    words = [i for i in (subj[k] if k < len(subj) else []) if i >= 0]
    return (min(words) if words else verb_span[0], -1, gap)

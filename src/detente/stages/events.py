"""Stage 5, events: subject-verb-object patterns on the dependency parse, coded to CAMEO.

For each verb of a sentence the verb dictionary (PETRARCH's CAMEO.2.0 plus
detente's additions) gives a CAMEO code; the parse gives its actors:

- the subject is the source and the object (or the object of "with", "to",
  "against", ...) the target; in the passive voice the "by" agent is the source
  and the grammatical subject the target;
- a verb without a subject of its own ("before returning", "agreed to meet")
  takes the subject of the verb it depends on;
- conjoined actors each take part ("Putin and Biden met"); with no target they
  act on each other, once in each direction;
- negated verbs ("did not meet") and hypothetical or future ones ("will meet",
  "hope the meetings will be constructive", "tried to tamper") are dropped, and
  the reason is kept for ``detente explain``.

Event nouns with named participants are coded too: "the meeting in Geneva
between Putin and Biden". Each coded mention gets its date from the clause it
stands in (stage ``when``) and its place from an "in"/"at" phrase of that clause
(stage ``where``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Literal

from spacy import symbols as spacy_symbols
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from detente.dictionaries.codebook import CameoCode, Codebook
from detente.errors import ConfigError
from detente.dictionaries.verbs import VerbDictionary, VerbMatch
from detente.model import Actor, Event, Mention, Place
from detente.stages import when as when_stage
from detente.stages import where as where_stage
from detente.stages.actors import ArticleActors
from detente.stages.nlp import doc_columns, ent_type

from detente.stages.where import Gazetteer

__all__ = ["Decision", "Discards", "SentenceNote", "EventCoder", "PetrarchRules", "intent_code", "load_event_nouns"]

NEGATIONS = {"not", "n't", "never", "no"}
#: Auxiliaries of the future, including the future in the past of reported speech.
FUTURE_AUX = {"will", "'ll", "shall", "wo", "would"}
MODALS = {"may", "might", "could", "should", "can", "must", "ca"}
#: Words whose complement is an event committed to, not yet done: an intent.
COMMITMENT = {
    "agree", "offer", "promise", "pledge", "vow", "decide", "plan", "intend", "commit", "prepare",
    "ready", "willing", "prepared", "determined", "about", "going", "set", "expect",
}
#: Words whose complement has not happened and is not promised: "hope that ... will", "tried to tamper".
IRREALIS = {
    "hope", "want", "wish", "aim", "seek", "propose", "try", "attempt", "consider", "threaten",
    "refuse", "fail", "decline", "urge", "ask", "call", "demand", "need", "hopes", "able", "unable",
}
TARGET_PREPS = ("with", "to", "against", "on", "upon", "toward", "towards", "into", "at", "for", "from", "over",
                "about")
#: Verbs that say an event noun happened: "held talks", "staged a protest", "launched an
#: offensive", "renewed negotiations". (Not "ended", "postponed", "called off".)
LIGHT_VERBS = {
    "hold", "renew", "resume", "begin", "start", "open", "conduct", "launch", "undertake", "continue",
    "stage", "complete", "mount", "organize", "organise", "carry", "declare", "wage", "initiate", "lead",
}
#: Their regular forms too, for when the tagger misreads the lemma ("staged" -> "stag").
_LIGHT_FORMS = {
    f for v in LIGHT_VERBS
    for f in (v, v + "s", v + "d" if v.endswith("e") else v + "ed", (v[:-1] if v.endswith("e") else v) + "ing")
}


def _is_light(tok: Token) -> bool:
    return tok.lemma_.lower() in LIGHT_VERBS or tok.lower_ in _LIGHT_FORMS


#: Prepositions inside an object noun phrase that may name the target.
NOUN_TARGET_PREPS = TARGET_PREPS + ("of", "between", "by")
PLACE_PREPS = ("in", "at", "near", "outside", "inside")
PLACE_ENTS = {"GPE", "LOC", "FAC"}
SELF_SUBJECT_DEPS = {"xcomp", "advcl", "pcomp", "conj", "acl", "relcl", "acomp"}


@dataclass(frozen=True, slots=True)
class Decision:
    """What the coder did with one candidate: coded, or dropped and why (for ``explain``)."""

    sentence: int
    trigger: str
    code: str | None
    pattern: str
    outcome: str  # "coded" or the reason it was dropped
    source: str = ""
    target: str = ""
    #: "asserted", or why the event has not (yet) happened: "future", "hypothetical",
    #: "negated", "conditional". A future intent may be coded as a CAMEO intent (03x/13x).
    modality: str = "asserted"
    #: Where the pattern is written (``CAMEO.2.0.txt:1234``), and the resolved actors
    #: of the candidate as "CODE text (rule)".
    origin: str = ""
    sources: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SentenceNote:
    """What ``explain`` shows before a sentence's decisions: its parse and its actor tags."""

    sentence: int
    text: str
    #: (index in sentence, text, lemma, pos, dep, head index in sentence)
    tokens: tuple[tuple[int, str, str, str, str, int], ...]
    #: dictionary matches: (text, code, kind, dictionary, entry)
    tags: tuple[tuple[str, str, str, str, str], ...]


@dataclass(frozen=True, slots=True)
class EventNoun:
    noun: str
    code: str
    reciprocal: bool


@dataclass(frozen=True, slots=True)
class PetrarchRules:
    """PETRARCH's own coding conventions, for running its validation files
    (``detente eval --dictionaries``); news is coded without them (docs/coder.md).

    - ``require_dyad``: an event needs a source and a target, else it is dropped;
    - ``comma_*``: comma-delimited clauses of ``min`` to ``max`` words are cut from the
      sentence before coding -- internal ones (between two commas), the initial one
      (before the first, ``comma_b*``) and the terminal one (after the last, ``comma_e*``);
      a maximum of 0 turns that cut off. Nothing in a cut clause is coded or is an actor;
    - a coded verb takes its verb phrase: no verb inside it starts an event of its own
      ("restore ties with Gondor five years after crowds burned its embassy");
    - a verb is passive only with a "by" agent: "X was criticized over Y" is X's act on Y.

    The values are PETRARCH's defaults (``PETR_config.ini``); a validation file's
    ``<Config option=... value=...>`` lines change them (:meth:`configured`).
    """

    require_dyad: bool = True
    comma_min: int = 2
    comma_max: int = 8
    comma_bmin: int = 0
    comma_bmax: int = 0
    comma_emin: int = 2
    comma_emax: int = 8

    def configured(self, options: "Iterable[tuple[str, str]]") -> "PetrarchRules":
        """These rules with PETRARCH ``<Config>`` options applied (unknown ones ignored)."""
        from dataclasses import replace

        changes: dict[str, object] = {}
        for name, value in options:
            name = name.strip().lower()
            if name == "require_dyad":
                changes[name] = "false" not in value.lower()
            elif name in self.__dataclass_fields__ and name.startswith("comma_"):  # type: ignore[attr-defined]
                try:
                    changes[name] = int(value)
                except ValueError:
                    continue
        return replace(self, **changes) if changes else self  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def load_event_nouns() -> dict[str, EventNoun]:
    text = (files("detente") / "data" / "verbs" / "event_nouns.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO("\n".join(l for l in text.splitlines() if not l.startswith("#"))))
    return {r["noun"]: EventNoun(r["noun"], r["code"], r["reciprocal"] == "1") for r in rows}


@lru_cache(maxsize=1)
def _anaphora() -> tuple[tuple[str, ...], ...]:
    text = (files("detente") / "data" / "time" / "anaphora.txt").read_text(encoding="utf-8")
    phrases = [tuple(l.strip().lower().split()) for l in text.splitlines() if l.strip() and not l.startswith("#")]
    return tuple(sorted(phrases, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class Discards:
    """A PETRARCH discard file: phrases that mark a sentence (or, with ``+``, the whole
    story) as not political news -- sports, weather -- so nothing in it is coded.

    One phrase a line, ``#`` starts a comment; a phrase matches whole words, ignoring case.
    """

    sentence: frozenset[tuple[str, ...]] = frozenset()
    story: frozenset[tuple[str, ...]] = frozenset()
    origin: str = ""

    @classmethod
    def read(cls, path: "str | Path") -> "Discards":
        try:
            text = Path(path).read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise ConfigError(f"Cannot read discard file {path}: {exc.strerror}") from exc
        sentence: set[tuple[str, ...]] = set()
        story: set[tuple[str, ...]] = set()
        for line in text.splitlines():
            body = line.split("#", 1)[0].strip()
            if not body:
                continue
            target = story if body.startswith("+") else sentence
            words = tuple(body.lstrip("+").lower().replace("_", " ").split())
            if words:
                target.add(words)
        return cls(frozenset(sentence), frozenset(story), Path(path).name)

    def find(self, words: list[str], story: bool = False) -> tuple[str, ...] | None:
        """The first phrase of the sentence (``story=False``) or story list in ``words``."""
        phrases = self.story if story else self.sentence
        if not phrases:
            return None
        for i in range(len(words)):
            for p in phrases:
                if words[i] == p[0] and tuple(words[i : i + len(p)]) == p:
                    return p
        return None


@dataclass(slots=True)
class _Candidate:
    trigger: Token
    code: str | None  # None for a reverse-only pattern ("received tanks from": [:072])
    pattern: str
    sources: list[Actor]
    targets: list[Actor]
    confidence: float
    anchor: Token  # the token whose clause dates and places the event
    nominal: bool = False
    reverse_code: str | None = None  # B of a PETRARCH [A:B] code: the event from target to source
    modality: str = "asserted"
    origin: str = ""
    specificity: int = 0
    intent_head: int | None = None  # the commitment verb ("agreed") an intent was coded under


#: The parts of speech an event can start at (a verb, an event noun): ids, as
#: :class:`~detente.stages.nlp.DocColumns` holds them.
_EVENT_POS = frozenset({spacy_symbols.VERB, spacy_symbols.AUX, spacy_symbols.NOUN, spacy_symbols.PROPN})
_PRON = spacy_symbols.PRON
_SUBJECT_DEP_IDS = frozenset({spacy_symbols.nsubj, spacy_symbols.nsubjpass})
_VERB = spacy_symbols.VERB
_NOUN_POS = frozenset({spacy_symbols.NOUN, spacy_symbols.PROPN})
#: Dependency labels as ids (``DocColumns.dep``), for the loops over a token's children
#: that need no Token for the children they skip (issue 6).
_NSUBJ, _NSUBJPASS, _NEG, _AUX, _AUXPASS, _ADVMOD, _DET, _MARK = (
    get_string_id(d) for d in ("nsubj", "nsubjpass", "neg", "aux", "auxpass", "advmod", "det", "mark"))
_PASSIVE_MARKS = frozenset({_NSUBJPASS, _AUXPASS})
_AUX_DEPS = frozenset({_AUX, _AUXPASS})
_OBJECT_DEPS = frozenset(get_string_id(d) for d in ("dobj", "dative"))
_NSUBJ_ONLY = frozenset({_NSUBJ})
_CCOMP = get_string_id("ccomp")
_VERB_OR_AUX = frozenset({spacy_symbols.VERB, spacy_symbols.AUX})
_NSUBJPASS_ONLY = frozenset({_NSUBJPASS})
_PROPN = spacy_symbols.PROPN
#: The children whose phrases :func:`_argument_nouns` / :func:`_prep_objects` search.
_PREP_ONLY = frozenset({get_string_id("prep")})
_ARGUMENT_CHILD_DEPS = frozenset({get_string_id("prep"), get_string_id("acl")})


@dataclass(slots=True)
class EventCoder:
    """Codes the mentions of events in one article's sentences."""

    verbs: VerbDictionary
    codebook: Codebook
    gazetteer: Gazetteer
    nouns: dict[str, EventNoun] = field(default_factory=load_event_nouns)
    #: Code future and hypothetical events too (PETRARCH does); they are still marked in the trace.
    code_modal: bool = False
    #: Give a protest, coercion or violence with no named target the country it happens in
    #: as target (see :func:`_implicit_target`); PETRARCH leaves it without one.
    implicit_targets: bool = True
    #: A PETRARCH discard file (``--discards``): sentences and stories not to code.
    discards: Discards | None = None
    #: PETRARCH's coding conventions (:class:`PetrarchRules`), for its validation files.
    petrarch: PetrarchRules | None = None

    def code_sentence(
        self,
        sent: Span,
        index: int,
        actors: ArticleActors,
        published: date | None,
        doc_id: str,
        state: "NarrativeState",
        trace: list[Decision] | None = None,
    ) -> list[Event]:
        actors.tag_sentence(sent)
        if trace is not None:
            trace.append(_sentence_note(sent, index, actors))  # type: ignore[arg-type]
        if self.discards is not None:
            phrase = self._discarded(sent, state)
            if phrase is not None:
                root = sent.root
                _note(trace, index, root, None, f"discard phrase '{phrase}'",
                      f"discarded: the {'story' if state.discard else 'sentence'} names '{phrase}'",
                      origin=self.discards.origin)
                return []
        out: list[Event] = []
        subjects_seen: list[Actor] = []
        consumed: set[int] = set()  # tokens a verb pattern used: they start no event of their own
        cands: list[_Candidate] = []
        rules = self.petrarch
        if rules is not None:
            cut = _comma_clauses(sent, rules)
            consumed |= cut
            if cut:
                actors = _Masked(actors, cut)  # type: ignore[assignment]
                _note(trace, index, sent.root, None, "PETRARCH comma clauses",
                      "cut: " + " | ".join(_runs_text(sent, cut)))
        doc = sent.doc
        cols = doc_columns(doc)
        pos_ids = cols.pos
        lemmas, nouns = cols.lemma_lower, self.nouns
        for i in range(sent.start, sent.end):
            p = pos_ids[i]
            if p not in _EVENT_POS or (p in _NOUN_POS and lemmas[i] not in nouns):
                continue  # throughput (issue 6): no event starts at any other word
            tok = doc[i]
            pos = tok.pos_
            if pos in ("VERB", "AUX") and (speech := _obligation(tok)) is not None:
                cand = self._demand_candidate(tok, speech, actors, index, trace)
                if cand is not None:
                    cands.append(cand)
            if tok.i in consumed:
                continue
            if pos == "VERB" and (comp := _refused(tok)) is not None:
                cand = self._refusal_candidate(tok, comp, actors, index, trace)
                if cand is not None:
                    cands.append(cand)
                continue  # the refusal is the event, not the bare verb
            if pos == "VERB" and _negated_future(tok):
                cand = self._refusal_candidate(tok, tok, actors, index, trace, negated_future=True)
                if cand is not None:
                    cands.append(cand)
                    continue
            if pos == "VERB" or (pos == "AUX" and tok.dep_ == "ROOT"):
                cand = self._verb_candidate(tok, actors, index, trace, consumed)
            elif pos in ("NOUN", "PROPN") and tok.lemma_.lower() in self.nouns:
                cand = self._noun_candidate(tok, actors, index, trace)
            else:
                continue
            if cand is not None:
                cands.append(cand)
        # "agreed to supply X": the intent to supply says more than the bare "agree".
        heads = {c.intent_head for c in cands if c.intent_head is not None}
        # "X said Y did Z": the reported event is the news, the bare statement is not.
        speech = {h.i for c in cands if (h := _speech_head(c.trigger)) is not None}
        # "staged a hunger strike to demand reforms", "blocked roads demanding that ...":
        # the demand is what the protest is for, not a second event.
        protests = {i for c in cands if c.code and c.code[:2] == "14" for i in (c.trigger.i, c.anchor.i)}
        for cand in cands:
            if protests and cand.code and cand.code[:2] == "10" and _under(cand.trigger, protests):
                _note(trace, index, cand.trigger, cand.code, cand.pattern,
                      "superseded by the protest whose aim it states", modality=cand.modality, origin=cand.origin)
                continue
            if cand.trigger.i in heads and cand.specificity == 0 and cand.code and cand.code[:2] in INTENT_ROOTS:
                _note(trace, index, cand.trigger, cand.code, cand.pattern,
                      "superseded by the intent it introduces", modality=cand.modality, origin=cand.origin)
                continue
            if cand.trigger.i in speech and cand.code and cand.code[:2] == "01" and not cand.reverse_code:
                _note(trace, index, cand.trigger, cand.code, cand.pattern,
                      "superseded by the reported event", modality=cand.modality, origin=cand.origin)
                continue
            if not cand.trigger.pos_ == "NOUN":
                subjects_seen.extend(cand.sources)
            out.extend(self._events(cand, sent, index, actors, published, doc_id, state, trace))
        out = _drop_vaguer(out, index, trace)
        # Subjects of this sentence become the antecedents of "he"/"she" in the next.
        dep_ids = cols.dep
        for i in range(sent.start, sent.end):
            if dep_ids[i] in _SUBJECT_DEP_IDS and pos_ids[i] != _PRON:
                actors.note_subject(a for a in actors.actors_for(doc[i]))
        return out

    def _discarded(self, sent: Span, state: "NarrativeState") -> str | None:
        assert self.discards is not None
        if state.discard is None:
            words = [t.lower_ for t in sent.doc if not t.is_space]
            hit = self.discards.find(words, story=True)
            state.discard = " ".join(hit) if hit else ""
        if state.discard:
            return state.discard
        hit = self.discards.find([t.lower_ for t in sent if not t.is_space])
        return " ".join(hit) if hit else None

    # -- candidates -------------------------------------------------------------------
    def _verb_candidate(
        self, verb: Token, actors: ArticleActors, index: int, trace: list[Decision] | None,
        consumed: set[int] | None = None,
    ) -> _Candidate | None:
        passive = _is_passive(verb)
        if passive and self.petrarch is not None and not any(c.dep_ == "agent" for c in verb.children):
            passive = False  # PETRARCH: no "by", no passive
        obj_tokens = _objects(verb, passive)
        subj_tokens, inherited = _subjects(verb, passive)
        if not subj_tokens and not passive and self.petrarch is not None:
            subj_tokens = [c for c in verb.children if c.dep_ == "nsubjpass"]  # "X was criticized over Y"
        if (trace is None and self.petrarch is None and not self.verbs.has_forms(verb)
                and _quiet_words((i for t in subj_tokens + obj_tokens for i in _subtree(t)), verb.doc, actors)):
            return None  # throughput (issue 6): no verb form, no event, and resolving its phrases would change nothing
        sources = [a for s in subj_tokens for a in _phrase_actors(s, actors)]
        targets: list[Actor] = []
        for o in obj_tokens:
            targets.extend(a for a in _phrase_actors(o, actors) if a not in targets)
        direct = bool(targets)  # see _implicit_source
        implicit = self.implicit_targets and (passive or (direct and _weapon_subject(subj_tokens)))
        if (not sources and trace is None and not implicit and not self._may_consume(verb)
                and self.petrarch is None):
            return None  # throughput (issue 6): no source, no event; the match is only for the trace
        match: VerbMatch | None = self.verbs.match(
            verb,
            extra_object_words={r for a in targets for r in a.roles},
            extra_subject_words={r for a in sources for r in a.roles},
            exact_words=self.petrarch is not None,
        )
        if match is None:
            return None
        if self.petrarch is not None and consumed is not None and not (match.discard and match.specificity == 0):
            # PETRARCH codes a matched verb and goes on after the end of its verb phrase.
            consumed.update(_verb_phrase(verb))
        doc = verb.doc
        if verb.lemma_.lower() in SPEECH_VERBS and any(i in _reported(verb) for i in match.tokens):
            _note(trace, index, verb, match.code, match.pattern,
                  "the pattern reaches into the reported clause, which is coded on its own",
                  origin=match.origin)
            return None
        if consumed is not None and match.specificity > 0:
            consumed.update(i for i in match.tokens if i != verb.i)
        code, reverse, pattern = match.code, match.reverse_code, match.pattern
        origin = match.origin
        # "+ WAS * DEAD IN $": the pattern says where its source and target stand.
        if match.source_at is not None and (found := _marked_actors(verb, match.source_at, actors)):
            sources, inherited = found, False
        if match.target_at is not None and (found := _marked_actors(verb, match.target_at, actors)):
            if match.source_at is None and {a.code for a in found} >= {a.code for a in sources} \
                    and verb.dep_ in ("ccomp", "xcomp", "conj", "advcl") and verb.head.i != verb.i:
                # "- NOTED + * ": the pattern makes the clause's subject the target; the
                # source is whoever stands before it (the subject of "noted").
                head_subj, _ = _subjects(verb.head, _is_passive(verb.head))
                sources = [a for t in head_subj for a in _phrase_actors(t, actors)] or sources
            targets = [a for a in found if a.code not in {s.code for s in sources}]
        kind, reason = _modality(verb)
        if kind == "hypothetical" and code and code[:2] in ATTEMPT_ROOTS and _attempted(verb):
            kind, reason = "asserted", ""  # "tried to hack", "attempted to assassinate": the attempt is the act
        if kind == "negated" and any(c.dep_ == "neg" and c.i in match.tokens for c in verb.children):
            # The pattern itself reads the negation ("- &NEGATVAUXVRB * OVER EFFORTS"):
            # its code is the code of the negated event.
            kind, reason = "asserted", ""
        note = dict(modality=kind, origin=origin, sources=sources, targets=targets)
        if match.discard:
            _note(trace, index, verb, code, pattern, "discard pattern", **note)  # type: ignore[arg-type]
            return None
        if kind == "negated" or (kind in ("hypothetical", "conditional") and not self.code_modal):
            _note(trace, index, verb, code, pattern, reason, **note)  # type: ignore[arg-type]
            return None
        if kind == "future" and not self.code_modal:
            intent = intent_code(code)
            if intent is None:
                _note(trace, index, verb, code, pattern, f"{reason}: not coded, no intent code for it", **note)  # type: ignore[arg-type]
                return None
            pattern = f"{pattern}  => {reason}: intent {intent}"
            code, reverse = intent, None
        if match.compound and len(sources) > 1:
            targets = []  # "- % HAVE * [191]": "Gondor and Osgiliath have delayed their meeting"
        elif not targets:
            if (not sources and not implicit and trace is None and self.petrarch is None
                    and _target_search_quiet(verb, obj_tokens, actors)):
                return None  # throughput (issue 6): no source, no event, and the search for a target would change nothing
            targets = self._more_targets(verb, obj_tokens, actors, sources, code)
        if not targets and sources and self.petrarch is not None and not match.compound:
            targets = _first_actor_in(verb, sorted(_verb_phrase(verb)), actors, {a.code for a in sources})
        if not sources and implicit:
            sources = self._implicit_source(verb, code, targets, actors, direct)
            targets = [t for t in targets if t.code not in {a.code for a in sources}]
        if not sources:
            _note(trace, index, verb, code, pattern, "no source actor", **note)  # type: ignore[arg-type]
            return None
        confidence = 1.0 - (0.1 if inherited else 0.0) - (0.1 if kind != "asserted" else 0.0)
        head = _commitment_head(verb) if kind == "future" else None
        return _Candidate(verb, code, pattern, sources, targets, confidence, verb,
                          reverse_code=reverse, modality=kind, origin=origin,
                          specificity=match.specificity, intent_head=head)

    def _may_consume(self, verb: Token) -> bool:
        """Throughput (issue 6): whether a pattern of ``verb`` could use a later token that
        would otherwise start an event of its own (a verb or event noun in its subtree)."""
        cols = doc_columns(verb.doc)
        kids, pos, lemmas, nouns = cols.kids, cols.pos, cols.lemma_lower, self.nouns
        start = verb.i
        stack = [start]
        while stack:
            i = stack.pop()
            if i > start and (pos[i] == _VERB or lemmas[i] in nouns):
                return True
            stack.extend(kids[i])
        return False

    def _demand_candidate(
        self, verb: Token, speech: Token, actors: ArticleActors, index: int, trace: list[Decision] | None
    ) -> _Candidate | None:
        """"X said Y must do Z": X demands Z of Y (CAMEO 10x), coded on the verb of saying."""
        match = self.verbs.match(verb)
        inner = match.code if match is not None and not match.discard else None
        code = demand_code(inner)
        pattern = f"X said Y {'/'.join(sorted(OBLIGATION))} ... => demand {code}"
        kind, reason = _modality(speech)
        if any(c.dep_ == "neg" for c in verb.children):
            kind, reason = "negated", "negated (must not)"
        subj = [c for c in speech.children if c.dep_ == "nsubj"]
        sources = [a for s in subj for a in _phrase_actors(s, actors)]
        targets = [a for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for a in _phrase_actors(c, actors)]
        targets = [a for a in targets if a.code not in {s.code for s in sources}]
        note = dict(modality=kind, origin="events.py: reported obligation", sources=sources, targets=targets)
        if kind != "asserted" and not (self.code_modal and kind != "negated"):
            _note(trace, index, speech, code, pattern, reason, **note)  # type: ignore[arg-type]
            return None
        if not sources or not targets:
            _note(trace, index, speech, code, pattern, "no source actor" if not sources else "no target actor",
                  **note)  # type: ignore[arg-type]
            return None
        return _Candidate(speech, code, pattern, sources, targets, 0.8, speech, modality=kind,
                          origin="events.py: reported obligation", specificity=1)

    def _refusal_candidate(
        self, verb: Token, comp: Token, actors: ArticleActors, index: int, trace: list[Decision] | None,
        negated_future: bool = False,
    ) -> _Candidate | None:
        """"X refused to do Z", "X will not do Z": X rejects Z (CAMEO 12x), coded on ``verb``."""
        match = self.verbs.match(comp)
        inner = match.code if match is not None and not match.discard else None
        code = refusal_code(inner)
        if negated_future and (inner is None or any(c.dep_ == "neg" and c.i in match.tokens  # type: ignore[union-attr]
                                                    for c in comp.children)):
            # "will not comment": nothing refused that the dictionary knows; or the
            # pattern reads the negation itself ("- &NEGATVAUXVRB * ...").
            return None
        pattern = (f"X will not ... => refusal {code}" if negated_future else
                   f"X {verb.lemma_} to ... => refusal {code}")
        origin = "events.py: refusal"
        kind, reason = ("asserted", "") if negated_future else _modality(verb)
        subj, _ = _subjects(verb, _is_passive(verb))
        sources = [a for t in subj for a in _phrase_actors(t, actors)]
        passive = _is_passive(comp)
        objs = _objects(comp, passive)
        own = {a.code for a in sources}
        targets = [a for o in objs for a in _phrase_actors(o, actors) if a.code not in own]
        if not targets and sources:
            targets = self._more_targets(comp, objs, actors, sources, inner)
        note = dict(modality=kind, origin=origin, sources=sources, targets=targets)
        if kind != "asserted" and not (self.code_modal and kind != "negated"):
            _note(trace, index, verb, code, pattern, reason, **note)  # type: ignore[arg-type]
            return None
        if not sources:
            _note(trace, index, verb, code, pattern, "no source actor", **note)  # type: ignore[arg-type]
            return None
        return _Candidate(verb, code, pattern, sources, targets, 0.8, verb, modality=kind, origin=origin,
                          specificity=1)

    def _more_targets(
        self, verb: Token, obj_tokens: list[Token], actors: ArticleActors, sources: list[Actor],
        code: str | None = None,
    ) -> list[Actor]:
        """A target named inside the object phrase or a phrase of the verb or its complement.

        In order: the verb's "with/to/against ..." phrases; the object noun's possessor
        and phrases ("restore ties with Gondor", "condemned Israel's raid"); the object
        or phrases of an infinitive complement ("offered to hand X over to Britain"); for a
        threat, the subject of its "if/unless" condition.
        """
        own = {a.code for a in sources}

        def keep(found: list[Actor]) -> list[Actor]:
            return [a for a in found if a.code not in own]

        # "celebrated Eid at Osgiliath with Gondor": "with" names a partner before "at" a place.
        for _, p in sorted(_prep_pairs(verb, TARGET_PREPS), key=lambda pp: TARGET_PREPS.index(pp[0].lower_)):
            found = _target_actors(p, actors, keep)[1]
            if found:
                return found
        for o in obj_tokens:
            for c in o.children:
                if c.dep_ == "poss":
                    found = keep(actors.actors_for(c))
                    if found:
                        return found
            # "welcomed the resumption of ties with Osgiliath", "... between Gondor and
            # Osgiliath", "condemned an attack by Osgiliath soldiers": prepositional
            # phrases nested in the object, nearest first.
            found = keep(_nested_actors(o, actors))
            if found:
                return found
        for c in verb.children:
            # "demanded that Hamas renounce ...", "accused X of": the addressee of a verbal act
            if c.dep_ == "ccomp" and verb.lemma_.lower() not in SPEECH_VERBS:
                for sub in c.children:
                    if sub.dep_ in ("nsubj", "nsubjpass"):
                        found = keep(_phrase_actors(sub, actors))
                        if found:
                            return found
            if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX"):
                for o in _objects(c, False):
                    found = keep(_phrase_actors(o, actors))
                    if found:
                        return found
                    for p in _prep_objects(o, TARGET_PREPS):
                        found = _target_actors(p, actors, keep)[1]
                        if found:
                            return found
                for p in _prep_objects(c, TARGET_PREPS):
                    found = _target_actors(p, actors, keep)[1]
                    if found:
                        return found
        if code and code[:2] == "13":
            found = self._condition_target(verb, actors, keep)
            if found:
                return found
        # PETRARCH's last resort: the first actor named in any other phrase of the verb,
        # its object or its complement ("renewing his license in Michel Delving", "lifted
        # a curfew in Montenegro", "marched close to the border with Mordor").
        # "attacked the camp, killing 156": a participle clause with no target of its own
        # acts on the target of the clause it depends on.
        if verb.dep_ == "advcl" and verb.tag_ == "VBG" and not any(c.dep_ == "nsubj" for c in verb.children):
            head = verb.head
            for o in _objects(head, _is_passive(head)):
                found = keep(_phrase_actors(o, actors) or _nested_actors(o, actors))
                if found:
                    return found
        # Not for several sources: with no target named they act on each other ("Putin and
        # Biden met in Geneva").
        if len(sources) > 1 and not (code and code[:2] in JOINT_ROOTS):
            return []
        starts = [verb, *obj_tokens, *(c for c in verb.children if c.dep_ in ("xcomp", "advmod", "acomp"))]
        queue = [p for t in starts for p in _argument_nouns(t)]
        # "signed an accord on Thursday to supply Gondor with wheat": the object of an
        # infinitive of purpose, which the parser hung on the verb.
        for c in verb.children:
            if c.dep_ == "advcl" and _to_infinitive(c):
                queue += [o for o in c.children if o.dep_ in ("dobj", "dative")] + list(_argument_nouns(c))
        for _ in range(14):
            if not queue:
                break
            p = queue.pop(0)
            target, found = _target_actors(p, actors, keep)
            if found:
                return found
            if target is None and _has_child(p, _ARGUMENT_CHILD_DEPS):
                target = _is_target_candidate(p)  # asked only when its phrases would be searched
            if target:
                queue.extend(_argument_nouns(p))
        return []

    def _implicit_source(
        self, verb: Token, code: str | None, targets: list[Actor], actors: ArticleActors, direct: bool = True
    ) -> list[Actor]:
        """The state that arrests, detains, deports or investigates when a passive says
        not who did: "a missionary was arrested in Lebanon", "a US national has been put
        under investigation in Italy" -- the authorities of the country where it happens.

        Violence (18-20) whose doer is not named ("three soldiers were killed by a roadside
        bomb in Basra", "a car bombing in Baghdad killed ..."): PLOVER's unidentified
        armed forces (UAF) of the country where it happens -- unless the attack itself
        names its side: "killed in Israeli tank shelling", "in a US drone strike". Without a
        ``direct`` target (an unresolved object: "four children were killed ..."), only that
        named side is taken."""
        if not code or code[:2] not in STATE_ROOTS | VIOLENCE_ROOTS:
            return []
        violence = code[:2] in VIOLENCE_ROOTS
        if violence:
            passive = _is_passive(verb)
            subjects = _subjects(verb, passive)[0]
            if not (_weapon_subject(subjects) or (passive and verb.lemma_.lower() in HARM_VERBS)):
                return []  # "Serb forces were engaged in ethnic cleansing": the subject did it
            for attack in [*subjects, *(p for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "by")
                                        for p in c.children if p.dep_ == "pobj")]:
                if attack.lemma_.lower() in WEAPON_NOUNS or any(
                        c.dep_ == "compound" and c.lemma_.lower() in WEAPON_NOUNS for c in attack.children):
                    side = [a for c in attack.children if c.dep_ in ("amod", "compound", "poss", "nmod")
                            for a in actors.actors_for(c)]
                    if side:
                        return side
        if not direct:
            return []
        context = tuple(a.country for a in targets if a.country)
        place = where_stage.place_in_clause(verb, self.gazetteer, context)
        if place is None:
            # "was put under investigation in Italy", "placed under house arrest in Cairo":
            # the place is on the state of affairs the subject is put under.
            under = [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "under"
                     for p in c.children if p.dep_ == "pobj"]
            place = next((found for p in under
                          if (found := where_stage.place_in_clause(p, self.gazetteer, context)) is not None), None)
        if place is None or not place.country:
            return []
        name = actors.res.country_name(place.country)
        if violence:
            rule = f"implicit source ({code[:2]}: unidentified armed forces where it happens)"
            return [Actor(f"unidentified armed forces ({name})", place.country + "UAF", name, place.country,
                          "UAF", None, rule)]
        return [Actor(name, place.country + "GOV", name, place.country, "GOV", None,
                      f"implicit source ({code[:2]}: the state where it happens)")]

    @staticmethod
    def _condition_target(verb: Token, actors: ArticleActors, keep: Callable[[list[Actor]], list[Actor]]) -> list[Actor]:
        """A threat is an ultimatum: "threatened to X unless Baghdad accepted ...", "... if
        the United States goes ahead": the party that must comply is the target."""
        for t in (verb, *(c for c in verb.children if c.dep_ == "xcomp")):
            for adv in t.children:
                if adv.dep_ != "advcl" or not any(m.dep_ == "mark" and m.lower_ in ("if", "unless")
                                                  for m in adv.children):
                    continue
                for sub in adv.children:
                    if sub.dep_ in ("nsubj", "nsubjpass"):
                        found = keep(_phrase_actors(sub, actors))
                        if found:
                            return found
        return []

    def _noun_candidate(
        self, noun: Token, actors: ArticleActors, index: int, trace: list[Decision] | None
    ) -> _Candidate | None:
        entry = self.nouns[noun.lemma_.lower()]
        for c in noun.children:  # "hunger strike", "phone call": the longer entry
            longer = self.nouns.get(f"{c.lemma_.lower()} {noun.lemma_.lower()}")
            if c.dep_ == "compound" and longer is not None:
                entry = longer
        # "a mediation mission between A and B": the compound's head carries the phrase.
        phrase = noun.head if noun.dep_ == "compound" and noun.head.pos_ in ("NOUN", "PROPN") else noun
        # "Israel and Lebanon renewed negotiations", "staged a hunger strike", "launched an
        # offensive against B": a light verb's subject is the event's actor.
        light = phrase.head if phrase.dep_ == "dobj" and _is_light(phrase.head) else None
        pattern = f"noun {entry.noun} [{entry.code}]" + (f" under '{light.text}'" if light is not None else "")
        kind, reason = _modality(phrase.head if phrase.dep_ in ("nsubj", "dobj", "nsubjpass") else phrase)
        if any(c.lower_ == "no" for c in phrase.children):
            kind, reason = "negated", "negated"
        if kind != "asserted" and not (self.code_modal and kind != "negated"):
            _note(trace, index, noun, entry.code, pattern, reason, modality=kind)
            return None
        participants: list[Actor] = []
        sources: list[Actor] = []
        targets: list[Actor] = []
        target_preps = {"with", "to", "against", "into", "on", "upon"}
        if entry.code[:2] in ("19", "20"):
            target_preps.add("of")  # "the invasion of Lebanon"
        if entry.code[:3] == "087":
            target_preps.add("from")  # "the withdrawal from Gorazde"
        adjectives: list[Token] = []
        for c in phrase.children:
            if c.dep_ == "poss":
                sources.extend(actors.actors_for(c))
            elif c.dep_ == "amod" or (c.dep_ == "compound" and c.text[:1].isupper()):
                adjectives.append(c)  # a compound's label is read only if they are used (issue 6)
            elif c.dep_ == "prep" and c.lower_ == "between":
                for p in c.children:
                    if p.dep_ == "pobj":
                        participants.extend(actors.actors_for(p))
            elif c.dep_ == "prep" and c.lower_ in target_preps:
                for p in c.children:
                    if p.dep_ == "pobj":
                        targets.extend(_phrase_actors(p, actors))
        if light is not None and not sources:
            subj, _ = _subjects(light, any(c.dep_ == "nsubjpass" for c in light.children))
            sources = [a for t in subj for a in _phrase_actors(t, actors)]
        topic = phrase.dep_ == "pobj" and phrase.head.lower_ in TOPIC_PREPS
        governor = phrase.head.head if phrase.head.pos_ == "ADP" else phrase.head
        if light is None and not sources and not participants and not topic and governor.pos_ in ("VERB", "AUX"):
            # "Palestinian riots against Israeli policies", "condemned the Russian invasion of
            # Ukraine": a country's adjective on the event noun names its actor, as "Israel's"
            # would -- not when it is a topic ("negotiations on an Israeli pullback").
            adjectives = [c for c in adjectives if c.dep_ == "amod" or ent_type(c) in ("NORP", "GPE")]
            sources = [a for c in adjectives for a in actors.actors_for(c) if a.country]
        if entry.reciprocal and (participants or len(sources) > 1) and light is None:
            sources = participants + sources
        elif participants:
            targets.extend(a for a in participants if a not in targets)
        if not sources or (not targets and len(sources) < 2 and light is None):
            _note(trace, index, noun, entry.code, pattern,
                  "no source actor" if light is not None else "participants not named")
            return None
        own = {a.code for a in sources}
        targets = [a for a in targets if a.code not in own]
        anchor = light if light is not None else noun
        return _Candidate(noun, entry.code, pattern, sources, targets, 0.9, anchor, nominal=light is None)

    # -- events -------------------------------------------------------------------------
    def _events(
        self,
        cand: _Candidate,
        sent: Span,
        index: int,
        actors: ArticleActors,
        published: date | None,
        doc_id: str,
        state: "NarrativeState",
        trace: list[Decision] | None,
    ) -> Iterator[Event]:
        pairs: list[tuple[Actor, Actor | None, str]] = []
        forward = 0  # pairs[forward:] are the reverse copies of an [A:B] code
        if cand.targets:
            if cand.code:
                pairs += [(s, t, cand.code) for s in cand.sources for t in cand.targets]
            forward = len(pairs)
            if cand.reverse_code:
                pairs += [(t, s, cand.reverse_code) for s in cand.sources for t in cand.targets]
        elif cand.code and len(cand.sources) > 1 and cand.code[:2] not in JOINT_ROOTS:
            pairs = [(s, t, cand.code) for s in cand.sources for t in cand.sources if s is not t]
        elif cand.code and len(cand.sources) > 1:
            pairs = [(s, None, cand.code) for s in cand.sources]
        elif cand.code:
            pairs = [(cand.sources[0], None, cand.code)]
        # PLOVER records a visit once, from the sentence's side ("X visited Y", "Y hosted
        # X": one CONSULT): the reverse copy of a pattern's [A:B] code stays a CAMEO event,
        # with no PLOVER type, when A and B differ but are one PLOVER type. A symmetric code
        # ([046:046] "held talks with") keeps both: all participants are actors.
        once = bool(cand.targets) and _plover_once(self.codebook, cand.code, cand.reverse_code)
        day, precision, fallback, date_text = self._date(cand, sent, published, state)
        countries = {a.country for a in cand.sources + cand.targets}
        place = self._place(cand, countries)
        if self.implicit_targets and not cand.targets and cand.code and cand.code[:2] in DOMESTIC_ROOTS:
            implicit = _implicit_target(cand.sources[0], cand.code, place, actors)
            if implicit is not None:
                pairs = [(s, implicit, c) for s, t, c in pairs if t is None] + [p for p in pairs if p[1] is not None]
        seen: set[tuple[str, str, str]] = set()
        for n, (source, target, code) in enumerate(pairs):
            if target is not None:
                target = _host_country(source, target, actors)
                if target.code == source.code:
                    _note(trace, index, cand.trigger, code, cand.pattern, "source and target are the same actor")
                    continue
            if target is None and code in ("010", "011"):
                _note(trace, index, cand.trigger, code, cand.pattern, "statement with no target")
                continue
            if target is None and self.petrarch is not None and self.petrarch.require_dyad:
                _note(trace, index, cand.trigger, code, cand.pattern, "no target (PETRARCH's require_dyad)")
                continue
            key = (source.code + source.name, target.code + target.name if target else "", code)
            if key in seen:
                continue
            seen.add(key)
            if code == "040" and place is not None and place.country not in {source.country, target.country if target else None}:
                code = "044"  # meeting at a third location
            entry = _codebook_entry(self.codebook, code)
            mention = Mention(
                sentence=doc_columns(sent.doc).span_text(sent).strip(),
                start=sent.start_char,
                end=sent.end_char,
                trigger=cand.trigger.text,
                trigger_start=cand.trigger.idx,
                pattern=cand.pattern,
                date_text=date_text,
            )
            confidence = cand.confidence - (0.2 if target is None else 0.0) - (0.1 if fallback else 0.0)
            if source.rule in ("pronoun", "memory"):
                confidence -= 0.1
            _note(trace, index, cand.trigger, code, cand.pattern, "coded", source.code, target.code if target else "",
                  modality=cand.modality, origin=cand.origin)
            yield Event(
                doc_id=doc_id,
                source=source,
                target=target,
                cameo=code if code.isalnum() or len(entry.code) <= 2 else entry.code,
                cameo_root=code[:2],
                goldstein=entry.goldstein,
                quad_class=entry.quad_class,
                plover=None if once and n >= forward else self.codebook.plover(code, has_target=target is not None),
                date=day,
                date_precision=precision,
                date_fallback=fallback,
                location=place,
                mentions=(mention,),
                confidence=max(0.1, round(confidence, 3)),
            )
        if day is not None and not fallback:
            state.last_date = (day, precision, date_text)

    def _date(
        self, cand: _Candidate, sent: Span, published: date | None, state: "NarrativeState"
    ) -> tuple[date | None, "when_stage.Precision | None", bool, str | None]:
        """The event's date: its own (:func:`_owned_dates`), else the last dated event's when
        the sentence refers back to it (:func:`_starts_with_anaphora`) or goes on with the
        same actor's story (:meth:`NarrativeState.continued`), else the publication date,
        flagged as a fallback (``None`` without one: never today's date)."""
        tense = _tense(cand.anchor)
        sent_text = doc_columns(sent.doc).span_text(sent)  # a Span joins its tokens on each read
        exprs = when_stage.find_dates(sent_text, published, tense=tense)
        sources = frozenset(a.code for a in cand.sources)
        if exprs:
            owned = _owned_dates(cand, sent, exprs)
            if owned is not None:
                if not cand.nominal:
                    state.dated = (sent.start_char + len(sent_text.rstrip()), sources, (owned.value, owned.precision, owned.text))
                return owned.value, owned.precision, False, owned.text
        if state.last_date is not None and not cand.nominal:
            day, precision, text = state.last_date
            later = when_stage.later_than(sent_text, day, precision)  # type: ignore[arg-type]
            if later is not None and not exprs and (published is None or later[0] <= published):
                return later[0], later[1], False, text
        if state.last_date is not None and _starts_with_anaphora(sent):
            day, precision, text = state.last_date
            return day, precision, False, text
        if not exprs and (went_on := state.continued(cand, sent, sources)) is not None:
            day, precision, text = went_on
            return day, precision, False, text
        if published is None:
            return None, None, True, None
        return published, "day", True, None

    def _place(self, cand: _Candidate, countries: set[str | None]) -> Place | None:
        """Where the event happened, from its own clause (:func:`where_stage.place_in_clause`);
        else, for an assault, a fight or mass violence whose object is a place ("Israel
        bombed Gaza", "Russia invaded Ukraine"), that place."""
        context = tuple(c for c in countries if c)
        place = where_stage.place_in_clause(cand.anchor, self.gazetteer, context)
        if place is None and not cand.nominal and cand.code and cand.code[:2] in ("18", "19", "20"):
            for obj in cand.anchor.children:
                # the gazetteer is asked before the recogniser: a name it does not know
                # places nothing, whatever its label (issue 6)
                if obj.dep_ == "dobj" and obj.text[:1].isupper() and not any(
                    c.dep_ in ("poss", "case") for c in obj.children
                ) and (found := self.gazetteer.lookup(_compound_text(obj), context_countries=context)) is not None \
                        and ent_type(obj) in ("GPE", "LOC"):
                    place = found
                    break
        return place


@dataclass(slots=True)
class NarrativeState:
    """What the article has said so far: the date of the last dated event."""

    last_date: tuple[date, str, str | None] | None = None
    #: The last sentence an event of which has a date of its own: where it ends, the
    #: codes of that event's sources, and the date (value, precision, text).
    dated: tuple[int, frozenset[str], tuple[date, str, str | None]] | None = None

    def continued(
        self, cand: _Candidate, sent: Span, sources: frozenset[str]
    ) -> tuple[date, str, str | None] | None:
        """The date of the previous sentence when ``sent`` goes on with its story.

        "Russia on Monday summoned the US ambassador. It accused Washington of ...":
        the next sentence of the same paragraph (or the next after one that went on so),
        with no date expression of its own, a verb in the simple past in its main
        clause and the same source actor. A
        perfect ("has accused"), a reported or subordinate verb, another actor or a
        sentence further on keep the publication date.
        """
        if self.dated is None or cand.nominal or not sources:
            return None
        end, previous_sources, when = self.dated
        verb = cand.anchor
        if end > sent.start_char or sources != previous_sources:
            return None
        if verb.tag_ != "VBD" or verb.dep_ not in ("ROOT", "conj"):
            return None
        if verb.dep_ == "conj" and verb.head.dep_ != "ROOT":
            return None
        between = self._doc_text(sent.doc)[end : sent.start_char]
        if between.strip() or "\n" in between:
            return None
        self.dated = (sent.start_char + len(doc_columns(sent.doc).span_text(sent).rstrip()), sources, when)  # the story goes on
        return when
    #: The story-level discard phrase the article names ("" for none; None: not looked yet).
    discard: str | None = None

    @staticmethod
    def _doc_text(doc: Doc) -> str:
        """The article's text, as the Doc's columns keep it (``Doc.text`` joins every token anew)."""
        return doc_columns(doc).doc_text


def _drop_vaguer(events: list[Event], index: int, trace: list[Decision] | None) -> list[Event]:
    """Drop an event with no target when the same source has an event of the same CAMEO
    root with a named target in the sentence: "visited Russia, ... the first official to go
    there", "held a meeting with Obama at a lunch": the vaguer mention of the same event."""
    aimed = {(e.source.code, e.cameo_root) for e in events if e.target is not None}
    kept = []
    for e in events:
        if e.target is None and (e.source.code, e.cameo_root) in aimed:
            if trace is not None:
                m = e.mentions[0]
                trace.append(Decision(index, m.trigger, e.cameo, m.pattern,
                                      "the same source's event of this root with a named target says more",
                                      e.source.code, ""))
            continue
        kept.append(e)
    return kept


def _note(
    trace: list[Decision] | None, index: int, tok: Token, code: str | None, pattern: str,
    outcome: str, source: str = "", target: str = "", *, modality: str = "asserted", origin: str = "",
    sources: Iterable[Actor] = (), targets: Iterable[Actor] = (),
) -> None:
    if trace is not None:
        trace.append(Decision(index, tok.text, code, pattern, outcome, source, target, modality, origin,
                              tuple(map(_actor_label, sources)), tuple(map(_actor_label, targets))))


def _actor_label(a: Actor) -> str:
    return f"{a.code} {a.text!r} ({a.rule or 'dictionary'})"


def _sentence_note(sent: Span, index: int, actors: ArticleActors) -> SentenceNote:
    toks = tuple(
        (t.i - sent.start, t.text, t.lemma_, t.pos_, t.dep_, t.head.i - sent.start) for t in sent if not t.is_space
    )
    seen: list[tuple[str, str, str, str, str]] = []
    for t in sent:
        tag = actors.tags.get(t.i)
        if tag is None:
            continue
        row = (sent.doc[tag.start : tag.end].text, tag.code, tag.kind, tag.source, tag.entry)
        if row not in seen:
            seen.append(row)
    return SentenceNote(index, sent.text.strip(), toks, tuple(seen))


def _modality(verb: Token) -> tuple[str, str]:
    """Whether the event of ``verb`` is asserted, and if not why: (kind, reason).

    Kinds: ``negated`` ("did not meet"), ``conditional`` ("if ... meets"),
    ``hypothetical`` ("may meet", "hope to meet", "tried to tamper"), ``future``
    ("will meet", "said it would withdraw", "agreed to supply", "is ready to send").
    A future event under a verb of commitment is an intent; see :func:`intent_code`.
    """
    cols = doc_columns(verb.doc)
    kids, deps, lower = cols.kids, cols.dep, cols.lower
    children = kids[verb.i]
    for c in children:
        dep = deps[c]
        if dep == _NEG or (dep == _ADVMOD and lower[c] == "never"):
            return "negated", "negated"
        if dep == _ADVMOD and lower[c] == "longer" and any(lower[d] == "no" for d in kids[c]):
            return "negated", "negated (no longer)"
        if dep in _SUBJECT_DEP_IDS and any(lower[d] == "no" for d in kids[c] if deps[d] == _DET):
            return "negated", "negated"
    for c in children:
        if deps[c] == _MARK and lower[c] in ("if", "unless", "whether"):
            return "conditional", "conditional"
    for c in children:
        if deps[c] in _AUX_DEPS and lower[c] in FUTURE_AUX:
            return "future", f"future ({cols.text[c]})"
        if deps[c] in _AUX_DEPS and lower[c] in MODALS:
            return "hypothetical", f"hypothetical ({cols.text[c]})"
    t = verb
    for _ in range(8):
        if t.dep_ not in ("xcomp", "ccomp", "acl", "advcl", "conj", "pcomp", "acomp") or t.head.i == t.i:
            break
        head = t.head
        if head.pos_ == "ADP":
            head = head.head
        lemma = head.lemma_.lower()
        if t.dep_ in ("xcomp", "acomp"):
            # "the US must be ready to mediate", "may want to meet": the modal of the
            # governing verb holds for its complement.
            modal = next((c for c in head.children if c.dep_ in ("aux", "auxpass") and c.lower_ in MODALS), None)
            if modal is not None:
                return "hypothetical", f"hypothetical ({modal.text} {head.text})"
        if t.dep_ in ("xcomp", "acl", "pcomp", "acomp") and (lemma in COMMITMENT or head.lower_ in COMMITMENT):
            kind, reason = _modality(head)
            if kind in ("negated", "conditional", "hypothetical"):
                return kind, reason
            return "future", f"intent (under '{head.text}')"
        if t.dep_ in ("xcomp", "ccomp", "acl") and (lemma in IRREALIS or _bare(head) in IRREALIS):
            return "hypothetical", f"hypothetical (under '{head.text}')"
        if t.dep_ == "advcl" and _to_infinitive(t) and t.i == verb.i:
            return "hypothetical", f"purpose (under '{head.text}')"
        if t.dep_ == "acl" and head.pos_ == "NOUN" and _to_infinitive(t):
            # "rejected a US request to interrogate", "an offer to host a summit", "the
            # right to fire": what the noun asks, offers or allows has not happened.
            return "hypothetical", f"hypothetical (what the '{head.text}' is for)"
        if t.dep_ == "xcomp" and head.lemma_ == "be" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
            return "future", "future (is to)"
        if t.dep_ == "conj":
            kind, reason = _modality(head)
            if kind != "asserted":
                return kind, reason
        t = head
    return "asserted", ""


#: Roots of verbs of agreement and promise whose bare code an embedded intent supersedes.
INTENT_ROOTS = {"01", "02", "03", "05"}


def _commitment_head(verb: Token) -> int | None:
    """The verb of commitment ("agreed", "offered") that ``verb``'s intent stands under."""
    t = verb
    for _ in range(4):
        if t.dep_ not in ("xcomp", "acomp", "pcomp") or t.head.i == t.i:
            return None
        head = t.head
        if head.lemma_.lower() in COMMITMENT or head.lower_ in COMMITMENT:
            return head.i if head.pos_ in ("VERB", "AUX") else None
        t = head
    return None


def _under(tok: Token, heads: set[int]) -> bool:
    """Whether ``tok`` is a complement or adverbial clause (two levels at most) of one of ``heads``."""
    t = tok
    for _ in range(2):
        if t.dep_ not in ("advcl", "xcomp", "acl") or t.head.i == t.i:
            return False
        t = t.head
        if t.i in heads:
            return True
    return False


def _to_infinitive(verb: Token) -> bool:
    """A "to" infinitive: "(a request) to interrogate"."""
    return verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _bare(tok: Token) -> str:
    """The word without a third-person -s, for when the tagger misreads it ("hopes" -> "hop")."""
    w = tok.lower_
    return w[:-1] if w.endswith("es") or w.endswith("s") else w


@lru_cache(maxsize=4)
def _code_table(name: str) -> dict[str, str]:
    """A data/verbs table mapping an event code to the code it amounts to in a frame
    (``intents.csv``: a future event; ``demands.csv``: "Y must"; ``refusals.csv``: "refused to")."""
    text = (files("detente") / "data" / "verbs" / f"{name}.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO("\n".join(l for l in text.splitlines() if not l.startswith("#"))))
    column = [c for c in rows.fieldnames or () if c != "event"][0]
    return {r["event"]: r[column] for r in rows}


def _framed(name: str, code: str | None) -> str | None:
    """The longest prefix of ``code`` that the table lists, mapped; None when none is listed."""
    table = _code_table(name)
    for n in range(len(code or ""), 1, -1):
        if code[:n] in table:  # type: ignore[index]
            return table[code[:n]]  # type: ignore[index]
    return None


def intent_code(code: str | None) -> str | None:
    """The CAMEO intent (03x) or threat (13x) that a future ``code`` event amounts to, if any."""
    return _framed("intents", code)


def demand_code(code: str | None) -> str:
    """The CAMEO demand (10x) that "X said Y must do ``code``" amounts to (100 if none fits)."""
    return _framed("demands", code) or "100"


def refusal_code(code: str | None) -> str:
    """The CAMEO rejection (12x) that "X refused to do ``code``" amounts to (120 if none fits)."""
    return _framed("refusals", code) or "120"


#: Verbs of refusal: "X refused / declined to do Z" is X's rejection of Z.
REFUSAL = {"refuse", "decline"}


def _refused(verb: Token) -> Token | None:
    """The complement verb that ``verb`` refuses: "refused to meet" -> meet."""
    if verb.lemma_.lower() not in REFUSAL and _bare(verb).rstrip("d") not in REFUSAL:
        return None
    for c in verb.children:
        if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX"):
            return c
    return None


#: Modals of obligation: "X said Y must/should ..." is X's demand on Y.
OBLIGATION = {"must", "should"}


def _negated_future(verb: Token) -> bool:
    """"X will not / would not / won't do Z": a refusal, not a negated event."""
    cols = doc_columns(verb.doc)
    kids, deps, lower = cols.kids[verb.i], cols.dep, cols.lower
    # the negation first: most verbs have none
    return any(deps[c] == _NEG for c in kids) and any(lower[a] in FUTURE_AUX for a in kids if deps[a] == _AUX)


def _obligation(verb: Token) -> Token | None:
    """The verb of saying under which ``verb`` states what someone must do, if any.

    "The US said China must drop barriers", "Russia said Sudan should return the
    helicopter", "declared that Libya has to hand over ...".
    """
    if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in SPEECH_VERBS:
        return None
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if aux & OBLIGATION:
        return verb.head
    if verb.lemma_ == "have" and any(c.dep_ == "xcomp" for c in verb.children):
        return verb.head
    return None


#: Participles that after "be" describe the subject's own stance or activity, with a
#: preposition and no "by" agent: "X is opposed to Y", "X were engaged in fighting",
#: "X is committed to reform", "X is involved in talks". X is the doer, not the patient.
STATIVE_PARTICIPLES = {"oppose", "engage", "commit", "involve", "dedicate", "devote"}
STATIVE_PREPOSITIONS = {"to", "in"}


def _stative(verb: Token) -> bool:
    """"X is opposed to Y": a participle read as an adjective (see STATIVE_PARTICIPLES)."""
    if verb.lemma_.lower() not in STATIVE_PARTICIPLES:
        return False
    children = list(verb.children)
    return (
        any(c.dep_ == "nsubjpass" for c in children)
        and not any(c.dep_ == "agent" for c in children)
        and any(c.dep_ == "prep" and c.lower_ in STATIVE_PREPOSITIONS for c in children)
    )


def _is_passive(verb: Token) -> bool:
    """A passive clause, or a past participle modifying a noun ("militiamen armed with
    machetes", "weapons seized from peacekeepers"): the noun is what was acted on."""
    if _stative(verb):
        return False
    if _has_child(verb, _PASSIVE_MARKS):
        return True
    return verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ in ("NOUN", "PROPN")


def _subjects(verb: Token, passive: bool) -> tuple[list[Token], bool]:
    """Source tokens, and whether they were inherited from a governing verb."""
    if passive:
        agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        return agents, False
    stative = _stative(verb)  # "Israel is opposed to": the subject is the doer
    subj = _children_in(verb, _SUBJECT_DEP_IDS if stative else _NSUBJ_ONLY)
    if subj:
        speaker = _speaker(verb)
        if speaker and all(s.pos_ == "PRON" and s.lower_ in SPEAKER_PRONOUNS for s in subj):
            return speaker, True  # "Iraq said it would allow ...": "it" is Iraq
        return subj, False
    # "Ethiopia act on a resolution": the parser took the subject of a bare plural-less
    # verb for a compound of it; a name before a verb is its subject.
    subj = [c for c in verb.children if c.dep_ == "compound" and c.i < verb.i and c.pos_ == "PROPN"]
    # "The Philippines was heavily and unjustly criticized": the parser hung the subject
    # on the auxiliary.
    subj += [s for a in verb.children if a.dep_ in ("aux", "auxpass") for s in a.children if s.dep_ == "nsubj"]
    if subj:
        return subj, False
    t = verb
    while t.dep_ in SELF_SUBJECT_DEPS and t.head.i != t.i:
        head = t.head
        if head.pos_ == "ADP":  # "before returning": pcomp under a preposition
            head = head.head
        if t.dep_ in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN"):
            return [head], True
        if _is_passive(head) and t.dep_ == "xcomp":
            # "X was seen / is said / was asked to do Z": X does Z.
            found = [c for c in head.children if c.dep_ == "nsubjpass"]
            return found, True
        if _is_passive(head):
            # "a camp was attacked by militiamen, killing 156": the agent did the killing
            found = [p for c in head.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
            return found, True
        found = [c for c in head.children if c.dep_ == "nsubj"]
        if found:
            speaker = _speaker(head)
            if speaker and all(s.pos_ == "PRON" and s.lower_ in SPEAKER_PRONOUNS for s in found):
                return speaker, True  # "Syria says it is willing to withdraw": Syria withdraws
            return found, True
        t = head
    return [], False


#: Verbs of saying: "X said (that) Y ...". Their complement is reported speech.
SPEECH_VERBS = {
    "say", "tell", "announce", "state", "declare", "add", "insist", "claim", "report", "reiterate",
    "confirm", "warn", "stress", "indicate", "assert", "maintain", "note", "explain", "affirm", "reply",
}
SPEAKER_PRONOUNS = {"it", "they", "we", "i", "he", "she"}


def _speech_head(verb: Token) -> Token | None:
    """The verb of saying whose reported clause ``verb`` stands in, if any."""
    t = verb
    for _ in range(4):
        if t.head.i == t.i:
            return None
        if t.dep_ == "ccomp" and t.head.lemma_.lower() in SPEECH_VERBS:
            return t.head
        if t.dep_ not in ("conj", "xcomp", "ccomp"):
            return None
        t = t.head
    return None


def _speaker(verb: Token) -> list[Token]:
    head = _speech_head(verb)
    if head is None:
        return []
    subj = [c for c in head.children if c.dep_ == "nsubj"]
    if not subj and head.dep_ == "pcomp" and head.head.lower_ == "as" and _is_passive(head.head.head):
        # "X was quoted as saying (that) ...", "X was reported as saying ...": X speaks.
        subj = [c for c in head.head.head.children if c.dep_ == "nsubjpass"]
    return [c for c in subj if c.pos_ != "PRON"]


def _objects(verb: Token, passive: bool) -> list[Token]:
    if passive:
        if verb.dep_ == "acl" and not _has_child(verb, _NSUBJPASS_ONLY):
            return [verb.head]
        return _children_in(verb, _NSUBJPASS_ONLY)
    return _children_in(verb, _OBJECT_DEPS)


def _children_in(tok: Token, deps: frozenset[int]) -> list[Token]:
    """``tok``'s children whose dependency label is one of ``deps`` (ids), in order; a
    Token is built only for those (issue 6)."""
    doc = tok.doc
    cols = doc_columns(doc)
    dep = cols.dep
    return [doc[c] for c in cols.kids[tok.i] if dep[c] in deps]


def _has_child(tok: Token, deps: frozenset[int]) -> bool:
    """Whether a child of ``tok`` has one of the dependency labels ``deps`` (ids)."""
    cols = doc_columns(tok.doc)
    dep = cols.dep
    return any(dep[c] in deps for c in cols.kids[tok.i])


def _reported(verb: Token) -> set[int]:
    """The tokens of the clauses ``verb`` reports ("said [Y did Z]"), from the per-Doc
    children lists (no Token built for each word of the clause)."""
    cols = doc_columns(verb.doc)
    deps, pos = cols.dep, cols.pos
    out: set[int] = set()
    for c in cols.kids[verb.i]:
        if deps[c] == _CCOMP and pos[c] in _VERB_OR_AUX:
            out |= cols.subtree(c)
    return out


#: Dependents inside a noun phrase where its actor may stand: "Hungarian officials",
#: "European Community foreign ministers", "leaders of the opposition coalition".
_PHRASE_DEPS = {"amod", "compound", "nmod", "poss", "prep", "pobj", "conj", "cc", "appos", "det"}


def _phrase_actors(tok: Token, actors: ArticleActors) -> list[Actor]:
    """The actors of the phrase headed by ``tok``: its own reading, else the first actor
    named inside the phrase (PETRARCH's rule), searched breadth-first, nearest first."""
    found = actors.actors_for(tok)
    if found:
        for item in _list_items(tok):
            # not a country the phrase already names ("Eriadori and Calenardhon leaders")
            found += [a for a in actors.actors_for(item) if all(a.country != b.country for b in found)]
        for conj in tok.children:
            # "the Philippines and the European Union (EU)": a conjunct whose head names
            # no actor is searched like any phrase (here the parser made "EU" the head).
            if conj.dep_ == "conj" and conj.pos_ in ("NOUN", "PROPN") and not actors.actors_for(conj):
                found += [a for a in _phrase_actors(conj, actors) if a not in found]
    if found or tok.pos_ == "PRON":
        return found
    # "an anti- Gondor parade": the parser took the prefix for the head and the rest of
    # the phrase for a clause on it.
    deps = _PHRASE_DEPS | {"relcl"} if tok.text.endswith("-") and len(tok.text) > 1 else _PHRASE_DEPS
    # the phrase's words by index, from the per-Doc columns: a Token only for a tagged word
    doc = tok.doc
    cols = doc_columns(doc)
    kids, dep, lower = cols.kids, cols.dep_text, cols.lower
    queue = [c for c in kids[tok.i] if dep[c] in deps and dep[c] not in ("cc", "det")]
    seen = 0
    while queue and seen < 12:
        t = queue.pop(0)
        seen += 1
        if dep[t] == "prep" and lower[t] not in ("of", "from"):
            continue
        if dep[t] != "prep" and t in actors.tags:
            got = actors.actors_for(doc[t])
            if got:
                return got
        queue.extend(c for c in kids[t] if dep[c] in _PHRASE_DEPS and dep[c] not in ("cc", "det", "conj"))
    return []


def _list_items(tok: Token) -> list[Token]:
    """Items of a list the parser hung on ``tok`` as appositions or modifiers.

    "Mordor, the Shire, Fornost and Bree": "the Shire" is parsed as an apposition of
    "Mordor" and "Fornost and Bree" as its conjuncts; "Arnor, Calenardhon and Gondor":
    "Arnor" as a modifier of "Gondor". Only inside a list (the apposition has conjuncts
    or stands before a conjunct), so "Karzai, the Afghan president" and "Gondor and
    Dagolath, the Osgiliath newspaper said" keep their actors.
    """
    def conjuncts(t: Token) -> list[Token]:
        return [c for c in t.children if c.dep_ == "conj"]

    items: list[Token] = []
    for c in tok.children:
        if c.dep_ == "appos" and (conjuncts(c) or any(c.i < d.i for d in conjuncts(tok))):
            items.append(c)
        elif c.dep_ in ("nmod", "compound") and c.i < tok.i and c.pos_ == "PROPN" and conjuncts(c):
            items.append(c)
    return items


def _prep_objects(tok: Token, preps: tuple[str, ...]) -> Iterator[Token]:
    for _, p in _prep_pairs(tok, preps):
        yield p


def _prep_pairs(tok: Token, preps: tuple[str, ...]) -> Iterator[tuple[Token, Token]]:
    """(preposition, its object) for the prepositional phrases of ``tok`` headed by ``preps``."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            objs = [_undated(p) for p in c.children if p.dep_ == "pobj"]
            for p in objs or _stranded_object(c):
                yield c, p


def _undated(tok: Token) -> Token:
    """"met with Syrian President Bashar Assad Tuesday": the parser made the day the
    object and the name its compound; the name is the object. Likewise a name the parser
    made the possessor of a time phrase ("with Libya's almost five years after")."""
    if (any(c.dep_ in ("compound", "poss") and c.pos_ == "PROPN" for c in tok.children)
            and when_stage.is_time(tok)):
        names = [c for c in tok.children
                 if c.dep_ == "compound" and c.pos_ == "PROPN" and not when_stage.is_time(c)]
        if names:
            return names[-1]
        # "a treaty with Libya's almost five years after ...": a possessive left dangling
        # before a time phrase; the parser made the name the time's possessor.
        owners = [c for c in tok.children
                  if c.dep_ == "poss" and c.pos_ == "PROPN" and not when_stage.is_time(c)]
        if owners:
            return owners[-1]
    return tok


def _stranded_object(prep: Token) -> list[Token]:
    """The noun phrase right after a preposition the parser left without an object:
    "granted asylum to [five army officers] holed up in ...", where "officers" was made
    the subject of "holed"."""
    doc = prep.doc
    if prep.i + 1 >= len(doc):
        return []
    nxt = doc[prep.i + 1]
    t = nxt
    for _ in range(6):
        if t.pos_ in ("NOUN", "PROPN") and t.left_edge.i == prep.i + 1:
            return [t]
        if t.head.i == t.i:
            break
        t = t.head
    return []


def _nested_actors(tok: Token, actors: ArticleActors) -> list[Actor]:
    """The first actors named in the prepositional phrases nested in the noun phrase of
    ``tok``, nearest first: "the resumption of ties with Osgiliath", "a camp for Congolese
    refugees", "an attack by Osgiliath soldiers"; then the agent or object of a participle
    that modifies it: "memos sent by Bree", "the parade supporting Gondor"."""
    queue = list(_prep_objects(tok, NOUN_TARGET_PREPS)) + list(_participle_actors(tok))
    for _ in range(8):
        if not queue:
            break
        p = queue.pop(0)
        target, found = _target_actors(p, actors)
        if found:
            return found
        if target is None and _has_child(p, _PREP_ONLY):
            target = _is_target_candidate(p)  # asked only when its phrases would be searched
        if target:
            queue.extend(_prep_objects(p, NOUN_TARGET_PREPS))
    return []


def _participle_actors(tok: Token) -> Iterator[Token]:
    """The "by" agent of a past participle ("memos sent by Bree") or the object of a
    present participle ("the parade supporting Gondor") that modifies ``tok``."""
    for c in tok.children:
        if c.dep_ != "acl" or c.pos_ != "VERB":
            continue
        if any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
            # "hopes that Osgiliath could be drawn into ...": whom the hope is about
            yield from (s for s in c.children if s.dep_ in ("nsubj", "nsubjpass"))
        if c.tag_ == "VBN":
            yield from (p for a in c.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj")
        elif c.tag_ == "VBG":
            yield from (o for o in c.children if o.dep_ == "dobj")


def _argument_nouns(tok: Token) -> Iterator[Token]:
    """Nouns one step down the argument tree: objects of prepositions, and the objects
    and phrases of a participle or infinitive that modifies ``tok`` ("the roads leading
    into Mordor", "an accord to supply Gondor")."""
    for c in tok.children:
        if c.dep_ == "prep":
            for p in c.children:
                if p.dep_ == "pobj":
                    yield _undated(p)
        elif c.dep_ == "acl" and c.pos_ in ("VERB", "AUX"):
            for g in c.children:
                if g.dep_ in ("dobj", "dative"):
                    yield g
            yield from (p for g in c.children if g.dep_ == "prep" for p in g.children if p.dep_ == "pobj")


def _first_actor_in(verb: Token, indices: list[int], actors: ArticleActors, own: set[str]) -> list[Actor]:
    """PETRARCH's target of last resort: the first actor named in the verb phrase."""
    for i in indices:
        if i in actors.tags:
            found = [a for a in actors.actors_for(verb.doc[i]) if a.code not in own]
            if found:
                return found
    return []


def _marked_actors(verb: Token, at: tuple[int, int, int], actors: ArticleActors) -> list[Actor]:
    """The actors of the noun phrase a pattern's ``$``/``+`` points at (see
    :attr:`VerbMatch.source_at`): the first phrase of the clause from the token ``at``
    names, in its direction, after skipping as many phrases as it says."""
    start, step, skip = at
    sent = verb.sent
    chunks = [c for c in sent.noun_chunks if (c.start > start if step > 0 else c.end <= start)]
    chunks.sort(key=lambda c: c.start * step)
    for chunk in chunks:
        if when_stage.is_time(chunk.root):
            continue
        if skip:
            skip -= 1
            continue
        return _phrase_actors(chunk.root, actors)
    return []


def _is_target_candidate(tok: Token) -> bool:
    return not when_stage.is_time(tok)


def _quiet(tok: Token, actors: ArticleActors) -> bool:
    """Whether resolving the phrase ``tok`` heads can change nothing the resolver remembers.

    A resolution remembers names and the people met only from a proper noun or a word
    with a person's tag (:meth:`ArticleActors._changed`), and reads only the phrase's own
    words (its subtree): with neither in it, it may be resolved early, or in vain, and
    every later answer stays the same (issue 6)."""
    return _quiet_words(_subtree(tok), tok.doc, actors)


def _subtree(tok: Token) -> set[int]:
    """The indices of ``tok``'s subtree, from the per-Doc children lists."""
    return doc_columns(tok.doc).subtree(tok.i)


def _quiet_words(indices: Iterable[int], doc: Doc, actors: ArticleActors) -> bool:
    """Whether none of the words ``indices`` of ``doc`` is a proper noun or has a person's tag."""
    pos, tags = doc_columns(doc).pos, actors.tags
    for i in indices:
        if pos[i] == _PROPN:
            return False
        tag = tags.get(i)
        if tag is not None and tag.kind == "person":
            return False
    return True


def _target_search_quiet(verb: Token, obj_tokens: list[Token], actors: ArticleActors) -> bool:
    """Whether :meth:`EventCoder._more_targets` on ``verb`` could change nothing the resolver
    remembers: every phrase it may resolve is :func:`_quiet`. It reads the phrases of the
    verb's subtree and of its objects' (a participle's object is the noun it modifies),
    those of the objects of the clause a participle depends on ("attacked the camp,
    killing 156"), and the phrase the parser left after a preposition with no object
    (:func:`_stranded_object`), wherever it hangs."""
    doc = verb.doc
    cols = doc_columns(doc)
    heads = [verb, *obj_tokens]
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and not any(c.dep_ == "nsubj" for c in verb.children):
        heads += _objects(verb.head, _is_passive(verb.head))
    region: set[int] = set()
    for h in heads:
        region |= cols.subtree(h.i)
    dep = cols.dep_text
    todo = [i for i in region if dep[i] == "prep"]
    while todo:
        i = todo.pop()
        if any(dep[g] == "pobj" for g in cols.kids[i]):
            continue
        for t in _stranded_object(doc[i]):
            more = cols.subtree(t.i) - region
            region |= more
            todo += [j for j in more if dep[j] == "prep"]
    return _quiet_words(region, doc, actors)


def _target_actors(
    tok: Token, actors: ArticleActors, keep: Callable[[list[Actor]], list[Actor]] | None = None
) -> tuple[bool | None, list[Actor]]:
    """Whether ``tok`` may be a target (:func:`_is_target_candidate`: no time phrase) and,
    if it may, the actors of its phrase (:func:`_phrase_actors`) that ``keep`` keeps.

    Telling a time phrase may need the recogniser ("the end", "70": :func:`when.time_head`),
    a few milliseconds a sentence. A :func:`_quiet` phrase is resolved first instead, and
    the recogniser asked only if it names an actor: when it names none, the answer is
    ``(None, [])``, "not asked" (the caller asks if it needs to know). The actors found
    are the same either way (issue 6)."""
    if when_stage.time_head(tok.text) is None and _quiet(tok, actors):
        found = _phrase_actors(tok, actors)
        found = keep(found) if keep is not None else found
        if not found:
            return None, []
        return (True, found) if _is_target_candidate(tok) else (False, [])
    if not _is_target_candidate(tok):
        return False, []
    found = _phrase_actors(tok, actors)
    return True, keep(found) if keep is not None else found


def _plover_once(book: Codebook, code: str | None, reverse: str | None) -> bool:
    """Whether a pattern's two different codes (``[042:043]``) are one PLOVER type."""
    if not code or not reverse or code == reverse:
        return False
    a, b = book.plover(code), book.plover(reverse)
    return a is not None and b is not None and a.type == b.type


def _codebook_entry(book: Codebook, code: str) -> "CameoCode":
    """The codebook entry of ``code``; a code of a user's dictionary that the CAMEO
    codebook does not know (PETRARCH's test codes ``902``, ``174K``) is kept as written,
    with its parent's Goldstein score and quad class when it has a known parent."""
    try:
        return book.lookup(code)
    except ConfigError:
        return CameoCode(code, code, 0.0, code[:2], 0)


#: Roots where several sources with no target named act together on a third party, not
#: on each other: "US and British activists staged a protest in Beijing" (unlike "Israel
#: and Lebanon met" or "... clashed").
JOINT_ROOTS = {"09", "13", "14", "17"}


#: Roots of acts only a state does -- investigating (09), arresting, detaining, deporting
#: (17) -- whose agentless passive ("was arrested in Lebanon") is done by the state where
#: it happens.
STATE_ROOTS = {"09", "17"}


#: Prepositions whose object is what a phrase is about, not something that happened:
#: "negotiations on an Israeli pullback".
TOPIC_PREPS = ("on", "about", "over", "regarding", "concerning", "for")

#: Roots of violence (assault, fighting, mass violence) whose doer a report may not know:
#: "killed by a roadside bomb", "a car bombing killed ..." (PLOVER's UAF, unidentified
#: armed forces).
VIOLENCE_ROOTS = {"18", "19", "20"}

#: Subjects that are the weapon or the attack, not its doer: "a roadside bombing killed
#: one U.S. soldier", "an explosion wounded five".
WEAPON_NOUNS = {
    "bomb", "bombing", "blast", "explosion", "explosive", "device", "ied", "mine", "landmine",
    "minefield", "attack", "ambush", "shelling", "shell", "rocket", "missile", "mortar", "grenade",
    "gunfire", "shooting", "airstrike", "suicide", "booby", "strike", "raid", "drone", "crossfire",
    "artillery", "bombardment", "barrage", "assault", "tank", "warplane", "gunship",
}


#: Verbs whose passive subject is the victim: "were killed", "was shot", "were wounded".
HARM_VERBS = {
    "kill", "wound", "injure", "shoot", "attack", "bomb", "shell", "assassinate", "murder",
    "massacre", "behead", "slay", "maim", "ambush", "stab", "hurt", "gun",
}


#: Roots of coercion and violence whose attempt is itself the act: "attempted to
#: assassinate" is an assault (PLOVER's ASSAULT targeted: "successful and attempted
#: assassinations"), "tried to hack into" a cyber attack.
ATTEMPT_ROOTS = {"17", "18", "19", "20"}


def _attempted(verb: Token) -> bool:
    """Whether ``verb`` is what an attempt tried: "tried to hack", "an attempt to assassinate"."""
    head = verb.head
    return verb.dep_ in ("xcomp", "acl") and head.i != verb.i and head.lemma_.lower() in ("try", "attempt")


def _weapon_subject(subjects: list[Token]) -> bool:
    """Whether the subject of a verb is a weapon or an attack (:data:`WEAPON_NOUNS`)."""
    return bool(subjects) and all(t.pos_ == "NOUN" and t.lemma_.lower() in WEAPON_NOUNS for t in subjects)


#: Roots whose events, when no target is named, act on the country where they happen:
#: protests (14) are made to its government, and so are the demands (10) of its people
#: (see :func:`_implicit_target`); investigations (09), threats (13), coercion (17),
#: assaults (18), fighting (19) and mass violence (20) fall on its people.
DOMESTIC_ROOTS = {"09", "10", "13", "14", "17", "18", "19", "20"}

#: Sectors of the state: their demands with no target named are not made of their own
#: government ("Russia demanded ..." names no one).
STATE_ORGANS = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY"}


def _implicit_target(source: Actor, code: str, place: Place | None, actors: ArticleActors) -> Actor | None:
    """The target of a domestic event that names none.

    "Algerian landowners began a hunger strike" is a protest to Algeria's government;
    "Turkish police imposed a curfew in Cizre", "rebels exploded bombs in Kabul" fall on
    the people of the country where they happen: the event's place, else the source's
    own country. International actors (no country) and unplaced events get none.

    "Opposition groups in Zimbabwe are demanding ...", "rebels demanded new elections":
    a demand (10) of a country's people, parties or rebels is made of its government; a
    state's own demand with no target gets none.
    """
    if code[:2] == "10" and (source.sector is None or source.sector[:3] in STATE_ORGANS):
        return None
    country = place.country if place is not None and place.country else source.country
    if not country:
        return None
    sector = "GOV" if code[:2] in ("10", "14") else "CVL"
    name = actors.res.country_name(country)
    return Actor(name, country + sector, name, country, sector, None, f"implicit target ({code[:2]}: domestic)")


def _host_country(source: Actor, target: Actor, actors: ArticleActors) -> Actor:
    """A state acting on its own diplomat acts towards the country the diplomat is posted to."""
    if target.posted_to and target.country == source.country and target.posted_to != source.country:
        from dataclasses import replace

        name = actors.res.country_name(target.posted_to)
        return replace(
            target, code=target.posted_to, country=target.posted_to, sector=None, name=name,
            rule="diplomat's host country",
        )
    return target


def _tense(verb: Token) -> Literal["past", "future", "present"]:
    cols = doc_columns(verb.doc)
    deps, lower = cols.dep, cols.lower
    if any(deps[c] == _AUX and lower[c] in ("will", "'ll", "shall") for c in cols.kids[verb.i]):
        return "future"
    if verb.tag_ in ("VBD", "VBN"):
        return "past"
    if verb.tag_ in ("VBZ", "VBP"):
        return "present"
    return "past"


def _clause(tok: Token) -> Token:
    t = tok
    while t.head.i != t.i and not (t.pos_ in ("VERB", "AUX") and t.i != tok.i):
        t = t.head
    return t


#: Subordinators of an adverbial clause whose time is the main clause's: "when", "as", "while".
_SIMULTANEOUS = frozenset({"when", "as", "while"})
#: Verbs of saying whose date the parser often hangs on the clause reported: "said on Monday it had".
_SPEECH_LEMMAS = frozenset({
    "say", "tell", "announce", "state", "declare", "report", "confirm", "add", "warn", "claim", "insist",
    "acknowledge", "deny", "write", "tweet", "note",
})


def _owned_dates(cand: _Candidate, sent: Span, exprs: list["when_stage.TimeExpr"]) -> "when_stage.TimeExpr | None":
    """The date expression of ``exprs`` that belongs to the event of ``cand``, or ``None``.

    1. one inside the event noun phrase or attached to the event's own clause;
    1b. the date a "when" clause of the event hangs on ("on Thursday, when Biden
        denied ..."); one of a clause that shares the event's time: an adverbial clause opened by
        "when", "as" or "while" ("When Obama signaled ... in 2009, several people
        approached ..."), a bare -ing participle ("denied ..., tweeting Friday that");
        one the parser hung on the clause a speech verb reports although it stands
        between the verb and that clause's subject ("said on Monday it had summoned");
        the one date of a sentence, on a verb coordinated with the event's and sharing
        its subject ("launched a rocket and conducted two tests last year");
    2. one of the clauses the event depends on ("On Sunday, he said Russia had ...").

    Never one of a relative clause, of a clause the event merely mentions ("accused X
    of attacking ships in 2014"), or of an "after"/"before" clause: those are other events.
    """
    doc = sent.doc
    anchors = []
    for e in exprs:
        span = doc.char_span(sent.start_char + e.start, sent.start_char + e.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        anchors.append((e, span))
    # 1. inside the event noun phrase, or attached to the event's own clause
    subtree = set(t.i for t in cand.anchor.subtree) if cand.nominal else set()
    # "Palestinians who were arrested on Friday accused ...": the parser hangs a date that
    # ends a restrictive relative clause of the subject on the main verb; it is the clause's.
    anchors = [(e, span) for e, span in anchors if not _ends_relative_clause(span)]
    for e, span in anchors:
        if cand.nominal and span[0].i in subtree:
            return e
        if _clause(span[0]).i == cand.anchor.i or span.root.head.i == cand.anchor.i:
            return e
    # 1b. clauses that share the event's time (see the docstring)
    if not cand.nominal:
        verb = cand.anchor
        if any(c.dep_ == "advmod" and c.lower_ == "when" for c in verb.children):
            for e, span in anchors:  # "during the debate Thursday, when Biden denied ..."
                if span.start <= verb.head.i < span.end:
                    return e
        for e, span in anchors:
            clause = _clause(span[0])
            if clause.i == verb.i or clause.head.i != verb.i:
                continue
            if clause.dep_ == "advcl":
                marks = {c.lower_ for c in clause.children if c.dep_ in ("mark", "advmod")}
                bare = not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in clause.children)
                if marks & _SIMULTANEOUS or (bare and clause.tag_ == "VBG" and not marks):
                    return e  # "when X met Y in 2009, Z ...", "..., tweeting Friday that ..."
            elif clause.dep_ == "ccomp" and verb.lemma_ in _SPEECH_LEMMAS and verb.i < span[0].i:
                subjects = [c.i for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
                if subjects and span[-1].i < min(subjects):
                    return e  # "said on Monday it had ...": the parser hangs the date on the report
        # "launched a rocket and conducted two nuclear tests last year": the only date of
        # the sentence, on a conjunct sharing the event's subject, dates both.
        if len(anchors) == 1:
            e, span = anchors[0]
            clause = _clause(span[0])
            own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children)
            if not own_subject and (
                (clause.dep_ == "conj" and clause.head.i == verb.i)
                or (verb.dep_ == "conj" and verb.head.i == clause.i
                    and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children))
            ) and clause.tag_ == verb.tag_:
                return e
    # 2. the clauses the event depends on ("On Sunday, he said Russia had ...")
    t = cand.anchor if not cand.nominal else _clause(cand.anchor)
    seen = 0
    while seen < 6:
        for e, span in anchors:
            if _clause(span[0]).i == t.i:
                return e
        if t.head.i == t.i or t.dep_ not in ("xcomp", "advcl", "pcomp", "conj", "ccomp", "prep", "pobj"):
            break
        t = t.head
        seen += 1
    return None


def _ends_relative_clause(span: Span) -> bool:
    """Whether the date ``span`` directly follows a relative clause of a subject ("Palestinians
    who were arrested by Israel on Friday accused ..."), with no comma between."""
    if span.start == 0:
        return False
    before = span.doc[span.start - 1]
    if before.is_punct:
        return False
    for t in before.ancestors:
        if t.dep_ == "relcl":
            return t.head.dep_ in ("nsubj", "nsubjpass") and t.head.i < t.i and span.start > t.i
        if t.dep_ in ("nsubj", "nsubjpass") or t.pos_ in ("VERB", "AUX") and t.dep_ != "relcl":
            break
    return before.dep_ == "relcl" and before.head.dep_ in ("nsubj", "nsubjpass")


def _starts_with_anaphora(sent: Span) -> bool:
    words: list[str] = []
    for t in sent:  # the first four words: no Token built for the rest of the sentence
        if not t.is_punct and not t.is_space:
            words.append(t.lower_)
            if len(words) == 4:
                break
    return any(tuple(words[: len(p)]) == p for p in _anaphora())


def _compound_text(tok: Token) -> str:
    start = min([tok.i] + [c.i for c in tok.lefts if c.dep_ == "compound"])
    return tok.doc[start : tok.i + 1].text


# --------------------------------------------------------------------------- PETRARCH rules


class _Masked:
    """The actors of a sentence with those of some tokens hidden (PETRARCH's cut clauses)."""

    def __init__(self, inner: ArticleActors, hidden: set[int]) -> None:
        self._inner = inner
        self._hidden = hidden
        self.tags = {i: t for i, t in inner.tags.items() if i not in hidden}

    def actors_for(self, tok: Token) -> list[Actor]:
        return [] if tok.i in self._hidden else self._inner.actors_for(tok)

    def __getattr__(self, name: str) -> object:
        return getattr(self._inner, name)


def _verb_phrase(verb: Token) -> set[int]:
    """The tokens of ``verb``'s verb phrase after it: its dependents that follow it, with
    their subtrees, except a coordinated verb ("met Y and signed Z": a VP of its own)."""
    out: set[int] = set()
    heads = [verb]
    t = verb
    while t.dep_ in ("xcomp", "acomp") and t.head.i != t.i:
        # "is about to restore ties ... after crowds burned": the parser hangs on "is"
        # what the constituency parse PETRARCH reads puts in the phrase of "restore".
        t = t.head
        heads.append(t)
    for h in heads:
        for c in h.rights:
            if c.i <= verb.i or c.dep_ in ("cc", "punct") or c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"):
                continue
            out.update(t.i for t in c.subtree)
    return out


def _comma_clauses(sent: Span, rules: PetrarchRules) -> set[int]:
    """The tokens of the comma-delimited clauses PETRARCH cuts (see :class:`PetrarchRules`).

    A comma inside a noun phrase ("complete, full ties") delimits nothing; words are the
    tokens that start with a letter, as PETRARCH counts them.
    """
    toks = [t for t in sent if not t.is_space]
    commas = [k for k, t in enumerate(toks) if t.text == "," and not _inside_noun_phrase(t)]
    if not commas:
        return set()
    end = len(toks)
    while end > 0 and toks[end - 1].is_punct:
        end -= 1

    def words(a: int, b: int) -> int:
        return sum(1 for t in toks[a:b] if t.text[:1].isalpha())

    cut: set[int] = set()
    if rules.comma_bmax and rules.comma_bmin <= words(0, commas[0]) <= rules.comma_bmax:
        cut.update(t.i for t in toks[: commas[0]])
    if rules.comma_emax and rules.comma_emin <= words(commas[-1] + 1, end) <= rules.comma_emax:
        cut.update(t.i for t in toks[commas[-1] + 1 : end])
    if rules.comma_max:
        for a, b in zip(commas, commas[1:]):
            if rules.comma_min <= words(a + 1, b) <= rules.comma_max:
                cut.update(t.i for t in toks[a + 1 : b])
    return cut


def _inside_noun_phrase(comma: Token) -> bool:
    """A comma between two modifiers of one noun ("complete, full diplomatic ties") or
    in a list of nouns ("Evil Mordor, the awful Fornost, and good Gondor"): PETRARCH has
    made such phrases one actor phrase before it looks for comma clauses."""
    doc = comma.doc
    if comma.i == 0 or comma.i + 1 >= len(doc):
        return False
    before, after = doc[comma.i - 1], doc[comma.i + 1]
    if (before.dep_ in ("amod", "compound", "nummod") and after.dep_ in ("amod", "compound", "nummod")
            and before.head.i == after.head.i and before.head.i > after.i):
        return True
    head = comma.head
    if head.pos_ not in ("NOUN", "PROPN"):
        return False
    items = [head, *(c for c in head.children if c.dep_ == "appos")]
    return any(c.dep_ == "conj" for t in items for c in t.children)


def _runs_text(sent: Span, cut: set[int]) -> list[str]:
    runs: list[list[Token]] = []
    for t in sent:
        if t.i in cut:
            if runs and runs[-1][-1].i == t.i - 1:
                runs[-1].append(t)
            else:
                runs.append([t])
    return [" ".join(t.text for t in r) for r in runs]

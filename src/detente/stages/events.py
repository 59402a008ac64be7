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
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib.resources import files
from typing import Literal

from spacy.tokens import Span, Token

from detente.dictionaries.codebook import Codebook
from detente.dictionaries.verbs import VerbDictionary, VerbMatch
from detente.model import Actor, Event, Mention, Place
from detente.stages import when as when_stage
from detente.stages.actors import ArticleActors
from detente.stages.where import Gazetteer

__all__ = ["Decision", "EventCoder", "load_event_nouns"]

NEGATIONS = {"not", "n't", "never", "no"}
MODALS = {"will", "would", "may", "might", "could", "should", "shall", "can", "must", "'ll", "wo"}
#: Verbs whose complement has not (yet) happened: "hope that ... will", "tried to tamper".
IRREALIS = {
    "hope", "expect", "plan", "want", "wish", "intend", "aim", "seek", "propose", "try",
    "attempt", "consider", "threaten", "promise", "pledge", "vow", "offer", "refuse", "fail",
    "decline", "urge", "ask", "call", "demand", "prepare", "need", "hopes",
}
TARGET_PREPS = ("with", "to", "against", "on", "upon", "toward", "towards", "into", "at", "for", "from", "over")
PLACE_PREPS = ("in", "at", "near", "outside", "inside")
PLACE_ENTS = {"GPE", "LOC", "FAC"}
SELF_SUBJECT_DEPS = {"xcomp", "advcl", "pcomp", "conj", "acl", "relcl"}


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


@dataclass(frozen=True, slots=True)
class EventNoun:
    noun: str
    code: str
    reciprocal: bool


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


@dataclass(slots=True)
class EventCoder:
    """Codes the mentions of events in one article's sentences."""

    verbs: VerbDictionary
    codebook: Codebook
    gazetteer: Gazetteer
    nouns: dict[str, EventNoun] = field(default_factory=load_event_nouns)

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
        out: list[Event] = []
        subjects_seen: list[Actor] = []
        for tok in sent:
            if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ == "ROOT"):
                cand = self._verb_candidate(tok, actors, index, trace)
            elif tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in self.nouns:
                cand = self._noun_candidate(tok, actors, index, trace)
            else:
                continue
            if cand is None:
                continue
            if not cand.trigger.pos_ == "NOUN":
                subjects_seen.extend(cand.sources)
            out.extend(self._events(cand, sent, index, actors, published, doc_id, state, trace))
        # Subjects of this sentence become the antecedents of "he"/"she" in the next.
        for tok in sent:
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ != "PRON":
                actors.note_subject(a for a in actors.actors_for(tok))
        return out

    # -- candidates -------------------------------------------------------------------
    def _verb_candidate(
        self, verb: Token, actors: ArticleActors, index: int, trace: list[Decision] | None
    ) -> _Candidate | None:
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        obj_tokens = _objects(verb, passive)
        subj_tokens, inherited = _subjects(verb, passive)
        sources = [a for s in subj_tokens for a in actors.actors_for(s)]
        targets: list[Actor] = []
        for o in obj_tokens:
            targets.extend(a for a in actors.actors_for(o) if a not in targets)
        match: VerbMatch | None = self.verbs.match(
            verb,
            extra_object_words={r for a in targets for r in a.roles},
            extra_subject_words={r for a in sources for r in a.roles},
        )
        if match is None:
            return None
        drop = _drop_reason(verb)
        if match.discard:
            drop = drop or "discard pattern"
        if drop:
            _note(trace, index, verb, match.code, match.pattern, drop)
            return None
        if not targets:
            for p in _prep_objects(verb, TARGET_PREPS):
                found = [a for a in actors.actors_for(p) if _is_target_candidate(p)]
                if found:
                    targets.extend(found)
                    break
        if not sources:
            _note(trace, index, verb, match.code, match.pattern, "no source actor")
            return None
        confidence = 1.0 - (0.1 if inherited else 0.0)
        return _Candidate(verb, match.code, match.pattern, sources, targets, confidence, verb,
                          reverse_code=match.reverse_code)

    def _noun_candidate(
        self, noun: Token, actors: ArticleActors, index: int, trace: list[Decision] | None
    ) -> _Candidate | None:
        entry = self.nouns[noun.lemma_.lower()]
        pattern = f"noun {entry.noun} [{entry.code}]"
        if any(c.lower_ == "no" for c in noun.children) or _drop_reason(noun.head if noun.dep_ in ("nsubj", "dobj", "nsubjpass") else noun):
            _note(trace, index, noun, entry.code, pattern, "negated or hypothetical")
            return None
        participants: list[Actor] = []
        sources: list[Actor] = []
        targets: list[Actor] = []
        for c in noun.children:
            if c.dep_ == "poss":
                sources.extend(actors.actors_for(c))
            elif c.dep_ == "prep" and c.lower_ == "between":
                for p in c.children:
                    if p.dep_ == "pobj":
                        participants.extend(actors.actors_for(p))
            elif c.dep_ == "prep" and c.lower_ in ("with", "to"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        targets.extend(actors.actors_for(p))
        if entry.reciprocal and (participants or len(sources) > 1):
            sources = participants + sources
        if not sources or (not targets and len(sources) < 2):
            _note(trace, index, noun, entry.code, pattern, "participants not named")
            return None
        return _Candidate(noun, entry.code, pattern, sources, targets, 0.9, noun, nominal=True)

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
        if cand.targets:
            if cand.code:
                pairs += [(s, t, cand.code) for s in cand.sources for t in cand.targets]
            if cand.reverse_code:
                pairs += [(t, s, cand.reverse_code) for s in cand.sources for t in cand.targets]
        elif cand.code and len(cand.sources) > 1:
            pairs = [(s, t, cand.code) for s in cand.sources for t in cand.sources if s is not t]
        elif cand.code:
            pairs = [(cand.sources[0], None, cand.code)]
        day, precision, fallback, date_text = self._date(cand, sent, published, state)
        countries = {a.country for a in cand.sources + cand.targets}
        place = self._place(cand, countries)
        seen: set[tuple[str, str, str]] = set()
        for source, target, code in pairs:
            if target is not None:
                target = _host_country(source, target, actors)
                if target.code == source.code:
                    _note(trace, index, cand.trigger, code, cand.pattern, "source and target are the same actor")
                    continue
            if target is None and code in ("010", "011"):
                _note(trace, index, cand.trigger, code, cand.pattern, "statement with no target")
                continue
            key = (source.code + source.name, target.code + target.name if target else "", code)
            if key in seen:
                continue
            seen.add(key)
            if code == "040" and place is not None and place.country not in {source.country, target.country if target else None}:
                code = "044"  # meeting at a third location
            entry = self.codebook.lookup(code)
            mention = Mention(
                sentence=sent.text.strip(),
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
            _note(trace, index, cand.trigger, code, cand.pattern, "coded", source.code, target.code if target else "")
            yield Event(
                doc_id=doc_id,
                source=source,
                target=target,
                cameo=entry.code if len(entry.code) > 2 else code,
                cameo_root=code[:2],
                goldstein=entry.goldstein,
                quad_class=entry.quad_class,
                plover=self.codebook.plover(code),
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
        tense = _tense(cand.anchor)
        exprs = when_stage.find_dates(sent.text, published, tense=tense)
        if exprs:
            owned = _owned_dates(cand, sent, exprs)
            if owned is not None:
                return owned.value, owned.precision, False, owned.text
        if state.last_date is not None and _starts_with_anaphora(sent):
            day, precision, text = state.last_date
            return day, precision, False, text
        if published is None:
            return None, None, True, None
        return published, "day", True, None

    def _place(self, cand: _Candidate, countries: set[str | None]) -> Place | None:
        context = tuple(c for c in countries if c)
        for p in _prep_objects(cand.anchor, PLACE_PREPS):
            if p.ent_type_ in PLACE_ENTS or p.pos_ == "PROPN":
                name = _compound_text(p)
                place = self.gazetteer.lookup(name, context_countries=context)
                if place is not None:
                    return place
        return None


@dataclass(slots=True)
class NarrativeState:
    """What the article has said so far: the date of the last dated event."""

    last_date: tuple[date, str, str | None] | None = None


def _note(
    trace: list[Decision] | None, index: int, tok: Token, code: str | None, pattern: str,
    outcome: str, source: str = "", target: str = "",
) -> None:
    if trace is not None:
        trace.append(Decision(index, tok.text, code, pattern, outcome, source, target))


def _drop_reason(verb: Token) -> str | None:
    """Why a verb's event did not happen as asserted: negated, modal/future, irrealis, conditional."""
    for c in verb.children:
        if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never"):
            return "negated"
        if c.dep_ in ("aux", "auxpass") and c.lower_ in MODALS:
            return f"hypothetical ({c.text})"
        if c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether"):
            return "conditional"
        if c.dep_ in ("nsubj", "nsubjpass") and any(d.lower_ == "no" for d in c.children if d.dep_ == "det"):
            return "negated"
    t = verb
    while t.dep_ in ("xcomp", "ccomp", "acl", "advcl", "conj", "pcomp") and t.head.i != t.i:
        head = t.head
        if head.pos_ == "ADP":
            head = head.head
        if t.dep_ in ("xcomp", "ccomp", "acl") and head.lemma_.lower() in IRREALIS:
            return f"hypothetical (under '{head.text}')"
        if t.dep_ == "acl" and head.pos_ == "NOUN" and head.lemma_.lower() in IRREALIS:
            return f"hypothetical (under '{head.text}')"
        if t.dep_ == "conj":
            reason = _drop_reason(head)
            if reason:
                return reason
        t = head
    return None


def _subjects(verb: Token, passive: bool) -> tuple[list[Token], bool]:
    """Source tokens, and whether they were inherited from a governing verb."""
    if passive:
        agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        return agents, False
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    if subj:
        return subj, False
    t = verb
    while t.dep_ in SELF_SUBJECT_DEPS and t.head.i != t.i:
        head = t.head
        if head.pos_ == "ADP":  # "before returning": pcomp under a preposition
            head = head.head
        if t.dep_ in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN"):
            return [head], True
        found = [c for c in head.children if c.dep_ == "nsubj"]
        if found:
            return found, True
        t = head
    return [], False


def _objects(verb: Token, passive: bool) -> list[Token]:
    if passive:
        return [c for c in verb.children if c.dep_ == "nsubjpass"]
    return [c for c in verb.children if c.dep_ in ("dobj", "dative")]


def _prep_objects(tok: Token, preps: tuple[str, ...]) -> Iterator[Token]:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for p in c.children:
                if p.dep_ == "pobj":
                    yield p


def _is_target_candidate(tok: Token) -> bool:
    return tok.ent_type_ not in ("DATE", "TIME")


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
    for c in verb.children:
        if c.dep_ in ("aux",) and c.lower_ in ("will", "'ll", "shall"):
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


def _owned_dates(cand: _Candidate, sent: Span, exprs: list["when_stage.TimeExpr"]) -> "when_stage.TimeExpr | None":
    doc = sent.doc
    anchors = []
    for e in exprs:
        span = doc.char_span(sent.start_char + e.start, sent.start_char + e.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        anchors.append((e, span))
    # 1. inside the event noun phrase, or attached to the event's own clause
    subtree = set(t.i for t in cand.anchor.subtree) if cand.nominal else set()
    for e, span in anchors:
        if cand.nominal and span[0].i in subtree:
            return e
        if _clause(span[0]).i == cand.anchor.i or span.root.head.i == cand.anchor.i:
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


def _starts_with_anaphora(sent: Span) -> bool:
    words = [t.lower_ for t in sent if not t.is_punct and not t.is_space][:4]
    return any(tuple(words[: len(p)]) == p for p in _anaphora())


def _compound_text(tok: Token) -> str:
    start = min([tok.i] + [c.i for c in tok.lefts if c.dep_ == "compound"])
    return tok.doc[start : tok.i + 1].text

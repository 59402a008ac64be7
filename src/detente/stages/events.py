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
from collections.abc import Iterable, Iterator
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
from detente.stages import where as where_stage
from detente.stages.actors import ArticleActors
from detente.stages.where import Gazetteer

__all__ = ["Decision", "SentenceNote", "EventCoder", "intent_code", "load_event_nouns"]

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
TARGET_PREPS = ("with", "to", "against", "on", "upon", "toward", "towards", "into", "at", "for", "from", "over")
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
    modality: str = "asserted"
    origin: str = ""
    specificity: int = 0
    intent_head: int | None = None  # the commitment verb ("agreed") an intent was coded under


@dataclass(slots=True)
class EventCoder:
    """Codes the mentions of events in one article's sentences."""

    verbs: VerbDictionary
    codebook: Codebook
    gazetteer: Gazetteer
    nouns: dict[str, EventNoun] = field(default_factory=load_event_nouns)
    #: Code future and hypothetical events too (PETRARCH does); they are still marked in the trace.
    code_modal: bool = False

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
        out: list[Event] = []
        subjects_seen: list[Actor] = []
        consumed: set[int] = set()  # tokens a verb pattern used: they start no event of their own
        cands: list[_Candidate] = []
        for tok in sent:
            if tok.i in consumed:
                continue
            if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ == "ROOT"):
                cand = self._verb_candidate(tok, actors, index, trace, consumed)
            elif tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in self.nouns:
                cand = self._noun_candidate(tok, actors, index, trace)
            else:
                continue
            if cand is not None:
                cands.append(cand)
        # "agreed to supply X": the intent to supply says more than the bare "agree".
        heads = {c.intent_head for c in cands if c.intent_head is not None}
        # "X said Y did Z": the reported event is the news, the bare statement is not.
        speech = {h.i for c in cands if (h := _speech_head(c.trigger)) is not None}
        for cand in cands:
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
        # Subjects of this sentence become the antecedents of "he"/"she" in the next.
        for tok in sent:
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ != "PRON":
                actors.note_subject(a for a in actors.actors_for(tok))
        return out

    # -- candidates -------------------------------------------------------------------
    def _verb_candidate(
        self, verb: Token, actors: ArticleActors, index: int, trace: list[Decision] | None,
        consumed: set[int] | None = None,
    ) -> _Candidate | None:
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        obj_tokens = _objects(verb, passive)
        subj_tokens, inherited = _subjects(verb, passive)
        sources = [a for s in subj_tokens for a in _phrase_actors(s, actors)]
        targets: list[Actor] = []
        for o in obj_tokens:
            targets.extend(a for a in _phrase_actors(o, actors) if a not in targets)
        match: VerbMatch | None = self.verbs.match(
            verb,
            extra_object_words={r for a in targets for r in a.roles},
            extra_subject_words={r for a in sources for r in a.roles},
        )
        if match is None:
            return None
        doc = verb.doc
        if verb.lemma_.lower() in SPEECH_VERBS and any(
            doc[i].dep_ == "ccomp" and doc[i].head.i == verb.i and doc[i].pos_ in ("VERB", "AUX")
            for i in match.tokens
        ):
            _note(trace, index, verb, match.code, match.pattern,
                  "the pattern reaches into the reported clause, which is coded on its own",
                  origin=match.origin)
            return None
        if consumed is not None and match.specificity > 0:
            consumed.update(i for i in match.tokens if i != verb.i)
        code, reverse, pattern = match.code, match.reverse_code, match.pattern
        origin = match.origin
        kind, reason = _modality(verb)
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
        if not targets:
            targets = self._more_targets(verb, obj_tokens, actors, sources)
        if not sources:
            _note(trace, index, verb, code, pattern, "no source actor", **note)  # type: ignore[arg-type]
            return None
        confidence = 1.0 - (0.1 if inherited else 0.0) - (0.1 if kind != "asserted" else 0.0)
        head = _commitment_head(verb) if kind == "future" else None
        return _Candidate(verb, code, pattern, sources, targets, confidence, verb,
                          reverse_code=reverse, modality=kind, origin=origin,
                          specificity=match.specificity, intent_head=head)

    def _more_targets(
        self, verb: Token, obj_tokens: list[Token], actors: ArticleActors, sources: list[Actor]
    ) -> list[Actor]:
        """A target named inside the object phrase or a phrase of the verb or its complement.

        In order: the verb's "with/to/against ..." phrases; the object noun's possessor
        and phrases ("restore ties with Gondor", "condemned Israel's raid"); the object
        or phrases of an infinitive complement ("offered to hand X over to Britain").
        """
        own = {a.code for a in sources}

        def keep(found: list[Actor]) -> list[Actor]:
            return [a for a in found if a.code not in own]

        for p in _prep_objects(verb, TARGET_PREPS):
            if _is_target_candidate(p):
                found = keep(actors.actors_for(p))
                if found:
                    return found
        for o in obj_tokens:
            for c in o.children:
                if c.dep_ == "poss":
                    found = keep(actors.actors_for(c))
                    if found:
                        return found
            for p in _prep_objects(o, TARGET_PREPS + ("of",)):
                if _is_target_candidate(p):
                    found = keep(actors.actors_for(p))
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
                        if _is_target_candidate(p):
                            found = keep(actors.actors_for(p))
                            if found:
                                return found
                for p in _prep_objects(c, TARGET_PREPS):
                    if _is_target_candidate(p):
                        found = keep(actors.actors_for(p))
                        if found:
                            return found
        return []

    def _noun_candidate(
        self, noun: Token, actors: ArticleActors, index: int, trace: list[Decision] | None
    ) -> _Candidate | None:
        entry = self.nouns[noun.lemma_.lower()]
        pattern = f"noun {entry.noun} [{entry.code}]"
        kind, reason = _modality(noun.head if noun.dep_ in ("nsubj", "dobj", "nsubjpass") else noun)
        if any(c.lower_ == "no" for c in noun.children):
            kind, reason = "negated", "negated"
        if kind != "asserted" and not (self.code_modal and kind != "negated"):
            _note(trace, index, noun, entry.code, pattern, reason, modality=kind)
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
            _note(trace, index, cand.trigger, code, cand.pattern, "coded", source.code, target.code if target else "",
                  modality=cand.modality, origin=cand.origin)
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
        return where_stage.place_in_clause(cand.anchor, self.gazetteer, context)


@dataclass(slots=True)
class NarrativeState:
    """What the article has said so far: the date of the last dated event."""

    last_date: tuple[date, str, str | None] | None = None


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
    for c in verb.children:
        if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never"):
            return "negated", "negated"
        if c.dep_ in ("nsubj", "nsubjpass") and any(d.lower_ == "no" for d in c.children if d.dep_ == "det"):
            return "negated", "negated"
    for c in verb.children:
        if c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether"):
            return "conditional", "conditional"
    for c in verb.children:
        if c.dep_ in ("aux", "auxpass") and c.lower_ in FUTURE_AUX:
            return "future", f"future ({c.text})"
        if c.dep_ in ("aux", "auxpass") and c.lower_ in MODALS:
            return "hypothetical", f"hypothetical ({c.text})"
    t = verb
    for _ in range(8):
        if t.dep_ not in ("xcomp", "ccomp", "acl", "advcl", "conj", "pcomp", "acomp") or t.head.i == t.i:
            break
        head = t.head
        if head.pos_ == "ADP":
            head = head.head
        lemma = head.lemma_.lower()
        if t.dep_ in ("xcomp", "acl", "pcomp", "acomp") and (lemma in COMMITMENT or head.lower_ in COMMITMENT):
            kind, reason = _modality(head)
            if kind in ("negated", "conditional", "hypothetical"):
                return kind, reason
            return "future", f"intent (under '{head.text}')"
        if t.dep_ in ("xcomp", "ccomp", "acl") and (lemma in IRREALIS or _bare(head) in IRREALIS):
            return "hypothetical", f"hypothetical (under '{head.text}')"
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


def _bare(tok: Token) -> str:
    """The word without a third-person -s, for when the tagger misreads it ("hopes" -> "hop")."""
    w = tok.lower_
    return w[:-1] if w.endswith("es") or w.endswith("s") else w


@lru_cache(maxsize=1)
def _intents() -> dict[str, str]:
    text = (files("detente") / "data" / "verbs" / "intents.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO("\n".join(l for l in text.splitlines() if not l.startswith("#"))))
    return {r["event"]: r["intent"] for r in rows}


def intent_code(code: str | None) -> str | None:
    """The CAMEO intent (03x) or threat (13x) that a future ``code`` event amounts to, if any."""
    if not code:
        return None
    table = _intents()
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


def _subjects(verb: Token, passive: bool) -> tuple[list[Token], bool]:
    """Source tokens, and whether they were inherited from a governing verb."""
    if passive:
        agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        return agents, False
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    if subj:
        speaker = _speaker(verb)
        if speaker and all(s.pos_ == "PRON" and s.lower_ in SPEAKER_PRONOUNS for s in subj):
            return speaker, True  # "Iraq said it would allow ...": "it" is Iraq
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


#: Verbs of saying: "X said (that) Y ...". Their complement is reported speech.
SPEECH_VERBS = {
    "say", "tell", "announce", "state", "declare", "add", "insist", "claim", "report", "reiterate",
    "confirm", "warn", "stress", "indicate", "assert", "maintain", "note", "explain", "affirm", "reply",
}
SPEAKER_PRONOUNS = {"it", "they", "we", "i"}


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
    return [c for c in head.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]


def _objects(verb: Token, passive: bool) -> list[Token]:
    if passive:
        return [c for c in verb.children if c.dep_ == "nsubjpass"]
    return [c for c in verb.children if c.dep_ in ("dobj", "dative")]


#: Dependents inside a noun phrase where its actor may stand: "Hungarian officials",
#: "European Community foreign ministers", "leaders of the opposition coalition".
_PHRASE_DEPS = {"amod", "compound", "nmod", "poss", "prep", "pobj", "conj", "cc", "appos", "det"}


def _phrase_actors(tok: Token, actors: ArticleActors) -> list[Actor]:
    """The actors of the phrase headed by ``tok``: its own reading, else the first actor
    named inside the phrase (PETRARCH's rule), searched breadth-first, nearest first."""
    found = actors.actors_for(tok)
    if found or tok.pos_ == "PRON":
        return found
    queue = [c for c in tok.children if c.dep_ in _PHRASE_DEPS and c.dep_ not in ("cc", "det")]
    seen = 0
    while queue and seen < 12:
        t = queue.pop(0)
        seen += 1
        if t.dep_ == "prep" and t.lower_ not in ("of", "from"):
            continue
        if t.dep_ != "prep" and t.i in actors.tags:
            got = actors.actors_for(t)
            if got:
                return got
        queue.extend(c for c in t.children if c.dep_ in _PHRASE_DEPS and c.dep_ not in ("cc", "det", "conj"))
    return []


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

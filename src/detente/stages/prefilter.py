"""Stage 3a, prefilter: only the sentences that can hold an event reach the parser.

Parsing is most of the cost of coding news. Most sentences of an article give no event,
so before the tagger, parser and entity recogniser run, the article is only tokenised
and split into sentences cheaply (spaCy's rule-based sentencizer, with the paragraph
rule of stage ``nlp``), and a sentence is kept when its tokens could give an event the
coder keeps. Its *actor mentions* are counted: names of the actor dictionary (the
Phoenix trie), leader and metonym names (capitalised, as stage ``actors`` requires),
"he"/"she"/"him"/"her", capitalised words of a name met earlier in the article
("Antonov" after "Russia's ambassador, Anatoly Antonov"), which stage ``actors`` may
resolve from its memory, and agent words ("the ambassador"), which name an actor only
with one of the others or from the article's context, so they never count alone. A
sentence is kept when it holds one of these and a *trigger* with one of its *readings*:

- a reading is a way the coder can turn the word into an event: the bare verb entry
  of the verb dictionary with its code, each pattern of its family with the pattern's
  code, an event noun (``data/verbs/event_nouns.csv``), a verb of refusal, or a verb of
  saying with "must"/"should"/"have to" (a demand). The readings are derived, when the
  prefilter is built, from the dictionaries and from the coder's own word lists
  (``stages/events.py``), not written here;
- a reading *needs* words: the other words of a multiword verb ("is" of
  ``IS_DETERMINED``); the words, synset members and prepositions of a pattern (a verb
  whose family line codes nothing, ``--- ADD [---]``, gives an event only through a
  pattern); a light verb for an event noun with one participant ("staged a protest");
  any form of a needed word counts, and order is not checked;
- a reading needs *two* actor mentions when the coder drops its event without a target:
  a statement (010, 011: "X said" alone is no event, but "X will not say" is a refusal,
  which needs none), a reverse-only code, a demand, an event noun with no light verb
  (its participants must be named);
- a word inside an actor's name ("United" and "States" of "the United States", "Watch"
  of "Human Rights Watch") is no trigger.

Forms are the dictionary's own, the regular inflections, and the irregular ones of
spaCy's lemmatizer tables. The test is a superset of what the coder needs (it ignores
word order, negation, modality and who is subject of what), so dropping a sentence
loses an event only when parsing a sentence alone differs from parsing it in its article
(its sentence boundaries or context), or when stage ``actors`` resolves an actor from a
word this test does not count. Runs of kept sentences are parsed together, so that each
sees its neighbours as in a full parse. ``benchmarks/prefilter_recall.py`` measures the
loss against a full parse.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import numpy
from spacy.attrs import IDX, IS_ALPHA, IS_PUNCT, IS_SPACE, SPACY
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Span

from detente.dictionaries.actors import AgentEntry
from detente.dictionaries.verbs import Atom, Pattern, VerbDictionary
from detente.stages import events as coder
from detente.stages.actors import CONTEXT_SECTORS, PERSON_PRONOUNS, ActorResources
from detente.stages.nlp import _FINAL, _HEADING_WORDS, _hyphen_prefix_ends, body_sentences, paragraph_boundaries

__all__ = ["Chunk", "Prefilter", "Reading", "inflections"]

#: Pronouns stage ``actors`` resolves to the last person who was a subject (or object).
PRONOUNS = frozenset(PERSON_PRONOUNS)
#: Codes whose event the coder drops when it has no target: a statement with no addressee.
NEEDS_TARGET = frozenset({"010", "011"})
#: Tokens between an agent word and the name it defines: "ambassador, Anatoly Antonov",
#: "Anatoly Antonov, Russia's ambassador".
APPOSITION_GAP = 4
_VOWELS = frozenset("aeiou")
#: More actors than any sentence holds: a form with no reading that needs no word.
_NO_BARE_READING = 1 << 30


@dataclass(frozen=True, slots=True)
class Chunk:
    """Kept sentences, one or a run of consecutive ones (parsed together, so that each
    sees its neighbours as in a full parse): characters ``start:end`` of the article
    text; ``index`` is the body-sentence number of the first one."""

    start: int
    end: int
    index: int
    #: The chunk's tokens in the prefilter's tokenisation of the article, so that the
    #: parse need not tokenise it again; None when the parse should.
    tokens: Span | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Reading:
    """One way a trigger word can give an event the coder keeps: ``needs`` are sets of
    word forms, one of each must be in the sentence; ``actors`` is how many actor
    mentions the sentence must hold (2 when the event needs a target)."""

    needs: tuple[frozenset[str], ...] = ()
    actors: int = 1


def inflections(word: str) -> set[str]:
    """The regular forms of an English verb or noun, over-generated: ``meet`` gives
    ``meets meeted meeting ...``. Irregular forms come from the lemmatizer tables."""
    w = word.lower()
    out = {w, w + "s", w + "es", w + "ed", w + "d", w + "ing"}
    if w.endswith("e"):
        out.add(w[:-1] + "ing")
    if w.endswith("y") and len(w) > 2:
        out |= {w[:-1] + "ies", w[:-1] + "ied"}
    if len(w) > 2 and w[-1] not in _VOWELS and w[-1] not in "wxy" and w[-2] in _VOWELS:
        out |= {w + w[-1] + "ed", w + w[-1] + "ing", w + w[-1] + "er"}
    return out


class Prefilter:
    """Decides, from tokens only, which sentences of an article the parser must see.

    >>> pre = Prefilter.for_pipeline(nlp, resources, verbs, nouns)
    >>> [text[c.start:c.end] for c in pre.select(text)]
    """

    def __init__(
        self,
        nlp: Language,
        resources: ActorResources,
        readings: Mapping[str, Iterable[Reading]],
    ) -> None:
        self.nlp = nlp
        self.res = resources
        #: form -> its readings; a form that can code with one actor and no other word
        #: keeps only that reading (it says all).
        self.readings: dict[str, tuple[Reading, ...]] = {}
        for form, rs in readings.items():
            found = set(rs)
            if Reading() in found:
                found = {Reading()}
            self.readings[form] = tuple(sorted(found, key=lambda r: (r.actors, len(r.needs))))
        #: Every form that is a trigger in some sentence.
        self.triggers = frozenset(self.readings)
        #: form -> (the fewest actors a reading of it with no needed word takes, and one
        #: needed word set of each other reading, joined): a sentence with none of those
        #: words satisfies none of the form's readings that need words, in one set test
        #: (a form like "set" has hundreds of patterns).
        self._first_test: dict[str, tuple[int, frozenset[str]]] = {}
        done: dict[tuple[Reading, ...], tuple[int, frozenset[str]]] = {}
        for form, rs in self.readings.items():
            test = done.get(rs)
            if test is None:
                bare = min((r.actors for r in rs if not r.needs), default=_NO_BARE_READING)
                hint = frozenset().union(*(min(r.needs, key=len) for r in rs if r.needs))
                test = done[rs] = (bare, hint)
            self._first_test[form] = test
        self.sentencizer = Sentencizer()
        self.stop_words = frozenset(w.lower() for w in nlp.Defaults.stop_words)
        #: first word of a leader or metonym name -> the lengths of those names, longest first
        self.extra_lengths: dict[str, tuple[int, ...]] = {}
        for key in resources.extra:
            if key:
                self.extra_lengths[key[0]] = (*self.extra_lengths.get(key[0], ()), len(key))
        self.extra_lengths = {w: tuple(sorted(set(ks), reverse=True)) for w, ks in self.extra_lengths.items()}

    @classmethod
    def for_pipeline(
        cls,
        nlp: Language,
        resources: ActorResources,
        verbs: VerbDictionary,
        nouns: Mapping[str, object],
    ) -> "Prefilter":
        """A prefilter over the same dictionaries and rules the coder uses."""
        return cls(nlp, resources, derive_readings(verbs, nouns, _forms_function(nlp)))

    # -- splitting ------------------------------------------------------------------
    def split(self, text: str) -> Doc:
        """The article tokenised, with cheap sentence boundaries (no model)."""
        doc = paragraph_boundaries(self.sentencizer(self.nlp.make_doc(text)))
        for tok in doc[1:]:
            if tok.is_space:  # blank lines end the sentence before them, as in the parser's split
                tok.is_sent_start = False
        return doc

    def sentences(self, text: str) -> list[tuple[int, int, int, int, list[str]]]:
        return self._sentences(text)[0]

    def _sentences(self, text: str) -> tuple[list[tuple[int, int, int, int, list[str]]], Doc | None]:
        """The body sentences of :meth:`split`, as ``body_sentences`` gives them, each as
        (first token, end token, start char, end char, token texts).

        The same boundaries, worked out from the token arrays of one tokenisation: the
        sentencizer's rule, the paragraph rule of stage ``nlp``, blanks, then headings
        skipped, without making a spaCy Token for every word (issue 6)."""
        doc = self.nlp.make_doc(text)
        n = len(doc)
        if not n:
            return [], None
        # columns as Python lists; small values, so int64: numpy's tolist of uint64 is slow
        idx, spacy_ws, punct, space, alpha = (
            doc.to_array([IDX, SPACY, IS_PUNCT, IS_SPACE, IS_ALPHA]).astype(numpy.int64).T.tolist()
        )
        bounds = idx[1:] + [len(text)]
        words = [text[a : b - w] for a, b, w in zip(idx, bounds, spacy_ws)]
        # spaCy's Sentencizer: a sentence ends after a run of its punctuation marks
        punct_chars = self.sentencizer.punct_chars
        starts = [False] * n
        starts[0] = True
        start, seen = 0, False
        for i, w in enumerate(words):
            in_chars = w in punct_chars
            if seen and not punct[i] and not in_chars:
                starts[start] = True
                start, seen = i, False
            elif in_chars:
                seen = True
        starts[start] = True
        # stage nlp's paragraph rule: after a line break, not after a cut prefix ("anti- ")
        pos, last = text.find("\n"), -1
        while pos >= 0:
            i = bisect_right(idx, pos) - 1
            if i != last and i + 1 < n and not space[i + 1]:
                starts[i + 1] = True
            last = i
            pos = text.find("\n", pos + 1)
        for end in _hyphen_prefix_ends(text):
            i = bisect_right(idx, end) - 1
            if i + 1 < n and len(words[i]) > 1 and words[i].endswith("-") and alpha[i + 1]:
                starts[i + 1] = False
        for i in range(1, n):  # blank lines end the sentence before them
            if space[i]:
                starts[i] = False
        firsts = [i for i in range(1, n) if starts[i]]
        out = []
        for s, e in zip([0, *firsts], [*firsts, n]):
            end_char = idx[e - 1] + len(words[e - 1])
            if not text[idx[s] : end_char].strip():  # a blank
                continue
            if self._heading(s, e, words, punct, space, text, idx, bounds):
                continue
            out.append((s, e, idx[s], end_char, words[s:e]))
        return out, doc

    @staticmethod
    def _heading(
        s: int, e: int, words: list[str], punct: list[int], space: list[int], text: str, idx: list[int], bounds: list[int]
    ) -> bool:
        """``_is_heading`` of stage nlp on token arrays: a short line with no final
        punctuation that stands alone in its paragraph."""
        last = next((i for i in range(e - 1, s - 1, -1) if not space[i]), None)
        if last is None:
            return True
        own_line = e == len(words) or space[e - 1] or "\n" in text[idx[e - 1] : bounds[e - 1]]
        if not own_line or words[last] in _FINAL:
            return False
        count = 0
        for i in range(s, e):
            if not space[i] and not punct[i]:
                count += 1
                if count >= _HEADING_WORDS:
                    return False
        return True

    def select(self, text: str) -> list[Chunk]:
        """The sentences of ``text`` that can hold an event, in order, with the sentences
        that stage ``actors`` needs to resolve their pronouns and remembered names."""
        memory = _Memory()
        sents, doc = self._sentences(text)
        keep = [False] * len(sents)
        for index, sent in enumerate(sents):
            memory.index = index
            keep[index] = self.keeps(sent[4], memory)
            # "He" is the last person who was the subject of a parsed sentence, and
            # "Antonov" the name a parsed sentence defined: parse those sentences too.
            for k in memory.needed:
                keep[k] = True
            memory.needed.clear()
        runs: list[list[int]] = []  # [start char, end char, sentence index, first token, end token]
        for index, (start, end, start_char, end_char, _words) in enumerate(sents):
            if not keep[index]:
                continue
            if runs and start == runs[-1][4]:  # a run of kept sentences is parsed together, in context
                runs[-1][1], runs[-1][4] = end_char, end
            else:
                runs.append([start_char, end_char, index, start, end])
        return [Chunk(a, b, index, doc[s:e] if doc is not None else None) for a, b, index, s, e in runs]

    def keeps(self, words: list[str], memory: "_Memory | set[str] | None" = None) -> bool:
        """Whether a sentence (its token texts) can hold an event. ``memory`` carries what
        earlier sentences of the article named; it is updated, and its ``needed`` lists
        the earlier sentences that named the antecedents of this one's pronouns and names."""
        if not isinstance(memory, _Memory):
            memory = _Memory(memory if memory is not None else set())
        lower = [w.lower() for w in words]
        matches = self.res.phoenix.find(words, lower)
        in_name: set[int] = set()
        agents: list[tuple[int, int]] = []
        persons: list[tuple[int, int]] = []  # whom stage actors may take as "he"/"she" later
        context = False  # an agent the article's context may resolve
        for m in matches:
            if isinstance(m.entry, AgentEntry):
                agents.append((m.start, m.end))
                context = context or self._from_context(m.entry.code, lower, m.start, m.end, memory)
                memory.roles.update(lower[m.start : m.end])
            else:
                if getattr(m.entry, "kind", "") == "person":
                    persons.append((m.start, m.end))
                in_name.update(range(m.start, m.end))
        names = sum(not isinstance(m.entry, AgentEntry) for m in matches)
        extra = self._extra_names(words, lower, in_name)
        for i, j, kind, code in extra:
            if kind == "agent":  # "the government" of the additions: an agent, as in stage actors
                agents.append((i, j))
                context = context or self._from_context(code, lower, i, j, memory)
                continue
            names += 1
            if kind == "person":
                persons.append((i, j))
        recalled = [
            low for i, (w, low) in enumerate(zip(words, lower))
            if i not in in_name and low in memory.names and w[:1].isupper()
        ] if not memory.names.keys().isdisjoint(lower) else []
        pronouns = 0 if PRONOUNS.isdisjoint(lower) else sum(1 for w in lower if w in PRONOUNS)
        first = names + len(recalled) + pronouns
        if self.res.petrarch:  # PETRARCH's conventions: an agent alone is an actor ("a senior official": ---GOV)
            first += len(agents)
        if self.res.new_actor_length > 0:  # PETRARCH's new_actor_length: any short noun phrase may be one
            first += 1
        keep = bool(first or context) and self._has_trigger(lower, in_name, first + len(agents), memory.roles)
        if names and memory.named is None:
            memory.named = memory.index
        if keep:
            memory.needed.update(k for w in recalled if (k := memory.names[w]) >= 0)
            if pronouns and memory.last_person is not None:
                memory.needed.add(memory.last_person)
            if context and not first:
                memory.needed.update(k for k in (memory.named, memory.person) if k is not None)
        for w in self._name_words(words, lower, persons, agents):
            memory.names.setdefault(w, memory.index)
        if persons or agents or recalled:
            memory.last_person = memory.index
        if persons or recalled:
            memory.person = memory.index
        return keep

    def _has_trigger(self, lower: list[str], in_name: set[int], actors: int, roles: set[str]) -> bool:
        """A trigger word outside actor names with a reading this sentence satisfies."""
        found = self.triggers.intersection(lower)  # most sentences have none: one set operation
        if not found:
            return False
        present: set[str] | None = None
        readings, first_test = self.readings, self._first_test
        for i, w in enumerate(lower):
            if w not in found or i in in_name:
                continue
            bare, hint = first_test[w]
            if bare <= actors:
                return True
            if present is None:
                # actors' role words count as words of a pattern's subject or object
                present = set(lower) | roles
            if hint.isdisjoint(present):
                continue
            for r in readings[w]:
                if r.actors > actors:
                    break  # readings come by the actors they need, fewest first
                if not r.needs:
                    continue
                for alts in r.needs:
                    if alts.isdisjoint(present):
                        break
                else:
                    return True
        return False

    def _from_context(self, code: str, lower: list[str], start: int, end: int, memory: "_Memory") -> bool:
        """Whether stage ``actors`` may resolve an agent word with no country from the
        article: a state organ ("the government", "police", "officials") when a country
        was named before, an office ("the president") when a person was. Either is
        written with "the" or, for an organ, in the plural: not "a minister"."""
        the = "the" in lower[max(0, start - APPOSITION_GAP) : start]
        words = lower[start:end]
        if code.strip("~")[:3] in CONTEXT_SECTORS and memory.named is not None:
            if the or words[-1].endswith("s") or words[-1] == "police":
                return True
        return the and " ".join(words) in self.res.coreference and memory.person is not None

    def _name_words(
        self, words: list[str], lower: list[str], persons: list[tuple[int, int]], agents: list[tuple[int, int]]
    ) -> Iterator[str]:
        """The words stage ``actors`` may remember a person by, as it does: the first and
        last words of a person's name ("Vladimir Putin" -> "putin", "Xi Jinping" -> "xi"),
        and of a run of capitalised words near an agent word, which an apposition or a
        title makes that agent's name ("Russia's ambassador, Anatoly Antonov" ->
        "antonov", "Ambassador Anatoly Antonov", "Anatoly Antonov, the ambassador")."""
        if not persons and not agents:  # a name is remembered only near one of them
            return
        caps = [i for i, w in enumerate(words) if w.isalpha() and w[:1].isupper()]
        is_cap = set(caps)
        stop = self.stop_words
        run, prev = 0, -2
        for i in caps:  # a run of capitalised words that are not stop words, at its last word
            low = lower[i]
            run = 0 if low in stop else run + 1 if prev == i - 1 else 1
            prev = i
            if not run or i + 1 in is_cap or (run == 1 and i == 0):
                continue
            start, end = i + 1 - run, i + 1
            if any(a < end and start < b for a, b in persons) or any(
                max(a - end, start - b) <= APPOSITION_GAP for a, b in agents
            ):
                yield low
                yield lower[start]

    def _extra_names(self, words: list[str], lower: list[str], in_name: set[int]) -> list[tuple[int, int, str, str]]:
        """Leader and metonym names, capitalised, outside Phoenix names (the longest-first
        walk of stage ``actors``): start, end, kind and code; their words join ``in_name``."""
        extra, lengths = self.res.extra, self.extra_lengths
        n = len(lower)
        found: list[tuple[int, int, str, str]] = []
        done = 0  # the end of the last name found
        # only a name that starts with a word can match there: most words start none
        for i in [i for i, w in enumerate(lower) if w in lengths]:
            if i < done or i in in_name:
                continue
            upper = words[i][:1].isupper()
            for k in lengths[lower[i]]:  # the lengths of its names, longest first
                if k > n - i:
                    continue
                named = extra.get(tuple(lower[i : i + k]))
                if named is not None and (upper or named.kind == "agent"):
                    found.append((i, i + k, named.kind, named.code))
                    in_name.update(range(i, i + k))
                    done = i + k
                    break
        return found


class _Memory:
    """What the sentences of an article so far have named: capitalised name words, with
    the sentence that first named each (stage ``actors`` remembers people by them); agent
    words (the roles an actor carries into a pattern); the last sentence that named a
    person or agent (the antecedent of "he"); and the sentences the current one needs."""

    __slots__ = ("names", "roles", "last_person", "person", "named", "needed", "index")

    def __init__(self, names: Iterable[str] = ()) -> None:
        self.names: dict[str, int] = dict.fromkeys(names, -1)
        self.roles: set[str] = set()
        self.last_person: int | None = None
        self.named: int | None = None  # the first sentence that named an actor
        self.person: int | None = None  # the last sentence that named a person
        self.needed: set[int] = set()
        self.index = -1


# -- readings, from the dictionaries and the coder's rules ---------------------------------
Forms = Callable[[str], frozenset[str]]


def derive_readings(verbs: VerbDictionary, nouns: Iterable[str], forms: Forms) -> dict[str, set[Reading]]:
    """Every form of a trigger word, with the readings that can make it an event."""
    out: dict[str, set[Reading]] = {}

    def add(word: str, reading: Reading) -> None:
        for f in forms(word):
            out.setdefault(f, set()).add(reading)

    # "X will not / won't say Y": the coder codes a refusal (12x) with no target needed.
    refused = (frozenset(coder.FUTURE_AUX), frozenset(coder.NEGATIONS))
    patterns: dict[str, list[Reading]] = {}
    for fam in verbs.families:
        rs = []
        for p in fam.patterns:
            if p.discard:
                continue
            rs.append(Reading(_pattern_needs(p, verbs, forms), _actors_for(p.code)))
        patterns[fam.name] = rs
    for fam in verbs.families:
        for v in fam.verbs:
            src = v if v.has_code else fam
            bare = None
            if not src.discard and (src.code or src.reverse_code):
                bare = _actors_for(src.code)
            for words, head in ((v.words, v.head), *v.forms):
                word = words[head].rstrip("_").lower()
                others = tuple(
                    alts for k, w in enumerate(words)
                    if k != head and (alts := _alternatives((w,), forms, verbs)) is not None
                )
                own = [Reading(others, bare)] if bare is not None else []
                own += [Reading(others + r.needs, r.actors) for r in patterns[fam.name]]
                own += [Reading(r.needs + refused, 1) for r in own if r.actors > 1]
                for part in {word, *(p for p in word.split("-") if p)}:
                    for r in own:
                        add(part, r)
    # a two-word noun ("hunger strike") is coded from its head, itself an entry
    noun_words = {n.lower() for n in nouns if " " not in n}
    light = frozenset(f for v in coder.LIGHT_VERBS for f in forms(v)) | frozenset(coder._LIGHT_FORMS)
    for n in noun_words:
        # "the talks between A and B", "A's visit to B": two participants; "A staged a
        # protest": one, with a light verb.
        add(n, Reading((), 2))
        add(n, Reading((light,), 1))
    for v in coder.REFUSAL:  # "X refused to do Z": a rejection whatever Z is
        add(v, Reading())
    # "X said Y must / should / has to do Z": X's demand on Y, whatever Z is.
    must = frozenset(coder.OBLIGATION) | forms("have")
    for v in coder.SPEECH_VERBS:
        add(v, Reading((must,), 2))
    return out


def _actors_for(code: str | None) -> int:
    """Actor mentions an event of this code needs: 2 when it is dropped without a target
    (a statement, or a reverse-only ``[:B]`` code, whose event runs from the target)."""
    return 2 if not code or code in NEEDS_TARGET else 1


def _pattern_needs(p: Pattern, verbs: VerbDictionary, forms: Forms) -> tuple[frozenset[str], ...]:
    """The word sets a pattern needs in its sentence, one word of each (a superset:
    order and place are not checked)."""
    atoms: list[Atom] = [*p.before_verb, *p.after_verb]
    atoms += [a for t in (*p.subject, *p.object) for a in t]
    needs: list[frozenset[str]] = []
    for pp in (*p.subject_preps, *p.object_preps):
        needs.append(frozenset(w for prep in pp.preps for w in _word_forms(prep, forms)))
        atoms += [a for t in pp.terms for a in t]
    for atom in atoms:
        alts = _alternatives(atom, forms, verbs)
        if alts is None:
            continue  # a synset too deep to expand: unconstrained
        needs.append(alts)
    return tuple(dict.fromkeys(needs))


def _alternatives(atom: Atom, forms: Forms, verbs: VerbDictionary | None = None, depth: int = 0) -> frozenset[str] | None:
    """The word forms that can fill one position of a pattern or multiword verb."""
    out: set[str] = set()
    for alt in atom:
        if alt.startswith("&"):
            if verbs is None or depth > 3:
                return None
            for member in verbs.synsets.get(alt, ()):
                if not member:
                    continue
                sub = _alternatives((member[0],), forms, verbs, depth + 1)
                if sub is None:
                    return None
                out |= sub
        else:
            out |= _word_forms(alt, forms)
    return frozenset(out)


def _word_forms(word: str, forms: Forms) -> frozenset[str]:
    """A dictionary word's forms: ``WORD_`` is that form only; a hyphenated word may be
    one token or several (``re - admit``)."""
    w = word.lower()
    if w.endswith("_"):
        return frozenset({w[:-1]})
    out = set(forms(w))
    if "-" in w.strip("-"):
        for piece in w.split("-"):
            if piece:
                out |= forms(piece)
    return frozenset(out)


def _forms_function(nlp: Language) -> Forms:
    """Forms of a dictionary word: regular inflections, the irregular forms of the
    lemmatizer's tables, and the singulars a plural may stand for (the matcher lets
    ``talks`` match ``talk``)."""
    irregular_verbs, irregular_nouns = _irregular_forms(nlp)
    by_lemma: dict[str, set[str]] = {}
    for table in (irregular_verbs, irregular_nouns):
        for form, lemmas in table.items():
            for lemma in lemmas:
                by_lemma.setdefault(lemma, set()).add(form)
    cache: dict[str, frozenset[str]] = {}

    def forms(word: str) -> frozenset[str]:
        got = cache.get(word)
        if got is None:
            got = cache[word] = frozenset(inflections(word) | by_lemma.get(word, set()) | _singulars(word))
        return got

    return forms


def _singulars(word: str) -> set[str]:
    """Singulars a plural dictionary word may stand for: the matcher lets ``talks`` match ``talk``."""
    out = set()
    if word.endswith("ies"):
        out.add(word[:-3] + "y")
    if word.endswith("es"):
        out.add(word[:-2])
    if word.endswith("s"):
        out.add(word[:-1])
    return out


def _irregular_forms(nlp: Language) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Irregular verb and noun forms from the lemmatizer's exception table, if it has one."""
    if "lemmatizer" not in nlp.pipe_names:
        return {}, {}
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_exc"):
        return {}, {}
    table = lookups.get_table("lemma_exc")
    verbs = dict(table.get("verb", {}))
    nouns = dict(table.get("noun", {}))
    return verbs, nouns

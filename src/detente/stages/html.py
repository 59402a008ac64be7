"""HTML pages to article text: the body, headline, URL and date of one page.

:func:`extract_html` is what ``sources`` calls for ``.html`` files, WARC records,
fetched pages and the HTTP API. It works in three steps:

1. **Precision first.** trafilatura extracts the body with ``favor_precision=True``
   (it prunes more teasers, link lists and footers than its balanced mode) and the
   metadata in the same parse.
2. **Balanced fallback.** When that body is short (under :data:`FALLBACK_WORDS`
   words), precision mode may have thrown the article away with the furniture; the
   page is extracted again in balanced mode and the longer body is kept if it is at
   least :data:`FALLBACK_RATIO` times as long. Most pages are parsed once.
3. **Split bodies.** Some sites cut an article into several sibling containers with
   ads between them, and trafilatura keeps only the first. When the body holds less
   than :data:`MIN_COVERAGE` of the words in the page's long paragraphs (``<p>`` of
   at least :data:`LONG_PARAGRAPH_WORDS` words, mostly not links), the long
   paragraphs left out whose parent element has the same tag and class as the
   parent of most extracted paragraphs are put back, in page order.
4. **Page furniture.** Lines that are never article text on a web page ("Also on
   example.com ...", "SEE MORE: ...", teasers tagged "[VIDEO]", shortcodes,
   "Like this story? Share it", "Updated at 1:23 p.m.") are dropped wherever they
   are; newsletter, follow-us, e-mail and copyright lines are dropped from the end.
   A first line repeating the headline is dropped. The rules are data:
   ``detente/data/clean/extraction.toml`` (same format as ``boilerplate.toml``),
   loaded by :func:`load_extraction_rules`.

Nothing depends on other pages: the same page always gives the same text, so
article ids (a hash of the text) are stable across runs and resumes. That rules out
trafilatura's ``deduplicate`` option, which remembers text across pages.

The general cleanup (:func:`detente.stages.clean.clean_article`) still runs later
on every article, whatever its source.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from detente.errors import ConfigError
from detente.stages.clean import BoilerplateRule, RuleGroup, RuleKind

__all__ = [
    "FALLBACK_RATIO",
    "FALLBACK_WORDS",
    "LONG_PARAGRAPH_WORDS",
    "MIN_COVERAGE",
    "MIN_ARTICLE_WORDS",
    "Extracted",
    "ExtractionRules",
    "extract_html",
    "load_extraction_rules",
    "tidy_lines",
]

#: An HTML page whose extracted body has fewer words than this holds no article.
MIN_ARTICLE_WORDS = 8
#: A precision-mode body shorter than this many words is checked against balanced mode.
FALLBACK_WORDS = 100
#: ... and replaced by the balanced body when that is at least this many times longer.
FALLBACK_RATIO = 2.0
#: A ``<p>`` of at least this many words (under a third of them in links) is a long paragraph.
LONG_PARAGRAPH_WORDS = 12
#: A body with fewer words than this share of the page's long paragraphs may be split.
MIN_COVERAGE = 0.5
_MAX_LINK_SHARE = 0.3
#: Paragraphs are matched by the first characters of their normalised text.
_KEY_CHARS = 60

_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_RULE_KINDS: tuple[RuleKind, ...] = ("line", "trailer")


@dataclass(frozen=True, slots=True)
class Extracted:
    """What :func:`extract_html` finds in a page: body paragraphs and metadata."""

    text: str
    title: str = ""
    url: str | None = None
    published: date | None = None


@dataclass(frozen=True, slots=True)
class ExtractionRules:
    """Page-furniture rules: ``line`` rules drop a line anywhere, ``trailer`` rules at the end."""

    line: RuleGroup
    trailer: RuleGroup
    origin: str = ""


# --------------------------------------------------------------------------- rules


def load_extraction_rules(path: str | Path | None = None) -> ExtractionRules:
    """Load page-furniture rules from a TOML file; the packaged defaults when ``path`` is None.

    The file holds ``[[line]]`` and ``[[trailer]]`` tables with ``name``, ``pattern``
    (matched against a whole line, without case unless ``case_sensitive = true``) and
    an optional ``max_words``. Raises :class:`~detente.errors.ConfigError` naming the
    file and the rule when the file is missing, not TOML, or holds a bad pattern.
    """
    if path is None:
        return _default_rules()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"Extraction rules {str(path)!r} cannot be read: {exc.strerror or exc}") from exc
    return _parse_rules(text, str(path))


@lru_cache(maxsize=1)
def _default_rules() -> ExtractionRules:
    resource = files("detente") / "data" / "clean" / "extraction.toml"
    return _parse_rules(resource.read_text(encoding="utf-8"), "detente/data/clean/extraction.toml")


def _parse_rules(text: str, origin: str) -> ExtractionRules:
    import re

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Extraction rules {origin!r} are not valid TOML: {exc}") from exc
    groups: dict[str, RuleGroup] = {}
    for kind in _RULE_KINDS:
        rules = []
        for index, raw in enumerate(data.get(kind, ())):
            where = f"{origin}: [[{kind}]] #{index + 1}"
            if not isinstance(raw, dict) or not isinstance(raw.get("pattern"), str):
                raise ConfigError(f"{where} needs a 'pattern' string")
            name = str(raw.get("name", f"{kind}-{index + 1}"))
            max_words = raw.get("max_words")
            if max_words is not None and (not isinstance(max_words, int) or max_words < 1):
                raise ConfigError(f"{where} ({name}): 'max_words' must be a positive integer")
            flags = 0 if raw.get("case_sensitive", False) else re.IGNORECASE
            try:
                pattern = re.compile(raw["pattern"], flags)
            except re.error as exc:
                raise ConfigError(f"{where} ({name}): bad regular expression: {exc}") from exc
            rules.append(BoilerplateRule(name=name, kind=kind, pattern=pattern, max_words=max_words))
        groups[kind] = RuleGroup.of(rules)
    unknown = sorted(set(data) - set(_RULE_KINDS))
    if unknown:
        raise ConfigError(f"{origin}: unknown table(s) {', '.join(unknown)}; expected [[line]] or [[trailer]]")
    return ExtractionRules(line=groups["line"], trailer=groups["trailer"], origin=origin)


# --------------------------------------------------------------------------- extraction


def extract_html(data: bytes | str, url: str | None = None, rules: ExtractionRules | None = None) -> Extracted | None:
    """The article in an HTML page: its body (paragraphs joined by a blank line),
    headline, canonical URL and publication date; None when the page holds no article.

    See the module docstring for the steps. ``rules`` defaults to the packaged
    :func:`load_extraction_rules`.
    """
    tree = _parse(data)
    if tree is None:
        return None
    paragraphs = _long_paragraphs(tree)  # before trafilatura prunes the tree
    doc = _bare(tree, url, favor_precision=True)
    if doc is None or _words(doc.text) < FALLBACK_WORDS:
        again = _parse(data)
        balanced = _bare(again, url, favor_precision=False) if again is not None else None
        if balanced is not None and _words(balanced.text) >= FALLBACK_RATIO * max(_words(doc.text if doc else ""), 1):
            doc = balanced
    if doc is None or not (doc.text or "").strip():
        return None
    title = " ".join((doc.title or "").split())
    lines = tidy_lines(_restore_split_body(doc.text.split("\n"), paragraphs), title, rules)
    if sum(len(line.split()) for line in lines) < MIN_ARTICLE_WORDS:
        return None  # a menu, a log-in form, a cookie notice: not an article
    from detente.stages.sources import parse_published  # sources imports this module

    try:
        published = parse_published(doc.date) if doc.date else None
    except ValueError:
        published = None
    return Extracted("\n\n".join(lines), title, doc.url or url or None, published)


def tidy_lines(lines: list[str], title: str = "", rules: ExtractionRules | None = None) -> list[str]:
    """The body lines without page furniture: whitespace collapsed, empty lines,
    ``line``-rule lines and a trailing run of ``trailer``-rule lines dropped, and a
    first line repeating ``title`` dropped.

    ``tidy_lines(["Moscow", "Also on example.com Five facts", "Talks went on."])``
    keeps ``["Moscow", "Talks went on."]``.
    """
    if rules is None:
        rules = load_extraction_rules()
    kept = [norm for line in lines if (norm := " ".join(line.split())) and rules.line.match(norm) is None]
    if title and kept and kept[0].casefold() == title.casefold():
        kept = kept[1:]
    end = len(kept)
    while end and rules.trailer.match(kept[end - 1]) is not None:
        end -= 1
    return kept[:end]


@dataclass(frozen=True, slots=True)
class _Paragraph:
    text: str
    parent: tuple[str, str]


def _parse(data: bytes | str) -> Any:
    from trafilatura.utils import load_html

    try:
        return load_html(data)
    except Exception:  # noqa: BLE001 - lxml raises several types on junk
        return None


def _long_paragraphs(tree: Any) -> list[_Paragraph]:
    """The page's long ``<p>`` paragraphs in page order, with their parent's tag and class."""
    found = []
    for p in tree.iter("p"):
        words = p.text_content().split()
        if len(words) < LONG_PARAGRAPH_WORDS or next(p.iterancestors("a"), None) is not None:
            continue
        link_words = sum(len(a.text_content().split()) for a in p.iter("a"))
        parent = p.getparent()
        if link_words < _MAX_LINK_SHARE * len(words) and parent is not None:
            found.append(_Paragraph(" ".join(words), (str(parent.tag), parent.get("class", ""))))
    return found


def _restore_split_body(lines: list[str], paragraphs: list[_Paragraph]) -> list[str]:
    """Put back the long paragraphs of a body cut into sibling containers (step 3)."""
    lines = [norm for line in lines if (norm := " ".join(line.split()))]
    total = sum(len(p.text.split()) for p in paragraphs)
    if not total or sum(len(line.split()) for line in lines) >= MIN_COVERAGE * total:
        return lines
    position = {line[:_KEY_CHARS]: i for i, line in reversed(list(enumerate(lines)))}
    covered = Counter(p.parent for p in paragraphs if p.text[:_KEY_CHARS] in position)
    if not covered:
        return lines
    (parent, _), = covered.most_common(1)
    restored: list[str] = []
    anchor: int | None = None
    inserts: dict[int, list[str]] = {}
    for p in paragraphs:
        key = p.text[:_KEY_CHARS]
        if key in position:
            anchor = position[key]
        elif p.parent == parent and anchor is not None:
            inserts.setdefault(anchor, []).append(p.text)
    if not inserts:
        return lines
    for i, line in enumerate(lines):
        restored.append(line)
        restored.extend(inserts.get(i, ()))
    return restored


def _bare(tree: Any, url: str | None, *, favor_precision: bool) -> Any:
    from trafilatura import bare_extraction

    try:
        return bare_extraction(tree, url=url, include_comments=False, with_metadata=True,
                               favor_precision=favor_precision, date_extraction_params=_DATE_PARAMS)
    except Exception:  # noqa: BLE001 - a page trafilatura cannot parse has no article for us
        return None


def _words(text: str | None) -> int:
    return len(text.split()) if text else 0

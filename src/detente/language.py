"""Is an article in English? A cheap, deterministic detector.

detente's dictionaries and parser are English, so other languages are skipped with
a reason rather than coded into nonsense. :func:`detect` looks at the writing system
(a text mostly in Cyrillic, Arabic, Han... letters is not English) and then at the
share of each language's most common words (``data/clean/languages.toml``): English
news prose is about a third "the", "of", "and", "to"...; French prose is a third
"le", "de", "et"... It reads at most the first 2,000 words, takes microseconds, and
gives the same answer every time (langdetect is random unless seeded and takes
about 25 ms an article on this hardware). Texts too short to tell are taken as English.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

__all__ = ["Guess", "detect", "not_english_reason"]

#: Fewer words than this: too short to tell, taken as English.
MIN_WORDS = 12
#: Words looked at.
MAX_WORDS = 2000
#: A language's common words make up at least this share of its prose.
MIN_SHARE = 0.12
#: With no language showing, fewer English common words than this share is not English.
MIN_ENGLISH = 0.04

_WORD = re.compile(r"[^\W\d_]+")
_NON_LATIN = re.compile("[\u0250-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class Guess:
    """The language (ISO 639-1 code, or a script name) and how sure: the share of its words."""

    language: str
    name: str
    share: float
    english_share: float

    @property
    def is_english(self) -> bool:
        return self.language == "en"


@dataclass(frozen=True, slots=True)
class _Tables:
    words: dict[str, frozenset[str]]
    scripts: dict[str, tuple[tuple[int, int], ...]]
    names: dict[str, str]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    data = tomllib.loads((files("detente") / "data" / "clean" / "languages.toml").read_text(encoding="utf-8"))
    return _Tables(
        words={lang: frozenset(text.split()) for lang, text in data["words"].items()},
        scripts={name: tuple((int(a), int(b)) for a, b in ranges) for name, ranges in data["scripts"].items()},
        names=dict(data["names"]),
    )


def detect(text: str) -> Guess:
    """Guess the language of ``text``: ``Guess("en", "English", ...)`` for English."""
    tables = _tables()
    words = _WORD.findall(text[: MAX_WORDS * 12])[:MAX_WORDS]
    letters = "".join(words)
    if not letters:
        return Guess("en", "English", 0.0, 0.0)
    latin = len(letters) - len(_NON_LATIN.findall(letters))
    if latin < len(letters) / 2:
        counts = {name: sum(1 for ch in letters if any(a <= ord(ch) <= b for a, b in ranges))
                  for name, ranges in tables.scripts.items()}
        script = max(counts, key=lambda k: counts[k])
        name = f"{script} script" if counts[script] else "a non-Latin script"
        return Guess(script.lower(), name, 1 - latin / len(letters), 0.0)
    if len(words) < MIN_WORDS:
        return Guess("en", "English", 0.0, 0.0)
    lowered = [w.lower() for w in words]
    shares = {lang: sum(w in common for w in lowered) / len(lowered) for lang, common in tables.words.items()}
    english = shares.get("en", 0.0)
    best = max(shares, key=lambda k: shares[k])
    if best != "en" and shares[best] >= MIN_SHARE and shares[best] > english:
        return Guess(best, tables.names.get(best, best), shares[best], english)
    if english < MIN_ENGLISH and english < MIN_SHARE:
        return Guess("und", "an unknown language", 0.0, english)
    return Guess("en", "English", english, english)


def not_english_reason(text: str) -> str | None:
    """Why ``text`` is taken not to be English, or None if it is (or is too short to tell)."""
    guess = detect(text)
    if guess.is_english:
        return None
    if guess.language == "und":
        return f"not English: only {guess.english_share:.0%} of its words are common English words"
    return f"not English: looks like {guess.name} ({guess.share:.0%} {guess.name} common words, " \
           f"{guess.english_share:.0%} English)" if guess.english_share or guess.language in _tables().words \
        else f"not English: written in {guess.name} ({guess.share:.0%} of its letters)"

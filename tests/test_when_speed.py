"""Issue 6 (throughput): the date finder's word screens find the dates every pattern finds.

A pattern is searched only in a text holding one of the words all its matches hold
(``when._required_words``); these tests check the screens against searching with every
pattern, on the date cases, PETRARCH's validation sentences and their upper-case forms.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from detente.stages import when

ROOT = Path(__file__).resolve().parent.parent


def _texts() -> list[str]:
    texts = []
    for name in ("dates.tsv", "dates_events.tsv"):
        for line in (ROOT / "tests" / "cases" / name).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                texts += [col for col in line.split("\t") if len(col) > 12]
    xml = (ROOT / "tests" / "fixtures" / "gold" / "petrarch" / "PETR.UnitTest.records.xml").read_text(encoding="utf-8")
    texts += [" ".join(t.split()) for t in re.findall(r"<Text>\s*(.*?)\s*</Text>", xml, flags=re.S)]
    return texts


def _every(text: str) -> list[tuple[tuple[int, int], str]]:
    grammar = when._grammar()
    found = sorted(((m, f) for f in grammar.families for p in f.patterns for m in p.finditer(text)),
                   key=lambda c: (c[0].start() - c[0].end(), c[0].start(), c[1].rank))
    return [(m.span(), f.name) for m, f in found]


def test_issue_6_word_screens_find_the_dates_every_pattern_finds() -> None:
    grammar = when._grammar()
    texts = _texts()
    assert len(texts) > 200
    dated = 0
    for text in texts + [t.upper() for t in texts] + [t.lower() for t in texts]:
        screened = [(m.span(), f.name) for m, f in when._candidates(text, grammar.families)]
        assert screened == _every(text), text
        dated += bool(screened)
    assert dated > 100
    # most patterns have a screen, and patterns needing the same words share one
    screens = [s for f in grammar.families for s in f.screens.values() if s is not None]
    assert len(screens) > len({id(s) for s in screens}) > 5


@pytest.mark.parametrize("pattern,text,screen", [
    (r"(?<!\w)last\s+week", "We met last week.", "last"),
    (r"(?:on\s+)?(?P<m>(?-i:May|MAY|Jan\.?))\s+\d", "on Jan 3", "Jan|MAY|May"),
    (r"(?:ab|cd)\d+ago", "cd12ago", "ago"),  # the longest required word
    (r"(?P<d>first|twenty-first|second) (?P<m>(?-i:May))", "the twenty-first May", "May"),  # names first
    (r"(?:twenty-first|first|second) of", "the Twenty-First of", "second|first"),  # the shortest words
    (r"(?:last\s+night|this\s+morning|at\s+dawn)", "this Morning", "morning|night|dawn"),  # not "this"
    (r"\d+", "12", None),
    (r"(?:19|20)\d\d", "in 2019", "19|20"),
    (r"(?:x|yy)z", "yyz", None),  # no word of two letters
])
def test_issue_6_word_screen_is_a_word_every_match_holds(pattern: str, text: str, screen: str | None) -> None:
    compiled = re.compile(pattern, re.IGNORECASE)
    got = when._required_words(compiled)
    assert (got.pattern if got is not None else None) == screen
    if got is not None:
        assert compiled.search(text) and got.finds(text, text.lower()) and got.finds(text, None)
        # the case rule of the words: a month name is read as written
        assert got.case_free == ("May" not in screen)
        assert got.finds(text.upper(), text.upper().lower()) == got.case_free

"""HTML extraction (detente.stages.html): body, metadata, split bodies, page furniture."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from detente.errors import ConfigError
from detente.stages.html import extract_html, load_extraction_rules, tidy_lines
from detente.stages.sources import read_articles

FIXTURES = Path(__file__).parent / "fixtures" / "html"

PARAGRAPH_STARTS = [
    "Foreign ministers of Chad and Niger met",
    "The two delegations agreed",
    "Niger's foreign minister said",
    "Chad's government welcomed",
    "Diplomats from the African Union",
    "The ministers will meet again",
]


def _page(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _starts(text: str) -> list[str]:
    return [next((s for s in PARAGRAPH_STARTS if p.startswith(s)), p) for p in text.split("\n\n")]


def test_body_split_into_sibling_containers_is_read_whole() -> None:
    # trafilatura alone keeps the first of the three containers (two paragraphs).
    found = extract_html(_page("split-body.html"))
    assert found is not None
    assert _starts(found.text) == PARAGRAPH_STARTS
    assert found.title == "Chad and Niger agree to mark their border"
    assert found.published == date(2022, 2, 4)


def test_page_furniture_lines_are_dropped_and_prose_kept() -> None:
    found = extract_html(_page("furniture.html"))
    assert found is not None
    assert _starts(found.text) == PARAGRAPH_STARTS
    for furniture in ("Also on example.com", "SEE MORE", "[VIDEO]", "Share it", "newsletters", "Follow us"):
        assert furniture not in found.text


def test_extraction_is_deterministic() -> None:
    # Article ids hash the text: the same page must give the same text every time,
    # whatever was extracted before it (no memory across pages).
    first = extract_html(_page("furniture.html"))
    extract_html(_page("split-body.html"))
    assert extract_html(_page("furniture.html")) == first


def test_read_articles_uses_the_html_extractor() -> None:
    [article] = list(read_articles(FIXTURES / "split-body.html"))
    assert _starts(article.text) == PARAGRAPH_STARTS
    assert article.title == "Chad and Niger agree to mark their border"


@pytest.mark.parametrize("page", [b"", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", b"\x00\x01\x02",
                                  "<p>Too short.</p>"])
def test_a_page_without_an_article_gives_none(page: bytes | str) -> None:
    assert extract_html(page) is None


def test_tidy_lines_drops_furniture_anywhere_and_trailers_only_at_the_end() -> None:
    lines = [
        "Chad and Niger agree to mark their border",
        "The ministers met on Tuesday.",
        "READ MORE: Sahel leaders meet in Niamey",
        "Subscribe to our newsletter, the minister told reporters, was not his advice.",
        "Both sides signed.",
        "Updated at 1:23 p.m.",
        "Sign up for our daily newsletter.",
        "Email the desk at desk@example.com",
    ]
    assert tidy_lines(lines, title="Chad and Niger agree to mark their border") == [
        "The ministers met on Tuesday.",
        "Subscribe to our newsletter, the minister told reporters, was not his advice.",
        "Both sides signed.",
    ]


def test_tidy_lines_keeps_sentences_that_only_look_like_labels() -> None:
    lines = ["Read more books, the minister said.", "Watch the border closely, he added.", "Related talks failed."]
    assert tidy_lines(lines) == lines


def test_rules_file_errors_name_the_file_and_rule(tmp_path: Path) -> None:
    bad = tmp_path / "rules.toml"
    bad.write_text("[[line]]\nname = 'broken'\npattern = '(unclosed'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"rules.toml: \[\[line\]\] #1 \(broken\): bad regular expression"):
        load_extraction_rules(bad)
    bad.write_text("[[leading]]\npattern = 'x'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown table"):
        load_extraction_rules(bad)
    with pytest.raises(ConfigError, match="cannot be read"):
        load_extraction_rules(tmp_path / "missing.toml")


def test_custom_rules_replace_the_defaults(tmp_path: Path) -> None:
    rules_file = tmp_path / "rules.toml"
    rules_file.write_text("[[trailer]]\nname = 'sign-off'\npattern = '-- the desk'\n", encoding="utf-8")
    rules = load_extraction_rules(rules_file)
    assert tidy_lines(["Talks went on.", "READ MORE: x", "-- The Desk"], rules=rules) == ["Talks went on.", "READ MORE: x"]

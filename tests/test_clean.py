"""Tests for detente.stages.clean: boilerplate removal, paragraphs, headlines, datelines."""

from __future__ import annotations

import re
from datetime import date
from importlib.resources import files
from pathlib import Path

import pytest

from detente.errors import ConfigError
from detente.model import Article
from detente.stages.clean import clean_article, is_heading, load_boilerplate_rules
from detente.stages.sources import read_articles

FOUNDING = Path(__file__).parent.parent / "examples" / "us-russia-ambassadors.txt"

LEAD = "Russian and American diplomats met in Vienna on Monday to discuss arms control."
SECOND = "The talks, the first in two years, ended without a joint statement."


def clean(text: str, title: str = "Arms control talks resume") -> Article:
    return clean_article(Article(id="t1", text=text, title=title))


def body(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


# --------------------------------------------------------------------------- founding article


@pytest.fixture(scope="module")
def founding() -> Article:
    [article] = list(read_articles(FOUNDING))
    return clean_article(article)


def test_founding_article_headline_dateline_and_body(founding: Article) -> None:
    assert founding.title == "US, Russia reinstate ambassadors as relations improve after Putin-Biden talks"
    assert founding.dateline == "Moscow"
    assert founding.text.startswith("During the meeting in Geneva")
    for scrap in ("READ ALSO", "Vivek Murthy", "Source link", "Give a Comment"):
        assert scrap not in founding.text


def test_founding_article_paragraphs_intact(founding: Article) -> None:
    paragraphs = founding.text.split("\n\n")
    assert (
        "On June 16, Russian President Vladimir Putin and US President Joe Biden met in Geneva. "
        "It was Biden and Putin’s first meeting. The meeting took place at a time when relations "
        "between the two countries are at their worst."
    ) in paragraphs
    assert "US-Russia tension eases" in paragraphs
    assert "Puti-Biden meeting amidst bitter US-Russia relations" in paragraphs
    assert paragraphs[-1].endswith("there is no ambassador in both the countries.")
    assert len(paragraphs) == 9
    assert all(p == p.strip() and "  " not in p for p in paragraphs)


def test_cleaning_twice_changes_nothing(founding: Article) -> None:
    assert clean_article(founding) == founding


# --------------------------------------------------------------------------- line rules


@pytest.mark.parametrize(
    "scrap",
    [
        "READ ALSO :  Joe Biden to name Vivek Murthy, David Kessler to virus panel",
        "Read more: North Korea fires two ballistic missiles into the sea",
        "READ MORE:",
        "Also read | Kremlin says Putin has no plans to meet Zelensky",
        "RELATED: Putin and Biden agree to return ambassadors",
        "Related stories",
        "Recommended",
        "More On This...",
        "Share this:",
        "Share on Facebook",
        "SHARE THIS ARTICLE Share Tweet Post Email",
        "Facebook Twitter WhatsApp Email",
        "Subscribe to our newsletter",
        "Sign up for Daily Newsletters Manage Newsletters",
        "Click here to subscribe",
        "Follow us on Twitter",
        "Follow us on Twitter @CNNOpinion.",
        "We use cookies to improve your experience on our site. By continuing you accept our cookie policy.",
        "Advertisement",
        "ADVERTISEMENT",
        "Story continues below advertisement",
        "Media playback is unsupported on your device",
        "Image copyright Getty Images",
        "• • •",
        "[pullquote]",
        "JUST WATCHED NATO to pressure Russia over Ukraine Replay More Videos ... "
        "MUST WATCH NATO to pressure Russia over Ukraine 03:59",
        "Photos: Terror attacks in Brussels An injured woman leaves the airport in Brussels, "
        "Belgium, after two explosions rocked the facility on Tuesday, March 22. Hide Caption "
        "1 of 22 Photos: Terror attacks in Brussels Police guard the airport. Hide Caption 2 of 22",
    ],
)
def test_line_rules_drop_scraps_anywhere(scrap: str) -> None:
    assert clean(body(LEAD, scrap, SECOND)).text == body(LEAD, SECOND)


# --------------------------------------------------------------------------- trailer rules


@pytest.mark.parametrize(
    "trailer",
    [
        ["Source link", "Give a Comment"],
        ["Source: Reuters"],
        ["Leave a comment"],
        ["Tags: Russia, United States, diplomacy"],
        ["Copyright © 2021 Example News, LLC. Click here for reprint permission."],
        ["The Associated Press contributed to this report."],
        ["(Reporting by Andrew Osborn; Editing by Mark Heinrich)"],
        ["Write to Laura Meckler at laura.meckler@example.com"],
    ],
)
def test_trailer_rules_drop_sign_offs_at_the_end(trailer: list[str]) -> None:
    assert clean(body(LEAD, SECOND, *trailer)).text == body(LEAD, SECOND)


def test_trailer_rules_leave_the_middle_alone() -> None:
    text = body(LEAD, "Leave a comment", SECOND)
    assert clean(text).text == text


# --------------------------------------------------------------------------- leading rules


@pytest.mark.parametrize(
    "header",
    [
        ["By Andrew Osborn"],
        ["By Jane Doe and John Roe"],
        ["Published: June 20, 2021 10:00 am", "Updated 21 June 2021"],
        ["Home » World » Europe"],
        ["6 years ago"],
    ],
)
def test_leading_rules_drop_headers_at_the_top(header: list[str]) -> None:
    assert clean(body(*header, LEAD, SECOND)).text == body(LEAD, SECOND)


def test_leading_rules_pass_over_the_headline_and_leave_the_middle_alone() -> None:
    text = body("Arms control talks resume", "By Andrew Osborn", LEAD, "By Andrew Osborn", SECOND)
    cleaned = clean(text, title="")
    assert cleaned.title == "Arms control talks resume"
    assert cleaned.text == body(LEAD, "By Andrew Osborn", SECOND)


# --------------------------------------------------------------------------- inline rules


def test_inline_rules_remove_fragments_inside_a_paragraph() -> None:
    glued = "Russian and American diplomats met in Vienna on Monday. Advertisement Continue reading the main story The talks ended without a statement."
    cleaned = clean(body(glued, SECOND))
    assert cleaned.text.split("\n\n")[0] == (
        "Russian and American diplomats met in Vienna on Monday. The talks ended without a statement."
    )


# --------------------------------------------------------------------------- over-deletion guards


@pytest.mark.parametrize(
    "sentence",
    [
        "Putin said he would read more reports before deciding.",
        "The minister will share details on Monday.",
        "More than 100 people were killed in the attack on the border post.",
        "Related talks on prisoner exchanges will be held in Geneva next month.",
        "Recommended measures include a new hotline between the two militaries.",
        "Follow-up talks are expected in Geneva in July.",
        "Advertisement spending by the ruling party doubled before the vote.",
        "Source: the ministry said the talks would continue.",
        "Subscribers to the state newspaper were told the summit had been a success.",
        "Click, the Kremlin's new messaging app, was blocked in Ukraine on Friday.",
        "AD Ministers from both sides signed the deal in Abu Dhabi.",
        "Photos: the ministry released pictures of the talks, which ended on Monday.",
        "Reporters who just watched the vote said the chamber was half empty.",
    ],
)
def test_real_sentences_survive(sentence: str) -> None:
    for position in (body(sentence, LEAD, SECOND), body(LEAD, sentence, SECOND), body(LEAD, SECOND, sentence)):
        assert sentence in clean(position).text.split("\n\n")


def test_a_byline_lookalike_sentence_at_the_top_survives() -> None:
    sentence = "By Monday, the two sides had agreed on a draft text."
    assert clean(body(sentence, SECOND)).text == body(sentence, SECOND)


# --------------------------------------------------------------------------- paragraphs and whitespace


def test_paragraphs_are_kept_and_whitespace_normalised() -> None:
    text = "  Russian and American   diplomats met\tin Vienna.  \r\n\r\n\r\n“We believe in progress,” Antonov said.\u00a0 \n\n"
    assert clean(text).text == "Russian and American diplomats met in Vienna.\n\n“We believe in progress,” Antonov said."


def test_single_newlines_separate_paragraphs_when_there_are_no_blank_lines() -> None:
    assert clean(f"{LEAD}\n{SECOND}\nShare this:").text == body(LEAD, SECOND)


def test_hard_wrapped_lines_are_joined_into_one_paragraph() -> None:
    text = "Russian and American diplomats met in Vienna on Monday\nto discuss arms control.\n\nThe talks ended\nwithout a joint statement."
    assert clean(text).text == body(
        "Russian and American diplomats met in Vienna on Monday to discuss arms control.",
        "The talks ended without a joint statement.",
    )


def test_subheading_sharing_a_block_becomes_its_own_paragraph() -> None:
    text = f"{LEAD}\nUS-Russia tension eases\n{SECOND}"
    assert clean(body(text, "Both sides will meet again in June.")).text == body(
        LEAD, "US-Russia tension eases", SECOND, "Both sides will meet again in June."
    )


def test_other_fields_are_kept_and_the_input_is_unchanged() -> None:
    article = Article(
        id="a7", text=body(LEAD, "Source link"), url="https://example.org/a7", published=date(2021, 6, 20), source="Wire"
    )
    cleaned = clean_article(article)
    assert (cleaned.id, cleaned.url, cleaned.published, cleaned.source) == ("a7", article.url, article.published, "Wire")
    assert article.text.endswith("Source link")


def test_all_boilerplate_gives_an_empty_body() -> None:
    assert clean(body("Share this:", "Source link")).text == ""


# --------------------------------------------------------------------------- headlines


def test_missing_title_comes_from_the_first_short_unpunctuated_line() -> None:
    cleaned = clean(body("Egypt hosts ceasefire talks", LEAD), title="")
    assert (cleaned.title, cleaned.text) == ("Egypt hosts ceasefire talks", LEAD)


def test_headline_glued_to_the_first_paragraph_is_split_off() -> None:
    cleaned = clean(f"US, Russia reinstate ambassadors as relations improve after Putin-Biden talks\n{LEAD}", title="")
    assert cleaned.title == "US, Russia reinstate ambassadors as relations improve after Putin-Biden talks"
    assert cleaned.text == LEAD


def test_no_title_is_invented_from_a_sentence() -> None:
    cleaned = clean(body(LEAD, SECOND), title="")
    assert (cleaned.title, cleaned.text) == ("", body(LEAD, SECOND))


def test_headline_repeated_in_the_body_is_dropped() -> None:
    cleaned = clean(body("Arms control talks  resume", LEAD), title="Arms control talks resume")
    assert cleaned.text == LEAD


# --------------------------------------------------------------------------- datelines


@pytest.mark.parametrize(
    ("opening", "dateline"),
    [
        ("Moscow: ", "Moscow"),
        ("MOSCOW — ", "Moscow"),
        ("MOSCOW—", "Moscow"),
        ("WASHINGTON (Reuters) - ", "Washington"),
        ("Geneva, June 16 (AP) -- ", "Geneva"),
        ("NEW YORK, June 3 (Reuters) - ", "New York"),
        ("PALM BEACH, Fla. (AP) — ", "Palm Beach, Fla."),
        ("RIO DE JANEIRO (Reuters) - ", "Rio de Janeiro"),
        ("Washington (CNN) ", "Washington"),
        ("New Delhi, India - ", "New Delhi, India"),
    ],
)
def test_dateline_is_moved_out_of_the_body(opening: str, dateline: str) -> None:
    cleaned = clean(body(opening + LEAD, SECOND))
    assert cleaned.dateline == dateline
    assert cleaned.text == body(LEAD, SECOND)


@pytest.mark.parametrize(
    "opening",
    [
        "Obama: We will not back down on Iran, the president told reporters.",
        "Antonov: We believe in progress and will keep talking.",
        "FILE - In this photo, Russian President Vladimir Putin speaks in Geneva.",
        "EXCLUSIVE: Russia and the US agree to return ambassadors.",
        "U.S. – China talks resumed on Monday in Alaska.",
        "Russian President Vladimir Putin — who met Biden in Geneva — said the talks were constructive.",
        "Moscow said on Monday: the talks had failed.",
        "Moscow - the capital had been preparing for the summit for weeks.",
    ],
)
def test_lookalikes_are_not_datelines(opening: str) -> None:
    cleaned = clean(body(opening, SECOND))
    assert cleaned.dateline is None
    assert cleaned.text == body(opening, SECOND)


# --------------------------------------------------------------------------- is_heading


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("US-Russia tension eases", True),
        ("Puti-Biden meeting amidst bitter US-Russia relations", True),
        ("2021 summit in Geneva", True),
        ("We believe in progress.", False),
        ("The statement said:", False),
        ("Antonov said “we believe in progress.”", False),
        ("and then the talks ended", False),
        ("", False),
        ("Russia and the United States return their ambassadors after the Geneva summit", False),
    ],
)
def test_is_heading(paragraph: str, expected: bool) -> None:
    assert is_heading(paragraph) is expected


# --------------------------------------------------------------------------- rules as data


def test_custom_rules_file(tmp_path: Path) -> None:
    default = (files("detente") / "data" / "clean" / "boilerplate.toml").read_text(encoding="utf-8")
    extra = '\n[[line]]\nname = "wire-slug"\npattern = \'\'\'\\(?Kremlin Wire\\)?\'\'\'\n'
    # Insert before the [dateline] table so the rule stays in the [[line]] array.
    custom = tmp_path / "rules.toml"
    custom.write_text(default.replace("\n[dateline]\n", extra + "\n[dateline]\n", 1), encoding="utf-8")
    rules = load_boilerplate_rules(custom)
    article = Article(id="c", title="T", text=body(LEAD, "Kremlin Wire", SECOND))
    assert clean_article(article, rules).text == body(LEAD, SECOND)
    assert clean_article(article).text == article.text


def test_bad_rules_are_config_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('[[line]]\nname = "oops"\npattern = "(unclosed"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="oops"):
        load_boilerplate_rules(broken)
    with pytest.raises(ConfigError):
        load_boilerplate_rules(tmp_path / "missing.toml")


def test_every_packaged_rule_is_documented_and_named() -> None:
    text = (files("detente") / "data" / "clean" / "boilerplate.toml").read_text(encoding="utf-8")
    lines = text.splitlines()
    headers = [i for i, line in enumerate(lines) if re.match(r"\[\[(line|leading|trailer|inline)\]\]", line)]
    assert len(headers) >= 25
    for i in headers:
        assert lines[i - 1].startswith("#"), f"rule at line {i + 1} has no comment"
        assert lines[i + 1].startswith("name = ")
    rules = load_boilerplate_rules()
    assert all(len(getattr(rules, kind)) > 0 for kind in ("line", "leading", "trailer", "inline"))

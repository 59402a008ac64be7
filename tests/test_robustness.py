"""Property tests: no input crashes the cleaner, the date resolver, the readers or the CLI."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from detente.cli import cli
from detente.errors import SourceError
from detente.language import detect
from detente.model import Article
from detente.stages.clean import clean_article, is_heading
from detente.stages.sources import parse_published, read_articles
from detente.stages.when import find_dates

#: Text with the characters that trouble text handling: newlines, NULs, surrogates-free
#: astral characters, right-to-left marks, combining accents, zero-width spaces.
nasty = st.lists(
    st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from(["\n", "\n\n", "\r\n", "\t", "\u200b", "\ufeff", "\u00ad", "\u202e", " - ", "(Reuters)",
                         "MOSCOW", "Read more:", ".", "\u0301", "2021", "June", "last week", " ", "on June 16"]),
    ),
    max_size=120,
).map("".join)
dates = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(text=nasty, title=nasty)
@example(text="0\n0", title="")  # a headline taken from the body and repeated under it
@example(text="0\n0", title="0")  # a given headline repeated twice under it
@example(text="MOSCOW - Read more:", title="")  # boilerplate left once the dateline goes
@example(text="MOSCOW - MOSCOW - Russia said so.", title="")  # a dateline behind a dateline
@example(text="\n\n©\n0", title="")  # two lines joined into a copyright trailer
def test_cleaner_never_raises_and_is_idempotent(text: str, title: str) -> None:
    article = Article(id="x", text=text, title=title)
    once = clean_article(article)
    assert isinstance(once.text, str) and "\n\n\n" not in once.text
    assert clean_article(once).text == once.text
    for paragraph in once.text.split("\n\n"):
        is_heading(paragraph)


@FAST
@given(text=nasty, published=dates, tense=st.sampled_from(["past", "present", "future"]))
def test_date_resolver_never_raises(text: str, published: date | None, tense: str) -> None:
    for found in find_dates(text, published, tense=tense):  # type: ignore[arg-type]
        assert 0 <= found.start <= found.end <= len(text)


@FAST
@given(value=st.one_of(st.none(), nasty, st.from_regex(r"\d{1,5}[-/.]\d{1,3}[-/.]\d{1,5}( \d\d:\d\d)?", fullmatch=True)))
def test_parse_published_gives_a_date_or_a_value_error(value: str | None) -> None:
    try:
        parsed = parse_published(value)
    except ValueError:
        return
    assert parsed is None or isinstance(parsed, date)


@FAST
@given(text=nasty)
def test_language_detector_never_raises(text: str) -> None:
    assert detect(text).language


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".txt", ".html", ".jsonl", ".json", ".rss", ".warc",
                                                             ".jsonl.gz", ".txt.bz2", ".xml.xz"]),
       gzipped=st.booleans())
def test_readers_turn_any_bytes_into_articles_or_source_errors(tmp_path: Path, data: bytes, suffix: str,
                                                              gzipped: bool) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(gzip.compress(data) if gzipped else data)
    errors: list[SourceError] = []
    for article in read_articles(path, on_error=errors.append):
        assert article.id and isinstance(article.text, str)
    for error in errors:
        assert error.origin.startswith(str(path)) and error.reason


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(record=st.dictionaries(st.sampled_from(["id", "text", "title", "published", "url", "source"]),
                              st.one_of(st.none(), st.integers(), st.floats(allow_nan=True), nasty, st.lists(st.integers())),
                              max_size=6))
def test_any_json_record_is_an_article_or_an_error(tmp_path: Path, record: dict[str, object]) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    errors: list[SourceError] = []
    articles = list(read_articles(path, on_error=errors.append))
    assert len(articles) + len(errors) == 1


@settings(max_examples=40, deadline=None)
@given(
    dyad=st.one_of(st.none(), nasty.filter(lambda s: "\x00" not in s), st.from_regex(r"[A-Za-z]{3}-[A-Za-z]{3}", fullmatch=True)),
    since=st.one_of(st.none(), nasty.filter(lambda s: "\x00" not in s), st.dates().map(str)),
    limit=st.one_of(st.none(), st.integers(min_value=-5, max_value=10**12).map(str), nasty.filter(lambda s: "\x00" not in s)),
)
def test_cli_parameters_never_crash_the_process(tmp_path_factory, dyad, since, limit) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path_factory.getbasetemp() / "fuzz-empty.duckdb"
    if not db.exists():
        from detente.store import Store

        Store(db).close()
    args = ["events", "--db", str(db)]
    for flag, value in (("--dyad", dyad), ("--since", since), ("--limit", limit)):
        if value is not None:
            args += [flag, value]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


@settings(max_examples=25, deadline=None)
@given(published=nasty.filter(lambda s: "\x00" not in s), fmt=st.sampled_from(["text", "html", "jsonl", "feed", "warc"]))
def test_ingest_options_never_crash_the_process(tmp_path_factory, published: str, fmt: str) -> None:  # type: ignore[no-untyped-def]
    base = tmp_path_factory.getbasetemp()
    empty = base / "fuzz-empty.txt"
    empty.write_text("")
    result = CliRunner().invoke(cli, ["ingest", str(empty), "--db", str(base / "fuzz-ingest.duckdb"),
                                      "--published", published, "--input-format", fmt, "--quiet"])
    assert result.exit_code in (0, 2, 3), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)

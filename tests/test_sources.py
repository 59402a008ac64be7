"""Tests for detente.stages.sources: reading articles from files, directories and stdin."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from detente.errors import ConfigError, SourceError
from detente.model import Article
from detente.stages.sources import parse_published, read_articles, stable_id

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
NEWS = FIXTURES / "news.jsonl"


def sha16(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def read_all(path: str | Path, **options: object) -> tuple[list[Article], list[SourceError]]:
    errors: list[SourceError] = []
    articles = list(read_articles(path, on_error=errors.append, **options))  # type: ignore[arg-type]
    return articles, errors


# --------------------------------------------------------------------------- plain text


def test_text_file_first_line_is_headline() -> None:
    [article] = list(read_articles(FIXTURES / "seoul.txt"))
    assert article.title == "South Korea and Japan agree to resume security talks"
    assert article.text.startswith("SEOUL (Reuters) - South Korea and Japan agreed on Tuesday")
    assert article.origin == str(FIXTURES / "seoul.txt")
    assert article.published is None
    assert article.id == sha16(article.text)


def test_text_file_id_is_stable_across_copies(tmp_path: Path) -> None:
    copy = tmp_path / "same-story-again.txt"
    shutil.copy(FIXTURES / "seoul.txt", copy)
    [first] = list(read_articles(FIXTURES / "seoul.txt"))
    [second] = list(read_articles(copy))
    assert first.id == second.id
    assert first.origin != second.origin


def test_text_file_opening_with_prose_has_no_headline(tmp_path: Path) -> None:
    path = tmp_path / "no-headline.txt"
    body = (
        "Turkish and Greek diplomats held a new round of exploratory talks in Ankara on Tuesday "
        "over their maritime dispute in the eastern Mediterranean.\n\nNo date was set for the next round."
    )
    path.write_text(body, encoding="utf-8")
    [article] = list(read_articles(path))
    assert article.title == ""
    assert article.text == body


def test_text_file_with_only_a_headline_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "headline-only.txt"
    path.write_text("Talks collapse in Doha\n\n", encoding="utf-8")
    articles, errors = read_all(path)
    assert articles == []
    assert [e.origin for e in errors] == [str(path)]


# --------------------------------------------------------------------------- HTML


def test_html_body_and_metadata() -> None:
    [article] = list(read_articles(FIXTURES / "vienna-talks.html"))
    assert article.title == "Iran nuclear talks resume in Vienna"
    assert article.published == date(2021, 6, 20)
    assert article.url == "https://news.example.org/world/iran-talks-vienna"
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("VIENNA (Reuters) - Iranian and European negotiators resumed talks")
    assert "Mikhail Ulyanov" in paragraphs[1]
    assert "cookies" not in article.text and "Home" not in article.text
    assert article.origin == str(FIXTURES / "vienna-talks.html")


def test_html_without_article_text_is_a_source_error() -> None:
    path = FIXTURES / "empty-page.html"
    with pytest.raises(SourceError) as caught:
        list(read_articles(path))
    assert caught.value.origin == str(path)
    assert "no article text" in caught.value.reason


# --------------------------------------------------------------------------- JSON Lines


def test_jsonl_articles_and_fields() -> None:
    articles, _ = read_all(NEWS)
    kyiv, brussels, cairo = articles
    assert kyiv.id == "kyiv-0001"
    assert kyiv.title == "Ukraine and Russia swap prisoners"
    assert kyiv.url == "https://news.example.org/kyiv-swap"
    assert kyiv.source == "Example Wire"
    assert kyiv.published == date(2021, 6, 20)
    assert kyiv.text.split("\n\n")[1] == "The swap was brokered by Turkey and the United Arab Emirates."
    assert brussels.published == date(2021, 6, 17)
    assert cairo.published == date(2019, 7, 4)
    assert cairo.title == ""
    assert [a.origin for a in articles] == [f"{NEWS}:1", f"{NEWS}:2", f"{NEWS}:7"]


def test_jsonl_line_without_id_gets_sha1_of_text() -> None:
    articles, _ = read_all(NEWS)
    brussels = articles[1]
    assert brussels.id == sha16(brussels.text) == stable_id(brussels.text)
    again, _ = read_all(NEWS)
    assert again[1].id == brussels.id


def test_jsonl_bad_lines_name_file_and_line_and_do_not_stop_the_batch() -> None:
    articles, errors = read_all(NEWS)
    assert len(articles) == 3
    assert [e.origin for e in errors] == [f"{NEWS}:4", f"{NEWS}:5", f"{NEWS}:6"]
    missing_text, bad_date, malformed = errors
    assert "'text'" in missing_text.reason and "text_field" in missing_text.reason
    assert "sometime last week" in bad_date.reason
    assert "malformed JSON" in malformed.reason
    assert str(malformed).startswith(f"{NEWS}:6: ")


def test_jsonl_streams_articles_before_raising_on_a_bad_line() -> None:
    reader = read_articles(NEWS)
    assert next(reader).id == "kyiv-0001"
    assert next(reader).title == "NATO ministers meet in Brussels"
    with pytest.raises(SourceError) as caught:
        next(reader)
    assert caught.value.origin == f"{NEWS}:4"


def test_jsonl_field_names_of_the_dev_corpus() -> None:
    path = FIXTURES / "corpus-style.jsonl"
    articles = list(read_articles(path, text_field="content_original", date_field="date", id_field="ID"))
    assert [a.id for a in articles] == ["004Gt3gcsotuiYm1", "004Gt3gcsotuiYm2"]
    assert articles[0].published == date(2016, 9, 20)
    assert articles[0].source == "Example Times"
    assert articles[0].text.startswith("AMMAN, Jordan — Jordan and Israel signed")
    assert articles[1].published is None  # "" in the corpus means unknown


def test_jsonl_numeric_id_becomes_a_string(tmp_path: Path) -> None:
    path = tmp_path / "ids.jsonl"
    record = {"id": 1017, "title": "Talks in Doha", "text": "Envoys met in Doha on Sunday."}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    [article] = list(read_articles(path))
    assert article.id == "1017"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('["a list, not an article"]\n', "expected a JSON object"),
        ('{"id": "x1", "text": ""}\n', "is empty"),
        ('{"id": "x2", "text": 17}\n', "not a string"),
    ],
)
def test_jsonl_unusable_records(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "odd.jsonl"
    path.write_text(content, encoding="utf-8")
    articles, errors = read_all(path)
    assert articles == []
    assert [e.origin for e in errors] == [f"{path}:1"]
    assert reason in errors[0].reason


def test_json_file_holding_one_document(tmp_path: Path) -> None:
    pretty = tmp_path / "pretty.json"
    pretty.write_text(
        json.dumps({"id": "p1", "title": "Talks in Oslo", "text": "Envoys met in Oslo on Monday."}, indent=2),
        encoding="utf-8",
    )
    listed = tmp_path / "listed.json"
    listed.write_text(json.dumps([{"text": "Envoys met in Oslo."}, {"text": "Envoys met in Bern."}], indent=1), encoding="utf-8")
    [single] = list(read_articles(pretty))
    assert (single.id, single.origin) == ("p1", str(pretty))
    assert [a.origin for a in read_articles(listed)] == [f"{listed}[0]", f"{listed}[1]"]


# --------------------------------------------------------------------------- gzip


def test_gzipped_jsonl_reads_like_the_plain_file(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl.gz"
    path.write_bytes(gzip.compress(NEWS.read_bytes()))
    articles, errors = read_all(path)
    plain, _ = read_all(NEWS)
    assert [a.id for a in articles] == [a.id for a in plain]
    assert articles[0].origin == f"{path}:1"
    assert [e.origin for e in errors] == [f"{path}:4", f"{path}:5", f"{path}:6"]


def test_gzipped_text_file(tmp_path: Path) -> None:
    path = tmp_path / "seoul.txt.gz"
    path.write_bytes(gzip.compress((FIXTURES / "seoul.txt").read_bytes()))
    [article] = list(read_articles(path))
    [plain] = list(read_articles(FIXTURES / "seoul.txt"))
    assert (article.id, article.title, article.text) == (plain.id, plain.title, plain.text)


def test_corrupt_gzip_is_a_source_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl.gz"
    path.write_bytes(b'{"id": "not gzipped at all"}\n')
    truncated = tmp_path / "truncated.jsonl.gz"
    truncated.write_bytes(gzip.compress(NEWS.read_bytes())[:-30])
    articles, errors = read_all(path)
    assert articles == []
    assert [e.origin for e in errors] == [str(path)]
    assert "gzip" in errors[0].reason
    _, errors = read_all(truncated)
    assert errors[-1].origin == str(truncated)


# --------------------------------------------------------------------------- directories


def test_directory_is_read_recursively_in_order_skipping_hidden_files() -> None:
    batch = FIXTURES / "batch"
    articles, errors = read_all(batch)
    assert errors == []
    assert [a.origin for a in articles] == [
        str(batch / "a-ankara.txt"),
        f"{batch / 'sub' / 'b-wire.jsonl'}:1",
        f"{batch / 'sub' / 'b-wire.jsonl'}:2",
    ]
    assert all("hidden" not in a.text for a in articles)


def test_directory_with_forced_format_reads_every_visible_file(tmp_path: Path) -> None:
    (tmp_path / "cable-01.dat").write_text("Envoys meet in Minsk\n\nEnvoys met in Minsk on Friday.", encoding="utf-8")
    (tmp_path / ".draft.dat").write_text("Draft\n\nNot for reading.", encoding="utf-8")
    assert list(read_articles(tmp_path)) == []
    [article] = list(read_articles(tmp_path, input_format="text"))
    assert article.title == "Envoys meet in Minsk"


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("name", ["empty.txt", "empty.jsonl", "empty.html"])
def test_empty_file_is_a_source_error(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("\n  \n", encoding="utf-8")
    articles, errors = read_all(path)
    assert articles == []
    assert [(e.origin, e.reason) for e in errors] == [(str(path), "empty file")]


@pytest.mark.parametrize("name", ["photo.txt", "photo.jsonl"])
def test_binary_file_is_a_source_error(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)))
    articles, errors = read_all(path)
    assert articles == []
    assert len(errors) == 1 and errors[0].origin == str(path)
    assert "binary" in errors[0].reason


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    jsonl = tmp_path / "latin1.jsonl"
    good = json.dumps({"id": "ok", "text": "Envoys met in Riga."}).encode()
    jsonl.write_bytes(good + b"\n" + '{"id": "bad", "text": "Talks in Bogot\u00e1."}'.encode("latin-1") + b"\n")
    articles, errors = read_all(jsonl)
    assert [a.id for a in articles] == ["ok"]
    assert [e.origin for e in errors] == [f"{jsonl}:2"]
    assert "UTF-8" in errors[0].reason
    text = tmp_path / "latin1.txt"
    text.write_bytes("Talks in Bogot\u00e1\n\nColombian and Venezuelan envoys met in Bogot\u00e1.".encode("latin-1"))
    _, errors = read_all(text)
    assert [e.origin for e in errors] == [f"{text}:1"]


def test_missing_file_and_unknown_extension(tmp_path: Path) -> None:
    _, errors = read_all(tmp_path / "nowhere.jsonl")
    assert [e.origin for e in errors] == [str(tmp_path / "nowhere.jsonl")]
    odd = tmp_path / "cable.dat"
    odd.write_text("Envoys meet in Minsk\n\nEnvoys met in Minsk on Friday.", encoding="utf-8")
    _, errors = read_all(odd)
    assert "input_format" in errors[0].reason
    [article] = list(read_articles(odd, input_format="text"))
    assert article.title == "Envoys meet in Minsk"


def test_unknown_input_format_is_a_config_error_at_once() -> None:
    with pytest.raises(ConfigError, match="xml"):
        read_articles(NEWS, input_format="xml")


def test_stdin_reads_jsonl_when_told() -> None:
    lines = NEWS.read_text(encoding="utf-8").splitlines()[:2]
    script = (
        "from detente.stages.sources import read_articles\n"
        "for a in read_articles('-', input_format='jsonl'):\n"
        "    print(a.origin, a.id)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=60,
        check=True,
    )
    assert done.stdout.splitlines()[0] == "<stdin>:1 kyiv-0001"


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-06-20", date(2021, 6, 20)),
        ("2021-06-20T10:00:00Z", date(2021, 6, 20)),
        ("2019-07-04 12:00:00", date(2019, 7, 4)),
        ("2021-06-20T23:30:00+05:30", date(2021, 6, 20)),
        ("June 20, 2021", date(2021, 6, 20)),
        ("20 June 2021", date(2021, 6, 20)),
        ("Sun, 20 Jun 2021 10:00:00 +0000", date(2021, 6, 20)),
        ("June 20, 2021 at 10:00 a.m. EDT", date(2021, 6, 20)),
        (None, None),
        ("   ", None),
    ],
)
def test_parse_published(text: str | None, expected: date | None) -> None:
    assert parse_published(text) == expected


@pytest.mark.parametrize("text", ["sometime last week", "June 2021", "2021", "Monday", "32/13/2021"])
def test_parse_published_rejects_garbage_and_partial_dates(text: str) -> None:
    with pytest.raises(ValueError):
        parse_published(text)


# --------------------------------------------------------------------------- feeds, crawls, compression

ROBUST = Path(__file__).parent / "fixtures" / "robust"


@pytest.mark.parametrize("name", ["feed.rss", "feed.atom"])
def test_feed_entries_are_articles(name: str) -> None:
    articles, errors = read_all(ROBUST / name)
    first = articles[0]
    assert first.id == first.url == "https://news.example.org/tr-gr"
    assert first.title == "Turkey and Greece resume exploratory talks"
    assert first.published == date(2022, 1, 25)
    assert first.text.split("\n\n") == [
        "Turkish and Greek diplomats met in Ankara on Tuesday for a new round of exploratory talks.",
        "Greek Foreign Minister Nikos Dendias praised the talks.",
    ]
    assert first.origin == f"{ROBUST / name}#1"
    assert len(articles) == 2
    assert [e.kind for e in errors] == (["no-article"] if name == "feed.rss" else [])


def test_warc_response_records_are_articles() -> None:
    articles, errors = read_all(ROBUST / "crawl.warc.gz")
    assert [a.url for a in articles] == ["https://news.example.org/egypt-ethiopia", "https://news.example.org/india-pakistan"]
    assert articles[0].title == "Egypt and Ethiopia hold talks on the Nile dam"
    assert articles[0].published == date(2021, 7, 5)
    assert "Home" not in articles[0].text and articles[0].text.count("\n\n") == 2
    assert [(e.origin, e.kind) for e in errors] == [(f"{ROBUST}/crawl.warc.gz#6 <https://news.example.org/blank>", "no-article")]


@pytest.mark.parametrize("name", ["few.jsonl.bz2", "few.jsonl.xz"])
def test_bz2_and_xz_read_like_gzip(name: str) -> None:
    articles, errors = read_all(ROBUST / name)
    assert [a.id for a in articles] == ["robust-0000", "robust-0001", "robust-0002"] and not errors


def test_compression_is_told_from_the_bytes(tmp_path: Path) -> None:
    renamed = tmp_path / "few.jsonl"
    renamed.write_bytes((ROBUST / "few.jsonl.xz").read_bytes())
    assert len(read_all(renamed)[0]) == 3


def test_utf16_text_is_read_and_utf16_jsonl_is_refused(tmp_path: Path) -> None:
    [article] = list(read_articles(ROBUST / "bad" / "utf16.txt"))
    assert article.title == "Talks in Riga"
    path = tmp_path / "wide.jsonl"
    path.write_text('{"id": "x", "text": "Envoys met."}\n', encoding="utf-16")
    _, errors = read_all(path)
    assert errors[0].kind == "encoding" and "UTF-16" in errors[0].reason


def test_size_limit_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Headline\n\n" + "Envoys met in Geneva. " * 100, encoding="utf-8")
    _, errors = read_all(path, max_bytes=1000)
    assert [(e.origin, e.kind) for e in errors] == [(str(path), "too-large")]
    assert "1,000 bytes" in errors[0].reason


def test_future_dates_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.jsonl"
    path.write_text('{"id": "f", "text": "Envoys met.", "published": "2999-01-01"}\n', encoding="utf-8")
    _, errors = read_all(path)
    assert [(e.origin, e.kind, e.reason) for e in errors] == [
        (f"{path}:1", "date", "publication date 2999-01-01 is in the future")]


@pytest.fixture()
def web(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A real HTTP server on 127.0.0.1 serving a feed and the page it links to."""
    import functools
    import http.server
    import threading

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(tmp_path)))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    page = (ROBUST / "crawl.warc.gz")  # any page will do; write one
    (tmp_path / "story.html").write_text(
        "<html><head><title>Chad and Niger sign a border accord</title></head><body><nav>Home</nav><article>"
        "<h1>Chad and Niger sign a border accord</h1><p>Chad and Niger signed an accord on their border in "
        "N'Djamena on Friday, officials said.</p><p>The two governments agreed to set up joint patrols.</p>"
        "</article></body></html>", encoding="utf-8")
    (tmp_path / "feed.rss").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><title>Chad and Niger sign'
        f" a border accord</title><link>{base}/story.html</link><pubDate>Fri, 04 Feb 2022 10:00:00 +0000</pubDate>"
        f"<description>Short teaser only.</description></item></channel></rss>", encoding="utf-8")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    del page
    yield base
    server.shutdown()
    server.server_close()


def test_feed_url_and_fetched_links(web: str) -> None:
    [teaser] = list(read_articles(f"{web}/feed.rss"))
    assert teaser.text == "Short teaser only."
    [full] = list(read_articles(f"{web}/feed.rss", fetch_links=True))
    assert full.text.startswith("Chad and Niger signed an accord") and "joint patrols" in full.text
    assert full.published == date(2022, 2, 4) and full.source == "Wire"
    [page] = list(read_articles(f"{web}/story.html"))
    assert page.title == "Chad and Niger sign a border accord"
    _, errors = read_all(f"{web}/missing.rss")
    assert errors[0].origin == f"{web}/missing.rss" and "cannot fetch" in errors[0].reason

"""Tests for detente.ingest and `detente ingest`: every article stored, skipped or explained."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from detente.cli import cli
from detente.ingest import EXIT_PARTIAL, IngestOptions, ingest, open_store
from detente.pipeline import Pipeline

ROBUST = Path(__file__).parent / "fixtures" / "robust"
BAD = ROBUST / "bad"


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline()


def errors_of(db: Path) -> dict[str, str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {origin: kind for origin, kind in con.execute("SELECT origin, kind FROM errors").fetchall()}
    finally:
        con.close()


def counts(db: Path) -> tuple[int, int, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "events", "errors"))  # type: ignore[return-value, index]
    finally:
        con.close()


def test_every_bad_input_gets_a_named_error_and_the_batch_goes_on(tmp_path: Path, pipe: Pipeline) -> None:
    db = tmp_path / "events.duckdb"
    report = ingest([str(BAD), str(ROBUST / "feed.rss")], db, pipeline=pipe)
    kinds = errors_of(db)
    b = str(BAD)
    assert kinds == {
        f"{b}/binary.jsonl": "binary",
        f"{b}/empty.txt": "empty",
        f"{b}/french.txt": "language",
        f"{b}/russian.txt": "language",
        f"{b}/latin1.txt:1": "encoding",
        f"{b}/mixed.jsonl:2": "malformed",
        f"{b}/mixed.jsonl:3": "date",
        f"{b}/mixed.jsonl:4": "date",
        f"{b}/mixed.jsonl:5": "malformed",
        f"{b}/mixed.jsonl:6": "no-article",
        f"{b}/no-article.html": "no-article",
        f"{b}/not-a-feed.rss": "malformed",
        f"{b}/not-really.jsonl.xz": "unreadable",
        f"{b}/truncated.jsonl.gz": "unreadable",
        f"{ROBUST}/feed.rss#3": "no-article",
    }
    # stored: mixed.jsonl:1, the first article of the truncated file, utf16.txt, two feed entries
    assert report.stored == 5 and report.failed == len(kinds) and report.exit_code == EXIT_PARTIAL
    assert report.errors["language"] == 2
    assert "15 skipped with an error" in report.summary(db) and "2 language" in report.summary(db)


def test_ingesting_again_changes_nothing(tmp_path: Path, pipe: Pipeline) -> None:
    db = tmp_path / "events.duckdb"
    paths = [str(BAD / "mixed.jsonl"), str(ROBUST / "few.jsonl.bz2"), str(ROBUST / "few.jsonl.xz")]
    first = ingest(paths, db, pipeline=pipe)
    before = counts(db)
    second = ingest(paths, db, pipeline=pipe)
    assert first.stored == 4 and second.stored == 0 and second.already == 4 + 3  # the xz copy repeats the bz2 one
    assert counts(db) == before


def test_sources_of_every_kind_are_stored(tmp_path: Path, pipe: Pipeline) -> None:
    db = tmp_path / "events.duckdb"
    report = ingest([str(ROBUST / "feed.atom"), str(ROBUST / "crawl.warc.gz")], db, pipeline=pipe)
    assert report.stored == 4
    assert errors_of(db) == {f"{ROBUST}/crawl.warc.gz#6 <https://news.example.org/blank>": "no-article"}
    con = duckdb.connect(str(db), read_only=True)
    urls = {row[0] for row in con.execute("SELECT url FROM articles").fetchall()}
    con.close()
    assert "https://news.example.org/india-pakistan" in urls and "https://news.example.org/tr-gr" in urls


def test_any_language_codes_what_it_would_skip(tmp_path: Path, pipe: Pipeline) -> None:
    report = ingest([str(BAD / "french.txt")], tmp_path / "x.duckdb", IngestOptions(english_only=False), pipeline=pipe)
    assert report.stored == 1 and report.failed == 0


def test_a_10_mb_article_is_refused_by_name(tmp_path: Path, pipe: Pipeline) -> None:
    big = tmp_path / "huge.txt"
    paragraph = "Officials from both countries met again on Tuesday to discuss the dispute. " * 40 + "\n\n"
    with big.open("w", encoding="utf-8") as out:
        out.write("A very long story\n\n")
        while out.tell() < 10_000_000:
            out.write(paragraph)
    line = tmp_path / "huge.jsonl"
    line.write_text('{"id": "big", "text": "' + "word " * 2_100_000 + '"}\n{"id": "small", "text": "Envoys met."}\n')
    report = ingest([str(big), str(line)], tmp_path / "x.duckdb", pipeline=pipe)
    assert errors_of(tmp_path / "x.duckdb") == {str(big): "too-large", f"{line}:1": "too-large"}
    assert report.stored == 1


def test_an_article_too_long_to_parse_is_refused(tmp_path: Path, pipe: Pipeline) -> None:
    long = tmp_path / "long.txt"
    long.write_text("Long report\n\n" + "Envoys met in Geneva on Monday. " * 40_000, encoding="utf-8")  # 1.3 M chars
    report = ingest([str(long)], tmp_path / "x.duckdb", pipeline=pipe)
    assert report.errors == {"too-large": 1}
    assert "characters" in report.samples[0].reason


def test_cli_exit_status_and_summary(tmp_path: Path) -> None:
    db = tmp_path / "events.duckdb"
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(ROBUST / "few.jsonl.bz2"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["ingest", str(BAD / "mixed.jsonl"), "--db", str(db), "--published", "2021-06-20"])
    assert result.exit_code == 3
    assert f"error: {BAD}/mixed.jsonl:3: publication date 2999-01-01 is in the future" in result.output
    assert "5 skipped with an error" in result.output and "errors table" in result.output
    result = runner.invoke(cli, ["ingest", str(BAD / "mixed.jsonl"), "--db", str(db), "--published", "someday"])
    assert result.exit_code == 2 and "--published" in result.output


# --------------------------------------------------------------------------- sharing the file

READER = """
import os, sys, time
from detente.ingest import open_store
db, stop = sys.argv[1], sys.argv[2]
last = None
while not os.path.exists(stop):
    with open_store(db, read_only=True, timeout=30) as store:
        n = store.counts()["articles"]
    if n != last:
        print(n, flush=True)
        last = n
    time.sleep(0.02)
"""


def test_readers_keep_answering_while_an_ingest_writes(tmp_path: Path, pipe: Pipeline) -> None:
    """A read-only reader process (the HTTP API's contract) gets in between the write sessions
    of an ingest and only ever sees whole chunks: the count grows chunk by chunk, never shrinks.

    The writer is paced on what the reader reports (after each chunk it waits until the
    reader has seen that chunk), so the test does not depend on how fast either process is;
    a writer that held the file from start to end would make the reader time out.
    """
    db = tmp_path / "events.duckdb"
    ingest([str(ROBUST / "few.jsonl.xz")], db, pipeline=pipe)  # the file exists before readers start
    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db), str(stop)], stdout=subprocess.PIPE, text=True)
    seen: list[int] = []
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in reader.stdout], daemon=True).start()  # type: ignore[union-attr]

    def reader_sees(at_least: int) -> None:
        while not seen or seen[-1] < at_least:
            try:
                seen.append(int(lines.get(timeout=60)))
            except queue.Empty:
                pytest.fail(f"the reader saw {seen} and not {at_least} articles within 60 s")

    done = 0

    def after(n: int) -> None:  # called once articles are stored (or found already stored)
        nonlocal done
        done += n
        reader_sees(done)

    try:
        reader_sees(3)
        report = ingest([str(ROBUST / "batch.jsonl.gz")], db, IngestOptions(chunk_size=8, limit=60),
                        pipeline=pipe, on_article=after)
    finally:
        stop.touch()
        reader.wait(timeout=60)
    assert reader.returncode == 0
    assert report.stored == 60 - 3  # the first three were already there
    # One count per chunk written (57 new articles in chunks of 8, the first holding the 3 old ones).
    assert seen == [3, 8, 16, 24, 32, 40, 48, 56, 60]
    with open_store(db, read_only=True) as store:
        assert store.counts()["articles"] == 60


def test_open_store_waits_for_the_lock_and_then_opens(tmp_path: Path) -> None:
    db = tmp_path / "events.duckdb"
    with open_store(db):
        pass
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); "
         "time.sleep(1.5)", str(db)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    with open_store(db, read_only=True, timeout=30) as store:  # waits for the writer to go
        assert store.counts()["articles"] == 0
    holder.wait(timeout=30)

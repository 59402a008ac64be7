"""Kill `detente ingest` with SIGKILL mid-run, run it again, and compare with an uninterrupted run.

The batch is 205 generated articles (tests/fixtures/robust/crash.jsonl.gz, three of
them bad). A watcher opens the database read-only while the ingest runs (as the HTTP
API would) and kills the process once it has stored 20, 60, 100, 140 and 180
articles, after a short, varying delay so that the kills land in different phases
(coding, writing, between transactions). After each kill the same command is started
again; at the end the database must equal the one an uninterrupted run writes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

from detente.ingest import IngestOptions, ingest

BATCH = Path(__file__).parent / "fixtures" / "robust" / "crash.jsonl.gz"
DETENTE = [sys.executable, "-c", "from detente.cli import main; main()"]
# Kill points leave a margin before the end (202 articles), so that even a fast machine is
# still ingesting when the signal lands.
KILL_AFTER = (20, 50, 80, 110, 140)
CHUNK = "4"


def snapshot(db: Path) -> dict[str, Any]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "articles": con.execute(
                "SELECT id, title, text, published, origin, n_events FROM articles ORDER BY id").fetchall(),
            "events": con.execute(
                "SELECT * FROM events ORDER BY event_id").fetchall(),
            "mentions": con.execute("SELECT * FROM mentions ORDER BY event_id, idx").fetchall(),
            "errors": con.execute("SELECT origin, kind, reason FROM errors ORDER BY origin, kind").fetchall(),
            "event_ids": con.execute("SELECT count(*), count(DISTINCT event_id) FROM events").fetchone(),
            "n_events": con.execute("SELECT sum(n_events) FROM articles").fetchone(),
        }
    finally:
        con.close()


def stored(db: Path) -> int:
    """Articles stored so far, read the way the HTTP API reads: read-only, retrying on the lock."""
    if not db.exists():
        return 0
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error:
        return -1  # the writer holds the file (or is creating it): ask again later
    try:
        return int(con.execute("SELECT count(*) FROM articles").fetchone()[0])  # type: ignore[index]
    except duckdb.Error:
        return -1
    finally:
        con.close()


def run_ingest(db: Path, kill_after: int | None, delay: float) -> tuple[int, int]:
    """Run the command; with ``kill_after``, SIGKILL it once that many articles are stored."""
    cmd = [*DETENTE, "ingest", str(BATCH), "--db", str(db), "--chunk-size", CHUNK, "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=os.environ | {"PYTHONHASHSEED": "0"})
    if kill_after is None:
        _, err = proc.communicate(timeout=900)
        return proc.returncode, -1
    seen = 0
    while proc.poll() is None:
        seen = max(seen, stored(db))
        if seen >= kill_after:
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.05)
    proc.wait(timeout=60)
    if proc.stderr:
        proc.stderr.close()
    return proc.returncode, stored(db)


def test_kill_and_resume_gives_the_uninterrupted_database(tmp_path: Path) -> None:
    reference = tmp_path / "uninterrupted.duckdb"
    report = ingest([str(BATCH)], reference, IngestOptions(chunk_size=int(CHUNK)))
    assert report.stored == 202 and report.failed == 3
    expected = snapshot(reference)

    db = tmp_path / "killed.duckdb"
    kills = []
    for point, delay in zip(KILL_AFTER, (0.0, 0.02, 0.05, 0.08, 0.12)):
        code, after = run_ingest(db, point, delay)
        kills.append((point, code, after))
    killed = [k for k in kills if k[1] == -signal.SIGKILL]
    assert len(killed) >= 5, kills
    partial = [after for _, _, after in killed if 0 < after < 202]
    assert len(partial) >= 5, kills  # every kill left a half-done database behind
    assert partial == sorted(partial), kills  # and every restart resumed, never started over

    code, _ = run_ingest(db, None, 0.0)
    assert code == 3  # three bad lines: partial success
    got = snapshot(db)
    assert got["event_ids"][0] == got["event_ids"][1]  # no event twice
    assert got["n_events"] == expected["n_events"]
    for table in ("articles", "events", "mentions", "errors"):
        assert got[table] == expected[table], table

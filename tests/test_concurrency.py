"""The HTTP API keeps answering while `detente ingest` writes the same file.

A real `detente serve` (uvicorn, in its own process, on a loopback port) serves a
DuckDB file while a real `detente ingest` process stores 60 generated articles in
it, in short write sessions. The test polls /health and /events all along: every
answer must be a 200, the counts must never go down, and the file must end exactly
as after an ingest that ran alone.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import httpx
import pytest

from detente.ingest import IngestOptions, ingest
from detente.store import Store
from detente.web.app import create_app
from relations_helpers import _free_port, build_db, coded_articles, live_server

BATCH = Path(__file__).parent / "fixtures" / "robust" / "crash.jsonl.gz"
N = 60
DETENTE = str(Path(sys.executable).with_name("detente"))
TABLES = ("articles", "events", "mentions", "merged_events", "event_links", "dyad_months", "errors")


def table_counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # type: ignore[index]
    finally:
        con.close()


def get(client: httpx.Client, path: str, **params: object) -> dict:
    """One GET, which must answer 200 (transport errors are retried three times, then fail)."""
    for attempt in range(3):
        try:
            res = client.get(path, params=params)
            break
        except httpx.TransportError:
            if attempt == 2:
                raise
            time.sleep(0.2)
    assert res.status_code == 200, (path, res.status_code, res.text[:500])
    return res.json()


@pytest.fixture
def server(tmp_path: Path):
    """`detente serve` over an empty store, in its own process; yields (db, base url)."""
    db = tmp_path / "live.duckdb"
    Store(db).close()
    port = _free_port()
    proc = subprocess.Popen([DETENTE, "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # up to about a minute for the server to import and start
            if proc.poll() is not None:
                raise RuntimeError(f"detente serve exited: {proc.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
            try:
                if httpx.get(url + "/health", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise RuntimeError("detente serve did not start")
        yield db, url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_api_answers_while_an_ingest_writes(server, pipeline, tmp_path: Path) -> None:
    db, url = server
    reference = tmp_path / "alone.duckdb"
    ingest([str(BATCH)], reference, IngestOptions(limit=N), pipeline=pipeline)

    # Chunks of 12: these fixture articles are short, and with chunks of 4 the writer was back in
    # the file within about 0.05 s, less than the server's retry pause (up to 0.1 s), so on a
    # loaded machine the API could miss nearly every gap (it once saw only 0, 28 and 60).
    writer = subprocess.Popen(
        [DETENTE, "ingest", str(BATCH), "--db", str(db), "--limit", str(N), "--chunk-size", "12", "--quiet"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    seen: list[tuple[int, int]] = []
    try:
        with httpx.Client(base_url=url, timeout=120) as client:
            while True:
                running = writer.poll() is None
                health = get(client, "/health")
                page = get(client, "/events", limit=5, order="weight")
                series = get(client, "/relations/ISR/TUR", by="month", top=0)
                assert len(page["events"]) == min(5, page["total"])
                assert series["a"] == "ISR" and series["events"] >= 0
                now = (health["articles"], health["events"])
                if seen:
                    assert now[0] >= seen[-1][0] and now[1] >= seen[-1][1], (seen[-1], now)
                seen.append(now)
                if not running:
                    break
                time.sleep(0.02)
        code = writer.wait(timeout=600)
    finally:
        if writer.poll() is None:
            os.killpg(writer.pid, signal.SIGKILL)
            writer.wait()
    assert code in (0, 3), writer.stderr.read().decode()[-2000:]  # type: ignore[union-attr]
    assert table_counts(db) == table_counts(reference)
    assert seen[-1] == (table_counts(reference)["articles"], table_counts(reference)["events"])
    assert len({s[0] for s in seen}) > 2, seen  # the API answered between write sessions, not only before and after


def test_the_server_holds_no_lock_between_requests(pipeline, tmp_path: Path) -> None:
    db = build_db(tmp_path / "rel.duckdb", coded_articles(pipeline))
    app = create_app(db, read_only=True)
    probe = "import duckdb, sys; duckdb.connect(sys.argv[1]).close()"  # a writer in another process
    with live_server(app) as url, httpx.Client(base_url=url, timeout=60) as client:
        for path in ("/health", "/events", "/relations/USA/RUS", "/dyads", "/countries"):
            assert client.get(path).status_code == 200
            subprocess.run([sys.executable, "-c", probe, str(db)], check=True, timeout=60)
        assert app.state.shared.attachments >= 5

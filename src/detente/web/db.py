"""The server's hold on the DuckDB file: a short read-only attachment per request.

DuckDB lets one process write a file, or many processes read it, never both at
once, and even a reader's lock keeps a writer out. So ``detente serve`` never keeps
the file open between requests: it keeps one *in-memory* DuckDB instance for its
whole life (which locks nothing) and, while at least one request is being answered,
``ATTACH``es the file read-only to it; when the last request in flight is done it
``DETACH``es it, and a ``detente ingest`` in another process can take its write
lock. Attaching costs about a millisecond, where opening a new DuckDB instance per
request costs tens (see benchmarks/api_latency.py).

Readers share one attachment; the server's own writes (``POST /ingest``) wait for
the readers in flight, keep new ones waiting, and open the file read-write for the
one article (:func:`detente.ingest.open_store`). Both retry while another process
holds the lock, up to ``timeout`` seconds. See docs/robustness.md, "Concurrency".
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from detente.errors import StoreError

if TYPE_CHECKING:
    from detente.store import Store

__all__ = ["SharedFile", "ALIAS"]

#: The name the file is attached under; every request's cursor ``USE``s it.
ALIAS = "detente_db"


class SharedFile:
    """Read-only cursors on ``path`` for requests, and write sessions, without keeping a lock."""

    def __init__(self, path: str | Path, *, timeout: float = 60.0) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self._instance = duckdb.connect(":memory:")
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0
        self._attached = False
        #: How many times the file was attached (for tests and benchmarks).
        self.attachments = 0

    def close(self) -> None:
        with self._cond:
            self._detach()
            self._instance.close()

    @contextlib.contextmanager
    def reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor on the file, read-only; the file stays attached until no request uses it."""
        with self._cond:
            while self._writing or self._writers_waiting:
                self._cond.wait()
            if not self._attached:
                self._attach()
            self._readers += 1
        try:
            cur = self._instance.cursor()
            try:
                cur.execute(f"USE {ALIAS}")
                yield cur
            finally:
                cur.close()
        finally:
            with self._cond:
                self._readers -= 1
                if self._readers == 0:
                    self._detach()
                    self._cond.notify_all()

    @contextlib.contextmanager
    def writer(self) -> Iterator["Store"]:
        """The store opened read-write, once no request of this server reads the file."""
        from detente.ingest import open_store

        with self._cond:
            self._writers_waiting += 1
            try:
                while self._readers or self._writing:
                    self._cond.wait()
            finally:
                self._writers_waiting -= 1
            self._writing = True
            self._detach()
        try:
            with open_store(self.path, timeout=self.timeout) as store:
                yield store
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()

    def _attach(self) -> None:
        """Attach the file read-only, retrying with backoff while a writer holds it."""
        literal = "'" + str(self.path).replace("'", "''") + "'"
        deadline = time.monotonic() + self.timeout
        pause = 0.005
        while True:
            try:
                self._instance.execute(f"ATTACH {literal} AS {ALIAS} (READ_ONLY)")
                break
            except duckdb.Error as exc:
                if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                    raise StoreError(f"Cannot open the event store {self.path}: {exc}") from exc
            time.sleep(pause)
            pause = min(pause * 2, 0.1)
        self._attached = True
        self.attachments += 1

    def _detach(self) -> None:
        if self._attached:
            self._instance.execute(f"DETACH {ALIAS}")
            self._attached = False

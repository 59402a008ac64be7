"""The ``errors`` table: articles that could not be read or coded, and why.

It lives in the event store's DuckDB file, next to ``articles`` and ``events``, and
is written through the store's connection (``ErrorLog(store.con)``). One row per
article origin and kind of problem: re-running an ingest refreshes ``last_seen``
and adds nothing; storing an article later clears its old errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

import duckdb

from detente.errors import CodingError, SourceError
from detente.store.query import rows, transaction

__all__ = ["ErrorRecord", "ErrorLog"]


@dataclass(frozen=True, slots=True)
class ErrorRecord:
    """One article that was skipped: where it is, the kind of problem and the reason."""

    origin: str
    kind: str
    reason: str
    article_id: str | None = None
    input: str | None = None

    @classmethod
    def from_source_error(cls, error: SourceError, input: str | None = None) -> ErrorRecord:
        return cls(error.origin, error.kind, error.reason, None, input)

    @classmethod
    def from_coding_error(cls, error: CodingError, origin: str, article_id: str, input: str | None = None) -> ErrorRecord:
        reason = str(error)
        reason = reason[len(origin) + 2 :] if reason.startswith(f"{origin}: ") else reason
        return cls(origin, "coding", reason, article_id, input)

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


class ErrorLog:
    """The errors table of an open DuckDB connection (created if missing)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, *, create: bool = True) -> None:
        self.con = con
        if create:
            con.execute((files("detente") / "store" / "errors.sql").read_text(encoding="utf-8"))

    def record(self, records: Sequence[ErrorRecord]) -> None:
        """Write errors in one transaction; an (origin, kind) seen before gets the new reason."""
        if not records:
            return
        unique = {(r.origin, r.kind): r for r in records}
        with transaction(self.con):
            self.con.executemany(
                "INSERT INTO errors (origin, kind, reason, article_id, input) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (origin, kind) DO UPDATE SET reason = excluded.reason,"
                " article_id = excluded.article_id, input = excluded.input, last_seen = now()",
                [[r.origin, r.kind, r.reason, r.article_id, r.input] for r in unique.values()],
            )

    def clear(self, origins: Iterable[str]) -> None:
        """Forget the errors of articles that have now been stored."""
        rows = [[o] for o in set(origins)]
        if rows:
            self.con.executemany("DELETE FROM errors WHERE origin = ?", rows)

    def counts(self) -> dict[str, int]:
        """Number of errors by kind."""
        return dict(self.con.execute("SELECT kind, count(*) FROM errors GROUP BY kind ORDER BY kind").fetchall())

    def rows(self, *, kind: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        sql, params = "SELECT * FROM errors", []  # type: str, list[Any]
        if kind:
            sql += " WHERE kind = ?"
            params.append(kind)
        sql += " ORDER BY origin, kind"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return rows(self.con.execute(sql, params))

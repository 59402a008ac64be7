"""Stage 9, store: the embedded event database."""

from detente.store.duckdb import Store

__all__ = ["Store"]

"""detente's exceptions.

    DetenteError
     ├── SourceError      an article could not be read (names the article and why)
     ├── ConfigError      a setting, dictionary or model is missing or malformed
     ├── CodingError      the coder failed on an article
     └── StoreError       the database could not be opened or written
"""

from __future__ import annotations

__all__ = ["DetenteError", "SourceError", "ConfigError", "CodingError", "StoreError"]


class DetenteError(Exception):
    """Base class of every error detente raises on purpose."""


class SourceError(DetenteError):
    """An article could not be read. The message names the article and what is wrong."""

    def __init__(self, origin: str, reason: str, kind: str = "unreadable") -> None:
        self.origin = origin
        self.reason = reason
        #: What is wrong, in one word: ``unreadable``, ``empty``, ``binary``, ``encoding``,
        #: ``malformed``, ``no-article``, ``too-large``, ``date`` or ``language``.
        self.kind = kind
        super().__init__(f"{origin}: {reason}")


class ConfigError(DetenteError):
    """A setting, dictionary or model is missing or malformed."""


class CodingError(DetenteError):
    """The coder failed on an article."""


class StoreError(DetenteError):
    """The event store could not be opened or written."""

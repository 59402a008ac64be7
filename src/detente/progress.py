"""A progress line for long runs: count, bar, rate and ETA, on stderr.

It is quiet when asked (``--quiet``) and whenever the stream is not a terminal,
so logs and pipes never fill with carriage returns.

    >>> from detente.progress import progress
    >>> for coded in progress(pipe.run(articles), label="coding", total=5000):
    ...     ...
    coding  1,234/5,000 articles  [######..............]  25%  11.8/s  ETA 0:05:19
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import IO, TypeVar

__all__ = ["Progress", "progress"]

T = TypeVar("T")
WIDTH = 20


class Progress:
    """Counts items and redraws one line at most every ``interval`` seconds."""

    def __init__(
        self,
        label: str = "",
        total: int | None = None,
        *,
        unit: str = "articles",
        quiet: bool = False,
        stream: IO[str] | None = None,
        interval: float = 0.5,
    ) -> None:
        self.label = label
        self.total = total
        self.unit = unit
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = not quiet and bool(isatty and isatty())
        self.interval = interval
        self.count = 0
        self.start = time.monotonic()
        self._last = 0.0
        self._width = 0

    def update(self, n: int = 1) -> None:
        self.count += n
        now = time.monotonic()
        if self.enabled and now - self._last >= self.interval:
            self._last = now
            self._draw(now)

    def line(self, now: float | None = None) -> str:
        """The progress line as it would be drawn now."""
        elapsed = max((now or time.monotonic()) - self.start, 1e-9)
        rate = self.count / elapsed
        parts = [self.label] if self.label else []
        if self.total:
            done = min(self.count / self.total, 1.0)
            fill = int(done * WIDTH)
            parts.append(f"{self.count:,}/{self.total:,} {self.unit}")
            parts.append(f"[{'#' * fill}{'.' * (WIDTH - fill)}] {done:4.0%}")
        else:
            parts.append(f"{self.count:,} {self.unit}")
        parts.append(f"{rate:.1f}/s")
        if self.total and rate > 0:
            parts.append(f"ETA {_clock(max(self.total - self.count, 0) / rate)}")
        else:
            parts.append(f"elapsed {_clock(elapsed)}")
        return "  ".join(parts)

    def _draw(self, now: float) -> None:
        text = self.line(now)
        pad = max(self._width - len(text), 0)
        self._width = len(text)
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()
            self.enabled = False

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def progress(
    items: Iterable[T],
    label: str = "",
    total: int | None = None,
    *,
    unit: str = "articles",
    quiet: bool = False,
    stream: IO[str] | None = None,
) -> Iterator[T]:
    """Yield ``items`` while showing their progress (see :class:`Progress`)."""
    with Progress(label, total, unit=unit, quiet=quiet, stream=stream) as bar:
        for item in items:
            yield item
            bar.update()


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"

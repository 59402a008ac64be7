"""Shared helpers of the relations tests: the fixture articles, coded once, and a live server."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from detente.model import Article
from detente.pipeline import Coded
from detente.stages.sources import parse_published, read_articles
from detente.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "relations"
#: The three articles that report the Geneva summit of 16 June 2021.
SUMMIT_FILES = ("us-russia-ambassadors.txt", "2021-06-16-geneva-summit.txt", "2021-06-24-ambassadors-return.txt")

_coded: dict[int, list[Coded]] = {}


def load_articles() -> list[Article]:
    """The founding article and the related fixture articles, with dates, outlets and links."""
    out = []
    for entry in json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8")):
        article = next(read_articles(str((FIXTURES / entry["file"]).resolve())))
        out.append(replace(article, published=parse_published(entry["published"]), source=entry["source"],
                           url=entry["url"], origin=Path(entry["file"]).name))
    return out


def coded_articles(pipeline: Any) -> list[Coded]:
    """Every fixture article coded by the real pipeline (once per session)."""
    key = id(pipeline)
    if key not in _coded:
        _coded[key] = list(pipeline.run(load_articles()))
        assert all(c.error is None for c in _coded[key])
    return _coded[key]


def by_origin(coded: Sequence[Coded], name: str) -> Coded:
    return next(c for c in coded if c.article.origin == name)


def build_db(path: Path, coded: Sequence[Coded]) -> Path:
    with Store(path) as store:
        for c in coded:
            store.add(c.article, c.events)
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def live_server(app: Any) -> Iterator[str]:
    """Run ``app`` with uvicorn on a loopback port in a thread; yields its base URL."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)

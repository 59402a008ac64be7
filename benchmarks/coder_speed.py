#!/usr/bin/env python3
"""Sentences per second of the event coder on real news.

    python benchmarks/coder_speed.py [--news FILE] [--n 200] [--baseline-src DIR]

Parses a sample of articles once with spaCy, then times the coding stages (actors,
events, dates, places, merging) over the parsed sentences, and, separately, the whole
pipeline (parse + code). Times are CPU seconds (``time.process_time``) after a warm-up;
run with ``OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1`` for one-thread figures. With
``--baseline-src`` (a copy of an older ``src/`` tree, e.g. ``git archive <commit> src |
tar -x -C /tmp/old``, then ``--baseline-src /tmp/old/src``) the same sample is timed with
that code in a subprocess (one thread) and the ratio new/old is printed.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path

NEWS = Path("/work/shared/data/news/articles_intl_topics.jsonl.gz")


def sample(path: Path, n: int) -> list[dict[str, str]]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            text = r.get("content_original") or r.get("text") or ""
            if len(text) > 200:
                out.append({"id": str(r.get("ID", r.get("id", len(out)))), "text": text[:6000], "date": str(r.get("date", ""))[:10]})
            if len(out) >= n:
                break
    return out


def _use_baseline(src: str) -> None:
    """Import detente from ``src``: drop the editable install's finder, which would win."""
    sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in type(f).__name__.lower()
                        and "editable" not in getattr(f, "__module__", "")]
    sys.path.insert(0, src)


def measure(path: Path, n: int) -> dict[str, float]:
    from datetime import date

    from detente.model import Article
    from detente.pipeline import Pipeline
    from detente.stages.nlp import body_sentences, parse

    rows = sample(path, n)
    pipe = Pipeline()
    arts = []
    for r in rows:
        try:
            day = date.fromisoformat(r["date"])
        except ValueError:
            day = None
        arts.append(Article(id=r["id"], text=r["text"], published=day))
    list(parse(arts[:4], pipe.nlp, batch_size=16))  # warm up: first calls build caches
    t0 = time.process_time()
    parsed = list(parse(arts, pipe.nlp, batch_size=16))
    t_parse = time.process_time() - t0
    sentences = sum(1 for p in parsed for _ in body_sentences(p.doc))
    for p in parsed[:4]:
        pipe.code_parsed(p)  # warm up: verb families are compiled on first use
    t0 = time.process_time()
    events = 0
    for p in parsed:
        events += len(pipe.code_parsed(p))
    t_code = time.process_time() - t0
    return {
        "articles": len(parsed),
        "sentences": sentences,
        "events": events,
        "parse_s": round(t_parse, 2),
        "code_s": round(t_code, 2),
        "parse_ms_per_article": round(1000 * t_parse / len(parsed), 1),
        "code_ms_per_article": round(1000 * t_code / len(parsed), 1),
        "code_sentences_per_s": round(sentences / t_code, 1),
        "total_sentences_per_s": round(sentences / (t_parse + t_code), 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--news", type=Path, default=NEWS)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--baseline-src", type=Path, default=None)
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--src", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.src:
        _use_baseline(args.src)
    new = measure(args.news, args.n)
    if args.json:
        import detente

        new["from"] = str(Path(detente.__file__).parent)  # type: ignore[assignment]
        print(json.dumps(new))
        return
    import detente

    print("current :", new, "from", Path(detente.__file__).parent)
    if args.baseline_src:
        env_path = str(args.baseline_src)
        env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
        out = subprocess.run(
            [sys.executable, __file__, "--news", str(args.news), "--n", str(args.n), "--json", "--src", env_path],
            capture_output=True, text=True, check=True, env=env,
        )
        old = json.loads(out.stdout.strip().splitlines()[-1])
        print("baseline:", old)
        print(f"coding ms per article: {old['code_ms_per_article']} -> {new['code_ms_per_article']}")
        print(f"ratio new/old code sentences/s: {new['code_sentences_per_s'] / old['code_sentences_per_s']:.2f}; "
              f"total: {new['total_sentences_per_s'] / old['total_sentences_per_s']:.2f}")


if __name__ == "__main__":
    main()

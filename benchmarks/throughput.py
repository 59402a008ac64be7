"""Throughput: a raw spaCy parse against detente's whole pipeline, on the same articles, in one run.

    .venv/bin/python benchmarks/throughput.py [PATH] [--limit 200] [--workers 2] [--rounds 3]

PATH defaults to ``../shared/data/news/articles_intl_topics.jsonl.gz`` (the
Article-Bias-Prediction sample: fields ``content_original``, ``date``, ``ID``).
Each measurement runs in a fresh process with one BLAS/OpenMP thread, after the
model is loaded and one short article (``detente.pipeline.WARM_UP``, which each worker of
(w) codes as its pool starts) has gone through, and reports:

  (a) raw     the spaCy pipeline detente loads (tok2vec, tagger, parser, attribute
              ruler, lemmatizer, NER) over every article, ``nlp.pipe`` in batches of
              32 articles; its attribute ruler is detente's ``FastAttributeRuler``
              (stages/nlp.py), so (a) is faster than stock spaCy and b/a does not
              credit that change;
              (a) runs NER on every token; (b) loads the same pipeline but runs NER
              only on the sentences whose entity labels the coder reads
              (``stages.nlp.LazyEntities``);
  (a*)        (a) with NER's transitions stepped from Python, as (b) steps the
              parser's (``stages.nlp.greedy_parse``): the same entities for about
              half NER's CPU. spaCy's compiled loop is (a); (a*) is the raw parse
              given the same trick, printed so that b/a can be read against both;
  (b) detente ``Pipeline.run`` (clean, prefilter, parse, code, dedup) and
              ``Store.add_many`` into a fresh DuckDB file, 32 articles per
              transaction as ``detente ingest`` stores them: article to stored events;
  (b0)        the same with ``Settings(prefilter=False)`` (whole articles parsed);
  (w)         (b) with ``--workers N`` processes, if asked: the workers code, this
              process stores. As (a) and (b) load their model before the clock
              starts, the workers are started (``Pipeline.pool``) and have loaded
              theirs before it starts; that start-up is printed on its own line, and
              its CPU seconds are left out of (w)'s.

Rates are articles, sentences and tokens per second of wall time and per CPU
second (user+sys of the process and its workers), which is the per-core figure
on a machine shared with other jobs. Peak RSS is the largest of the processes.
Nothing here is asserted: the script prints figures and the ratios b/a and w/b.

On a shared or virtual machine the CPU time of the same work varies by 10 to 25% from
one process to the next. ``--rounds N`` repeats every measurement N times, alternating
(a), (b), (b0), (w), so that each round's ratios compare adjacent runs, and prints the
median and range of each ratio over the rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "news" / "articles_intl_topics.jsonl.gz"
FIELDS = dict(text_field="content_original", date_field="date", id_field="ID")


def read(path: str, limit: int) -> list:
    from detente.stages.sources import read_articles

    fields = FIELDS if Path(path).name.startswith("articles_intl_topics") else {}
    return list(islice(read_articles(path, **fields), limit))


def cpu_seconds() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def peak_rss_mb() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(me, kids) / 1024


def measure(mode: str, path: str, limit: int, workers: int) -> dict:
    """One measurement, in this (fresh) process."""
    from detente.pipeline import WARM_UP, Pipeline
    from detente.settings import Settings
    from detente.stages.clean import clean_article
    from detente.stages.nlp import load_nlp

    articles = read(path, limit)
    if mode in ("raw", "raw-stepped"):
        nlp = load_nlp()
        texts = [clean_article(a).text for a in articles]
        nlp(WARM_UP)  # as (b) warms up: first-call costs are loading, not throughput
        cpu0, t0 = cpu_seconds(), time.perf_counter()
        sents = tokens = 0
        docs = nlp.pipe(texts, batch_size=32) if mode == "raw" else stepped_pipe(nlp, texts, batch_size=32)
        for doc in docs:
            sents += sum(1 for s in doc.sents if s.text.strip())
            tokens += len(doc)
        wall, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
        return dict(mode=mode, articles=len(texts), sentences=sents, tokens=tokens, wall=wall, cpu=cpu,
                    rss=peak_rss_mb())
    from detente.store import Store

    from detente.ingest import IngestOptions

    settings = Settings(prefilter=(mode != "full"))
    pipe = Pipeline(settings, load=workers <= 1)
    if workers <= 1:
        # Build the word sets and load the tables the stages read on first use (the
        # cleaner's city names, the gazetteer, the time grammar) before the clock starts,
        # as the model is loaded before it starts in (a); (w)'s workers do it as they start.
        pipe.warm_up()
    chunk = IngestOptions().chunk_size
    n_events = 0
    with ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory())
        store = stack.enter_context(Store(Path(tmp) / "bench.duckdb"))
        pool = stack.enter_context(pipe.pool(workers)) if workers > 1 else None
        cpu0, t0 = cpu_seconds(), time.perf_counter()
        coded_stream = pool.run(articles) if pool is not None else pipe.run(articles)
        while batch := list(islice(coded_stream, chunk)):
            store.add_many((c.article, c.events) for c in batch)  # one transaction and merge a chunk
            n_events += sum(len(c.events) for c in batch)
        wall = time.perf_counter() - t0
        start = pool.started if pool is not None else None
    # Worker CPU is counted once the pool has exited (RUSAGE_CHILDREN); their start-up is not.
    cpu = cpu_seconds() - cpu0 - (start.cpu if start else 0.0)
    return dict(mode=mode, articles=len(articles), events=n_events, wall=wall, cpu=cpu, rss=peak_rss_mb(),
                workers=workers, start_wall=start.wall if start else 0.0, start_cpu=start.cpu if start else 0.0)


def stepped_pipe(nlp, texts: list[str], batch_size: int):  # type: ignore[no-untyped-def]
    """(a*): ``nlp.pipe`` with NER stepped from Python (``detente.stages.nlp.pipe_stepped``)
    on each batch's Docs sorted by length, 8 at a time (spaCy's own sub-batches): the same
    entities, about half NER's CPU on whole articles. The parser keeps spaCy's loop, which
    is as fast on whole articles (docs/scale.md, eighth pass)."""
    from spacy.pipeline import EntityRecognizer

    from detente.stages.nlp import pipe_stepped

    return pipe_stepped(nlp, texts, batch_size, stepped=lambda proc: isinstance(proc, EntityRecognizer), group=8)


def child(mode: str, path: str, limit: int, workers: int = 1) -> dict:
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    cmd = [sys.executable, __file__, path, "--limit", str(limit), "--workers", str(workers), "--measure", mode]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        sys.exit(f"{mode} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def line(label: str, r: dict, sents: int, tokens: int) -> str:
    n = r["articles"]
    per_core = r["cpu"]
    return (
        f"{label:<28} {n / r['wall']:7.2f} art/s {sents / r['wall']:8.1f} sent/s {tokens / r['wall']:8.0f} tok/s"
        f"  | per CPU-s: {n / per_core:6.2f} art {sents / per_core:7.1f} sent {tokens / per_core:7.0f} tok"
        f"  | peak RSS {r['rss']:6.0f} MB"
        + (f"  | {r['events']} events" if "events" in r else "")
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=200, help="articles to read (default 200)")
    ap.add_argument("--workers", type=int, default=1, help="also measure (b) with this many workers")
    ap.add_argument("--no-full", action="store_true", help="skip (b0), the pipeline without prefilter")
    ap.add_argument("--rounds", type=int, default=1,
                    help="measure everything this many times, alternating, and print each round's "
                         "ratios and their median (default 1)")
    ap.add_argument("--measure", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.path, args.limit, args.workers)))
        return
    if not Path(args.path).exists():
        sys.exit(f"No articles at {args.path}; pass a JSONL file of articles.")
    print(f"{args.path}: {args.limit} articles, one process per measurement\n")
    ratios: dict[str, list[float]] = {}
    for k in range(max(1, args.rounds)):
        if args.rounds > 1:
            print(f"-- round {k + 1} of {args.rounds}")
        for name, value in one_round(args, first=k == 0).items():
            ratios.setdefault(name, []).append(value)
    if args.rounds > 1:
        print(f"\nover {args.rounds} rounds (each ratio from one round's adjacent measurements):")
        for name, values in ratios.items():
            print(f"{name:<44} median {statistics.median(values):.2f}x  "
                  f"(range {min(values):.2f} to {max(values):.2f}x)")


def one_round(args: argparse.Namespace, first: bool) -> dict[str, float]:
    """Measure (a), (b), then (b0) and (w) if asked, each in a fresh process; print them
    and return the ratios of this round."""
    raw = child("raw", args.path, args.limit)
    sents, tokens = raw["sentences"], raw["tokens"]
    if first:
        print(f"articles average {tokens / raw['articles']:.0f} tokens, {sents / raw['articles']:.1f} sentences\n")
    print(line("(a) raw spaCy parse", raw, sents, tokens))
    stepped = child("raw-stepped", args.path, args.limit)
    print(line("(a*) raw, NER stepped", stepped, sents, tokens))
    runs = {"b": child("detente", args.path, args.limit)}
    print(line("(b) detente, prefilter", runs["b"], sents, tokens))
    if not args.no_full:
        runs["b0"] = child("full", args.path, args.limit)
        print(line("(b0) detente, no prefilter", runs["b0"], sents, tokens))
    if args.workers > 1:
        runs["w"] = child("detente", args.path, args.limit, args.workers)
        print(line(f"(w) detente, {args.workers} workers", runs["w"], sents, tokens))
        print(f"{'':<28} (not counted above: starting {args.workers} workers took {runs['w']['start_wall']:.1f} s, "
              f"{runs['w']['start_cpu']:.1f} CPU-s)")
    b = runs["b"]
    ratios = {
        "b/a  end to end over raw parse, wall:": raw["wall"] / b["wall"],
        "b/a  end to end over raw parse, CPU:": raw["cpu"] / b["cpu"],
        "b/a* end to end over raw, NER stepped, CPU:": stepped["cpu"] / b["cpu"],
    }
    if "b0" in runs:
        ratios["b/b0 prefilter over whole-article parse, CPU:"] = runs["b0"]["cpu"] / b["cpu"]
    if "w" in runs:
        ratios[f"w/b  {args.workers} workers over one, wall:"] = b["wall"] / runs["w"]["wall"]
    print()
    for name, value in ratios.items():
        print(f"{name:<44} {value:.2f}x")
    if "w" in runs:
        print(f"{'':<44} (machine has {os.cpu_count()} cores; other jobs share them)")
    print()
    return ratios


if __name__ == "__main__":
    main()

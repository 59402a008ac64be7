"""Actor, date and place quality on real news: the figures of docs/actors.md.

Codes a fixed random sample of the 7,751 articles of the shared news corpus (or all of
them with ``--all``) and prints:

- the share of events whose source and target both resolve to a country;
- the share dated from the text rather than from the publication date (``date_fallback``);
- the share located;
- the most frequent names that stood as an actor but that no dictionary knows
  (``ArticleActors.unresolved``).

    python benchmarks/news_quality.py --sample 600 --seed 4 --out /tmp/before.json
    python benchmarks/news_quality.py --sample 600 --seed 4 --compare /tmp/before.json

The sample is drawn with ``random.Random(seed).sample`` over the article ids in file
order, so the same ``--sample``/``--seed`` always codes the same articles. ``--compare``
prints each figure next to the one stored by an earlier run (new/old).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

from detente.model import Article, Event
from detente.pipeline import Pipeline
from detente.stages.actors import ArticleActors
from detente.stages.clean import clean_article
from detente.stages.dedup import merge_mentions
from detente.stages.events import NarrativeState
from detente.stages.nlp import body_sentences, parse

CORPUS = Path("/work/shared/data/news/articles_intl_topics.jsonl.gz")


def read_articles(path: Path) -> list[Article]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            try:
                day = date.fromisoformat(d["date"]) if d.get("date") else None
            except ValueError:
                day = None
            out.append(
                Article(
                    id=d["ID"],
                    text=d.get("content_original") or "",
                    title=d.get("title") or "",
                    url=d.get("url"),
                    published=day,
                    source=d.get("source"),
                )
            )
    return out


def code_sample(pipe: Pipeline, articles: list[Article]) -> tuple[list[Event], Counter[tuple[str, str]], int]:
    """Code each article as ``Pipeline.code_parsed`` does, keeping the resolver's counts."""
    events: list[Event] = []
    unresolved: Counter[tuple[str, str]] = Counter()
    failed = 0
    cleaned = (clean_article(a) for a in articles)
    for parsed in parse(cleaned, pipe.nlp, batch_size=pipe.settings.batch_size):
        article = parsed.article
        actors = ArticleActors(pipe.actor_resources, article.published)
        state = NarrativeState()
        mentions: list[Event] = []
        try:
            for index, (_para, sent) in enumerate(body_sentences(parsed.doc)):
                mentions.extend(
                    pipe.coder.code_sentence(sent, index, actors, article.published, article.id, state)
                )
        except Exception:  # noqa: BLE001 - counted, as the pipeline does
            failed += 1
            continue
        events.extend(merge_mentions(mentions))
        unresolved.update(actors.unresolved)
    return events, unresolved, failed


def figures(events: list[Event], unresolved: Counter[tuple[str, str]], top: int) -> dict[str, object]:
    n = len(events) or 1
    both = sum(1 for e in events if e.source.country and e.target is not None and e.target.country)
    source = sum(1 for e in events if e.source.country)
    dated = sum(1 for e in events if not e.date_fallback and e.date is not None)
    located = sum(1 for e in events if e.location is not None)
    persons: Counter[str] = Counter()
    names: Counter[str] = Counter()
    for (name, label), count in unresolved.items():
        names[name] += count
        if label == "PERSON":
            persons[name] += count
    return {
        "events": len(events),
        "both_country": round(both / n, 4),
        "source_country": round(source / n, 4),
        "dated_from_text": round(dated / n, 4),
        "located": round(located / n, 4),
        "unresolved_mentions": sum(unresolved.values()),
        "unresolved_person_mentions": sum(persons.values()),
        "unresolved_distinct": len(names),
        "top_unresolved": names.most_common(top),
        "top_unresolved_persons": persons.most_common(top),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--sample", type=int, default=600)
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--all", action="store_true", help="code every article, not a sample")
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--out", type=Path, help="write the figures as JSON here")
    ap.add_argument("--compare", type=Path, help="figures JSON of an earlier run")
    args = ap.parse_args(argv)

    articles = read_articles(args.corpus)
    total = len(articles)
    if not args.all:
        articles = random.Random(args.seed).sample(articles, min(args.sample, total))
    pipe = Pipeline()
    t0 = time.perf_counter()
    events, unresolved, failed = code_sample(pipe, articles)
    elapsed = time.perf_counter() - t0
    fig = figures(events, unresolved, args.top)
    fig.update(
        articles=len(articles),
        corpus_articles=total,
        seed=None if args.all else args.seed,
        failed_articles=failed,
        seconds=round(elapsed, 1),
    )
    old = json.loads(args.compare.read_text()) if args.compare else {}
    print(f"{len(articles)} of {total} articles (seed {args.seed}), {fig['events']} events, "
          f"{elapsed:.0f} s ({len(articles) / elapsed:.1f} articles/s), {failed} failed")
    for key in ("events", "both_country", "source_country", "dated_from_text", "located",
                "unresolved_mentions", "unresolved_person_mentions"):
        line = f"  {key:28} {fig[key]}"
        if key in old and old[key]:
            line += f"   (before {old[key]}, new/old {float(fig[key]) / float(old[key]):.2f})"  # type: ignore[arg-type]
        print(line)
    print(f"  top {args.top} unresolved names (all labels):")
    for name, count in fig["top_unresolved"]:  # type: ignore[attr-defined]
        print(f"    {count:4}  {name}")
    print(f"  top {args.top} unresolved person names:")
    for name, count in fig["top_unresolved_persons"]:  # type: ignore[attr-defined]
        print(f"    {count:4}  {name}")
    if args.out:
        args.out.write_text(json.dumps(fig, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Does a change leave detente's output as it was? Events and prefilter chunks, before and after.

Speed work must not change what is coded. Dump the output of the tree as it is, make the
change, then compare:

    .venv/bin/python benchmarks/same_output.py [PATH] --limit 300 --out before.json
    # ... change the code ...
    .venv/bin/python benchmarks/same_output.py [PATH] --limit 300 --compare before.json

PATH defaults to ``../shared/data/news/articles_intl_topics.jsonl.gz``, as for
``throughput.py``. The dump holds every event of the first ``--limit`` articles (all
fields, one sorted JSON line each), the coding errors, and the sentence chunks the
prefilter passes to the parser (start, end and index of each chunk, per article).
``--compare`` prints the counts on both sides, up to three events found only on each
side, and the first article whose chunks differ; it exits 1 when anything differs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from throughput import DEFAULT, read

from detente.pipeline import Pipeline
from detente.stages.clean import clean_article


def dump(path: str, limit: int) -> dict[str, list]:
    """The events, errors and prefilter chunks of the first ``limit`` articles of ``path``."""
    articles = read(path, limit)
    pipe = Pipeline()
    events: list[str] = []
    errors: list[str] = []
    for coded in pipe.run(articles):
        events.extend(json.dumps(event.to_dict(), sort_keys=True, default=str) for event in coded.events)
        if coded.error is not None:
            errors.append(f"{coded.article.id}: {coded.error}")
    chunks = [
        [article.id, [[c.start, c.end, c.index] for c in pipe.prefilter.select(clean_article(article).text)]]
        for article in articles
    ]
    return {"articles": [len(articles)], "events": sorted(events), "errors": sorted(errors), "chunks": chunks}


def compare(before: dict[str, list], after: dict[str, list]) -> bool:
    """Print how ``after`` differs from ``before``; True when they are the same."""
    same = True
    if before["articles"] != after["articles"]:
        print(f"articles: {before['articles'][0]} before, {after['articles'][0]} now (use the same --limit)")
        return False
    for key in ("events", "errors"):
        old, new = before[key], after[key]
        verdict = "identical" if old == new else "DIFFER"
        print(f"{key}: {len(old)} before, {len(new)} now: {verdict}")
        if old != new:
            same = False
            gone, added = set(old) - set(new), set(new) - set(old)
            for label, rows in (("only before", gone), ("only now", added)):
                for row in sorted(rows)[:3]:
                    print(f"  {label}: {row[:400]}")
    old_chunks, new_chunks = before["chunks"], after["chunks"]
    n_old = sum(len(c) for _, c in old_chunks)
    n_new = sum(len(c) for _, c in new_chunks)
    if old_chunks == new_chunks:
        print(f"chunks: {n_old} before, {n_new} now: identical")
    else:
        same = False
        print(f"chunks: {n_old} before, {n_new} now: DIFFER")
        for (aid, old), (_, new) in zip(old_chunks, new_chunks, strict=True):
            if old != new:
                print(f"  first differing article {aid}: {old[:5]} ... before, {new[:5]} ... now")
                break
    return same


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT))
    parser.add_argument("--limit", type=int, default=300, help="articles from the start of PATH (300)")
    side = parser.add_mutually_exclusive_group(required=True)
    side.add_argument("--out", type=Path, help="write the dump here")
    side.add_argument("--compare", type=Path, help="compare with this earlier dump")
    args = parser.parse_args(argv)
    if not Path(args.path).exists():
        parser.error(f"{args.path} does not exist; give the path of a JSONL file of articles")
    now = dump(args.path, args.limit)
    if args.out is not None:
        args.out.write_text(json.dumps(now))
        print(f"{args.out}: {now['articles'][0]} articles, {len(now['events'])} events, "
              f"{len(now['errors'])} errors, {sum(len(c) for _, c in now['chunks'])} chunks")
        return 0
    return 0 if compare(json.loads(args.compare.read_text()), now) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Prefilter recall: the events a full parse finds that the prefiltered pipeline loses.

    .venv/bin/python benchmarks/prefilter_recall.py [PATH] [--start 0] [--limit 2000]
        [--out rows.jsonl] [--full-cache full.jsonl] [--every 100]
    .venv/bin/python benchmarks/prefilter_recall.py --merge rows1.jsonl rows2.jsonl ...

Each article is coded twice in the same process: with ``Settings(prefilter=False)``
(whole article parsed) and with the prefilter (only kept sentences parsed). Events
are compared by ``event_id`` (article, dyad, CAMEO code, date). It prints, every
``--every`` articles and at the end:

- events of the full parse, lost and gained with the prefilter, and the loss in %;
- lost events none of whose mentions lies in a kept sentence (the filter's own misses)
  and those in kept sentences that parse or resolve differently without their
  neighbours (context effects);
- the pass rate: the share of body sentences, and of their tokens, the parser sees;
- the CPU seconds of each pipeline.

``--out`` writes one line of counts per article and makes a run resumable: articles
already in the file are skipped, so a killed run goes on where it stopped. Shards of a
long run go in parallel (``--start 0 --limit 1000 --out a.jsonl`` and ``--start 1000
--limit 1000 --out b.jsonl``) and ``--merge a.jsonl b.jsonl`` adds them up.
``--full-cache`` keeps the full parse's events of each article, so that measuring a
changed prefilter does not parse whole articles again (delete it when the coder,
dictionaries or model change).

PATH defaults to ``../shared/data/news/articles_intl_topics.jsonl.gz``.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
from collections import Counter
from itertools import islice
from pathlib import Path
from typing import TextIO

ROOT = Path(__file__).resolve().parents[1]
_NEWS = Path("shared") / "data" / "news" / "articles_intl_topics.jsonl.gz"
#: ``shared/`` next to the checkout, or next to a parent (a git worktree under ``wt/``).
DEFAULT = next((p / _NEWS for p in ROOT.parents if (p / _NEWS).exists()), ROOT.parent / _NEWS)
FIELDS = dict(text_field="content_original", date_field="date", id_field="ID")
COUNTS = ("articles", "full", "lost", "lost_dropped", "gained", "sentences", "kept", "tokens", "kept_tokens")


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def report(total: Counter, cpu_s: Counter, final: bool = False) -> str:
    lost, full = total["lost"], max(1, total["full"])
    dropped = total["lost_dropped"]
    line = (
        f"{'FINAL ' if final else ''}{total['articles']} articles: full parse {total['full']} events; "
        f"prefilter lost {lost} ({100 * lost / full:.2f}%: {dropped} ({100 * dropped / full:.2f}%) in dropped "
        f"sentences, {lost - dropped} ({100 * (lost - dropped) / full:.2f}%) in kept ones), gained "
        f"{total['gained']}; pass rate {100 * total['kept'] / max(1, total['sentences']):.1f}% of sentences "
        f"({total['kept']}/{total['sentences']}), {100 * total['kept_tokens'] / max(1, total['tokens']):.1f}% "
        f"of tokens"
    )
    if cpu_s["fast"]:
        line += f"; CPU s full {cpu_s['full']:.0f}, prefilter {cpu_s['fast']:.0f}"
    return line


def rows(path: str | None) -> list[dict]:
    """The rows of a jsonl file, skipping a last line cut short by a killed run."""
    if not path or not Path(path).exists():
        return []
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return out


def append(path: str | None) -> TextIO | None:
    """``path`` opened for appending whole lines (after a cut-short line, on a new line)."""
    if not path:
        return None
    cut = False
    if Path(path).exists() and Path(path).stat().st_size:
        with open(path, "rb") as raw:
            raw.seek(-1, 2)
            cut = raw.read(1) != b"\n"
    f = open(path, "a", encoding="utf-8")
    if cut:
        f.write("\n")
    return f


def merge(paths: list[str], show: int) -> None:
    total: Counter = Counter()
    examples: list[str] = []
    seen: set[str] = set()
    for path in paths:
        for row in rows(path):
            if row["id"] in seen:
                continue
            seen.add(row["id"])
            total.update({k: row[k] for k in COUNTS})
            examples += row.get("examples", [])
    print(report(total, Counter(), final=True))
    if examples[:show]:
        print("lost events, first ones:\n" + "\n".join(examples[:show]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--start", "--skip", type=int, default=0, help="start after this many articles")
    ap.add_argument("--limit", type=int, default=2000)
    ap.add_argument("--every", type=int, default=100, help="print running figures this often")
    ap.add_argument("--show", type=int, default=10, help="print this many lost events at the end")
    ap.add_argument("--out", help="write per-article counts here (jsonl); resume from it")
    ap.add_argument("--full-cache", help="jsonl of full-parse events per article, read and extended")
    ap.add_argument("--merge", nargs="+", metavar="ROWS", help="add up --out files of shards and print")
    args = ap.parse_args()
    if args.merge:
        merge(args.merge, args.show)
        return

    from detente.pipeline import Pipeline
    from detente.settings import Settings
    from detente.stages.clean import clean_article
    from detente.stages.nlp import body_sentences
    from detente.stages.sources import read_articles

    done: set[str] = set()
    total: Counter = Counter()
    examples: list[str] = []
    for row in rows(args.out):
        if row["id"] not in done:
            done.add(row["id"])
            total.update({k: row[k] for k in COUNTS})
            examples += row.get("examples", [])
    cache = {row["id"]: row["events"] for row in rows(args.full_cache)}
    out = append(args.out)
    cache_out = append(args.full_cache)

    fields = FIELDS if Path(args.path).name.startswith("articles_intl_topics") else {}
    articles = islice(read_articles(args.path, **fields), args.start, args.start + args.limit)
    full = Pipeline(Settings(prefilter=False))
    fast = Pipeline(Settings(prefilter=True))
    pre = fast.prefilter
    cpu_s: Counter = Counter()

    for article in articles:
        if article.id in done:
            continue
        full_events = cache.get(article.id)
        if full_events is None:
            c0 = cpu()
            coded_full = next(full.run([article]))
            cpu_s["full"] += cpu() - c0
            full_events = [
                dict(id=e.event_id, triggers=[m.trigger_start for m in e.mentions],
                     desc=f"{e.source.code} {e.target.code if e.target else '-'} {e.cameo} [{e.mentions[0].trigger}]: "
                          f"{e.mentions[0].sentence[:140]}" if e.mentions else "")
                for e in coded_full.events
            ]
            if cache_out is not None:
                cache_out.write(json.dumps(dict(id=article.id, events=full_events)) + "\n")
                cache_out.flush()
        c1 = cpu()
        coded_fast = next(fast.run([article]))
        cpu_s["fast"] += cpu() - c1
        text = clean_article(article).text
        chunks = pre.select(text)
        row: Counter = Counter(articles=1)
        for _para, sent in body_sentences(pre.split(text)):
            n_tok = sum(1 for t in sent if not t.is_space)
            keep = any(c.start <= sent.start_char < c.end for c in chunks)
            row.update(sentences=1, kept=int(keep), tokens=n_tok, kept_tokens=n_tok if keep else 0)
        ids_fast = {e.event_id for e in coded_fast.events}
        ids_full = {e["id"] for e in full_events}
        row["full"] = len(ids_full)
        row["gained"] = len(ids_fast - ids_full)
        lost_examples = []
        for e in full_events:
            if e["id"] in ids_fast:
                continue
            in_kept = any(c.start <= t < c.end for t in e["triggers"] for c in chunks)
            row["lost"] += 1
            row["lost_dropped"] += not in_kept
            lost_examples.append(f"  [{'kept' if in_kept else 'DROPPED'}] {e['desc']}")
        total.update(row)
        examples += lost_examples
        if out is not None:
            out.write(json.dumps(dict(id=article.id, **{k: row[k] for k in COUNTS}, examples=lost_examples)) + "\n")
            out.flush()
        if total["articles"] % args.every == 0:
            print(report(total, cpu_s), flush=True)
    print(report(total, cpu_s, final=True))
    if examples[: args.show]:
        print("lost events, first ones:\n" + "\n".join(examples[: args.show]))


if __name__ == "__main__":
    sys.exit(main())

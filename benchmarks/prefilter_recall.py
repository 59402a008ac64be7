"""Prefilter recall: the events a full parse finds that the prefiltered pipeline loses.

    .venv/bin/python benchmarks/prefilter_recall.py [PATH] [--limit 2000] [--every 100]

Each article is coded twice in the same process: with ``Settings(prefilter=False)``
(whole article parsed) and with the prefilter (only kept sentences parsed). Events
are compared by ``event_id`` (article, dyad, CAMEO code, date). It prints, every
``--every`` articles and at the end:

- events of the full parse, lost and gained with the prefilter, and the loss in %;
- lost events whose sentence the prefilter dropped (the filter's own misses) and
  those whose sentence it kept but parsed differently alone (context effects);
- the share of sentences kept, and the CPU seconds of each pipeline.

PATH defaults to ``../shared/data/news/articles_intl_topics.jsonl.gz``.
"""

from __future__ import annotations

import argparse
import resource
import sys
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "news" / "articles_intl_topics.jsonl.gz"
FIELDS = dict(text_field="content_original", date_field="date", id_field="ID")


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=2000)
    ap.add_argument("--skip", type=int, default=0, help="start after this many articles")
    ap.add_argument("--every", type=int, default=100, help="print running figures this often")
    ap.add_argument("--show", type=int, default=10, help="print this many lost events at the end")
    args = ap.parse_args()

    from detente.pipeline import Pipeline
    from detente.settings import Settings
    from detente.stages.clean import clean_article
    from detente.stages.nlp import body_sentences
    from detente.stages.sources import read_articles

    fields = FIELDS if Path(args.path).name.startswith("articles_intl_topics") else {}
    articles = islice(read_articles(args.path, **fields), args.skip, args.skip + args.limit)
    full = Pipeline(Settings(prefilter=False))
    fast = Pipeline(Settings(prefilter=True))
    pre = fast.prefilter
    n = n_full = lost = gained = dropped_sentence = sents = kept = 0
    t_full = t_fast = 0.0
    examples: list[str] = []

    def report(final: bool = False) -> None:
        pct = 100 * lost / max(1, n_full)
        print(
            f"{'FINAL ' if final else ''}{n} articles: full parse {n_full} events; prefilter lost {lost} "
            f"({pct:.2f}%: {dropped_sentence} in dropped sentences, {lost - dropped_sentence} in kept ones), "
            f"gained {gained}; sentences kept {kept}/{sents} ({100 * kept / max(1, sents):.1f}%); "
            f"CPU s full {t_full:.0f}, prefilter {t_fast:.0f} ({t_full / max(t_fast, 1e-9):.2f}x)",
            flush=True,
        )

    for article in articles:
        c0 = cpu()
        a = full.run([article])
        coded_full = next(a)
        c1 = cpu()
        coded_fast = next(fast.run([article]))
        c2 = cpu()
        t_full += c1 - c0
        t_fast += c2 - c1
        text = clean_article(article).text
        chunks = pre.select(text)
        for _para, sent in body_sentences(pre.split(text)):
            sents += 1
            kept += any(c.start <= sent.start_char < c.end for c in chunks)
        ids_full = {e.event_id: e for e in coded_full.events}
        ids_fast = {e.event_id for e in coded_fast.events}
        n += 1
        n_full += len(ids_full)
        gained += len(ids_fast - set(ids_full))
        for eid in set(ids_full) - ids_fast:
            lost += 1
            e = ids_full[eid]
            start = e.mentions[0].start if e.mentions else -1
            in_kept = any(c.start <= start < c.end for c in chunks)
            dropped_sentence += not in_kept
            if len(examples) < args.show:
                where = "kept" if in_kept else "DROPPED"
                sentence = e.mentions[0].sentence[:140] if e.mentions else ""
                tgt = e.target.code if e.target else "-"
                examples.append(f"  [{where}] {e.source.code} {tgt} {e.cameo}: {sentence}")
        if n % args.every == 0:
            report()
    report(final=True)
    if examples:
        print("lost events, first ones:")
        print("\n".join(examples))


if __name__ == "__main__":
    sys.exit(main())

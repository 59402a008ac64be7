"""HTML body extraction on the ScrapingHub article-extraction benchmark.

Scores detente (``read_articles`` on the HTML page, i.e. ``detente.stages.html``,
then ``clean_article``) and trafilatura alone, in the same run (timed page by page,
alternating, so the speed ratio holds on a loaded machine), with the benchmark's own metric:

* tokens are ``\\w+`` matches; a text is the multiset of its 4-token shingles;
* per page, TP, FP and FN (multiset intersection and differences) are normalised
  to sum to 1, and precision = TP/(TP+FP), recall = TP/(TP+FN) (0 when undefined);
* precision and recall are averaged over the pages; F1 comes from the two averages.

Scored this way the published ``output/trafilatura.json`` gives 0.958 and
``output/readability.json`` 0.922, which this script prints as a check.

    python benchmarks/html_extraction.py [--data ../shared/data/html-extraction/scrapinghub] [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "html-extraction" / "scrapinghub"
_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def page_scores(gold: str, predicted: str) -> tuple[float, float]:
    """(precision, recall) of one page."""
    true, pred = shingles(gold), shingles(predicted)
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    if total:
        tp, fp, fn = tp / total, fp / total, fn / total
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


def score(gold: dict[str, str], predicted: dict[str, str]) -> tuple[float, float, float]:
    """(F1, precision, recall) over the pages of ``gold``."""
    pairs = [page_scores(gold[key], predicted.get(key, "")) for key in gold]
    p = sum(x for x, _ in pairs) / len(pairs)
    r = sum(y for _, y in pairs) / len(pairs)
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def detente_extract(path: Path) -> str:
    from detente.stages.clean import clean_article
    from detente.stages.sources import read_articles

    articles = list(read_articles(path, input_format="html", on_error=lambda _e: None))
    return clean_article(articles[0]).text if articles else ""


def trafilatura_extract(path: Path) -> str:
    import trafilatura

    return trafilatura.extract(gzip.decompress(path.read_bytes()), include_comments=False) or ""


def run_both(
    extractors: dict[str, Callable[[Path], str]], pages: dict[str, Path], gold: dict[str, str]
) -> dict[str, dict[str, float]]:
    """Score each extractor; time them page by page, alternating which goes first.

    Interleaving makes the speed ratio fair on a shared machine whose load changes
    during the run (timing one extractor after the other is not).
    """
    names = list(extractors)
    predicted: dict[str, dict[str, str]] = {name: {} for name in names}
    seconds = dict.fromkeys(names, 0.0)
    for number, (key, path) in enumerate(pages.items()):
        for name in names if number % 2 == 0 else reversed(names):
            start = time.perf_counter()
            predicted[name][key] = extractors[name](path)
            seconds[name] += time.perf_counter() - start
    results = {}
    for name in names:
        f1, p, r = score(gold, predicted[name])
        speed = len(pages) / seconds[name]
        print(f"{name:<16} F1 {f1:.3f}  precision {p:.3f}  recall {r:.3f}  {speed:6.1f} pages/s")
        results[name] = {"f1": f1, "precision": p, "recall": r, "pages_per_s": speed}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="Score only the first N pages (by name).")
    parser.add_argument("--dump", type=Path, default=None, help="Write detente's per-page scores here (JSON).")
    args = parser.parse_args()

    truth = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[: args.limit] if args.limit else sorted(truth)
    gold = {k: truth[k].get("articleBody", "") or "" for k in keys}
    pages = {k: args.data / "html" / f"{k}.html.gz" for k in keys}

    print(f"{len(keys)} pages from {args.data}")
    for name in ("trafilatura", "readability"):
        published = args.data / "output" / f"{name}.json"
        if published.exists():
            out = json.loads(published.read_text(encoding="utf-8"))["output"]
            f1, p, r = score(gold, {k: (v.get("articleBody") or "") for k, v in out.items()})
            print(f"{'published ' + name:<28} F1 {f1:.3f}  precision {p:.3f}  recall {r:.3f}")
    import trafilatura

    baseline = f"trafilatura {trafilatura.__version__}"
    results = run_both({baseline: trafilatura_extract, "detente": detente_extract}, pages, gold)
    base, ours = results[baseline], results["detente"]
    print(
        f"detente/trafilatura: F1 {ours['f1'] / base['f1']:.3f}x, "
        f"speed {ours['pages_per_s'] / base['pages_per_s']:.2f}x"
    )
    if args.dump:
        per_page = {k: page_scores(gold[k], detente_extract(pages[k])) for k in keys}
        args.dump.write_text(json.dumps(per_page, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

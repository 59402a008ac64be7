"""How long the actor dictionaries take to load, and whether matching is linear.

    python benchmarks/dictionary_load.py

Prints:

- the cold load time (CPU seconds, which a loaded machine does not inflate) of everything the actor stage reads (Phoenix actors and agents, the
  leaders table, metonyms, additions, coreference roles), in a fresh interpreter each
  time, against the 2 s budget of docs/actors.md, with the baseline of starting that
  interpreter and importing detente measured in the same run;
- the time to tag sentences of growing length with the trie (Phoenix) and the n-gram
  table (leaders, metonyms): time per token should stay flat as the text grows; the
  ratio of the longest to the shortest run's time per token is printed (about 1 is
  linear).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

LOAD = (
    "import time; from detente.stages.actors import load_actor_resources;"
    "t=time.perf_counter(); c=time.process_time(); r=load_actor_resources();"
    "print(time.perf_counter()-t, time.process_time()-c,"
    " len(r.phoenix.actors), len(r.phoenix.agents), len(r.leaders.leaders), len(r.extra))"
)
BASELINE = (
    "import time; t=time.perf_counter(); c=time.process_time(); import detente.stages.actors;"
    "print(time.perf_counter()-t, time.process_time()-c)"
)

SENTENCE = (
    "Russian President Vladimir Putin met Chinese officials and the Turkish foreign minister "
    "in Moscow on Tuesday, while the White House and NATO warned the Taliban and Hamas. "
)


def _run(code: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.split()


def main() -> int:
    loads, cpus, imports = [], [], []
    counts: list[str] = []
    for _ in range(3):
        imports.append(float(_run(BASELINE)[1]))
        wall, cpu, *counts = _run(LOAD)
        loads.append(float(wall))
        cpus.append(float(cpu))
    load, cpu_load = statistics.median(loads), statistics.median(cpus)
    base = statistics.median(imports)
    print(f"actor dictionaries: {counts[0]} actors, {counts[1]} agents, {counts[2]} office-holders, "
          f"{counts[3]} extra names")
    print(f"cold load after import (median of 3): {cpu_load:.2f} s CPU, {load:.2f} s wall "
          f"(budget 2.00 s: {'ok' if cpu_load < 2 else 'OVER'}); baseline, importing spaCy and the "
          f"module: {base:.2f} s CPU; load/import = {cpu_load / base:.2f}")

    import spacy

    from detente.stages.actors import ArticleActors, load_actor_resources

    res = load_actor_resources()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    per_token = []
    for repeat in (1, 10, 100):
        doc = nlp(SENTENCE * repeat)
        runs = []
        for _ in range(5):
            actors = ArticleActors(res, None)
            t = time.process_time()
            actors.tag_sentence(doc[:])  # the whole text as one span: the worst case
            runs.append(time.process_time() - t)
        elapsed = min(runs)
        per_token.append(elapsed / len(doc))
        print(f"tag {len(doc):6d} tokens: {elapsed * 1000:8.1f} ms, {per_token[-1] * 1e6:6.1f} us/token, "
              f"{len(set(map(id, actors.tags.values())))} tags")
    print(f"time per token, longest/shortest text: {per_token[-1] / per_token[0]:.2f} (1.0 = linear)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Compile the CAMEO verb dictionary into the package's data.

    python tools/compile_verbs.py [--shared /work/shared] [--out PATH]

Reads shared/reference/petrarch/CAMEO.2.0.txt (PETRARCH2, Open Event Data Alliance, MIT)
and then src/detente/data/verbs/detente_additions.txt (detente's supplement, same format,
extending CAMEO's families and synsets), and writes src/detente/data/verbs/cameo_verbs.json,
which ``detente.dictionaries.verbs.load_verbs()`` reads.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from detente.dictionaries.verbs import dump_verbs, load_verbs, parse_petrarch_verbs  # noqa: E402

VERBS = ROOT / "src" / "detente" / "data" / "verbs"


def compile_verbs(cameo: Path, additions: Path, out: Path) -> dict[str, float]:
    """Parse, write compact JSON, reload it as a check; return the figures."""
    vd = parse_petrarch_verbs(cameo, additions)
    for warning in vd.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    data = dump_verbs(vd)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    out.write_text(text + "\n", encoding="utf-8")
    start = time.perf_counter()
    again = load_verbs(out)
    load_s = time.perf_counter() - start
    if (len(again.families), len(again.verbs), len(again.patterns)) != (
        len(vd.families), len(vd.verbs), len(vd.patterns)
    ):
        raise SystemExit("compiled dictionary does not round-trip")
    return {
        "families": len(vd.families),
        "verbs": len(vd.verbs),
        "patterns": len(vd.patterns),
        "synsets": len(vd.synsets),
        "bytes": out.stat().st_size,
        "load_seconds": round(load_s, 3),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("/work/shared"))
    ap.add_argument("--out", type=Path, default=VERBS / "cameo_verbs.json")
    args = ap.parse_args(argv)
    cameo = args.shared / "reference" / "petrarch" / "CAMEO.2.0.txt"
    stats = compile_verbs(cameo, VERBS / "detente_additions.txt", args.out)
    print(" ".join(f"{k}={v}" for k, v in stats.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

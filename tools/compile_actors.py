#!/usr/bin/env python3
"""Compile the Phoenix actor and agent dictionaries into the package's data.

    python tools/compile_actors.py [--shared /work/shared] [--show-warnings]

Reads shared/reference/petrarch/Phoenix.{Countries,International,MilNonState}.actors.txt
and Phoenix.agents.txt (openeventdata/petrarch2 @676801cd, MIT: keep the attribution in
NOTICE) and writes

    src/detente/data/actors/phoenix_actors.jsonl[.gz]   one actor entry per line
    src/detente/data/actors/agents.jsonl                one agent entry per line

The actors file is gzipped when its JSONL is larger than 5 MB (gzip with a zero mtime, so
that the same input gives the same bytes). Prints what was read and what was skipped.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from detente.dictionaries.actors import (  # noqa: E402
    ParseResult,
    actor_to_json,
    agent_to_json,
    read_petrarch_actors,
    read_petrarch_agents,
)

OUT = ROOT / "src" / "detente" / "data" / "actors"
ACTOR_FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)
AGENT_FILE = "Phoenix.agents.txt"
GZIP_OVER = 5 * 1024 * 1024


def jsonl(rows: list[dict[str, object]]) -> bytes:
    lines = (json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in rows)
    return ("\n".join(lines) + "\n").encode("utf-8")


def write(base: Path, data: bytes) -> Path:
    """Write ``base`` (.jsonl), or ``base.gz`` when the data is over 5 MB; drop the other."""
    gz = base.with_name(base.name + ".gz")
    if len(data) > GZIP_OVER:
        gz.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
        base.unlink(missing_ok=True)
        return gz
    base.write_bytes(data)
    gz.unlink(missing_ok=True)
    return base


def report(name: str, result: ParseResult, show: bool) -> None:
    stats = dict(result.stats)
    counts = result.warning_counts()
    print(f"{name}: " + ", ".join(f"{k} {v}" for k, v in stats.items()))
    if counts:
        print("  skipped or repaired: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if show:
        for warning in result.warnings:
            print(f"    {warning}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--show-warnings", action="store_true", help="list every skipped line")
    args = parser.parse_args(argv)
    src = args.shared / "reference" / "petrarch"
    OUT.mkdir(parents=True, exist_ok=True)

    actor_rows: list[dict[str, object]] = []
    seen: set[str] = set()
    kinds: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for name in ACTOR_FILES:
        result = read_petrarch_actors(src / name)
        report(name, result, args.show_warnings)
        totals.update(result.warning_counts())
        for entry in result.entries:
            if entry.id in seen:  # ids are unique per file; keep them unique across files
                totals["cross-file id clash"] += 1
                n = 2
                while f"{entry.id}#{n}" in seen:
                    n += 1
                row = actor_to_json(entry) | {"id": f"{entry.id}#{n}"}
            else:
                row = actor_to_json(entry)
            seen.add(str(row["id"]))
            kinds[entry.kind] += 1
            actor_rows.append(row)

    agents = read_petrarch_agents(src / AGENT_FILE)
    report(AGENT_FILE, agents, args.show_warnings)
    totals.update(agents.warning_counts())

    actors_path = write(OUT / "phoenix_actors.jsonl", jsonl(actor_rows))
    agents_path = write(OUT / "agents.jsonl", jsonl([agent_to_json(a) for a in agents.entries]))

    names = sum(len(r["names"]) for r in actor_rows)  # type: ignore[arg-type]
    roles = sum(len(r["roles"]) for r in actor_rows)  # type: ignore[arg-type]
    print(
        f"actors: {len(actor_rows)} entries ({', '.join(f'{k} {v}' for k, v in kinds.items())}), "
        f"{names} names, {roles} roles"
    )
    agent_names = sum(len(a.names) for a in agents.entries)
    print(f"agents: {len(agents.entries)} entries, {agent_names} names")
    print(f"skipped or repaired lines: {sum(totals.values())} ({dict(sorted(totals.items()))})")
    for path in (actors_path, agents_path):
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

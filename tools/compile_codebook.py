#!/usr/bin/env python3
"""Compile the CAMEO codebook and the CAMEO->PLOVER table into the package's data.

    python tools/compile_codebook.py [--shared ../shared]

Reads shared/reference/cameo/cameo-codes.csv (MIT, andybega/icews; Latin-1) and
shared/reference/plover/CAMEO2PLOVER-2021.txt (CC BY-SA 4.0, openeventdata/PLOVER)
and writes src/detente/data/codebook/{cameo.csv,cameo_plover.csv}.
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "detente" / "data" / "codebook"


def quad_class(root: str) -> int:
    """GDELT's quad classes: 01-05 verbal coop., 06-09 material coop., 10-14 verbal conflict, 15-20 material conflict."""
    r = int(root)
    if r <= 5:
        return 1
    if r <= 9:
        return 2
    if r <= 14:
        return 3
    return 4


def compile_cameo(src: Path) -> list[dict[str, str]]:
    rows = []
    with src.open(encoding="latin-1", newline="") as fh:
        for row in csv.DictReader(fh):
            code = row["code"].strip()
            desc = "" if row["description"] == "NA" else " ".join(row["description"].split())
            rows.append(
                {
                    "code": code,
                    "name": row["name"].strip(),
                    "goldstein": row["goldstein"].strip(),
                    "root": row["root_code"].strip(),
                    "quad_class": str(quad_class(row["root_code"])),
                    "description": desc,
                }
            )
    return rows


LINE = re.compile(r"^(\d{2,4}):\s*([A-Z]+)\s*,([^,#]*),([^#]*)(?:#\s*(.*))?$")


def compile_plover(src: Path) -> list[dict[str, str]]:
    rows = []
    for line in src.read_text(encoding="utf-8").splitlines():
        m = LINE.match(line.strip())
        if not m:
            continue
        code, ptype, mode, context, name = m.groups()
        rows.append(
            {
                "cameo": code,
                "type": ptype,
                "mode": mode.strip(),
                "context": ";".join(c.strip() for c in context.split(";") if c.strip()),
                "name": (name or "").strip(),
            }
        )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = ap.parse_args()
    shared = Path(args.shared)
    OUT.mkdir(parents=True, exist_ok=True)
    cameo = compile_cameo(shared / "reference" / "cameo" / "cameo-codes.csv")
    plover = compile_plover(shared / "reference" / "plover" / "CAMEO2PLOVER-2021.txt")
    for name, rows in (("cameo.csv", cameo), ("cameo_plover.csv", plover)):
        with (OUT / name).open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        print(f"wrote {OUT / name}: {len(rows)} rows")


if __name__ == "__main__":
    main()

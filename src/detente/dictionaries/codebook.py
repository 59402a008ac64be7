"""The CAMEO codebook and its PLOVER translation, loaded from the package's data.

``data/codebook/cameo.csv`` is compiled from the CAMEO 1.1b3 codebook (andybega/icews,
MIT) and ``data/codebook/cameo_plover.csv`` from PLOVER's CAMEO2PLOVER table
(openeventdata/PLOVER, CC BY-SA 4.0) by ``tools/compile_codebook.py``.
``data/codebook/plover_manual.csv`` holds the few codes where the PLOVER manual says
otherwise than that table (lifting a curfew is CONCEDE, a resignation RETREAT); its rows
replace the table's.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from detente.errors import ConfigError
from detente.model import Plover

__all__ = ["REQUIRES_RECIPIENT", "CameoCode", "Codebook", "load_codebook"]


#: PLOVER types whose manual section says "Requires recipient: Yes": material cooperation,
#: aid and sanctions are done *to* someone; without a target they are no PLOVER event.
REQUIRES_RECIPIENT = frozenset({"COOPERATE", "AID", "SANCTION"})


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    root: str
    quad_class: int
    description: str = ""


@dataclass(frozen=True, slots=True)
class Codebook:
    codes: dict[str, CameoCode]
    plover_table: dict[str, Plover]

    def lookup(self, code: str) -> CameoCode:
        """The codebook entry for ``code``; an unknown sub-code falls back to its parent."""
        for candidate in _ancestors(code):
            if candidate in self.codes:
                return self.codes[candidate]
        raise ConfigError(f"CAMEO code {code!r} is not in the codebook (data/codebook/cameo.csv)")

    def plover(self, code: str, has_target: bool = True) -> Plover | None:
        """The PLOVER coding of a CAMEO code; ``None`` for the 01 and 02 roots, which PLOVER
        drops, and, for an event with no target (``has_target=False``), for the types that
        PLOVER says require a recipient (:data:`REQUIRES_RECIPIENT`)."""
        if code[:2] in ("01", "02"):
            return None
        for candidate in _ancestors(code):
            if candidate in self.plover_table:
                found = self.plover_table[candidate]
                return None if not has_target and found.type in REQUIRES_RECIPIENT else found
        return None

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self.codes


def _ancestors(code: str) -> list[str]:
    """``"0311"`` -> ``["0311", "031", "030"]``: the code, its parent, its root's base code."""
    out = [code]
    if len(code) == 4:
        out.append(code[:3])
    if len(code) >= 3:
        out.append(code[:2] + "0")
    out.append(code[:2])
    return out


def _rows(text: str) -> list[dict[str, str]]:
    """The rows of a CSV file whose first lines may be ``#`` comments."""
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return list(csv.DictReader(io.StringIO(body)))


def _read(name: str, path: Path | None) -> str:
    if path is not None:
        return path.read_text(encoding="utf-8")
    resource = files("detente") / "data" / "codebook" / name
    try:
        return resource.read_text(encoding="utf-8")
    except FileNotFoundError as exc:  # pragma: no cover - broken install
        raise ConfigError(
            f"Codebook file data/codebook/{name} is missing; run tools/compile_codebook.py"
        ) from exc


@lru_cache(maxsize=4)
def load_codebook(cameo_path: Path | None = None, plover_path: Path | None = None) -> Codebook:
    codes = {}
    for row in csv.DictReader(io.StringIO(_read("cameo.csv", cameo_path))):
        codes[row["code"]] = CameoCode(
            code=row["code"],
            name=row["name"],
            goldstein=float(row["goldstein"]),
            root=row["root"],
            quad_class=int(row["quad_class"]),
            description=row["description"],
        )
    table: dict[str, Plover] = {}
    for row in _rows(_read("cameo_plover.csv", plover_path)):
        table.setdefault(row["cameo"], Plover(row["type"], row["mode"], row["context"]))
    if plover_path is None:  # a user's own table is taken as it is
        for row in _rows(_read("plover_manual.csv", None)):
            table[row["cameo"]] = Plover(row["type"], row["mode"], row["context"])
    return Codebook(codes, table)

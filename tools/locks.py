"""Keep requirements-core.lock a true subset of requirements.lock.

``requirements.lock`` pins everything ``make test`` installs (the core, the web, spark and
feeds extras and the test tools). ``requirements-core.lock`` is what ``make demo`` installs:
the core dependencies of ``pyproject.toml`` and everything they require, at the versions of
the full lock. Writing the second by hand drifts; this tool derives it.

    python tools/locks.py --check    # exit 1 and say what differs
    python tools/locks.py --write    # rewrite requirements-core.lock

The dependency closure is read from the metadata of the packages installed in the running
interpreter (run it with ``.venv/bin/python`` after ``make install``), with environment
markers evaluated for this interpreter and extras of the core requirements followed.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
FULL = ROOT / "requirements.lock"
CORE = ROOT / "requirements-core.lock"
#: Installer tools that ``pip freeze`` leaves out of a lock: the venv brings its own.
INSTALLERS = {"pip", "setuptools", "wheel"}


def canonical(name: str) -> str:
    """PEP 503 name: ``Foo_Bar`` and ``foo-bar`` are one package."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lock(path: Path) -> dict[str, str]:
    """``name==version`` lines of a lock file (comments and options skipped)."""
    pins: dict[str, str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        name, sep, version = line.partition("==")
        if not sep:
            raise SystemExit(f"{path.name}:{number}: not a 'name==version' pin: {raw!r}")
        pins[canonical(name)] = version.strip()
    return pins


def core_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(r) for r in project["dependencies"]]


def closure(roots: list[Requirement]) -> set[str]:
    """Every distribution the roots need here, following markers and requested extras."""
    seen: set[str] = set()
    todo = [(r, frozenset(r.extras)) for r in roots]
    while todo:
        req, extras = todo.pop()
        name = canonical(req.name)
        if name in INSTALLERS or (name in seen and not extras):
            continue
        seen.add(name)
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            raise SystemExit(f"{req.name} is not installed here: run `make install` first") from None
        for spec in dist.requires or []:
            child = Requirement(spec)
            envs = [{"extra": e} for e in extras] or [{"extra": ""}]
            if child.marker is not None and not any(child.marker.evaluate(env) for env in envs):
                continue
            todo.append((child, frozenset(child.extras)))
    return seen


def derive() -> dict[str, str]:
    full = read_lock(FULL)
    needed = closure(core_requirements())
    missing = sorted(needed - full.keys())
    if missing:
        raise SystemExit(f"requirements.lock does not pin: {', '.join(missing)}")
    return {name: full[name] for name in sorted(needed)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="compare, do not write")
    mode.add_argument("--write", action="store_true", help="rewrite requirements-core.lock")
    args = ap.parse_args(argv)
    wanted = derive()
    if args.write:
        CORE.write_text("".join(f"{n}=={v}\n" for n, v in wanted.items()), encoding="utf-8")
        print(f"wrote {CORE.name}: {len(wanted)} pins")
        return 0
    have = read_lock(CORE)
    problems = [f"missing {n}=={v}" for n, v in wanted.items() if n not in have]
    problems += [f"not needed by the core: {n}" for n in have if n not in wanted]
    problems += [f"{n}: {have[n]} here, {v} in requirements.lock"
                 for n, v in wanted.items() if n in have and have[n] != v]
    for p in problems:
        print(f"requirements-core.lock: {p}", file=sys.stderr)
    if not problems:
        print(f"requirements-core.lock: {len(have)} pins, the core's closure at the full lock's versions")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

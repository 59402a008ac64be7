"""requirements-core.lock is derived from requirements.lock and pyproject.toml, not kept by hand."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parent.parent / "tools" / "locks.py"


@pytest.fixture()
def locks():
    spec = importlib.util.spec_from_file_location("locks", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_core_lock_is_the_core_closure_at_the_full_locks_versions(locks, capsys):
    assert locks.main(["--check"]) == 0, capsys.readouterr().err


def test_drift_is_reported(locks, tmp_path, capsys):
    pins = locks.read_lock(locks.CORE)
    name = "duckdb"
    assert name in pins
    drifted = {**pins, name: "0.0.1"}
    drifted.pop("click")
    drifted["not-a-core-package"] = "1.0"
    core = tmp_path / "requirements-core.lock"
    core.write_text("".join(f"{n}=={v}\n" for n, v in drifted.items()))
    locks.CORE = core
    assert locks.main(["--check"]) == 1
    err = capsys.readouterr().err
    assert "duckdb: 0.0.1 here" in err
    assert "missing click==" in err
    assert "not needed by the core: not-a-core-package" in err


def test_write_rederives_the_same_file(locks, tmp_path):
    core = tmp_path / "requirements-core.lock"
    locks.CORE = core
    assert locks.main(["--write"]) == 0
    assert locks.read_lock(core) == locks.read_lock(TOOL.parent.parent / "requirements-core.lock")

"""Shared fixtures: one real pipeline (spaCy model + dictionaries) per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "us-russia-ambassadors.txt"


@pytest.fixture(scope="session")
def pipeline():
    from detente import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def example_path() -> Path:
    return EXAMPLE

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


@pytest.fixture(scope="session")
def stock_nlp():
    """The English model as spaCy ships it (its own attribute ruler and lemmatizer), plus
    detente's paragraph rule: what detente's faster components must agree with."""
    import spacy

    from detente.settings import DEFAULT_MODELS

    name = next(m for m in DEFAULT_MODELS if spacy.util.is_package(m))
    nlp = spacy.load(name)
    nlp.add_pipe("detente_paragraphs", before="parser")
    assert type(nlp.get_pipe("attribute_ruler")).__name__ == "AttributeRuler"
    assert type(nlp.get_pipe("lemmatizer")).__name__ == "EnglishLemmatizer"
    return nlp

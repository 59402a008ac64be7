"""PETRARCH's validation dictionaries (made-up actors of Middle-earth), as the tests load them."""

from __future__ import annotations

from pathlib import Path

from detente.pipeline import Pipeline
from detente.settings import Settings
from detente.stages.events import PetrarchRules

PETRARCH = Path(__file__).parent / "fixtures" / "gold" / "petrarch"


def validation_pipeline(rules: PetrarchRules | None = None) -> Pipeline:
    """A pipeline on ``PETR.Validate.*`` coding as PETRARCH's unit tests do: future and
    hypothetical events too, no implicit targets; with ``rules``, by PETRARCH's conventions
    (what `detente eval --dictionaries` sets)."""
    pipe = Pipeline(Settings(verbs=PETRARCH / "PETR.Validate.verbs.txt", actors=PETRARCH / "PETR.Validate.actors.txt",
                             agents=PETRARCH / "PETR.Validate.agents.txt"))
    pipe.coder.code_modal = True
    pipe.coder.implicit_targets = False
    pipe.coder.petrarch = rules
    return pipe

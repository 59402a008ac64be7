"""The README's Python example runs and prints what the README says it prints."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

from detente import Article

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_python_example_runs_as_shown(pipeline):
    text = README.read_text(encoding="utf-8")
    block = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    expected = [l[2:] for l in block.splitlines() if l.startswith("# ")]
    code = "\n".join(l for l in block.splitlines() if not l.startswith("# "))
    out = io.StringIO()
    articles = [Article(id="r1", text="Moscow recalled its ambassador.")]
    with contextlib.redirect_stdout(out):
        exec(compile(code, str(README), "exec"), {"articles": articles})
    lines = out.getvalue().splitlines()
    assert lines[: len(expected)] == expected
    assert lines[-1] == "r1 1"


def test_readme_first_screen_has_the_two_commands():
    first_screen = "\n".join(README.read_text(encoding="utf-8").splitlines()[:30])
    assert "make demo" in first_screen and "make test" in first_screen

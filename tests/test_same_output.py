"""benchmarks/same_output.py, the check that a speed change leaves the output as it was."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FEW = ROOT / "tests" / "fixtures" / "robust" / "few.jsonl.xz"


@pytest.fixture(scope="module")
def same_output():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import same_output
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return same_output


def test_a_dump_compares_equal_to_itself_and_reports_a_change(same_output, tmp_path: Path, capsys) -> None:
    before = tmp_path / "before.json"
    assert same_output.main([str(FEW), "--limit", "3", "--out", str(before)]) == 0
    dumped = json.loads(before.read_text())
    assert dumped["articles"] == [3] and dumped["events"] and dumped["chunks"]
    assert same_output.main([str(FEW), "--limit", "3", "--compare", str(before)]) == 0
    assert "events: %d before, %d now: identical" % ((len(dumped["events"]),) * 2) in capsys.readouterr().out

    changed = dict(dumped, events=dumped["events"][1:])
    changed["chunks"] = [[aid, [[s, e + 1, i] for s, e, i in chunks]] for aid, chunks in dumped["chunks"]]
    altered = tmp_path / "altered.json"
    altered.write_text(json.dumps(changed))
    assert same_output.main([str(FEW), "--limit", "3", "--compare", str(altered)]) == 1
    out = capsys.readouterr().out
    assert "events: %d before, %d now: DIFFER" % (len(dumped["events"]) - 1, len(dumped["events"])) in out
    assert "only now: " + dumped["events"][0][:50] in out
    assert "chunks:" in out and "DIFFER" in out.split("chunks:")[1]

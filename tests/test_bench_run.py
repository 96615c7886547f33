"""`make bench`'s runner: which scripts it finds, and what it says about a missing one."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import run


def test_finds_stage_scripts_in_order_and_skips_helpers():
    found = run.scripts()
    assert "run" not in found and not any(name.startswith("_") for name in found)
    assert found.index("themes_quality") < found.index("themes_speed")


def test_absent_script_is_reported_not_run(capsys):
    result = run.run_script("no_such_bench")
    assert result["status"] == "absent" and result["results"] == []
    text = run.summary([result])
    assert "no_such_bench" in text and "absent" in text

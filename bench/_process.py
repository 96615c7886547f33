"""Running one measurement in a fresh Python process, as a user's command would run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OFFLINE = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


def run_child(script: str, *args: str) -> dict:
    """Run `script --child ARGS` in a new process (offline, from the repository root) and
    return the JSON object its last line prints, with `load`: the load average around
    the run (on a shared machine the wall time depends on it)."""
    load = os.getloadavg()[0]
    out = subprocess.run([sys.executable, script, "--child", *args], check=True,
                         capture_output=True, text=True, cwd=REPO, env=OFFLINE)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    figures["load"] = (load + os.getloadavg()[0]) / 2
    return figures

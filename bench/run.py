"""`make bench`: run every benchmark script in bench/ and print one summary.

    .venv/bin/python bench/run.py                   # every bench/*.py but this and _helpers
    .venv/bin/python bench/run.py themes_quality    # only the ones named

Each script runs in its own process (so timings and memory are not polluted by the
others) and writes its own results under bench/results/. A script that is not there is
listed as absent; one that fails does not stop the rest, and the exit code says so.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
# Stage order first; any other script in bench/ (not run.py, not _helpers) runs after them.
ORDER = ("ingest_bench", "themes_quality", "themes_speed", "boards_bench")
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}


def scripts() -> list[str]:
    """Every benchmark script in bench/, in stage order."""
    found = {p.stem for p in BENCH.glob("*.py") if p.stem != "run" and not p.stem.startswith("_")}
    return [n for n in ORDER if n in found] + sorted(found - set(ORDER))


def run_script(name: str) -> dict:
    """Run one script, echoing its output; its status, seconds and results files."""
    path = BENCH / f"{name}.py"
    if not path.is_file():
        return {"script": name, "status": "absent", "seconds": 0.0, "results": []}
    print(f"\n=== {name} ===", flush=True)
    before = {p: p.stat().st_mtime for p in RESULTS.glob("*")} if RESULTS.is_dir() else {}
    start = time.perf_counter()
    code = subprocess.call([sys.executable, str(path)], cwd=BENCH.parent, env=ENV)
    seconds = time.perf_counter() - start
    written = sorted(p.name for p in RESULTS.glob("*")
                     if p.is_file() and before.get(p) != p.stat().st_mtime)
    return {"script": name, "status": "ok" if code == 0 else f"failed (exit {code})",
            "seconds": seconds, "results": written}


def summary(rows: list[dict]) -> str:
    """The closing summary: one line per script, then the quality table if written."""
    lines = ["", "=== bench summary ===", f"{'script':<16} {'status':<16} {'time':>8}  results"]
    for r in rows:
        written = ", ".join(r["results"]) or "-"
        lines.append(f"{r['script']:<16} {r['status']:<16} {r['seconds']:7.0f}s  {written}")
    quality = RESULTS / "themes_quality.csv"
    if quality.is_file():
        import pandas as pd

        table = pd.read_csv(quality)
        keep = ["set", "method", "embedder", "ari", "nmi", "ami", "npmi", "diversity",
                "unassigned_after", "n_themes", "seed_ari", "boot_ari"]
        lines += ["", "theme quality (bench/results/themes_quality.md):",
                  table[[c for c in keep if c in table]].round(3).to_string(index=False)]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="*", help="script names to run (default: all)")
    args = parser.parse_args(argv)
    names = [n.removesuffix(".py") for n in args.only] or scripts()
    rows = [run_script(name) for name in names]
    print(summary(rows))
    return 0 if all(r["status"] in ("ok", "absent") for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

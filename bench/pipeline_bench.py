"""The whole pipeline on a large survey: 10,334 real NHS feedback answers as one project.

    .venv/bin/python bench/pipeline_bench.py              # all answers
    .venv/bin/python bench/pipeline_bench.py --rows 2000  # a quicker look

A fresh project (`sensemaking init`) gets the answers of ../shared/data (NHS feedback,
phase 1) as one survey file in data/raw/, with the respondent id and the trust's name as
columns, no manifest. One fresh Python process then runs every stage as a user's
`sensemaking run` would, in order: ingest, themes (MiniLM, nothing cached yet, so the
embedding of every answer is included), surprises, the workshop pack and the partner
report. Each stage's wall time is recorded, and the process's CPU time and peak RSS.
Results go to bench/results/pipeline.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

from _process import run_child

REPO = Path(__file__).resolve().parents[1]
NHS = REPO.parent / "shared" / "data" / "labelled" / "nhs_feedback_phase1" / "text_data.csv"
RESULTS = REPO / "bench" / "results" / "pipeline.md"


def child(root: str) -> None:
    """Run every stage in this process and print the figures as JSON."""
    start = time.perf_counter()
    import sensemaking as sm

    project = sm.open_project(root)
    stages = {"ingest": project.ingest, "themes": project.find_themes,
              "surprises": project.find_surprises, "boards": lambda: project.board("bench"),
              "report": project.report}
    seconds = {}
    for name, run in stages.items():
        began = time.perf_counter()
        run()
        seconds[name] = round(time.perf_counter() - began, 1)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    themes = json.loads((project.cache_dir / "themes.json").read_text(encoding="utf-8"))
    print(json.dumps({
        "stages": seconds,
        "seconds": round(time.perf_counter() - start, 1),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),
        "excerpts": len(project.excerpts),
        "themes": len(themes["themes"] if isinstance(themes, dict) else themes),
    }))


def make_project(root: Path, rows: int | None) -> tuple[Path, int]:
    """A new project holding the NHS answers as data/raw/feedback.csv; and their number."""
    import pandas as pd

    import sensemaking as sm

    project = sm.init_project(root)
    answers = pd.read_csv(NHS).rename(columns={"row_index": "respondent", "feedback": "answer",
                                                "organization": "trust"})
    answers = answers[["respondent", "answer", "trust"]].head(rows)
    answers.to_csv(project.root / "data" / "raw" / "feedback.csv", index=False)
    return project.root, len(answers)


def report(m: dict, answers: int) -> str:
    stages = m["stages"]
    lines = [
        "# The whole pipeline on a large survey",
        "",
        f"Measured by `bench/pipeline_bench.py` on {platform.machine()} with {os.cpu_count()} cores",
        f"(load average {m['load']:.1f} while it ran), Python {platform.python_version()}.",
        f"{answers:,} NHS feedback answers as one survey file in a new project, no manifest; one",
        "fresh process runs every stage in order, as `sensemaking run` does. Nothing is cached",
        "beforehand: the themes time includes embedding every answer with MiniLM.",
        "",
        "| " + " | ".join([*stages, "total", "CPU seconds", "peak RSS MB", "excerpts", "themes"]) + " |",
        "|" + "---:|" * (len(stages) + 5),
        "| " + " | ".join([*(f"{s} s" for s in stages.values()), f"{m['seconds']} s",
                           str(m["cpu_seconds"]), str(m["peak_rss_mb"]), f"{m['excerpts']:,}",
                           str(m["themes"])]) + " |",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=None, help="the first N answers only")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    if not NHS.is_file():
        print(f"skipped: {NHS.relative_to(REPO.parent)} is not present")
        return 0
    sys.path.insert(0, str(REPO))
    with tempfile.TemporaryDirectory() as tmp:
        root, answers = make_project(Path(tmp) / "survey", args.rows)
        figures = run_child(__file__, str(root))
    text = report(figures, answers)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Workshop pack speed: 30 themes and 2,000 excerpts, from tables to pack.pdf (target <= 30 s).

    .venv/bin/python bench/boards_bench.py                 # 30 themes, 2,000 excerpts
    .venv/bin/python bench/boards_bench.py --themes 8 --excerpts 300

The project is synthetic (tests/boards_synthetic.py writes the tables the boards read:
excerpts, a themes run, map, surprises), so the figure is the boards stage alone. Each
run is a fresh process calling `project.board()` as a user would, A3 and then A4 with
three tables; the time covers reading the workspace, charts, HTML, WeasyPrint layout,
the PDF and the return sheets. Results go to bench/results/boards.md.
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
RESULTS = REPO / "bench" / "results" / "boards.md"
TARGET_SECONDS = 30.0


def child(root: str, paper: str, tables: int) -> None:
    """Print one pack in this process and print its figures as JSON."""
    from pypdf import PdfReader

    import sensemaking as sm

    start = time.perf_counter()
    project = sm.open_project(root)
    folder = project.board(f"bench-{paper}", paper=paper, tables=tables)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    pdf = folder / "pack.pdf"
    print(
        json.dumps(
            {
                "paper": paper,
                "tables": tables,
                "seconds": round(seconds, 1),
                "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
                "pages": len(PdfReader(pdf).pages),
                "pdf_mb": round(pdf.stat().st_size / 1e6, 2),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            }
        )
    )


def measure(root: Path, paper: str, tables: int) -> dict:
    return run_child(__file__, str(root), paper, str(tables))


def report(rows: list[dict], themes: int, excerpts: int) -> str:
    lines = [
        "# Workshop pack speed",
        "",
        f"Measured by `bench/boards_bench.py` on {platform.machine()} with {os.cpu_count()} cores",
        (
            "(shared with other work; timings vary by about 30 %), "
            f"Python {platform.python_version()}."
        ),
        f"A synthetic project of {themes} themes and {excerpts:,} excerpts; each row is one",
        "fresh process running `project.board()` (workspace replay, charts, HTML, WeasyPrint",
        f"layout and PDF, return sheets). Target: at most {TARGET_SECONDS:.0f} s of wall time;",
        "CPU seconds (imports included) show the cost without the other work sharing the cores.",
        "",
        "| paper | tables | pages | seconds | CPU seconds | within target | pdf MB | peak RSS MB |",
        "|---|---:|---:|---:|---:|---|---:|---:|",
    ]
    for r in rows:
        ok = "yes" if r["seconds"] <= TARGET_SECONDS else "no"
        lines.append(
            f"| {r['paper']} | {r['tables']} | {r['pages']} | {r['seconds']} | {r['cpu_seconds']} | {ok} | "
            f"{r['pdf_mb']} | {r['peak_rss_mb']} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--themes", type=int, default=30)
    parser.add_argument("--excerpts", type=int, default=2000)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return 0
    sys.path.insert(0, str(REPO / "tests"))
    from boards_synthetic import make_project

    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(
            Path(tmp) / "bench", n_themes=args.themes, n_excerpts=args.excerpts, n_people=120
        )
        rows = [measure(root, "a3", 1), measure(root, "a4", 3)]
    text = report(rows, args.themes, args.excerpts)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0 if all(r["seconds"] <= TARGET_SECONDS for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Ingest throughput (MB/s, excerpts/s) on the sample project and on a 100x copy of it.

    .venv/bin/python bench/ingest_bench.py               # sample and 100x
    .venv/bin/python bench/ingest_bench.py --copies 10   # a quicker look
    PYTHONPATH=<other checkout> .venv/bin/python bench/ingest_bench.py --output other.md
                                                          # another version, same corpus

The replicated project holds every sample source 100 times, each copy under its own
folder and file name and made byte-unique (ingest skips exact copies): trailing newlines
for text formats, a document property for docx/xlsx, trailing bytes after %%EOF for pdf.
Its text is therefore repeated, and boilerplate removal (text repeated across >= 3
sources) rightly drops nearly all of it: throughput is counted on the excerpts
segmentation produced before that step, and the final count is shown beside it.

Each run is a fresh Python process calling `project.ingest()` as a user would: the time
includes imports, loading spaCy and the privacy word lists, reading, pseudonymising,
segmenting and writing. Results go to bench/results/ingest.md. On a shared machine the
wall-clock time depends on the load, so the CPU time (user + system) of each run and the
load average around it are recorded too.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
import tomllib
from pathlib import Path

from _process import run_child

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "sample"
RESULTS = REPO / "bench" / "results" / "ingest.md"


def child(root: str) -> None:
    """Run one ingest in this process and print its figures as JSON."""
    start = time.perf_counter()
    import sensemaking as sm

    project = sm.open_project(root)
    report = project.ingest()
    seconds = time.perf_counter() - start
    print(json.dumps({
        "seconds": seconds,
        "bytes": report.bytes_read,
        "sources": report.ingested,
        "skipped": len(report.skipped),
        "segmented": sum(s.excerpts for s in report.sources),
        "excerpts": report.excerpts,
        "boilerplate": report.dropped.get("boilerplate", 0),
        "cpu_seconds": _cpu_seconds(),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(root: Path) -> dict:
    return run_child(__file__, str(root))


def fresh_copy(target: Path, sample: Path = SAMPLE) -> Path:
    shutil.copytree(sample, target, ignore=shutil.ignore_patterns(
        ".sensemaking", "pseudonym_key.csv", "privacy_review.csv", "answer_key*"))
    return target


def replicate(target: Path, copies: int, sample: Path = SAMPLE) -> Path:
    """The sample with every source `copies` times, under new names, byte-unique."""
    root = fresh_copy(target, sample)
    raw = root / "data" / "raw"
    originals = sorted(p for p in raw.rglob("*") if p.is_file())
    settings = tomllib.loads((root / "sensemaking.toml").read_text(encoding="utf-8"))
    mapping = settings.get("ingest", {}).get("columns", {})
    sources = (root / "data" / "sources.csv").read_text(encoding="utf-8").splitlines()
    rows, extra_toml = [sources[0]], []
    for path in originals:
        rel = path.relative_to(raw).as_posix()
        data = path.read_bytes()
        for n in range(copies):
            new = f"copy{n:03d}/{Path(rel).parent}/{path.stem}_c{n:03d}{path.suffix}"
            (raw / new).parent.mkdir(parents=True, exist_ok=True)
            (raw / new).write_bytes(unique(data, path.suffix, n))
            rows += [new + line[len(rel):] for line in sources[1:] if line.startswith(rel + ",")]
            if rel in mapping:
                body = "\n".join(f'{k} = {json.dumps(v)}' for k, v in mapping[rel].items())
                extra_toml.append(f'[ingest.columns."{new}"]\n{body}\n')
        path.unlink()
    (root / "data" / "sources.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    with open(root / "sensemaking.toml", "a", encoding="utf-8") as fh:
        fh.write("\n" + "\n".join(extra_toml))
    return root


def unique(data: bytes, suffix: str, n: int) -> bytes:
    """The same content with different bytes (see the module docstring)."""
    if suffix == ".docx":
        import docx

        document = docx.Document(io.BytesIO(data))
        properties = document.core_properties
    elif suffix == ".xlsx":
        import openpyxl

        document = openpyxl.load_workbook(io.BytesIO(data))
        properties = document.properties
    else:
        return data + b"\n" * (n + 1)
    properties.subject = f"copy {n}"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def row(name: str, files: int, m: dict) -> str:
    mb = m["bytes"] / 1e6
    return (f"| {name} | {files} | {mb:.2f} | {m['seconds']:.1f} | {m['cpu_seconds']:.1f} | "
            f"{mb / m['cpu_seconds']:.3f} | {m['segmented']} | "
            f"{m['segmented'] / m['cpu_seconds']:.0f} | {m['excerpts']} | {m['boilerplate']} | "
            f"{m['peak_rss_mb']:.0f} | {m['load']:.1f} |")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--child")
    parser.add_argument("--sample", type=Path, default=SAMPLE, help="the project to replicate")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child)
        return 0
    if not (args.sample / "data" / "raw").is_dir():
        print("data/sample/data/raw is missing; nothing to measure", file=sys.stderr)
        return 1
    lines = []
    with tempfile.TemporaryDirectory(prefix="ingest_bench_") as tmp:
        sample = fresh_copy(Path(tmp) / "sample", args.sample)
        n_files = sum(1 for p in (sample / "data" / "raw").rglob("*") if p.is_file())
        first = measure(sample)
        print("sample", first, flush=True)
        lines.append(row("sample (1x)", n_files, first))
        again = measure(sample)  # key and lists exist now: what a re-run costs
        lines.append(row("sample, re-run", n_files, again))
        big = replicate(Path(tmp) / "big", args.copies, args.sample)
        many = measure(big)
        print(f"{args.copies}x", many, flush=True)
        lines.append(row(f"sample ({args.copies}x)", n_files * args.copies, many))
        marginal = {k: many[k] - again[k] for k in ("seconds", "cpu_seconds", "bytes",
                                                     "segmented", "excerpts", "boilerplate")}
        marginal["peak_rss_mb"], marginal["load"] = many["peak_rss_mb"], many["load"]
        lines.append(row(f"{args.copies}x minus re-run (marginal)", n_files * (args.copies - 1),
                         marginal))
    write(lines, args.copies, args.output)
    return 0


def write(lines: list[str], copies: int, output: Path) -> None:
    header = (
        "| corpus | files | MB read | wall s | CPU s | MB/CPU s | excerpts segmented | "
        "excerpts/CPU s | excerpts kept | boilerplate dropped | peak RSS MB | load |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    text = f"""# Ingest throughput

Measured by `bench/ingest_bench.py` on {platform.machine()} with {os.cpu_count()} cores
shared with other work, Python {platform.python_version()}. Each row is one fresh process
running `project.ingest()`: imports, spaCy and the privacy word table load, then read,
resolve speakers, pseudonymise, segment, drop boilerplate and write `.sensemaking/`.
Wall time follows the machine's load (the load average during the run is in the last
column); CPU time (user + system) does much less, so rates are per CPU second.

{header}
{chr(10).join(lines)}

The marginal row subtracts the re-run from the {copies}x run: the cost of each extra
megabyte once start-up is paid. The {copies}x corpus repeats the sample's text {copies}
times (files made byte-unique so they are not skipped as copies), so boilerplate removal
drops almost all of it, as it should: excerpts/CPU s counts excerpts produced by
segmentation, before that step.
"""
    output.parent.mkdir(parents=True, exist_ok=True)
    notes = ""  # hand-written sections (## ...) below the generated table are kept
    if output.is_file():
        old = output.read_text(encoding="utf-8")
        notes = old[old.find("\n## "):] if "\n## " in old else ""
    output.write_text(text + notes, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    sys.exit(main())

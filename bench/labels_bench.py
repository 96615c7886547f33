"""Theme labels against human classes: what scoring label phrases by meaning changes.

    .venv/bin/python bench/labels_bench.py

On each labelled set with named classes (the sample's planted themes, banking77's
intents, NHS feedback's categories), the themes build runs twice on the same MiniLM
vectors with seed 0: labelled by c-TF-IDF phrase scores alone, and with each theme's best
phrases also scored by their cosine to the theme's centre, as `sensemaking themes` does
with a sentence model. The themes are the same; only labels differ.

A label "fits" when it shares a content word (by lemma) with the human class most of its
theme's labelled members carry: the class name ("terminate_account"), and for the sample
the planted theme's description in data/sample/ANSWER_KEY.md. It is a rough check, so
every label that changed is listed to be read. Results: bench/results/labels.md.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _data
from themes_quality import vectors_for

RESULTS = Path(__file__).resolve().parent / "results" / "labels.md"
SETS = {"sample": _data.load_sample, "banking77": _data.load_banking77, "nhs_feedback": _data.load_nhs}


def planted_descriptions() -> dict[str, str]:
    """The sample's planted themes: slug -> "what people talk about" (ANSWER_KEY.md)."""
    text = (_data.SAMPLE / "ANSWER_KEY.md").read_text(encoding="utf-8")
    section = text.split("## Planted themes", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (\w+) \| ([^|]+) \| \d+ \|$", section, flags=re.MULTILINE)
    return {slug: words for slug, words in rows}


def content_lemmas(text: str) -> set[str]:
    """The lemmas of the content words of `text` ("terminate_account" -> terminate, account)."""
    from sensemaking.themes.text import WORD, is_stop, lemma

    return {lemma(w) for w in WORD.findall(text.replace("_", " ").lower()) if not is_stop(w)}


def labels_of(labelled, vectors: np.ndarray, embed) -> tuple[list[str], np.ndarray]:
    """Labels of ours (seed 0, default settings), and each excerpt's theme."""
    from sensemaking.project import DEFAULT_SETTINGS
    from sensemaking.themes.build import build_themes

    frame = labelled.frame if labelled.frame is not None else pd.DataFrame(
        {"excerpt_id": [f"x{i}" for i in range(len(labelled.texts))], "text": labelled.texts})
    result = build_themes(frame, vectors, settings=dict(DEFAULT_SETTINGS["themes"]), seed=0,
                          run_id="bench", embed=embed)
    return [t["label"] for t in result.themes], result.model.labels_


def score(labelled, labels: list[str], assigned: np.ndarray, words: dict[str, set[str]]) -> list[dict]:
    """One row per theme with labelled members: its label, majority class, and whether it fits."""
    truth = np.array([lab if lab is not None else "" for lab in labelled.labels], dtype=object)
    rows = []
    for t, label in enumerate(labels):
        classes = Counter(c for c in truth[assigned == t] if c)
        if not classes:
            continue
        cls = classes.most_common(1)[0][0]
        rows.append({"theme": t, "label": label, "class": cls,
                     "fits": bool(content_lemmas(label) & words.setdefault(cls, content_lemmas(cls)))})
    return rows


def main() -> int:
    from sensemaking.embed import PHRASE_CACHE, MiniLMEmbedder, embed_texts

    model = MiniLMEmbedder()

    def embed(phrases):
        return embed_texts(phrases, model, cache_dir=_data.CACHE / "embeddings" / PHRASE_CACHE)

    lines = ["# Theme labels against human classes", "", __doc__.split("\n\n", 2)[2].strip(), "",
             "| set | themes scored | fit, c-TF-IDF alone | fit, also by meaning (shipped) |",
             "|---|---|---|---|"]
    changes = []
    for name, load in SETS.items():
        try:
            labelled = load()
        except _data.Skip as why:
            print(f"{name}: skipped ({why})")
            continue
        vectors = vectors_for(labelled, "minilm")
        words = {slug: content_lemmas(f"{slug} {text}") for slug, text in planted_descriptions().items()} \
            if name == "sample" else {}
        plain = score(labelled, *labels_of(labelled, vectors, None), words)
        meant = score(labelled, *labels_of(labelled, vectors, embed), words)
        fit_plain, fit_meant = sum(r["fits"] for r in plain), sum(r["fits"] for r in meant)
        lines.append(f"| {name} | {len(meant)} | {fit_plain} | {fit_meant} |")
        print(f"{name}: {fit_plain} -> {fit_meant} of {len(meant)} labels fit")
        for before, after in zip(plain, meant, strict=True):
            if before["label"] != after["label"]:
                mark = {(False, True): "+", (True, False): "-"}.get((before["fits"], after["fits"]), " ")
                changes.append(f"| {name} | {before['label']} | {after['label']} | {after['class']} | {mark} |")
    lines += ["", "Labels that changed (+ now fits, - no longer fits):", "",
              "| set | c-TF-IDF alone | also by meaning | majority class | |", "|---|---|---|---|---|",
              *changes]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"written to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Data for the benchmarks: labelled sets for quality, real text scaled up for speed.

Labelled sets (human codes to compare themes against):

    nhs        ../shared/data/labelled/nhs_feedback_phase1/text_data.csv  `label` (9 codes)
    banking77  ../shared/data/labelled/banking77/test.csv                 `category` (77)
    sample     data/sample (ingested with the project's own ingest) + answer_key.csv theme rows
    mixed_domains  5,000 nhs + 5,000 banking77 train texts, each with its own codes
    committee_meetings  ../shared/data/transcripts/qmsum_committee: 36 real meetings, each
               turn coded with the agenda topic its meeting was discussing (scored
               meeting by meeting: topics are the meeting's own)

The shared data folder sits beside the repository; when it is absent the sets that need
it are skipped with a reason (`Skip`), never faked. Speed runs need bigger corpora than any
one set: `scaled_texts(n)` samples real answers and, past the real pool, makes perturbed
copies (words dropped, swapped, two answers joined) so that every text is distinct and
embedding caches cannot shortcut the work.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"
LABELLED = SHARED / "labelled"
SAMPLE = REPO / "data" / "sample"
CACHE = REPO / "bench" / ".cache"


class Skip(Exception):
    """A data set is not available here; the message says which file and why."""


@dataclass
class LabelledSet:
    """Texts to cluster, with a human label for those that have one (None otherwise)."""

    name: str
    texts: list[str]
    labels: list[str | None]
    ids: list[str] = field(default_factory=list)
    note: str = ""
    # A project's excerpt table (source, kind, position, people), so that ours reads
    # interview turns in context and sets small talk aside as `sensemaking themes` does.
    frame: pd.DataFrame | None = None
    # Where codes are only comparable inside a group (one meeting's agenda topics), the
    # group of each text: agreement is then scored group by group.
    groups: list[str] | None = None

    @property
    def scored(self) -> np.ndarray:
        """Positions of texts that carry a human label (the ones metrics are computed on)."""
        return np.array([i for i, lab in enumerate(self.labels) if lab is not None], dtype=int)

    @property
    def n_true(self) -> int:
        """The true number of human themes."""
        return len({lab for lab in self.labels if lab is not None})


def _need(path: Path) -> Path:
    if not path.is_file():
        raise Skip(f"{path.relative_to(REPO.parent) if path.is_relative_to(REPO.parent) else path} "
                   "is absent (the shared data folder is not beside the repository)")
    return path


def load_nhs() -> LabelledSet:
    """NHS patient feedback, 9 main categories; empty answers dropped."""
    frame = pd.read_csv(_need(LABELLED / "nhs_feedback_phase1" / "text_data.csv"))
    frame = frame[frame["feedback"].notna() & frame["feedback"].astype(str).str.strip().ne("")]
    return LabelledSet(
        "nhs_feedback",
        frame["feedback"].astype(str).tolist(),
        frame["label"].astype(str).tolist(),
        [f"nhs{i}" for i in frame["row_index"]],
        note="'Couldn't be improved' answers are near-duplicates ('Nothing.')",
    )


def load_banking77() -> LabelledSet:
    """Banking77 test split: 3,080 customer queries in 77 intents."""
    frame = pd.read_csv(_need(LABELLED / "banking77" / "test.csv"))
    return LabelledSet(
        "banking77",
        frame["text"].astype(str).tolist(),
        frame["category"].astype(str).tolist(),
        [f"b{i}" for i in range(len(frame))],
        note="fine-grained customer intents",
    )


def _squash(text: str) -> str:
    """Lower case, straight quotes, single spaces: how snippets are matched to excerpts."""
    text = text.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip()


def _sample_project() -> Path:
    """A private copy of the sample project under bench/.cache, ingested again whenever
    the sample's files or sensemaking's code change (an ingest by older code would measure
    excerpts the current code no longer makes)."""
    if not (SAMPLE / "answer_key.csv").is_file() or not (SAMPLE / "data" / "raw").is_dir():
        raise Skip("data/sample has no corpus or answer_key.csv yet")
    from sensemaking.pipeline import code_digest
    from sensemaking.project import Project

    root = CACHE / "sample_project"
    stamp = root / ".sensemaking" / "excerpts.parquet"
    code = root / "ingested_by.txt"
    lists = [SAMPLE / "private" / name for name in ("deny_list.txt", "not_names.txt")]
    sources = sorted((SAMPLE / "data").rglob("*")) + [SAMPLE / "sensemaking.toml", *lists]
    newest = max(p.stat().st_mtime for p in sources if p.is_file())
    if (not stamp.is_file() or stamp.stat().st_mtime < newest or not code.is_file()
            or code.read_text() != code_digest()):
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        shutil.copy2(SAMPLE / "sensemaking.toml", root / "sensemaking.toml")
        shutil.copytree(SAMPLE / "data", root / "data")
        # The team's reviewed lists, as the sample ships them: names nobody listed stay out
        # of the cache, and words checked not to be names stay in.
        (root / "private").mkdir()
        for path in lists:
            shutil.copy2(path, root / "private" / path.name)
        Project(root).ingest()
        code.write_text(code_digest())
    return root


def load_sample() -> LabelledSet:
    """The sample project's excerpts; an excerpt gets the label of an answer-key theme row
    whose snippet it contains (same source). Excerpts matching no snippet are clustered but
    not scored; an excerpt matching snippets of two themes takes the more frequent match."""
    from sensemaking.project import Project

    try:
        excerpts = Project(_sample_project()).excerpts
    except ImportError as exc:
        raise Skip(f"the project's ingest is not importable yet ({exc})") from None
    key = pd.read_csv(SAMPLE / "answer_key.csv")
    key = key[key["kind"] == "theme"]
    by_source: dict[str, list[tuple[str, str]]] = {}
    for row in key.itertuples():
        by_source.setdefault(str(row.source), []).append((_squash(str(row.snippet)), row.label))
    labels: list[str | None] = []
    for source, text in zip(excerpts["source_id"], excerpts["text"], strict=True):
        squashed = _squash(str(text))
        hits = [lab for snip, lab in _snippets_for(by_source, str(source)) if snip in squashed]
        labels.append(max(set(hits), key=hits.count) if hits else None)
    return LabelledSet(
        "sample",
        excerpts["text"].astype(str).tolist(),
        labels,
        excerpts["excerpt_id"].astype(str).tolist(),
        note="answer-key theme rows matched to ingested excerpts by snippet; clustered "
        "through the project's own pipeline (turns in context, small talk set aside)",
        frame=excerpts.reset_index(drop=True),
    )


def _snippets_for(by_source: dict, source_id: str) -> list[tuple[str, str]]:
    """Answer-key rows of one source. Source ids may be pseudonymised file names, so a
    source with no exact entry falls back to every row from the same folder."""
    if source_id in by_source:
        return by_source[source_id]
    folder = source_id.rsplit("/", 1)[0]
    return [pair for src, rows in by_source.items() if src.rsplit("/", 1)[0] == folder
            for pair in rows]


def load_mixed(n: int = 10_000, seed: int = 0) -> LabelledSet:
    """Two domains in one corpus: half NHS feedback, half banking77 train queries, each
    keeping its own codes (9 + 77). What a learning lead gets by pooling a survey with
    another programme's answers; it once gave two "themes", one per domain."""
    train = pd.read_csv(_need(LABELLED / "banking77" / "train.csv"))
    banking = LabelledSet("banking77_train", train["text"].astype(str).tolist(),
                          train["category"].astype(str).tolist())
    rng = np.random.default_rng(seed)
    texts, labels = [], []
    for part, prefix in ((load_nhs(), "nhs"), (banking, "bank")):
        for i in rng.choice(len(part.texts), n // 2, replace=False):
            texts.append(part.texts[i])
            labels.append(f"{prefix}:{part.labels[i]}")
    return LabelledSet("mixed_domains", texts, labels, [f"m{i}" for i in range(len(texts))],
                       note="5,000 nhs_feedback answers + 5,000 banking77 train queries")


def load_committee() -> LabelledSet:
    """QMSum's 36 committee meetings (the Senedd's children and education committee and the
    House of Commons' COVID-19 committee): every turn, coded with the agenda topic whose
    annotated span holds it (the first, where two overlap); turns outside every span are
    clustered but not scored. Read as a project reads transcripts: one source per meeting,
    turns in order, so ours reads each turn in context and sets small talk aside."""
    folder = SHARED / "transcripts" / "qmsum_committee" / "all"
    paths = sorted(folder.glob("*.json"))
    if not paths:
        raise Skip(f"{folder.relative_to(REPO.parent)} has no meetings (the shared data folder "
                   "is not beside the repository)")
    rows, labels = [], []
    for path in paths:
        meeting = json.loads(path.read_text(encoding="utf-8"))
        topic_of: dict[int, int] = {}
        for number, topic in enumerate(meeting["topic_list"]):
            for first, last in topic["relevant_text_span"]:
                for turn in range(int(first), int(last) + 1):
                    topic_of.setdefault(turn, number)
        for turn, said in enumerate(meeting["meeting_transcripts"]):
            text = " ".join(str(said["content"]).split())
            if not text:
                continue
            rows.append({"excerpt_id": f"{path.stem}-{turn}", "text": text, "source_id": path.stem,
                         "source_kind": "transcript", "char_start": turn,
                         "participant_id": str(said["speaker"])})
            labels.append(f"{path.stem}:{topic_of[turn]}" if turn in topic_of else None)
    frame = pd.DataFrame(rows)
    return LabelledSet("committee_meetings", frame["text"].tolist(), labels,
                       frame["excerpt_id"].tolist(),
                       note="QMSum committee meetings; agenda-topic spans scored within each meeting",
                       frame=frame, groups=frame["source_id"].tolist())


def _drawn(labelled: LabelledSet, name: str, n: int, *, codes: int | None = None, seed: int = 0,
           note: str = "") -> LabelledSet:
    """`n` texts of `labelled` at random (seeded), from `codes` of its codes at random when
    given: a corpus at the small end of the sizes a project has (200 excerpts)."""
    rng = np.random.default_rng(seed)
    pool = np.arange(len(labelled.texts))
    if codes:
        kept = set(rng.choice(sorted({str(c) for c in labelled.labels}), size=codes, replace=False))
        pool = np.array([i for i in pool if labelled.labels[i] in kept])
    chosen = np.sort(rng.choice(pool, size=n, replace=False))
    return LabelledSet(name, [labelled.texts[i] for i in chosen], [labelled.labels[i] for i in chosen],
                       [labelled.ids[i] for i in chosen], note=note)


def load_banking77_200() -> LabelledSet:
    """200 banking77 queries from 10 of its intents: a small project's worth."""
    return _drawn(load_banking77(), "banking77_200", 200, codes=10,
                  note="200 queries drawn from 10 intents drawn at random (seed 0)")


def load_nhs_200() -> LabelledSet:
    """200 NHS feedback answers at random: a small survey's worth."""
    return _drawn(load_nhs(), "nhs_feedback_200", 200, note="200 answers drawn at random (seed 0)")


LOADERS = {"nhs_feedback": load_nhs, "banking77": load_banking77, "sample": load_sample,
           "mixed_domains": load_mixed, "committee_meetings": load_committee,
           "banking77_200": load_banking77_200, "nhs_feedback_200": load_nhs_200}


def load_all(names=None) -> tuple[list[LabelledSet], dict[str, str]]:
    """Every labelled set that is available, and {name: reason} for those skipped."""
    sets, skipped = [], {}
    for name, loader in LOADERS.items():
        if names and name not in names:
            continue
        try:
            sets.append(loader())
        except Skip as why:
            skipped[name] = str(why)
    return sets, skipped


# -- scaled corpora for speed -----------------------------------------------------------


def _real_pool() -> list[str]:
    """Distinct real short texts from the shared data (survey answers, queries, feedback)."""
    parts = [load_nhs().texts, load_banking77().texts]
    train = LABELLED / "banking77" / "train.csv"
    if train.is_file():
        parts.append(pd.read_csv(train)["text"].astype(str).tolist())
    covid = SHARED / "surveys" / "covid_worry" / "data_incl_demographics.consent_filtered.csv"
    if covid.is_file():
        frame = pd.read_csv(covid)
        for col in ("text_short", "text_long"):
            parts.append(frame[col].dropna().astype(str).tolist())
    return list(dict.fromkeys(t.strip() for part in parts for t in part if t.strip()))


def _perturb(text: str, other: str, rng: np.random.Generator) -> str:
    """A plausible variant of `text`: a word dropped, two words swapped, or a clause added."""
    words = text.split()
    choice = rng.integers(3)
    if choice == 0 and len(words) > 3:
        del words[rng.integers(len(words))]
    elif choice == 1 and len(words) > 2:
        i = int(rng.integers(len(words) - 1))
        words[i], words[i + 1] = words[i + 1], words[i]
    else:
        words += other.split()[: max(3, len(other.split()) // 2)]
    return " ".join(words)


def scaled_texts(n: int, *, seed: int = 0) -> list[str]:
    """`n` distinct real-looking texts: a sample of the real pool, then perturbed copies."""
    pool = _real_pool()
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(pool))
    texts = [pool[i] for i in order[:n]]
    seen = set(texts)
    while len(texts) < n:
        a, b = rng.integers(len(pool), size=2)
        variant = _perturb(pool[a], pool[b], rng)
        if variant not in seen:
            seen.add(variant)
            texts.append(variant)
    return texts

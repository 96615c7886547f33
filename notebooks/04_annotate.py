# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 4 · Annotate: the team's judgement, kept safe
#
# The model's themes are proposals. Here the team renames, merges, splits, moves
# excerpts, codes, writes memos and marks themes agreed or parked. Every action is an
# event in `annotations/` (one append-only log per person, safe in OneDrive or Dropbox),
# signed with `by=` and an optional reason. Nothing is ever lost: undo is a new event,
# and when themes are re-run every decision is carried over or listed for review.

# %%
import os

import sensemaking as sm
from sensemaking.pipeline import run_stages

PROJECT = os.environ.get("SENSEMAKING_PROJECT", "../data/sample")
project = sm.open_project(PROJECT)
run_stages(project, only=["ingest", "themes"])  # each skipped when up to date
ws = project.workspace
BY = "learning lead"

# %% [markdown]
# ## Browse
# The team's themes: ids stay the same across re-runs.

# %%
themes = ws.themes
themes

# %%
biggest = themes.sort_values("size")["theme_id"].iloc[-1]
ws.quotes(biggest)

# %% [markdown]
# ## Search in context
# Every place a word or phrase is used, with the words either side (`bus*` for prefixes).

# %%
hits = ws.search("bus*")
hits.head(10)

# %% [markdown]
# ## The panel
# Browse themes with their quotes and counts, and rename, merge, flag, memo or set a
# status with buttons (each click writes an event). Type your name first.

# %%
ws.panel()

# %% [markdown]
# ## The worked example
# From here on the notebook renames, merges, splits, codes and agrees themes to show how
# each works. Every step is an event in a project's annotations, so the example works on
# a scratch copy of the sample project, made afresh each time: your project's
# annotations (the sample's too) are never touched, and the example runs the same every
# time. On your own project, make the team's decisions with the same calls on
# `project.workspace`, or with the panel above.

# %%
import shutil
import tempfile
from pathlib import Path

LATE = Path("extra") / "late_interview_yusuf.txt"  # the sample's interview that comes in late
SAMPLE = project.root if (project.root / LATE).is_file() else Path(os.environ.get("SENSEMAKING_SAMPLE", "../data/sample"))
scratch = Path(tempfile.mkdtemp(prefix="sensemaking-example-")) / "sample"
shutil.copytree(SAMPLE, scratch, ignore=shutil.ignore_patterns("annotations", "workshops", "reports"))
example = sm.open_project(scratch)
run_stages(example, only=["ingest", "themes"])  # skipped when the sample is up to date
ws = example.workspace
hits = ws.search("bus*")
biggest = ws.themes.sort_values("size")["theme_id"].iloc[-1]
print(f"worked example on a copy of the sample: {len(ws.themes)} themes")

# %% [markdown]
# ## Rename, memo, agree
# Give the theme most about buses the team's own name, note why, and agree it.

# %%
bus = hits["theme_id"].value_counts().idxmax() if len(hits) else biggest
ws.rename(bus, "Cut off by the bus cuts", by=BY, reason="the words residents used")
ws.memo(bus, "Raised across areas; the route cut is the common thread.", by=BY)
ws.status(bus, "agreed", by=BY, reason="discussed at the team meeting")

# %% [markdown]
# ## Merge
# Two themes that say the same thing in different words: on the sample, "Come home" and
# "Old neighbour goes weeks" are both older people alone (else the two smallest).

# %%
by_label = ws.themes.set_index("label")["theme_id"]
pair = [by_label[label] for label in ("Come home", "Old neighbour goes weeks") if label in by_label]
if len(pair) < 2:
    pair = ws.themes.sort_values("size")["theme_id"].head(2).tolist()
merge = ws.merge(pair[0], pair[1], by=BY, reason="same idea, two voices")
ws.themes

# %% [markdown]
# Changed your mind? Undo is a new event: the history keeps both.

# %%
ws.undo(merge.event_id, by=BY, reason="keep them apart for the workshop")
len(ws.themes)

# %% [markdown]
# ## Split and move
# Split off the excerpts of one theme that talk about something else, and move a
# single excerpt to where it belongs.

# %%
inside = ws.search("hospital", theme=bus)
if len(inside) >= 2:
    split = ws.split(bus, inside["excerpt_id"].unique().tolist(), label="Getting to hospital",
                     by=BY, reason="a distinct need")
    print("new theme", split.data["new_theme"])
other = ws.themes[ws.themes["theme_id"] != bus]["theme_id"].iloc[0]
excerpt = ws.excerpts(bus)["excerpt_id"].iloc[0]
ws.move(excerpt, other, by=BY, reason="fits better there")

# %% [markdown]
# ## Code by hand
# Codes of your own, several per excerpt, next to the themes.

# %%
for excerpt_id in ws.search("trust*")["excerpt_id"].unique()[:5]:
    ws.code(excerpt_id, "trust", by=BY)
ws.codes().head()

# %% [markdown]
# ## Flag a surprise

# %%
if len(ws.surprises):
    ws.flag(int(ws.surprises["rank"].iloc[0]), "we did not expect this", by=BY)
ws.surprises.head(3)

# %% [markdown]
# ## Agreement between two coders
# Two people code the same sample blind; Cohen's kappa and Krippendorff's alpha per
# code and overall (here a small made-up example).

# %%
sample = ws.excerpts(bus)["excerpt_id"].head(6).tolist()
coder_a = {"transport": [1, 1, 0, 1, 1, 0], "isolation": [0, 1, 1, 0, 1, 0]}
coder_b = {"transport": [1, 1, 0, 0, 1, 0], "isolation": [0, 1, 1, 0, 0, 0]}
for coder, codes in (("coder A", coder_a), ("coder B", coder_b)):
    for code, marks in codes.items():
        for excerpt_id, mark in zip(sample, marks):
            if mark:
                ws.code(excerpt_id, code, by=coder)
ws.agreement("coder A", "coder B", excerpt_ids=sample)

# %% [markdown]
# ## New data arrives
# A late interview comes in after the team has started. Add it to `data/raw/`, re-run
# ingest and themes, and every decision above is carried over: the renamed, agreed,
# split and merged themes keep their names and members, and anything that no longer
# fits is listed for review. (The sample keeps this interview in `extra/`.)

# %%
added = example.raw_dir / "interviews" / "riverside" / LATE.name
labels_before = ws.resolved().set_index("theme_id")["label"]
shutil.copy(example.root / LATE, added)
run_stages(example, only=["ingest", "themes"])
ws = sm.open_project(scratch).workspace
after = ws.resolved().set_index("theme_id")
kept = labels_before.index.intersection(after.index)
renamed = after.loc[kept, "label"] != labels_before[kept]
print(f"new run {ws.run_id}: {renamed.sum()} of {len(kept)} themes have a new label, the model's, "
      "as nobody had renamed them; the team's own labels are kept")
after.loc[[bus], ["label", "status", "size", "participants"]]

# %%
ws.review()

# %% [markdown]
# Each item stays listed until someone has looked at it. When nothing needs to change,
# dismiss it by its `key` (or its row); the dismissal is an event like any other, so
# `ws.undo` lists the item again, and a later run that raises the same concern lists it
# anew. From the terminal: `sensemaking annotate review DIR`, then
# `sensemaking annotate dismiss DIR KEY --by NAME`.

# %%
to_look_at = ws.review()
for _, item in to_look_at.head(1).iterrows():
    ws.dismiss(item, by="learning lead", reason="checked against the late interview")
print(f"{len(to_look_at)} items listed, {len(ws.review())} still to look at")

# %% [markdown]
# ## The record
# Every decision, who made it, when and why; what needs looking at again after a re-run;
# and the one resolved-themes table that boards and reports read.

# %%
ws.history()[["time", "author", "what", "reason", "in_force"]].tail(10)

# %%
ws.review()

# %%
ws.export_log(example.annotations_dir / "log.csv")
ws.resolved()[["theme_id", "label", "status", "size", "participants", "areas", "run_id"]]


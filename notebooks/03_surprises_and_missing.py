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
# # 3 · Surprises, and who is missing
#
# What should make a workshop stop and look: a theme much more common in one group,
# words that set a group apart, lone voices, change over time, expectations confirmed
# or contradicted, dissent inside a theme, and gaps in who was heard. Every item says
# why, with its numbers, and asks the workshop a question. The sentences go on boards
# and into the report, so a count of 1 to 4 people or notes reads "fewer than 5", as the
# charts show it (`[disclosure] k`), and such a sentence gives p and q only as "p < 0.05":
# an exact p beside its other figures would tell the count. The exact figures are in each
# item's `counts`, `p_value` and `q_value`.

# %%
import os

import matplotlib.pyplot as plt
import pandas as pd

import sensemaking as sm
from sensemaking.pipeline import run_stages
from sensemaking.units import people_by

PROJECT = os.environ.get("SENSEMAKING_PROJECT", "../data/sample")
project = sm.open_project(PROJECT)
run_stages(project, only=["ingest", "themes"])  # each skipped when up to date

# %%
surprises = project.find_surprises()
print(len(surprises), "surprises")

# %% [markdown]
# ## The ranked list
# With the team theme each one concerns; flags and notes the team adds in notebook 4
# show up here too.

# %%
ws = project.workspace
ws.surprises.head(10)

# %%
ws.surprises.groupby("kind").size().rename("items")

# %%
ws.surprises[["rank", "kind", "counts"]].head(3)  # the figures behind the first sentences

# %% [markdown]
# ## Who is missing
# Those heard against those the programme serves (expected shares in
# `sensemaking.toml`, `[population]`). These are prompts, never conclusions.

# %%
missing = ws.surprises[ws.surprises["kind"] == "missing"]
missing[["rank", "explanation", "question"]]

# %%
expected = pd.Series(project.config("population").get("area", {}), name="expected", dtype=float)
expected = expected / expected.sum()  # shares or percentages, as typed: shares of one
# voices as the who's-missing items count them: each person once, each note once
heard = pd.Series(people_by(project.excerpts, "area", notes=True), name="heard", dtype=float)
shares = pd.concat([expected, heard / heard.sum()], axis=1).sort_index()
if expected.empty:
    print("No [population.area] shares in sensemaking.toml: showing only who was heard.")
    shares = shares[["heard"]]
shares = shares.fillna(0)
if len(shares):
    ax = shares.plot.barh(figsize=(7, 3), color=["#999999", "#0072B2"][-shares.shape[1]:],
                          title="share of voices by area" + (": expected vs heard" if len(expected) else ""))
    ax.set_xlabel("share")
    plt.tight_layout()
shares.round(2)

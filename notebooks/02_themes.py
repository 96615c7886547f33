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
# # 2 · Candidate themes
#
# Embeds every excerpt and groups them into candidate themes, each with a readable
# label, the people who raised it, central quotes from different voices and a
# stability score (how often the theme comes back when the data is resampled).
# Themes are proposals: the team reviews them in notebook 4.

# %%
import os

import matplotlib.pyplot as plt
import pandas as pd

import sensemaking as sm
from sensemaking.pipeline import run_stages

PROJECT = os.environ.get("SENSEMAKING_PROJECT", "../data/sample")
project = sm.open_project(PROJECT)
run_stages(project, only=["ingest"])  # skipped when the sources have not changed
print("embedder:", project.config("themes").get("embedder"))

# %%
result = project.find_themes()
{k: v for k, v in result.figures.items() if not isinstance(v, (list, dict))}

# %% [markdown]
# ## The themes
# `size` counts excerpts; `voices` counts people and organisers' notes (a note records
# someone heard), so one talkative person is one voice; `people` counts participants
# alone. `tentative` marks themes that did not come back reliably when refitting on
# subsamples.

# %%
themes = project.themes
table = themes.set_index("theme_id")[["label", "size"]]
table["voices"] = themes.set_index("theme_id")["participants"]  # themes.json calls them participants
table["people"] = themes.set_index("theme_id")["participant_ids"].str.len()
table[["stability", "tentative"]] = themes.set_index("theme_id")[["stability", "tentative"]]
table["keywords"] = themes.set_index("theme_id")["keywords"].str[:6].str.join(", ")
table.style.format({"stability": "{:.2f}"}).set_properties(subset=["label", "keywords"], **{"text-align": "left"})

# %% [markdown]
# How many voices raised each theme: people, and each organiser's note (a note records
# someone heard); not excerpts, so one talkative person is one voice.

# %%
ordered = themes.sort_values("participants")
fig, ax = plt.subplots(figsize=(7, 0.35 * len(ordered) + 1))
ax.barh(ordered["label"], ordered["participants"],
        color=["#E69F00" if t else "#0072B2" for t in ordered["tentative"]])
ax.set_xlabel("voices (orange: tentative)")
fig.tight_layout()

# %% [markdown]
# ## Theme map
# Each dot is an excerpt, placed so that similar excerpts sit close together; grey dots
# fit no theme. (The same map as the workshop pack's overview board.)

# %%
from IPython.display import SVG

from sensemaking.charts import theme_map_svg

layout = pd.read_csv(project.cache_dir / "map.csv").merge(project.assignments, on="excerpt_id")
SVG(theme_map_svg(layout, dict(zip(themes["theme_id"], themes["label"])), width=9, height=7, font_size=9))

# %% [markdown]
# ## What no theme took
# Grey dots on the map. Some excerpts are kept out before clustering (`set_aside.csv`):
# non-answers, conversation turns too short to carry a theme ("Four days ago.") and the
# short turns of a theme made mostly of them. The rest fit no theme well enough; the
# lone voices among them come up in notebook 3.

# %%
aside = project.set_aside.merge(project.excerpts[["excerpt_id", "text"]], on="excerpt_id")
print(aside["reason"].value_counts().to_string(), "\n")
aside.groupby("reason").head(3)[["reason", "text"]].style.set_properties(**{"text-align": "left"})

# %% [markdown]
# ## Coarser themes
# The merge tree over the themes (`hierarchy.json`) groups them without refitting, here
# into half as many groups (6 of the sample's 15 themes): a workshop short of time can
# start from these. (`--themes N` refits with N themes instead.)

# %%
import json

from sensemaking.themes import cut

tree = json.loads((project.cache_dir / "hierarchy.json").read_text(encoding="utf-8"))
group_of = cut(tree, max(2, (len(themes) + 1) // 2))
coarse = themes.assign(group=themes["theme_id"].map(group_of))
groups = coarse.groupby("group").agg(themes=("label", " · ".join), excerpts=("size", "sum"))
groups.style.set_properties(subset=["themes"], **{"text-align": "left"})

# %% [markdown]
# ## The team's view
# The workspace shows the same themes with the team's ids (T01, ...), which stay the
# same when themes are re-run; quotes never come from people who said no to quoting.

# %%
project.workspace.themes

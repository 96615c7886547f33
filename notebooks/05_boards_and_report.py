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
# # 5 · Workshop boards and the partner report
#
# Both read the team's resolved themes (notebook 4), so renamed, merged and agreed
# themes appear as the team left them, with the run they came from.

# %%
import os

from IPython.display import HTML, display

import sensemaking as sm
from sensemaking.pipeline import run_stages

PROJECT = os.environ.get("SENSEMAKING_PROJECT", "../data/sample")
project = sm.open_project(PROJECT)
run_stages(project, only=["ingest", "themes", "surprises"])  # each skipped when up to date
project.workspace.themes[["theme_id", "label", "status", "size", "participants"]]

# %% [markdown]
# ## The workshop pack
# A3 boards per theme, quote cards with IDs and QR codes, a surprises board, a who's
# missing board, a facilitator guide, and the return sheet that brings the room's
# decisions back (`sensemaking annotate import`).

# %%
pack = project.board("notebook-session")
sorted(p.name for p in pack.iterdir())

# %% [markdown]
# ## The partner report
# HTML, PDF and Word, plus a REFI-QDA project for NVivo, ATLAS.ti, MAXQDA or QualCoder.

# %%
paths = project.report()
{name: str(path.relative_to(project.root)) for name, path in paths.items()}

# %%
display(HTML(f"<a href='{os.path.relpath(paths['report.html'])}' target='_blank'>Open the report</a>"
             if "report.html" in paths else "no HTML report"))

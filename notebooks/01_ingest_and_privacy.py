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
# # 1 · Ingest and privacy check
#
# Reads every transcript, note and document in `data/raw/`, pseudonymises people,
# places and contact details, and cuts the text into excerpts, each traceable to the
# file and line it came from. Then we check what was read, and that no real name,
# email or phone number survived.
#
# Set `SENSEMAKING_PROJECT` to work on another project folder.

# %%
import os
import re

import matplotlib.pyplot as plt
import pandas as pd

import sensemaking as sm
from sensemaking.units import people_by, raised_by

PROJECT = os.environ.get("SENSEMAKING_PROJECT", "../data/sample")
project = sm.open_project(PROJECT)
project

# %% [markdown]
# ## Read everything
# A file that cannot be read is skipped and listed; the rest goes on.

# %%
report = project.ingest()
print(report.summary())
for message in report.messages()[:20]:
    print("-", message)

# %% [markdown]
# ## The excerpt table
# One row per excerpt, with its provenance (source, line, offsets) and the speaker's
# pseudonym and attributes from the manifest.

# %%
excerpts = project.excerpts
columns = ["excerpt_id", "source_kind", "participant_id", "author", "area", "line_start", "text"]
first = excerpts.groupby("source_kind", sort=False).head(3)[columns]  # a few of each kind
first.style.format(na_rep="").set_properties(subset=["text"], **{"text-align": "left"})

# %% [markdown]
# ## Who we heard from
# Counted by voice as the boards and the report count them (each participant once, each
# organiser's note once: a note records someone heard), by what they count them by: area,
# else age band or role, else the source they spoke in.

# %%
by_kind = excerpts.groupby("source_kind")["excerpt_id"].count()
attribute = raised_by(excerpts)
by_group = pd.Series(people_by(excerpts, attribute, notes=True) if attribute else {}, dtype=int)
fig, axes = plt.subplots(1, 2 if len(by_group) else 1, figsize=(10, 3), squeeze=False)
by_kind.plot.barh(ax=axes[0][0], title="excerpts by kind of source", color="#0072B2")
if len(by_group):
    by_group.sort_values().plot.barh(ax=axes[0][1], title=f"voices by {attribute}", color="#009E73")
else:
    print("No area, age band or role is recorded for the people heard.")
fig.tight_layout()

# %% [markdown]
# ## Privacy check
# The audit counts every replacement made, per source and kind (no original text).

# %%
audit = pd.read_csv(project.cache_dir / "privacy_audit.csv")
audit.groupby("kind")["count"].sum().sort_values(ascending=False)

# %% [markdown]
# Now look for anything that should have been replaced: full names from the manifest,
# email addresses and phone numbers. Only counts are shown, never the names themselves.

# %%
manifest = pd.read_csv(project.manifest_path, dtype=str).fillna("")
names = [n for n in manifest["name"] if len(n) > 3]
checks = {
    "full names from the manifest": r"\b(?:" + "|".join(map(re.escape, names)) + r")\b" if names else r"(?!x)x",
    "email addresses": r"[\w.+-]+@[\w-]+\.[\w.]+",
    "phone numbers": r"(?:\+44\s?|0)\d{3,4}[\s-]?\d{3}[\s-]?\d{3,4}",
}
pd.Series({what: int(excerpts["text"].str.contains(pattern, regex=True).sum())
           for what, pattern in checks.items()}, name="excerpts containing")

# %% [markdown]
# ## People nobody listed
# Capitalised words left in the text that may be names, and known given names replaced
# without the manifest, are listed in `private/privacy_review.csv` for a person to check:
# real names go into `private/deny_list.txt`, words that are no names into
# `private/not_names.txt`, then ingest again. The list holds names, so only its size is
# shown here.

# %%
pd.Series({"possible names to check": report.to_review,
           "given names replaced without the manifest": report.given_names}, name="words")

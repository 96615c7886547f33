"""Themes: excerpt vectors -> candidate themes a workshop can trust.

    import sensemaking as sm
    result = sm.open_project("data/sample").find_themes()     # writes .sensemaking/
    result.themes[0]["label"], result.assignments

    from sensemaking.themes import ThemeModel                  # the model alone
    model = ThemeModel(random_state=42).fit(vectors, texts)
    model.labels_                                               # theme per excerpt, -1 none

Importing this package registers the "themes" stage of `sensemaking run`.
"""

from __future__ import annotations

from .build import ThemesResult, build_themes
from .codebook import Code, assign_codes, load_codebook
from .hierarchy import cut, merge_tree
from .labels import choose_labels, class_tfidf, keywords
from .model import OUTLIER, ThemeModel
from .quotes import pick_quotes
from .stability import best_match_jaccard, bootstrap_stability
from .stage import read_excerpt_table, run_themes, run_themes_csv, themes_for_frame

__all__ = [
    "OUTLIER",
    "Code",
    "ThemeModel",
    "ThemesResult",
    "assign_codes",
    "best_match_jaccard",
    "bootstrap_stability",
    "build_themes",
    "choose_labels",
    "class_tfidf",
    "cut",
    "keywords",
    "load_codebook",
    "merge_tree",
    "pick_quotes",
    "read_excerpt_table",
    "run_themes",
    "run_themes_csv",
    "themes_for_frame",
]

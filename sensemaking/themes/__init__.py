"""Themes: excerpt vectors -> candidate themes a workshop can trust.

    from sensemaking.themes import ThemeModel
    model = ThemeModel(random_state=42).fit(vectors, texts)
    model.labels_           # theme per excerpt, -1 where none fits
"""

from __future__ import annotations

from .model import OUTLIER, ThemeModel

__all__ = ["OUTLIER", "ThemeModel"]

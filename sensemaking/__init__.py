"""sensemaking: local qualitative sense-making for community programmes.

    import sensemaking as sm
    project = sm.open_project("data/sample")
    project.ingest()
    project.excerpts          # pandas DataFrame, columns in sm.tables.EXCERPT_COLUMNS
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from . import tables
from .errors import (
    AnnotationError,
    ConfigError,
    InputError,
    PrivacyError,
    SensemakingError,
    StageError,
)
from .project import Project, init_project, open_project

__version__ = "0.1.0"

__all__ = [
    "AnnotationError",
    "ConfigError",
    "InputError",
    "PrivacyError",
    "Project",
    "SensemakingError",
    "StageError",
    "__version__",
    "init_project",
    "open_project",
    "tables",
]

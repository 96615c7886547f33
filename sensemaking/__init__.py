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


def _brief_errors_in_notebooks() -> None:
    """In a notebook (any IPython shell), an error sensemaking raises on purpose shows as
    its message, as the command line prints it, not under 50 lines of traceback: the
    message says what is wrong and what to do. The cell still fails, so "Run all" stops
    there; any other error keeps its traceback."""
    import sys

    ipython = sys.modules.get("IPython")  # loaded only when running inside IPython
    shell = ipython.get_ipython() if ipython else None
    if shell is None:
        return

    def brief(shell, kind, error, traceback, tb_offset=None):
        print(f"{kind.__name__}: {error}", file=sys.stderr)

    shell.set_custom_exc((SensemakingError,), brief)


_brief_errors_in_notebooks()

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

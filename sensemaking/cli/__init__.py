"""The `sensemaking` command: a thin typer layer over the library.

Each module in this package adds its commands to `app`. Only the CLI prints; library
errors (`SensemakingError`) become one clean line and exit code 2, never a traceback.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from ..errors import SensemakingError
from ._app import app, print_error

for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")


def main() -> None:
    """Entry point: run the app, turning expected errors into one readable line."""
    try:
        app(standalone_mode=True)
    except SensemakingError as exc:
        print_error(str(exc))
        sys.exit(2)


__all__ = ["app", "main"]

"""One module file of an installed package, run without importing the package.

Some packages import heavy things in their `__init__`: spaCy imports torch through thinc
(about 2 s), BERTopic imports torch, sentence-transformers, UMAP and plotly (about 8 s).
The few pieces we need from them (spaCy's stop-word list, BERTopic's c-TF-IDF class) are
single files that import nothing heavy, so they are run on their own.
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType


def module_file(package: str, relative_path: str, fallback: str) -> ModuleType:
    """The module at `relative_path` inside `package`'s folder, run on its own; if the
    package's layout has changed and the file is gone, the module `fallback` (its dotted
    name) imported the usual way."""
    spec = importlib.util.find_spec(package)  # finds the package; runs none of it
    try:
        folder = spec.submodule_search_locations[0]  # type: ignore[union-attr]
        name = f"sensemaking._{package}_{relative_path.replace('/', '_').removesuffix('.py')}"
        file_spec = importlib.util.spec_from_file_location(name, f"{folder}/{relative_path}")
        module = importlib.util.module_from_spec(file_spec)  # type: ignore[arg-type]
        file_spec.loader.exec_module(module)  # type: ignore[union-attr]
        return module
    except (AttributeError, FileNotFoundError, ImportError, TypeError):
        return importlib.import_module(fallback)

"""spaCy's English word data, read from the installed packages without importing spaCy.

The stop words (spaCy's `lang/en/stop_words.py`) and the tables of spacy-lookups-data
(lemmas, word probabilities, word clusters) are plain data. Importing spaCy to reach them
costs about 2 s per process, most of it torch, which thinc imports when it is installed;
a themes run on cached vectors needs no torch at all (a re-run on 10,000 excerpts took
11-13 s without the import, 16 s with it).
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's English stop words, contractions ("n't", "'s", curly forms) included."""
    spec = importlib.util.find_spec("spacy")  # finds the package; runs none of it
    try:
        path = Path(spec.origin).parent / "lang" / "en" / "stop_words.py"
        module = importlib.util.module_from_spec(
            importlib.util.spec_from_file_location("sensemaking._spacy_en_stop_words", path))
        module.__loader__.exec_module(module)
        return frozenset(module.STOP_WORDS)
    except (AttributeError, FileNotFoundError, TypeError):  # spaCy's layout changed: import it
        from spacy.lang.en.stop_words import STOP_WORDS

        return frozenset(STOP_WORDS)


@lru_cache(maxsize=1)
def lemma_table() -> dict[str, str]:
    """spaCy's English lemma lookup table (the lemmatizer's "lookup" mode)."""
    return read_table("en_lemma_lookup.json.gz")


def read_table(name: str) -> dict:
    """One of spacy-lookups-data's gzipped JSON tables, parsed by srsly (spaCy's own JSON
    reader): twice as fast as the standard library on these million-entry tables."""
    import spacy_lookups_data
    import srsly

    return srsly.read_gzip_json(Path(str(spacy_lookups_data.get_file(name))))

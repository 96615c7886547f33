"""spaCy's English word data, read from the installed packages without importing spaCy.

The stop words (spaCy's `lang/en/stop_words.py`) and the tables of spacy-lookups-data
(lemmas, word probabilities) are plain data. Importing spaCy to reach them
costs about 2 s per process, most of it torch, which thinc imports when it is installed;
a themes run on cached vectors needs no torch at all (a re-run on 10,000 excerpts took
11-13 s without the import, 16 s with it).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .imports import module_file


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's English stop words, contractions ("n't", "'s", curly forms) included."""
    module = module_file("spacy", "lang/en/stop_words.py", fallback="spacy.lang.en.stop_words")
    return frozenset(module.STOP_WORDS)


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

"""One exception family for everything sensemaking raises on purpose.

    SensemakingError
    ├── InputError      a source file or table cannot be read (names the file and line)
    ├── ConfigError     sensemaking.toml, the manifest or a codebook is wrong
    ├── PrivacyError    something would leak personal data, or the key is unsafe
    ├── StageError      a pipeline stage cannot run (missing inputs, nothing to do)
    └── AnnotationError an annotation event or a return sheet cannot be applied

Messages say what is wrong, where, and what to do. The CLI prints them without a
traceback; nothing in them quotes raw source text (it may hold personal data).

`KeptAsideWarning` is no error: a file someone wrote in (a filled return sheet, an edited
report) was moved aside rather than written over, and the warning says where.
"""

from __future__ import annotations

from pathlib import Path


class SensemakingError(Exception):
    """Base class: an expected problem with a message fit for the user."""


class InputError(SensemakingError):
    """A source cannot be read; `path` and `line` say where, the message says what to do."""

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        where = ""
        if self.path:
            where = f"{self.path}" + (f", line {line}" if line else "") + ": "
        super().__init__(where + message)
        self.reason = message


class ConfigError(SensemakingError):
    """Settings, manifest or codebook are invalid."""


class PrivacyError(SensemakingError):
    """Personal data would leak, or the pseudonym key is unsafe."""


class StageError(SensemakingError):
    """A pipeline stage cannot run as asked."""


class AnnotationError(SensemakingError):
    """An annotation event or return sheet cannot be applied."""


class KeptAsideWarning(UserWarning):
    """A file someone wrote in was moved aside, not written over; the message says where."""

"""The pseudonym key: who is P07. Append-only, owner-only, kept in `private/`.

    private/pseudonym_key.csv   kind,key,pseudonym   (key = manifest participant_id, or a
                                                      respondent/author key made by ingest)

Lines are only ever appended, so a pseudonym, once given, never changes: adding people,
files or deny-list names later renumbers nobody. Nothing downstream reads this file.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path

from ..errors import PrivacyError

KEY_FILE = "pseudonym_key.csv"
KINDS = ("participant", "organiser", "interviewer", "respondent")
_HEADER = "kind,key,pseudonym\n"


def letters(n: int) -> str:
    """1 -> A, 26 -> Z, 27 -> AA (spreadsheet-style)."""
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def format_pseudonym(kind: str, n: int) -> str:
    """The n-th pseudonym of a kind: P07, Organiser B, Interviewer A, R0012."""
    if kind == "participant":
        return f"P{n:02d}"
    if kind == "respondent":
        return f"R{n:04d}"
    return f"{kind.capitalize()} {letters(n)}"


def secure_dir(path: Path) -> None:
    """Create `path` (if needed) readable by its owner only."""
    path.mkdir(parents=True, exist_ok=True)
    _chmod(path, 0o700)


def secure_file(path: Path) -> None:
    """Make an existing file readable and writable by its owner only."""
    _chmod(path, 0o600)


def _chmod(path: Path, mode: int) -> None:
    if stat.S_IMODE(path.stat().st_mode) == mode:
        return
    try:
        path.chmod(mode)
    except OSError as exc:
        raise PrivacyError(
            f"cannot restrict permissions of {path} to owner-only ({exc.strerror}); "
            "move the project to a folder you own"
        ) from None


class PseudonymKey:
    """Pseudonyms by (kind, key), loaded from and appended to `private/pseudonym_key.csv`."""

    def __init__(self, private_dir: Path):
        self.path = Path(private_dir) / KEY_FILE
        self._by_key: dict[tuple[str, str], str] = {}
        self._counts = dict.fromkeys(KINDS, 0)
        self._pending: list[tuple[str, str, str]] = []
        self._taken: set[str] = set()
        if self.path.is_file():
            self._load()

    def _load(self) -> None:
        secure_file(self.path)
        with open(self.path, encoding="utf-8", newline="") as fh:
            for lineno, row in enumerate(csv.DictReader(fh), start=2):
                kind, key, pseudonym = row.get("kind"), row.get("key"), row.get("pseudonym")
                if kind not in KINDS or not key or not pseudonym:
                    raise PrivacyError(
                        f"{self.path}, line {lineno}: not a kind,key,pseudonym row; the key "
                        "is append-only: restore this line from a backup rather than edit it"
                    )
                self._by_key[(kind, key)] = pseudonym
                self._taken.add(pseudonym)
                self._counts[kind] += 1

    def __contains__(self, item: tuple[str, str]) -> bool:
        return item in self._by_key

    def values(self) -> set[str]:
        return set(self._taken)

    def is_pseudonym(self, value: str) -> bool:
        """True when `value` is a pseudonym the key has given (no copy of the key made)."""
        return value in self._taken

    def get(self, key: str, kind: str) -> str:
        """The pseudonym for `key`, giving the next free one of its kind when new."""
        if kind not in KINDS:
            raise PrivacyError(f"unknown pseudonym kind {kind!r}; use one of {', '.join(KINDS)}")
        found = self._by_key.get((kind, key))
        if found is not None:
            return found
        pseudonym = format_pseudonym(kind, self._counts[kind] + 1)
        while pseudonym in self._taken:  # a hand-edited key must not make two people one
            self._counts[kind] += 1
            pseudonym = format_pseudonym(kind, self._counts[kind] + 1)
        self._counts[kind] += 1
        self._by_key[(kind, key)] = pseudonym
        self._taken.add(pseudonym)
        self._pending.append((kind, key, pseudonym))
        return pseudonym

    def flush(self) -> None:
        """Append pseudonyms given since the last flush (never rewrites earlier lines)."""
        if not self._pending:
            return
        secure_dir(self.path.parent)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerows(self._pending)
        new = not self.path.exists()
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8", newline="") as fh:
            if new:
                fh.write(_HEADER)
            fh.write(buffer.getvalue())
            fh.flush()
            os.fsync(fh.fileno())
        secure_file(self.path)
        self._pending.clear()

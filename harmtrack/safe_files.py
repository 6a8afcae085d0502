"""Where harmtrack may write a file, and how: never over a database.

Every file harmtrack writes beside its data (an import's rejects, a backup)
is refused when it is the database, its -wal, -shm or -journal, any SQLite
file (a backup, another program's database), or the input being read,
compared by resolved path and by device and inode; it is never written
through a symbolic link; an existing file is replaced only when asked. The
content goes to a private temporary file in the same folder, which takes the
name in one rename at the end, so a failure never leaves a truncated file.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from harmtrack.errors import HarmtrackError, UsageError

SQLITE_HEADER = b"SQLite format 3\x00"
COMPANIONS = ("-wal", "-shm", "-journal")


class UnsafeTarget(UsageError):
    """A path harmtrack must not write to."""


def check_target(target: Path, *, database: Path | None, inputs: tuple[Path, ...] = (), replace: bool = False) -> None:
    """Refuse a target that would destroy data; see the module docstring."""
    if target.is_symlink():
        raise UnsafeTarget(f"{target} is a symbolic link; harmtrack does not write through links")
    protected = list(inputs)
    if database is not None:
        protected += [database, *(Path(f"{database}{suffix}") for suffix in COMPANIONS)]
    for path in protected:
        if _same_file(target, path):
            raise UnsafeTarget(f"{target} is {_what(path, database)}; choose another file")
    if not target.exists():
        if not target.parent.is_dir():
            raise UnsafeTarget(f"cannot write {target}: folder {target.parent} does not exist")
        return
    if not target.is_file():
        raise UnsafeTarget(f"{target} is not a regular file; choose another file")
    if _is_sqlite(target):
        raise UnsafeTarget(f"{target} is a SQLite database (perhaps a backup); harmtrack never writes over one")
    if not replace:
        raise UnsafeTarget(f"{target} already exists; --force replaces it")


def _same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        first, second = a.stat(), b.stat()
    except OSError:
        return False
    return (first.st_dev, first.st_ino) == (second.st_dev, second.st_ino)


def _what(path: Path, database: Path | None) -> str:
    if database is not None and path == database:
        return "the database"
    if database is not None and str(path).startswith(str(database)):
        return f"a companion file of the database ({path.name})"
    return "the file being read"


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return stream.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


class PrivateFile:
    """A new file readable by its owner only, written beside `target` and
    renamed onto it by `commit()`; `discard()` removes it instead."""

    def __init__(self, target: Path):
        self.target = target
        self.partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.partial")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        try:
            self.fd = os.open(self.partial, flags, 0o600)
        except OSError as error:
            raise HarmtrackError(f"cannot write {target}: {error.strerror}") from None

    def commit(self) -> None:
        try:
            os.replace(self.partial, self.target)
        except OSError:
            self.discard()
            raise

    def discard(self) -> None:
        self.partial.unlink(missing_ok=True)

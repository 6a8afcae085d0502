"""Where harmtrack may write a folder of files, and how: whole or not at all.

A folder output (`export --format datapackage DIR`) is written into a private
folder beside DIR, which takes DIR's name when every file in it is complete:
a failure, or an interrupted run, leaves DIR as it was and no half-written
files under its name. DIR may be new or empty; a folder that holds anything is
replaced only when asked (`--force`), and even then only when it holds
nothing but plain files, none of them the database, one of its companions or
any SQLite file (the rules of safe_files.check_target, applied to each).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from harmtrack.errors import HarmtrackError, UsageError
from harmtrack.safe_files import UnsafeTarget, check_target


def check_folder(target: Path, *, database: Path | None, replace: bool, no_force: str | None = None) -> None:
    """Refuse a folder that must not be written or replaced; see the module
    docstring. `no_force` names a command that has no --force (it writes only
    into a new or empty folder), for the message that refuses a full one."""
    if target.is_symlink():
        raise UsageError(f"{target} is a symbolic link; harmtrack does not write through links")
    if not target.exists():
        parent = target.absolute().parent
        if not parent.is_dir():
            raise UsageError(f"cannot write {target}: folder {parent} does not exist")
        return
    if not target.is_dir():
        raise UsageError(f"{target} is not a folder; give a new or an empty folder")
    entries = sorted(target.iterdir())
    if not entries:
        return
    if no_force is not None:
        raise UsageError(
            f"{target} is not empty; {no_force} writes into a new or empty folder (remove it, or choose another)"
        )
    if not replace:
        raise UsageError(f"{target} is not empty; give a new or an empty folder, or --force to replace it")
    for entry in entries:
        if entry.is_dir() and not entry.is_symlink():
            raise UsageError(
                f"{target} holds the folder {entry.name}; --force replaces only a folder of plain files, "
                "such as an earlier export"
            )
        try:
            check_target(entry, database=database, replace=True)
        except UnsafeTarget as error:
            raise UsageError(f"{target} cannot be replaced: {error}") from None


@contextmanager
def staged(target: Path) -> Iterator[Path]:
    """A new private folder beside `target` to write into; when the block ends
    without an error it takes `target`'s place, otherwise it is removed."""
    target = target.absolute()
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent))
    except OSError as error:
        raise HarmtrackError(f"cannot write {target}: {error.strerror}") from None
    try:
        yield staging
        _move_into_place(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _move_into_place(staging: Path, target: Path) -> None:
    try:
        if not (target.is_dir() and any(target.iterdir())):
            os.rename(staging, target)  # a missing or an empty folder is replaced in one step
            return
        old = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.old")
        os.rename(target, old)
        try:
            os.rename(staging, target)
        except OSError:
            os.rename(old, target)
            raise
        shutil.rmtree(old)
    except OSError as error:
        raise HarmtrackError(f"cannot write {target}: {error.strerror}") from None

"""Storage: the only place harmtrack runs SQL.

`contract.Store` is the handle every service works with, documented as the
contract an engine implements; SQLite is the engine (sqlite_store.py for the
records, sqlite_reports.py for the aggregates, sqlite_files.py for the file's
life). This package's top level imports nothing heavy: the engine is loaded
when a database is opened.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from harmtrack.store.contract import Filters, Store

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["Filters", "Store", "discard_new", "memory_store", "open_store"]


def open_store(path: str | os.PathLike, *, create: bool, write: bool | None = None, any_schema: bool = False) -> Store:
    """Open the database at `path`: see sqlite_files.open_store for what each flag allows."""
    from harmtrack.store.sqlite_files import open_store as open_sqlite

    return open_sqlite(path, create=create, write=write, any_schema=any_schema)


def memory_store() -> Store:
    """A throwaway database with the full schema and the shipped vocabulary."""
    from harmtrack.store.sqlite_files import memory_store as sqlite_memory_store

    return sqlite_memory_store()


def discard_new(path: Path) -> bool:
    """Remove a database a failed command created, if nothing else uses or changed it."""
    from harmtrack.store.sqlite_files import discard_new as discard

    return discard(path)

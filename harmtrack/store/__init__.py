"""Storage: the only place harmtrack runs SQL.

`contract.Store` is the handle every service works with, documented as the
contract an engine implements. SQLite is the engine of a file (sqlite_store.py
for the records, sqlite_reports.py for the aggregates, sqlite_files.py for the
file's life), PostgreSQL the engine of a postgresql:// URL (pg_store.py,
pg_changes.py, pg_reports.py, pg_dedupe.py, pg_files.py). This package's top
level imports nothing heavy: the engine, and psycopg, are loaded when a
database is opened.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from harmtrack.store.contract import Filters, Store

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["Filters", "Store", "discard_new", "is_url", "memory_store", "open_store"]

URL_SCHEMES = ("postgresql://", "postgres://")


def is_url(location: str | os.PathLike) -> bool:
    """Whether a --db value names a PostgreSQL database rather than a SQLite file."""
    return isinstance(location, str) and location.startswith(URL_SCHEMES)


def open_store(path: str | os.PathLike, *, create: bool, write: bool | None = None, any_schema: bool = False) -> Store:
    """Open the database at `path`, a SQLite file or a postgresql:// URL: see
    sqlite_files.open_store for what each flag allows."""
    if is_url(path):
        from harmtrack.store.pg_files import open_store as open_postgres

        return open_postgres(str(path), create=create, write=write, any_schema=any_schema)
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

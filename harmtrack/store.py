"""Open the database on purpose, bring its schema up to date, write safely.

The schema is the ordered set of SQL files in `db/migrations/`, shipped inside
the package. Each file and the record of it run in one transaction, so a
migration cannot half-apply.
"""

import os
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from sqlite_utils import Database, Migrations

from harmtrack.errors import HarmtrackError

MIGRATION_SET = "harmtrack"
BUSY_TIMEOUT_MS = 30_000


def migration_files() -> list[tuple[str, str]]:
    """(name, sql) of every migration, in the order they apply."""
    folder = _migrations_folder()
    files = sorted(entry for entry in folder.iterdir() if entry.name.endswith(".sql"))
    return [(entry.name.removesuffix(".sql"), entry.read_text(encoding="utf-8")) for entry in files]


def _migrations_folder():
    shipped = resources.files("harmtrack") / "db" / "migrations"
    if shipped.is_dir():
        return shipped
    # A source checkout or editable install: db/ sits beside the package.
    return Path(__file__).resolve().parent.parent / "db" / "migrations"


def build_migrations(files: list[tuple[str, str]] | None = None) -> Migrations:
    migrations = Migrations(MIGRATION_SET)
    for name, sql in files if files is not None else migration_files():
        migrations(name=name)(_runner(sql))
    return migrations


def _runner(sql: str):
    def run(db: Database) -> None:
        # executescript() would commit the open transaction: run statement by statement.
        for statement in split_statements(sql):
            db.conn.execute(statement)

    return run


def split_statements(sql: str) -> Iterator[str]:
    pending = ""
    for line in sql.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip():
                yield pending
            pending = ""
    if pending.strip() and not all(part.strip().startswith("--") or not part.strip() for part in pending.splitlines()):
        raise ValueError(f"unterminated SQL statement: {pending.strip()[:60]}")


def open_database(path: str | os.PathLike, *, create: bool) -> Database:
    """Open (and, for writing commands, create) the database, schema up to date.

    Reading commands pass create=False: a missing file is refused and nothing
    is created, so a typo in --db does not leave an empty database behind.
    """
    path = Path(path)
    existed = path.exists()
    if not existed and not create:
        raise HarmtrackError(f"no database at {path}; add or import incidents first, or pass --db")
    if not existed and not path.parent.exists():
        raise HarmtrackError(f"cannot create {path}: folder {path.parent} does not exist")
    if not existed:
        _create_private(path)
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
        db = Database(conn, execute_plugins=False)
        configure(db)
        if existed and not create and not db.table_names():
            raise HarmtrackError(f"{path} is empty, not a harmtrack database")
        upgrade(db, path if existed else None)
    except sqlite3.DatabaseError as error:
        raise HarmtrackError(f"{path} is not a harmtrack database: {error}") from None
    return db


def _create_private(path: Path) -> None:
    """Create the file readable by its owner only: records can name victims."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process created it a moment ago
    except OSError as error:
        raise HarmtrackError(f"cannot create {path}: {error.strerror}") from None
    os.close(fd)


def configure(db: Database) -> None:
    db.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.conn.execute("PRAGMA foreign_keys = ON")
    mode = db.conn.execute("PRAGMA journal_mode").fetchone()[0]
    if mode != "wal":
        db.conn.execute("PRAGMA journal_mode = WAL")
    db.conn.execute("PRAGMA synchronous = NORMAL")


def upgrade(db: Database, path: Path | None = None) -> None:
    """Apply pending migrations, each step and its record together.

    The whole upgrade holds the write lock (BEGIN IMMEDIATE), so when several
    processes open a new or old database at once, one upgrades and the others
    wait and then find nothing to do. Before changing an existing database
    (`path` given, some migrations already applied), a backup is taken beside
    it and its path printed.
    """
    migrations = build_migrations()
    pending = migrations.pending(db)
    if not pending:
        return
    if path is not None and migrations.applied(db):
        # Before taking the lock: the backup API cannot copy a database that
        # its own connection holds in a write transaction.
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        copy = path.with_name(f"{path.name}.{stamp}.before-{pending[0].name}.bak")
        backup(db, copy)
        print(f"harmtrack: upgrading the schema of {path}; a backup is at {copy}", file=sys.stderr)
    with write_transaction(db):
        # Foreign key checks are deferred to commit while migrations alter tables.
        db.conn.execute("PRAGMA defer_foreign_keys = ON")
        migrations.apply(db)


def backup(db: Database, target: Path) -> None:
    """A consistent copy through SQLite's backup API, even while others write.

    Written to a private temporary file beside the target, then renamed, so a
    failed backup never leaves a partial file under the target's name.
    """
    if target.exists():
        raise HarmtrackError(f"{target} already exists; choose a new name")
    if not target.parent.is_dir():
        raise HarmtrackError(f"cannot write {target}: folder {target.parent} does not exist")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    _create_private(partial)
    try:
        with closing(sqlite3.connect(partial)) as copy:
            db.conn.backup(copy)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


@contextmanager
def write_transaction(db: Database, *, attempts: int = 8) -> Iterator[Database]:
    """BEGIN IMMEDIATE, so that concurrent writers queue on the busy timeout
    instead of failing mid-transaction when a read lock cannot be upgraded."""
    delay = 0.05
    for attempt in range(attempts):
        try:
            db.conn.execute("BEGIN IMMEDIATE")
            break
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == attempts - 1:
                raise HarmtrackError(f"the database is busy: {error}; try again") from None
            time.sleep(delay)
            delay *= 2
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    else:
        db.conn.execute("COMMIT")


def memory_database() -> Database:
    """A throwaway database with the full schema and seeded vocabularies,
    for commands (like extract) that need the vocabularies but no store."""
    db = Database(sqlite3.connect(":memory:"), execute_plugins=False)
    db.conn.execute("PRAGMA foreign_keys = ON")
    upgrade(db)
    return db

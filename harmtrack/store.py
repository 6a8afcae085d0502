"""Open the database on purpose, bring its schema up to date, write safely.

The schema is the ordered set of SQL files in `db/migrations/`, shipped inside
the package. Each file and the record of it run in one transaction, so a
migration cannot half-apply.

Commands get a `Store`: the sqlite3 connection with the few conveniences of
sqlite_utils.Database that harmtrack uses. sqlite_utils itself (about 25 ms
to import) is imported only to apply migrations, so a report or a listing
starts without it.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from harmtrack.errors import HarmtrackError

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

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


class Store:
    """An open database: `conn` (sqlite3), and `execute`, `table_names`,
    `atomic` and `close` as sqlite_utils.Database has them. `full()` gives
    the sqlite_utils.Database on the same connection (imported on first use:
    only migrations need it)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._full: Database | None = None

    def full(self) -> Database:
        """The sqlite_utils.Database on this connection."""
        if self._full is None:
            from sqlite_utils import Database

            self._full = Database(self.conn, execute_plugins=False)
        return self._full

    def execute(self, sql: str, parameters=None) -> sqlite3.Cursor:
        return self.conn.execute(sql, parameters) if parameters is not None else self.conn.execute(sql)

    def table_names(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]

    @contextmanager
    def atomic(self) -> Iterator[Store]:
        """A transaction, or a savepoint inside an open one."""
        if self.conn.in_transaction:
            self.conn.execute("SAVEPOINT harmtrack_atomic")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK TO SAVEPOINT harmtrack_atomic")
                    self.conn.execute("RELEASE SAVEPOINT harmtrack_atomic")
                raise
            self.conn.execute("RELEASE SAVEPOINT harmtrack_atomic")
            return
        self.conn.execute("BEGIN")
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()


def build_migrations(files: list[tuple[str, str]] | None = None) -> Migrations:
    from sqlite_utils import Migrations

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


def open_database(path: str | os.PathLike, *, create: bool) -> Store:
    """Open (and, for writing commands, create) the database, schema up to date.

    Reading commands pass create=False: a missing file is refused and nothing
    is created, so a typo in --db does not leave an empty database behind.
    """
    path = Path(path)
    for _ in range(5):
        existed = path.exists()
        if not existed and not create:
            raise HarmtrackError(f"no database at {path}; add or import incidents first, or pass --db")
        if not existed and not path.parent.exists():
            raise HarmtrackError(f"cannot create {path}: folder {path.parent} does not exist")
        if not existed:
            _create(path)
        db = _connect(path, existed=existed, create=create)
        if db is not None:
            return db
    raise HarmtrackError(f"{path} was removed while it was being opened; try again")


def _connect(path: Path, *, existed: bool, create: bool) -> Store | None:
    """The open database, or None when the file was removed while opening it
    (another command discarded the new database it had made; see discard_new)."""
    try:
        before = _identity(path)
        # mode=rw: never create a file here (it would not be private); _create does.
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except (OSError, sqlite3.OperationalError):
        if path.exists():
            raise HarmtrackError(f"cannot open {path}: permission denied or not a file") from None
        return None
    db = Store(conn)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # The first read: from here on this connection holds a shared lock,
        # and no other process can discard the file (discard_new needs it alone).
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if _identity(path) != before:
            db.close()
            return None
        configure(db)
        if existed and not create and not db.table_names():
            raise HarmtrackError(f"{path} is empty, not a harmtrack database")
        upgrade(db, path if existed else None)
    except sqlite3.DatabaseError as error:
        db.close()
        raise HarmtrackError(f"{path} is not a harmtrack database: {error}") from None
    except BaseException:
        db.close()
        raise
    return db


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return info.st_dev, info.st_ino


def _create(path: Path) -> None:
    """A new database appears complete or not at all: the schema is built in a
    private file beside it, which then takes the name in one step (a hard link,
    which fails if another process got there first; theirs is complete too).
    So a reader never finds an empty file in the making."""
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.new")
    _create_private(partial, shown=path)
    try:
        with closing(sqlite3.connect(partial)) as conn:
            db = Store(conn)
            configure(db)
            upgrade(db)
        try:
            os.link(partial, path)
        except FileExistsError:
            pass
        except OSError:  # no hard links on this file system
            if not path.exists():
                os.replace(partial, path)
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)


def discard_new(path: Path) -> bool:
    """Remove a database that a failed command created (a refused first
    import leaves no file behind), unless another process has it open or
    anything was written to it since it was made: True if removed.

    The check and the removal happen under an exclusive lock, which no other
    connection can hold at the same time; a process that opens the file just
    before it goes notices (see _connect) and starts again. The short busy
    timeout lets other failing commands close it first, so that one of them
    can remove it."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=1, isolation_level=None)
    except (OSError, sqlite3.Error):
        return False
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        pristine = _row_counts(conn) == _row_counts(memory_database().conn)
        conn.execute("COMMIT")  # the exclusive lock stays (locking_mode)
        if not pristine:
            return False
        # Out of WAL mode first: closing a WAL connection removes "<path>-wal"
        # by name, which by then could be another database's log.
        conn.execute("PRAGMA journal_mode = DELETE")
        for suffix in ("-wal", "-shm", ""):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return True
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def _row_counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


def _create_private(path: Path, shown: Path | None = None) -> None:
    """Create the file readable by its owner only: records can name victims."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process created it a moment ago
    except OSError as error:
        raise HarmtrackError(f"cannot create {shown or path}: {error.strerror}") from None
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
    if not _pending_names(db.conn):
        return  # the common case, told without sqlite_utils
    from sqlite_utils import Database

    if not isinstance(db, Database):
        db = db.full() if isinstance(db, Store) else Database(db.conn, execute_plugins=False)
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


def _pending_names(conn: sqlite3.Connection) -> list[str]:
    """The migrations not yet recorded in sqlite_utils' table of applied ones."""
    folder = _migrations_folder()
    names = sorted(entry.name.removesuffix(".sql") for entry in folder.iterdir() if entry.name.endswith(".sql"))
    try:
        rows = conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET])
        applied = {row[0] for row in rows}
    except sqlite3.OperationalError:  # no such table: nothing applied yet
        applied = set()
    return [name for name in names if name not in applied]


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
    from sqlite_utils import Database

    db = Database(sqlite3.connect(":memory:"), execute_plugins=False)
    db.conn.execute("PRAGMA foreign_keys = ON")
    upgrade(db)
    return db

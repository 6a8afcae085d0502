"""The SQLite file's life: open it on purpose, create it whole, upgrade its
schema, merge the shipped vocabulary, copy it, and remove it when a failed
first command made it.

The schema is the ordered set of SQL files in `db/migrations/`, shipped inside
the package and applied by sqlite_utils.Migrations: each file and the record
of it run in one transaction, so a migration cannot half-apply. sqlite_utils
(about 25 ms to import) is imported only when a migration is pending, so a
report or a listing starts without it.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import UTC, datetime
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

from harmtrack.errors import HarmtrackError
from harmtrack.store.sqlite_store import VOCABULARY_TABLES, SqliteStore

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

MIGRATION_SET = "harmtrack"
BUSY_TIMEOUT_MS = 30_000


def migration_files() -> list[tuple[str, str]]:
    """(name, sql) of every migration, in the order they apply."""
    files = sorted((entry for entry in _migrations_folder().iterdir() if entry.name.endswith(".sql")), key=_name)
    return [(entry.name.removesuffix(".sql"), entry.read_text(encoding="utf-8")) for entry in files]


def _name(entry: Traversable) -> str:
    return entry.name


def _migrations_folder() -> Traversable:
    shipped = resources.files("harmtrack") / "db" / "migrations"
    if shipped.is_dir():
        return shipped
    # A source checkout or editable install: db/ sits beside the package.
    return Path(__file__).resolve().parents[2] / "db" / "migrations"


def build_migrations(files: list[tuple[str, str]] | None = None) -> Migrations:
    from sqlite_utils import Migrations

    migrations = Migrations(MIGRATION_SET)
    for name, sql in files if files is not None else migration_files():
        migrations(name=name)(_runner(sql))
    return migrations


def _runner(sql: str) -> Callable[[Database], None]:
    def run(db: Database) -> None:
        # executescript() would commit the migration's transaction: run the
        # statements one by one. sqlite_utils' own splitter inside a
        # transaction tests every prefix character by character, which takes
        # 115 ms on these files; splitting at line ends takes 3.
        for statement in split_statements(sql):
            db.conn.execute(statement)

    return run


def split_statements(sql: str) -> Iterator[str]:
    """The complete statements of a script, at line ends (sqlite3 decides
    what is complete, so a `;` inside a string or comment does not split)."""
    pending = ""
    for line in sql.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip():
                yield pending
            pending = ""
    if pending.strip() and not all(part.strip().startswith("--") or not part.strip() for part in pending.splitlines()):
        raise ValueError(f"unterminated SQL statement: {pending.strip()[:60]}")


def open_store(path: str | os.PathLike, *, create: bool) -> SqliteStore:
    """Open (and, for writing commands, create) the database, schema up to date.

    Reading commands pass create=False: a missing file is refused and nothing
    is created, so a typo in --db does not leave an empty database behind.
    """
    path = Path(path)
    for _ in range(5):
        existed = path.exists()
        if not existed and not create:
            raise HarmtrackError(f"no database at {path}; add or import incidents first")
        if not existed and not path.parent.exists():
            raise HarmtrackError(f"cannot create {path}: folder {path.parent} does not exist")
        if not existed:
            _create(path)
        store = _connect(path, existed=existed, create=create)
        if store is not None:
            return store
    raise HarmtrackError(f"{path} was removed while it was being opened; try again")


def memory_store() -> SqliteStore:
    """A throwaway database with the full schema and the shipped vocabulary
    (a dry run of an import into a database that does not exist yet)."""
    store = SqliteStore(sqlite3.connect(":memory:"))
    store.conn.execute("PRAGMA foreign_keys = ON")
    upgrade(store)
    return store


def _connect(path: Path, *, existed: bool, create: bool) -> SqliteStore | None:
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
    store = SqliteStore(conn, path)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # The first read: from here on this connection holds a shared lock,
        # and no other process can discard the file (discard_new needs it alone).
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if _identity(path) != before:
            store.close()
            return None
        _configure(conn)
        if existed and not create and not _table_names(conn):
            raise HarmtrackError(f"{path} is empty, not a harmtrack database")
        upgrade(store, path if existed else None)
    except sqlite3.DatabaseError as error:
        store.close()
        raise HarmtrackError(f"{path} is not a harmtrack database: {error}") from None
    except BaseException:
        store.close()
        raise
    return store


def _table_names(conn: sqlite3.Connection) -> list[str]:
    return [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]


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
            _configure(conn)
            upgrade(SqliteStore(conn))
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
        pristine = _row_counts(conn) == _row_counts(memory_store().conn)
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
    return {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in _table_names(conn)}


def _create_private(path: Path, shown: Path | None = None) -> None:
    """Create the file readable by its owner only: records can name victims."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process created it a moment ago
    except OSError as error:
        raise HarmtrackError(f"cannot create {shown or path}: {error.strerror}") from None
    os.close(fd)


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    if mode != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")


def upgrade(store: SqliteStore, path: Path | None = None) -> None:
    """Apply pending migrations, each step and its record together, then merge
    the vocabulary that ships with this version.

    The whole upgrade holds the write lock (BEGIN IMMEDIATE), so when several
    processes open a new or old database at once, one upgrades and the others
    wait and then find nothing to do. Before changing an existing database
    (`path` given, some migrations already applied), a backup is taken beside
    it and named in the store's notices.
    """
    if _pending_names(store.conn):
        _migrate(store, path)
    _merge_shipped_vocabulary(store)


def _migrate(store: SqliteStore, path: Path | None) -> None:
    from sqlite_utils import Database

    db = Database(store.conn, execute_plugins=False)
    migrations = build_migrations()
    pending = migrations.pending(db)
    if not pending:
        return
    if path is not None and migrations.applied(db):
        # Before taking the lock: the backup API cannot copy a database that
        # its own connection holds in a write transaction.
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        copy = path.with_name(f"{path.name}.{stamp}.before-{pending[0].name}.bak")
        backup(store.conn, copy)
        store.notices.append(f"upgrading the schema of {path}; a backup is at {copy}")
    with store.write():
        # Foreign key checks are deferred to commit while migrations alter tables.
        store.conn.execute("PRAGMA defer_foreign_keys = ON")
        migrations.apply(db)


def _pending_names(conn: sqlite3.Connection) -> list[str]:
    """The migrations not yet recorded in sqlite_utils' table of applied ones."""
    names = sorted(
        entry.name.removesuffix(".sql") for entry in _migrations_folder().iterdir() if entry.name.endswith(".sql")
    )
    try:
        rows = conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET])
        applied = {row[0] for row in rows}
    except sqlite3.OperationalError:  # no such table: nothing applied yet
        applied = set()
    return [name for name in names if name not in applied]


def _merge_shipped_vocabulary(store: SqliteStore) -> None:
    """Add what this version's vocabulary file has and the database lacks,
    once per version of the file; a team's own entries are never changed."""
    from harmtrack.vocab import shipped_rows, shipped_version

    version = shipped_version()
    merged = "SELECT 1 FROM vocabulary_versions WHERE version = ?"
    if store.conn.execute(merged, [version]).fetchone():
        return
    rows = shipped_rows()
    with store.write():
        if store.conn.execute(merged, [version]).fetchone():
            return  # another process merged it while this one waited for the lock
        for table in VOCABULARY_TABLES:
            store.add_vocabulary(table, getattr(rows, table))
        store.conn.execute(
            "INSERT INTO vocabulary_versions (version, merged_at) VALUES (?, ?)",
            [version, datetime.now(UTC).isoformat(timespec="seconds")],
        )


def backup(conn: sqlite3.Connection, target: Path) -> None:
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
            conn.backup(copy)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise

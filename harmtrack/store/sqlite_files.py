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
from pathlib import Path
from typing import TYPE_CHECKING

from harmtrack.errors import HarmtrackError
from harmtrack.shipped import migrations_folder
from harmtrack.store.sqlite_store import VOCABULARY_TABLES, SqliteStore

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

MIGRATION_SET = "harmtrack"
MIGRATIONS_TABLE = "_sqlite_migrations"
# That table and its index as sqlite_utils.Migrations creates them (the same
# SQL text, so a new database and an upgraded one have the same schema).
_MIGRATIONS_TABLE_SQL = (
    'CREATE TABLE "_sqlite_migrations" (\n   "id" INTEGER PRIMARY KEY,\n   "migration_set" TEXT,\n'
    '   "name" TEXT,\n   "applied_at" TEXT\n)',
    'CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"\n'
    '    ON "_sqlite_migrations" ("migration_set", "name")',
)
BUSY_TIMEOUT_MS = 30_000
DISCARD_WAIT_S = 5  # how long a failed first command waits to remove the database it made


def migration_files() -> list[tuple[str, str]]:
    """(name, sql) of every migration, in the order they apply."""
    files = sorted((entry for entry in _migrations_folder().iterdir() if entry.name.endswith(".sql")), key=_name)
    return [(entry.name.removesuffix(".sql"), entry.read_text(encoding="utf-8")) for entry in files]


def _name(entry: Path) -> str:
    return entry.name


def _migrations_folder() -> Path:
    return migrations_folder("migrations")


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


class NotHarmtrack(HarmtrackError):
    """A SQLite file that another program made: harmtrack leaves it untouched."""


class OutdatedSchema(HarmtrackError):
    """A database from an older harmtrack, opened by a command that only reads."""


def open_store(
    path: str | os.PathLike, *, create: bool, write: bool | None = None, any_schema: bool = False
) -> SqliteStore:
    """Open the database; `create` makes it when missing, `write` (the default
    when creating) lets the command write.

    A missing file is refused unless `create`, so a typo in --db does not
    leave an empty database behind. A file that is not harmtrack's (tables,
    but no record of harmtrack's migrations) is refused and not changed. Only
    a writing open changes anything: it switches the file to WAL, applies
    pending migrations (after a backup) and merges the shipped vocabulary. A
    reading open changes nothing, works on read-only media, and refuses an
    older schema with a message to upgrade it, unless `any_schema` (a backup
    copies the file whatever its schema).
    """
    path = Path(path)
    write = create if write is None else write
    for _ in range(5):
        existed = path.exists()
        if not existed and not create:
            raise HarmtrackError(f"no database at {path}; add or import incidents first")
        if not existed and not path.parent.exists():
            raise HarmtrackError(f"cannot create {path}: folder {path.parent} does not exist")
        if not existed:
            _create(path)
        store = _connect(path, existed=existed, write=write, any_schema=any_schema)
        if store is not None:
            if write:
                store.note_opened()
            return store
    raise HarmtrackError(f"{path} was removed while it was being opened; try again")


def memory_store() -> SqliteStore:
    """A throwaway database with the full schema and the shipped vocabulary
    (a dry run of an import into a database that does not exist yet)."""
    store = SqliteStore(sqlite3.connect(":memory:"))
    store.conn.execute("PRAGMA foreign_keys = ON")
    upgrade(store)
    return store


def _connect(path: Path, *, existed: bool, write: bool, any_schema: bool = False) -> SqliteStore | None:
    """The open database, or None when the file was removed while opening it
    (another command discarded the new database it had made; see discard_new)."""
    before = _identity(path)
    conn = _sqlite_connection(path, write=write)
    if conn is None:
        return None
    store = SqliteStore(conn, path)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        # The first read: from here on this connection holds a shared lock,
        # and no other process can discard the file (discard_new needs it alone).
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if _identity(path) != before:
            store.close()
            return None
        _check_ours(conn, path, write=write)
        if write:
            _configure(conn)
            upgrade(store, path if existed else None)
        elif not any_schema:
            _check_current(conn, path)
            store.vocabulary_pending = _vocabulary_pending(conn)
    except sqlite3.DatabaseError as error:
        store.close()
        raise HarmtrackError(_database_error(path, error, write=write)) from None
    except BaseException:
        store.close()
        raise
    return store


def _sqlite_connection(path: Path, *, write: bool) -> sqlite3.Connection | None:
    """A connection that never creates the file (mode=rw or ro; _create makes
    new files, private). A reading connection on read-only media, where SQLite
    cannot create the WAL index beside the file, reads it as immutable: no
    process can be writing to it there."""
    uri = path.resolve().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode={'rw' if write else 'ro'}", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        if not write and not _writable(path):
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.OperationalError:
                conn.close()
                conn = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True)
        return conn
    except (OSError, sqlite3.OperationalError):
        if not path.exists():
            return None
        if write and not _writable(path):
            raise HarmtrackError(f"cannot write {path}: the file or its folder is read-only") from None
        raise HarmtrackError(f"cannot open {path}: permission denied or not a file") from None


def _writable(path: Path) -> bool:
    """Whether a writer could change the file (and create its journal beside it)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _database_error(path: Path, error: sqlite3.DatabaseError, *, write: bool) -> str:
    text = str(error)
    if "readonly" in text or "read-only" in text:
        return f"cannot write {path}: the file or its folder is read-only"
    if isinstance(error, sqlite3.OperationalError) and "unable to open" in text:
        return f"cannot {'write' if write else 'read'} {path}: {text}"
    return f"{path} is not a harmtrack database: {text}"


def _check_ours(conn: sqlite3.Connection, path: Path, *, write: bool) -> None:
    """Refuse, before changing anything, a file that is not harmtrack's."""
    tables = [name for name in _table_names(conn) if not name.startswith("sqlite_")]
    if not tables:
        if not write:
            raise HarmtrackError(f"{path} is empty, not a harmtrack database")
        return  # an empty SQLite file: a writing command makes it harmtrack's
    ours = (
        "_sqlite_migrations" in tables
        and conn.execute("SELECT 1 FROM _sqlite_migrations WHERE migration_set = ? LIMIT 1", [MIGRATION_SET]).fetchone()
    )
    if not ours:
        shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
        raise NotHarmtrack(
            f"{path} is a SQLite database of another program (tables {shown}); harmtrack opens only its own "
            "databases and has left this one unchanged"
        )


def _check_current(conn: sqlite3.Connection, path: Path) -> None:
    pending = _pending_names(conn)
    if pending:
        raise OutdatedSchema(
            f"{path} was written by an older harmtrack ({len(pending)} schema change"
            f"{'s' if len(pending) != 1 else ''} to apply, from {pending[0]}); run `harmtrack upgrade` "
            "(it backs the database up first), or any command that writes, then try again"
        )


def _vocabulary_pending(conn: sqlite3.Connection) -> bool:
    from harmtrack.vocab import shipped_version

    merged = conn.execute("SELECT 1 FROM vocabulary_versions WHERE version = ?", [shipped_version()]).fetchone()
    return merged is None


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
    before it goes notices (see _connect) and starts again. Only the command
    that made the file removes it, so it waits a little for other commands
    that opened the new file meanwhile (and fail too) to close it: on a busy
    machine one second was not always enough (CI saw a refused first import
    leave its empty database behind)."""
    try:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=DISCARD_WAIT_S, isolation_level=None
        )
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
    # FULL: a commit is on disk before the command reports it, even if the
    # machine loses power next (NORMAL in WAL mode may lose the last commits
    # then). One fsync per transaction: an import is one transaction.
    conn.execute("PRAGMA synchronous = FULL")


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
    """Apply pending migrations under the write lock: when several processes
    open an old database at once, one upgrades (after its backup) and the
    others wait for the lock, then find nothing pending."""
    with store.write():
        if MIGRATIONS_TABLE not in _table_names(store.conn):
            _migrate_new(store)
            return
    from sqlite_utils import Database

    db = Database(store.conn, execute_plugins=False)
    migrations = build_migrations()
    # A migration may rebuild a table (SQLite changes a CHECK no other way): with
    # foreign keys enforced, dropping the old incidents table would delete every
    # damaged site and source by ON DELETE CASCADE. SQLite's own procedure: keys
    # off while the schema changes (the pragma is ignored inside a transaction,
    # hence here), and checked before the commit.
    store.conn.execute("PRAGMA foreign_keys = OFF")
    if store.conn.execute("PRAGMA foreign_keys").fetchone()[0]:  # a transaction was open: refuse, lose nothing
        raise HarmtrackError("cannot upgrade the schema inside another transaction; try again")
    copy: Path | None = None
    backed_up: str | None = None
    try:
        with store.write():
            pending = migrations.pending(db)
            if not pending:
                return
            if path is not None and migrations.applied(db):
                copy = _upgrade_backup_name(path, pending[0].name)
                # A second connection reads while this one holds the write lock
                # (the backup API cannot copy from a connection in a write transaction).
                with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as reader:
                    backup(reader, copy)
                backed_up = f"upgrading the schema of {path}; a backup is at {copy}"
                store.notices.append(backed_up)
            # Only what the migrations break is refused: a row left without its
            # parent before (by a tool with foreign keys off) stays as it was.
            broken_before = set(store.conn.execute("PRAGMA foreign_key_check"))
            try:
                migrations.apply(db)
            except sqlite3.IntegrityError as error:
                raise HarmtrackError(
                    f"upgrading the schema of {path} failed ({error}): the database holds a row the new schema "
                    "refuses; nothing was changed (please report this)"
                ) from None
            broken = sorted(set(store.conn.execute("PRAGMA foreign_key_check")) - broken_before)
            if broken:
                table, _, parent, _ = broken[0]
                raise HarmtrackError(
                    f"upgrading the schema would leave a row of {table} without its {parent} row; "
                    "nothing was changed (please report this)"
                )
    except BaseException:
        if copy is not None:  # rolled back (or the copy failed): the database is its own backup
            copy.unlink(missing_ok=True)
        if backed_up is not None:
            store.notices.remove(backed_up)
        raise
    finally:
        store.conn.execute("PRAGMA foreign_keys = ON")
    _compact(store, path)


def _compact(store: SqliteStore, path: Path | None) -> None:
    """Give back the space a migration freed inside the file, when it is a
    quarter of it or more: rebuilding a table (0022) leaves the old one's pages
    free, a third of a database of 1,000,000 incidents, and imports into a file
    that full of holes ran about 15% slower. VACUUM took 3.4 s there. The
    upgrade has committed: if VACUUM cannot run (the disk full, another writer
    holding the lock), the database stays as it is and a notice says how to
    do it later."""
    free = store.conn.execute("PRAGMA freelist_count").fetchone()[0]
    if free * 4 < store.conn.execute("PRAGMA page_count").fetchone()[0]:
        return
    try:
        store.conn.execute("VACUUM")
    except sqlite3.OperationalError as error:
        store.notices.append(
            f"the upgrade left {free:,} free pages in {path}, which slow imports down; VACUUM failed ({error}); "
            f"when nothing else uses the database, run: sqlite3 {path} VACUUM"
        )


def _migrate_new(store: SqliteStore) -> None:
    """Every migration into a database that has none yet (a new one, which
    nothing else can have changed), inside the caller's transaction: the
    statements and the record sqlite_utils.Migrations would write, without
    importing it (about 0.1 s, numpy with it where installed, of every
    command that creates a database)."""
    store.conn.execute("PRAGMA defer_foreign_keys = ON")
    for statement in _MIGRATIONS_TABLE_SQL:
        store.conn.execute(statement)
    record = f"INSERT INTO {MIGRATIONS_TABLE} (migration_set, name, applied_at) VALUES (?, ?, ?)"
    for name, sql in migration_files():
        for statement in split_statements(sql):
            store.conn.execute(statement)
        store.conn.execute(record, [MIGRATION_SET, name, str(datetime.now(UTC))])


def _upgrade_backup_name(path: Path, first: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return path.with_name(f"{path.name}.{stamp}.{uuid.uuid4().hex[:6]}.before-{first}.bak")


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


def _alive(pid: str) -> bool:
    """Whether a process with this id runs (a partial backup's writer)."""
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, but belongs to someone else
    return True


def backup(conn: sqlite3.Connection, target: Path) -> None:
    """A consistent copy through SQLite's backup API, even while others write.

    Written to a private temporary file beside the target, then renamed, so a
    failed backup never leaves a partial file under the target's name.
    """
    if target.exists():
        raise HarmtrackError(f"{target} already exists; choose a new name")
    if not target.parent.is_dir():
        raise HarmtrackError(f"cannot write {target}: folder {target.parent} does not exist")
    for stale in target.parent.glob(f".{target.name}.*.partial"):
        if not _alive(stale.name.rsplit(".", 2)[-2]):
            stale.unlink(missing_ok=True)  # left by a backup that was killed
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    _create_private(partial)
    try:
        with closing(sqlite3.connect(partial)) as copy:
            conn.backup(copy)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise

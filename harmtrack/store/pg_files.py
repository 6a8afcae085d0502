"""A PostgreSQL database's life: connect by URL, make it harmtrack's, upgrade
its schema, merge the shipped vocabulary.

The schema is the ordered set of SQL files in `db/postgresql/`, shipped inside
the package. The pending files and their records in `harmtrack_migrations`
run in one transaction (PostgreSQL's DDL is transactional, so an upgrade
cannot half-apply) under a transaction-scoped advisory lock: when several
people open a new database at once, one builds it and the others wait, then
find nothing to do.

The database itself (CREATE DATABASE, its users and their rights) is the
team's to make; harmtrack fills an empty one. psycopg is imported here, when a
postgresql:// URL is opened, never at start-up.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from harmtrack.errors import HarmtrackError
from harmtrack.shipped import migrations_folder
from harmtrack.store.sqlite_files import NotHarmtrack, OutdatedSchema

if TYPE_CHECKING:
    import psycopg

    from harmtrack.store.pg_store import PgStore

# pg_advisory_xact_lock(LOCK_SPACE, n): harmtrack's locks, one database each.
LOCK_SPACE = 0x68746B  # "htk"
SCHEMA_LOCK = 1
WRITE_LOCK = 2
CONNECT_TIMEOUT_S = 10
INSTALL_HINT = "pip install 'harmtrack[postgres]'"


def shown(url: str) -> str:
    """The URL as messages show it: any password replaced by ***, in the
    user part (user:secret@host, up to the last @) or as a libpq option (?password=secret)."""
    url = re.sub(r"^(postgres(?:ql)?://[^:@/]*):[^/]*@", r"\1:***@", url)
    return re.sub(r"([?&]password=)[^&]*", r"\1***", url)


def migration_files() -> list[tuple[str, str]]:
    """(name, sql) of every PostgreSQL migration, in the order they apply."""
    folder = _migrations_folder()
    files = sorted((entry for entry in folder.iterdir() if entry.name.endswith(".sql")), key=lambda entry: entry.name)
    return [(entry.name.removesuffix(".sql"), entry.read_text(encoding="utf-8")) for entry in files]


def _migrations_folder() -> Path:
    return migrations_folder("postgresql")


def connect(url: str) -> psycopg.Connection:
    """A connection in autocommit mode (write() opens the transactions), its
    session set so results read as harmtrack writes them: dates as ISO text,
    times in UTC."""
    try:
        import psycopg
        from psycopg.types.string import TextLoader
    except ImportError:
        raise HarmtrackError(f"--db {shown(url)} needs PostgreSQL support: {INSTALL_HINT}") from None
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S, application_name="harmtrack")
    except psycopg.Error as error:
        reason = " ".join(str(error).split()) or type(error).__name__
        raise HarmtrackError(f"cannot connect to {shown(url)}: {reason}") from None
    conn.execute("SET DateStyle = 'ISO, YMD'")
    conn.execute("SET TimeZone = 'UTC'")
    conn.adapters.register_loader("date", TextLoader)
    return conn


def open_store(url: str, *, create: bool, write: bool | None = None, any_schema: bool = False) -> PgStore:
    """Open the database at `url`, with the flags of sqlite_files.open_store.

    An empty database is made harmtrack's by a command that may create one
    (add, import, demo), and refused by the others; a database with other
    programs' tables and no record of harmtrack's migrations is refused and
    left unchanged. A writing open applies pending migrations and merges the
    shipped vocabulary; a reading open changes nothing and refuses an older
    schema unless `any_schema`.
    """
    write = create if write is None else write
    conn = connect(url)  # first: without psycopg it says how to install it
    import psycopg

    from harmtrack.store.pg_store import PgStore

    store = PgStore(conn, url)
    try:
        tables = _table_names(conn)
        if "harmtrack_migrations" not in tables:
            if tables:
                names = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
                raise NotHarmtrack(
                    f"{shown(url)} holds tables of another program ({names}); harmtrack opens only its own "
                    "databases and has left this one unchanged"
                )
            if not create:
                raise HarmtrackError(f"{shown(url)} holds no harmtrack data yet; add or import incidents first")
        if write:
            upgrade(store)
        elif not any_schema:
            pending = _pending_names(conn)
            if pending:
                raise OutdatedSchema(
                    f"{shown(url)} was written by an older harmtrack ({len(pending)} schema change"
                    f"{'s' if len(pending) != 1 else ''} to apply, from {pending[0]}); run `harmtrack upgrade`, "
                    "or any command that writes, then try again"
                )
            store.vocabulary_pending = _vocabulary_pending(conn)
        store.note_opening()
    except psycopg.Error as error:
        store.close()
        raise HarmtrackError(f"{shown(url)}: {' '.join(str(error).split())}") from None
    except BaseException:
        store.close()
        raise
    return store


def _table_names(conn: psycopg.Connection) -> list[str]:
    rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return [row[0] for row in rows]


def _pending_names(conn: psycopg.Connection) -> list[str]:
    names = [name for name, _ in migration_files()]
    try:
        applied = {row[0] for row in conn.execute("SELECT name FROM harmtrack_migrations")}
    except Exception as error:  # no such table: nothing applied yet
        import psycopg

        if not isinstance(error, psycopg.errors.UndefinedTable):
            raise
        applied = set()
    return [name for name in names if name not in applied]


def upgrade(store: PgStore) -> None:
    """Apply pending migrations with their records, in one transaction under
    the schema lock, then merge this version's vocabulary."""
    conn = store.conn
    if _pending_names(conn):
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_SPACE, SCHEMA_LOCK])
            conn.execute(
                "CREATE TABLE IF NOT EXISTS harmtrack_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            files = migration_files()
            pending = _pending_names(conn)
            for name, sql in files:
                if name in pending:
                    conn.execute(sql.encode())  # a whole script: without parameters psycopg sends it as one query
                    conn.execute("INSERT INTO harmtrack_migrations (name, applied_at) VALUES (%s, %s)", [name, _now()])
            if pending and len(pending) < len(files):
                store.notices.append(f"upgraded the schema of {shown(store.url)}: {', '.join(pending)}")
    _merge_shipped_vocabulary(store)


def _vocabulary_pending(conn: psycopg.Connection) -> bool:
    from harmtrack.vocab import shipped_version

    merged = conn.execute("SELECT 1 FROM vocabulary_versions WHERE version = %s", [shipped_version()]).fetchone()
    return merged is None


def _merge_shipped_vocabulary(store: PgStore) -> None:
    """Add what this version's vocabulary file has and the database lacks,
    once per version; a team's own entries are never changed."""
    from harmtrack.store.sqlite_store import VOCABULARY_TABLES
    from harmtrack.vocab import shipped_rows, shipped_version

    if not _vocabulary_pending(store.conn):
        return
    rows = shipped_rows()
    with store.write():
        if not _vocabulary_pending(store.conn):
            return  # another process merged it while this one waited for the lock
        for table in VOCABULARY_TABLES:
            store.add_vocabulary(table, getattr(rows, table))
        store.conn.execute(
            "INSERT INTO vocabulary_versions (version, merged_at) VALUES (%s, %s)", [shipped_version(), _now()]
        )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")

"""The schema: migrations in order, in one transaction each, and the
invariants the database itself refuses to store."""

import sqlite3

import pytest
from sqlite_utils import Database

from harmtrack.store import sqlite_files as store

FIRST_SET = ("0001_schema", "0002_vocabulary")
UID = "3f2b8c1e-9d4a-4f6e-8b7a-2c1d0e9f8a7b"


def first_set_database(path):
    """A database as the first release of harmtrack wrote it."""
    files = [(name, sql) for name, sql in store.migration_files() if name in FIRST_SET]
    db = Database(sqlite3.connect(path))
    store.build_migrations(files).apply(db)
    db.conn.execute(
        "INSERT INTO incidents (uid, date, city, weapon, killed, injured, created_at, updated_at) "
        "VALUES (?, '2024-10-30', 'Kharkiv', 'glide-bomb', 3, NULL, '2024-11-01', '2024-11-01')",
        [UID],
    )
    db.conn.execute(
        "INSERT INTO damaged_sites (incident_id, position, kind, name) "
        "VALUES (1, 0, 'residential', 'apartment building')"
    )
    db.conn.commit()
    db.close()


def test_migrations_are_numbered_and_applied_in_order(tmp_path):
    names = [name for name, _ in store.migration_files()]
    assert names == sorted(names)
    assert names[:2] == list(FIRST_SET)
    db = store.open_store(tmp_path / "new.db", create=True)
    applied = [migration.name for migration in store.build_migrations().applied(Database(db.conn))]
    assert applied == names


def test_a_first_version_database_opens_with_its_data_intact(tmp_path):
    path = tmp_path / "old.db"
    first_set_database(path)
    db = store.open_store(path, create=False, write=True)
    row = db.conn.execute("SELECT uid, date, city, weapon, killed, injured FROM incidents").fetchone()
    assert row == (UID, "2024-10-30", "Kharkiv", "glide-bomb", 3, None)
    assert db.conn.execute("SELECT kind, name FROM damaged_sites").fetchall() == [("residential", "apartment building")]
    assert not store.build_migrations().pending(Database(db.conn))


def test_a_failing_migration_leaves_no_trace(tmp_path):
    path = tmp_path / "x.db"
    db = store.open_store(path, create=True)
    broken = [
        *store.migration_files(),
        ("9999_broken", "CREATE TABLE half (x INTEGER);\nINSERT INTO nowhere VALUES (1);\n"),
    ]
    with pytest.raises(sqlite3.OperationalError):
        store.build_migrations(broken).apply(Database(db.conn))
    assert "half" not in {row[0] for row in db.conn.execute("SELECT name FROM sqlite_master")}
    assert "9999_broken" in [m.name for m in store.build_migrations(broken).pending(Database(db.conn))]


def test_pragmas(tmp_path):
    db = store.open_store(tmp_path / "x.db", create=True)
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


@pytest.mark.parametrize(
    ("assignment", "constraint"),
    [
        ("killed = -1", "CHECK"),
        ("killed = 3, killed_min = 4", "CHECK"),
        ("killed = 3, killed_max = 2", "CHECK"),
        ("injured = 3, children_injured = 4", "CHECK"),
        ("date = '2024-02-30'", "CHECK"),
        ("date = '30/10/2024'", "CHECK"),
        ("date_precision = 'month'", "CHECK"),
        ("date_precision = 'fortnight'", "CHECK"),
        ("latitude = 91, longitude = 30", "CHECK"),
        ("latitude = 50", "CHECK"),
        ("status = 'maybe'", "CHECK"),
        ("weapon = 'laser'", "FOREIGN KEY"),
        ("killed = 'three'", "cannot store TEXT value in INTEGER column"),
        ("city = NULL", "CHECK"),
    ],
)
def test_the_schema_refuses_what_the_record_forbids(tmp_path, assignment, constraint):
    db = store.open_store(tmp_path / "x.db", create=True)
    db.conn.execute(
        "INSERT INTO incidents (uid, date, city, created_at, updated_at) VALUES (?, '2024-10-30', 'Sumy', 'x', 'x')",
        [UID],
    )
    db.conn.commit()
    with pytest.raises(sqlite3.IntegrityError, match=constraint):
        db.conn.execute(f"UPDATE incidents SET {assignment}")


def test_split_statements_keeps_semicolons_inside_strings():
    sql = "INSERT INTO t VALUES ('a;b');\n-- note; here\nINSERT INTO t VALUES ('c');\n"
    assert [s.strip() for s in store.split_statements(sql)] == [
        "INSERT INTO t VALUES ('a;b');",
        "-- note; here\nINSERT INTO t VALUES ('c');",
    ]


def test_an_upgrade_backs_up_the_database_first(tmp_path):
    path = tmp_path / "old.db"
    files = [(name, sql) for name, sql in store.migration_files() if name == "0001_schema"]
    db = Database(sqlite3.connect(path))
    store.build_migrations(files).apply(db)
    db.conn.execute(
        "INSERT INTO incidents (uid, date, city, created_at, updated_at) VALUES (?, '2024-10-30', 'Sumy', 'x', 'x')",
        [UID],
    )
    db.conn.commit()
    db.close()

    upgraded = store.open_store(path, create=False, write=True)
    [copy] = tmp_path.glob("old.db.*.before-0002_vocabulary.bak")
    assert upgraded.notices == [f"upgrading the schema of {path}; a backup is at {copy}"]
    assert oct(copy.stat().st_mode & 0o777) == "0o600"
    with sqlite3.connect(copy) as old:
        assert old.execute("SELECT uid, city FROM incidents").fetchall() == [(UID, "Sumy")]
        assert "weapon_aliases" in {row[0] for row in old.execute("SELECT name FROM sqlite_master")}
        assert old.execute("SELECT count(*) FROM weapons").fetchone() == (0,)
    assert upgraded.conn.execute("SELECT weapon FROM incidents").fetchall() == [("unknown",)]


def test_a_new_database_needs_no_backup(tmp_path):
    store.open_store(tmp_path / "new.db", create=True)
    assert not list(tmp_path.glob("*.bak"))


def test_backup_command_writes_a_private_consistent_copy(harmtrack, tmp_path):
    harmtrack.ok("add", "--date", "2024-10-30", "--city", "Kharkiv", "--killed", "3")
    target = tmp_path / "copy.db"
    result = harmtrack.ok("backup", str(target))
    assert result.stderr == f"backed up to {target}\n"
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT city, killed FROM incidents").fetchall() == [("Kharkiv", 3)]
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    refused = harmtrack("backup", str(target))
    assert refused.exit_code == 1
    assert "already exists" in refused.stderr


def test_a_new_database_lists_the_shipped_vocabulary_in_the_files_order(tmp_path):
    """A new SQLite database holds the vocabulary the early migrations wrote, then what the merge of
    harmtrack/data/vocabulary.json adds, in that order; a new PostgreSQL database is written from the file. The
    two list the same only while the file keeps the migrations' entries first, in their order, and new entries
    are added at the end of each list."""
    from harmtrack.vocab import shipped_rows

    db = store.open_store(tmp_path / "new.db", create=True)
    assert db.vocabulary() == shipped_rows()

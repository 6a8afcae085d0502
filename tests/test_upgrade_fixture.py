"""Schema upgrades (issue 8): a database written by the first release
(tests/fixtures/first-version.db, made by make_first_version_db.py with the
first release's own code: migrations 0001 and 0002 only) opens under the
current code with every record, list and change intact and every migration
applied, after a backup whose path is printed."""

import json
import re
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from harmtrack.store import sqlite_files as store

FIXTURE = Path(__file__).parent / "fixtures" / "first-version.db"
KHARKIV = "3f2b8c1e-9d4a-4f6e-8b7a-2c1d0e9f8a7b"
ODESA = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
DELETED = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"


def rows(path: Path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql).fetchall()


def first_version_columns(table: str) -> str:
    return ", ".join(row[1] for row in rows(FIXTURE, f"PRAGMA table_info({table})"))


@pytest.fixture
def old_db(harmtrack) -> Path:
    shutil.copyfile(FIXTURE, harmtrack.db_path)
    harmtrack.db_path.chmod(0o600)
    return harmtrack.db_path


def test_the_fixture_is_a_first_version_database():
    applied = rows(FIXTURE, "SELECT name FROM _sqlite_migrations ORDER BY id")
    assert applied == [("0001_schema",), ("0002_vocabulary",)]
    assert rows(FIXTURE, "SELECT count(*) FROM incidents") == [(4,)]
    assert rows(FIXTURE, "SELECT count(*) FROM damaged_sites") == [(5,)]
    assert rows(FIXTURE, "SELECT count(*) FROM sources") == [(4,)]
    assert rows(FIXTURE, "SELECT action, count(*) FROM changes GROUP BY action ORDER BY action") == [
        ("add", 5),
        ("delete", 1),
        ("edit", 2),
    ]
    assert "place_aliases" not in {row[0] for row in rows(FIXTURE, "SELECT name FROM sqlite_master")}


def test_the_first_version_opens_with_every_record_intact(harmtrack, old_db):
    tables = ("incidents", "damaged_sites", "sources", "changes", "import_batches", "weapons", "site_kinds")
    before = {
        table: rows(FIXTURE, f"SELECT {first_version_columns(table)} FROM {table} ORDER BY rowid") for table in tables
    }

    # A command that only reads changes nothing, not even the schema: it says how to upgrade.
    refused = harmtrack("export", "--format", "json")
    assert refused.exit_code == 1 and "run `harmtrack upgrade`" in refused.stderr
    assert not list(old_db.parent.glob("*.bak"))
    upgraded = harmtrack.ok("upgrade")
    listed = harmtrack.ok("export", "--format", "json")
    [copy] = old_db.parent.glob(f"{old_db.name}.*.before-0003_place_aliases.bak")
    assert f"upgrading the schema of {old_db}; a backup is at {copy}" in upgraded.stderr
    assert rows(copy, "SELECT * FROM incidents ORDER BY id") == rows(FIXTURE, "SELECT * FROM incidents ORDER BY id")
    assert rows(copy, "PRAGMA integrity_check") == [("ok",)]

    applied = [name for (name,) in rows(old_db, "SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert applied == [name for name, _ in store.migration_files()]
    for table in tables:
        after = rows(old_db, f"SELECT {first_version_columns(table)} FROM {table} ORDER BY rowid")
        assert after == before[table], f"{table} changed in the upgrade"
    assert rows(old_db, "PRAGMA integrity_check") == [("ok",)]
    assert rows(old_db, "PRAGMA foreign_key_check") == []

    records = {record["uid"]: record for record in json.loads(listed.stdout)}
    assert len(records) == 4 and DELETED not in records
    kharkiv = records[KHARKIV]
    assert (kharkiv["weapon"], kharkiv["killed"], kharkiv["killed_max"], kharkiv["injured"]) == ("glide-bomb", 3, 4, 37)
    assert (kharkiv["children_killed"], kharkiv["children_injured"], kharkiv["status"]) == (1, 5, "confirmed")
    assert [(site["kind"], site["name"]) for site in kharkiv["damaged"]] == [
        ("residential", "apartment building"),
        ("residential", "apartment building"),
        ("education", "school No. 134"),
    ]
    assert [source["url"] for source in kharkiv["sources"]] == [
        "https://example.org/kharkiv-2024-10-30",
        "Kharkiv Regional Military Administration",
        "https://example.org/kharkiv-update",
    ]
    assert kharkiv["description"].endswith("Удар по Салтівці.")
    odesa = records[ODESA]
    assert (odesa["date"], odesa["date_precision"], odesa["weapon"], odesa["injured"]) == (
        "2024-10-28",
        "week",
        "loitering-munition",
        None,
    )
    assert [(site["kind"], site["name"]) for site in odesa["damaged"]] == [
        ("energy", "substation; \\ port"),
        ("commercial", "warehouse"),
    ]


def test_the_upgraded_database_works_and_keeps_its_history(harmtrack, old_db):
    harmtrack.ok("upgrade")
    assert len(list(old_db.parent.glob("*.bak"))) == 1
    again = harmtrack.ok("upgrade")
    assert "upgrading" not in again.stderr and "up to date" in again.stderr, "nothing left to upgrade"
    assert len(list(old_db.parent.glob("*.bak"))) == 1

    history = json.loads(harmtrack.ok("history", DELETED, "--format", "json").stdout)
    assert list(dict.fromkeys(entry["action"] for entry in history)) == ["add", "delete"]
    assert {entry["changed_by"] for entry in history} == {"recorder"}
    edits = json.loads(harmtrack.ok("history", "1", "--format", "json").stdout)
    changed = {(entry["field"], json.dumps(entry["after"])) for entry in edits if entry["action"] == "edit"}
    assert {field for field, _ in changed} == {"injured", "status", "sources"}
    assert ("injured", "37") in changed

    report = json.loads(harmtrack.ok("report", "city", "--format", "json").stdout)
    assert {row["city"]: row["killed"] for row in report}["Kharkiv"] == 3
    harmtrack.ok("edit", "1", "--killed", "4")
    new_id = harmtrack.ok("add", "--date", "2024-11-01", "--city", "Kharkiv", "--killed", "2").stdout.strip()
    assert new_id.isdigit() and int(new_id) > 4
    exported = harmtrack.ok("export").stdout
    harmtrack.ok("import", "-", input=exported)
    assert len(rows(old_db, "SELECT id FROM incidents")) == 5


def test_the_rebuilt_incidents_table_keeps_its_rules_links_and_search(harmtrack, old_db):
    """Migration 0022 rebuilds the incidents table (its status CHECK rewritten):
    the search index still matches the rows, the sites and sources still belong
    to their incidents (checked above row by row), and every CHECK still refuses."""
    harmtrack.ok("upgrade")
    with closing(sqlite3.connect(old_db)) as conn:
        conn.execute("INSERT INTO incidents_search (incidents_search) VALUES ('integrity-check')")
        [table] = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'incidents'").fetchone()
        assert "status = 'unverified' OR" in table
        columns = "uid, date, city, status, created_at, updated_at"
        good = ["1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d", "2024-11-02", "Kharkiv", "corroborated", "t", "t"]
        refused = (("status", "verified"), ("status", "Confirmed"), ("uid", "not-a-uid"), ("date", "2024-02-30"))
        for field, bad in refused:
            row = list(good)
            row[columns.split(", ").index(field)] = bad
            with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
                conn.execute(f"INSERT INTO incidents ({columns}) VALUES (?, ?, ?, ?, ?, ?)", row)
        conn.execute(f"INSERT INTO incidents ({columns}) VALUES (?, ?, ?, ?, ?, ?)", good)
        conn.rollback()
    found = json.loads(harmtrack.ok("list", "--search", "Салтівці", "--format", "json").stdout)
    assert [record["uid"] for record in found] == [KHARKIV]


def test_an_upgrade_that_rebuilds_the_incidents_table_gives_the_freed_space_back(harmtrack, old_db):
    """Rebuilding a table leaves the old one's pages free inside the file (a
    third of a 1M-incident database after 0022, and imports into it ran about
    15% slower): the upgrade compacts the file when a quarter or more is free."""
    from sqlite_utils import Database

    before_rebuild = [(name, sql) for name, sql in store.migration_files() if name < "0022"]
    with closing(sqlite3.connect(old_db)) as conn:
        store.build_migrations(before_rebuild).apply(Database(conn))
        conn.execute(  # 3,000 incidents with 2 KB descriptions: the incidents table is most of the file
            "WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < 3000) "
            "INSERT INTO incidents (uid, date, city, description, created_at, updated_at) "
            "SELECT printf('%08x-0000-4000-8000-%012x', value, value), '2024-01-01', 'Odesa', "
            "hex(randomblob(1000)), 't', 't' FROM n"
        )
        conn.commit()
    size = old_db.stat().st_size
    harmtrack.ok("upgrade")
    assert rows(old_db, "PRAGMA freelist_count") == [(0,)]
    assert old_db.stat().st_size < size
    assert rows(old_db, "SELECT count(*) FROM incidents") == [(3004,)]
    assert rows(old_db, "PRAGMA integrity_check") == [("ok",)]


def _orphan_source(path: Path) -> None:
    """A source whose incident is gone, as the sqlite3 shell (foreign keys off by default) can leave one."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("INSERT INTO sources (incident_id, position, url) VALUES (999, 0, 'https://example.org/orphan')")
        conn.commit()


def test_a_link_broken_before_the_upgrade_does_not_block_it(harmtrack, old_db):
    """The upgrade refuses only what the migrations break: a row already
    without its parent (left by a tool with foreign keys off) stays as it was."""
    _orphan_source(old_db)
    harmtrack.ok("upgrade")
    [orphan] = rows(old_db, "SELECT id FROM sources WHERE incident_id = 999")
    assert rows(old_db, "PRAGMA foreign_key_check") == [("sources", orphan[0], "incidents", 0)]


def test_a_migration_that_breaks_a_link_is_refused_and_leaves_no_backup(harmtrack, old_db, monkeypatch):
    breaking = [*store.migration_files(), ("9999_breaks_a_link", "DELETE FROM incidents WHERE id = 1;\n")]
    monkeypatch.setattr(store, "migration_files", lambda: breaking)
    monkeypatch.setattr(store, "_pending_names", lambda conn: ["9999_breaks_a_link"])
    before = rows(old_db, "SELECT * FROM incidents ORDER BY id")
    refused = harmtrack("upgrade")
    assert refused.exit_code == 1
    assert re.search(
        r"upgrading the schema would leave a row of (sources|damaged_sites) without its incidents row; "
        r"nothing was changed",
        refused.stderr,
    )
    assert rows(old_db, "SELECT * FROM incidents ORDER BY id") == before
    assert rows(old_db, "SELECT count(*) FROM _sqlite_migrations") == rows(
        FIXTURE, "SELECT count(*) FROM _sqlite_migrations"
    )
    assert not list(old_db.parent.glob("*.bak")), "the database is as it was: its backup would only fill the disk"


def test_a_row_the_new_schema_refuses_is_named_as_such(harmtrack, old_db, monkeypatch):
    """A migration that meets a row its CHECK refuses rolls back and says so, not that the file is someone else's."""
    bogus = "UPDATE incidents SET status = 'bogus' WHERE id = 1;\n"
    refusing = [*store.migration_files(), ("9999_refuses_a_row", bogus)]
    monkeypatch.setattr(store, "migration_files", lambda: refusing)
    monkeypatch.setattr(store, "_pending_names", lambda conn: ["9999_refuses_a_row"])
    refused = harmtrack("upgrade")
    assert refused.exit_code == 1
    assert "is not a harmtrack database" not in refused.stderr
    assert re.search(
        r"upgrading the schema of .* failed \(CHECK constraint failed: .*\): the database holds a row "
        r"the new schema refuses; nothing was changed",
        refused.stderr,
    )
    assert not list(old_db.parent.glob("*.bak"))


def test_a_backup_that_fails_halfway_leaves_neither_a_partial_copy_nor_a_changed_database(
    harmtrack, old_db, monkeypatch
):
    def disk_full(reader, target):
        Path(target).write_bytes(b"SQLite format 3\x00 and then the disk was full")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "backup", disk_full)
    before = rows(old_db, "SELECT * FROM incidents ORDER BY id")
    failed = harmtrack("upgrade")
    assert failed.exit_code != 0 and "Traceback" not in failed.stderr
    assert "No space left on device" in failed.stderr
    assert not list(old_db.parent.glob("*.bak"))
    assert rows(old_db, "SELECT * FROM incidents ORDER BY id") == before
    assert rows(old_db, "SELECT count(*) FROM _sqlite_migrations") == rows(
        FIXTURE, "SELECT count(*) FROM _sqlite_migrations"
    )

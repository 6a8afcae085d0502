"""Privacy (issue 8): records can name victims, so every file harmtrack
writes (the database and its -wal and -shm, backups, the automatic backup
before an upgrade, the rejects file) is readable by its owner only, whatever
the umask says."""

import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from harmtrack.store import open_store

FIRST_VERSION = Path(__file__).parent / "fixtures" / "first-version.db"


@pytest.fixture(params=[0o022, 0o000], ids=["umask-022", "umask-000"])
def permissive_umask(request):
    previous = os.umask(request.param)
    yield request.param
    os.umask(previous)


def mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


def test_the_database_and_its_log_files_are_private(permissive_umask, tmp_path):
    path = tmp_path / "new.db"
    db = open_store(path, create=True)
    try:
        db.conn.execute("INSERT INTO place_aliases VALUES ('city', 'Saltivka', 'Kharkiv', 'now')")
        db.conn.commit()
        files = {name: tmp_path / name for name in ("new.db", "new.db-wal", "new.db-shm")}
        assert all(file.exists() for file in files.values())
        assert {name: mode(file) for name, file in files.items()} == dict.fromkeys(files, "0o600")
    finally:
        db.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.db"], "no half-made database left beside it"


def test_commands_create_private_files(permissive_umask, harmtrack, tmp_path):
    harmtrack.ok("add", "--date", "2024-10-30", "--city", "Kharkiv", "--killed", "3")
    assert mode(harmtrack.db_path) == "0o600"

    copy = tmp_path / "copy.db"
    harmtrack.ok("backup", str(copy))
    assert mode(copy) == "0o600"

    bad = tmp_path / "bad.csv"
    bad.write_text("date,city,killed\n2024-10-31,Sumy,1\nnot a date,Odesa,2\n", encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    harmtrack.ok("import", str(bad), "--skip-invalid", "--rejects", str(rejects))
    assert mode(rejects) == "0o600"
    assert "not a date" in rejects.read_text(encoding="utf-8")

    # An existing rejects file is replaced only with --force, by a new private file.
    rejects.write_text("old\n", encoding="utf-8")
    rejects.chmod(0o644)
    assert harmtrack("import", str(bad), "--skip-invalid", "--rejects", str(rejects)).exit_code == 2
    assert rejects.read_text(encoding="utf-8") == "old\n"
    harmtrack.ok("import", str(bad), "--skip-invalid", "--rejects", str(rejects), "--force")
    assert mode(rejects) == "0o600"


def test_a_refused_first_import_writes_a_private_rejects_file(permissive_umask, harmtrack, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("date,city\nnot a date,Odesa\n", encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    result = harmtrack("import", str(bad), "--rejects", str(rejects))
    assert result.exit_code == 1
    assert not harmtrack.db_path.exists()
    assert mode(rejects) == "0o600"


def test_the_backup_before_an_upgrade_is_private(permissive_umask, tmp_path):
    path = tmp_path / "old.db"
    shutil.copyfile(FIRST_VERSION, path)
    path.chmod(0o600)
    store = open_store(path, create=False, write=True)  # only a writing open upgrades
    store.close()
    [backup] = tmp_path.glob("old.db.*.bak")
    assert any(f"a backup is at {backup}" in notice for notice in store.notices)
    assert mode(backup) == "0o600"
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert not list(tmp_path.glob(".*partial*"))

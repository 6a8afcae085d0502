"""Hostile files and unlucky users: one mistyped option never destroys a
database; other programs' databases are left as they are; read-only media can
be read; concurrent upgrades all succeed; a committed change reports success."""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import Harmtrack

FIXTURES = Path(__file__).parent / "fixtures"
FIRST_VERSION = FIXTURES / "first-version.db"
# Root ignores file permissions; without these capabilities it obeys them as the owner.
AS_OWNER_ONLY = [
    "setpriv",
    "--bounding-set",
    "-dac_override,-dac_read_search",
    "--inh-caps",
    "-dac_override,-dac_read_search",
]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def with_bad_row(tmp_path: Path) -> Path:
    path = tmp_path / "new.csv"
    path.write_text("date,city\n2024-10-30,Sumy\nnot a date,Sumy\n", encoding="utf-8")
    return path


def harmtrack_process(db: Path, *args: str, prefix: list[str] | None = None, **options):
    options.setdefault("stdout", subprocess.PIPE)
    options.setdefault("stderr", subprocess.PIPE)
    return subprocess.run(
        [*(prefix or []), sys.executable, "-m", "harmtrack", "--db", str(db), *args], text=True, timeout=120, **options
    )


# --------------------------------------------------------------------------- the rejects file


@pytest.mark.parametrize("extra", [["--skip-invalid"], ["--skip-invalid", "--dry-run"], []])
@pytest.mark.parametrize("target", ["harmtrack.db", "harmtrack.db-wal", "harmtrack.db-shm", "new.csv"])
def test_rejects_never_replace_the_database_its_companions_or_the_input(harmtrack, tmp_path, extra, target):
    harmtrack.ok("add", "--date", "2024-10-29", "--city", "Kyiv", "--killed", "2")
    source = with_bad_row(tmp_path)
    before = harmtrack.dump()
    result = harmtrack("import", str(source), *extra, "--rejects", str(tmp_path / target), "--force")
    assert result.exit_code == 2
    assert "--rejects:" in result.stderr and "choose another file" in result.stderr
    assert harmtrack.dump() == before
    assert source.read_text(encoding="utf-8").startswith("date,city")


def test_rejects_never_follow_a_link_nor_replace_a_sqlite_file(harmtrack, tmp_path):
    harmtrack.ok("add", "--date", "2024-10-29", "--city", "Kyiv")
    source = with_bad_row(tmp_path)
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n", encoding="utf-8")
    precious.chmod(0o644)
    link = tmp_path / "link.csv"
    link.symlink_to(precious)
    result = harmtrack("import", str(source), "--skip-invalid", "--rejects", str(link), "--force")
    assert result.exit_code == 2 and "symbolic link" in result.stderr
    assert precious.read_text(encoding="utf-8") == "keep me\n" and oct(precious.stat().st_mode & 0o777) == "0o644"
    harmtrack.ok("backup", str(tmp_path / "copy.db"))
    copied = digest(tmp_path / "copy.db")
    result = harmtrack("import", str(source), "--skip-invalid", "--rejects", str(tmp_path / "copy.db"), "--force")
    assert result.exit_code == 2 and "SQLite database" in result.stderr
    assert digest(tmp_path / "copy.db") == copied


def test_a_rejects_file_that_cannot_be_written_after_the_commit_is_a_warning(harmtrack, tmp_path, monkeypatch):
    import errno

    from harmtrack import safe_files

    def full_disk(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safe_files.os, "replace", full_disk)
    result = harmtrack("import", str(with_bad_row(tmp_path)), "--skip-invalid", "--rejects", str(tmp_path / "r.csv"))
    assert result.exit_code == 0
    assert "imported 1 incident" in result.stderr
    assert "could not be written (No space left on device); the import itself is stored" in result.stderr
    assert not list(tmp_path.glob(".r.csv.*"))


def test_add_with_a_full_stdout_stores_once_and_exits_0(tmp_path):
    db = tmp_path / "h.db"
    with open("/dev/full", "w") as full:
        done = harmtrack_process(
            db, "add", "--date", "2024-10-30", "--city", "Sumy", stdout=full, stderr=subprocess.PIPE
        )
    assert done.returncode == 0, done.stderr
    assert "stored as incident 1, but its id could not be printed" in done.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM incidents").fetchone() == (1,)


def test_closed_standard_streams_give_a_clear_error(tmp_path):
    db = tmp_path / "h.db"
    assert harmtrack_process(db, "add", "--date", "2024-10-30", "--city", "Sumy").returncode == 0
    code = "import os, sys; os.close(1); from harmtrack.cli.app import main; sys.argv[1:] = sys.argv[2:]; main()"
    done = subprocess.run(
        [sys.executable, "-c", code, "-", "--db", str(db), "list", "--format", "csv"],
        capture_output=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr


# --------------------------------------------------------------------------- other programs' databases


@pytest.mark.parametrize(
    "command", [["list"], ["report", "city"], ["export"], ["add", "--date", "2024-10-30", "--city", "Sumy"]]
)
def test_another_programs_database_is_refused_and_left_byte_for_byte(tmp_path, command):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO notes (body) VALUES ('mine')")
    before = digest(other)
    result = Harmtrack(other)(*command)
    assert result.exit_code == 1
    assert "a SQLite database of another program (tables notes)" in result.stderr
    assert digest(other) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["other.db"]


# --------------------------------------------------------------------------- read-only media


@pytest.mark.skipif(not shutil.which("setpriv") and os.geteuid() == 0, reason="root needs setpriv to obey permissions")
def test_a_database_in_a_read_only_folder_can_be_read_listed_exported_and_backed_up(tmp_path):
    folder = tmp_path / "media"
    folder.mkdir()
    db = folder / "h.db"
    for day in ("2024-10-29", "2024-10-30"):
        assert harmtrack_process(db, "add", "--date", day, "--city", "Kharkiv", "--killed", "1").returncode == 0
    for companion in ("h.db-wal", "h.db-shm"):
        (folder / companion).unlink(missing_ok=True)
    db.chmod(0o444)
    folder.chmod(0o555)
    prefix = AS_OWNER_ONLY if os.geteuid() == 0 else []
    try:
        listed = harmtrack_process(db, "list", "--format", "csv", prefix=prefix)
        assert listed.returncode == 0, listed.stderr
        assert len(listed.stdout.splitlines()) == 3
        assert harmtrack_process(db, "export", prefix=prefix).returncode == 0
        assert harmtrack_process(db, "report", "city", "--format", "csv", prefix=prefix).returncode == 0
        copied = harmtrack_process(db, "backup", str(tmp_path / "copy.db"), prefix=prefix)
        assert copied.returncode == 0, copied.stderr
        refused = harmtrack_process(db, "add", "--date", "2024-10-31", "--city", "Sumy", prefix=prefix)
        assert refused.returncode == 1
        assert "read-only" in refused.stderr and "not a harmtrack database" not in refused.stderr
    finally:
        folder.chmod(0o755)
    with sqlite3.connect(tmp_path / "copy.db") as conn:
        assert conn.execute("SELECT count(*) FROM incidents").fetchone() == (2,)


# --------------------------------------------------------------------------- upgrades and locks


def test_six_processes_opening_an_old_database_at_once_all_succeed(tmp_path):
    db = tmp_path / "old.db"
    shutil.copyfile(FIRST_VERSION, db)
    db.chmod(0o600)

    def add(number: int):
        return harmtrack_process(db, "add", "--date", "2024-10-30", "--city", "Sumy", "--killed", str(number))

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(add, range(6)))
    assert [result.returncode for result in results] == [0] * 6, [result.stderr for result in results]
    assert len(list(tmp_path.glob("old.db.*.bak"))) == 1
    with sqlite3.connect(db) as conn:
        killed = sorted(row[0] for row in conn.execute("SELECT killed FROM incidents WHERE killed IS NOT NULL"))
    assert set(range(6)) <= set(killed)


def test_vocab_changes_wait_for_a_long_import_instead_of_failing(tmp_path):
    db = tmp_path / "h.db"
    assert harmtrack_process(db, "add", "--date", "2024-10-30", "--city", "Sumy").returncode == 0
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None);"
            " c.execute('BEGIN IMMEDIATE'); print('held', flush=True); time.sleep(2); c.execute('COMMIT')",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    alias = harmtrack_process(db, "vocab", "alias", "weapon", "Geran-9", "loitering-munition")
    holder.wait(timeout=30)
    assert alias.returncode == 0, alias.stderr


def test_ids_beyond_sqlites_integers_name_no_incident(harmtrack):
    harmtrack.ok("add", "--date", "2024-10-30", "--city", "Sumy")
    huge = str(2**63)
    for command in (["show", huge], ["edit", huge, "--killed", "1"], ["history", huge], ["delete", huge, "--yes"]):
        result = harmtrack(*command)
        assert result.exit_code == 1 and f"no incident with id {huge}" in result.stderr, result.stderr
    assert len(harmtrack.ok("list", "--limit", str(2**70), "--format", "csv").stdout.splitlines()) == 2

"""Many writers on one PostgreSQL database: nothing lost, every change logged,
and two edits of the same field at once never resolved by whoever commits last."""

import csv
import json
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pg
import pytest
from typer.testing import CliRunner

from harmtrack.cli.app import app
from harmtrack.recording import Edit, Recorder
from harmtrack.store import open_store
from harmtrack.store.contract import ConcurrentEdit

pg_server, pg_url = pg.pg_server, pg.pg_url  # the fixtures of tests/pg.py


def harmtrack_process(db: str, *args: str, user: str = "tester") -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "harmtrack", "--db", db, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={"HARMTRACK_USER": user, "PATH": "/usr/bin:/bin", "HARMTRACK_CONFIG": "/nonexistent/config.toml"},
    )


def run(db: str, *args: str, user: str = "tester") -> subprocess.CompletedProcess:
    process = harmtrack_process(db, *args, user=user)
    stdout, stderr = process.communicate(timeout=300)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def cli(db: str, *args: str, user: str = "tester"):
    """A command in this process (CliRunner), for the steps that need no second process."""
    return CliRunner().invoke(app, ["--db", db, *args], env={"HARMTRACK_USER": user})


def waiting_for_write_lock(db: str) -> int:
    """How many sessions wait for harmtrack's write lock."""
    import psycopg

    with psycopg.connect(db) as conn:
        row = conn.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted").fetchone()
    assert row is not None
    return row[0]


def test_two_edits_of_one_field_at_once_one_wins_the_other_is_refused(pg_url):
    """Researcher B's `edit --killed 6` starts while A's edit of the same
    field holds the write lock: A's value stays, B is told who changed it
    and that nothing of B's was stored."""
    assert cli(pg_url, "add", "--date", "2024-10-28", "--city", "Kharkiv", "--killed", "3").exit_code == 0
    first = open_store(pg_url, create=False, write=True)
    try:
        with first.write():  # A holds the lock ...
            waiting = harmtrack_process(pg_url, "edit", "1", "--killed", "6", user="B")
            deadline = time.monotonic() + 30
            while waiting_for_write_lock(pg_url) == 0:  # ... until B waits for it
                assert waiting.poll() is None, waiting.communicate()
                assert time.monotonic() < deadline, "harmtrack edit never waited for the write lock"
                time.sleep(0.05)
            Recorder(first).edit(1, Edit(values={"killed": "5"}))
    finally:
        first.close()
    _, stderr = waiting.communicate(timeout=60)
    assert waiting.returncode == 1
    assert stderr.startswith("harmtrack: error: incident ")
    assert ": killed changed by tester (database user " in stderr
    assert "nothing was changed" in stderr
    shown = json.loads(cli(pg_url, "show", "1", "--format", "json").stdout)[0]
    assert shown["killed"] == 5
    edits = [
        row for row in json.loads(cli(pg_url, "history", "1", "--format", "json").stdout) if row["action"] == "edit"
    ]
    assert [(row["field"], row["before"], row["after"]) for row in edits] == [("killed", 3, 5)]


def test_edits_of_different_fields_at_once_both_land(pg_url):
    """No lost update: B reads the record after A's commit, so A's field survives B's write."""
    assert cli(pg_url, "add", "--date", "2024-10-28", "--city", "Kharkiv", "--killed", "3").exit_code == 0
    first = open_store(pg_url, create=False, write=True)
    try:
        assert cli(pg_url, "edit", "1", "--injured", "9", user="B").exit_code == 0
        Recorder(first).edit(1, Edit(values={"killed": "5"}))
    finally:
        first.close()
    shown = json.loads(cli(pg_url, "show", "1", "--format", "json").stdout)[0]
    assert (shown["killed"], shown["injured"]) == (5, 9)


def test_a_command_that_opened_after_an_edit_may_change_the_field_again(pg_url):
    assert cli(pg_url, "add", "--date", "2024-10-28", "--city", "Kharkiv", "--killed", "3").exit_code == 0
    assert cli(pg_url, "edit", "1", "--killed", "4", user="A").exit_code == 0
    later = open_store(pg_url, create=False, write=True)
    try:
        Recorder(later).edit(1, Edit(values={"killed": "5"}))
    finally:
        later.close()
    with pytest.raises(ConcurrentEdit):
        stale = open_store(pg_url, create=False, write=True)
        try:
            assert cli(pg_url, "edit", "1", "--killed", "6", user="A").exit_code == 0
            Recorder(stale).edit(1, Edit(values={"killed": "7"}))
        finally:
            stale.close()
    assert json.loads(cli(pg_url, "show", "1", "--format", "json").stdout)[0]["killed"] == 6


def test_concurrent_first_opens_build_the_schema_once(pg_url):
    jobs = [("add", "--date", "2024-10-30", "--city", "Kharkiv", "--killed", str(n)) for n in range(6)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda args: run(pg_url, *args), jobs))
    assert [result.returncode for result in results] == [0] * 6, [result.stderr for result in results]
    assert sorted(int(result.stdout) for result in results) == list(range(1, 7))


def _import_file(path, rows: int, city: str) -> None:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["uid", "date", "city", "weapon", "killed"])
        for n in range(rows):
            writer.writerow([str(uuid.uuid4()), f"2024-{n % 12 + 1:02d}-{n % 28 + 1:02d}", city, "artillery", n % 5])


@pytest.mark.slow
def test_ten_researchers_and_two_imports_at_once_lose_nothing(pg_url, tmp_path):
    """Ten researchers each add and edit incidents while two imports of 3,000
    rows run: every incident is stored, every edit applied, every change logged."""
    files = [tmp_path / "north.csv", tmp_path / "south.csv"]
    for path, city in zip(files, ("Kharkiv", "Odesa"), strict=True):
        _import_file(path, 3000, city)
    assert run(pg_url, "add", "--date", "2024-01-01", "--city", "Kyiv").returncode == 0

    def researcher(number: int) -> list[subprocess.CompletedProcess]:
        user = f"researcher-{number}"
        done = []
        for round_ in range(3):
            added = run(pg_url, "add", "--date", "2024-10-28", "--city", "Dnipro", "--killed", "1", user=user)
            done.append(added)
            done.append(run(pg_url, "edit", added.stdout.strip(), "--killed", str(10 + round_), user=user))
        return done

    with ThreadPoolExecutor(max_workers=12) as pool:
        imports = [pool.submit(run, pg_url, "import", str(path)) for path in files]
        researchers = [pool.submit(researcher, number) for number in range(10)]
        results = [future.result() for future in imports] + [
            result for future in researchers for result in future.result()
        ]
    assert [result.returncode for result in results] == [0] * len(results), [result.stderr for result in results]
    listed = json.loads(run(pg_url, "list", "--format", "json").stdout)
    assert len(listed) == 1 + 6000 + 30
    dnipro = [record for record in listed if record["city"] == "Dnipro"]
    assert sorted(record["killed"] for record in dnipro) == sorted([10, 11, 12] * 10)
    history = json.loads(run(pg_url, "history", "--format", "json").stdout)
    changes = {(row["change"], row["action"], row["changed_by"]) for row in history if row["action"] in ("add", "edit")}
    actions = [(action, by) for _, action, by in changes]
    for number in range(10):
        assert actions.count(("add", f"researcher-{number}")) == 3
        assert actions.count(("edit", f"researcher-{number}")) == 3
    import psycopg

    with psycopg.connect(pg_url) as conn:
        batches = conn.execute("SELECT file_name, imported FROM import_batches ORDER BY file_name").fetchall()
    assert batches == [("north.csv", 3000), ("south.csv", 3000)]

"""Concurrency (issue 8): several processes importing, adding, reading and
backing up one database at once all succeed, nothing is lost or doubled, and
no "database is locked" reaches the user.

Writers queue on the write lock (BEGIN IMMEDIATE, a busy timeout, retry with
backoff); readers never wait (WAL). Starts from no database at all, so the
processes also race to create it and to apply the migrations.
"""

import csv
import os
import sqlite3
import subprocess
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing

import pytest

pytestmark = pytest.mark.slow

FILES = 3
ROWS_PER_FILE = 1500
ADDS = 8
CITIES = ["Kharkiv", "Odesa", "Sumy", "Dnipro", "Kherson"]


def run(db, *args, timeout=180):
    env = {**os.environ, "HARMTRACK_USER": "concurrency-test"}
    return subprocess.run(
        [sys.executable, "-m", "harmtrack", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def write_file(path, index: int, rows: int) -> None:
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"https://harmtrack.test/concurrency/{index}")
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(["uid", "date", "city", "killed", "damaged", "sources"])
        for n in range(rows):
            writer.writerow(
                [
                    uuid.uuid5(namespace, str(n)),
                    f"2024-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
                    CITIES[(n + index) % len(CITIES)],
                    n % 5,
                    "residential:house",
                    f"https://example.org/{index}/{n}",
                ]
            )


def test_imports_adds_reads_and_backups_at_once_all_land(tmp_path):
    db = tmp_path / "shared.db"
    files = []
    for index in range(FILES):
        path = tmp_path / f"part{index}.csv"
        write_file(path, index, ROWS_PER_FILE)
        files.append(path)

    jobs = [("import", str(path)) for path in files]
    jobs.append(("import", str(files[0])))  # the same file twice at once: added once
    jobs += [("add", "--date", "2024-10-30", "--city", "Kharkiv", "--killed", str(n)) for n in range(ADDS)]
    jobs += [("report", "city", "--format", "csv")] * 2
    jobs += [("backup", str(tmp_path / f"copy{n}.db")) for n in range(2)]
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        results = list(pool.map(lambda args: (args, run(db, *args)), jobs))

    readers_and_backups = []
    for args, result in results:
        if args[0] in ("report", "backup") and result.returncode == 1 and "no database" in result.stderr:
            readers_and_backups.append(args)  # it ran before any writer had created the file: fine
            continue
        assert result.returncode == 0, f"{args}: {result.stderr}"
        assert "locked" not in result.stderr and "busy" not in result.stderr, f"{args}: {result.stderr}"

    added_ids = sorted(int(result.stdout) for args, result in results if args[0] == "add")
    assert len(set(added_ids)) == ADDS
    twice = sorted(
        result.stderr.splitlines()[-1].split(" in ")[0] for args, result in results if args == ("import", str(files[0]))
    )
    assert twice == [
        "imported 0 incidents: 0 updated, 1,500 skipped, 0 rejected",
        "imported 1,500 incidents: 0 updated, 0 skipped, 0 rejected",
    ]

    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        total = conn.execute("SELECT count(*) FROM incidents").fetchone()[0]
        assert total == FILES * ROWS_PER_FILE + ADDS, "a record was lost or doubled"
        assert conn.execute("SELECT count(DISTINCT uid) FROM incidents").fetchone()[0] == total
        assert conn.execute("SELECT count(*) FROM damaged_sites").fetchone()[0] == FILES * ROWS_PER_FILE
        batches = conn.execute("SELECT imported, skipped FROM import_batches ORDER BY imported").fetchall()
        assert batches == sorted([(0, ROWS_PER_FILE)] + [(ROWS_PER_FILE, 0)] * FILES)
        assert conn.execute("SELECT count(*) FROM changes WHERE action = 'add'").fetchone()[0] == ADDS
        stored_ids = [row[0] for row in conn.execute("SELECT id FROM incidents WHERE batch_id IS NULL ORDER BY id")]
        assert stored_ids == added_ids

    # A backup taken while others wrote is a consistent snapshot: each import
    # is in it whole or not at all.
    possible = {imports * ROWS_PER_FILE + adds for imports in range(FILES + 1) for adds in range(ADDS + 1)}
    for n in range(2):
        copy = tmp_path / f"copy{n}.db"
        if ("backup", str(copy)) in readers_and_backups:
            continue
        with closing(sqlite3.connect(copy)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert conn.execute("SELECT count(*) FROM incidents").fetchone()[0] in possible


def test_a_refused_first_import_never_removes_what_another_process_wrote(tmp_path):
    """A refused import into a new database removes the file it made (SPEC),
    but not while another process is importing into it or has written to it."""
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    write_file(good, 0, ROWS_PER_FILE)
    write_file(bad, 1, 20)
    with bad.open("a", encoding="utf-8") as stream:
        stream.write("0f0e0d0c-0b0a-4908-8706-050403020100,not a date,Sumy,1,,\n")
    for trial in range(3):
        db = tmp_path / f"new{trial}.db"
        jobs = [good, bad, bad, bad]
        with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
            results = list(pool.map(lambda path, db=db: run(db, "import", str(path)), jobs))
        assert results[0].returncode == 0, results[0].stderr
        assert [result.returncode for result in results[1:]] == [1, 1, 1]
        assert db.exists(), "a refused import removed the database another process had just imported into"
        with closing(sqlite3.connect(db)) as conn:
            assert conn.execute("SELECT count(*) FROM incidents").fetchone()[0] == ROWS_PER_FILE, "the import was lost"
    with ThreadPoolExecutor(max_workers=3) as pool:
        refused = list(pool.map(lambda _: run(tmp_path / "none.db", "import", str(bad)), range(3)))
    assert all(result.returncode == 1 for result in refused)
    assert not list(tmp_path.glob("none.db*")), "refused imports left a database behind"
    assert not list(tmp_path.glob(".*.new*")), "a half-made database was left behind"


def test_readers_never_see_a_database_in_the_making(tmp_path):
    """A reader started while a writer creates the database finds either no
    database or a complete one, never 'is empty, not a harmtrack database'."""
    for trial in range(4):
        db = tmp_path / f"fresh{trial}.db"
        jobs = [("add", "--date", "2024-10-30", "--city", "Sumy")] + [("list", "--format", "csv")] * 5
        with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
            results = list(pool.map(lambda args, db=db: (args, run(db, *args)), jobs))
        for args, result in results:
            assert result.returncode == 0 or "no database" in result.stderr, f"{args}: {result.stderr}"


def test_a_writer_waits_for_a_long_transaction_instead_of_failing(tmp_path):
    """Another process holds the write lock (an import in progress) for a
    while; add waits for it rather than reporting 'database is locked'."""
    db = tmp_path / "held.db"
    assert run(db, "add", "--date", "2024-10-30", "--city", "Sumy").returncode == 0
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "conn.execute('BEGIN IMMEDIATE')\n"
            "print('held', flush=True)\n"
            "time.sleep(1.5)\n"
            "conn.execute('COMMIT')\n",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "held\n"
        result = run(db, "add", "--date", "2024-10-31", "--city", "Kharkiv")
    finally:
        holder.wait(timeout=30)
    assert result.returncode == 0, result.stderr
    assert "locked" not in result.stderr
    assert result.stdout.strip() == "2"

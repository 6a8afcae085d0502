"""Crash safety (issue 8): a process killed (SIGKILL) in the middle of an
import leaves the database intact and without any part of that import; the
same import then runs to completion.

The import runs in a real subprocess; it is killed once its write
transaction is under way, which shows as the -wal file growing (WAL mode:
the rows go to the log, uncommitted, until the one COMMIT at the end).
"""

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from contextlib import closing
from pathlib import Path

import pytest

ROWS = 60_000
KILL_AT_WAL_BYTES = 1 << 20
CITIES = ["Kharkiv", "Kherson", "Odesa", "Sumy", "Dnipro", "Zaporizhzhia", "Mykolaiv", "Kramatorsk"]
WEAPONS = ["artillery", "glide-bomb", "drone", "mlrs", "unknown", "loitering-munition"]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals"),
]


def write_big_csv(path: Path, rows: int) -> None:
    """Canonical rows that touch every table an import writes: incidents,
    damaged sites, sources; fast to generate (no bench/ dependency)."""
    namespace = uuid.UUID("9b0d1c2e-3f4a-4b5c-8d6e-7f8091a2b3c4")
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(["uid", "date", "city", "weapon", "killed", "injured", "damaged", "description", "sources"])
        for n in range(rows):
            writer.writerow(
                [
                    uuid.uuid5(namespace, str(n)),
                    f"2023-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
                    CITIES[n % len(CITIES)],
                    WEAPONS[n % len(WEAPONS)],
                    n % 7,
                    "" if n % 10 == 0 else n % 13,
                    f"residential:house {n};education:school No. {n % 50}",
                    f"Row {n}: shelling of a residential area, «житловий квартал»",
                    f"https://example.org/report/{n};Regional administration",
                ]
            )


def harmtrack(db: Path, *args: str, **popen) -> subprocess.Popen:
    env = {**os.environ, "HARMTRACK_USER": "crash-test"}
    return subprocess.Popen(
        [sys.executable, "-m", "harmtrack", "--db", str(db), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        **popen,
    )


def snapshot(db: Path) -> dict:
    """What must be identical before the import and after the killed one."""
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        counts = {
            table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in ("incidents", "damaged_sites", "sources", "changes", "import_batches")
        }
        schema = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
        incidents = conn.execute("SELECT * FROM incidents ORDER BY id").fetchall()
    return {"counts": counts, "schema": schema, "incidents": incidents}


def file_position(pid: int, path: Path) -> int | None:
    """How far the process has read `path` (Linux /proc), or None if unknown."""
    fds = Path(f"/proc/{pid}/fd")
    try:
        for fd in fds.iterdir():
            if os.readlink(fd) == str(path):
                for line in (Path(f"/proc/{pid}/fdinfo") / fd.name).read_text().splitlines():
                    if line.startswith("pos:"):
                        return int(line.split()[1])
    except OSError:
        pass
    return None


def kill_when(process: subprocess.Popen, ready, timeout: float = 60) -> None:
    """SIGKILL the process as soon as ready() says its import is under way."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            _, err = process.communicate()
            pytest.fail(f"the import ended (exit {process.returncode}) before it could be killed: {err[-500:]}")
        if ready():
            process.send_signal(signal.SIGKILL)
            process.communicate(timeout=30)
            assert process.returncode == -signal.SIGKILL
            return
        time.sleep(0.005)
    process.kill()
    process.communicate()
    pytest.fail("the import never got under way")


def test_an_import_killed_midway_leaves_nothing_and_then_completes(tmp_path):
    db = tmp_path / "crash.db"
    wal = tmp_path / "crash.db-wal"
    for city, killed in (("Kharkiv", "3"), ("Sumy", "1")):
        added = harmtrack(db, "add", "--date", "2024-10-30", "--city", city, "--killed", killed)
        out, err = added.communicate(timeout=60)
        assert added.returncode == 0, err
    big = tmp_path / "big.csv"
    write_big_csv(big, ROWS)
    before = snapshot(db)

    size = big.stat().st_size
    # 1. Midway through reading and writing the rows (Linux: by the reader's
    #    position in the file; elsewhere as soon as the log grows).
    importing = harmtrack(db, "import", str(big))
    if sys.platform.startswith("linux"):
        kill_when(importing, lambda: (file_position(importing.pid, big) or 0) >= size * 0.4)
    else:
        kill_when(importing, lambda: wal.exists() and wal.stat().st_size > 0)
    assert snapshot(db) == before, "the killed import left part of itself behind"

    # 2. Once uncommitted pages are in the write-ahead log on disk (the page
    #    cache spilled, or the indexes dropped for the bulk load are being
    #    rebuilt, or COMMIT has begun): recovery must ignore them.
    importing = harmtrack(db, "import", str(big))
    kill_when(importing, lambda: wal.exists() and wal.stat().st_size >= KILL_AT_WAL_BYTES)
    assert snapshot(db) == before, "the killed import left part of itself behind"

    # The CLI, too, sees the database as it was.
    listed = harmtrack(db, "list", "--format", "csv")
    out, err = listed.communicate(timeout=60)
    assert listed.returncode == 0, err
    assert len(out.splitlines()) == 1 + before["counts"]["incidents"]

    rerun = harmtrack(db, "import", str(big))
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    assert f"imported {ROWS:,} incidents: 0 updated, 0 skipped, 0 rejected" in err
    done = snapshot(db)
    assert done["counts"]["incidents"] == before["counts"]["incidents"] + ROWS
    assert done["counts"]["damaged_sites"] == before["counts"]["damaged_sites"] + 2 * ROWS
    assert done["counts"]["sources"] == before["counts"]["sources"] + 2 * ROWS
    assert done["counts"]["import_batches"] == before["counts"]["import_batches"] + 1
    assert done["schema"] == before["schema"], "the indexes dropped for the bulk load are back"
    assert done["incidents"][: len(before["incidents"])] == before["incidents"]

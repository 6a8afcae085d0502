"""Time `harmtrack report city` and `report matrix` on 1,000,000 incidents.

    python bench/measure_reports.py [--incidents 1000000] [--runs 5] [--db PATH] [--keep]

Builds the database directly with sqlite3 executemany (a bench fixture, not an
import: the schema comes from the real migrations, the rows skip validation),
then runs each report as a whole process, as a user would, and prints the
median wall time of several runs. A database already at --db with the asked
number of incidents is reused.
"""

import argparse
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from harmtrack.model import SCALAR_FIELDS
from harmtrack.store import open_store

STATUSES = ("unverified", "corroborated", "confirmed", "contested", "discounted")
STATUS_WEIGHTS = (40, 30, 20, 7, 3)
PRECISIONS = ("day", "week", "month", "year")
PRECISION_WEIGHTS = (90, 4, 5, 1)
KINDS = ("residential", "commercial", "education", "medical", "energy", "transport", "infrastructure")

REPORTS = {
    "report city": ["report", "city", "--format", "csv"],
    "report matrix": ["report", "matrix", "--format", "csv"],
    "report weapon --by class": ["report", "weapon", "--by", "class", "--format", "csv"],
    "report timeline --period week": ["report", "timeline", "--period", "week", "--format", "csv"],
    "report city --city Kharkiv": ["report", "city", "--city", "Kharkiv", "--format", "csv"],
}


def build(path: Path, count: int, seed: int = 1) -> None:
    db = open_store(path, create=True)
    weapons = [code for code, _, _ in db.vocabulary().weapons]
    db.close()
    rnd = random.Random(seed)
    cities = [f"City {n:03d}" for n in range(300)] + ["Kharkiv", "Kyiv", "Odesa", "Dnipro", "Zaporizhzhia"]
    city_weights = [1 / (rank + 1) for rank in range(len(cities))]
    start, days = date(2022, 2, 24), (date(2025, 6, 30) - date(2022, 2, 24)).days
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    columns = (*SCALAR_FIELDS, "created_at", "updated_at")
    insert = f"INSERT INTO incidents ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    batch, sites = [], []
    for n in range(1, count + 1):
        day = start + timedelta(days=rnd.randrange(days))
        precision = rnd.choices(PRECISIONS, PRECISION_WEIGHTS)[0]
        if precision == "week":
            day -= timedelta(days=day.weekday())
        elif precision == "month":
            day = day.replace(day=1)
        elif precision == "year":
            day = day.replace(month=1, day=1)
        city = rnd.choices(cities, city_weights)[0] if rnd.random() < 0.97 else None
        killed = rnd.choice((0, 0, 0, 1, 1, 2, 3, 5, 8)) if rnd.random() < 0.8 else None
        injured = rnd.choice((0, 1, 2, 3, 5, 8, 13, 21)) if rnd.random() < 0.75 else None
        ranged = killed is not None and killed > 1 and rnd.random() < 0.1
        row = {
            "uid": str(uuid.UUID(int=rnd.getrandbits(128), version=4)),
            "date": day.isoformat(),
            "date_precision": precision,
            "country": "Ukraine",
            "region": None if city is None else f"Region {hash(city) % 24}",
            "city": city,
            "district": None,
            "place": None,
            "latitude": None,
            "longitude": None,
            "weapon": rnd.choice(weapons),
            "weapon_detail": None,
            "perpetrator": None,
            "killed": killed,
            "killed_min": killed - 1 if ranged else None,
            "killed_max": killed + 2 if ranged else None,
            "injured": injured,
            "injured_min": None,
            "injured_max": None,
            "children_killed": (killed // 3) if killed is not None and rnd.random() < 0.3 else None,
            "children_injured": None,
            "status": rnd.choices(STATUSES, STATUS_WEIGHTS)[0],
            "description": f"Bench incident {n}: a strike reported by a source, described in a sentence or two.",
        }
        batch.append([row[name] for name in SCALAR_FIELDS] + [stamp, stamp])
        if rnd.random() < 0.3:
            sites.append((n, 0, rnd.choice(KINDS), "building"))
        if len(batch) == 50_000:
            conn.executemany(insert, batch)
            batch.clear()
    conn.executemany(insert, batch)
    conn.executemany("INSERT INTO damaged_sites (incident_id, position, kind, name) VALUES (?, ?, ?, ?)", sites)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def count_incidents(path: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        return conn.execute("SELECT count(*) FROM incidents").fetchone()[0]
    except sqlite3.Error:
        return -1


def harmtrack_command() -> list[str]:
    script = Path(sys.executable).with_name("harmtrack")
    return [str(script)] if script.exists() else [sys.executable, "-m", "harmtrack"]


def time_report(path: Path, args: list[str], runs: int) -> tuple[float, list[float]]:
    command = [*harmtrack_command(), "--db", str(path), *args]
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - began)
    return statistics.median(times), times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, help="database to build or reuse (default: a temporary file)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    options = parser.parse_args()
    folder = None
    if options.db is None:
        folder = tempfile.mkdtemp(prefix="harmtrack-bench-")
        options.db = Path(folder) / "bench.db"
    if count_incidents(options.db) != options.incidents:
        options.db.unlink(missing_ok=True)
        began = time.perf_counter()
        build(options.db, options.incidents)
        print(f"built {options.incidents:,} incidents in {time.perf_counter() - began:.1f} s: {options.db}")
    else:
        print(f"reusing {options.db}")
    for name, args in REPORTS.items():
        median, times = time_report(options.db, args, options.runs)
        print(f"harmtrack {name}: median {median:.2f} s of {options.runs} ({', '.join(f'{t:.2f}' for t in times)})")
    if folder and not options.keep:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{options.db}{suffix}").unlink(missing_ok=True)
        Path(folder).rmdir()


if __name__ == "__main__":
    main()

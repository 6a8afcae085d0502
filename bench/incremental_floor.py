"""The floor of an incremental import: SQLite alone adding stored incidents to a large database.

    python bench/incremental_floor.py BIG.db NEW.db [--cache-mib N] [--sorted] [--without-report-indexes]

Copies BIG.db (a harmtrack database, e.g. bench/out/incidents-1000000.db) to a scratch file beside it, then
adds every incident of NEW.db (a harmtrack database of other uids, e.g. `generate.py --seed 2` imported into
an empty one) with ONE `INSERT ... SELECT` in one transaction: no Python per row, no validation, no sites or
sources, the search triggers dropped first. Prints the insert and commit times.

It answers how much of an incremental import is SQLite keeping the incidents' random-keyed indexes
(incidents_report, incidents_timeline, incidents_place_period) up to date, whatever harmtrack does around it:
`--without-report-indexes` drops those three first, `--sorted` inserts in (city, date) order, `--cache-mib`
sets the page cache (harmtrack imports with 32 MiB). Issue 20, session 5: 5.0-5.2 s with the indexes, 3.6 s
sorted, 4.0 s with 512 MiB, 1.3 s without them (100,000 rows into 1,000,000).
"""

import argparse
import shutil
import sqlite3
import time
from pathlib import Path

REPORT_INDEXES = ("incidents_report", "incidents_timeline", "incidents_place_period")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("big", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--cache-mib", type=int, default=32)
    parser.add_argument("--sorted", action="store_true", help="insert in (city, date) order")
    parser.add_argument("--without-report-indexes", action="store_true")
    options = parser.parse_args()

    scratch = options.big.with_name("incremental-floor.db")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{scratch}{suffix}").unlink(missing_ok=True)
    shutil.copy(options.big, scratch)
    conn = sqlite3.connect(scratch, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA cache_size = {-options.cache_mib * 1024}")
    conn.execute("ATTACH ? AS new", [str(options.new)])
    for (trigger,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'incidents'"):
        conn.execute(f"DROP TRIGGER {trigger}")
    if options.without_report_indexes:
        for index in REPORT_INDEXES:
            conn.execute(f"DROP INDEX {index}")
    columns = ", ".join(row[1] for row in conn.execute("PRAGMA table_info(incidents)") if row[1] != "id")
    order = " ORDER BY city, date" if options.sorted else ""

    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.execute(f"INSERT INTO incidents ({columns}) SELECT {columns} FROM new.incidents{order}")
    inserted = time.perf_counter()
    conn.execute("COMMIT")
    committed = time.perf_counter()
    conn.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{scratch}{suffix}").unlink(missing_ok=True)
    variant = [f"cache {options.cache_mib} MiB"]
    variant += ["sorted"] if options.sorted else []
    variant += ["without the report indexes"] if options.without_report_indexes else []
    print(
        f"insert {inserted - started:.2f} s, commit {committed - inserted:.2f} s, "
        f"total {committed - started:.2f} s ({', '.join(variant)})"
    )


if __name__ == "__main__":
    main()

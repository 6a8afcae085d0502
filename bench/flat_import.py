"""The independent flat importer: the lightest validating import, no harmtrack.

    python bench/flat_import.py DATABASE FILE.csv

Reads a canonical CSV with the csv module, applies the same rules as
baseline_import.py (those of harmtrack/model.py: its `validate` is reused) and
inserts every row with sqlite3 `executemany` in one transaction, all or
nothing, into ONE flat STRICT table: the scalar columns, and the damaged sites
and sources as their validated list cells (text). No index but the UNIQUE one
on uid (a repeated uid is refused), no other table, no CHECK constraints, no
search index, the default page cache. A floor for "validate a CSV and store
it in SQLite", not the same work as harmtrack's import (baseline_import.py is
that yardstick).
"""

import sqlite3
import sys
from datetime import UTC, date, datetime

from baseline_import import COUNTS, MIGRATIONS, SCALARS, ValidRows, lookup

NUMBERS = {"latitude": "REAL", "longitude": "REAL", **{name: "INTEGER" for name in COUNTS}}


def main() -> None:
    database, data = sys.argv[1], sys.argv[2]
    conn = sqlite3.connect(database, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    # The vocabularies (with every alias the migrations add) from an in-memory copy of the schema.
    vocab = sqlite3.connect(":memory:", isolation_level=None)
    for migration in sorted(MIGRATIONS.glob("*.sql")):
        vocab.executescript(f"BEGIN; {migration.read_text(encoding='utf-8')}; COMMIT;")
    weapons = lookup(vocab, "weapons", "weapon_aliases")
    kinds = lookup(vocab, "site_kinds", "site_kind_aliases")
    vocab.close()
    columns = [f"{name} {NUMBERS.get(name, 'TEXT')}" for name in SCALARS if name != "uid"]
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS flat (id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, "
        f"{', '.join(columns)}, damaged TEXT, sources TEXT, created_at TEXT) STRICT"
    )
    marks = "?, " * (len(SCALARS) + 2) + "?"
    insert = f"INSERT INTO flat ({', '.join(SCALARS)}, damaged, sources, created_at) VALUES ({marks})"
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    count, rows = 0, []
    conn.execute("BEGIN IMMEDIATE")
    valid = ValidRows(data, weapons, kinds, date.today())
    for scalars, damaged, urls in valid:
        sites = ";".join(f"{kind}:{name}" for kind, name in damaged) or None
        rows.append((*scalars, sites, ";".join(urls) or None, stamp))
        if len(rows) >= 5_000:
            conn.executemany(insert, rows)
            count += len(rows)
            rows.clear()
    errors = valid.errors
    if errors:
        conn.execute("ROLLBACK")
        sys.exit(f"{errors:,} invalid rows in {data}; nothing was imported")
    conn.executemany(insert, rows)
    count += len(rows)
    conn.execute("COMMIT")
    print(f"imported {count:,} incidents", file=sys.stderr)


if __name__ == "__main__":
    main()

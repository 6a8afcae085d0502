"""The bare export: sqlite3 and the csv module, no harmtrack.

    python bench/bare_export.py DATABASE > incidents.csv

Writes the canonical columns in export order (date, then uid), the damaged
sites and sources joined in SQL, numbers as SQLite gives them. A reference
for `harmtrack export --format csv`, not a byte-for-byte equal.
"""

import csv
import sqlite3
import sys

from baseline_import import FIELDS  # the canonical columns, written out once for the bench

# The scalar columns, in canonical order, up to the lists.
COLUMNS = FIELDS[: FIELDS.index("damaged")]
ESCAPE = "replace(replace({}, '\\', '\\\\'), ';', '\\;')"


def main() -> None:
    conn = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
    site = ESCAPE.format("kind || ':' || name")
    sql = f"""SELECT {", ".join(f"i.{name}" for name in COLUMNS)},
        (SELECT group_concat({site}, ';') FROM (SELECT kind, name FROM damaged_sites
          WHERE incident_id = i.id ORDER BY position)),
        i.status, i.description,
        (SELECT group_concat({ESCAPE.format("url")}, ';') FROM (SELECT url FROM sources
          WHERE incident_id = i.id ORDER BY position))
        FROM incidents AS i ORDER BY i.date, i.uid"""
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow([*COLUMNS, "damaged", "status", "description", "sources"])
    writer.writerows(conn.execute(sql))


if __name__ == "__main__":
    main()

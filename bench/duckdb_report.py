"""The same report by DuckDB, reading the canonical CSV itself (no database).

    python bench/duckdb_report.py FILE.csv city|weapon|matrix

Needs `pip install duckdb` (the bench extra); harmtrack never imports it.
"""

import sys

import duckdb
from bare_report import FIGURES, GROUPS  # the same figures as the bare SQL query


def main() -> None:
    data, report = sys.argv[1], sys.argv[2]
    group = GROUPS[report]
    source = f"read_csv('{data}', header = true, quote = '\"', escape = '\"', all_varchar = false)"
    rows = duckdb.sql(
        f"SELECT {group}, {FIGURES} FROM {source} WHERE status != 'discounted' GROUP BY {group}"
    ).fetchall()
    for row in rows:
        print(",".join("" if value is None else str(value) for value in row))


if __name__ == "__main__":
    main()

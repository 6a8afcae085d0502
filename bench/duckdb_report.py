"""The same report by DuckDB, reading the canonical CSV itself (no database).

    python bench/duckdb_report.py FILE.csv city|weapon|matrix

Needs `pip install duckdb` (the bench extra); harmtrack never imports it.
"""

import sys

import duckdb

FIGURES = """count(*), coalesce(sum(killed), 0), coalesce(sum(injured), 0),
    coalesce(sum(children_killed), 0), coalesce(sum(children_injured), 0),
    count(*) - count(killed), count(*) - count(injured),
    coalesce(sum(coalesce(killed_min, killed)), 0), coalesce(sum(coalesce(killed_max, killed)), 0),
    count(coalesce(killed_min, killed_max)),
    coalesce(sum(coalesce(injured_min, injured)), 0), coalesce(sum(coalesce(injured_max, injured)), 0),
    count(coalesce(injured_min, injured_max)),
    count(*) - count(killed + injured)"""
GROUPS = {"city": "city", "weapon": "weapon", "matrix": "city, weapon"}


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

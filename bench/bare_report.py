"""The bare query behind a report: sqlite3 and one GROUP BY, no harmtrack.

    python bench/bare_report.py DATABASE city|weapon|matrix

Runs the plain GROUP BY a user would write by hand, with the figures
harmtrack's report computes (incidents; sums of the known counts; how many
are unknown; the summed ranges and how many incidents have one, which the
table view shows; incidents with an incomplete casualty figure; a sum over
no known figure is NULL, as harmtrack shows it unknown), discounted
incidents left out, and writes CSV to stdout. It is the same work in SQL, so
the ratio to it is what harmtrack adds: start-up, sorting, rendering.
"""

import csv
import sqlite3
import sys

FIGURES = """count(*), sum(killed), sum(injured), sum(children_killed), sum(children_injured),
    count(*) - count(killed), count(*) - count(injured),
    count(*) - count(children_killed), count(*) - count(children_injured),
    sum(coalesce(killed_min, killed)), sum(coalesce(killed_max, killed)),
    count(coalesce(killed_min, killed_max)),
    sum(coalesce(injured_min, injured)), sum(coalesce(injured_max, injured)),
    count(coalesce(injured_min, injured_max)),
    count(*) - count(killed + injured)"""
GROUPS = {"city": "city", "weapon": "weapon", "matrix": "city, weapon"}


def main() -> None:
    database, report = sys.argv[1], sys.argv[2]
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    group = GROUPS[report]
    rows = conn.execute(f"SELECT {group}, {FIGURES} FROM incidents WHERE status != 'discounted' GROUP BY {group}")
    csv.writer(sys.stdout, lineterminator="\n").writerows(rows)


if __name__ == "__main__":
    main()

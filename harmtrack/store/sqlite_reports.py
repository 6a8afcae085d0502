"""The report aggregates in SQLite: one row of figures per group.

The SQL both engines share, and the counting it does, is in report_sql.py;
this module gives it SQLite's WHERE clause, roll-up sums and period labels.
"""

from __future__ import annotations

import sqlite3

from harmtrack.store import report_sql
from harmtrack.store.contract import REPORT_FIGURES as FIGURES
from harmtrack.store.contract import Filters

# Rolling finer groups up: sum() of the groups' sums is NULL only when every
# one is NULL, so unknown + unknown = unknown and unknown + 5 = 5.
_SUMS = ", ".join(f"sum(i.{name}) AS {name}" for name in FIGURES)

# ISO 8601 week of a date: the week belongs to the year of its Thursday.
# (SQLite before 3.46 has no %G/%V.)
_THURSDAY = "date(i.date, '-3 days', 'weekday 4')"
_ISO_WEEK = (
    f"strftime('%Y', {_THURSDAY}) || '-W' || printf('%02d', (CAST(strftime('%j', {_THURSDAY}) AS INTEGER) - 1) / 7 + 1)"
)
_LABEL = {
    "day": "i.date",
    "week": _ISO_WEEK,
    "month": "substr(i.date, 1, 7)",
    "year": "substr(i.date, 1, 4)",
}


def report_where(filters: Filters) -> tuple[str, list]:
    """The WHERE clause of a report (see report_sql.counting_where)."""
    from harmtrack.store.sqlite_store import where_clause

    return report_sql.counting_where(filters, where_clause)


def period_label_sql(period: str) -> str:
    """The SQL label of an incident's period in a `period` timeline (see report_sql.period_label_sql)."""
    return report_sql.period_label_sql(period, _LABEL)


def group_totals(conn: sqlite3.Connection, filters: Filters, group: str, period: str) -> list[dict]:
    """One row per group (city, weapon, class or period), its value under `group`."""
    return report_sql.group_totals(
        conn, report_where(filters), group, sums=_SUMS, period_label=period_label_sql(period)
    )


def matrix_cells(conn: sqlite3.Connection, filters: Filters) -> list[dict]:
    """One row per (city, weapon) pair with every figure."""
    return report_sql.matrix_cells(conn, report_where(filters))


def site_totals(conn: sqlite3.Connection, filters: Filters) -> tuple[list[dict], dict]:
    """Per site kind: incidents with at least one such site, and sites; and the total."""
    return report_sql.site_totals(conn, report_where(filters))

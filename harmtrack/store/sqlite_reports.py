"""The report aggregates in SQLite: one row of figures per group.

The counting rules are in harmtrack/reports.py; this module only computes the
sums, in SQL, over the covering report index (migration 0005). A sum over no
known figure is NULL (unknown), never 0. Group names and periods come from
fixed lists, so no user text reaches the SQL other than as a bound parameter.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from harmtrack.dates import PRECISIONS as PERIODS
from harmtrack.model import STATUSES
from harmtrack.store.contract import REPORT_FIGURES as FIGURES
from harmtrack.store.contract import Filters

# sum() over no known value is NULL: the figure is unknown, never 0 (no
# coalesce). A range end without a range is the best figure, which the record
# requires with a range, so killed_low is NULL exactly when killed is.
AGGREGATES = """
    count(*) AS incidents,
    sum(i.killed) AS killed,
    sum(i.injured) AS injured,
    sum(i.children_killed) AS children_killed,
    sum(i.children_injured) AS children_injured,
    count(*) - count(i.killed) AS killed_unknown,
    count(*) - count(i.injured) AS injured_unknown,
    count(*) - count(i.children_killed) AS children_killed_unknown,
    count(*) - count(i.children_injured) AS children_injured_unknown,
    sum(coalesce(i.killed_min, i.killed)) AS killed_low,
    sum(coalesce(i.killed_max, i.killed)) AS killed_high,
    count(coalesce(i.killed_min, i.killed_max)) AS killed_ranged,
    sum(coalesce(i.injured_min, i.injured)) AS injured_low,
    sum(coalesce(i.injured_max, i.injured)) AS injured_high,
    count(coalesce(i.injured_min, i.injured_max)) AS injured_ranged,
    count(*) - count(i.killed + i.injured) AS casualties_unknown"""
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
_NOT_DISCOUNTED = frozenset(STATUSES) - {"discounted"}


def report_where(filters: Filters) -> tuple[str, list]:
    """The WHERE clause of a report. The default (every status but discounted)
    is written `status != 'discounted'`, which the schema makes the same set
    (status is NOT NULL and one of STATUSES) and SQLite tests faster than IN
    over a million rows."""
    from harmtrack.store.sqlite_store import where_clause

    if len(filters.statuses) != len(_NOT_DISCOUNTED) or set(filters.statuses) != _NOT_DISCOUNTED:
        return where_clause(filters)
    where, params = where_clause(replace(filters, statuses=()))
    return (where + " AND " if where else " WHERE ") + "i.status != 'discounted'", params


def period_label_sql(period: str) -> str:
    """The SQL label of an incident's period in a `period` timeline.

    An incident known only to a coarser precision than the timeline's keeps
    its own period (a month-precision incident in a day timeline is labelled
    `2024-10`, not put on the first of the month)."""
    coarser = PERIODS[PERIODS.index(period) + 1 :]
    if not coarser:
        return _LABEL[period]
    cases = " ".join(f"WHEN '{precision}' THEN {_LABEL[precision]}" for precision in coarser)
    return f"(CASE i.date_precision {cases} ELSE {_LABEL[period]} END)"


def group_totals(conn: sqlite3.Connection, filters: Filters, group: str, period: str) -> list[dict]:
    """One row per group (city, weapon, class or period), the group's value
    under `group`. The figures add up, so weapon, class and period totals are
    summed from a finer grouping that reads the report index in order."""
    where, params = report_where(filters)
    if group == "city":
        sql = f"SELECT i.city AS grp, {AGGREGATES} FROM incidents AS i{where} GROUP BY i.city"
    elif group in ("weapon", "class"):
        inner = (
            f"SELECT i.city AS city, i.weapon AS weapon, {AGGREGATES} "
            f"FROM incidents AS i{where} GROUP BY i.city, i.weapon"
        )
        if group == "weapon":
            sql = f"SELECT i.weapon AS grp, {_SUMS} FROM ({inner}) AS i GROUP BY grp"
        else:
            sql = (
                f"SELECT w.delivery_class AS grp, {_SUMS} FROM ({inner}) AS i "
                "JOIN weapons AS w ON w.code = i.weapon GROUP BY grp"
            )
    elif group == "period":
        # Reads the covering timeline index (migration 0015) in (date,
        # precision) order: no table access and no sort of every row.
        inner = (
            f"SELECT i.date AS date, i.date_precision AS date_precision, {AGGREGATES} "
            f"FROM incidents AS i{where} GROUP BY i.date, i.date_precision"
        )
        sql = f"SELECT {period_label_sql(period)} AS grp, {_SUMS} FROM ({inner}) AS i GROUP BY grp"
    else:
        raise ValueError(f"not a report group: {group!r}")
    rows = []
    for row in _dicts(conn.execute(sql, params)):
        row[group] = row.pop("grp")
        rows.append(row)
    return rows


def matrix_cells(conn: sqlite3.Connection, filters: Filters) -> list[dict]:
    """One row per (city, weapon) pair with every figure."""
    where, params = report_where(filters)
    sql = (
        f"SELECT i.city AS city, i.weapon AS weapon, {AGGREGATES} FROM incidents AS i{where} GROUP BY i.city, i.weapon"
    )
    return list(_dicts(conn.execute(sql, params)))


def site_totals(conn: sqlite3.Connection, filters: Filters) -> tuple[list[dict], dict]:
    """Per site kind: incidents with at least one such site, and sites; and the
    total (an incident with sites of two kinds counts once in the total)."""
    where, params = report_where(filters)
    base = f"FROM damaged_sites AS d JOIN incidents AS i ON i.id = d.incident_id{where}"
    rows = [
        {"kind": kind, "incidents": incidents, "sites": sites}
        for kind, incidents, sites in conn.execute(
            f"SELECT d.kind, count(DISTINCT d.incident_id), count(*) {base} GROUP BY d.kind", params
        )
    ]
    incidents, sites = conn.execute(f"SELECT count(DISTINCT d.incident_id), count(*) {base}", params).fetchone()
    return rows, {"kind": None, "incidents": incidents, "sites": sites}


def _dicts(cursor: sqlite3.Cursor):
    names = [column[0] for column in cursor.description]
    for values in cursor:
        yield dict(zip(names, values, strict=True))

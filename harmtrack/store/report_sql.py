"""The report aggregates both engines run: one row of figures per group.

The counting rules are in harmtrack/reports.py; this module only computes the
sums, in SQL that SQLite and PostgreSQL read alike, over the covering report
index (migration 0005). A sum over no known figure is NULL (unknown), never 0.
What differs by engine is passed in from sqlite_reports.py and pg_reports.py:
the WHERE clause with its parameters, how the groups' sums are rolled up and
how a date is labelled with its period. Group names and periods come from
fixed lists, so no user text reaches the SQL other than as a bound parameter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from typing import Any

from harmtrack.dates import PRECISIONS as PERIODS
from harmtrack.model import STATUSES
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
_NOT_DISCOUNTED = frozenset(STATUSES) - {"discounted"}


def counting_where(filters: Filters, where_clause: Callable[[Filters], tuple[str, list]]) -> tuple[str, list]:
    """The WHERE clause of a report, from the engine's `where_clause`. The
    default (every status but discounted) is written `status != 'discounted'`,
    which the schema makes the same set (status is NOT NULL and one of
    STATUSES) and SQLite tests faster than IN over a million rows."""
    if len(filters.statuses) != len(_NOT_DISCOUNTED) or set(filters.statuses) != _NOT_DISCOUNTED:
        return where_clause(filters)
    where, params = where_clause(replace(filters, statuses=()))
    return (where + " AND " if where else " WHERE ") + "i.status != 'discounted'", params


def period_label_sql(period: str, labels: Mapping[str, str]) -> str:
    """The SQL label of an incident's period in a `period` timeline, from the
    engine's label of a date at each precision.

    An incident known only to a coarser precision than the timeline's keeps
    its own period (a month-precision incident in a day timeline is labelled
    `2024-10`, not put on the first of the month)."""
    coarser = PERIODS[PERIODS.index(period) + 1 :]
    if not coarser:
        return labels[period]
    cases = " ".join(f"WHEN '{precision}' THEN {labels[precision]}" for precision in coarser)
    return f"(CASE i.date_precision {cases} ELSE {labels[period]} END)"


def group_totals(conn: Any, where: tuple[str, list], group: str, *, sums: str, period_label: str) -> list[dict]:
    """One row per group (city, weapon, class or period), the group's value
    under `group`. The figures add up, so weapon, class and period totals are
    summed (`sums`, the engine's sum of each figure) from a finer grouping
    that reads the report index in order. `period_label` labels a period."""
    clause, params = where
    if group == "city":
        sql = f"SELECT i.city AS grp, {AGGREGATES} FROM incidents AS i{clause} GROUP BY i.city"
    elif group in ("weapon", "class"):
        inner = (
            f"SELECT i.city AS city, i.weapon AS weapon, {AGGREGATES} "
            f"FROM incidents AS i{clause} GROUP BY i.city, i.weapon"
        )
        if group == "weapon":
            sql = f"SELECT i.weapon AS grp, {sums} FROM ({inner}) AS i GROUP BY grp"
        else:
            sql = (
                f"SELECT w.delivery_class AS grp, {sums} FROM ({inner}) AS i "
                "JOIN weapons AS w ON w.code = i.weapon GROUP BY grp"
            )
    elif group == "period":
        # Reads the covering timeline index (migration 0015) in (date,
        # precision) order: no table access and no sort of every row.
        inner = (
            f"SELECT i.date AS date, i.date_precision AS date_precision, {AGGREGATES} "
            f"FROM incidents AS i{clause} GROUP BY i.date, i.date_precision"
        )
        sql = f"SELECT {period_label} AS grp, {sums} FROM ({inner}) AS i GROUP BY grp"
    else:
        raise ValueError(f"not a report group: {group!r}")
    rows = []
    for row in _dicts(conn.execute(sql, params)):
        row[group] = row.pop("grp")
        rows.append(row)
    return rows


def matrix_cells(conn: Any, where: tuple[str, list]) -> list[dict]:
    """One row per (city, weapon) pair with every figure."""
    clause, params = where
    sql = (
        f"SELECT i.city AS city, i.weapon AS weapon, {AGGREGATES} FROM incidents AS i{clause} GROUP BY i.city, i.weapon"
    )
    return list(_dicts(conn.execute(sql, params)))


def site_totals(conn: Any, where: tuple[str, list]) -> tuple[list[dict], dict]:
    """Per site kind: incidents with at least one such site, and sites; and the
    total (an incident with sites of two kinds counts once in the total)."""
    clause, params = where
    base = f"FROM damaged_sites AS d JOIN incidents AS i ON i.id = d.incident_id{clause}"
    rows = [
        {"kind": kind, "incidents": incidents, "sites": sites}
        for kind, incidents, sites in conn.execute(
            f"SELECT d.kind, count(DISTINCT d.incident_id), count(*) {base} GROUP BY d.kind", params
        )
    ]
    incidents, sites = conn.execute(f"SELECT count(DISTINCT d.incident_id), count(*) {base}", params).fetchone()
    return rows, {"kind": None, "incidents": incidents, "sites": sites}


def _dicts(cursor: Any) -> Iterator[dict]:
    names = [column[0] for column in cursor.description or ()]
    for values in cursor:
        yield dict(zip(names, values, strict=True))

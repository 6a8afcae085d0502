"""The report aggregates in PostgreSQL: one row of figures per group.

The same sums as sqlite_reports.py, with the same meaning (a sum over no known
figure is NULL, unknown, never 0), over the same covering indexes. Only the
period labels are written in PostgreSQL's terms. Group names and periods come
from fixed lists, so no user text reaches the SQL other than as a parameter.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from harmtrack.dates import PRECISIONS as PERIODS
from harmtrack.model import STATUSES
from harmtrack.store.contract import REPORT_FIGURES as FIGURES
from harmtrack.store.contract import Filters
from harmtrack.store.sqlite_reports import AGGREGATES

if TYPE_CHECKING:
    import psycopg

# Rolling finer groups up (see sqlite_reports): PostgreSQL's sum() of bigints
# is numeric, read back as an integer here.
_SUMS = ", ".join(f"sum(i.{name})::bigint AS {name}" for name in FIGURES)
# ISO 8601 weeks (IYYY, IW) as SQLite's labels write them: 2024-W05.
_LABEL = {
    "day": "to_char(i.date, 'YYYY-MM-DD')",
    "week": "to_char(i.date, 'IYYY-\"W\"IW')",
    "month": "to_char(i.date, 'YYYY-MM')",
    "year": "to_char(i.date, 'YYYY')",
}
_NOT_DISCOUNTED = frozenset(STATUSES) - {"discounted"}


def _where(filters: Filters) -> tuple[str, list]:
    """The report's WHERE clause; every status but discounted is `status != 'discounted'`, as in SQLite."""
    from harmtrack.store.pg_store import where_clause

    if len(filters.statuses) != len(_NOT_DISCOUNTED) or set(filters.statuses) != _NOT_DISCOUNTED:
        return where_clause(filters)
    where, params = where_clause(replace(filters, statuses=()))
    return (where + " AND " if where else " WHERE ") + "i.status != 'discounted'", params


def period_label_sql(period: str) -> str:
    """The label of an incident's period; an incident known only to a coarser
    precision keeps its own period (see sqlite_reports.period_label_sql)."""
    coarser = PERIODS[PERIODS.index(period) + 1 :]
    if not coarser:
        return _LABEL[period]
    cases = " ".join(f"WHEN '{precision}' THEN {_LABEL[precision]}" for precision in coarser)
    return f"(CASE i.date_precision {cases} ELSE {_LABEL[period]} END)"


def group_totals(conn: psycopg.Connection, filters: Filters, group: str, period: str) -> list[dict]:
    """One row per group (city, weapon, class or period), its value under `group`."""
    where, params = _where(filters)
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


def matrix_cells(conn: psycopg.Connection, filters: Filters) -> list[dict]:
    """One row per (city, weapon) pair with every figure."""
    where, params = _where(filters)
    sql = (
        f"SELECT i.city AS city, i.weapon AS weapon, {AGGREGATES} FROM incidents AS i{where} GROUP BY i.city, i.weapon"
    )
    return list(_dicts(conn.execute(sql, params)))


def site_totals(conn: psycopg.Connection, filters: Filters) -> tuple[list[dict], dict]:
    """Per site kind: incidents with at least one such site, and sites; and the total."""
    where, params = _where(filters)
    base = f"FROM damaged_sites AS d JOIN incidents AS i ON i.id = d.incident_id{where}"
    rows = [
        {"kind": kind, "incidents": incidents, "sites": sites}
        for kind, incidents, sites in conn.execute(
            f"SELECT d.kind, count(DISTINCT d.incident_id), count(*) {base} GROUP BY d.kind", params
        )
    ]
    total = conn.execute(f"SELECT count(DISTINCT d.incident_id), count(*) {base}", params).fetchone()
    assert total is not None
    return rows, {"kind": None, "incidents": total[0], "sites": total[1]}


def _dicts(cursor: psycopg.Cursor):
    names = [column.name for column in cursor.description or ()]
    for values in cursor:
        yield dict(zip(names, values, strict=True))

"""The report aggregates in PostgreSQL: one row of figures per group.

The same SQL as SQLite's (report_sql.py), with the same meaning (a sum over
no known figure is NULL, unknown, never 0), over the same covering indexes.
Only the WHERE clause, the roll-up sums and the period labels are written in
PostgreSQL's terms here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from harmtrack.store import report_sql
from harmtrack.store.contract import REPORT_FIGURES as FIGURES
from harmtrack.store.contract import Filters

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


def _where(filters: Filters) -> tuple[str, list]:
    """The report's WHERE clause; every status but discounted is `status != 'discounted'`, as in SQLite."""
    from harmtrack.store.pg_store import where_clause

    return report_sql.counting_where(filters, where_clause)


def group_totals(conn: psycopg.Connection, filters: Filters, group: str, period: str) -> list[dict]:
    """One row per group (city, weapon, class or period), its value under `group`."""
    label = report_sql.period_label_sql(period, _LABEL)
    return report_sql.group_totals(conn, _where(filters), group, sums=_SUMS, period_label=label)


def matrix_cells(conn: psycopg.Connection, filters: Filters) -> list[dict]:
    """One row per (city, weapon) pair with every figure."""
    return report_sql.matrix_cells(conn, _where(filters))


def site_totals(conn: psycopg.Connection, filters: Filters) -> tuple[list[dict], dict]:
    """Per site kind: incidents with at least one such site, and sites; and the total."""
    return report_sql.site_totals(conn, _where(filters))

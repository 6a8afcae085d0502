"""Aggregation queries behind `harmtrack report`: plain rows, no rendering.

The counting rules, the same in every report:

- Unknown is not zero. `killed` and `injured` (and the children's figures) sum
  the known values only; `killed_unknown` and `injured_unknown` count the
  incidents whose figure is unknown.
- `casualties` is killed + injured, each summed over known values; an incident
  counts in `casualties_unknown` when either of its two figures is unknown
  (its casualty figure is incomplete).
- Ranges: `killed_low`/`killed_high` sum `killed_min`/`killed_max`, taking the
  best estimate where an incident has no range (the record allows a range only
  with a best estimate, so an unknown figure adds nothing to either end).
- `discounted` incidents are left out unless asked for (`statuses_counted`).
- A city that is not recorded (an incident placed by region or country only)
  is its own group, `None`; the renderer names it.

Aggregation runs in SQL; sorting, `--top` and pivoting work on the (small)
aggregated rows in Python, with the sort key chosen from a fixed list, so no
user text ever reaches the SQL other than as a bound parameter.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from harmtrack import dates
from harmtrack.errors import UsageError
from harmtrack.incidents import Filters
from harmtrack.model import STATUSES

if TYPE_CHECKING:
    from sqlite_utils import Database

COUNTS = (
    "incidents",
    "killed",
    "injured",
    "children_killed",
    "children_injured",
    "killed_unknown",
    "injured_unknown",
)
RANGES = ("killed_low", "killed_high", "killed_ranged", "injured_low", "injured_high", "injured_ranged")
EXTRA = ("casualties_unknown",)
# Every per-group figure; `casualties` is derived (killed + injured).
FIGURES = COUNTS + RANGES + EXTRA
SORT_MEASURES = (*COUNTS, "casualties")
MATRIX_MEASURES = ("killed", "injured", "incidents", "casualties")
PERIODS = ("day", "week", "month", "year")
GROUPS = ("city", "weapon", "class", "period")
OTHER = "other"

_AGGREGATES = """
    count(*) AS incidents,
    coalesce(sum(i.killed), 0) AS killed,
    coalesce(sum(i.injured), 0) AS injured,
    coalesce(sum(i.children_killed), 0) AS children_killed,
    coalesce(sum(i.children_injured), 0) AS children_injured,
    count(*) - count(i.killed) AS killed_unknown,
    count(*) - count(i.injured) AS injured_unknown,
    coalesce(sum(coalesce(i.killed_min, i.killed)), 0) AS killed_low,
    coalesce(sum(coalesce(i.killed_max, i.killed)), 0) AS killed_high,
    count(coalesce(i.killed_min, i.killed_max)) AS killed_ranged,
    coalesce(sum(coalesce(i.injured_min, i.injured)), 0) AS injured_low,
    coalesce(sum(coalesce(i.injured_max, i.injured)), 0) AS injured_high,
    count(coalesce(i.injured_min, i.injured_max)) AS injured_ranged,
    count(*) - count(i.killed + i.injured) AS casualties_unknown"""

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


def counted(filters: Filters, *, include_discounted: bool) -> Filters:
    """The filters a report runs with: every status but `discounted`, unless
    asked for with include_discounted or named with --status."""
    if filters.statuses or include_discounted:
        return filters
    return replace(filters, statuses=tuple(status for status in STATUSES if status != "discounted"))


def statuses_counted(filters: Filters) -> tuple[str, ...]:
    return filters.statuses or STATUSES


_NOT_DISCOUNTED = frozenset(STATUSES) - {"discounted"}


def _where(filters: Filters) -> tuple[str, list]:
    """The WHERE clause of a report. The default (every status but discounted)
    is written `status != 'discounted'`, which the schema makes the same set
    (status is NOT NULL and one of STATUSES) and SQLite tests faster than IN
    over a million rows."""
    if len(filters.statuses) != len(_NOT_DISCOUNTED) or set(filters.statuses) != _NOT_DISCOUNTED:
        return filters.where("i")
    where, params = replace(filters, statuses=()).where("i")
    return (where + " AND " if where else " WHERE ") + "i.status != 'discounted'", params


def period_label_sql(period: str) -> str:
    """The SQL label of an incident's period in a `period` timeline.

    An incident known only to a coarser precision than the timeline's keeps
    its own period (a month-precision incident in a day timeline is labelled
    `2024-10`, not put on the first of the month)."""
    if period not in PERIODS:
        raise UsageError(f"--period: '{period}' is not one of {', '.join(PERIODS)}")
    coarser = PERIODS[PERIODS.index(period) + 1 :]
    if not coarser:
        return _LABEL[period]
    cases = " ".join(f"WHEN '{precision}' THEN {_LABEL[precision]}" for precision in coarser)
    return f"(CASE i.date_precision {cases} ELSE {_LABEL[period]} END)"


def group_rows(db: Database, filters: Filters, group: str, *, period: str = "month") -> list[dict]:
    """One row per group, with every figure of FIGURES and the group value under `group`.

    The figures add up, so weapon, class and period totals are summed from a
    finer grouping that reads the report index in order (see migration 0005)."""
    where, params = _where(filters)
    if group == "city":
        sql = f"SELECT i.city AS grp, {_AGGREGATES} FROM incidents AS i{where} GROUP BY i.city"
    elif group in ("weapon", "class"):
        inner = (
            f"SELECT i.city AS city, i.weapon AS weapon, {_AGGREGATES} "
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
        # `+` keeps the planner off the (date, uid) index, whose row look-ups
        # cost more than scanning the covering report index and sorting.
        inner = (
            f"SELECT i.date AS date, i.date_precision AS date_precision, {_AGGREGATES} "
            f"FROM incidents AS i{where} GROUP BY +i.date, +i.date_precision"
        )
        sql = f"SELECT {period_label_sql(period)} AS grp, {_SUMS} FROM ({inner}) AS i GROUP BY grp"
    else:
        raise UsageError(f"cannot group by '{group}'; valid: {', '.join(GROUPS)}")
    cursor = db.conn.execute(sql, params)
    names = [column[0] for column in cursor.description]
    rows = []
    for values in cursor:
        row = dict(zip(names, values, strict=True))
        row[group] = row.pop("grp")
        rows.append(row)
    return rows


def totals(rows: list[dict]) -> dict:
    """The figures of all rows added up (the groups partition the incidents)."""
    return {name: sum(row[name] for row in rows) for name in FIGURES}


def casualties(row: dict) -> int:
    return row["killed"] + row["injured"]


def measure_value(row: dict, measure: str) -> int:
    return casualties(row) if measure == "casualties" else row[measure]


# --- the timeline: labels, chronology and gaps ------------------------------


def period_start(label: str) -> tuple[date, int]:
    """The first day of a timeline label and its precision rank (for ordering)."""
    if "-W" in label:
        year, week = label.split("-W")
        return date.fromisocalendar(int(year), int(week), 1), 1
    parts = label.split("-")
    if len(parts) == 3:
        return date.fromisoformat(label), 0
    if len(parts) == 2:
        return date(int(parts[0]), int(parts[1]), 1), 2
    return date(int(parts[0]), 1, 1), 3


def period_label(day: date, period: str) -> str:
    if period == "day":
        return day.isoformat()
    if period == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "month":
        return f"{day.year}-{day.month:02d}"
    return str(day.year)


def _chronological(label: str) -> tuple[date, int]:
    start, rank = period_start(label)
    # A coarser period ("2024-10") comes before the finer ones it holds.
    return start, -rank


def fill_gaps(rows: list[dict], period: str) -> list[dict]:
    """Add a zero row for every period between the first and the last that has
    no incident, so that a trend shows its quiet stretches."""
    if not rows:
        return rows
    present = {row["period"] for row in rows}
    starts = [period_start(row["period"])[0] for row in rows]
    day = dates.period_start(min(starts), period)
    last = max(starts)
    filled = list(rows)
    while day <= last:
        label = period_label(day, period)
        if label not in present:
            filled.append(dict.fromkeys(FIGURES, 0) | {"period": label})
            present.add(label)
        day = dates.period_end(day, period) + timedelta(days=1)
    return filled


# --- sorting and --top -------------------------------------------------------


def sort_keys(group: str, measures: tuple[str, ...] = SORT_MEASURES) -> tuple[str, ...]:
    return (group, "name", *measures)


def check_sort(sort: str | None, group: str, measures: tuple[str, ...] = SORT_MEASURES) -> str | None:
    if sort is None:
        return None
    key = sort.strip().lower()
    valid = sort_keys(group, measures)
    if key not in valid:
        raise UsageError(f"--sort: '{sort}' is not a column to sort by; valid: {', '.join(valid)}")
    return group if key == "name" else key


def _name_key(group: str, value: str | None):
    if group == "period" and value is not None:
        return (False, _chronological(value))
    # Unrecorded names (None) go last; then case-insensitive, then exact.
    return (value is None, (value or "").casefold(), value or "")


def sort_rows(rows: list[dict], group: str, key: str) -> list[dict]:
    """Largest first by a measure, then by name; or by name alone."""
    if key == group:
        return sorted(rows, key=lambda row: _name_key(group, row[group]))
    return sorted(rows, key=lambda row: (-measure_value(row, key), _name_key(group, row[group])))


# --- damaged sites -----------------------------------------------------------


def site_rows(db: Database, filters: Filters) -> tuple[list[dict], dict]:
    """Per site kind: incidents with at least one such site, and sites; and the
    total (an incident with sites of two kinds counts once in the total)."""
    where, params = _where(filters)
    base = f"FROM damaged_sites AS d JOIN incidents AS i ON i.id = d.incident_id{where}"
    rows = [
        {"kind": kind, "incidents": incidents, "sites": sites}
        for kind, incidents, sites in db.conn.execute(
            f"SELECT d.kind, count(DISTINCT d.incident_id), count(*) {base} GROUP BY d.kind", params
        )
    ]
    incidents, sites = db.conn.execute(f"SELECT count(DISTINCT d.incident_id), count(*) {base}", params).fetchone()
    return rows, {"kind": None, "incidents": incidents, "sites": sites}


def sort_sites(rows: list[dict], key: str | None) -> list[dict]:
    key = key or "incidents"
    if key == "kind":
        return sorted(rows, key=lambda row: row["kind"])
    return sorted(rows, key=lambda row: (-row[key], row["kind"]))


# --- the city x weapon matrix ------------------------------------------------


@dataclass
class Matrix:
    measure: str
    weapons: list[str]
    # Each row: the city (None when unrecorded, OTHER for the folded rest),
    # its figures over all weapons, and the measure per weapon.
    rows: list[dict] = field(default_factory=list)
    total: dict = field(default_factory=dict)
    folded: int = 0


def matrix(
    db: Database, filters: Filters, *, measure: str = "killed", sort: str | None = None, top: int | None = None
) -> Matrix:
    if measure not in MATRIX_MEASURES:
        raise UsageError(f"--measure: '{measure}' is not one of {', '.join(MATRIX_MEASURES)}")
    where, params = _where(filters)
    sql = (
        f"SELECT i.city AS city, i.weapon AS weapon, {_AGGREGATES} FROM incidents AS i{where} GROUP BY i.city, i.weapon"
    )
    cursor = db.conn.execute(sql, params)
    names = [column[0] for column in cursor.description]
    cities: dict[str | None, dict] = {}
    for values in cursor:
        cell = dict(zip(names, values, strict=True))
        row = cities.setdefault(cell["city"], {"city": cell["city"], "cells": {}, **dict.fromkeys(FIGURES, 0)})
        for name in FIGURES:
            row[name] += cell[name]
        row["cells"][cell["weapon"]] = measure_value(cell, measure)
    column_totals: dict[str, int] = {}
    for row in cities.values():
        for weapon, value in row["cells"].items():
            column_totals[weapon] = column_totals.get(weapon, 0) + value
    weapons = sorted(column_totals, key=lambda weapon: (-column_totals[weapon], weapon))
    rows = sort_rows(list(cities.values()), "city", sort or measure)
    total = {"city": None, "cells": column_totals, **totals(rows)}
    folded = 0
    if top is not None and len(rows) > top:
        rest = rows[top:]
        other = {"city": OTHER, "cells": {}, **totals(rest)}
        for row in rest:
            for weapon, value in row["cells"].items():
                other["cells"][weapon] = other["cells"].get(weapon, 0) + value
        rows, folded = [*rows[:top], other], len(rest)
    return Matrix(measure=measure, weapons=weapons, rows=rows, total=total, folded=folded)

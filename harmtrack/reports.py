"""Aggregation queries behind `harmtrack report`: plain rows, no rendering.

The counting rules, the same in every report:

- Unknown is not zero. `killed` and `injured` (and the children's figures) sum
  the known values only; `killed_unknown`, `injured_unknown`,
  `children_killed_unknown` and `children_injured_unknown` count the incidents
  whose figure is unknown.
- A sum over no known figure is unknown (None), never 0: a group of three
  incidents, one with killed 2 and two unknown, has killed 2 and
  killed_unknown 2; a group whose every killed is unknown has killed None.
  Adding sums (totals, --top's `other`, the matrix) keeps that:
  unknown + unknown = unknown, unknown + 5 = 5 (the unknown counts add up).
- A group with no incident at all (a quiet period in a timeline, the total of
  an empty report) has 0 throughout: nothing happened, so nothing is unknown.
- `casualties` is killed + injured, each summed over known values (unknown
  only when both are); an incident counts in `casualties_unknown` when either
  of its two figures is unknown (its casualty figure is incomplete).
- Ranges: `killed_low`/`killed_high` sum `killed_min`/`killed_max`, taking the
  best estimate where an incident has no range (the record allows a range only
  with a best estimate, so an unknown figure adds nothing to either end, and a
  range end is unknown exactly when the best figure is).
- Sorting by a measure puts known figures first, largest first, then the
  unknown ones; ties go by name.
- `discounted` incidents are left out unless asked for (`counted`).
- A city that is not recorded (an incident placed by region or country only)
  is its own group, `None`; the renderer names it.

Aggregation runs in the store (in SQL); sorting, `--top` and pivoting work on the (small)
aggregated rows in Python, with the sort key chosen from a fixed list, so no
user text ever reaches the SQL other than as a bound parameter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from harmtrack import dates
from harmtrack.errors import UsageError
from harmtrack.model import STATUSES
from harmtrack.store.contract import REPORT_COUNTS as COUNTS
from harmtrack.store.contract import REPORT_FIGURES as FIGURES
from harmtrack.store.contract import REPORT_SUMS as SUMS
from harmtrack.store.contract import Filters

if TYPE_CHECKING:
    from harmtrack.store.contract import Store

# Every per-group figure is in FIGURES; `casualties` is derived (killed + injured).
SORT_MEASURES = (*COUNTS, "casualties")
MATRIX_MEASURES = ("killed", "injured", "incidents", "casualties")
PERIODS = dates.PRECISIONS
GROUPS = ("city", "weapon", "class", "period")
OTHER = "other"


def counted(filters: Filters, *, include_discounted: bool) -> Filters:
    """The filters a report runs with: every status but `discounted`, unless
    asked for with include_discounted or named with --status."""
    if filters.statuses or include_discounted:
        return filters
    return replace(filters, statuses=tuple(status for status in STATUSES if status != "discounted"))


def group_rows(store: Store, filters: Filters, group: str, *, period: str = "month") -> list[dict]:
    """One row per group, with every figure of FIGURES and the group value under `group`."""
    if group not in GROUPS:
        raise UsageError(f"cannot group by '{group}'; valid: {', '.join(GROUPS)}")
    if period not in PERIODS:
        raise UsageError(f"--period: '{period}' is not one of {', '.join(PERIODS)}")
    return store.group_totals(filters, group, period=period)


# --- adding figures where unknown is not zero ---------------------------------


def plus(a: int | None, b: int | None) -> int | None:
    """Two sums added: unknown + unknown = unknown; unknown + 5 = 5."""
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def known_sum(values: Iterable[int | None]) -> int | None:
    """The sum of the known values; None (unknown) when none is known."""
    total: int | None = None
    for value in values:
        total = plus(total, value)
    return total


def totals(rows: Iterable[dict]) -> dict:
    """The figures of all rows added up (the groups partition the incidents):
    counts add, and a sum is unknown only when it is unknown in every row.
    Rows without incidents (a timeline's quiet periods) add nothing, so they
    never turn an unknown total into 0; a total over no incident at all is 0."""
    counted = [row for row in rows if row["incidents"]]
    if not counted:
        return dict.fromkeys(FIGURES, 0)
    return {
        name: known_sum(row[name] for row in counted) if name in SUMS else sum(row[name] for row in counted)
        for name in FIGURES
    }


def casualties(row: dict) -> int | None:
    """killed + injured over the known figures; unknown when both are."""
    return plus(row["killed"], row["injured"])


def measure_value(row: dict, measure: str) -> int | None:
    return casualties(row) if measure == "casualties" else row[measure]


def largest_first(value: int | None) -> tuple[bool, int]:
    """A sort key: known figures, largest first, then unknown ones."""
    return (value is None, -(value or 0))


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
    no incident, so that a trend shows its quiet stretches.

    Its sums are 0, not unknown: there is no incident whose figure could be
    unknown, so nothing is unknown in an empty period (and its *_unknown
    counts are 0 too). totals() skips these rows, so a quiet period never
    turns an unknown total into 0."""
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
    return sorted(rows, key=lambda row: (*largest_first(measure_value(row, key)), _name_key(group, row[group])))


# --- damaged sites -----------------------------------------------------------


def site_rows(store: Store, filters: Filters) -> tuple[list[dict], dict]:
    """Per site kind: incidents with at least one such site, and sites; and the
    total (an incident with sites of two kinds counts once in the total)."""
    return store.site_totals(filters)


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
    # its figures over all weapons, and the measure per weapon under "cells":
    # a weapon with no incident in the city is absent; a cell whose incidents
    # have no known figure is None (unknown), which is neither absent nor 0.
    rows: list[dict] = field(default_factory=list)
    total: dict = field(default_factory=dict)
    folded: int = 0


def matrix(
    store: Store, filters: Filters, *, measure: str = "killed", sort: str | None = None, top: int | None = None
) -> Matrix:
    if measure not in MATRIX_MEASURES:
        raise UsageError(f"--measure: '{measure}' is not one of {', '.join(MATRIX_MEASURES)}")
    by_city: dict[str | None, list[dict]] = {}
    for cell in store.matrix_cells(filters):
        by_city.setdefault(cell["city"], []).append(cell)
    cities = [
        {
            "city": city,
            "cells": {cell["weapon"]: measure_value(cell, measure) for cell in cells},
            **totals(cells),
        }
        for city, cells in by_city.items()
    ]
    column_totals = _add_cells(cities)
    weapons = sorted(column_totals, key=lambda weapon: (*largest_first(column_totals[weapon]), weapon))
    rows = sort_rows(cities, "city", sort or measure)
    total = {"city": None, "cells": column_totals, **totals(rows)}
    folded = 0
    if top is not None and len(rows) > top:
        rest = rows[top:]
        other = {"city": OTHER, "cells": _add_cells(rest), **totals(rest)}
        rows, folded = [*rows[:top], other], len(rest)
    return Matrix(measure=measure, weapons=weapons, rows=rows, total=total, folded=folded)


def _add_cells(rows: list[dict]) -> dict[str, int | None]:
    """The matrix rows' cells added per weapon, where a weapon has a cell."""
    added: dict[str, list[int | None]] = {}
    for row in rows:
        for weapon, value in row["cells"].items():
            added.setdefault(weapon, []).append(value)
    return {weapon: known_sum(values) for weapon, values in added.items()}

"""Candidate pairs for dedupe in SQLite, blocked in SQL (the rule and the
query shape are in blocking.py) so only neighbours are compared; Python
(harmtrack/dedupe.py) scores what is left and explains it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from harmtrack.store.blocking import EVERY, Dialect, lower_first, neighbours_query, pair_queries

_SQLITE = Dialect(
    reach="""CASE {t}.date_precision
    WHEN 'day' THEN date({t}.date, '+1 day')
    WHEN 'week' THEN date({t}.date, '+7 days')
    WHEN 'month' THEN date({t}.date, '+1 month')
    ELSE date({t}.date, '+1 year') END""",
    days_before="date({t}.date, '-' || p.days || ' days')",
    same_district="{first}.district = {second}.district COLLATE NOCASE",
    values="?, ?, ?",
    probe="CROSS JOIN incidents AS {alias} ON {condition}",
    mark="?",
)
_FROM_EARLIER, _FROM_LATER = pair_queries(_SQLITE)


def candidate_pairs(conn: sqlite3.Connection, ids: list[int] | None) -> Iterator[tuple[int, int]]:
    """(lower id, higher id) of every candidate pair; with `ids`, only pairs
    that hold one of them (a new import's incidents)."""
    if ids is None:
        for sql in _FROM_EARLIER:
            yield from lower_first(conn.execute(sql.format(restrict=EVERY)))
        return
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        # The incident of the chunk may be the earlier or the later one of a pair.
        for sql in _FROM_EARLIER:
            yield from lower_first(conn.execute(sql.format(restrict=f"a.id IN ({marks})"), chunk))
        for sql in _FROM_LATER:
            yield from lower_first(conn.execute(sql.format(restrict=f"b.id IN ({marks})"), chunk))


def neighbour_ids(conn: sqlite3.Connection, record: dict) -> list[int]:
    """Stored incidents that could be the same event as a record not stored (an extracted draft)."""
    query = neighbours_query(_SQLITE, record)
    if query is None:
        return []
    return [row[0] for row in conn.execute(*query)]

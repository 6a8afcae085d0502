"""Candidate pairs for dedupe, blocked in SQL so only neighbours are compared.

Two incidents are candidates when they are in the same settlement (or, with
no settlement on either side, the same region), their periods overlap or
their days are at most a day apart, their weapons are compatible (the same
family or delivery class, one unknown, or debris and the missile or drone it
came from), and no district tells them apart. Python (harmtrack/dedupe.py)
scores what is left and explains it; this module only keeps the comparison
within blocks: an index on (city, date) serves each probe.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

# The last day a record's period can share with another's, plus the day of
# slack that "Wednesday night" reports need.
_REACH = """CASE {t}.date_precision
    WHEN 'day' THEN date({t}.date, '+1 day')
    WHEN 'week' THEN date({t}.date, '+7 days')
    WHEN 'month' THEN date({t}.date, '+1 month')
    ELSE date({t}.date, '+1 year') END"""

_COMPATIBLE = """(
    a.weapon = b.weapon OR a.weapon = 'unknown' OR b.weapon = 'unknown'
    OR wa.delivery_class = wb.delivery_class
    OR (a.weapon = 'debris' AND wb.delivery_class IN ('missile', 'uncrewed'))
    OR (b.weapon = 'debris' AND wa.delivery_class IN ('missile', 'uncrewed'))
)
AND (a.district IS NULL OR b.district IS NULL OR a.district = b.district COLLATE NOCASE)"""

# b starts on or after a (ties broken by id), and within a's reach.
_ORDERED = f"""(b.date > a.date OR (b.date = a.date AND b.id > a.id))
AND b.date <= {_REACH.format(t="a")}"""

_CITY_PAIRS = f"""
SELECT a.id, b.id FROM incidents AS a
JOIN incidents AS b ON b.city = a.city AND b.date >= a.date AND {_ORDERED}
JOIN weapons AS wa ON wa.code = a.weapon
JOIN weapons AS wb ON wb.code = b.weapon
WHERE a.city IS NOT NULL AND {{restrict}} AND {_COMPATIBLE}"""

_REGION_PAIRS = f"""
SELECT a.id, b.id FROM incidents AS a
JOIN incidents AS b ON b.city IS NULL AND b.region = a.region AND b.date >= a.date AND {_ORDERED}
JOIN weapons AS wa ON wa.code = a.weapon
JOIN weapons AS wb ON wb.code = b.weapon
WHERE a.city IS NULL AND a.region IS NOT NULL AND {{restrict}} AND {_COMPATIBLE}"""


def candidate_pairs(conn: sqlite3.Connection, ids: list[int] | None) -> Iterator[tuple[int, int]]:
    """(lower id, higher id) of every candidate pair; with `ids`, only pairs
    that hold one of them (a new import's incidents)."""
    if ids is None:
        for sql in (_CITY_PAIRS, _REGION_PAIRS):
            yield from _ordered(conn.execute(sql.format(restrict="1")))
        return
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for sql in (_CITY_PAIRS, _REGION_PAIRS):
            # The incident of the chunk may be the earlier or the later one of a pair.
            yield from _ordered(conn.execute(sql.format(restrict=f"a.id IN ({marks})"), chunk))
            yield from _ordered(conn.execute(sql.format(restrict=f"b.id IN ({marks})"), chunk))


def neighbour_ids(conn: sqlite3.Connection, record: dict) -> list[int]:
    """Stored incidents that could be the same event as a record not stored
    (an extracted draft): the same settlement (or region, when neither has
    one) and dates within a period and a day of each other."""
    place, value = ("city", record["city"]) if record["city"] else ("region", record["region"])
    if value is None:
        return []
    where = "i.city = ?" if place == "city" else "i.city IS NULL AND i.region = ?"
    rows = conn.execute(
        f"SELECT i.id FROM incidents AS i WHERE {where} "
        "AND i.date BETWEEN date(?, '-1 year') AND date(?, '+1 year') ORDER BY i.id",
        [value, record["date"], record["date"]],
    )
    return [row[0] for row in rows]


def _ordered(rows: sqlite3.Cursor) -> Iterator[tuple[int, int]]:
    for first, second in rows:
        yield (first, second) if first < second else (second, first)

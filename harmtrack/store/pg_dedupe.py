"""Candidate pairs for dedupe in PostgreSQL, blocked as sqlite_dedupe.py
blocks them (same settlement or region, overlapping periods, compatible
weapons, no telling district); the date arithmetic in PostgreSQL's terms.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import psycopg

# The last day a record's period can share with another's, plus a day of slack.
_REACH = """CASE {t}.date_precision
    WHEN 'day' THEN {t}.date + 1
    WHEN 'week' THEN {t}.date + 7
    WHEN 'month' THEN ({t}.date + interval '1 month')::date
    ELSE ({t}.date + interval '1 year')::date END"""

_COMPATIBLE = """(
    a.weapon = b.weapon OR a.weapon = 'unknown' OR b.weapon = 'unknown'
    OR wa.delivery_class = wb.delivery_class
    OR (a.weapon = 'debris' AND wb.delivery_class IN ('missile', 'uncrewed'))
    OR (b.weapon = 'debris' AND wa.delivery_class IN ('missile', 'uncrewed'))
)
AND (a.district IS NULL OR b.district IS NULL OR lower(a.district) = lower(b.district))"""

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


def candidate_pairs(conn: psycopg.Connection, ids: list[int] | None) -> Iterator[tuple[int, int]]:
    """(lower id, higher id) of every candidate pair; with `ids`, only pairs holding one of them.
    Each query is read whole, so the caller may query the store while it iterates."""
    if ids is None:
        for sql in (_CITY_PAIRS, _REGION_PAIRS):
            yield from _ordered(conn.execute(sql.format(restrict="TRUE")).fetchall())
        return
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        for sql in (_CITY_PAIRS, _REGION_PAIRS):
            # The incident of the chunk may be the earlier or the later one of a pair.
            yield from _ordered(conn.execute(sql.format(restrict="a.id = ANY(%s)"), [chunk]).fetchall())
            yield from _ordered(conn.execute(sql.format(restrict="b.id = ANY(%s)"), [chunk]).fetchall())


def neighbour_ids(conn: psycopg.Connection, record: dict) -> list[int]:
    """Stored incidents that could be the same event as a record not stored:
    the same settlement (or region, when neither has one), dates within a year."""
    place, value = ("city", record["city"]) if record["city"] else ("region", record["region"])
    if value is None:
        return []
    where = "i.city = %s" if place == "city" else "i.city IS NULL AND i.region = %s"
    rows = conn.execute(
        f"SELECT i.id FROM incidents AS i WHERE {where} AND i.date BETWEEN "
        "(%s::date - interval '1 year')::date AND (%s::date + interval '1 year')::date ORDER BY i.id",
        [value, record["date"], record["date"]],
    )
    return [row[0] for row in rows]


def _ordered(rows: list) -> Iterator[tuple[int, int]]:
    for first, second in rows:
        yield (first, second) if first < second else (second, first)

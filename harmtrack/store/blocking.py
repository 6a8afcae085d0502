"""The SQL shape of dedupe's blocking, shared by both engines (sqlite_dedupe.py
and pg_dedupe.py give the date arithmetic and text comparison in their terms).

Two incidents are candidates when they are in the same settlement (or, with
no settlement on either side, the same region), their periods overlap or their
days are at most a day apart, their weapons are compatible, and no district
tells them apart. Each probe reads the index on (city, date_precision, date)
one precision at a time, over the days a period of that precision can reach:
an incident's earlier neighbours of day precision lie in the day before it,
those of year precision in the year before it. A probe by (city, date) alone
had to read a year of the settlement's incidents for each new one (the year a
"2024" report spans): two minutes for 1,000 new rows into 1,000,000 stored
(bench/README.md, issue 20).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# At most how many days past its first day a period of each precision reaches,
# the day of slack included (a month period starts on the 1st and a year period
# on 1 January, so 31 and 366): the width of each probe's date range, inside
# which the exact rule is kept.
PRECISIONS = "p (precision, days) AS (VALUES ('day', 1), ('week', 7), ('month', 31), ('year', 366))"

# Placed, for the incident given; the same place, for the one probed.
_CITY = ("{given}.city IS NOT NULL", "{probed}.city = {given}.city")
_REGION = (
    "{given}.city IS NULL AND {given}.region IS NOT NULL",
    "{probed}.city IS NULL AND {probed}.region = {given}.region",
)


@dataclass(frozen=True)
class Dialect:
    """An engine's terms: `reach` the last day {t}'s period shares with
    another's (a day of slack included); `days_before` the day p.days before
    {t}.date; `same_district` two districts equal ignoring case; `values` the
    placeholders of one draft's (date, date_precision, district); `probe`
    the join of the probed incident {alias} on {condition} that runs after the
    given incident and the precision, so the probe's date range can use both
    (SQLite keeps a CROSS JOIN's order; PostgreSQL's planner joined the
    precisions last and read a settlement's whole history, so there a LATERAL
    subquery); `mark` a parameter placeholder."""

    reach: str
    days_before: str
    same_district: str
    values: str
    probe: str
    mark: str


EVERY = "1 = 1"  # the `{restrict}` of the whole-table search, in both engines' SQL


def pair_queries(dialect: Dialect) -> tuple[list[str], list[str]]:
    """The queries of pairs (a, b), a the earlier (ties broken by id), each
    with a `{restrict}` slot: found from a (its later neighbours lie from its
    first day to its reach) and found from b (the earlier ones lie in the days
    before it that a period of their precision spans); a city and a region query each."""
    later = "(b.date > a.date OR (b.date = a.date AND b.id > a.id))"  # b is the later one, ties by id
    reach = dialect.reach.format(t="a")
    compatible = f"""(
    a.weapon = b.weapon OR a.weapon = 'unknown' OR b.weapon = 'unknown'
    OR wa.delivery_class = wb.delivery_class
    OR (a.weapon = 'debris' AND wb.delivery_class IN ('missile', 'uncrewed'))
    OR (b.weapon = 'debris' AND wa.delivery_class IN ('missile', 'uncrewed'))
)
AND (a.district IS NULL OR b.district IS NULL OR {dialect.same_district.format(first="a", second="b")})"""

    def query(place: tuple[str, str], given_earlier: bool) -> str:
        given, probed = ("a", "b") if given_earlier else ("b", "a")
        placed, same_place = (part.format(given=given, probed=probed) for part in place)
        if given_earlier:
            span = f"b.date BETWEEN a.date AND {reach}"
        else:  # the range the index reads, then the exact reach of a's own period
            span = f"a.date BETWEEN {dialect.days_before.format(t='b')} AND b.date AND b.date <= {reach}"
        condition = f"{same_place} AND {probed}.date_precision = p.precision AND {span} AND {later}"
        return f"""WITH {PRECISIONS}
SELECT a.id, b.id FROM incidents AS {given} CROSS JOIN p
{dialect.probe.format(alias=probed, condition=condition)}
JOIN weapons AS wa ON wa.code = a.weapon
JOIN weapons AS wb ON wb.code = b.weapon
WHERE {placed} AND {{restrict}} AND {compatible}"""

    places = (_CITY, _REGION)
    return [query(place, True) for place in places], [query(place, False) for place in places]


def neighbours_query(dialect: Dialect, record: dict) -> tuple[str, list] | None:
    """The query of stored incidents that could be the same event as a record
    not stored (an extracted draft), by the rule of the pairs but for weapons
    (dedupe.judge weighs those), and its parameters; None for a record with no place."""
    if record["city"]:
        place, value = f"i.city = {dialect.mark}", record["city"]
    elif record["region"]:
        place, value = f"i.city IS NULL AND i.region = {dialect.mark}", record["region"]
    else:
        return None
    # The draft's three values come first in the text, then the place's.
    condition = f"""{place} AND i.date_precision = p.precision
AND i.date BETWEEN {dialect.days_before.format(t="d")} AND {dialect.reach.format(t="d")}
AND (i.date >= d.date OR d.date <= {dialect.reach.format(t="i")})
AND (d.district IS NULL OR i.district IS NULL OR {dialect.same_district.format(first="i", second="d")})"""
    sql = f"""WITH {PRECISIONS}, d (date, date_precision, district) AS (VALUES ({dialect.values}))
SELECT i.id FROM d CROSS JOIN p
{dialect.probe.format(alias="i", condition=condition)}
ORDER BY i.id"""
    return sql, [record["date"], record["date_precision"], record["district"] or None, value]


def lower_first(pairs: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """(a, b) pairs as (lower id, higher id): a is the earlier incident, not always the lower id."""
    for first, second in pairs:
        yield (first, second) if first < second else (second, first)

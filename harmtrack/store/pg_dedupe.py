"""Candidate pairs for dedupe in PostgreSQL: the rule and the query shape are
in blocking.py, shared with SQLite; here, PostgreSQL's date arithmetic."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from harmtrack.store.blocking import EVERY, Dialect, lower_first, neighbours_query, pair_queries

if TYPE_CHECKING:
    import psycopg

_POSTGRES = Dialect(
    reach="""CASE {t}.date_precision
    WHEN 'day' THEN {t}.date + 1
    WHEN 'week' THEN {t}.date + 7
    WHEN 'month' THEN ({t}.date + interval '1 month')::date
    ELSE ({t}.date + interval '1 year')::date END""",
    days_before="{t}.date - p.days",
    same_district="lower({first}.district) = lower({second}.district)",
    # The draft's district compared as stored districts are (COLLATE "C"): lower() folds ASCII only, as NOCASE
    values='%s::date, %s, %s::text COLLATE "C"',
    probe="CROSS JOIN LATERAL (SELECT * FROM incidents AS {alias} WHERE {condition} OFFSET 0) AS {alias}",
    mark="%s",
)
_FROM_EARLIER, _FROM_LATER = pair_queries(_POSTGRES)


def candidate_pairs(conn: psycopg.Connection, ids: list[int] | None) -> Iterator[tuple[int, int]]:
    """(lower id, higher id) of every candidate pair; with `ids`, only pairs holding one of them.
    Each query is read whole, so the caller may query the store while it iterates."""
    if ids is None:
        for sql in _FROM_EARLIER:
            yield from lower_first(conn.execute(sql.format(restrict=EVERY)).fetchall())
        return
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        # The incident of the chunk may be the earlier or the later one of a pair.
        for sql in _FROM_EARLIER:
            yield from lower_first(conn.execute(sql.format(restrict="a.id = ANY(%s)"), [chunk]).fetchall())
        for sql in _FROM_LATER:
            yield from lower_first(conn.execute(sql.format(restrict="b.id = ANY(%s)"), [chunk]).fetchall())


def neighbour_ids(conn: psycopg.Connection, record: dict) -> list[int]:
    """Stored incidents that could be the same event as a record not stored (an extracted draft)."""
    query = neighbours_query(_POSTGRES, record)
    if query is None:
        return []
    return [row[0] for row in conn.execute(*query)]

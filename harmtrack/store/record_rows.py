"""What both engines share in mapping records to rows: a record from its
row, the place fields a store may count, the shipped vocabulary a database
has not taken in yet, and when an import is big enough to load in bulk.
The SQL of each engine stays in its own module (sqlite_store.py, pg_store.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from harmtrack.model import SCALAR_FIELDS

PLACE_KINDS = ("city", "region", "country")
# An import of at least BULK_BYTES, of a file holding at least as many rows
# (at about BYTES_PER_ROW each) as the table already has, is loaded in bulk:
# secondary indexes dropped first and built again after.
BULK_BYTES = 1 << 20
BYTES_PER_ROW = 300
MAX_ID = 2**63 - 1  # the largest integer of either engine: a larger id names no incident


def record_from_row(scalars: Sequence, damaged: list[dict], sources: list[dict]) -> dict:
    """A record from its id and scalar fields, in the order of SCALAR_FIELDS,
    and its damaged sites and sources as the engine's query gives them."""
    record = dict(zip(("id", *SCALAR_FIELDS), scalars, strict=True))
    record["damaged"] = [(site["kind"], site["name"]) for site in damaged]
    record["sources"] = sources
    return record


def place_column(kind: str) -> str:
    """The column of a place field; anything else is a programming error."""
    if kind not in PLACE_KINDS:
        raise ValueError(f"not a place field: {kind!r}")
    return kind


def is_bulk(size_bytes: int | None, stored: int) -> bool:
    """A big file into a table that is small beside it."""
    return size_bytes is not None and size_bytes >= BULK_BYTES and size_bytes // BYTES_PER_ROW >= stored


def with_shipped(tables: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """The vocabulary `tables` with the shipped entries they lack (a key taken
    in any case is kept as the team has it): what a database that has not
    taken in this version's vocabulary yet reads as."""
    from harmtrack.vocab import shipped_rows

    shipped = shipped_rows()
    for table, rows in tables.items():
        taken = {row[0].casefold() for row in rows}
        rows.extend(row for row in getattr(shipped, table) if row[0].casefold() not in taken)
    return tables

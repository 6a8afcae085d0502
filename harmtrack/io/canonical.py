"""The canonical CSV layout of SPEC.md, written exactly the same way every time.

Export, import into an empty database, export again: the same bytes. That
holds because every cell has one written form: numbers in their shortest
exact form, lists joined with escaped `;`, empty for unknown.
"""

import csv
import operator
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from harmtrack.model import COUNT_FIELDS, FIELDS, join_list

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMERIC_FIELDS = {"latitude", "longitude", *COUNT_FIELDS}
_FIELDS_OF = operator.itemgetter(*FIELDS)
_DAMAGED, _SOURCES = FIELDS.index("damaged"), FIELDS.index("sources")


def format_number(value: int | float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    return str(value)


def _cell(value: object) -> object:
    """A cell that is neither text nor empty: a number's written form (a list is joined by the caller)."""
    if isinstance(value, (int, float)):
        return format_number(value)
    return value


def record_cells(record: dict) -> list[str]:
    """The canonical cells of a record, in FIELDS order: text as it is, numbers
    in their shortest exact form, empty for unknown, lists joined."""
    cells: list[Any] = [
        value if value.__class__ is str else "" if value is None else _cell(value) for value in _FIELDS_OF(record)
    ]
    damaged, sources = cells[_DAMAGED], cells[_SOURCES]
    cells[_DAMAGED] = join_list([f"{kind}:{site}" for kind, site in damaged]) if damaged else ""
    cells[_SOURCES] = join_list([source["url"] for source in sources]) if sources else ""
    return cells


def excel_safe(cell: str) -> str:
    """Neutralise a text cell a spreadsheet would run as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


class LfLines:
    """The csv module quotes a cell holding a carriage return only when the
    line terminator has one: rows are written with CRLF, so such a cell is
    quoted and reads back, and each line's CRLF becomes LF here. (csv calls
    write() once per row.)"""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def write(self, line: str) -> int:
        return self.stream.write(line[:-2] + "\n")


def write_csv(
    records: Iterable[dict], stream: TextIO, *, neutralise_formulas: bool = False, with_id: bool = False
) -> int:
    if with_id:
        rows: Iterable[Sequence] = ([record["id"], *record_cells(record)] for record in records)
        return write_cell_rows(rows, stream, neutralise_formulas=neutralise_formulas, columns=("id", *FIELDS))
    return write_cell_rows(map(record_cells, records), stream, neutralise_formulas=neutralise_formulas)


def write_cell_rows(
    rows: Iterable[Sequence],
    stream: TextIO,
    *,
    neutralise_formulas: bool = False,
    columns: Sequence[str] = FIELDS,
) -> int:
    """The canonical CSV of rows of cells in FIELDS order (text, numbers, or
    None for empty; lists already joined, as the store can give them straight
    from SQL); returns how many rows were written."""
    writer = csv.writer(LfLines(stream), lineterminator="\r\n")
    writer.writerow(columns)
    count = 0
    numeric = {index for index, name in enumerate(columns) if name in _NUMERIC_FIELDS or name == "id"}
    for row in rows:
        cells = [value if value.__class__ is str else "" if value is None else format_number(value) for value in row]
        if neutralise_formulas:
            cells = [cell if index in numeric else excel_safe(cell) for index, cell in enumerate(cells)]
        writer.writerow(cells)
        count += 1
    return count

"""The canonical CSV layout of SPEC.md, written exactly the same way every time.

Export, import into an empty database, export again: the same bytes. That
holds because every cell has one written form: numbers in their shortest
exact form, lists joined with escaped `;`, empty for unknown.
"""

import csv
from collections.abc import Iterable
from typing import TextIO

from harmtrack.model import COUNT_FIELDS, FIELDS, join_list

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMERIC_FIELDS = {"latitude", "longitude", *COUNT_FIELDS}


def format_number(value: int | float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    return str(value)


def record_cells(record: dict) -> list[str]:
    cells = []
    for name in FIELDS:
        value = record[name]
        if name == "damaged":
            cells.append(join_list([f"{kind}:{site}" for kind, site in value]))
        elif name == "sources":
            cells.append(join_list([source["url"] for source in value]))
        elif value is None:
            cells.append("")
        elif isinstance(value, (int, float)):
            cells.append(format_number(value))
        else:
            cells.append(value)
    return cells


def excel_safe(cell: str) -> str:
    """Neutralise a text cell a spreadsheet would run as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


class _LfLines:
    """The csv module quotes a cell holding a carriage return only when the
    line terminator has one: rows are written with CRLF, so such a cell is
    quoted and reads back, and each line's CRLF becomes LF here. (csv calls
    write() once per row.)"""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def write(self, line: str) -> int:
        return self.stream.write(line[:-2] + "\n")


def write_csv(records: Iterable[dict], stream: TextIO, *, neutralise_formulas: bool = False) -> int:
    writer = csv.writer(_LfLines(stream), lineterminator="\r\n")
    writer.writerow(FIELDS)
    count = 0
    numeric = {index for index, name in enumerate(FIELDS) if name in _NUMERIC_FIELDS}
    for record in records:
        cells = record_cells(record)
        if neutralise_formulas:
            cells = [cell if index in numeric else excel_safe(cell) for index, cell in enumerate(cells)]
        writer.writerow(cells)
        count += 1
    return count

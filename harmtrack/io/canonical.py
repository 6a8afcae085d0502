"""The canonical CSV layout of SPEC.md, written exactly the same way every time.

Export, import into an empty database, export again: the same bytes. That
holds because every cell has one written form: numbers in their shortest
exact form, lists joined with escaped `;`, empty for unknown.
"""

import csv
import io
import operator
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from harmtrack.model import COUNT_FIELDS, FIELDS, join_list

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_REAL_FIELDS = {"latitude", "longitude"}
_NUMERIC_FIELDS = {*_REAL_FIELDS, *COUNT_FIELDS}
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


def _text(cell: object) -> str:
    return "" if cell is None else str(cell)


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
    batches = _BatchWriter(stream, writer)
    numeric = tuple(index for index, name in enumerate(columns) if name in _NUMERIC_FIELDS or name == "id")
    real = tuple(index for index, name in enumerate(columns) if name in _REAL_FIELDS)
    batch: list[Sequence] = []
    count = 0
    for row in rows:
        # csv writes text as it is, None as empty, and a number as str() writes
        # it, which is format_number's form but for a whole float ("50.0", where
        # the canonical form is "50"). Only the coordinates are REAL columns:
        # counts and ids are INTEGER, an int in every store.
        for index in real:
            value = row[index]
            if value.__class__ is float and value.is_integer():
                row = [value if value.__class__ is not float else format_number(value) for value in row]
                break
        if neutralise_formulas:
            row = [cell if index in numeric else excel_safe(_text(cell)) for index, cell in enumerate(row)]
        batch.append(row)
        if len(batch) == _BATCH_ROWS:
            batches.write(batch)
            count += len(batch)
            batch = []
    batches.write(batch)
    return count + len(batch)


_BATCH_ROWS = 512
_ROW_END = "\r\n\x00"


class _BatchWriter:
    """Rows written many at a time, the bytes LfLines would write: csv.writer
    ends each row with CR LF NUL (so it quotes a cell holding any of them, as
    with CR LF alone: a stored text never holds a NUL), and each row end becomes
    LF in one replace over the batch. A batch whose NUL count is not its row
    count (a cell held a NUL after all) is written row by row through LfLines.
    One write call per batch instead of one per row: the export of a million
    rows spent about a quarter of its time in LfLines.write."""

    def __init__(self, stream: TextIO, row_writer: Any):
        self.stream, self.row_writer = stream, row_writer
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator=_ROW_END)

    def write(self, batch: list[Sequence]) -> None:
        if not batch:
            return
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.writerows(batch)
        text = self.buffer.getvalue()
        if text.count("\x00") == len(batch):
            self.stream.write(text.replace(_ROW_END, "\n"))
        else:
            self.row_writer.writerows(batch)

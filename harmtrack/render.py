"""Rows to output: a rich table on a terminal, CSV (or what was asked) when piped.

Whether stdout is a terminal is decided once, here. Data cells become
rich `Text`, never markup, so `Mariupol [sic]` prints as written.
"""

import csv
import json
import os
import sys
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import TextIO


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def resolve_format(requested: Format | None) -> Format:
    if requested is not None:
        return requested
    return Format.table if stdout_is_terminal() else Format.csv


def console(stderr: bool = False, width: int | None = None):
    from rich.console import Console

    return Console(stderr=stderr, no_color=bool(os.environ.get("NO_COLOR")) or None, highlight=False, width=width)


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    return str(value)


def write_rows(
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    fmt: Format,
    *,
    stream: TextIO | None = None,
    title: str | None = None,
    caption: str | None = None,
    numeric: Sequence[str] = (),
    footer: Sequence[object] | None = None,
    wrap: Sequence[str] = ("description", "evidence", "aliases", "before", "after", "value"),
) -> None:
    """Write plain rows in any format. `footer` (a total row) shows in table and markdown only."""
    stream = stream or sys.stdout
    if fmt is Format.csv:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([cell_text(value) for value in row] for row in rows)
    elif fmt is Format.json:
        json.dump([dict(zip(columns, row, strict=True)) for row in rows], stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    elif fmt is Format.jsonl:
        for row in rows:
            stream.write(json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False) + "\n")
    elif fmt is Format.markdown:
        _write_markdown(columns, rows, stream, numeric=numeric, footer=footer, caption=caption)
    else:
        _print_table(columns, rows, title=title, caption=caption, numeric=numeric, footer=footer, wrap=wrap)


def _write_markdown(columns, rows, stream, *, numeric, footer, caption) -> None:
    def line(cells):
        return "| " + " | ".join(cell_text(cell).replace("|", "\\|").replace("\n", " ") for cell in cells) + " |\n"

    stream.write(line(columns))
    stream.write("|" + "|".join("---:" if name in numeric else "---" for name in columns) + "|\n")
    for row in rows:
        stream.write(line(row))
    if footer is not None:
        stream.write(line(f"**{cell_text(cell)}**" if cell_text(cell) else "" for cell in footer))
    if caption:
        stream.write(f"\n{caption}\n")


def _print_table(columns, rows, *, title, caption, numeric, footer, wrap) -> None:
    """A rich table. Columns outside `wrap` are never folded or cut: when the
    terminal is too narrow the table is printed wider than it, because a
    truncated figure ("210–23" for "210–237") is worse than a long line."""
    from rich.measure import Measurement
    from rich.table import Table
    from rich.text import Text

    cells = [[cell_text(value) for value in row] for row in rows]
    table = Table(title=title, caption=caption, show_footer=footer is not None, caption_justify="left")
    for index, name in enumerate(columns):
        footer_text = cell_text(footer[index]) if footer is not None else ""
        if name in wrap:
            min_width = max(_widest(name), 12)
        else:
            min_width = max([_widest(name), len(footer_text)] + [len(row[index]) for row in cells])
        table.add_column(
            name,
            justify="right" if name in numeric else "left",
            footer=Text(footer_text),
            overflow="fold",
            no_wrap=name not in wrap,
            min_width=min_width,
        )
    for row in cells:
        table.add_row(*(Text(value) for value in row))
    out = console()
    needed = Measurement.get(out, out.options.update_width(100_000), table).minimum
    if needed > out.width:
        out = console(width=needed)
    out.print(table)


def _widest(text: str) -> int:
    """The width of a header that may span lines ("children\nkilled")."""
    return max((len(line) for line in text.splitlines()), default=0)

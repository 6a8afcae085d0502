r"""Rows to output: a rich table on a terminal, CSV (or what was asked) when piped.

Whether stdout is a terminal is decided once, here. Data cells become
rich `Text`, never markup, so `Mariupol [sic]` prints as written.

Text from records is shown, never obeyed: every cell, header, title,
caption and footer of a table or markdown view, and every message on
stderr, passes through `visible`, so a stored escape sequence prints as the
characters `\x1b[2J` instead of clearing the screen. CSV, JSON and JSONL
carry the data exactly as stored.
"""

import csv
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from enum import StrEnum
from typing import TextIO

# The characters `visible` shows as escapes: Unicode categories Cc (C0, DEL,
# C1: so every escape sequence, ESC and the one-byte CSI \x9b), Cf (format
# characters: the bidi embeddings, overrides and isolates, zero-width space and
# joiners, LRM/RLM, the byte-order mark, soft hyphen, tag characters), Zl and
# Zp (U+2028, U+2029) and lone surrogates (Cs): the ranges of Unicode 14
# (Python 3.11's unicodedata), 13430-1343F widened to the format controls
# Unicode 15 added there. Written out rather than derived from unicodedata,
# which would take a pass over 1.1M code points on every run;
# tests/test_terminal_safety.py checks that the running Python knows no
# character of these categories outside them.
_SHOWN = (
    "\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e007f"
)
_HIDDEN = re.compile(f"[{_SHOWN}]")
_HIDDEN_BUT_NEWLINE = re.compile(f"(?!\n)[{_SHOWN}]")


def _escape(match: re.Match) -> str:
    r"""A character as Python writes it in a string literal: \n, \t, \r, \x1b, \u202e, \U000e0041."""
    return repr(match.group())[1:-1]


def visible(text: str, *, newlines: bool = False) -> str:
    r"""`text` safe to print on a terminal, every invisible or controlling character shown as its escape.

    Control characters (C0 including tab and carriage return, DEL, C1) and
    Unicode format, line- and paragraph-separator characters are written as
    Python writes them: ESC as `\x1b`, tab as `\t`, U+202E as `\u202e`.
    `newlines=True` keeps `\n` as a line break, for a table cell or caption
    that legitimately spans lines; otherwise it shows as `\n`. Everything
    else, a backslash included, is left as it is.
    """
    pattern = _HIDDEN_BUT_NEWLINE if newlines else _HIDDEN
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escape, text)


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
        _write_json_list((dict(zip(columns, row, strict=True)) for row in rows), stream)
    elif fmt is Format.jsonl:
        for row in rows:
            stream.write(json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False) + "\n")
    elif fmt is Format.markdown:
        _write_markdown(columns, rows, stream, numeric=numeric, footer=footer, caption=caption)
    else:
        _print_table(columns, rows, title=title, caption=caption, numeric=numeric, footer=footer, wrap=wrap)


def _write_json_list(items: Iterator[dict], stream: TextIO) -> None:
    """A top-level list written item by item: the bytes of json.dump(list, indent=2), without the list."""
    count = 0
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        stream.write(("[\n  " if count == 0 else ",\n  ") + text)
        count += 1
    stream.write("\n]\n" if count else "[]\n")


def _write_markdown(columns, rows, stream, *, numeric, footer, caption) -> None:
    """Markdown goes to terminals as well as files: every cell is shown with `visible`."""

    def line(cells):
        return (
            "| "
            + " | ".join(
                visible(cell_text(cell), newlines=True).replace("\n", " ").replace("|", "\\|") for cell in cells
            )
            + " |\n"
        )

    stream.write(line(columns))
    stream.write("|" + "|".join("---:" if name in numeric else "---" for name in columns) + "|\n")
    for row in rows:
        stream.write(line(row))
    if footer is not None:
        stream.write(line(f"**{cell_text(cell)}**" if cell_text(cell) else "" for cell in footer))
    if caption:
        stream.write(f"\n{visible(caption, newlines=True)}\n")


def _print_table(columns, rows, *, title, caption, numeric, footer, wrap) -> None:
    """A rich table. Columns outside `wrap` are never folded or cut: when the
    terminal is too narrow the table is printed wider than it, because a
    truncated figure ("210–23" for "210–237") is worse than a long line.

    Headers, cells, footer, title and caption are `Text` (never markup) made
    `visible`; a line break inside a cell is kept, as the cell's own line."""
    from rich.measure import Measurement
    from rich.table import Table
    from rich.text import Text

    cells = [[visible(cell_text(value), newlines=True) for value in row] for row in rows]
    table = Table(
        title=Text(visible(title, newlines=True), style="table.title") if title else None,
        caption=Text(visible(caption, newlines=True), style="table.caption") if caption else None,
        show_footer=footer is not None,
        caption_justify="left",
    )
    for index, name in enumerate(columns):
        header = visible(name, newlines=True)
        footer_text = visible(cell_text(footer[index]), newlines=True) if footer is not None else ""
        if name in wrap:
            min_width = max(_widest(header), 12)
        else:
            min_width = max([_widest(header), _widest(footer_text)] + [_widest(row[index]) for row in cells])
        table.add_column(
            Text(header),
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
    """The width on a terminal of the widest line of `text` (a header may span lines: "children\nkilled")."""
    from rich.cells import cell_len

    return max((cell_len(line) for line in text.split("\n")), default=0)

r"""Rows to output: a rich table on a terminal, CSV (or what was asked) when piped.

Whether stdout is a terminal is decided once, here. Data cells become
rich `Text`, never markup, so `Mariupol [sic]` prints as written. A table
fits the terminal's width: long text wraps or is cut short with "…", and
the columns a command names as least needed are left out (the caption says
which); figures are never cut. Markdown, CSV and JSON keep every column.

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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
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


# Columns whose text wraps onto more lines (whole) when a table is narrower than it.
WRAP = ("description", "evidence", "aliases", "before", "after", "value")


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
    wrap: Sequence[str] = WRAP,
    elide: Mapping[str, int] | None = None,
    least: Mapping[str, int] | None = None,
    grow: Sequence[str] = (),
    drop: Sequence[str] = (),
    elided_note: str | None = None,
) -> None:
    """Write plain rows in any format. `footer` (a total row) shows in table and markdown only.

    A table fits the terminal's width (see `_print_table`); what each column
    may give up is said here, and only tables read it (markdown, CSV and JSON
    carry every column whole):
    - `wrap`: text that wraps onto more lines, whole;
    - `elide`: text cut to at most so many lines, ending in "…" (say where
      the whole value is in `elided_note`, added to the caption when a cell
      was cut);
    - `least`: the narrowest a wrapped or elided column gets (default 10;
      never narrower than its header, nor than its longest word up to 16
      characters, unless its text is narrower);
    - `grow`: the wrapped or elided columns that get the spare room first;
    - `drop`: columns left out, the first first, while the table is still
      too wide; the caption names them.
    Every other column (figures, dates, ids, codes) is shown whole on one line.
    """
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
        fitting = _Fitting(
            wrap=tuple(wrap),
            elide=dict(elide or {}),
            least=dict(least or {}),
            grow=tuple(grow),
            drop=tuple(drop),
        )
        _print_table(
            columns,
            rows,
            title=title,
            caption=caption,
            numeric=numeric,
            footer=footer,
            fitting=fitting,
            elided_note=elided_note,
        )


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


# A wrapped or elided column is never narrower than this, its header or its
# longest word up to _WORD characters (unless its text is narrower).
_LEAST = 10
_WORD = 16
# Where a line of text may break: after spaces, and after a hyphen inside a word
# ("loitering-|munition"). Each piece carries the spaces before it.
_PIECES = re.compile(r"\s*(?:[^\s-]*-+(?=[^\s-])|\S+)")
ELLIPSIS = "…"


@dataclass(frozen=True)
class _Fitting:
    """What the columns of a table may give up to fit the terminal (see `write_rows`)."""

    wrap: tuple[str, ...] = WRAP
    elide: dict[str, int] = field(default_factory=dict)
    least: dict[str, int] = field(default_factory=dict)
    grow: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()


@dataclass
class _Column:
    name: str
    header: str
    footer: str
    cells: list[str]
    # None: shown whole on one line (a figure, a date, an id); 0: wraps, whole; N: at most N lines, then "…"
    lines: int | None
    natural: int  # its widest line, header and footer included
    floor: int  # the narrowest it gets


@dataclass
class _Plan:
    shown: list[_Column]
    widths: list[int]
    left_out: list[_Column]


def terminal_width() -> int:
    """The width tables are fitted to: the terminal's (COLUMNS, or the tty's size; 80 when neither says)."""
    return console().width


def fits(
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    footer: Sequence[object] | None = None,
    wrap: Sequence[str] = WRAP,
    elide: Mapping[str, int] | None = None,
    least: Mapping[str, int] | None = None,
    width: int | None = None,
) -> bool:
    """Whether this table, with no column left out, fits `width` (default: the terminal's)."""
    fitting = _Fitting(wrap=tuple(wrap), elide=dict(elide or {}), least=dict(least or {}))
    table = _columns(columns, rows, footer, fitting)
    return _needed(table) <= (terminal_width() if width is None else width)


def _print_table(columns, rows, *, title, caption, numeric, footer, fitting: _Fitting, elided_note) -> None:
    """A rich table as wide as the terminal at most. Figures, dates, ids and
    codes are shown whole on one line, never cut (a truncated figure,
    "210–23" for "210–237", is worse than none). To fit, in this order:
    wrapped and elided columns narrow down to their floor, then the `drop`
    columns are left out one by one (the caption names them and how to see
    them). Only when even that is too wide is the table printed wider than
    the terminal. Spare room widens the `grow` columns first, then every
    wrapped or elided column evenly, each up to its widest line.

    Headers, cells, footer, title and caption are `Text` (never markup) made
    `visible`; a line break inside a cell is kept, as the cell's own line."""
    from rich.measure import Measurement
    from rich.table import Table
    from rich.text import Text

    out = console()
    table_columns = _columns(columns, rows, footer, fitting)
    plan = _plan(table_columns, out.width, fitting)
    notes = [visible(caption, newlines=True)] if caption else []
    if plan.left_out:
        names = ", ".join(_one_line(column.header) for column in plan.left_out)
        notes.append(
            f"Left out to fit {out.width} columns: {names} (--format csv shows every column, as does a wider terminal)."
        )
    body: list[list[str]] = [[] for _ in range(len(table_columns[0].cells) if table_columns else 0)]
    footers = []
    elided = False
    for column, width in zip(plan.shown, plan.widths, strict=True):
        for cells, value in zip(body, column.cells, strict=True):
            text, cut = _fit(value, column.lines, width)
            cells.append(text)
            elided = elided or cut
        footers.append(_fit(column.footer, column.lines, width)[0])
    if elided and elided_note:
        notes.append(visible(elided_note, newlines=True))
    table = Table(
        title=Text(visible(title, newlines=True), style="table.title") if title else None,
        caption=Text("\n".join(notes), style="table.caption") if notes else None,
        show_footer=footer is not None,
        caption_justify="left",
    )
    for column, width, footer_text in zip(plan.shown, plan.widths, footers, strict=True):
        table.add_column(
            Text(column.header),
            justify="right" if column.name in numeric else "left",
            footer=Text(footer_text),
            overflow="fold",
            no_wrap=True,
            width=width,
        )
    for cells in body:
        table.add_row(*(Text(value) for value in cells))
    needed = Measurement.get(out, out.options.update_width(100_000), table).minimum
    if needed > out.width:  # even the narrowest layout: wider than the terminal, never a figure cut
        out = console(width=needed)
    out.print(table)


def _columns(columns, rows, footer, fitting: _Fitting) -> list[_Column]:
    cells = [[visible(cell_text(value), newlines=True) for value in row] for row in rows]
    made = []
    for index, name in enumerate(columns):
        header = visible(name, newlines=True)
        footer_text = visible(cell_text(footer[index]), newlines=True) if footer is not None else ""
        values = [row[index] for row in cells]
        natural = max([_widest(header), _widest(footer_text)] + [_widest(value) for value in values])
        if name in fitting.elide:
            lines: int | None = max(1, fitting.elide[name])
        elif name in fitting.wrap:
            lines = 0
        else:
            lines = None
        if lines is None:
            floor = natural
        else:  # no narrower than its header or its longest word (up to _WORD): "residentia|l" helps nobody
            word = min(_WORD, max([_longest_word(value) for value in [footer_text, *values]]))
            floor = min(natural, max(_widest(header), fitting.least.get(name, _LEAST), word))
        made.append(_Column(name, header, footer_text, values, lines, natural, floor))
    return made


def _needed(columns: Sequence[_Column]) -> int:
    """The width of a table of these columns at their floors: rich's box puts
    a rule and a space either side of each column."""
    return sum(column.floor for column in columns) + 3 * len(columns) + 1


def _plan(columns: list[_Column], width: int, fitting: _Fitting) -> _Plan:
    shown = list(columns)
    left_out = []
    droppable = [column for name in fitting.drop for column in columns if column.name == name]
    while _needed(shown) > width and droppable:
        column = droppable.pop(0)
        shown.remove(column)
        left_out.append(column)
    widths = {id(column): column.floor for column in shown}
    spare = width - _needed(shown)
    flexible = [column for column in shown if column.lines is not None]
    growing = [column for column in flexible if column.name in fitting.grow]
    spare = _share(widths, growing, spare)
    _share(widths, flexible, spare)
    return _Plan(shown, [widths[id(column)] for column in shown], left_out)


def _share(widths: dict[int, int], columns: list[_Column], spare: int) -> int:
    """Give `spare` characters to `columns` evenly, each up to its widest line
    (so a short column is whole before a long one grows); returns what is left."""
    while spare > 0:
        open_columns = [column for column in columns if widths[id(column)] < column.natural]
        if not open_columns:
            break
        share = max(1, spare // len(open_columns))
        for column in open_columns:
            given = min(share, column.natural - widths[id(column)], spare)
            widths[id(column)] += given
            spare -= given
    return spare


def _fit(text: str, lines: int | None, width: int) -> tuple[str, bool]:
    """A cell's text for a column `width` wide: whole on one line (`lines` None),
    wrapped (0), or wrapped and cut to `lines` lines ending in "…". Returns
    the text and whether it was cut."""
    if lines is None:
        return text, False
    wrapped = wrap_text(text, width)
    if not lines or len(wrapped) <= lines:
        return "\n".join(wrapped), False
    from rich.cells import cell_len

    kept = wrapped[:lines]
    last = kept[-1].rstrip()
    while last and cell_len(last) + cell_len(ELLIPSIS) > width:
        last = last[:-1].rstrip()
    kept[-1] = last + ELLIPSIS
    return "\n".join(kept), True


def wrap_text(text: str, width: int) -> list[str]:
    """`text` as lines at most `width` cells wide, broken after spaces and
    hyphens; a word wider than `width` is folded. Line breaks in `text` are kept."""
    from rich.cells import cell_len, chop_cells

    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for piece in _PIECES.findall(paragraph):
            if cell_len(line + piece) <= width:
                line += piece
                continue
            if line:
                lines.append(line)
            *full, line = chop_cells(piece.lstrip(), width) or [""]
            lines.extend(full)
        lines.append(line)
    return lines


def _longest_word(text: str) -> int:
    """The widest piece of `text` a line cannot break inside (see `wrap_text`)."""
    from rich.cells import cell_len

    return max((cell_len(piece.strip()) for piece in _PIECES.findall(text)), default=0)


def _one_line(header: str) -> str:
    """A header as the caption names it: "children\nkilled" -> "children killed", "glide-\nbomb" -> "glide-bomb"."""
    return header.replace("-\n", "-").replace("\n", " ")


def _widest(text: str) -> int:
    """The width on a terminal of the widest line of `text` (a header may span lines: "children\nkilled")."""
    from rich.cells import cell_len

    return max((cell_len(line) for line in text.split("\n")), default=0)

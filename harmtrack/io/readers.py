"""The canonical readers: the CSV of SPEC.md, JSON (a top-level list) and JSONL.

Each reads records with the canonical field names; see base.py for what a
reader yields. They also read back what harmtrack writes beside a record's
fields (WRITTEN_BESIDE): `list` output's `id`, a rejects file's `error`, and
`extract`'s `evidence`, `confidence` and `doubts`. Those are ignored: the id is this database's number
for a record (the uid is its identity), the error is why the row was refused
(fixed now, or it will be refused again with a fresh reason), and the
evidence is the text extract also wrote as the description (a description
edited in review is the one kept). Any other unknown column is an error.
"""

import io
import json
import re
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from harmtrack.errors import HarmtrackError
from harmtrack.io.base import (
    CHUNK,
    SURROGATE,
    CsvRows,
    Reader,
    Row,
    Source,
    lone_surrogate,
    text_lines,
    without_surrogates,
)
from harmtrack.io.formats import ImportFormat
from harmtrack.model import FIELDS, join_list

if TYPE_CHECKING:
    from harmtrack.vocab import Vocabularies

MAX_JSON_ITEM = 16 << 20
# Columns and keys harmtrack writes beside the record's fields, ignored on import (see the docstring).
WRITTEN_BESIDE = ("id", "error", "evidence", "confidence", "doubts")


class CanonicalCsv(Reader):
    """The canonical CSV of SPEC.md, or any subset of its columns."""

    format = ImportFormat.csv

    def __init__(self, source: Source, encoding: str):
        super().__init__(source)
        self.csv = CsvRows(source, encoding)
        # The positions of the columns read; the ones harmtrack writes beside a record are left out.
        self._kept = [index for index, name in enumerate(self.csv.columns) if name not in WRITTEN_BESIDE]
        columns = [self.csv.columns[index] for index in self._kept]
        unknown = [name for name in columns if name not in FIELDS]
        if unknown:
            hint = ""
            if "event_id_cnty" in columns:
                hint = "; this looks like an ACLED export: pass --format acled"
            elif "date_prec" in columns:
                hint = "; this looks like a UCDP GED export: pass --format ucdp"
            names = ", ".join(f"'{name}'" for name in unknown[:5]) + (" ..." if len(unknown) > 5 else "")
            raise HarmtrackError(
                f"{source.name}:1: unknown column{'s' if len(unknown) > 1 else ''} {names}{hint}; "
                f"the columns are: {', '.join(FIELDS)}"
            )
        if "date" not in columns:
            raise HarmtrackError(f"{source.name}:1: no 'date' column; every incident needs a date")
        if not {"city", "region", "country"} & set(columns):
            raise HarmtrackError(f"{source.name}:1: no 'city', 'region' or 'country' column; one is required")
        self.columns = [self.csv.header[index] for index in self._kept]

    def rows(self, vocab: "Vocabularies") -> Iterator[Row]:
        name, kept = self.source.name, self._kept
        columns = [self.csv.columns[index] for index in kept]
        every = len(kept) == len(self.csv.columns)
        for line, cells, problem in self.csv:
            if problem:
                yield Row(f"{name}:{line}", None, cells, problem)
                continue
            if not every:
                cells = [cells[index] for index in kept]
            yield Row(f"{name}:{line}", dict(zip(columns, cells, strict=True)), cells)


def csv_in_memory(name: str, data: bytes) -> CanonicalCsv:
    """Canonical CSV held in memory (extract's drafts), read as a file of that name would be."""
    return CanonicalCsv(Source(name, io.BytesIO(data), len(data)), "utf-8")


class _JsonReader(Reader):
    """What the JSON readers share: records with the canonical keys, read
    from the decoded lines of the source."""

    columns = FIELDS

    def __init__(self, source: Source, encoding: str):
        super().__init__(source)
        self._lines = text_lines(source, encoding)


class JsonLines(_JsonReader):
    """One JSON object per line."""

    format = ImportFormat.jsonl

    def rows(self, vocab: "Vocabularies") -> Iterator[Row]:
        for location, item, line, problem in json_lines_items(self.source.name, self._lines):
            if problem is not None:
                yield Row(location, None, [line], problem)
            else:
                yield json_row(location, item, line)


class JsonList(_JsonReader):
    """A top-level JSON list of objects (the export's shape), parsed item by item."""

    format = ImportFormat.json

    def rows(self, vocab: "Vocabularies") -> Iterator[Row]:
        for location, item, written in json_list_items(self.source.name, self._lines):
            yield json_row(location, item, written)


def json_lines_items(name: str, lines: Iterator[str]) -> Iterator[tuple[str, object, str, str | None]]:
    """(location, item, the line without its end, problem) for each non-blank line of JSON Lines; a line
    that is not JSON has a problem and no item."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        location = f"{name}:{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            yield location, None, line.rstrip("\r\n"), f"not valid JSON: {error.msg} (column {error.colno})"
            continue
        except (ValueError, RecursionError) as error:  # a 5,000-digit number, [[[[... 100,000 deep
            yield location, None, line.rstrip("\r\n"), f"not valid JSON: {_json_limit(error)}"
            continue
        yield location, item, line, None


def json_list_items(name: str, lines: Iterator[str]) -> Iterator[tuple[str, object, str]]:
    """(location, item, written) for each item of a top-level JSON list, parsed one at a time from the
    decoded `lines`; `written` is the item's JSON text when it may hold an escaped lone surrogate, else ""
    (see json_row). Broken JSON raises HarmtrackError naming the line."""
    decoder = json.JSONDecoder()
    buffer, position, line, exhausted = "", 0, 1, False

    def more() -> bool:
        nonlocal buffer, position, exhausted
        if exhausted:
            return False
        block = []
        size = 0
        for text in lines:
            block.append(text)
            size += len(text)
            if size >= CHUNK:
                break
        else:
            exhausted = True
        if not block:
            return False
        buffer = buffer[position:] + "".join(block)
        position = 0
        return True

    def skip_space() -> str:
        """The next non-space character (not consumed), or '' at the end."""
        nonlocal position, line
        while True:
            while position < len(buffer) and buffer[position] in " \t\r\n":
                if buffer[position] == "\n":
                    line += 1
                position += 1
            if position < len(buffer):
                return buffer[position]
            if not more():
                return ""

    def fail(problem: str) -> HarmtrackError:
        return HarmtrackError(f"{name}:{line}: {problem}")

    if skip_space() != "[":
        raise fail("a JSON import is a list of incident objects: [{...}, {...}]; for one object per line use jsonl")
    position += 1
    index = 0
    if skip_space() == "]":
        position += 1
    else:
        while True:
            if skip_space() == "":
                raise fail("the JSON list is not closed with ]")
            start_line = line
            while True:
                try:
                    item, end = decoder.raw_decode(buffer, position)
                    break
                except json.JSONDecodeError as error:
                    if len(buffer) - position > MAX_JSON_ITEM or not more():
                        at = start_line + buffer.count("\n", position, error.pos)
                        raise HarmtrackError(f"{name}:{at}: not valid JSON: {error.msg} (item {index + 1})") from None
                except (ValueError, RecursionError) as error:
                    raise HarmtrackError(
                        f"{name}:{start_line}: not valid JSON: {_json_limit(error)} (item {index + 1})"
                    ) from None
            written = buffer[position:end] if _ESCAPED_SURROGATE.search(buffer, position, end) else ""
            line += buffer.count("\n", position, end)
            position = end
            index += 1
            yield f"{name}:{start_line} (item {index})", item, written
            separator = skip_space()
            if separator == ",":
                position += 1
                continue
            if separator == "]":
                position += 1
                break
            raise fail(f"expected , or ] after item {index}, found {separator or 'the end of the file'!r}")
    if skip_space() != "":
        raise fail("text after the end of the JSON list")


def _json_limit(error: Exception) -> str:
    """What json refused beyond a syntax error: Python's limits on numbers and nesting."""
    if isinstance(error, RecursionError):
        return "lists or objects nested too deeply"
    return f"a number too long to read (over {sys.get_int_max_str_digits():,} digits)"


# A \uD800 to \uDFFF escape: a JSON text can write a lone surrogate, which json reads as it is written.
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


def json_row(location: str, item: object, written: str | None = None) -> Row:
    """The row of one JSON item; `written`, the item's JSON text, tells whether it may hold a lone
    surrogate (an escape such as \\ud800 that json reads as it is written); None: it may."""
    if not isinstance(item, dict):
        return Row(location, None, [without_surrogates(json.dumps(item, ensure_ascii=False))], "not a JSON object")
    surrogate = _lone_surrogate(item) if written is None or _ESCAPED_SURROGATE.search(written) else None
    if surrogate is not None:
        # the row is refused, its cells written with the escape, so the rejects file is text
        field, char, is_key = surrogate
        cells = [without_surrogates(_json_cell(item.get(name), name)) for name in FIELDS]
        where = "field name" if is_key else "field"
        return Row(location, None, cells, f"{where} '{without_surrogates(field)}' contains {lone_surrogate(char)}")
    unknown = [key for key in item if key not in FIELDS and key not in WRITTEN_BESIDE]
    cells = [_json_cell(item.get(name), name) for name in FIELDS]
    if unknown:
        return Row(location, None, cells, f"unknown field '{unknown[0]}'; the fields are: {', '.join(FIELDS)}")
    if any(key in item for key in WRITTEN_BESIDE):
        item = {key: value for key, value in item.items() if key not in WRITTEN_BESIDE}
    return Row(location, item, cells)


def lone_surrogate_in(item: dict, written: str | None) -> str | None:
    """What is wrong with a JSON object holding a lone surrogate, or None; `written` as for json_row."""
    if written is not None and not _ESCAPED_SURROGATE.search(written):
        return None
    surrogate = _lone_surrogate(item)
    if surrogate is None:
        return None
    field, char, is_key = surrogate
    where = "field name" if is_key else "field"
    return f"{where} '{without_surrogates(field)}' contains {lone_surrogate(char)}"


def _lone_surrogate(item: dict) -> tuple[str, str, bool] | None:
    """The first lone surrogate in a JSON object's strings, keys included: (the top-level key it is in or
    under, the surrogate, whether it is in that key); None when there is none. Read without recursion: an
    item may nest deeply."""
    pending: list[tuple[str, object, bool]] = []
    for key, value in reversed(list(item.items())):
        pending += [(key, value, False), (key, key, True)]
    while pending:
        field, value, is_key = pending.pop()
        if isinstance(value, str):
            found = SURROGATE.search(value)
            if found:
                return field, found[0], is_key
        elif isinstance(value, dict):
            pending += [(field, part, False) for pair in reversed(list(value.items())) for part in reversed(pair)]
        elif isinstance(value, list):
            pending += [(field, part, False) for part in reversed(value)]
    return None


def _json_cell(value: object, name: str = "") -> str:
    """A JSON value as a cell of the rejects file, which is canonical CSV: a list of damaged sites or of
    sources is written as the CSV writes it (kind:name;..., url;...) when that loses nothing, so a fixed
    rejects file imports as CSV; anything else that is not text, as its JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and name in ("damaged", "sources"):
        items = [_list_item(item, name) for item in value]
        if all(item is not None for item in items):
            return join_list([item for item in items if item is not None])
    return json.dumps(value, ensure_ascii=False)


def _list_item(item: object, name: str) -> str | None:
    """One item of a list cell, or None when the cell's form cannot carry it (a source's publisher)."""
    if isinstance(item, str) and item.strip():
        return item
    if not isinstance(item, dict):
        return None
    if name == "damaged" and set(item) <= {"kind", "name"} and isinstance(item.get("kind"), str):
        site = item.get("name")
        if site is None:
            return item["kind"]
        return f"{item['kind']}:{site}" if isinstance(site, str) else None
    if (
        name == "sources"
        and isinstance(item.get("url"), str)
        and not any(item.get(key) for key in item if key != "url")
    ):
        return item["url"]
    return None

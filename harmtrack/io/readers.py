"""Reading import files: open, hash, detect the format, stream the rows.

Every reader yields `Row`s one at a time, so memory does not grow with the
file. A row carries where it came from (`FILE:LINE`), the raw values for
`model.validate` (canonical field names; adapters map their own columns), and
the cells as written, for the rejects file. A problem with the whole file (an
unknown column, an undecodable byte, broken JSON) raises HarmtrackError; a
problem with one row travels on the row, so `--skip-invalid` can go on.
"""

import codecs
import csv
import hashlib
import io
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

from harmtrack.errors import HarmtrackError, UsageError
from harmtrack.model import FIELDS

CHUNK = 1 << 16
MAX_JSON_ITEM = 16 << 20
DELIMITERS = (",", ";", "\t")

csv.field_size_limit(1 << 24)


class ImportFormat(StrEnum):
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    acled = "acled"
    ucdp = "ucdp"


@dataclass(slots=True)
class Row:
    """One record's worth of input."""

    location: str
    raw: dict | None
    cells: list
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


class Source:
    """The bytes of an import: a file or stdin, hashed as they are read."""

    def __init__(self, name: str, binary: BinaryIO, size: int | None):
        self.name = name
        self.size = size
        self.digest = hashlib.sha256()
        self.bytes_read = 0
        self._raw = binary
        self.stream = io.BufferedReader(_Hashing(self), CHUNK)

    @classmethod
    def open(cls, path: str) -> "Source":
        if path == "-":
            return cls("<stdin>", sys.stdin.buffer, None)
        try:
            binary = open(path, "rb")  # noqa: SIM115 - closed by Source.close
        except FileNotFoundError:
            raise UsageError(f"no file {path}") from None
        except IsADirectoryError:
            raise UsageError(f"{path} is a folder, not a file") from None
        except OSError as error:
            raise HarmtrackError(f"cannot read {path}: {error.strerror}") from None
        return cls(path, binary, os.fstat(binary.fileno()).st_size)

    def head(self) -> bytes:
        """The first bytes, without consuming them."""
        return self.stream.peek(CHUNK)[:CHUNK]

    def sha256(self) -> str:
        """The hash of the whole input: whatever a reader left unread is read now."""
        while self.stream.read(CHUNK):
            pass
        return self.digest.hexdigest()

    def close(self) -> None:
        if self._raw is not sys.stdin.buffer:
            self._raw.close()


class _Hashing(io.RawIOBase):
    def __init__(self, source: Source):
        self._source = source

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._source._raw.read(len(buffer))
        count = len(data)
        buffer[:count] = data
        self._source.digest.update(data)
        self._source.bytes_read += count
        return count


def detect_format(path: str, source: Source) -> ImportFormat:
    """From the extension, else the first bytes; CSV headers tell ACLED and UCDP apart."""
    suffix = Path(path).suffix.lower() if path != "-" else ""
    if suffix == ".json":
        return ImportFormat.json
    if suffix in (".jsonl", ".ndjson"):
        return ImportFormat.jsonl
    if suffix == ".geojson":
        raise UsageError(f"{path}: GeoJSON is an export format; import reads csv, json, jsonl, acled or ucdp")
    head = source.head()
    text = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if suffix not in (".csv", ".tsv", ".txt"):
        if text.startswith(b"["):
            return ImportFormat.json
        if text.startswith(b"{"):
            return ImportFormat.jsonl
    return csv_dialect_of(head)


def csv_dialect_of(head: bytes) -> ImportFormat:
    first = head.removeprefix(codecs.BOM_UTF8).split(b"\n", 1)[0].lower()
    if b"event_id_cnty" in first:
        return ImportFormat.acled
    if b"date_prec" in first and b"deaths_civilians" in first:
        return ImportFormat.ucdp
    return ImportFormat.csv


def check_encoding(encoding: str | None) -> str:
    """The codec to read with; UTF-8 (with or without a BOM) unless told."""
    if encoding is None:
        return "utf-8-sig"
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise UsageError(
            f"option --encoding: '{encoding}' is not an encoding Python knows (e.g. cp1251, latin-1)"
        ) from None
    return "utf-8-sig" if name == "utf-8" else name


def text_lines(source: Source, encoding: str) -> Iterator[str]:
    """Decoded lines, line endings kept (the csv module needs them).

    ASCII-compatible encodings are decoded line by line, so a decode error
    names its exact line; others (UTF-16) go through TextIOWrapper.
    """
    if not _ascii_compatible(encoding):
        wrapper = io.TextIOWrapper(source.stream, encoding=encoding, newline="")
        number = 0
        try:
            for number, line in enumerate(wrapper, 1):  # noqa: B007 - number is read in the handler
                yield line
        except UnicodeDecodeError as error:
            raise _decode_error(source.name, number + 1, encoding, error) from None
        finally:
            wrapper.detach()  # the Source closes its own stream
        return
    decode = codecs.getincrementaldecoder(encoding)().decode
    number = 0
    for number, line in enumerate(source.stream, 1):
        try:
            yield decode(line)
        except UnicodeDecodeError as error:
            raise _decode_error(source.name, number, encoding, error) from None
    try:
        decode(b"", final=True)
    except UnicodeDecodeError as error:
        raise _decode_error(source.name, number, encoding, error) from None


def _ascii_compatible(encoding: str) -> bool:
    try:
        return "\n,;\tA".encode("utf-8" if encoding == "utf-8-sig" else encoding) == b"\n,;\tA"
    except UnicodeEncodeError:
        return False


def _decode_error(name: str, line: int, encoding: str, error: UnicodeDecodeError) -> HarmtrackError:
    byte = error.object[error.start : error.start + 1].hex()
    shown = "utf-8" if encoding == "utf-8-sig" else encoding
    return HarmtrackError(
        f"{name}:{line}: cannot be read as {shown} (byte 0x{byte}); "
        "pass --encoding with the file's encoding, e.g. --encoding cp1252 or --encoding cp1251"
    )


class CsvRows:
    """Rows of a delimited text file, as dicts of column -> cell.

    The delimiter is `,`, `;` or tab, whichever the header uses most.
    """

    def __init__(self, source: Source, encoding: str):
        self.source = source
        self._lines = text_lines(source, encoding)
        first = next(self._lines, None)
        if first is None or not first.strip():
            raise HarmtrackError(f"{source.name}: the file is empty; a CSV import needs at least a header line")
        counts = {delimiter: first.count(delimiter) for delimiter in DELIMITERS}
        self.delimiter = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
        self._reader = csv.reader(_chain(first, self._lines), delimiter=self.delimiter, strict=True)
        try:
            header = next(self._reader)
        except csv.Error as error:
            raise HarmtrackError(f"{source.name}:1: the header is not valid CSV: {error}") from None
        self.header = [name.strip() for name in header]
        self.columns = [name.lower() for name in self.header]
        seen = set()
        for name in self.columns:
            if name in seen:
                raise HarmtrackError(f"{source.name}:1: column '{name}' appears twice")
            seen.add(name)

    def __iter__(self) -> Iterator[tuple[int, list[str], str | None]]:
        """(first line of the row, cells, problem) per non-blank row."""
        reader, width, name = self._reader, len(self.columns), self.source.name
        last = reader.line_num
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise HarmtrackError(f"{name}:{last + 1}: not valid CSV: {error}") from None
            line, last = last + 1, reader.line_num
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue
            problem = None
            if len(cells) != width:
                problem = f"{len(cells)} cells, but the header has {width} columns"
            yield line, cells, problem


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


class CanonicalCsv:
    """The canonical CSV of SPEC.md, or any subset of its columns."""

    format = ImportFormat.csv
    left_out = 0
    left_out_note = ""

    def __init__(self, source: Source, encoding: str):
        self.source = source
        self.csv = CsvRows(source, encoding)
        columns = self.csv.columns
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
        self.columns = self.csv.header

    def rows(self, vocab=None) -> Iterator[Row]:
        columns, name = self.csv.columns, self.source.name
        for line, cells, problem in self.csv:
            if problem:
                yield Row(f"{name}:{line}", None, cells, problem)
            else:
                yield Row(f"{name}:{line}", dict(zip(columns, cells, strict=True)), cells)


class DatasetReader:
    """What the dataset adapters (ACLED, UCDP GED) share: a CSV export whose
    columns are found by name, checked for the ones the mapping needs, and a
    count of the events left out by the adapter's default filter."""

    dataset = ""  # the export's name, for the error message
    required: tuple[str, ...] = ()

    def __init__(self, source: Source, encoding: str, *, all_events: bool = False):
        self.source = source
        self.csv = CsvRows(source, encoding)
        missing = [name for name in self.required if name not in self.csv.columns]
        if missing:
            raise HarmtrackError(
                f"{source.name}:1: not {self.dataset} export: no column {', '.join(repr(name) for name in missing)}"
            )
        self.columns = self.csv.header
        self.all_events = all_events
        self.left_out = 0
        self.today = date.today()


class _JsonReader:
    """What the JSON readers share: records with the canonical keys, read
    from the decoded lines of the source."""

    left_out = 0
    left_out_note = ""
    columns = FIELDS

    def __init__(self, source: Source, encoding: str):
        self.source = source
        self._lines = text_lines(source, encoding)


class JsonLines(_JsonReader):
    """One JSON object per line."""

    format = ImportFormat.jsonl

    def rows(self, vocab=None) -> Iterator[Row]:
        name = self.source.name
        for number, line in enumerate(self._lines, 1):
            if not line.strip():
                continue
            location = f"{name}:{number}"
            try:
                item = json.loads(line)
            except json.JSONDecodeError as error:
                yield Row(location, None, [line.rstrip("\r\n")], f"not valid JSON: {error.msg} (column {error.colno})")
                continue
            except (ValueError, RecursionError) as error:  # a 5,000-digit number, [[[[... 100,000 deep
                yield Row(location, None, [line.rstrip("\r\n")], f"not valid JSON: {_json_limit(error)}")
                continue
            yield json_row(location, item)


class JsonList(_JsonReader):
    """A top-level JSON list of objects (the export's shape), parsed item by item."""

    format = ImportFormat.json

    def rows(self, vocab=None) -> Iterator[Row]:
        name = self.source.name
        decoder = json.JSONDecoder()
        buffer, position, line, exhausted = "", 0, 1, False

        def more() -> bool:
            nonlocal buffer, position, exhausted
            if exhausted:
                return False
            block = []
            size = 0
            for text in self._lines:
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
                            raise HarmtrackError(
                                f"{name}:{at}: not valid JSON: {error.msg} (item {index + 1})"
                            ) from None
                    except (ValueError, RecursionError) as error:
                        raise HarmtrackError(
                            f"{name}:{start_line}: not valid JSON: {_json_limit(error)} (item {index + 1})"
                        ) from None
                line += buffer.count("\n", position, end)
                position = end
                index += 1
                yield json_row(f"{name}:{start_line} (item {index})", item)
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


def json_row(location: str, item: object) -> Row:
    if not isinstance(item, dict):
        return Row(location, None, [json.dumps(item, ensure_ascii=False)], "not a JSON object")
    unknown = [key for key in item if key not in FIELDS]
    cells = [_json_cell(item.get(name)) for name in FIELDS]
    if unknown:
        return Row(location, None, cells, f"unknown field '{unknown[0]}'; the fields are: {', '.join(FIELDS)}")
    return Row(location, item, cells)


def _json_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def open_reader(path: str, fmt: ImportFormat | None, encoding: str | None, **adapter_options):
    """The reader for an import file; raises before any database is touched."""
    codec = check_encoding(encoding)
    source = Source.open(path)
    try:
        if fmt is None:
            fmt = detect_format(path, source)
        if fmt is ImportFormat.csv:
            return CanonicalCsv(source, codec)
        if fmt is ImportFormat.json:
            return JsonList(source, codec)
        if fmt is ImportFormat.jsonl:
            return JsonLines(source, codec)
        if fmt is ImportFormat.acled:
            from harmtrack.io.acled import AcledReader

            return AcledReader(source, codec, **adapter_options)
        from harmtrack.io.ucdp import UcdpReader

        return UcdpReader(source, codec, **adapter_options)
    except BaseException:
        source.close()
        raise

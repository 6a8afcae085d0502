"""What every import reader is made of: the source, the rows, the reader.

Every reader yields `Row`s one at a time, so memory does not grow with the
file. A row carries where it came from (`FILE:LINE`), the raw values for
`model.validate` (canonical field names; adapters map their own columns), and
the cells as written, for the rejects file. A problem with the whole file (an
unknown column, an undecodable byte, broken JSON) raises HarmtrackError; a
problem with one row travels on the row, so `--skip-invalid` can go on.

This module imports no reader: the canonical readers (readers.py) and the
dataset adapters (acled.py, ucdp.py) build on it, and open.py picks one.
"""

import codecs
import csv
import hashlib
import io
import itertools
import os
import re
import shutil
import sys
import tempfile
import weakref
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, BinaryIO, ClassVar, cast

from harmtrack import dates
from harmtrack.errors import FieldError, HarmtrackError, UsageError
from harmtrack.io.formats import ImportFormat

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

    from harmtrack.vocab import Vocabularies

CHUNK = 1 << 16
STDIN_IN_MEMORY = 16 << 20
DELIMITERS = (",", ";", "\t")

csv.field_size_limit(1 << 24)


@dataclass(slots=True)
class Row:
    """One record's worth of input."""

    location: str
    raw: dict[str, object] | None
    cells: list[str]
    error: str | None = None
    warnings: Sequence[str] = ()
    # Why a dataset now leaves this event out (reclassified, no civilian deaths):
    # a stored incident with the row's uid is marked discounted for it.
    out_of_scope: str | None = None


class Source:
    """The bytes of an import: a file or stdin, hashed as they are read."""

    def __init__(self, name: str, binary: BinaryIO, size: int | None, *, owned: bool = True):
        self.name = name
        self.size = size
        self.digest = hashlib.sha256()
        self.bytes_read = 0
        self._raw = binary
        self._owned = owned  # closed with the Source
        self.stream = io.BufferedReader(_Hashing(self), CHUNK)

    @classmethod
    def open(cls, path: str) -> "Source":
        """The file at `path`, or standard input for "-". Either can be opened
        again: an import may need a second pass over its input (see
        dates.DateOrder), so standard input is kept in a spool."""
        if path == "-":
            spool = _stdin_spool()
            spool.seek(0, io.SEEK_END)
            size = spool.tell()
            spool.seek(0)
            return cls("<stdin>", cast(BinaryIO, spool), size, owned=False)
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
        if self._owned:
            self._raw.close()


_SPOOLS: "weakref.WeakKeyDictionary[BinaryIO, tempfile.SpooledTemporaryFile[bytes]]" = weakref.WeakKeyDictionary()


def _stdin_spool() -> tempfile.SpooledTemporaryFile[bytes]:
    """Standard input, read once: in memory up to STDIN_IN_MEMORY, then in a
    private temporary file that disappears with it. Kept per stdin object, so
    a test runner that swaps stdin gets each input's own spool."""
    stdin = sys.stdin.buffer
    spool = _SPOOLS.get(stdin)
    if spool is None:
        spool = _SPOOLS[stdin] = tempfile.SpooledTemporaryFile(max_size=STDIN_IN_MEMORY)  # noqa: SIM115
        shutil.copyfileobj(stdin, spool, CHUNK)
    return spool


class _Hashing(io.RawIOBase):
    def __init__(self, source: Source):
        self._source = source

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: "WriteableBuffer") -> int:
        with memoryview(buffer) as view:
            data = self._source._raw.read(len(view))
            count = len(data)
            view[:count] = data
        self._source.digest.update(data)
        self._source.bytes_read += count
        return count


def text_lines(source: Source, encoding: str) -> Iterator[str]:
    """Decoded lines, line endings kept (the csv module needs them).

    ASCII-compatible encodings are decoded line by line; others (UTF-16,
    UTF-32) a chunk at a time, split as TextIOWrapper(newline="") would. Either
    way a decode error names its exact line, and so does a lone surrogate
    (UTF-7 can encode one): it is no text, and could be neither stored nor
    written out.
    """
    if encoding in ("utf-8", "utf-8-sig"):
        return _utf8_lines(source, encoding)
    return _checked_lines(source, encoding)


def _checked_lines(source: Source, encoding: str) -> Iterator[str]:
    lines = _ascii_lines(source, encoding) if _ascii_compatible(encoding) else _wide_lines(source, encoding)
    for number, text in enumerate(lines, 1):
        surrogate = SURROGATE.search(text)
        if surrogate:
            shown = "utf-8" if encoding == "utf-8-sig" else encoding
            raise HarmtrackError(
                f"{source.name}:{number}: cannot be read as {shown}: it decodes to {lone_surrogate(surrogate[0])}"
            )
        yield text


def decode_all(name: str, data: bytes, encoding: str) -> str:
    """All of `data` as text (extract reads a whole news text), held to the rules of `text_lines`: a byte
    the encoding cannot read, or a lone surrogate, is a HarmtrackError naming its line. `encoding` is one
    `open.check_encoding` gave."""
    return "".join(text_lines(Source(name, io.BytesIO(data), len(data)), encoding))


def _utf8_lines(source: Source, encoding: str) -> Iterator[str]:
    """The lines of UTF-8 text, each decoded on its own: a line ends at a \\n
    byte, which is never part of a multi-byte character, so no decoder state
    crosses a line end, and strict UTF-8 never decodes to a lone surrogate.
    The same lines and errors as _checked_lines, at C speed (the import of a
    large file reads its lines here)."""
    stream, number = source.stream, 1
    try:
        first = stream.readline()
        if not first:
            return
        yield first.decode(encoding)  # utf-8-sig drops a byte-order mark at the start
        for number, line in enumerate(stream, 2):  # noqa: B007 - the line an error names
            yield line.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _decode_error(source.name, number, encoding, error) from None


def _ascii_lines(source: Source, encoding: str) -> Iterator[str]:
    decode = codecs.getincrementaldecoder(encoding)().decode
    number = 0
    for number, line in enumerate(source.stream, 1):
        try:
            yield decode(line)
        except UnicodeError as error:
            raise _decode_error(source.name, number, encoding, error) from None
    try:
        decode(b"", final=True)
    except UnicodeError as error:
        raise _decode_error(source.name, number, encoding, error) from None


_LINE_END = re.compile(r"\r\n|\r|\n")


def _wide_lines(source: Source, encoding: str) -> Iterator[str]:
    """The lines of an encoding whose line ends are not the ASCII bytes, read a chunk at a time."""
    decoder = codecs.getincrementaldecoder(encoding)()
    number = 1  # the line being read
    parts: list[str] = []  # its text so far
    carriage = False  # it ends with a \r, perhaps the first half of a \r\n split between chunks
    final = False
    while not final:
        data = source.stream.read(CHUNK)
        final = not data
        state = decoder.getstate()
        try:
            text = decoder.decode(data, final)
        except UnicodeError as error:
            before = "".join(parts) + ("\r" if carriage else "") + _decoded_before(encoding, state, data, error)
            raise _decode_error(source.name, number + len(_LINE_END.findall(before)), encoding, error) from None
        if carriage and (text or final):
            carriage = False
            if text.startswith("\n"):
                parts.append("\r\n")
                text = text[1:]
            else:
                parts.append("\r")
            yield "".join(parts)
            parts, number = [], number + 1
        start = 0
        for end in _LINE_END.finditer(text):
            if end[0] == "\r" and end.end() == len(text) and not final:
                parts.append(text[start : end.start()])
                carriage, start = True, len(text)
                break
            parts.append(text[start : end.end()])
            yield "".join(parts)
            parts, number, start = [], number + 1, end.end()
        if start < len(text):
            parts.append(text[start:])
    rest = "".join(parts)
    if rest:
        yield rest


def _decoded_before(encoding: str, state: tuple[bytes, int], data: bytes, error: UnicodeError) -> str:
    """The text of `data` before a decode error, decoded again from the decoder's `state` before it."""
    if not isinstance(error, UnicodeDecodeError):
        return ""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        decoder.setstate(state)
        return decoder.decode(data[: max(0, error.start - len(state[0]))])
    except (UnicodeError, ValueError, TypeError):
        return ""


SURROGATE = re.compile(r"[\ud800-\udfff]")
_LONE = "lone surrogate, which is not text"


def lone_surrogate(char: str) -> str:
    """What is wrong with a lone surrogate: "a lone surrogate \\ud800, which is not text"."""
    return f"a lone surrogate {_escape(char)}, which is not text"


def without_surrogates(text: str) -> str:
    """`text` with each lone surrogate written as its escape, so it can be written out as UTF-8."""
    return SURROGATE.sub(lambda match: _escape(match[0]), text)


def _escape(char: str) -> str:
    return f"\\u{ord(char):04x}"


def _ascii_compatible(encoding: str) -> bool:
    try:
        return "\n,;\tA".encode("utf-8" if encoding == "utf-8-sig" else encoding) == b"\n,;\tA"
    except UnicodeError:
        return False


def _decode_error(name: str, line: int, encoding: str, error: UnicodeError) -> HarmtrackError:
    shown = "utf-8" if encoding == "utf-8-sig" else encoding
    if not isinstance(error, UnicodeDecodeError):
        if "does not start with BOM" in str(error):  # UTF-16 or UTF-32 without a byte-order mark
            return HarmtrackError(
                f"{name}:{line}: cannot be read as {shown}: it does not start with a byte-order mark; "
                f"pass --encoding {shown}-le or --encoding {shown}-be"
            )
        return HarmtrackError(f"{name}:{line}: cannot be read as {shown}: {error}")
    if _ascii_compatible(encoding):
        what = f"byte 0x{error.object[error.start : error.start + 1].hex()}"
    else:
        # UTF-16 and UTF-32 fail on a unit of several bytes: show them, and why
        unit = error.object[error.start : error.end]
        units = unit.hex(" ")
        utf16_surrogate = encoding.startswith("utf-16") and any(0xD8 <= byte <= 0xDF for byte in unit)
        if "surrogate" in error.reason or utf16_surrogate:  # the file is in this encoding, but broken
            return HarmtrackError(f"{name}:{line}: cannot be read as {shown}: bytes {units} are a {_LONE}")
        what = f"{error.reason}: bytes {units}"
    return HarmtrackError(
        f"{name}:{line}: cannot be read as {shown} ({what}); "
        "pass --encoding with the file's encoding, e.g. --encoding cp1252 or --encoding cp1251"
    )


class CsvRows:
    """Rows of a delimited text file, as dicts of column -> cell.

    The delimiter is `,`, `;` or tab, whichever the header uses most.
    """

    def __init__(self, source: Source, encoding: str):
        self.source = source
        lines = text_lines(source, encoding)
        first = next(lines, None)
        if first is None or not first.strip():
            raise HarmtrackError(f"{source.name}: the file is empty; a CSV import needs at least a header line")
        counts = {delimiter: first.count(delimiter) for delimiter in DELIMITERS}
        delimiter = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
        self._reader = csv.reader(itertools.chain((first,), lines), delimiter=delimiter, strict=True)
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
        """(first line of the row, cells, problem) per non-blank row. A row of
        HXL hashtags under the header (`export --hxl`, HDX's datasets) is not data."""
        reader, width, name = self._reader, len(self.columns), self.source.name
        last = reader.line_num
        under_header = True
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
            if under_header:
                under_header = False
                if _is_hashtag_row(cells):
                    continue
            problem = None
            if len(cells) != width:
                problem = f"{len(cells)} cells, but the header has {width} columns"
            yield line, cells, problem


_HASHTAG = re.compile(r"#[a-z][a-z0-9_]*(?:\s*[+-][a-z][a-z0-9_]*)*", re.IGNORECASE)


def _is_hashtag_row(cells: list[str]) -> bool:
    """Whether a row holds HXL hashtags (https://hxlstandard.org): every
    filled cell a hashtag with attributes (#affected+killed), at least one."""
    filled = [cell.strip() for cell in cells if cell.strip()]
    return bool(filled) and all(_HASHTAG.fullmatch(cell) for cell in filled)


class Reader(ABC):
    """What an import reads from every reader, whatever the format.

    `columns` are the input's columns as written (the header of the rejects
    file); `column_of` names the input column a record field came from, for
    error messages, where the two differ; `left_out` counts the rows a
    dataset adapter's filter passed over, and `left_out_note` says which.
    """

    format: ClassVar[ImportFormat]
    column_of: ClassVar[Mapping[str, str]] = {}
    left_out_note: ClassVar[str] = ""
    columns: Sequence[str]

    def __init__(self, source: Source):
        self.source = source
        self.left_out = 0

    @abstractmethod
    def rows(self, vocab: "Vocabularies") -> Iterator[Row]:
        """The input's rows, one at a time, in order."""


class DatasetReader(Reader):
    """What the dataset adapters (ACLED, UCDP GED) share: a CSV export whose
    columns are found by name, checked for the ones the mapping needs, its
    numeric dates read through the import's one `DateOrder`, and the events
    the adapter's default filter passes over yielded as out-of-scope rows.

    `left_out` stays 0 here: the import pipeline counts the out-of-scope rows
    that match no stored incident."""

    dataset: ClassVar[str]  # the export's name, for the error message
    required: ClassVar[tuple[str, ...]]

    def __init__(self, source: Source, encoding: str, *, order: dates.DateOrder, all_events: bool = False):
        super().__init__(source)
        self.csv = CsvRows(source, encoding)
        missing = [name for name in self.required if name not in self.csv.columns]
        if missing:
            raise HarmtrackError(
                f"{source.name}:1: not {self.dataset} export: no column {', '.join(repr(name) for name in missing)}"
            )
        self.columns = self.csv.header
        self.all_events = all_events
        self.order = order
        self.today = date.today()

    def read_date(self, location: str, column: str, text: str) -> tuple[date, str]:
        """(date, precision) of a row's date cell, read in the file's order.

        A date that cannot be read is a FieldError on `column` (a row error);
        a DateOrderConflict is the whole file's problem and propagates."""
        self.order.where = location
        try:
            return self.order.parse(text, today=self.today)
        except dates.DateOrderConflict:
            raise
        except dates.DateError as error:
            raise FieldError(column, text, str(error), cause=error) from None


_CITY_DISTRICT = re.compile(r"\s+[-\u2013\u2014]\s+")


def split_city_district(name: str) -> tuple[str, str | None]:
    """("Donetsk", "Petrovskyi") for "Donetsk - Petrovskyi", the way ACLED
    (and GED's place names) write a part of a city; (name, None) otherwise.

    Only a dash with space on both sides separates: a hyphen inside a name
    ("Kamianka-Dniprovska", "Stepano-Krynka") is part of the name."""
    text = name.strip()
    parts = _CITY_DISTRICT.split(text, maxsplit=1)
    if len(parts) == 2 and parts[0].strip() and parts[1].strip():
        return parts[0].strip(), parts[1].strip()
    return text, None

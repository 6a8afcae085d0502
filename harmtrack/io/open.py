"""Opening an import file: check the encoding, detect the format, pick the reader.

The one module that knows every reader: canonical, adapter, and a file read
through a mapping (mapping.py).
"""

import codecs
from pathlib import Path
from typing import TYPE_CHECKING

from harmtrack.dates import DateOrder
from harmtrack.errors import UsageError
from harmtrack.io.acled import AcledReader
from harmtrack.io.base import Reader, Source
from harmtrack.io.formats import ImportFormat
from harmtrack.io.readers import CanonicalCsv, JsonLines, JsonList
from harmtrack.io.ucdp import UcdpReader

if TYPE_CHECKING:
    from harmtrack.io.mapping import MappingFile


def open_reader(
    path: str,
    fmt: ImportFormat | None,
    encoding: str | None,
    *,
    all_events: bool = False,
    order: DateOrder | None = None,
    mapping: "MappingFile | None" = None,
) -> Reader:
    """The reader for an import file; raises before any database is touched.

    `all_events` and `order` (how to read numeric dates) apply to the dataset
    adapters, which read their own date columns; the canonical readers and a
    `mapping`'s reader (whose format the mapping says) leave dates to
    model.validate, which the import gives the same order.
    """
    codec = check_encoding(encoding)
    source = Source.open(path)
    try:
        if mapping is not None:
            from harmtrack.io.mapping import MappedReader

            return MappedReader(source, codec, mapping)
        if fmt is None:
            fmt = detect_format(path, source)
        if fmt is ImportFormat.csv:
            return CanonicalCsv(source, codec)
        if fmt is ImportFormat.json:
            return JsonList(source, codec)
        if fmt is ImportFormat.jsonl:
            return JsonLines(source, codec)
        if fmt is ImportFormat.acled:
            return AcledReader(source, codec, all_events=all_events, order=order or DateOrder())
        return UcdpReader(source, codec, all_events=all_events, order=order or DateOrder())
    except BaseException:
        source.close()
        raise


# Codecs Python counts as text encodings that no file of records is written in: domain names (idna,
# punycode), Python's string escapes (which make lone surrogates of "\\ud800"), and one that fails on
# everything.
NOT_FOR_FILES = frozenset({"idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined"})
EXAMPLES = "e.g. utf-8, cp1251, cp1252, latin-1"


def check_encoding(encoding: str | None) -> str:
    """The codec to read with; UTF-8 (with or without a BOM) unless told. A name that is no text encoding
    for files (rot13, base64, hex, zlib: codecs from bytes to bytes or from text to text) is a UsageError.
    `extract --encoding` is checked here too."""
    if encoding is None:
        return "utf-8-sig"
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise UsageError(f"option --encoding: '{encoding}' is not an encoding Python knows ({EXAMPLES})") from None
    try:
        b"A".decode(name)  # refused for a codec that is no text encoding (b"" is not even looked at)
    except LookupError:
        raise UsageError(f"option --encoding: '{encoding}' is not a text encoding; {EXAMPLES}") from None
    except UnicodeError:
        pass  # a text encoding that cannot read one byte alone (UTF-16)
    if name in NOT_FOR_FILES:
        raise UsageError(f"option --encoding: '{encoding}' is not an encoding for files; {EXAMPLES}")
    return "utf-8-sig" if name == "utf-8" else name


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

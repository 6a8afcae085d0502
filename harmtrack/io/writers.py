"""Records out, streamed: the canonical CSV, JSON (a top-level list) and JSONL.

`list`, `show` and `export` all write records through here, so each format
has one written form.
"""

import json
from collections.abc import Iterable
from typing import TextIO

from harmtrack.io.canonical import write_csv
from harmtrack.model import to_json


def _item(record: dict, with_id: bool) -> dict:
    return {"id": record["id"], **to_json(record)} if with_id else to_json(record)


def write_json(records: Iterable[dict], stream: TextIO, *, with_id: bool = False) -> int:
    """A top-level list, item by item: the same bytes as json.dump(list, indent=2)."""
    count = 0
    for record in records:
        item = json.dumps(_item(record, with_id), ensure_ascii=False, indent=2).replace("\n", "\n  ")
        stream.write(("[\n  " if count == 0 else ",\n  ") + item)
        count += 1
    stream.write("\n]\n" if count else "[]\n")
    return count


def write_jsonl(records: Iterable[dict], stream: TextIO, *, with_id: bool = False) -> int:
    count = 0
    for record in records:
        stream.write(json.dumps(_item(record, with_id), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_records(
    records: Iterable[dict], fmt: str, stream: TextIO, *, excel_safe: bool = False, with_id: bool = False
) -> int:
    """Write records as csv, json or jsonl; returns how many were written.
    `with_id` puts the stored id first (`list`: a script can then name the
    record to `show`, `edit` or `delete`; `import` ignores the column).

    GeoJSON, which leaves out incidents without coordinates and says how many,
    is written by geojson.write_geojson."""
    if fmt == "csv":
        return write_csv(records, stream, neutralise_formulas=excel_safe, with_id=with_id)
    if fmt == "json":
        return write_json(records, stream, with_id=with_id)
    if fmt == "jsonl":
        return write_jsonl(records, stream, with_id=with_id)
    raise ValueError(f"not a record format: {fmt}")

"""`export --format datapackage`: the records as a Frictionless Data Package.

A folder with four files (datapackage.org, version 2):

- `incidents.csv`: the canonical CSV, byte for byte what `export --format csv`
  writes (so `harmtrack import` reads it back);
- `damaged.csv` and `sources.csv`: the two list fields in long form, one row
  per damaged site or source, keyed by the incident's uid and the item's
  position in its list (a site may repeat: two private houses are two sites);
- `datapackage.json`: what every column means and may hold. Each field has
  its type, a title and a description from the record's definitions (fields.py),
  its constraints (counts are whole numbers from 0; weapon, site kind,
  status and date precision take the values of this database's vocabulary),
  `missingValues: [""]` (an empty cell is unknown, never zero), and the keys:
  uid is the primary key of incidents, (incident_uid, position) of the two
  long tables, whose incident_uid refers to incidents. Each file's size and
  sha256 are recorded, so a reader can tell a truncated or altered copy.

With HXL hashtags (`--hxl`) the second row of each CSV holds them; the
dialect declares that row (`commentRows: [2]`), so the field names stay the
column names and the package validates the same with or without it.

Nothing here needs the `frictionless` library: the descriptor is plain JSON.
`check()` runs frictionless' own validation when it is installed.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from harmtrack import __version__, dates
from harmtrack.errors import HarmtrackError
from harmtrack.fields import DEFINITIONS, described
from harmtrack.io.canonical import LfLines, record_cells, write_cell_rows
from harmtrack.io.hxl import hashtag_row
from harmtrack.model import COUNT_FIELDS, FIELDS, MAX_COUNT, STATUSES

if TYPE_CHECKING:
    from harmtrack.publication import About
    from harmtrack.store.contract import Filters, VocabularyRows

DESCRIPTOR = "datapackage.json"
INCIDENTS = "incidents.csv"
DAMAGED = "damaged.csv"
SOURCES = "sources.csv"
DAMAGED_COLUMNS = ("incident_uid", "position", "kind", "name")
SOURCE_COLUMNS = ("incident_uid", "position", "url", "publisher", "published")
INSTALL_HINT = "pip install 'harmtrack[datapackage]'"

# What the package says of an incident field beyond its definition (harmtrack/fields.py).
NOTES = {
    "uid": "damaged.csv and sources.csv refer to it.",
    "weapon": "The categories give each code's label.",
    "damaged": "damaged.csv has one row per site.",
    "sources": "sources.csv has one row per source, with its publisher and date.",
}
# Title and description of the columns of damaged.csv and sources.csv.
LONG_COLUMNS: dict[str, tuple[str, str]] = {
    "incident_uid": ("Incident identifier", "The uid of the incident in incidents.csv."),
    "position": ("Position", "The item's place in the incident's list, from 1."),
    "kind": ("Site kind", "The kind of site, a code of the site vocabulary (labels under categories)."),
    "name": ("Site name", "The site as named, e.g. school No. 5; empty when only its kind is known."),
    "url": ("Source", "The source's URL, or its citation where it has none (ACLED and UCDP name publishers)."),
    "publisher": ("Publisher", "Who published the source, where recorded."),
    "published": ("Published", "When the source was published, where recorded."),
}


@dataclass(frozen=True)
class Written:
    incidents: int
    sites: int
    sources: int


def write(
    records: Iterable[dict],
    folder: Path,
    vocabulary: VocabularyRows,
    *,
    filters: Filters,
    about: About,
    hxl: bool = False,
) -> Written:
    """Write the three tables and the descriptor into `folder` (an empty one)."""
    with (
        (folder / INCIDENTS).open("x", encoding="utf-8", newline="") as incidents,
        (folder / DAMAGED).open("x", encoding="utf-8", newline="") as damaged,
        (folder / SOURCES).open("x", encoding="utf-8", newline="") as sources,
    ):
        long_form = _LongForm(damaged, sources, hxl=hxl)
        rows: Iterable[list[str]] = long_form.incident_cells(records)
        if hxl:
            rows = itertools.chain([hashtag_row(FIELDS)], rows)
        written = write_cell_rows(rows, incidents) - (1 if hxl else 0)
    counts = Written(incidents=written, sites=long_form.sites, sources=long_form.sources)
    package = descriptor(folder, vocabulary, counts, filters=filters, hxl=hxl, about=about)
    with (folder / DESCRIPTOR).open("x", encoding="utf-8") as stream:
        json.dump(package, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    return counts


class _LongForm:
    """damaged.csv and sources.csv, written while incidents.csv streams past:
    one pass over the records, so the three files show the same moment."""

    def __init__(self, damaged: TextIO, sources: TextIO, *, hxl: bool):
        # The canonical CSV's dialect: LF line ends, and a cell with a carriage return quoted.
        self.site_rows = csv.writer(LfLines(damaged), lineterminator="\r\n")
        self.source_rows = csv.writer(LfLines(sources), lineterminator="\r\n")
        self.site_rows.writerow(DAMAGED_COLUMNS)
        self.source_rows.writerow(SOURCE_COLUMNS)
        if hxl:
            self.site_rows.writerow(hashtag_row(DAMAGED_COLUMNS))
            self.source_rows.writerow(hashtag_row(SOURCE_COLUMNS))
        self.sites = 0
        self.sources = 0

    def incident_cells(self, records: Iterable[dict]) -> Iterator[list[str]]:
        """Each record's canonical cells, its sites and sources written on the way."""
        for record in records:
            uid = record["uid"]
            for position, (kind, name) in enumerate(record["damaged"], 1):
                self.site_rows.writerow((uid, position, kind, name))
            for position, source in enumerate(record["sources"], 1):
                self.source_rows.writerow(
                    (uid, position, source["url"], source["publisher"] or "", source["published"] or "")
                )
            self.sites += len(record["damaged"])
            self.sources += len(record["sources"])
            yield record_cells(record)


def descriptor(
    folder: Path, vocabulary: VocabularyRows, counts: Written, *, filters: Filters, hxl: bool, about: About
) -> dict:
    """The datapackage.json of the tables written in `folder`."""
    weapons = [{"value": code, "label": label} for code, _, label in vocabulary.weapons]
    site_kinds = [{"value": code, "label": label} for code, label in vocabulary.site_kinds]
    package: dict = {
        "name": "harmtrack-incidents",
        "title": about.title,
        "description": _package_description(counts, filters, about),
        "created": datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "keywords": ["civilian harm", "armed conflict", "casualties", *(["HXL"] if hxl else [])],
    }
    licence = _named(about.licence, about.licence_url)
    if licence:
        package["licenses"] = [{"name": about.licence, **licence} if about.licence else licence]
    source = _named(about.source, about.source_url)
    if source:
        package["sources"] = [source]
    package["resources"] = [
        _resource(
            folder,
            INCIDENTS,
            "One row per incident: harmtrack's canonical CSV, as `harmtrack export --format csv` writes it "
            "and `harmtrack import` reads it.",
            _incident_schema(weapons),
            hxl,
        ),
        _resource(
            folder,
            DAMAGED,
            "One row per damaged site of an incident, in the order of its damaged list; a site may repeat "
            "(two private houses are two sites).",
            _long_schema(DAMAGED_COLUMNS, {"kind": _enum(site_kinds, required=True)}),
            hxl,
        ),
        _resource(
            folder,
            SOURCES,
            "One row per source of an incident, in the order of its sources list, with its publisher and "
            "publication date where recorded.",
            _long_schema(SOURCE_COLUMNS, {"url": {"constraints": {"required": True}}, "published": {"type": "date"}}),
            hxl,
        ),
    ]
    return package


def _package_description(counts: Written, filters: Filters, about: About) -> str:
    parts = [about.description] if about.description else []
    parts.append(
        f"{counts.incidents:,} incident{'' if counts.incidents == 1 else 's'}, "
        f"{counts.sites:,} damaged site{'' if counts.sites == 1 else 's'} and "
        f"{counts.sources:,} source{'' if counts.sources == 1 else 's'}, "
        f"exported by harmtrack {__version__} ({_selection(filters)})."
    )
    parts.append(
        "An empty cell is unknown, which is not zero. Each row of incidents.csv is one incident: reports of "
        "the same event that were merged are one row, whose ranges span the sources."
    )
    return " ".join(parts)


def _selection(filters: Filters) -> str:
    from harmtrack.publication import describe_filters

    options = describe_filters(filters)
    chosen = f"selected with {options}" if options else "no filter"
    return chosen if filters.statuses else f"{chosen}; every status, discounted included"


def _named(title: str | None, path: str | None) -> dict:
    """A licence or source of the package: its title and where it is, as given."""
    return {key: value for key, value in (("title", title), ("path", path)) if value}


def _resource(folder: Path, name: str, description: str, schema: dict, hxl: bool) -> dict:
    path = folder / name
    if hxl:
        description += (
            " Row 2 holds the HXL hashtag of each column (hxlstandard.org); the dialect marks it as a comment "
            "row, so it is not data."
        )
    resource: dict = {
        "name": name.removesuffix(".csv"),
        "type": "table",
        "path": name,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": path.stat().st_size,
        "hash": "sha256:" + _sha256(path),
        "description": description,
    }
    if hxl:
        resource["dialect"] = {"header": True, "headerRows": [1], "commentRows": [2]}
    resource["schema"] = schema
    return resource


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _field(name: str, **properties) -> dict:
    if name in DEFINITIONS:
        title, description = DEFINITIONS[name].title, described(name, note=NOTES.get(name, ""))
    else:
        title, description = LONG_COLUMNS[name]
    field = {"name": name, "title": title, "description": description, "type": "string"}
    field.update(properties)
    return field


def _enum(categories: list[dict], *, required: bool = False) -> dict:
    """A code of a vocabulary: the codes as the enum, their labels as categories (Table Schema 2)."""
    constraints: dict = {"required": True} if required else {}
    constraints["enum"] = [category["value"] for category in categories]
    return {"categories": categories, "constraints": constraints}


def _count() -> dict:
    return {"type": "integer", "constraints": {"minimum": 0, "maximum": MAX_COUNT}}


def _incident_schema(weapons: list[dict]) -> dict:
    properties: dict[str, dict] = {
        "uid": {"format": "uuid", "constraints": {"required": True, "unique": True}},
        "date": {"type": "date", "constraints": {"required": True}},
        "date_precision": {"constraints": {"required": True, "enum": list(dates.PRECISIONS)}},
        "latitude": {"type": "number", "constraints": {"minimum": -90, "maximum": 90}},
        "longitude": {"type": "number", "constraints": {"minimum": -180, "maximum": 180}},
        "weapon": _enum(weapons, required=True),
        "status": {"constraints": {"required": True, "enum": list(STATUSES)}},
        **{name: _count() for name in COUNT_FIELDS},
    }
    return {
        "fields": [_field(name, **properties.get(name, {})) for name in FIELDS],
        "missingValues": [""],
        "primaryKey": ["uid"],
    }


def _long_schema(columns: tuple[str, ...], specific: dict[str, dict]) -> dict:
    common: dict[str, dict] = {
        "incident_uid": {"format": "uuid", "constraints": {"required": True}},
        "position": {"type": "integer", "constraints": {"required": True, "minimum": 1}},
    }
    return {
        "fields": [_field(name, **{**common, **specific}.get(name, {})) for name in columns],
        "missingValues": [""],
        "primaryKey": ["incident_uid", "position"],
        "foreignKeys": [{"fields": ["incident_uid"], "reference": {"resource": "incidents", "fields": ["uid"]}}],
    }


def check(folder: Path) -> None:
    """Validate the package in `folder` with frictionless; raise HarmtrackError naming the first problems."""
    try:
        from frictionless import validate
    except ImportError:
        raise HarmtrackError(f"--validate needs the datapackage extra (frictionless): {INSTALL_HINT}") from None
    report = validate(str(folder / DESCRIPTOR))
    if report.valid:
        return
    problems = report.flatten(["type", "note"]) if report.tasks else []
    problems += [[error.type, error.note] for error in report.errors]
    shown = "; ".join(f"{kind}: {note}" for kind, note in problems[:3])
    more = f" (and {len(problems) - 3:,} more)" if len(problems) > 3 else ""
    raise HarmtrackError(f"the data package does not validate: {shown}{more}; nothing was written")

"""What the public sees: Datasette's metadata for a harmtrack database, and
the publication copy (`harmtrack publish`).

The metadata describes every column from the record's definitions
(harmtrack/fields.py), with its unit and what an empty value means; sets the
facets and the labels of the vocabularies' foreign keys; holds the canned
queries built in harmtrack/store/sqlite_published.py; and configures
datasette-cluster-map (its tile layer). It is in the format of Datasette 0.65's
metadata.json, which `datasette publish` and `datasette package` read as it is.

A publication copy leaves out what a team keeps for itself: the change log,
import batches, merges and the record snapshots they keep, the uids merged
away, dismissed duplicate pairs and duplicate checks, every alias table, the
vocabulary version record and the search index; from each incident its import
batch and its created/updated times. No author name remains, because every
column that holds one (changes.changed_by, import_batches.imported_by,
merges.merged_by, dismissed_pairs.dismissed_by) is in a table left out.
Coordinates are rounded (2 decimals by default, about 1 km), and discounted
incidents are left out unless asked for.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harmtrack.errors import HarmtrackError, UsageError
from harmtrack.fields import described
from harmtrack.model import SCALAR_FIELDS
from harmtrack.safe_folders import check_folder, staged

if TYPE_CHECKING:
    from harmtrack.store import Filters, Store

DATABASE_FILE = "harmtrack.db"
METADATA_FILE = "metadata.json"
SETTINGS_FILE = "settings.json"
# Datasette's settings: a map page asks for up to max_returned_rows markers at
# a time; the only facets are the ones the metadata names (suggesting others
# costs a query per column on every page: 1.8 s instead of 0.2 s for the map
# page at 100,000 incidents).
DATASETTE_SETTINGS = {
    "default_page_size": 100,
    "max_returned_rows": 1000,
    "sql_time_limit_ms": 3000,
    "suggest_facets": False,
}
README_FILE = "README.md"
DEFAULT_DECIMALS = 2
MAP_VIEW = "incident_map"
FACETS = ("city", "weapon", "status", "date_precision")
MAP_CONTAINER = ".metadata-description"  # where Datasette's table page shows a table's description
# A transparent 1x1 PNG: the tile layer of `--tiles none`, drawn without any request.
BLANK_TILE = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'

# What the tables a publication copy leaves out hold, for its README. A copy
# has only the tables it names (sqlite_published.PUBLISHED_TABLES): any other
# table of the team's database is left out, described here or not.
REMOVED_TABLES = {
    "changes": "the change log (who changed what, when, and why)",
    "import_batches": "import batches (file names, checksums, times, who imported)",
    "merges": "merges (who merged, when, and the records as they were before)",
    "incident_aliases": "the uids of reports merged into another incident",
    "dismissed_pairs": "pairs judged to be different events (who judged, when)",
    "duplicate_checks": "the record of duplicate checks",
    "place_aliases": "the team's place aliases",
    "weapon_aliases": "weapon aliases (the shipped ones and the team's own)",
    "site_kind_aliases": "site-kind aliases (the shipped ones and the team's own)",
    "vocabulary_versions": "the record of vocabulary updates",
    "incidents_search": "the full-text search index",
    "conflicts": "fields two copies of the database changed differently (who, when, what)",
    "pulls": "merges of field copies (from where, when, who)",
    "_sqlite_migrations": "the record of schema changes",
}
# What the metadata says of an incident column beyond its definition (harmtrack/fields.py).
COLUMN_NOTES = {"weapon": "See the weapons table."}
REMOVED_COLUMNS = {
    "incidents": {
        "batch_id": "the import that created the record",
        "created_at": "when the record was created",
        "updated_at": "when the record was last changed",
    }
}

INCIDENT_COLUMNS = {
    "id": "Incident number in this database.",
    **{
        name: described(name, note=COLUMN_NOTES.get(name, ""), unknown="unknown, which is not 0")
        for name in SCALAR_FIELDS
    },
    "batch_id": "The import that created the record (import_batches.id); empty when it was added by hand.",
    "created_at": "When the record was created (UTC, ISO 8601).",
    "updated_at": "When the record was last changed (UTC, ISO 8601).",
}
TABLES = {
    "incidents": (
        "One row per incident of civilian harm; reports of one event merged into one incident are one row.",
        INCIDENT_COLUMNS,
    ),
    "damaged_sites": (
        "The sites each incident damaged, one row per site (two private houses are two rows).",
        {
            "id": "Row number.",
            "incident_id": "The incident (incidents.id).",
            "position": "Order of the site in the incident's list, from 0.",
            "kind": "Site kind (see the site_kinds table).",
            "name": "The site as named in the source.",
        },
    ),
    "sources": (
        "Where each incident was reported, one row per source.",
        {
            "id": "Row number.",
            "incident_id": "The incident (incidents.id).",
            "position": "Order of the source in the incident's list, from 0.",
            "url": "The source's URL, or a citation where it has none.",
            "publisher": "Who published it. Empty means not recorded.",
            "published": "When it was published (YYYY-MM-DD). Empty means not recorded.",
        },
    ),
    "weapons": (
        "The weapon families, each with its delivery class.",
        {"code": "Weapon family code.", "delivery_class": "Delivery class code.", "label": "What it means."},
    ),
    "delivery_classes": (
        "How weapons are delivered: the roll-up of weapon families.",
        {"code": "Delivery class code.", "label": "What it means."},
    ),
    "site_kinds": ("The kinds of damaged site.", {"code": "Site kind code.", "label": "What it covers."}),
    MAP_VIEW: (
        "The incidents with coordinates that count in the totals (discounted ones left out), on a map; "
        "each marker's popup gives the date, the place, the weapon, killed and injured.",
        {
            **{
                name: INCIDENT_COLUMNS[name]
                for name in (
                    "id",
                    "date",
                    "date_precision",
                    "city",
                    "place",
                    "weapon",
                    "killed",
                    "injured",
                    "status",
                    "latitude",
                    "longitude",
                )
            },
            "popup": "The marker's popup (JSON): title (date and place), description (weapon, killed, injured; "
            "'unknown' where the figure is unknown) and a link to the incident.",
        },
    ),
    "publication": (
        "About this publication copy: when it was made, what it holds and what was left out.",
        {
            "published_at": "When the copy was made (UTC).",
            "incidents": "Incidents in the copy.",
            "filters": "The filters the copy was made with.",
            "coordinates": "How coordinates were rounded.",
            "statuses": "Which statuses the copy holds.",
            "removed": "What the copy leaves out of the team's database.",
        },
    ),
}
_COUNTED = (
    "Incidents of every status but discounted, each once (reports merged into one incident count once). "
    "killed, injured and the children's figures sum the known figures (empty when none is known); the "
    "*_unknown columns count the incidents whose figure is unknown, which is not 0."
)
QUERIES = {
    "by_city": ("Totals by city", f"The figures of `harmtrack report city`. {_COUNTED} An empty city: none recorded."),
    "by_weapon": ("Totals by weapon family", f"The figures of `harmtrack report weapon`. {_COUNTED}"),
    "by_month": (
        "Totals by month",
        f"The figures of `harmtrack report timeline --period month`, in time order. {_COUNTED} "
        "An incident known only to the year keeps its year (2024); months without incidents are zero rows.",
    ),
    "by_site_kind": (
        "Damaged sites by kind",
        "The figures of `harmtrack report sites`: per site kind, the incidents that damaged one and the sites "
        "damaged. Discounted incidents left out.",
    ),
}


@dataclass(frozen=True)
class About:
    """What the person publishing says about the data, and the map's tiles."""

    title: str = "Civilian harm incidents"
    description: str | None = None
    licence: str | None = None
    licence_url: str | None = None
    source: str | None = None
    source_url: str | None = None
    tiles: str | None = None  # a tile URL template, "none", or None for OpenStreetMap's
    tile_attribution: str | None = None


def metadata(database: str, about: About, *, publication: bool = False) -> dict:
    """Datasette's metadata for the database named `database` (its file name
    without the extension): a team's database, or a publication copy (only
    the tables and columns it has)."""
    from harmtrack.store.sqlite_published import PUBLISHED_TABLES, canned_queries

    removed = REMOVED_COLUMNS if publication else {}
    described = {
        name: {
            "description": description,
            "columns": {column: text for column, text in columns.items() if column not in removed.get(name, {})},
            **({"facets": list(FACETS)} if name == "incidents" else {}),
            **({"sort_desc": "date"} if name == "incidents" else {}),
            # The team's database has a full-text index of the incidents (migration 0014): a search box.
            **({"fts_table": "incidents_search", "fts_pk": "id"} if name == "incidents" and not publication else {}),
            **({"label_column": "label"} if name in ("weapons", "delivery_classes", "site_kinds") else {}),
        }
        for name, (description, columns) in TABLES.items()
        if not publication or name in (*PUBLISHED_TABLES, MAP_VIEW)
    }
    tiles = tile_config(about.tiles, about.tile_attribution)
    if MAP_VIEW in described:
        # The map right under the view's description, above the column list
        # (table-level plugin settings replace the top-level ones, so the tiles repeat).
        described[MAP_VIEW]["plugins"] = {"datasette-cluster-map": {**tiles, "container": MAP_CONTAINER}}
    queries = {
        name: {"sql": sql, "title": QUERIES[name][0], "description": QUERIES[name][1]}
        for name, sql in canned_queries().items()
    }
    site: dict[str, object] = {"title": about.title}
    for key, value in (
        ("description", about.description),
        ("license", about.licence),
        ("license_url", about.licence_url),
        ("source", about.source),
        ("source_url", about.source_url),
    ):
        if value:
            site[key] = value
    return {
        **site,
        "databases": {database: {"tables": described, "queries": queries}},
        "plugins": {"datasette-cluster-map": tiles},
    }


def tile_config(tiles: str | None, attribution: str | None) -> dict:
    """datasette-cluster-map's tile layer: OpenStreetMap's by default, any
    {z}/{x}/{y} URL template (a local tile server for offline work), or
    "none": a blank background that requests nothing. Markers show whatever
    the tiles do: they need no tile to load."""
    if tiles is None:
        return {"tile_layer_options": {"maxZoom": 19, "attribution": attribution or OSM_ATTRIBUTION}}
    if tiles.strip().lower() == "none":
        return {"tile_layer": BLANK_TILE, "tile_layer_options": {"maxZoom": 19, "attribution": attribution or ""}}
    if not all(part in tiles for part in ("{z}", "{x}", "{y}")):
        raise UsageError(
            f"option --tiles: '{tiles}' is not a tile URL template; give one with {{z}}, {{x}} and {{y}} "
            "(e.g. http://localhost:8080/{z}/{x}/{y}.png) or 'none'"
        )
    return {"tile_layer": tiles, "tile_layer_options": {"maxZoom": 19, "attribution": attribution or ""}}


# --- the publication copy ----------------------------------------------------


@dataclass(frozen=True)
class Published:
    folder: Path
    incidents: int


def publish(
    store: Store,
    filters: Filters,
    folder: Path,
    *,
    decimals: int = DEFAULT_DECIMALS,
    include_discounted: bool = False,
    about: About = About(),
) -> Published:
    """Write the publication copy of the incidents `filters` select into
    `folder` (new, or empty): the database, Datasette's metadata and a README.
    Everything is written in a hidden folder beside it that takes the name
    at the end, so a failure leaves no half-made copy. The files are for the
    public: readable by all, unlike the team's database."""
    from harmtrack.reports import counted
    from harmtrack.store.sqlite_published import map_view_sql, write_publication

    check_folder(folder, database=store.path, replace=False, no_force="publish")
    chosen = counted(filters, include_discounted=include_discounted)
    left_out = _left_out(store)
    stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
    with staged(folder) as partial:
        partial.chmod(0o755)
        written = write_publication(
            partial / DATABASE_FILE,
            vocabulary=store.vocabulary(),
            incidents=_rounded(store.select(chosen), decimals),
            about={
                "published_at": stamp,
                "filters": describe_filters(filters) or "none",
                "coordinates": f"rounded to {decimals} decimal{'s' if decimals != 1 else ''}",
                "statuses": ", ".join(chosen.statuses) if chosen.statuses else "all, discounted included",
                "removed": ", ".join([*left_out, *(f"incidents.{name}" for name in REMOVED_COLUMNS["incidents"])]),
            },
            map_view_sql=map_view_sql(),
        )
        meta = metadata(Path(DATABASE_FILE).stem, about, publication=True)
        (partial / METADATA_FILE).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        (partial / SETTINGS_FILE).write_text(json.dumps(DATASETTE_SETTINGS, indent=2) + "\n", encoding="utf-8")
        (partial / README_FILE).write_text(
            readme(written, filters, chosen, decimals, stamp, about, left_out), encoding="utf-8"
        )
    return Published(folder=folder, incidents=written)


def _left_out(store: Store) -> list[str]:
    """The tables of the team's database that the copy does not have."""
    from harmtrack.store.sqlite_published import PUBLISHED_TABLES, table_names

    present = table_names(store.path) if store.path is not None else list(REMOVED_TABLES)
    return [name for name in present if name not in PUBLISHED_TABLES]


def _rounded(records: Iterator[dict], decimals: int) -> Iterator[dict]:
    for record in records:
        if record["latitude"] is not None:
            record = {
                **record,
                "latitude": round(record["latitude"], decimals) + 0.0,
                "longitude": round(record["longitude"], decimals) + 0.0,
            }
        yield record


def describe_filters(filters: Filters) -> str:
    """The filters as the options that give them, e.g. `--since 2024-01-01 --city Kharkiv`."""
    parts = []
    for name in ("since", "until", "country", "region", "city", "weapon", "search"):
        value = getattr(filters, name)
        if value:
            parts.append(f"--{name} {json.dumps(value, ensure_ascii=False) if ' ' in value else value}")
    parts += [f"--status {status}" for status in filters.statuses]
    return " ".join(parts)


def readme(
    written: int, given: Filters, chosen: Filters, decimals: int, stamp: str, about: About, left_out: list[str]
) -> str:
    """The README of a publication copy: what it is, what was left out, how to serve and deploy it."""
    # counted() leaves statuses empty (every status) when discounted ones are included
    kept = "every status but discounted" if chosen.statuses else "every status, discounted ones included"
    if given.statuses:
        kept = "statuses " + ", ".join(given.statuses)
    removed_tables = "\n".join(
        f"- `{name}`: {REMOVED_TABLES.get(name, 'a table the team keeps for itself')}" for name in sorted(left_out)
    )
    removed_columns = "\n".join(
        f"- `{table}.{column}`: {why}" for table, columns in REMOVED_COLUMNS.items() for column, why in columns.items()
    )
    filters = describe_filters(given)
    licence = about.licence or "not stated (say it with `harmtrack publish --licence`)"
    return f"""# {about.title}

A publication copy made by `harmtrack publish` on {stamp}: {written:,} incident{"s" if written != 1 else ""}
({kept}{f"; filters {filters}" if filters else ""}). Licence: {licence}.

- `{DATABASE_FILE}`: the incidents, their damaged sites and sources, the weapon and site-kind
  vocabularies, the map view `{MAP_VIEW}`, and the table `publication` (this summary).
- `{METADATA_FILE}`: Datasette's metadata: every column described, facets, the canned queries
  `by_city`, `by_weapon`, `by_month` and `by_site_kind` (the figures of `harmtrack report`), and the map.
- `{SETTINGS_FILE}`: Datasette's settings (no suggested facets, which would slow every page).

Unknown is not zero: an empty figure means unknown, and the totals count unknown figures apart.

## What was changed and removed

Coordinates are rounded to {decimals} decimal{"s" if decimals != 1 else ""} (2 decimals is about 1 km):
a marker shows the neighbourhood, not the building, to protect the people who filmed or reported it.

Left out of the team's database, with every author name they hold:

{removed_tables}

Left out of each incident:

{removed_columns}

## Look at it

    harmtrack serve <this folder>
    datasette serve -i {DATABASE_FILE} --metadata {METADATA_FILE} --setting suggest_facets off   # Datasette alone

Deploy it unchanged with Datasette (the map needs its plugin):

    datasette publish cloudrun {DATABASE_FILE} --metadata {METADATA_FILE} --install datasette-cluster-map \\
        --extra-options "--setting suggest_facets off" --service civilian-harm
    datasette package {DATABASE_FILE} --metadata {METADATA_FILE} --install datasette-cluster-map \\
        --extra-options "--setting suggest_facets off" --tag civilian-harm
"""


def with_overrides(meta: dict, about: About, given: set[str]) -> dict:
    """A publication's metadata with the options a person gave to `serve` (by
    About field name in `given`) put over what it says."""
    keys = {
        "title": "title",
        "description": "description",
        "licence": "license",
        "licence_url": "license_url",
        "source": "source",
        "source_url": "source_url",
    }
    import copy

    updated = copy.deepcopy(meta)
    for field, key in keys.items():
        if field in given:
            updated[key] = getattr(about, field)
    if given & {"tiles", "tile_attribution"}:
        tiles = tile_config(about.tiles, about.tile_attribution)
        updated["plugins"] = {**(updated.get("plugins") or {}), "datasette-cluster-map": tiles}
        for database in (updated.get("databases") or {}).values():
            view = (database.get("tables") or {}).get(MAP_VIEW)
            if view is not None:
                view["plugins"] = {"datasette-cluster-map": {**tiles, "container": MAP_CONTAINER}}
    return updated


def read_metadata(path: Path) -> dict:
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise HarmtrackError(f"{path}: not readable as Datasette metadata (JSON): {error}") from None
    if not isinstance(meta, dict):
        raise HarmtrackError(f"{path}: Datasette metadata must be a JSON object")
    return meta


def about_from(options: dict[str, str | None]) -> tuple[About, set[str]]:
    """The About the options give over the config file's settings, and which fields were given."""
    from harmtrack import config

    given: dict[str, Any] = {name: value for name, value in config.publication().items() if name in options}
    given.update({name: value for name, value in options.items() if value is not None})
    return About(**given), set(given)

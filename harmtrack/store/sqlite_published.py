"""SQL for what harmtrack shows the public: Datasette's canned queries and the
publication copy.

The canned queries (`by_city`, `by_weapon`, `by_month`, `by_site_kind`) are
built from the report aggregates of report_sql.py, the same SQL text
`harmtrack report` runs, so the figures a browser shows cannot drift from the
report's: discounted incidents left out, each stored incident once (a merge
keeps one incident), and the unknown figures counted apart. They read only the
tables a publication copy keeps, so they give the same figures there.

A publication copy is a new SQLite file with the record's tables only
(incidents without their import batch and timestamps, damaged sites, sources,
the weapon and site-kind vocabularies without aliases), the map view of
its migration (NNNN_incident_map), and a one-row `publication` table saying what it holds.
Nothing of the change log, import batches, merges, aliases or author names
exists in it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path

from harmtrack.model import SCALAR_FIELDS, STATUSES
from harmtrack.store.contract import REPORT_COUNTS, Filters, VocabularyRows
from harmtrack.store.report_sql import AGGREGATES
from harmtrack.store.sqlite_reports import period_label_sql, report_where

MAP_VIEW_MIGRATION = "_incident_map"  # the name of the migration that makes the map view, after its number
ABOUT_TABLE = "publication"

# The columns of a published incident: the record's scalar fields, with the id
# that damaged sites and sources refer to.
INCIDENT_COLUMNS = ("id", *SCALAR_FIELDS)
ABOUT_COLUMNS = ("published_at", "incidents", "filters", "coordinates", "statuses", "removed")

_SCHEMA = """
CREATE TABLE delivery_classes (code TEXT PRIMARY KEY, label TEXT NOT NULL) STRICT;
CREATE TABLE weapons (
    code TEXT PRIMARY KEY,
    delivery_class TEXT NOT NULL REFERENCES delivery_classes (code),
    label TEXT NOT NULL
) STRICT;
CREATE TABLE site_kinds (code TEXT PRIMARY KEY, label TEXT NOT NULL) STRICT;
CREATE TABLE incidents (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    date TEXT NOT NULL,
    date_precision TEXT NOT NULL,
    country TEXT,
    region TEXT,
    city TEXT,
    district TEXT,
    place TEXT,
    latitude REAL,
    longitude REAL,
    weapon TEXT NOT NULL REFERENCES weapons (code),
    weapon_detail TEXT,
    perpetrator TEXT,
    killed INTEGER,
    killed_min INTEGER,
    killed_max INTEGER,
    injured INTEGER,
    injured_min INTEGER,
    injured_max INTEGER,
    children_killed INTEGER,
    children_injured INTEGER,
    status TEXT NOT NULL,
    description TEXT
) STRICT;
CREATE INDEX incidents_date ON incidents (date, uid);
CREATE INDEX incidents_city ON incidents (city);
CREATE INDEX incidents_weapon ON incidents (weapon);
CREATE TABLE damaged_sites (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    position INTEGER NOT NULL,
    kind TEXT NOT NULL REFERENCES site_kinds (code),
    name TEXT NOT NULL
) STRICT;
CREATE INDEX damaged_sites_incident ON damaged_sites (incident_id);
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    position INTEGER NOT NULL,
    url TEXT NOT NULL,
    publisher TEXT,
    published TEXT
) STRICT;
CREATE INDEX sources_incident ON sources (incident_id);
CREATE TABLE publication (
    published_at TEXT NOT NULL,
    incidents INTEGER NOT NULL,
    filters TEXT NOT NULL,
    coordinates TEXT NOT NULL,
    statuses TEXT NOT NULL,
    removed TEXT NOT NULL
) STRICT;
"""

# The tables a publication copy has, and every one it has not.
PUBLISHED_TABLES = ("delivery_classes", "weapons", "site_kinds", "incidents", "damaged_sites", "sources", ABOUT_TABLE)


# --- canned queries ----------------------------------------------------------


def canned_queries() -> dict[str, str]:
    """The SQL of each canned query, by name, for the incidents of every status but discounted."""
    counted = Filters(statuses=tuple(status for status in STATUSES if status != "discounted"))
    where, params = report_where(counted)
    assert not params, "the default report filter binds no value"
    figures = ", ".join(REPORT_COUNTS)
    # Largest killed first, unknown after the known; then by name, no name last (as the reports sort).
    by_killed = "ORDER BY killed IS NULL, killed DESC, {0} IS NULL, lower({0}), {0}"

    def grouped(column: str, label: str) -> str:
        inner = f"SELECT {label} AS {column}, {AGGREGATES} FROM incidents AS i{where} GROUP BY {label}"
        return f"SELECT {column}, {figures} FROM ({inner}) {by_killed.format(column)}"

    return {
        "by_city": grouped("city", "i.city"),
        "by_weapon": grouped("weapon", "i.weapon"),
        "by_month": _by_month(where, figures),
        "by_site_kind": (
            "SELECT d.kind AS kind, count(DISTINCT d.incident_id) AS incidents, count(*) AS sites "
            f"FROM damaged_sites AS d JOIN incidents AS i ON i.id = d.incident_id{where} "
            "GROUP BY d.kind ORDER BY incidents DESC, kind"
        ),
    }


def _by_month(where: str, figures: str) -> str:
    """`report timeline --period month`: one row per month label (a year
    label for incidents known only to the year), in time order, and a zero row
    for every month between the first and the last that has no incident."""
    label = period_label_sql("month")
    zeros = ", ".join(f"0 AS {name}" for name in REPORT_COUNTS)
    # A label's first day: '2024-10' -> 2024-10-01, '2024' -> 2024-01-01.
    start = "CASE length(period) WHEN 4 THEN period || '-01-01' ELSE period || '-01' END"
    return (
        "WITH RECURSIVE counted AS ("
        f"SELECT {label} AS period, {AGGREGATES} FROM incidents AS i{where} GROUP BY period"
        f"), bounds AS (SELECT min({start}) AS first, max({start}) AS last FROM counted"
        "), months (month) AS (SELECT first FROM bounds WHERE first IS NOT NULL"
        " UNION ALL SELECT date(month, '+1 month') FROM months, bounds WHERE date(month, '+1 month') <= last"
        f") SELECT period, {figures} FROM counted"
        f" UNION ALL SELECT substr(month, 1, 7) AS period, {zeros} FROM months"
        " WHERE substr(month, 1, 7) NOT IN (SELECT period FROM counted)"
        " ORDER BY period"
    )


# --- the publication copy ----------------------------------------------------


def is_publication(path: Path) -> bool:
    """Whether the SQLite file at `path` is a publication copy (it has the `publication` table)."""
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            row = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [ABOUT_TABLE]
            ).fetchone()
    except sqlite3.Error:
        return False
    return row is not None


def write_publication(
    path: Path,
    *,
    vocabulary: VocabularyRows,
    incidents: Iterable[dict],
    about: dict[str, str],
    map_view_sql: str,
) -> int:
    """Create the publication copy at `path` (a new file) and fill it in one
    transaction: the vocabularies, the incidents as given (plain records with
    their `id`, `damaged` and `sources`), the map view and the `publication`
    row; `about` gives that row's text columns. Returns the incidents written."""
    from harmtrack.store.sqlite_files import split_statements

    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("BEGIN")
        for statement in split_statements(_SCHEMA + map_view_sql):
            conn.execute(statement)
        conn.executemany("INSERT INTO delivery_classes (code, label) VALUES (?, ?)", vocabulary.delivery_classes)
        conn.executemany("INSERT INTO weapons (code, delivery_class, label) VALUES (?, ?, ?)", vocabulary.weapons)
        conn.executemany("INSERT INTO site_kinds (code, label) VALUES (?, ?)", vocabulary.site_kinds)
        placeholders = ", ".join("?" for _ in INCIDENT_COLUMNS)
        insert = f"INSERT INTO incidents ({', '.join(INCIDENT_COLUMNS)}) VALUES ({placeholders})"
        written = 0
        for record in incidents:
            conn.execute(insert, [record[name] for name in INCIDENT_COLUMNS])
            conn.executemany(
                "INSERT INTO damaged_sites (incident_id, position, kind, name) VALUES (?, ?, ?, ?)",
                [(record["id"], position, kind, name) for position, (kind, name) in enumerate(record["damaged"])],
            )
            conn.executemany(
                "INSERT INTO sources (incident_id, position, url, publisher, published) VALUES (?, ?, ?, ?, ?)",
                [
                    (record["id"], position, source["url"], source.get("publisher"), source.get("published"))
                    for position, source in enumerate(record["sources"])
                ],
            )
            written += 1
        conn.execute(
            f"INSERT INTO publication ({', '.join(ABOUT_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)",
            [
                about["published_at"],
                written,
                about["filters"],
                about["coordinates"],
                about["statuses"],
                about["removed"],
            ],
        )
        conn.execute("COMMIT")
        conn.execute("VACUUM")
    return written


def map_view_sql() -> str:
    """The map view's SQL, exactly as its migration gives every harmtrack database."""
    from harmtrack.store.sqlite_files import migration_files

    [sql] = [sql for name, sql in migration_files() if name.endswith(MAP_VIEW_MIGRATION)]
    return sql


def table_names(path: Path) -> list[str]:
    """The tables of the database at `path` (not its views, nor the internal
    tables of SQLite and of its full-text indexes), in schema order."""
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        return [
            name
            for (name,) in conn.execute(
                "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual') "
                "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
            )
        ]

"""The SQLite engine: every query harmtrack runs, behind the `Store` contract.

Opening, creating, upgrading and copying the file are in sqlite_files.py; the
report aggregates in sqlite_reports.py. This module maps records to tables.
"""

from __future__ import annotations

import json
import operator
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from harmtrack.errors import HarmtrackError
from harmtrack.model import FIELDS, SCALAR_FIELDS
from harmtrack.store import sqlite_reports
from harmtrack.store.contract import Batch, BatchCounts, Filters, VocabularyRows
from harmtrack.store.record_rows import MAX_ID, is_bulk, place_column, record_from_row, with_shipped
from harmtrack.store.sqlite_changes import ChangeLog

_SELECT = (
    "SELECT i.id, "
    + ", ".join(f"i.{name}" for name in SCALAR_FIELDS)
    + """,
    (SELECT json_group_array(json_object('kind', kind, 'name', name))
       FROM (SELECT kind, name FROM damaged_sites WHERE incident_id = i.id ORDER BY position)) AS damaged,
    (SELECT json_group_array(json_object('url', url, 'publisher', publisher, 'published', published))
       FROM (SELECT url, publisher, published FROM sources WHERE incident_id = i.id ORDER BY position)) AS sources
    FROM incidents AS i"""
)
_COLUMNS = ", ".join(SCALAR_FIELDS)
_MARKS = ", ".join("?" for _ in SCALAR_FIELDS)
_INSERT = f"INSERT INTO incidents ({_COLUMNS}, batch_id, created_at, updated_at) VALUES ({_MARKS}, ?, ?, ?)"
# insert_many (and a source's publisher and date) bind an empty string for an
# unknown (None) value and write it as NULL: CPython's sqlite3 adapts every
# None it binds (about 0.3 us a cell, and a record has a dozen), a str it binds
# as it is. A validated record never holds an empty string in these columns
# (model.validate makes it None).
_NULLABLE = frozenset(SCALAR_FIELDS) - {"uid", "date", "date_precision", "weapon", "status"}
_INSERT_MANY = (
    f"INSERT INTO incidents (id, {_COLUMNS}, batch_id, created_at, updated_at) VALUES (?, "
    + ", ".join("NULLIF(?, '')" if name in _NULLABLE else "?" for name in SCALAR_FIELDS)
    + ", ?, ?, ?)"
)
# The new rows of an import reach the search index at once (see bulk_load).
_INDEX_NEW_ROWS = (
    "INSERT INTO incidents_search (rowid, description, city, district, place, weapon_detail, perpetrator) "
    "SELECT id, description, city, district, place, weapon_detail, perpetrator FROM incidents WHERE id >= ?"
)
_INSERT_SOURCE = (
    "INSERT INTO sources (incident_id, position, url, publisher, published) "
    "VALUES (?, ?, ?, NULLIF(?, ''), NULLIF(?, ''))"
)
_INSERT_SOURCE_URLS = "INSERT INTO sources (incident_id, position, url) VALUES (?, ?, ?)"
_INSERT_SITE = "INSERT INTO damaged_sites (incident_id, position, kind, name) VALUES (?, ?, ?, ?)"
_SCALARS_OF = operator.itemgetter(*SCALAR_FIELDS)
_ESCAPED = "replace(replace({}, '\\', '\\\\'), ';', '\\;')"  # an item as model.join_list writes it
_DAMAGED_ITEM = _ESCAPED.format("kind || ':' || name")
_LIST_CELLS = {
    "damaged": f"(SELECT group_concat({_DAMAGED_ITEM}, ';') FROM "
    "(SELECT kind, name FROM damaged_sites WHERE incident_id = i.id ORDER BY position))",
    "sources": f"(SELECT group_concat({_ESCAPED.format('url')}, ';') FROM "
    "(SELECT url FROM sources WHERE incident_id = i.id ORDER BY position))",
}
_BATCH_COLUMNS = "b.id, b.file_name, b.format, b.sha256, b.started_at, b.finished_at, b.imported_by"

# The vocabulary tables and their columns, in the order of VocabularyRows.
VOCABULARY_TABLES = {
    "delivery_classes": ("code", "label"),
    "weapons": ("code", "delivery_class", "label"),
    "weapon_aliases": ("alias", "weapon"),
    "site_kinds": ("code", "label"),
    "site_kind_aliases": ("alias", "kind"),
}
IMPORT_CACHE_KIB = 32 * 1024
SORT_CACHE_KIB = 8 * 1024
WRITE_ATTEMPTS = 8


class SqliteStore(ChangeLog):
    """A harmtrack database in one SQLite file (or in memory)."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None):
        self.conn = conn
        self.path = path
        self.notices: list[str] = []
        # Opened for reading before this version's vocabulary was merged in:
        # vocabulary() adds the shipped entries in memory, writing nothing.
        self.vocabulary_pending = False
        self._aliases_known: bool | None = None

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def write(self) -> Iterator[None]:
        """BEGIN IMMEDIATE, so that concurrent writers queue on the busy timeout
        instead of failing mid-transaction when a read lock cannot be upgraded.
        Inside an open transaction it joins it: the outermost one commits."""
        if self.conn.in_transaction:
            yield
            return
        delay = 0.05
        for attempt in range(WRITE_ATTEMPTS):
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                self.note_write_lock()
                break
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or attempt == WRITE_ATTEMPTS - 1:
                    raise HarmtrackError(f"the database is busy: {error}; try again") from None
                time.sleep(delay)
                delay *= 2
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    # ------------------------------------------------------------ incidents

    def get(self, incident_id: int) -> dict | None:
        if not 0 < incident_id <= MAX_ID:
            return None
        row = self.conn.execute(_SELECT + " WHERE i.id = ?", [incident_id]).fetchone()
        return _row_to_record(row) if row is not None else None

    def id_for_uid(self, uid: str) -> int | None:
        """The incident with this uid, or the one it was merged into."""
        return self.ids_for_uids([uid]).get(uid) or self.ids_for_aliases([uid]).get(uid)

    def ids_for_uids(self, uids: list[str]) -> dict[str, int]:
        """uid -> id of the stored incidents with these uids."""
        if not uids:
            return {}
        marks = ", ".join("?" for _ in uids)
        return dict(self.conn.execute(f"SELECT uid, id FROM incidents WHERE uid IN ({marks})", uids))

    def ids_for_aliases(self, uids: list[str]) -> dict[str, int]:
        """Merged-away uid -> id of the incident it was merged into."""
        if not uids or not self._has_aliases():
            return {}
        marks = ", ".join("?" for _ in uids)
        return dict(
            self.conn.execute(
                "SELECT a.uid, i.id FROM incident_aliases AS a JOIN incidents AS i ON i.uid = a.incident_uid "
                f"WHERE a.uid IN ({marks})",
                uids,
            )
        )

    def _has_aliases(self) -> bool:
        if self._aliases_known is None:
            self._aliases_known = self.conn.execute("SELECT 1 FROM incident_aliases LIMIT 1").fetchone() is not None
        return self._aliases_known

    def select(self, filters: Filters, *, limit: int | None = None, ranked: bool = False) -> Iterator[dict]:
        """Matching records in export order (date, then uid), streamed; with a
        search and `ranked`, the best matches first."""
        where, params = where_clause(filters)
        order = " ORDER BY i.date, i.uid"
        if ranked and filters.search:
            order = (
                " ORDER BY (SELECT s.rank FROM incidents_search AS s WHERE incidents_search MATCH ? AND s.rowid = i.id)"
                ", i.date, i.uid"
            )
            params.append(fts_query(filters.search))
        sql = _SELECT + where + order
        if limit is not None:
            sql += " LIMIT ?"
            params.append(min(limit, MAX_ID))
        for row in self.conn.execute(sql, params):
            yield _row_to_record(row)

    def export_rows(self, filters: Filters) -> Iterator[tuple]:
        """The canonical CSV cells of the matching records, in export order:
        lists joined in SQL as model.join_list joins them (`\\` and `;`
        escaped, items joined by `;`), so no record is built per row."""
        where, params = where_clause(filters)
        cells = ", ".join(_LIST_CELLS.get(name, f"i.{name}") for name in FIELDS)
        return self.conn.execute(f"SELECT {cells} FROM incidents AS i{where} ORDER BY i.date, i.uid", params)

    def count(self, filters: Filters) -> int:
        where, params = where_clause(filters)
        return self.conn.execute(f"SELECT count(*) FROM incidents AS i{where}", params).fetchone()[0]

    def uids(self) -> set[str]:
        return {uid for (uid,) in self.conn.execute("SELECT uid FROM incidents")}

    def next_id(self) -> int:
        return self.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM incidents").fetchone()[0]

    def insert(self, record: dict, *, batch_id: int | None, stamp: str) -> int:
        cursor = self.conn.execute(_INSERT, [*_SCALARS_OF(record), batch_id, stamp, stamp])
        incident_id = cursor.lastrowid
        assert incident_id is not None  # an INSERT always sets it
        self._write_lists([(incident_id, record)])
        return incident_id

    def insert_many(self, records: list[tuple[int, dict]], *, batch_id: int | None, stamp: str) -> None:
        """Insert (id, record) pairs in bulk; the caller chose ids from next_id()."""
        tail = (batch_id, stamp, stamp)
        self.conn.executemany(
            _INSERT_MANY,
            [
                (incident_id, *["" if value is None else value for value in _SCALARS_OF(record)], *tail)
                for incident_id, record in records
            ],
        )
        self._write_lists(records)

    def _write_lists(self, records: list[tuple[int, dict]]) -> None:
        sites = [
            (incident_id, position, kind, name)
            for incident_id, record in records
            for position, (kind, name) in enumerate(record["damaged"])
        ]
        if sites:
            self.conn.executemany(_INSERT_SITE, sites)
        cited = [(incident_id, record["sources"]) for incident_id, record in records if record["sources"]]
        if not cited:
            return
        if any(source["publisher"] or source["published"] for _, sources in cited for source in sources):
            self.conn.executemany(
                _INSERT_SOURCE,
                [  # empty strings for None, as in _INSERT_MANY
                    (incident_id, position, source["url"], source["publisher"] or "", source["published"] or "")
                    for incident_id, sources in cited
                    for position, source in enumerate(sources)
                ],
            )
        else:  # bare URLs (every CSV import): publisher and date stay NULL, and fewer values are bound
            self.conn.executemany(
                _INSERT_SOURCE_URLS,
                [
                    (incident_id, position, source["url"])
                    for incident_id, sources in cited
                    for position, source in enumerate(sources)
                ],
            )

    def replace(self, incident_id: int, record: dict, *, stamp: str) -> None:
        """Overwrite a stored record (same uid). Its batch (the import that
        created it) stays; the change log names the batch of each update."""
        assignments = ", ".join(f"{name} = ?" for name in SCALAR_FIELDS)
        self.conn.execute(
            f"UPDATE incidents SET {assignments}, updated_at = ? WHERE id = ?",
            [*_SCALARS_OF(record), stamp, incident_id],
        )
        self.conn.execute("DELETE FROM damaged_sites WHERE incident_id = ?", [incident_id])
        self.conn.execute("DELETE FROM sources WHERE incident_id = ?", [incident_id])
        self._write_lists([(incident_id, record)])

    def delete(self, incident_id: int) -> None:
        self.conn.execute("DELETE FROM incidents WHERE id = ?", [incident_id])

    @contextmanager
    def bulk_load(self, size_bytes: int | None) -> Iterator[None]:
        """A larger page cache while loading (bounded, so memory does not grow
        with the file: it halves the time of a big import), and, for a big file
        into a small table, the secondary indexes dropped and rebuilt at the
        end inside the same transaction: building an index once is much faster
        than growing it row by row, and a rollback brings the indexes back with
        everything else. The unique uid index stays: rows are looked up by uid.
        The search index is rebuilt the same way, its triggers off meanwhile.

        Into a large table the other indexes are kept up to date row by row,
        but the new rows still reach the search index in one statement at the
        end, not one trigger run each: an import only adds rows (ids from
        next_id() up) and updates stored ones, whose update trigger stays. For
        100,000 rows into 1,000,000 that is 0.4 s instead of about 7 s."""
        cache = self.conn.execute("PRAGMA cache_size").fetchone()[0]
        self.conn.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")
        first_new = self.next_id()
        try:
            if is_bulk(size_bytes, first_new - 1):
                deferred = self._drop_derived()
                yield
                self.conn.execute(f"PRAGMA cache_size = {-SORT_CACHE_KIB}")
                self.conn.execute("INSERT INTO incidents_search (incidents_search) VALUES ('rebuild')")
                for sql in deferred:
                    self.conn.execute(sql)
            else:
                trigger = self._drop_search_insert_trigger()
                yield
                if trigger is not None:
                    self.conn.execute(_INDEX_NEW_ROWS, [first_new])
                    self.conn.execute(trigger)
        finally:
            self.conn.execute(f"PRAGMA cache_size = {int(cache)}")

    def _drop_search_insert_trigger(self) -> str | None:
        """Drop the trigger that indexes each new incident for search; returns the SQL that makes it again."""
        row = self.conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'incidents_search_insert'"
        ).fetchone()
        if row is None:
            return None
        self.conn.execute("DROP TRIGGER incidents_search_insert")
        return row[0]

    def _drop_derived(self) -> list[str]:
        """Drop the secondary indexes and the search triggers; returns the SQL that makes them again."""
        derived = self.conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND ("
            "(type = 'index' AND tbl_name IN ('incidents', 'damaged_sites', 'sources') "
            "AND sql NOT LIKE 'CREATE UNIQUE%') OR (type = 'trigger' AND name LIKE 'incidents_search_%'))"
        ).fetchall()
        for kind, name, _ in derived:
            self.conn.execute(f'DROP {kind.upper()} "{name}"')
        return [sql for _, _, sql in derived]

    def records(self, ids: list[int]) -> dict[int, dict]:
        """The stored records with these ids, by id."""
        found: dict[int, dict] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for row in self.conn.execute(_SELECT + f" WHERE i.id IN ({marks})", chunk):
                record = _row_to_record(row)
                found[record["id"]] = record
        return found

    # ------------------------------------------------ counted once

    def duplicate_candidates(self, ids: list[int] | None = None) -> Iterator[tuple[int, int]]:
        """Pairs of incidents (lower id first) that may be one event, by the rule of store/blocking.py."""
        from harmtrack.store.sqlite_dedupe import candidate_pairs

        return candidate_pairs(self.conn, ids)

    def neighbours(self, record: dict) -> list[int]:
        """Stored incidents that may be the same event as a record not stored (store/blocking.py)."""
        from harmtrack.store.sqlite_dedupe import neighbour_ids

        return neighbour_ids(self.conn, record)

    def dismissed_pairs(self) -> set[tuple[str, str]]:
        return set(self.conn.execute("SELECT first_uid, second_uid FROM dismissed_pairs"))

    def dismiss(self, first: str, second: str, *, stamp: str, by: str) -> None:
        low, high = sorted((first, second))
        self.conn.execute(
            "INSERT OR IGNORE INTO dismissed_pairs (first_uid, second_uid, dismissed_at, dismissed_by) "
            "VALUES (?, ?, ?, ?)",
            [low, high, stamp, by],
        )

    def undismiss(self, first: str, second: str) -> bool:
        low, high = sorted((first, second))
        cursor = self.conn.execute("DELETE FROM dismissed_pairs WHERE first_uid = ? AND second_uid = ?", [low, high])
        return cursor.rowcount > 0

    def fingerprint(self) -> str:
        """Changes whenever incidents, merges or dismissals change (for the duplicate check's validity)."""
        row = self.conn.execute(
            "SELECT (SELECT count(*) FROM incidents), (SELECT max(id) FROM incidents), (SELECT max(id) FROM changes), "
            "(SELECT max(id) FROM import_batches), (SELECT count(*) FROM dismissed_pairs), (SELECT max(id) FROM merges)"
        ).fetchone()
        return ":".join("" if value is None else str(value) for value in row)

    def save_duplicate_check(self, fingerprint: str, open_groups: int, *, stamp: str) -> None:
        self.conn.execute(
            "INSERT INTO duplicate_checks (checked_at, fingerprint, open_groups) VALUES (?, ?, ?)",
            [stamp, fingerprint, open_groups],
        )

    def last_duplicate_check(self) -> tuple[str, int, str] | None:
        """(fingerprint, open groups, when) of the last full check."""
        row = self.conn.execute(
            "SELECT fingerprint, open_groups, checked_at FROM duplicate_checks ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def aliases_of(self, uid: str) -> list[str]:
        """The merged-away uids an incident holds."""
        rows = self.conn.execute("SELECT uid FROM incident_aliases WHERE incident_uid = ? ORDER BY uid", [uid])
        return [row[0] for row in rows]

    def record_merge(self, kept_uid: str, merged_uids: list[str], snapshot: dict, *, stamp: str, by: str) -> int:
        cursor = self.conn.execute(
            "INSERT INTO merges (kept_uid, merged_at, merged_by, snapshot) VALUES (?, ?, ?, ?)",
            [kept_uid, stamp, by, json.dumps(snapshot, ensure_ascii=False)],
        )
        merge_id = cursor.lastrowid
        assert merge_id is not None
        # Aliases that pointed at a merged-away incident now point at the kept one.
        marks = ", ".join("?" for _ in merged_uids)
        self.conn.execute(
            f"UPDATE incident_aliases SET incident_uid = ? WHERE incident_uid IN ({marks})", [kept_uid, *merged_uids]
        )
        self.conn.executemany(
            "INSERT INTO incident_aliases (uid, incident_uid, merge_id) VALUES (?, ?, ?)",
            [(uid, kept_uid, merge_id) for uid in merged_uids],
        )
        self._aliases_known = True
        return merge_id

    def last_merge(self, kept_uid: str) -> tuple[int, dict] | None:
        """The latest merge into this incident that is not undone: (id, snapshot)."""
        row = self.conn.execute(
            "SELECT id, snapshot FROM merges WHERE kept_uid = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1",
            [kept_uid],
        ).fetchone()
        return (row[0], json.loads(row[1])) if row else None

    def undo_merge(self, merge_id: int, *, stamp: str) -> None:
        """Forget a merge's aliases; aliases that earlier merges moved onto its
        incidents go back to the incidents they named."""
        snapshot = json.loads(self.conn.execute("SELECT snapshot FROM merges WHERE id = ?", [merge_id]).fetchone()[0])
        self.conn.execute("DELETE FROM incident_aliases WHERE merge_id = ?", [merge_id])
        for record in snapshot["merged"]:
            for alias in record.get("merged_uids", []):
                self.conn.execute("UPDATE incident_aliases SET incident_uid = ? WHERE uid = ?", [record["uid"], alias])
        self.conn.execute("UPDATE merges SET undone_at = ? WHERE id = ?", [stamp, merge_id])

    # ------------------------------------------------ change log and batches

    def begin_batch(self, file_name: str, format: str, started_at: str, imported_by: str) -> int:
        cursor = self.conn.execute(
            "INSERT INTO import_batches (file_name, sha256, format, started_at, imported_by) VALUES (?, '', ?, ?, ?)",
            [file_name, format, started_at, imported_by],
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def finish_batch(self, batch_id: int, counts: BatchCounts) -> None:
        self.conn.execute(
            "UPDATE import_batches SET sha256 = ?, finished_at = ?, imported = ?, updated = ?, skipped = ?, "
            "rejected = ? WHERE id = ?",
            [
                counts.sha256,
                counts.finished_at,
                counts.imported,
                counts.updated,
                counts.skipped,
                counts.rejected,
                batch_id,
            ],
        )

    def earlier_batch(self, sha256: str, batch_id: int) -> Batch | None:
        """The first finished import of the same file, other than `batch_id`."""
        row = self.conn.execute(
            f"SELECT {_BATCH_COLUMNS} FROM import_batches AS b WHERE b.sha256 = ? AND b.id != ? "
            "AND b.finished_at IS NOT NULL ORDER BY b.id LIMIT 1",
            [sha256, batch_id],
        ).fetchone()
        return Batch(*row) if row else None

    def batch(self, batch_id: int) -> Batch | None:
        row = self.conn.execute(
            f"SELECT {_BATCH_COLUMNS} FROM import_batches AS b WHERE b.id = ?", [batch_id]
        ).fetchone()
        return Batch(*row) if row else None

    def batch_of(self, uid: str) -> Batch | None:
        """The import batch that created the incident with this uid."""
        row = self.conn.execute(
            f"SELECT {_BATCH_COLUMNS} FROM incidents AS i JOIN import_batches AS b ON b.id = i.batch_id "
            "WHERE i.uid = ?",
            [uid],
        ).fetchone()
        return Batch(*row) if row else None

    # ---------------------------------------------- vocabularies and places

    def vocabulary(self) -> VocabularyRows:
        tables = {
            table: [tuple(row) for row in self.conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid")]
            for table, columns in VOCABULARY_TABLES.items()
        }
        return VocabularyRows(**(with_shipped(tables) if self.vocabulary_pending else tables))

    def add_vocabulary(self, table: str, rows: Iterable[tuple[str, ...]]) -> None:
        """Add rows to a vocabulary table; a row whose key is taken is left out,
        so a team's own entries are never changed."""
        columns = VOCABULARY_TABLES[table]  # a fixed name, never user text
        marks = ", ".join("?" for _ in columns)
        self.conn.executemany(f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    def place_aliases(self) -> list[tuple[str, str, str]]:
        """(kind, alias, canonical); none in a database from before migration 0003."""
        try:
            return self.conn.execute("SELECT kind, alias, canonical FROM place_aliases ORDER BY kind, alias").fetchall()
        except sqlite3.OperationalError as error:
            if "no such table" in str(error):
                return []
            raise

    def put_place_alias(self, kind: str, alias: str, canonical: str, stamp: str) -> None:
        self.conn.execute(
            "INSERT INTO place_aliases (kind, alias, canonical, created_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (kind, alias) DO UPDATE SET canonical = excluded.canonical",
            [kind, alias, canonical, stamp],
        )

    def place_counts(self, kind: str) -> list[tuple[str, int]]:
        """Stored names of a place field with their incident counts, most first."""
        column = place_column(kind)
        return self.conn.execute(
            f"SELECT {column}, count(*) FROM incidents WHERE {column} IS NOT NULL "
            f"GROUP BY {column} ORDER BY count(*) DESC, {column}"
        ).fetchall()

    def ids_with_place(self, kind: str, name: str) -> list[int]:
        column = place_column(kind)
        return [row[0] for row in self.conn.execute(f"SELECT id FROM incidents WHERE {column} = ? ORDER BY id", [name])]

    # -------------------------------------------------------------- reports

    def group_totals(self, filters: Filters, group: str, *, period: str = "month") -> list[dict]:
        return sqlite_reports.group_totals(self.conn, filters, group, period)

    def matrix_cells(self, filters: Filters) -> list[dict]:
        return sqlite_reports.matrix_cells(self.conn, filters)

    def site_totals(self, filters: Filters) -> tuple[list[dict], dict]:
        return sqlite_reports.site_totals(self.conn, filters)

    def backup(self, target: Path) -> None:
        from harmtrack.store.sqlite_files import backup

        backup(self.conn, target)


def where_clause(filters: Filters, alias: str = "i") -> tuple[str, list]:
    """The WHERE clause of the filters; every value is bound, never spliced."""
    clauses, params = [], []
    if filters.since:
        clauses.append(f"{alias}.date >= ?")
        params.append(filters.since)
    if filters.until:
        clauses.append(f"{alias}.date <= ?")
        params.append(filters.until)
    for name in ("country", "region", "city", "weapon"):
        value = getattr(filters, name)
        if value:
            clauses.append(f"{alias}.{name} = ? COLLATE NOCASE")
            params.append(value)
    if filters.statuses:
        clauses.append(f"{alias}.status IN ({', '.join('?' for _ in filters.statuses)})")
        params.extend(filters.statuses)
    if filters.search:
        clauses.append(f"{alias}.id IN (SELECT rowid FROM incidents_search WHERE incidents_search MATCH ?)")
        params.append(fts_query(filters.search))
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def fts_query(text: str) -> str:
    """The user's words as an FTS5 query: each word a quoted term, all required.
    Quoting keeps FTS5's operators (AND, NEAR, *, :) from being read in
    people's text."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in text.split())


def _row_to_record(row: tuple) -> dict:
    return record_from_row(row[:-2], json.loads(row[-2]), json.loads(row[-1]))

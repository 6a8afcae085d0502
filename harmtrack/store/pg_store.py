"""The PostgreSQL engine: the `Store` contract for a team's shared database.

Connecting, building and upgrading the schema are in pg_files.py, the report
aggregates in pg_reports.py, dedupe's candidate pairs in pg_dedupe.py. This
module maps records to tables, with the same meaning as sqlite_store.py: the
two engines give the same ids, the same order and the same cells for the same
work, so their exports are byte-identical.

Many writers: every write() takes one advisory lock per database at its
start, so writers queue (as SQLite's BEGIN IMMEDIATE makes them) and a read
inside a write sees every change committed before it; no update is made from
a stale read. Two people changing the same field of the same incident at
once is refused rather than resolved by whoever commits last: see
`_refuse_concurrent`.
"""

from __future__ import annotations

import json
import operator
import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from harmtrack.errors import HarmtrackError
from harmtrack.model import FIELDS, SCALAR_FIELDS
from harmtrack.store import pg_reports
from harmtrack.store.contract import Batch, BatchCounts, Filters, VocabularyRows
from harmtrack.store.pg_changes import ChangeLog
from harmtrack.store.pg_files import LOCK_SPACE, WRITE_LOCK, shown
from harmtrack.store.record_rows import MAX_ID, is_bulk, place_column, record_from_row, with_shipped
from harmtrack.store.sqlite_store import VOCABULARY_TABLES

if TYPE_CHECKING:
    import psycopg

_SELECT = (
    "SELECT i.id, "
    + ", ".join(f"i.{name}" for name in SCALAR_FIELDS)
    + """,
    (SELECT coalesce(json_agg(json_build_object('kind', kind, 'name', name) ORDER BY position), '[]')
       FROM damaged_sites WHERE incident_id = i.id) AS damaged,
    (SELECT coalesce(json_agg(json_build_object('url', url, 'publisher', publisher, 'published', published)
       ORDER BY position), '[]') FROM sources WHERE incident_id = i.id) AS sources
    FROM incidents AS i"""
)
_COLUMNS = ", ".join(SCALAR_FIELDS)
_MARKS = ", ".join("%s" for _ in SCALAR_FIELDS)
_NEXT = "(SELECT coalesce(max(id), 0) + 1 FROM {})"
_INSERT = (
    f"INSERT INTO incidents (id, {_COLUMNS}, batch_id, created_at, updated_at, search_words) "
    f"VALUES ({_NEXT.format('incidents')}, {_MARKS}, %s, %s, %s, %s::tsvector) RETURNING id"
)
_COPY_INCIDENTS = f"COPY incidents (id, {_COLUMNS}, batch_id, created_at, updated_at, search_words) FROM STDIN"
_COPY_SITES = "COPY damaged_sites (incident_id, position, kind, name) FROM STDIN"
_COPY_SOURCES = "COPY sources (incident_id, position, url, publisher, published) FROM STDIN"
_SCALARS_OF = operator.itemgetter(*SCALAR_FIELDS)
_SEARCHED = ("description", "city", "district", "place", "weapon_detail", "perpetrator")
_SEARCHED_OF = operator.itemgetter(*_SEARCHED)
_ESCAPED = "replace(replace({}, '\\', '\\\\'), ';', '\\;')"  # an item as model.join_list writes it
_DAMAGED_ITEM = _ESCAPED.format("kind || ':' || name")
_LIST_CELLS = {
    "damaged": f"(SELECT string_agg({_DAMAGED_ITEM}, ';' ORDER BY position) "
    "FROM damaged_sites WHERE incident_id = i.id)",
    "sources": f"(SELECT string_agg({_ESCAPED.format('url')}, ';' ORDER BY position) "
    "FROM sources WHERE incident_id = i.id)",
}
_BATCH_COLUMNS = "b.id, b.file_name, b.format, b.sha256, b.started_at, b.finished_at, b.imported_by"
STREAM_ROWS = 2000
LOCK_WAIT = "5min"
# A word is a run of letters and digits, as SQLite's FTS5 unicode61 tokenizer reads them.
_TOKEN = re.compile(r"[^\W_]+")
LONGEST_WORD = 500  # longer runs are not indexed (a tsvector lexeme holds at most 2 KB)


class PgStore(ChangeLog):
    """A harmtrack database in PostgreSQL."""

    def __init__(self, conn: psycopg.Connection, url: str):
        self.conn = conn
        self.url = url
        self.path: Path | None = None
        self.notices: list[str] = []
        self.vocabulary_pending = False
        self._opened_at_change = 0
        self._own_changes: set[int] = set()
        self._concurrent: tuple[int, int] | None = None

    def close(self) -> None:
        self.conn.close()

    def note_opening(self) -> None:
        """Remember the last change committed when this command opened the
        database: a change committed after it by someone else is concurrent."""
        self._opened_at_change = self._one("SELECT coalesce(max(id), 0) FROM changes")

    @contextmanager
    def write(self) -> Iterator[None]:
        """One transaction under the database's write lock, taken first so
        writers queue; inside an open one it joins it."""
        import psycopg

        if self.conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            yield
            return
        try:
            with self.conn.transaction():
                self.conn.execute(f"SET LOCAL lock_timeout = '{LOCK_WAIT}'")
                self.conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_SPACE, WRITE_LOCK])
                latest = self._one("SELECT coalesce(max(id), 0) FROM changes")
                self._concurrent = (self._opened_at_change, latest) if latest > self._opened_at_change else None
                yield
        except psycopg.errors.LockNotAvailable:
            raise HarmtrackError(
                f"the database is busy: another command has been writing to {shown(self.url)} for "
                f"{LOCK_WAIT.removesuffix('min')} minutes; nothing was changed; try again"
            ) from None
        except psycopg.IntegrityError as error:
            raise HarmtrackError(f"the database refused the change: {_first_line(error)}") from None
        except psycopg.Error as error:
            raise HarmtrackError(f"database error: {_first_line(error)}; nothing was changed") from None

    def _one(self, sql: str, params: list | None = None):
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row is not None else None

    def _stream(self, sql: str, params: list) -> Iterator[tuple]:
        return self.conn.cursor().stream(sql, params, size=STREAM_ROWS)

    # ------------------------------------------------------------ incidents

    def get(self, incident_id: int) -> dict | None:
        if not 0 < incident_id <= MAX_ID:
            return None
        row = self.conn.execute(_SELECT + " WHERE i.id = %s", [incident_id]).fetchone()
        return _row_to_record(row) if row is not None else None

    def id_for_uid(self, uid: str) -> int | None:
        """The incident with this uid, or the one it was merged into."""
        return self.ids_for_uids([uid]).get(uid) or self.ids_for_aliases([uid]).get(uid)

    def ids_for_uids(self, uids: list[str]) -> dict[str, int]:
        if not uids:
            return {}
        return dict(self.conn.execute("SELECT uid, id FROM incidents WHERE uid = ANY(%s)", [uids]).fetchall())

    def ids_for_aliases(self, uids: list[str]) -> dict[str, int]:
        if not uids:
            return {}
        rows = self.conn.execute(
            "SELECT a.uid, i.id FROM incident_aliases AS a JOIN incidents AS i ON i.uid = a.incident_uid "
            "WHERE a.uid = ANY(%s)",
            [uids],
        )
        return dict(rows.fetchall())

    def select(self, filters: Filters, *, limit: int | None = None, ranked: bool = False) -> Iterator[dict]:
        """Matching records in export order (date, then uid), streamed; with a
        search and `ranked`, the best matches first: ts_rank over the record's
        words, divided by their number (1 + log), so that, as with FTS5's
        bm25, a short record that holds the words comes before a long one."""
        where, params = where_clause(filters)
        order = " ORDER BY i.date, i.uid"
        wanted = words(filters.search) if ranked and filters.search else []
        if wanted:
            order = " ORDER BY ts_rank(i.search_words, %s::tsquery, 1) DESC, i.date, i.uid"
            params.append(" & ".join(wanted))
        sql = _SELECT + where + order
        if limit is not None:
            sql += " LIMIT %s"
            params.append(min(limit, MAX_ID))
        for row in self._stream(sql, params):
            yield _row_to_record(row)

    def export_rows(self, filters: Filters) -> Iterator[tuple]:
        """The canonical CSV cells of the matching records, in export order,
        lists joined in SQL as model.join_list joins them."""
        where, params = where_clause(filters)
        cells = ", ".join(_LIST_CELLS.get(name, f"i.{name}") for name in FIELDS)
        return self._stream(f"SELECT {cells} FROM incidents AS i{where} ORDER BY i.date, i.uid", params)

    def count(self, filters: Filters) -> int:
        where, params = where_clause(filters)
        return self._one(f"SELECT count(*) FROM incidents AS i{where}", params)

    def uids(self) -> set[str]:
        return {uid for (uid,) in self._stream("SELECT uid FROM incidents", [])}

    def next_id(self) -> int:
        return self._one("SELECT coalesce(max(id), 0) + 1 FROM incidents")

    def insert(self, record: dict, *, batch_id: int | None, stamp: str) -> int:
        """A new incident numbered as SQLite numbers it (the highest id plus
        one; the write lock makes that safe)."""
        incident_id = self._one(_INSERT, [*_SCALARS_OF(record), batch_id, stamp, stamp, search_words(record)])
        self._write_lists([(incident_id, record)])
        return incident_id

    def insert_many(self, records: list[tuple[int, dict]], *, batch_id: int | None, stamp: str) -> None:
        """Insert (id, record) pairs through COPY; the caller chose ids from next_id()."""
        with self.conn.cursor().copy(_COPY_INCIDENTS) as copy:
            for incident_id, record in records:
                copy.write_row((incident_id, *_SCALARS_OF(record), batch_id, stamp, stamp, search_words(record)))
        self._write_lists(records)

    def _write_lists(self, records: list[tuple[int, dict]]) -> None:
        if any(record["damaged"] for _, record in records):
            with self.conn.cursor().copy(_COPY_SITES) as copy:
                for incident_id, record in records:
                    for position, (kind, name) in enumerate(record["damaged"]):
                        copy.write_row((incident_id, position, kind, name))
        if any(record["sources"] for _, record in records):
            with self.conn.cursor().copy(_COPY_SOURCES) as copy:
                for incident_id, record in records:
                    for position, source in enumerate(record["sources"]):
                        copy.write_row((incident_id, position, source["url"], source["publisher"], source["published"]))

    def replace(self, incident_id: int, record: dict, *, stamp: str) -> None:
        """Overwrite a stored record (same uid); its batch stays."""
        assignments = ", ".join(f"{name} = %s" for name in SCALAR_FIELDS)
        self.conn.execute(
            f"UPDATE incidents SET {assignments}, updated_at = %s, search_words = %s::tsvector WHERE id = %s",
            [*_SCALARS_OF(record), stamp, search_words(record), incident_id],
        )
        self.conn.execute("DELETE FROM damaged_sites WHERE incident_id = %s", [incident_id])
        self.conn.execute("DELETE FROM sources WHERE incident_id = %s", [incident_id])
        self._write_lists([(incident_id, record)])

    def delete(self, incident_id: int) -> None:
        self.conn.execute("DELETE FROM incidents WHERE id = %s", [incident_id])

    @contextmanager
    def bulk_load(self, size_bytes: int | None) -> Iterator[None]:
        """For a big file into a small table: the secondary indexes dropped and
        built again at the end, inside the same transaction (one build is much
        faster than growing them row by row, and a rollback brings them back);
        statistics refreshed after, so the reports plan for the new size."""
        self.conn.execute("SET LOCAL maintenance_work_mem = '256MB'")
        bulk = is_bulk(size_bytes, self.next_id() - 1)
        deferred = self._drop_secondary_indexes() if bulk else []
        yield
        for sql in deferred:
            self.conn.execute(sql)
        if bulk:
            for table in ("incidents", "damaged_sites", "sources"):
                self.conn.execute(f"ANALYZE {table}")

    def _drop_secondary_indexes(self) -> list[str]:
        """Drop the non-unique indexes of the record tables; returns the SQL that makes them again."""
        rows = self.conn.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes AS i JOIN pg_class AS c ON c.relname = i.indexname "
            "JOIN pg_index AS x ON x.indexrelid = c.oid WHERE i.schemaname = current_schema() "
            "AND i.tablename IN ('incidents', 'damaged_sites', 'sources') AND NOT x.indisunique"
        ).fetchall()
        for name, _ in rows:
            self.conn.execute(f'DROP INDEX "{name}"')
        return [definition for _, definition in rows]

    def records(self, ids: list[int]) -> dict[int, dict]:
        found: dict[int, dict] = {}
        for start in range(0, len(ids), 5000):
            for row in self.conn.execute(_SELECT + " WHERE i.id = ANY(%s)", [ids[start : start + 5000]]):
                record = _row_to_record(row)
                found[record["id"]] = record
        return found

    # ------------------------------------------------ counted once

    def duplicate_candidates(self, ids: list[int] | None = None) -> Iterator[tuple[int, int]]:
        from harmtrack.store.pg_dedupe import candidate_pairs

        return candidate_pairs(self.conn, ids)

    def neighbours(self, record: dict) -> list[int]:
        from harmtrack.store.pg_dedupe import neighbour_ids

        return neighbour_ids(self.conn, record)

    def dismissed_pairs(self) -> set[tuple[str, str]]:
        return {
            (first, second) for first, second in self.conn.execute("SELECT first_uid, second_uid FROM dismissed_pairs")
        }

    def dismiss(self, first: str, second: str, *, stamp: str, by: str) -> None:
        low, high = sorted((first, second))
        self.conn.execute(
            "INSERT INTO dismissed_pairs (first_uid, second_uid, dismissed_at, dismissed_by) "
            "VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
            [low, high, stamp, by],
        )

    def undismiss(self, first: str, second: str) -> bool:
        low, high = sorted((first, second))
        cursor = self.conn.execute("DELETE FROM dismissed_pairs WHERE first_uid = %s AND second_uid = %s", [low, high])
        return cursor.rowcount > 0

    def fingerprint(self) -> str:
        row = self.conn.execute(
            "SELECT (SELECT count(*) FROM incidents), (SELECT max(id) FROM incidents), (SELECT max(id) FROM changes), "
            "(SELECT max(id) FROM import_batches), (SELECT count(*) FROM dismissed_pairs), (SELECT max(id) FROM merges)"
        ).fetchone()
        assert row is not None
        return ":".join("" if value is None else str(value) for value in row)

    def save_duplicate_check(self, fingerprint: str, open_groups: int, *, stamp: str) -> None:
        self.conn.execute(
            f"INSERT INTO duplicate_checks (id, checked_at, fingerprint, open_groups) "
            f"VALUES ({_NEXT.format('duplicate_checks')}, %s, %s, %s)",
            [stamp, fingerprint, open_groups],
        )

    def last_duplicate_check(self) -> tuple[str, int, str] | None:
        row = self.conn.execute(
            "SELECT fingerprint, open_groups, checked_at FROM duplicate_checks ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def aliases_of(self, uid: str) -> list[str]:
        rows = self.conn.execute("SELECT uid FROM incident_aliases WHERE incident_uid = %s ORDER BY uid", [uid])
        return [row[0] for row in rows]

    def record_merge(self, kept_uid: str, merged_uids: list[str], snapshot: dict, *, stamp: str, by: str) -> int:
        merge_id = self._one(
            f"INSERT INTO merges (id, kept_uid, merged_at, merged_by, snapshot) "
            f"VALUES ({_NEXT.format('merges')}, %s, %s, %s, %s::json) RETURNING id",
            [kept_uid, stamp, by, json.dumps(snapshot, ensure_ascii=False)],
        )
        # Aliases that pointed at a merged-away incident now point at the kept one.
        self.conn.execute(
            "UPDATE incident_aliases SET incident_uid = %s WHERE incident_uid = ANY(%s)", [kept_uid, merged_uids]
        )
        self.conn.cursor().executemany(
            "INSERT INTO incident_aliases (uid, incident_uid, merge_id) VALUES (%s, %s, %s)",
            [(uid, kept_uid, merge_id) for uid in merged_uids],
        )
        return merge_id

    def last_merge(self, kept_uid: str) -> tuple[int, dict] | None:
        row = self.conn.execute(
            "SELECT id, snapshot FROM merges WHERE kept_uid = %s AND undone_at IS NULL ORDER BY id DESC LIMIT 1",
            [kept_uid],
        ).fetchone()
        return (row[0], row[1]) if row else None

    def undo_merge(self, merge_id: int, *, stamp: str) -> None:
        snapshot = self._one("SELECT snapshot FROM merges WHERE id = %s", [merge_id])
        self.conn.execute("DELETE FROM incident_aliases WHERE merge_id = %s", [merge_id])
        for record in snapshot["merged"]:
            for alias in record.get("merged_uids", []):
                self.conn.execute(
                    "UPDATE incident_aliases SET incident_uid = %s WHERE uid = %s", [record["uid"], alias]
                )
        self.conn.execute("UPDATE merges SET undone_at = %s WHERE id = %s", [stamp, merge_id])

    # ------------------------------------------------ change log and batches

    def begin_batch(self, file_name: str, format: str, started_at: str, imported_by: str) -> int:
        return self._one(
            f"INSERT INTO import_batches (id, file_name, sha256, format, started_at, imported_by) "
            f"VALUES ({_NEXT.format('import_batches')}, %s, '', %s, %s, %s) RETURNING id",
            [file_name, format, started_at, imported_by],
        )

    def finish_batch(self, batch_id: int, counts: BatchCounts) -> None:
        self.conn.execute(
            "UPDATE import_batches SET sha256 = %s, finished_at = %s, imported = %s, updated = %s, skipped = %s, "
            "rejected = %s WHERE id = %s",
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
        row = self.conn.execute(
            f"SELECT {_BATCH_COLUMNS} FROM import_batches AS b WHERE b.sha256 = %s AND b.id != %s "
            "AND b.finished_at IS NOT NULL ORDER BY b.id LIMIT 1",
            [sha256, batch_id],
        ).fetchone()
        return Batch(*row) if row else None

    def batch(self, batch_id: int) -> Batch | None:
        if not 0 < batch_id <= MAX_ID:
            return None
        row = self.conn.execute(
            f"SELECT {_BATCH_COLUMNS} FROM import_batches AS b WHERE b.id = %s", [batch_id]
        ).fetchone()
        return Batch(*row) if row else None

    def batch_of(self, uid: str) -> Batch | None:
        row = self.conn.execute(
            f"SELECT {_BATCH_COLUMNS} FROM incidents AS i JOIN import_batches AS b ON b.id = i.batch_id "
            "WHERE i.uid = %s",
            [uid],
        ).fetchone()
        return Batch(*row) if row else None

    # ---------------------------------------------- vocabularies and places

    def vocabulary(self) -> VocabularyRows:
        tables = {
            table: [tuple(row) for row in self.conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY seq")]
            for table, columns in VOCABULARY_TABLES.items()
        }
        return VocabularyRows(**(with_shipped(tables) if self.vocabulary_pending else tables))

    def add_vocabulary(self, table: str, rows: Iterable[tuple[str, ...]]) -> None:
        """Add rows to a vocabulary table; a row whose key is taken (case aside
        for aliases) is left out, so a team's own entries are never changed."""
        columns = VOCABULARY_TABLES[table]  # a fixed name, never user text
        marks = ", ".join("%s" for _ in columns)
        self.conn.cursor().executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) ON CONFLICT DO NOTHING", list(rows)
        )

    def place_aliases(self) -> list[tuple[str, str, str]]:
        rows = self.conn.execute("SELECT kind, alias, canonical FROM place_aliases ORDER BY kind, lower(alias)")
        return [(kind, alias, canonical) for kind, alias, canonical in rows]

    def put_place_alias(self, kind: str, alias: str, canonical: str, stamp: str) -> None:
        self.conn.execute(
            "INSERT INTO place_aliases (kind, alias, canonical, created_at) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (kind, lower(alias)) DO UPDATE SET canonical = excluded.canonical",
            [kind, alias, canonical, stamp],
        )

    def place_counts(self, kind: str) -> list[tuple[str, int]]:
        column = place_column(kind)
        rows = self.conn.execute(
            f"SELECT {column}, count(*) FROM incidents WHERE {column} IS NOT NULL "
            f"GROUP BY {column} ORDER BY count(*) DESC, {column}"
        )
        return [(name, count) for name, count in rows]

    def ids_with_place(self, kind: str, name: str) -> list[int]:
        column = place_column(kind)
        rows = self.conn.execute(f"SELECT id FROM incidents WHERE {column} = %s ORDER BY id", [name])
        return [row[0] for row in rows]

    # -------------------------------------------------------------- reports

    def group_totals(self, filters: Filters, group: str, *, period: str = "month") -> list[dict]:
        return pg_reports.group_totals(self.conn, filters, group, period)

    def matrix_cells(self, filters: Filters) -> list[dict]:
        return pg_reports.matrix_cells(self.conn, filters)

    def site_totals(self, filters: Filters) -> tuple[list[dict], dict]:
        return pg_reports.site_totals(self.conn, filters)

    def backup(self, target: Path) -> None:
        """Refused: a PostgreSQL database is copied with PostgreSQL's own tool."""
        raise HarmtrackError(
            f"backup copies a SQLite file; back up {shown(self.url)} with PostgreSQL's own tool: "
            f"pg_dump --format=custom --file={target} '{shown(self.url)}' (pg_restore brings it back)"
        )


def where_clause(filters: Filters, alias: str = "i") -> tuple[str, list]:
    """The WHERE clause of the filters; every value is bound, never spliced.
    Names compare as SQLite's NOCASE does: lower() of "C" text folds ASCII only."""
    clauses: list[str] = []
    params: list = []
    if filters.since:
        clauses.append(f"{alias}.date >= %s::date")
        params.append(filters.since)
    if filters.until:
        clauses.append(f"{alias}.date <= %s::date")
        params.append(filters.until)
    for name in ("country", "region", "city", "weapon"):
        value = getattr(filters, name)
        if value:
            clauses.append(f'lower({alias}.{name}) = lower(%s::text COLLATE "C")')
            params.append(value)
    if filters.statuses:
        clauses.append(f"{alias}.status = ANY(%s::text[])")
        params.append(list(filters.statuses))
    if filters.search:
        wanted = words(filters.search)
        # Every word, as a tsquery of plain lexemes (words hold only letters and digits).
        clauses.append(f"{alias}.search_words @@ %s::tsquery" if wanted else "FALSE")
        if wanted:
            params.append(" & ".join(wanted))
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def words(text: str) -> list[str]:
    """The words of a text as SQLite's FTS5 (unicode61, remove_diacritics 2)
    indexes them: runs of letters and digits, lower case, accents removed
    from Latin letters. (A quoted multi-word term matches its words anywhere
    in the record here, where FTS5 wants them side by side.)"""
    return _TOKEN.findall(text.lower().translate(_without_diacritics()))


@cache
def _without_diacritics() -> dict[int, str | None]:
    """Latin letters with diacritics to their base letters, and combining marks removed."""
    table: dict[int, str | None] = dict.fromkeys(range(0x300, 0x370))
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        base = "".join(char for char in unicodedata.normalize("NFD", chr(code)) if not unicodedata.combining(char))
        if base and base != chr(code):
            table[code] = base
    return table


def search_words(record: dict) -> str:
    """A record's searchable words, as its search_words tsvector is written."""
    found = {word for value in _SEARCHED_OF(record) if value for word in words(value) if len(word) <= LONGEST_WORD}
    return " ".join(found)


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _row_to_record(row: tuple) -> dict:
    return record_from_row(row[:-2], row[-2], row[-1])

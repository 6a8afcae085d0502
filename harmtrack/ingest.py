"""Import: validate every row, write them all in one transaction, or nothing.

One streaming pass: each row is validated and written inside a single open
write transaction (BEGIN IMMEDIATE), and the transaction is rolled back at the
end if any row was invalid (unless --skip-invalid) or this is a dry run. So
an import is all-or-nothing, yet memory does not grow with the file: no row
is kept once written.

Every import is recorded as a batch (file name, sha256, format, time, counts)
and every record it writes carries the batch id. A row whose uid is already
stored is skipped, updated or refused (`--on-conflict`); an update writes the
fields that differ to the change log. A row without a uid gets one derived
from its content, so importing the same file twice adds nothing twice.
"""

import csv
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

from sqlite_utils import Database

from harmtrack import incidents, model, places, vocab
from harmtrack.errors import FieldError, HarmtrackError
from harmtrack.io.canonical import record_cells
from harmtrack.io.readers import Row
from harmtrack.store import write_transaction

MAX_SHOWN = 20
CHUNK_ROWS = 500
IMPORT_CACHE_KIB = 32 * 1024
BULK_BYTES = 8 << 20
SORT_CACHE_KIB = 8 * 1024
BYTES_PER_ROW = 300
# uuid5(NAMESPACE_URL, "https://harmtrack/#row-without-uid"): a row without a
# uid gets uuid5(this, its content), the same on every import of that row.
CONTENT_NAMESPACE = uuid.UUID("37263055-7a2b-5685-8c51-980550767218")


class Conflict(StrEnum):
    skip = "skip"
    update = "update"
    error = "error"


@dataclass(frozen=True)
class Options:
    on_conflict: Conflict = Conflict.skip
    skip_invalid: bool = False
    dry_run: bool = False
    order: model.DateOrder = field(default_factory=model.DateOrder)
    rejects: Path | None = None


@dataclass
class Result:
    file_name: str
    format: str
    imported: int = 0
    updated: int = 0
    skipped: int = 0
    rejected: int = 0
    left_out: int = 0
    left_out_note: str = ""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    warning_count: int = 0
    notes: list[str] = field(default_factory=list)
    batch_id: int | None = None
    sha256: str = ""
    seconds: float = 0.0

    def summary(self, *, dry_run: bool = False) -> str:
        verb = "would import" if dry_run else "imported"
        text = (
            f"{verb} {self.imported:,} incident{'' if self.imported == 1 else 's'}: "
            f"{self.updated:,} updated, {self.skipped:,} skipped, {self.rejected:,} rejected in {self.seconds:.1f} s"
        )
        if dry_run:
            text = "dry run: " + text + "; nothing was written"
        return text

    def more_errors(self) -> int:
        return self.rejected - len(self.errors)


class ImportRefused(HarmtrackError):
    """Invalid rows and no --skip-invalid: nothing was written."""

    def __init__(self, result: Result):
        self.result = result
        rows = f"{result.rejected:,} invalid row{'' if result.rejected == 1 else 's'}"
        super().__init__(
            f"{rows} in {result.file_name}; nothing was imported (fix them, or --skip-invalid imports the valid rows)"
        )


class _DryRun(Exception):
    pass


class _PlaceNames:
    """Place names in canonical form (places.py), one resolver and its cache
    per import; each warning is kept with the row that caused it."""

    def __init__(self, db: Database, result: Result):
        self.resolver = places.resolver_for(db.conn)
        self.result = result

    def __call__(self, record: dict, location: str) -> dict:
        for warning in places.normalise_record(record, self.resolver):
            self.result.warning_count += 1
            if len(self.result.warnings) < MAX_SHOWN:
                self.result.warnings.append(f"{location}: {warning}")
        return record


def content_uid(record: dict) -> str:
    """The uid of a row that has none: the same content gives the same uid."""
    cells = record_cells(record)[1:]
    return str(uuid.uuid5(CONTENT_NAMESPACE, "\x1f".join(cells)))


def run(
    db: Database,
    reader,
    options: Options,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Result:
    """Import every row of `reader` into `db`; see the module's docstring."""
    started = time.perf_counter()
    result = Result(file_name=reader.source.name, format=str(reader.format), left_out_note=reader.left_out_note)
    rejects = _Rejects(options.rejects, reader.columns) if options.rejects else None
    cache = db.conn.execute("PRAGMA cache_size").fetchone()[0]
    # A big import inserts into the uid and date indexes all over: a larger
    # page cache (bounded, so memory does not grow with the file) halves the time.
    db.conn.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")
    try:
        with write_transaction(db):
            _run(db, reader, options, result, rejects, progress)
            result.seconds = time.perf_counter() - started
            if result.rejected and not options.skip_invalid:
                raise ImportRefused(result)
            if options.dry_run:
                raise _DryRun
            _finish_batch(db, result)
    except _DryRun:
        pass
    finally:
        db.conn.execute(f"PRAGMA cache_size = {int(cache)}")
        if rejects:
            rejects.close()
    return result


def _run(db: Database, reader, options: Options, result: Result, rejects, progress) -> None:
    vocabularies = vocab.load(db)
    today = date.today()
    order = options.order
    stamp = incidents.now()
    column_of = getattr(reader, "column_of", {})
    result.batch_id = db.conn.execute(
        "INSERT INTO import_batches (file_name, sha256, format, started_at, imported_by) VALUES (?, '', ?, ?, ?)",
        [
            Path(result.file_name).name if result.file_name != "<stdin>" else "-",
            result.format,
            stamp,
            incidents.current_user(),
        ],
    ).lastrowid
    writer = _Writer(db, result.batch_id, stamp, _PlaceNames(db, result))
    deferred = _defer_indexes(db, reader.source.size, writer.next_id - 1)
    conflict = options.on_conflict
    source = reader.source

    def reject(row: Row, problem: str) -> None:
        result.rejected += 1
        if len(result.errors) < MAX_SHOWN:
            result.errors.append(f"{row.location}: {problem}")
        if rejects:
            rejects.write(row.cells, problem)

    def settle(row: Row, raw: dict, record: dict, existing: int | None) -> None:
        if existing is None:
            writer.add(writer.prepare(record, row.location))
            result.imported += 1
        elif conflict is Conflict.skip:
            result.skipped += 1
        elif conflict is Conflict.error:
            reject(
                row,
                f"uid {record['uid']} is already stored (incident {existing}); "
                "--on-conflict skip leaves it, --on-conflict update replaces it",
            )
        else:
            try:
                changed = writer.update(existing, raw, row.location, vocabularies, order, today)
            except FieldError as error:
                reject(row, _problem(error, column_of) + " (merged with the stored incident)")
                return
            if changed:
                result.updated += 1
            else:
                result.skipped += 1

    def settle_chunk() -> None:
        stored = writer.stored_ids([record["uid"] for _, _, record in chunk])
        for row, raw, record in chunk:
            uid = record["uid"]
            settle(row, raw, record, stored.get(uid) or writer.added.get(uid))
        chunk.clear()

    chunk: list[tuple[Row, dict, dict]] = []
    count = 0
    for row in reader.rows(vocabularies):
        count += 1
        if progress is not None and not count % 1024:
            progress(source.bytes_read, count)
        if row.warnings:
            result.warning_count += len(row.warnings)
            for warning in row.warnings:
                if len(result.warnings) < MAX_SHOWN:
                    result.warnings.append(f"{row.location}: {warning}")
        if row.error:
            reject(row, row.error)
            continue
        raw = row.raw
        try:
            record = model.validate(raw, vocabularies, order=order, today=today)
        except FieldError as error:
            reject(row, _problem(error, column_of))
            continue
        uid = raw.get("uid")
        if uid is None or (isinstance(uid, str) and not uid.strip()):
            record["uid"] = content_uid(record)
        chunk.append((row, raw, record))
        if len(chunk) >= CHUNK_ROWS:
            settle_chunk()
    settle_chunk()
    writer.flush()
    if deferred:
        db.conn.execute(f"PRAGMA cache_size = {-SORT_CACHE_KIB}")
        for sql in deferred:
            db.conn.execute(sql)
    result.left_out = reader.left_out
    result.sha256 = source.sha256()
    if progress is not None:
        progress(source.bytes_read, count)
    earlier = db.conn.execute(
        "SELECT id, finished_at FROM import_batches WHERE sha256 = ? AND id != ? AND finished_at IS NOT NULL "
        "ORDER BY id LIMIT 1",
        [result.sha256, result.batch_id],
    ).fetchone()
    if earlier:
        result.notes.append(f"this file was imported before (batch {earlier[0]}, {earlier[1]})")


def _defer_indexes(db: Database, size: int | None, stored: int) -> list[str]:
    """For a bulk load (a big file into a small table), drop the secondary
    indexes and return the SQL that recreates them at the end, inside the same
    transaction: building an index once is much faster than growing it row by
    row, and a rollback brings the indexes back with everything else.

    The unique indexes (uid) stay: every row is looked up by uid."""
    if size is None or size < BULK_BYTES or size // BYTES_PER_ROW < stored:
        return []
    indexes = db.conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "AND tbl_name IN ('incidents', 'damaged_sites', 'sources') AND sql NOT LIKE 'CREATE UNIQUE%'"
    ).fetchall()
    for name, _ in indexes:
        db.conn.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in indexes]


def _problem(error: FieldError, column_of: dict) -> str:
    column = column_of.get(error.field)
    if column:
        return f"field '{error.field}' (column '{column}'): {error.problem}"
    return str(error)


def _finish_batch(db: Database, result: Result) -> None:
    db.conn.execute(
        "UPDATE import_batches SET sha256 = ?, finished_at = ?, imported = ?, updated = ?, skipped = ?, rejected = ? "
        "WHERE id = ?",
        [
            result.sha256,
            incidents.now(),
            result.imported,
            result.updated,
            result.skipped,
            result.rejected,
            result.batch_id,
        ],
    )


class _Writer:
    """New records are written in chunks with executemany. Ids are chosen
    here, above every stored one (the write lock is held), so a record's
    sites and sources can go in the same chunk."""

    def __init__(self, db: Database, batch_id: int, stamp: str, prepare: Callable[[dict, str], dict]):
        self.db = db
        self.batch_id = batch_id
        self.prepare = prepare
        self.stamp = stamp
        self.pending: list[tuple[int, dict]] = []
        self.added: dict[str, int] = {}
        self.next_id = db.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM incidents").fetchone()[0]

    def stored_ids(self, uids: list[str]) -> dict[str, int]:
        """uid -> id of those already stored; `added` holds the chunk's own.

        Called once per chunk: it also forgets the previous chunk's uids, which
        are in the database by then."""
        self.flush()
        self.added.clear()
        if not uids:
            return {}
        marks = ", ".join("?" for _ in uids)
        return dict(self.db.conn.execute(f"SELECT uid, id FROM incidents WHERE uid IN ({marks})", uids))

    def add(self, record: dict) -> None:
        self.pending.append((self.next_id, record))
        self.added[record["uid"]] = self.next_id
        self.next_id += 1

    def flush(self) -> None:
        if self.pending:
            incidents.insert_many(self.db, self.pending, batch_id=self.batch_id, stamp=self.stamp)
            self.pending.clear()

    def update(self, incident_id: int, raw: dict, location: str, vocabularies, order, today) -> bool:
        """Overwrite the fields the row gives; True when anything changed."""
        self.flush()
        stored = incidents.get(self.db, incident_id)
        merged = incidents.to_json(stored)
        merged.update(raw)
        if "date" in raw and "date_precision" not in raw:
            merged["date_precision"] = None
        merged["uid"] = stored["uid"]
        record = self.prepare(model.validate(merged, vocabularies, order=order, today=today), location)
        before, after = incidents.diff(stored, record)
        if not after:
            return False
        incidents.replace(self.db, incident_id, record, batch_id=self.batch_id)
        incidents.log_change(self.db, stored["uid"], "update", before=before, after=after, batch_id=self.batch_id)
        return True


class _Rejects:
    """The rejected rows, as read, with the reason: a CSV only its owner can read."""

    def __init__(self, path: Path, columns):
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.fchmod(fd, 0o600)
        except OSError as error:
            raise HarmtrackError(f"cannot write the rejects file {path}: {error.strerror}") from None
        self.stream = open(fd, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed by close()
        self.writer = csv.writer(self.stream, lineterminator="\n")
        self.writer.writerow([*columns, "error"])

    def write(self, cells: list, problem: str) -> None:
        self.writer.writerow([*cells, problem])

    def close(self) -> None:
        self.stream.close()

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
import gc
import time
import uuid
from array import array
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from harmtrack.dates import DateOrder
from harmtrack.errors import FieldError, HarmtrackError
from harmtrack.io.base import Reader, Row
from harmtrack.io.canonical import record_cells
from harmtrack.io.formats import Conflict
from harmtrack.recording import Recorder, current_user, now
from harmtrack.safe_files import PrivateFile
from harmtrack.store.contract import BatchCounts, Store

MAX_SHOWN = 20
CHUNK_ROWS = 500
LOOKALIKE_ROWS = 5_000  # an import of more new rows leaves the comparison to `harmtrack dedupe`
# Many incidents of one city and day (a shelled front-line town) make the
# candidate pairs grow with the square of their number: the import looks at
# this many and leaves the rest to `harmtrack dedupe`.
LOOKALIKE_PAIRS = 20_000
# uuid5(NAMESPACE_URL, "https://harmtrack/#row-without-uid"): a row without a
# uid gets uuid5(this, its content), the same on every import of that row.
CONTENT_NAMESPACE = uuid.UUID("37263055-7a2b-5685-8c51-980550767218")


@dataclass(frozen=True)
class Options:
    on_conflict: Conflict = Conflict.skip
    skip_invalid: bool = False
    dry_run: bool = False
    dayfirst: bool | None = None  # the numeric date order a flag gave; None: the file's own dates decide
    rejects: Path | None = None


class DateOrderUndecided(HarmtrackError):
    """Numeric dates that read both ways, and no date in the file says which."""

    def __init__(self, file_name: str, where: str, text: str):
        self.where, self.text = where, text
        super().__init__(
            f"{where}: '{text}' could be read day first or month first, and no date in {file_name} says which; "
            "nothing was imported"
        )


class _SecondPass(Exception):
    """The first pass found the file's date order only after refusing dates that read both ways."""

    def __init__(self, order: DateOrder):
        self.order = order


@dataclass
class Result:
    file_name: str
    format: str
    imported: int = 0
    updated: int = 0
    skipped: int = 0
    rejected: int = 0
    discounted: int = 0
    left_out: int = 0
    left_out_note: str = ""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    warning_count: int = 0
    notes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # after the commit: the data is stored
    lookalikes: list[str] = field(default_factory=list)  # new rows that look like stored incidents
    batch_id: int | None = None
    sha256: str = ""
    seconds: float = 0.0

    def summary(self, *, dry_run: bool = False) -> str:
        verb = "would import" if dry_run else "imported"
        text = (
            f"{verb} {self.imported:,} incident{'' if self.imported == 1 else 's'}: "
            f"{self.updated:,} updated, {self.skipped:,} skipped, {self.rejected:,} rejected"
            + (f", {self.discounted:,} discounted" if self.discounted else "")
            + f" in {self.seconds:.1f} s"
        )
        if dry_run:
            text = "dry run: " + text + "; nothing was written"
        return text

    def more_errors(self) -> int:
        return self.rejected - len(self.errors)


class ImportRefused(HarmtrackError):
    """Invalid rows, and the options did not say to skip them: nothing was written."""

    def __init__(self, result: Result):
        self.result = result
        rows = f"{result.rejected:,} invalid row{'' if result.rejected == 1 else 's'}"
        super().__init__(f"{rows} in {result.file_name}; nothing was imported")


class _DryRun(Exception):
    pass


class _Warnings:
    """Warnings kept with the row that caused them: the first MAX_SHOWN in
    full, the rest counted."""

    def __init__(self, result: Result):
        self.result = result

    def add(self, location: str, warnings) -> None:
        for warning in warnings:
            self.result.warning_count += 1
            if len(self.result.warnings) < MAX_SHOWN:
                self.result.warnings.append(f"{location}: {warning}")


def content_uid(record: dict) -> str:
    """The uid of a row that has none: the same content gives the same uid."""
    cells = record_cells(record)[1:]
    return str(uuid.uuid5(CONTENT_NAMESPACE, "\x1f".join(cells)))


def run(
    store: Store,
    open_reader: Callable[[DateOrder], Reader],
    options: Options,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Result:
    """Import every row of the reader `open_reader` gives into `store`; see
    the module's docstring. The reader is opened with the file's date order;
    when the file's own dates settle that order only after some rows were
    refused for reading both ways, nothing is kept and the file is read again."""
    started = time.perf_counter()
    order = DateOrder(options.dayfirst)
    with fewer_collections():
        try:
            return _run_pass(store, open_reader, order, options, progress, started)
        except _SecondPass as second:
            return _run_pass(store, open_reader, second.order, options, progress, started)


# Young objects the cyclic collector lets pile up before it looks at them, while an import runs.
YOUNG_OBJECTS = 100_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Fewer runs of the cyclic garbage collector while rows are loaded.

    Every row makes a handful of dicts, lists and tuples that live until its
    chunk is written, so the collector (by default after every 700 new
    objects) walks the same young objects again and again, and each full
    collection walks everything start-up made too. Start-up's objects are
    frozen out of its sight and it waits for 100,000 new objects instead:
    about 5% of a 100,000-row import (bench/README.md). A row's objects are
    freed by reference counting, not by the collector, so memory does not grow."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS, threshold[1], threshold[2])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _run_pass(
    store: Store,
    open_reader: Callable[[DateOrder], Reader],
    order: DateOrder,
    options: Options,
    progress: Callable[[int, int], None] | None,
    started: float,
) -> Result:
    reader = open_reader(order)
    result = Result(file_name=reader.source.name, format=str(reader.format), left_out_note=reader.left_out_note)
    rejects = _Rejects(options.rejects, reader.columns) if options.rejects else None
    finished = False
    try:
        with store.write():
            _load(store, reader, order, options, result, rejects, progress)
            undecided = order.undecided()
            if undecided is not None:
                raise DateOrderUndecided(result.file_name, *undecided)
            if order.needs_second_pass():
                raise _SecondPass(order.settled())
            result.seconds = time.perf_counter() - started
            if result.rejected and not options.skip_invalid:
                raise ImportRefused(result)
            if options.dry_run:
                raise _DryRun
            assert result.batch_id is not None
            counts = BatchCounts(result.sha256, now(), result.imported, result.updated, result.skipped, result.rejected)
            store.finish_batch(result.batch_id, counts)
        finished = True
    except _DryRun:
        finished = True
    except (ImportRefused, DateOrderUndecided):
        finished = True  # the rejects file says why, for the person fixing the file
        raise
    finally:
        reader.source.close()
        if rejects:
            _close_rejects(rejects, result, keep=finished)
    return result


def _close_rejects(rejects: "_Rejects", result: Result, *, keep: bool) -> None:
    """Once the import has committed, a rejects file that cannot be written is
    a warning: the data is stored, and a retry would only skip it."""
    try:
        rejects.close(keep=keep)
    except OSError as error:
        result.failures.append(f"the rejects file {rejects.file.target} could not be written ({error.strerror})")


def _load(store: Store, reader: Reader, order: DateOrder, options: Options, result: Result, rejects, progress) -> None:
    recorder = Recorder(store, order=order, today=date.today())
    stamp = now()
    file_name = Path(result.file_name).name if result.file_name != "<stdin>" else "-"
    result.batch_id = store.begin_batch(file_name, result.format, stamp, current_user())
    loader = _Loader(recorder, result, rejects, options.on_conflict, reader.column_of, stamp)
    source = reader.source
    count = 0
    with store.bulk_load(source.size):
        for row in reader.rows(recorder.vocabularies):
            count += 1
            if progress is not None and not count % 1024:
                progress(source.bytes_read, count)
            order.where = row.location
            loader.take(row)
        loader.finish()
    result.lookalikes = _lookalikes(store, recorder, loader)
    result.left_out += reader.left_out
    result.sha256 = source.sha256()
    if progress is not None:
        progress(source.bytes_read, count)
    earlier = store.earlier_batch(result.sha256, result.batch_id)
    if earlier:
        result.notes.append(f"this file was imported before (batch {earlier.id}, {earlier.finished_at})")


class _Loader:
    """Rows to records, in chunks of CHUNK_ROWS: each chunk's uids are looked
    up at once, new records are written together with executemany, and a uid
    already stored is skipped, updated or refused (the conflict policy).

    Ids for new records are chosen here, above every stored one (the write
    lock is held), so a record's sites and sources go in the same chunk."""

    def __init__(
        self,
        recorder: Recorder,
        result: Result,
        rejects: "_Rejects | None",
        conflict: Conflict,
        column_of: Mapping[str, str],
        stamp: str,
    ):
        self.recorder = recorder
        self.store = recorder.store
        self.result = result
        self.rejects = rejects
        self.conflict = conflict
        self.column_of = column_of
        self.stamp = stamp
        self.warnings = _Warnings(result)
        self.chunk: list[tuple[Row, dict, dict]] = []
        self.pending: list[tuple[int, dict]] = []
        self.added: dict[str, int] = {}
        self.next_id = self.store.next_id()
        # Into an empty table, only this import's own rows can hold a chunk's uids.
        self.own_uids = _UidFilter() if self.next_id == 1 else None
        # The line of this file that first named each incident, by id (0: none
        # yet), so a uid repeated in the file is refused naming both lines.
        self.first_line = array("L", [0]) * self.next_id

    def take(self, row: Row) -> None:
        if row.warnings:
            self.warnings.add(row.location, row.warnings)
        raw = row.raw
        if row.out_of_scope is not None and raw is not None:
            self.out_of_scope(row, str(raw["uid"]), row.out_of_scope)
            return
        if row.error or raw is None:
            self.reject(row, row.error or "no record")
            return
        try:
            record = self.recorder.validate(raw)
        except FieldError as error:
            self.reject(row, _problem(error, self.column_of))
            return
        uid = raw.get("uid")
        if uid is None or (isinstance(uid, str) and not uid.strip()):
            record["uid"] = content_uid(record)
        self.chunk.append((row, raw, record))
        if len(self.chunk) >= CHUNK_ROWS:
            self.settle_chunk()

    def finish(self) -> None:
        self.settle_chunk()
        self.flush()

    def reject(self, row: Row, problem: str) -> None:
        self.result.rejected += 1
        if len(self.result.errors) < MAX_SHOWN:
            self.result.errors.append(f"{row.location}: {problem}")
        if self.rejects:
            self.rejects.write(row.cells, problem)

    def settle_chunk(self) -> None:
        """Settle each row of the chunk against the uids already stored.
        The previous chunk's records are written first, so the look-up sees them."""
        self.flush()
        self.added.clear()
        uids = [record["uid"] for _, _, record in self.chunk]
        stored = self.store.ids_for_uids(uids if self.own_uids is None else self.own_uids.maybe(uids))
        merged = self.store.ids_for_aliases(uids)  # uids of reports merged into another incident
        for row, raw, record in self.chunk:
            uid = record["uid"]
            if uid in merged:
                self.settle_merged(row, raw, merged[uid])
            else:
                self.settle(row, raw, record, stored.get(uid) or self.added.get(uid))
        self.chunk.clear()

    def settle_merged(self, row: Row, raw: dict, incident_id: int) -> None:
        """A row of a report merged into another incident: that incident is
        skipped or updated by the conflict policy, never re-created."""
        if self.conflict is Conflict.update:
            self.update(row, raw, incident_id)
        else:
            self.result.skipped += 1

    def settle(self, row: Row, raw: dict, record: dict, existing: int | None) -> None:
        if existing is None:
            notes = self.recorder.place(record)
            if notes:
                self.warnings.add(row.location, notes)
            self.pending.append((self.next_id, record))
            self.added[record["uid"]] = self.next_id
            if self.own_uids is not None:
                self.own_uids.add(record["uid"])
            self.first_line.append(_line_of(row))
            self.next_id += 1
            self.result.imported += 1
        elif self.repeated(row, record["uid"], existing):
            return
        elif self.conflict is Conflict.skip:
            self.result.skipped += 1
        elif self.conflict is Conflict.error:
            self.reject(
                row,
                f"uid {record['uid']} is already stored (incident {existing}); "
                "--on-conflict skip leaves it, --on-conflict update replaces it",
            )
        else:
            self.update(row, raw, existing)

    def repeated(self, row: Row, uid: str, incident_id: int) -> bool:
        """Refuse a row whose uid an earlier line of this file gave (one uid, one incident)."""
        first = self.first_line[incident_id]
        if not first:
            self.first_line[incident_id] = _line_of(row)
            return False
        self.reject(row, f"uid {uid} is also on line {first} of this file; a uid names one incident")
        return True

    def out_of_scope(self, row: Row, uid: str, reason: str) -> None:
        """The dataset now leaves this event out: a stored incident becomes
        discounted, with the reason in its history; anything else is left out."""
        self.flush()
        incident_id = self.store.id_for_uid(uid)
        if incident_id is None:
            self.result.left_out += 1
            return
        if self.repeated(row, uid, incident_id):
            return
        stored = self.recorder.stored(incident_id)
        if stored["status"] == "discounted":
            self.result.skipped += 1
            return
        after = dict(stored, status="discounted")
        self.recorder.replace(incident_id, stored, after, action="update", batch_id=self.result.batch_id, reason=reason)
        self.result.discounted += 1

    def update(self, row: Row, raw: dict, incident_id: int) -> None:
        """Write the fields the row gives over the stored record (the change log keeps the old values)."""
        self.flush()
        stored = self.recorder.stored(incident_id)
        # The uid found the incident; it may be one merged into it (an alias).
        fields = {name: value for name, value in raw.items() if name != "uid"}
        try:
            after, notes = self.recorder.merged(stored, fields)
        except FieldError as error:
            self.reject(row, _problem(error, self.column_of) + " (merged with the stored incident)")
            return
        self.warnings.add(row.location, notes)
        _, changed = self.recorder.replace(incident_id, stored, after, action="update", batch_id=self.result.batch_id)
        if changed:
            self.result.updated += 1
        else:
            self.result.skipped += 1

    def flush(self) -> None:
        if self.pending:
            self.recorder.insert_many(self.pending, batch_id=self.result.batch_id, stamp=self.stamp)
            self.pending.clear()


class _UidFilter:
    """The uids an import into an empty table has added, as a Bloom filter
    (2 MiB, two bits a uid): `maybe` keeps every uid added and, at a million
    uids, about 1.5% of the others, so a chunk looks up only those instead of
    all its uids. The answer still comes from the table."""

    BITS = 1 << 24

    def __init__(self) -> None:
        self.bits = bytearray(self.BITS >> 3)

    def add(self, uid: str) -> None:
        key = hash(uid)
        first, second = key & (self.BITS - 1), (key >> 32) & (self.BITS - 1)
        self.bits[first >> 3] |= 1 << (first & 7)
        self.bits[second >> 3] |= 1 << (second & 7)

    def maybe(self, uids: list[str]) -> list[str]:
        bits, mask, found = self.bits, self.BITS - 1, []
        for uid in uids:
            key = hash(uid)
            first, second = key & mask, (key >> 32) & mask
            if bits[first >> 3] >> (first & 7) & 1 and bits[second >> 3] >> (second & 7) & 1:
                found.append(uid)
        return found


def _lookalikes(store: Store, recorder: Recorder, loader: "_Loader") -> list[str]:
    """New rows that look like incidents already stored (or like each other),
    in words; nothing is merged: a person decides with `harmtrack dedupe`."""
    from harmtrack import dedupe

    first_new = len(loader.first_line) - loader.result.imported
    added = len(loader.first_line) - first_new
    if not added:
        return []
    if added > LOOKALIKE_ROWS:  # said before any list of ids is made: a million of them is 36 MiB
        return [f"{added:,} new incidents were not compared with the stored ones: harmtrack dedupe does it"]
    new_ids = list(range(first_new, len(loader.first_line)))
    judged = [0]

    def count(compared: int) -> None:
        judged[0] = compared

    pairs, _ = dedupe.find_pairs(
        store, ids=new_ids, classes=recorder.vocabularies.weapon_classes, progress=count, budget=LOOKALIKE_PAIRS
    )
    lines = []
    for first, second, _, reasons in pairs:
        # the later one is new; the earlier is stored, or an earlier line of this file
        earlier = f"line {loader.first_line[first]}" if first >= first_new else f"incident {first}"
        lines.append(f"line {loader.first_line[second]} looks like {earlier}: {'; '.join(reasons)}; harmtrack dedupe")
    if judged[0] >= LOOKALIKE_PAIRS:  # said first, so a shortened list still says it
        lines.insert(0, f"only the first {judged[0]:,} likely pairs were compared: harmtrack dedupe compares them all")
    return lines


def _line_of(row: Row) -> int:
    """The line number in a row's FILE:LINE location."""
    number = row.location.rpartition(":")[2]
    return int(number) if number.isdigit() else 0


def _problem(error: FieldError, column_of: Mapping[str, str]) -> str:
    column = column_of.get(error.field)
    if column:
        return f"field '{error.field}' (column '{column}'): {error.problem}"
    return str(error)


class _Rejects:
    """The rejected rows, as read, with the reason: a CSV only its owner can
    read, written beside the target and put in its place when complete (the
    caller checked the target with safe_files.check_target)."""

    def __init__(self, path: Path, columns):
        self.file = PrivateFile(path)
        self.stream = open(self.file.fd, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed by close()
        self.writer = csv.writer(self.stream, lineterminator="\n")
        self.writer.writerow([*columns, "error"])

    def write(self, cells: list, problem: str) -> None:
        self.writer.writerow([*cells, problem])

    def close(self, *, keep: bool) -> None:
        """Put the file in place (`keep`), or remove it (a pass that is read again)."""
        try:
            self.stream.close()
            if keep:
                self.file.commit()
        finally:
            if not keep:
                self.file.discard()

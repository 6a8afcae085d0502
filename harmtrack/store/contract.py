"""What a storage engine gives the rest of harmtrack: the `Store` contract.

Nothing outside `harmtrack/store/` runs SQL. Services (the write pipeline in
recording.py, import in ingest.py, the reports, places and vocabularies) talk
to one handle that implements `Store`; SQLite (`sqlite_store.SqliteStore`) is
the engine today, and a second engine implements the same methods with the
same meaning. The rules every engine keeps:

- Records cross the boundary as plain dicts in the shape of `model.validate()`:
  every field of `model.FIELDS`, `damaged` a list of (kind, name) pairs,
  `sources` a list of {url, publisher, published} dicts; read records also
  carry their numeric `id`.
- Writes happen only inside `write()`, one transaction that takes the write
  lock at its start (so concurrent writers queue instead of failing halfway)
  and commits on a normal exit or rolls back on any exception; a `write()`
  inside another joins it. The methods that write assume the caller holds it;
  the store never commits on its own.
- Reads stream where a result can be large (`select`), and return small lists
  otherwise. Filters are always bound as parameters, never spliced into SQL.
- The engine owns its schema (versioned migrations) and merges the vocabulary
  that ships with harmtrack (`harmtrack/data/vocabulary.json`) when a database
  is opened for writing, adding what is new and never changing or removing a
  team's own entries.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from harmtrack.errors import HarmtrackError

# The figures of every report group, as group_totals() and matrix_cells() name them.
# REPORT_COUNTS are the report's columns after the group (SPEC "Report columns").
REPORT_COUNTS = (
    "incidents",
    "killed",
    "injured",
    "children_killed",
    "children_injured",
    "killed_unknown",
    "injured_unknown",
    "children_killed_unknown",
    "children_injured_unknown",
)
REPORT_RANGES = ("killed_low", "killed_high", "killed_ranged", "injured_low", "injured_high", "injured_ranged")
REPORT_EXTRA = ("casualties_unknown",)
REPORT_FIGURES = REPORT_COUNTS + REPORT_RANGES + REPORT_EXTRA
# The figures that sum known values: None (unknown, never 0) in a group where
# no incident has a known value, as SQL's sum() gives. Every other figure
# counts incidents and is never None.
REPORT_SUMS = (
    "killed",
    "injured",
    "children_killed",
    "children_injured",
    "killed_low",
    "killed_high",
    "injured_low",
    "injured_high",
)


@dataclass(frozen=True)
class Filters:
    """The common filters of list, export and report, with values as stored."""

    since: str | None = None
    until: str | None = None
    country: str | None = None
    region: str | None = None
    city: str | None = None
    weapon: str | None = None
    statuses: tuple[str, ...] = ()
    search: str | None = None  # words that must all appear in the description, places, weapon detail or perpetrator


@dataclass(frozen=True)
class VocabularyRows:
    """The vocabulary tables as stored, each in the order entries were added."""

    delivery_classes: list[tuple[str, str]]  # code, label
    weapons: list[tuple[str, str, str]]  # code, delivery class, label
    weapon_aliases: list[tuple[str, str]]  # alias, weapon code
    site_kinds: list[tuple[str, str]]  # code, label
    site_kind_aliases: list[tuple[str, str]]  # alias, site kind code


@dataclass(frozen=True)
class Batch:
    """One import: which file, when, by whom, and what it did."""

    id: int
    file_name: str
    format: str
    sha256: str
    started_at: str
    finished_at: str | None
    imported_by: str | None


@dataclass(frozen=True)
class BatchCounts:
    sha256: str
    finished_at: str
    imported: int
    updated: int
    skipped: int
    rejected: int


@dataclass(frozen=True)
class Change:
    """One entry of the change log; `before`/`after` are JSON fragments of the record."""

    id: int | None
    uid: str
    action: str
    changed_at: str
    changed_by: str
    batch_id: int | None
    before: dict | None = None
    after: dict | None = None
    reason: str | None = None
    # The change's identity in every database it reaches (the store makes one
    # when a new change has none); where a pulled change came from; the
    # change(s) a conflict resolution settled (uids separated by spaces: one
    # edit may settle several); the database account that wrote it.
    change_uid: str | None = None
    origin: str | None = None
    resolves: str | None = None
    db_user: str | None = None


# The actions that write fields a person chose: one of them meeting another
# command's change to the same field is refused (ConcurrentEdit).
FIELD_ACTIONS = ("edit", "revert", "update")


class ConcurrentEdit(HarmtrackError):
    """Another command changed the same field of the same incident while this
    one started or waited for the write lock: this command's values were
    chosen without seeing it, and writing them would silently overwrite it.
    Every engine refuses such a change; the person runs the command again."""


@dataclass(frozen=True)
class Conflict:
    """A field changed differently here and in a database pulled from, left
    for a person. `ours`/`theirs` are the field's values (JSON); for a record
    deleted on one side and changed on the other, the field is "incident"."""

    id: int | None
    uid: str
    field: str
    ours: object
    theirs: object
    ours_by: str | None
    ours_at: str | None
    theirs_by: str
    theirs_at: str
    their_change_uid: str
    their_change: dict  # the whole pulled change, to apply if theirs wins
    source: str
    found_at: str
    resolved_at: str | None = None
    resolved_by: str | None = None
    resolution: str | None = None  # ours, theirs, edited, agreed


@dataclass(frozen=True)
class PullCounts:
    """What one pull did."""

    added: int
    applied: int
    deleted: int
    conflicts: int


class Store(Protocol):
    """The handle every command gets. See the module docstring for the rules."""

    path: Path | None
    notices: list[str]  # things the person should be told (a schema upgrade and its backup)

    def close(self) -> None: ...

    def write(self) -> AbstractContextManager[None]:
        """One write transaction: the write lock first, commit or roll back.
        Inside an open one it joins it, and the outermost commits."""
        ...

    # -- incidents
    def get(self, incident_id: int) -> dict | None: ...
    def id_for_uid(self, uid: str) -> int | None: ...
    def ids_for_uids(self, uids: list[str]) -> dict[str, int]: ...
    def ids_for_aliases(self, uids: list[str]) -> dict[str, int]: ...
    def select(self, filters: Filters, *, limit: int | None = None, ranked: bool = False) -> Iterator[dict]: ...
    def export_rows(self, filters: Filters) -> Iterator[tuple]:
        """The canonical CSV's cells (model.FIELDS order, lists joined) in export order."""
        ...

    def count(self, filters: Filters) -> int: ...
    def uids(self) -> set[str]: ...
    def next_id(self) -> int: ...
    def insert(self, record: dict, *, batch_id: int | None, stamp: str) -> int: ...
    def insert_many(self, records: list[tuple[int, dict]], *, batch_id: int | None, stamp: str) -> None: ...
    def replace(self, incident_id: int, record: dict, *, stamp: str) -> None: ...
    def delete(self, incident_id: int) -> None: ...
    def records(self, ids: list[int]) -> dict[int, dict]: ...

    # -- counted once
    def duplicate_candidates(self, ids: list[int] | None = None) -> Iterator[tuple[int, int]]: ...
    def neighbours(self, record: dict) -> list[int]: ...
    def dismissed_pairs(self) -> set[tuple[str, str]]: ...
    def dismiss(self, first: str, second: str, *, stamp: str, by: str) -> None: ...
    def undismiss(self, first: str, second: str) -> bool: ...
    def fingerprint(self) -> str: ...
    def save_duplicate_check(self, fingerprint: str, open_groups: int, *, stamp: str) -> None: ...
    def last_duplicate_check(self) -> tuple[str, int, str] | None: ...
    def aliases_of(self, uid: str) -> list[str]: ...
    def record_merge(self, kept_uid: str, merged_uids: list[str], snapshot: dict, *, stamp: str, by: str) -> int: ...
    def last_merge(self, kept_uid: str) -> tuple[int, dict] | None: ...
    def undo_merge(self, merge_id: int, *, stamp: str) -> None: ...
    def bulk_load(self, size_bytes: int | None) -> AbstractContextManager[None]:
        """Inside write(): tune the engine for loading `size_bytes` of rows."""
        ...

    # -- change log and import batches
    def log_change(self, change: Change) -> None:
        """Log a change; the engine also records the id the incident has at
        that moment (log a deletion before deleting the row)."""
        ...

    def changes(self, uid: str | None) -> list[Change]: ...
    def change_uids(self) -> set[str]:
        """The uid of every logged change: what a pull must not apply again."""
        ...

    def add_conflict(self, conflict: Conflict) -> bool:
        """Keep a conflict; False when this pulled change's conflict on this field is known already."""
        ...

    def conflicts(self, *, include_resolved: bool = False) -> list[Conflict]:
        """Conflicts, oldest first; only the open ones unless asked."""
        ...

    def resolve_conflict(self, conflict_id: int, resolution: str, *, stamp: str, by: str) -> None: ...
    def record_pull(self, source: str, counts: PullCounts, *, stamp: str, by: str) -> None: ...
    def uid_for_logged_id(self, incident_id: int) -> str | None:
        """The uid of the incident that last had this id when a change was
        logged: how `history ID` finds a deleted incident."""
        ...

    def begin_batch(self, file_name: str, format: str, started_at: str, imported_by: str) -> int: ...
    def finish_batch(self, batch_id: int, counts: BatchCounts) -> None: ...
    def earlier_batch(self, sha256: str, batch_id: int) -> Batch | None: ...
    def batch(self, batch_id: int) -> Batch | None: ...
    def batch_of(self, uid: str) -> Batch | None: ...

    # -- vocabularies and places
    def vocabulary(self) -> VocabularyRows: ...
    def add_vocabulary(self, table: str, rows: Iterable[tuple[str, ...]]) -> None: ...
    def place_aliases(self) -> list[tuple[str, str, str]]: ...
    def put_place_alias(self, kind: str, alias: str, canonical: str, stamp: str) -> None: ...
    def place_counts(self, kind: str) -> list[tuple[str, int]]: ...
    def ids_with_place(self, kind: str, name: str) -> list[int]: ...

    # -- reports
    def group_totals(self, filters: Filters, group: str, *, period: str = "month") -> list[dict]: ...
    def matrix_cells(self, filters: Filters) -> list[dict]: ...
    def site_totals(self, filters: Filters) -> tuple[list[dict], dict]: ...

    def backup(self, target: Path) -> None: ...

"""The change log of a SQLite database, and what pulling between databases keeps.

Every change carries a `change_uid` that travels with it from database to
database, where it came from (`origin`), the change a conflict resolution
settled (`resolves`) and the account that wrote it (`db_user`: for SQLite the
login of the process, as the file has no accounts). Conflicts and the record
of pulls live beside it. See the README's "Working as a team" for the design.
"""

from __future__ import annotations

import getpass
import json
import sqlite3

from harmtrack.store.change_rows import CHANGE_COLUMNS, change_values, conflict_values, refuse_concurrent
from harmtrack.store.contract import FIELD_ACTIONS, Change, Conflict, PullCounts

_NEW_CONFLICT_COLUMNS = (
    "incident_uid, field, ours, theirs, ours_by, ours_at, theirs_by, theirs_at, their_change_uid,"
    " their_change, source, found_at"
)
_CONFLICT_COLUMNS = f"id, {_NEW_CONFLICT_COLUMNS}, resolved_at, resolved_by, resolution"


def login() -> str:
    """The account a SQLite change is written by: the process's login name."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "unknown"


class ChangeLog:
    """The change-log methods of SqliteStore (mixed in; `conn` is the store's)."""

    conn: sqlite3.Connection
    _login: str | None = None
    # The last change committed when this command opened the database (None:
    # not noted, as in a throwaway store), and the changes committed between
    # then and this command's write lock: other commands' work it did not see.
    _seen_change: int | None = None
    _concurrent: tuple[int, int] | None = None
    _own_changes: set[int] | None = None

    def note_opened(self) -> None:
        """Remember how far the change log went when the command opened the database."""
        self._seen_change = self._latest_change()
        self._own_changes = set()

    def note_write_lock(self) -> None:
        """With the write lock held: the changes other commands committed since the opening."""
        if self._seen_change is None:
            return
        latest = self._latest_change()
        self._concurrent = (self._seen_change, latest) if latest > self._seen_change else None

    def _latest_change(self) -> int:
        return self.conn.execute("SELECT coalesce(max(id), 0) FROM changes").fetchone()[0]

    def log_change(self, change: Change) -> None:
        if self._login is None:
            self._login = login()
        if self._concurrent is not None and change.action in FIELD_ACTIONS:
            self._refuse_concurrent(change)
        cursor = self.conn.execute(
            "INSERT INTO changes (incident_uid, action, changed_at, changed_by, batch_id, before, after, reason,"
            " incident_id, change_uid, origin, resolves, db_user)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, (SELECT id FROM incidents WHERE uid = ?), ?, ?, ?, ?)",
            change_values(change, change.db_user or self._login),
        )
        if self._own_changes is not None and cursor.lastrowid is not None:
            self._own_changes.add(cursor.lastrowid)

    def _refuse_concurrent(self, change: Change) -> None:
        assert self._concurrent is not None
        seen, latest = self._concurrent
        rows = self.conn.execute(
            "SELECT id, changed_by, db_user, changed_at, before, after FROM changes "
            "WHERE incident_uid = ? AND id > ? AND id <= ? ORDER BY id",
            [change.uid, seen, latest],
        )
        others = ((*row[:4], _json_or_none(row[4]), _json_or_none(row[5])) for row in rows)
        refuse_concurrent(change, others, self._own_changes or (), account="login", moment="waited")

    def uid_for_logged_id(self, incident_id: int) -> str | None:
        """The uid of the incident that last had this id in the change log."""
        if not -(2**63) <= incident_id < 2**63:
            return None  # beyond SQLite's integers: no incident ever had it
        row = self.conn.execute(
            "SELECT incident_uid FROM changes WHERE incident_id = ? ORDER BY id DESC LIMIT 1", [incident_id]
        ).fetchone()
        return row[0] if row else None

    def changes(self, uid: str | None) -> list[Change]:
        """Every change, oldest first; one incident's when `uid` is given."""
        sql = f"SELECT {CHANGE_COLUMNS} FROM changes"
        params: list = []
        if uid is not None:
            sql += " WHERE incident_uid = ?"
            params.append(uid)
        return [_change(row) for row in self.conn.execute(sql + " ORDER BY id", params)]

    def change_uids(self) -> set[str]:
        return {uid for (uid,) in self.conn.execute("SELECT change_uid FROM changes")}

    def add_conflict(self, conflict: Conflict) -> bool:
        cursor = self.conn.execute(
            f"INSERT OR IGNORE INTO conflicts ({_NEW_CONFLICT_COLUMNS}) VALUES ({', '.join('?' * 12)})",
            conflict_values(conflict),
        )
        return cursor.rowcount == 1

    def conflicts(self, *, include_resolved: bool = False) -> list[Conflict]:
        where = "" if include_resolved else " WHERE resolved_at IS NULL"
        rows = self.conn.execute(f"SELECT {_CONFLICT_COLUMNS} FROM conflicts{where} ORDER BY id")
        return [_conflict(row) for row in rows]

    def resolve_conflict(self, conflict_id: int, resolution: str, *, stamp: str, by: str) -> None:
        self.conn.execute(
            "UPDATE conflicts SET resolved_at = ?, resolved_by = ?, resolution = ? WHERE id = ?",
            [stamp, by, resolution, conflict_id],
        )

    def record_pull(self, source: str, counts: PullCounts, *, stamp: str, by: str) -> None:
        self.conn.execute(
            "INSERT INTO pulls (source, pulled_at, pulled_by, added, applied, deleted, conflicts)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [source, stamp, by, counts.added, counts.applied, counts.deleted, counts.conflicts],
        )


def _change(row: tuple) -> Change:
    change_id, uid, action, at, by, batch_id, before, after, reason, change_uid, origin, resolves, db_user = row
    return Change(
        change_id,
        uid,
        action,
        at,
        by,
        batch_id,
        _json_or_none(before),
        _json_or_none(after),
        reason,
        change_uid,
        origin,
        resolves,
        db_user,
    )


def _conflict(row: tuple) -> Conflict:
    (conflict_id, uid, field, ours, theirs, ours_by, ours_at, theirs_by, theirs_at, their_change_uid) = row[:10]
    their_change, source, found_at, resolved_at, resolved_by, resolution = row[10:]
    return Conflict(
        conflict_id,
        uid,
        field,
        json.loads(ours),
        json.loads(theirs),
        ours_by,
        ours_at,
        theirs_by,
        theirs_at,
        their_change_uid,
        json.loads(their_change),
        source,
        found_at,
        resolved_at,
        resolved_by,
        resolution,
    )


def _json_or_none(text: str | None) -> dict | None:
    return json.loads(text) if text else None

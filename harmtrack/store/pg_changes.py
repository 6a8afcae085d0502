"""The change log of a PostgreSQL database, and what pulling between databases keeps.

The same columns and meanings as sqlite_changes.py: each change carries a
`change_uid` that travels with it, its `origin`, the change a resolution
`resolves`, and `db_user`, here the database account (current_user) unless
the change was pulled with its own. Change and conflict ids are the highest
plus one under the write lock, as SQLite numbers them.

No lost update: a change to fields of an incident that another command
changed after this one opened the database is refused (change_rows.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from harmtrack.store.change_rows import CHANGE_COLUMNS, change_values, conflict_values, refuse_concurrent
from harmtrack.store.contract import FIELD_ACTIONS, Change, Conflict, PullCounts
from harmtrack.store.record_rows import MAX_ID

if TYPE_CHECKING:
    import psycopg

_CONFLICT_COLUMNS = (
    "incident_uid, field, ours, theirs, ours_by, ours_at, theirs_by, theirs_at, their_change_uid,"
    " their_change, source, found_at"
)


class ChangeLog:
    """The change-log methods of PgStore (mixed in; `conn` is the store's)."""

    conn: psycopg.Connection
    # (last change committed when this command opened the database, last one
    # committed when its write lock was granted): the changes between them are
    # other commands' work this one did not see. None: there were none.
    _concurrent: tuple[int, int] | None
    _own_changes: set[int]

    def log_change(self, change: Change) -> None:
        if self._concurrent is not None and change.action in FIELD_ACTIONS:
            self._refuse_concurrent(change)
        row = self.conn.execute(
            "INSERT INTO changes (id, incident_uid, action, changed_at, changed_by, batch_id, before, after, reason,"
            " incident_id, change_uid, origin, resolves, db_user) VALUES ("
            "(SELECT coalesce(max(id), 0) + 1 FROM changes), %s, %s, %s, %s, %s, %s::json, %s::json, %s,"
            " (SELECT id FROM incidents WHERE uid = %s), %s, %s, %s, coalesce(%s, current_user)) RETURNING id",
            change_values(change, change.db_user),
        ).fetchone()
        assert row is not None
        self._own_changes.add(row[0])

    def _refuse_concurrent(self, change: Change) -> None:
        assert self._concurrent is not None
        seen, latest = self._concurrent
        others = self.conn.execute(
            "SELECT id, changed_by, db_user, changed_at, before, after FROM changes "
            "WHERE incident_uid = %s AND id > %s AND id <= %s ORDER BY id",
            [change.uid, seen, latest],
        )
        refuse_concurrent(change, others, self._own_changes, account="database user", moment="ran")

    def uid_for_logged_id(self, incident_id: int) -> str | None:
        """The uid of the incident that last had this id in the change log."""
        if not -MAX_ID <= incident_id <= MAX_ID:
            return None
        row = self.conn.execute(
            "SELECT incident_uid FROM changes WHERE incident_id = %s ORDER BY id DESC LIMIT 1", [incident_id]
        ).fetchone()
        return row[0] if row else None

    def changes(self, uid: str | None) -> list[Change]:
        """Every change, oldest first; one incident's when `uid` is given."""
        sql = f"SELECT {CHANGE_COLUMNS} FROM changes"
        params: list = []
        if uid is not None:
            sql += " WHERE incident_uid = %s"
            params.append(uid)
        return [Change(*row) for row in self.conn.execute(sql + " ORDER BY id", params)]

    def change_uids(self) -> set[str]:
        return {uid for (uid,) in self.conn.execute("SELECT change_uid FROM changes")}

    def add_conflict(self, conflict: Conflict) -> bool:
        cursor = self.conn.execute(
            f"INSERT INTO conflicts (id, {_CONFLICT_COLUMNS}) VALUES ((SELECT coalesce(max(id), 0) + 1 FROM conflicts),"
            " %s, %s, %s::json, %s::json, %s, %s, %s, %s, %s, %s::json, %s, %s) ON CONFLICT DO NOTHING",
            conflict_values(conflict),
        )
        return cursor.rowcount == 1

    def conflicts(self, *, include_resolved: bool = False) -> list[Conflict]:
        where = "" if include_resolved else " WHERE resolved_at IS NULL"
        rows = self.conn.execute(
            f"SELECT id, {_CONFLICT_COLUMNS}, resolved_at, resolved_by, resolution FROM conflicts{where} ORDER BY id"
        )
        return [Conflict(*row) for row in rows]

    def resolve_conflict(self, conflict_id: int, resolution: str, *, stamp: str, by: str) -> None:
        self.conn.execute(
            "UPDATE conflicts SET resolved_at = %s, resolved_by = %s, resolution = %s WHERE id = %s",
            [stamp, by, resolution, conflict_id],
        )

    def record_pull(self, source: str, counts: PullCounts, *, stamp: str, by: str) -> None:
        self.conn.execute(
            "INSERT INTO pulls (id, source, pulled_at, pulled_by, added, applied, deleted, conflicts) VALUES ("
            "(SELECT coalesce(max(id), 0) + 1 FROM pulls), %s, %s, %s, %s, %s, %s, %s)",
            [source, stamp, by, counts.added, counts.applied, counts.deleted, counts.conflicts],
        )

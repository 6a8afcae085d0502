"""What both engines' change logs share: the values a change or a conflict is
stored with, and the no-lost-update check.

A command that opened the database and then waited for its write lock may
find changes committed in between by other commands. A change to fields of an
incident that one of those changed is refused (ConcurrentEdit): its values
were chosen without seeing the other change, and writing them would silently
overwrite it. The person is told who changed what, and runs the command again.
Each engine reads those in-between changes with its own SQL (sqlite_changes.py,
pg_changes.py) and hands them to `refuse_concurrent`.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection, Iterable

from harmtrack.store.contract import Change, ConcurrentEdit, Conflict

# What a Change is read back from, in the order of its fields.
CHANGE_COLUMNS = (
    "id, incident_uid, action, changed_at, changed_by, batch_id, before, after, reason,"
    " change_uid, origin, resolves, db_user"
)
# (change id, changed_by, db_user, changed_at, before, after) of a change
# another command committed, `before`/`after` decoded.
OtherChange = tuple[int, str, str, str, dict | None, dict | None]


def refuse_concurrent(
    change: Change, others: Iterable[OtherChange], own_changes: Collection[int], *, account: str, moment: str
) -> None:
    """Raise ConcurrentEdit if one of `others` (not this command's own) changed
    a field `change` changes. `account` names the engine's db_user ("login",
    "database user"); `moment` is what this command did meanwhile."""
    fields = set(change.before or {}) | set(change.after or {})
    for change_id, by, db_user, at, before, after in others:
        clash = sorted(fields & (set(before or {}) | set(after or {})))
        if clash and change_id not in own_changes:
            raise ConcurrentEdit(
                f"incident {change.uid}: {', '.join(clash)} changed by {by} ({account} {db_user}) at {at} "
                f"while this command {moment} (change {change_id}); nothing was changed: see `harmtrack history "
                f"{change.uid}`, then run it again"
            )


def change_values(change: Change, db_user: str | None) -> list:
    """The values of a new change in the order incident_uid, action,
    changed_at, changed_by, batch_id, before, after, reason, (incident_uid
    again, to look up its id), change_uid, origin, resolves, db_user. A change
    without a change_uid gets a new one."""
    return [
        change.uid,
        change.action,
        change.changed_at,
        change.changed_by,
        change.batch_id,
        json_or_null(change.before),
        json_or_null(change.after),
        change.reason,
        change.uid,
        change.change_uid or str(uuid.uuid4()),
        change.origin,
        change.resolves,
        db_user,
    ]


def conflict_values(conflict: Conflict) -> list:
    """The values of a new conflict in the order incident_uid, field, ours,
    theirs, ours_by, ours_at, theirs_by, theirs_at, their_change_uid,
    their_change, source, found_at."""
    return [
        conflict.uid,
        conflict.field,
        json.dumps(conflict.ours, ensure_ascii=False),
        json.dumps(conflict.theirs, ensure_ascii=False),
        conflict.ours_by,
        conflict.ours_at,
        conflict.theirs_by,
        conflict.theirs_at,
        conflict.their_change_uid,
        json.dumps(conflict.their_change, ensure_ascii=False),
        conflict.source,
        conflict.found_at,
    ]


def json_or_null(value: dict | None) -> str | None:
    return json.dumps(value, ensure_ascii=False) if value is not None else None

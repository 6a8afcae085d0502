"""Pull: bring another harmtrack database's work into this one, never last-writer-wins.

A field copy (a researcher's laptop, a SQLite file copied from the team's
database) and the team's database change apart for days. `pull` reads the
other database (SQLite or PostgreSQL, read-only) and, in one transaction:

1. adds the vocabulary entries and place aliases this one lacks;
2. replays the other side's change log, oldest first, skipping every change
   whose `change_uid` this log already holds (made here, or pulled before,
   from there or through a third copy). Each change is applied as a
   three-way merge per field: the field takes their new value when ours is
   still the value their change started from; nothing happens when ours is
   already their new value; otherwise both sides changed it differently and
   the field becomes a conflict, kept with both values, authors and times.
   A deletion is applied when our record is still what they deleted (else a
   conflict on the whole incident), and so are merges and unmerges of
   incidents both sides hold. An applied change is logged here under its
   own change uid with its author, time and `origin`, so its history says
   where it came from and no database applies it twice;
3. adds the incidents they have and we lack (created by an import there, so
   with no change that creates them), unless this side deleted or merged
   them away, copying their history;
4. closes open conflicts whose two values have come to agree.

A conflict waits for a person: `conflicts resolve ID --ours|--theirs`, or an
`edit` of the field. The resolution is logged as a change that `resolves`
the other side's change, so the other side takes it on its next pull instead
of meeting the same conflict. Pulling twice changes nothing the second time;
pulling both ways leaves both databases with the same records apart from
unresolved conflicts.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace

from harmtrack import model
from harmtrack.errors import FieldError, HarmtrackError
from harmtrack.recording import Recorder, date_text, diff, now
from harmtrack.store.contract import Change, Conflict, PullCounts, Store

FIELD_CHANGES = ("edit", "update", "revert", "merge", "unmerge")
# Fields that are only valid together (a count and its range and the children
# among it; a date and its precision; a settlement and its region and
# coordinates) merge as one: a conflict on any is a conflict on the group,
# named by its first field, and its values are given field by field.
GROUPS = (
    ("date", "date_precision"),
    ("city", "country", "region", "district", "latitude", "longitude"),
    ("killed", "killed_min", "killed_max", "children_killed"),
    ("injured", "injured_min", "injured_max", "children_injured"),
)
GROUP_OF = {name: group[0] for group in GROUPS for name in group}
MISSING_CHUNK = 1000  # their incidents read at once when adding the ones we lack
WHOLE_RECORD = "incident"  # the conflict field of a record deleted on one side and changed on the other
DELETED = "deleted"


class ConflictNotFound(HarmtrackError):
    pass


@dataclass
class PullResult:
    added: int = 0
    applied: int = 0
    deleted: int = 0
    conflicts: list[Conflict] = field(default_factory=list)

    def counts(self) -> PullCounts:
        return PullCounts(self.added, self.applied, self.deleted, len(self.conflicts))


def pull(
    target: Store, source: Store, source_label: str, *, progress: Callable[[int], None] | None = None
) -> PullResult:
    """Bring `source`'s work into `target`; see the module docstring.
    `progress` hears how many of their changes have been read."""
    with target.write():
        _merge_vocabulary(target, source)
        puller = _Puller(target, source, source_label)
        puller.replay(progress)
        puller.add_missing()
        puller.close_agreed()
        target.record_pull(source_label, puller.result.counts(), stamp=now(), by=puller.recorder.user)
    return puller.result


def _merge_vocabulary(target: Store, source: Store) -> None:
    """Their weapons, site kinds and aliases that we lack, so their records validate here."""
    rows = source.vocabulary()
    for table in ("delivery_classes", "weapons", "weapon_aliases", "site_kinds", "site_kind_aliases"):
        target.add_vocabulary(table, getattr(rows, table))
    ours = {(kind, alias) for kind, alias, _ in target.place_aliases()}
    for kind, alias, canonical in source.place_aliases():
        if (kind, alias) not in ours:
            target.put_place_alias(kind, alias, canonical, now())


class _Puller:
    def __init__(self, target: Store, source: Store, source_label: str):
        self.target = target
        self.source = source
        self.label = source_label
        self.recorder = Recorder(target)
        # Changes logged here, and changes already met as conflicts (open or
        # settled by a person since): none is looked at again.
        self.known = target.change_uids() | {item.their_change_uid for item in target.conflicts(include_resolved=True)}
        self.theirs_known = source.change_uids()
        self.result = PullResult()
        self.found: set[tuple[str, str]] = set()  # (their change uid, field) of the conflicts found now
        self.pending_merges: dict[str, list[Change]] = {}  # kept uid -> their merged-away entries
        self.their_changes: list[Change] = []

    # ---------------------------------------------------------------- the log

    def replay(self, progress: Callable[[int], None] | None) -> None:
        self.their_changes = self.source.changes(None)
        for number, change in enumerate(self.their_changes, 1):
            if progress is not None and not number % 256:
                progress(number)
            if change.change_uid in self.known:
                continue
            if change.action == "delete":
                self._delete(change)
            elif change.action in ("add", "restore") or (
                change.action == "unmerge" and "restored_uids" not in (change.after or {})
            ):
                self._create(change)
            elif change.action == "merge" and "merged_into" in (change.after or {}):
                self.pending_merges.setdefault(change.after["merged_into"], []).append(change)  # type: ignore[index]
            elif change.action in FIELD_CHANGES:
                if change.action == "merge" and "merged_uids" in (change.after or {}):
                    if not self._merge(change):
                        continue  # a merged incident is held apart here: the kept one keeps its own fields
                elif change.action == "unmerge":
                    self._unmerge(change)
                self._fields(change)

    def _delete(self, change: Change) -> None:
        incident_id = self.target.ids_for_uids([change.uid]).get(change.uid)
        if incident_id is None:  # gone here too, or never here
            if self.target.id_for_uid(change.uid) is None:  # (not merged into another)
                self._close_conflicts(change.uid, None)
            return
        stored = self.recorder.stored(incident_id)
        ours = model.to_json(stored)
        if self._settles(change) or (change.resolves is None and _same_fields(ours, change.before or {})):
            self._log(change, incident_uid=change.uid)  # logged while the id is stored
            self.target.delete(incident_id)
            self._close_conflicts(change.uid, None)  # nothing left to disagree about
            self.result.deleted += 1
            return
        changed = {name: ours[name] for name in model.FIELDS if ours[name] != (change.before or {}).get(name)}
        self._conflict(change, WHOLE_RECORD, ours=changed, theirs=DELETED)

    def _create(self, change: Change) -> None:
        if not self.source.ids_for_uids([change.uid]):
            return  # deleted or merged away there since: a later change of theirs says so
        held = self.target.ids_for_uids([change.uid]).get(change.uid)
        if held is not None:
            ours = model.to_json(self.recorder.stored(held))
            if self._settles(change) or _same_fields(ours, change.after or {}):
                self._close_conflicts(change.uid, WHOLE_RECORD)  # they kept it, as we did
                self._log(change)
            return
        if self._deleted_here(change.uid) and not self._settles(change):
            if change.action == "restore":  # they brought back what we deleted, unaware of it
                self._conflict(change, WHOLE_RECORD, ours=DELETED, theirs=change.after)
            return  # created there before we deleted it here: our deletion stands
        record = self.recorder.validate(_raw(change.after or {}))
        self.target.insert(record, batch_id=None, stamp=now())
        self._log(change)
        self._close_conflicts(change.uid, WHOLE_RECORD)
        self.result.added += 1

    def _merge(self, kept: Change) -> bool:
        """Their merge of incidents into `kept.uid`: the same merge here, when
        we hold the kept incident and the merged ones as they were. Returns
        whether the kept incident may take the merge's fields: not while one
        of the merged incidents is held apart here (met as a conflict now or
        before, or kept apart by a person), or its figures would count twice."""
        merged = self.pending_merges.pop(kept.uid, [])
        pending = {entry.uid for entry in merged}
        merged_uids = [uid for uid in (kept.after or {}).get("merged_uids", []) if isinstance(uid, str)]
        kept_id = self.target.ids_for_uids([kept.uid]).get(kept.uid)
        held = self.target.ids_for_uids(sorted(pending | set(merged_uids)))
        apart = any(uid in held and uid not in pending for uid in merged_uids)
        entries = []
        for entry in merged:
            if entry.uid not in held:
                continue  # merged or deleted here too, or never here
            ours = model.to_json(self.recorder.stored(held[entry.uid]))
            if kept_id is not None and _same_fields(ours, entry.before or {}):
                entries.append(entry)
            else:  # changed here since, or merged into an incident we deleted: a person decides
                before = entry.before or {}
                changed = {name: ours[name] for name in model.FIELDS if ours[name] != before.get(name)}
                self._conflict(entry, WHOLE_RECORD, ours=changed, theirs=entry.after)
                apart = True
        if kept_id is None or not entries:
            return not apart
        stored = self.recorder.stored(kept_id)
        others = [self.recorder.stored(held[entry.uid]) for entry in entries]
        snapshot = {"kept": self._snapshot(stored), "merged": [self._snapshot(other) for other in others]}
        self.target.record_merge(
            kept.uid, [other["uid"] for other in others], snapshot, stamp=kept.changed_at, by=kept.changed_by
        )
        for entry, other in zip(entries, others, strict=True):
            self._log(entry)
            self.target.delete(other["id"])
        return not apart

    def _unmerge(self, kept: Change) -> None:
        """Their unmerge: undo our copy of the merge when it is the last one into this incident."""
        restored = set((kept.after or {}).get("restored_uids", []))
        last = self.target.last_merge(kept.uid)
        if last is None:
            return
        merge_id, snapshot = last
        if {record["uid"] for record in snapshot["merged"]} == restored:
            self.target.undo_merge(merge_id, stamp=kept.changed_at)

    def _fields(self, change: Change) -> None:
        theirs_after = {name: value for name, value in (change.after or {}).items() if name in model.FIELDS}
        if not theirs_after:
            self._log(change)
            return
        incident_id = self.target.id_for_uid(change.uid)
        if incident_id is None:
            if self._deleted_here(change.uid):
                self._conflict(change, WHOLE_RECORD, ours=DELETED, theirs=theirs_after)
            return
        stored = self.recorder.stored(incident_id)
        ours = model.to_json(stored)
        before = change.before or {}
        taken: dict[str, dict] = {}
        settled = disputed = False
        for head, theirs in _by_group(theirs_after).items():
            mine = {name: ours[name] for name in theirs}
            settles = self._settles(change, theirs)
            if settles:
                self._close_conflicts(change.uid, head)
                settled = True
            if mine == theirs:
                continue
            # A resolution made there is taken only when it settles our own change (its
            # "before" is their side of a conflict, not a value both sides once held).
            if settles or (change.resolves is None and mine == {name: before.get(name) for name in theirs}):
                taken[head] = theirs
            else:
                self._conflict(change, head, ours=_shown(head, mine), theirs=_shown(head, theirs))
                disputed = True
        if not taken:
            if settled or not disputed:
                # Nothing to write: we hold their values already. Logged without
                # fields, so it is known and never weighed again (a later merge
                # here would make it look new).
                self._log(replace(change, before={}, after={}), incident_uid=stored["uid"])
            return
        try:
            fields = {name: value for group in taken.values() for name, value in group.items()}
            after, _ = self.recorder.merged(stored, _with_date_text(stored, fields))
        except FieldError:
            # Their values do not fit with ours (a range around a count we changed): a person decides.
            for head, theirs in taken.items():
                mine = {name: ours[name] for name in theirs}
                self._conflict(change, head, ours=_shown(head, mine), theirs=_shown(head, theirs))
            return
        old, new = diff(stored, after)
        extra = {name: value for name, value in (change.after or {}).items() if name not in model.FIELDS}
        self.target.replace(incident_id, after, stamp=now())
        self._log(replace(change, before=old, after={**new, **extra}), incident_uid=stored["uid"])
        self.result.applied += 1

    # ---------------------------------------------------------------- missing incidents

    def add_missing(self) -> None:
        """Their incidents we lack and never had (created by an import there),
        read a chunk at a time, each with its history there."""
        missing = self.source.uids() - self.target.uids()
        if not missing:
            return
        missing -= set(self.target.ids_for_aliases(sorted(missing)))
        missing -= {change.uid for change in self.target.changes(None) if change.action in ("delete", "merge")}
        histories: dict[str, list[Change]] = {}
        for change in self.their_changes:
            if change.uid in missing and change.change_uid not in self.known:
                histories.setdefault(change.uid, []).append(change)
        ordered = sorted(missing)
        for start in range(0, len(ordered), MISSING_CHUNK):
            chunk = ordered[start : start + MISSING_CHUNK]
            source_ids = self.source.ids_for_uids(chunk)
            records = self.source.records(sorted(source_ids.values()))
            for uid in chunk:
                self._add_theirs(uid, records[source_ids[uid]], histories.get(uid, []))

    def _add_theirs(self, uid: str, theirs: dict, history: list[Change]) -> None:
        record = self.recorder.validate(_raw(model.to_json(theirs)))
        self.target.insert(record, batch_id=None, stamp=now())
        batch = self.source.batch_of(uid)
        self.target.log_change(
            Change(
                None,
                uid,
                "add",
                now(),
                self.recorder.user,
                None,
                after=model.to_json(record),
                reason=f"imported in {self.label}" + (f" from {batch.file_name}" if batch else ""),
                origin=self.label,
            )
        )
        for change in history:
            self._log(change)
        self.result.added += 1

    def close_agreed(self) -> None:
        """Open conflicts whose values agree now (their later change, or ours, settled it)."""
        for conflict in self.target.conflicts():
            if conflict.field == WHOLE_RECORD:
                continue
            incident_id = self.target.id_for_uid(conflict.uid)
            if incident_id is None:
                continue
            if _values_of(model.to_json(self.recorder.stored(incident_id)), conflict) == conflict.theirs:
                assert conflict.id is not None
                self.target.resolve_conflict(conflict.id, "agreed", stamp=now(), by=self.recorder.user)
        self.result.conflicts = [
            conflict
            for conflict in self.target.conflicts()
            if (conflict.their_change_uid, conflict.field) in self.found
        ]

    # ---------------------------------------------------------------- helpers

    def _log(self, change: Change, *, incident_uid: str | None = None) -> None:
        self.target.log_change(
            replace(change, id=None, uid=incident_uid or change.uid, batch_id=None, origin=change.origin or self.label)
        )
        if change.change_uid is not None:
            self.known.add(change.change_uid)

    def _conflict(self, change: Change, name: str, *, ours: object, theirs: object) -> None:
        fields = None if name == WHOLE_RECORD else (set(theirs) if isinstance(theirs, dict) else {name})
        mine = self._last_here(change.uid, touching=fields)
        conflict = Conflict(
            None,
            change.uid,
            name,
            ours,
            theirs,
            mine.changed_by if mine else None,
            mine.changed_at if mine else None,
            change.changed_by,
            change.changed_at,
            change.change_uid or "",
            _as_json(change),
            self.label,
            now(),
        )
        if self.target.add_conflict(conflict):
            self.found.add((conflict.their_change_uid, name))

    def _close_conflicts(self, uid: str, name: str | None) -> None:
        """Our open conflicts on this field (on any, when None), which what
        the other side did has settled."""
        for conflict in self.target.conflicts():
            if conflict.uid == uid and name in (None, conflict.field) and conflict.id is not None:
                self.target.resolve_conflict(conflict.id, "agreed", stamp=now(), by=self.recorder.user)

    def _last_here(self, uid: str, *, touching: Collection[str] | None = None) -> Change | None:
        """Our latest change to this incident (to one of these fields, when given)."""
        for change in reversed(self.target.changes(uid)):
            if touching is None or any(
                name in (change.after or {}) or name in (change.before or {}) for name in touching
            ):
                return change
        return None

    def _deleted_here(self, uid: str) -> bool:
        """Whether our latest change deleted or merged away this incident, and
        they have not seen that change (else what they did since supersedes it)."""
        last = self._last_here(uid)
        return last is not None and last.action in ("delete", "merge") and last.change_uid not in self.theirs_known

    def _settles(self, change: Change, fields: Collection[str] | None = None) -> bool:
        """A resolution made there of a conflict with our change, which we
        have not changed again since: it is taken as it is."""
        if change.resolves is None:
            return False
        last = self._last_here(change.uid, touching=fields)
        return last is not None and last.change_uid in change.resolves.split()

    def _snapshot(self, record: dict) -> dict:
        return dict(model.to_json(record), merged_uids=self.target.aliases_of(record["uid"]))


# -------------------------------------------------------------------- resolving


def resolve(store: Store, conflict_id: int, side: str, *, reason: str | None = None) -> Conflict:
    """Settle an open conflict with our value or theirs; logged as a change
    that `resolves` theirs, so the other database takes the outcome."""
    recorder = Recorder(store)
    with store.write():
        conflict = next((item for item in store.conflicts() if item.id == conflict_id), None)
        if conflict is None:
            raise ConflictNotFound(f"no open conflict {conflict_id}; `harmtrack conflicts` lists them")
        why = reason or f"conflict {conflict_id} with {conflict.source}: {side} kept"
        log = _ResolutionLog(recorder, conflict, why)
        if conflict.field == WHOLE_RECORD:
            _resolve_record(store, recorder, conflict, side, log)
        else:
            _resolve_field(store, recorder, conflict, side, log)
        store.resolve_conflict(conflict_id, side, stamp=now(), by=recorder.user)
    return conflict


@dataclass
class _ResolutionLog:
    recorder: Recorder
    conflict: Conflict
    reason: str

    def __call__(self, action: str, *, before: dict | None = None, after: dict | None = None) -> None:
        self.recorder.store.log_change(
            Change(
                None,
                self.conflict.uid,
                action,
                now(),
                self.recorder.user,
                None,
                before,
                after,
                self.reason,
                resolves=self.conflict.their_change_uid,
            )
        )


def _resolve_field(store: Store, recorder: Recorder, conflict: Conflict, side: str, log: _ResolutionLog) -> None:
    incident_id = store.id_for_uid(conflict.uid)
    if incident_id is None:
        raise ConflictNotFound(f"incident {conflict.uid} of conflict {conflict.id} is no longer stored")
    stored = recorder.stored(incident_id)
    theirs = _fields_of(conflict)
    if side == "theirs":
        try:
            after, _ = recorder.merged(stored, _with_date_text(stored, theirs))
        except FieldError as error:
            raise ConflictNotFound(
                f"their {conflict.field} does not fit this incident as it is now ({error}); "
                f"set the values with `harmtrack edit {conflict.uid}` instead"
            ) from None
        old, new = diff(stored, after)
        store.replace(incident_id, after, stamp=now())
        log("edit", before=old, after=new)
    else:
        # Nothing changes here; the other side goes from its values to ours.
        ours = model.to_json(stored)
        log("edit", before=theirs, after={name: ours[name] for name in theirs})


def _resolve_record(store: Store, recorder: Recorder, conflict: Conflict, side: str, log: _ResolutionLog) -> None:
    incident_id = store.ids_for_uids([conflict.uid]).get(conflict.uid)
    if isinstance(conflict.theirs, dict) and "merged_into" in conflict.theirs:
        _resolve_merge(store, recorder, conflict, side, log, incident_id)
        return
    they_deleted = conflict.theirs == DELETED
    if they_deleted == (side == "theirs"):  # the incident is to be gone
        if incident_id is not None:
            record = model.to_json(recorder.stored(incident_id))
            log("delete", before=record)
            store.delete(incident_id)
        else:
            deleted = _last_deletion(store, conflict.uid)
            log("delete", before={**deleted, **_their_fields(conflict)})
        return
    if incident_id is None:  # we deleted it, and their changed record is to stay
        fields = {
            **_last_deletion(store, conflict.uid),
            **(conflict.theirs if isinstance(conflict.theirs, dict) else {}),
        }
        record = recorder.validate(_raw(fields))
        store.insert(record, batch_id=None, stamp=now())
        log("restore", after=model.to_json(record))
    else:  # they deleted it and ours stays: they restore it on their next pull
        log("restore", after=model.to_json(recorder.stored(incident_id)))


def _resolve_merge(
    store: Store, recorder: Recorder, conflict: Conflict, side: str, log: _ResolutionLog, incident_id: int | None
) -> None:
    """They merged this incident into another. Theirs: the same merge here (or,
    when we deleted the other, this one goes too). Ours: it stays apart here;
    the other database keeps its merge (`harmtrack unmerge` there undoes it)."""
    if side == "ours" or incident_id is None:
        return
    kept = store.ids_for_uids([conflict.theirs["merged_into"]]).get(conflict.theirs["merged_into"])  # type: ignore[index]
    if kept is None:
        log("delete", before=model.to_json(recorder.stored(incident_id)))
        store.delete(incident_id)
        return
    recorder.merge([kept, incident_id], into=kept, reason=log.reason)


def _their_fields(conflict: Conflict) -> dict:
    """The fields their change set, in a conflict over a record we deleted."""
    return dict(conflict.theirs) if isinstance(conflict.theirs, dict) else {}


def _last_deletion(store: Store, uid: str) -> dict:
    """The record as it was when deleted or merged away here."""
    deleted = [
        change
        for change in store.changes(uid)
        if change.action in ("delete", "merge") and change.before and "uid" in change.before
    ]
    if not deleted:
        raise ConflictNotFound(f"no deleted record of incident {uid} to bring back")
    return dict(deleted[-1].before or {})


# -------------------------------------------------------------------- values


def _by_group(fields: dict) -> dict[str, dict]:
    """Fields by the group they belong to (see GROUPS), keyed by its first field."""
    grouped: dict[str, dict] = {}
    for name, value in fields.items():
        grouped.setdefault(GROUP_OF.get(name, name), {})[name] = value
    return grouped


def _shown(head: str, values: dict) -> object:
    """A conflict's value: the field's own value when only the group's first field is in it."""
    return values[head] if set(values) == {head} else values


def _fields_of(conflict: Conflict) -> dict:
    """Their values in a field conflict, field by field."""
    return dict(conflict.theirs) if isinstance(conflict.theirs, dict) else {conflict.field: conflict.theirs}


def _values_of(record: dict, conflict: Conflict) -> object:
    """Our values of the fields a conflict is about, shaped like its `theirs`."""
    return _shown(conflict.field, {name: record[name] for name in _fields_of(conflict)})


def _same_fields(ours: dict, before: dict) -> bool:
    return all(ours[name] == before.get(name) for name in model.FIELDS if name in before) and bool(before)


def _raw(fields: dict) -> dict:
    """A logged record (stored date and precision) as a raw record that validates to the same."""
    raw = dict(fields)
    if raw.get("date") and raw.get("date_precision"):
        raw["date"] = date_text(raw["date"], raw["date_precision"])
    return raw


def _with_date_text(stored: dict, fields: dict) -> dict:
    """Fields for Recorder.merged: a date goes with its precision as text of that precision."""
    if "date" not in fields and "date_precision" not in fields:
        return fields
    day = fields.get("date", stored["date"])
    precision = fields.get("date_precision", stored["date_precision"])
    return {**fields, "date": date_text(day, precision), "date_precision": precision}


def _as_json(change: Change) -> dict:
    return {
        "action": change.action,
        "uid": change.uid,
        "changed_at": change.changed_at,
        "changed_by": change.changed_by,
        "before": change.before,
        "after": change.after,
        "reason": change.reason,
        "change_uid": change.change_uid,
    }

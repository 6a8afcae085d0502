"""The one write pipeline: every way a record is created or changed.

add, edit, delete, an import's new rows and updates, `extract --add` (which
imports its drafts) and `places merge` all go through a `Recorder`, which
validates (model.py), puts places in canonical form with the team's aliases
(places.py), writes through the store and logs the change. One merge of
fields into a stored record (`merged`) serves edit and import's update alike.

A Recorder runs inside the caller's transaction for bulk work (import holds
one for the whole file); the single-record methods open their own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import partial

from harmtrack import merging, model, places, vocab
from harmtrack.errors import FieldError, HarmtrackError
from harmtrack.places import PlaceNote
from harmtrack.store.contract import Change, Conflict, Store

PLACE_FIELDS = ("country", "region", "city", "latitude", "longitude")
# The place fields the gazetteer derives from a city.
DERIVED_FROM_CITY = ("region", "country", "latitude", "longitude")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def current_user() -> str:
    """Who made a change: HARMTRACK_USER, else the config file's author, else the login name."""
    from harmtrack import config

    return config.author().value


class NothingToMerge(HarmtrackError):
    pass


class CannotUndo(HarmtrackError):
    pass


class IncidentNotFound(HarmtrackError):
    def __init__(self, incident: int | str):
        self.incident = incident
        kind = "id" if isinstance(incident, int) else "uid"
        super().__init__(f"no incident with {kind} {incident}")


class UidTaken(HarmtrackError):
    def __init__(self, uid: str):
        self.uid = uid
        super().__init__(f"an incident with uid {uid} is already stored")


@dataclass(frozen=True)
class ListEdit:
    """Items to add to and remove from a record's damaged sites or sources."""

    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()


class NotInList(FieldError):
    """An item to remove that the record does not have."""

    def __init__(self, field_name: str, item: str, present: list[str]):
        self.present = present
        listed = "damaged sites" if field_name == "damaged" else field_name
        super().__init__(field_name, item, f"{model.quote(item)} is not among this incident's {listed}: {present}")


class NotClearable(FieldError):
    def __init__(self, field_name: str):
        super().__init__(field_name, field_name, "not a field that can be emptied")


@dataclass
class Edit:
    """What an edit asks for: new values (None: not given), fields to empty, list changes."""

    values: Mapping[str, object] = field(default_factory=dict)
    clear: tuple[str, ...] = ()
    damaged: ListEdit = field(default_factory=ListEdit)
    sources: ListEdit = field(default_factory=ListEdit)
    reason: str | None = None


class Recorder:
    """Validates, places, writes and logs records in one database."""

    def __init__(
        self,
        store: Store,
        *,
        order: model.DateOrder | None = None,
        today: date | None = None,
        vocabularies: vocab.Vocabularies | None = None,
    ):
        self.store = store
        self.vocabularies = vocabularies if vocabularies is not None else vocab.load(store)
        self.places = places.resolver_for(store)
        self.user = current_user()
        # Bound once: an import calls these for every row.
        self.validate: Callable[[Mapping[str, object]], dict] = partial(
            model.validate, vocab=self.vocabularies, order=order or model.DateOrder(), today=today
        )
        """A record from a raw row (model.validate with this database's vocabularies)."""
        self.place: Callable[[dict], tuple[PlaceNote, ...]] = partial(places.normalise_record, resolver=self.places)
        """Put a record's places in canonical form, in place; returns what resolution noted."""

    def merged(self, stored: dict, fields: Mapping[str, object]) -> tuple[dict, tuple[PlaceNote, ...]]:
        """The stored record with `fields` written over it, validated and placed.

        A new date without a precision takes the precision it is written in. A
        place field that changes is put in canonical form; a new city brings
        its own region, country and coordinates unless `fields` changes them
        too (the old ones described the old city), except that when the
        gazetteer does not know the new city the old region and country stay."""
        raw = model.to_json(stored)
        raw["date"] = _stored_date_text(stored)
        raw.update(fields)
        if "date" in fields and fields.get("date_precision") is None:
            raw["date_precision"] = None
        after = self.validate(raw)
        if after["uid"] != stored["uid"]:
            raise FieldError("uid", after["uid"], "the uid of a stored incident cannot change")
        changed = {name for name in PLACE_FIELDS if after[name] != stored[name]}
        if not changed:
            return after, ()
        placed = dict(after)
        notes = self.place(placed)
        if all(placed[name] == stored[name] for name in (*PLACE_FIELDS, "district")):
            return placed, notes  # another spelling of the stored place ("Kiev" for Kyiv): no change
        if "city" not in changed:
            return after, self.place(after)
        return after, self._place_new_city(after, changed)

    def _place_new_city(self, record: dict, changed: set[str]) -> tuple[PlaceNote, ...]:
        derived = [name for name in DERIVED_FROM_CITY if name not in changed]
        trial = dict(record, **dict.fromkeys(derived))
        notes = self.place(trial)
        placed = trial["latitude"] is not None  # the gazetteer knew the new city
        if placed or not any(name in derived for name in ("region", "country")):
            record.update(trial)
            return notes
        if "latitude" in derived and "longitude" in derived:
            record["latitude"] = record["longitude"] = None
        return self.place(record)

    # ------------------------------------------------------------ writing (inside the caller's transaction)

    def insert_many(self, records: list[tuple[int, dict]], *, batch_id: int | None, stamp: str) -> None:
        """New records with ids from store.next_id(); an import's batch is their provenance."""
        self.store.insert_many(records, batch_id=batch_id, stamp=stamp)

    def replace(
        self,
        incident_id: int,
        stored: dict,
        after: dict,
        *,
        action: str,
        batch_id: int | None = None,
        reason: str | None = None,
        resolves: str | None = None,
    ) -> tuple[dict, dict]:
        """Write `after` over the stored record and log what changed: (before, after) fragments."""
        old, new = diff(stored, after)
        if old or new:
            self.store.replace(incident_id, after, stamp=now())
            self.log(stored["uid"], action, before=old, after=new, batch_id=batch_id, reason=reason, resolves=resolves)
        return old, new

    def log(
        self,
        uid: str,
        action: str,
        *,
        before: dict | None = None,
        after: dict | None = None,
        batch_id: int | None = None,
        reason: str | None = None,
        resolves: str | None = None,
    ) -> None:
        self.store.log_change(
            Change(None, uid, action, now(), self.user, batch_id, before, after, reason, resolves=resolves)
        )

    def stored(self, incident_id: int) -> dict:
        record = self.store.get(incident_id)
        if record is None:
            raise IncidentNotFound(incident_id)
        return record

    # ------------------------------------------------------------ one record, one transaction

    def add(self, raw: Mapping[str, object]) -> tuple[int, dict, tuple[PlaceNote, ...]]:
        """Store one record; returns its id, the stored record and place notes."""
        record = self.validate(raw)
        notes = self.place(record)
        with self.store.write():
            if self.store.id_for_uid(record["uid"]) is not None:
                raise UidTaken(record["uid"])
            incident_id = self.store.insert(record, batch_id=None, stamp=now())
            self.log(record["uid"], "add", after=model.to_json(record))
        return incident_id, record, notes

    def edit(self, incident_id: int, edit: Edit) -> tuple[dict, dict, tuple[PlaceNote, ...]]:
        """Apply an edit; returns the (before, after) of what changed and the place notes."""
        with self.store.write():
            stored = self.stored(incident_id)
            fields = {name: value for name, value in edit.values.items() if value is not None}
            for name in edit.clear:
                if name not in model.FIELDS or name in ("uid", "date"):
                    raise NotClearable(name)
                fields[name] = [] if name in model.LIST_FIELDS else None
            current = model.to_json(stored)
            fields["damaged"] = self._edit_damaged(current["damaged"] if "damaged" not in fields else [], edit.damaged)
            fields["sources"] = _edit_sources(current["sources"] if "sources" not in fields else [], edit.sources)
            after, notes = self.merged(stored, fields)
            settled = self._conflicts_settled(stored, after)
            # Every change whose conflict this edit settles: the other side takes the edit for each of them.
            resolves = " ".join(sorted({conflict.their_change_uid for conflict in settled})) or None
            old, new = self.replace(incident_id, stored, after, action="edit", reason=edit.reason, resolves=resolves)
            for conflict in settled:
                assert conflict.id is not None
                self.store.resolve_conflict(conflict.id, "edited", stamp=now(), by=self.user)
        return old, new, notes

    def _conflicts_settled(self, stored: dict, after: dict) -> list[Conflict]:
        """The open conflicts (from pulls) on the fields an edit changes: a
        person editing a field decides it. The edit then `resolves` the other
        side's change, so that database takes the edit on its next pull."""
        _, changed = diff(stored, after)
        return [
            item
            for item in self.store.conflicts()
            if item.uid == stored["uid"]
            and (item.field in changed or (isinstance(item.theirs, dict) and set(item.theirs) & set(changed)))
        ]

    def _edit_damaged(self, current: list[dict], edit: ListEdit) -> list[str]:
        sites = [f"{site['kind']}:{site['name']}" for site in current]
        for item in edit.remove:
            kind, _, name = item.partition(":")
            code = self.vocabularies.site_kinds.resolve(kind) or kind
            target = f"{code}:{name.strip()}"
            if target not in sites:
                raise NotInList("damaged", item, sites)
            sites.remove(target)
        return sites + list(edit.add)

    def delete(self, incident_id: int, *, reason: str | None = None) -> dict:
        with self.store.write():
            record = self.stored(incident_id)
            self.log(record["uid"], "delete", before=model.to_json(record), reason=reason)  # while the id is stored
            self.store.delete(incident_id)
        return record

    def restore(self, uid: str, *, reason: str | None = None) -> int:
        """Bring back a deleted incident exactly as it was when deleted; returns its new id."""
        with self.store.write():
            if self.store.id_for_uid(uid) is not None:
                raise CannotUndo(f"incident {uid} is stored; there is nothing to restore")
            deleted = [change for change in self.store.changes(uid) if change.action == "delete"]
            if not deleted or deleted[-1].before is None:
                raise CannotUndo(f"no deleted incident with uid {uid}; `harmtrack history` lists the changes")
            record = self.validate(deleted[-1].before)
            incident_id = self.store.insert(record, batch_id=None, stamp=now())
            self.log(uid, "restore", after=model.to_json(record), reason=reason)
        return incident_id

    def revert(self, change_id: int, *, reason: str | None = None) -> tuple[str, dict, dict]:
        """Undo one logged change to fields (an edit, an import's update, a
        revert), or a deletion; refused when a later change touched the same
        field. Returns the uid and the (before, after) of what changed now."""
        with self.store.write():
            change = next((item for item in self.store.changes(None) if item.id == change_id), None)
            if change is None:
                raise CannotUndo(f"no change {change_id}; `harmtrack history` lists them with their numbers")
            if change.action == "delete":
                restored = self.restore(change.uid, reason=reason)
                return change.uid, {}, model.to_json(self.stored(restored))
            if change.action not in ("edit", "update", "revert") or change.before is None:
                hint = {"merge": "`harmtrack unmerge` undoes a merge", "add": "`harmtrack delete` removes it"}
                why = hint.get(change.action, "it cannot be reverted")
                raise CannotUndo(f"change {change_id} is {change.action!r}; {why}")
            fields = {name: value for name, value in change.before.items() if name in model.FIELDS}
            later = [item for item in self.store.changes(change.uid) if item.id is not None and item.id > change_id]
            for item in later:
                touched = set(item.before or {}) | set(item.after or {})
                if touched & set(fields):
                    raise CannotUndo(
                        f"change {item.id} ({item.action}, {item.changed_at}) changed "
                        f"{', '.join(sorted(touched & set(fields)))} after change {change_id}; revert it first"
                    )
            incident_id = self.store.id_for_uid(change.uid)
            if incident_id is None:
                raise CannotUndo(f"incident {change.uid} is not stored (deleted or merged away)")
            stored = self.stored(incident_id)
            after, _ = self.merged(stored, fields)
            why = reason or f"reverts change {change_id}"
            old, new = self.replace(incident_id, stored, after, action="revert", reason=why)
        return change.uid, old, new

    def rename_place(self, kind: str, old: str, new: str, *, reason: str | None = None) -> int:
        """Write `new` for `old` in every record whose `kind` field holds it,
        each change logged as a merge; returns how many records changed."""
        with self.store.write():
            ids = self.store.ids_with_place(kind, old)
            for incident_id in ids:
                stored = self.stored(incident_id)
                raw = dict(model.to_json(stored), date=_stored_date_text(stored))
                raw[kind] = new
                self.replace(incident_id, stored, self.validate(raw), action="merge", reason=reason)
        return len(ids)

    def merge(self, incident_ids: list[int], *, into: int | None = None, reason: str | None = None) -> dict:
        """Make several stored incidents one (see merging.combine); the others'
        uids become aliases of the kept one; everything is logged and can be
        undone with `unmerge`. Returns the kept record as stored."""
        with self.store.write():
            records = [self.stored(incident_id) for incident_id in dict.fromkeys(incident_ids)]
            if len(records) < 2:
                raise NothingToMerge("a merge needs two or more different incidents")
            kept = merging.choose_kept(records, into)
            others = [record for record in records if record["id"] != kept["id"]]
            combined, why = merging.combine(kept, others)
            after = self.validate(dict(combined, date=_stored_date_text(kept)))
            snapshot = {"kept": self._snapshot(kept), "merged": [self._snapshot(other) for other in others]}
            merged_uids = [other["uid"] for other in others]
            stamp = now()
            self.store.record_merge(kept["uid"], merged_uids, snapshot, stamp=stamp, by=self.user)
            for other in others:
                self.log(
                    other["uid"],
                    "merge",
                    before=model.to_json(other),
                    after={"merged_into": kept["uid"]},
                    reason=reason,
                )
                self.store.delete(other["id"])
            old, new = diff(kept, after)
            self.store.replace(kept["id"], after, stamp=stamp)
            self.log(kept["uid"], "merge", before=old, after={**new, "merged_uids": merged_uids}, reason=reason or why)
        return dict(after, id=kept["id"])

    def _snapshot(self, record: dict) -> dict:
        """A record as a merge found it: its fields and the uids merged into it before."""
        return dict(model.to_json(record), merged_uids=self.store.aliases_of(record["uid"]))

    def unmerge(self, incident_id: int, *, reason: str | None = None) -> list[str]:
        """Restore the records of the last merge into this incident exactly as
        they were; returns the uids brought back."""
        with self.store.write():
            kept = self.stored(incident_id)
            last = self.store.last_merge(kept["uid"])
            if last is None:
                raise NothingToMerge(f"incident {incident_id} holds no merge to undo")
            merge_id, snapshot = last
            before = self.validate(_without_aliases(snapshot["kept"]))
            old, new = diff(kept, before)
            self.store.replace(kept["id"], before, stamp=now())
            restored = []
            for item in snapshot["merged"]:
                record = self.validate(_without_aliases(item))
                self.store.insert(record, batch_id=None, stamp=now())
                self.log(record["uid"], "unmerge", after=model.to_json(record), reason=reason)
                restored.append(record["uid"])
            self.store.undo_merge(merge_id, stamp=now())
            self.log(kept["uid"], "unmerge", before=old, after={**new, "restored_uids": restored}, reason=reason)
        return restored


def _edit_sources(current: list[dict], edit: ListEdit) -> list:
    sources: list = list(current)
    for url in edit.remove:
        match = next((source for source in sources if source["url"] == url), None)
        if match is None:
            raise NotInList("sources", url, [source["url"] for source in sources])
        sources.remove(match)
    return sources + list(edit.add)


def _without_aliases(item: dict) -> dict:
    return {name: value for name, value in item.items() if name != "merged_uids"}


def diff(before: dict, after: dict) -> tuple[dict, dict]:
    """The fields that differ, as (before, after) JSON fragments."""
    old, new = model.to_json(before), model.to_json(after)
    changed = [name for name in old if old[name] != new[name]]
    return {name: old[name] for name in changed}, {name: new[name] for name in changed}


def _stored_date_text(record: dict) -> str:
    """The stored date written so that it parses back to the same precision."""
    return date_text(record["date"], record["date_precision"])


def date_text(day: str, precision: str) -> str:
    """A stored date (the period's first day) as text that parses back to `precision`."""
    return {"day": day, "week": day, "month": day[:7], "year": day[:4]}[precision]

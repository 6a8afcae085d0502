"""Reading stored incidents: one record by id, and the history of changes."""

from __future__ import annotations

from dataclasses import replace

from harmtrack.recording import IncidentNotFound
from harmtrack.store.contract import Batch, Change, Store


def get(store: Store, incident_id: int) -> dict:
    record = store.get(incident_id)
    if record is None:
        raise IncidentNotFound(incident_id)
    return record


def resolve(store: Store, text: str) -> int:
    """The id of an incident named by its id, its uid, or the uid of a report merged into it."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    incident_id = store.id_for_uid(text.lower())
    if incident_id is None:
        raise IncidentNotFound(text)
    return incident_id


def history(store: Store, uid: str | None) -> list[Change]:
    """Every change, oldest first. For one incident, led by the import that
    created it (an `import` entry naming the file, its sha256, when and who);
    each update an import made names its file the same way."""
    batches: dict[int, Batch | None] = {}

    def described(change: Change) -> Change:
        if change.batch_id is None:
            return change
        if change.batch_id not in batches:
            batches[change.batch_id] = store.batch(change.batch_id)
        batch = batches[change.batch_id]
        return replace(change, after={**_source(batch), **(change.after or {})}) if batch else change

    entries = [described(change) for change in store.changes(uid)]
    if uid is None:
        return entries
    first = store.batch_of(uid)
    if first is None:
        return entries
    at = first.finished_at or first.started_at
    return [Change(None, uid, "import", at, first.imported_by or "unknown", first.id, None, _source(first)), *entries]


def _source(batch: Batch) -> dict:
    return {"batch": batch.id, "file": batch.file_name, "format": batch.format, "sha256": batch.sha256}

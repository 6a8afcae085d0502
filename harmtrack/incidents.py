"""Reading stored incidents: one record by id, and the history of changes."""

from __future__ import annotations

from harmtrack.recording import IncidentNotFound
from harmtrack.store.contract import Change, Store


def get(store: Store, incident_id: int) -> dict:
    record = store.get(incident_id)
    if record is None:
        raise IncidentNotFound(incident_id)
    return record


def history(store: Store, uid: str | None) -> list[Change]:
    """Every change, oldest first; for one incident, led by the import batch
    that last wrote it, as an `import` entry naming the file."""
    entries = store.changes(uid)
    if uid is None:
        return entries
    batch = store.batch_of(uid)
    if batch is None:
        return entries
    source = {"batch": batch.id, "file": batch.file_name, "format": batch.format, "sha256": batch.sha256}
    at = batch.finished_at or batch.started_at
    return [Change(None, uid, "import", at, batch.imported_by or "unknown", batch.id, None, source), *entries]

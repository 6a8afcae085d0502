"""Stored incidents: write, read, filter, and the change log.

Functions here run inside the caller's transaction (see store.write_transaction):
a command decides what is atomic, this module only says how a record maps to
the tables.
"""

from __future__ import annotations

import getpass
import json
import operator
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from harmtrack.errors import HarmtrackError
from harmtrack.model import FIELDS, SCALAR_FIELDS

if TYPE_CHECKING:
    from sqlite_utils import Database

_SELECT = (
    "SELECT i.id, "
    + ", ".join(f"i.{name}" for name in SCALAR_FIELDS)
    + """,
    (SELECT json_group_array(json_object('kind', kind, 'name', name))
       FROM (SELECT kind, name FROM damaged_sites WHERE incident_id = i.id ORDER BY position)) AS damaged,
    (SELECT json_group_array(json_object('url', url, 'publisher', publisher, 'published', published))
       FROM (SELECT url, publisher, published FROM sources WHERE incident_id = i.id ORDER BY position)) AS sources
    FROM incidents AS i"""
)
_INSERT = "INSERT INTO incidents ({}, batch_id, created_at, updated_at) VALUES ({}, ?, ?, ?)".format(
    ", ".join(SCALAR_FIELDS), ", ".join("?" for _ in SCALAR_FIELDS)
)


@dataclass(frozen=True)
class Filters:
    """The common filters of list, export and report; every value is bound, never spliced."""

    since: str | None = None
    until: str | None = None
    country: str | None = None
    region: str | None = None
    city: str | None = None
    weapon: str | None = None
    statuses: tuple[str, ...] = ()

    def where(self, alias: str = "i") -> tuple[str, list]:
        clauses, params = [], []
        if self.since:
            clauses.append(f"{alias}.date >= ?")
            params.append(self.since)
        if self.until:
            clauses.append(f"{alias}.date <= ?")
            params.append(self.until)
        for name in ("country", "region", "city", "weapon"):
            value = getattr(self, name)
            if value:
                clauses.append(f"{alias}.{name} = ? COLLATE NOCASE")
                params.append(value)
        if self.statuses:
            clauses.append(f"{alias}.status IN ({', '.join('?' for _ in self.statuses)})")
            params.extend(self.statuses)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def current_user() -> str:
    """Who made a change: HARMTRACK_USER, else the login name."""
    try:
        return os.environ.get("HARMTRACK_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def insert(db: Database, record: dict, *, batch_id: int | None = None, stamp: str | None = None) -> int:
    stamp = stamp or now()
    cursor = db.conn.execute(_INSERT, [record[name] for name in SCALAR_FIELDS] + [batch_id, stamp, stamp])
    incident_id = cursor.lastrowid
    _write_lists(db, incident_id, record)
    return incident_id


_INSERT_WITH_ID = "INSERT INTO incidents (id, {}, batch_id, created_at, updated_at) VALUES (?, {}, ?, ?, ?)".format(
    ", ".join(SCALAR_FIELDS), ", ".join("?" for _ in SCALAR_FIELDS)
)


_SCALARS_OF = operator.itemgetter(*SCALAR_FIELDS)


def insert_many(db: Database, records: list[tuple[int, dict]], *, batch_id: int | None, stamp: str) -> None:
    """Insert (id, record) pairs in bulk; the caller holds the write lock and
    chose ids above every stored one (import does, for speed)."""
    tail = (batch_id, stamp, stamp)
    scalars = _SCALARS_OF
    db.conn.executemany(
        _INSERT_WITH_ID,
        [(incident_id, *scalars(record), *tail) for incident_id, record in records],
    )
    db.conn.executemany(
        "INSERT INTO damaged_sites (incident_id, position, kind, name) VALUES (?, ?, ?, ?)",
        [
            (incident_id, position, kind, name)
            for incident_id, record in records
            for position, (kind, name) in enumerate(record["damaged"])
        ],
    )
    db.conn.executemany(
        "INSERT INTO sources (incident_id, position, url, publisher, published) VALUES (?, ?, ?, ?, ?)",
        [
            (incident_id, position, source["url"], source["publisher"], source["published"])
            for incident_id, record in records
            for position, source in enumerate(record["sources"])
        ],
    )


def _write_lists(db: Database, incident_id: int, record: dict) -> None:
    if record["damaged"]:
        db.conn.executemany(
            "INSERT INTO damaged_sites (incident_id, position, kind, name) VALUES (?, ?, ?, ?)",
            [(incident_id, position, kind, name) for position, (kind, name) in enumerate(record["damaged"])],
        )
    if record["sources"]:
        db.conn.executemany(
            "INSERT INTO sources (incident_id, position, url, publisher, published) VALUES (?, ?, ?, ?, ?)",
            [
                (incident_id, position, source["url"], source["publisher"], source["published"])
                for position, source in enumerate(record["sources"])
            ],
        )


def replace(db: Database, incident_id: int, record: dict, *, batch_id: int | None = None) -> None:
    """Overwrite a stored record with `record` (same uid)."""
    assignments = ", ".join(f"{name} = ?" for name in SCALAR_FIELDS)
    db.conn.execute(
        f"UPDATE incidents SET {assignments}, updated_at = ?, batch_id = coalesce(?, batch_id) WHERE id = ?",
        [record[name] for name in SCALAR_FIELDS] + [now(), batch_id, incident_id],
    )
    db.conn.execute("DELETE FROM damaged_sites WHERE incident_id = ?", [incident_id])
    db.conn.execute("DELETE FROM sources WHERE incident_id = ?", [incident_id])
    _write_lists(db, incident_id, record)


def delete(db: Database, incident_id: int) -> None:
    db.conn.execute("DELETE FROM incidents WHERE id = ?", [incident_id])


def _row_to_record(row: tuple) -> dict:
    record = dict(zip(("id", *SCALAR_FIELDS), row[:-2], strict=True))
    record["damaged"] = [(site["kind"], site["name"]) for site in json.loads(row[-2])]
    record["sources"] = json.loads(row[-1])
    return record


def get(db: Database, incident_id: int) -> dict:
    row = db.conn.execute(_SELECT + " WHERE i.id = ?", [incident_id]).fetchone()
    if row is None:
        raise HarmtrackError(f"no incident with id {incident_id}; `harmtrack list` shows the ids")
    return _row_to_record(row)


def id_for_uid(db: Database, uid: str) -> int | None:
    row = db.conn.execute("SELECT id FROM incidents WHERE uid = ?", [uid]).fetchone()
    return row[0] if row else None


def select(db: Database, filters: Filters, *, limit: int | None = None) -> Iterator[dict]:
    """Matching records in export order (date, then uid), streamed."""
    where, params = filters.where()
    sql = _SELECT + where + " ORDER BY i.date, i.uid"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    for row in db.conn.execute(sql, params):
        yield _row_to_record(row)


def to_json(record: dict) -> dict:
    """The record as JSON output carries it: lists of objects, no internal id."""
    out = {}
    for name in FIELDS:
        if name == "damaged":
            out[name] = [{"kind": kind, "name": site} for kind, site in record["damaged"]]
        elif name == "sources":
            out[name] = [dict(source) for source in record["sources"]]
        else:
            out[name] = record[name]
    return out


def log_change(
    db: Database,
    uid: str,
    action: str,
    *,
    before: dict | None = None,
    after: dict | None = None,
    batch_id: int | None = None,
) -> None:
    db.conn.execute(
        "INSERT INTO changes (incident_uid, action, changed_at, changed_by, batch_id, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            uid,
            action,
            now(),
            current_user(),
            batch_id,
            json.dumps(before, ensure_ascii=False) if before is not None else None,
            json.dumps(after, ensure_ascii=False) if after is not None else None,
        ],
    )


def diff(before: dict, after: dict) -> tuple[dict, dict]:
    """The fields that differ, as (before, after) JSON fragments."""
    old, new = to_json(before), to_json(after)
    changed = [name for name in old if old[name] != new[name]]
    return {name: old[name] for name in changed}, {name: new[name] for name in changed}


def history(db: Database, uid: str | None) -> list[dict]:
    """Every change, oldest first; for one incident, also the import batch
    that last wrote it, as an `import` entry naming the file."""
    sql = "SELECT id, incident_uid, action, changed_at, changed_by, batch_id, before, after FROM changes"
    params: list = []
    if uid is not None:
        sql += " WHERE incident_uid = ?"
        params.append(uid)
    rows = db.conn.execute(sql + " ORDER BY id", params).fetchall()
    keys = ("id", "uid", "action", "changed_at", "changed_by", "batch_id", "before", "after")
    entries = []
    for row in rows:
        entry = dict(zip(keys, row, strict=True))
        entry["before"] = json.loads(entry["before"]) if entry["before"] else None
        entry["after"] = json.loads(entry["after"]) if entry["after"] else None
        entries.append(entry)
    if uid is not None:
        entries = _import_entries(db, uid) + entries
    return entries


def _import_entries(db: Database, uid: str) -> list[dict]:
    row = db.conn.execute(
        "SELECT b.id, b.file_name, b.format, b.sha256, coalesce(b.finished_at, b.started_at), b.imported_by "
        "FROM incidents AS i JOIN import_batches AS b ON b.id = i.batch_id WHERE i.uid = ?",
        [uid],
    ).fetchone()
    if row is None:
        return []
    batch_id, file_name, fmt, sha256, at, by = row
    source = {"batch": batch_id, "file": file_name, "format": fmt, "sha256": sha256}
    return [
        {
            "id": None,
            "uid": uid,
            "action": "import",
            "changed_at": at,
            "changed_by": by or "unknown",
            "batch_id": batch_id,
            "before": None,
            "after": source,
        }
    ]

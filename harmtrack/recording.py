"""The life of one record: add, edit, delete, each atomic and logged.

Each function validates first, then writes the record and its change-log
entry in one transaction: a refused change leaves the database as it was.
"""

from collections.abc import Mapping

from sqlite_utils import Database

from harmtrack import incidents, model, places, vocab
from harmtrack.errors import HarmtrackError
from harmtrack.store import write_transaction

PLACE_FIELDS = ("country", "region", "city", "latitude", "longitude")


def add(db: Database, raw: Mapping[str, object], *, order: model.DateOrder) -> tuple[int, dict, tuple[str, ...]]:
    """Store one record; returns its id, the stored record and place warnings."""
    record = model.validate(raw, vocab.load(db), order=order)
    warnings = places.normalise_record(record, places.resolver_for(db.conn))
    with write_transaction(db):
        if incidents.id_for_uid(db, record["uid"]) is not None:
            raise HarmtrackError(f"an incident with uid {record['uid']} is already stored; use `harmtrack edit`")
        incident_id = incidents.insert(db, record)
        incidents.log_change(db, record["uid"], "add", after=incidents.to_json(record))
    return incident_id, record, warnings


def edit(
    db: Database,
    incident_id: int,
    changes: Mapping[str, object],
    *,
    clear: tuple[str, ...] = (),
    add_damaged: tuple[str, ...] = (),
    remove_damaged: tuple[str, ...] = (),
    add_sources: tuple[str, ...] = (),
    remove_sources: tuple[str, ...] = (),
    order: model.DateOrder,
) -> tuple[dict, dict, tuple[str, ...]]:
    """Apply changes to a stored record; returns the (before, after) of what
    changed and the place warnings (places are normalised when one changed)."""
    vocabularies = vocab.load(db)
    with write_transaction(db):
        before = incidents.get(db, incident_id)
        raw = incidents.to_json(before)
        raw["date"] = _stored_date_text(before)
        for name in clear:
            if name not in model.FIELDS or name in ("uid", "date"):
                raise HarmtrackError(f"--clear {name}: not a field that can be emptied")
            raw[name] = [] if name in model.LIST_FIELDS else None
        raw.update({name: value for name, value in changes.items() if value is not None})
        if "date" in changes and changes["date"] is not None and changes.get("date_precision") is None:
            raw["date_precision"] = None
        raw["damaged"] = _edit_damaged(raw["damaged"], add_damaged, remove_damaged, vocabularies)
        raw["sources"] = _edit_sources(raw["sources"], add_sources, remove_sources)
        after = model.validate(raw, vocabularies, order=order)
        warnings: tuple[str, ...] = ()
        if any(changes.get(name) is not None or name in clear for name in PLACE_FIELDS):
            warnings = _renormalise_places(after, changes, places.resolver_for(db.conn))
        if after["uid"] != before["uid"]:
            raise HarmtrackError("the uid of a stored incident cannot change")
        old, new = incidents.diff(before, after)
        if old or new:
            incidents.replace(db, incident_id, after)
            incidents.log_change(db, before["uid"], "edit", before=old, after=new)
    return old, new, warnings


def _renormalise_places(record: dict, changes: Mapping[str, object], resolver) -> tuple[str, ...]:
    """Normalise an edited record's places. A new city brings its own region,
    country and coordinates unless the edit gives them: the old ones described
    the old city. When the gazetteer does not know the new city, the old
    region and country stay (the coordinates still go)."""
    if changes.get("city") is None:
        return places.normalise_record(record, resolver)
    derived = [name for name in ("region", "country", "latitude", "longitude") if changes.get(name) is None]
    trial = dict(record, **dict.fromkeys(derived))
    warnings = places.normalise_record(trial, resolver)
    placed = trial["latitude"] is not None  # the gazetteer knew the new city
    if placed or not any(name in derived for name in ("region", "country")):
        record.update(trial)
        return warnings
    if "latitude" in derived and "longitude" in derived:
        record["latitude"] = record["longitude"] = None
    return places.normalise_record(record, resolver)


def _stored_date_text(record: dict) -> str:
    """The stored date written so that it parses back to the same precision."""
    date, precision = record["date"], record["date_precision"]
    return {"day": date, "week": date, "month": date[:7], "year": date[:4]}[precision]


def _edit_damaged(current: list, add: tuple[str, ...], remove: tuple[str, ...], vocabularies) -> list:
    sites = [f"{site['kind']}:{site['name']}" for site in current]
    for item in remove:
        kind, _, name = item.partition(":")
        code = vocabularies.site_kinds.resolve(kind) or kind
        target = f"{code}:{name.strip()}"
        if target not in sites:
            raise HarmtrackError(f"--remove-damaged: '{item}' is not among this incident's damaged sites: {sites}")
        sites.remove(target)
    return sites + list(add)


def _edit_sources(current: list, add: tuple[str, ...], remove: tuple[str, ...]) -> list:
    sources = list(current)
    for url in remove:
        match = next((source for source in sources if source["url"] == url), None)
        if match is None:
            listed = [source["url"] for source in sources]
            raise HarmtrackError(f"--remove-source: '{url}' is not among this incident's sources: {listed}")
        sources.remove(match)
    return sources + list(add)


def delete(db: Database, incident_id: int) -> dict:
    with write_transaction(db):
        record = incidents.get(db, incident_id)
        incidents.delete(db, incident_id)
        incidents.log_change(db, record["uid"], "delete", before=incidents.to_json(record))
    return record

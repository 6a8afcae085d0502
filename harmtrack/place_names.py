"""Place names as stored: counts, variants, merges and the team's aliases.

A merge rewrites every record that holds the old name through the write
pipeline, which logs each change, so `harmtrack history` shows it; it also
stores the old name as a team alias so that later imports and additions land
on the new one. A merged city takes the target's region, country and
coordinates when the target is a gazetteer settlement, or a stored name whose
records agree on them (logged as an edit with the merge's reason).
"""

from collections.abc import Iterable

from harmtrack import places
from harmtrack.errors import HarmtrackError, UsageError
from harmtrack.recording import Edit, Recorder, now
from harmtrack.store.contract import Store

KINDS = places.KINDS
LOCATE_RECORDS = 50  # records read per name to place it (region, coordinates)


class PlaceNotStored(HarmtrackError):
    def __init__(self, kind: str, name: str):
        super().__init__(f"no incident has {kind} '{name}'")


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise UsageError(f"'{kind}' is not one of {', '.join(KINDS)}")


def _locations(store: Store, kind: str, name: str) -> list[dict]:
    ids = store.ids_with_place(kind, name)[:LOCATE_RECORDS]
    return list(store.records(ids).values())


def stored_names(store: Store, kind: str) -> list[tuple[str, int, list[str]]]:
    """(name, incidents, other stored names that are variants of it), most incidents first."""
    _check_kind(kind)
    counts = store.place_counts(kind)

    def locate(name: str) -> Iterable[places.Location]:
        return [(r["region"], r["latitude"], r["longitude"]) for r in _locations(store, kind, name)]

    variants: dict[str, list[str]] = {}
    for group in places.variant_groups([name for name, _ in counts], kind, locate=locate):  # type: ignore[arg-type]
        for name in group:
            variants[name] = [other for other in group if other != name]
    return [(name, count, variants.get(name, [])) for name, count in counts]


def merge(store: Store, kind: str, old: str, new: str, *, keep_alias: bool = True, reason: str | None = None) -> int:
    """Rewrite `old` as `new` in every record; returns how many changed.

    A city's records then take the target's region, country and coordinates
    (see target_place), each such change logged as an edit; coordinates of
    their own within NEAR_OWN_KM of the target's are kept."""
    _check_kind(kind)
    if old == new:
        raise UsageError("the old and new names are the same")
    recorder = Recorder(store)
    with store.write():
        target = target_place(store, kind, new)
        ids = store.ids_with_place(kind, old)
        count = recorder.rename_place(kind, old, new, reason=reason)
        if not count:
            raise PlaceNotStored(kind, old)
        if target:
            why = reason or f"places merge: {kind} '{old}' into '{new}'"
            for incident_id in ids:
                values = _fills(recorder.stored(incident_id), target)
                if values:
                    recorder.edit(incident_id, Edit(values=values, reason=why))
        if keep_alias:
            store.put_place_alias(kind, old.strip(), new.strip(), now())
    return count


NEAR_OWN_KM = 10.0  # a merged record's own coordinates this close to the target's are kept


def target_place(store: Store, kind: str, name: str) -> dict[str, object]:
    """The place fields a record named `name` takes in a merge: for a city,
    region, country and coordinates of the gazetteer settlement, else those
    the stored records of that name agree on; for a region, its country.
    Empty when nothing is known for sure."""
    resolver = places.resolver_for(store)
    if kind == "country":
        return {}
    if kind == "region":
        known = resolver.resolve(None, name, None)
        return {"country": known.country} if not known.notes and known.country else {}
    stored = _locations(store, kind, name)
    regions = {record["region"] for record in stored if record["region"]}
    region = regions.pop() if len(regions) == 1 and not any(r["region"] is None for r in stored) else None
    countries = {record["country"] for record in stored if record["country"]}
    country = countries.pop() if region and len(countries) == 1 else None
    placed = resolver.resolve(country, region, name)
    if not placed.has(*places.CITY_NOT_PLACED) and placed.latitude is not None:
        return {
            "region": placed.region,
            "country": placed.country,
            "latitude": placed.latitude,
            "longitude": placed.longitude,
        }
    if region is None:
        return {}
    fields: dict[str, object] = {"region": region}
    if country:
        fields["country"] = country
    points = [
        (r["latitude"], r["longitude"]) for r in stored if r["latitude"] is not None and r["longitude"] is not None
    ]
    if points and len(points) == len(stored):
        lat, lon = points[0]
        if all(places.haversine_km(lat, lon, *point) <= NEAR_OWN_KM for point in points):
            fields["latitude"], fields["longitude"] = lat, lon
    return fields


def _fills(record: dict, target: dict[str, object]) -> dict[str, object]:
    """The target's fields this record lacks or holds otherwise."""
    values = {name: value for name, value in target.items() if name in ("region", "country") and record[name] != value}
    lat, lon = target.get("latitude"), target.get("longitude")
    if isinstance(lat, float) and isinstance(lon, float):
        own = record["latitude"], record["longitude"]
        far = own[0] is None or own[1] is None or places.haversine_km(own[0], own[1], lat, lon) > NEAR_OWN_KM
        if far and own != (lat, lon):
            values["latitude"], values["longitude"] = lat, lon
    return values


def add_alias(store: Store, kind: str, alias: str, canonical: str) -> None:
    _check_kind(kind)
    with store.write():
        store.put_place_alias(kind, alias.strip(), canonical.strip(), now())


def aliases(store: Store) -> list[tuple[str, str, str]]:
    return store.place_aliases()

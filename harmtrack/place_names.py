"""Place names as stored: counts, variants, merges and the team's aliases.

A merge rewrites every record that holds the old name through the write
pipeline, which logs each change, so `harmtrack history` shows it; it also
stores the old name as a team alias so that later imports and additions land
on the new one.
"""

from harmtrack import places
from harmtrack.errors import HarmtrackError, UsageError
from harmtrack.recording import Recorder, now
from harmtrack.store.contract import Store

KINDS = places.KINDS


class PlaceNotStored(HarmtrackError):
    def __init__(self, kind: str, name: str):
        super().__init__(f"no incident has {kind} '{name}'")


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise UsageError(f"'{kind}' is not one of {', '.join(KINDS)}")


def stored_names(store: Store, kind: str) -> list[tuple[str, int, list[str]]]:
    """(name, incidents, other stored names that look like variants of it), most incidents first."""
    _check_kind(kind)
    counts = store.place_counts(kind)
    variants: dict[str, list[str]] = {}
    for group in places.variant_groups([name for name, _ in counts], kind):  # type: ignore[arg-type]
        for name in group:
            variants[name] = [other for other in group if other != name]
    return [(name, count, variants.get(name, [])) for name, count in counts]


def merge(store: Store, kind: str, old: str, new: str, *, keep_alias: bool = True, reason: str | None = None) -> int:
    """Rewrite `old` as `new` in every record; returns how many changed."""
    _check_kind(kind)
    if old == new:
        raise UsageError("the old and new names are the same")
    recorder = Recorder(store)
    with store.write():
        count = recorder.rename_place(kind, old, new, reason=reason)
        if not count:
            raise PlaceNotStored(kind, old)
        if keep_alias:
            store.put_place_alias(kind, old.strip(), new.strip(), now())
    return count


def add_alias(store: Store, kind: str, alias: str, canonical: str) -> None:
    _check_kind(kind)
    with store.write():
        store.put_place_alias(kind, alias.strip(), canonical.strip(), now())


def aliases(store: Store) -> list[tuple[str, str, str]]:
    return store.place_aliases()

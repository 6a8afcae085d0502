"""Place names as stored: counts, variants, merges and the team's aliases.

A merge rewrites every record that holds the old name and logs each change,
so `harmtrack history` shows it; it also stores the old name as a team alias
so that later imports and additions land on the new one.
"""

from sqlite_utils import Database

from harmtrack import incidents, places
from harmtrack.errors import HarmtrackError, UsageError
from harmtrack.store import write_transaction

KINDS = ("city", "region", "country")


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise UsageError(f"'{kind}' is not one of {', '.join(KINDS)}")


def stored_names(db: Database, kind: str) -> list[tuple[str, int, list[str]]]:
    """(name, incidents, other stored names that look like variants of it), most incidents first."""
    _check_kind(kind)
    counts = db.conn.execute(
        f"SELECT {kind}, count(*) FROM incidents WHERE {kind} IS NOT NULL "
        f"GROUP BY {kind} ORDER BY count(*) DESC, {kind}"
    ).fetchall()
    variants: dict[str, list[str]] = {}
    for group in places.variant_groups([name for name, _ in counts], kind):
        for name in group:
            variants[name] = [other for other in group if other != name]
    return [(name, count, variants.get(name, [])) for name, count in counts]


def merge(db: Database, kind: str, old: str, new: str, *, keep_alias: bool = True) -> int:
    """Rewrite `old` as `new` in every record; returns how many changed."""
    _check_kind(kind)
    if old == new:
        raise UsageError("the old and new names are the same")
    with write_transaction(db):
        rows = db.conn.execute(f"SELECT id, uid FROM incidents WHERE {kind} = ?", [old]).fetchall()
        if not rows:
            raise HarmtrackError(f"no incident has {kind} '{old}'; `harmtrack places --kind {kind}` lists them")
        stamp = incidents.now()
        db.conn.execute(f"UPDATE incidents SET {kind} = ?, updated_at = ? WHERE {kind} = ?", [new, stamp, old])
        for _, uid in rows:
            incidents.log_change(db, uid, "merge", before={kind: old}, after={kind: new})
        if keep_alias:
            _store_alias(db, kind, old, new)
    return len(rows)


def add_alias(db: Database, kind: str, alias: str, canonical: str) -> None:
    _check_kind(kind)
    with write_transaction(db):
        _store_alias(db, kind, alias, canonical)


def _store_alias(db: Database, kind: str, alias: str, canonical: str) -> None:
    db.conn.execute(
        "INSERT INTO place_aliases (kind, alias, canonical, created_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (kind, alias) DO UPDATE SET canonical = excluded.canonical",
        [kind, alias.strip(), canonical.strip(), incidents.now()],
    )


def aliases(db: Database) -> list[tuple[str, str, str]]:
    return db.conn.execute("SELECT kind, alias, canonical FROM place_aliases ORDER BY kind, alias").fetchall()

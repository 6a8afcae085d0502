"""pull and conflicts: another harmtrack database's work brought into this one."""

import json
from typing import Annotated

import typer

from harmtrack.cli.common import FormatOption, database, message, state
from harmtrack.errors import UsageError

conflicts_app = typer.Typer(
    help="Fields changed differently here and in a database pulled from; resolve them.",
    invoke_without_command=True,
)


def register(app: typer.Typer) -> None:
    app.command("pull")(pull)
    app.add_typer(conflicts_app, name="conflicts")


def pull(
    ctx: typer.Context,
    source: Annotated[
        str, typer.Argument(metavar="SOURCE", help="Another harmtrack database: a SQLite file or a postgresql:// URL.")
    ],
):
    """Bring another harmtrack database's work into this one: incidents it lacks, changes made there since, and
    deletions. A field changed differently on both sides becomes a conflict for a person (`harmtrack conflicts`),
    never last-writer-wins. Pulling twice changes nothing the second time.

    The other database is only read. Everything is one transaction: a failed pull changes nothing here."""
    from harmtrack.cli.progress import progress
    from harmtrack.pulling import pull as pull_from
    from harmtrack.store import open_store

    label = _label(source)
    if label == _label(str(state(ctx).location)):
        raise UsageError(f"{source} is this database; pull from another one")
    if not _exists(source):
        raise UsageError(f"{source} does not exist; name a harmtrack database file or a postgresql:// URL")
    other = open_store(source, create=False, write=False)
    try:
        # A new file becomes a field copy of SOURCE.
        with database(ctx, create=True, write=True) as store, progress("pulling", unit="changes") as update:
            result = pull_from(store, other, label, progress=update)
    finally:
        other.close()
    found = len(result.conflicts)
    conflicts = f"{found} conflict{'s' if found != 1 else ''}" + (
        " (`harmtrack conflicts` lists them)" if found else ""
    )
    message(
        f"pulled from {label}: {result.added} incident{'s' if result.added != 1 else ''} added, "
        f"{result.applied} change{'s' if result.applied != 1 else ''} applied, {result.deleted} deleted, {conflicts}"
    )


def _label(source: str) -> str:
    """Where a change came from, as its history shows it: a file's full path, or a URL without its password."""
    from pathlib import Path
    from urllib.parse import urlsplit, urlunsplit

    from harmtrack.store import is_url

    if not is_url(source):
        return str(Path(source).expanduser().resolve())
    parts = urlsplit(source)
    host = parts.hostname or ""
    netloc = (f"{parts.username}@" if parts.username else "") + host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def _exists(source: str) -> bool:
    from pathlib import Path

    from harmtrack.store import is_url

    return is_url(source) or Path(source).expanduser().is_file()


CONFLICT_COLUMNS = (
    "conflict",
    "uid",
    "field",
    "ours",
    "theirs",
    "ours_by",
    "ours_at",
    "theirs_by",
    "theirs_at",
    "source",
)


@conflicts_app.callback()
def conflicts(
    ctx: typer.Context,
    include_resolved: Annotated[bool, typer.Option("--all", help="Resolved conflicts too, with how.")] = False,
    fmt: FormatOption = None,
):
    """List open conflicts (when no subcommand is given): each field changed differently here and in a database
    pulled from, with both values, authors and times. Resolve one with `harmtrack conflicts resolve ID --ours` or
    `--theirs`, or by editing the field."""
    if ctx.invoked_subcommand is not None:
        return
    from harmtrack.render import resolve_format, write_rows

    with database(ctx, create=False) as store:
        found = store.conflicts(include_resolved=include_resolved)
    fmt = resolve_format(fmt)
    columns = CONFLICT_COLUMNS + (("resolution", "resolved_at", "resolved_by") if include_resolved else ())
    rows = []
    for item in found:
        ours, theirs = (_shown(value, fmt) for value in (item.ours, item.theirs))
        row: list[object] = [item.id, item.uid, item.field, ours, theirs, item.ours_by, item.ours_at]
        row += [item.theirs_by, item.theirs_at, item.source]
        if include_resolved:
            row += [item.resolution, item.resolved_at, item.resolved_by]
        rows.append(tuple(row))
    write_rows(
        columns,
        rows,
        fmt,
        numeric=("conflict",),
        title=f"{len(rows)} conflict{'s' if len(rows) != 1 else ''}" + ("" if include_resolved else " open"),
        wrap=("ours", "theirs"),
        elide={"ours": 6, "theirs": 6},
        drop=("source", "ours_at", "theirs_at", "uid", "ours_by", "theirs_by"),
        elided_note="… marks a value cut short: `harmtrack conflicts --format json` shows it whole.",
    )


def _shown(value: object, fmt) -> object:
    from harmtrack.render import Format

    if fmt in (Format.json, Format.jsonl) or not isinstance(value, (list, dict)):
        return value
    return json.dumps(value, ensure_ascii=False)


@conflicts_app.command("resolve")
def resolve(
    ctx: typer.Context,
    conflict: Annotated[
        int, typer.Argument(metavar="ID", help="The conflict's number, as `harmtrack conflicts` shows it.")
    ],
    ours: Annotated[bool, typer.Option("--ours", help="Keep this database's value.")] = False,
    theirs: Annotated[bool, typer.Option("--theirs", help="Take the value of the database pulled from.")] = False,
    reason: Annotated[str | None, typer.Option("--reason", help="Why, in words; kept in the history.")] = None,
):
    """Settle one conflict with our value or theirs. The choice is logged as a change, so the other database takes it
    on its next pull."""
    from harmtrack.pulling import resolve as settle

    if ours == theirs:
        raise UsageError("say which value stays: --ours or --theirs")
    side = "ours" if ours else "theirs"
    with database(ctx, create=False, write=True) as store:
        settled = settle(store, conflict, side, reason=reason)
    message(f"conflict {conflict} resolved: {settled.field} of incident {settled.uid} keeps {side}")

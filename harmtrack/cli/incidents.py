"""add, list, show, edit, delete, history: one incident at a time."""

import sys
from typing import Annotated, Any

import typer

from harmtrack.cli.common import (
    DayFirst,
    FormatOption,
    MonthFirst,
    Yes,
    database,
    date_order,
    filter_options,
    message,
    option_error,
    with_record_options,
)
from harmtrack.errors import FieldError, HarmtrackError, UsageError

Damaged = Annotated[
    list[str] | None,
    typer.Option("--damaged", help="A damaged site as kind:name (repeatable), e.g. residential:apartment building."),
]
Source = Annotated[list[str] | None, typer.Option("--source", help="A source URL or citation (repeatable).")]
IncidentId = Annotated[str, typer.Argument(metavar="ID", help="The incident's id or uid (see `harmtrack list`).")]

Reason = Annotated[str | None, typer.Option("--reason", help="Why, in words; kept in the history.")]
LIST_COLUMNS = ("id", "date", "city", "weapon", "killed", "injured", "status", "description")
LIST_NUMERIC = ("id", "killed", "injured")


def register(app: typer.Typer) -> None:
    for command in (add, list_incidents, show, edit, delete, history, restore, revert):
        name = "list" if command is list_incidents else command.__name__
        app.command(name)(command)


@with_record_options
def add(
    ctx: typer.Context,
    values: dict,
    damaged: Damaged = None,
    source: Source = None,
    dayfirst: DayFirst = False,
    monthfirst: MonthFirst = False,
):
    """Record one incident; prints its new id."""
    from harmtrack.recording import Recorder, UidTaken

    raw = dict(values, damaged=damaged or [], sources=source or [])
    order = date_order(dayfirst, monthfirst)
    with database(ctx, create=True) as store:
        try:
            incident_id, _, notes = Recorder(store, order=order).add(raw)
        except FieldError as error:
            raise option_error(error) from None
        except UidTaken as error:
            raise HarmtrackError(f"{error}; use `harmtrack edit`") from None
        warnings = [str(note) for note in notes]  # worded while the store is open: hints read stored names
    for warning in warnings:
        message(f"harmtrack: warning: {warning}")
    try:
        print(incident_id, flush=True)
    except OSError as error:  # stored already: a retry would store it twice
        message(f"harmtrack: warning: stored as incident {incident_id}, but its id could not be printed ({error})")


# What `list` shows on a table when no --limit is given: a page, not the
# whole database (a rich table of a million rows takes gigabytes).
PAGE = 50


@filter_options
def list_incidents(
    ctx: typer.Context,
    filters,
    limit: Annotated[
        int | None,
        typer.Option(
            min=0,
            help=f"Show at most this many; 0 shows all. Default: all, but {PAGE} in a table (on a terminal).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = None,
):
    """List incidents in date order, filtered (with --search on a terminal: best matches first).

    A table (the default on a terminal) shows the first 50 and says how many
    there are; --limit 0 shows all. Piped, or as CSV, JSON or JSONL, every
    incident is streamed."""
    from harmtrack.render import Format, resolve_format

    fmt = resolve_format(fmt)
    with database(ctx, create=False) as store:
        if limit is None and fmt is Format.table:
            page = list(store.select(filters, limit=PAGE, ranked=True))  # with --search, the best matches first
            total = store.count(filters) if len(page) == PAGE else len(page)
            _write_records(page, fmt)
            if total > len(page):
                sys.stdout.flush()
                message(f"showing {len(page):,} of {total:,} incidents; --limit 0 shows all, --format csv streams them")
        else:
            _write_records(store.select(filters, limit=limit or None), fmt)


def _write_records(records, fmt) -> None:
    """CSV, JSON and JSONL stream the records as stored; a table or markdown
    shows LIST_COLUMNS, with control characters made visible."""
    from harmtrack.io.writers import write_records
    from harmtrack.render import Format, plural, write_rows

    if fmt in (Format.csv, Format.json, Format.jsonl):
        write_records(records, fmt.value, sys.stdout, with_id=True)
        return
    counted = 0

    def rows():
        nonlocal counted
        for record in records:
            counted += 1
            yield [record[name] for name in LIST_COLUMNS]

    if fmt is Format.markdown:
        # streamed row by row; the caption, written after the rows, counts them
        write_rows(LIST_COLUMNS, rows(), fmt, numeric=LIST_NUMERIC)
        sys.stdout.write(f"\n{plural(counted, 'incident')}\n")
    else:
        table = list(rows())
        write_rows(
            LIST_COLUMNS,
            table,
            fmt,
            numeric=LIST_NUMERIC,
            caption=plural(counted, "incident"),
            wrap=("city", "weapon"),
            elide={"description": 2},
            least={"description": 16},
            drop=("status", "weapon"),
            elided_note="… marks a description cut short: `harmtrack show ID` shows it whole.",
        )


def show(ctx: typer.Context, incident: IncidentId, fmt: FormatOption = None):
    """Show every field of one incident, and the uids of the reports merged into it."""
    import json

    from harmtrack.model import to_json
    from harmtrack.render import Format, resolve_format, write_rows

    with database(ctx, create=False) as store:
        record = _get(store, incident)
        merged_uids = store.aliases_of(record["uid"])
    fmt = resolve_format(fmt)
    if fmt in (Format.table, Format.markdown):
        fields = to_json(record)
        rows = [("id", record["id"])] + [(name, _show_value(name, value)) for name, value in fields.items()]
        rows.append(("merged_uids", "\n".join(merged_uids)))
        write_rows(("field", "value"), rows, fmt)
    elif fmt is Format.csv:
        _write_records([record], fmt)
    else:
        item = dict(to_json(record), merged_uids=merged_uids)
        text = json.dumps(
            [item] if fmt is Format.json else item, ensure_ascii=False, indent=2 if fmt is Format.json else None
        )
        sys.stdout.write(text + "\n")


def _get(store, incident: str) -> dict:
    from harmtrack.incidents import get, resolve
    from harmtrack.recording import IncidentNotFound

    try:
        return get(store, resolve(store, incident))
    except IncidentNotFound as error:
        raise HarmtrackError(f"{error}; `harmtrack list` shows them") from None


def _show_value(name: str, value: Any) -> object:
    if name == "damaged":
        return "\n".join(f"{site['kind']}: {site['name']}" for site in value)
    if name == "sources":
        return "\n".join(
            " ".join(part for part in (source["url"], source["publisher"], source["published"]) if part)
            for source in value
        )
    return value


@with_record_options
def edit(
    ctx: typer.Context,
    incident: IncidentId,
    values: dict,
    clear: Annotated[
        list[str] | None, typer.Option("--clear", help="Empty this field (unknown), e.g. --clear injured.")
    ] = None,
    add_damaged: Annotated[list[str] | None, typer.Option("--add-damaged", help="Add a site, kind:name.")] = None,
    remove_damaged: Annotated[
        list[str] | None, typer.Option("--remove-damaged", help="Remove a site, kind:name.")
    ] = None,
    add_source: Annotated[list[str] | None, typer.Option("--add-source", help="Add a source URL.")] = None,
    remove_source: Annotated[list[str] | None, typer.Option("--remove-source", help="Remove a source URL.")] = None,
    dayfirst: DayFirst = False,
    monthfirst: MonthFirst = False,
    reason: Reason = None,
):
    """Change fields of one incident; the change log keeps the old values (and --reason)."""
    from harmtrack.recording import Edit, IncidentNotFound, ListEdit, NotClearable, NotInList, Recorder

    order = date_order(dayfirst, monthfirst)
    clear_fields = tuple(name.replace("-", "_") for name in clear or ())
    edit = Edit(
        values=values,
        clear=clear_fields,
        damaged=ListEdit(add=tuple(add_damaged or ()), remove=tuple(remove_damaged or ())),
        sources=ListEdit(add=tuple(add_source or ()), remove=tuple(remove_source or ())),
        reason=reason,
    )
    with database(ctx, create=False, write=True) as store:
        incident_id = _get(store, incident)["id"]
        try:
            _before, after, notes = Recorder(store, order=order).edit(incident_id, edit)
            warnings = [str(note) for note in notes]  # worded while the store is open
        except IncidentNotFound as error:
            raise HarmtrackError(f"{error}; `harmtrack list` shows them") from None
        except NotInList as error:
            option = "--remove-damaged" if error.field == "damaged" else "--remove-source"
            raise HarmtrackError(f"{option}: {error.problem}") from None
        except NotClearable as error:
            raise HarmtrackError(f"--clear {error.field}: {error.problem}") from None
        except FieldError as error:
            raise option_error(error) from None
    for warning in warnings:
        message(f"harmtrack: warning: {warning}")
    if not after:
        message(f"incident {incident_id}: nothing changed")
    else:
        message(f"incident {incident_id}: changed {', '.join(after)}")


def delete(ctx: typer.Context, incident: IncidentId, yes: Yes = False, reason: Reason = None):
    """Delete one incident (its history stays). Asks first unless --yes."""
    from harmtrack.recording import Recorder

    with database(ctx, create=False, write=True) as store:
        record = _get(store, incident)
        incident_id = record["id"]
        if not yes:
            if not sys.stdin.isatty():
                raise UsageError("delete needs --yes when no terminal can confirm it; nothing was deleted")
            from harmtrack.render import visible

            summary = f"{record['date']} {record['city'] or record['region'] or record['country']}"
            if not typer.confirm(visible(f"Delete incident {incident_id} ({summary}, uid {record['uid']})?")):
                raise HarmtrackError("not deleted")
        Recorder(store).delete(incident_id, reason=reason)
    message(
        f"deleted incident {incident_id} (uid {record['uid']}); `harmtrack history {record['uid']}` keeps its record"
    )


def history(
    ctx: typer.Context,
    incident: Annotated[str | None, typer.Argument(help="An incident's id or uid; all changes when absent.")] = None,
    fmt: FormatOption = None,
):
    """Who changed what and when, with the values before and after."""
    import json

    from harmtrack import incidents
    from harmtrack.render import Format, resolve_format, write_rows

    with database(ctx, create=False) as store:
        uid = None
        if incident is not None:
            uid = _history_uid(store, incident)
        entries = [vars(change) for change in incidents.history(store, uid)]
    if uid is not None and not entries:
        raise HarmtrackError(f"no history for incident {incident}")
    fmt = resolve_format(fmt)
    columns = ("change", "changed_at", "changed_by", "action", "uid", "field", "before", "after", "from")
    rows = []
    for entry in entries:
        for field, old, new in _field_changes(entry):
            if fmt in (Format.csv, Format.table, Format.markdown):
                old, new = (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for v in (old, new))
            row = (entry["changed_at"], entry["changed_by"], entry["action"], entry["uid"], field, old, new)
            rows.append((entry["id"], *row, entry["origin"]))
    write_rows(
        columns,
        rows,
        fmt,
        wrap=("changed_by",),
        elide={"before": 8, "after": 8},
        least={"before": 16, "after": 16},
        drop=("from", "uid", "changed_by", "changed_at"),
        elided_note="… marks a value cut short: `harmtrack history --format json` shows it whole.",
    )


def _history_uid(store, incident: str) -> str:
    """The uid whose history `incident` names: a uid as given; an id of a
    stored incident, or else the incident that last had that id (deleted or
    merged away since), as the change log remembers it."""
    text = incident.strip()
    if not text.isdigit():
        return text.lower()
    try:
        return _get(store, text)["uid"]
    except HarmtrackError:
        uid = store.uid_for_logged_id(int(text))
        if uid is None:
            raise
        return uid


def _field_changes(entry: dict):
    before, after = entry["before"] or {}, entry["after"] or {}
    fields = list(dict.fromkeys([*after, *before]))
    if entry["action"] in ("add", "delete"):
        fields = [name for name in fields if (before or after).get(name) not in (None, [], "")]
    for name in fields:
        yield name, before.get(name), after.get(name)
    if entry.get("reason"):
        yield "reason", None, entry["reason"]


def restore(
    ctx: typer.Context,
    uid: Annotated[str, typer.Argument(metavar="UID", help="The deleted incident's uid (see `harmtrack history`).")],
    reason: Reason = None,
):
    """Bring back a deleted incident exactly as it was."""
    from harmtrack.recording import CannotUndo, Recorder

    with database(ctx, create=False, write=True) as store:
        try:
            incident_id = Recorder(store).restore(uid.strip().lower(), reason=reason)
        except CannotUndo as error:
            raise HarmtrackError(str(error)) from None
    message(f"restored incident {uid} as incident {incident_id}")


def revert(
    ctx: typer.Context,
    change: Annotated[int, typer.Argument(metavar="CHANGE", help="The change's number (the first column of history).")],
    reason: Reason = None,
):
    """Undo one logged change (an edit, an import's update, a deletion); refused when a later change touched the
    same field."""
    from harmtrack.recording import CannotUndo, Recorder

    with database(ctx, create=False, write=True) as store:
        try:
            uid, _old, new = Recorder(store).revert(change, reason=reason)
        except CannotUndo as error:
            raise HarmtrackError(str(error)) from None
    message(f"reverted change {change} of incident {uid}" + (f": {', '.join(new)} restored" if new else ""))

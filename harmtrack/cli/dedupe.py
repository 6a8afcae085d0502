"""dedupe, merge, unmerge: one incident however many sources report it."""

import sys
from typing import Annotated

import typer

from harmtrack.cli.common import FormatOption, Yes, database, message
from harmtrack.cli.progress import progress
from harmtrack.errors import HarmtrackError, UsageError

Reason = Annotated[str | None, typer.Option("--reason", help="Why, in words; kept in the history.")]
GROUP_COLUMNS = ("group", "score", "id", "uid", "date", "city", "district", "weapon", "killed", "injured", "sources")


def register(app: typer.Typer) -> None:
    app.command("dedupe")(dedupe)
    app.command("merge")(merge)
    app.command("unmerge")(unmerge)


def dedupe(
    ctx: typer.Context,
    dismiss: Annotated[
        list[str] | None,
        typer.Option("--dismiss", help="Two incidents (ids or uids) that are different events; give it twice."),
    ] = None,
    undismiss: Annotated[
        list[str] | None, typer.Option("--undismiss", help="Two incidents to propose again; give it twice.")
    ] = None,
    fmt: FormatOption = None,
):
    """List groups of stored incidents that are probably one event, with the reasons.

    A person decides: `harmtrack merge ID ID` makes a group one incident;
    `--dismiss ID --dismiss ID` says two are different events, so they are
    not proposed again.
    """
    if dismiss or undismiss:
        _dismissal(ctx, dismiss or [], undismiss or [])
        return
    from harmtrack import dedupe as rules
    from harmtrack import vocab
    from harmtrack.render import Format, resolve_format, write_rows

    fmt = resolve_format(fmt)
    with database(ctx, create=False) as store:
        classes = vocab.load(store).weapon_classes
        fingerprint = store.fingerprint()
        with progress("comparing incidents", unit="candidate pairs") as update:
            groups = rules.find_groups(store, classes=classes, progress=update)
        if fmt in (Format.json, Format.jsonl):
            _write_json(groups, fmt)
        elif fmt is Format.csv:
            write_rows(GROUP_COLUMNS, _group_rows(store, groups), fmt)
        else:
            rows = list(_group_rows(store, groups))
            caption = "\n".join(f"group {number}: {'; '.join(group.reasons)}" for number, group in enumerate(groups, 1))
            write_rows(
                GROUP_COLUMNS,
                rows,
                fmt,
                numeric=("group", "score", "id", "killed", "injured"),
                title=f"{len(groups)} group{'s' if len(groups) != 1 else ''} of probable duplicates",
                caption=(caption + "\nmerge a group with: harmtrack merge ID ID ...") if groups else None,
                wrap=("city", "district", "weapon"),
                elide={"sources": 2},
                drop=("uid", "district", "sources", "score"),
                elided_note="… marks sources cut short: `harmtrack show ID` shows them whole.",
            )
    _remember(ctx, fingerprint, len(groups))


def _write_json(groups: list, fmt) -> None:
    import json

    from harmtrack.render import Format

    if fmt is Format.json:
        json.dump([group.as_json() for group in groups], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for group in groups:
            sys.stdout.write(json.dumps(group.as_json(), ensure_ascii=False) + "\n")


def _group_rows(store, groups: list):
    """One row per incident of each group, read from the store a thousand incidents at a time."""
    from itertools import islice

    numbered = ((number, group, incident) for number, group in enumerate(groups, 1) for incident in group.ids)
    while batch := list(islice(numbered, 1000)):
        records = store.records([incident for _, _, incident in batch])
        for number, group, incident in batch:
            record = records[incident]
            yield (
                number,
                group.score,
                incident,
                record["uid"],
                record["date"],
                record["city"] or record["region"],
                record["district"],
                record["weapon"],
                record["killed"],
                record["injured"],
                "; ".join(source["url"] for source in record["sources"]),
            )


def _remember(ctx: typer.Context, fingerprint: str, open_groups: int) -> None:
    """Keep the count for reports' captions, when the database can be written
    and has not changed meanwhile (a check on read-only media is not kept)."""
    from harmtrack.recording import now

    try:
        with database(ctx, create=False, write=True) as store, store.write():
            if store.fingerprint() == fingerprint:
                store.save_duplicate_check(fingerprint, open_groups, stamp=now())
    except HarmtrackError:
        pass


def _dismissal(ctx: typer.Context, dismiss: list[str], undismiss: list[str]) -> None:
    from harmtrack.recording import current_user, now

    for given, option in ((dismiss, "--dismiss"), (undismiss, "--undismiss")):
        if given and len(given) != 2:
            raise UsageError(f"{option} takes two incidents: {option} ID {option} ID")
    with database(ctx, create=False, write=True) as store, store.write():
        if dismiss:
            first, second = (_uid_of(store, text) for text in dismiss)
            store.dismiss(first, second, stamp=now(), by=current_user())
            message(f"{first} and {second} are different events; dedupe will not propose them again")
        if undismiss:
            first, second = (_uid_of(store, text) for text in undismiss)
            if not store.undismiss(first, second):
                raise HarmtrackError(f"{first} and {second} were not dismissed")
            message(f"{first} and {second} may be proposed again")


def merge(
    ctx: typer.Context,
    incidents: Annotated[list[str], typer.Argument(metavar="ID...", help="Two or more incidents (ids or uids).")],
    into: Annotated[
        str | None, typer.Option("--into", help="The incident to keep; default: the one with the latest source.")
    ] = None,
    reason: Reason = None,
    yes: Yes = False,
):
    """Make several stored incidents one: ranges span their figures, sources and sites are joined."""
    from harmtrack.recording import NothingToMerge, Recorder

    with database(ctx, create=False, write=True) as store:
        ids = [resolve_incident(store, text) for text in incidents]
        kept = resolve_incident(store, into) if into is not None else None
        if not yes:
            if not sys.stdin.isatty():
                raise UsageError("merge needs --yes when no terminal can confirm it; nothing was merged")
            if not typer.confirm(f"Merge incidents {', '.join(map(str, ids))} into one?", err=True):
                raise HarmtrackError("not merged")
        try:
            merged = Recorder(store).merge(ids, into=kept, reason=reason)
        except NothingToMerge as error:
            raise UsageError(str(error)) from None
    figures = f"killed {_span(merged, 'killed')}, injured {_span(merged, 'injured')}, status {merged['status']}"
    message(
        f"merged {len(set(ids))} incidents into incident {merged['id']} ({merged['uid']}): {figures}; "
        f"`harmtrack unmerge {merged['id']}` undoes it"
    )


def _span(record: dict, name: str) -> str:
    best, low, high = record[name], record[f"{name}_min"], record[f"{name}_max"]
    if best is None:
        return "unknown"
    return f"{best} ({low}-{high})" if low is not None and high is not None else str(best)


def unmerge(
    ctx: typer.Context,
    incident: Annotated[str, typer.Argument(metavar="ID", help="The incident a merge kept (id or uid).")],
    reason: Reason = None,
):
    """Undo the last merge into an incident: its records come back exactly as they were."""
    from harmtrack.recording import NothingToMerge, Recorder

    with database(ctx, create=False, write=True) as store:
        incident_id = resolve_incident(store, incident)
        try:
            restored = Recorder(store).unmerge(incident_id, reason=reason)
        except NothingToMerge as error:
            raise HarmtrackError(str(error)) from None
    message(f"restored {len(restored)} incident{'s' if len(restored) != 1 else ''}: {', '.join(restored)}")


def resolve_incident(store, text: str) -> int:
    from harmtrack.incidents import resolve
    from harmtrack.recording import IncidentNotFound

    try:
        return resolve(store, text)
    except IncidentNotFound as error:
        raise HarmtrackError(f"{error}; `harmtrack list` shows them") from None


def _uid_of(store, text: str) -> str:
    from harmtrack.incidents import get

    return get(store, resolve_incident(store, text))["uid"]

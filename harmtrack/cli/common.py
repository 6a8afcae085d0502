"""What every command shares: the database it opens, options, filters, messages."""

import inspect
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from harmtrack.errors import FieldError, UsageError
from harmtrack.render import Format

if TYPE_CHECKING:
    from harmtrack.dates import DateOrder
    from harmtrack.store import Filters, Store


@dataclass
class State:
    """What the root callback reads from the command line, kept in ctx.obj:
    the database, a SQLite file (db_path) or a postgresql:// URL (db_url)."""

    db_path: Path
    db_url: str | None = None

    @classmethod
    def of(cls, database: str) -> "State":
        from harmtrack.store import is_url

        return cls(db_path=Path(database), db_url=database) if is_url(database) else cls(db_path=Path(database))

    @property
    def location(self) -> "Path | str":
        """What open_store opens."""
        return self.db_url or self.db_path

    @property
    def shown(self) -> str:
        """The database as messages name it: a URL without its password."""
        if self.db_url is None:
            return str(self.db_path)
        from harmtrack.store.pg_files import shown

        return shown(self.db_url)

    def exists(self) -> bool:
        """Whether there is a database to read (a URL names a server's, which is asked when opened)."""
        return self.db_url is not None or self.db_path.exists()


def state(ctx: typer.Context) -> State:
    return ctx.find_root().obj


@contextmanager
def database(
    ctx: typer.Context, *, create: bool, write: bool | None = None, any_schema: bool = False
) -> Iterator["Store"]:
    """Open the database; if this command created it and then failed, remove it.

    `create`: a writing command that may make the database; `write`: one that
    writes to an existing one (the default when creating). Reading commands
    change nothing, not even an older schema. A refused first import or add
    must not leave an empty database behind.
    """
    from harmtrack.store import discard_new, open_store

    where = state(ctx)
    existed = where.exists()
    store = open_store(where.location, create=create, write=write, any_schema=any_schema)
    for notice in store.notices:
        message(f"harmtrack: {notice}")
    try:
        yield store
    except BaseException:
        store.close()
        if not existed:
            discard_new(where.db_path)  # unless another process is using it or wrote to it
        raise
    else:
        store.close()


def message(text: str) -> None:
    """A message for the person at the terminal: one line on stderr, never mixed with data.

    Messages quote values from files (a city name from a hostile file), so
    the text is made `visible`: a line break shows as `\\n` and cannot break
    the message in two, an escape sequence as `\\x1b[...` and cannot move the
    cursor or retitle the window."""
    from harmtrack.render import visible

    print(visible(text), file=sys.stderr)


def option_error(error: FieldError, option: str | None = None) -> UsageError:
    """A bad option value of add or edit is bad usage (exit 2), named as the option."""
    from harmtrack.dates import AmbiguousDate

    option = option or "--" + error.field.replace("_", "-")
    hint = ", or pass --dayfirst or --monthfirst" if isinstance(error.cause, AmbiguousDate) else ""
    return UsageError(f"option {option}: {error.problem}{hint}")


FormatOption = Annotated[
    Format | None,
    typer.Option("--format", "-f", help="table on a terminal, csv when piped, unless given."),
]
DayFirst = Annotated[bool, typer.Option("--dayfirst", help="Read 03/04/2024 as 3 April.")]
MonthFirst = Annotated[bool, typer.Option("--monthfirst", help="Read 03/04/2024 as 4 March.")]
Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]


def dayfirst_flag(dayfirst: bool, monthfirst: bool) -> bool | None:
    """The numeric date order the flags give, or None."""
    if dayfirst and monthfirst:
        raise UsageError("--dayfirst and --monthfirst contradict each other; pass one")
    return True if dayfirst else False if monthfirst else None


def date_order(dayfirst: bool, monthfirst: bool) -> "DateOrder":
    from harmtrack.dates import DateOrder

    return DateOrder(dayfirst_flag(dayfirst, monthfirst))


FIELD_HELP = {
    "uid": "Stable identity (UUID); created when absent.",
    "date": "Day of the incident: 2024-10-28, 2024-W44, 2024-10 or 2024.",
    "date_precision": "day, week, month or year (read from --date when absent).",
    "country": "Country name.",
    "region": "First-level division (oblast).",
    "city": "Settlement.",
    "district": "Part of the city.",
    "place": "The site as written in the source.",
    "latitude": "Decimal degrees, -90 to 90.",
    "longitude": "Decimal degrees, -180 to 180.",
    "weapon": "Weapon family or alias (see `harmtrack vocab`); default unknown.",
    "weapon_detail": "Model or wording, e.g. KAB-500.",
    "perpetrator": "As attributed by the source.",
    "killed": "Best estimate; leave out when unknown (unknown is not zero).",
    "killed_min": "Low end of the range where sources disagree.",
    "killed_max": "High end of the range.",
    "injured": "Best estimate; leave out when unknown.",
    "injured_min": "Low end of the range.",
    "injured_max": "High end of the range.",
    "children_killed": "Of the killed, children.",
    "children_injured": "Of the injured, children.",
    "status": "unverified, corroborated, confirmed, contested or discounted.",
    "description": "What happened, in the recorder's or source's words.",
}


FIELD_METAVARS = {
    "date": "DATE",
    "since": "DATE",
    "until": "DATE",
    "uid": "UUID",
    "latitude": "NUMBER",
    "longitude": "NUMBER",
    **dict.fromkeys(("killed", "killed_min", "killed_max", "injured", "injured_min", "injured_max"), "INTEGER"),
    **dict.fromkeys(("children_killed", "children_injured"), "INTEGER"),
}


def with_record_options(func: Callable) -> Callable:
    """Give a command one `--field` option per scalar field of the record.

    The command receives them as `values: dict` (None where not given), so
    `add` and `edit` share one definition instead of 23 parameters each.
    """
    signature = inspect.signature(func, eval_str=True)
    kept = [param for param in signature.parameters.values() if param.name != "values"]
    added = [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[
                str | None,
                typer.Option(
                    "--" + name.replace("_", "-"),
                    help=help_text,
                    rich_help_panel="Record fields",
                    show_default=False,
                    metavar=FIELD_METAVARS.get(name),
                ),
            ],
        )
        for name, help_text in FIELD_HELP.items()
    ]

    @wraps(func)
    def command(**kwargs):
        values = {name: kwargs.pop(name) for name in FIELD_HELP}
        return func(values=values, **kwargs)

    command.__signature__ = signature.replace(parameters=kept + added)  # type: ignore[attr-defined]  # read by typer
    command.__annotations__ = {param.name: param.annotation for param in kept + added}
    return command


def filter_options(func: Callable) -> Callable:
    """Add the common filters of SPEC (--since ... --status) as `filters`."""
    signature = inspect.signature(func, eval_str=True)
    kept = [param for param in signature.parameters.values() if param.name not in ("filters", "ctx")]
    ctx_param = inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context)
    texts = {
        "since": "On or after this date (as --date takes it).",
        "until": "On or before this date; 2024-10 means to 31 October.",
        "country": "Only this country.",
        "region": "Only this region.",
        "city": "Only this city.",
        "weapon": "Only this weapon family (or alias).",
        "search": "Only incidents whose description, places, weapon detail or perpetrator hold all these words.",
    }
    added = [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[
                str | None,
                typer.Option(help=help_text, rich_help_panel="Filters", metavar=FIELD_METAVARS.get(name)),
            ],
        )
        for name, help_text in texts.items()
    ]
    added.append(
        inspect.Parameter(
            "status",
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[
                list[str] | None,
                typer.Option(help="Only these statuses (repeatable).", rich_help_panel="Filters"),
            ],
        )
    )
    wants_ctx = "ctx" in signature.parameters

    @wraps(func)
    def command(ctx: typer.Context, **kwargs):
        raw = {name: kwargs.pop(name) for name in (*texts, "status")}
        filters = _filters_from(ctx, raw)
        if wants_ctx:
            kwargs["ctx"] = ctx
        return func(filters=filters, **kwargs)

    params = [ctx_param, *kept, *added]
    command.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]  # read by typer
    command.__annotations__ = {param.name: param.annotation for param in params}
    return command


def _filters_from(ctx: typer.Context, raw: dict) -> "Filters":
    from harmtrack import dates
    from harmtrack.model import STATUSES
    from harmtrack.store import Filters

    bounds = {}
    for name in ("since", "until"):
        if raw[name]:
            try:
                day, precision = dates.parse_date(raw[name])
            except dates.DateError as error:
                raise UsageError(f"option --{name}: {error}") from None
            bounds[name] = (dates.period_end(day, precision) if name == "until" else day).isoformat()
    statuses = tuple(status.strip().lower() for status in raw["status"] or ())
    for status in statuses:
        if status not in STATUSES:
            raise UsageError(f"option --status: '{status}' is not one of {', '.join(STATUSES)}")
    names = _canonical_names(ctx, raw)
    return Filters(
        since=bounds.get("since"),
        until=bounds.get("until"),
        country=names["country"],
        region=names["region"],
        city=names["city"],
        weapon=names["weapon"],
        statuses=statuses,
        search=(raw["search"] or "").strip() or None,
    )


def _canonical_names(ctx: typer.Context, raw: dict) -> dict:
    """Filter values as they are stored: a weapon alias as its code (an
    unknown weapon is bad usage), and place names through the gazetteer and
    the team's aliases, so `--city Kharkov` finds what is stored as Kharkiv.
    A place the gazetteer does not know is compared as typed (case aside)."""
    from harmtrack import places, vocab
    from harmtrack.store import open_store

    names = {name: raw[name] or None for name in ("weapon", "country", "region", "city")}
    where = state(ctx)
    if not any(names.values()) or not where.exists():
        return names
    store = open_store(where.location, create=False)
    try:
        vocabularies = vocab.load(store)
        resolver = places.resolver_for(store)
    finally:
        store.close()
    if names["weapon"]:
        code = vocabularies.weapons.resolve(names["weapon"])
        if code is None:
            weapon = names["weapon"]
            raise UsageError(
                f"option --weapon: '{weapon}' is not a weapon family; {vocabularies.weapons.closest(weapon)}"
            )
        names["weapon"] = code
    for kind in ("country", "region", "city"):
        if names[kind]:
            resolved = resolver.resolve(
                *(names[kind] if field == kind else None for field in ("country", "region", "city"))
            )
            names[kind] = getattr(resolved, kind) or names[kind]
    return names

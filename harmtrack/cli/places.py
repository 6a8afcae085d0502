"""places: the stored place names, their variants, merges and team aliases."""

from enum import StrEnum
from typing import Annotated

import typer

from harmtrack.cli.common import FormatOption, database, message
from harmtrack.errors import HarmtrackError

app = typer.Typer(
    help="Stored place names with incident counts and variants of one place; merge variants; add team aliases.",
    invoke_without_command=True,
)


class Kind(StrEnum):
    city = "city"
    region = "region"
    country = "country"


KindOption = Annotated[Kind, typer.Option("--kind", help="Which place field.")]


@app.callback()
def show(ctx: typer.Context, kind: KindOption = Kind.city, fmt: FormatOption = None):
    """List stored names (when no subcommand is given), with the stored names that are the same place:
    the same settlement, the same transliteration key, or alike and within a few km in the same region."""
    if ctx.invoked_subcommand is not None:
        return
    from harmtrack import place_names
    from harmtrack.render import resolve_format, write_rows

    with database(ctx, create=False) as store:
        rows = place_names.stored_names(store, kind.value)
    write_rows(
        (kind.value, "incidents", "variants"),
        [(name, count, "; ".join(variants)) for name, count, variants in rows],
        resolve_format(fmt),
        numeric=("incidents",),
        wrap=(kind.value, "variants"),
    )


@app.command()
def merge(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(help="The stored name to replace, exactly as listed.")],
    new: Annotated[str, typer.Argument(help="The name to store instead.")],
    kind: KindOption = Kind.city,
    alias: Annotated[bool, typer.Option(help="Also keep OLD as a team alias of NEW for later records.")] = True,
    reason: Annotated[str | None, typer.Option("--reason", help="Why, in words; kept in the history.")] = None,
):
    """Rewrite OLD as NEW in every stored record, with NEW's region, country and coordinates when known;
    each change goes in the history."""
    from harmtrack import place_names

    with database(ctx, create=False, write=True) as store:
        try:
            count = place_names.merge(store, kind.value, old, new, keep_alias=alias, reason=reason)
        except place_names.PlaceNotStored as error:
            raise HarmtrackError(f"{error}; `harmtrack places --kind {kind.value}` lists them") from None
    message(f"merged {kind.value} '{old}' into '{new}' in {count:,} incident{'s' if count != 1 else ''}")


@app.command("alias")
def add_alias(
    ctx: typer.Context,
    alias: Annotated[str, typer.Argument(help="The name as reports write it, e.g. Saltivka.")],
    canonical: Annotated[str, typer.Argument(help="The name to store, e.g. Kharkiv.")],
    kind: KindOption = Kind.city,
):
    """Add a team alias: later records that name ALIAS store CANONICAL."""
    from harmtrack import place_names

    with database(ctx, create=True) as store:
        place_names.add_alias(store, kind.value, alias, canonical)
    message(f"{kind.value} '{alias}' now stands for '{canonical}'")


@app.command("aliases")
def list_aliases(ctx: typer.Context, fmt: FormatOption = None):
    """List the team's place aliases."""
    from harmtrack import place_names
    from harmtrack.render import resolve_format, write_rows

    with database(ctx, create=False) as store:
        rows = place_names.aliases(store)
    write_rows(("kind", "alias", "canonical"), rows, resolve_format(fmt), wrap=("alias", "canonical"))

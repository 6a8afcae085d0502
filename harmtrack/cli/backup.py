"""backup: a consistent copy of the database, safe while others write; upgrade: the schema brought up to date."""

from pathlib import Path
from typing import Annotated

import typer

from harmtrack.cli.common import database, message, state


def backup(
    ctx: typer.Context,
    target: Annotated[Path, typer.Argument(help="Where to write the copy; must not exist yet.")],
):
    """Write a consistent copy of the database (readable by its owner only)."""
    with database(ctx, create=False, any_schema=True) as store:
        store.backup(target)
    message(f"backed up to {target}")


def upgrade(ctx: typer.Context):
    """Bring an older database's schema up to date (after a backup beside it)."""
    with database(ctx, create=False, write=True) as store:
        upgraded = bool(store.notices)
    message("schema upgraded" if upgraded else f"{state(ctx).shown} is up to date; nothing to do")


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)
    app.command("upgrade")(upgrade)

"""backup: a consistent copy of the database, safe while others write."""

from pathlib import Path
from typing import Annotated

import typer

from harmtrack.cli.common import database, message


def backup(
    ctx: typer.Context,
    target: Annotated[Path, typer.Argument(help="Where to write the copy; must not exist yet.")],
):
    """Write a consistent copy of the database (readable by its owner only)."""
    with database(ctx, create=False) as store:
        store.backup(target)
    message(f"backed up to {target}")


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)

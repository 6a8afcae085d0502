"""man: the manual page, generated from the commands."""

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    app.command("man")(man)


def man(
    ctx: typer.Context,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the page to this file instead of standard output.")
    ] = None,
):
    """Write the manual page (troff). Read it with `harmtrack man | man -l -`, or install it:
    `harmtrack man -o ~/.local/share/man/man1/harmtrack.1`."""
    import os

    from harmtrack.manual import page
    from harmtrack.safe_files import PrivateFile, check_target

    text = page(ctx.find_root().command)  # type: ignore[arg-type]
    if output is None:
        typer.echo(text, nl=False)
        return
    check_target(output, database=None, replace=True)  # a page written before is replaced; a database never
    target = PrivateFile(output)
    try:
        os.write(target.fd, text.encode("utf-8"))
    finally:
        os.close(target.fd)
    target.commit()

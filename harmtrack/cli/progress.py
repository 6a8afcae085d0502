"""Progress on stderr for the long commands, and only for a person watching.

A bar (or, when the total is unknown, a count) is drawn on stderr when
stderr is a terminal, and disappears when the command ends, so the output
and the one-line messages stay as they were; piped or redirected, nothing
is drawn. The command gets a plain `update(done, **fields)` function either
way and never asks whether anyone is looking.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Update = Callable[..., None]


def _ignore(done: int, **fields: object) -> None:
    """The update when nobody watches."""


@contextmanager
def progress(
    description: str, *, total: int | None = None, unit: str = "rows", bytes_total: bool = False
) -> Iterator[Update]:
    """`update(done)` moves the bar to `done` of `total` (bytes when
    `bytes_total`, with `rows=` counting rows beside them); with no total it
    shows the count and the time so far."""
    if not sys.stderr.isatty():
        yield _ignore
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from harmtrack.render import console

    if total is None:
        columns = [SpinnerColumn(), TextColumn(description), TextColumn("{task.completed:,} " + unit)]
    elif bytes_total:
        columns = [TextColumn(description), BarColumn(), DownloadColumn(), TextColumn("{task.fields[rows]:,} " + unit)]
    else:
        columns = [TextColumn(description), BarColumn(), TextColumn("{task.completed:,} of {task.total:,} " + unit)]
    bar = Progress(*columns, TimeElapsedColumn(), console=console(stderr=True), transient=True)
    task = bar.add_task(description, total=total, rows=0)

    def update(done: int, **fields: object) -> None:
        bar.update(task, completed=done, **fields)  # type: ignore[arg-type]  # rich's extra fields are **Any

    bar.start()
    try:
        yield update
    finally:
        bar.stop()

"""Progress on stderr for the long commands, and only for a person watching.

A bar (or, when the total is unknown, a count) is drawn on stderr when
stderr is a terminal, and disappears when the command ends, so the output
and the one-line messages stay as they were; piped or redirected, nothing
is drawn. The command gets a plain `update(done, **fields)` function either
way and never asks whether anyone is looking.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

Update = Callable[..., None]
Item = TypeVar("Item")
EVERY = 1024  # rows between two updates: a bar redraws ten times a second at most anyway


def watched() -> bool:
    """Whether a person sees stderr: worth a count query for a bar's total."""
    return sys.stderr.isatty()


def _ignore(done: int, **fields: object) -> None:
    """The update when nobody watches."""


@contextmanager
def progress(
    description: str, *, total: int | None = None, unit: str | None = None, bytes_total: bool = False
) -> Iterator[Update]:
    """`update(done)` moves the bar to `done` of `total` (bytes when
    `bytes_total`, with `rows=` counting rows beside them); with no total it
    shows the count of `unit`s, or with no unit only that work goes on, and
    the time so far."""
    if not watched():
        yield _ignore
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from harmtrack.render import console

    columns: list = [SpinnerColumn(), TextColumn(description)]
    if total is None and unit:
        columns.append(TextColumn("{task.completed:,} " + unit))
    elif bytes_total:
        columns = [TextColumn(description), BarColumn(), DownloadColumn(), TextColumn("{task.fields[rows]:,} rows")]
    elif total is not None:
        columns = [
            TextColumn(description),
            BarColumn(),
            TextColumn("{task.completed:,} of {task.total:,} " + (unit or "rows")),
        ]
    bar = Progress(*columns, TimeElapsedColumn(), console=console(stderr=True), transient=True)
    task = bar.add_task(description, total=total, rows=0)

    def update(done: int, **fields: object) -> None:
        bar.update(task, completed=done, **fields)  # type: ignore[arg-type]  # rich's extra fields are **Any

    bar.start()
    try:
        yield update
    finally:
        bar.stop()


def counted(items: Iterable[Item], update: Update) -> Iterator[Item]:
    """`items` unchanged, telling `update` how many have passed."""
    if update is _ignore:
        yield from items
        return
    done = 0
    for done, item in enumerate(items, 1):
        if not done % EVERY:
            update(done)
        yield item
    update(done)

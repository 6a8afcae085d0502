"""demo: a sample database and its reports, for a first look.

The sample ships with the package (harmtrack/data/sample.csv, canonical CSV):
the three Kharkiv incidents of a real weekly roundup (days 978-982, coded by
hand) and forty invented ones, each labelled in its description
"SAMPLE DATA (not a real incident)" and sourced to example.org.

Rules, so that a demo never spoils real work:
- no database yet: it is created with the sample in it;
- the sample is already there: nothing is added twice (the uids are fixed);
  sample incidents that were deleted come back, edited ones are left alone;
- the database holds incidents that are not the sample: refused (exit 1),
  unless --force, so invented incidents never mix silently with real records.
"""

from pathlib import Path
from typing import Annotated

import typer

from harmtrack.cli.common import FormatOption, database, message, state

SAMPLE_MARK = "SAMPLE DATA (not a real incident)"


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


def demo(
    ctx: typer.Context,
    force: Annotated[
        bool,
        typer.Option("--force", help="Add the sample even to a database that holds other (real) incidents."),
    ] = False,
    fmt: FormatOption = None,
):
    """Build a sample database (./harmtrack.db, or --db) and print its city and weapon reports."""
    from harmtrack.errors import HarmtrackError
    from harmtrack.render import Format, resolve_format
    from harmtrack.store import Filters

    path = state(ctx).shown
    from harmtrack.shipped import data_file

    sample = data_file("sample.csv")
    sample_uids = _uids_in(sample)
    with database(ctx, create=True) as store:
        stored = store.uids()
        others = len(stored - sample_uids)
        if others and not force:
            raise HarmtrackError(
                f"{path} holds {others:,} incident{'s that are' if others != 1 else ' that is'} not the sample; "
                "the demo does not mix invented incidents into real records. "
                "Run it on its own database (harmtrack --db demo.db demo), or pass --force"
            )
        added = _import_sample(store, sample) if sample_uids - stored else 0
    if added:
        message(
            f"Wrote {added} sample incidents to {path} "
            f"({len(sample_uids) - 3} of them invented, marked '{SAMPLE_MARK}')."
        )
    else:
        message(f"The sample is already in {path}; nothing added.")
    fmt = resolve_format(fmt)
    from harmtrack.cli.report import render_group_report

    for index, group in enumerate(("city", "weapon")):
        if index and fmt in (Format.csv, Format.markdown):
            print()
        render_group_report(ctx, Filters(), group, fmt=fmt)
    message(
        "Next: harmtrack report matrix, harmtrack report timeline --period week, "
        f"harmtrack list --city Kharkiv (all with --db {path} if it is not ./harmtrack.db)."
    )


def _uids_in(sample: Path) -> set[str]:
    import csv

    with sample.open(encoding="utf-8", newline="") as stream:
        return {row["uid"] for row in csv.DictReader(stream)}


def _import_sample(store, sample: Path) -> int:
    """The sample goes in through the import pipeline, as one batch; uids
    already stored are skipped, so running the demo twice adds nothing."""
    from harmtrack import ingest
    from harmtrack.io.formats import ImportFormat
    from harmtrack.io.open import open_reader

    return ingest.run(store, lambda order: open_reader(str(sample), ImportFormat.csv, None), ingest.Options()).imported

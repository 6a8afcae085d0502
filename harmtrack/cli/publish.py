"""serve and publish: the database in a browser (Datasette, with a map), and a
copy that is safe to give the public.

Choices where SPEC and the issue are silent:
- `serve` without an argument serves the --db database; with a folder, the
  publication copy `harmtrack publish` wrote there (its metadata.json, with
  the options given to `serve` over it).
- The title, description, licence and source come from options (the config
  file has no keys for them yet).
- `publish` writes into a new or empty folder only, never over an earlier copy.
"""

from pathlib import Path
from typing import Annotated

import typer

from harmtrack.cli.common import database, filter_options, message, state
from harmtrack.errors import UsageError

_SITE = "What the pages say"


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("publish")(publish)


Title = Annotated[str | None, typer.Option("--title", help="The site's title.", rich_help_panel=_SITE)]
Description = Annotated[
    str | None, typer.Option("--description", help="What the data is, in a sentence or two.", rich_help_panel=_SITE)
]
Licence = Annotated[
    str | None, typer.Option("--licence", help="The data's licence, e.g. CC BY 4.0.", rich_help_panel=_SITE)
]
LicenceUrl = Annotated[str | None, typer.Option("--licence-url", help="Where the licence is.", rich_help_panel=_SITE)]
Source = Annotated[str | None, typer.Option("--source", help="Who collected the data.", rich_help_panel=_SITE)]
SourceUrl = Annotated[str | None, typer.Option("--source-url", help="Where the source is.", rich_help_panel=_SITE)]
Tiles = Annotated[
    str | None,
    typer.Option(
        "--tiles",
        metavar="URL|none",
        help="The map's tile layer: a {z}/{x}/{y} URL template (a local tile server offline), or none for a "
        "blank background. Default: OpenStreetMap. Markers show without tiles.",
        rich_help_panel=_SITE,
    ),
]
TileAttribution = Annotated[
    str | None,
    typer.Option("--tile-attribution", help="The credit line the tiles require (HTML).", rich_help_panel=_SITE),
]


def serve(
    ctx: typer.Context,
    target: Annotated[
        Path | None,
        typer.Argument(
            metavar="[DB|DIR]",
            help="A harmtrack database, or a folder `harmtrack publish` wrote. Default: the --db database.",
            show_default=False,
        ),
    ] = None,
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="The port to listen on.")] = 8001,
    host: Annotated[
        str, typer.Option("--host", help="The address to listen on; 0.0.0.0 shows it to your whole network.")
    ] = "127.0.0.1",
    title: Title = None,
    description: Description = None,
    licence: Licence = None,
    licence_url: LicenceUrl = None,
    source: Source = None,
    source_url: SourceUrl = None,
    tiles: Tiles = None,
    tile_attribution: TileAttribution = None,
):
    r"""Browse the incidents in Datasette, read-only: tables with facets, a map, and the report totals.

    Needs the extra: pip install 'harmtrack\[serve]'."""
    from harmtrack import serve as serving
    from harmtrack.publication import about_from

    serving.check_installed()
    about, given = about_from(_described(locals()))
    if target is None and state(ctx).db_url is not None:
        raise UsageError(
            f"serve shows a SQLite file, and {state(ctx).shown} is a PostgreSQL database: make a file with "
            "`harmtrack --db copy.db pull URL` (or a publication copy with `harmtrack publish DIR`) and serve that"
        )
    served = serving.prepare(target if target is not None else state(ctx).db_path, about, given)
    serving.run(served, host=host, port=port)


@filter_options
def publish(
    ctx: typer.Context,
    filters,
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", help="A new or empty folder for the copy.", show_default=False)
    ],
    round_coordinates: Annotated[
        int,
        typer.Option(
            "--round-coordinates", min=0, max=8, metavar="N", help="Round latitude and longitude to N decimals."
        ),
    ] = 2,
    include_discounted: Annotated[
        bool, typer.Option("--include-discounted", help="Keep incidents with status discounted (left out by default).")
    ] = False,
    title: Title = None,
    description: Description = None,
    licence: Licence = None,
    licence_url: LicenceUrl = None,
    source: Source = None,
    source_url: SourceUrl = None,
    tiles: Tiles = None,
    tile_attribution: TileAttribution = None,
):
    """Write a copy for the public: a database, Datasette metadata and a README.

    Coordinates are rounded; discounted incidents, the change log, import
    batches, merges, aliases and every author name are left out (the README
    in DIR lists all of it). `harmtrack serve DIR` shows it."""
    from harmtrack.publication import about_from
    from harmtrack.publication import publish as write_copy

    about, _ = about_from(_described(locals()))
    with database(ctx, create=False) as store:
        done = write_copy(
            store,
            filters,
            folder,
            decimals=round_coordinates,
            include_discounted=include_discounted,
            about=about,
        )
    message(
        f"published {done.incidents:,} incident{'s' if done.incidents != 1 else ''} to {done.folder} "
        f"(coordinates rounded to {round_coordinates} decimals; what was left out: {done.folder / 'README.md'}); "
        f"harmtrack serve {done.folder} shows it"
    )


def _described(options: dict) -> dict:
    """What serve's and publish's options say about the data (config.PUBLICATION_KEYS), by name."""
    from harmtrack.config import PUBLICATION_KEYS

    return {name: options[name] for name in PUBLICATION_KEYS}

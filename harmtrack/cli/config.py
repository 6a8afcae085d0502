"""config: each setting, its value, and where the value came from."""

import typer

from harmtrack.cli.common import FormatOption


def register(app: typer.Typer) -> None:
    app.command("config")(show)


def show(ctx: typer.Context, fmt: FormatOption = None):
    """Show each setting (database, author), its value and where it came from: option, environment, config file
    or default; and where the config file is."""
    from harmtrack import config
    from harmtrack.render import resolve_format, write_rows

    root = ctx.find_root()
    given = root.params.get("db")
    settings = [config.database(given, from_option=given is not None), config.author()]
    from harmtrack.store import is_url
    from harmtrack.store.pg_files import shown

    rows = [
        (setting.name, shown(setting.value) if is_url(setting.value) else setting.value, setting.source)
        for setting in settings
    ]
    rows.append(
        ("config file", str(config.config_path()), "exists" if config.config_path().is_file() else "not made yet")
    )
    write_rows(("setting", "value", "source"), rows, resolve_format(fmt))

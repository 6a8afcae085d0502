"""Where the files shipped with harmtrack are: `data/` inside the package, and
the SQL migrations (`db/`, which the wheel installs as `harmtrack/db`; beside the
package in a source checkout or an editable install).

Paths beside this module rather than importlib.resources: harmtrack installs as
a directory (pip, pipx, an editable checkout), where both name the same files,
and importing importlib.resources costs about 15 ms of every command's start-up.
"""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def data_file(name: str) -> Path:
    """A file of harmtrack/data."""
    return PACKAGE / "data" / name


def migrations_folder(engine: str) -> Path:
    """db/migrations (SQLite) or db/postgresql: inside the installed package, else beside it."""
    shipped = PACKAGE / "db" / engine
    return shipped if shipped.is_dir() else PACKAGE.parent / "db" / engine

"""Settings a researcher keeps between commands: the default database and
the author name written into the change log.

Each comes from, in order: the command-line option, the environment
(HARMTRACK_DB, HARMTRACK_USER), the config file, the built-in default. The
config file is TOML in the user's config folder (platformdirs:
~/.config/harmtrack/config.toml on Linux), or where HARMTRACK_CONFIG points:

    database = "~/casework/harmtrack.db"
    author = "A. Researcher"

It also holds what `serve`, `publish` and a data package say about the data
when their options do not (PUBLICATION_KEYS): title, description, licence
and source (with their URLs), and the map's tiles.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from harmtrack.errors import UsageError

DEFAULT_DB = "harmtrack.db"
PUBLICATION_KEYS = (
    "title",
    "description",
    "licence",
    "licence_url",
    "source",
    "source_url",
    "tiles",
    "tile_attribution",
)
KEYS = ("database", "author", *PUBLICATION_KEYS)


@dataclass(frozen=True)
class Setting:
    name: str
    value: str
    source: str  # option, environment, config file, default


def config_path() -> Path:
    given = os.environ.get("HARMTRACK_CONFIG")
    if given:
        return Path(given).expanduser()
    from platformdirs import user_config_path

    return user_config_path("harmtrack") / "config.toml"


@cache
def _file_settings(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UsageError(f"config file {path}: {error}") from None
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise UsageError(f"config file {path}: unknown setting '{unknown[0]}'; the settings are {', '.join(KEYS)}")
    for key, value in data.items():
        if not isinstance(value, str) or not value.strip():
            raise UsageError(f"config file {path}: '{key}' must be non-empty text, e.g. {key} = \"...\"")
    return data


def database(option: str | None, *, from_option: bool) -> Setting:
    """The database: the --db option, else HARMTRACK_DB, else the config file, else ./harmtrack.db."""
    if option is not None and from_option:
        return Setting("database", option, "option --db")
    if os.environ.get("HARMTRACK_DB"):
        return Setting("database", os.environ["HARMTRACK_DB"], "environment HARMTRACK_DB")
    path = config_path()
    configured = _file_settings(path).get("database")
    if configured:
        from harmtrack.store import is_url

        location = configured if is_url(configured) else str(Path(configured).expanduser())
        return Setting("database", location, f"config file {path}")
    return Setting("database", DEFAULT_DB, "default")


def publication() -> dict[str, str]:
    """What the config file says about the data (PUBLICATION_KEYS); options override it."""
    settings = _file_settings(config_path())
    return {key: settings[key] for key in PUBLICATION_KEYS if key in settings}


def author() -> Setting:
    """Who makes changes: HARMTRACK_USER, else the config file, else the login name."""
    if os.environ.get("HARMTRACK_USER"):
        return Setting("author", os.environ["HARMTRACK_USER"], "environment HARMTRACK_USER")
    path = config_path()
    configured = _file_settings(path).get("author")
    if configured:
        return Setting("author", configured, f"config file {path}")
    try:
        return Setting("author", getpass.getuser(), "default (login name)")
    except (KeyError, OSError):
        return Setting("author", "unknown", "default")

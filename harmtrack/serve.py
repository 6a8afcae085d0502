"""`harmtrack serve`: Datasette on a harmtrack database or a publication copy.

Datasette runs in this process (its Python API and uvicorn, as its own
`datasette serve` does), not as a `datasette` subprocess: the metadata goes in
as a dict (no file written beside the database), the extra's absence or a
port in use is one clear line from harmtrack's own error handling, Ctrl-C
stops one process, and nothing depends on a `datasette` script on PATH.

A team's database is served read-only (SQLite's mode=ro): never written, and
what is added while it runs shows up, its write-ahead log included (an
immutable open would skip the log, and with it the newest commits). A
publication copy never changes, so it is served immutable, which lets
Datasette keep its counts. Datasette and datasette-cluster-map are the
optional extra `harmtrack[serve]`, imported only here.
"""

from __future__ import annotations

import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from harmtrack.errors import HarmtrackError, UsageError
from harmtrack.publication import (
    DATABASE_FILE,
    DATASETTE_SETTINGS,
    MAP_VIEW,
    METADATA_FILE,
    About,
    metadata,
    read_metadata,
    with_overrides,
)

INSTALL_HINT = "harmtrack serve needs Datasette: pip install 'harmtrack[serve]'"


@dataclass(frozen=True)
class Served:
    """What `serve` runs: the file, how it opens, its name in URLs, the metadata."""

    path: Path
    immutable: bool
    name: str
    metadata: dict

    def map_url(self, host: str, port: int) -> str:
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/{self.name}/{MAP_VIEW}"


def check_installed() -> None:
    """Refuse, in one line, when the `serve` extra is missing."""
    try:
        import datasette  # type: ignore[import-untyped]  # noqa: F401
        import datasette_cluster_map  # type: ignore[import-untyped]  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise HarmtrackError(INSTALL_HINT) from None


def prepare(target: Path, about: About, given: set[str]) -> Served:
    """What to serve for `target`: a publication folder (or its database) with
    its own metadata.json, or a harmtrack database with metadata made now."""
    from harmtrack.store.sqlite_published import is_publication

    path = target / DATABASE_FILE if target.is_dir() else target
    if target.is_dir() and not path.is_file():
        raise UsageError(
            f"{target} is a folder without {DATABASE_FILE}; give a database or a `harmtrack publish` folder"
        )
    name = path.stem
    if path.is_file() and is_publication(path):
        beside = path.parent / METADATA_FILE
        if beside.is_file():
            meta = with_overrides(read_metadata(beside), about, given)
        else:
            meta = metadata(name, about, publication=True)
        return Served(path=path, immutable=True, name=name, metadata=meta)
    _check_harmtrack(path)
    return Served(path=path, immutable=False, name=name, metadata=metadata(name, about))


def _check_harmtrack(path: Path) -> None:
    """A harmtrack database of the current schema (the map view is in it), or the store's one-line refusal."""
    from harmtrack.store import open_store

    open_store(path, create=False).close()


def run(served: Served, *, host: str, port: int) -> None:
    """Serve until interrupted."""
    import asyncio

    import uvicorn
    from datasette.app import Datasette  # type: ignore[import-untyped]

    _check_port(host, port)
    files = {"immutables": [str(served.path)]} if served.immutable else {"files": [str(served.path)]}
    datasette = Datasette(metadata=served.metadata, settings=DATASETTE_SETTINGS, **files)
    asyncio.run(datasette.invoke_startup())
    print(f"Serving {served.path} at {served.map_url(host, port)} (Ctrl-C stops)", file=sys.stderr, flush=True)
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning", lifespan="on")


def _check_port(host: str, port: int) -> None:
    """Refuse a port that is in use (uvicorn would log a traceback-like error)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise UsageError(
                f"option --port: cannot listen on {host}:{port}: {error.strerror}; pass another --port"
            ) from None

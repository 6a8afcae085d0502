"""A throw-away PostgreSQL server for the tests that run harmtrack on PostgreSQL.

One server per test session: initdb into a fresh temporary folder, pg_ctl
start on a free loopback port (trust authentication, listening on 127.0.0.1
only), stopped and removed at the end. initdb and pg_ctl refuse to run as
root, so as root they run as the `postgres` user (runuser). Each test gets
its own database, created from template0.

Where PostgreSQL's binaries are missing the tests are skipped with the
reason; with HARMTRACK_REQUIRE_PG=1 (set by .ci/run) that is a failure
instead, so CI cannot pass without having run them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SEARCHED = ("/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin")


@dataclass
class Server:
    port: int
    user: str

    def url(self, database: str) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A new empty database; its URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
        return self.url(name)


def _binaries() -> Path | None:
    for folder in (os.environ.get("HARMTRACK_PG_BIN"), *SEARCHED):
        if folder and (Path(folder) / "initdb").exists():
            return Path(folder)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _unavailable(reason: str):
    if os.environ.get("HARMTRACK_REQUIRE_PG") == "1":
        pytest.fail(f"PostgreSQL is required (HARMTRACK_REQUIRE_PG=1) but {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run(command: list[str], as_postgres: bool) -> None:
    if as_postgres:
        command = ["runuser", "-u", "postgres", "--", *command]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {(result.stderr or result.stdout).strip()[-500:]}")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    binaries = _binaries()
    if binaries is None:
        _unavailable("initdb was not found (install postgresql, or set HARMTRACK_PG_BIN)")
        return
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("psycopg is not installed (pip install 'harmtrack[postgres]')")
        return
    as_root = os.geteuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="harmtrack-pg-"))
    data, sockets = folder / "data", folder / "sockets"
    sockets.mkdir()
    if as_root:
        shutil.chown(folder, "postgres")
        shutil.chown(sockets, "postgres")
    user = "postgres" if as_root else (os.environ.get("USER") or "postgres")
    port = _free_port()
    started = False
    try:
        _run([str(binaries / "initdb"), "-D", str(data), "-U", user, "-A", "trust", "-E", "UTF8", "--no-sync"], as_root)
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {sockets} -c fsync=off -c max_connections=60"
        _run(
            [
                str(binaries / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "-l",
                str(folder / "log"),
                "start",
            ],
            as_root,
        )
        started = True
        yield Server(port, user)
    except RuntimeError as error:
        _unavailable(f"the server could not start: {error}")
    finally:
        if started:
            _run([str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"], as_root)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server: Server) -> str:
    """The URL of a new empty database on the session's server."""
    return pg_server.new_database()

"""harmtrack on a real pseudo-terminal, as a person sees it: the tests of
terminal safety, table width and paging share this runner."""

import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

# What a person's terminal session may set that would change how harmtrack draws.
_TERMINAL_VARIABLES = ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")


def run_on_pty(
    args: list[str],
    columns: int,
    *,
    cwd: Path | None = None,
    env: dict | None = None,
    stderr_on_terminal: bool = False,
) -> tuple[int, bytes, bytes]:
    """`python -m harmtrack ARGS` with stdout (and stderr, when asked) on a
    pseudo-terminal `columns` wide; returns the exit code, what the terminal
    showed, and stderr when it was read apart."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    environment = {name: value for name, value in os.environ.items() if name not in _TERMINAL_VARIABLES}
    environment.update(TERM="xterm-256color", HARMTRACK_USER="tester", **(env or {}))
    process = subprocess.Popen(
        [sys.executable, "-m", "harmtrack", *args],
        stdin=slave if stderr_on_terminal else subprocess.DEVNULL,
        stdout=slave,
        stderr=slave if stderr_on_terminal else subprocess.PIPE,
        cwd=cwd,
        env=environment,
        close_fds=True,
    )
    os.close(slave)
    output = read_all(master, process)
    errors = b"" if process.stderr is None else process.stderr.read()
    return process.wait(timeout=60), output, errors


def read_all(master: int, process: subprocess.Popen, timeout: float = 120) -> bytes:
    """What the child wrote to the pseudo-terminal, until it closes it."""
    chunks = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        else:
            process.kill()
            raise AssertionError("harmtrack did not finish on the pseudo-terminal")
    finally:
        os.close(master)
    return b"".join(chunks)

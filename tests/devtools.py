"""Headless Chromium driven over the Chrome DevTools protocol, with the
standard library only: a WebSocket client just big enough for the protocol's
JSON messages (RFC 6455 text frames, masked from the client; ping answered),
so that a test can click a map marker and read the popup a person would see.
No browser is downloaded: Debian's chromium package is used as installed."""

import base64
import itertools
import json
import os
import socket
import struct
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

START_TIMEOUT_S = 30


class Browser:
    """One headless Chromium showing one page; close() ends the process it started."""

    def __init__(self, chromium: str, flags: tuple[str, ...], profile: Path, url: str, window: tuple[int, int]):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        command = [chromium, *flags, f"--user-data-dir={profile}", f"--remote-debugging-port={port}"]
        command += [f"--window-size={window[0]},{window[1]}", url]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._ids = itertools.count(1)
        try:
            self._socket = _connect(_page_socket_url(port, self.process))
        except BaseException:
            self.close()
            raise

    def call(self, method: str, **params) -> dict:
        """Send a command and return its result (events that arrive meanwhile are skipped)."""
        number = next(self._ids)
        _send(self._socket, json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = json.loads(_receive(self._socket))
            if message.get("id") == number:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                return message["result"]

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout_s: float = 30):
        """Evaluate until the value is truthy; return it."""
        deadline = time.monotonic() + timeout_s
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"still false after {timeout_s} s: {expression}")
            time.sleep(0.1)

    def screenshot(self, path: Path) -> None:
        path.write_bytes(base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"]))

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _page_socket_url(port: int, process: subprocess.Popen) -> str:
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        if process.poll() is not None:
            raise AssertionError(f"chromium exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2) as response:
                pages = [target for target in json.load(response) if target.get("type") == "page"]
            if pages:
                return pages[0]["webSocketDebuggerUrl"]
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"chromium's DevTools did not answer on port {port}")
        time.sleep(0.1)


def _connect(url: str) -> socket.socket:
    parts = urlparse(url)
    connection = socket.create_connection((parts.hostname, parts.port), timeout=60)
    key = base64.b64encode(os.urandom(16)).decode()
    connection.sendall(
        (
            f"GET {parts.path} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        ).encode()
    )
    head = b""
    while b"\r\n\r\n" not in head:
        head += _exactly(connection, 1)
    if b" 101 " not in head.split(b"\r\n", 1)[0]:
        raise AssertionError(f"no WebSocket from chromium: {head[:200]!r}")
    return connection


def _send(connection: socket.socket, text: str, opcode: int = 0x1) -> None:
    data = text.encode()
    header = bytearray([0x80 | opcode])
    if len(data) < 126:
        header.append(0x80 | len(data))
    elif len(data) < 1 << 16:
        header.append(0x80 | 126)
        header += struct.pack(">H", len(data))
    else:
        header.append(0x80 | 127)
        header += struct.pack(">Q", len(data))
    mask = os.urandom(4)
    connection.sendall(bytes(header) + mask + bytes(byte ^ mask[index % 4] for index, byte in enumerate(data)))


def _receive(connection: socket.socket) -> str:
    parts = []
    while True:
        first, second = _exactly(connection, 2)
        size = second & 0x7F
        if size == 126:
            (size,) = struct.unpack(">H", _exactly(connection, 2))
        elif size == 127:
            (size,) = struct.unpack(">Q", _exactly(connection, 8))
        payload = _exactly(connection, size)
        opcode = first & 0x0F
        if opcode == 0x9:  # ping
            _send(connection, payload.decode(), opcode=0xA)
            continue
        if opcode == 0x8:
            raise AssertionError("chromium closed the DevTools connection")
        parts.append(payload)
        if first & 0x80:
            return b"".join(parts).decode()


def _exactly(connection: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            raise AssertionError("chromium's DevTools connection ended")
        data += chunk
    return data

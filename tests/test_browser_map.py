"""The map of `harmtrack serve` in a real browser: headless Chromium (Debian's
chromium package) loads the map page with no tile server reachable and finds
a marker for every incident, and writes a screenshot for a person to look at:
<pytest's base temp>/screenshots/incident-map.png (pytest keeps the last three
runs' base temps; /tmp/pytest-of-$USER/pytest-current/ is the latest).

Without Chromium the test is skipped, saying why, except where CI is set:
there it fails, so CI never skips it silently."""

import os
import shutil
import sqlite3
import struct
import subprocess
from html.parser import HTMLParser

import pytest
from devtools import Browser
from serving import served

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# --disable-dev-shm-usage: a container's small /dev/shm would crash the renderer.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage")
# Time the page's scripts get (virtual time: it runs ahead when the page is idle).
BUDGET_MS = "5000"
UNREACHABLE_TILES = "http://127.0.0.1:9/{z}/{x}/{y}.png"  # the discard port: every tile fails
WINDOW = (1000, 760)


@pytest.fixture
def chromium(tmp_path):
    if CHROMIUM is None:
        reason = "no chromium on PATH: apt-get install chromium (Debian) to run the browser test"
        if os.environ.get("HARMTRACK_REQUIRE_BROWSER") == "1":  # set by .ci/run: CI must not skip it
            pytest.fail(reason)
        pytest.skip(reason)

    def run(*args: str) -> str:
        command = [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", f"--virtual-time-budget={BUDGET_MS}"]
        done = subprocess.run([*command, *args], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    return run


class Markers(HTMLParser):
    """Leaflet's marker elements: a single marker counts 1, a cluster the number it shows."""

    def __init__(self):
        super().__init__()
        self.incidents = 0
        self.elements = 0
        self._in_cluster = False

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if "leaflet-marker-icon" in classes:
            self.elements += 1
            self._in_cluster = "marker-cluster" in classes
            if not self._in_cluster:
                self.incidents += 1

    def handle_data(self, data):
        if self._in_cluster and data.strip():
            self.incidents += int(data)
            self._in_cluster = False


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_the_map_shows_every_incident_without_tiles_and_a_screenshot_is_written(chromium, harmtrack, tmp_path_factory):
    harmtrack.ok("demo", "--format", "csv")
    with sqlite3.connect(harmtrack.db_path) as conn:
        [(mapped,)] = conn.execute("SELECT count(*) FROM incident_map").fetchall()
    screenshot = tmp_path_factory.getbasetemp() / "screenshots" / "incident-map.png"
    screenshot.parent.mkdir(exist_ok=True)
    with served(harmtrack.db_path, "--tiles", UNREACHABLE_TILES) as base:
        page = f"{base}/harmtrack/incident_map"
        markers = Markers()
        markers.feed(chromium("--dump-dom", page))
        chromium(f"--window-size={WINDOW[0]},{WINDOW[1]}", f"--screenshot={screenshot}", page)
    assert mapped == 40
    assert markers.elements > 1
    assert markers.incidents == mapped
    assert png_size(screenshot.read_bytes()) == WINDOW
    print(f"map screenshot: {screenshot}")


def test_a_marker_s_popup_shows_date_place_weapon_killed_and_injured(chromium, harmtrack, tmp_path, tmp_path_factory):
    harmtrack.ok("demo", "--format", "csv")
    with sqlite3.connect(harmtrack.db_path) as conn:
        [(incident,)] = conn.execute("SELECT id FROM incidents WHERE place = 'residential building'").fetchall()
    screenshot = tmp_path_factory.getbasetemp() / "screenshots" / "incident-popup.png"
    screenshot.parent.mkdir(exist_ok=True)
    with served(harmtrack.db_path, "--tiles", UNREACHABLE_TILES) as base:
        browser = Browser(CHROMIUM, FLAGS, tmp_path / "profile", f"{base}/harmtrack/incident_map?id={incident}", WINDOW)
        try:
            browser.wait_for("document.querySelectorAll('.leaflet-marker-icon').length === 1")
            browser.evaluate("document.querySelector('.leaflet-marker-icon').click()")
            popup = browser.wait_for("document.querySelector('.leaflet-popup-content')?.innerText")
            browser.wait_for("getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
            browser.screenshot(screenshot)
        finally:
            browser.close()
    assert popup.split("\n") == [
        "2024-10-30, residential building, Kharkiv",
        "",
        "weapon: glide-bomb; killed: 3; injured: 36",
    ]
    width, _ = png_size(screenshot.read_bytes())
    assert width == WINDOW[0]
    print(f"popup screenshot: {screenshot}")

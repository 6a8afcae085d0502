"""Time to serve the first map page of `harmtrack serve` at 100,000 incidents.

    python bench/serve_first_page.py [--incidents 100000] [--runs 5] [--browser]

Imports bench/out/rows-N.csv (generate.py, made once) into bench/out/serve-N.db
with `harmtrack import` once, then, for each run, starts a fresh `harmtrack
serve` on a free loopback port (as a user does: a whole process, tiles
`none`, nothing cached) and times, in order:

- start: from starting the process to its first answer;
- page: the map page's HTML (GET /serve-N/incident_map), the first request;
- markers: the JSON the map asks for next (up to 1,000 markers, with the
  total count and the next page's URL, as datasette-cluster-map asks);
- with --browser, headless Chromium loading the page until its scripts are
  idle (virtual time), and the markers it drew, beside Chromium on a blank
  page (its own start-up).

Prints the median of the runs and each run.
"""

import argparse
import json
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
PYTHON = sys.executable
CHROMIUM = ("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking")
MARKERS = "_size=max&_labels=on&_extra=count&_extra=next_url&_shape=objects"


def database(size: int) -> Path:
    rows = OUT / f"rows-{size}.csv"
    db = OUT / f"serve-{size}.db"
    OUT.mkdir(exist_ok=True)
    if not rows.exists():
        with rows.open("w", encoding="utf-8") as stream:
            subprocess.run([PYTHON, str(HERE / "generate.py"), str(size)], stdout=stream, check=True)
    if not db.exists():
        subprocess.run([PYTHON, "-m", "harmtrack", "--db", str(db), "import", str(rows)], check=True)
    return db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[float, bytes]:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        body = response.read()
    return time.perf_counter() - start, body


def browser(url: str) -> tuple[float, int]:
    start = time.perf_counter()
    dom = subprocess.run(
        [*CHROMIUM, "--virtual-time-budget=10000", "--dump-dom", url], capture_output=True, text=True, check=True
    ).stdout
    return time.perf_counter() - start, dom.count("leaflet-marker-icon")


def one_run(db: Path, with_browser: bool) -> dict[str, float]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    process = subprocess.Popen(
        [PYTHON, "-m", "harmtrack", "serve", str(db), "--port", str(port), "--tiles", "none"],
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{base}/-/versions.json", timeout=5):
                    break
            except OSError:
                if process.poll() is not None:
                    raise SystemExit("harmtrack serve exited") from None
                time.sleep(0.02)
        result = {"start": time.perf_counter() - started}
        page = f"{base}/{db.stem}/incident_map"
        result["page"], _ = fetch(page)
        result["markers"], body = fetch(f"{page}.json?{MARKERS}")
        result["page + markers"] = result["page"] + result["markers"]
        result["marker rows"] = len(json.loads(body)["rows"])
        if with_browser:
            result["browser, blank page"], _ = browser("about:blank")
            result["browser, map page"], result["markers drawn"] = browser(page)
        return result
    finally:
        process.terminate()
        process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--browser", action="store_true", help="also time headless Chromium drawing the page")
    args = parser.parse_args()
    db = database(args.incidents)
    runs = [one_run(db, args.browser) for _ in range(args.runs)]
    print(f"harmtrack serve, first map page, {args.incidents:,} incidents ({db}), median of {args.runs} runs")
    for name in runs[0]:
        values = [run[name] for run in runs]
        shown = ", ".join(f"{value:.3f}" for value in values)
        print(f"{name:>20}: {statistics.median(values):8.3f}   ({shown})")


if __name__ == "__main__":
    main()

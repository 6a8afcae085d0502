"""PostgreSQL beside SQLite: import, a day's import, `report city`, `report matrix`, 10 concurrent writers.

    python bench/pg_vs_sqlite.py --server postgresql://postgres@127.0.0.1:5432 --incidents 1000000

Each engine gets a fresh database (a new SQLite file; a new database on the
server, dropped at the end) and the same work, through the harmtrack command
as a person runs it: the import of N generated incidents (bench/generate.py,
seed 1) into the empty database, then 1,000 more (seed 2) that are
compared with the stored ones, each report run --runs times, and 10
processes adding and then editing 5 incidents each at once, the whole run
timed, --runs times. Prints a Markdown table of medians (seconds). The
PostgreSQL timings include connecting over TCP; the server's settings are
its defaults.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BENCH = Path(__file__).resolve().parent
WRITERS = 10
WRITES_EACH = 5


def harmtrack(db: str, *args: str, user: str = "bench") -> None:
    env = {"HARMTRACK_USER": user, "HARMTRACK_CONFIG": "/nonexistent/config.toml", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "harmtrack", "--db", db, *args], capture_output=True, text=True, env=env
    )
    if result.returncode != 0:
        raise SystemExit(f"harmtrack {' '.join(args)} on {db} failed: {result.stderr.strip()}")


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def rows_file(count: int, work: Path, seed: int = 1) -> Path:
    path = work / f"rows-{count}-seed{seed}.csv"
    if not path.exists():
        with path.open("w", encoding="utf-8") as stream:
            command = [sys.executable, str(BENCH / "generate.py"), str(count), "--seed", str(seed)]
            subprocess.run(command, stdout=stream, check=True)
    return path


def writers(db: str) -> None:
    """10 researchers at once, each adding then editing WRITES_EACH incidents."""

    def researcher(number: int) -> None:
        for round_ in range(WRITES_EACH):
            incident = str(uuid.uuid4())
            harmtrack(db, "add", "--uid", incident, "--date", "2024-10-28", "--city", "Kharkiv", user=f"r{number}")
            harmtrack(db, "edit", incident, "--killed", str(round_), user=f"r{number}")

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        list(pool.map(researcher, range(WRITERS)))


def measure(db: str, rows: Path, daily: Path, runs: int) -> dict[str, float]:
    figures = {"import": timed(lambda: harmtrack(db, "import", str(rows)))}
    # A day's import: few enough rows to be compared with the stored incidents (the look-alikes it names).
    figures["import 1,000 more, look-alikes named"] = timed(lambda: harmtrack(db, "import", str(daily)))
    for report in ("city", "matrix"):
        figures[f"report {report}"] = statistics.median(
            timed(lambda report=report: harmtrack(db, "report", report, "--format", "csv")) for _ in range(runs)
        )
    figures[f"{WRITERS} writers x {WRITES_EACH} add+edit"] = statistics.median(
        timed(lambda: writers(db)) for _ in range(runs)
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", required=True, help="postgresql://user@host:port of a server to make databases on")
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "harmtrack-bench")
    options = parser.parse_args()
    import psycopg

    options.work.mkdir(parents=True, exist_ok=True)
    rows = rows_file(options.incidents, options.work)
    daily = rows_file(1000, options.work, seed=2)
    name = f"harmtrack_bench_{uuid.uuid4().hex[:8]}"
    server = options.server.rstrip("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    sqlite_file = options.work / f"{name}.db"
    try:
        results = {
            "SQLite": measure(str(sqlite_file), rows, daily, options.runs),
            "PostgreSQL": measure(f"{server}/{name}", rows, daily, options.runs),
        }
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_file}{suffix}").unlink(missing_ok=True)
    print(f"{options.incidents:,} incidents; medians of {options.runs} runs (imports: one run), seconds\n")
    print("| work | SQLite | PostgreSQL | PostgreSQL / SQLite |")
    print("|---|---:|---:|---:|")
    for work, sqlite_seconds in results["SQLite"].items():
        pg_seconds = results["PostgreSQL"][work]
        print(f"| {work} | {sqlite_seconds:.2f} | {pg_seconds:.2f} | {pg_seconds / sqlite_seconds:.2f}x |")


if __name__ == "__main__":
    main()

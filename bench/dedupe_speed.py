"""Time `harmtrack dedupe` on 1,000,000 incidents (run by hand).

    python bench/dedupe_speed.py [N] [--settlements 5000] [--keep DIR]

Writes N incidents as canonical CSV, spread over `--settlements` settlements
and four years (about 0.2 a settlement a day at 1M and 5,000 places: the
density of a large real dataset), with 5% of them a second report of an
earlier incident (same place, same or next day, the same weapon, a higher
toll, another source) that dedupe must find. Imports them, then runs
`harmtrack dedupe --format csv` three times and prints the median time, the
peak memory (from /usr/bin/time) and how many of the planted duplicates were
found. bench/generate.py's data is much denser (140 incidents a day in one
city); dedupe on it says more about that generator than about real coverage.
"""

import argparse
import csv
import random
import statistics
import subprocess
import sys
import tempfile
import uuid
from datetime import date, timedelta
from pathlib import Path

WEAPONS = ["artillery", "drone", "glide-bomb", "loitering-munition", "mlrs", "ballistic-missile", "cruise-missile"]
COLUMNS = ["uid", "date", "region", "city", "weapon", "killed", "injured", "sources"]


def write(path: Path, count: int, settlements: int, seed: int = 7) -> set[tuple[str, str]]:
    """The file, and the (uid, uid) pairs planted as second reports."""
    rnd = random.Random(seed)
    start = date(2022, 2, 24)
    planted: set[tuple[str, str]] = set()
    recent: list[list[str]] = []
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(COLUMNS)
        for number in range(count):
            if recent and rnd.random() < 0.05:
                first = rnd.choice(recent)
                day = date.fromisoformat(first[1]) + timedelta(days=rnd.choice((0, 0, 1)))
                killed = str(int(first[5]) + rnd.randint(0, 3))
                row = [str(uuid.UUID(int=rnd.getrandbits(128))), day.isoformat(), first[2], first[3], first[4],
                       killed, first[6], f"https://second.example.org/{number}"]  # fmt: skip
                planted.add(tuple(sorted((first[0], row[0]))))  # type: ignore[arg-type]
            else:
                place = rnd.randrange(settlements)
                day = start + timedelta(days=rnd.randrange(4 * 365))
                row = [str(uuid.UUID(int=rnd.getrandbits(128))), day.isoformat(), f"Region {place % 24}",
                       f"Settlement {place}", rnd.choice(WEAPONS), str(rnd.randint(0, 5)), str(rnd.randint(0, 20)),
                       f"https://first.example.org/{number}"]  # fmt: skip
                recent.append(row)
                if len(recent) > 5000:
                    recent.pop(0)
            writer.writerow(row)
    return planted


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int, nargs="?", default=1_000_000)
    parser.add_argument("--settlements", type=int, default=5000)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    data, db = folder / "dedupe.csv", folder / "dedupe.db"
    planted = write(data, args.count, args.settlements)
    if not db.exists():
        subprocess.run([sys.executable, "-m", "harmtrack", "--db", str(db), "import", str(data)], check=True)
    times, memory, found = [], [], set()
    for _ in range(3):
        run = subprocess.run(
            ["/usr/bin/time", "-f", "%e %M", sys.executable, "-m", "harmtrack", "--db", str(db), "dedupe", "-f", "csv"],
            capture_output=True,
            text=True,
            check=True,
        )
        seconds, kib = run.stderr.strip().splitlines()[-1].split()
        times.append(float(seconds))
        memory.append(int(kib) // 1024)
        groups: dict[str, list[str]] = {}
        for row in csv.DictReader(run.stdout.splitlines()):
            groups.setdefault(row["group"], []).append(row["uid"])
        found = {tuple(sorted((a, b))) for uids in groups.values() for a in uids for b in uids if a < b}
    runs = ", ".join(f"{t:.1f}" for t in times)
    print(
        f"{args.count:,} incidents, {args.settlements:,} settlements: dedupe median {statistics.median(times):.1f} s "
        f"(runs {runs}), peak {max(memory)} MiB; {len(planted & found):,} of {len(planted):,} planted second "
        f"reports found, {len(found):,} pairs in groups"
    )


if __name__ == "__main__":
    main()

"""Time an import of N generated rows and measure its peak memory.

    python bench/measure_import.py 100000 1000000

For each N: generate the rows (bench/generate.py, cached in the work folder),
import them into a new database with `/usr/bin/time -v harmtrack import`, and
print the summary line, the wall time and the peak resident set size.
"""

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", type=int, nargs="+")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "harmtrack-bench")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    harmtrack = shutil.which("harmtrack", path=str(Path(sys.executable).parent)) or "harmtrack"
    for size in args.sizes:
        data = args.work / f"generated-{size}.csv"
        if not data.exists():
            with data.open("wb") as stream:
                subprocess.run([sys.executable, str(HERE / "generate.py"), str(size)], stdout=stream, check=True)
        database = args.work / f"import-{size}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        run = subprocess.run(
            ["/usr/bin/time", "-v", harmtrack, "--db", str(database), "import", str(data)],
            capture_output=True,
            text=True,
            check=True,
        )
        summary = next(line for line in run.stderr.splitlines() if line.startswith("imported"))
        wall = re.search(r"Elapsed \(wall clock\) time .*: (\S+)", run.stderr)[1]
        peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr)[1])
        size_mib = data.stat().st_size / 2**20
        print(f"{size:>9,} rows ({size_mib:,.0f} MiB): {summary}; wall {wall}; peak RSS {peak / 1024:.0f} MiB")


if __name__ == "__main__":
    main()

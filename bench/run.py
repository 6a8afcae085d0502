"""Run the whole benchmark suite and print the table of medians and targets.

    python bench/run.py                      # everything, as in bench/README.md
    python bench/run.py --only import --sizes 100000 --runs 3    # a quick look

Each command runs as a whole process, as a user runs it, several times,
interleaved with its baselines so that a slow minute hurts them all alike; the
table gives the median wall time and the peak resident memory (GNU time's
%M, else the child's ru_maxrss). Generated data and databases go to bench/out/ (gitignored), the
results to bench/results/latest.json and .md, and the table into
bench/README.md between its result markers.
"""

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
RESULTS = HERE / "results"
README = HERE / "README.md"
BIN = Path(sys.executable).parent
PYTHON = sys.executable
HARMTRACK = str(BIN / "harmtrack") if (BIN / "harmtrack").exists() else shutil.which("harmtrack") or "harmtrack"
SQLITE_UTILS = str(BIN / "sqlite-utils") if (BIN / "sqlite-utils").exists() else shutil.which("sqlite-utils")
TIME = ["/usr/bin/time"] if Path("/usr/bin/time").exists() else []
GROUPS = ("import", "incremental", "daily", "reports", "export", "startup")
IMPORT_PEAK_MIB = 120
MARK_START, MARK_END = "<!-- results: written by bench/run.py -->", "<!-- /results -->"


@dataclass
class Variant:
    label: str
    command: list[str]
    fresh_db: Path | None = None  # deleted (with -wal, -shm) before every run
    template: Path | None = None  # copied to fresh_db before every run (not timed)


@dataclass
class Measured:
    label: str
    command: str
    wall: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system seconds, the process and its children

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)

    @property
    def peak_mib(self) -> float:
        return max(self.peak_kib) / 1024


@dataclass
class Comparison:
    """One row of the table: harmtrack against a baseline, with its target."""

    name: str
    harmtrack: str
    baseline: str | None
    target: str
    ratio_limit: float | None = None  # harmtrack / baseline must be at most this
    seconds_limit: float | None = None  # and harmtrack's median at most this
    memory_limit_mib: float | None = None  # and harmtrack's peak resident memory at most this


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    # Cache bytecode as an installed package does (pip compiles it on install):
    # without it every run would recompile harmtrack's own modules.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["NO_COLOR"] = "1"
    env.setdefault("HARMTRACK_USER", "bench")
    return env


def run_once(variant: Variant, env: dict[str, str]) -> tuple[float, int, float]:
    """(wall seconds, peak resident KiB, CPU seconds) of one run. CPU time
    (user + system) is steadier than wall time on a shared machine.

    The peak comes from GNU time (`%M`) when it is installed: a child forked
    from this process would start with this process's memory counted, which
    can exceed a small command's own peak. Without it, the child's ru_maxrss."""
    if variant.fresh_db is not None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{variant.fresh_db}{suffix}").unlink(missing_ok=True)
        if variant.template is not None:
            shutil.copyfile(variant.template, variant.fresh_db)
            warm_file(variant.fresh_db)
    with tempfile.TemporaryFile() as errors, tempfile.NamedTemporaryFile("r") as peak:
        command = [*TIME, "-f", "%M", "-o", peak.name, *variant.command] if TIME else variant.command
        began = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - began
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            tail = errors.read().decode("utf-8", "replace")[-2000:]
            raise SystemExit(f"failed ({process.returncode}): {' '.join(variant.command)}\n{tail}")
        kib = int(peak.read().split()[-1]) if TIME else usage.ru_maxrss
    return wall, kib, usage.ru_utime + usage.ru_stime  # wait4 counts the children GNU time waited for


def measure(variants: list[Variant], runs: int, env: dict[str, str], *, warmup: int = 0) -> dict[str, Measured]:
    results = {variant.label: Measured(variant.label, " ".join(variant.command)) for variant in variants}
    for _ in range(warmup):
        for variant in variants:
            run_once(variant, env)
    for number in range(runs):
        for variant in variants:
            wall, peak, cpu = run_once(variant, env)
            results[variant.label].wall.append(wall)
            results[variant.label].peak_kib.append(peak)
            results[variant.label].cpu.append(cpu)
            print(
                f"  run {number + 1}/{runs} {variant.label}: {wall:.3f} s, CPU {cpu:.3f} s, {peak / 1024:.0f} MiB",
                flush=True,
            )
    return results


def generated(size: int, seed: int = 1, period: tuple[str, str] | None = None) -> Path:
    """bench/out/rows-N.csv, generated once (deterministic: same N, same bytes); `period`: the first and last
    day of the incidents, when not the generator's default span."""
    name = f"rows-{size}" + ("" if seed == 1 else f"-seed{seed}") + (f"-from{period[0]}" if period else "")
    path = OUT / f"{name}.csv"
    if not path.exists():
        print(f"generating {size:,} rows -> {path}", flush=True)
        partial = path.with_suffix(".partial")
        days = ["--from", period[0], "--to", period[1]] if period else []
        with partial.open("wb") as stream:
            subprocess.run(
                [PYTHON, str(HERE / "generate.py"), str(size), "--seed", str(seed), *days], stdout=stream, check=True
            )
        partial.rename(path)
    return path


# The months after the stored incidents' span (generate.py's default ends 2025-12-31): the rows a monitor's
# next imports bring, dated after what the database holds.
NEXT_MONTHS = ("2026-01-01", "2026-03-31")


def warm_file(path: Path) -> None:
    """Read the file once so that every run finds it in the page cache."""
    with path.open("rb") as stream:
        while stream.read(1 << 24):
            pass


def import_cases(sizes: list[int], runs_for, env, compare: str | None = None) -> tuple[dict, list[Comparison]]:
    """Each size: harmtrack, the same-work baseline, the flat importer and
    sqlite-utils, interleaved; with `compare` (another build's harmtrack
    command), that build's import too, for a before/after in one run."""
    measured, rows = {}, []
    for size in sizes:
        data = generated(size)
        warm_file(data)
        label = f"{size // 1000:,}k" if size < 1_000_000 else f"{size // 1_000_000:,}M"
        ours, base, lite = OUT / "import-harmtrack.db", OUT / "import-baseline.db", OUT / "import-sqlite-utils.db"
        flat = OUT / "import-flat.db"
        variants = [
            Variant(f"harmtrack import {label}", [HARMTRACK, "--db", str(ours), "import", str(data)], ours),
            Variant(f"baseline import {label}", [PYTHON, str(HERE / "baseline_import.py"), str(base), str(data)], base),
            Variant(f"flat import {label}", [PYTHON, str(HERE / "flat_import.py"), str(flat), str(data)], flat),
        ]
        if SQLITE_UTILS:
            variants.append(
                Variant(
                    f"sqlite-utils insert --csv {label}",
                    [SQLITE_UTILS, "insert", str(lite), "incidents", str(data), "--csv"],
                    lite,
                )
            )
        other = OUT / "import-compared.db"
        if compare:
            variants.append(
                Variant(f"compared build import {label}", [compare, "--db", str(other), "import", str(data)], other)
            )
        print(f"import of {size:,} rows ({data.stat().st_size / 2**20:,.0f} MiB), {runs_for(size)} runs", flush=True)
        measured.update(measure(variants, runs_for(size), env))
        check_import(ours, size)
        if size == max(sizes):  # the reports' database: a real import
            keep = OUT / f"incidents-{size}.db"
            with sqlite3.connect(ours) as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            for suffix in ("", "-wal", "-shm"):
                Path(f"{keep}{suffix}").unlink(missing_ok=True)
            ours.replace(keep)
        rows.append(
            Comparison(
                f"import {label} rows",
                variants[0].label,
                variants[1].label,
                "<= 1.2x same-work baseline" if size >= 100_000 else "<= 1.5x same-work baseline",
                ratio_limit=1.2 if size >= 100_000 else 1.5,
            )
        )
        rows.append(
            Comparison(
                f"import {label} rows",
                variants[0].label,
                variants[2].label,
                "<= 2x flat importer" if size >= 100_000 else "(the 2x bound is for 100k and 1M)",
                ratio_limit=2.0 if size >= 100_000 else None,
            )
        )
        rows.append(
            Comparison(
                f"import {label} rows: peak memory",
                variants[0].label,
                None,
                f"<= {IMPORT_PEAK_MIB} MiB",
                memory_limit_mib=IMPORT_PEAK_MIB,
            )
        )
        if SQLITE_UTILS:
            rows.append(
                Comparison(
                    f"import {label} rows",
                    variants[0].label,
                    variants[3].label,
                    "< 1x sqlite-utils",
                    ratio_limit=1.0,
                )
            )
        if compare:
            rows.append(Comparison(f"import {label} rows", variants[0].label, variants[-1].label, "(compared build)"))
            rows.append(
                Comparison(f"compared build import {label}", variants[-1].label, variants[1].label, "(reference)")
            )
        for path in (ours, base, lite, flat, other):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    return measured, rows


def incremental_cases(size: int, added: int, runs: int, env) -> tuple[dict, list[Comparison]]:
    """`added` new rows (another seed: new uids) into a database of `size`
    imported incidents (the reports' database), against the same rows into an
    empty database. Each run starts from a copy of the big database (the copy
    is not timed)."""
    big = report_database(size, env)  # the last import of that size, or a new one
    data = generated(added, seed=2)
    recent = generated(added, seed=3, period=NEXT_MONTHS)
    warm_file(data)
    warm_file(recent)
    into_big, into_empty = OUT / "incremental-into-big.db", OUT / "incremental-into-empty.db"
    big_label = f"{size // 1_000_000:,}M" if size >= 1_000_000 else f"{size // 1000:,}k"
    new_label = f"{added // 1000:,}k"
    variants = [
        Variant(
            f"harmtrack import {new_label}{what} into {into_label}",
            [HARMTRACK, "--db", str(target), "import", str(rows_file)],
            target,
            template=template,
        )
        for what, rows_file in (("", data), (" of the next months", recent))
        for into_label, target, template in ((big_label, into_big, big), ("empty", into_empty, None))
    ]
    print(f"incremental import of {added:,} rows into {size:,}, {runs} runs", flush=True)
    measured = measure(variants, runs, env)
    check_import(into_big, size + added)
    for path in (into_big, into_empty):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    rows = [
        Comparison(
            f"import {new_label} into {big_label} incidents",
            variants[0].label,
            variants[1].label,
            "<= 1.25x into empty",
            ratio_limit=1.25,
        ),
        Comparison(
            f"import {new_label} of the next months into {big_label} (dated after the stored span)",
            variants[2].label,
            variants[3].label,
            "<= 1.25x into empty",
            ratio_limit=1.25,
        ),
        Comparison(
            f"import {new_label} into {big_label}: peak memory",
            variants[0].label,
            None,
            f"<= {IMPORT_PEAK_MIB} MiB",
            memory_limit_mib=IMPORT_PEAK_MIB,
        ),
    ]
    return measured, rows


def daily_cases(size: int, runs: int, env) -> tuple[dict, list[Comparison]]:
    """A monitor's everyday import: 1,000 new rows into a database of `size`
    incidents, spread over the stored span and of the next months. Unlike the
    100k case, an import of this size compares its new rows with the stored
    incidents (the look-alikes it names), so there is no into-empty yardstick:
    the target is a time a person waits."""
    big = report_database(size, env)
    target = OUT / "daily-into-big.db"
    big_label = f"{size // 1_000_000:,}M" if size >= 1_000_000 else f"{size // 1000:,}k"
    variants = [
        Variant(
            f"harmtrack import 1k{what} into {big_label}",
            [HARMTRACK, "--db", str(target), "import", str(rows)],
            target,
            big,
        )
        for what, rows in (
            ("", generated(1000, seed=2)),
            (" of the next months", generated(1000, seed=3, period=NEXT_MONTHS)),
        )
    ]
    print(f"daily import of 1,000 rows into {size:,}, {runs} runs", flush=True)
    measured = measure(variants, runs, env)
    check_import(target, size + 1000)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    rows = [
        Comparison(
            f"import 1k{what} into {big_label} incidents, look-alikes named",
            variant.label,
            None,
            f"< 2 s, <= {IMPORT_PEAK_MIB} MiB",
            seconds_limit=2.0,
            memory_limit_mib=IMPORT_PEAK_MIB,
        )
        for what, variant in zip(("", " of the next months"), variants, strict=True)
    ]
    return measured, rows


def check_import(database: Path, size: int) -> None:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        stored = conn.execute("SELECT count(*) FROM incidents").fetchone()[0]
    if stored != size:
        raise SystemExit(f"{database}: {stored:,} incidents after importing {size:,} rows")


def report_database(size: int, env) -> Path:
    path = OUT / f"incidents-{size}.db"
    if not path.exists():
        print(f"importing {size:,} rows for the reports -> {path}", flush=True)
        subprocess.run(
            [HARMTRACK, "--db", str(path), "import", str(generated(size))],
            env=env,
            check=True,
            stderr=subprocess.DEVNULL,
        )
    else:  # made by an older harmtrack: its migrations applied once here, not inside a timed run
        subprocess.run([HARMTRACK, "--db", str(path), "upgrade"], env=env, check=True, stdout=subprocess.DEVNULL)
        for backup in OUT.glob(f"{path.name}.*.bak"):
            backup.unlink()
    return path


def report_cases(size: int, runs: int, env) -> tuple[dict, list[Comparison]]:
    database = report_database(size, env)
    data = generated(size)
    warm_file(database)
    duckdb = subprocess.run([PYTHON, "-c", "import duckdb"], capture_output=True).returncode == 0
    measured, rows = {}, []
    label = f"{size // 1_000_000:,}M" if size >= 1_000_000 else f"{size // 1000:,}k"
    for report in ("city", "weapon", "matrix"):
        variants = [
            Variant(
                f"harmtrack report {report}", [HARMTRACK, "--db", str(database), "report", report, "--format", "csv"]
            ),
            Variant(f"bare query {report}", [PYTHON, str(HERE / "bare_report.py"), str(database), report]),
        ]
        if duckdb:
            variants.append(
                Variant(f"duckdb on CSV {report}", [PYTHON, str(HERE / "duckdb_report.py"), str(data), report])
            )
        print(f"report {report} on {size:,} incidents, {runs} runs", flush=True)
        measured.update(measure(variants, runs, env, warmup=1))
        rows.append(
            Comparison(
                f"report {report} ({label})",
                variants[0].label,
                variants[1].label,
                "<= 1.5x bare query, < 1 s",
                ratio_limit=1.5,
                seconds_limit=1.0,
            )
        )
        if duckdb:
            rows.append(Comparison(f"report {report} ({label})", variants[0].label, variants[2].label, "(reference)"))
    timeline = Variant(
        "harmtrack report timeline",
        [HARMTRACK, "--db", str(database), "report", "timeline", "--period", "month", "--format", "csv"],
    )
    print(f"report timeline on {size:,} incidents, {runs} runs (against report city)", flush=True)
    measured.update(
        measure(
            [timeline, Variant("harmtrack report city (beside timeline)", variants_city(database))], runs, env, warmup=1
        )
    )
    rows.append(
        Comparison(
            f"report timeline --period month ({label})",
            timeline.label,
            "harmtrack report city (beside timeline)",
            "<= 1.2x report city, < 1 s",
            ratio_limit=1.2,
            seconds_limit=1.0,
        )
    )
    if not duckdb:
        print("duckdb is not installed: pip install duckdb (or '.[bench]') to compare with it", flush=True)
    return measured, rows


def variants_city(database: Path) -> list[str]:
    """`report city`, run again beside the timeline (interleaved with it)."""
    return [HARMTRACK, "--db", str(database), "report", "city", "--format", "csv"]


def export_cases(size: int, runs: int, env) -> tuple[dict, list[Comparison]]:
    database = report_database(size, env)
    label = f"{size // 1_000_000:,}M" if size >= 1_000_000 else f"{size // 1000:,}k"
    variants = [
        Variant("harmtrack export csv", [HARMTRACK, "--db", str(database), "export", "--format", "csv"]),
        Variant("bare export csv", [PYTHON, str(HERE / "bare_export.py"), str(database)]),
    ]
    print(f"export of {size:,} incidents, {runs} runs", flush=True)
    measured = measure(variants, runs, env)
    compared = Comparison(
        f"export --format csv ({label})", variants[0].label, variants[1].label, "<= 1.2x bare export", ratio_limit=1.2
    )
    return measured, [compared]


def startup_cases(runs: int, env) -> tuple[dict, list[Comparison]]:
    empty = OUT / "empty.db"  # made anew: one left by an older harmtrack would need its migrations first
    for suffix in ("", "-wal", "-shm"):
        Path(f"{empty}{suffix}").unlink(missing_ok=True)
    header = OUT / "header-only.csv"
    header.write_text("uid,date,city\n", encoding="utf-8")
    subprocess.run([HARMTRACK, "--db", str(empty), "import", str(header)], env=env, check=True, capture_output=True)
    variants = [
        Variant("harmtrack --version", [HARMTRACK, "--version"]),
        Variant(
            "harmtrack report city (empty db)", [HARMTRACK, "--db", str(empty), "report", "city", "--format", "csv"]
        ),
        Variant("tiny typer app", [PYTHON, str(HERE / "tiny_typer.py")]),
    ]
    print(f"start-up, {runs} runs", flush=True)
    measured = measure(variants, runs, env, warmup=2)
    rows = [
        Comparison("start-up: --version", variants[0].label, variants[2].label, "<= 1.2x tiny typer app", 1.2),
        Comparison("start-up: report city, empty db", variants[1].label, variants[2].label, "<= 1.5x tiny typer", 1.5),
    ]
    return measured, rows


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        memory_gib = int(memory.split()[1]) / 2**20
    except (OSError, StopIteration):
        memory_gib = 0.0
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True)
    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory_gib, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "commit": commit.stdout.strip() or "unknown",
    }


def verdict(row: Comparison, measured: dict[str, Measured]) -> dict:
    ours = measured[row.harmtrack]
    base = measured.get(row.baseline) if row.baseline else None
    ratio = ours.median / base.median if base else None
    met = None
    if row.ratio_limit is not None and ratio is not None:
        met = ratio <= row.ratio_limit
    if row.seconds_limit is not None:
        met = (met is not False) and ours.median < row.seconds_limit
    if row.memory_limit_mib is not None:
        met = (met is not False) and ours.peak_mib <= row.memory_limit_mib
    return {
        "name": row.name,
        "harmtrack": ours.label,
        "harmtrack_median_s": round(ours.median, 3),
        "harmtrack_peak_mib": round(ours.peak_mib),
        "baseline": base.label if base else None,
        "baseline_median_s": round(base.median, 3) if base else None,
        "ratio": round(ratio, 2) if ratio is not None else None,
        "cpu_ratio": round(ours.cpu_median / base.cpu_median, 2) if base else None,
        "target": row.target,
        "met": met,
    }


def markdown(info: dict, verdicts: list[dict], measured: dict[str, Measured], runs: dict) -> str:
    lines = [
        f"Measured {info['date']} on {info['cpu']} ({info['cores']} cores, {info['memory_gib']} GiB), "
        f"{info['os']}, Python {info['python']}, SQLite {info['sqlite']}, commit {info['commit']}. "
        f"Medians of {runs['big']} runs for 1,000,000-row imports and the export, {runs['small']} for the other "
        f"imports and reports, {runs['startup']} for start-up.",
        "",
        "| command | harmtrack (s) | peak (MiB) | baseline | baseline (s) | ratio | CPU ratio | target | met? |",
        "|---|---:|---:|---|---:|---:|---:|---|---|",
    ]
    for row in verdicts:
        met = {True: "yes", False: "**no**", None: ""}[row["met"]]
        ratio = f"{row['ratio']:.2f}" if row["ratio"] is not None else ""
        cpu_ratio = f"{row['cpu_ratio']:.2f}" if row["cpu_ratio"] is not None else ""
        base = f"{row['baseline_median_s']:.3f}" if row["baseline_median_s"] is not None else ""
        lines.append(
            f"| {row['name']} | {row['harmtrack_median_s']:.3f} | {row['harmtrack_peak_mib']} "
            f"| {row['baseline'] or ''} | {base} | {ratio} | {cpu_ratio} "
            f"| {row['target']} | {met} |"
        )
    lines += [
        "",
        "| process | median (s) | CPU median (s) | peak memory (MiB) | runs (s) |",
        "|---|---:|---:|---:|---|",
    ]
    for item in measured.values():
        note = f" (target <= {IMPORT_PEAK_MIB})" if item.label.startswith("harmtrack import") else ""
        walls = ", ".join(f"{wall:.2f}" for wall in item.wall)
        lines.append(
            f"| {item.label} | {item.median:.3f} | {item.cpu_median:.3f} | {item.peak_mib:.0f}{note} | {walls} |"
        )
    return "\n".join(lines) + "\n"


def update_readme(table: str) -> None:
    if not README.exists():
        return
    text = README.read_text(encoding="utf-8")
    start, end = text.find(MARK_START), text.find(MARK_END)
    if start < 0 or end < start:
        return
    README.write_text(text[: start + len(MARK_START)] + "\n\n" + table + "\n" + text[end:], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default=",".join(GROUPS), help=f"comma-separated groups of {', '.join(GROUPS)}")
    parser.add_argument("--sizes", default="10000,100000,1000000", help="import sizes (default 10000,100000,1000000)")
    parser.add_argument(
        "--incremental", default="1000000,100000", help="incremental case: STORED,ADDED rows (default 1000000,100000)"
    )
    parser.add_argument("--report-size", type=int, default=1_000_000, help="incidents for reports and export")
    parser.add_argument("--runs", type=int, default=5, help="runs of the quicker cases (default 5)")
    parser.add_argument("--big-runs", type=int, default=3, help="runs of 1,000,000-row imports and export (3)")
    parser.add_argument("--startup-runs", type=int, default=15, help="runs of the start-up cases (15)")
    parser.add_argument("--no-readme", action="store_true", help="do not write the table into bench/README.md")
    parser.add_argument("--no-sqlite-utils", action="store_true", help="leave sqlite-utils out (the slowest case)")
    parser.add_argument(
        "--compare",
        metavar="COMMAND",
        help="another build's harmtrack command, imported beside this one (before/after)",
    )
    options = parser.parse_args()
    groups = [group.strip() for group in options.only.split(",") if group.strip()]
    unknown = set(groups) - set(GROUPS)
    if unknown:
        parser.error(f"unknown group {', '.join(sorted(unknown))}; valid: {', '.join(GROUPS)}")
    sizes = [int(size) for size in options.sizes.split(",")]
    if options.no_sqlite_utils:
        global SQLITE_UTILS
        SQLITE_UTILS = None
    OUT.mkdir(exist_ok=True)
    RESULTS.mkdir(exist_ok=True)
    env = child_env()
    info = machine()
    print(f"{info['date']}: {info['cpu']}, {info['cores']} cores; harmtrack at {HARMTRACK}", flush=True)

    def runs_for(size: int) -> int:
        return options.big_runs if size >= 1_000_000 else options.runs

    began = time.perf_counter()
    measured: dict[str, Measured] = {}
    rows: list[Comparison] = []
    for group in groups:
        if group == "import":
            found, compared = import_cases(sizes, runs_for, env, options.compare)
        elif group == "incremental":
            stored, added = (int(number) for number in options.incremental.split(","))
            found, compared = incremental_cases(stored, added, runs_for(stored), env)
        elif group == "daily":
            found, compared = daily_cases(int(options.incremental.split(",")[0]), options.runs, env)
        elif group == "reports":
            found, compared = report_cases(options.report_size, options.runs, env)
        elif group == "export":
            found, compared = export_cases(options.report_size, runs_for(options.report_size), env)
        else:
            found, compared = startup_cases(options.startup_runs, env)
        measured.update(found)
        rows.extend(compared)
    verdicts = [verdict(row, measured) for row in rows]
    runs = {"big": options.big_runs, "small": options.runs, "startup": options.startup_runs}
    table = markdown(info, verdicts, measured, runs)
    payload = {
        "machine": info,
        "seconds": round(time.perf_counter() - began, 1),
        "groups": groups,
        "comparisons": verdicts,
        "processes": [
            asdict(item) | {"median_s": item.median, "cpu_median_s": item.cpu_median, "peak_mib": item.peak_mib}
            for item in measured.values()
        ],
    }
    (RESULTS / "latest.json").write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "latest.md").write_text(table, encoding="utf-8")
    if groups == list(GROUPS) and not options.no_readme:
        update_readme(table)
    print()
    print(table)
    print(f"suite took {payload['seconds']:.0f} s; results in {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    main()

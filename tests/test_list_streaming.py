"""`list` on a terminal shows a page, not the whole database; piped, it streams everything.

A rich table of a million incidents takes gigabytes before it prints a line,
so a table without --limit shows the first PAGE incidents (one LIMIT query)
and says on stderr how many there are; --limit 0 shows all; CSV, JSON and
JSONL write every incident, streamed from the store.
"""

import csv
import io
import json
import re
import subprocess
import sys
from datetime import date, timedelta

import pytest
import terminal
from typer.testing import CliRunner

from harmtrack.cli.app import app
from harmtrack.cli.incidents import PAGE
from harmtrack.model import FIELDS

TOTAL = 120
SUMY = PAGE  # exactly one page of them: no "showing" line


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    folder = tmp_path_factory.mktemp("many")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FIELDS)
    start = date(2023, 1, 1)
    for index in range(TOTAL):
        row = dict.fromkeys(FIELDS, "")
        row.update(
            date=(start + timedelta(days=index)).isoformat(),
            city="Sumy" if index < SUMY else "Kharkiv",
            weapon="drone",
            killed=str(index % 7),
            description=f"incident number {index}",
        )
        writer.writerow([row[name] for name in FIELDS])
    (folder / "many.csv").write_text(buffer.getvalue(), encoding="utf-8")
    db = folder / "many.db"
    result = CliRunner().invoke(app, ["--db", str(db), "import", str(folder / "many.csv")])
    assert result.exit_code == 0, result.stderr
    return folder, db


def run(db, *args, columns: int = 140, stdout_on_terminal: bool = True) -> tuple[int, str, str]:
    """harmtrack with stdout on a pseudo-terminal (or a pipe); stderr is always a pipe, read apart."""
    command = ["--db", str(db), *args]
    if not stdout_on_terminal:
        done = subprocess.run([sys.executable, "-m", "harmtrack", *command], capture_output=True, timeout=120)
        return done.returncode, done.stdout.decode(), done.stderr.decode()
    code, output, errors = terminal.run_on_pty(command, columns)
    return code, output.decode(), errors.decode()


def ids_in_table(text: str) -> list[int]:
    """The id column of a rich table: the first cell of each body row."""
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    return [int(match) for match in re.findall(r"^│\s+(\d+) │", plain, flags=re.MULTILINE)]


def test_a_table_on_a_terminal_shows_the_first_page_and_says_how_many(many):
    _, db = many
    code, out, err = run(db, "list")
    assert code == 0, err
    assert ids_in_table(out) == list(range(1, PAGE + 1))
    assert err == f"showing {PAGE} of {TOTAL} incidents; --limit 0 shows all, --format csv streams them\n"


def test_the_showing_line_at_a_million(many, monkeypatch):
    from harmtrack.store import sqlite_store

    _, db = many
    monkeypatch.setattr(sqlite_store.SqliteStore, "count", lambda self, filters: 1_234_567)
    result = CliRunner().invoke(app, ["--db", str(db), "list", "--format", "table"])
    assert result.stderr == (f"showing {PAGE} of 1,234,567 incidents; --limit 0 shows all, --format csv streams them\n")


def test_limit_0_shows_all_on_a_terminal(many):
    _, db = many
    code, out, err = run(db, "list", "--limit", "0")
    assert code == 0, err
    assert ids_in_table(out) == list(range(1, TOTAL + 1))
    assert f"{TOTAL} incidents" in out
    assert err == ""


def test_an_explicit_limit_is_taken_as_given(many):
    _, db = many
    code, out, err = run(db, "list", "--limit", "10")
    assert code == 0, err
    assert ids_in_table(out) == list(range(1, 11))
    assert err == ""


def test_one_page_exactly_or_less_needs_no_note(many):
    _, db = many
    code, out, err = run(db, "list", "--city", "Sumy")
    assert ids_in_table(out) == list(range(1, SUMY + 1))
    assert err == ""
    code, out, err = run(db, "list", "--city", "Sumy", "--since", "2023-01-11")
    assert code == 0, err
    assert len(ids_in_table(out)) == SUMY - 10
    assert err == ""


def test_a_filtered_page_counts_the_filtered_incidents(many):
    _, db = many
    code, out, err = run(db, "list", "--until", "2023-03-31")
    assert code == 0, err
    assert len(ids_in_table(out)) == PAGE
    assert err.startswith(f"showing {PAGE} of 90 incidents;")


@pytest.mark.parametrize("args", [(), ("--format", "csv")])
def test_piped_csv_gives_all(many, args):
    _, db = many
    code, out, err = run(db, "list", *args, stdout_on_terminal=False)
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == TOTAL
    assert rows[-1]["description"] == f"incident number {TOTAL - 1}"
    assert err == ""


def test_csv_on_a_terminal_gives_all_too(many):
    _, db = many
    code, out, err = run(db, "list", "--format", "csv")
    assert code == 0, err
    assert len(list(csv.DictReader(io.StringIO(out.replace("\r\n", "\n"))))) == TOTAL
    assert err == ""


@pytest.mark.parametrize("fmt", ["json", "jsonl", "markdown"])
def test_other_formats_give_all(many, fmt):
    _, db = many
    runner = CliRunner()
    out = runner.invoke(app, ["--db", str(db), "list", "--format", fmt]).stdout
    if fmt == "json":
        assert len(json.loads(out)) == TOTAL
    elif fmt == "jsonl":
        assert len([json.loads(line) for line in out.splitlines()]) == TOTAL
    else:
        assert len([line for line in out.splitlines() if re.match(r"\| \d+ \|", line)]) == TOTAL
        assert out.endswith(f"\n{TOTAL} incidents\n")


def test_markdown_keeps_its_former_bytes(many):
    """The caption that counts the rows comes after them, as before the rows were streamed."""
    _, db = many
    out = CliRunner().invoke(app, ["--db", str(db), "list", "--format", "markdown", "--limit", "2"]).stdout
    assert out.splitlines()[:2] == [
        "| id | date | city | weapon | killed | injured | status | description |",
        "|---:|---|---|---|---:|---:|---|---|",
    ]
    assert out.endswith("|\n\n2 incidents\n")


def test_a_table_reads_one_page_from_the_store(many, monkeypatch):
    """The page is a LIMIT query; the total a count: nothing reads the whole table."""
    from harmtrack.store import sqlite_store

    _, db = many
    calls = []
    select = sqlite_store.SqliteStore.select

    def counting_select(self, filters, *, limit=None, ranked=False):
        calls.append(limit)
        return select(self, filters, limit=limit, ranked=ranked)

    monkeypatch.setattr(sqlite_store.SqliteStore, "select", counting_select)
    result = CliRunner().invoke(app, ["--db", str(db), "list", "--format", "table"])
    assert result.exit_code == 0, result.stderr
    assert calls == [PAGE]
    assert f"showing {PAGE} of {TOTAL} incidents" in result.stderr

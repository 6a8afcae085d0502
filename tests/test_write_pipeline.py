"""One path for each job: every way a record is written goes through the same
pipeline, so the same input stores the same record whichever command took it."""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Harmtrack

ROOT = Path(__file__).resolve().parent.parent
TEXT = (
    "A Russian drone struck the village of Foobarivka in Kharkiv Oblast on Monday, killing two civilians "
    "and injuring five. A glide bomb hit a school in Kupiansk on Tuesday, injuring three people."
)


def stored(harmtrack: Harmtrack) -> list[dict]:
    return json.loads(harmtrack.ok("export", "--format", "json").stdout)


def batches(harmtrack: Harmtrack) -> list[tuple]:
    with sqlite3.connect(harmtrack.db_path) as conn:
        return conn.execute("SELECT file_name, format, imported, skipped FROM import_batches ORDER BY id").fetchall()


@pytest.mark.parametrize("alias", [True, False])
def test_extract_add_and_extract_piped_into_import_store_the_same_records(tmp_path, alias):
    added, piped = Harmtrack(tmp_path / "added.db"), Harmtrack(tmp_path / "piped.db")
    for harmtrack in (added, piped):
        if alias:
            harmtrack.ok("places", "alias", "Foobarivka", "Kharkiv")
    added.ok("extract", "-", "--published", "2024-11-01", "--add", "--yes", "--format", "csv", input=TEXT)
    drafts = piped.ok("extract", "-", "--published", "2024-11-01", "--format", "csv", input=TEXT).stdout
    piped.ok("import", "-", input=drafts)

    records = stored(added)
    assert records == stored(piped)
    assert len(records) == 2
    first = next(record for record in records if record["killed"] == 2)
    if alias:
        assert (first["city"], first["region"]) == ("Kharkiv", "Kharkiv Oblast")
        assert first["latitude"] is not None
    else:
        assert (first["city"], first["region"]) == ("Foobarivka", "Kharkiv Oblast")


def test_extract_add_records_an_import_batch_and_adds_nothing_twice(harmtrack):
    harmtrack.ok("extract", "-", "--published", "2024-11-01", "--add", "--yes", "--format", "csv", input=TEXT)
    again = harmtrack.ok("extract", "-", "--published", "2024-11-01", "--add", "--yes", "--format", "csv", input=TEXT)
    assert "2 of the drafts were already stored" in again.stderr
    assert batches(harmtrack) == [
        ("extract of standard input", "csv", 2, 0),
        ("extract of standard input", "csv", 0, 2),
    ]
    entries = json.loads(harmtrack.ok("history", "1", "--format", "json").stdout)
    assert {(entry["action"], entry["field"], entry["after"]) for entry in entries} >= {
        ("import", "file", "extract of standard input"),
        ("import", "format", "csv"),
    }


def test_edit_and_an_import_update_merge_fields_the_same_way(tmp_path):
    """A new city brings its own region and coordinates, whether it arrives by
    `edit` or by re-importing the record with --on-conflict update."""
    edited, updated = Harmtrack(tmp_path / "edited.db"), Harmtrack(tmp_path / "updated.db")
    for harmtrack in (edited, updated):
        harmtrack.ok("add", "--uid", "3f2b8c1e-9d4a-4f6e-8b7a-2c1d0e9f8a7b", "--date", "2024-10-30", "--city", "Sumy")
    edited.ok("edit", "1", "--city", "Odesa", "--killed", "4")
    updated.ok(
        "import",
        "-",
        "--format",
        "csv",
        "--on-conflict",
        "update",
        input="uid,date,city,killed\n3f2b8c1e-9d4a-4f6e-8b7a-2c1d0e9f8a7b,2024-10-30,Odesa,4\n",
    )
    [after] = stored(edited)
    assert after == stored(updated)[0]
    assert (after["city"], after["region"], after["killed"]) == ("Odesa", "Odesa Oblast", 4)


def test_no_sql_outside_the_store():
    """Nothing outside harmtrack/store/ runs SQL."""
    pattern = r"(SELECT |INSERT INTO|DELETE FROM|UPDATE [a-z_]+ SET|\.execute\(|\.executemany\()"
    found = subprocess.run(
        ["grep", "-rlE", pattern, "--include=*.py", "harmtrack"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    assert [path for path in found if not path.startswith("harmtrack/store/")] == []


def test_reading_commands_start_without_sqlite_utils_or_the_import_pipeline(harmtrack):
    """Nor importlib.resources (about 15 ms) and typer's pydantic adapters (about 0.1 s)."""
    harmtrack.ok("add", "--date", "2024-10-30", "--city", "Kharkiv")
    code = (
        "import sys; from harmtrack.cli.app import main; sys.argv = ['harmtrack', '--db', sys.argv[1], 'list'];\n"
        "try: main()\nexcept SystemExit: pass\n"
        "print(sorted(m for m in ('sqlite_utils', 'harmtrack.ingest', 'harmtrack.recording', 'importlib.resources',"
        " 'typer._adapters') if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code, str(harmtrack.db_path)], capture_output=True, text=True)
    assert done.stderr.strip().splitlines()[-1] == "[]"

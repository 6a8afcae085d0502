"""The import's fast paths give what the full paths give: a new database
made without sqlite_utils, a repeated uid found across chunks of an import
into an empty table, list cells with escapes, ISO days read once, and the
bulk load's deferred indexes back in place."""

import csv
import sqlite3
import subprocess
import sys
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlite_utils import Database

from harmtrack import model
from harmtrack.errors import FieldError
from harmtrack.ingest import CHUNK_ROWS
from harmtrack.store import sqlite_files
from harmtrack.vocab import load

UID_A = "3f2b8c1e-9d4a-4f6e-8b7a-2c1d0e9f8a7b"


def schema(path) -> tuple[list, list]:
    with sqlite3.connect(path) as conn:
        objects = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()
        applied = conn.execute("SELECT id, migration_set, name FROM _sqlite_migrations ORDER BY id").fetchall()
    return objects, applied


def test_a_new_database_has_the_schema_and_record_sqlite_utils_would_write(tmp_path):
    store = sqlite_files.open_store(tmp_path / "new.db", create=True)
    store.close()
    reference = Database(sqlite3.connect(tmp_path / "reference.db"))
    sqlite_files.build_migrations().apply(reference)
    reference.close()
    assert schema(tmp_path / "new.db") == schema(tmp_path / "reference.db")


def test_creating_a_database_does_not_import_sqlite_utils(tmp_path):
    code = (
        "import sys; from harmtrack.cli.app import main; "
        "sys.argv = ['harmtrack', '--db', sys.argv[1], 'add', '--date', '2024-10-30', '--city', 'Kharkiv']\n"
        "try: main()\nexcept SystemExit: pass\n"
        "print('sqlite_utils' in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "new.db")], capture_output=True, text=True)
    assert done.stderr.strip().splitlines()[-1] == "False"
    assert (tmp_path / "new.db").exists()


def write_rows(path, uids: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["uid", "date", "city", "killed"])
        for number, uid in enumerate(uids):
            writer.writerow([uid, "2024-10-30", "Kharkiv", number])


def numbered_uid(number: int) -> str:
    return f"00000000-0000-4000-8000-{number:012d}"


def test_a_uid_repeated_chunks_apart_into_an_empty_database_names_both_lines(harmtrack, tmp_path):
    uids = [numbered_uid(number) for number in range(3 * CHUNK_ROWS)]
    uids[2 * CHUNK_ROWS + 7] = uids[3]  # line 5 and line 1,009
    path = tmp_path / "repeated.csv"
    write_rows(path, uids)
    result = harmtrack("import", str(path))
    assert result.exit_code == 1
    line = 2 * CHUNK_ROWS + 7 + 2
    assert f"repeated.csv:{line}: uid {uids[3]} is also on line 5 of this file" in result.stderr
    result = harmtrack.ok("import", str(path), "--skip-invalid")
    assert f"imported {3 * CHUNK_ROWS - 1:,} incidents: 0 updated, 0 skipped, 1 rejected" in result.stderr


def test_a_file_imported_again_is_skipped_row_by_row(harmtrack, tmp_path):
    path = tmp_path / "twice.csv"
    write_rows(path, [numbered_uid(number) for number in range(2 * CHUNK_ROWS + 1)])
    harmtrack.ok("import", str(path))
    result = harmtrack.ok("import", str(path))
    assert f"imported 0 incidents: 0 updated, {2 * CHUNK_ROWS + 1:,} skipped, 0 rejected" in result.stderr


def test_a_bulk_load_puts_back_every_index_and_the_search(harmtrack, tmp_path):
    path = tmp_path / "big.csv"
    uids = [numbered_uid(number) for number in range(4000)]  # over a megabyte: indexes are deferred
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["uid", "date", "city", "killed", "description"])
        for number, uid in enumerate(uids):
            writer.writerow([uid, "2024-10-30", "Kharkiv", number, f"shelling {number} " + "x" * 250])
    harmtrack.ok("add", "--date", "2024-10-29", "--city", "Sumy")
    with sqlite3.connect(harmtrack.db_path) as conn:
        objects = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    harmtrack.ok("import", str(path))
    with sqlite3.connect(harmtrack.db_path) as conn:
        assert conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall() == objects
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert "shelling 3999" in harmtrack.ok("list", "--search", "3999", "--format", "csv").stdout


def search_integrity(db_path) -> None:
    """FTS5's own check that the search index holds exactly the indexed columns of the incidents table."""
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO incidents_search (incidents_search, rank) VALUES ('integrity-check', 1)")


def test_an_import_into_a_large_table_indexes_new_and_updated_rows_for_search(harmtrack, tmp_path):
    """Into a table too large to defer its indexes, the new rows reach the search
    index in one statement at the end, and an updated stored row through its trigger."""
    stored = tmp_path / "stored.csv"
    with stored.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["uid", "date", "city", "description"])
        for number in range(1200):
            writer.writerow([numbered_uid(number), "2024-10-30", "Kharkiv", f"old words {number}"])
    harmtrack.ok("import", str(stored))
    more = tmp_path / "more.csv"
    with more.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["uid", "date", "city", "description"])
        writer.writerow([numbered_uid(7), "2024-10-30", "Kharkiv", "rewritten glide bomb"])
        for number in range(5000, 5010):
            writer.writerow([numbered_uid(number), "2024-10-31", "Sumy", f"drone strike {number}"])
    with sqlite3.connect(harmtrack.db_path) as conn:
        objects = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    result = harmtrack.ok("import", str(more), "--on-conflict", "update")
    assert "imported 10 incidents: 1 updated" in result.stderr
    with sqlite3.connect(harmtrack.db_path) as conn:
        assert conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall() == objects
    search_integrity(harmtrack.db_path)
    found = harmtrack.ok("list", "--search", "5009", "--format", "csv").stdout
    assert "drone strike 5009" in found
    assert "rewritten glide bomb" in harmtrack.ok("list", "--search", "glide", "--format", "csv").stdout
    assert harmtrack.ok("list", "--search", "old", "--format", "csv").stdout.count("old words") == 1199
    harmtrack.ok("add", "--date", "2024-11-01", "--city", "Odesa", "--description", "added later by hand")
    assert "added later by hand" in harmtrack.ok("list", "--search", "hand", "--format", "csv").stdout


def reference_split(cell: str) -> list[str]:
    """The list cell rule of SPEC.md read one character at a time: `;` separates, `\\;` and `\\\\` escape,
    a backslash before anything else stays."""
    items, current, chars = [], [], iter(cell)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            current.append(following if following in (";", "\\") else char + following)
        elif char == ";":
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]


@given(st.text(alphabet="ab;\\: \t", max_size=20))
def test_split_list_reads_escapes_as_the_character_rule_does(cell):
    assert model.split_list(cell) == reference_split(cell)


@given(st.lists(st.text(alphabet="ab;\\: ", min_size=1).filter(lambda item: item.strip() == item), max_size=5))
def test_join_then_split_gives_the_items_back(items):
    assert model.split_list(model.join_list(items)) == items


@pytest.fixture(scope="module")
def vocab(tmp_path_factory):
    store = sqlite_files.open_store(tmp_path_factory.mktemp("vocab") / "v.db", create=True)
    try:
        yield load(store)
    finally:
        store.close()


def test_an_iso_day_read_before_is_judged_again_against_another_today(vocab):
    row = {"date": "2024-10-30", "city": "Kharkiv"}
    assert model.validate(row, vocab, today=date(2024, 11, 1))["date"] == "2024-10-30"
    with pytest.raises(FieldError, match="in the future"):
        model.validate(row, vocab, today=date(2024, 10, 29))
    with pytest.raises(FieldError, match=r"not precise to the day|first day of its month"):
        model.validate(dict(row, date_precision="month"), vocab, today=date(2024, 11, 1))


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"city": " Kharkiv ", "description": "  "}, ("Kharkiv", None)),
        ({"city": "Kharkiv", "description": " shelling "}, ("Kharkiv", " shelling ")),
        ({"city": "Kharkiv", "killed": "9999999"}, ("Kharkiv", None)),
    ],
)
def test_plain_text_cells_take_the_values_the_full_checks_give(vocab, cells, expected):
    record = model.validate({"date": "2024-10-30", **cells}, vocab, today=date(2024, 11, 1))
    assert (record["city"], record["description"]) == expected
    assert record["killed"] == (int(cells["killed"]) if "killed" in cells else None)


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("killed", "10000001", "is larger than 10,000,000"),
        ("killed", "-3", "is negative"),
        ("city", "Khar\x00kiv", "contains a NUL character"),
        ("description", "x" * (model.MAX_TEXT + 1), "the limit is 100,000"),
        ("status", "Confirmed ", None),
    ],
)
def test_cells_off_the_short_path_get_the_full_checks(vocab, field, value, problem):
    row = {"date": "2024-10-30", "city": "Kharkiv", field: value}
    if problem is None:
        assert model.validate(row, vocab, today=date(2024, 11, 1))["status"] == "confirmed"
        return
    with pytest.raises(FieldError, match=problem):
        model.validate(row, vocab, today=date(2024, 11, 1))


def test_many_incidents_of_one_town_and_day_are_compared_only_so_far(harmtrack, tmp_path):
    """A shelled town's day (hundreds of rows of one city and date) would make
    the import's look-alike check grow with the square of the rows: it stops
    after LOOKALIKE_PAIRS and says so first."""
    path = tmp_path / "one-day.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["date", "city", "weapon", "killed", "description"])
        for number in range(300):
            writer.writerow(["2024-10-30", "Kherson", "artillery", number % 4, f"shelling number {number}"])
    result = harmtrack.ok("import", str(path))
    first = result.stderr.splitlines()[0]
    assert first == "only the first 20,000 likely pairs were compared: harmtrack dedupe compares them all"
    assert "imported 300 incidents" in result.stderr


def test_an_import_leaves_the_garbage_collector_as_it_found_it(harmtrack, tmp_path):
    """The import raises the collector's threshold and freezes start-up's objects only while it loads."""
    import gc

    path = tmp_path / "rows.csv"
    write_rows(path, [numbered_uid(number) for number in range(3)])
    before = gc.get_threshold(), gc.get_freeze_count()
    harmtrack.ok("import", str(path))
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
    failed = tmp_path / "bad.csv"
    failed.write_text("uid,date,city,killed\n,2024-10-30,Kharkiv,minus one\n", encoding="utf-8")
    assert harmtrack("import", str(failed)).exit_code == 1
    assert (gc.get_threshold(), gc.get_freeze_count()) == before

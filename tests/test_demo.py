"""harmtrack demo: the bundled sample, loaded once, never mixed into real records."""

import csv
import io
import json
import sqlite3
from importlib import resources

from harmtrack.cli.app import app
from harmtrack.model import FIELDS

SAMPLE_MARK = "SAMPLE DATA (not a real incident)"
# The three incidents of the days 978-982 roundup, as coded by hand
# (shared fixture roundup-days-978-982.expected.json).
ROUNDUP = {
    "2024-10-28": {"killed": "", "injured": "", "children_killed": "", "damaged": "cultural:Derzhprom"},
    "2024-10-29": {
        "killed": "4",
        "injured": "",
        "children_killed": "",
        "damaged": "residential:apartment building;residential:private homes",
    },
    "2024-10-30": {
        "killed": "3",
        "injured": "36",
        "children_killed": "2",
        "damaged": "residential:residential building",
    },
}


def sample_text() -> str:
    return (resources.files("harmtrack") / "data" / "sample.csv").read_text(encoding="utf-8")


def sample() -> list[dict]:
    return list(csv.DictReader(io.StringIO(sample_text())))


def test_the_bundled_sample_is_canonical_and_labelled():
    rows = sample()
    assert sample_text().splitlines()[0] == ",".join(FIELDS)
    assert len(rows) >= 40
    assert len({row["uid"] for row in rows}) == len(rows)
    real = [row for row in rows if not row["description"].startswith(SAMPLE_MARK)]
    assert len(real) == 3
    for row in real:
        expected = ROUNDUP[row["date"]]
        assert (row["city"], row["weapon"], row["status"]) == ("Kharkiv", "glide-bomb", "unverified")
        assert {name: row[name] for name in expected} == expected
    assert next(row for row in real if row["date"] == "2024-10-29")["district"].startswith("Osnovyanskyi")
    for row in rows:
        if row in real:
            continue
        assert row["sources"].startswith("https://example.org/")
        assert row["perpetrator"] == ""
    # The sample shows what reports must handle: unknowns, ranges, coarse dates, no city, discounted.
    assert any(row["killed"] == "" for row in rows) and any(row["killed"] == "0" for row in rows)
    assert any(row["killed_min"] for row in rows)
    assert {row["date_precision"] for row in rows} >= {"day", "week", "month"}
    assert any(row["city"] == "" for row in rows)
    assert any(row["status"] == "discounted" for row in rows)


def test_demo_builds_the_database_here_and_prints_two_reports(harmtrack, tmp_path):
    result = harmtrack.runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "harmtrack.db").exists()
    assert "Wrote 43 sample incidents" in result.stderr
    blocks = result.stdout.split("\n\n")
    assert blocks[0].startswith("city,incidents,killed")
    assert blocks[1].startswith("weapon,incidents,killed")
    city_rows = {row["city"]: row for row in csv.DictReader(io.StringIO(blocks[0]))}
    counted = [row for row in sample() if row["status"] != "discounted"]
    kharkiv = [row for row in counted if row["city"] == "Kharkiv"]
    assert int(city_rows["Kharkiv"]["incidents"]) == len(kharkiv)
    assert int(city_rows["Kharkiv"]["killed"]) == sum(int(row["killed"]) for row in kharkiv if row["killed"])
    # Unknown is not zero: a city none of whose incidents has a figure shows it empty, never 0.
    assert blocks[0].splitlines()[0] == (
        "city,incidents,killed,injured,children_killed,children_injured,"
        "killed_unknown,injured_unknown,children_killed_unknown,children_injured_unknown"
    )
    for name in ("killed", "injured", "children_killed", "children_injured"):
        for city, row in city_rows.items():
            figures = [int(r[name]) for r in counted if (r["city"] or "") == city and r[name]]
            assert row[name] == (str(sum(figures)) if figures else ""), (city, name)
            assert int(row[f"{name}_unknown"]) == sum(1 for r in counted if (r["city"] or "") == city and not r[name])
    assert any(row[name] == "" for row in city_rows.values() for name in ("killed", "children_killed"))
    weapon_rows = list(csv.DictReader(io.StringIO(blocks[1])))
    assert sum(int(row["incidents"]) for row in weapon_rows) == len(counted)


def test_the_demo_database_holds_the_sample_exactly(harmtrack):
    harmtrack.ok("demo")
    # export writes canonical CSV in date, uid order: the bundled file, byte for byte.
    assert harmtrack.ok("export").stdout == sample_text()


def test_running_the_demo_again_adds_nothing_twice(harmtrack):
    harmtrack.ok("demo")
    before = harmtrack.dump()
    again = harmtrack.ok("demo")
    assert "already" in again.stderr
    assert harmtrack.dump() == before
    # A deleted sample incident comes back; the rest stay as they are.
    harmtrack.ok("delete", "1", "--yes")
    harmtrack.ok("demo")
    assert len(harmtrack.ok("list", "--format", "csv").stdout.splitlines()) == 44


def test_the_demo_refuses_a_database_with_real_records(harmtrack):
    harmtrack.ok("add", "--date", "2024-10-30", "--city", "Kharkiv", "--killed", "3")
    before = harmtrack.dump()
    result = harmtrack("demo")
    assert result.exit_code == 1
    assert "holds 1 incident that is not the sample" in result.stderr
    assert "--db" in result.stderr and "--force" in result.stderr
    assert harmtrack.dump() == before
    forced = harmtrack.ok("demo", "--force", "--format", "json")
    assert "Wrote 43 sample incidents" in forced.stderr
    assert len(harmtrack.ok("list", "--format", "csv").stdout.splitlines()) == 1 + 43 + 1


def test_the_demo_logs_its_records_as_one_import(harmtrack):
    harmtrack.ok("demo")
    entries = json.loads(harmtrack.ok("history", "1", "--format", "json").stdout)
    imported = {entry["field"]: entry["after"] for entry in entries if entry["action"] == "import"}
    assert imported["file"] == "sample.csv"
    assert imported["format"] == "csv"
    assert {entry["changed_by"] for entry in entries} == {"tester"}
    batches = sqlite3.connect(harmtrack.db_path).execute("SELECT count(*), sum(imported) FROM import_batches")
    assert batches.fetchone() == (1, 43)


def test_demo_markdown_and_table_views(harmtrack):
    out = harmtrack.ok("demo", "--format", "markdown").stdout
    assert "| **total** |" in out and "| Kharkiv |" in out and "| glide-bomb |" in out
    city_table = out.split("\n\n")[0]
    assert "| unknown |" in city_table and "unknown is not 0" in out  # a figure no incident knows

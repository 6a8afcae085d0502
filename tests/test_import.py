"""import: canonical CSV, JSON, JSONL and stdin; all-or-nothing; batches and conflicts."""

import csv
import hashlib
import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harmtrack import places
from harmtrack.io.canonical import write_csv
from harmtrack.model import FIELDS

UID_A = "3f2b8c1e-9d4a-4f6e-8b7a-2c1d0e9f8a7b"
UID_B = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
HEADER = ",".join(FIELDS)


def canonical_row(**values) -> dict:
    row = dict.fromkeys(FIELDS, "")
    row.update(values)
    return row


def write_file(path, rows, *, header=FIELDS, delimiter=",", newline="\n", bom=False, encoding="utf-8"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header] if isinstance(row, dict) else row)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode(encoding))
    return path


def exported(harmtrack, *args) -> list[dict]:
    return json.loads(harmtrack.ok("export", "--format", "json", *args).stdout)


def test_a_subset_of_columns_takes_the_defaults(harmtrack, tmp_path):
    path = write_file(
        tmp_path / "few.csv",
        [{"date": "2024-10-30", "city": "Kharkiv", "killed": "3"}],
        header=["date", "city", "killed"],
    )
    result = harmtrack.ok("import", str(path))
    assert "imported 1 incident: 0 updated, 0 skipped, 0 rejected in" in result.stderr
    [record] = exported(harmtrack)
    assert (record["city"], record["killed"], record["weapon"], record["status"]) == (
        "Kharkiv",
        3,
        "unknown",
        "unverified",
    )
    assert record["injured"] is None


def test_spreadsheet_csv_with_bom_crlf_and_semicolons(harmtrack, tmp_path):
    rows = [
        canonical_row(
            uid=UID_A,
            date="2024-10-30",
            city="Харків",
            killed="3",
            description="Удар; «KAB»",
            damaged="residential:house\\; no 5;education:school",
        )
    ]
    path = write_file(tmp_path / "excel.csv", rows, delimiter=";", newline="\r\n", bom=True)
    harmtrack.ok("import", str(path))
    [record] = exported(harmtrack)
    assert record["uid"] == UID_A
    assert (record["city"], record["region"]) == ("Kharkiv", "Kharkiv Oblast")
    assert record["description"] == "Удар; «KAB»"
    assert record["damaged"] == [
        {"kind": "residential", "name": "house; no 5"},
        {"kind": "education", "name": "school"},
    ]


def test_tab_delimited(harmtrack, tmp_path):
    path = write_file(
        tmp_path / "tabs.tsv",
        [{"date": "2024-10-30", "region": "Sumy Oblast", "injured": "4"}],
        header=["date", "region", "injured"],
        delimiter="\t",
    )
    harmtrack.ok("import", str(path))
    assert exported(harmtrack)[0]["injured"] == 4


def test_an_unknown_column_is_refused_by_name_and_no_database_is_left(harmtrack, tmp_path):
    path = write_file(
        tmp_path / "odd.csv",
        [{"date": "2024-10-30", "city": "Sumy", "casualties": "3"}],
        header=["date", "city", "casualties"],
    )
    result = harmtrack("import", str(path))
    assert result.exit_code == 1
    assert "odd.csv:1: unknown column 'casualties'" in result.stderr
    assert not harmtrack.db_path.exists()


def test_date_and_a_place_column_are_required(harmtrack, tmp_path):
    result = harmtrack("import", str(write_file(tmp_path / "a.csv", [], header=["city", "killed"])))
    assert result.exit_code == 1 and "no 'date' column" in result.stderr
    result = harmtrack("import", str(write_file(tmp_path / "b.csv", [], header=["date", "killed"])))
    assert result.exit_code == 1 and "no 'city', 'region' or 'country' column" in result.stderr


def test_a_decode_error_names_the_line_and_suggests_encoding(harmtrack, tmp_path):
    rows = [{"date": "2024-10-30", "city": "Kharkiv"}, {"date": "2024-10-31", "city": "Харків"}]
    path = write_file(tmp_path / "cyrillic.csv", rows, header=["date", "city"], encoding="cp1251")
    result = harmtrack("import", str(path))
    assert result.exit_code == 1
    assert "cyrillic.csv:3: cannot be read as utf-8" in result.stderr
    assert "--encoding" in result.stderr
    assert not harmtrack.db_path.exists()
    harmtrack.ok("import", str(path), "--encoding", "cp1251")
    # Read right, Харків reaches the gazetteer and is stored as Kharkiv.
    assert [record["city"] for record in exported(harmtrack)] == ["Kharkiv", "Kharkiv"]


def test_an_unknown_encoding_is_bad_usage(harmtrack, tmp_path):
    path = write_file(tmp_path / "a.csv", [], header=["date", "city"])
    assert harmtrack("import", str(path), "--encoding", "klingon").exit_code == 2


def test_a_bad_value_refuses_the_whole_file(harmtrack, tmp_path):
    harmtrack.ok("add", "--date", "2024-10-01", "--city", "Sumy")
    before = harmtrack.dump()
    rows = [
        {"date": "2024-10-30", "city": "Kharkiv", "killed": "3"},
        {"date": "2024-10-31", "city": "Kharkiv", "killed": "three"},
    ]
    path = write_file(tmp_path / "bad.csv", rows, header=["date", "city", "killed"])
    result = harmtrack("import", str(path))
    assert result.exit_code == 1
    assert "bad.csv:3: field 'killed': 'three' is not a whole number" in result.stderr
    assert "1 invalid row in" in result.stderr and "nothing was imported" in result.stderr
    assert harmtrack.dump() == before


def test_a_refused_first_import_leaves_no_database(harmtrack, tmp_path):
    path = write_file(
        tmp_path / "bad.csv",
        [{"date": "2024-10-30", "city": "Kharkiv", "killed": "-1"}],
        header=["date", "city", "killed"],
    )
    result = harmtrack("import", str(path))
    assert result.exit_code == 1
    assert "bad.csv:2: field 'killed': '-1' is negative" in result.stderr
    assert not harmtrack.db_path.exists()


def test_at_most_twenty_errors_then_a_count(harmtrack, tmp_path):
    rows = [{"date": "2024-10-30", "city": "Kharkiv", "killed": f"x{n}"} for n in range(25)]
    result = harmtrack("import", str(write_file(tmp_path / "bad.csv", rows, header=["date", "city", "killed"])))
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith(str(tmp_path / "bad.csv"))]
    assert len(lines) == 20
    assert lines[0].startswith(f"{tmp_path / 'bad.csv'}:2: field 'killed'")
    assert "... and 5 more invalid rows" in result.stderr
    assert "25 invalid rows" in result.stderr


def test_skip_invalid_imports_the_rest_and_writes_the_rejects(harmtrack, tmp_path):
    rows = [
        {"date": "2024-10-30", "city": "Kharkiv", "killed": "3"},
        {"date": "2024-10-31", "city": "Kharkiv", "killed": "three"},
        {"date": "2030-01-01", "city": "Sumy", "killed": "1"},
        {"date": "2024-11-01", "city": "Sumy", "killed": "1", "weapon": "Shahed"},
    ]
    path = write_file(tmp_path / "mixed.csv", rows, header=["date", "city", "killed", "weapon"])
    rejects = tmp_path / "rejects.csv"
    result = harmtrack("import", str(path), "--skip-invalid", "--rejects", str(rejects))
    assert result.exit_code == 0, result.stderr
    assert "imported 2 incidents: 0 updated, 0 skipped, 2 rejected" in result.stderr
    assert [record["date"] for record in exported(harmtrack)] == ["2024-10-30", "2024-11-01"]
    rejected = list(csv.DictReader(rejects.open(encoding="utf-8")))
    assert [row["killed"] for row in rejected] == ["three", "1"]
    assert list(rejected[0]) == ["date", "city", "killed", "weapon", "error"]
    assert "'three' is not a whole number" in rejected[0]["error"]
    assert "in the future" in rejected[1]["error"]
    assert stat.S_IMODE(os.stat(rejects).st_mode) == 0o600


def test_dry_run_counts_and_writes_nothing(harmtrack, tmp_path):
    rows = [{"date": "2024-10-30", "city": "Kharkiv"}, {"date": "2024-10-31", "city": "Kharkiv"}]
    path = write_file(tmp_path / "two.csv", rows, header=["date", "city"])
    result = harmtrack.ok("import", str(path), "--dry-run")
    assert "dry run: would import 2 incidents" in result.stderr
    assert not harmtrack.db_path.exists()
    harmtrack.ok("add", "--date", "2024-10-01", "--city", "Sumy")
    before = harmtrack.dump()
    harmtrack.ok("import", str(path), "--dry-run")
    assert harmtrack.dump() == before


def test_a_header_without_rows_creates_the_database(harmtrack, tmp_path):
    result = harmtrack.ok("import", str(write_file(tmp_path / "empty.csv", [])))
    assert "imported 0 incidents" in result.stderr
    assert harmtrack.db_path.exists()
    assert exported(harmtrack) == []


def test_an_empty_file_is_refused(harmtrack, tmp_path):
    (tmp_path / "nothing.csv").write_bytes(b"")
    result = harmtrack("import", str(tmp_path / "nothing.csv"))
    assert result.exit_code == 1 and "empty" in result.stderr


def test_a_missing_file_is_bad_usage(harmtrack, tmp_path):
    result = harmtrack("import", str(tmp_path / "nope.csv"))
    assert result.exit_code == 2
    assert not harmtrack.db_path.exists()


def test_reimporting_adds_nothing_twice_even_without_uids(harmtrack, tmp_path):
    rows = [{"date": "2024-10-30", "city": "Kharkiv", "killed": "3"}, {"date": "2024-10-31", "city": "Sumy"}]
    path = write_file(tmp_path / "no-uids.csv", rows, header=["date", "city", "killed"])
    harmtrack.ok("import", str(path))
    result = harmtrack.ok("import", str(path))
    assert "imported 0 incidents: 0 updated, 2 skipped" in result.stderr
    assert "imported before (batch 1" in result.stderr
    assert len(exported(harmtrack)) == 2


def test_on_conflict_update_logs_the_change_and_error_refuses(harmtrack, tmp_path):
    first = write_file(
        tmp_path / "v1.csv",
        [canonical_row(uid=UID_A, date="2024-10-30", city="Kharkiv", killed="2", status="corroborated")],
    )
    harmtrack.ok("import", str(first))
    revised = write_file(
        tmp_path / "v2.csv",
        [{"uid": UID_A, "date": "2024-10-30", "city": "Kharkiv", "killed": "3"}],
        header=["uid", "date", "city", "killed"],
    )
    assert "0 updated, 1 skipped" in harmtrack.ok("import", str(revised)).stderr
    result = harmtrack("import", str(revised), "--on-conflict", "error")
    assert result.exit_code == 1
    assert f"v2.csv:2: uid {UID_A} is already stored (incident 1)" in result.stderr
    assert (
        "imported 0 incidents: 1 updated, 0 skipped"
        in harmtrack.ok("import", str(revised), "--on-conflict", "update").stderr
    )
    [record] = exported(harmtrack)
    assert record["killed"] == 3
    assert record["status"] == "corroborated"  # not in the file: kept
    history = json.loads(harmtrack.ok("history", UID_A, "--format", "json").stdout)
    changes = [(entry["action"], entry["field"], entry["before"], entry["after"]) for entry in history]
    # Each update names the import that made it (file, sha256) before the fields it changed.
    updates = [change for change in changes if change[0] == "update"]
    assert [field for _, field, _, _ in updates] == ["batch", "file", "format", "sha256", "killed"]
    assert updates[1][3] == "v2.csv" and updates[-1] == ("update", "killed", 2, 3)
    assert [change[1] for change in changes if change[0] == "import"] == ["batch", "file", "format", "sha256"]
    assert ("import", "file", None, "v1.csv") in changes  # the batch that created it, never overwritten


def test_every_import_is_a_batch_and_records_know_theirs(harmtrack, tmp_path):
    path = write_file(
        tmp_path / "batch.csv",
        [{"date": "2024-10-30", "city": "Kharkiv"}, {"date": "2024-10-30", "city": "Kharkiv", "killed": "bad"}],
        header=["date", "city", "killed"],
    )
    harmtrack.ok("import", str(path), "--skip-invalid")
    with sqlite3.connect(harmtrack.db_path) as conn:
        batch = conn.execute(
            "SELECT id, file_name, sha256, format, started_at, finished_at, imported, updated, skipped, rejected "
            "FROM import_batches"
        ).fetchall()
        record_batches = conn.execute("SELECT batch_id FROM incidents").fetchall()
    [(batch_id, name, sha256, fmt, started, finished, imported, updated, skipped, rejected)] = batch
    assert (name, fmt, imported, updated, skipped, rejected) == ("batch.csv", "csv", 1, 0, 0, 1)
    assert sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert started and finished
    assert record_batches == [(batch_id,)]


def test_a_file_whose_dates_settle_their_order_is_read_in_it(harmtrack, tmp_path):
    path = write_file(
        tmp_path / "dates.csv",
        [{"date": "03/04/2024", "city": "Sumy"}, {"date": "16/02/2024", "city": "Sumy"}],
        header=["date", "city"],
    )
    harmtrack.ok("import", str(path))  # 16/02 can only be day first, so 03/04 is 3 April
    assert [record["date"] for record in exported(harmtrack)] == ["2024-02-16", "2024-04-03"]
    mixed = write_file(
        tmp_path / "mixed.csv",
        [{"date": "16/02/2024", "city": "Kyiv"}, {"date": "02/17/2024", "city": "Kyiv"}],
        header=["date", "city"],
    )
    result = harmtrack("import", str(mixed), "--dayfirst")
    assert result.exit_code == 1
    assert "mixed.csv:3: field 'date': '02/17/2024' is not a calendar date" in result.stderr


def test_wrong_cell_count_is_a_row_error(harmtrack, tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("date,city,killed\n2024-10-30,Kharkiv,3\n2024-10-31,Kharkiv\n", encoding="utf-8")
    result = harmtrack("import", str(path))
    assert result.exit_code == 1
    assert "short.csv:3: 2 cells, but the header has 3 columns" in result.stderr


def test_stdin(harmtrack):
    result = harmtrack("import", "-", input="date,city,killed\n2024-10-30,Kharkiv,3\n")
    assert result.exit_code == 0, result.stderr
    assert exported(harmtrack)[0]["killed"] == 3
    with sqlite3.connect(harmtrack.db_path) as conn:
        assert conn.execute("SELECT file_name FROM import_batches").fetchone() == ("-",)


def test_stdin_json_is_detected(harmtrack):
    items = [{"date": "2024-10-30", "city": "Kharkiv", "damaged": [{"kind": "school", "name": "No. 5"}]}]
    harmtrack.ok("import", "-", input=json.dumps(items))
    assert exported(harmtrack)[0]["damaged"] == [{"kind": "education", "name": "No. 5"}]


def test_json_round_trip_keeps_every_source_detail(harmtrack, tmp_path):
    item = {
        "uid": UID_A,
        "date": "2024-10-30",
        "city": "Kharkiv",
        "sources": [{"url": "https://example.org/a", "publisher": "Suspilne", "published": "2024-10-31"}],
        "damaged": [{"kind": "residential", "name": "house"}, {"kind": "residential", "name": "house"}],
    }
    (tmp_path / "in.json").write_text(json.dumps([item], indent=2), encoding="utf-8")
    harmtrack.ok("import", str(tmp_path / "in.json"))
    first = harmtrack.ok("export", "--format", "json").stdout
    (tmp_path / "out.json").write_text(first, encoding="utf-8")
    other = type(harmtrack)(tmp_path / "other.db")
    other.ok("import", str(tmp_path / "out.json"))
    assert other.ok("export", "--format", "json").stdout == first
    assert json.loads(first)[0]["sources"] == item["sources"]


def test_json_errors_name_the_item_and_line(harmtrack, tmp_path):
    items = [{"date": "2024-10-30", "city": "Kharkiv"}, {"date": "2024-10-30", "city": "Kharkiv", "killed": "three"}]
    (tmp_path / "bad.json").write_text(json.dumps(items, indent=2), encoding="utf-8")
    result = harmtrack("import", str(tmp_path / "bad.json"))
    assert result.exit_code == 1
    assert "bad.json:6 (item 2): field 'killed': 'three' is not a whole number" in result.stderr
    (tmp_path / "broken.json").write_text(
        '[\n{"date": "2024-10-30", "city": "Kharkiv"},\n{"date": "2024-10-30" "city": 1}\n]', encoding="utf-8"
    )
    result = harmtrack("import", str(tmp_path / "broken.json"))
    assert result.exit_code == 1
    assert "broken.json:3: not valid JSON" in result.stderr
    (tmp_path / "object.json").write_text('{"date": "2024-10-30"}', encoding="utf-8")
    assert "list of incident objects" in harmtrack("import", str(tmp_path / "object.json")).stderr


def test_jsonl_with_a_bad_line(harmtrack, tmp_path):
    lines = [
        '{"date": "2024-10-30", "city": "Kharkiv"}',
        "",
        '{"date": "2024-10-31", "city": "Sumy", "colour": "red"}',
        "{oops",
    ]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = harmtrack("import", str(tmp_path / "in.jsonl"), "--skip-invalid")
    assert result.exit_code == 0
    assert "in.jsonl:3: unknown field 'colour'" in result.stderr
    assert "in.jsonl:4: not valid JSON" in result.stderr
    assert "imported 1 incident: 0 updated, 0 skipped, 2 rejected" in result.stderr


def test_pipeline_export_into_import(harmtrack, tmp_path):
    harmtrack.ok(
        "add", "--date", "2024-10-30", "--city", "Kharkiv", "--killed", "3", "--description", 'Удар, "KAB"\nsecond line'
    )
    harmtrack.ok(
        "add", "--date", "2024-10-28", "--region", "Sumy Oblast", "--weapon", "Shahed", "--damaged", "energy:substation"
    )
    other = tmp_path / "other.db"
    command = [sys.executable, "-m", "harmtrack"]
    env = dict(os.environ, HARMTRACK_USER="tester")
    export = subprocess.Popen([*command, "--db", str(harmtrack.db_path), "export"], stdout=subprocess.PIPE, env=env)
    imported = subprocess.run(
        [*command, "--db", str(other), "import", "-"], stdin=export.stdout, capture_output=True, text=True, env=env
    )
    export.stdout.close()
    assert export.wait() == 0
    assert imported.returncode == 0, imported.stderr
    assert "imported 2 incidents" in imported.stderr
    again = subprocess.run([*command, "--db", str(other), "export"], capture_output=True, env=env)
    assert again.stdout == harmtrack.ok("export").stdout_bytes


TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
NAME = TEXT.map(str.strip).filter(lambda text: text and "\\" not in text[-1:])


@st.composite
def records(draw):
    killed = draw(st.none() | st.integers(0, 50))
    injured = draw(st.none() | st.integers(0, 50))
    latitude = draw(st.none() | st.floats(-90, 90, allow_nan=False, allow_infinity=False).map(lambda x: x + 0.0))
    return {
        "uid": str(draw(st.uuids(version=4))),
        "date": (date(2022, 2, 24) + timedelta(days=draw(st.integers(0, 900)))).isoformat(),
        "date_precision": "day",
        "country": draw(st.none() | NAME),
        "region": draw(st.none() | NAME),
        "city": draw(NAME),
        "district": None,
        "place": draw(st.none() | NAME),
        "latitude": latitude,
        "longitude": None
        if latitude is None
        else draw(st.floats(-180, 180, allow_nan=False, allow_infinity=False).map(lambda x: x + 0.0)),
        "weapon": draw(st.sampled_from(["unknown", "glide-bomb", "loitering-munition", "mlrs"])),
        "weapon_detail": draw(st.none() | NAME),
        "perpetrator": None,
        "killed": killed,
        "killed_min": None,
        "killed_max": None if killed is None else killed + draw(st.integers(0, 3)),
        "injured": injured,
        "injured_min": None,
        "injured_max": None,
        "children_killed": None if not killed else draw(st.integers(0, killed)),
        "children_injured": None,
        "damaged": draw(st.lists(st.tuples(st.sampled_from(["residential", "education"]), NAME), max_size=3)),
        "status": draw(st.sampled_from(["unverified", "confirmed", "discounted"])),
        "description": draw(
            st.none()
            | st.text(
                st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=40
            ).filter(str.strip)
        ),
        "sources": [{"url": url, "publisher": None, "published": None} for url in draw(st.lists(NAME, max_size=2))],
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(records(), max_size=5))
def test_round_trip_export_import_export_gives_the_same_bytes(tmp_path_factory, generated):
    from conftest import Harmtrack

    folder = tmp_path_factory.mktemp("roundtrip")
    source = folder / "generated.csv"
    with source.open("w", encoding="utf-8", newline="") as stream:
        write_csv(generated, stream)
    first, second = Harmtrack(folder / "first.db"), Harmtrack(folder / "second.db")
    first.ok("import", str(source))
    exported_once = first.ok("export").stdout_bytes
    (folder / "exported.csv").write_bytes(exported_once)
    second.ok("import", str(folder / "exported.csv"))
    assert second.ok("export").stdout_bytes == exported_once
    # Import puts place names in canonical form (places.py); nothing else changes.
    resolver = places.PlaceResolver()
    for record in generated:
        places.normalise_record(record, resolver)
    ordered = sorted(generated, key=lambda record: (record["date"], record["uid"]))
    expected = io.StringIO(newline="")
    write_csv(ordered, expected)
    assert exported_once.decode("utf-8") == expected.getvalue()


@pytest.mark.parametrize("name", ["incidents.geojson"])
def test_geojson_is_not_an_import_format(harmtrack, tmp_path, name):
    (tmp_path / name).write_text("{}", encoding="utf-8")
    assert harmtrack("import", str(tmp_path / name)).exit_code == 2

"""Figures you can sign: one date order per file, decided before anything is
kept; a uid repeated in a file is an error naming both lines; every import
that touched a record stays in its history."""

import csv
import io
import json
import sqlite3
from datetime import date, timedelta

from conftest import Harmtrack
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harmtrack.dates import AmbiguousDate, DateError, DateOrder, DateOrderConflict

UID_A = "3f2b8c1e-9d4a-4f6e-8b7a-2c1d0e9f8a7b"


def write_csv(path, header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def exported(harmtrack: Harmtrack) -> list[dict]:
    return json.loads(harmtrack.ok("export", "--format", "json").stdout)


# --------------------------------------------------------------------------- one date order per file


def test_a_file_of_only_ambiguous_dates_is_refused_naming_a_row_and_the_flags(harmtrack, tmp_path):
    path = write_csv(tmp_path / "d.csv", ["date", "city"], [["2024-10-30", "Sumy"], ["03/04/2024", "Sumy"]])
    for extra in ([], ["--skip-invalid"]):
        result = harmtrack("import", str(path), *extra)
        assert result.exit_code == 1
        assert "d.csv:3: '03/04/2024' could be read day first or month first" in result.stderr
        assert "--dayfirst or --monthfirst" in result.stderr
        assert not harmtrack.db_path.exists()
    harmtrack.ok("import", str(path), "--monthfirst")
    assert [record["date"] for record in exported(harmtrack)] == ["2024-03-04", "2024-10-30"]


def test_a_file_that_contradicts_itself_is_refused_even_with_skip_invalid(harmtrack, tmp_path):
    rows = [["13/02/2024", "Sumy"], ["03/04/2024", "Sumy"], ["02/14/2024", "Kyiv"]]
    path = write_csv(tmp_path / "c.csv", ["date", "city"], rows)
    for extra in ([], ["--skip-invalid"]):
        result = harmtrack("import", str(path), *extra)
        assert result.exit_code == 1
        assert "'13/02/2024' (" in result.stderr and "c.csv:2) can only be day first" in result.stderr
        assert "'02/14/2024' (" in result.stderr and "c.csv:4) only month first" in result.stderr
        assert not harmtrack.db_path.exists()
    result = harmtrack("import", str(path), "--dayfirst")  # the flag decides: the other kind is a row error
    assert result.exit_code == 1
    assert "c.csv:4: field 'date': '02/14/2024' is not a calendar date" in result.stderr


def test_the_order_a_late_row_settles_applies_to_the_rows_before_it(harmtrack, tmp_path):
    """The ambiguous rows come first; the file is read again once its order is known."""
    rows = [[f"0{n}/0{n + 1}/2024", "Odesa", str(n)] for n in range(1, 8)] + [["25/12/2023", "Odesa", "9"]]
    path = write_csv(tmp_path / "late.csv", ["date", "city", "killed"], rows)
    piped = Harmtrack(tmp_path / "piped.db")
    result = harmtrack.ok("import", str(path))
    assert "imported 8 incidents" in result.stderr
    piped.ok("import", "-", input=path.read_text(encoding="utf-8"))
    dates = sorted(record["date"] for record in exported(harmtrack))
    assert dates == ["2023-12-25"] + [f"2024-0{n + 1}-0{n}" for n in range(1, 8)]
    assert exported(piped) == exported(harmtrack)


def day_texts(draw_days, dayfirst: bool) -> list[str]:
    pattern = "%d/%m/%Y" if dayfirst else "%m/%d/%Y"
    return [day.strftime(pattern) for day in draw_days]


@settings(max_examples=200, suppress_health_check=list(HealthCheck))
@given(
    st.lists(st.dates(min_value=date(2000, 1, 1), max_value=date(2025, 12, 31)), min_size=1, max_size=12),
    st.booleans(),
)
def test_a_file_written_in_one_order_is_read_back_exactly_or_refused(days, dayfirst):
    """Never read in the other order: the property the date-order rule exists for."""
    texts = day_texts(days, dayfirst)

    def one_pass(order: DateOrder) -> list[date | None]:
        out: list[date | None] = []
        for number, text in enumerate(texts):
            order.where = f"f:{number}"
            try:
                out.append(order.parse(text, today=date(2026, 1, 1))[0])
            except AmbiguousDate:
                out.append(None)
        return out

    order = DateOrder()
    try:
        read = one_pass(order)
    except DateOrderConflict:
        raise AssertionError("a file written in one order cannot contradict itself") from None
    if order.undecided():
        assert all(day.day <= 12 for day in days)
        return
    if order.needs_second_pass():
        read = one_pass(order.settled())
    assert read == days


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2025, 12, 31)))
def test_a_date_that_reads_one_way_is_never_read_the_other(day):
    for text, dayfirst in ((day.strftime("%d/%m/%Y"), True), (day.strftime("%m/%d/%Y"), False)):
        try:
            parsed = DateOrder().parse(text, today=date(2026, 1, 1))[0]
        except AmbiguousDate:
            continue
        assert parsed == day
        try:
            assert DateOrder(dayfirst).parse(text, today=date(2026, 1, 1))[0] == day
        except DateError:
            raise AssertionError(text) from None


def test_a_date_typed_on_the_command_line_that_reads_one_way_is_accepted(harmtrack):
    harmtrack.ok("add", "--date", "28/10/2024", "--city", "Kharkiv")
    assert exported(harmtrack)[0]["date"] == "2024-10-28"
    result = harmtrack("add", "--date", "03/04/2024", "--city", "Kharkiv")
    assert result.exit_code == 2
    assert "--dayfirst or --monthfirst" in result.stderr
    result = harmtrack("list", "--since", "03/04/2024")
    assert result.exit_code == 2
    assert "--dayfirst" not in result.stderr  # list has no such flag


# --------------------------------------------------------------------------- repeated uids, provenance


def test_a_uid_repeated_in_one_file_is_an_error_naming_both_lines(harmtrack, tmp_path):
    rows = [[UID_A, "2024-10-30", "Sumy", "1"], [UID_A.upper(), "2024-10-31", "Kyiv", "2"]]
    path = write_csv(tmp_path / "twice.csv", ["uid", "date", "city", "killed"], rows)
    result = harmtrack("import", str(path))
    assert result.exit_code == 1
    assert f"twice.csv:3: uid {UID_A} is also on line 2 of this file" in result.stderr
    result = harmtrack.ok("import", str(path), "--skip-invalid", "--rejects", str(tmp_path / "rejects.csv"))
    assert "imported 1 incident: 0 updated, 0 skipped, 1 rejected" in result.stderr
    assert [record["city"] for record in exported(harmtrack)] == ["Sumy"]
    # Re-importing the same file: the first line meets the stored incident, the second repeats it.
    result = harmtrack("import", str(path), "--on-conflict", "update")
    assert "twice.csv:3: uid" in result.stderr and "also on line 2" in result.stderr


def test_history_keeps_the_first_import_and_every_update(harmtrack, tmp_path):
    first = write_csv(tmp_path / "first.csv", ["uid", "date", "city", "killed"], [[UID_A, "2024-10-30", "Sumy", "1"]])
    later = write_csv(tmp_path / "later.csv", ["uid", "date", "city", "killed"], [[UID_A, "2024-10-30", "Sumy", "4"]])
    harmtrack.ok("import", str(first))
    harmtrack.ok("import", str(later), "--on-conflict", "update")
    entries = json.loads(harmtrack.ok("history", UID_A, "--format", "json").stdout)
    files = [(entry["action"], entry["after"]) for entry in entries if entry["field"] == "file"]
    assert files == [("import", "first.csv"), ("update", "later.csv")]
    assert {entry["field"] for entry in entries if entry["action"] == "update"} >= {"sha256", "killed"}
    with sqlite3.connect(harmtrack.db_path) as conn:
        (batch,) = conn.execute("SELECT b.file_name FROM incidents i JOIN import_batches b ON b.id = i.batch_id")
    assert batch == ("first.csv",)


def test_dates_a_week_apart_keep_their_precision(harmtrack, tmp_path):
    """A guard for the date rule: ISO weeks and months are not numeric dates."""
    start = date(2024, 10, 28)
    rows = [[start.isoformat(), "Sumy"], ["2024-W44", "Sumy"], [(start + timedelta(days=3)).isoformat(), "Sumy"]]
    harmtrack.ok("import", str(write_csv(tmp_path / "w.csv", ["date", "city"], rows)))
    assert sorted(record["date_precision"] for record in exported(harmtrack)) == ["day", "day", "week"]

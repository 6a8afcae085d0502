"""UCDP GED exports: the real slice in tests/fixtures/shared and hand-made rows."""

import csv
import io
import json
from datetime import date
from pathlib import Path

from conftest import Harmtrack

from harmtrack import vocab
from harmtrack.dates import DateOrder
from harmtrack.io.base import Row, Source
from harmtrack.io.ucdp import UcdpReader, period_for, uid_for

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = FIXTURES / "shared" / "ucdp-ged-ukraine-sample.csv"
HANDMADE = FIXTURES / "ucdp-ged-handmade.csv"
# Six rows of SHARED as a spreadsheet re-saves them: cp1252 (an em dash in
# 424175's where_description), CRLF, dates month first as "8/28/2014 12:00:00 AM"
# or "07/11/2014 00:00" (8/28, 11/13, 11/14, 05/15, 05/16 read only that way).
SPREADSHEET = FIXTURES / "ucdp-spreadsheet-cp1252.csv"
# where_coordinates "Donetsk - Petrovskyi", "Donetsk - Kyivskyi", "Kamianka-Dniprovska town".
CITY_DISTRICT = FIXTURES / "ucdp-city-district.csv"


def records(harmtrack) -> dict[str, dict]:
    found = json.loads(harmtrack.ok("export", "--format", "json").stdout)
    return {record["sources"][0]["url"].removeprefix("UCDP GED event "): record for record in found}


def test_the_shared_slice(harmtrack):
    result = harmtrack.ok("import", str(SHARED))
    assert "50 events without civilian deaths left out (--all-events imports them)" in result.stderr
    assert "imported 2 incidents" in result.stderr
    donetsk = records(harmtrack)["155108"]
    assert donetsk["uid"] == uid_for("155108")
    assert (donetsk["date"], donetsk["date_precision"]) == ("2014-08-28", "day")
    assert (donetsk["country"], donetsk["region"], donetsk["city"]) == ("Ukraine", "Donetsk Oblast", "Donetsk")
    assert donetsk["killed"] == 15
    assert "best 15, low 15, high 15" in donetsk["description"]
    assert donetsk["sources"][1] == {
        "url": "Reuters News, 2014-08-28, Fifteen civilians killed in shelling in Ukrainian city of Donetsk"
        " - municipality",
        "publisher": "Reuters News",
        "published": "2014-08-28",
    }
    result = harmtrack.ok("import", str(SHARED), "--all-events")
    assert "imported 50 incidents: 0 updated, 2 skipped" in result.stderr
    every = records(harmtrack)
    assert (every["203643"]["date"], every["203643"]["date_precision"]) == ("2015-01-01", "year")  # date_prec 5
    assert (every["155442"]["date"], every["155442"]["date_precision"]) == ("2014-11-10", "week")  # 13-14 Nov 2014
    assert (every["225853"]["date"], every["225853"]["date_precision"]) == ("2016-05-01", "month")  # Sun-Mon
    assert every["155442"]["city"] is None and every["155442"]["latitude"] is None  # where_prec 5
    assert every["417762"]["region"] == "Luhansk Oblast" and every["417762"]["latitude"] is None  # where_prec 4


def test_date_periods():
    assert period_for(date(2024, 2, 16), date(2024, 2, 16), "1") == (date(2024, 2, 16), "day")
    assert period_for(date(2024, 2, 16), date(2024, 2, 16), "2") == (date(2024, 2, 12), "week")
    assert period_for(date(2024, 2, 18), date(2024, 2, 19), "2") == (date(2024, 2, 1), "month")
    assert period_for(date(2024, 1, 29), date(2024, 2, 2), "3") == (date(2024, 1, 29), "week")
    assert period_for(date(2024, 1, 20), date(2024, 2, 10), "4") == (date(2024, 1, 1), "year")
    assert period_for(date(2024, 3, 1), date(2024, 3, 31), "4") == (date(2024, 3, 1), "month")


def test_handmade_rows_killed_perpetrator_and_warnings(harmtrack):
    result = harmtrack.ok("import", str(HANDMADE))
    assert "imported 3 incidents" in result.stderr
    assert (
        "ucdp-ged-handmade.csv:3: UCDP event 900002: deaths_a + deaths_b + deaths_civilians + deaths_unknown "
        "= 1 + 0 + 4 + 0 = 5, but best is 7" in result.stderr
    )
    found = records(harmtrack)
    one_sided = found["900001"]
    assert one_sided["killed"] == 3 and one_sided["perpetrator"] == "Government of Russia (Soviet Union)"
    assert (one_sided["city"], one_sided["region"]) == ("Kharkiv", "Kharkiv Oblast")
    assert "best 3, low 3, high 5" in one_sided["description"]
    assert found["900002"]["perpetrator"] is None  # a battle: GED does not say who killed the civilians
    assert "but best is 7" in found["900002"]["description"]


def test_a_bad_row_is_refused_with_line_and_column(harmtrack, tmp_path):
    text = HANDMADE.read_text(encoding="utf-8").replace("2024-03-09", "2024-13-09")
    (tmp_path / "bad-ged.csv").write_text(text, encoding="utf-8")
    result = harmtrack("import", str(tmp_path / "bad-ged.csv"), "--format", "ucdp")
    assert result.exit_code == 1
    assert "bad-ged.csv:2: column 'date_start': '2024-13-09' is not a calendar date" in result.stderr


def revised(path: Path, **changes: str) -> Path:
    """HANDMADE as a newer GED release that changes its first event's columns."""
    rows = list(csv.DictReader(io.StringIO(HANDMADE.read_text(encoding="utf-8"))))
    rows[0].update(changes)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def test_a_newer_release_updates(harmtrack, tmp_path):
    harmtrack.ok("import", str(HANDMADE))
    next_release = revised(tmp_path / "ged-next.csv", deaths_civilians="4", best="4", high="6")
    result = harmtrack.ok("import", str(next_release))
    assert "imported 0 incidents: 1 updated, 2 skipped" in result.stderr
    assert records(harmtrack)["900001"]["killed"] == 4


def read(path: Path, *, encoding: str = "utf-8-sig", order: DateOrder | None = None) -> list[Row]:
    """The reader's rows, without the import pipeline."""
    source = Source.open(str(path))
    try:
        return list(UcdpReader(source, encoding, order=order or DateOrder()).rows(vocab.shipped()))
    finally:
        source.close()


def test_events_without_civilian_deaths_are_rows_out_of_scope():
    rows = {row.cells[0]: row for row in read(HANDMADE)}
    no_civilians = rows["900004"]
    assert no_civilians.out_of_scope == "UCDP now gives 0 civilian deaths"
    assert no_civilians.raw == {"uid": uid_for("900004")}
    assert no_civilians.error is None
    assert all(rows[event].out_of_scope is None for event in ("900001", "900002", "900003"))


def test_city_district_locations(harmtrack):
    harmtrack.ok("import", str(CITY_DISTRICT))
    found = records(harmtrack)
    assert (found["900101"]["city"], found["900101"]["district"]) == ("Donetsk", "Petrovskyi")
    assert (found["900102"]["city"], found["900102"]["district"]) == ("Donetsk", "Kyivskyi")  # where_prec 2
    assert (found["900103"]["city"], found["900103"]["district"]) == ("Kamianka-Dniprovska", None)
    assert found["900101"]["place"] == "Donetsk city, Petrovskyi district, a market"


def test_a_spreadsheet_resave_reads_as_the_original(harmtrack, tmp_path):
    result = harmtrack.ok("import", str(SPREADSHEET), "--encoding", "cp1252", "--monthfirst", "--all-events")
    assert "imported 6 incidents: 0 updated, 0 skipped, 0 rejected" in result.stderr
    found = records(harmtrack)
    assert (found["155108"]["date"], found["155108"]["date_precision"]) == ("2014-08-28", "day")  # 8/28/2014 ...
    assert found["154661"]["date"] == "2014-07-11"  # 07/11/2014 00:00
    assert (found["155442"]["date"], found["155442"]["date_precision"]) == ("2014-11-10", "week")  # 11/13-11/14
    assert (found["225853"]["date"], found["225853"]["date_precision"]) == ("2016-05-01", "month")
    assert found["424175"]["date"] == "2015-02-12"  # 2/12/2015 12:00:00 AM
    assert "Debaltseve \u2014 Artemivsk highway" in found["424175"]["place"]
    assert "Dates: 2014-11-13 to 2014-11-14 (date_prec 2)" in found["155442"]["description"]
    # The original export gives the same records.
    original = type(harmtrack)(tmp_path / "original.db")
    original.ok("import", str(SHARED), "--all-events")
    assert {event: records(original)[event] for event in found} == found


def test_a_spreadsheet_resave_needs_its_encoding(harmtrack):
    result = harmtrack("import", str(SPREADSHEET), "--monthfirst")
    assert result.exit_code == 1
    assert "ucdp-spreadsheet-cp1252.csv:7: cannot be read as utf-8 (byte 0x97)" in result.stderr
    assert "--encoding cp1252" in result.stderr


def test_spreadsheet_dates_go_through_the_files_date_order():
    order = DateOrder()
    rows = read(SPREADSHEET, encoding="cp1252", order=order)
    assert order.monthfirst_seen == (f"{SPREADSHEET}:4", "8/28/2014 12:00:00 AM")
    assert order.dayfirst_seen is None
    assert order.ambiguous_seen == (f"{SPREADSHEET}:3", "07/11/2014 00:00")
    assert rows[1].error is not None and "column 'date_start'" in rows[1].error
    settled = [row for row in read(SPREADSHEET, encoding="cp1252", order=order.settled()) if not row.out_of_scope]
    assert [(row.error, row.raw and row.raw["date"]) for row in settled] == [
        (None, "2014-07-11"),
        (None, "2014-08-28"),
    ]


def test_dates_with_a_time(harmtrack, tmp_path):
    text = HANDMADE.read_text(encoding="utf-8").replace(
        "2024-03-09,2024-03-09", "2024-03-09 00:00:00.000,2024-03-09 00:00:00.000"
    )
    text = text.replace("2024-03-11,2024-03-13", "3/11/2024 12:00:00 AM,3/13/2024 12:00:00 AM")
    (tmp_path / "ged-times.csv").write_text(text, encoding="utf-8")
    harmtrack.ok("import", str(tmp_path / "ged-times.csv"), "--monthfirst")
    found = records(harmtrack)
    assert (found["900001"]["date"], found["900001"]["date_precision"]) == ("2024-03-09", "day")
    assert (found["900002"]["date"], found["900002"]["date_precision"]) == ("2024-03-11", "week")
    assert "Dates: 2024-03-09 (date_prec 1)" in found["900001"]["description"]


def test_a_spreadsheet_resave_needs_no_date_flag(tmp_path):
    """Its dates are all month first and some (8/28/2014) can only be read so:
    the file decides, and the other dates follow."""
    for number, flags in enumerate(([], ["--monthfirst"])):
        harmtrack = Harmtrack(tmp_path / f"{number}.db")
        harmtrack.ok("import", str(SPREADSHEET), "--encoding", "cp1252", "--all-events", *flags)
        assert records(harmtrack)["155108"]["date"] == "2014-08-28"
        assert records(harmtrack)["154661"]["date"] == "2014-07-11"


def test_a_revision_to_no_civilian_deaths_discounts_the_stored_event(harmtrack, tmp_path):
    harmtrack.ok("import", str(HANDMADE))
    revision = revised(tmp_path / "ged-revised.csv", deaths_civilians="0")
    result = harmtrack.ok("import", str(revision))
    assert "1 discounted" in result.stderr
    assert records(harmtrack)["900001"]["status"] == "discounted"
    uid = records(harmtrack)["900001"]["uid"]
    history = json.loads(harmtrack.ok("history", uid, "--format", "json").stdout)
    assert ("update", "reason", "UCDP now gives 0 civilian deaths") in {
        (entry["action"], entry["field"], entry["after"]) for entry in history
    }
    # Reports leave it out; importing the same file again changes nothing more.
    assert "0 discounted" not in harmtrack.ok("import", str(revision)).stderr

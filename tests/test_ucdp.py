"""UCDP GED exports: the real slice in /work/shared/fixtures and hand-made rows."""

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from harmtrack.io.ucdp import period_for, uid_for

SHARED = Path("/work/shared/fixtures/ucdp-ged-ukraine-sample.csv")
FIXTURES = Path(__file__).parent / "fixtures"
HANDMADE = FIXTURES / "ucdp-ged-handmade.csv"


def records(harmtrack) -> dict[str, dict]:
    found = json.loads(harmtrack.ok("export", "--format", "json").stdout)
    return {record["sources"][0]["url"].removeprefix("UCDP GED event "): record for record in found}


@pytest.mark.skipif(not SHARED.exists(), reason="the shared UCDP slice is not here")
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


def test_a_newer_release_updates(harmtrack, tmp_path):
    harmtrack.ok("import", str(HANDMADE))
    rows = list(csv.DictReader(io.StringIO(HANDMADE.read_text(encoding="utf-8"))))
    rows[0]["deaths_civilians"], rows[0]["best"], rows[0]["high"] = "4", "4", "6"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (tmp_path / "ged-next.csv").write_text(buffer.getvalue(), encoding="utf-8")
    result = harmtrack.ok("import", str(tmp_path / "ged-next.csv"))
    assert "imported 0 incidents: 1 updated, 2 skipped" in result.stderr
    assert records(harmtrack)["900001"]["killed"] == 4

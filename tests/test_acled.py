"""ACLED exports: the mapping, the event filter, updates from a newer export.

The fixtures are written by hand from ACLED's published column layout (ACLED's
terms do not allow redistributing its data)."""

import json
from pathlib import Path

import pytest

from harmtrack import vocab
from harmtrack.dates import DateOrder, DateOrderConflict
from harmtrack.io.acled import AcledReader, uid_for
from harmtrack.io.base import Row, Source, split_city_district

FIXTURES = Path(__file__).parent / "fixtures"
FEBRUARY = FIXTURES / "acled-ukraine-2024-02.csv"
REVISED = FIXTURES / "acled-ukraine-2024-02-revised.csv"
# A newer export of FEBRUARY's events in which UKR140003 is now a battle.
RECLASSIFIED = FIXTURES / "acled-reclassified.csv"
# Battles, Violence against civilians, Explosions/Remote violence with and
# without civilian_targeting, Riots with it, and "Donetsk - Petrovskyi" locations.
CIVILIAN_DEATHS = FIXTURES / "acled-civilian-deaths.csv"
# event_date written month first: 07/13/2023 reads only that way, the others either way.
MONTH_FIRST = FIXTURES / "acled-month-first.csv"


def by_event(harmtrack) -> dict[str, dict]:
    records = json.loads(harmtrack.ok("export", "--format", "json").stdout)
    return {record["sources"][0]["url"].removeprefix("ACLED event "): record for record in records}


def test_the_format_is_detected_and_civilian_harm_events_taken(harmtrack):
    result = harmtrack.ok("import", str(FEBRUARY))
    assert "1 events of other types left out (--all-events imports them)" in result.stderr
    assert "imported 7 incidents" in result.stderr
    events = by_event(harmtrack)
    assert "UKR140004" not in events  # a battle
    harmtrack.ok("import", str(FEBRUARY), "--all-events")
    assert "UKR140004" in by_event(harmtrack)


def test_the_mapping(harmtrack):
    harmtrack.ok("import", str(FEBRUARY), "--format", "acled")
    events = by_event(harmtrack)
    kharkiv = events["UKR140001"]
    assert kharkiv["uid"] == uid_for("UKR140001")
    assert (kharkiv["date"], kharkiv["date_precision"]) == ("2024-02-16", "day")
    assert (kharkiv["country"], kharkiv["region"], kharkiv["city"]) == ("Ukraine", "Kharkiv Oblast", "Kharkiv")
    assert (kharkiv["latitude"], kharkiv["longitude"]) == (49.9808, 36.2527)
    assert kharkiv["perpetrator"] == "Military Forces of Russia (2000-)"
    assert kharkiv["killed"] == 2
    assert kharkiv["weapon"] == "anti-aircraft-missile"
    assert "ACLED: 2 fatalities, counted as civilian deaths (Civilian targeting)" in kharkiv["description"]
    assert kharkiv["description"].startswith("On 16 February 2024, Russian forces struck Kharkiv")
    assert [source["url"] for source in kharkiv["sources"]] == ["ACLED event UKR140001", "Suspilne", "Ukrinform"]
    assert kharkiv["status"] == "unverified"


def test_dates_as_acled_and_spreadsheets_write_them(harmtrack):
    harmtrack.ok("import", str(FEBRUARY), "--all-events")
    events = by_event(harmtrack)
    assert events["UKR140002"]["date"] == "2024-02-16"  # 16 February 2024
    assert (events["UKR140003"]["date"], events["UKR140003"]["date_precision"]) == ("2024-02-12", "week")  # 17/02/2024
    assert events["UKR140004"]["date"] == "2024-02-18"  # 18/02/2024 00:00
    assert (events["UKR140005"]["date"], events["UKR140005"]["date_precision"]) == ("2024-02-01", "month")
    assert events["UKR140006"]["date"] == "2024-02-19"  # 19/02/2024 14:30


def test_weapons_from_the_notes_and_the_sub_event_type(harmtrack):
    harmtrack.ok("import", str(FEBRUARY))
    weapons = {event: (record["weapon"], record["weapon_detail"]) for event, record in by_event(harmtrack).items()}
    assert weapons["UKR140002"] == ("loitering-munition", "Shahed-136")
    assert weapons["UKR140003"] == ("unknown", None)
    assert weapons["UKR140005"][0] == "glide-bomb"  # KAB beats "shelling"
    assert weapons["UKR140006"][0] == "mine"
    assert weapons["UKR140007"] == ("mlrs", "Grad")
    assert weapons["UKR140008"] == ("ballistic-missile", "Iskander-M")


def test_region_centroids_are_not_stored_as_locations(harmtrack):
    harmtrack.ok("import", str(FEBRUARY))
    vovchansk = by_event(harmtrack)["UKR140005"]  # geo_precision 3
    assert (vovchansk["latitude"], vovchansk["longitude"], vovchansk["city"]) == (None, None, None)
    assert vovchansk["region"] == "Kharkiv Oblast"
    assert vovchansk["place"].startswith("Vovchansk (ACLED geo_precision 3")


def test_a_newer_export_updates_the_events_and_logs_it(harmtrack):
    harmtrack.ok("import", str(FEBRUARY))
    result = harmtrack.ok("import", str(REVISED))  # other column order, an extra column
    assert "imported 0 incidents: 1 updated, 1 skipped, 0 rejected" in result.stderr
    assert by_event(harmtrack)["UKR140001"]["killed"] == 3
    history = json.loads(harmtrack.ok("history", uid_for("UKR140001"), "--format", "json").stdout)
    changed = {entry["field"]: (entry["before"], entry["after"]) for entry in history if entry["action"] == "update"}
    assert changed["killed"] == (2, 3)
    assert "description" in changed
    assert "0 updated, 2 skipped" in harmtrack.ok("import", str(REVISED)).stderr
    assert "0 updated, 2 skipped" in harmtrack.ok("import", str(REVISED), "--on-conflict", "skip").stderr


def test_local_review_survives_an_update(harmtrack):
    harmtrack.ok("import", str(FEBRUARY))
    incident = next(
        str(n) for n in range(1, 8) if uid_for("UKR140001") in harmtrack.ok("show", str(n), "--format", "json").stdout
    )
    harmtrack.ok("edit", incident, "--status", "confirmed")
    harmtrack.ok("import", str(REVISED))
    record = by_event(harmtrack)["UKR140001"]
    assert (record["status"], record["killed"]) == ("confirmed", 3)


def test_bad_rows_name_the_line_and_column(harmtrack, tmp_path):
    text = (
        FEBRUARY.read_text(encoding="utf-8")
        .replace("17/02/2024", "31/02/2024")
        .replace(",2,Political violence,Explosions", ",9,Political violence,Explosions")
    )
    path = tmp_path / "broken-acled.csv"
    path.write_text(text, encoding="utf-8")
    result = harmtrack("import", str(path))
    assert result.exit_code == 1
    assert "broken-acled.csv:4: column 'event_date': '31/02/2024' is not a calendar date" in result.stderr
    assert not harmtrack.db_path.exists()


def test_acled_columns_in_a_canonical_import_get_a_hint(harmtrack):
    result = harmtrack("import", str(FEBRUARY), "--format", "csv")
    assert result.exit_code == 1
    assert "unknown columns 'event_id_cnty'" in result.stderr
    assert "pass --format acled" in result.stderr


def read(path: Path, *, order: DateOrder | None = None, all_events: bool = False) -> list[Row]:
    """The reader's rows, without the import pipeline."""
    source = Source.open(str(path))
    try:
        reader = AcledReader(source, "utf-8-sig", order=order or DateOrder(), all_events=all_events)
        return list(reader.rows(vocab.shipped()))
    finally:
        source.close()


def test_killed_is_civilian_deaths_only(harmtrack):
    result = harmtrack.ok("import", str(CIVILIAN_DEATHS))
    assert "imported 6 incidents" in result.stderr
    assert "1 events of other types left out" in result.stderr
    events = by_event(harmtrack)
    assert "UKR150001" not in events  # Battles
    assert events["UKR150002"]["killed"] == 2  # Violence against civilians
    vac = events["UKR150002"]["description"]
    assert "ACLED: 2 fatalities, counted as civilian deaths (Violence against civilians)" in vac
    assert events["UKR150003"]["killed"] == 4  # Explosions/Remote violence, civilian targeting
    assert events["UKR150007"]["killed"] == 1  # Riots / Mob violence, civilian targeting: in scope
    assert "ACLED: 1 fatality, counted as civilian deaths (Civilian targeting)" in events["UKR150007"]["description"]
    untargeted = events["UKR150004"]  # Explosions/Remote violence, no civilian targeting
    assert untargeted["killed"] is None
    assert untargeted["description"].endswith(
        "[ACLED UKR150004: Explosions/Remote violence / Shelling/artillery/missile attack. "
        "ACLED: 3 fatalities, not said to be civilians.]"
    )
    assert events["UKR150006"]["killed"] is None  # 0 fatalities, no civilian targeting: still unknown
    assert "ACLED: 0 fatalities, not said to be civilians" in events["UKR150006"]["description"]

    harmtrack.ok("import", str(CIVILIAN_DEATHS), "--all-events")
    battle = by_event(harmtrack)["UKR150001"]
    assert battle["killed"] is None
    assert battle["description"].endswith(
        "[ACLED UKR150001: Battles / Armed clash. ACLED: 5 fatalities, not said to be civilians.]"
    )
    assert "ACLED: 5 fatalities, not said to be civilians" in battle["description"]


def test_events_of_other_types_are_rows_out_of_scope():
    rows = {row.cells[0]: row for row in read(RECLASSIFIED)}
    battle = rows["UKR140003"]  # Violence against civilians in FEBRUARY, Battles now
    assert battle.out_of_scope == "ACLED now classes it as Battles"
    assert battle.raw == {"uid": uid_for("UKR140003")}
    assert battle.error is None and battle.location.endswith("acled-reclassified.csv:4")
    assert rows["UKR140004"].out_of_scope == "ACLED now classes it as Battles"
    assert all(rows[event].out_of_scope is None for event in rows if event not in ("UKR140003", "UKR140004"))
    assert all(row.out_of_scope is None for row in read(RECLASSIFIED, all_events=True))


def test_city_district_locations(harmtrack):
    harmtrack.ok("import", str(CIVILIAN_DEATHS))
    events = by_event(harmtrack)
    assert (events["UKR150005"]["city"], events["UKR150005"]["district"]) == ("Donetsk", "Petrovskyi")
    assert (events["UKR150006"]["city"], events["UKR150006"]["district"]) == ("Donetsk", "Kuibyshevskyi")
    assert (events["UKR150004"]["city"], events["UKR150004"]["district"]) == ("Kamianka-Dniprovska", None)
    cities = json.loads(harmtrack.ok("report", "city", "--format", "json").stdout)
    donetsk = [row for row in cities if "Donetsk" in str(row["city"])]
    assert [(row["city"], row["incidents"]) for row in donetsk] == [("Donetsk", 2)]


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Donetsk - Petrovskyi", ("Donetsk", "Petrovskyi")),
        ("  Kyiv -  Darnytskyi ", ("Kyiv", "Darnytskyi")),
        ("Kharkiv \u2013 Saltivskyi", ("Kharkiv", "Saltivskyi")),
        ("Kamianka-Dniprovska", ("Kamianka-Dniprovska", None)),
        ("Kamianka -Dniprovska", ("Kamianka -Dniprovska", None)),
        ("Stepano-Krynka village", ("Stepano-Krynka village", None)),
        ("Donetsk - ", ("Donetsk -", None)),
        ("", ("", None)),
    ],
)
def test_split_city_district(name, parts):
    assert split_city_district(name) == parts


def test_month_first_dates_with_the_flag(harmtrack):
    harmtrack.ok("import", str(MONTH_FIRST), "--monthfirst")
    dates = {event: (record["date"], record["date_precision"]) for event, record in by_event(harmtrack).items()}
    assert dates == {
        "UKR160001": ("2023-07-13", "day"),  # 07/13/2023
        "UKR160002": ("2023-07-04", "day"),  # 07/04/2023
        "UKR160003": ("2023-07-06", "day"),  # 07/06/2023 00:00
        "UKR160004": ("2023-07-10", "week"),  # 7/12/2023, time_precision 2
        "UKR160005": ("2023-07-07", "day"),  # 07/07/2023
    }


def test_month_first_dates_read_day_first_are_refused(harmtrack):
    result = harmtrack("import", str(MONTH_FIRST), "--dayfirst")
    assert result.exit_code == 1
    assert "acled-month-first.csv:2: column 'event_date': '07/13/2023' is not a calendar date" in result.stderr
    assert not harmtrack.db_path.exists()


def test_dates_go_through_the_files_date_order():
    order = DateOrder()
    rows = read(MONTH_FIRST, order=order)
    assert order.monthfirst_seen == (f"{MONTH_FIRST}:2", "07/13/2023")
    assert rows[0].error is None
    assert order.ambiguous_seen == (f"{MONTH_FIRST}:3", "07/04/2023")
    assert rows[1].error is not None and "column 'event_date'" in rows[1].error
    assert [row.error is None for row in read(MONTH_FIRST, order=order.settled())] == [True] * 5
    assert not any(row.error for row in read(MONTH_FIRST, order=DateOrder(False)))


def test_a_file_that_contradicts_itself_is_refused_not_rejected_row_by_row(tmp_path):
    text = MONTH_FIRST.read_text(encoding="utf-8").replace("07/07/2023", "14/07/2023")
    (tmp_path / "mixed.csv").write_text(text, encoding="utf-8")
    with pytest.raises(DateOrderConflict, match="'07/13/2023'"):
        read(tmp_path / "mixed.csv")


def test_a_contradictory_file_is_refused_whole_even_with_skip_invalid(harmtrack, tmp_path):
    text = MONTH_FIRST.read_text(encoding="utf-8").replace("07/07/2023", "14/07/2023")
    (tmp_path / "mixed.csv").write_text(text, encoding="utf-8")
    for flags in ((), ("--skip-invalid",)):
        result = harmtrack("import", str(tmp_path / "mixed.csv"), *flags)
        assert result.exit_code == 1, result.stderr
        assert "'07/13/2023'" in result.stderr and "'14/07/2023'" in result.stderr
        assert "Traceback" not in result.stderr
        assert not harmtrack.db_path.exists()


def test_a_month_first_copy_needs_no_flag(harmtrack):
    """07/13/2023 can only be month first, so the file's ambiguous dates are read so too."""
    flagged = type(harmtrack)(harmtrack.db_path.with_name("flagged.db"))
    harmtrack.ok("import", str(MONTH_FIRST))
    flagged.ok("import", str(MONTH_FIRST), "--monthfirst")
    assert by_event(harmtrack) == by_event(flagged)
    assert {record["date"] for record in by_event(harmtrack).values()} >= {"2023-07-13", "2023-07-04"}


def test_a_reclassified_event_is_discounted_with_the_reason(harmtrack):
    harmtrack.ok("import", str(FEBRUARY))
    result = harmtrack.ok("import", str(RECLASSIFIED))
    assert "1 discounted" in result.stderr
    event = by_event(harmtrack)["UKR140003"]
    assert event["status"] == "discounted"
    history = json.loads(harmtrack.ok("history", event["uid"], "--format", "json").stdout)
    assert ("update", "reason", "ACLED now classes it as Battles") in {
        (entry["action"], entry["field"], entry["after"]) for entry in history
    }
    counted = json.loads(harmtrack.ok("report", "city", "--format", "json").stdout)
    kept = [record for record in by_event(harmtrack).values() if record["status"] != "discounted"]
    assert sum(row["incidents"] for row in counted) == len(kept) == len(by_event(harmtrack)) - 1

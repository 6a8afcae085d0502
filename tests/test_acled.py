"""ACLED exports: the mapping, the event filter, updates from a newer export.

The fixtures are written by hand from ACLED's published column layout (ACLED's
terms do not allow redistributing its data)."""

import json
from pathlib import Path

from harmtrack.io.acled import uid_for

FIXTURES = Path(__file__).parent / "fixtures"
FEBRUARY = FIXTURES / "acled-ukraine-2024-02.csv"
REVISED = FIXTURES / "acled-ukraine-2024-02-revised.csv"


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
    assert "not only civilians" in kharkiv["description"]
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

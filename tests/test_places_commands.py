"""Place normalisation through the commands: add, edit, places, merge, aliases."""

import json


def records(harmtrack) -> list[dict]:
    return json.loads(harmtrack.ok("list", "--format", "json").stdout)


def test_add_stores_one_canonical_name_with_region_country_and_coordinates(harmtrack):
    for spelling in ("Харків", "Kharkov", "kharkiv city", "Харьков"):
        result = harmtrack.ok("add", "--date", "2024-10-30", "--city", spelling)
        assert result.stderr == ""
    stored = {(r["city"], r["region"], r["country"]) for r in records(harmtrack)}
    assert stored == {("Kharkiv", "Kharkiv Oblast", "Ukraine")}
    assert {(round(r["latitude"], 2), round(r["longitude"], 2)) for r in records(harmtrack)} == {(49.98, 36.25)}


def test_an_unknown_village_is_kept_as_typed_with_a_warning(harmtrack):
    result = harmtrack.ok("add", "--date", "2024-10-30", "--city", "Zarichne-Druhe", "--region", "Donetska oblast")
    assert "warning: city 'Zarichne-Druhe' is not in the gazetteer; kept as typed" in result.stderr
    [record] = records(harmtrack)
    assert (record["city"], record["region"], record["latitude"]) == ("Zarichne-Druhe", "Donetsk Oblast", None)


def test_given_coordinates_are_kept_and_far_ones_warned(harmtrack):
    result = harmtrack.ok(
        "add", "--date", "2024-10-30", "--city", "Kharkiv", "--latitude", "46.48", "--longitude", "30.72"
    )
    assert "lie 5" in result.stderr and "km from Kharkiv" in result.stderr
    [record] = records(harmtrack)
    assert (record["latitude"], record["longitude"]) == (46.48, 30.72)


def test_places_lists_counts_and_variants_and_merge_is_recorded(harmtrack):
    harmtrack.ok("add", "--date", "2024-10-30", "--city", "Novohrodivka 2", "--region", "Donetsk Oblast")
    harmtrack.ok("add", "--date", "2024-10-31", "--city", "Novohrodivka-2", "--region", "Donetsk Oblast")
    harmtrack.ok("add", "--date", "2024-10-31", "--city", "Odesa")
    listing = json.loads(harmtrack.ok("places", "--format", "json").stdout)
    assert {"city": "Novohrodivka 2", "incidents": 1, "variants": "Novohrodivka-2"} in listing

    result = harmtrack.ok("places", "merge", "Novohrodivka 2", "Novohrodivka-2")
    assert result.stderr == "merged city 'Novohrodivka 2' into 'Novohrodivka-2' in 1 incident\n"
    listing = json.loads(harmtrack.ok("places", "--format", "json").stdout)
    assert {"city": "Novohrodivka-2", "incidents": 2, "variants": ""} in listing

    history = json.loads(harmtrack.ok("history", "1", "--format", "json").stdout)
    merge = [entry for entry in history if entry["action"] == "merge"]
    assert [(e["field"], e["before"], e["after"]) for e in merge] == [("city", "Novohrodivka 2", "Novohrodivka-2")]

    harmtrack.ok("add", "--date", "2024-11-01", "--city", "novohrodivka 2", "--region", "Donetsk Oblast")
    assert records(harmtrack)[-1]["city"] == "Novohrodivka-2"


def test_merge_of_an_unknown_name_changes_nothing(harmtrack):
    harmtrack.ok("add", "--date", "2024-10-30", "--city", "Odesa")
    before = harmtrack.dump()
    result = harmtrack("places", "merge", "Odessa", "Odesa")
    assert result.exit_code == 1
    assert "no incident has city 'Odessa'" in result.stderr
    assert harmtrack.dump() == before


def test_team_alias_turns_a_neighbourhood_into_its_city(harmtrack):
    harmtrack.ok("places", "alias", "Pivnichna Saltivka", "Kharkiv")
    harmtrack.ok("add", "--date", "2024-10-30", "--city", "Pivnichna Saltivka")
    [record] = records(harmtrack)
    assert (record["city"], record["region"]) == ("Kharkiv", "Kharkiv Oblast")
    aliases = harmtrack.ok("places", "aliases", "--format", "csv").stdout
    assert aliases == "kind,alias,canonical\ncity,Pivnichna Saltivka,Kharkiv\n"


def test_edit_of_the_city_normalises_it(harmtrack):
    harmtrack.ok("add", "--date", "2024-10-30", "--city", "Sumy")
    harmtrack.ok("edit", "1", "--city", "Запоріжжя", "--clear", "latitude", "--clear", "longitude")
    [record] = records(harmtrack)
    assert (record["city"], record["region"]) == ("Zaporizhzhia", "Zaporizhzhia Oblast")
    assert round(record["latitude"]) == 48


def test_import_normalises_places_and_reports_count_one_city(harmtrack, tmp_path):
    path = tmp_path / "spellings.csv"
    path.write_text(
        "date,city,region,killed\n"
        "2024-10-28,Kharkov,,1\n"
        "2024-10-29,Харків,,2\n"
        "2024-10-30,Харьков,Kharkivska oblast,3\n"
        "2024-10-30,Kiev,,4\n"
        "2024-10-31,Zarichne-Druhe,Donetsk region,5\n",
        encoding="utf-8",
    )
    result = harmtrack.ok("import", str(path))
    assert "spellings.csv:6: city 'Zarichne-Druhe' is not in the gazetteer; kept as typed" in result.stderr
    report = json.loads(harmtrack.ok("report", "city", "--format", "json").stdout)
    assert [(row["city"], row["killed"]) for row in report] == [("Kharkiv", 6), ("Zarichne-Druhe", 5), ("Kyiv", 4)]
    regions = {r["city"]: r["region"] for r in records(harmtrack)}
    assert regions == {"Kharkiv": "Kharkiv Oblast", "Kyiv": "Kyiv City", "Zarichne-Druhe": "Donetsk Oblast"}


def test_filters_take_any_spelling_of_a_place(harmtrack):
    harmtrack.ok("add", "--date", "2024-10-30", "--city", "Kharkiv", "--killed", "3")
    harmtrack.ok("add", "--date", "2024-10-30", "--city", "Zarichne-Druhe", "--region", "Donetsk Oblast")
    for spelling in ("Kharkov", "Харків", "kharkiv city"):
        listed = json.loads(harmtrack.ok("list", "--city", spelling, "--format", "json").stdout)
        assert [record["city"] for record in listed] == ["Kharkiv"]
    report = json.loads(harmtrack.ok("report", "city", "--region", "Donetska oblast", "--format", "json").stdout)
    assert [row["city"] for row in report] == ["Zarichne-Druhe"]
    unknown = json.loads(harmtrack.ok("list", "--city", "zarichne-druhe", "--format", "json").stdout)
    assert [record["city"] for record in unknown] == ["Zarichne-Druhe"]

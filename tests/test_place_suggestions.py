"""Places (issue 17): "did you mean" for unknown cities, variants only for one
place, and `places merge` filling region and coordinates from the target."""

import json
import subprocess
import sys

from harmtrack.places import PlaceResolver, variant_groups

DONETSK = "Donetsk Oblast"


def records(harmtrack) -> list[dict]:
    return json.loads(harmtrack.ok("list", "--format", "json").stdout)


def variants(harmtrack) -> dict[str, str]:
    listing = json.loads(harmtrack.ok("places", "--format", "json").stdout)
    return {row["city"]: row["variants"] for row in listing}


def add(harmtrack, city, *extra):
    return harmtrack.ok("add", "--date", "2024-10-30", "--city", city, *extra)


# ---------------------------------------------------------------- did you mean


def test_an_unknown_city_gets_did_you_mean_from_the_gazetteer_with_the_region(harmtrack):
    result = add(harmtrack, "Kharkiw")
    assert result.stderr == (
        "harmtrack: warning: city 'Kharkiw' is not in the gazetteer; kept as typed; "
        "did you mean Kharkiv (Kharkiv Oblast)?\n"
    )
    [record] = records(harmtrack)
    assert (record["city"], record["region"], record["latitude"]) == ("Kharkiw", None, None)


def test_the_given_region_narrows_the_suggestions(harmtrack):
    result = add(harmtrack, "Ivaniwka", "--region", "Donetska oblast")
    assert "did you mean Ivanivka (Donetsk Oblast)?" in result.stderr


def test_stored_names_are_suggested_with_their_region(harmtrack):
    add(harmtrack, "Zarichne-Druhe", "--region", DONETSK)
    result = add(harmtrack, "Zarichne Druhi")
    assert "city 'Zarichne Druhi' is not in the gazetteer; kept as typed; " in result.stderr
    assert "did you mean Zarichne-Druhe (Donetsk Oblast)?" in result.stderr


def test_nothing_close_means_no_suggestion(harmtrack):
    result = add(harmtrack, "Qwertyuiop")
    assert result.stderr == "harmtrack: warning: city 'Qwertyuiop' is not in the gazetteer; kept as typed\n"


def test_import_suggests_on_each_unknown_row(harmtrack, tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("date,city,killed\n2024-10-28,Kharkiw,1\n2024-10-29,Kharkiv,2\n2024-10-30,Kharkiw,3\n")
    result = harmtrack.ok("import", str(path))
    hint = "city 'Kharkiw' is not in the gazetteer; kept as typed; did you mean Kharkiv (Kharkiv Oblast)?"
    assert f"rows.csv:2: {hint}" in result.stderr and f"rows.csv:4: {hint}" in result.stderr


def test_known_names_never_read_the_stored_names_and_unknown_ones_once():
    calls = []

    def stored():
        calls.append(1)
        return ["Zarichne-Druhe"]

    resolver = PlaceResolver(stored_names=stored)
    for city in ("Kharkiv", "Kharkov", "Харків", "Kyiv", "Odesa"):
        assert resolver.resolve(None, None, city).notes == ()
    assert calls == []
    unknown = [resolver.resolve(None, region, "Zarichne Druhi") for region in (None, "Donetsk Oblast", None)]
    assert calls == []  # a suggestion is worked out only when someone reads the warning
    assert "did you mean Zarichne-Druhe?" in unknown[0].warnings[0]
    assert "did you mean Zarichne-Druhe?" in unknown[2].warnings[0]
    assert calls == [1]  # and then once, for every later reading


def test_rapidfuzz_is_not_imported_at_start_up():
    code = "import sys, harmtrack.cli.app, harmtrack.places, harmtrack.recording; print('rapidfuzz' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# ---------------------------------------------------------------- variants


def test_spellings_of_one_place_are_variants():
    groups = variant_groups(["Kharkiv", "Kharkov", "Харків", "Novohrodivka 2", "Novohrodivka-2"])
    assert ["Kharkiv", "Kharkov", "Харків"] in groups
    assert ["Novohrodivka 2", "Novohrodivka-2"] in groups


def test_similar_names_of_different_villages_are_not_variants():
    names = ["Pivdenne", "Pivnichne", "Horlivka", "Hryhorivka", "Ivanivka", "Ivanovka", "Andriivka", "Mykolaivka"]
    assert variant_groups(names) == []

    stored = {name: [(DONETSK, None, None)] for name in names}
    assert variant_groups(names, locate=stored.__getitem__) == []


def test_places_lists_variants_of_one_place_only(harmtrack):
    add(harmtrack, "Kharkiv")
    add(harmtrack, "Kharkiw", "--region", "Kharkiv Oblast")  # the same transliteration key
    add(harmtrack, "Novohrodivka 2", "--region", DONETSK)
    add(harmtrack, "Novohrodivka-2", "--region", DONETSK)
    for city in ("Pivdenne", "Pivnichne", "Horlivka", "Hryhorivka", "Ivanivka", "Andriivka", "Mykolaivka"):
        add(harmtrack, city, "--region", DONETSK)
    for city in ("Oleksandrivka", "Novoivanivka", "Ivanopillia", "Bohoiavlenka"):
        add(harmtrack, city, "--region", DONETSK)
    listed = variants(harmtrack)
    assert listed["Kharkiv"] == "Kharkiw" and listed["Kharkiw"] == "Kharkiv"
    assert listed["Novohrodivka 2"] == "Novohrodivka-2"
    for city in ("Pivdenne", "Pivnichne", "Horlivka", "Hryhorivka", "Ivanivka", "Andriivka", "Mykolaivka"):
        assert listed[city] == "", city


def test_a_misspelling_is_a_variant_when_its_records_lie_at_the_place(harmtrack):
    add(harmtrack, "Bakhmut")
    add(harmtrack, "Bakmut", "--region", DONETSK, "--latitude", "48.60", "--longitude", "38.01")
    assert variants(harmtrack)["Bakmut"] == "Bakhmut"


def test_a_similar_name_elsewhere_is_not_a_variant(harmtrack):
    add(harmtrack, "Bakhmut")
    add(harmtrack, "Bakmut", "--region", DONETSK, "--latitude", "48.30", "--longitude", "37.60")  # 45 km away
    add(harmtrack, "Pivdenne", "--region", DONETSK)
    add(harmtrack, "Pivnichne", "--region", DONETSK)  # 5 km from Pivdenne: two settlements the gazetteer knows
    listed = variants(harmtrack)
    assert listed["Bakmut"] == "" and listed["Pivdenne"] == "" and listed["Pivnichne"] == ""


def test_a_name_between_two_settlements_does_not_join_them(harmtrack):
    add(harmtrack, "Pivdenne", "--region", DONETSK)
    add(harmtrack, "Pivnichne", "--region", DONETSK)
    # Pivnichne with a Cyrillic "е", placed at Pivdenne: alike both, joins at most one
    add(harmtrack, "Pivnichnе", "--region", DONETSK, "--latitude", "48.356", "--longitude", "37.926")
    listed = variants(harmtrack)
    assert "Pivnichne" not in listed["Pivdenne"] and "Pivdenne" not in listed["Pivnichne"]


# ---------------------------------------------------------------- merge fills the place


def test_merge_into_a_gazetteer_city_fills_region_country_and_coordinates(harmtrack):
    add(harmtrack, "Kharkiw")
    result = harmtrack.ok("places", "merge", "Kharkiw", "Kharkiv", "--reason", "typo")
    assert result.stderr == "merged city 'Kharkiw' into 'Kharkiv' in 1 incident\n"
    [record] = records(harmtrack)
    assert (record["city"], record["region"], record["country"]) == ("Kharkiv", "Kharkiv Oblast", "Ukraine")
    assert (round(record["latitude"], 2), round(record["longitude"], 2)) == (49.98, 36.25)

    history = json.loads(harmtrack.ok("history", "1", "--format", "json").stdout)
    changed = {(e["action"], e["field"], e["after"]) for e in history if e["action"] in ("merge", "edit")}
    assert ("merge", "city", "Kharkiv") in changed
    assert ("edit", "region", "Kharkiv Oblast") in changed and ("edit", "country", "Ukraine") in changed


def test_merge_keeps_coordinates_of_its_own_near_the_target(harmtrack):
    add(harmtrack, "Kharkiw", "--latitude", "50.01", "--longitude", "36.30")
    harmtrack.ok("places", "merge", "Kharkiw", "Kharkiv")
    [record] = records(harmtrack)
    assert (record["region"], record["latitude"], record["longitude"]) == ("Kharkiv Oblast", 50.01, 36.30)


def test_merge_into_a_stored_name_takes_its_region_and_coordinates(harmtrack):
    add(harmtrack, "Zarichne-Druhe", "--region", DONETSK, "--latitude", "48.1", "--longitude", "37.5")
    add(harmtrack, "Zarichne Druhi")
    harmtrack.ok("places", "merge", "Zarichne Druhi", "Zarichne-Druhe")
    stored = {(r["city"], r["region"], r["country"], r["latitude"], r["longitude"]) for r in records(harmtrack)}
    assert stored == {("Zarichne-Druhe", DONETSK, "Ukraine", 48.1, 37.5)}


def test_merge_into_an_unplaced_name_changes_only_the_name(harmtrack):
    add(harmtrack, "Qwertyuiop", "--latitude", "48.0", "--longitude", "37.0")
    add(harmtrack, "Qwertyuiopp")
    harmtrack.ok("places", "merge", "Qwertyuiop", "Qwertyuiopp")
    stored = {(r["city"], r["region"], r["latitude"]) for r in records(harmtrack)}
    assert stored == {("Qwertyuiopp", None, 48.0), ("Qwertyuiopp", None, None)}

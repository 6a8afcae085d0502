"""import --map: other monitors' exports read through a TOML mapping; a place for every coordinate.

The fixtures in tests/fixtures/mapping/ are written by hand from the published
layouts (values invented, links example.org):
- bellingcat-timemap.json: the JSON of the Civilian Harm in Ukraine TimeMap's
  Download button (github.com/bellingcat/ukraine-timemap,
  src/components/controls/DownloadButton.jsx): month-first dates, coordinates
  as strings, empty locations, a HIDDEN source, a reused id, an event without
  filters, a point far from any listed settlement;
- cir-monitor.csv: the events.csv of the Centre for Information Resilience
  map scrapes (github.com/mauforonda/ukraine): military event groups, an entry
  filed under the wrong oblast, a misspelt oblast, Mariupol' and Lysychans'k,
  a row without an entry, a row without a town.
A heritage-damage register with bilingual places is written in the test, with its mapping.
"""

import csv
import json
import uuid
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harmtrack import places, vocab
from harmtrack.errors import UsageError
from harmtrack.io import mapping as mapping_module
from harmtrack.io.mapping import (
    MAPPED_NAMESPACE,
    MappedReader,
    Ref,
    Template,
    parse,
    parse_path,
    render,
    uid_for,
)

FIXTURES = Path(__file__).parent / "fixtures" / "mapping"
BELLINGCAT = FIXTURES / "bellingcat-timemap.json"
CIR = FIXTURES / "cir-monitor.csv"


def exported(harmtrack, *args) -> list[dict]:
    return json.loads(harmtrack.ok("export", "--format", "json", *args).stdout)


def by_description(records: list[dict]) -> dict[str, dict]:
    return {record["description"].split("\n")[0]: record for record in records}


def write_mapping(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- shipped mappings


def test_list_maps_names_the_shipped_mappings(harmtrack):
    result = harmtrack.ok("import", "--list-maps")
    rows = list(csv.reader(result.stdout.splitlines()))
    assert rows[0] == ["mapping", "format", "about"]
    assert {row[0]: row[1] for row in rows[1:]} == {"bellingcat-timemap": "json", "cir-monitor": "csv"}
    assert not harmtrack.db_path.exists()


def test_bellingcat_timemap(harmtrack):
    result = harmtrack.ok("import", str(BELLINGCAT), "--map", "bellingcat-timemap")
    assert "imported 6 incidents" in result.stderr
    # five of the six points lie within reach of a settlement; the one near Starobilsk does not
    assert "6 rows had coordinates but no city: 5 took the nearest settlement" in result.stderr
    assert "1 had none that near and keeps no city" in result.stderr
    records = by_description(exported(harmtrack))

    first = records["Apartment block hit; a large crater beside it."]
    assert first["uid"] == uid_for("bellingcat-timemap:CIV0001/02/24/2022")
    assert first["uid"] == str(uuid.uuid5(MAPPED_NAMESPACE, "bellingcat-timemap:CIV0001/02/24/2022"))
    assert first["date"] == "2022-02-24"  # MM/DD/YYYY
    assert (first["country"], first["region"], first["city"]) == ("Ukraine", "Kharkiv Oblast", "Chuhuiv")
    assert first["place"] is None  # the location was empty
    assert (first["latitude"], first["longitude"]) == (49.85005, 36.659031)  # kept as given
    assert first["description"].endswith("[City derived from coordinates: Chuhuiv, 2.6 km from its centre.]")
    assert (first["weapon"], first["weapon_detail"]) == ("unknown", None)  # "Unknown" is no detail
    assert first["damaged"] == [{"kind": "residential", "name": ""}]
    assert [source["url"] for source in first["sources"]] == [
        "Bellingcat TimeMap CIV0001",
        "https://example.org/posts/1001",
        "https://example.org/posts/1002",
    ]
    assert first["status"] == "unverified" and first["killed"] is None

    hidden = records["Apartment building on fire after a strike."]
    assert hidden["place"] == "Pozniaky, Kyiv"  # the location is kept as written
    assert (hidden["city"], hidden["region"]) == ("Kyiv", "Kyiv City")  # 10 km from the centre, inside Kyiv
    assert [source["url"] for source in hidden["sources"]] == [
        "Bellingcat TimeMap CIV0003",
        "Bellingcat TimeMap: source withheld for privacy",
    ]
    assert hidden["weapon"] == "unknown" and hidden["damaged"] == []  # no filters at all

    cluster = records["Strike next to a hospital; cluster submunitions visible."]
    assert (cluster["weapon"], cluster["weapon_detail"]) == ("cluster-munition", "Cluster munitions")
    assert cluster["damaged"] == [{"kind": "medical", "name": ""}]

    # CIV0105 names two events: the date keeps them apart
    mariupol = records["Hospital building damaged."]
    kharkiv = records["Residential buildings hit by rockets."]
    assert mariupol["uid"] != kharkiv["uid"]
    assert (mariupol["date"], mariupol["city"], mariupol["weapon"]) == ("2022-03-09", "Mariupol", "aerial-bomb")
    assert (kharkiv["date"], kharkiv["city"], kharkiv["weapon"]) == ("2022-03-14", "Kharkiv", "mlrs")
    assert kharkiv["damaged"] == [
        {"kind": "residential", "name": ""},
        {"kind": "other", "name": "military area"},
    ]

    far = records["Individual injured by shelling, ambulance responds."]
    assert (far["country"], far["region"], far["city"]) == ("Ukraine", None, None)
    assert far["place"] == "near Starobilsk"
    assert far["damaged"] == [] and far["weapon"] == "unknown"  # Undefined maps to nothing
    assert "derived" not in far["description"]


def test_bellingcat_reimport_updates_nothing_and_adds_nothing(harmtrack):
    harmtrack.ok("import", str(BELLINGCAT), "--map", "bellingcat-timemap")
    before = exported(harmtrack)
    result = harmtrack.ok("import", str(BELLINGCAT), "--map", "bellingcat-timemap")
    assert "imported 0 incidents: 0 updated, 6 skipped" in result.stderr
    assert exported(harmtrack) == before


def test_a_newer_bellingcat_download_updates_the_stored_event(harmtrack, tmp_path):
    harmtrack.ok("import", str(BELLINGCAT), "--map", "bellingcat-timemap")
    events = json.loads(BELLINGCAT.read_text(encoding="utf-8"))
    events[2]["description"] = "Strike next to a hospital; a 9N123K cluster warhead found."
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(events), encoding="utf-8")
    result = harmtrack.ok("import", str(newer), "--map", "bellingcat-timemap")
    assert "1 updated, 5 skipped" in result.stderr
    record = by_description(exported(harmtrack))["Strike next to a hospital; a 9N123K cluster warhead found."]
    assert record["uid"] == uid_for("bellingcat-timemap:CIV0004/02/24/2022")
    assert len(exported(harmtrack)) == 6


def test_cir_monitor(harmtrack):
    result = harmtrack.ok("import", str(CIR), "--map", "cir-monitor")
    assert "2 of the file's rows left out by the mapping's [keep]" in result.stderr  # military events
    assert "imported 9 incidents" in result.stderr
    assert "1 row had coordinates but no city: 1 took the nearest settlement" in result.stderr
    # Izyum filed under Kyiv Oblast: the coordinates lie on Izium, so its region wins, with a warning
    assert (
        "cir-monitor.csv:6: city 'Izyum' is not in 'Kyiv Oblast': the coordinates lie 1.0 km from Izium in "
        "Kharkiv Oblast; region set to Kharkiv Oblast"
    ) in result.stderr
    assert "cir-monitor.csv:9: city 'Bakhmut' is not in 'Donestk Oblast'" in result.stderr
    # free text with no family takes the default, and says so
    assert (
        "cir-monitor.csv:9: field 'weapon': 'Ka-52 attack helicopter' is not in the mapping's [values.weapon] "
        "nor a weapon family or alias; took the default 'unknown'"
    ) in result.stderr
    assert "cir-monitor.csv:10: no uid: 'entry' is empty; the uid is derived from the row's content" in result.stderr
    records = by_description(exported(harmtrack))
    assert "Military convoy on the highway" not in records and "Destroyed armoured vehicle" not in records

    izium = records["Civilians killed in shelled street"]
    assert (izium["region"], izium["city"]) == ("Kharkiv Oblast", "Izium")
    assert (
        "[Region corrected from coordinates: 'Kyiv Oblast' given; Izium is in Kharkiv Oblast.]"
        in (izium["description"])
    )
    assert records["Maternity hospital hit"]["city"] == "Mariupol"
    assert records["Residential building burning"]["city"] == "Lysychansk"
    assert (records["Residential building burning"]["region"]) == "Luhansk Oblast"
    bakhmut = records["School hit by helicopter fire"]
    assert (bakhmut["region"], bakhmut["city"], bakhmut["weapon"]) == ("Donetsk Oblast", "Bakhmut", "unknown")
    assert bakhmut["weapon_detail"] == "Ka-52 attack helicopter"
    kramatorsk = records["Missile strike on railway station"]
    assert (kramatorsk["weapon"], kramatorsk["weapon_detail"]) == ("ballistic-missile", "9M79")
    assert [source["url"] for source in kramatorsk["sources"]] == [
        "https://example.org/cir/2402",
        "https://example.org/geo/2402",
    ]
    assert kramatorsk["uid"] == uid_for("cir-monitor:UW2402/2022-04-08")
    village = records["Houses destroyed on the village edge"]
    assert (village["region"], village["city"]) == ("Kharkiv Oblast", "Chuhuiv")
    sevastopol = records["Apartment block hit in Sevastopol"]
    assert (sevastopol["country"], sevastopol["city"]) == ("Ukraine", "Sevastopol")


def test_cir_monitor_reimport_adds_nothing(harmtrack):
    harmtrack.ok("import", str(CIR), "--map", "cir-monitor")
    result = harmtrack.ok("import", str(CIR), "--map", "cir-monitor")
    assert "imported 0 incidents: 0 updated, 9 skipped" in result.stderr


def test_a_repeated_entry_is_one_incident(harmtrack, tmp_path):
    lines = CIR.read_text(encoding="utf-8").splitlines()
    repeated = tmp_path / "repeated.csv"
    # the map repeats an entry on the next row to list another link
    repeated.write_text("\n".join([lines[0], lines[3], lines[3].replace("/cir/1201", "/cir/1201b")]) + "\n")
    result = harmtrack("import", str(repeated), "--map", "cir-monitor")
    assert result.exit_code == 1
    assert "repeated.csv:3: uid" in result.stderr and "is also on line 2 of this file" in result.stderr
    rejects = tmp_path / "rejects.csv"
    harmtrack.ok("import", str(repeated), "--map", "cir-monitor", "--skip-invalid", "--rejects", str(rejects))
    assert len(exported(harmtrack)) == 1
    [rejected] = list(csv.DictReader(rejects.open(encoding="utf-8")))
    assert rejected["link"] == "https://example.org/cir/1201b"  # the other link is kept for a person


# --------------------------------------------------------------------------- --explain


def test_explain_shows_each_value_and_writes_nothing(harmtrack):
    result = harmtrack.ok("import", str(CIR), "--map", "cir-monitor", "--explain")
    assert not harmtrack.db_path.exists()
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert set(rows[0]) == {"row", "source", "value", "field", "became"}
    assert {"source": "[keep] event_group", "value": "Russian Military Presence February 2022"}.items() <= rows[
        0
    ].items()
    assert "left out" in rows[0]["became"]
    mariupol = [row for row in rows if row["row"].endswith("cir-monitor.csv:4")]
    city = next(row for row in mariupol if row["field"] == "city")
    assert (city["source"], city["value"], city["became"]) == ("town/city", "Mariupol'", "Mariupol")
    uid = next(row for row in mariupol if row["field"] == "uid")
    assert uid["value"] == "cir-monitor:UW1201/2022-03-09"
    assert uid["became"].startswith(uid_for("cir-monitor:UW1201/2022-03-09"))
    # only the first five rows
    assert {row["row"].rsplit(":", 1)[1] for row in rows} == {"2", "3", "4", "5", "6"}
    izium = [row for row in rows if row["row"].endswith(":6")]
    assert any(row["field"] == "(warning)" and "region set to Kharkiv Oblast" in row["became"] for row in izium)
    assert "nothing was written" in result.stderr


def test_explain_shows_derived_cities_and_value_maps(harmtrack):
    result = harmtrack.ok("import", str(BELLINGCAT), "--map", "bellingcat-timemap", "--explain")
    rows = list(csv.DictReader(result.stdout.splitlines()))
    derived = next(row for row in rows if row["field"] == "city")
    assert derived["source"] == "latitude, longitude" and derived["value"] == "49.85005, 36.659031"
    assert derived["became"] == "Chuhuiv (the nearest settlement, 2.6 km from its centre)"
    weapon = next(row for row in rows if row["field"] == "weapon" and row["value"] == "Cluster munitions")
    assert weapon["source"] == 'filters[key="Weapon System"].value'
    assert weapon["became"] == "cluster-munition ([values.weapon])"
    hidden = next(row for row in rows if row["value"] == "HIDDEN")
    assert hidden["became"] == "Bellingcat TimeMap: source withheld for privacy ([values.sources])"


def test_explain_needs_a_mapping(harmtrack):
    result = harmtrack("import", str(CIR), "--explain")
    assert result.exit_code == 2 and "--explain shows what a mapping does" in result.stderr


# --------------------------------------------------------------------------- a mapping of one's own

HERITAGE_MAPPING = """
about = "A heritage-damage register"
format = "csv"
date_order = "dayfirst"

[columns]
uid = "heritage:{No}"
date = "Date of damage"
city = "Settlement"
region = "Oblast"
latitude = "Lat"
longitude = "Lon"
damaged = "{Type}:{Name}"
description = "{Name} ({Type}). {Damage}"
sources = "Source"

[values.damaged]
"Religious site" = "religious"
"Museum" = "cultural"
"Memorial" = "cultural"

[constants]
country = "Ukraine"
"""

HERITAGE_ROWS = [
    ["No", "Name", "Type", "Settlement", "Oblast", "Date of damage", "Damage", "Lat", "Lon", "Source"],
    [
        "17",
        "Kharkiv Art Museum",
        "Museum",
        "Харків / Kharkiv",
        "Харківська / Kharkiv",
        "02.03.2022",
        "Windows blown out",
        "",
        "",
        "https://example.org/h/17",
    ],
    [
        "18",
        "Church of the Nativity",
        "Religious site",
        "Мала Рогань / Mala Rohan",
        "Харківська / Kharkiv",
        "30.03.2022",
        "",
        "",
        "",
        "https://example.org/h/18",
    ],
    [
        "19",
        "Memorial to the Victims",
        "Memorial",
        "Верхні Прохори / Verkhni Prokhory",
        "Чернігівська / Chernihiv",
        "05.04.2022",
        "Shell damage",
        "",
        "",
        "https://example.org/h/19",
    ],
    [
        "20",
        "Sviatohirsk Lavra skete",
        "Religious site",
        "",
        "Донецька / Donetsk",
        "04.06.2022",
        "Burnt",
        "49.0333",
        "37.5667",
        "https://example.org/h/20",
    ],
]


def heritage_files(tmp_path: Path) -> tuple[Path, Path]:
    register = tmp_path / "register.csv"
    with register.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(HERITAGE_ROWS)
    return register, write_mapping(tmp_path / "heritage.toml", HERITAGE_MAPPING)


def test_a_heritage_register_with_bilingual_places(harmtrack, tmp_path):
    register, mapping = heritage_files(tmp_path)
    result = harmtrack.ok("import", str(register), "--map", str(mapping))
    assert "imported 4 incidents" in result.stderr
    records = {record["sources"][0]["url"][-2:]: record for record in exported(harmtrack)}
    museum = records["17"]
    assert (museum["country"], museum["region"], museum["city"]) == ("Ukraine", "Kharkiv Oblast", "Kharkiv")
    assert museum["date"] == "2022-03-02"  # day first, as the mapping says
    assert museum["damaged"] == [{"kind": "cultural", "name": "Kharkiv Art Museum"}]
    assert museum["description"] == "Kharkiv Art Museum (Museum). Windows blown out"
    church = records["18"]
    assert church["damaged"] == [{"kind": "religious", "name": "Church of the Nativity"}]
    assert church["description"] == "Church of the Nativity (Religious site)"  # an empty placeholder takes its ". "
    assert church["city"] in ("Mala Rohan", "Мала Рогань")  # the part the gazetteer knows
    # a village the gazetteer does not list is kept as typed, with the usual warning
    memorial = records["19"]
    assert memorial["city"] == "Верхні Прохори / Verkhni Prokhory"
    assert memorial["region"] == "Chernihiv Oblast"
    assert "'Верхні Прохори / Verkhni Prokhory' is not in the gazetteer; kept as typed" in result.stderr
    # coordinates alone: the nearest settlement
    skete = records["20"]
    assert (skete["region"], skete["city"]) == ("Donetsk Oblast", "Sviatohirsk")
    assert "1 row had coordinates but no city: 1 took the nearest settlement" in result.stderr


def test_dry_run_and_skip_invalid_hold_for_a_mapping(harmtrack, tmp_path):
    register, mapping = heritage_files(tmp_path)
    rows = [*HERITAGE_ROWS, ["21", "Bandstand", "Bandstand", "Kharkiv", "Kharkiv", "06.06.2022", "", "", "", "x"]]
    with register.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    result = harmtrack("import", str(register), "--map", str(mapping), "--dry-run")
    assert result.exit_code == 1  # one row is refused: nothing would be imported
    assert "register.csv:6: field 'damaged' (template '{Type}:{Name}'): 'Bandstand:Bandstand' is not in" in (
        result.stderr
    )
    assert f"[values.damaged] of the mapping {mapping}" in result.stderr
    assert not harmtrack.db_path.exists()
    result = harmtrack.ok("import", str(register), "--map", str(mapping), "--dry-run", "--skip-invalid")
    assert "would import 4 incidents" in result.stderr and not harmtrack.db_path.exists()
    rejects = tmp_path / "rejects.csv"
    harmtrack.ok("import", str(register), "--map", str(mapping), "--skip-invalid", "--rejects", str(rejects))
    assert len(exported(harmtrack)) == 4
    [rejected] = list(csv.DictReader(rejects.open(encoding="utf-8")))
    assert rejected["Name"] == "Bandstand" and "is not in [values.damaged]" in rejected["error"]
    # fixed, the rejects file goes in through the same mapping: its error column is not one the mapping reads
    text = rejects.read_text(encoding="utf-8").replace(",Bandstand,Bandstand,", ",Bandstand,Museum,")
    rejects.write_text(text, encoding="utf-8")
    harmtrack.ok("import", str(rejects), "--map", str(mapping))
    assert len(exported(harmtrack)) == 5


def test_a_default_takes_an_unmapped_value_with_a_warning(harmtrack, tmp_path):
    register, _ = heritage_files(tmp_path)
    mapping = write_mapping(tmp_path / "m.toml", HERITAGE_MAPPING + '\n[defaults]\ndamaged = "other"\n')
    rows = [*HERITAGE_ROWS[:2], ["21", "Bandstand", "Bandstand", "Kharkiv", "", "06.06.2022", "", "", "", "x"]]
    with register.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    result = harmtrack.ok("import", str(register), "--map", str(mapping))
    assert "register.csv:3: field 'damaged': 'Bandstand:Bandstand' is not in the mapping's [values.damaged]" in (
        result.stderr
    )
    assert "took the default 'other'" in result.stderr


def test_a_mapping_reads_json_lines_and_nested_records(harmtrack, tmp_path):
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [36.2304, 49.9935]},
        "properties": {"id": 7, "verified": "2024-05-25", "site": "hypermarket", "weapon": "KAB-500"},
    }
    collection = tmp_path / "events.geojson"
    collection.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    mapping = write_mapping(
        tmp_path / "geo.toml",
        """
format = "json"
records = "features"
[columns]
uid = "geo:{properties.id}"
date = "properties.verified"
latitude = "geometry.coordinates[1]"
longitude = "geometry.coordinates[0]"
weapon = "properties.weapon"
damaged = "properties.site"
""",
    )
    harmtrack.ok("import", str(collection), "--map", str(mapping))
    [record] = exported(harmtrack)
    assert (record["city"], record["weapon"], record["latitude"]) == ("Kharkiv", "glide-bomb", 49.9935)
    assert record["damaged"] == [{"kind": "commercial", "name": "hypermarket"}]  # a vocabulary alias
    assert record["uid"] == uid_for("geo:7")

    lines = tmp_path / "events.jsonl"
    lines.write_text(json.dumps(feature) + "\n\nnot json\n", encoding="utf-8")
    jsonl = write_mapping(tmp_path / "lines.toml", (tmp_path / "geo.toml").read_text().replace("json", "jsonl", 1))
    jsonl.write_text(jsonl.read_text().replace('records = "features"\n', ""))
    result = harmtrack("import", str(lines), "--map", str(jsonl), "--skip-invalid")
    assert result.exit_code == 0
    assert "events.jsonl:3: not valid JSON" in result.stderr
    assert "0 updated, 1 skipped, 1 rejected" in result.stderr  # the same uid: already stored


def test_a_json_object_without_records_is_refused(harmtrack, tmp_path):
    path = tmp_path / "doc.json"
    path.write_text('{"events": []}', encoding="utf-8")
    result = harmtrack("import", str(path), "--map", "bellingcat-timemap")
    assert result.exit_code == 1
    assert "doc.json:1: the file is a JSON object, not a list of records; say where its records are with records" in (
        result.stderr
    )


def test_a_missing_column_names_the_mapping_key(harmtrack, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("entry,date,lat,lon\nUW1,2022-03-01,50,30\n", encoding="utf-8")
    result = harmtrack("import", str(path), "--map", "cir-monitor")
    assert result.exit_code == 1
    assert "other.csv:1: no column 'country', which the mapping cir-monitor reads for [columns] country" in (
        result.stderr
    )
    assert not harmtrack.db_path.exists()


def test_map_and_format_and_all_events_are_bad_usage(harmtrack):
    result = harmtrack("import", str(CIR), "--map", "cir-monitor", "--format", "csv")
    assert result.exit_code == 2 and "the mapping says the format" in result.stderr
    result = harmtrack("import", str(CIR), "--map", "cir-monitor", "--all-events")
    assert result.exit_code == 2
    result = harmtrack("import", str(CIR), "--map", "no-such-map")
    assert result.exit_code == 2
    assert "no file no-such-map and no mapping of that name ships with harmtrack" in result.stderr
    assert "bellingcat-timemap, cir-monitor" in result.stderr
    result = harmtrack("import")
    assert result.exit_code == 2 and "missing FILE" in result.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('format = "xml"\n[columns]\ndate = "d"\n', "format: 'xml' is not csv, json or jsonl"),
        ('[columns]\ndate = "d"\n', "format: missing"),
        ('format = "csv"\ncolumn = 1\n', "'column': not a key of a mapping; the keys are: about, format"),
        ('format = "csv"\n[columns]\ndate = "d"\ncasualties = "c"\n', "[columns] casualties: not a harmtrack field"),
        ('format = "csv"\n[columns]\ncity = "c"\n', "[columns]: no date: every incident needs one"),
        ('format = "csv"\n[columns]\ndate = "d"\ncity = "{town"\n', "[columns] city: '{town': a { without its }"),
        ('format = "csv"\n[columns]\ndate = "d"\ncity = "{}"\n', "[columns] city: '{}': an empty {}"),
        ('format = "csv"\n[columns]\ndate = "d"\nkilled = 3\n', "[columns] killed: 3 is not a column, path"),
        ('format = "csv"\n[columns]\ndate = "d"\ncity = ["a", "b"]\n', "[columns] city: ['a', 'b'] is not a column"),
        (
            'format = "json"\n[columns]\ndate = "d"\nweapon = "filters[key=W"\n',
            "[columns] weapon: 'filters[key=W' is not a JSON path",
        ),
        ('format = "csv"\ndate_order = "yearfirst"\n[columns]\ndate = "d"\n', "date_order: 'yearfirst' is not"),
        (
            'format = "csv"\n[columns]\ndate = "d"\ncountry = "c"\n[constants]\ncountry = "Ukraine"\n',
            "[constants] country: is also in [columns]",
        ),
        ('format = "csv"\n[columns]\ndate = "d"\n[values.weapon]\n"A" = 1\n', "[values.weapon] 'A': 1 is not text"),
        (
            'format = "csv"\n[columns]\ndate = "d"\n[values.weapon]\n"A" = "x"\n"a" = "y"\n',
            "[values.weapon] 'a': the same value as 'A'",
        ),
        ('format = "csv"\n[columns]\ndate = "d"\n[keep]\ngroup = 3\n', "[keep] group: is a list of glob patterns"),
        (
            'format = "csv"\nrecords = "x"\n[columns]\ndate = "d"\n',
            'records: says where the list of records is in a JSON document; only for format = "json"',
        ),
        ('format = "csv"\n[columns\n', "not valid TOML"),
    ],
)
def test_a_bad_mapping_is_one_line_naming_the_file_and_key(harmtrack, tmp_path, text, message):
    mapping = write_mapping(tmp_path / "bad.toml", text)
    result = harmtrack("import", str(CIR), "--map", str(mapping))
    assert result.exit_code == 2, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"harmtrack: error: mapping {mapping}: ")
    assert message in line
    assert not harmtrack.db_path.exists()


def test_a_value_map_target_must_be_a_value_of_the_field(harmtrack, tmp_path):
    mapping = write_mapping(
        tmp_path / "m.toml",
        (FIXTURES.parent.parent.parent / "harmtrack" / "io" / "mappings" / "cir-monitor.toml")
        .read_text(encoding="utf-8")
        .replace('"TOS-1" = "mlrs"', '"TOS-1" = "rockets"'),
    )
    result = harmtrack("import", str(CIR), "--map", str(mapping))
    assert result.exit_code == 2
    assert f"mapping {mapping}: [values.weapon] 'TOS-1': 'rockets' is not a weapon value" in result.stderr
    assert not harmtrack.db_path.exists()


# --------------------------------------------------------------------------- the parts


def test_paths():
    assert parse_path('filters[key="Weapon System"].value') == (
        ("key", "filters"),
        ("where", ("key", "Weapon System")),
        ("key", "value"),
    )
    assert parse_path("sources[].path") == (("key", "sources"), ("each", ""), ("key", "path"))
    assert parse_path('geometry.coordinates[-1]."a.b"') == (
        ("key", "geometry"),
        ("key", "coordinates"),
        ("index", -1),
        ("key", "a.b"),
    )
    item = {"filters": [{"key": "Weapon System", "value": "X"}, {"key": "Type", "value": "Y"}], "n": [1, 2]}
    assert mapping_module.follow(parse_path('filters[key="Weapon System"].value'), item) == ["X"]
    assert mapping_module.follow(parse_path("filters[].value"), item) == ["X", "Y"]
    assert mapping_module.follow(parse_path("n[5]"), item) == []
    for bad in ("a..b", ".a", "a.", "a[", "a[x", "a]b", ""):
        with pytest.raises(ValueError):
            parse_path(bad)


def test_shipped_mappings_parse_and_name_their_values():
    for name in mapping_module.shipped_names():
        loaded = mapping_module.load(name)
        assert loaded.about and loaded.format.value in ("csv", "json", "jsonl")
        assert "uid" in loaded.columns and loaded.columns["uid"][0].text.startswith(f"{name}:")


def toml_string(text: str) -> str:
    escaped = "".join(
        "\\" + char if char in '"\\' else f"\\u{ord(char):04x}" if ord(char) < 0x20 or ord(char) == 0x7F else char
        for char in text
    )
    return f'"{escaped}"'


def _template(text: str) -> Template:
    spec = parse(f'format = "csv"\n[columns]\ndate = "d"\ndescription = {toml_string(text)}\n'.encode(), "t").columns
    found = spec["description"][0]
    assert isinstance(found, Template)
    return found


NAMES = st.text(alphabet=st.characters(blacklist_characters="{}", blacklist_categories=("Cs",)), min_size=1).filter(
    lambda name: name.strip() != ""
)
LITERALS = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8).map(
    lambda text: text.replace("{", "{{").replace("}", "}}")
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(LITERALS, NAMES), min_size=1, max_size=4),
    LITERALS,
    st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=6), min_size=4, max_size=4),
)
def test_templates_render_their_values(pairs, tail, values):
    text = "".join(f"{literal}{{{name}}}" for literal, name in pairs) + tail
    template = _template(text)
    refs = template.refs
    assert [ref.text for ref in refs] == [name.strip().lower() for _, name in pairs]
    by_ref = {ref: values[index] for index, ref in enumerate(refs)}
    rendered = render(template, lambda ref: by_ref[ref])

    def unescape(literal: str) -> str:
        return literal.replace("{{", "{").replace("}}", "}")

    if not any(by_ref.values()):
        assert rendered == ""
    elif all(by_ref.values()):
        expected = "".join(unescape(literal) + by_ref[ref] for (literal, _), ref in zip(pairs, refs, strict=True))
        assert rendered == expected + unescape(tail)
    else:
        # every value that is there is there, in order, and nothing of an empty one
        position = 0
        for ref in refs:
            if by_ref[ref]:
                found = rendered.find(by_ref[ref], position)
                assert found >= 0
                position = found + len(by_ref[ref])
        # the text after the last placeholder stays, but for the brackets that close an empty last value
        assert rendered.endswith(unescape(tail).lstrip(mapping_module._CLOSERS))


def test_template_examples():
    template = _template("{title}. {brief description}")
    assert render(template, {Ref("title"): "A", Ref("brief description"): "B"}.__getitem__) == "A. B"
    assert render(template, {Ref("title"): "A", Ref("brief description"): ""}.__getitem__) == "A"
    assert render(template, {Ref("title"): "", Ref("brief description"): "B"}.__getitem__) == "B"
    assert render(template, {Ref("title"): "", Ref("brief description"): ""}.__getitem__) == ""
    braces = _template("{{literal}} {x}")
    assert render(braces, {Ref("x"): "1"}.__getitem__) == "{literal} 1"


def _reader(tmp_path: Path, mapping_text: str, rows: list[list[str]]) -> MappedReader:
    from harmtrack.io.base import Source

    path = tmp_path / "in.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return MappedReader(Source.open(str(path)), "utf-8-sig", parse(mapping_text.encode(), "m.toml"))


WEAPON_WORDS = st.sampled_from(["Grad", "HE rocket artillery", "Lancet", "Thermobaric munition", "slingshot"])


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(WEAPON_WORDS, st.sampled_from(["mlrs", "artillery", "drone", ""]), max_size=3),
    WEAPON_WORDS,
    st.sampled_from([str.upper, str.lower, lambda text: f"  {text} "]),
    st.booleans(),
)
def test_value_maps_then_the_vocabulary_then_the_default_or_an_error(tmp_path_factory, table, value, spelling, default):
    tmp_path = tmp_path_factory.mktemp("values")
    entries = "".join(f"{json.dumps(source)} = {json.dumps(target)}\n" for source, target in table.items())
    text = 'format = "csv"\n[columns]\ndate = "d"\nweapon = "w"\n[values.weapon]\n' + entries
    if default:
        text += '[defaults]\nweapon = "unknown"\n'
    reader = _reader(tmp_path, text, [["d", "w"], ["2024-01-01", spelling(value)]])
    vocabularies = vocab.shipped()
    [row] = list(reader.rows(vocabularies))
    reader.source.close()
    in_vocabulary = vocabularies.weapons.resolve(value) is not None
    if value in table:
        assert row.error is None
        expected = table[value] or ("unknown" if default else None)
        assert row.raw is not None and row.raw["weapon"] == expected
    elif in_vocabulary:
        assert row.raw is not None and row.raw["weapon"] == spelling(value)  # validate resolves the alias
    elif default:
        assert row.raw is not None and row.raw["weapon"] == "unknown"
        assert any("took the default 'unknown'" in warning for warning in row.warnings)
    else:
        assert row.raw is None and row.error is not None
        assert repr(spelling(value)) in row.error and "[values.weapon] of the mapping m.toml" in row.error


# --------------------------------------------------------------------------- a place for a point


def test_nearest_settlement_counts_from_the_edge_of_a_city():
    chuhuiv = places.nearest_settlement(49.85005, 36.659031)
    assert chuhuiv is not None and (chuhuiv.city, chuhuiv.region) == ("Chuhuiv", "Kharkiv Oblast")
    # 10 km from Kharkiv's centre is still Kharkiv, not the village nearer that point
    edge = places.nearest_settlement(50.046871, 36.354415)
    assert edge is not None and edge.city == "Kharkiv" and edge.km > 9 and edge.beyond_edge_km == 0
    assert places.nearest_settlement(49.211889, 38.905691) is None  # nothing listed within 6 km
    assert places.nearest_settlement("50.45", "30.52").city == "Kyiv"  # type: ignore[union-attr]
    assert places.nearest_settlement(None, 30.5) is None and places.nearest_settlement("x", "y") is None
    assert places.nearest_settlement(91, 30) is None


def test_a_named_settlement_near_a_point():
    izium = places.settlement_named("Izyum", 49.2020, 37.2660)
    assert izium is not None and (izium.city, izium.region) == ("Izium", "Kharkiv Oblast")
    assert places.settlement_named("Izyum", 50.45, 30.52) is None
    assert places.settlement_named("", 49.2, 37.2) is None


def test_the_radius_follows_the_gazetteers_density():
    """NEAREST_KM is the radius of the circle each listed Ukrainian settlement stands for on average."""
    gaz = places._gazetteer()
    whole = [p for p in gaz.places if p.parent < 0 and gaz.regions[p.region].country == "Ukraine"]
    ukraine_km2 = 603_628
    per_settlement = ukraine_km2 / len(whole)
    assert abs((per_settlement / 3.141592653589793) ** 0.5 - places.NEAREST_KM) < 0.5
    assert places.extent_km(1_000) < 0.5 < places.extent_km(40_000) < 3 < 17 < places.extent_km(2_952_301) < 18


def test_bad_mapping_value_is_a_usage_error_from_parse():
    with pytest.raises(UsageError):
        parse(b'format = "csv"\n[columns]\ndate = 5\n', "m")

"""export: the canonical CSV, JSON, JSONL and GeoJSON on stdout, with the list filters."""

import csv
import io
import json

from harmtrack.model import FIELDS


def add_three(harmtrack):
    harmtrack.ok(
        "add",
        "--date",
        "2024-10-30",
        "--city",
        "Kharkiv",
        "--latitude",
        "49.98081",
        "--longitude",
        "36.25272",
        "--killed",
        "3",
        "--weapon",
        "KAB",
        "--description",
        '=HYPERLINK("x") strike',
        "--perpetrator",
        "-",
    )
    harmtrack.ok(
        "add",
        "--date",
        "2024-10-28",
        "--region",
        "Sumy Oblast",
        "--status",
        "discounted",
        "--description",
        '@night; "quoted", Суми',
    )
    harmtrack.ok("add", "--date", "2024-10-30", "--city", "Odesa", "--latitude", "46.48", "--longitude", "-0.5",
                 "--weapon", "Shahed")  # fmt: skip


def by_city(out: str) -> dict[str, dict]:
    return {row["city"]: row for row in csv.DictReader(io.StringIO(out))}


def test_csv_is_canonical_in_date_then_uid_order_with_every_status(harmtrack):
    add_three(harmtrack)
    out = harmtrack.ok("export").stdout
    assert out.splitlines()[0] == ",".join(FIELDS)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["date"] for row in rows] == ["2024-10-28", "2024-10-30", "2024-10-30"]
    assert rows[1]["uid"] < rows[2]["uid"]
    assert rows[0]["status"] == "discounted"
    assert "\r" not in out


def test_filters_apply(harmtrack):
    add_three(harmtrack)
    rows = json.loads(
        harmtrack.ok("export", "--format", "json", "--status", "unverified", "--since", "2024-10-29").stdout
    )
    assert sorted(row["city"] for row in rows) == ["Kharkiv", "Odesa"]
    rows = json.loads(harmtrack.ok("export", "--format", "json", "--weapon", "glide bomb").stdout)
    assert [row["city"] for row in rows] == ["Kharkiv"]


def test_json_is_a_top_level_list_and_matches_list(harmtrack):
    add_three(harmtrack)
    out = harmtrack.ok("export", "--format", "json").stdout
    records = json.loads(out)
    assert isinstance(records, list) and len(records) == 3
    assert list(records[0]) == list(FIELDS)
    listed = json.loads(harmtrack.ok("list", "--format", "json").stdout)
    assert [list(item) for item in listed] == [["id", *FIELDS]] * 3  # list carries the id first (SPEC)
    assert [{name: item[name] for name in FIELDS} for item in listed] == records
    assert harmtrack.ok("export", "--format", "json", "--city", "Nowhere").stdout == "[]\n"


def test_jsonl_is_one_object_per_line(harmtrack):
    add_three(harmtrack)
    lines = harmtrack.ok("export", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["date"] for line in lines] == ["2024-10-28", "2024-10-30", "2024-10-30"]


def test_geojson_points_and_the_incidents_left_out(harmtrack):
    add_three(harmtrack)
    result = harmtrack.ok("export", "--format", "geojson")
    collection = json.loads(result.stdout)
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert len(features) == 2
    kharkiv = next(feature for feature in features if feature["properties"]["city"] == "Kharkiv")
    assert kharkiv["geometry"] == {"type": "Point", "coordinates": [36.25272, 49.98081]}
    assert kharkiv["properties"]["killed"] == 3
    assert "left out 1 incident without coordinates" in result.stderr


def test_round_coordinates_blurs_locations(harmtrack):
    add_three(harmtrack)
    collection = json.loads(harmtrack.ok("export", "--format", "geojson", "--round-coordinates", "1").stdout)
    points = sorted(feature["geometry"]["coordinates"] for feature in collection["features"])
    assert points == [[-0.5, 46.5], [36.3, 50.0]]
    rows = list(csv.DictReader(io.StringIO(harmtrack.ok("export", "--round-coordinates", "0").stdout)))
    assert {row["city"]: (row["latitude"], row["longitude"]) for row in rows if row["latitude"]} == {
        "Kharkiv": ("50", "36"),
        "Odesa": ("46", "0"),
    }


def test_excel_safe_neutralises_formulas_only_when_asked(harmtrack):
    add_three(harmtrack)
    plain = by_city(harmtrack.ok("export").stdout)
    assert plain["Kharkiv"]["description"] == '=HYPERLINK("x") strike'
    assert plain["Kharkiv"]["perpetrator"] == "-"
    safe = by_city(harmtrack.ok("export", "--excel-safe").stdout)
    assert safe["Kharkiv"]["description"] == '\'=HYPERLINK("x") strike'
    assert safe["Kharkiv"]["perpetrator"] == "'-"
    assert safe[""]["description"] == '\'@night; "quoted", Суми'
    assert safe["Odesa"]["longitude"] == "-0.5"  # numbers are left alone
    assert harmtrack("export", "--excel-safe", "--format", "json").exit_code == 2


def test_export_needs_a_database(harmtrack):
    result = harmtrack("export")
    assert result.exit_code == 1
    assert "no database" in result.stderr
    assert not harmtrack.db_path.exists()


def test_the_csv_built_in_sql_is_the_csv_built_from_records(harmtrack, tmp_path):
    """export --format csv reads its cells straight from SQL; they must be the
    bytes record_cells writes, for every escape the canonical CSV has."""
    import io as stdio

    from harmtrack.io.canonical import write_csv
    from harmtrack.store import Filters, open_store

    hard = [
        ["--damaged", "residential:flat 5; floor 2", "--damaged", "other:back\\slash", "--damaged", "medical:"],
        ["--source", "https://a.example/x;y", "--source", 'citation with \\ and ; and "quotes"'],
        ["--description", 'line one\nline two\r\nthird, with "quotes"', "--place", "=cmd|' /C calc'!A0"],
        ["--latitude", "50.0", "--longitude", "36.25", "--killed", "0", "--injured", "12"],
    ]
    for number, extra in enumerate(hard):
        harmtrack.ok("add", "--date", f"2024-10-2{number}", "--city", "Kharkiv", *extra)
    store = open_store(harmtrack.db_path, create=False)
    try:
        expected = stdio.StringIO()
        write_csv(store.select(Filters()), expected)
    finally:
        store.close()
    assert harmtrack.ok("export").stdout_bytes.decode() == expected.getvalue()  # bytes: CR kept
    assert harmtrack.ok("export", "--excel-safe").stdout.count("'=cmd") == 1

"""export --format datapackage: a Frictionless Data Package that frictionless
itself validates, whose incidents.csv is the canonical CSV and whose long
tables hold every damaged site and source, written whole or not at all."""

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from frictionless import Package, validate

from harmtrack.io import datapackage
from harmtrack.model import FIELDS

KHARKIV = "0b0c5f6e-2f0a-4b8e-9a51-1a2b3c4d5e01"
REGION_ONLY = "0b0c5f6e-2f0a-4b8e-9a51-1a2b3c4d5e02"
ODESA = "0b0c5f6e-2f0a-4b8e-9a51-1a2b3c4d5e03"

# Every field used: ranges, children, unknowns, a repeated site, separators and
# line breaks inside items, sources with and without publisher and date, a
# discounted incident, one placed by region only, and week and month precision.
EVERY_FIELD = [
    {
        "uid": KHARKIV,
        "date": "2024-10-30",
        "date_precision": "day",
        "country": "Ukraine",
        "region": "Kharkiv Oblast",
        "city": "Kharkiv",
        "district": "Osnovyanskyi district",
        "place": "Derzhprom, Freedom Square",
        "latitude": 49.9935,
        "longitude": 36.2304,
        "weapon": "glide bomb",
        "weapon_detail": "KAB-500",
        "perpetrator": "Russian Armed Forces",
        "killed": 3,
        "killed_min": 2,
        "killed_max": 5,
        "injured": 36,
        "injured_min": 30,
        "injured_max": 40,
        "children_killed": 2,
        "children_injured": 4,
        "damaged": [
            {"kind": "residential", "name": "apartment building"},
            {"kind": "residential", "name": "private house"},
            {"kind": "residential", "name": "private house"},
            {"kind": "education", "name": "school No. 5; annex"},
            {"kind": "medical", "name": "clinic\r\nwing B"},
            {"kind": "energy", "name": ""},
        ],
        "status": "confirmed",
        "description": 'A "glide bomb" hit, then a second;\nthe toll rose.',
        "sources": [
            {"url": "https://example.org/a", "publisher": "Ukrinform", "published": "2024-10-31"},
            {"url": "HRMMU update, 31 October 2024", "publisher": "OHCHR", "published": None},
            {"url": "https://example.org/b;c\\d", "publisher": None, "published": None},
        ],
    },
    {
        "uid": REGION_ONLY,
        "date": "2024-09-01",
        "date_precision": "month",
        "country": "Ukraine",
        "region": "Donetsk Oblast",
        "status": "discounted",
        "description": "Reported shelling; judged to be a strike on a military position.",
    },
    {
        "uid": ODESA,
        "date": "2024-W40",
        "city": "Odesa",
        "weapon": "Shahed",
        "killed": 0,
        "status": "contested",
        "sources": [{"url": "https://example.org/odesa", "publisher": None, "published": None}],
    },
]


@pytest.fixture
def every_field(harmtrack, tmp_path):
    path = tmp_path / "every.json"
    path.write_text(json.dumps(EVERY_FIELD), encoding="utf-8")
    harmtrack.ok("import", str(path))
    return harmtrack


def rows_of(package_path: Path, resource: str) -> list[dict]:
    """The typed rows frictionless reads from one table of the package."""
    with Package(str(package_path)).get_resource(resource) as table:
        return [row.to_dict() for row in table.row_stream]


def problems(path: Path) -> list:
    report = validate(str(path))
    return [*report.flatten(["type", "note"]), *[[error.type, error.note] for error in report.errors]]


def test_the_demo_package_validates_and_its_incidents_are_the_canonical_csv(harmtrack, tmp_path):
    harmtrack.ok("demo")
    result = harmtrack.ok("export", "--format", "datapackage", "out")
    out = tmp_path / "out"
    assert sorted(path.name for path in out.iterdir()) == [
        "damaged.csv",
        "datapackage.json",
        "incidents.csv",
        "sources.csv",
    ]
    assert problems(out / "datapackage.json") == []
    assert (out / "incidents.csv").read_bytes() == harmtrack.ok("export", "--format", "csv").stdout.encode()
    assert "wrote out: 43 incidents, 55 damaged sites, 43 sources" in result.stderr


def test_a_package_with_every_field_used_validates(every_field, tmp_path):
    every_field.ok("export", "--format", "datapackage", "out", "--validate")
    descriptor = tmp_path / "out" / "datapackage.json"
    assert problems(descriptor) == []

    incidents = {row["uid"]: row for row in rows_of(descriptor, "incidents")}
    assert set(incidents) == {KHARKIV, REGION_ONLY, ODESA}  # export keeps every status, discounted too
    kharkiv, region_only, odesa = incidents[KHARKIV], incidents[REGION_ONLY], incidents[ODESA]
    assert (kharkiv["killed"], kharkiv["killed_min"], kharkiv["killed_max"]) == (3, 2, 5)
    assert (kharkiv["children_killed"], kharkiv["children_injured"]) == (2, 4)
    assert kharkiv["weapon"] == "glide-bomb" and float(kharkiv["latitude"]) == 49.9935
    assert kharkiv["description"] == 'A "glide bomb" hit, then a second;\nthe toll rose.'
    # Unknown stays null; 0 stays 0.
    assert region_only["killed"] is None and region_only["injured"] is None and region_only["city"] is None
    assert region_only["status"] == "discounted" and region_only["date_precision"] == "month"
    assert odesa["killed"] == 0 and odesa["injured"] is None and odesa["latitude"] is not None
    assert odesa["date_precision"] == "week" and str(odesa["date"]) == "2024-09-30"

    sites = [(row["incident_uid"], row["position"], row["kind"], row["name"]) for row in rows_of(descriptor, "damaged")]
    assert sites == [
        (KHARKIV, 1, "residential", "apartment building"),
        (KHARKIV, 2, "residential", "private house"),
        (KHARKIV, 3, "residential", "private house"),
        (KHARKIV, 4, "education", "school No. 5; annex"),
        (KHARKIV, 5, "medical", "clinic\r\nwing B"),
        (KHARKIV, 6, "energy", None),
    ]
    sources = [
        (row["incident_uid"], row["position"], row["url"], row["publisher"], row["published"] and str(row["published"]))
        for row in rows_of(descriptor, "sources")
    ]
    assert sources == [  # in export order: by date, then uid
        (ODESA, 1, "https://example.org/odesa", None, None),
        (KHARKIV, 1, "https://example.org/a", "Ukrinform", "2024-10-31"),
        (KHARKIV, 2, "HRMMU update, 31 October 2024", "OHCHR", None),
        (KHARKIV, 3, "https://example.org/b;c\\d", None, None),
    ]


def test_the_schema_declares_types_constraints_keys_and_the_database_vocabulary(every_field, tmp_path):
    every_field.ok("vocab", "add", "weapon", "thermobaric", "--label", "Thermobaric weapon", "--class", "other")
    every_field.ok("export", "--format", "datapackage", "out")
    package = json.loads((tmp_path / "out" / "datapackage.json").read_text(encoding="utf-8"))
    tables = {resource["name"]: resource for resource in package["resources"]}
    incidents = tables["incidents"]["schema"]
    fields = {field["name"]: field for field in incidents["fields"]}
    assert [field["name"] for field in incidents["fields"]] == list(FIELDS)
    assert incidents["missingValues"] == [""] and incidents["primaryKey"] == ["uid"]
    assert all(field["title"] and field["description"] for field in fields.values())
    for count in ("killed", "killed_min", "injured_max", "children_killed", "children_injured"):
        assert fields[count]["type"] == "integer" and fields[count]["constraints"]["minimum"] == 0
    assert "unknown, which is not zero" in fields["killed"]["description"]
    assert fields["date"]["type"] == "date" and fields["latitude"]["constraints"] == {"minimum": -90, "maximum": 90}
    assert fields["date_precision"]["constraints"]["enum"] == ["day", "week", "month", "year"]
    assert fields["status"]["constraints"]["enum"] == [
        "unverified",
        "corroborated",
        "confirmed",
        "contested",
        "discounted",
    ]
    weapons = fields["weapon"]["constraints"]["enum"]
    assert "thermobaric" in weapons and "glide-bomb" in weapons and "unknown" in weapons
    assert {"value": "thermobaric", "label": "Thermobaric weapon"} in fields["weapon"]["categories"]
    for name in ("damaged", "sources"):
        schema = tables[name]["schema"]
        assert schema["primaryKey"] == ["incident_uid", "position"]
        assert schema["foreignKeys"] == [
            {"fields": ["incident_uid"], "reference": {"resource": "incidents", "fields": ["uid"]}}
        ]
    kinds = {field["name"]: field for field in tables["damaged"]["schema"]["fields"]}["kind"]
    assert "education" in kinds["constraints"]["enum"] and "medical" in kinds["constraints"]["enum"]
    assert "every status, discounted included" in package["description"]


def test_the_declared_constraints_catch_bad_data(every_field, tmp_path):
    """The schema is not decoration: frictionless finds a negative count, a
    weapon outside the vocabulary and a site of an incident that is not there."""
    every_field.ok("export", "--format", "datapackage", "out")
    out = tmp_path / "out"
    incidents = (out / "incidents.csv").read_text(encoding="utf-8")
    (out / "incidents.csv").write_text(
        incidents.replace(",glide-bomb,KAB-500,Russian Armed Forces,3,", ",laser,KAB-500,Russian Armed Forces,-3,"),
        encoding="utf-8",
    )
    with (out / "damaged.csv").open("a", encoding="utf-8") as damaged:
        damaged.write("0b0c5f6e-2f0a-4b8e-9a51-1a2b3c4d5eff,1,residential,house\n")
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        del resource["hash"], resource["bytes"]
    (out / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    found = {kind for kind, _ in problems(out / "datapackage.json")}
    assert {"constraint-error", "foreign-key"} <= found


def test_a_changed_file_no_longer_matches_its_recorded_hash(harmtrack, tmp_path):
    harmtrack.ok("demo")
    harmtrack.ok("export", "--format", "datapackage", "out")
    sources = tmp_path / "out" / "sources.csv"
    sources.write_text(sources.read_text(encoding="utf-8").replace("sample/06", "sample/60"), encoding="utf-8")
    assert "hash-count" in {kind for kind, _ in problems(tmp_path / "out" / "datapackage.json")}


def test_filters_licence_and_source_shape_the_package(harmtrack, tmp_path):
    harmtrack.ok("demo")
    harmtrack.ok(
        "export",
        "--format",
        "datapackage",
        "out",
        "--city",
        "Kharkiv",
        "--round-coordinates",
        "1",
        "--title",
        "Kharkiv strikes",
        "--licence",
        "CC-BY-4.0",
        "--licence-url",
        "https://creativecommons.org/licenses/by/4.0/",
        "--source",
        "Example monitor",
        "--source-url",
        "https://example.org",
    )
    out = tmp_path / "out"
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert package["title"] == "Kharkiv strikes"
    assert package["licenses"] == [
        {"name": "CC-BY-4.0", "title": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}
    ]
    assert package["sources"] == [{"title": "Example monitor", "path": "https://example.org"}]
    assert "--city Kharkiv" in package["description"]
    incidents = rows_of(out / "datapackage.json", "incidents")
    assert incidents and {row["city"] for row in incidents} == {"Kharkiv"}
    assert all(round(row["latitude"], 1) == row["latitude"] for row in incidents)
    uids = {row["uid"] for row in incidents}
    assert {row["incident_uid"] for row in rows_of(out / "datapackage.json", "sources")} == uids
    assert problems(out / "datapackage.json") == []


def test_a_folder_that_is_not_empty_is_replaced_only_with_force(harmtrack, tmp_path):
    harmtrack.ok("demo")
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    refused = harmtrack("export", "--format", "datapackage", "out")
    assert refused.exit_code == 2
    assert "out is not empty" in refused.stderr and "--force" in refused.stderr
    assert [path.name for path in out.iterdir()] == ["notes.txt"]
    harmtrack.ok("export", "--format", "datapackage", "out", "--force")
    assert sorted(path.name for path in out.iterdir()) == datapackage_files()
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


def datapackage_files() -> list[str]:
    return sorted([datapackage.DESCRIPTOR, datapackage.INCIDENTS, datapackage.DAMAGED, datapackage.SOURCES])


def test_an_empty_folder_is_used(harmtrack, tmp_path):
    harmtrack.ok("demo")
    (tmp_path / "out").mkdir()
    harmtrack.ok("export", "--format", "datapackage", "out")
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == datapackage_files()


def test_force_never_removes_the_database_or_a_folder(harmtrack, tmp_path):
    harmtrack.ok("demo")
    before = harmtrack.db_path.read_bytes()
    here = harmtrack("export", "--format", "datapackage", ".", "--force")
    assert here.exit_code == 2 and "is the database" in here.stderr
    assert harmtrack.db_path.read_bytes() == before
    nested = tmp_path / "nested"
    (nested / "inner").mkdir(parents=True)
    refused = harmtrack("export", "--format", "datapackage", "nested", "--force")
    assert refused.exit_code == 2 and "holds the folder inner" in refused.stderr
    assert (nested / "inner").is_dir()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--format", "datapackage"), "give DIR"),
        (("--format", "csv", "out"), "DIR (out) is for --format datapackage"),
        (("--format", "json", "--force"), "--force applies to --format datapackage"),
        (("--validate",), "--validate applies to --format datapackage"),
        (("--licence", "CC-BY-4.0"), "--licence applies to --format datapackage"),
        (("--format", "datapackage", "out", "--excel-safe"), "--excel-safe applies to --format csv"),
        (("--format", "datapackage", "missing/out"), "folder"),
    ],
)
def test_bad_usage_is_refused_in_one_line(harmtrack, tmp_path, args, expected):
    harmtrack.ok("demo")
    result = harmtrack("export", *args)
    assert result.exit_code == 2
    assert expected in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_a_file_in_the_way_is_refused(harmtrack, tmp_path):
    harmtrack.ok("demo")
    (tmp_path / "out").write_text("a file", encoding="utf-8")
    result = harmtrack("export", "--format", "datapackage", "out")
    assert result.exit_code == 2 and "out is not a folder" in result.stderr
    assert (tmp_path / "out").read_text(encoding="utf-8") == "a file"


def test_a_failure_half_way_leaves_nothing_behind(harmtrack, tmp_path, monkeypatch):
    harmtrack.ok("demo")

    def disk_full(path):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(datapackage, "_sha256", disk_full)
    result = harmtrack("export", "--format", "datapackage", "out")
    assert result.exit_code != 0
    assert not (tmp_path / "out").exists()
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


def test_validate_without_the_extra_gives_the_install_hint(harmtrack, tmp_path, monkeypatch):
    harmtrack.ok("demo")
    monkeypatch.setitem(sys.modules, "frictionless", None)  # as if not installed
    result = harmtrack("export", "--format", "datapackage", "out", "--validate")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "harmtrack: error: --validate needs the datapackage extra (frictionless): pip install 'harmtrack[datapackage]'"
    )
    assert not (tmp_path / "out").exists()


def test_the_long_tables_use_the_canonical_dialect(every_field, tmp_path):
    """LF line ends, and a cell with a line break quoted, as in incidents.csv."""
    every_field.ok("export", "--format", "datapackage", "out")
    raw = (tmp_path / "out" / "damaged.csv").read_bytes()
    assert b"\r\n" in raw.split(b'"clinic', 1)[1][:8]  # inside the quoted cell
    assert raw.replace(b"clinic\r\nwing", b"").count(b"\r") == 0
    rows = list(csv.reader(io.StringIO(raw.decode(), newline="")))
    assert rows[0] == ["incident_uid", "position", "kind", "name"]
    assert [row[3] for row in rows[1:]][4] == "clinic\r\nwing B"

"""--hxl: a row of HXL hashtags under the header of every CSV, tagged as HDX
tags ACLED's conflict data, that leaves the data and the package's validity
as they were."""

import csv
import io
import json
import re

import pytest
from frictionless import Package, validate

from harmtrack.io.datapackage import DAMAGED_COLUMNS, SOURCE_COLUMNS
from harmtrack.io.hxl import HASHTAGS
from harmtrack.model import FIELDS

# HXL 1.1: a hashtag, then attributes; lower-case letters, digits and underscores.
HASHTAG = re.compile(r"#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*")


def test_csv_export_gets_the_hashtag_row_under_the_header(harmtrack):
    harmtrack.ok("demo")
    plain = harmtrack.ok("export").stdout
    tagged = harmtrack.ok("export", "--hxl").stdout
    header, tags, *rows = list(csv.reader(io.StringIO(tagged)))
    assert header == list(FIELDS)
    assert tags == [HASHTAGS[column] for column in header]
    # The tags HDX's tools look for first, as HDX tags ACLED's conflict data.
    tag_of = dict(zip(header, tags, strict=True))
    assert {name: tag_of[name] for name in ("uid", "date", "country", "region", "latitude", "longitude")} == {
        "uid": "#event+id",
        "date": "#date+occurred",
        "country": "#country+name",
        "region": "#adm1+name",
        "latitude": "#geo+lat",
        "longitude": "#geo+lon",
    }
    assert (tag_of["killed"], tag_of["injured"], tag_of["sources"]) == (
        "#affected+killed",
        "#affected+injured",
        "#meta+source",
    )
    # Everything else is the canonical CSV, byte for byte.
    lines = tagged.split("\n")
    assert "\n".join([lines[0], *lines[2:]]) == plain
    assert len(rows) == 43


def test_the_hashtag_row_comes_with_excel_safe_and_rounding_too(harmtrack):
    harmtrack.ok("demo")
    out = harmtrack.ok("export", "--hxl", "--excel-safe", "--round-coordinates", "1").stdout
    header, tags, *rows = list(csv.reader(io.StringIO(out)))
    assert tags[0] == "#event+id" and tags[header.index("latitude")] == "#geo+lat"
    latitudes = [float(row[header.index("latitude")]) for row in rows if row[header.index("latitude")]]
    assert latitudes and all(round(latitude, 1) == latitude for latitude in latitudes)


@pytest.mark.parametrize("columns", [FIELDS, DAMAGED_COLUMNS, SOURCE_COLUMNS], ids=["incidents", "damaged", "sources"])
def test_every_column_has_a_well_formed_tag_and_no_two_collide(columns):
    tags = [HASHTAGS[column] for column in columns]
    assert all(HASHTAG.fullmatch(tag) for tag in tags), tags
    # A tool asking for a tag gets the first column that matches: each column must be its own.
    assert len(set(tags)) == len(tags)


def test_the_datapackage_with_hashtags_validates_and_reads_the_same_data(harmtrack, tmp_path):
    harmtrack.ok("demo")
    harmtrack.ok("export", "--format", "datapackage", "plain")
    harmtrack.ok("export", "--format", "datapackage", "tagged", "--hxl", "--validate")
    descriptor = tmp_path / "tagged" / "datapackage.json"
    report = validate(str(descriptor))
    assert report.valid, report.flatten(["type", "note"])
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    for resource in package["resources"]:
        assert resource["dialect"] == {"header": True, "headerRows": [1], "commentRows": [2]}
        with (tmp_path / "tagged" / resource["path"]).open(encoding="utf-8", newline="") as stream:
            header, tags = next(csv.reader(stream)), next(csv.reader(stream))
        assert tags == [HASHTAGS[column] for column in header]
    for table in ("incidents", "damaged", "sources"):
        assert read(tmp_path / "tagged", table) == read(tmp_path / "plain", table)
    damaged = (tmp_path / "tagged" / "damaged.csv").read_text(encoding="utf-8").splitlines()
    assert damaged[1] == "#event+id,#meta+position,#loc+type+damaged,#loc+name+damaged"
    sources = (tmp_path / "tagged" / "sources.csv").read_text(encoding="utf-8").splitlines()
    assert sources[1] == "#event+id,#meta+position,#meta+source,#meta+source+publisher,#date+reported"


def read(folder, table: str) -> list[dict]:
    with Package(str(folder / "datapackage.json")).get_resource(table) as resource:
        return [row.to_dict() for row in resource.row_stream]


@pytest.mark.parametrize("fmt", ["json", "jsonl", "geojson"])
def test_hxl_is_for_the_csv_formats_only(harmtrack, fmt):
    harmtrack.ok("demo")
    result = harmtrack("export", "--format", fmt, "--hxl")
    assert result.exit_code == 2
    assert "--hxl applies to --format csv and datapackage" in result.stderr


def test_an_export_with_hashtags_imports_again(harmtrack, tmp_path):
    harmtrack.ok("add", "--date", "2024-10-30", "--city", "Sumy", "--killed", "2")
    tagged = tmp_path / "tagged.csv"
    tagged.write_text(harmtrack.ok("export", "--hxl").stdout, encoding="utf-8")
    copy = tmp_path / "copy.db"
    from typer.testing import CliRunner

    from harmtrack.cli.app import app

    result = CliRunner().invoke(app, ["--db", str(copy), "import", str(tagged)])
    assert result.exit_code == 0 and "imported 1 incident" in result.stderr
    exported = CliRunner().invoke(app, ["--db", str(copy), "export"]).stdout
    assert exported == harmtrack.ok("export").stdout

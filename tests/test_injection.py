"""Injection (issue 8): every filter value is a bound parameter and every
sort key a whitelisted name, on every command that takes them; --excel-safe
neutralises spreadsheet formulas in every text cell, and the default keeps
the text as recorded. (tests/test_reports.py covers `report city --sort`,
tests/test_export.py the basic --excel-safe cases.)"""

import csv
import io
import json

import pytest

HOSTILE = [
    "x' OR '1'='1",
    "Kharkiv'; DROP TABLE incidents; --",
    '" OR 1=1 --',
    "%",
    "*",
    "Kharkiv' COLLATE NOCASE OR 'a'='a",
]


@pytest.fixture
def stored(harmtrack):
    harmtrack.ok("add", "--date", "2024-10-30", "--city", "Kharkiv", "--weapon", "KAB", "--killed", "3")
    harmtrack.ok("add", "--date", "2024-10-31", "--city", "Sumy", "--weapon", "drone", "--injured", "2")
    return harmtrack


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("option", ["--city", "--country", "--region"])
def test_a_hostile_filter_value_matches_nothing_and_changes_nothing(stored, option, value):
    before = stored.dump()
    listed = stored.ok("list", option, value, "--format", "json")
    assert json.loads(listed.stdout) == []
    assert json.loads(stored.ok("export", option, value, "--format", "json").stdout) == []
    report = stored.ok("report", "city", option, value, "--format", "json")
    assert json.loads(report.stdout) == []
    assert stored.dump() == before


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_status_or_weapon_or_date_is_bad_usage(stored, value):
    before = stored.dump()
    for option in ("--status", "--weapon", "--since", "--until"):
        result = stored("list", option, value)
        assert result.exit_code == 2, f"{option}: {result.stderr}"
        assert result.stderr.startswith(f"harmtrack: error: option {option}")
    assert stored.dump() == before


@pytest.mark.parametrize(
    "command",
    [("report", "city"), ("report", "weapon"), ("report", "matrix"), ("report", "timeline"), ("report", "sites")],
)
@pytest.mark.parametrize("sort", ["killed; DROP TABLE incidents", "killed DESC", "1", "(SELECT 1)", "i.killed"])
def test_every_report_refuses_a_sort_key_it_does_not_know(stored, command, sort):
    before = stored.dump()
    result = stored(*command, "--sort", sort)
    assert result.exit_code == 2, result.stderr
    assert "--sort" in result.stderr and "valid:" in result.stderr
    assert stored.dump() == before


FORMULAS = {
    "description": '\t=HYPERLINK("http://evil","x")',
    "perpetrator": "+cmd|' /C calc'!A0",
    "place": "@SUM(1+1)*cmd|' /C calc'!A0",
    "weapon_detail": "-2+3",
}


def test_excel_safe_neutralises_every_text_cell_and_the_default_keeps_them(harmtrack):
    options = [item for name, value in FORMULAS.items() for item in (f"--{name.replace('_', '-')}", value)]
    harmtrack.ok(
        "add",
        "--date",
        "2024-10-30",
        "--city",
        "=Kharkiv",
        "--latitude",
        "-49.99",
        "--longitude",
        "-36.23",
        "--killed",
        "3",
        "--damaged",
        "residential:=cmd",
        "--source",
        '=IMPORTXML("http://evil")',
        *options,
    )
    harmtrack.ok("add", "--date", "2024-10-31", "--city", "Sumy", "--description", "\r=1+1")
    plain, second = csv.DictReader(io.StringIO(harmtrack.ok("export").stdout))
    assert {name: plain[name] for name in FORMULAS} == FORMULAS, "the default keeps the text as recorded"
    assert plain["city"] == "=Kharkiv"
    safe, second_safe = csv.DictReader(io.StringIO(harmtrack.ok("export", "--excel-safe").stdout))
    assert second["description"] == "\r=1+1" and second_safe["description"] == "'\r=1+1"
    for name in (*FORMULAS, "city"):
        assert safe[name] == "'" + plain[name], name
    assert safe["latitude"] == "-49.99" and safe["longitude"] == "-36.23" and safe["killed"] == "3"
    assert safe["sources"].startswith("'=") and safe["damaged"] == plain["damaged"]

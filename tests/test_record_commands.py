"""add, list, show, edit, delete, history through the command line."""

import csv
import io
import json
import os
import stat

import pytest

from harmtrack.model import FIELDS

WEDNESDAY_STRIKE = [
    "add",
    "--date", "2024-10-30",
    "--city", "Kharkiv",
    "--weapon", "glide bomb",
    "--weapon-detail", "KAB-500",
    "--perpetrator", "Russian armed forces",
    "--killed", "3",
    "--children-killed", "2",
    "--injured", "36",
    "--damaged", "residential:residential building",
    "--source", "https://example.org/roundup-978-982",
    "--description", "Glide bomb strike on a residential building [sic]",
]  # fmt: skip


def records(result) -> list[dict]:
    return json.loads(result.stdout)


def test_add_prints_the_new_id_and_stores_every_field(harmtrack):
    assert harmtrack.ok(*WEDNESDAY_STRIKE).stdout == "1\n"
    [record] = records(harmtrack.ok("show", "1", "--format", "json"))
    assert record["date"] == "2024-10-30"
    assert record["date_precision"] == "day"
    assert record["weapon"] == "glide-bomb"
    assert (record["killed"], record["injured"], record["children_killed"]) == (3, 36, 2)
    assert record["children_injured"] is None
    assert record["damaged"] == [{"kind": "residential", "name": "residential building"}]
    assert record["sources"] == [{"url": "https://example.org/roundup-978-982", "publisher": None, "published": None}]
    assert record["description"] == "Glide bomb strike on a residential building [sic]"
    assert record["status"] == "unverified"
    assert list(record) == [*FIELDS, "merged_uids"]  # show names the reports merged into it


def test_the_database_file_is_private(harmtrack):
    harmtrack.ok(*WEDNESDAY_STRIKE)
    assert stat.S_IMODE(os.stat(harmtrack.db_path).st_mode) == 0o600


def test_month_precision_from_the_date(harmtrack):
    harmtrack.ok("add", "--date", "2024-10", "--region", "Donetsk Oblast")
    [record] = records(harmtrack.ok("list", "--format", "json"))
    assert (record["date"], record["date_precision"]) == ("2024-10-01", "month")
    assert record["killed"] is None
    assert record["weapon"] == "unknown"


def test_list_piped_is_canonical_csv(harmtrack):
    harmtrack.ok(*WEDNESDAY_STRIKE)
    harmtrack.ok("add", "--date", "2024-10-28", "--city", "Kharkiv", "--damaged", "cultural:Derzhprom")
    out = harmtrack.ok("list").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert out.splitlines()[0] == ",".join(("id", *FIELDS))  # the id first, then the canonical columns
    assert [row["id"] for row in rows] == ["2", "1"]
    assert [row["date"] for row in rows] == ["2024-10-28", "2024-10-30"]
    assert rows[1]["killed"] == "3"
    assert rows[0]["killed"] == ""


def test_table_keeps_markup_like_text(harmtrack):
    harmtrack.ok(*WEDNESDAY_STRIKE)
    out = harmtrack.ok("show", "1", "--format", "table").stdout
    assert "[sic]" in out


def test_list_filters_and_limit(harmtrack):
    harmtrack.ok(*WEDNESDAY_STRIKE)
    harmtrack.ok("add", "--date", "2024-09-01", "--city", "Sumy", "--weapon", "Shahed", "--status", "discounted")
    harmtrack.ok("add", "--date", "2024-10-31", "--city", "Odesa", "--weapon", "Iskander-M", "--killed", "0")

    def cities(*filters):
        return [r["city"] for r in records(harmtrack.ok("list", "--format", "json", *filters))]

    assert cities() == ["Sumy", "Kharkiv", "Odesa"]
    assert cities("--since", "2024-10") == ["Kharkiv", "Odesa"]
    assert cities("--until", "2024-10") == ["Sumy", "Kharkiv", "Odesa"]
    assert cities("--until", "2024-09") == ["Sumy"]
    assert cities("--weapon", "shahed") == ["Sumy"]
    assert cities("--weapon", "ballistic-missile") == ["Odesa"]
    assert cities("--city", "kharkiv") == ["Kharkiv"]
    assert cities("--status", "discounted") == ["Sumy"]
    assert cities("--limit", "1") == ["Sumy"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--killed", "three"], "option --killed: 'three' is not a whole number"),
        (["--killed", "-1"], "option --killed: '-1' is negative"),
        (["--killed", "2", "--children-killed", "3"], "option --children-killed: 3 is more than killed (2)"),
        (["--injured", "5", "--injured-min", "6"], "option --injured-min: 6 is more than injured (5)"),
        (["--killed", "5", "--killed-max", "4"], "option --killed-max: 4 is less than killed (5)"),
        (["--killed-min", "4"], "option --killed-min: a range needs the best estimate in 'killed'"),
        (["--date", "2099-01-01"], "option --date: '2099-01-01' is in the future"),
        (["--date", "03/04/2024"], "--dayfirst or --monthfirst"),
        (["--date", "2024-02-30"], "'2024-02-30' is not a calendar date"),
        (["--date", "2024-10-30", "--date-precision", "month"], "write 2024-10-01"),
        (["--latitude", "95", "--longitude", "30"], "option --latitude: '95' is outside -90 to 90"),
        (["--latitude", "50"], "latitude and longitude go together"),
        (["--weapon", "shahd"], "did you mean loitering-munition"),
        (["--status", "maybe"], "'maybe' is not one of unverified, corroborated"),
        (["--damaged", "hospitl:City Hospital"], "not a site kind"),
        (["--uid", "not-a-uuid"], "is not a UUID"),
    ],
)
def test_invalid_options_are_bad_usage_and_change_nothing(harmtrack, options, message):
    harmtrack.ok(*WEDNESDAY_STRIKE)
    before = harmtrack.dump()
    base = {"--date": "2024-10-30", "--city": "Kharkiv"}
    for name, value in zip(options[::2], options[1::2], strict=True):
        base[name] = value
    result = harmtrack("add", *[part for pair in base.items() for part in pair])
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output
    assert harmtrack.dump() == before


def test_a_place_is_required(harmtrack):
    result = harmtrack("add", "--date", "2024-10-30")
    assert result.exit_code == 2
    assert "one of city, region or country is required" in result.stderr
    assert not harmtrack.db_path.exists()


def test_reading_commands_refuse_a_missing_database_and_create_nothing(harmtrack):
    for command in (["list"], ["show", "1"], ["history"], ["vocab"]):
        result = harmtrack(*command)
        assert result.exit_code == 1
        assert "no database at" in result.stderr
    assert not harmtrack.db_path.exists()


def test_the_database_comes_from_the_environment(tmp_path, harmtrack):
    other = tmp_path / "from-env.db"
    result = harmtrack.runner.invoke(
        __import__("harmtrack.cli.app").cli.app.app,
        ["add", "--date", "2024-10-30", "--city", "Sumy"],
        env={"HARMTRACK_DB": str(other)},
    )
    assert result.exit_code == 0
    assert other.exists()


def test_show_of_an_unknown_id_fails_cleanly(harmtrack):
    harmtrack.ok(*WEDNESDAY_STRIKE)
    result = harmtrack("show", "99")
    assert result.exit_code == 1
    assert result.stderr == "harmtrack: error: no incident with id 99; `harmtrack list` shows them\n"


def test_edit_changes_fields_and_lists_and_logs_before_and_after(harmtrack):
    harmtrack.ok(*WEDNESDAY_STRIKE)
    harmtrack.ok(
        "edit", "1",
        "--killed", "4",
        "--clear", "injured",
        "--add-damaged", "school:Lyceum No. 5",
        "--remove-damaged", "residential:residential building",
        "--add-source", "https://example.org/update",
        "--status", "corroborated",
    )  # fmt: skip
    [record] = records(harmtrack.ok("show", "1", "--format", "json"))
    assert record["killed"] == 4
    assert record["injured"] is None
    assert record["damaged"] == [{"kind": "education", "name": "Lyceum No. 5"}]
    assert [source["url"] for source in record["sources"]] == [
        "https://example.org/roundup-978-982",
        "https://example.org/update",
    ]
    entries = records(harmtrack.ok("history", "1", "--format", "json"))
    edits = {entry["field"]: (entry["before"], entry["after"]) for entry in entries if entry["action"] == "edit"}
    assert edits["killed"] == (3, 4)
    assert edits["injured"] == (36, None)
    assert edits["status"] == ("unverified", "corroborated")
    assert {entry["changed_by"] for entry in entries} == {"tester"}


def test_edit_that_breaks_an_invariant_changes_nothing(harmtrack):
    harmtrack.ok(*WEDNESDAY_STRIKE)
    before = harmtrack.dump()
    result = harmtrack("edit", "1", "--killed", "1")
    assert result.exit_code == 2
    assert "--children-killed: 2 is more than killed (1)" in result.stderr
    assert harmtrack.dump() == before


def test_edit_keeps_month_precision(harmtrack):
    harmtrack.ok("add", "--date", "2024-10", "--city", "Sumy")
    harmtrack.ok("edit", "1", "--killed", "2")
    [record] = records(harmtrack.ok("show", "1", "--format", "json"))
    assert (record["date"], record["date_precision"], record["killed"]) == ("2024-10-01", "month", 2)


def test_delete_without_a_terminal_or_yes_deletes_nothing(harmtrack):
    harmtrack.ok(*WEDNESDAY_STRIKE)
    before = harmtrack.dump()
    result = harmtrack("delete", "1")
    assert result.exit_code == 2
    assert "--yes" in result.stderr
    assert harmtrack.dump() == before


def test_deleted_record_keeps_its_history(harmtrack):
    harmtrack.ok(*WEDNESDAY_STRIKE)
    uid = records(harmtrack.ok("show", "1", "--format", "json"))[0]["uid"]
    harmtrack.ok("delete", "1", "--yes")
    assert records(harmtrack.ok("list", "--format", "json")) == []
    entries = records(harmtrack.ok("history", uid, "--format", "json"))
    assert [entry["action"] for entry in entries if entry["field"] == "killed"] == ["add", "delete"]
    deleted = next(e for e in entries if e["action"] == "delete" and e["field"] == "killed")
    assert (deleted["before"], deleted["after"]) == (3, None)


def test_vocab_lists_and_extends(harmtrack):
    harmtrack.ok(*WEDNESDAY_STRIKE)
    out = harmtrack.ok("vocab", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    glide = next(row for row in rows if row["code"] == "glide-bomb")
    assert glide["class"] == "air-launched"
    assert "KAB" in glide["aliases"]
    assert {row["code"] for row in rows if row["vocabulary"] == "site"} >= {"residential", "medical", "cultural"}

    harmtrack.ok("vocab", "alias", "weapon", "Geran-3", "loitering-munition")
    harmtrack.ok("add", "--date", "2024-10-30", "--city", "Sumy", "--weapon", "geran-3")
    assert records(harmtrack.ok("list", "--format", "json", "--city", "Sumy"))[0]["weapon"] == "loitering-munition"

    harmtrack.ok("vocab", "add", "weapon", "thermobaric", "--class", "ground-launched")
    harmtrack.ok("vocab", "add", "site", "sports")
    harmtrack.ok(
        "add", "--date", "2024-10-30", "--city", "Sumy", "--weapon", "thermobaric", "--damaged", "sports:Stadium"
    )

    assert harmtrack("vocab", "alias", "weapon", "KAB", "drone").exit_code == 2
    assert harmtrack("vocab", "alias", "weapon", "X-1", "nothing").exit_code == 2
    assert harmtrack("vocab", "add", "weapon", "Bad Code", "--class", "missile").exit_code == 2
    assert harmtrack("vocab", "add", "weapon", "laser", "--class", "space").exit_code == 2


def test_version_and_help_for_every_command(harmtrack):
    assert harmtrack.ok("--version").stdout.startswith("harmtrack ")
    for command in ("add", "list", "show", "edit", "delete", "history", "vocab"):
        assert "Usage" in harmtrack.ok(command, "--help").stdout


def test_unknown_command_is_bad_usage(harmtrack):
    result = harmtrack("frobnicate")
    assert result.exit_code == 2
    assert result.stderr.startswith("harmtrack: error: No such command")

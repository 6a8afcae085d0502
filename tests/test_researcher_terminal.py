"""A researcher's terminal: options where people type them, readable help, ids
or uids, reasons for changes, and undo (restore, revert)."""

import json

from conftest import Harmtrack


def history(harmtrack: Harmtrack, incident: str) -> list[dict]:
    return json.loads(harmtrack.ok("history", incident, "--format", "json").stdout)


def test_global_options_work_before_or_after_the_command(tmp_path):
    from typer.testing import CliRunner

    from harmtrack.cli.app import app

    db = tmp_path / "x.db"
    runner = CliRunner()
    assert runner.invoke(app, ["add", "--date", "2024-10-30", "--city", "Sumy", "--db", str(db)]).exit_code == 0
    for args in (["report", "matrix", "--db", str(db)], [f"--db={db}", "report", "matrix"], ["list", f"--db={db}"]):
        result = runner.invoke(app, [*args, "--format", "csv"])
        assert result.exit_code == 0, result.stderr
        assert "Sumy" in result.stdout


def test_no_arguments_show_the_help_and_succeed():
    from typer.testing import CliRunner

    from harmtrack.cli.app import app

    result = CliRunner().invoke(app, [])
    assert result.exit_code == 0
    assert "Usage:" in result.stdout and "COMMAND" in result.stdout and "error" not in result.stderr


def test_help_shows_what_to_type_not_python_types(harmtrack):
    text = harmtrack.ok("add", "--help").stdout
    assert "<bool>" not in text and "<list[str]>" not in text and "<str>" not in text
    assert "DATE" in text and "INTEGER" in text


def test_ids_and_uids_name_the_same_record(harmtrack):
    harmtrack.ok("add", "--date", "2024-10-30", "--city", "Sumy", "--killed", "1")
    [record] = json.loads(harmtrack.ok("show", "1", "--format", "json").stdout)
    uid = record["uid"]
    assert json.loads(harmtrack.ok("show", uid, "--format", "json").stdout)[0]["killed"] == 1
    harmtrack.ok("edit", uid, "--killed", "2")
    assert json.loads(harmtrack.ok("show", uid.upper(), "--format", "json").stdout)[0]["killed"] == 2
    result = harmtrack("show", "3f2b8c1e-9d4a-4f6e-8b7a-2c1d0e9f8a7b")
    assert result.exit_code == 1 and "no incident with uid" in result.stderr


def test_a_reason_is_kept_and_an_edit_can_be_reverted(harmtrack):
    harmtrack.ok("add", "--date", "2024-10-30", "--city", "Sumy", "--killed", "1")
    harmtrack.ok("edit", "1", "--status", "confirmed", "--reason", "HRMMU confirmed it")
    harmtrack.ok("edit", "1", "--killed", "5", "--reason", "updated toll")
    entries = history(harmtrack, "1")
    assert ("edit", "reason", "HRMMU confirmed it") in {(e["action"], e["field"], e["after"]) for e in entries}
    killed_change = next(e["change"] for e in entries if e["field"] == "killed" and e["action"] == "edit")
    status_change = next(e["change"] for e in entries if e["field"] == "status" and e["action"] == "edit")
    result = harmtrack.ok("revert", str(status_change))
    assert "status restored" in result.stderr
    [record] = json.loads(harmtrack.ok("show", "1", "--format", "json").stdout)
    assert (record["status"], record["killed"]) == ("unverified", 5)
    harmtrack.ok("revert", str(killed_change))
    assert json.loads(harmtrack.ok("show", "1", "--format", "json").stdout)[0]["killed"] == 1
    refused = harmtrack("revert", str(status_change))  # the revert of it changed status since
    assert refused.exit_code == 1 and "changed status after change" in refused.stderr


def test_a_deleted_incident_is_restored_exactly(harmtrack):
    harmtrack.ok("add", "--date", "2024-10-30", "--city", "Sumy", "--killed", "3", "--damaged", "apartment building")
    before = harmtrack.ok("export").stdout
    uid = json.loads(harmtrack.ok("show", "1", "--format", "json").stdout)[0]["uid"]
    harmtrack.ok("delete", "1", "--yes", "--reason", "entered twice")
    assert harmtrack.ok("export").stdout.count("\n") == 1
    harmtrack.ok("restore", uid)
    assert harmtrack.ok("export").stdout == before
    actions = [entry["action"] for entry in history(harmtrack, uid)]
    assert "delete" in actions and actions[-1] == "restore"
    assert harmtrack("restore", uid).exit_code == 1  # stored: nothing to restore


def test_history_by_id_keeps_working_after_a_delete_or_a_merge(harmtrack):
    for city in ("Sumy", "Kharkiv", "Odesa"):
        harmtrack.ok("add", "--date", "2024-10-30", "--city", city, "--killed", "1")
    sumy, kharkiv = (json.loads(harmtrack.ok("show", n, "--format", "json").stdout)[0]["uid"] for n in ("1", "2"))
    harmtrack.ok("delete", "1", "--yes", "--reason", "entered twice")
    entries = history(harmtrack, "1")
    assert {entry["uid"] for entry in entries} == {sumy}
    assert [entry["action"] for entry in entries][-1] == "delete"
    harmtrack.ok("merge", "2", "3", "--into", "3", "--yes")
    assert "merge" in [entry["action"] for entry in history(harmtrack, "2") if entry["uid"] == kharkiv]
    missing = harmtrack("history", "9")
    assert missing.exit_code == 1 and "9" in missing.stderr


def test_a_site_named_by_an_alias_of_its_kind_keeps_its_name(harmtrack):
    harmtrack.ok("add", "--date", "2024-10-30", "--city", "Sumy", "--damaged", "apartment building")
    [record] = json.loads(harmtrack.ok("show", "1", "--format", "json").stdout)
    assert record["damaged"] == [{"kind": "residential", "name": "apartment building"}]


def test_search_finds_words_in_descriptions_and_places_and_stays_in_step(harmtrack):
    harmtrack.ok("add", "--date", "2024-10-30", "--city", "Sumy", "--description", "A drone hit a bakery")
    harmtrack.ok("add", "--date", "2024-10-31", "--city", "Kharkiv", "--description", "Glide bomb on a school")
    harmtrack.ok("add", "--date", "2024-11-01", "--city", "Odesa", "--perpetrator", "Russia")

    def found(*words: str) -> list[str]:
        listed = harmtrack.ok("list", "--search", " ".join(words), "--format", "json").stdout
        return [record["city"] for record in json.loads(listed)]

    assert found("bakery") == ["Sumy"]
    assert found("glide", "school") == ["Kharkiv"]
    assert found("russia") == ["Odesa"]
    assert found("kharkiv") == ["Kharkiv"]
    assert found('NEAR "school" OR') == []  # the user's words, never FTS5 operators
    harmtrack.ok("edit", "2", "--description", "Glide bomb on a kindergarten")
    assert found("school") == [] and found("kindergarten") == ["Kharkiv"]
    harmtrack.ok("delete", "1", "--yes")
    assert found("bakery") == []
    report = json.loads(harmtrack.ok("report", "city", "--search", "kindergarten", "--format", "json").stdout)
    assert [row["city"] for row in report] == ["Kharkiv"]
    exported = harmtrack.ok("export", "--search", "kindergarten").stdout
    assert exported.count("\n") == 2


def test_settings_come_from_option_environment_config_file_or_default(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from harmtrack import config
    from harmtrack.cli.app import app

    config._file_settings.cache_clear()
    settings = tmp_path / "config.toml"
    settings.write_text(f'database = "{tmp_path / "team.db"}"\nauthor = "A. Researcher"\n', encoding="utf-8")
    monkeypatch.setenv("HARMTRACK_CONFIG", str(settings))
    monkeypatch.delenv("HARMTRACK_USER")
    runner = CliRunner()

    def sources(*args: str) -> dict[str, tuple[str, str]]:
        result = runner.invoke(app, [*args, "config", "--format", "json"])
        assert result.exit_code == 0, result.stderr
        return {row["setting"]: (row["value"], row["source"]) for row in json.loads(result.stdout)}

    assert sources()["database"] == (str(tmp_path / "team.db"), f"config file {settings}")
    assert sources()["author"] == ("A. Researcher", f"config file {settings}")
    monkeypatch.setenv("HARMTRACK_DB", str(tmp_path / "env.db"))
    assert sources()["database"] == (str(tmp_path / "env.db"), "environment HARMTRACK_DB")
    assert sources("--db", "opt.db")["database"] == ("opt.db", "option --db")
    monkeypatch.delenv("HARMTRACK_DB")
    assert runner.invoke(app, ["add", "--date", "2024-10-30", "--city", "Sumy"]).exit_code == 0
    assert (tmp_path / "team.db").exists()  # the config file's database
    history = json.loads(runner.invoke(app, ["history", "1", "--format", "json"]).stdout)
    assert {entry["changed_by"] for entry in history} == {"A. Researcher"}
    config._file_settings.cache_clear()

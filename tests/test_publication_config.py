"""What the config file says about the data reaches the data package and the
Datasette metadata; an option overrides it."""

import json


def test_title_and_licence_come_from_the_config_file_unless_an_option_says_otherwise(harmtrack, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('title = "Strikes on Sumy Oblast"\nlicence = "CC-BY-4.0"\nauthor = "A. Researcher"\n')
    monkeypatch.setenv("HARMTRACK_CONFIG", str(config))
    harmtrack.ok("add", "--date", "2024-10-30", "--city", "Sumy", "--killed", "1")

    harmtrack.ok("export", "--format", "datapackage", str(tmp_path / "package"))
    package = json.loads((tmp_path / "package" / "datapackage.json").read_text())
    assert package["title"] == "Strikes on Sumy Oblast"
    assert [licence["name"] for licence in package["licenses"]] == ["CC-BY-4.0"]

    harmtrack.ok("export", "--format", "datapackage", str(tmp_path / "other"), "--title", "Given on the command line")
    assert json.loads((tmp_path / "other" / "datapackage.json").read_text())["title"] == "Given on the command line"


def test_an_unknown_config_setting_is_named(harmtrack, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('licence_name = "CC-BY-4.0"\n')
    monkeypatch.setenv("HARMTRACK_CONFIG", str(config))
    harmtrack.ok("add", "--date", "2024-10-30", "--city", "Sumy")
    result = harmtrack("export", "--format", "datapackage", str(tmp_path / "package"))
    assert (
        result.exit_code == 2 and "unknown setting 'licence_name'" in result.stderr and "licence_url" in result.stderr
    )

"""Field copies merged back into a team's PostgreSQL database, and the team's work into a SQLite field copy."""

import json

import pg
from typer.testing import CliRunner

from harmtrack.cli.app import app

pg_server, pg_url = pg.pg_server, pg.pg_url  # the fixtures of tests/pg.py

NOTHING = "0 incidents added, 0 changes applied, 0 deleted, 0 conflicts"


class Copy:
    def __init__(self, db: str, author: str):
        self.db = db
        self.author = author
        self.runner = CliRunner()

    def ok(self, *args: str):
        result = self.runner.invoke(app, ["--db", self.db, *args], env={"HARMTRACK_USER": self.author})
        assert result.exit_code == 0, f"{args}: exit {result.exit_code}: {result.stderr}"
        return result

    def uid(self, city: str) -> str:
        records = json.loads(self.ok("export", "--format", "json").stdout)
        return next(record["uid"] for record in records if record["city"] == city)


def test_a_sqlite_field_copy_and_the_postgresql_team_database_come_together(pg_url, tmp_path):
    office = Copy(pg_url, "Office Lead")
    field = Copy(str(tmp_path / "field.db"), "Field Researcher")
    for day, city, killed in (("2024-10-28", "Kharkiv", "3"), ("2024-10-29", "Sumy", "1")):
        office.ok("add", "--date", day, "--city", city, "--killed", killed)
    field.ok("add", "--date", "2024-11-01", "--city", "Kherson", "--injured", "4")
    assert "2 incidents added" in field.ok("pull", pg_url).stderr

    sumy = office.uid("Sumy")
    field.ok("edit", sumy, "--killed", "2", "--reason", "hospital confirmed a second death")
    office.ok("edit", sumy, "--killed", "5")
    office.ok("edit", office.uid("Kharkiv"), "--injured", "12")
    pulled = office.ok("pull", field.db).stderr
    assert "1 incident added, 0 changes applied, 0 deleted, 1 conflict" in pulled
    [conflict] = json.loads(office.ok("conflicts", "--format", "json").stdout)
    assert (conflict["field"], conflict["ours"], conflict["theirs"]) == ("killed", 5, 2)
    assert (conflict["ours_by"], conflict["theirs_by"]) == ("Office Lead", "Field Researcher")

    office.ok("conflicts", "resolve", str(conflict["conflict"]), "--theirs")
    field.ok("pull", pg_url)
    assert NOTHING in office.ok("pull", field.db).stderr
    assert NOTHING in field.ok("pull", pg_url).stderr
    assert office.ok("export").stdout == field.ok("export").stdout
    history = json.loads(office.ok("history", office.uid("Kherson"), "--format", "json").stdout)
    assert {row["from"] for row in history} == {field.db}

"""Field copies merged back: `harmtrack pull` and `harmtrack conflicts`, on real SQLite files."""

import json
import shutil

from typer.testing import CliRunner

from harmtrack.cli.app import app

SAMPLE = [
    ("2024-10-28", "Kharkiv", "glide-bomb", "3"),
    ("2024-10-29", "Sumy", "drone", "1"),
    ("2024-10-30", "Odesa", "ballistic-missile", "5"),
]


class Copy:
    """One researcher's database: runs commands as that researcher."""

    def __init__(self, path, author):
        self.path = path
        self.author = author
        self.runner = CliRunner()

    def __call__(self, *args):
        return self.runner.invoke(app, ["--db", str(self.path), *args], env={"HARMTRACK_USER": self.author})

    def ok(self, *args):
        result = self(*args)
        assert result.exit_code == 0, f"exit {result.exit_code}: {result.stderr}"
        return result

    def records(self) -> dict:
        return {record["uid"]: record for record in json.loads(self.ok("export", "--format", "json").stdout)}

    def uid(self, city: str) -> str:
        return next(uid for uid, record in self.records().items() if record["city"] == city)

    def export(self) -> str:
        return self.ok("export").stdout


def team(tmp_path):
    """The team's database, and a field copy of it made by copying the file."""
    office = Copy(tmp_path / "office.db", "Office Lead")
    for day, city, weapon, killed in SAMPLE:
        office.ok("add", "--date", day, "--city", city, "--weapon", weapon, "--killed", killed)
    shutil.copy(office.path, tmp_path / "field.db")
    return office, Copy(tmp_path / "field.db", "Field Researcher")


def test_work_done_apart_comes_together_and_a_second_pull_changes_nothing(tmp_path):
    office, field = team(tmp_path)
    field.ok("edit", field.uid("Sumy"), "--killed", "2", "--reason", "hospital confirmed a second death")
    field.ok("add", "--date", "2024-11-01", "--city", "Kherson", "--weapon", "drone", "--injured", "4")
    field.ok("delete", field.uid("Odesa"), "--yes", "--reason", "entered twice")
    office.ok("edit", office.uid("Kharkiv"), "--injured", "12")

    pulled = office.ok("pull", str(field.path))
    assert "1 incident added, 1 change applied, 1 deleted, 0 conflicts" in pulled.stderr
    records = office.records()
    assert sorted(record["city"] for record in records.values()) == ["Kharkiv", "Kherson", "Sumy"]
    assert records[office.uid("Sumy")]["killed"] == 2 and records[office.uid("Kharkiv")]["injured"] == 12

    again = office.ok("pull", str(field.path))
    assert "0 incidents added, 0 changes applied, 0 deleted, 0 conflicts" in again.stderr

    field.ok("pull", str(office.path))
    assert field.export() == office.export()
    assert "0 incidents added, 0 changes applied" in field.ok("pull", str(office.path)).stderr


def test_every_pulled_change_is_in_the_history_with_where_it_came_from(tmp_path):
    office, field = team(tmp_path)
    sumy = field.uid("Sumy")
    field.ok("edit", sumy, "--killed", "2", "--reason", "hospital confirmed a second death")
    office.ok("pull", str(field.path))
    entries = json.loads(office.ok("history", sumy, "--format", "json").stdout)
    edits = {entry["field"]: entry for entry in entries if entry["action"] == "edit"}
    assert (edits["killed"]["before"], edits["killed"]["after"]) == (1, 2)
    assert edits["reason"]["after"] == "hospital confirmed a second death"
    assert edits["killed"]["changed_by"] == "Field Researcher"
    assert edits["killed"]["from"] == str(field.path.resolve())
    assert {entry["from"] for entry in entries if entry["action"] == "add"} == {None}  # made here, by a copy of it


def test_a_field_changed_differently_on_both_sides_waits_for_a_person(tmp_path):
    office, field = team(tmp_path)
    sumy = office.uid("Sumy")
    office.ok("edit", sumy, "--killed", "3")
    field.ok("edit", sumy, "--killed", "4")
    pulled = office.ok("pull", str(field.path))
    assert "1 conflict (`harmtrack conflicts` lists them)" in pulled.stderr
    assert office.records()[sumy]["killed"] == 3  # never last-writer-wins
    [conflict] = json.loads(office.ok("conflicts", "--format", "json").stdout)
    assert (conflict["uid"], conflict["field"], conflict["ours"], conflict["theirs"]) == (sumy, "killed", 3, 4)
    assert (conflict["ours_by"], conflict["theirs_by"]) == ("Office Lead", "Field Researcher")
    assert conflict["ours_at"] and conflict["theirs_at"]

    assert "0 conflicts" in office.ok("pull", str(field.path)).stderr  # known already, not listed twice
    office.ok("conflicts", "resolve", str(conflict["conflict"]), "--theirs")
    assert office.records()[sumy]["killed"] == 4
    assert json.loads(office.ok("conflicts", "--format", "json").stdout) == []

    field.ok("pull", str(office.path))
    assert json.loads(field.ok("conflicts", "--format", "json").stdout) == []
    assert field.export() == office.export()


def test_keeping_ours_travels_to_the_other_side(tmp_path):
    office, field = team(tmp_path)
    sumy = office.uid("Sumy")
    office.ok("edit", sumy, "--weapon", "loitering-munition")
    field.ok("edit", sumy, "--weapon", "artillery")
    office.ok("pull", str(field.path))
    [conflict] = json.loads(office.ok("conflicts", "--format", "json").stdout)
    office.ok("conflicts", "resolve", str(conflict["conflict"]), "--ours", "--reason", "the video shows a Shahed")
    field.ok("pull", str(office.path))
    assert field.records()[sumy]["weapon"] == "loitering-munition"
    assert json.loads(field.ok("conflicts", "--format", "json").stdout) == []
    assert field.export() == office.export()


def test_an_edit_of_the_field_resolves_its_conflict(tmp_path):
    office, field = team(tmp_path)
    sumy = office.uid("Sumy")
    office.ok("edit", sumy, "--killed", "3")
    field.ok("edit", sumy, "--killed", "4")
    office.ok("pull", str(field.path))
    office.ok("edit", sumy, "--killed", "5", "--reason", "HRMMU: five")
    [resolved] = json.loads(office.ok("conflicts", "--all", "--format", "json").stdout)
    assert resolved["resolution"] == "edited"
    field.ok("pull", str(office.path))
    assert field.records()[sumy]["killed"] == 5
    assert json.loads(field.ok("conflicts", "--format", "json").stdout) == []


def test_a_deletion_meets_an_edit_of_the_same_incident(tmp_path):
    office, field = team(tmp_path)
    odesa = office.uid("Odesa")
    office.ok("delete", odesa, "--yes")
    field.ok("edit", odesa, "--injured", "20")
    office.ok("pull", str(field.path))
    [conflict] = json.loads(office.ok("conflicts", "--format", "json").stdout)
    assert (conflict["field"], conflict["ours"], conflict["theirs"]) == ("incident", "deleted", {"injured": 20})
    office.ok("conflicts", "resolve", str(conflict["conflict"]), "--theirs")
    assert office.records()[odesa]["injured"] == 20 and office.records()[odesa]["killed"] == 5

    field2 = Copy(tmp_path / "field.db", "Field Researcher")
    field2.ok("pull", str(office.path))
    assert field2.export() == office.export()


def test_merges_travel(tmp_path):
    office, field = team(tmp_path)
    field.ok(
        "add",
        "--date",
        "2024-10-29",
        "--city",
        "Sumy",
        "--weapon",
        "drone",
        "--killed",
        "1",
        "--source",
        "https://example.org/b",
    )
    office.ok("pull", str(field.path))
    ids = [str(record["id"]) for record in json.loads(office.ok("list", "--city", "Sumy", "--format", "json").stdout)]
    office.ok("merge", *ids, "--yes")
    field.ok("pull", str(office.path))
    assert len(json.loads(field.ok("list", "--city", "Sumy", "--format", "json").stdout)) == 1
    assert field.export() == office.export()


def test_pull_refuses_itself_and_a_missing_file(tmp_path):
    office, _ = team(tmp_path)
    itself = office("pull", str(office.path))
    assert itself.exit_code == 2 and "is this database" in itself.stderr
    missing = office("pull", str(tmp_path / "nowhere.db"))
    assert missing.exit_code == 2 and "does not exist" in missing.stderr


def test_two_sides_settling_one_conflict_differently_meet_again_instead_of_swapping(tmp_path):
    office, field = team(tmp_path)
    sumy = office.uid("Sumy")
    office.ok("edit", sumy, "--injured", "11")
    field.ok("edit", sumy, "--injured", "12")
    office.ok("pull", str(field.path))
    field.ok("pull", str(office.path))
    for side in (office, field):
        [conflict] = json.loads(side.ok("conflicts", "--format", "json").stdout)
        side.ok("conflicts", "resolve", str(conflict["conflict"]), "--ours")
    office.ok("pull", str(field.path))
    field.ok("pull", str(office.path))
    assert (office.records()[sumy]["injured"], field.records()[sumy]["injured"]) == (11, 12)  # nobody's choice reversed
    [again] = json.loads(office.ok("conflicts", "--format", "json").stdout)
    assert (again["ours"], again["theirs"]) == (11, 12)
    office.ok("conflicts", "resolve", str(again["conflict"]), "--theirs")
    field.ok("pull", str(office.path))
    office.ok("pull", str(field.path))
    assert office.export() == field.export()
    assert [json.loads(side.ok("conflicts", "--format", "json").stdout) for side in (office, field)] == [[], []]


def test_a_merge_kept_apart_here_does_not_count_its_figures_twice(tmp_path):
    office, field = team(tmp_path)
    sumy, odesa = office.uid("Sumy"), office.uid("Odesa")
    field.ok("merge", field.uid("Odesa"), field.uid("Sumy"), "--into", odesa, "--yes")
    office.ok("edit", sumy, "--perpetrator", "Russia")
    office.ok("pull", str(field.path))
    [conflict] = json.loads(office.ok("conflicts", "--format", "json").stdout)
    assert conflict["uid"] == sumy and conflict["theirs"] == {"merged_into": odesa}
    assert office.records()[odesa]["killed"] == 5  # not yet Sumy's death added to Odesa's while Sumy stands
    office.ok("conflicts", "resolve", str(conflict["conflict"]), "--ours")
    office.ok("pull", str(field.path))
    records = office.records()
    assert (records[odesa]["killed"], records[sumy]["killed"]) == (5, 1)


def test_one_edit_settling_two_conflicts_travels_for_both(tmp_path):
    office, field = team(tmp_path)
    sumy = office.uid("Sumy")
    office.ok("edit", sumy, "--injured", "11", "--perpetrator", "P1")
    field.ok("edit", sumy, "--injured", "12")
    field.ok("edit", sumy, "--perpetrator", "P2")
    office.ok("pull", str(field.path))
    assert len(json.loads(office.ok("conflicts", "--format", "json").stdout)) == 2
    office.ok("edit", sumy, "--injured", "20", "--perpetrator", "P3")
    field.ok("pull", str(office.path))
    record = field.records()[sumy]
    assert (record["injured"], record["perpetrator"]) == (20, "P3")
    assert json.loads(field.ok("conflicts", "--format", "json").stdout) == []

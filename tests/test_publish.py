"""harmtrack publish: a copy for the public, without the team's traces, with
rounded coordinates and the report's figures."""

import json
import sqlite3
import subprocess
import sys

import pytest

AUTHOR = "Ada Quill-Recorder"


@pytest.fixture
def team_db(harmtrack, monkeypatch, tmp_path):
    """The demo, touched by every kind of team work that keeps a name or a trace."""
    monkeypatch.setenv("HARMTRACK_USER", AUTHOR)
    harmtrack.ok("demo", "--format", "csv")
    harmtrack.ok("edit", "1", "--injured", "2", "--reason", "HRMMU confirmed it")
    harmtrack.ok("places", "alias", "Saltivka", "Kharkiv")
    harmtrack.ok("dedupe", "--format", "csv")
    (tmp_path / "more.csv").write_text("date,city,killed\n2024-11-02,Kharkiv,1\n2024-11-03,Kharkiv,1\n")
    harmtrack.ok("import", str(tmp_path / "more.csv"))
    harmtrack.ok("merge", "44", "45", "--yes")
    return harmtrack


def tables(path) -> set[str]:
    """The tables a person sees: not SQLite's own, nor the parts of a full-text index (its shadow tables)."""
    with sqlite3.connect(path) as conn:
        listed = conn.execute(
            "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual')"
        )
        return {name for (name,) in listed if not name.startswith("sqlite_")}


def columns(path, table: str) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def rows(path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def test_the_copy_leaves_out_the_team_s_tables_columns_and_names_and_the_readme_names_them(team_db, tmp_path):
    result = team_db.ok("publish", str(tmp_path / "public"))
    copy = tmp_path / "public" / "harmtrack.db"
    assert "published 42 incidents" in result.stderr
    source = tables(team_db.db_path)
    assert {"changes", "import_batches", "merges", "incident_aliases", "place_aliases", "dismissed_pairs"} <= source
    kept = tables(copy)
    assert kept == {"delivery_classes", "weapons", "site_kinds", "incidents", "damaged_sites", "sources", "publication"}
    removed_columns = set(columns(team_db.db_path, "incidents")) - set(columns(copy, "incidents"))
    assert removed_columns == {"batch_id", "created_at", "updated_at"}
    readme = (tmp_path / "public" / "README.md").read_text(encoding="utf-8")
    for table in source - kept:
        assert f"`{table}`" in readme, table
    assert "`incidents_search`" in readme
    for column in removed_columns:
        assert f"`incidents.{column}`" in readme, column
    # The author's name is in the team's database, and nowhere in the copy.
    assert AUTHOR.encode() in team_db.db_path.read_bytes()
    for name in ("harmtrack.db", "metadata.json", "README.md"):
        assert AUTHOR.encode() not in (tmp_path / "public" / name).read_bytes(), name
    assert b"HRMMU confirmed it" not in copy.read_bytes()


def test_coordinates_are_rounded_to_two_decimals_or_as_asked(team_db, tmp_path):
    exact = rows(team_db.db_path, "SELECT id, latitude, longitude FROM incidents WHERE latitude IS NOT NULL")
    assert any(round(latitude, 2) != latitude for _, latitude, _ in exact)
    for decimals, folder in ((None, "two"), (1, "one"), (0, "none")):
        options = [] if decimals is None else ["--round-coordinates", str(decimals)]
        team_db.ok("publish", str(tmp_path / folder), *options)
        published = dict(
            (row[0], row[1:])
            for row in rows(tmp_path / folder / "harmtrack.db", "SELECT id, latitude, longitude FROM incidents")
        )
        places = 2 if decimals is None else decimals
        for incident, latitude, longitude in exact:
            if incident in published:
                assert published[incident] == (round(latitude, places), round(longitude, places)), incident
        [about] = rows(tmp_path / folder / "harmtrack.db", "SELECT coordinates FROM publication")
        assert about == (f"rounded to {places} decimal{'s' if places != 1 else ''}",)


def test_discounted_incidents_are_left_out_unless_asked_for(team_db, tmp_path):
    discounted = rows(team_db.db_path, "SELECT uid FROM incidents WHERE status = 'discounted'")
    assert discounted
    team_db.ok("publish", str(tmp_path / "counted"))
    team_db.ok("publish", str(tmp_path / "all"), "--include-discounted")
    assert rows(
        tmp_path / "counted" / "harmtrack.db", "SELECT count(*) FROM incidents WHERE status = 'discounted'"
    ) == [(0,)]
    assert set(rows(tmp_path / "all" / "harmtrack.db", "SELECT uid FROM incidents WHERE status = 'discounted'")) == set(
        discounted
    )
    # the public README says which it is
    assert "every status but discounted" in (tmp_path / "counted" / "README.md").read_text(encoding="utf-8")
    readme = (tmp_path / "all" / "README.md").read_text(encoding="utf-8")
    assert "discounted ones included" in readme and "but discounted" not in readme


@pytest.mark.parametrize("filters", [(), ("--city", "Kharkov"), ("--since", "2024-07", "--weapon", "Shahed")])
def test_the_copy_s_canned_queries_give_the_report_s_figures_on_the_same_filters(team_db, tmp_path, filters):
    team_db.ok("publish", str(tmp_path / "public"), *filters, "--include-discounted")
    metadata = json.loads((tmp_path / "public" / "metadata.json").read_text(encoding="utf-8"))
    queries = metadata["databases"]["harmtrack"]["queries"]
    commands = {
        "by_city": ("report", "city"),
        "by_weapon": ("report", "weapon"),
        "by_month": ("report", "timeline", "--period", "month"),
        "by_site_kind": ("report", "sites"),
    }
    assert set(queries) == set(commands)
    with sqlite3.connect(tmp_path / "public" / "harmtrack.db") as conn:
        conn.row_factory = sqlite3.Row
        for name, command in commands.items():
            figures = [dict(row) for row in conn.execute(queries[name]["sql"])]
            assert figures == json.loads(team_db.ok(*command, *filters, "--format", "json").stdout), name


def test_the_metadata_describes_only_what_the_copy_has(team_db, tmp_path):
    team_db.ok("publish", str(tmp_path / "public"), "--title", "Strikes", "--licence", "CC BY 4.0")
    metadata = json.loads((tmp_path / "public" / "metadata.json").read_text(encoding="utf-8"))
    assert (metadata["title"], metadata["license"]) == ("Strikes", "CC BY 4.0")
    described = metadata["databases"]["harmtrack"]["tables"]
    copy = tmp_path / "public" / "harmtrack.db"
    for table in tables(copy):
        assert set(described[table]["columns"]) == set(columns(copy, table)), table
    assert set(described) == tables(copy) | {"incident_map"}


def test_publish_refuses_a_folder_that_is_not_empty_and_leaves_it_alone(team_db, tmp_path):
    (tmp_path / "public").mkdir()
    (tmp_path / "public" / "notes.txt").write_text("mine")
    result = team_db("publish", str(tmp_path / "public"))
    assert result.exit_code == 2
    assert "is not empty; publish writes into a new or empty folder" in result.stderr
    assert [path.name for path in (tmp_path / "public").iterdir()] == ["notes.txt"]
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".public")] == []


def test_datasette_alone_serves_the_copy_unchanged_with_the_report_s_figures(team_db, tmp_path):
    """What `datasette publish` and `datasette package` deploy: the files as they are."""
    team_db.ok("publish", str(tmp_path / "public"))
    folder = tmp_path / "public"
    command = [sys.executable, "-m", "datasette", "serve", "-i", str(folder / "harmtrack.db")]
    command += ["--metadata", str(folder / "metadata.json"), "--get", "/harmtrack/by_city.json?_shape=array"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == json.loads(team_db.ok("report", "city", "--format", "json").stdout)

"""harmtrack serve: Datasette on the database, its canned queries giving the
report's figures, the metadata, and the refusals."""

import json
import socket
import sqlite3
import sys

import pytest
from serving import get_json, served

# Rows that use what the counting rules are about: two reports of one event
# (merged below into one incident with a range), an unknown killed and an
# unknown injured, a discounted incident, an incident without a city, month-
# and year-precision dates (the year keeps its own label), quiet months
# between (zero rows), and damaged sites of several kinds.
ROWS = """date,region,city,latitude,longitude,weapon,killed,injured,children_killed,damaged,status
2024-01-10,,Kharkiv,49.9935,36.2304,glide bomb,3,10,1,residential:house,unverified
2024-01-10,,Kharkiv,49.9935,36.2304,KAB,4,,,residential:house;education:school 5,unverified
2024-03,,Odesa,46.4825,30.7233,drone,,2,,,corroborated
2024,Donetsk Oblast,,,,artillery,1,0,,,unverified
2024-05-02,,Kharkiv,49.99,36.23,missile,2,5,,medical:hospital,discounted
2024-06-01,,Sumy,50.9077,34.7981,,,,,school:school 1;medical:clinic,contested
"""

QUERIES = {
    "by_city": ("report", "city"),
    "by_weapon": ("report", "weapon"),
    "by_month": ("report", "timeline", "--period", "month"),
    "by_site_kind": ("report", "sites"),
}


@pytest.fixture
def demo_db(harmtrack):
    harmtrack.ok("demo", "--format", "csv")
    return harmtrack


@pytest.fixture
def generated_db(harmtrack, tmp_path):
    (tmp_path / "rows.csv").write_text(ROWS, encoding="utf-8")
    harmtrack.ok("import", str(tmp_path / "rows.csv"))
    harmtrack.ok("merge", "1", "2", "--yes")
    return harmtrack


def report(harmtrack, *args: str) -> list[dict]:
    return json.loads(harmtrack.ok(*args, "--format", "json").stdout)


def canned(base: str, database: str, query: str) -> list[dict]:
    return get_json(f"{base}/{database}/{query}.json?_shape=array")


@pytest.mark.parametrize("database", ["demo_db", "generated_db"])
def test_every_canned_query_gives_the_reports_figures(request, database):
    harmtrack = request.getfixturevalue(database)
    with served(harmtrack.db_path) as base:
        for query, command in QUERIES.items():
            assert canned(base, "harmtrack", query) == report(harmtrack, *command), query


def test_the_generated_figures_count_merged_reports_once_and_unknowns_apart(generated_db):
    with served(generated_db.db_path) as base:
        cities = {row["city"]: row for row in canned(base, "harmtrack", "by_city")}
        months = [row["period"] for row in canned(base, "harmtrack", "by_month")]
    # The two Kharkiv reports are one incident (killed 4, the larger, as the
    # merge keeps); the discounted Kharkiv incident is left out.
    assert (cities["Kharkiv"]["incidents"], cities["Kharkiv"]["killed"]) == (1, 4)
    assert (cities["Odesa"]["killed"], cities["Odesa"]["killed_unknown"]) == (None, 1)
    assert cities[None]["incidents"] == 1
    assert months == ["2024", "2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]


def test_a_publication_folder_is_served_with_the_figures_of_the_report_on_the_same_filters(generated_db, tmp_path):
    generated_db.ok("publish", str(tmp_path / "public"), "--since", "2024-02", "--licence", "CC BY 4.0")
    with served(tmp_path / "public", "--title", "Strikes, 2024", "--tiles", "none") as base:
        metadata = get_json(f"{base}/-/metadata.json")
        # The publication's own metadata, with what serve was told put over it.
        assert (metadata["title"], metadata["license"]) == ("Strikes, 2024", "CC BY 4.0")
        tiles = metadata["databases"]["harmtrack"]["tables"]["incident_map"]["plugins"]["datasette-cluster-map"]
        assert tiles["tile_layer"].startswith("data:image/png;base64,")
        for query, command in QUERIES.items():
            assert canned(base, "harmtrack", query) == report(generated_db, *command, "--since", "2024-02"), query


def test_metadata_describes_every_column_and_sets_facets_labels_and_licence(demo_db):
    with served(demo_db.db_path, "--title", "Kharkiv strikes", "--licence", "CC BY 4.0", "--source", "Team") as base:
        metadata = get_json(f"{base}/-/metadata.json")
        page = get_json(f"{base}/harmtrack/incidents.json?_labels=on&_size=1&_shape=objects")
    assert (metadata["title"], metadata["license"], metadata["source"]) == ("Kharkiv strikes", "CC BY 4.0", "Team")
    tables = metadata["databases"]["harmtrack"]["tables"]
    with sqlite3.connect(demo_db.db_path) as conn:
        for table in ("incidents", "damaged_sites", "sources", "weapons", "delivery_classes", "site_kinds"):
            columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            assert set(tables[table]["columns"]) == set(columns), table
    for figure in ("killed", "injured", "children_killed", "children_injured"):
        assert "Empty means unknown, which is not 0." in tables["incidents"]["columns"][figure]
    assert "Number of people" in tables["incidents"]["columns"]["killed"]
    assert "Decimal degrees" in tables["incidents"]["columns"]["latitude"]
    assert set(page["facet_results"]) == {"city", "weapon", "status", "date_precision"}
    [row] = page["rows"]
    assert row["weapon"] == {"value": "glide-bomb", "label": "Guided (glide) aerial bomb"}


def test_serve_without_the_extra_says_how_to_install_it(harmtrack, monkeypatch):
    harmtrack.ok("demo", "--format", "csv")
    monkeypatch.setitem(sys.modules, "datasette", None)
    result = harmtrack("serve")
    assert result.exit_code == 1
    assert result.stderr == "harmtrack: error: harmtrack serve needs Datasette: pip install 'harmtrack[serve]'\n"


def test_serve_refuses_a_port_in_use(demo_db):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = demo_db("serve", "--port", str(port))
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr


def test_serve_refuses_a_tile_layer_that_is_not_a_template(demo_db):
    result = demo_db("serve", "--tiles", "https://tiles.example.org/map.png")
    assert result.exit_code == 2
    assert "--tiles: 'https://tiles.example.org/map.png' is not a tile URL template" in result.stderr


def test_serve_refuses_a_file_that_is_not_harmtrack_s(harmtrack, tmp_path):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    result = harmtrack("serve", str(other))
    assert result.exit_code == 1
    assert "is a SQLite database of another program" in result.stderr


def test_each_marker_s_popup_gives_date_place_weapon_killed_and_injured(generated_db):
    with served(generated_db.db_path) as base:
        rows = get_json(f"{base}/harmtrack/incident_map.json?_shape=array&_sort=date")
    popups = {row["city"]: json.loads(row["popup"]) for row in rows}
    # Discounted incidents and incidents without coordinates are not on the map.
    assert [row["city"] for row in rows] == ["Kharkiv", "Odesa", "Sumy"]
    assert popups["Odesa"] == {
        "title": "2024-03, Odesa",
        "description": "weapon: drone; killed: unknown; injured: 2",
        "link": f"incidents/{rows[1]['id']}",
    }
    assert popups["Kharkiv"]["description"] == "weapon: glide-bomb; killed: 4; injured: 10"


def test_the_team_s_database_is_served_read_only_and_shows_what_is_added_meanwhile(generated_db):
    before = generated_db.db_path.read_bytes()
    with served(generated_db.db_path) as base:
        assert "Lviv" not in {row["city"] for row in canned(base, "harmtrack", "by_city")}
        assert generated_db.db_path.read_bytes() == before
        generated_db.ok("add", "--date", "2024-07-04", "--city", "Lviv", "--killed", "7")
        cities = {row["city"]: row for row in canned(base, "harmtrack", "by_city")}
    assert (cities["Lviv"]["incidents"], cities["Lviv"]["killed"]) == (1, 7)


def test_the_team_s_database_has_a_search_box_over_its_full_text_index(demo_db):
    with served(demo_db.db_path) as base:
        found = get_json(f"{base}/harmtrack/incidents.json?_search=glide+residential&_shape=array")
    listed = demo_db.ok("list", "--search", "glide residential", "--format", "json").stdout
    assert sorted(row["uid"] for row in found) == sorted(row["uid"] for row in json.loads(listed))
    assert found

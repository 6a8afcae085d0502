"""harmtrack on PostgreSQL: the same commands give the same output as on SQLite.

A scripted day of work (demo sample, ACLED and UCDP imports with an update,
add, edit, delete, restore, revert, dedupe, merge, unmerge, places, vocab,
every report, every export, list, show, history) runs once on a SQLite file
and once on a throw-away PostgreSQL server (tests/pg.py); every step's
output must be byte-identical, apart from the times of day in `history`.
"""

import json
import re
from pathlib import Path

import pg
import pytest
from typer.testing import CliRunner

from harmtrack.cli.app import app

pg_server, pg_url = pg.pg_server, pg.pg_url  # the fixtures of tests/pg.py

FIXTURES = Path(__file__).parent / "fixtures"
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")


class Harmtrack:
    def __init__(self, db: str):
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None):
        return self.runner.invoke(app, ["--db", self.db, *args], input=input)

    def ok(self, *args: str, input: str | None = None) -> str:
        result = self(*args, input=input)
        assert result.exit_code == 0, f"{args}: exit {result.exit_code}: {result.stderr}{result.exception!r}"
        return result.stdout


def history_id(harmtrack: Harmtrack, uid: str, action: str) -> str:
    rows = json.loads(harmtrack.ok("history", uid, "--format", "json"))
    return str(next(row["change"] for row in reversed(rows) if row["action"] == action))


def scripted_day(harmtrack: Harmtrack) -> list[tuple[str, str]]:
    """(step, output) of a day of work, in order."""
    out: list[tuple[str, str]] = []

    def step(*args: str, input: str | None = None) -> str:
        text = harmtrack.ok(*args, input=input)
        out.append((" ".join(args), STAMP.sub("<time>", text)))
        return text

    step("demo", "--format", "csv")
    step("import", str(FIXTURES / "acled-ukraine-2024-02.csv"), "--format", "acled")
    step("import", str(FIXTURES / "ucdp-ged-handmade.csv"), "--format", "ucdp")
    step("import", str(FIXTURES / "acled-ukraine-2024-02-revised.csv"), "--format", "acled", "--on-conflict", "update")
    first = step(
        "add",
        "--uid",
        "0d5c3e0a-6f0e-4c52-9a57-3f1d2b9e0001",
        "--date",
        "2024-10-28",
        "--city",
        "Kharkiv",
        "--killed",
        "3",
        "--weapon",
        "KAB",
    ).strip()
    second = step(
        "add", "--uid", "0d5c3e0a-6f0e-4c52-9a57-3f1d2b9e0002", "--date", "2024-10", "--city", "Kharkiv",
        "--killed", "2", "--weapon", "glide bomb", "--damaged", "school:Lyceum 5", "--source", "https://example.org/a",
    ).strip()  # fmt: skip
    step("edit", first, "--killed", "4", "--injured", "7", "--reason", "second source")
    step("edit", first, "--description", "Strike on Saltivka, école n° 5")
    uid = json.loads(harmtrack.ok("show", first, "--format", "json"))[0]["uid"]
    step("delete", second, "--yes")
    second_uid = json.loads(harmtrack.ok("history", "--format", "json"))[-1]["uid"]
    step("restore", second_uid)
    step("revert", history_id(harmtrack, uid, "edit"))
    step("dedupe", "--format", "csv")
    groups = json.loads(harmtrack.ok("dedupe", "--format", "json"))
    if groups:
        ids = [str(number) for number in groups[0]["ids"][:2]]
        step("merge", *ids, "--yes")
        step("unmerge", groups[0]["uids"][0])  # the kept incident, or the one it holds as an alias
        step("merge", *groups[0]["uids"][:2], "--yes")  # unmerge gave them new ids
    step("places", "--format", "csv")
    step("places", "alias", "Saltivka", "Kharkiv")
    step(
        "add",
        "--uid",
        "0d5c3e0a-6f0e-4c52-9a57-3f1d2b9e0003",
        "--date",
        "2024-03-01",
        "--city",
        "Shevchenkove Khutir",
        "--region",
        "Kharkiv Oblast",
        "--killed",
        "1",
    )
    step("places", "merge", "Shevchenkove Khutir", "Kharkiv")
    step(
        "add",
        "--uid",
        "0d5c3e0a-6f0e-4c52-9a57-3f1d2b9e0004",
        "--date",
        "2024-03-02",
        "--city",
        "saltivka",
        "--weapon",
        "Geran-2",
    )
    step("places", "aliases", "--format", "csv")
    step("vocab", "alias", "weapon", "Geran-3", "loitering-munition")
    step("vocab", "--format", "csv")
    for group in ("city", "weapon", "matrix", "sites"):
        step("report", group, "--format", "csv")
    step("report", "weapon", "--by", "class", "--include-discounted", "--format", "json")
    for period in ("day", "week", "month", "year"):
        step("report", "timeline", "--period", period, "--format", "csv")
    step("report", "city", "--city", "kharkiv", "--status", "confirmed", "--status", "unverified", "--format", "csv")
    step("report", "city", "--since", "2024-02", "--until", "2024-06", "--format", "json")
    for fmt in ("csv", "json", "jsonl", "geojson"):
        step("export", "--format", fmt)
    step("list", "--format", "csv")
    step("list", "--search", "ecole", "--format", "csv")
    step("list", "--weapon", "KAB", "--city", "KHARKIV", "--format", "json")
    step("show", first, "--format", "json")
    step("history", "--format", "csv")
    step("history", uid, "--format", "json")
    return out


def test_the_same_day_of_work_gives_the_same_output_on_both_engines(tmp_path, pg_url, monkeypatch):
    monkeypatch.setenv("HARMTRACK_USER", "tester")
    on_sqlite = scripted_day(Harmtrack(str(tmp_path / "day.db")))
    on_postgres = scripted_day(Harmtrack(pg_url))
    assert [step for step, _ in on_postgres] == [step for step, _ in on_sqlite]
    for (step, expected), (_, got) in zip(on_sqlite, on_postgres, strict=True):
        assert got == expected, f"harmtrack {step}: PostgreSQL's output differs from SQLite's"
    assert any(step.startswith("merge") for step, _ in on_sqlite), "the fixtures should hold a duplicate to merge"


def test_every_change_records_the_database_user(pg_url):
    import psycopg

    harmtrack = Harmtrack(pg_url)
    incident = harmtrack.ok("add", "--date", "2024-10-28", "--city", "Kharkiv").strip()
    harmtrack.ok("edit", incident, "--killed", "1")
    with psycopg.connect(pg_url) as conn:
        rows = conn.execute("SELECT action, changed_by, db_user FROM changes ORDER BY id").fetchall()
        user = conn.execute("SELECT current_user").fetchone()
    assert user is not None
    assert rows == [("add", "tester", user[0]), ("edit", "tester", user[0])]


def test_the_schema_refuses_what_the_record_forbids(pg_url):
    """The invariants are declared: a hand-written UPDATE cannot break them."""
    import psycopg

    harmtrack = Harmtrack(pg_url)
    incident = int(harmtrack.ok("add", "--date", "2024-10-28", "--city", "Kharkiv", "--killed", "3").strip())
    refused = [
        "UPDATE incidents SET killed_min = 5 WHERE id = %s",
        "UPDATE incidents SET date_precision = 'month' WHERE id = %s",
        "UPDATE incidents SET weapon = 'trebuchet' WHERE id = %s",
        "UPDATE incidents SET status = 'maybe' WHERE id = %s",
        "UPDATE incidents SET city = NULL, region = NULL, country = NULL WHERE id = %s",
        "UPDATE incidents SET latitude = 50, longitude = NULL WHERE id = %s",
        "UPDATE incidents SET latitude = 91, longitude = 0 WHERE id = %s",
        "UPDATE incidents SET date = '2024-10-29', date_precision = 'week' WHERE id = %s",
        "UPDATE incidents SET children_killed = 4 WHERE id = %s",
        "UPDATE incidents SET uid = 'not-a-uid' WHERE id = %s",
    ]
    with psycopg.connect(pg_url, autocommit=True) as conn:
        for sql in refused:
            with pytest.raises((psycopg.errors.CheckViolation, psycopg.errors.ForeignKeyViolation)):
                conn.execute(sql, [incident])
        with pytest.raises(psycopg.errors.UniqueViolation):
            conn.execute("INSERT INTO weapon_aliases (alias, weapon) VALUES ('kab', 'artillery')")


def test_a_database_of_another_program_is_refused_and_left_unchanged(pg_url):
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE payroll (name text)")
    result = Harmtrack(pg_url)("add", "--date", "2024-10-28", "--city", "Kharkiv")
    assert result.exit_code == 1
    assert "holds tables of another program (payroll)" in result.stderr
    with psycopg.connect(pg_url) as conn:
        tables = [row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    assert tables == ["payroll"]


def test_reading_an_empty_database_says_so_and_creates_nothing(pg_url):
    import psycopg

    result = Harmtrack(pg_url)("list")
    assert result.exit_code == 1
    assert "holds no harmtrack data yet; add or import incidents first" in result.stderr
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == (0,)


def test_an_unreachable_server_is_one_line_without_the_password():
    result = Harmtrack("postgresql://team:secret@127.0.0.1:1/cases")("list")
    assert result.exit_code == 1
    assert result.stderr.startswith("harmtrack: error: cannot connect to postgresql://team:***@127.0.0.1:1/cases: ")
    assert "secret" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_backup_points_at_pg_dump(pg_url, tmp_path):
    harmtrack = Harmtrack(pg_url)
    harmtrack.ok("add", "--date", "2024-10-28", "--city", "Kharkiv")
    result = harmtrack("backup", str(tmp_path / "copy.db"))
    assert result.exit_code == 1
    assert "pg_dump --format=custom" in result.stderr
    assert not (tmp_path / "copy.db").exists()


def test_a_refused_import_leaves_nothing_behind(pg_url, tmp_path):
    harmtrack = Harmtrack(pg_url)
    harmtrack.ok("add", "--date", "2024-10-28", "--city", "Kharkiv")
    before = harmtrack.ok("export", "--format", "jsonl")
    bad = tmp_path / "bad.csv"
    bad.write_text("date,city,killed\n2024-10-01,Kharkiv,2\n2024-10-02,Kharkiv,-1\n", encoding="utf-8")
    result = harmtrack("import", str(bad))
    assert result.exit_code == 1
    assert harmtrack.ok("export", "--format", "jsonl") == before
    assert json.loads(harmtrack.ok("history", "--format", "json"))[-1]["action"] == "add"


def test_an_older_database_is_upgraded_by_a_writing_command_and_refused_by_a_reading_one(pg_url):
    import psycopg

    from harmtrack.store.pg_files import migration_files

    (first, sql), *later = migration_files()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE harmtrack_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        conn.execute(sql.encode())
        conn.execute("INSERT INTO harmtrack_migrations VALUES (%s, '2026-01-01T00:00:00+00:00')", [first])
    harmtrack = Harmtrack(pg_url)
    refused = harmtrack("list")
    assert refused.exit_code == 1
    assert f"was written by an older harmtrack ({len(later)} schema change" in refused.stderr
    assert "run `harmtrack upgrade`" in refused.stderr
    upgraded = harmtrack("add", "--date", "2024-10-28", "--city", "Kharkiv")
    assert upgraded.exit_code == 0
    assert f"harmtrack: upgraded the schema of {pg_url}: {', '.join(name for name, _ in later)}" in upgraded.stderr
    assert json.loads(harmtrack.ok("list", "--format", "json"))[0]["city"] == "Kharkiv"

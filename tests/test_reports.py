"""harmtrack report: every report against totals computed here, in plain Python,
from the generated records (never with the SQL under test)."""

import csv
import io
import json
import random
from collections import defaultdict
from datetime import date, timedelta

import pytest
from conftest import Harmtrack

from harmtrack import model, vocab
from harmtrack.store import open_store

STATUSES = ("unverified", "corroborated", "confirmed", "contested", "discounted")
COUNTED = STATUSES[:4]
CITIES = ("Kharkiv", "Kyiv", "Odesa", "Dnipro", "Sumy", "Zaporizhzhia", "Kherson", "Bakhmut")
# Delivery classes as SPEC.md lists them.
CLASS = {
    "glide-bomb": "air-launched",
    "aerial-bomb": "air-launched",
    "cruise-missile": "missile",
    "ballistic-missile": "missile",
    "anti-aircraft-missile": "missile",
    "missile": "missile",
    "loitering-munition": "uncrewed",
    "drone": "uncrewed",
    "artillery": "ground-launched",
    "mlrs": "ground-launched",
    "cluster-munition": "ground-launched",
    "mine": "other",
    "debris": "other",
    "small-arms": "other",
    "unknown": "other",
}
KINDS = ("residential", "medical", "education", "energy", "transport")
COUNT_COLUMNS = (
    "incidents",
    "killed",
    "injured",
    "children_killed",
    "children_injured",
    "killed_unknown",
    "injured_unknown",
)
WIDE = {"COLUMNS": "250"}


def generate(seed: int, count: int) -> list[dict]:
    """Raw rows with unknowns, zeros, ranges, every precision, no-city rows."""
    rnd = random.Random(seed)
    rows = []
    # Dates that cross ISO year boundaries: 2020-W53, 2025-W01.
    fixed_days = [date(2021, 1, 3), date(2024, 12, 30), date(2024, 12, 29)]
    for n in range(count):
        day = fixed_days[n] if n < len(fixed_days) else date(2022, 2, 24) + timedelta(days=rnd.randrange(1000))
        precision = rnd.choices(("day", "week", "month", "year"), (80, 8, 8, 4))[0] if n >= len(fixed_days) else "day"
        text = {
            "day": day.isoformat(),
            "week": f"{day.isocalendar()[0]}-W{day.isocalendar()[1]:02d}",
            "month": day.isoformat()[:7],
            "year": str(day.year),
        }[precision]
        row = {
            "date": text,
            "country": "Ukraine",
            "region": "Some Oblast",
            "city": rnd.choice(CITIES) if rnd.random() < 0.92 else "",
            "weapon": rnd.choice(list(CLASS)),
            "status": rnd.choice(STATUSES),
        }
        if rnd.random() < 0.75:
            killed = rnd.choice((0, 0, 1, 2, 3, 5, 8, 13, 40))
            row["killed"] = str(killed)
            if killed >= 2 and rnd.random() < 0.25:
                row["killed_min"], row["killed_max"] = str(killed - 1), str(killed + rnd.randint(0, 5))
            if rnd.random() < 0.3:
                row["children_killed"] = str(rnd.randint(0, killed))
        if rnd.random() < 0.7:
            injured = rnd.choice((0, 1, 4, 9, 20, 150))
            row["injured"] = str(injured)
            if injured >= 4 and rnd.random() < 0.2:
                row["injured_max"] = str(injured + 3)
            if rnd.random() < 0.3:
                row["children_injured"] = str(rnd.randint(0, injured))
        row["damaged"] = ";".join(f"{rnd.choice(KINDS)}:site {k}" for k in range(rnd.choice((0, 0, 1, 1, 2, 3))))
        rows.append(row)
    return rows


def store(db_path, rows: list[dict]) -> list[dict]:
    """Validate and insert; returns the stored records (the ground truth)."""
    db = open_store(db_path, create=True)
    try:
        vocabularies = vocab.load(db)
        records = [model.validate(row, vocabularies) for row in rows]
        with db.write():
            for record in records:
                db.insert(record, batch_id=None, stamp="2024-11-01T00:00:00+00:00")
    finally:
        db.close()
    return records


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    path = tmp_path_factory.mktemp("reports") / "generated.db"
    return Harmtrack(path), store(path, generate(seed=20241028, count=400))


# --- the independent computation ---------------------------------------------


def figures(records: list[dict]) -> dict:
    return {
        "incidents": len(records),
        "killed": sum(r["killed"] for r in records if r["killed"] is not None),
        "injured": sum(r["injured"] for r in records if r["injured"] is not None),
        "children_killed": sum(r["children_killed"] or 0 for r in records),
        "children_injured": sum(r["children_injured"] or 0 for r in records),
        "killed_unknown": sum(1 for r in records if r["killed"] is None),
        "injured_unknown": sum(1 for r in records if r["injured"] is None),
    }


def expected_groups(records, key, *, statuses=COUNTED) -> dict:
    groups = defaultdict(list)
    for record in records:
        if record["status"] in statuses:
            groups[key(record)].append(record)
    return {name: figures(members) for name, members in groups.items()}


def by_killed_then_name(groups: dict) -> list:
    return sorted(groups, key=lambda name: (-groups[name]["killed"], name is None, (name or "").casefold()))


RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def period_of(record: dict, period: str) -> str:
    used = max(period, record["date_precision"], key=RANK.get)
    day = date.fromisoformat(record["date"])
    if used == "day":
        return day.isoformat()
    if used == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if used == "month":
        return day.strftime("%Y-%m")
    return str(day.year)


def wide(harmtrack, *args: str):
    """A table as a wide terminal shows it (CliRunner's console is 80 columns)."""
    result = harmtrack(*args, env=WIDE)
    assert result.exit_code == 0, result.stderr
    return result


def json_rows(result) -> list[dict]:
    return json.loads(result.stdout)


# --- city, weapon, class -----------------------------------------------------


@pytest.mark.parametrize(
    ("args", "group", "key"),
    [
        (("city",), "city", lambda r: r["city"]),
        (("weapon",), "weapon", lambda r: r["weapon"]),
        (("weapon", "--by", "class"), "class", lambda r: CLASS[r["weapon"]]),
    ],
)
def test_group_reports_match_an_independent_count(generated, args, group, key):
    harmtrack, records = generated
    expected = expected_groups(records, key)
    rows = json_rows(harmtrack.ok("report", *args, "--format", "json"))
    assert [row[group] for row in rows] == by_killed_then_name(expected)
    for row in rows:
        assert list(row) == [group, *COUNT_COLUMNS]
        assert {name: row[name] for name in COUNT_COLUMNS} == expected[row[group]]


def test_csv_has_the_contract_columns_plain_numbers_and_no_total(generated):
    harmtrack, records = generated
    out = harmtrack.ok("report", "city", "--format", "csv").stdout
    lines = out.splitlines()
    assert lines[0] == "city,incidents,killed,injured,children_killed,children_injured,killed_unknown,injured_unknown"
    rows = list(csv.DictReader(io.StringIO(out)))
    expected = expected_groups(records, lambda r: r["city"])
    assert len(rows) == len(expected)
    assert not any(row["city"] == "total" for row in rows)
    # A city that is not recorded is an empty cell in CSV (null in JSON).
    no_city = next(row for row in rows if row["city"] == "")
    assert int(no_city["incidents"]) == expected[None]["incidents"]
    assert all("," not in value for row in rows for value in row.values())


def test_no_city_is_null_in_json_and_labelled_in_the_table(generated):
    harmtrack, _ = generated
    rows = json_rows(harmtrack.ok("report", "city", "--format", "json"))
    assert None in [row["city"] for row in rows]
    table = wide(harmtrack, "report", "city", "--format", "table").stdout
    assert "(no city)" in table


# --- timeline ----------------------------------------------------------------


@pytest.mark.parametrize("period", ["day", "week", "month", "year"])
def test_timeline_matches_an_independent_count(generated, period):
    harmtrack, records = generated
    expected = expected_groups(records, lambda r: period_of(r, period))
    rows = json_rows(harmtrack.ok("report", "timeline", "--period", period, "--format", "json"))
    got = {row["period"]: {name: row[name] for name in COUNT_COLUMNS} for row in rows}
    for label, values in got.items():
        if label in expected:
            assert values == expected[label], label
        else:  # a quiet period between the first and the last: a zero row
            assert values == dict.fromkeys(COUNT_COLUMNS, 0), label
    assert set(expected) <= set(got)
    assert len(got) == len(rows), "each period once"


def test_timeline_labels_and_order(generated):
    harmtrack, _ = generated
    weeks = [row["period"] for row in json_rows(harmtrack.ok("report", "timeline", "--period", "week", "-f", "json"))]
    # 2021-01-03 is a Sunday in ISO week 53 of 2020; 2024-12-30 is in 2025-W01.
    assert weeks[0] == "2020-W53"
    assert "2025-W01" in weeks
    fine = [label for label in weeks if "-W" in label]
    assert fine == sorted(fine), "weeks in time order"
    months = [row["period"] for row in json_rows(harmtrack.ok("report", "timeline", "-f", "json"))]
    assert "2024-10" in months and all(len(label) in (4, 7) for label in months)


def test_timeline_sort_by_killed_and_top(generated):
    harmtrack, records = generated
    expected = expected_groups(records, lambda r: period_of(r, "year"))
    rows = json_rows(
        harmtrack.ok("report", "timeline", "--period", "year", "--sort", "killed", "--top", "2", "-f", "json")
    )
    assert [row["period"] for row in rows] == by_killed_then_name(expected)[:2]


# --- matrix ------------------------------------------------------------------


def casualties(r):
    return (r["killed"] or 0) + (r["injured"] or 0)


MEASURES = {
    "killed": lambda r: r["killed"] or 0,
    "injured": lambda r: r["injured"] or 0,
    "incidents": lambda r: 1,
    "casualties": casualties,
}


@pytest.mark.parametrize("measure", list(MEASURES))
def test_matrix_matches_an_independent_count(generated, measure):
    harmtrack, records = generated
    value = MEASURES[measure]
    counted = [r for r in records if r["status"] in COUNTED]
    cells = defaultdict(int)
    city_total, weapon_total = defaultdict(int), defaultdict(int)
    for r in counted:
        cells[r["city"], r["weapon"]] += value(r)
        city_total[r["city"]] += value(r)
        weapon_total[r["weapon"]] += value(r)
    weapons = sorted(weapon_total, key=lambda w: (-weapon_total[w], w))
    cities = sorted(city_total, key=lambda c: (-city_total[c], c is None, c or ""))
    out = harmtrack.ok("report", "matrix", "--measure", measure, "--format", "csv").stdout
    lines = list(csv.reader(io.StringIO(out)))
    assert lines[0] == ["city", *weapons]
    assert [line[0] for line in lines[1:]] == [c or "" for c in cities]
    for line in lines[1:]:
        city = line[0] or None
        assert [int(cell) for cell in line[1:]] == [cells[city, w] for w in weapons]


def test_matrix_top_folds_the_rest_into_other(generated):
    harmtrack, records = generated
    counted = [r for r in records if r["status"] in COUNTED]
    killed = defaultdict(int)
    for r in counted:
        killed[r["city"]] += r["killed"] or 0
    cities = sorted(killed, key=lambda c: (-killed[c], c is None, c or ""))
    rows = json_rows(harmtrack.ok("report", "matrix", "--top", "3", "--format", "json"))
    assert [row["city"] for row in rows] == [*cities[:3], "other"]
    other = rows[-1]
    assert sum(value for name, value in other.items() if name != "city") == sum(killed[c] for c in cities[3:])


# --- sites -------------------------------------------------------------------


def test_sites_report_matches_an_independent_count(generated):
    harmtrack, records = generated
    counted = [r for r in records if r["status"] in COUNTED]
    incidents_by_kind, sites_by_kind = defaultdict(int), defaultdict(int)
    for r in counted:
        for kind in {kind for kind, _ in r["damaged"]}:
            incidents_by_kind[kind] += 1
        for kind, _ in r["damaged"]:
            sites_by_kind[kind] += 1
    rows = json_rows(harmtrack.ok("report", "sites", "--format", "json"))
    assert {row["kind"]: (row["incidents"], row["sites"]) for row in rows} == {
        kind: (incidents_by_kind[kind], sites_by_kind[kind]) for kind in incidents_by_kind
    }
    assert [row["kind"] for row in rows] == sorted(incidents_by_kind, key=lambda k: (-incidents_by_kind[k], k))
    table = wide(harmtrack, "report", "sites", "--format", "table").stdout
    total_line = next(line for line in table.splitlines() if "total" in line)
    damaged = [r for r in counted if r["damaged"]]
    assert [int(cell) for cell in total_line.replace("│", " ").split()[1:]] == [
        len(damaged),
        sum(len(r["damaged"]) for r in damaged),
    ]


# --- filters and statuses -----------------------------------------------------


def test_filters_narrow_every_report(generated):
    harmtrack, records = generated

    def chosen(r):
        return r["city"] == "Kharkiv" and "2023-01-01" <= r["date"] <= "2023-12-31"

    expected = expected_groups([r for r in records if chosen(r)], lambda r: r["weapon"])
    rows = json_rows(
        harmtrack.ok("report", "weapon", "--city", "kharkiv", "--since", "2023", "--until", "2023", "-f", "json")
    )
    assert {row["weapon"]: {n: row[n] for n in COUNT_COLUMNS} for row in rows} == expected


def test_weapon_filter_takes_an_alias(generated):
    harmtrack, records = generated
    expected = expected_groups([r for r in records if r["weapon"] == "glide-bomb"], lambda r: r["city"])
    rows = json_rows(harmtrack.ok("report", "city", "--weapon", "KAB", "-f", "json"))
    assert {row["city"]: row["killed"] for row in rows} == {city: v["killed"] for city, v in expected.items()}


def test_discounted_is_left_out_unless_asked(generated):
    harmtrack, records = generated
    every = expected_groups(records, lambda r: "all", statuses=STATUSES)["all"]
    counted = expected_groups(records, lambda r: "all")["all"]
    only = expected_groups(records, lambda r: "all", statuses=("discounted",))["all"]
    assert only["incidents"] > 0

    def total_incidents(*args):
        return sum(row["incidents"] for row in json_rows(harmtrack.ok("report", "weapon", *args, "-f", "json")))

    assert total_incidents() == counted["incidents"]
    assert total_incidents("--include-discounted") == every["incidents"]
    # An explicit --status overrides the default.
    assert total_incidents("--status", "discounted") == only["incidents"]


def test_the_caption_says_what_was_counted(generated):
    harmtrack, _ = generated
    table = harmtrack.ok("report", "city", "--format", "markdown").stdout
    assert "discounted left out" in table
    table = harmtrack.ok("report", "city", "--format", "markdown", "--include-discounted", "--city", "Kyiv").stdout
    assert "every status, discounted included" in table and "city Kyiv" in table
    table = harmtrack.ok("report", "city", "--format", "markdown", "--status", "confirmed").stdout
    assert "status confirmed" in table


# --- sort and top ----------------------------------------------------------------


def test_sort_by_name_and_by_measure_and_top(generated):
    harmtrack, records = generated
    expected = expected_groups(records, lambda r: r["weapon"])
    rows = json_rows(harmtrack.ok("report", "weapon", "--sort", "weapon", "-f", "json"))
    assert [row["weapon"] for row in rows] == sorted(expected)
    rows = json_rows(harmtrack.ok("report", "weapon", "--sort", "injured", "--top", "4", "-f", "json"))
    assert [row["weapon"] for row in rows] == sorted(expected, key=lambda w: (-expected[w]["injured"], w))[:4]
    rows = json_rows(harmtrack.ok("report", "weapon", "--sort", "casualties", "-f", "json"))
    value = {w: expected[w]["killed"] + expected[w]["injured"] for w in expected}
    assert [row["weapon"] for row in rows] == sorted(expected, key=lambda w: (-value[w], w))


@pytest.mark.parametrize("sort", ["killed; DROP TABLE incidents", "description", "1", ""])
def test_a_bad_sort_is_bad_usage_and_changes_nothing(generated, sort):
    harmtrack, _ = generated
    before = harmtrack.dump()
    result = harmtrack("report", "city", "--sort", sort)
    assert result.exit_code == 2
    assert "--sort" in result.stderr and "valid: city, name, incidents, killed" in result.stderr
    assert "Traceback" not in result.stderr
    assert harmtrack.dump() == before


def test_bad_top_measure_and_period_are_bad_usage(generated):
    harmtrack, _ = generated
    assert harmtrack("report", "city", "--top", "0").exit_code == 2
    assert harmtrack("report", "matrix", "--measure", "deaths").exit_code == 2
    assert harmtrack("report", "timeline", "--period", "quarter").exit_code == 2
    assert harmtrack("report", "weapon", "--by", "city").exit_code == 2
    assert harmtrack("report", "nonsense").exit_code == 2


# --- unknown is not zero --------------------------------------------------------


def test_unknown_is_not_zero(harmtrack):
    harmtrack.ok("add", "--date", "2024-10-01", "--city", "Sumy", "--killed", "0", "--injured", "2")
    harmtrack.ok("add", "--date", "2024-10-02", "--city", "Sumy")
    harmtrack.ok("add", "--date", "2024-10-03", "--city", "Kyiv", "--killed", "0", "--injured", "0")
    rows = {row["city"]: row for row in json_rows(harmtrack.ok("report", "city", "-f", "json"))}
    assert (rows["Sumy"]["killed"], rows["Sumy"]["killed_unknown"]) == (0, 1)
    assert (rows["Sumy"]["injured"], rows["Sumy"]["injured_unknown"]) == (2, 1)
    assert (rows["Kyiv"]["killed"], rows["Kyiv"]["killed_unknown"]) == (0, 0)
    table = harmtrack.ok("report", "city", "--format", "markdown").stdout
    assert "killed unknown" in table and "injured unknown" in table
    [sumy] = [line for line in table.splitlines() if line.startswith("| Sumy")]
    assert sumy == "| Sumy | 2 | 0 | 2 | 0 | 0 | 1 | 1 |"
    # Casualties: an incident with either figure unknown is incomplete.
    matrix = harmtrack.ok("report", "matrix", "--measure", "casualties", "--format", "markdown").stdout
    assert "casualties unknown" in matrix


# --- views: table, markdown, piped, terminal ---------------------------------------


def test_table_view_has_total_row_separators_ranges_and_caption(harmtrack):
    harmtrack.ok("add", "--date", "2024-10-01", "--city", "Mariupol", "--killed", "1200", "--killed-min", "1000",
                 "--killed-max", "1500", "--injured", "300")  # fmt: skip
    harmtrack.ok("add", "--date", "2024-10-02", "--city", "Sumy", "--killed", "34")
    table = wide(harmtrack, "report", "city", "--format", "table").stdout
    assert "1,200" in table and "1,234" in table
    assert "1,000–1,500" in table and "1,034–1,534" in table  # the range: best figure where none is given
    total = next(line for line in table.splitlines() if "total" in line)
    assert "1,234" in total and "2" in total
    assert "discounted left out" in table
    markdown = harmtrack.ok("report", "city", "--format", "markdown").stdout
    assert "|---|---:|---:|" in markdown
    assert "| **total** | **2** | **1,234** |" in markdown
    csv_out = harmtrack.ok("report", "city", "--format", "csv").stdout
    assert "Mariupol,1,1200,300," in csv_out and "1,200" not in csv_out


def test_piped_output_is_csv_and_a_terminal_gets_a_table(harmtrack, monkeypatch):
    harmtrack.ok("add", "--date", "2024-10-01", "--city", "Sumy", "--killed", "3")
    piped = harmtrack.ok("report", "city").stdout
    assert piped.splitlines()[0].startswith("city,incidents,killed")
    monkeypatch.setattr("harmtrack.render.stdout_is_terminal", lambda: True)
    shown = wide(harmtrack, "report", "city").stdout
    assert "┃ city" in shown and "total" in shown


def test_timeline_on_a_terminal_draws_a_bar_chart(harmtrack, monkeypatch):
    harmtrack.ok("add", "--date", "2024-08-10", "--city", "Sumy", "--killed", "8")
    harmtrack.ok("add", "--date", "2024-10-10", "--city", "Sumy", "--killed", "4")
    piped = harmtrack.ok("report", "timeline").stdout
    assert "█" not in piped
    assert piped.splitlines()[1:] == ["2024-08,1,8,0,0,0,0,1", "2024-09,0,0,0,0,0,0,0", "2024-10,1,4,0,0,0,0,1"]
    monkeypatch.setattr("harmtrack.render.stdout_is_terminal", lambda: True)
    shown = wide(harmtrack, "report", "timeline").stdout
    bars = {line.split()[0]: line for line in shown.splitlines() if line.startswith("2024-") and "│" not in line}
    assert set(bars) == {"2024-08", "2024-09", "2024-10"}
    assert bars["2024-08"].count("█") == 2 * bars["2024-10"].count("█") > 0
    assert "█" not in bars["2024-09"]


# --- empty and missing databases ---------------------------------------------------


def test_an_empty_database(harmtrack):
    open_store(harmtrack.db_path, create=True).close()
    for kind in ("city", "weapon", "timeline", "sites"):
        assert len(harmtrack.ok("report", kind, "--format", "csv").stdout.splitlines()) == 1
        assert json_rows(harmtrack.ok("report", kind, "--format", "json")) == []
        assert "total" in harmtrack.ok("report", kind, "--format", "markdown").stdout
    assert harmtrack.ok("report", "matrix", "--format", "csv").stdout == "city\n"
    assert "0 incidents" in wide(harmtrack, "report", "city", "--format", "table").stdout


def test_a_missing_database_is_refused_and_not_created(harmtrack):
    result = harmtrack("report", "city")
    assert result.exit_code == 1
    assert "no database" in result.stderr
    assert not harmtrack.db_path.exists()

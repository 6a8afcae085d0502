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
    "children_killed_unknown",
    "children_injured_unknown",
)
CSV_HEADER = ",".join(("city", *COUNT_COLUMNS))
# How the table and markdown views show a sum over no known figure.
UNKNOWN = "unknown"
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


def known_sum(values) -> int | None:
    """The sum of the known values; None (unknown) when none is known."""
    known = [value for value in values if value is not None]
    return sum(known) if known else None


def plus(a: int | None, b: int | None) -> int | None:
    return a if b is None else b if a is None else a + b


def largest_first(value: int | None) -> tuple:
    """Sort key: known figures largest first, then unknown ones."""
    return (value is None, -(value or 0))


def figures(records: list[dict]) -> dict:
    sums = ("killed", "injured", "children_killed", "children_injured")
    return {
        "incidents": len(records),
        **{name: known_sum(r[name] for r in records) for name in sums},
        **{f"{name}_unknown": sum(1 for r in records if r[name] is None) for name in sums},
    }


def expected_groups(records, key, *, statuses=COUNTED) -> dict:
    groups = defaultdict(list)
    for record in records:
        if record["status"] in statuses:
            groups[key(record)].append(record)
    return {name: figures(members) for name, members in groups.items()}


def by_killed_then_name(groups: dict) -> list:
    return sorted(
        groups, key=lambda name: (*largest_first(groups[name]["killed"]), name is None, (name or "").casefold())
    )


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


def chronological(label: str) -> tuple:
    """A timeline label's first day; a coarser period before the finer ones it holds."""
    if "-W" in label:
        year, week = label.split("-W")
        return date.fromisocalendar(int(year), int(week), 1), -RANK["week"]
    parts = [int(part) for part in label.split("-")] + [1, 1]
    return date(*parts[:3]), -RANK[{3: "day", 2: "month", 1: "year"}[label.count("-") + 1]]


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
    assert lines[0] == (
        "city,incidents,killed,injured,children_killed,children_injured,"
        "killed_unknown,injured_unknown,children_killed_unknown,children_injured_unknown"
    )
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
        else:  # a quiet period between the first and the last: a zero row (no incident, nothing unknown)
            assert values == dict.fromkeys(COUNT_COLUMNS, 0), label
    if period in ("day", "week"):  # small periods: some have no known figure at all
        for name in ("killed", "injured", "children_killed", "children_injured"):
            assert any(values[name] is None for values in expected.values()), name
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
    """killed + injured over the known figures; unknown when neither is known."""
    return known_sum((r["killed"], r["injured"]))


MEASURES = {
    "killed": lambda r: r["killed"],
    "injured": lambda r: r["injured"],
    "incidents": lambda r: 1,
    "casualties": casualties,
}


def matrix_cells(counted: list[dict], value) -> tuple[dict, dict, dict]:
    """Cells, city totals and weapon totals of the measure, None where no incident summed has a known figure."""
    cells: dict = {}
    city_total: dict = {}
    weapon_total: dict = {}
    for r in counted:
        for table, key in ((cells, (r["city"], r["weapon"])), (city_total, r["city"]), (weapon_total, r["weapon"])):
            table[key] = plus(table[key], value(r)) if key in table else value(r)
    return cells, city_total, weapon_total


def number_or_unknown(cell: str) -> int | None:
    return None if cell == "" else int(cell)


@pytest.mark.parametrize("measure", list(MEASURES))
def test_matrix_matches_an_independent_count(generated, measure):
    harmtrack, records = generated
    counted = [r for r in records if r["status"] in COUNTED]
    cells, city_total, weapon_total = matrix_cells(counted, MEASURES[measure])
    if measure in ("killed", "injured"):  # this data has cells whose every figure is unknown
        assert None in cells.values()
    weapons = sorted(weapon_total, key=lambda w: (*largest_first(weapon_total[w]), w))
    cities = sorted(city_total, key=lambda c: (*largest_first(city_total[c]), c is None, c or ""))
    out = harmtrack.ok("report", "matrix", "--measure", measure, "--format", "csv").stdout
    lines = list(csv.reader(io.StringIO(out)))
    assert lines[0] == ["city", *weapons]
    assert [line[0] for line in lines[1:]] == [c or "" for c in cities]
    for line in lines[1:]:
        city = line[0] or None
        # An empty cell: incidents, none with a known figure; 0: no incident of that weapon there (or zeros).
        assert [number_or_unknown(cell) for cell in line[1:]] == [cells.get((city, w), 0) for w in weapons]


def test_matrix_top_folds_the_rest_into_other(generated):
    harmtrack, records = generated
    counted = [r for r in records if r["status"] in COUNTED]
    cells, killed, _ = matrix_cells(counted, MEASURES["killed"])
    cities = sorted(killed, key=lambda c: (*largest_first(killed[c]), c is None, c or ""))
    rows = json_rows(harmtrack.ok("report", "matrix", "--top", "3", "--format", "json"))
    assert [row["city"] for row in rows] == [*cities[:3], "other"]
    other = rows[-1]
    assert sum(value or 0 for name, value in other.items() if name != "city") == sum(killed[c] or 0 for c in cities[3:])
    # Each folded cell adds the folded cities' cells, unknown + unknown staying unknown.
    for weapon, value in other.items():
        if weapon != "city":
            folded = [cells[c, weapon] for c in cities[3:] if (c, weapon) in cells]
            assert value == (known_sum(folded) if folded else 0), weapon


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
    by_injured = sorted(expected, key=lambda w: (*largest_first(expected[w]["injured"]), w))
    assert [row["weapon"] for row in rows] == by_injured[:4]
    rows = json_rows(harmtrack.ok("report", "weapon", "--sort", "casualties", "-f", "json"))
    value = {w: known_sum((expected[w]["killed"], expected[w]["injured"])) for w in expected}
    assert [row["weapon"] for row in rows] == sorted(expected, key=lambda w: (*largest_first(value[w]), w))
    expected = expected_groups(records, lambda r: period_of(r, "day"))
    rows = json_rows(harmtrack.ok("report", "timeline", "--period", "day", "--sort", "children_killed", "-f", "json"))
    ordered = sorted(expected, key=lambda d: (*largest_first(expected[d]["children_killed"]), chronological(d)))
    assert [row["period"] for row in rows if row["incidents"]] == ordered


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
    # No Sumy incident has a children figure: unknown, not 0, and both counted as unknown.
    assert sumy == f"| Sumy | 2 | 0 | 2 | {UNKNOWN} | {UNKNOWN} | 1 | 1 | 2 | 2 |"
    # Casualties: an incident with either figure unknown is incomplete.
    matrix = harmtrack.ok("report", "matrix", "--measure", "casualties", "--format", "markdown").stdout
    assert "casualties unknown" in matrix


def incident(**fields: str) -> dict:
    return {"date": "2024-10-01", "country": "Ukraine", "region": "Some Oblast", "weapon": "unknown"} | fields


def table_cells(text: str) -> dict[str, list[str]]:
    """A rich table's body and total rows, by their first cell."""
    rows = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("│").split("│")]
        if len(cells) > 1 and cells[0]:
            rows[cells[0]] = cells[1:]
    return rows


GROUP_REPORTS = (("city",), ("weapon",), ("weapon", "--by", "class"), ("timeline",))


def test_children_figures_nobody_recorded_are_unknown_not_zero(harmtrack):
    store(
        harmtrack.db_path,
        [
            incident(city="Sumy", killed="3", injured="5"),
            incident(city="Sumy", killed="1"),
            incident(city="Kyiv", killed="0", injured="2", weapon="drone"),
        ],
    )
    assert harmtrack.ok("report", "city", "--format", "csv").stdout.splitlines() == [
        CSV_HEADER,
        "Sumy,2,4,5,,,0,1,2,2",
        "Kyiv,1,0,2,,,0,0,1,1",
    ]
    for args in GROUP_REPORTS:
        rows = json_rows(harmtrack.ok("report", *args, "--format", "json"))
        assert rows, args
        for row in rows:
            assert (row["children_killed"], row["children_injured"]) == (None, None), args
            assert row["children_killed_unknown"] == row["children_injured_unknown"] == row["incidents"], args
        csv_rows = list(csv.DictReader(io.StringIO(harmtrack.ok("report", *args, "--format", "csv").stdout)))
        assert all(row["children_killed"] == row["children_injured"] == "" for row in csv_rows), args
    table = wide(harmtrack, "report", "city", "--format", "table").stdout
    cells = table_cells(table)
    # incidents, killed, injured, children killed, children injured, then the four unknown counts.
    assert cells["Sumy"] == ["2", "4", "5", UNKNOWN, UNKNOWN, "0", "1", "2", "2"]
    assert cells["Kyiv"] == ["1", "0", "2", UNKNOWN, UNKNOWN, "0", "0", "1", "1"]
    assert cells["total"] == ["3", "4", "7", UNKNOWN, UNKNOWN, "0", "1", "3", "3"]
    assert "children" in table and "not 0" in table  # the caption says what the marker means
    markdown = harmtrack.ok("report", "city", "--format", "markdown").stdout
    assert "children killed unknown" in markdown and "children injured unknown" in markdown
    assert f"| **total** | **3** | **4** | **7** | **{UNKNOWN}** | **{UNKNOWN}** | **0** | **1** | **3** | **3** |" in (
        markdown
    )


def test_a_group_whose_every_killed_is_unknown_has_killed_unknown(harmtrack):
    store(
        harmtrack.db_path,
        [
            incident(city="Odesa", injured="4", weapon="drone"),
            incident(city="Odesa", injured="1", weapon="drone"),
            incident(city="Kyiv", killed="0", weapon="drone"),
        ],
    )
    rows = json_rows(harmtrack.ok("report", "city", "--format", "json"))
    # Sorted by killed: the known 0 before the unknown.
    assert [row["city"] for row in rows] == ["Kyiv", "Odesa"]
    odesa = rows[1]
    assert (odesa["incidents"], odesa["killed"], odesa["killed_unknown"]) == (2, None, 2)
    assert (odesa["injured"], odesa["injured_unknown"]) == (5, 0)
    [drone] = json_rows(harmtrack.ok("report", "weapon", "--format", "json"))
    assert (drone["killed"], drone["killed_unknown"], drone["injured"], drone["injured_unknown"]) == (0, 2, 5, 1)
    out = harmtrack.ok("report", "city", "--format", "csv").stdout
    assert "Odesa,2,,5,,,2,0,2,2" in out.splitlines()
    cells = table_cells(wide(harmtrack, "report", "city", "--format", "table").stdout)
    assert cells["Odesa"][:3] == ["2", UNKNOWN, "5"]
    # The total: unknown + 0 is 0, with the unknown incidents counted.
    assert cells["total"][:3] == ["3", "0", "5"] and cells["total"][5] == "2"


def test_a_report_where_no_incident_has_a_figure(harmtrack):
    store(harmtrack.db_path, [incident(city="Odesa"), incident(city="Sumy", weapon="drone", date="2024-12-05")])
    for args in GROUP_REPORTS:
        for row in json_rows(harmtrack.ok("report", *args, "--format", "json")):
            if not row["incidents"]:  # November in the timeline: nothing happened, nothing unknown
                assert {name: row[name] for name in COUNT_COLUMNS} == dict.fromkeys(COUNT_COLUMNS, 0)
                continue
            assert [row[name] for name in ("killed", "injured", "children_killed", "children_injured")] == [None] * 4
            assert row["killed_unknown"] == row["injured_unknown"] == row["incidents"]
    # The total over unknown rows (and a quiet period) is unknown too, never 0.
    for args in GROUP_REPORTS:
        cells = table_cells(wide(harmtrack, "report", *args, "--format", "table").stdout)
        assert cells["total"] == ["2", UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, "2", "2", "2", "2"], args
    # Sorting by a figure nobody knows, --top, and the bar chart do not trip on it.
    rows = json_rows(harmtrack.ok("report", "city", "--sort", "children_injured", "--top", "1", "-f", "json"))
    assert [row["city"] for row in rows] == ["Odesa"]
    chart = wide(harmtrack, "report", "timeline", "--format", "table").stdout.splitlines()
    # The bar chart: no bar and the word for an unknown figure; a quiet month is 0.
    assert [line.split() for line in chart[-3:]] == [["2024-10", UNKNOWN], ["2024-11", "0"], ["2024-12", UNKNOWN]]
    matrix = json_rows(harmtrack.ok("report", "matrix", "--measure", "casualties", "--format", "json"))
    assert matrix == [{"city": "Odesa", "unknown": None, "drone": 0}, {"city": "Sumy", "unknown": 0, "drone": None}]


def test_a_mixed_group_sums_the_known_figures(harmtrack):
    store(
        harmtrack.db_path,
        [
            incident(city="Kherson", killed="2", killed_max="5", children_injured="1", injured="3"),
            incident(city="Kherson"),
            incident(city="Kherson", date="2024-10-03"),
        ],
    )
    [kherson] = json_rows(harmtrack.ok("report", "city", "--format", "json"))
    assert {name: kherson[name] for name in COUNT_COLUMNS} == {
        "incidents": 3,
        "killed": 2,
        "injured": 3,
        "children_killed": None,
        "children_injured": 1,
        "killed_unknown": 2,
        "injured_unknown": 2,
        "children_killed_unknown": 3,
        "children_injured_unknown": 2,
    }
    cells = table_cells(wide(harmtrack, "report", "city", "--format", "table").stdout)
    # incidents, killed, killed range, injured, children killed, children injured, unknown counts.
    assert cells["Kherson"] == ["3", "2", "2–5", "3", UNKNOWN, "1", "2", "2", "3", "2"]


def test_matrix_cells_unknown_blank_and_zero_are_distinct(harmtrack):
    store(
        harmtrack.db_path,
        [
            incident(city="Odesa", weapon="drone"),  # incidents, killed unknown
            incident(city="Odesa", weapon="drone"),
            incident(city="Odesa", weapon="mlrs", killed="0"),  # incidents, none killed
            incident(city="Kyiv", weapon="mlrs", killed="4"),  # no drone incident in Kyiv
            incident(city="Sumy", weapon="drone"),
            incident(city="Sumy", weapon="mlrs"),
        ],
    )
    rows = json_rows(harmtrack.ok("report", "matrix", "--format", "json"))
    # Kyiv (4 killed) first, Odesa (0 known) next, Sumy (nothing known) last; mlrs (4) before drone (unknown).
    assert rows == [
        {"city": "Kyiv", "mlrs": 4, "drone": 0},
        {"city": "Odesa", "mlrs": 0, "drone": None},
        {"city": "Sumy", "mlrs": None, "drone": None},
    ]
    assert harmtrack.ok("report", "matrix", "--format", "csv").stdout.splitlines() == [
        "city,mlrs,drone",
        "Kyiv,4,0",
        "Odesa,0,",
        "Sumy,,",
    ]
    cells = table_cells(wide(harmtrack, "report", "matrix", "--format", "table").stdout)
    # mlrs, drone, total, killed unknown; a blank cell: no incident of that weapon there.
    assert cells["Kyiv"] == ["4", "", "4", "0"]
    assert cells["Odesa"] == ["0", UNKNOWN, "0", "2"]
    assert cells["Sumy"] == [UNKNOWN, UNKNOWN, UNKNOWN, "2"]
    assert cells["total"] == ["4", UNKNOWN, "4", "4"]
    # --top folds Odesa and Sumy: 0 + unknown is 0, unknown + unknown stays unknown.
    folded = json_rows(harmtrack.ok("report", "matrix", "--top", "1", "--format", "json"))
    assert folded[1] == {"city": "other", "mlrs": 0, "drone": None}
    cells = table_cells(wide(harmtrack, "report", "matrix", "--top", "1", "--format", "table").stdout)
    assert cells["other (2 cities)"] == ["0", UNKNOWN, "0", "4"]


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
    # injured and the children's figures are unknown (empty); September has no incident (zeros).
    assert piped.splitlines()[1:] == [
        "2024-08,1,8,,,,0,1,1,1",
        "2024-09,0,0,0,0,0,0,0,0,0",
        "2024-10,1,4,,,,0,1,1,1",
    ]
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

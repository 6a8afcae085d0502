"""Counted once: reports of one event found, merged with their ranges and
sources, corroborated, and undone exactly; look-alikes kept apart.

The reports are written from real coverage: the Odesa strike of 15 March 2024
(14 killed and 46 injured; 21 and 73; "at least 20" and "over 70"), the Kharkiv
glide bomb of 2 October 2024 (9 injured, then 12 the next morning), the
Okhmatdyt hospital strike of 8 July 2024 (16 injured, then 32)."""

import csv
import io
import json

from conftest import Harmtrack
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

COLUMNS = ["uid", "date", "region", "city", "district", "weapon", "killed", "killed_min", "injured", "injured_min",
           "damaged", "status", "sources", "description"]  # fmt: skip
ODESA = [
    [
        "",
        "2024-03-15",
        "",
        "Odesa",
        "",
        "ballistic-missile",
        "14",
        "",
        "46",
        "",
        "",
        "",
        "https://www.reuters.com/odesa",
        "Reuters",
    ],
    [
        "",
        "2024-03-15",
        "",
        "Odesa",
        "",
        "ballistic-missile",
        "21",
        "",
        "73",
        "",
        "",
        "",
        "https://kyivindependent.com/odesa",
        "KI",
    ],
    [
        "",
        "2024-03-15",
        "",
        "Odesa",
        "",
        "missile",
        "20",
        "20",
        "71",
        "71",
        "",
        "",
        "https://suspilne.media/odesa",
        "Suspilne",
    ],
]
KHARKIV = [
    [
        "",
        "2024-10-02",
        "",
        "Kharkiv",
        "",
        "glide-bomb",
        "",
        "",
        "9",
        "",
        "",
        "",
        "https://ukrinform.ua/kab",
        "9 injured",
    ],
    [
        "",
        "2024-10-03",
        "",
        "Kharkiv",
        "",
        "glide-bomb",
        "",
        "",
        "12",
        "",
        "",
        "",
        "https://www.reuters.com/kab",
        "12 injured",
    ],
]
OKHMATDYT = [
    [
        "",
        "2024-07-08",
        "",
        "Kyiv",
        "",
        "cruise-missile",
        "",
        "",
        "16",
        "",
        "medical:Okhmatdyt children's hospital",
        "",
        "https://www.reuters.com/okhmatdyt",
        "16 injured",
    ],
    [
        "",
        "2024-07-08",
        "",
        "Kyiv",
        "",
        "cruise-missile",
        "",
        "",
        "32",
        "",
        "medical:Okhmatdyt children's hospital",
        "",
        "https://www.ukrinform.net/okhmatdyt",
        "32 injured",
    ],
]
LOOKALIKES = [
    [
        "",
        "2024-03-02",
        "",
        "Odesa",
        "",
        "loitering-munition",
        "12",
        "",
        "8",
        "",
        "residential:apartment building",
        "",
        "https://ukrinform.ua/odesa-drone",
        "another day, a drone",
    ],
    [
        "",
        "2024-07-08",
        "",
        "Kyiv",
        "Dniprovskyi district",
        "cruise-missile",
        "7",
        "",
        "13",
        "",
        "residential:apartment building",
        "",
        "https://www.reuters.com/kyiv-dnipro",
        "another site that day",
    ],
    [
        "",
        "2024-10-02",
        "Kharkiv Oblast",
        "",
        "",
        "glide-bomb",
        "3",
        "",
        "20",
        "",
        "",
        "",
        "https://ukrinform.ua/oblast",
        "the oblast's daily toll",
    ],
    [
        "",
        "2024-10-02",
        "",
        "Kozacha Lopan",
        "",
        "glide-bomb",
        "1",
        "",
        "2",
        "",
        "",
        "",
        "https://ukrinform.ua/lopan",
        "a neighbouring village",
    ],
    [
        "",
        "2024-10-02",
        "",
        "Kharkiv",
        "",
        "artillery",
        "1",
        "",
        "1",
        "",
        "",
        "",
        "https://ukrinform.ua/shell",
        "shelling, not the glide bomb",
    ],
]


def as_csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()


def coverage(harmtrack: Harmtrack, tmp_path) -> dict[str, list[int]]:
    """Import every report; returns the ids of each event's reports."""
    path = tmp_path / "coverage.csv"
    path.write_text(as_csv(ODESA + KHARKIV + OKHMATDYT + LOOKALIKES), encoding="utf-8")
    harmtrack.ok("import", str(path))
    return {"odesa": [1, 2, 3], "kharkiv": [4, 5], "okhmatdyt": [6, 7], "lookalikes": [8, 9, 10, 11, 12]}


def groups(harmtrack: Harmtrack) -> list[dict]:
    return json.loads(harmtrack.ok("dedupe", "--format", "json").stdout)


def report(harmtrack: Harmtrack, group: str = "city") -> dict:
    rows = json.loads(harmtrack.ok("report", group, "--format", "json").stdout)
    return {row[group]: row for row in rows}


def test_dedupe_finds_each_event_and_keeps_the_look_alikes_apart(harmtrack, tmp_path):
    ids = coverage(harmtrack, tmp_path)
    found = groups(harmtrack)
    assert sorted(group["ids"] for group in found) == sorted([ids["odesa"], ids["kharkiv"], ids["okhmatdyt"]])
    for group in found:
        assert 0.6 <= group["score"] <= 1 and len(group["uids"]) == len(group["ids"])
    kharkiv = next(group for group in found if group["ids"] == ids["kharkiv"])
    assert "same city (Kharkiv)" in kharkiv["reasons"] and "both glide-bomb" in kharkiv["reasons"]
    assert any(reason.startswith("a day apart") for reason in kharkiv["reasons"])
    assert "injured 9 vs 12" in kharkiv["reasons"]
    listed = list(csv.DictReader(io.StringIO(harmtrack.ok("dedupe", "--format", "csv").stdout)))
    assert sorted(int(row["id"]) for row in listed) == [1, 2, 3, 4, 5, 6, 7]
    assert {row["group"] for row in listed} == {"1", "2", "3"}


def test_merge_spans_the_figures_joins_sources_and_corroborates(harmtrack, tmp_path):
    coverage(harmtrack, tmp_path)
    before = report(harmtrack)["Odesa"]
    assert before["incidents"] == 4 and before["killed"] == 14 + 21 + 20 + 12  # counted three times over
    result = harmtrack.ok("merge", "1", "2", "3", "--into", "2", "--yes")
    assert "merged 3 incidents into incident 2" in result.stderr
    assert "killed 21 (14-21), injured 73 (46-73), status corroborated" in result.stderr
    after = report(harmtrack)["Odesa"]
    assert (after["incidents"], after["killed"], after["injured"]) == (2, 21 + 12, 73 + 8)
    [shown] = json.loads(harmtrack.ok("show", "2", "--format", "json").stdout)
    assert sorted(source["url"] for source in shown["sources"]) == [
        "https://kyivindependent.com/odesa",
        "https://suspilne.media/odesa",
        "https://www.reuters.com/odesa",
    ]
    assert (shown["killed_min"], shown["killed_max"], shown["injured_min"], shown["injured_max"]) == (14, 21, 46, 73)
    assert shown["description"].startswith("KI\n\n[merged from ")
    assert len(shown["merged_uids"]) == 2
    # Either merged-away uid names the kept incident.
    assert (
        json.loads(harmtrack.ok("show", shown["merged_uids"][0], "--format", "json").stdout)[0]["uid"] == shown["uid"]
    )


def test_a_contested_report_keeps_its_status_and_one_publisher_does_not_corroborate(harmtrack, tmp_path):
    rows = [row[:] for row in KHARKIV]
    rows[0][11] = "contested"
    harmtrack.ok("import", "-", input=as_csv(rows))
    result = harmtrack.ok("merge", "1", "2", "--yes")
    assert "status contested" in result.stderr
    history = json.loads(harmtrack.ok("history", "2", "--format", "json").stdout)
    assert ("merge", "reason") in {(entry["action"], entry["field"]) for entry in history}
    same = Harmtrack(tmp_path / "same.db")
    one_publisher = [row[:] for row in KHARKIV]
    one_publisher[1][12] = "https://ukrinform.ua/kab-update"
    same.ok("import", "-", input=as_csv(one_publisher))
    assert "status unverified" in same.ok("merge", "1", "2", "--yes").stderr


def test_a_merged_away_row_reimported_never_comes_back(harmtrack, tmp_path):
    coverage(harmtrack, tmp_path)
    harmtrack.ok("merge", "6", "7", "--yes")
    again = harmtrack.ok("import", str(tmp_path / "coverage.csv"))
    assert "imported 0 incidents" in again.stderr
    assert report(harmtrack)["Kyiv"]["incidents"] == 2  # Okhmatdyt once, and the other site
    updated = harmtrack.ok("import", str(tmp_path / "coverage.csv"), "--on-conflict", "update")
    assert "imported 0 incidents" in updated.stderr


def test_unmerge_restores_the_records_byte_for_byte(harmtrack, tmp_path):
    coverage(harmtrack, tmp_path)
    exported = harmtrack.ok("export").stdout
    harmtrack.ok("merge", "4", "5", "--yes")
    harmtrack.ok("merge", "1", "2", "3", "--yes")
    harmtrack.ok("unmerge", "3")
    harmtrack.ok("unmerge", "5")
    assert harmtrack.ok("export").stdout == exported
    assert "holds no merge to undo" in harmtrack("unmerge", "5").stderr
    history = json.loads(harmtrack.ok("history", "5", "--format", "json").stdout)
    assert [entry["action"] for entry in history if entry["field"] == "restored_uids"] == ["unmerge"]


def test_a_dismissed_pair_is_not_proposed_again(harmtrack, tmp_path):
    ids = coverage(harmtrack, tmp_path)
    harmtrack.ok("dedupe", "--dismiss", "4", "--dismiss", "5")
    assert ids["kharkiv"] not in [group["ids"] for group in groups(harmtrack)]
    harmtrack.ok("dedupe", "--undismiss", "4", "--undismiss", "5")
    assert ids["kharkiv"] in [group["ids"] for group in groups(harmtrack)]


def test_import_and_extract_say_which_new_rows_look_like_stored_incidents(harmtrack, tmp_path):
    harmtrack.ok("import", "-", input=as_csv(ODESA[:1]))
    result = harmtrack.ok("import", "-", input=as_csv(ODESA[1:2] + LOOKALIKES[:1]))
    assert "<stdin>" not in result.stderr
    assert "line 2 looks like incident 1: same city (Odesa); same day; both ballistic-missile" in result.stderr
    assert "line 3 looks like" not in result.stderr  # the drone strike of 2 March
    text = "A Russian ballistic missile struck Odesa on March 15, killing 20 people and injuring 70."
    drafted = harmtrack.ok("extract", "-", "--published", "2024-03-16", "--format", "csv", input=text)
    assert "draft 1 looks like incident 1" in drafted.stderr
    assert len(report(harmtrack)) == 1  # nothing merged on its own


def test_reports_say_how_many_duplicate_groups_are_open(harmtrack, tmp_path):
    coverage(harmtrack, tmp_path)
    caption = harmtrack.ok("report", "city", "--format", "markdown").stdout
    assert "3 possible duplicate groups not reviewed: harmtrack dedupe" in caption
    harmtrack.ok("merge", "1", "2", "3", "--yes")
    assert "2 possible duplicate groups" in harmtrack.ok("report", "weapon", "--format", "markdown").stdout


records = st.fixed_dictionaries(
    {
        "killed": st.one_of(st.none(), st.integers(0, 50)),
        "injured": st.one_of(st.none(), st.integers(0, 80)),
        "weapon": st.sampled_from(["ballistic-missile", "missile", "unknown", "debris"]),
        "site": st.sampled_from(["", "residential:block 5", "medical:hospital"]),
        "status": st.sampled_from(["unverified", "confirmed", "contested", "discounted"]),
        "host": st.sampled_from(["reuters.com", "ukrinform.ua", "example.org"]),
    }
)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(records, min_size=2, max_size=4), st.data())
def test_merge_then_unmerge_is_the_identity(tmp_path_factory, drawn, data):
    harmtrack = Harmtrack(tmp_path_factory.mktemp("merge") / "h.db")
    rows = [
        ["", "2024-03-15", "", "Odesa", "", row["weapon"], "" if row["killed"] is None else str(row["killed"]), "",
         "" if row["injured"] is None else str(row["injured"]), "", row["site"], row["status"],
         f"https://{row['host']}/{number}", f"report {number}"]
        for number, row in enumerate(drawn)
    ]  # fmt: skip
    harmtrack.ok("import", "-", input=as_csv(rows))
    exported = harmtrack.ok("export").stdout
    ids = [str(number) for number in range(1, len(rows) + 1)]
    into = data.draw(st.sampled_from(ids))
    harmtrack.ok("merge", *ids, "--into", into, "--yes")
    assert len(json.loads(harmtrack.ok("export", "--format", "json").stdout)) == 1
    harmtrack.ok("unmerge", into)
    assert harmtrack.ok("export").stdout == exported

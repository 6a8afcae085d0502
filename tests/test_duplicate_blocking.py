"""Which stored incidents dedupe compares: the blocking rule of
harmtrack/store/blocking.py (same settlement, or same region with no
settlement on either side; periods that overlap, with a day of slack;
compatible weapons; no telling district) held equal to the same rule written
plainly in Python, over every pair, for the whole-table search, for the search
restricted to an import's new incidents, and for a draft not stored (extract).

The searches read index ranges per date precision; these tests are what keeps
those ranges from cutting off a pair the rule admits."""

import random
from datetime import date, timedelta

import pg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harmtrack import dedupe, vocab
from harmtrack.dates import period_end, period_start
from harmtrack.recording import Recorder
from harmtrack.store import open_store

pg_server, pg_url = pg.pg_server, pg.pg_url  # the fixtures of tests/pg.py

DISTRICTS = [None, None, "Kyivskyi", "kyivskyi", "Slobidskyi", "Київський", "київський"]
START = date(2023, 12, 1)
WEAPONS = ["ballistic-missile", "cruise-missile", "drone", "debris", "artillery", "unknown", "glide-bomb"]
PLACES = [
    ("Odesa", "Odesa Oblast"),
    ("Odesa", "Odesa Oblast"),
    ("Kharkiv", "Kharkiv Oblast"),
    (None, "Odesa Oblast"),
    (None, "Kharkiv Oblast"),
]


def _reach(day: date, precision: str) -> date:
    """The last day a period shares with another's: its end, and a day of slack."""
    return period_end(day, precision) + timedelta(days=1)


def _ascii_lower(text: str) -> str:
    """Case folded as SQLite's NOCASE folds it (and lower() under PostgreSQL's "C"): ASCII letters only."""
    return "".join(letter.lower() if letter.isascii() else letter for letter in text)


def _admitted(a: dict, b: dict, classes: dict[str, str]) -> bool:
    """The blocking rule, for two records in either order."""
    if (a["date"], a["id"]) > (b["date"], b["id"]):
        a, b = b, a
    if a["city"] is not None or b["city"] is not None:
        if a["city"] != b["city"]:
            return False
    elif a["region"] is None or a["region"] != b["region"]:
        return False
    if date.fromisoformat(b["date"]) > _reach(date.fromisoformat(a["date"]), a["date_precision"]):
        return False
    if a["district"] and b["district"] and _ascii_lower(a["district"]) != _ascii_lower(b["district"]):
        return False
    first, second = a["weapon"], b["weapon"]
    return (
        first == second
        or "unknown" in (first, second)
        or classes.get(first) == classes.get(second)
        or (first == "debris" and classes.get(second) in ("missile", "uncrewed"))
        or (second == "debris" and classes.get(first) in ("missile", "uncrewed"))
    )


incident = st.fixed_dictionaries(
    {
        "offset": st.one_of(st.integers(0, 3), st.integers(28, 34), st.integers(0, 420)),  # often at a boundary
        "precision": st.sampled_from(["day", "day", "day", "week", "month", "year"]),
        "place": st.sampled_from(PLACES),
        "district": st.sampled_from(DISTRICTS),
        "weapon": st.sampled_from(WEAPONS),
    }
)


def _raw(drawn: dict) -> dict:
    day = period_start(START + timedelta(days=drawn["offset"]), drawn["precision"])
    city, region = drawn["place"]
    return {
        "date": day.isoformat(),
        "date_precision": drawn["precision"],
        "city": city,
        "region": region,
        "district": drawn["district"] if city else None,
        "weapon": drawn["weapon"],
        "killed": "1",
    }


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    return tmp_path_factory.mktemp("blocking") / "blocking.db"


def _stored(path, drawn: list[dict]) -> tuple[object, dict[int, dict], dict[str, str]]:
    if path.exists():
        path.unlink()
    store = open_store(path, create=True)
    recorder = Recorder(store)
    for row in drawn:
        recorder.add(_raw(row))
    records = store.records(list(range(1, len(drawn) + 1)))
    return store, records, vocab.load(store).weapon_classes


def _expected(records: dict[int, dict], classes: dict[str, str], touching: set[int] | None = None) -> set:
    ids = sorted(records)
    return {
        (first, second)
        for index, first in enumerate(ids)
        for second in ids[index + 1 :]
        if _admitted(records[first], records[second], classes)
        and (touching is None or first in touching or second in touching)
    }


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(incident, min_size=2, max_size=14), st.data())
def test_candidate_pairs_are_exactly_the_pairs_the_rule_admits(database, drawn, data):
    store, records, classes = _stored(database, drawn)
    try:
        assert set(store.duplicate_candidates(None)) == _expected(records, classes)
        new = set(data.draw(st.lists(st.sampled_from(sorted(records)), min_size=1, unique=True)))
        assert set(store.duplicate_candidates(sorted(new))) == _expected(records, classes, new)
    finally:
        store.close()


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(incident, min_size=1, max_size=12), incident)
def test_a_draft_meets_exactly_the_stored_incidents_the_rule_admits(database, drawn, draft_drawn):
    """The neighbours of a draft are the stored incidents of its place whose
    periods overlap its own (a day of slack) and whose district does not differ;
    weapons are left to dedupe.judge."""
    store, records, classes = _stored(database, drawn)
    try:
        draft = Recorder(store).validate(_raw(draft_drawn))
        Recorder(store).place(draft)
        draft["id"] = 0  # before every stored id: the order only breaks ties of date
        one_class = {code: "one" for code in classes}  # every weapon compatible with every other
        expected = sorted(number for number, other in records.items() if _admitted(draft, other, one_class))
        assert store.neighbours(draft) == expected
    finally:
        store.close()


@pytest.mark.parametrize(
    ("first", "precision", "reach"),
    [
        ("2024-03-04", "day", "2024-03-05"),
        ("2024-03-04", "week", "2024-03-11"),
        ("2024-01-01", "month", "2024-02-01"),
        ("2024-03-01", "month", "2024-04-01"),
        ("2024-01-01", "year", "2025-01-01"),
    ],
)
@pytest.mark.parametrize("probed_from", ["earlier", "later", "both"])
def test_a_period_meets_an_incident_on_its_last_reach_day_and_not_the_day_after(
    tmp_path, first, precision, reach, probed_from
):
    store = open_store(tmp_path / "h.db", create=True)
    recorder = Recorder(store)
    after = (date.fromisoformat(reach) + timedelta(days=1)).isoformat()
    for day, day_precision in ((first, precision), (reach, "day"), (after, "day")):
        recorder.add({"date": day, "date_precision": day_precision, "city": "Odesa", "weapon": "drone", "killed": "1"})
    given = {"earlier": [1], "later": [2, 3], "both": [1, 2, 3]}[probed_from]
    pairs = set(store.duplicate_candidates(given))
    store.close()
    assert (1, 2) in pairs
    assert (1, 3) not in pairs


def test_a_day_report_does_not_meet_a_month_it_is_not_in(tmp_path):
    """Regression: a draft of 5 March 2024 was compared with a stored incident
    of "June 2023" in the same city and called overlapping."""
    store = open_store(tmp_path / "h.db", create=True)
    recorder = Recorder(store)
    recorder.add({"date": "2023-06-01", "date_precision": "month", "city": "Odesa", "weapon": "drone", "killed": "2"})
    recorder.add({"date": "2024-03-01", "date_precision": "month", "city": "Odesa", "weapon": "drone", "killed": "2"})
    draft = recorder.validate({"date": "2024-03-05", "city": "Odesa", "weapon": "drone", "killed": "2"})
    recorder.place(draft)
    assert store.neighbours(draft) == [2]
    store.close()


def test_postgresql_blocks_as_sqlite_does(tmp_path, pg_url):
    """The same 150 incidents (a seeded draw, boundary days often) in both
    engines: the same candidate pairs, whole and restricted, and the same
    neighbours for drafts."""
    chooser = random.Random(20)
    drawn = [
        {
            "offset": chooser.choice([chooser.randint(0, 3), chooser.randint(28, 34), chooser.randint(0, 420)]),
            "precision": chooser.choice(["day", "day", "day", "week", "month", "year"]),
            "place": chooser.choice(PLACES),
            "district": chooser.choice(DISTRICTS),
            "weapon": chooser.choice(WEAPONS),
        }
        for _ in range(150)
    ]
    found = []
    for location in (tmp_path / "h.db", pg_url):
        store = open_store(location, create=True)
        recorder = Recorder(store)
        for row in drawn:
            recorder.add(_raw(row))
        drafts = [recorder.validate(_raw(row)) for row in drawn[:40]]
        for draft in drafts:
            recorder.place(draft)
        found.append(
            (
                sorted(store.duplicate_candidates(None)),
                sorted(store.duplicate_candidates(list(range(100, 151)))),
                [store.neighbours(draft) for draft in drafts],
            )
        )
        store.close()
    assert found[0][0], "the draw should hold candidate pairs"
    assert found[0] == found[1]


def test_a_run_of_pairs_met_twice_does_not_end_the_search(tmp_path, monkeypatch):
    """Found from both of its new incidents, a pair comes twice; a whole batch
    of such repeats once ended the search, and the pairs after it (here the
    region-only pair 1-12, found last) were never judged nor counted."""
    monkeypatch.setattr(dedupe, "CHUNK_PAIRS", 5)
    store = open_store(tmp_path / "h.db", create=True)
    recorder = Recorder(store)
    region_only = {"date": "2024-03-05", "region": "Kharkiv Oblast", "weapon": "drone", "killed": "1"}
    recorder.add(region_only)
    for _ in range(10):
        recorder.add({"date": "2024-03-05", "city": "Odesa", "weapon": "drone", "killed": "1"})
    recorder.add(region_only)
    pairs, _ = dedupe.find_pairs(store, ids=list(range(2, 13)), classes=vocab.load(store).weapon_classes)
    store.close()
    assert (1, 12) in {(first, second) for first, second, _, _ in pairs}
    assert len(pairs) == 45 + 1

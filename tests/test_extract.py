"""harmtrack extract: news text -> draft incidents (issue 6)."""

import csv
import importlib.util
import io
import json
from datetime import date
from pathlib import Path

import pytest

from harmtrack import model, vocab
from harmtrack.extract import dates as date_rules
from harmtrack.extract import extract
from harmtrack.extract.harm import find_harm
from harmtrack.extract.lexicon import Lexicon, best_weapon
from harmtrack.extract.numbers import read_count
from harmtrack.extract.sentences import split_sentences

SHARED = Path(__file__).resolve().parent / "fixtures" / "shared"
ROUNDUP = SHARED / "roundup-days-978-982.txt"
CORPUS = Path(__file__).resolve().parent / "extract_corpus"


@pytest.fixture(scope="module")
def vocabularies():
    return vocab.shipped()


def drafts(text: str, vocabularies, published: str = "2024-11-01"):
    return extract(text, vocabularies, published=date.fromisoformat(published)).drafts


# --------------------------------------------------------------------------- the shared roundup


def test_the_roundup_gives_exactly_its_three_incidents(vocabularies):
    spec = json.loads((SHARED / "roundup-days-978-982.expected.json").read_text(encoding="utf-8"))
    found = drafts(ROUNDUP.read_text(encoding="utf-8"), vocabularies, spec["published"])
    assert len(found) == len(spec["incidents"]) == 3
    for want, got in zip(spec["incidents"], found, strict=True):
        assert got.date in want["date"]
        assert got.city == want["city"]
        assert got.weapon in want["weapon"]
        for name in ("district", "killed", "injured", "children_killed", "children_injured"):
            if name in want:
                assert getattr(got, name) == want[name], name
        assert sorted(got.damaged) == sorted(want["damaged"])
        assert want["evidence"] in got.evidence
        record = model.validate(got.raw(), vocabularies)
        assert record["status"] == "unverified"


def test_the_roundup_reads_its_own_heading_for_the_publication_date(vocabularies):
    result = extract(ROUNDUP.read_text(encoding="utf-8"), vocabularies)
    assert result.published == date(2024, 11, 1)
    assert [draft.date for draft in result.drafts] == ["2024-10-28", "2024-10-29", "2024-10-30"]


# --------------------------------------------------------------------------- the collection


def load_scorer():
    """tests/extract_corpus/score.py, loaded by path: tests/ is not a package."""
    path = Path(__file__).parent / "extract_corpus" / "score.py"
    spec = importlib.util.spec_from_file_location("extract_corpus_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score


def test_the_tuned_collection_scores(vocabularies):
    score = load_scorer()

    for part in ("tuned", "tuned2", "tuned3", "tuned4", "tuned5"):
        result = score(part)
        assert result["expected"] >= 20, part
        assert result["precision"] >= 0.95, part
        assert result["recall"] >= 0.95, part
        assert result["counts"] >= 0.95, part
        assert result["date"] >= 0.95, part
        assert result["site kinds"] >= 0.95, part
    # tuned6: a small set (6 incidents) for the round-6 mechanisms, kept apart from the size floor above
    result = score("tuned6")
    assert result["expected"] >= 6
    assert result["precision"] >= 0.95
    assert result["recall"] >= 0.95
    assert result["counts"] >= 0.95


def test_the_held_out_collections_score():
    """Floors, not targets: heldout6 is the honest measurement; heldout to heldout5 were tuned on after their
    first scoring (see tests/extract_corpus/README.md)."""
    score = load_scorer()

    result = score("heldout")
    assert result["precision"] >= 0.9
    assert result["recall"] >= 0.8
    result = score("heldout2")
    assert result["precision"] >= 0.95
    assert result["recall"] >= 0.95
    assert result["counts"] >= 0.95
    result = score("heldout3")
    assert result["precision"] >= HELDOUT3_FLOOR["precision"]
    assert result["recall"] >= HELDOUT3_FLOOR["recall"]
    result = score("heldout4")
    assert result["precision"] >= HELDOUT4_FLOOR["precision"]
    assert result["recall"] >= HELDOUT4_FLOOR["recall"]
    assert result["counts"] >= HELDOUT4_FLOOR["counts"]
    result = score("heldout5")
    assert result["precision"] >= HELDOUT5_FLOOR["precision"]
    assert result["recall"] >= HELDOUT5_FLOOR["recall"]
    assert result["counts"] >= HELDOUT5_FLOOR["counts"]
    assert result["perpetrator"] >= HELDOUT5_FLOOR["perpetrator"]
    result = score("heldout6")
    assert result["precision"] >= HELDOUT6_FLOOR["precision"]
    assert result["recall"] >= HELDOUT6_FLOOR["recall"]
    assert result["counts"] >= HELDOUT6_FLOOR["counts"]
    assert result["date"] >= HELDOUT6_FLOOR["date"]


# heldout3: 97.1% and 94.3% when first scored after round 3; round 4 tuned on its misses (now 100% and 100%).
HELDOUT3_FLOOR = {"precision": 0.95, "recall": 0.95}
# heldout4: untuned 84.6% / 81.5% / counts 72.7%; after round 4, scored once: 96.0% / 88.9% / counts 87.5%.
# After round 5 (not tuned on heldout4's per-report output, but its to-do list was): 96.2% / 92.6% / counts 92.0%.
HELDOUT4_FLOOR = {"precision": 0.93, "recall": 0.9, "counts": 0.9}
# heldout5: untuned (round-4 rules) 95.0% / 95.0% / counts 86.8%; after round 5, scored once: 95.1% / 97.5% /
# counts 89.7%.
# After round 6 (tuned on heldout5's to-do list): 100% / 100% / counts 100%, perpetrators 100%.
HELDOUT5_FLOOR = {"precision": 0.95, "recall": 0.95, "counts": 0.95, "perpetrator": 0.95}
# heldout6: untuned (round-5 rules) 92.3% / 100% / counts 87.5% / dates 83.3%; after round 6, scored once after
# the last change: 100% / 100% / counts 100% / dates 100% (8 reports, 24 incidents: a small set, so floors leave
# room for one miss).
HELDOUT6_FLOOR = {"precision": 0.95, "recall": 0.95, "counts": 0.95, "date": 0.95}


# --------------------------------------------------------------------------- the parts


def test_sentences_survive_abbreviations():
    text = "Regional Gov. Oleh Kiper said on Nov. 4 at 5 p.m. that the U.S. envoy had left. Three people died."
    assert split_sentences(text) == [
        "Regional Gov. Oleh Kiper said on Nov. 4 at 5 p.m. that the U.S. envoy had left.",
        "Three people died.",
    ]


@pytest.mark.parametrize(
    ("words", "value", "at_least", "children"),
    [
        ("four people", 4, False, False),
        ("36 others", 36, False, False),
        ("1,181 civilians", 1181, False, False),
        ("a dozen people", 12, False, False),
        ("at least 12 people", 12, True, False),
        ("more than 60", 60, True, False),
        ("two teenage boys", 2, False, True),
        ("a 9-year-old girl", 1, False, True),
        ("a 56-year-old woman", 1, False, False),
        ("twenty-one people", 21, False, False),
        ("dozens of people", None, False, False),
        ("scores of people", None, False, False),
        ("two adults", 2, False, False),
        ("two passers-by", 2, False, False),
        ("three family members", 3, False, False),
        ("her husband", 1, False, False),
        ("his 19-year-old son", 1, False, False),
        ("their two children", 2, False, True),
        ("a 58-year-old watchman", 1, False, False),
    ],
)
def test_counts(words, value, at_least, children):
    count, _ = read_count(words.split(), 0)
    assert (count.value, count.at_least, count.children) == (value, at_least, children)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("A strike killed four people and injured a dozen.", [("killed", 4, None), ("injured", 12, None)]),
        ("The attack killed three, including two teenage boys, and injured 36 others.",
         [("killed", 3, 2), ("injured", 36, None)]),
        ("Dozens of people were injured.", [("injured", None, None)]),
        ("The death toll rose to 21 after a wounded man died.", [("killed", 21, None)]),
        ("At least 21 people, including two children, were killed.", [("killed", 21, 2)]),
        ("No one was injured.", []),
        ("Ukraine said it killed 1,200 Russian soldiers.", []),
        ("A drone struck a car, injuring a 14-year-old girl and her mother.", [("injured", 2, 1)]),
        ("It killed a 45-year-old man and injured his wife.", [("killed", 1, None), ("injured", 1, None)]),
        ("In September, 32 children were killed or injured.", []),
        ("Two children aged 5 and 9 were among the injured.", [("injured", None, 2)]),
        ("Earlier he had put the toll at five.", [("killed", 5, None)]),
    ],
)  # fmt: skip
def test_harm_clauses(sentence, expected):
    assert [(harm.kind, harm.value, harm.children) for harm in find_harm(sentence)] == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("on Monday evening", "2024-10-28"),  # before a Friday publication: Monday of that week
        ("overnight into Tuesday", "2024-10-29"),
        ("on Friday", "2024-11-01"),
        ("yesterday", "2024-10-31"),
        ("on 29 October", "2024-10-29"),
        ("on Oct. 30", "2024-10-30"),
        ("on December 30", "2023-12-30"),  # no year: the latest that is not after publication
    ],
)
def test_dates_resolve_against_the_publication_date(phrase, expected):
    found = date_rules.find_dates(f"A strike {phrase} killed two.", date(2024, 11, 1))
    assert found[0].day.isoformat() == expected


def test_a_weekday_a_report_was_said_on_is_not_the_incident_date():
    assert date_rules.find_dates("Officials said on Friday that two died.", date(2024, 11, 1)) == []


def test_the_most_specific_weapon_wins(vocabularies):
    lexicon = Lexicon(vocabularies)
    assert best_weapon(lexicon.weapons("Shahed drones and a missile hit the city")).code == "loitering-munition"
    assert best_weapon(lexicon.weapons("Russia pounded Kharkiv with glide bombs")).code == "glide-bomb"


def test_sites_keep_their_names(vocabularies):
    lexicon = Lexicon(vocabularies)
    text = "damaged the Derzhprom building, a constructivist landmark, a children's hospital and a market"
    sites = [(site.code, site.text) for site in lexicon.sites(text)]
    assert sites == [("cultural", "Derzhprom"), ("medical", "children's hospital"), ("commercial", "market")]


# --------------------------------------------------------------------------- rules


def test_aggregates_are_not_incidents(vocabularies):
    text = (
        "Russian attacks killed 44 people across Ukraine over the past week.\n\n"
        "The UN said 589 civilians were killed between June and August.\n\n"
        "Russian forces captured Selydove in Donetsk region."
    )
    assert drafts(text, vocabularies) == []


def test_several_incidents_in_one_sentence(vocabularies):
    text = "In Donetsk Oblast, one person was killed in Kurakhove and two others were injured in Myrnohrad on Sunday."
    found = drafts(text, vocabularies, "2024-11-04")
    assert [(d.city, d.killed, d.injured) for d in found] == [("Kurakhove", 1, None), ("Myrnohrad", None, 2)]


def test_an_updated_toll_is_one_incident_with_its_range(vocabularies):
    text = (
        "A Russian missile hit an apartment building in Dnipro on Saturday, injuring seven people.\n\n"
        "By the evening the number of injured had risen to nine."
    )
    (found,) = drafts(text, vocabularies, "2024-11-03")
    assert (found.injured, found.injured_min, found.injured_max) == (9, 7, 9)
    assert found.date == "2024-11-02"


def test_vague_counts_stay_unknown(vocabularies):
    (found,) = drafts("A missile struck Kramatorsk on Tuesday, killing scores of people and injuring dozens.",
                      vocabularies)  # fmt: skip
    assert (found.killed, found.injured) == (None, None)


def test_an_attack_on_a_named_place_is_not_a_back_reference(vocabularies):
    text = (
        "I am appalled by the attack on Chernihiv yesterday. Three missiles struck near a hotel, "
        "killing at least 17 civilians."
    )
    (found,) = drafts(text, vocabularies, "2024-04-18")
    assert (found.city, found.killed, found.date) == ("Chernihiv", 17, "2024-04-17")


def test_a_summary_lead_gives_its_date_and_barrage(vocabularies):
    text = (
        "Russia fired more than 40 missiles at Ukrainian cities on Monday, killing 38 civilians across the country.\n\n"
        "In Kyiv, 27 people were killed."
    )
    (found,) = drafts(text, vocabularies, "2024-07-09")
    assert (found.city, found.date, found.weapon) == ("Kyiv", "2024-07-08", "missile")


def test_damage_told_after_the_incident_is_its_damage_once(vocabularies):
    text = (
        "A Russian missile hit an apartment building in Dnipro on Saturday, killing two people. "
        "A fire broke out at a warehouse nearby. The nine-storey apartment block lost its windows."
    )
    (found,) = drafts(text, vocabularies, "2024-11-03")
    assert sorted(found.damaged) == ["industrial:warehouse", "residential:apartment building"]


def test_damage_after_another_place_is_not_carried_back(vocabularies):
    text = (
        "A drone hit a car in Sumy on Saturday, killing a man. In Krasnopillia, bombs hit the centre of "
        "the town. Ten private houses were damaged."
    )
    found = drafts(text, vocabularies, "2024-11-03")
    assert found[0].city == "Sumy" and found[0].damaged == ["transport:car"]


def test_a_dateline_city_is_the_place_of_the_city_it_refers_to(vocabularies):
    text = "ODESA, Ukraine (AP) — A Russian missile strike on the Black Sea port city killed 20 people on Friday."
    (found,) = drafts(text, vocabularies, "2024-03-16")
    assert (found.city, found.killed, found.date) == ("Odesa", 20, "2024-03-15")


def test_a_weapon_from_another_paragraph_is_not_carried_over(vocabularies):
    text = "Russia pounded Kharkiv with glide bombs.\n\nIn Sumy, an attack on Monday killed two people."
    (found,) = drafts(text, vocabularies)
    assert (found.city, found.weapon) == ("Sumy", "unknown")


# --------------------------------------------------------------------------- the command


def test_csv_is_the_canonical_csv_and_imports(harmtrack, tmp_path):
    report = tmp_path / "report.txt"
    report.write_text("A Russian drone hit a private house in Sumy on Tuesday, killing a 70-year-old man.\n")
    result = harmtrack.ok("extract", str(report), "--published", "2024-11-01", "--format", "csv",
                          "--source", "https://example.org/a")  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == list(model.FIELDS)
    assert rows[0]["city"] == "Sumy" and rows[0]["killed"] == "1" and rows[0]["date"] == "2024-10-29"
    assert rows[0]["sources"] == "https://example.org/a" and rows[0]["status"] == "unverified"
    imported = harmtrack("import", "-", input=result.stdout)
    if imported.exit_code == 2 and "No such command" in imported.stderr:
        pytest.skip("import has not landed")
    assert imported.exit_code == 0, imported.stderr
    again = harmtrack.ok("extract", str(report), "--published", "2024-11-01", "--format", "csv")
    assert next(iter(csv.DictReader(io.StringIO(again.stdout))))["uid"] == rows[0]["uid"]  # deterministic


def test_json_carries_the_evidence(harmtrack):
    text = "A Russian glide bomb hit a school in Kharkiv on Monday, injuring four people."
    result = harmtrack.ok("extract", "-", "--published", "2024-11-01", "--format", "json", input=text)
    (item,) = json.loads(result.stdout)
    assert item["evidence"] == text and item["weapon"] == "glide-bomb"
    assert item["damaged"] == [{"kind": "education", "name": "school"}]


def test_add_without_a_terminal_adds_nothing_and_says_so(harmtrack):
    text = "A Russian glide bomb hit a school in Kharkiv on Monday, injuring four people."
    result = harmtrack("extract", "-", "--published", "2024-11-01", "--format", "csv", "--add", input=text)
    assert result.exit_code == 1  # asked to add and did not: a script must not take it for success
    assert "not added: no terminal to confirm on; pass --yes" in result.stderr
    assert not harmtrack.db_path.exists()
    harmtrack.ok("extract", "-", "--published", "2024-11-01", "--format", "csv", "--add", "--yes", input=text)
    listed = harmtrack.ok("list", "--format", "csv")
    assert len(list(csv.DictReader(io.StringIO(listed.stdout)))) == 1


def test_bad_usage(harmtrack, tmp_path):
    assert harmtrack("extract", "-", "--published", "yesterday", input="x").exit_code == 2
    assert harmtrack("extract", str(tmp_path / "missing.txt")).exit_code == 1


# --------------------------------------------------------------------------- round 3


def test_a_capital_standing_for_its_government_is_no_place(vocabularies):
    text = (
        "Kyiv says the attack involved 48 drones. Moscow claims it struck only military targets.\n\n"
        "Kyiv's forces have stepped up drone attacks, and Moscow's strikes on power plants caused blackouts."
    )
    assert drafts(text, vocabularies) == []
    (found,) = drafts(
        "A Russian drone hit a house in Kyiv's Darnytskyi district on Friday, injuring two.", vocabularies
    )
    assert (found.city, found.district, found.injured) == ("Kyiv", "Darnytskyi", 2)


def test_region_tallies_and_lists_of_regions_are_not_incidents(vocabularies):
    text = (
        "Russian troops launched 27 attacks on Kharkiv region over the past day, damaging 40 houses.\n\n"
        "Strikes damaged civilian infrastructure in Donetsk, Kherson and Kharkiv oblasts.\n\n"
        "Air defences destroyed 34 Ukrainian unmanned aerial vehicles over the Belgorod and Kursk regions.\n\n"
        "It was the third attack on a civilian vessel in the Odesa ports this week."
    )
    assert drafts(text, vocabularies) == []


def test_the_dnipro_river_is_not_the_city(vocabularies):
    text = "Russian troops on the other bank of the Dnipro shelled Nikopol on Sunday, damaging a school."
    assert [d.city for d in drafts(text, vocabularies, "2024-08-12")] == ["Nikopol"]


def test_bulleted_lines_are_items_of_their_own(vocabularies):
    text = (
        "Over the past day:\n"
        "• Kharkiv region: a drone struck a car in Zolochiv, wounding the driver.\n"
        "- Donetsk region: in Kramatorsk, a 70-year-old man was killed by shelling.\n"
        "Sumy Oblast — in Shostka, a Shahed drone hit an energy facility."
    )
    found = drafts(text, vocabularies)
    assert [(d.city, d.killed, d.injured, d.weapon) for d in found] == [
        ("Zolochiv", None, 1, "drone"),
        ("Kramatorsk", 1, None, "artillery"),
        ("Shostka", None, None, "loitering-munition"),
    ]


def test_a_count_that_shares_the_verb_before_it(vocabularies):
    text = (
        "Two people were killed in Pokrovsk and one in Kostiantynivka, "
        "while five others were injured in Kostiantynivka."
    )
    found = drafts(text, vocabularies)
    assert [(d.city, d.killed, d.injured) for d in found] == [("Pokrovsk", 2, None), ("Kostiantynivka", 1, 5)]


def test_places_after_a_region_possessive_or_an_occupation_adjective(vocabularies):
    text = (
        "Two people were injured in Kharkiv Oblast's Kupiansk on Friday.\n\n"
        "In Russian-occupied Nova Kakhovka, Moscow-installed officials said Ukrainian shelling killed a man."
    )
    found = drafts(text, vocabularies)
    assert [(d.city, d.perpetrator) for d in found] == [("Kupiansk", None), ("Nova Kakhovka", "Ukraine")]


def test_a_dropped_explosive_is_a_drone_and_children_among_the_wounded(vocabularies):
    text = (
        "A Russian drone dropped an explosive device on a car in Kherson on Monday, wounding five people. "
        "Among the wounded were three children."
    )
    (found,) = drafts(text, vocabularies)
    assert (found.weapon, found.injured, found.children_injured) == ("drone", 5, 3)
    (found,) = drafts("A missile hit Kharkiv on Monday. 47 people were wounded, nine of them children.", vocabularies)
    assert (found.injured, found.children_injured) == (47, 9)


def test_a_range_gives_its_low_figure_as_the_best_estimate(vocabularies):
    text = "A Russian missile struck a cargo vessel in Izmail on Monday, injuring between 10 and 15 crew members."
    (found,) = drafts(text, vocabularies)
    assert (found.injured, found.injured_min, found.injured_max) == (10, 10, 15)
    assert found.damaged == ["transport:cargo vessel"]
    record = model.validate(found.raw(), vocabularies)
    assert record["injured_max"] == 15


# --------------------------------------------------------------------------- round 4


def test_clauses_keep_their_own_harm_weapon_and_sites(vocabularies):
    text = (
        "In Stanislav a man was killed by shelling; in Bilozerka two women were injured by a drone.\n\n"
        "A Russian FPV drone hit an ambulance in Kherson on Tuesday, wounding a paramedic, while artillery fire "
        "killed two people in Dniprovske and damaged a bakery there."
    )
    found = drafts(text, vocabularies, "2024-09-03")
    got = [(d.city, d.weapon, d.killed, d.injured, d.damaged, d.perpetrator) for d in found]
    # the side: the report names Russian attacks only, so every incident is Russia's (issue 16); the weapon, the
    # harm and the sites stay in their clauses
    assert got == [
        ("Stanislav", "artillery", 1, None, [], "Russia"),
        ("Bilozerka", "drone", None, 2, [], "Russia"),
        ("Kherson", "drone", None, 1, ["medical:ambulance"], "Russia"),
        ("Dniprovske", "artillery", 2, None, ["food:bakery"], "Russia"),
    ]


def test_a_region_level_incident_takes_the_city_told_next(vocabularies):
    text = (
        "A Russian missile struck a grain ship in a port in Ukraine's Odesa region on Thursday, wounding four. "
        "The Kh-22 missile hit the vessel at the port of Pivdenne.\n\n"
        "In Izmail, a drone damaged a grain silo the same day."
    )
    found = drafts(text, vocabularies, "2024-09-12")
    assert [(d.city, d.weapon, d.injured) for d in found] == [
        ("Pivdenne", "cruise-missile", 4),
        ("Izmail", "drone", None),
    ]
    assert found[0].damaged == ["transport:grain ship"]


def test_days_counted_from_the_date_before_and_the_place_of_a_feature(vocabularies):
    text = (
        'NIKOPOL, Ukraine (AP) - "He never came back," says Halyna.\n\n'
        "On Wednesday, a drone dropped an explosive device on her house, killing her husband.\n\n"
        "The next day, shelling damaged a pharmacy and injured a woman.\n\n"
        "Two days later, a drone hit a bus in the city's Pivdennyi district, injuring three."
    )
    found = drafts(text, vocabularies, "2024-08-18")
    assert [(d.city, d.date, d.killed, d.injured) for d in found] == [
        ("Nikopol", "2024-08-14", 1, None),
        ("Nikopol", "2024-08-15", None, 1),
        ("Nikopol", "2024-08-17", None, 3),
    ]


def test_history_verdicts_and_monthly_totals_are_no_incidents(vocabularies):
    text = (
        "Residents marked a year since a missile strike on a cafe in Hroza killed 59 people.\n\n"
        "A court sentenced a soldier in absentia over shelling that killed two civilians in Chernihiv.\n\n"
        "Two years after a missile killed 61 people at the station in Kramatorsk on April 8, 2022, "
        "people laid flowers.\n\n"
        "In Donetsk city, shelling killed 13 civilians and injured 46 in August.\n\n"
        "Attacks on Kharkiv city and frontline villages killed 14 civilians over the week."
    )
    assert drafts(text, vocabularies, "2024-10-05") == []


def test_districts_without_the_appositions_and_children_of_the_injured(vocabularies):
    text = (
        "In Kharkiv, a drone hit a car repair shop in Slobidskyi district on Monday, injuring one civilian, "
        "a 34-year-old man, and damaging three cars.\n\n"
        "Nineteen people were injured when a missile hit a high-rise apartment block in Dnipro on Monday. "
        "Four of the injured were children.\n\n"
        "In Balakliia, four people were wounded in a drone attack on a garage cooperative."
    )
    found = drafts(text, vocabularies, "2024-11-05")
    assert [(d.city, d.district, d.injured, d.children_injured) for d in found] == [
        ("Kharkiv", "Slobidskyi", 1, None),
        ("Dnipro", None, 19, 4),
        ("Balakliia", None, 4, None),
    ]
    assert found[1].damaged == ["residential:high-rise apartment block"]
    assert found[2].damaged == ["other:garage cooperative"]


# --------------------------------------------------------------------------- dates never told by the clock
# A relative date ("on Monday", "yesterday", "July 25" with no year) is resolved only against --published or
# the text's own dateline; with neither, `extract` refuses (exit 2) and dates nothing by the day it runs.

RELATIVE_SENTENCES = [
    ("A Russian missile strike on Kharkiv on Monday killed three people.", "on Monday"),
    ("A Russian missile strike on Kharkiv yesterday killed three people.", "yesterday"),
    ("A Russian missile strike on Kharkiv last night killed three people.", "last night"),
    ("A Russian drone attack on Sumy overnight into Tuesday injured two people.", "overnight into Tuesday"),
    ("A Russian missile strike on Kharkiv this morning killed three people.", "this morning"),
    ("A Russian missile strike on Kharkiv today killed three people.", "today"),
    ("A Russian missile strike on Kharkiv on July 25 killed three people.", "July 25"),
    ("A Russian missile strike on Kharkiv on 25 July killed three people.", "25 July"),
    ("A Russian drone hit a house in Sumy this week, injuring two people.", "this week"),
    ("A Russian drone hit a house in Sumy last week, injuring two people.", "last week"),
    ("Russian shelling killed two people in Kherson over the past day.", "over the past day"),
    ("A Russian drone hit a house in Sumy late on Saturday, injuring two people.", "late on Saturday"),
]


@pytest.mark.parametrize(("sentence", "phrase"), RELATIVE_SENTENCES)
def test_a_relative_date_without_published_or_dateline_is_refused(harmtrack, sentence, phrase):
    result = harmtrack("extract", "-", "--format", "csv", input=sentence + "\n")
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""  # nothing to pipe into `import`
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith('harmtrack: error: "')
    assert phrase in lines[0]
    assert "has a relative date and the text has no dateline" in lines[0]
    assert lines[0].endswith("pass --published YYYY-MM-DD")
    assert not harmtrack.db_path.exists()


@pytest.mark.parametrize(("sentence", "phrase"), RELATIVE_SENTENCES)
def test_the_core_drafts_no_relative_date_without_an_anchor(vocabularies, sentence, phrase):
    result = extract(sentence, vocabularies)
    assert result.published is None and result.published_from == "none"
    assert result.drafts == []
    [problem] = result.undatable
    assert problem.sentence == sentence
    assert problem.phrase is not None and phrase in problem.phrase
    assert not any("--published" in warning for warning in result.warnings)  # the core names no CLI flag


def test_the_refusal_quotes_a_long_sentence_shortened(harmtrack):
    sentence = (
        "Regional governor Oleh Syniehubov said on Telegram that a Russian guided aerial bomb struck a "
        "five-storey apartment building in the centre of Kharkiv on Monday, killing three people and "
        "injuring 14 others, including two children, and damaging a school and dozens of cars nearby."
    )
    result = harmtrack("extract", "-", input=sentence)
    assert result.exit_code == 2
    line = result.stderr.strip()
    quoted = line.split('"')[1]
    assert "on Monday" in quoted and "..." in quoted and len(quoted) < len(sentence)
    assert line.endswith("has a relative date and the text has no dateline; pass --published YYYY-MM-DD")


def test_an_incident_with_no_date_at_all_is_refused_without_an_anchor(harmtrack, vocabularies):
    text = "A Russian missile strike on Kharkiv killed three people."
    result = harmtrack("extract", "-", "--format", "csv", input=text)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip() == (
        f'harmtrack: error: "{text}" gives no date and the text has no dateline; pass --published YYYY-MM-DD'
    )
    core = extract(text, vocabularies)
    assert core.drafts == [] and core.undatable[0].phrase is None
    assert drafts(text, vocabularies, "2024-11-01")[0].date == "2024-11-01"  # the publication date, as before


def test_absolute_dates_need_no_published(harmtrack):
    text = (
        "On 28 October 2024, a Russian missile strike on Kharkiv killed three people.\n\n"
        "Two days later, a Russian drone hit a house in Sumy, injuring two people."
    )
    result = harmtrack.ok("extract", "-", "--format", "json", input=text)
    assert [(item["city"], item["date"]) for item in json.loads(result.stdout)] == [
        ("Kharkiv", "2024-10-28"),
        ("Sumy", "2024-10-30"),  # counted from the date told before, not from the clock
    ]


def test_absolute_and_relative_incidents_without_an_anchor_refuse_the_whole_run(harmtrack, vocabularies):
    text = (
        "On 28 October 2024, a Russian missile strike on Kharkiv killed three people.\n\n"
        "A Russian drone hit a house in Sumy on Monday, injuring two people.\n\n"
        "Russian shelling killed a man in Kherson yesterday."
    )
    result = harmtrack("extract", "-", "--format", "csv", input=text)
    assert result.exit_code == 2
    assert result.stdout == ""  # nothing half-dated
    line = result.stderr.strip()
    assert "on Monday" in line and "yesterday" not in line  # the first such sentence
    core = extract(text, vocabularies)
    assert [d.date for d in core.drafts] == ["2024-10-28"]
    assert [p.phrase for p in core.undatable] == ["on Monday", "yesterday"]


def test_a_relative_date_is_not_folded_into_an_absolute_incident(vocabularies):
    # without an anchor "on Monday" used to be unread, and the second report merged into the first
    text = (
        "On 28 October 2024, a Russian missile strike on Kharkiv killed three people.\n\n"
        "On Monday, another Russian strike on Kharkiv killed two people."
    )
    core = extract(text, vocabularies)
    assert [(d.date, d.killed) for d in core.drafts] == [("2024-10-28", 3)]
    assert [p.phrase for p in core.undatable] == ["On Monday"]


def test_a_yearless_dateline_dates_nothing_by_the_clock(harmtrack, vocabularies):
    text = "KYIV, Jan 15 (Reuters) - A Russian missile strike on Kharkiv on Monday killed three people."
    core = extract(text, vocabularies)
    assert core.published is None and core.published_from == "none" and core.drafts == []
    assert date_rules.heading_date(["KYIV, Jan 15 (Reuters) -"]) is None
    result = harmtrack("extract", "-", input=text)
    assert result.exit_code == 2
    assert result.stderr.strip().endswith(
        'has a relative date and the text\'s dateline gives "Jan 15" without a year; pass --published YYYY-MM-DD'
    )
    dated = harmtrack.ok("extract", "-", "--published", "2023-01-15", "--format", "json", input=text)
    assert [item["date"] for item in json.loads(dated.stdout)] == ["2023-01-09"]


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2024-07-20", "2023-07-25"),  # the latest July 25 not after publication
        ("2024-07-25", "2024-07-25"),
        ("2024-08-01", "2024-07-25"),
    ],
)
def test_a_day_without_a_year_takes_the_year_of_published(harmtrack, published, expected):
    text = "A Russian missile strike on Kharkiv on July 25 killed three people."
    result = harmtrack.ok("extract", "-", "--published", published, "--format", "json", input=text)
    assert [item["date"] for item in json.loads(result.stdout)] == [expected]


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [
        ("KYIV, Aug 1, 2024 (Reuters) - ", "2024-07-25"),
        ("KYIV, July 20, 2024 (Reuters) - ", "2023-07-25"),
    ],
)
def test_a_day_without_a_year_takes_the_year_of_the_dateline(harmtrack, dateline, expected):
    text = dateline + "A Russian missile strike on Kharkiv on July 25 killed three people."
    result = harmtrack.ok("extract", "-", "--format", "json", input=text)
    assert [item["date"] for item in json.loads(result.stdout)] == [expected]
    assert "publication date read from the text" in result.stderr


def test_relative_dates_resolve_against_the_dateline(harmtrack):
    text = (
        "KYIV, Oct 31, 2024 (Reuters) - A Russian missile strike on Kharkiv on Monday killed three people.\n\n"
        "A Russian drone hit a house in Sumy yesterday, injuring two people."
    )
    result = harmtrack.ok("extract", "-", "--format", "json", input=text)
    assert [(item["city"], item["date"]) for item in json.loads(result.stdout)] == [
        ("Kharkiv", "2024-10-28"),
        ("Sumy", "2024-10-30"),
    ]


def test_the_date_path_never_reads_the_clock():
    package = Path(__file__).resolve().parent.parent / "harmtrack" / "extract"
    for path in [*package.glob("*.py"), package.parent / "cli" / "extract.py"]:
        source = path.read_text(encoding="utf-8")
        for call in ("date.today(", "datetime.now(", "datetime.today(", "datetime.utcnow(", "time.time("):
            assert call not in source, f"{path.name} reads the clock: {call}"


# --------------------------------------------------------------------------- real news (issue 16)


def test_a_ukrainian_text_gets_a_language_warning_not_a_silent_empty_result(vocabularies):
    text = (
        "Ворог обстріляв Нікополь із важкої артилерії, поранена жінка\n"
        "Ворог ввечері у суботу атакував Нікополь на Дніпропетровщині. Поранено жінку 74 років. "
        "Про це в Телеграмі повідомляє начальник Дніпропетровської ОВА Сергій Лисак, передає Укрінформ."
    )
    result = extract(text, vocabularies, published=date(2023, 8, 20))
    assert len(result.warnings) == 1
    assert "Ukrainian" in result.warnings[0] and "English" in result.warnings[0]


def test_a_russian_text_is_told_from_a_ukrainian_one(vocabularies):
    text = (
        "В результате обстрела Харькова была ранена женщина, сообщил мэр города. "
        "Также было повреждено здание, в котором находились люди, и это уже третий удар за неделю по городу."
    )
    warnings = extract(text, vocabularies, published=date(2023, 8, 20)).warnings
    assert len(warnings) == 1 and "Russian" in warnings[0]


def test_an_english_text_gets_no_language_warning(vocabularies):
    text = "A Russian drone attack on Odesa killed one person and injured five on Monday, the governor said."
    assert extract(text, vocabularies, published=date(2024, 11, 1)).warnings == []


@pytest.mark.parametrize(
    ("sentence", "want"),
    [
        ("Officials confirm at least 21 fatalities and 34 injuries.", [("killed", 21), ("injured", 34)]),
        ("According to the police, there are currently 16 dead and 33 wounded.", [("injured", 33), ("killed", 16)]),
        (
            "The attack resulted in the deaths of six individuals and injuries to eight others.",
            [("killed", 6), ("injured", 8)],
        ),
        (
            "The strike resulted in one Ukrainian fatality and injuries to five foreign nationals.",
            [("killed", 1), ("injured", 5)],
        ),
        ("The attack claimed the lives of seven people, including four members of the same family.", [("killed", 7)]),
        ("The strike hit the city centre, claiming the lives of more than 20 people.", [("killed", 20)]),
        ("Killing 27 people and injuring another 25, including two teenagers.", [("killed", 27), ("injured", 25)]),
        ("Officials said 33 were seriously injured in the main wave of attacks.", [("injured", 33)]),
        ("By evening the death toll was 33, including one child.", [("killed", 33)]),
        ("One civilian was killed and another injured in Avdiivka.", [("killed", 1), ("injured", 1)]),
    ],
)
def test_harm_told_by_nouns_and_real_news_phrasings_is_counted(sentence, want):
    assert [(harm.kind, harm.value) for harm in find_harm(sentence)] == want


@pytest.mark.parametrize(
    ("sentence", "kind", "total", "children"),
    [
        ("Fifteen children were among 144 people wounded.", "injured", 144, 15),
        ("Among the 43 injured are three children.", "injured", 43, 3),
        ("By evening the death toll was 33, including one child.", "killed", 33, 1),
    ],
)
def test_children_among_a_total_are_the_totals_children(sentence, kind, total, children):
    harms = [harm for harm in find_harm(sentence) if harm.kind == kind]
    assert [(harm.value, harm.children) for harm in harms] == [(total, children)]


def test_a_linked_headline_after_read_also_is_no_incident(vocabularies):
    text = (
        "A Russian drone attacked Kherson on Monday. A 42-year-old man was injured, the regional administration "
        "said.Read also: Two killed, two injured in Russian strikes on Mykolaiv\n"
        "Read also: Russians shell village in Chernihiv region, two injured"
    )
    found = drafts(text, vocabularies, "2024-09-23")
    assert [(draft.city, draft.killed, draft.injured) for draft in found] == [("Kherson", None, 1)]


@pytest.mark.parametrize(
    "text",
    [
        "Russia also struck Kupiansk, Vovchansk, and several other settlements in Kharkiv Oblast on Friday, "
        "injuring three people.",
        "Russian missiles hit Kyiv, Dnipro, and Kryvyi Rih, among other cities, on Monday, killing over 40 people.",
        "At least 29 were dead on Monday following Russia's assaults on the wider country.",
    ],
)
def test_a_total_over_several_places_or_the_country_is_no_city_incident(vocabularies, text):
    assert drafts(text, vocabularies, "2024-07-08") == []


def test_ukrainian_infrastructure_as_a_target_makes_no_ukrainian_perpetrator():
    from harmtrack.extract.perpetrator import UKRAINE, one_side

    text = "Moscow insists that Ukrainian military, energy, and transport infrastructure are legitimate targets."
    assert UKRAINE.search(text) is None
    assert one_side("Ukraine's military said the strike hit Odesa.") is None
    assert one_side("Ukrainian forces shelled Donetsk, killing three.") == "Ukraine"
    assert one_side("Occupants dropped explosives from a drone on Kherson.") == "Russia"
    assert one_side("cruise missiles fired by Russian strategic bombers hit Vinnytsia") == "Russia"


@pytest.mark.parametrize(
    ("text", "weapon"),
    [
        (
            "Russia has launched a deadly hypersonic missile attack on Kyiv, killing at least ten people. "
            "The city administration reported falling debris, presumably from intercepted missiles, in a handful "
            "of areas starting fires.",
            "missile",
        ),
        (
            "Locals sift through wreckage following the shelling of the food market in Donetsk, when 25 people "
            "were killed.",
            "artillery",
        ),
        (
            "Russia launched an attack on Kyiv on Monday, killing three people. Debris were detected in the "
            "city's Desnianskyi district.",
            "unknown",
        ),
        ("Debris of a downed drone fell on a house in Kharkiv on Monday, injuring two people.", "debris"),
    ],
)
def test_the_weapon_is_the_strikes_not_its_debris_unless_only_debris_is_told(vocabularies, text, weapon):
    assert [draft.weapon for draft in drafts(text, vocabularies, "2024-07-08")] == [weapon]


@pytest.mark.parametrize(
    "text",
    [
        "Details: According to Odesa Oblast Military Administration, a man was injured in Odesa on Monday.",
        "Gov. Serhiy Lysak of the Dnipropetrovsk region said a missile hit a building in Kryvyi Rih on Monday, "
        "killing six people.",
        "(Lviv) – Russian shelling of Kharkiv on Monday killed two people, Human Rights Watch said today.",
        "Moscow intensified energy infrastructure attacks on Monday, and a drone strike on Sumy injured two people.",
        "On Monday Kyiv forces shelled the market in Donetsk, killing 27 people, though Kyiv has denied it.",
    ],
)
def test_actors_titles_administrations_and_datelines_are_no_incident_places(vocabularies, text):
    found = drafts(text, vocabularies, "2024-07-08")
    assert len(found) == 1
    assert found[0].city in ("Odesa", "Kryvyi Rih", "Kharkiv", "Sumy", "Donetsk")


def test_a_figure_for_the_region_of_a_city_is_no_incident_of_the_city(vocabularies):
    text = (
        "A Russian missile attack killed one civilian and injured four others in Ukraine's central region of "
        "Dnipropetrovsk on Friday, the region's governor, Serhiy Lysak, said."
    )
    found = drafts(text, vocabularies, "2023-12-08")
    assert [(d.region, d.city, d.killed, d.injured) for d in found] == [("Dnipropetrovsk Oblast", None, 1, 4)]


def test_a_distance_phrase_names_no_incident_place(vocabularies):
    text = (
        "A Russian missile hit Pokrovsk on Monday. Ukrainian President Volodymyr Zelenskiy said on Tuesday that 82 "
        "people were wounded in the attack, and rescue operations in Pokrovsk, about 75 km (45 miles) southwest "
        "of Bakhmut in eastern Donetsk, had been completed."
    )
    found = drafts(text, vocabularies, "2023-08-08")
    assert [(d.city, d.injured) for d in found] == [("Pokrovsk", 82)]

"""Harm a report says did not happen (harmtrack.extract.denials), from real sentences of the corpus."""

import pytest

from harmtrack.extract.denials import BOTH, INJURED, KILLED, stated_none


@pytest.mark.parametrize(
    ("sentence", "denied"),
    [
        ("There were no casualties.", BOTH),
        ("No casualties were reported, according to the regional military administration.", BOTH),
        ("According to preliminary data, there were no civilian casualties.", BOTH),
        ("There were no victims.", BOTH),
        ("The attack was repelled without casualties.", BOTH),
        ("There were no reports of casualties in the city.", BOTH),
        ("No one was hurt, the governor said.", BOTH),
        ("The residents were unharmed, the governor said.", BOTH),
        ("People are unharmed.", BOTH),
        ("No one was killed or injured.", BOTH),
        ("There were no injuries or fatalities.", BOTH),
        ("No one was injured, the head of the regional administration said.", INJURED),
        ("The strike caused damage but no injuries.", INJURED),
        ("People were not injured.", INJURED),
        ("One man was killed; no one else was injured.", INJURED),
        ("No fatalities were reported while four people sought medical help.", KILLED),
        ("Nobody was killed in the attack.", KILLED),
    ],
)
def test_a_stated_none_is_read_for_its_kinds(sentence, denied):
    assert stated_none(sentence) == denied


@pytest.mark.parametrize(
    "sentence",
    [
        "There were no immediate reports of casualties.",  # preliminary
        "Information about casualties is being clarified.",
        "There is no information about the injured yet.",
        "It is not yet known whether there are no casualties.",
        "Officials did not say whether anyone was hurt.",
        "There were no casualties among the personnel, the ministry said.",  # soldiers only
        "The two children were miraculously unharmed.",  # some people, not everyone
        "Three people were killed and 12 injured.",
    ],
)
def test_preliminary_conditional_and_military_wording_denies_nothing(sentence):
    assert stated_none(sentence) == frozenset()


# --------------------------------------------------------------------------- a stated zero in the drafts


@pytest.fixture(scope="module")
def vocabularies():
    from harmtrack import vocab

    return vocab.shipped()


def drafted(text: str, vocabularies):
    from datetime import date

    from harmtrack.extract import extract

    found = extract(text, vocabularies, published=date(2024, 10, 28)).drafts
    return {draft.city or draft.region: (draft.killed, draft.injured) for draft in found}


def test_no_casualties_after_a_damage_report_makes_both_counts_zero(vocabularies):
    text = (
        "Debris from a downed drone damaged a private house in the village of Hatne in the Kyiv region overnight. "
        "There were no casualties, the regional governor said."
    )
    assert drafted(text, vocabularies) == {"Hatne": (0, 0)}


def test_a_denial_of_injuries_alone_leaves_deaths_unknown(vocabularies):
    text = "In Kyiv Oblast, falling debris damaged four private houses in the Bucha district. No one was injured."
    assert drafted(text, vocabularies) == {"Kyiv Oblast": (None, 0)}


def test_a_denial_of_all_harm_beside_harm_told_denies_nothing(vocabularies):
    text = (
        "In Krasnopillia, guided aerial bombs hit the centre of the town and damaged a lyceum. No one was hurt, "
        "according to preliminary information.\n\nUpdate: Two women, aged 71 and 68, were also hurt by glass shards in "
        "Krasnopillia, the regional prosecutor's office said."
    )
    assert drafted(text, vocabularies) == {"Krasnopillia": (None, 2)}


def test_a_denial_closes_the_incident_across_a_source_line(vocabularies):
    text = (
        "In the Kyiv region, one house was partially destroyed and four other houses were damaged by the wreckage "
        "of downed drones.\n\nThis was reported by the head of the regional military administration.\n\n"
        "There were no civilian casualties."
    )
    assert drafted(text, vocabularies) == {"Kyiv Oblast": (0, 0)}


def test_a_denial_after_another_place_is_not_the_incident_before(vocabularies):
    text = (
        "In Kharkiv, a drone hit an apartment building, injuring three people.\n\n"
        "In Sumy region, shelling of the Velyka Pysarivka community was reported. No casualties were reported."
    )
    assert drafted(text, vocabularies)["Kharkiv"] == (None, 3)


def test_preliminary_wording_leaves_the_counts_unknown(vocabularies):
    text = (
        "A Russian drone damaged a warehouse in Lviv overnight, the mayor said. "
        "There were no immediate reports of casualties."
    )
    assert drafted(text, vocabularies) == {"Lviv": (None, None)}


def test_a_region_draft_of_no_casualties_repeats_its_settlement_by_the_site():
    """A stated zero tells no incident apart: the region-only draft of "no casualties" that names the house its
    settlement's draft names is the same incident told again, whatever the settlement's counts."""
    from harmtrack.extract.draft import Draft
    from harmtrack.extract.drafting import without_region_repeats

    house = ["residential:private house"]
    village = Draft("", "2024-10-28", "day", "Ukraine", "Kharkiv Oblast", "Vilkhivka", damaged=house)
    region = Draft("", "2024-10-28", "day", "Ukraine", "Kharkiv Oblast", None, killed=0, injured=0, damaged=house)
    assert without_region_repeats([village, region]) == [village]
    elsewhere = Draft(
        "", "2024-10-28", "day", "Ukraine", "Kharkiv Oblast", None, killed=0, injured=0, damaged=["energy:power line"]
    )
    assert without_region_repeats([village, elsewhere]) == [village, elsewhere]


# --------------------------------------------------------------------------- the same in Ukrainian reports


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # the denial closes the incident its sentence follows
        ("Вночі ворожий дрон атакував Нікополь. Пошкоджено приватний будинок. Ніхто не постраждав.", (0, 0)),
        ("Унаслідок обстрілу Херсона пошкоджено багатоповерхівку, обійшлося без жертв.", (0, 0)),
        # a figure told wins over the denial of that kind
        ("Ворог обстріляв Вугледар: 1 загибла людина, пошкоджено дитячий садок. Постраждалих немає.", (1, 0)),
    ],
)
def test_a_ukrainian_denial_is_a_stated_zero(vocabularies, text, want):
    from datetime import date

    from harmtrack.extract import extract

    (draft,) = extract(text, vocabularies, published=date(2024, 9, 24)).drafts
    assert (draft.killed, draft.injured) == want


def test_one_person_unhurt_in_ukrainian_denies_nothing(vocabularies):
    from datetime import date

    from harmtrack.extract import extract

    text = "Ворожий дрон влучив в автомобіль у Нікополі, пошкоджено авто. Водій не постраждав."
    (draft,) = extract(text, vocabularies, published=date(2024, 9, 24)).drafts
    assert (draft.killed, draft.injured) == (None, None)


# --------------------------------------------------------------------------- what the review found


@pytest.mark.parametrize(
    "sentence",
    [
        "No casualties were immediately reported.",  # preliminary, after the denial
        "No injuries were immediately reported, the mayor said.",
        "Unfortunately, the night in Kharkiv was not without casualties.",  # the opposite
        "No victims have been identified yet.",
        "No one has been killed in the city since August.",  # a span of time
        "There were no casualties among the Russian military, the ministry said.",  # another group
        "Recall that on May 3 the enemy shelled the district; there were no casualties.",  # an earlier attack
        "The two children were unharmed, and the family escaped unharmed.",
    ],
)
def test_what_is_no_statement_that_nobody_was_harmed(sentence):
    assert stated_none(sentence) == frozenset()


@pytest.mark.parametrize(
    ("sentence", "denied"),
    [
        ("According to preliminary information, no one was injured.", INJURED),
        ("There were no dead.", KILLED),
        ("Not a single person was injured.", INJURED),
        ("There were no casualties among civilians, the governor said.", BOTH),
        ("People were not hurt.", BOTH),
    ],
)
def test_more_ways_of_saying_nobody_was_harmed(sentence, denied):
    assert stated_none(sentence) == denied


def test_the_headline_figure_wins_over_a_denial_in_the_body(vocabularies):
    text = (
        "Russian missile kills two in Kharkiv\n\nA Russian missile hit a house in Kharkiv on Sunday, the governor "
        "said. No one else was hurt."
    )
    assert drafted(text, vocabularies) == {"Kharkiv": (2, 0)}


def test_a_denial_after_an_attack_on_other_places_is_theirs(vocabularies):
    text = (
        "A drone hit a house in Kharkiv, injuring three people. Russian forces also shelled border villages "
        "overnight. There were no casualties."
    )
    assert drafted(text, vocabularies) == {"Kharkiv": (None, 3)}


def test_a_denial_of_another_place_in_the_sentence_is_not_this_incidents(vocabularies):
    text = "Three people were injured in Kharkiv, and a house was damaged in Sumy, where nobody was killed."
    assert drafted(text, vocabularies)["Kharkiv"] == (None, 3)


@pytest.mark.parametrize(
    "text",
    [
        "Вночі ворожий дрон атакував Нікополь, пошкоджено будинок. На жаль, не обійшлося без постраждалих.",
        "У Херсоні внаслідок обстрілу пошкоджено будинок. Сподіваємося, що ніхто не постраждав.",
        # a denial after an attack on other communities is theirs
        "У Херсоні внаслідок обстрілу пошкоджено будинок.\n\nВорог також обстрілював прикордонні громади області. "
        "Без постраждалих.",
    ],
)
def test_a_ukrainian_phrase_not_said_of_the_attack_denies_nothing(vocabularies, text):
    from datetime import date

    from harmtrack.extract import extract

    (draft,) = extract(text, vocabularies, published=date(2024, 9, 24)).drafts
    assert (draft.killed, draft.injured) == (None, None)

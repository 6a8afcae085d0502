"""harmtrack extract on real news (issue 16): the rule families found on the real development corpus, each
tested on sentences written for the rule (not the corpus sentences), and the confidence of each draft."""

import json
import re
from datetime import date

import pytest

from harmtrack import vocab
from harmtrack.extract import extract
from harmtrack.extract.harm import find_harm


@pytest.fixture(scope="module")
def vocabularies():
    return vocab.shipped()


def drafts(text: str, vocabularies, published: str = "2024-11-01"):
    return extract(text, vocabularies, published=date.fromisoformat(published)).drafts


def places(found) -> list[str | None]:
    return [draft.city or draft.region for draft in found]


# --------------------------------------------------------------------------- region first, village after


@pytest.mark.parametrize(
    "text",
    [
        # a source line between the region-level lead and the village
        "A woman was killed by a mine in Mykolaiv Oblast.\n\nSource: the regional military administration\n\n"
        '"Near the village of Topolyne, a farmer drove over an explosive object," the governor said.',
        # the village in a later paragraph, with only attribution between
        "A tractor driver was killed by a mine in Kharkiv region.\n\nThis was reported by the emergency service.\n\n"
        "The incident took place on a field near the village of Topolyne in the Izium district.",
    ],
)
def test_a_region_level_incident_takes_the_village_named_paragraphs_later(vocabularies, text):
    (draft,) = drafts(text, vocabularies)
    assert draft.city == "Topolyne"
    assert draft.killed == 1


def test_the_area_of_a_city_is_its_region_and_the_village_named_next_is_the_place(vocabularies):
    text = (
        "A man was killed and a woman wounded in another Russian shelling of the Izium area in Kharkiv Oblast, "
        "the governor said on Monday.\n\nThe attack took place in the village of Kamianka."
    )
    (draft,) = drafts(text, vocabularies)
    assert (draft.city, draft.killed, draft.injured) == ("Kamianka", 1, 1)


def test_near_the_city_of_is_the_region_not_the_city(vocabularies):
    (draft,) = drafts("Near the city of Sumy, an anti-tank mine killed a farmer on Monday.", vocabularies)
    assert (draft.city, draft.region, draft.weapon) == (None, "Sumy Oblast", "mine")


def test_a_district_named_after_a_community_is_no_second_village(vocabularies):
    text = (
        "A man was killed by a mine in Kharkiv region.\n\n"
        "It happened near the village of Pisky-Radkivski in the Borivska community of Izium district."
    )
    assert places(drafts(text, vocabularies)) == ["Pisky-Radkivski"]


# --------------------------------------------------------------------------- earlier figures


def test_earlier_reports_are_the_same_incident_and_widen_the_range_only(vocabularies):
    text = (
        "Five people were killed and 30 injured in a Russian missile attack on Poltava on Monday.\n\n"
        "Earlier reports said that three people had been killed and 18 injured in the attack on Poltava."
    )
    (draft,) = drafts(text, vocabularies)
    assert (draft.killed, draft.killed_min, draft.killed_max) == (5, 3, 5)
    assert (draft.injured, draft.injured_min, draft.injured_max) == (30, 18, 30)


def test_children_told_by_an_earlier_statement_do_not_count(vocabularies):
    text = (
        "A Russian missile attack on Poltava on Monday killed six people.\n\n"
        "Earlier, the mayor had mentioned that two children were among the victims."
    )
    (draft,) = drafts(text, vocabularies)
    assert (draft.killed, draft.children_killed) == (6, None)


def test_a_correction_inside_one_sentence_keeps_the_figure_after_but(vocabularies):
    text = (
        "A Russian drone hit a house in Sumy on Monday, killing a woman. Initial reports said two children were "
        "among the dead, but officials later confirmed that one child, a 7-year-old girl, was killed."
    )
    (draft,) = drafts(text, vocabularies)
    assert draft.children_killed == 1


def test_a_real_earlier_attack_still_opens_its_own_incident(vocabularies):
    text = (
        "A drone killed a man in Kherson on Monday.\n\nEarlier in the day, Russian forces attacked Nikopol.\n\n"
        "The attack killed a woman and injured three other people."
    )
    found = drafts(text, vocabularies)
    assert [(d.city, d.killed, d.injured) for d in found] == [("Kherson", 1, None), ("Nikopol", 1, 3)]


# --------------------------------------------------------------------------- totals over several places


@pytest.mark.parametrize(
    "text",
    [
        # a region's tally over communities told in words
        "Russian forces shelled four communities in Sumy Oblast on Monday, killing one and injuring two.",
        # two settlements named together as what was attacked, with one figure
        "Russian forces attacked the city of Sloviansk and the village of Mykolaivka on Monday, killing two "
        "people and injuring five.",
    ],
)
def test_one_figure_for_several_places_is_no_settlement_incident(vocabularies, text):
    assert all(draft.city is None for draft in drafts(text, vocabularies))


def test_the_places_of_a_settlements_list_do_not_become_the_region_incident(vocabularies):
    text = (
        "Russian attacks killed three and injured five in Donetsk Oblast, the governor said on Monday. Several "
        "settlements in the region, including Kostiantynivka, came under fire.\n\n"
        "The figures do not include casualties in occupied Horlivka and Makiivka."
    )
    assert all(draft.city is None for draft in drafts(text, vocabularies))


def test_cities_named_together_without_harm_take_no_harm_told_after(vocabularies):
    text = (
        "A missile hit an apartment building in Dnipro on Saturday, killing 20 people.\n\n"
        "Russia also struck the capital, Kyiv, and the city of Kharkiv on the same day.\n\n"
        "The president said that at least 70 people were injured."
    )
    found = drafts(text, vocabularies)
    assert [(d.city, d.killed, d.injured) for d in found] == [("Dnipro", 20, 70)]


def test_harm_after_another_region_is_named_is_not_the_incident_before(vocabularies):
    text = (
        "A landmine killed a farmer in Sumy Oblast on Monday.\n\n"
        "The liberated parts of Kherson Oblast were shelled over 40 times. The attacks injured two people."
    )
    found = drafts(text, vocabularies)
    assert [(d.region, d.killed, d.injured) for d in found if d.region == "Sumy Oblast"] == [("Sumy Oblast", 1, None)]


# --------------------------------------------------------------------------- counts and sides


@pytest.mark.parametrize(
    ("sentence", "kind", "total", "children"),
    [
        ("Six people including three children were wounded in the strike.", "injured", 6, 3),
        ("Five people were injured in the attack on the town, including a 12-year-old boy.", "injured", 5, 1),
        ("Russian troops killed two people and injured five, including a child.", "injured", 5, 1),
    ],
)
def test_including_children_after_the_count(sentence, kind, total, children):
    found = [h for h in find_harm(sentence) if h.kind == kind]
    assert [(h.value, h.children) for h in found] == [(total, children)]


def test_including_children_stops_at_the_next_harm():
    killed = [h for h in find_harm("Russian troops killed two people and injured five, including a child.")]
    assert [(h.kind, h.children) for h in killed] == [("killed", None), ("injured", 1)]


def test_a_report_about_russian_attacks_only_gives_russia_to_its_incidents(vocabularies):
    text = (
        "Russian missile attack on Zelenskyy's hometown\n\n"
        "At least three people were killed when a missile hit an apartment building in Kryvyi Rih on Tuesday."
    )
    (draft,) = drafts(text, vocabularies)
    assert draft.perpetrator == "Russia"


def test_an_accusation_of_ukraine_is_a_ukrainian_attribution(vocabularies):
    text = (
        "Russian missiles hit a hotel in Kramatorsk on Monday, injuring four people.\n\n"
        "The Russian-installed mayor of Donetsk accused Ukraine of shelling the city of Donetsk on Monday, "
        "killing one resident."
    )
    found = {d.city: d.perpetrator for d in drafts(text, vocabularies)}
    assert found == {"Kramatorsk": "Russia", "Donetsk": "Ukraine"}


def test_a_singular_shelling_of_a_region_is_one_attack_not_a_tally(vocabularies):
    text = "A man was killed in a Russian shelling of Kherson Oblast on Monday, the governor said."
    (draft,) = drafts(text, vocabularies)
    assert (draft.region, draft.killed) == ("Kherson Oblast", 1)


def test_the_two_settlements_named_before_are_no_tally(vocabularies):
    text = (
        "Two people were injured in Kherson and one in Bilozerka on Monday as Russian drones attacked the two "
        "settlements, the governor said."
    )
    assert sorted(places(drafts(text, vocabularies))) == ["Bilozerka", "Kherson"]


# --------------------------------------------------------------------------- confidence

REVIEW = (
    "A Russian drone hit a car in Kherson on Monday, killing a man and injuring his wife.\n\n"
    "In Kharkiv, a missile strike on Tuesday injured seven people.\n\n"
    "Two people were killed in Zaporizhzhia Oblast, the governor said.\n"
)


def test_json_gives_each_draft_a_confidence_and_its_doubts(harmtrack, tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(REVIEW, encoding="utf-8")
    result = harmtrack("extract", str(path), "--published", "2024-11-01", "--format", "json")
    assert result.exit_code == 0, result.output
    items = {item["city"] or item["region"]: item for item in json.loads(result.stdout)}
    assert set(items) == {"Kherson", "Kharkiv", "Zaporizhzhia Oblast"}
    region_only = items["Zaporizhzhia Oblast"]
    # no settlement, no weapon, no date of its own: the least certain
    assert region_only["doubts"] == [
        "region only",
        "no weapon stated",
        "no date: publication date",
        "roundup or totals",
    ]
    assert region_only["confidence"] == 0.55
    assert items["Kherson"]["doubts"] == ["roundup or totals"]
    assert items["Kherson"]["confidence"] == 0.9
    assert all(0 <= item["confidence"] <= 1 for item in items.values())


def test_the_review_table_shows_the_least_certain_draft_first(harmtrack, tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(REVIEW, encoding="utf-8")
    result = harmtrack("extract", str(path), "--published", "2024-11-01", "--format", "table")
    assert result.exit_code == 0, result.output
    shown = re.findall(r"\[(\d\.\d\d)", result.stdout)
    assert shown == ["0.55", "0.90", "0.90"]
    evidence = " ".join(line.split("│")[-2].strip() for line in result.stdout.splitlines() if line.startswith("│"))
    assert "[0.55: region only; no weapon stated; no date: publication date; roundup or totals] Two" in evidence
    # told last in the text, shown first
    assert result.stdout.index("Zaporizhzhia") < result.stdout.index("Kherson") < result.stdout.index("Kharkiv")


def test_a_village_the_gazetteer_does_not_know_is_doubted(vocabularies):
    text = (
        "A woman was killed by a mine in Kharkiv Oblast on Monday.\n\nIt happened near the village of Zarichnopilske."
    )
    (draft,) = drafts(text, vocabularies)
    assert draft.city == "Zarichnopilske"
    assert "place not in the gazetteer" in draft.doubts


def test_figures_told_apart_from_the_place_and_competing_figures_are_doubted(vocabularies):
    text = (
        "A Russian missile hit an apartment block in Poltava on Monday.\n\n"
        "Three people were killed. Later the toll rose to five."
    )
    (draft,) = drafts(text, vocabularies)
    assert draft.killed == 5
    assert draft.doubts == ["figures told apart from the place", "competing figures"]
    assert draft.confidence == 0.75


# --------------------------------------------------------------------------- communities


@pytest.mark.parametrize(
    ("adjective", "settlement"),
    [
        ("Krasnopilska", "Krasnopillia"),  # -pilska from -pillia
        ("Pokrovska", "Pokrovsk"),  # -ska from -sk
        ("Sumska", "Sumy"),
        ("Chuhuivska", "Chuhuiv"),
        ("Nedryhaylivska", "Nedryhailiv"),  # another spelling, found by likeness
        ("Velykypysarivska", "Velyka Pysarivka"),
    ],
)
def test_a_community_named_by_its_adjective_is_its_settlement(vocabularies, adjective, settlement):
    text = f"A Russian drone killed a man in the {adjective} community on Monday."
    assert places(drafts(text, vocabularies)) == [settlement]


def test_an_adjective_like_no_settlement_names_no_place(vocabularies):
    assert drafts("A Russian drone killed a man in the Zzyzxska community on Monday.", vocabularies) == []


def test_an_attack_on_several_communities_opens_no_region_incident(vocabularies):
    text = (
        "Overnight, Russia attacked several communities in the Sumy region with drones. A man was killed.\n\n"
        "A man died after a drone hit the Krasnopilska community. Houses were damaged."
    )
    assert places(drafts(text, vocabularies)) == ["Krasnopillia"]


# --------------------------------------------------------------------------- lists of incidents in one sentence


def test_each_item_of_a_list_with_bracketed_figures_is_an_incident(vocabularies):
    text = (
        "On Monday missiles hit a school in the Podilskyi district of Kyiv (4 dead and 9 wounded), a clinic in "
        "the Obolonskyi district of Kyiv (2 killed, 3 injured), a market in Kyiv (1 dead) and a warehouse in "
        "Dnipro (5 wounded)."
    )
    found = drafts(text, vocabularies)
    got = [(d.city, d.district, d.killed, d.injured, d.damaged) for d in found]
    assert got == [
        ("Kyiv", "Podilskyi", 4, 9, ["education:school"]),
        ("Kyiv", "Obolonskyi", 2, 3, ["medical:clinic"]),
        ("Kyiv", None, 1, None, ["commercial:market"]),
        ("Dnipro", None, None, 5, ["industrial:warehouse"]),
    ]
    assert {d.weapon for d in found} == {"missile"}


# --------------------------------------------------------------------------- dates and unnamed places


def test_of_two_days_in_a_sentence_the_one_nearest_the_harm_is_the_incidents(vocabularies):
    text = "Rescuers searched the rubble in Uman on Saturday after a missile strike on Friday killed at least nine."
    (draft,) = drafts(text, vocabularies, "2024-11-02")
    assert draft.date == "2024-11-01"


def test_a_day_counted_from_a_day_told_before_in_the_same_sentence(vocabularies):
    text = (
        "Rescuers worked on Sunday at an apartment building in Dnipro hit a day earlier by a Russian missile.\n\n"
        "The death toll rose to 12."
    )
    (draft,) = drafts(text, vocabularies, "2024-11-03")
    assert (draft.date, draft.killed) == ("2024-11-02", 12)


def test_harm_told_of_an_unnamed_city_takes_the_city_named_next(vocabularies):
    text = (
        "A Russian missile strike on Thursday killed at least 11 people in a central Ukrainian city.\n\n"
        "The cruise missile strikes on Uman were condemned abroad.\n\n"
        "Separately, shelling injured two people in Kherson on Thursday."
    )
    found = drafts(text, vocabularies, "2024-11-01")
    assert [(d.city, d.killed, d.injured) for d in found] == [("Uman", 11, None), ("Kherson", None, 2)]


# --------------------------------------------------------------------------- phrasings of the new dev texts


@pytest.mark.parametrize(
    ("sentence", "kind", "value"),
    [
        ("As of noon, 12 people are known to be killed.", "killed", 12),
        ("Three more civilians in the city were reportedly injured.", "injured", 3),
        ("Rescuers found the remains of one person in the rubble.", "killed", 1),
    ],
)
def test_counts_told_in_real_phrasings(sentence, kind, value):
    assert [(h.kind, h.value) for h in find_harm(sentence)] == [(kind, value)]


def test_a_total_told_before_a_colon_is_the_sum_of_the_places_after_it():
    harms = find_harm("Russian attacks killed four people: two in Kherson and two in Beryslav.")
    assert [h.value for h in harms] == [2, 2]


def test_a_count_for_a_place_the_gazetteer_does_not_know_is_no_other_places():
    # (a name shaped like a settlement, "two in Zzyzxivka", is drafted as written: see the round-2 tests below)
    harms = find_harm("In Donetsk Oblast, three residents were killed: two in Zzyzx and one in Pokrovsk.")
    assert [h.value for h in harms] == [1]


def test_a_colon_dateline_opening_the_text_is_no_incident_place(vocabularies):
    text = "KYIV: Russian drones killed two people in Ukraine's Sumy region overnight, the governor said."
    (draft,) = drafts(text, vocabularies)
    assert (draft.city, draft.region) == (None, "Sumy Oblast")


def test_an_attack_named_after_a_city_is_no_city_of_the_region_incident(vocabularies):
    text = (
        "Russian forces attacked Ukraine's Sumy region early Monday, injuring two drivers.\n\n"
        "The regional chief gave details of the Sumy assault."
    )
    (draft,) = drafts(text, vocabularies)
    assert (draft.city, draft.region, draft.injured) == (None, "Sumy Oblast", 2)


def test_a_national_toll_since_the_invasion_is_no_incident_figure(vocabularies):
    text = (
        "A Russian missile hit a house in Kyiv on Thursday, killing a journalist.\n\n"
        "At least seven journalists have been killed in Ukraine since Russia launched its invasion on Feb 24."
    )
    (draft,) = drafts(text, vocabularies, "2022-04-29")
    assert (draft.city, draft.killed, draft.date) == ("Kyiv", 1, "2022-04-28")


def test_a_visit_elsewhere_is_no_incident_place(vocabularies):
    text = (
        "A Russian missile strike killed four people in Kharkiv on Friday.\n\n"
        "The president visited front-line positions near Druzhkivka on Friday."
    )
    assert places(drafts(text, vocabularies)) == ["Kharkiv"]


# --------------------------------------------------------------------------- Ukrainian reports


@pytest.mark.parametrize(
    ("word", "settlement"),
    [("Харкові", "Kharkiv"), ("Харкова", "Kharkiv"), ("Нікополі", "Nikopol"), ("Херсона", "Kherson")],
)
def test_a_ukrainian_case_form_names_its_settlement(word, settlement):
    from harmtrack.extract.ukrainian import settlement as ukrainian_settlement

    assert ukrainian_settlement(word.lower()) == settlement


UKRAINIAN = (
    "Ворог обстріляв Нікополь з артилерії\n\n"
    "У п'ятницю, 1 листопада, ворог атакував Нікополь з важкої артилерії, повідомив начальник ОВА. "
    "Поранено двоє людей, у тому числі 15-річну дівчину.\n\n"
    "Пізніше кількість постраждалих зросла до чотирьох людей.\n\n"
    "Пошкоджені три приватних будинки.\n\n"
    "Також на Харківщині ворожий дрон вдарив по автомобілю. Загинув 62-річний чоловік."
)


def test_a_ukrainian_report_is_read_with_its_numbers_tolls_and_regions(vocabularies):
    result = extract(UKRAINIAN, vocabularies, published=date(2024, 11, 2))
    got = [
        (d.city or d.region, d.date, d.weapon, d.killed, d.injured, d.children_injured, d.perpetrator)
        for d in result.drafts
    ]
    assert got == [
        ("Nikopol", "2024-11-01", "artillery", None, 4, 1, "Russia"),
        ("Kharkiv Oblast", "2024-11-02", "drone", 1, None, None, "Russia"),
    ]
    assert "residential:private houses" in result.drafts[0].damaged
    assert result.warnings and "Ukrainian" in result.warnings[0] and "check each draft" in result.warnings[0]
    assert all("read by the Ukrainian rules" in d.doubts for d in result.drafts)


def test_a_ukrainian_report_without_harm_gives_no_draft(vocabularies):
    text = "Вночі на Дніпропетровщині було без обстрілів. Ворог не атакував громади області, повідомив начальник ОВА."
    assert extract(text, vocabularies, published=date(2024, 11, 2)).drafts == []


def test_a_russian_text_still_gets_only_a_warning(vocabularies):
    text = (
        "В результате обстрела был ранен мужчина, который находился во дворе своего дома. Также были повреждены "
        "несколько зданий и автомобиль, сообщили местные власти. Это уже третий обстрел за неделю, который "
        "произошел в этом районе."
    )
    result = extract(text, vocabularies, published=date(2024, 11, 2))
    assert result.drafts == [] and "Russian" in result.warnings[0]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a number right before each harm word is its own
        ("Вранці ворог обстріляв Вугледар. В результаті обстрілу – 4 загиблих і 2 поранених.", (4, 2, None)),
        # a comma that does not go on with the list ends the count; "зокрема" names children among them
        ("Унаслідок обстрілу Шахового поранено 7 людей, зокрема 2 дитини, пошкоджено 3 будинки.", (None, 7, 2)),
        # "дитячий садок" is a kindergarten, no child
        ("Ворог обстріляв Вугледар: 1 загибла людина, пошкоджено дитячий садок.", (1, None, None)),
    ],
)
def test_ukrainian_counts_keep_to_their_harm_word(vocabularies, text, want):
    (draft,) = extract(text, vocabularies, published=date(2024, 9, 24)).drafts
    children = draft.children_injured if want[1] else draft.children_killed
    assert (draft.killed, draft.injured, children) == want


def test_a_ukrainian_daily_total_is_no_incident_figure(vocabularies):
    text = (
        "23 вересня російські війська обстріляли Краматорськ. Унаслідок цього одна людина загинула й одна поранена.\n"
        "Нагадаємо, минулої доби внаслідок російських атак на Донеччині троє людей загинуло, десятеро поранено."
    )
    (draft,) = extract(text, vocabularies, published=date(2024, 9, 24)).drafts
    assert (draft.city, draft.date, draft.killed, draft.injured) == ("Kramatorsk", "2024-09-23", 1, 1)


def test_a_ukrainian_report_without_a_publication_date_is_refused_not_dated_by_the_clock(harmtrack, tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(UKRAINIAN, encoding="utf-8")
    result = harmtrack("extract", str(path), "--format", "json")
    assert result.exit_code == 2
    assert "pass --published YYYY-MM-DD" in result.stderr


# --------------------------------------------------------------------------- round 2: killings by soldiers


@pytest.mark.parametrize(
    ("sentence", "killed", "children"),
    [
        ("Five villagers, including a 12-year-old boy, were shot dead near the well.", 5, 1),
        ("A farmer was shot and killed at a checkpoint.", 1, None),
        ("Soldiers executed four men in the yard of the school.", 4, None),
        ("The troops detained two brothers on the road and later executed them.", 2, None),
        ("Two men - a father and his neighbour - were killed on the bridge.", 2, None),
    ],
)
def test_killings_by_soldiers_are_read_as_killed(sentence, killed, children):
    (harm,) = find_harm(sentence)
    assert (harm.kind, harm.value, harm.children) == ("killed", killed, children)


@pytest.mark.parametrize(
    "sentence",
    [
        "The strike was executed by the air force on Tuesday.",
        "Air defence shot down two drones over the city.",
        "Officials met three residents and thanked them.",
    ],
)
def test_executed_shot_down_and_pronouns_without_killing_are_no_harm(sentence):
    assert find_harm(sentence) == []


def test_a_killing_by_soldiers_is_small_arms_and_russian(vocabularies):
    text = "In Kupiansk on 3 March, Russian soldiers shot dead two men who were driving to the market."
    (draft,) = drafts(text, vocabularies)
    assert (draft.city, draft.killed, draft.weapon, draft.perpetrator) == ("Kupiansk", 2, "small-arms", "Russia")


def test_the_russians_killed_names_the_side(vocabularies):
    text = "In the village of Oleksandrivka, the Russians killed a 70-year-old man on Monday, the governor said."
    (draft,) = drafts(text, vocabularies)
    assert (draft.killed, draft.perpetrator) == (1, "Russia")


# --------------------------------------------------------------------------- round 2: figures after the place


def test_figures_told_after_the_one_settlement_of_the_paragraph(vocabularies):
    text = (
        "Russian troops entered Balakliia on March 2. A column stopped near the bridge. "
        "Four residents were killed, the police said."
    )
    (draft,) = drafts(text, vocabularies, "2022-10-01")
    assert (draft.city, draft.killed, str(draft.date)) == ("Balakliia", 4, "2022-03-02")


def test_figures_after_two_settlements_are_nobodys(vocabularies):
    text = "Russian troops entered Balakliia and Izium on March 2. Four residents were killed, the police said."
    assert drafts(text, vocabularies, "2022-10-01") == []


def test_figures_told_there_after_the_place_of_the_damage(vocabularies):
    text = "In Mykolaiv, a drone hit a warehouse and started a fire. Two workers there were killed, officials said."
    (draft,) = drafts(text, vocabularies)
    assert (draft.city, draft.killed) == ("Mykolaiv", 2)


def test_a_weapon_told_of_the_region_is_not_the_citys(vocabularies):
    text = (
        "In Kherson, debris of a downed drone hit a shop. One woman there was injured. "
        "The governor said missiles were also used in the attack on the region."
    )
    (draft,) = drafts(text, vocabularies)
    assert draft.weapon in ("debris", "drone")


# --------------------------------------------------------------------------- round 2: counts and tolls


def test_persons_and_a_toll_risen_again(vocabularies):
    (harm,) = find_harm("Three persons were injured in the blast.")
    assert (harm.kind, harm.value) == ("injured", 3)
    text = (
        "A Russian missile strike on Tuesday in Poltava killed two people. "
        "Officials said the toll from that attack had risen again to 7."
    )
    (draft,) = drafts(text, vocabularies)
    assert draft.killed == 7


# --------------------------------------------------------------------------- round 2: regions and places


def test_a_regions_day_tally_is_no_incident(vocabularies):
    text = (
        "As reported earlier, Russian troops killed four civilians in Zaporizhzhia region yesterday, six were injured."
    )
    assert drafts(text, vocabularies) == []


def test_one_attack_on_a_region_yesterday_is_still_a_region_incident(vocabularies):
    text = "A Russian drone attack on Kherson region yesterday killed two people, the governor said."
    (draft,) = drafts(text, vocabularies)
    assert (draft.city, draft.region, draft.killed) == (None, "Kherson Oblast", 2)


def test_harm_over_ukrainian_cities_is_a_total(vocabularies):
    text = (
        "Russian strikes on Ukrainian cities overnight killed five people and injured 40.\n\n"
        "In Sumy, a drone damaged a school."
    )
    (draft,) = drafts(text, vocabularies)
    assert (draft.city, draft.killed, draft.injured) == ("Sumy", None, None)


def test_the_community_of_a_settlement_is_no_place(vocabularies):
    text = "A woman was injured in the village of Kurakhivka, Selydove community, on Monday."
    (draft,) = drafts(text, vocabularies)
    assert draft.city == "Kurakhivka"


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("On Sunday a man was killed in Zelenotropynka, the governor said.", "Zelenotropynka"),
        ("Russian artillery fired on Chervonopilske (Pology district, Zaporizhzhia region) on Sunday.", None),
    ],
)
def test_a_settlement_the_gazetteer_lacks_is_drafted_as_written(vocabularies, text, city):
    found = drafts(text, vocabularies)
    if city is None:
        assert found == []  # an attack with no harm opens nothing, whatever its place
    else:
        (draft,) = found
        assert draft.city == city
        assert any("gazetteer" in doubt for doubt in draft.doubts)


def test_killed_in_a_country_is_no_settlement(vocabularies):
    assert drafts("A Ukrainian volunteer was killed in Russia last week, his family said.", vocabularies) == []


def test_the_evening_before_a_night_is_the_same_incident(vocabularies):
    text = (
        "Russian forces struck a hotel in Kramatorsk on the night of 24-25 August, injuring two journalists.\n\n"
        "The prosecutor's office said the missile hit Kramatorsk at 22:35 on 24 August, likely an Iskander-M."
    )
    (draft,) = drafts(text, vocabularies, "2024-08-25")
    assert (draft.city, draft.injured, draft.weapon) == ("Kramatorsk", 2, "ballistic-missile")


def test_the_headline_weapon_goes_to_an_incident_in_its_region(vocabularies):
    text = (
        "Russians shell Zaporizhzhia region, one killed\n\n"
        "A 60-year-old man was killed in the town of Orikhiv on Friday, the governor said."
    )
    (draft,) = drafts(text, vocabularies)
    assert (draft.city, draft.weapon) == ("Orikhiv", "artillery")


def test_dropped_bombs_are_aerial_bombs(vocabularies):
    (draft,) = drafts("Russian aircraft dropped two bombs on Huliaipole on Monday, injuring a woman.", vocabularies)
    assert draft.weapon == "aerial-bomb"


def test_headline_figures_fill_the_only_incident_of_a_short_report(vocabularies):
    text = (
        "Russian strike on Bilopillia kills three\n\n"
        "A Russian guided bomb hit a street in Bilopillia on Monday, wounding five residents, the governor said."
    )
    (draft,) = drafts(text, vocabularies)
    assert (draft.city, draft.killed, draft.injured) == ("Bilopillia", 3, 5)
    assert "killed from the headline" in draft.notes


def test_headline_figures_of_another_place_are_not_taken(vocabularies):
    text = (
        "Russian strike on Sumy kills three\n\n"
        "In Bilopillia, a drone wounded five residents on Monday, the governor said."
    )
    assert [(d.city, d.killed) for d in drafts(text, vocabularies)] == [("Bilopillia", None)]


def test_a_person_told_by_year_of_birth_counts(vocabularies):
    (killed,) = find_harm("Unfortunately, a man born in 1958 died on the spot.")
    (injured,) = find_harm("Another woman born in 1971 received shrapnel wounds.")
    assert (killed.kind, killed.value, injured.kind, injured.value) == ("killed", 1, "injured", 1)


def test_harm_after_a_sentence_about_two_settlements_is_nobodys(vocabularies):
    text = (
        "In Donetsk Oblast, four people were killed: three in Myrnohrad and one in Zelenotropynka. "
        "Another five people were injured, the governor said."
    )
    found = {draft.city: (draft.killed, draft.injured) for draft in drafts(text, vocabularies)}
    assert found == {"Myrnohrad": (3, None), "Zelenotropynka": (1, None)}


@pytest.mark.parametrize(
    "text",
    [
        "The Druzhba (Friendship) Hotel in Pokrovsk was hit, killing two guests.",
        "A missile hit a house on Druzhba Street in Pokrovsk, killing two.",
    ],
)
def test_hotels_and_streets_named_like_villages_are_no_places(vocabularies, text):
    assert places(drafts(text, vocabularies)) == ["Pokrovsk"]


def test_a_region_summary_down_a_roundup_gives_its_region_and_side(vocabularies):
    text = (
        "In Sumy Oblast, Ukrainian forces said they repelled an assault.\n\n"
        "Russian attacks against Kherson Oblast over the past day killed two people, officials reported\n\n"
        "A man was killed in Zelenotropynka, the governor said."
    )
    found = [d for d in drafts(text, vocabularies) if d.city == "Zelenotropynka"]
    (draft,) = found
    assert (draft.region, draft.perpetrator) == ("Kherson Oblast", "Russia")


def test_an_incident_takes_the_attack_day_of_the_intro_paragraph_before_it(vocabularies):
    text = (
        "The monitors said the worst day was 14 June, when Russian forces launched missiles at several cities.\n\n"
        "A missile hit a school in Sumy (3 killed and 8 injured)."
    )
    (draft,) = drafts(text, vocabularies, "2024-07-10")
    assert (draft.city, str(draft.date), draft.killed, draft.injured) == ("Sumy", "2024-06-14", 3, 8)


def test_an_intro_paragraph_with_an_incident_of_its_own_keeps_its_day(vocabularies):
    text = (
        "On 14 June a Russian drone injured two people in Kherson.\n\n"
        "A missile hit a school in Sumy, killing three, the governor said."
    )
    found = {draft.city: str(draft.date) for draft in drafts(text, vocabularies, "2024-06-16")}
    assert found == {"Kherson": "2024-06-14", "Sumy": "2024-06-16"}


# --------------------------------------------------------------------------- round 3: aggregates open nothing


def test_a_region_shelled_all_year_opens_no_incident(vocabularies):
    text = (
        "A drone attack on the town of Shebekino killed two people on Friday, the governor said.\n\n"
        "The Kursk region has suffered shelling all year, officials say. Nine people were wounded, the governor "
        "added."
    )
    assert places(drafts(text, vocabularies)) == ["Shebekino"]


def test_a_toll_in_the_thousands_is_a_total(vocabularies):
    text = (
        "A missile strike on Poltava killed four people on Tuesday, the mayor said.\n\n"
        "The United Nations says more than 12,000 civilians have been killed in the war."
    )
    (draft,) = drafts(text, vocabularies)
    assert (draft.city, draft.killed) == ("Poltava", 4)


# --------------------------------------------------------------------------- round 3: places of the harm


@pytest.mark.parametrize(
    "text",
    [
        "Two people were injured in Kurakhivka of the Selydove community on Monday.",
        "On Monday a house was damaged in Zelenotropynka of the Kurakhove community.",
    ],
)
def test_the_community_after_of_the_is_no_place(vocabularies, text):
    assert "Selydove" not in places(drafts(text, vocabularies))
    assert "Kurakhove" not in places(drafts(text, vocabularies))


def test_figures_after_another_settlements_attack_are_not_the_open_incidents(vocabularies):
    text = (
        "In Kurakhove, two people were injured on Monday.\n\n"
        "Russian forces also shell the region every day.\n\n"
        "Occupants recently attacked the city of Selydove. As a result, four people were killed."
    )
    found = {draft.city: (draft.killed, draft.injured) for draft in drafts(text, vocabularies)}
    assert found["Kurakhove"] == (None, 2)
    assert found.get("Selydove", (4, None)) == (4, None)


def test_a_strike_the_previous_week_is_not_the_incidents(vocabularies):
    text = (
        "A Russian missile strike on Kramatorsk killed three people on Wednesday, police said.\n\n"
        "The previous week, at least 11 people died in the Russian missile strike that hit Ukraine."
    )
    (draft,) = drafts(text, vocabularies, "2023-02-02")
    assert (draft.city, draft.killed) == ("Kramatorsk", 3)


def test_figures_after_a_settlement_named_among_many_are_a_total(vocabularies):
    text = (
        "In Kherson Oblast, Russia attacked 21 settlements, including the regional center of Kherson. "
        "The attacks killed two people and injured 15 others, the governor said."
    )
    assert "Kherson" not in places(drafts(text, vocabularies))


def test_one_figure_for_a_town_and_villages_is_nobodys(vocabularies):
    text = "Two people were injured in the town of Pokrovsk and the village of Hrodivka on Monday."
    assert [d for d in drafts(text, vocabularies) if d.city] == []


def test_the_second_attack_in_recent_days_without_harm_is_no_incident(vocabularies):
    text = (
        "A ballistic missile hit a ship in Odesa on Monday, injuring three sailors.\n\n"
        "This is the second time in recent days that a civilian vessel has been attacked at Odesa Oblast ports."
    )
    assert places(drafts(text, vocabularies)) == ["Odesa"]


def test_a_death_taken_back_by_officials_is_no_death(vocabularies):
    text = (
        "A missile attack injured 12 people in Dnipro on Tuesday, the governor said. Officials corrected initial "
        "reports that a civilian had been killed there, saying the wounded man was on life support."
    )
    (draft,) = drafts(text, vocabularies)
    assert (draft.city, draft.killed, draft.injured) == ("Dnipro", None, 12)


def test_the_site_of_an_attack_in_the_first_sentence_opens_the_incident(vocabularies):
    text = (
        "Rescuers are still working in Sumy at the site of yesterday's missile attack.\n\n"
        "Details\n\nSeven people were injured, the emergency service said."
    )
    (draft,) = drafts(text, vocabularies)
    assert (draft.city, draft.injured, draft.weapon) == ("Sumy", 7, "missile")


def test_the_second_largest_city_is_no_second_attack(vocabularies):
    text = (
        "A Russian drone damaged an office building in Kharkiv overnight, officials said.\n\n"
        "In Kharkiv -- Ukraine's second-largest city -- rescuers pulled residents from apartment blocks damaged "
        "in the strike."
    )
    assert places(drafts(text, vocabularies)) == ["Kharkiv"]


# --------------------------------------------------------------------------- round 3: harm told of elsewhere


@pytest.mark.parametrize(
    "second",
    [
        "Meanwhile, in Ukraine's Kharkvi region, four people were killed in Russian attacks on Thursday.",
        "Oryol region Governor Andrei Klychkov said three people were injured after two drones fell on a depot.",
        "A child was also wounded in Klebanovo-Byk.",
    ],
)
def test_harm_told_of_another_place_does_not_join_the_open_incident(vocabularies, second):
    text = f"A Ukrainian drone killed a woman in the town of Shebekino on Thursday, the governor said.\n\n{second}"
    found = [draft for draft in drafts(text, vocabularies) if draft.city == "Shebekino"]
    assert [(draft.killed, draft.injured) for draft in found] == [(1, None)]


# --------------------------------------------------------------------------- round 4: totals, seats, shared lists


@pytest.mark.parametrize(
    "total",
    [
        # r243: a total since a day, told by a monitor
        "Since 29 December, the Office of the UN High Commissioner for Human Rights (OHCHR) recorded the death of "
        "125 civilians and injury to over 550 others.",
        # r249: a monitor's national count with no place
        "The United Nations has recorded at least 227 civilian deaths, but says the real toll is likely higher.",
    ],
)
def test_a_monitors_total_is_no_figure_of_the_incident_before(vocabularies, total):
    text = f"A Russian missile hit a hotel in Kharkiv on Wednesday, damaging the building.\n\n{total}"
    (draft,) = drafts(text, vocabularies)
    assert (draft.city, draft.killed, draft.injured) == ("Kharkiv", None, None)


def test_the_seat_of_an_official_is_no_place_of_the_incident(vocabularies):
    # r237: the UN official in Kyiv condemned a strike that the next paragraphs place in Kryvyi Rih
    text = (
        "A Russian missile strike on a multi-storey apartment block in central Ukraine that left three dead and "
        "around 40 injured on Tuesday has been strongly condemned by the UN's top aid official in Kyiv, Denise "
        "Brown.\n\n\u201cI am appalled,\u201d said Ms. Brown.\n\nTrapped under rubble\n\n"
        "According to the UN Office in Ukraine, the strike caused extensive damage to the residential building in "
        "Kryvyi Rih city, Dnipro Region, trapping people under the rubble."
    )
    (draft,) = drafts(text, vocabularies, "2024-03-13")
    assert (draft.city, draft.killed, draft.injured, draft.weapon) == ("Kryvyi Rih", 3, 40, "missile")


def test_a_photo_credit_caption_opens_no_incident(vocabularies):
    # r237: a file photo led by its credit
    text = (
        "\u00a9 UNICEF/Oleksii Filippov An apartment building damaged by shelling in Kyiv, Ukraine. (Feb 2024)\n\n"
        "A drone hit a house in Kharkiv on Tuesday, injuring two people."
    )
    assert places(drafts(text, vocabularies, "2024-03-13")) == ["Kharkiv"]


def test_a_flight_suspension_is_no_damage(vocabularies):
    # r253
    text = (
        "The drone attack resulted in a temporary suspension of flights at Moscow's airports.\n\n"
        "Two people were injured, officials said."
    )
    assert drafts(text, vocabularies) == []


def test_an_unknown_two_word_village_takes_its_own_figure(vocabularies):
    # r272
    text = (
        "In Donetsk Oblast, Russian attacks killed one person in Bila Hora and injured one in Chasiv Yar, and "
        "another in Ocheretyne, the Donetsk Oblast Military Administration reported."
    )
    found = {draft.city: (draft.killed, draft.injured) for draft in drafts(text, vocabularies)}
    assert found == {"Bila Hora": (1, None), "Chasiv Yar": (None, 1), "Ocheretyne": (None, 1)}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # r271
        (
            "In Donetsk Oblast, three people in Bakhmut and one in Avdiivka were injured in Russian attacks.",
            [("injured", 3), ("injured", 1)],
        ),
        ("Two people in Kherson were injured.", [("injured", 2)]),
        ("One civilian was killed and two in Kherson were injured.", [("killed", 1), ("injured", 2)]),
    ],
)
def test_counts_told_with_their_place_share_the_verb_after_them(sentence, expected):
    assert [(harm.kind, harm.value) for harm in find_harm(sentence)] == expected


def test_counts_with_places_before_the_shared_verb_go_to_their_places(vocabularies):
    text = "In Donetsk Oblast, three people in Bakhmut and one in Avdiivka were injured in Russian attacks."
    found = {draft.city: draft.injured for draft in drafts(text, vocabularies)}
    assert found == {"Bakhmut": 3, "Avdiivka": 1}


def test_each_figure_goes_to_the_region_or_city_told_after_it(vocabularies):
    # r253
    text = (
        "Four deaths were reported in Ukraine's western Khmelnytskyi region, three more deaths were reported in "
        "the Kyiv region, and one in the southern city of Mykolaiv.\n\n"
        "The Kyiv regional head, Mykola Kalashnyk, stated that three people were killed and 10 others were injured."
    )
    found = {(draft.city, draft.region): (draft.killed, draft.injured) for draft in drafts(text, vocabularies)}
    assert found == {
        (None, "Khmelnytskyi Oblast"): (4, None),
        (None, "Kyiv Oblast"): (3, 10),
        ("Mykolaiv", "Mykolaiv Oblast"): (1, None),
    }


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # r233
        ("A Ukrainian drone attack killed one person and injured another in southern Russia's Belgorod region.",
         [("killed", 1, None), ("injured", 1, None)]),
        # r232: wounded, then dead
        ("He said a woman had received a concussion from the attack, while a man, badly wounded, died after being "
         "sent to the hospital for treatment.", [("injured", 1, None), ("killed", 1, None)]),
        # r273: a family told between dashes
        ("A local resident and a family - a man, his wife, and a baby - were killed there.", [("killed", 4, 1)]),
        ("A man, his wife, and a baby were killed there.", [("killed", 3, 1)]),
        # r056: "including ..., and" is no list of three
        ("Ukrainian authorities on Tuesday morning said seven people had been killed, including five civilians, and "
         "67 people had been injured.", [("killed", 7, None), ("injured", 67, None)]),
        # r273: a long relative clause between subject and verb
        ("A 12-year-old boy, who was rescued from the rubble of a house in Shyroka Balka, died in the hospital.",
         [("killed", 1, 1)]),
        # r230: the village named between subject and verb
        ("Two residents from the village of Guyevo were reported to have been injured.", [("injured", 2, None)]),
        # r241: "that" opens the relative clause
        ("Until yesterday, it was home for the families of at least 18 people that were killed by the strike, "
         "including two children.", [("killed", 18, 2)]),
        # r252: a compound noun of a person
        ("In the latest barrage, a truck driver was killed by drone debris.", [("killed", 1, None)]),
    ],
)  # fmt: skip
def test_round_four_counts(sentence, expected):
    assert [(harm.kind, harm.value, harm.children) for harm in find_harm(sentence)] == expected


def test_until_yesterday_is_no_date_and_debris_under_which_survivors_lie_is_rubble(vocabularies):
    # r241
    text = (
        "Today, a senseless attack hit Serhiivka in southern Odeska oblast.\n\n"
        "I was horrified to see the rescuers still trying to find survivors under the debris.\n\n"
        "Until yesterday, it was home for the families of at least 18 people that were killed by the strike, "
        "including two children."
    )
    (draft,) = drafts(text, vocabularies, "2022-07-01")
    assert (draft.city, draft.date, draft.killed, draft.children_killed) == ("Serhiivka", "2022-07-01", 18, 2)
    assert draft.weapon != "debris"


def test_the_regional_capital_is_the_named_regions_capital(vocabularies):
    # r245
    text = (
        "Meanwhile, a Ukrainian artillery strike on partially occupied Donetsk province killed two people and wounded "
        "six in the regional capital, according to Denis Pushilin.\n\n"
        "A bus was also hit as Ukrainian forces shelled the city of Donetsk multiple times Monday, Pushilin said."
    )
    (draft,) = drafts(text, vocabularies, "2023-07-31")
    assert (draft.city, draft.killed, draft.injured) == ("Donetsk", 2, 6)


def test_one_attack_singled_out_of_a_total_is_an_incident_on_its_holiday(vocabularies):
    # r252
    text = (
        "Moscow's forces have escalated aerial attacks across Ukraine in recent days, including a New Year's Day "
        "drone attack targeting central Kyiv that killed two people."
    )
    (draft,) = drafts(text, vocabularies, "2025-01-03")
    assert (draft.city, draft.date, draft.killed) == ("Kyiv", "2025-01-01", 2)


def test_a_raion_named_after_its_town_is_a_place_in_the_towns_region(vocabularies):
    # r263
    text = (
        "The Russian attacked the Nikopol district with kamikaze drones and artillery.\n\n"
        "A 57-year-old woman sustained injuries."
    )
    (draft,) = drafts(text, vocabularies, "2024-12-16")
    assert (draft.city, draft.region, draft.injured) == (None, "Dnipropetrovsk Oblast", 1)


def test_a_line_broken_inside_a_date_is_one_sentence(vocabularies):
    # r257
    text = (
        "Russian attacks on Kherson Oblast on Oct.\n26 killed one civilian in the Beryslav district and injured a "
        "police officer in the regional center Kherson, local officials reported.\nThe war goes on."
    )
    found = {(d.city, d.region, d.date): (d.killed, d.injured) for d in drafts(text, vocabularies, "2023-10-27")}
    assert found == {
        (None, "Kherson Oblast", "2023-10-26"): (1, None),
        ("Kherson", "Kherson Oblast", "2023-10-26"): (None, 1),
    }


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # r275: a pronoun subject of an injury told without an injury verb
        ("He suffered a concussion, leg burns, and explosive and closed head injuries, the statement reads.",
         [("injured", 1)]),
        # r259: an apposition with "the"
        ("A 62-year-old man, the head of one of the villages, was injured.", [("injured", 1)]),
    ],
)  # fmt: skip
def test_round_four_injuries(sentence, expected):
    assert [(harm.kind, harm.value) for harm in find_harm(sentence)] == expected


def test_settlements_left_out_of_a_tally_are_no_places(vocabularies):
    # r277
    text = (
        "In the past 24 hours, Russian forces have killed three civilians and injured 11 in Donetsk Oblast, not "
        "including Mariupol and Volnovakha, reported Pavlo Kyrylenko, the oblast governor."
    )
    assert [draft.city for draft in drafts(text, vocabularies)] == []


def test_another_village_is_not_the_open_incidents_place(vocabularies):
    # r232
    text = (
        "Today, the village of Goncharovka in the Suzhdansky district was shelled from Ukraine, Kursk region "
        "Governor Roman Starovoit said on Monday, and a man was killed.\n\n"
        "On Sunday, Kursk region authorities said a woman had been killed in the shelling of another village near "
        "the border with Ukraine."
    )
    found = {draft.city or draft.region: draft.killed for draft in drafts(text, vocabularies, "2024-03-11")}
    assert found == {"Goncharovka": 1, "Kursk Oblast": 1}


def test_a_hromada_named_by_its_town_is_that_town(vocabularies):
    # r260, r258
    text = (
        "On the afternoon of June 12, a Russian drone attacked civilian infrastructure in the Mykolaivka community "
        "of the Sumy district, injuring two women."
    )
    assert places(drafts(text, vocabularies, "2025-06-12")) == ["Mykolaivka"]


def test_harm_told_before_attacks_on_a_hromada_and_a_city_is_their_sum(vocabularies):
    # r258
    text = (
        "Three people were killed and five more were injured in Russian attacks on Pokrovsk hromada and the city of "
        "Kostiantynivka in Donetsk Oblast on 3 December."
    )
    assert drafts(text, vocabularies, "2024-12-03") == []


def test_an_unknown_village_named_as_where_the_strike_was(vocabularies):
    # r258
    text = (
        "One person was killed and another injured, and a vehicle was damaged as a result of a drone strike in Kotlyne."
    )
    (draft,) = drafts(text, vocabularies, "2024-12-03")
    assert (draft.city, draft.killed, draft.injured) == ("Kotlyne", 1, 1)


def test_dead_and_wounded_without_a_count_are_harm(vocabularies):
    # r240
    text = "On Monday, November 18, the enemy attacked Odesa. There are dead and wounded."
    (draft,) = drafts(text, vocabularies, "2024-11-19")
    assert (draft.city, draft.date, draft.killed, draft.injured) == ("Odesa", "2024-11-18", None, None)


def test_uncounted_harm_across_a_regions_communities_is_no_incident(vocabularies):
    # r256
    text = (
        "Border communities of the Kharkiv Region on May 10 are under heavy mass enemy shelling, there are wounded "
        "and killed."
    )
    assert drafts(text, vocabularies, "2024-05-10") == []


def test_an_airport_named_after_its_city_is_in_the_city(vocabularies):
    # r251
    text = (
        "On 6 March, multiple missile strikes reportedly destroyed Vinnytsia International Airport in central "
        "Vinnytsia province."
    )
    (draft,) = drafts(text, vocabularies, "2022-03-07")
    assert (draft.city, draft.weapon) == ("Vinnytsia", "missile")


def test_the_attack_told_again_gives_its_weapon(vocabularies):
    # r266
    text = (
        "Two teenagers were wounded on 8 August in a Russian attack on the village of Kutsurub, Mykolaiv Oblast.\n\n"
        "The enemy shelled the village of Kutsurub at 10:35 yesterday, 8 August."
    )
    (draft,) = drafts(text, vocabularies, "2023-08-09")
    assert (draft.city, draft.injured, draft.weapon) == ("Kutsurub", 2, "artillery")


def test_shelling_as_a_citys_history_gives_no_weapon(vocabularies):
    # r165
    text = (
        "Russia has struck Kharkiv with drones overnight, injuring six people, Mayor Ihor Terekhov wrote Sunday.\n\n"
        "Kharkiv has been under near-constant shelling since the start of the Russian invasion."
    )
    (draft,) = drafts(text, vocabularies, "2024-05-05")
    assert (draft.city, draft.injured, draft.weapon) == ("Kharkiv", 6, "drone")


def test_figures_right_after_a_paragraph_naming_one_city_are_that_citys(vocabularies):
    # r246: a list of key events, a bullet each
    text = (
        "Fighting\n\nRussian troops are moving deeper into the besieged Donbas city of Severodonetsk from the "
        "outskirts.\n\nTwo civilians killed and five wounded by Russian shelling."
    )
    (draft,) = drafts(text, vocabularies, "2022-05-30")
    assert (draft.city, draft.killed, draft.injured, draft.weapon) == ("Sievierodonetsk", 2, 5, "artillery")


def test_one_person_hurt_in_attacks_on_several_communities_is_one_incident_in_the_region(vocabularies):
    # r265
    text = (
        "On Saturday, the Russian forces attacked three communities in the Nikopol district, Dnipropetrovsk region, "
        "injuring a young man.\n\nThey used artillery and kamikaze drones."
    )
    (draft,) = drafts(text, vocabularies, "2024-08-17")
    assert (draft.city, draft.region, draft.injured, draft.weapon) == (None, "Dnipropetrovsk Oblast", 1, "artillery")


def test_villages_named_together_are_villages_not_city_districts():
    # r270: "Oleksiivka" is also a district of Kharkiv in the gazetteer
    from harmtrack.extract.places import find

    sentence = (
        "Over the past 24 hours, Russian forces injured two civilians in the villages of Oleksiivka and Zhelanne "
        "Druhe, Donetsk Oblast Governor Pavlo Kyrylenko reported."
    )
    assert [(m.kind, m.name) for m in find(sentence)] == [("city", "Oleksiivka"), ("city", "Zhelanne Druhe")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # r268: years of birth are no count
        ("A man and a woman born in 1978 and 1980 were killed, Kim said.", [("killed", 2, None)]),
        # r268: the hospitalised child and the "more" injured after it are one figure
        ("A seven-year-old child was hospitalized, and two more people were also injured, the governor added.",
         [("injured", 3, 1)]),
        ("Four people were hospitalised and two were injured.", [("injured", 2, None)]),
    ],
)  # fmt: skip
def test_round_four_births_and_more(sentence, expected):
    assert [(harm.kind, harm.value, harm.children) for harm in find_harm(sentence)] == expected


def test_an_undated_attack_is_on_the_day_of_the_statement_that_tells_it(vocabularies):
    # r233: published on Saturday
    text = (
        "A Ukrainian drone attack killed one person and injured another in the village of Novaya Naumovka in "
        "southern Russia's Belgorod region, Regional Governor Vyacheslav Gladkov said on Friday."
    )
    (draft,) = drafts(text, vocabularies, "2024-05-18")
    assert (draft.date, draft.killed, draft.injured) == ("2024-05-17", 1, 1)


def test_late_last_night_is_the_evening_before():
    # r243
    from harmtrack.extract.dates import find_dates

    found = find_dates("Aid workers are in Kharkiv, where a strike late last night damaged a hotel.", date(2024, 1, 11))
    assert [mention.day for mention in found] == [date(2024, 1, 10)]


# --------------------------------------------------------------------------- round 5: invented incidents on unseen text


def test_a_headline_on_the_line_after_a_bare_read_also_is_furniture(vocabularies):
    # r002 (Ukrinform via MENAFN): the linked story's headline is on the line after "Read also:"
    text = (
        "The Russian army launched a missile strike on a residential building in Kharkiv in the early morning hours "
        "of Friday, killing three people and injuring 23 others.\n\n"
        '"The shelling took the lives of three people. The number of those injured has increased to 23," he wrote. '
        "Read also:\nMissile attack on Kyiv: All targets shot down\n\n"
        "Among the injured are a medical worker and a Police officer who arrived at the scene of the explosion."
    )
    assert places(drafts(text, vocabularies, "2024-05-31")) == ["Kharkiv"]


def test_a_sentence_after_a_blank_line_after_read_also_is_kept():
    # r016: a blank line after the bare "Read also:", then the report goes on
    from harmtrack.extract.boilerplate import blank_furniture

    text = "An elderly woman was injured. Read also:\n\nThe victim is in a fair condition."
    assert "The victim is in a fair condition." in blank_furniture(text)
    assert blank_furniture(text).count("\n") == text.count("\n")


@pytest.mark.parametrize(
    "caption",
    [
        # r047 (Reuters): a picture of another day's damage, above the report
        "This photograph shows a destroyed house in the town of Kupiansk, Kharkiv region, on May 26, 2023, amid the "
        "Russian invasion of Ukraine. (Photo by SERGEY BOBOK / AFP)",
        "This photograph shows a destroyed house in the town of Kupiansk, Kharkiv region, on May 26, 2023.",
    ],
)
def test_a_photo_caption_is_no_incident(vocabularies, caption):
    text = (
        f"{caption}\n\nAn elderly woman was killed early Saturday morning due to shelling by Russian troops on a "
        "settlement in Kharkiv region in eastern Ukraine, a local official said.\n\n"
        "“This morning, around 5:10, the enemy fired on Kupiansk-Vuzlovyi village in Kupiansk district. A "
        "residential building was damaged. A 73-year-old woman died,” the governor said."
    )
    assert "Kupiansk" not in places(drafts(text, vocabularies, "2023-05-27"))


def test_the_capital_a_visitor_arrives_in_is_no_place(vocabularies):
    # r053 (AP): the lead names no city; Kyiv is where Blinken arrived
    text = (
        "A Russian missile struck an outdoor market in eastern Ukraine on Wednesday, killing 17 people and wounding "
        "dozens, officials said. The deadly attack came as U.S. Secretary of State Antony Blinken arrived in Kyiv "
        "and was expected to announce more than $1 billion in new American funding for Ukraine."
    )
    assert "Kyiv" not in places(drafts(text, vocabularies, "2023-09-06"))
    from harmtrack.extract.places import find

    assert find("Blinken arrived in Kyiv on Wednesday.") == []
    assert [m.name for m in find("A drone struck Kyiv on Wednesday.")] == ["Kyiv"]


@pytest.mark.parametrize(
    "text",
    [
        # r034 (UN News): a statement about renewed shelling, nobody hurt and no site named
        "The port city of Mykolaiv, in the south of Ukraine, is being targeted with renewed shelling. Denise Brown "
        "issued a statement deploring the “indiscriminate” attacks impacting civilians and civilian infrastructure.",
        # r079 (Reuters): the country's energy system, and Kyiv as the government
        "On Friday, Russian forces damaged Ukrainian energy and gas infrastructure in their first major missile "
        "attack since the US paused intelligence sharing with Ukraine, piling pressure on Kyiv.",
    ],
)
def test_bare_infrastructure_with_no_harm_is_no_incident(vocabularies, text):
    assert drafts(text, vocabularies, "2025-03-08") == []


def test_infrastructure_with_harm_or_a_named_site_is_still_an_incident(vocabularies):
    # r009: a named site beside the infrastructure
    text = "Residential buildings were destroyed, and civilian infrastructure suffered damage in Sumy on Monday."
    assert places(drafts(text, vocabularies)) == ["Sumy"]
    text = "A Russian drone hit infrastructure in Sumy on Monday, injuring two people."
    assert places(drafts(text, vocabularies)) == ["Sumy"]


@pytest.mark.parametrize(
    ("text", "published"),
    [
        # r121 (Moscow Times): the lead's region, then the town the same two deaths were in
        (
            "A late-night Russian strike on the northeastern Ukrainian region of Kharkiv killed two people, the "
            "region's governor said Friday.\n"
            'Kharkiv region Governor Oleh Syniehubov said Russia launched a "series of shelling" attacks on the '
            "town of Kupyansk, close to the front lines, late on Thursday night.\n"
            '"Houses and cars were damaged. A 64-year-old woman and a 58-year-old man died," he wrote.',
            "2024-03-08",
        ),
        # r148 (Online.ua): a community the gazetteer does not read, told again after its lead
        (
            "On November 5, a man was killed and three people were injured in a Russian drone strike in the "
            "Seredyno-Budska community of Sumy region.\n\n"
            "According to the investigation, on November 5, the occupiers attacked a civilian vehicle delivering "
            "bread with a drone in the Seredino-Bud community of the Shostka district.\n\n"
            "The 34-year-old driver of the vehicle was killed, and three other civilians were injured.",
            "2025-11-06",
        ),
    ],
)
def test_a_region_only_draft_that_retells_a_settlements_incident_is_dropped(vocabularies, text, published):
    found = drafts(text, vocabularies, published)
    assert len(found) == 1 and found[0].city is not None


def test_a_region_only_incident_with_other_figures_or_another_day_stays():
    from harmtrack.extract.draft import Draft
    from harmtrack.extract.drafting import without_region_repeats

    town = Draft("", "2024-03-11", "day", region="Kursk Oblast", city="Goncharovka", killed=1, injured=1)
    # r232: "On Sunday ... a woman had been killed in the shelling of another village": a day before, one figure
    village = Draft("", "2024-03-10", "day", region="Kursk Oblast", killed=1)
    other = Draft("", "2024-03-11", "day", region="Kursk Oblast", killed=3)
    assert without_region_repeats([town, village, other]) == [town, village, other]
    same = Draft("", "2024-03-10", "day", region="Kursk Oblast", killed=1, injured=1)
    assert without_region_repeats([town, same]) == [town]


def test_a_town_near_a_city_is_not_the_city(vocabularies):
    # r061 (Guardian): the town is named in the next paragraph
    text = (
        "At least 21 people including two children have died after two Russian missiles struck a multistorey block "
        "of flats and a recreation centre in a small coastal town near Odesa.\n\n"
        "Video showed the charred ruins of buildings in the town of Serhiyivka."
    )
    (draft,) = drafts(text, vocabularies, "2022-07-01")
    assert (draft.city, draft.killed, draft.children_killed) == ("Serhiivka", 21, 2)
    from harmtrack.extract.places import find

    assert [(m.kind, m.name) for m in find("Missiles hit a village near Odesa.")] == [("region", "Odesa Oblast")]


def test_days_of_attacks_that_killed_dozens_are_a_total(vocabularies):
    # r033 (UN News): Kyiv's attack was repulsed without casualties; the quote's harm is a week's
    text = (
        "Ukrainian authorities said Thursday morning’s large-scale attack on Kyiv was repulsed by the city’s air "
        "defences without casualties.\n\n"
        '"We are extremely concerned for the plight of civilians after almost a week of nightly airstrikes and '
        "attacks which have killed and injured dozens of people”, Humanitarian Coordinator Matthew Hollingworth said."
    )
    assert drafts(text, vocabularies, "2023-05-04") == []
    from harmtrack.extract.aggregates import STRONG_AGGREGATE

    assert STRONG_AGGREGATE.search("after two days of Russian shelling that killed five")
    assert not STRONG_AGGREGATE.search("a day after the strike that killed five")


def test_a_body_recovered_from_the_rubble_earlier_is_the_same_attack(vocabularies):
    # r038 (Online.ua): a running toll, the recovered body told after the latest figures
    text = (
        "On the morning of October 21, Russia hit Zaporizhzhia with a missile. As of 3:00 p.m., two people died "
        "and 15 were injured.\n\n"
        "Earlier in Zaporizhzhia, a man's body was recovered from the rubble of a building destroyed by a Russian "
        "strike.\n\n"
        "On October 21, Russian troops attacked the center of the city of Zaporizhia with a rocket. As a result of "
        "the shelling, 6 people were injured."
    )
    (draft,) = drafts(text, vocabularies, "2024-10-21")
    assert (draft.city, draft.killed, draft.injured) == ("Zaporizhzhia", 2, 15)
    assert draft.weapon in ("missile", "ballistic-missile", "cruise-missile")


def test_the_shelling_after_a_named_missile_is_not_artillery(vocabularies):
    # r002 (Ukrinform): the mayor's "the shelling" is the missile strike
    text = (
        "The Russian army launched a missile strike on a residential building in Kharkiv in the early morning hours "
        'of Friday, killing three people and injuring 23 others.\n\n"The shelling took the lives of three people," '
        "he wrote."
    )
    (draft,) = drafts(text, vocabularies, "2024-05-31")
    assert draft.weapon == "missile"
    # shelling alone, or with no other weapon, stays artillery
    (draft,) = drafts("Russian shelling killed two people in Kherson on Friday.", vocabularies, "2024-05-31")
    assert draft.weapon == "artillery"


def test_a_community_named_by_a_two_word_settlement_is_that_settlement(vocabularies):
    # r149 (RBC-Ukraine): "Velyka Pysarivka community" is not a "Pysarivka" community
    from harmtrack.extract.places import find

    sentence = "A Russian drone attacked a car in the Velyka Pysarivka community this morning."
    assert [m.name for m in find(sentence)] == ["Velyka Pysarivka"]
    assert [m.name for m in find("A drone attacked a car in the Bilopilska community.")] == ["Bilopillia"]
    text = (
        "A Russian drone attacked a car in the Velyka Pysarivka community this morning. As a result of the Russian "
        "strike, a 73-year-old driver was killed, according to Oleh Hryhorov, head of the Sumy Regional Military "
        "Administration."
    )
    assert places(drafts(text, vocabularies, "2025-08-15")) == ["Velyka Pysarivka"]


def test_figures_told_with_two_regions_and_no_settlement_are_nobodys(vocabularies):
    # r149 (RBC-Ukraine): background items after the report's incident
    text = (
        "In particular, on August 9, in the Bilenke community of the Zaporizhzhia region, a Russian FPV drone hit a "
        "car, killing 2 people who were in the car.\n\n"
        "On August 12, 3 civilians were killed in the Donetsk region as a result of Russian strikes, and on August "
        "13, a rocket strike on the Sumy region wounded a 7-year-old girl and a young man. At least 6 private houses "
        "were also damaged in the Russian attack."
    )
    found = drafts(text, vocabularies, "2025-08-15")
    assert [(d.city or d.region, d.killed, d.injured) for d in found] == [("Bilenke", 2, None)]


def test_a_night_of_attacks_is_one_attack_and_a_long_paragraph_keeps_its_credit():
    from harmtrack.extract.aggregates import STRONG_AGGREGATE
    from harmtrack.extract.boilerplate import blank_furniture

    assert not STRONG_AGGREGATE.search("a night of drone attacks on Kyiv killed three people")
    paragraph = "A Russian drone hit a house in the village of Pokrovka on Monday, killing a woman. " * 5
    assert blank_furniture(paragraph + "(Photo: State Emergency Service)").startswith(paragraph)


# --------------------------------------------------------------------------- round 6: the retired sets 5 and 6


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        # r292 (Interfax-Ukraine)
        ("The man was fatally wounded by the explosive.", 1),
        # r213 (Ukrinform)
        ("As a result of the shelling, a fire broke out in the vehicle, and the man born in 1990 sustained fatal "
         "injuries.", 1),
        ("Two people were mortally wounded in the attack.", 2),
    ],
)  # fmt: skip
def test_fatal_injuries_are_deaths(sentence, killed):
    assert [(h.kind, h.value) for h in find_harm(sentence)] == [("killed", killed)]


def test_a_serious_injury_stays_an_injury():
    assert [(h.kind, h.value) for h in find_harm("A man was seriously wounded and two were injured.")] == [
        ("injured", 1),
        ("injured", 2),
    ]


def test_figures_per_city_in_a_nationwide_attack_are_each_citys(vocabularies):
    # r214 (UN News)
    text = (
        "The UN Spokesperson said Secretary-General António Guterres strongly condemned the large-scale missile and "
        "drone strikes across the country on Friday, which reportedly killed at least six people in Kyiv and two in "
        "Chornomorsk, and caused multiple civilian injuries."
    )
    found = drafts(text, vocabularies, "2025-11-14")
    assert [(d.city, d.killed) for d in found] == [("Kyiv", 6), ("Chornomorsk", 2)]


def test_a_national_total_with_city_examples_stays_a_total(vocabularies):
    text = "Russian strikes across the country killed 40 people on Friday, including 10 in Kyiv and 5 in Dnipro."
    assert drafts(text, vocabularies, "2025-11-14") == []
    text = "Russian strikes across Ukraine killed six people in Kyiv and Dnipro on Friday."
    assert drafts(text, vocabularies, "2025-11-14") == []


def test_a_city_introduced_after_an_unnamed_city_is_its_place(vocabularies):
    # r205 (AP): the lead names "a city in southeastern Ukraine", a later paragraph introduces it
    text = (
        "Three people were killed and six others were injured when a Russian missile hit a five-story apartment "
        "building in a city in southeastern Ukraine on Thursday, police said.\n\n"
        "The State Emergency Service said in an online statement that it had rescued 11 people so far.\n\n"
        "Zaporizhzhia is a large city that had a population of more than 700,000 before Russia’s full-scale "
        "invasion."
    )
    (draft,) = drafts(text, vocabularies, "2023-03-02")
    assert (draft.city, draft.killed, draft.injured) == ("Zaporizhzhia", 3, 6)


def test_a_city_named_in_passing_does_not_name_the_unnamed_city(vocabularies):
    text = (
        "Three people were killed when a Russian missile hit a building in a city in southeastern Ukraine on "
        "Thursday, police said.\n\n"
        "Officials in Zaporizhzhia said air defences were working."
    )
    assert [d.city for d in drafts(text, vocabularies, "2023-03-02")] != ["Zaporizhzhia"]


def test_the_old_name_of_a_renamed_city_told_alone_is_its_region(vocabularies):
    # r299 (AP wire)
    text = (
        "Another Russian strike killed a woman and injured four other people in Dnipropetrovsk, Interior Minister "
        "Ihor Klymenko said on Wednesday."
    )
    (draft,) = drafts(text, vocabularies, "2023-10-18")
    assert (draft.city, draft.region, draft.killed, draft.injured) == (None, "Dnipropetrovsk Oblast", 1, 4)
    # the new name is the city
    text = "A Russian strike killed a woman in Dnipro on Wednesday, the governor said."
    assert [(d.city, d.region) for d in drafts(text, vocabularies, "2023-10-18")] == [
        ("Dnipro", "Dnipropetrovsk Oblast")
    ]


def test_a_later_report_of_the_same_city_is_a_toll_update(vocabularies):
    # r291 (Censor.NET)
    text = (
        "Thus, according to preliminary data, as of 17:00, at least one person was killed and 15 wounded in the "
        "attack on Kramatorsk on Wednesday.\n\n"
        "Updated information\n\n"
        "As of 5:30 p.m., Filashkin later reported that 2 people were killed in Kramatorsk."
    )
    found = drafts(text, vocabularies, "2024-09-25")
    assert [(d.city, d.killed) for d in found] == [("Kramatorsk", 2)]
    # "Later, a drone struck ..." is still another attack
    text = (
        "A Russian missile killed one person in Kramatorsk on Wednesday morning. Later, a Russian drone struck "
        "Kramatorsk again, killing two people."
    )
    assert len(drafts(text, vocabularies, "2024-09-25")) == 2


def test_near_a_regional_centre_is_its_region():
    # r206 (AP): "killed another seven at a student dormitory near Kyiv"
    from harmtrack.extract.places import find

    found = find("Exploding drones killed seven at a student dormitory near Kyiv.")
    assert [(m.kind, m.name) for m in found] == [("region", "Kyiv Oblast")]
    found = find("A drone hit a house outside Kharkiv on Monday.")
    assert [(m.kind, m.name) for m in found] == [("region", "Kharkiv Oblast")]
    # a smaller town's "near" is often told of the town itself, and "in Kyiv" is the city
    assert [(m.kind, m.name) for m in find("Shelling near Bakhmut killed two.")] == [("city", "Bakhmut")]
    assert [(m.kind, m.name) for m in find("A drone hit a house in Kyiv.")] == [("city", "Kyiv")]


def test_a_figure_right_after_its_city_is_that_citys(vocabularies):
    # r206 (AP)
    text = (
        "Ukraine’s president posted video Wednesday showing a Russian missile slamming into an apartment building "
        "in the southeastern city of Zaporizhzhia, killing at least one person, after Moscow’s forces launched "
        "exploding drones before dawn that killed another seven at a student dormitory near Kyiv."
    )
    found = drafts(text, vocabularies, "2023-03-22")
    assert [(d.city or d.region, d.killed) for d in found] == [("Zaporizhzhia", 1), ("Kyiv Oblast", 7)]


def test_drone_attacks_on_one_district_are_one_attack():
    # r219 (AFP via an agency)
    from harmtrack.extract.aggregates import ONE_ATTACK

    sentence = (
        "One person was killed in Russian drone attacks on a port district in Ukraine's southwestern Odesa region "
        "early Wednesday, the regional governor said."
    )
    assert ONE_ATTACK.search(sentence)
    assert not ONE_ATTACK.search("Russian attacks against Kherson Oblast killed two people.")
    assert not ONE_ATTACK.search("Russian attacks on a village and a town in Kherson Oblast killed two people.")


def test_a_community_in_the_russian_form_is_its_settlement(vocabularies):
    # r212 (UNN): "the village of Novhorod-Siverskaya community"
    from harmtrack.extract.places import find

    sentence = (
        "A 34-year-old man was injured as a result of hostile shelling of the village of Novhorod-Siverskaya "
        "community in Chernihiv region."
    )
    assert [m.name for m in find(sentence) if m.kind == "city"] == ["Novhorod-Siverskyi"]
    assert [m.name for m in find("A man was injured in the village of Novhorod-Siverska community.")] == [
        "Novhorod-Siverskyi"
    ]


@pytest.mark.parametrize(
    ("sentence", "harm"),
    [
        # r298 (Ukrainska Pravda)
        ("A 70-year-old resident of Semenivka was killed.", ("killed", 1)),
        ("Two residents of the village of Semenivka were injured.", ("injured", 2)),
    ],
)
def test_residents_of_a_place_are_the_subject(sentence, harm):
    assert [(h.kind, h.value) for h in find_harm(sentence)] == [harm]


def test_a_place_after_a_count_that_is_no_resident_is_no_subject():
    assert [(h.kind, h.value) for h in find_harm("Two residents of the village said three people were killed.")] == [
        ("killed", 3)
    ]


def test_a_resident_killed_in_a_regional_attack_is_the_villages_incident(vocabularies):
    # r298 (Ukrainska Pravda)
    text = (
        "A resident of Semenivka was killed in a drone attack on Chernihiv Oblast on Saturday 6 September. One more "
        "woman was injured in Horodnia and is now in a serious condition."
    )
    found = drafts(text, vocabularies, "2025-09-06")
    assert [(d.city, d.killed, d.injured, d.date) for d in found] == [
        ("Semenivka", 1, None, "2025-09-06"),
        ("Horodnia", None, 1, "2025-09-06"),
    ]


def test_oblast_before_a_weekday_is_not_last_week():
    # r298 (Ukrainska Pravda): "Chernihiv Oblast on Saturday" told on a Saturday
    from harmtrack.extract.dates import find_dates

    sentence = "A drone attack on Chernihiv Oblast on Saturday killed a woman."
    assert [m.day for m in find_dates(sentence, date(2025, 9, 6))] == [date(2025, 9, 6)]
    assert [m.day for m in find_dates("A woman was killed last Saturday.", date(2025, 9, 6))] == [date(2025, 8, 30)]


def test_the_number_of_those_killed_is_a_toll(vocabularies):
    # r288 (Ukrinform)
    sentence = (
        "As reported, the number of those killed by the Russian missile attack targeting Kyiv on December 29 "
        "increased to 33."
    )
    assert [(h.kind, h.value, h.toll) for h in find_harm(sentence)] == [("killed", 33, True)]
    assert [(h.kind, h.value) for h in find_harm("The number of those who were evacuated rose to 40.")] == []


def test_people_hospitalised_with_an_injury_are_injured(vocabularies):
    # r282 (Kyiv Independent)
    sentence = (
        "Emergency medical workers also hospitalized a 35-year-old man with a blast injury in the Chuhuiv district, "
        "located in Kharkiv Oblast, Syniehubov reported."
    )
    assert [(h.kind, h.value, h.weak) for h in find_harm(sentence)] == [("injured", 1, False)]
    text = (
        "Kharkiv Oblast Governor Oleh Syniehubov said that Russia’s attack on the critical infrastructure in Kharkiv "
        "killed a man. " + sentence
    )
    found = drafts(text, vocabularies, "2022-09-12")
    assert [(d.city or d.region, d.killed, d.injured) for d in found] == [
        ("Kharkiv", 1, None),
        ("Kharkiv Oblast", None, 1),
    ]


def test_people_hospitalised_with_no_injury_told_are_no_figure():
    assert find_harm("Doctors hospitalized two people.") == []
    assert [(h.kind, h.value, h.weak) for h in find_harm("Two people were hospitalized.")] == [("injured", 2, True)]


def test_a_road_between_two_settlements_is_told_by_the_first(vocabularies):
    # r292 (Interfax-Ukraine)
    text = (
        "The Russian occupation forces killed a resident of Kherson region by dropping explosive from a drone on "
        "Friday, Head of Kherson Regional Military Administration Oleksandr Prokudin has said.\n\n"
        '"The occupiers attacked a civilian by a drone on the highway between Stanislav and Oleksandrivka. The man '
        'was fatally wounded by the explosive," he said on the Telegram channel.'
    )
    found = drafts(text, vocabularies, "2024-11-08")
    assert [(d.city, d.killed, d.injured) for d in found] == [("Stanislav", 1, None)]


def test_two_settlements_without_a_road_stay_two():
    from harmtrack.extract.places import find

    sentence = "Russian drones attacked Kherson and Stanislav overnight."
    assert [m.name for m in find(sentence)] == ["Kherson", "Stanislav"]
    sentence = "Fighting between Stanislav and Kherson continued."
    assert [m.name for m in find(sentence)] == ["Stanislav", "Kherson"]


def test_victims_counted_with_no_harm_word_are_harm_of_unknown_count(vocabularies):
    # r281 (Babel): the raion's harm, then the community's victims
    (harm,) = find_harm("There are 3 victims in the Zolochiv community.")
    assert (harm.kind, harm.value) == ("injured", None)
    text = (
        "At least 15 people were killed in Russian shelling in Kharkiv Oblast on Tuesday.\n"
        '"In Kharkiv there are 11 wounded, 5 people died. An 8-year-old child died and her mother was injured in the '
        'Kharkiv district. There are 3 victims in the Zolochiv community," Syniehubov wrote.'
    )
    found = drafts(text, vocabularies, "2022-06-21")
    assert [(d.city or d.region, d.killed, d.injured) for d in found] == [
        ("Kharkiv", 5, 11),
        ("Kharkiv Oblast", 1, 1),
        ("Zolochiv", None, None),
    ]


def test_victims_as_a_noun_with_no_count_or_with_a_harm_word_add_nothing():
    assert find_harm("The victims were taken to hospital in Zolochiv.") == []
    assert [(h.kind, h.value) for h in find_harm("There are 3 victims: two were killed and one injured.")] == [
        ("killed", 2),
        ("injured", 1),
    ]


def test_running_over_a_mine_is_the_attack_the_harm_after_it_belongs_to(vocabularies):
    # r286 (RBC-Ukraine)
    text = (
        "During fieldwork in the Kherson region, a tractor ran over a mine, which detonated. As a result of the "
        "explosion, the tractor driver died.\n\n"
        "The incident occurred near the village of Maksym Gorky in the Novoraiska community."
    )
    found = drafts(text, vocabularies, "2023-09-17")
    assert [(d.city, d.region, d.weapon, d.killed) for d in found] == [("Maksym Gorky", "Kherson Oblast", "mine", 1)]


def test_running_over_something_else_is_no_attack():
    from harmtrack.extract.analysis import ATTACK

    assert ATTACK.search("A car drove over an unknown explosive device near the village.")
    assert not ATTACK.search("The driver ran over a dog and drove on into the village.")


def test_around_a_city_with_adjectives_is_its_region():
    # r284 (i24): "territory around the southern Ukrainian city of Kherson"
    from harmtrack.extract.places import find

    sentence = "Russian forces battled to hold territory around the southern Ukrainian city of Kherson."
    assert [(m.kind, m.name) for m in find(sentence)] == [("region", "Kherson Oblast")]
    sentence = "A missile hit the southern Ukrainian city of Kherson."
    assert [(m.kind, m.name) for m in find(sentence)] == [("city", "Kherson")]


def test_a_capital_blamed_or_reshuffling_is_its_government():
    # r340 (MENAFN): "Miroshnik accused Kiev of ..."; r359 (AFP): "as Kyiv dismissed its air force commander"
    from harmtrack.extract.places import find

    for sentence in (
        "Miroshnik accused Kiev of escalating military provocations, potentially disrupting peace efforts.",
        "The bombardments came as Kyiv dismissed its air force commander in a major military shake-up.",
    ):
        assert [m.name for m in find(sentence)] == []
    # not over-firing: the place hit, and "Kiev's military infrastructure" (r081) is a place
    assert [m.name for m in find("A missile hit Kiev on Thursday, damaging garages.")] == ["Kyiv"]
    sentence = "The ministry said it struck key components of Kiev's military infrastructure overnight."
    assert [m.name for m in find(sentence)] == ["Kyiv"]


def test_these_attacks_are_a_tally_not_the_incident_before(vocabularies):
    # r340 (MENAFN): the figures of a run of attacks, told after the last incident
    text = (
        "In Zaporozhye Region, a school bus was struck by shrapnel from a Ukrainian drone. A teenage boy on the bus "
        "sustained a minor head injury.\n"
        "Five children were reported dead, with 63 others wounded in these attacks."
    )
    found = drafts(text, vocabularies, "2025-05-15")
    assert [(d.region, d.killed) for d in found] == [("Zaporizhzhia Oblast", None)]
    from harmtrack.extract.aggregates import STRONG_AGGREGATE

    assert not STRONG_AGGREGATE.search("Two people were injured in the attack on these houses.")


def test_a_capital_dateline_is_not_the_place_of_an_attack_told_elsewhere(vocabularies):
    # r331 (AFP): "MOSCOW: ... in southern Russia"; r332 (BSS/AFP): "MOSCOW, July 11, 2025 (BSS/AFP) - ..."
    from harmtrack.extract.datelines import strip_dateline

    text = (
        "MOSCOW: A woman was killed when a Ukrainian drone crashed into an apartment building in southern Russia, "
        "the region's acting governor said early Friday."
    )
    assert [d.city for d in drafts(text, vocabularies, "2025-07-04")] == []
    body, dateline = strip_dateline("MOSCOW, July 11, 2025 (BSS/AFP) - A drone crashed into a farm.", opening=True)
    assert (body, dateline) == ("A drone crashed into a farm.", "MOSCOW, July 11, 2025 (BSS/AFP) - ")
    # not over-firing: a dateline city with an object hit there and no wider area stays the place
    text = "KHARKIV: A drone hit an apartment building overnight, killing one woman, the mayor said."
    assert [(d.city, d.killed) for d in drafts(text, vocabularies, "2025-07-04")] == [("Kharkiv", 1)]


def test_an_age_by_decade_a_trade_by_vehicle_and_a_family_by_size_are_people():
    # r307 (Kyiv Independent), r308 (Kyiv Independent), r349 (UN OCHA)
    found = find_harm("A man in his mid-60s was injured following a Russian artillery strike against Vovchansk.")
    assert [(h.kind, h.value) for h in found] == [("injured", 1)]
    found = find_harm("The port infrastructure in Izmail was attacked, killing a van driver near a warehouse.")
    assert [(h.kind, h.value) for h in found] == [("killed", 1)]
    found = find_harm("On 21 March, a family of three – a mother, father and daughter – were killed in Zaporizhzhia.")
    assert [(h.kind, h.value) for h in found] == [("killed", 3)]
    # not over-firing: a van hit, an age with no harm, a number after "of" that is no group
    assert find_harm("A drone hit a van near the market.") == []
    assert find_harm("A man in his mid-60s was evacuated from the village.") == []
    assert all(h.value != 3 for h in find_harm("The head of three villages was injured."))


def test_a_village_of_a_region_level_incident_is_found_under_the_gazetteer_spelling(vocabularies):
    # r330 (Reuters): "the village of Malinovka", which the gazetteer reads as Malynivka
    text = (
        "A Ukrainian drone attack killed one civilian in the Russian region of Belgorod bordering Ukraine, the "
        "regional governor said on Sunday.\n\n"
        "\u201cA man was killed,\u201d Governor Vyacheslav Gladkov said of the overnight strike in a post on the "
        "Telegram messaging app. \u201cHe died from his injuries before the ambulance crew arrived.\u201d\n\n"
        "Fire put out at oil refinery in Russia's Volgograd region after Ukrainian drone attack, governor says\n\n"
        "Gladkov said the attack took place in the village of Malinovka about 8 km (5 miles) east of the border."
    )
    found = drafts(text, vocabularies, "2025-02-02")
    assert [(d.city, d.killed) for d in found] == [("Malynivka", 1)]
    # not over-firing: a city the region does not hold, with no "village of", is not the incident's place
    text = text.replace("the village of Malinovka", "Kharkiv")
    assert [(d.city, d.region) for d in drafts(text, vocabularies, "2025-02-02")] == [(None, "Belgorod Oblast")]


def test_another_strike_yesterday_in_a_village_of_a_region_is_one_attack(vocabularies):
    # r359 (AFP)
    text = (
        "Another Russian strike yesterday killed two people and injured 10 more including children in a village in "
        "Ukraine's Kharkiv region, the governor said."
    )
    found = drafts(text, vocabularies, "2024-08-30")
    assert [(d.region, d.city, d.killed, d.injured) for d in found] == [("Kharkiv Oblast", None, 2, 10)]
    from harmtrack.extract.aggregates import _ONE_WEAPON, DAY_TALLY

    sentence = "Russian shelling killed three civilians in Donetsk region yesterday."
    assert DAY_TALLY.search(sentence) and not _ONE_WEAPON.search(sentence)


def test_a_person_by_age_and_a_count_over_two_places_each_with_its_place():
    # r316 (Ukrainska Pravda)
    found = find_harm(
        "An 85-year-old woman in Sievierodonetsk, and 2 men in Novodruzhesk and Lysychansk were also killed."
    )
    assert [(h.kind, h.value) for h in found] == [("killed", 1), ("killed", None)]
    # not over-firing: counts each with one place keep their figures
    found = find_harm("Three people in Bakhmut and one in Avdiivka were injured.")
    assert [(h.kind, h.value) for h in found] == [("injured", 3), ("injured", 1)]


def test_killed_one_in_a_place_and_injured_another_in_another_place_splits_by_verb(vocabularies):
    # r307 (Kyiv Independent)
    text = (
        "Russia launched 130 strikes against Zaporizhzhia Oblast over the past day, Governor Yurii Malashko said.\n\n"
        "The attacks killed a 66-year-old man in Orikhiv and injured a 56-year-old man in Prymorske, he clarified."
    )
    found = drafts(text, vocabularies, "2023-09-27")
    assert [(d.city, d.killed, d.injured) for d in found] == [("Orikhiv", 1, None), ("Prymorske", None, 1)]
    # not over-firing: one place after both verbs keeps both figures
    text = "A Russian strike killed two people and injured five in Kherson on Monday, the governor said."
    assert [(d.city, d.killed, d.injured) for d in drafts(text, vocabularies, "2023-09-27")] == [("Kherson", 2, 5)]


def test_a_city_defence_council_is_a_title_and_earlier_he_reported_is_an_earlier_figure(vocabularies):
    # r344 (Ukrainska Pravda): the earlier figure of the same attack, told in a background paragraph
    from harmtrack.extract.places import find

    text = (
        "Four people have been injured and fires have broken out in the city of Kryvyi Rih in Dnipropetrovsk Oblast "
        "following a Russian drone attack.\n\n"
        "Background: Earlier, Oleksandr Vilkul, Head of Kryvyi Rih City Defence Council, reported a drone attack on "
        "the city, noting that two people had been injured."
    )
    found = drafts(text, vocabularies, "2025-12-18")
    assert [(d.city, d.injured) for d in found] == [("Kryvyi Rih", 4)]
    assert find("Oleksandr Vilkul, Head of Kryvyi Rih City Defence Council, said.") == []
    # not over-firing: an earlier attack told as such is its own incident, and the city after "in" is a place
    from harmtrack.extract.analysis import EARLIER_STATEMENT

    assert not EARLIER_STATEMENT.search("Earlier, a Russian drone struck a house in Nikopol, killing a woman.")
    assert [m.name for m in find("A drone hit the city council building in Kryvyi Rih.")] == ["Kryvyi Rih"]


def test_the_city_after_a_mayor_titled_before_his_name_is_his_city_when_damage_is_told(vocabularies):
    # r306 (Kyiv Independent)
    text = (
        "Mayor: Russian forces shell Mykolaiv overnight\n"
        "September 18, 2022 10:12 am\n"
        "Mykolaiv Mayor Oleksandr Sienkevych said that the Russian attack on the city damaged civilian "
        "infrastructure including a hospital. The mayor did not provide details."
    )
    found = drafts(text, vocabularies, "2022-09-18")
    assert [(d.city, d.killed, d.injured) for d in found] == [("Mykolaiv", None, None)]
    # not over-firing: the title with nothing damaged or harmed there names no place (r200, Kyiv Independent)
    from harmtrack.extract.analysis import _places

    sentence = (
        "The Russian military carried out four strikes against the city, targeting a residential area, "
        "Kharkiv Mayor Ihor Terekhov said."
    )
    assert _places(sentence, None, told=False) == []


def test_another_strike_carried_out_on_the_city_is_a_second_incident(vocabularies):
    # r356 (Ukrinform): two FPV attacks on Kostiantynivka the same day
    text = (
        "At approximately 09:30 today, Russian troops launched another attack on the city of Kostiantynivka using a "
        "strike-type FPV drone. As a result of the enemy attack, one civilian was injured.\n\n"
        "Horbunov also reported that around 12:00, Russian forces carried out another targeted strike on the city "
        "using an FPV drone. This attack killed a civilian woman and injured another man."
    )
    found = drafts(text, vocabularies, "2025-08-26")
    assert [(d.city, d.killed, d.injured) for d in found] == [("Kostiantynivka", None, 1), ("Kostiantynivka", 1, 1)]
    # not over-firing: more of the same attack stays one incident
    text = text.replace("carried out another targeted strike on the city using", "said the attack on the city used")
    assert [d.city for d in drafts(text, vocabularies, "2025-08-26")] == ["Kostiantynivka"]


def test_an_elided_count_after_a_verb_of_damage_is_of_buildings():
    # r316 (Ukrainska Pravda)
    sentence = (
        "On 27 April 4 people were killed in Luhansk Region and 4 more were wounded; 10 buildings were destroyed in "
        "Popasna and 13 in Lysychansk."
    )
    assert [(h.kind, h.value) for h in find_harm(sentence)] == [("killed", 4), ("injured", 4)]
    # not over-firing: an elided count after the harm verb itself
    found = find_harm("Two people were killed in Pokrovsk and one in Kostiantynivka.")
    assert [(h.kind, h.value) for h in found] == [("killed", 2), ("killed", 1)]


def test_a_figure_across_the_region_is_not_the_settlements(vocabularies):
    # r347 (Kyiv Independent), r341 (Ukrinform)
    text = (
        "In Donetsk Oblast, one person was killed in Rodynske and five more injured across the region, Governor "
        "Vadym Filashkin said."
    )
    assert [(d.city, d.killed, d.injured) for d in drafts(text, vocabularies, "2025-06-05")] == [("Rodynske", 1, None)]
    text = (
        "He said that people were killed in Kostiantynivka and Druzhkivka, while seven more residents of the Donetsk "
        "region were injured over the past day."
    )
    found = drafts(text, vocabularies, "2025-10-27")
    assert sorted((d.city, d.killed, d.injured) for d in found) == [
        ("Druzhkivka", None, None),
        ("Kostiantynivka", None, None),
    ]
    # not over-firing: a settlement's own two figures stay its own, and a figure for two places is not copied
    text = "In Donetsk Oblast, one person was killed in Rodynske and five more were injured there, the governor said."
    assert [(d.city, d.killed, d.injured) for d in drafts(text, vocabularies, "2025-06-05")] == [("Rodynske", 1, 5)]
    text = "Two people were killed in Kostiantynivka and Druzhkivka, while a man was injured in Kramatorsk."
    assert [d.city for d in drafts(text, vocabularies, "2025-10-27")].count("Druzhkivka") == 0


# --------------------------------------------------------------------------- round 5 (real-retired-4)


def test_a_capital_before_an_infinitive_is_an_actor_not_a_place():
    # r364 (Reuters via Devdiscourse): "a U.N.-brokered deal ... that had allowed Kyiv to ship its grain";
    # r414 (Euronews): "a deadline set by the White House for Moscow to show progress"
    from harmtrack.extract.places import find

    for sentence in (
        "The Danube has become Ukraine's main route since the collapse of a deal that had allowed Kyiv to ship "
        "its grain via the Black Sea.",
        "These attacks came on the day of a deadline set by the White House for Moscow to show progress.",
    ):
        assert [m.name for m in find(sentence)] == []
    # not over-firing: the place hit, whatever "to" follows
    for sentence in (
        "A drone hit Kyiv to the dismay of residents.",
        "The strike on Kyiv to date killed 5.",
        "Russia reduced Kyiv to rubble.",
        "Missiles fired at Kyiv to terrorize residents killed two.",
    ):
        assert [m.name for m in find(sentence)] == ["Kyiv"]
    assert [m.name for m in find("A drone hit Moscow to little effect.")] == ["Moscow"]


def test_where_the_wounded_were_treated_is_no_incident_place():
    # r418 (Generico): "An ambulance transported the victim to city hospital No. 2 in Belgorod."
    from harmtrack.extract.places import find

    for sentence in (
        "An ambulance transported the victim to city hospital No. 2 in Belgorod.",
        "The wounded man was taken to Kharkiv with shrapnel wounds.",
    ):
        assert [m.name for m in find(sentence)] == []
    # not over-firing: a hospital hit is the place, and "taken" or "brought" to a city without a hospital
    for sentence, name in (
        ("A missile hit a hospital in Kharkiv, injuring two nurses.", "Kharkiv"),
        ("Russia has taken the fight to Kharkiv, killing two.", "Kharkiv"),
        ("Residents brought aid to Kherson after the strike.", "Kherson"),
    ):
        assert [m.name for m in find(sentence)] == [name]


def test_a_raion_named_without_the_is_its_region_not_its_town(vocabularies):
    # r446 (Kyiv Post): "This is the fourth attack on Izmail district in the last five days"; r445 (Ukrinform):
    # "was killed in the Russian shelling of Kharkiv district"
    from harmtrack.extract.places import find

    found = find('"This is the fourth attack on Izmail district in the last five days," Kiper said.')
    assert [(m.kind, m.name) for m in found] == [("region", "Odesa Oblast")]
    found = find("In Izium district, Shyikivka village, a 67-year-old man was injured.")
    assert [(m.kind, m.name) for m in found] == [("region", "Kharkiv Oblast"), ("city", "Shyikivka")]
    text = (
        "A man who was in a tractor at the time of the attack was killed in the Russian shelling of Kharkiv "
        "district, and another man was injured."
    )
    (draft,) = drafts(text, vocabularies, published="2024-04-04")
    assert (draft.city, draft.region, draft.killed, draft.injured) == (None, "Kharkiv Oblast", 1, 1)


def test_a_region_figure_that_sums_its_settlements_is_no_incident_of_its_own(vocabularies):
    # r390 (AP): the province's figures, then each settlement's
    text = (
        "Russian airstrikes on Sunday killed two people and wounded three others in southern Ukraine's Kherson "
        "province, the region's governor reported Sunday.\n"
        "According to Gov. Oleksandr Prokudin, Russian forces struck the city of Beryslav, destroying an unspecified "
        "number of private houses. A woman was killed and three people were wounded, including a police officer, "
        "he said.\n"
        "Another airstrike also killed a 67-year-old man in the village of Lvove, Prokudin said."
    )
    found = drafts(text, vocabularies, published="2023-09-24")
    assert sorted((d.city, d.killed, d.injured) for d in found) == [("Beryslav", 1, 3), ("Lvove", 1, None)]


def test_the_first_harm_takes_the_place_the_next_sentence_tells(vocabularies):
    # r499 (Civil Today, quoting Serhiy Lysak): the place told right after the harm, in the community's other
    # spelling ("Mezhove community" for the town of Mezhova)
    text = (
        "“Russian terrorists killed an 18-year-old boy. He was injured in an enemy attack on Mezhove community in "
        "Synelnykove district. Doctors tried to save the young man.”\n"
        "Four more people were injured."
    )
    (draft,) = drafts(text, vocabularies, published="2023-08-16")
    assert (draft.city, draft.region, draft.killed, draft.injured) == ("Mezhova", "Dnipropetrovsk Oblast", 1, 4)


def test_a_settlement_name_is_found_under_the_other_form_of_its_ending():
    from harmtrack.extract.places import _city_lookup, city_name

    for written, name in (("Mezhove", "Mezhova"), ("Horlevka", "Horlivka"), ("Makiovka", "Makiivka")):
        assert _city_lookup(written, None) is None  # only the other ending finds it
        assert city_name(written) == name
    assert city_name("Nonexistentove") is None


@pytest.mark.parametrize(
    "sentence, kind, value",
    [
        # r203 (Ukrinform via MENAFN)
        ("Russian attacked the house, which resulted in fatal injuries to two elderly women.", "killed", 2),
        # r365 (UNN)
        (
            "A 40-year-old man who was on the balcony at the time of the shelling received injuries incompatible "
            "with life.",
            "killed",
            1,
        ),
        # r375 (112.ua): a reduced relative clause between subject and verb
        ("A woman living in Zaporizhzhia was injured as a result of enemy shelling.", "injured", 1),
        ("Another woman from Kherson was wounded.", "injured", 1),
        # not a death: "non-fatal"
        ("The explosion resulted in non-fatal injuries to three people.", "injured", 3),
    ],
)
def test_deaths_told_with_injury_words_and_subjects_with_a_reduced_clause(sentence, kind, value):
    assert [(h.kind, h.value) for h in find_harm(sentence)] == [(kind, value)]


def test_another_victim_is_no_other_attack(vocabularies):
    # r203 (Ukrinform via MENAFN): "Another woman from Kherson was wounded" is one more victim of the same attack
    text = (
        "Prokudin reminded that Russian attacked the house in Kherson, which resulted in fatal injuries to two "
        "elderly women. Another woman from Kherson was wounded. After receiving medical aid, she was released.\n"
        "He informs that yesterday evening was tragic in Kherson, the enemy shelled the private sector."
    )
    (draft,) = drafts(text, vocabularies, published="2024-10-15")
    assert (draft.city, draft.date, draft.killed, draft.injured) == ("Kherson", "2024-10-14", 2, 1)


def test_a_place_south_of_a_city_is_its_region():
    # r503 (Devdiscourse, from Reuters)
    from harmtrack.extract.places import find

    sentence = (
        "Two bodies were found in the rubble of a house hit in the morning near Beryslav, and another person died "
        "in an evening artillery strike south of Kherson."
    )
    assert [(m.kind, m.name) for m in find(sentence)] == [("city", "Beryslav"), ("region", "Kherson Oblast")]
    sentence = "Two bodies were recovered in a village near Beryslav, north of the main town, Kherson."
    assert [(m.kind, m.name) for m in find(sentence)] == [("region", "Kherson Oblast")]
    # r413 (Reuters): after a comma, where the places told lie, no place of its own
    sentence = "The drones hit the cities of Shostka and Konotop, northeast of Kyiv and near the Russian border."
    assert [(m.kind, m.name) for m in find(sentence)] == [("city", "Shostka"), ("city", "Konotop")]
    # not over-firing: a part of the city, and an unnamed village before the comma
    sentence = "A missile hit an apartment block in the north of Kharkiv, killing two."
    assert [(m.kind, m.name) for m in find(sentence)] == [("city", "Kharkiv")]
    sentence = "A drone hit a village, south of Zaporizhzhia, killing two."
    assert [(m.kind, m.name) for m in find(sentence)] == [("region", "Zaporizhzhia Oblast")]


def test_the_city_attacked_again_is_a_second_incident_and_a_birthday_is_no_date(vocabularies):
    # r382 (Censor.NET)
    text = (
        "On Friday, August 22, Russian forces struck the city of Kupiansk in Kharkiv region.\n"
        "According to the investigation, at around 8:30 a.m., the Russian army hit the city of Kupiansk, killing a "
        "man who had just turned 61 the day before.\n"
        "At approximately 2:00 p.m., the occupiers attacked the city again. A 66-year-old woman was killed."
    )
    found = drafts(text, vocabularies, published="2025-08-22")
    assert [(d.city, d.date, d.killed) for d in found] == [("Kupiansk", "2025-08-22", 1), ("Kupiansk", "2025-08-22", 1)]


def test_a_drone_at_one_of_the_villages_of_a_raion_is_a_region_only_incident(vocabularies):
    # r432 (Ukrinform via MENAFN)
    text = (
        "Man Injured In Zaporizhzhia Region By FPV Drone Attack\n\n"
        "“The Russians directed an FPV drone at one of the villages in the Polohy district. The strike hit the "
        "roadway. A man was injured,” Fedorov said."
    )
    (draft,) = drafts(text, vocabularies, published="2025-09-07")
    assert (draft.city, draft.region, draft.weapon, draft.injured) == (None, "Zaporizhzhia Oblast", "drone", 1)


def test_a_name_before_village_is_a_settlement_even_unknown():
    # r488 (Censor.NET), r504 (Novaya Gazeta Europe), r429 (UNN)
    from harmtrack.extract.places import find

    for sentence, name in (
        ("A 67-year-old man was injured in Shyikivka village as a result of shelling.", "Shyikivka"),
        ("A fire broke out in a house in the Sushany village, the governor claims.", "Sushany"),
        ("A drone dropped two bombs on a truck in NovostRoyevka-Pervaya village.", "NovostRoyevka-Pervaya"),
    ):
        assert [(m.kind, m.name) for m in find(sentence)] == [("city", name)]
    # not over-firing: a determiner, a nationality or a hyphenated description before "village"
    for sentence in (
        "A Ukrainian strike on a Russian-controlled village killed seven civilians.",
        "Another village was hit overnight, injuring two.",
        "Each settlement in the area lost power.",
        "Shells hit the Crimean Tatar village of Kurman.",
    ):
        assert [m.name for m in find(sentence) if m.name != "Kurman"] == []


def test_strikes_also_told_in_a_village_take_the_damage_after_and_the_reports_region(vocabularies):
    # r489 (Ukrinform): "Semenivka" has namesakes in seven regions; the report is from the Chernihiv region
    text = (
        "In Novhorod-Siverskyi, Chernihiv region, one man was killed, and four were wounded as a result of an "
        "attack by the Russian Federation.\n"
        "According to Chaus, there were also strikes in Semenivka during the day. Homes and power lines were "
        "damaged."
    )
    found = drafts(text, vocabularies, published="2025-02-10")
    assert [(d.city, d.region, d.killed, d.injured) for d in found] == [
        ("Novhorod-Siverskyi", "Chernihiv Oblast", 1, 4),
        ("Semenivka", "Chernihiv Oblast", None, None),
    ]
    assert found[1].damaged


@pytest.mark.parametrize(
    "sentence, harms",
    [
        # r492 (Meduza)
        ("All four were killed, and their bodies were pulled from the rubble, Hryhorov said.", [("killed", 4)]),
        # r458 (UN News): a trade as the victims' noun
        (
            "The strike killed three educators and injured 14 others, including two boys.",
            [("killed", 3), ("injured", 14)],
        ),
        # r472 (the Guardian): "people who died"
        (
            "Among them included two people who died in heavy Russian shelling of the town of Bilopillia.",
            [("killed", 2)],
        ),
    ],
)
def test_more_ways_real_reports_count_the_dead(sentence, harms):
    assert [(h.kind, h.value) for h in find_harm(sentence)] == harms


def test_figures_of_several_parts_of_the_country_are_a_total(vocabularies):
    # r472 (the Guardian): the national figure is nobody's; the town's own two dead are its incident's
    text = (
        "At least 10 civilians have been killed and 20 wounded as a result of long-range Russian bombardment in "
        "several parts of Ukraine on Friday, according to officials. Among them included two people who died in "
        "heavy Russian shelling of the town of Bilopillia in Sumy province in northern Ukraine."
    )
    (draft,) = drafts(text, vocabularies, published="2023-03-24")
    assert (draft.city, draft.killed, draft.injured) == ("Bilopillia", 2, None)
    # not over-firing: other parts of one city
    text = "A drone hit Kharkiv on Monday, injuring two; fires broke out in other parts of the city."
    (draft,) = drafts(text, vocabularies, published="2024-01-01")
    assert (draft.city, draft.injured) == ("Kharkiv", 2)


# --------------------------------------------------------------------------- a separate attack in the region


@pytest.mark.parametrize(
    "second",
    [
        "He also said two people had been wounded in another attack overnight that damaged critical infrastructure.",
        "In a separate attack, two people were wounded and houses were damaged, he said.",
        # another day, told by its date
        "On 14 November, two people were wounded when an FPV drone struck a car, he said.",
    ],
)
def test_harm_of_a_separate_attack_is_a_region_incident_not_the_city_before(vocabularies, second):
    text = "Russian shelling killed a man in Nikopol overnight, the governor said.\n\n" + second
    found = drafts(text, vocabularies, published="2025-11-17")
    assert [(place, d.killed, d.injured) for place, d in zip(places(found), found, strict=True)] == [
        ("Nikopol", 1, None),
        ("Dnipropetrovsk Oblast", None, 2),
    ]


@pytest.mark.parametrize(
    "second",
    [
        "As of 6 a.m. on 18 November, two people were killed.",  # the day a toll was told
        "One of the injured died in hospital on 18 November.",  # a change of its figures
        "Another woman was wounded by shrapnel.",  # one more victim of the attack
        "The strike came a week after another fatal attack that killed two people.",  # recalled as background
    ],
)
def test_more_of_the_incident_stays_with_it(vocabularies, second):
    text = "Russian shelling killed a man and injured a woman in Nikopol overnight, the governor said.\n\n" + second
    assert places(drafts(text, vocabularies, published="2025-11-17")) == ["Nikopol"]


def test_another_strike_on_the_same_building_is_in_the_same_city(vocabularies):
    text = (
        "Russian shelling killed a man and injured a woman in Nikopol on Sunday, the governor said.\n\n"
        "About an hour later, another strike hit the same building, injuring two rescuers."
    )
    found = drafts(text, vocabularies, published="2025-11-17")
    assert [(d.city, d.date, d.injured) for d in found] == [("Nikopol", "2025-11-16", 1), ("Nikopol", "2025-11-16", 2)]


def test_a_separate_attack_told_by_another_regions_governor_is_in_that_region(vocabularies):
    text = (
        "Russian shelling killed a man in Nikopol overnight, the governor said.\n\n"
        "In another attack, two people were wounded, Kharkiv regional governor Oleh Syniehubov said."
    )
    assert places(drafts(text, vocabularies, published="2025-11-17")) == ["Nikopol", "Kharkiv Oblast"]


@pytest.mark.parametrize(
    "second",
    [
        "It was another attack on civilians: two people were wounded.",  # said of this attack
        "On 18 November, the prosecutor's office reported that two people had been wounded.",  # a statement's day
        "The attack began at 23:50 on 18 November; two people were wounded.",  # a night over midnight
        "Rescuers worked until 20 November; two people were wounded.",  # the day a toll was told
    ],
)
def test_more_of_the_same_attack_is_not_a_separate_one(vocabularies, second):
    text = "Russian shelling killed a man in Nikopol on 19 November, the governor said.\n\n" + second
    assert places(drafts(text, vocabularies, published="2025-11-20")) == ["Nikopol"]


def test_figures_after_an_attack_on_a_namesake_settlement_are_its_own_in_the_region_named(vocabularies):
    """Zolochiv is a town of Lviv Oblast and a settlement of Kharkiv Oblast: the sentence naming Kharkiv region
    says which, and the figures told next are that settlement's."""
    text = (
        "Kharkiv governor Oleh Syniehubov reported on May 1 that Russian troops launched a strike on the village of "
        "Zolochiv in Kharkiv region. The attack resulted in the deaths of two individuals and injuries to two others."
    )
    (draft,) = drafts(text, vocabularies, published="2024-05-01")
    assert (draft.city, draft.region, draft.killed, draft.injured) == ("Zolochiv", "Kharkiv Oblast", 2, 2)


# --------------------------------------------------------------------------- round 7 (sets 14 and 15 retired)


def test_a_total_during_the_year_is_no_part_of_the_incident(vocabularies):
    text = (
        "Russian shelling killed a 64-year-old man in Kherson on Tuesday evening, the city administration said.\n\n"
        "During the year, Russian attacks killed 380 people in the Kherson region."
    )
    (draft,) = drafts(text, vocabularies, "2024-05-08")
    assert (draft.city, draft.killed) == ("Kherson", 1)


def test_a_casualty_toll_is_no_death_toll(vocabularies):
    text = (
        "A Russian missile hit an apartment block in Dnipro on Friday, injuring five people.\n\n"
        "Later, the mayor said the casualty toll had risen to eight."
    )
    (draft,) = drafts(text, vocabularies, "2024-05-11")
    assert (draft.city, draft.killed) == ("Dnipro", None)


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        # one attack among those the tally counts
        ("One resident was killed in a drone attack on the village and two were injured.", [("Krasnopillia", 1)]),
        # the tallied attacks together
        ("The attacks killed one resident and injured two.", []),
    ],
)
def test_harm_of_one_attack_after_a_tally_of_attacks_on_a_village(vocabularies, second, expected):
    text = f"The village of Krasnopillia came under the heaviest fire, with 40 explosions recorded there. {second}"
    assert [(d.city, d.killed) for d in drafts(text, vocabularies)] == expected


def test_an_undated_incident_takes_the_day_a_summary_lead_was_reported_on(vocabularies):
    text = (
        "Russian forces shelled nine communities in Sumy Oblast, injuring seven civilians, the regional military "
        "administration reported on Sept. 3.\n\nIn the Bilopillia community, a drone injured two people."
    )
    (draft,) = drafts(text, vocabularies, "2024-09-05")
    assert (draft.city, draft.date, draft.injured) == ("Bilopillia", "2024-09-03", 2)


@pytest.mark.parametrize(
    ("denial", "expected"),
    [
        ("No one was injured", [("Kherson", 0), ("Kherson", 3)]),
        # provisional: a later report of the same attack may overturn it
        ("Preliminarily, no one was injured", [("Kherson", 3)]),
    ],
)
def test_harm_told_with_its_own_attack_after_a_denial_is_another_attack(vocabularies, denial, expected):
    text = (
        f"On Monday, Russian forces dropped explosives on a bus in Kherson. {denial}, the city administration "
        "said.\n\nOn the same day, Russian troops shelled the Korabelnyi district of Kherson, injuring three people."
    )
    assert [(d.city, d.injured) for d in drafts(text, vocabularies, "2024-06-04")] == expected


def test_harm_told_of_the_same_attack_after_a_denial_corrects_it(vocabularies):
    text = (
        "A Russian drone hit a residential building in Sumy on Monday. There were no injuries, the governor "
        "said.\n\nThe police said the drone struck a yard in the centre of Sumy, and two residents were injured."
    )
    assert [(d.city, d.injured) for d in drafts(text, vocabularies, "2024-06-04")] == [("Sumy", 2)]


def test_the_city_where_the_wounded_are_hospitalised_is_no_place_of_the_attack(vocabularies):
    text = (
        "A drone struck a car near a checkpoint in the village of Oktyabrsky in the Belgorod region on Tuesday, "
        "killing a woman, the governor said. Her husband was hospitalised in the city of Belgorod."
    )
    assert [(d.city, d.killed) for d in drafts(text, vocabularies, "2024-05-22")] == [("Oktyabrsky", 1)]


def test_damaged_households_are_homes(vocabularies):
    text = "Ukrainian shelling of the village of Tetkino on Sunday damaged three households, the governor said."
    (draft,) = drafts(text, vocabularies, "2024-05-13")
    assert draft.city == "Tëtkino"
    assert draft.damaged == ["residential:households"]


@pytest.mark.parametrize(
    ("sentence", "children"),
    [
        ("Twelve people were wounded, including a 15-year-old.", 1),
        ("Twelve people were wounded, including a 45-year-old.", None),
        ("Twelve people were wounded; three children were among those wounded.", 3),
        ("Twelve people were hurt. Among those harmed were two boys, aged four and nine.", 2),
    ],
)
def test_children_among_the_injured_told_by_age_or_among_those(vocabularies, sentence, children):
    (draft,) = drafts(f"A Russian missile struck a shopping centre in Odesa on Monday. {sentence}", vocabularies)
    assert (draft.injured, draft.children_injured) == (12, children)


def test_outside_the_town_of_is_its_region(vocabularies):
    text = "Three people were wounded on Tuesday in a drone strike outside the town of Rylsk in the Kursk region."
    (draft,) = drafts(text, vocabularies, "2025-04-30")
    assert (draft.city, draft.region, draft.injured) == (None, "Kursk Oblast", 3)


def test_the_victim_told_again_with_her_town_places_the_region_level_incident(vocabularies):
    text = (
        "A woman was killed in a Ukrainian drone attack on the Belgorod region, officials said Monday.\n\n"
        "The woman, who was not named, was seated inside a car in the town of Shebekino when she was killed in a "
        "targeted drone strike."
    )
    assert [(d.city, d.killed) for d in drafts(text, vocabularies, "2025-05-19")] == [("Shebekino", 1)]


def test_figures_elided_after_the_first_count_take_their_municipality(vocabularies):
    text = (
        "Russian bombing killed two people in the city of Pokrovsk, two more in the town of Myrnohrad, and one "
        "more in the municipality of Illinivka on Wednesday, the governor said."
    )
    found = drafts(text, vocabularies, "2025-07-03")
    assert [(d.city, d.killed) for d in found] == [("Pokrovsk", 2), ("Myrnohrad", 2), ("Illinivka", 1)]


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("Russian attack on Zaporizhzhia kills 1, injures 7", [("Zaporizhzhia", 1, 7)]),
        # figures for two places: nobody's
        ("Russian attacks on Zaporizhzhia and Dnipro kill 3", []),
    ],
)
def test_the_headline_tells_the_incident_a_body_without_figures_leaves_unplaced(vocabularies, headline, expected):
    text = (
        f"{headline}\n\nThe regional governor said that overnight a Russian rocket was fired at a residential area "
        "of the city, causing a fire. All those injured have received medical help."
    )
    assert [(d.city, d.killed, d.injured) for d in drafts(text, vocabularies, "2022-09-24")] == expected


def test_an_apposition_listing_the_victims_one_by_one(vocabularies):
    text = (
        "Russian troops shelled the town of Orikhiv on Sunday. As a result, a man and his two children, a "
        "six-year-old boy and a nine-year-old girl, were injured."
    )
    (draft,) = drafts(text, vocabularies, "2022-08-28")
    assert (draft.city, draft.injured, draft.children_injured) == ("Orikhiv", 3, 2)


def test_a_total_told_in_a_reported_aside_after_the_harm_is_not_the_harms(vocabularies):
    text = (
        "A man was killed in a Ukrainian drone strike in the city of Kursk, officials said on Friday, after the "
        "Russian Defence Ministry reported downing 120 drones across the country overnight."
    )
    assert [(d.city, d.killed) for d in drafts(text, vocabularies, "2025-09-12")] == [("Kursk", 1)]


def test_a_village_named_by_an_apposition_places_the_region_level_incident(vocabularies):
    text = (
        "A Ukrainian drone attack killed two women in a border village in Russia's Belgorod region, the governor "
        "said on Monday.\n\nHe said the attack took place in Zolovka, a village about 10 kilometres from the "
        "border. One of the women killed in the attack died before paramedics could reach her."
    )
    assert [(d.city, d.killed) for d in drafts(text, vocabularies, "2025-09-15")] == [("Zolovka", 2)]


def test_where_the_attack_told_before_took_place_is_its_settlement(vocabularies):
    text = (
        "A Russian drone killed a civilian in the Sumy hromada on Sunday, the regional administration said.\n\n"
        "The attack occurred on a road near the village of Pishchane. Two brothers were travelling on a tractor "
        "towards the Khotin hromada when they were struck."
    )
    assert [(d.city, d.killed) for d in drafts(text, vocabularies, "2025-07-13")] == [("Pishchane", 1)]


def test_where_the_victims_were_travelling_to_is_no_place(vocabularies):
    text = (
        "Near the village of Pishchane, a Russian drone struck two brothers travelling on a tractor towards the "
        "Khotin hromada on Sunday. One of the men, 57, was killed."
    )
    assert [(d.city, d.killed) for d in drafts(text, vocabularies, "2025-07-13")] == [("Pishchane", 1)]


def test_a_toll_of_civilians_injured_that_has_gone_up(vocabularies):
    text = (
        "The number of civilians injured in the Ukrainian shelling of Horlivka on Sunday has gone up to six, the "
        "city's mayor said.\n\nHe said two of them were wounded when a house was hit."
    )
    (draft,) = drafts(text, vocabularies, "2023-05-15")
    assert (draft.city, draft.injured) == ("Horlivka", 6)


def test_a_city_left_without_power_is_not_where_the_region_level_attack_was(vocabularies):
    text = (
        "Two people were killed when Russian missiles hit railway infrastructure in Ukraine's central region of "
        "Kirovohrad on Saturday, the governor said. The strikes disrupted the grid, and one district of the "
        "regional capital Kropyvnytskyi was left without power."
    )
    assert [(d.city, d.region, d.killed) for d in drafts(text, vocabularies, "2022-07-23")] == [
        (None, "Kirovohrad Oblast", 2)
    ]


def test_the_region_across_the_border_is_no_region_of_the_incident(vocabularies):
    text = (
        "A Ukrainian drone hit a car on Friday in the village of Kozinka, a few kilometres from the border with "
        "northeastern Ukraine's Kharkiv region, killing the driver, the Belgorod governor said."
    )
    (draft,) = drafts(text, vocabularies, "2024-06-07")
    assert (draft.city, draft.region, draft.killed) == ("Kozinka", "Belgorod Oblast", 1)


def test_the_strike_was_on_a_site_tells_damage(vocabularies):
    text = (
        "Meanwhile, the city of Kharkiv was also hit on Monday, the mayor said.\n\n"
        "\u201cThe strike was on an energy infrastructure facility,\u201d he wrote."
    )
    (draft,) = drafts(text, vocabularies, "2022-10-10")
    assert (draft.city, draft.damaged) == ("Kharkiv", ["energy:energy infrastructure facility"])


def test_harm_told_by_another_regions_governor_is_that_regions(vocabularies):
    text = (
        "Russian-installed authorities in the city of Horlivka said on Saturday that 11 civilians had been "
        "wounded by shelling.\n\nVoronezh governor Alexander Gusev said on Telegram that a civilian was wounded by "
        "a Ukrainian drone."
    )
    found = drafts(text, vocabularies, "2024-10-05")
    assert [(d.city, d.region, d.injured) for d in found] == [
        ("Horlivka", "Donetsk Oblast", 11),
        (None, "Voronezh Oblast", 1),
    ]


def test_the_governor_of_the_villages_region_speaks_of_the_village(vocabularies):
    text = (
        "A woman was killed in a Russian missile strike on a market in the village of Shevchenkove on Monday.\n\n"
        '"Seven people were wounded," Oleh Synehubov, governor of the Kharkiv region, wrote on Telegram.'
    )
    assert [(d.city, d.killed, d.injured) for d in drafts(text, vocabularies, "2023-01-09")] == [("Shevchenkove", 1, 7)]


def test_weeks_of_strikes_are_a_total(vocabularies):
    text = (
        "Ukrainian shelling killed a woman in the village of Dunayka on Sunday, the governor said. Authorities "
        "evacuated children from the border area following weeks of deadly strikes that killed over a dozen people."
    )
    assert [(d.city, d.killed) for d in drafts(text, vocabularies, "2024-03-31")] == [("Dunayka", 1)]


def test_a_village_named_paragraphs_later_without_an_attack_does_not_place_the_region_level_incident(vocabularies):
    text = (
        "Two civilians were killed in a Ukrainian shelling attack on Russia's Belgorod region, the governor said on "
        "Wednesday.\n\nMilitias have launched repeated incursions over the past week.\n\nSoon after, the Defence "
        "Ministry claimed that its forces had cleared the village of Kozinka of pro-Ukrainian fighters."
    )
    assert [(d.city, d.region, d.killed) for d in drafts(text, vocabularies, "2024-03-20")] == [
        (None, "Belgorod Oblast", 2)
    ]


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        ("Three people were wounded when a drone crashed into their house.", [(None, "Bryansk Oblast", 3)]),
        # the tally's attacks together: no one attack
        ("The attacks wounded three people.", []),
    ],
)
def test_one_attack_of_a_regions_tally_is_a_region_only_incident(vocabularies, second, expected):
    tally = "Five people were wounded on Wednesday in various attacks on the Bryansk region, the governor said."
    text = f"{tally} {second}"
    assert [(d.city, d.region, d.injured) for d in drafts(text, vocabularies, "2026-02-25")] == expected


def test_the_regions_of_a_b_and_c_are_regions_not_their_capitals(vocabularies):
    text = (
        "Ukrainian drone strikes killed two people and injured six others in the border regions of Belgorod, "
        "Kursk and Bryansk over the past 24 hours, local authorities said."
    )
    assert drafts(text, vocabularies, "2026-02-26") == []


@pytest.mark.parametrize("community", ["the Chutivska community", "the Chutiv community"])
def test_a_community_named_from_a_name_in_ove_is_its_seat(vocabularies, community):
    text = f"In {community}, a house was damaged by drone debris on Sunday, the regional governor said."
    (draft,) = drafts(text, vocabularies, "2025-06-15")
    assert (draft.city, draft.region) == ("Chutove", "Poltava Oblast")


def test_each_attack_told_after_a_regions_tally_is_its_own_incident(vocabularies):
    text = (
        "Five people were wounded on Wednesday in various attacks on the Bryansk region, the governor said.\n\n"
        "A woman riding on a bus was wounded in an attack. Three other people were wounded when a drone crashed "
        "into their house."
    )
    assert [(d.region, d.injured) for d in drafts(text, vocabularies, "2026-02-25")] == [
        ("Bryansk Oblast", 1),
        ("Bryansk Oblast", 3),
    ]


def test_a_settlement_of_several_regions_is_the_one_in_the_speakers_region(vocabularies):
    text = (
        "Russian attacks on Ukraine's Kharkiv and Dnipro regions killed two civilians, officials said on Saturday.\n\n"
        "Oleh Synehubov, governor of Kharkiv region, said Russian shelling killed a 49-year-old man on the street "
        "near his home in the village of Slobozhanske.\n\nIn the Dnipropetrovsk region, shelling damaged houses in "
        "Nikopol, the regional governor said."
    )
    found = drafts(text, vocabularies, "2024-05-04")
    assert [(d.city, d.region) for d in found if d.city == "Slobozhanske"] == [("Slobozhanske", "Kharkiv Oblast")]


# Sentences a review of round 7 wrote to make its new rules over-fire; each lost or misplaced an incident before
# the rule was narrowed.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Russian shelling killed two people in the border communities of Ukraine's Sumy region on Monday, the "
            "regional administration said.",
            [(None, "Sumy Oblast", 2, None)],
        ),
        (
            "A man driving his car was wounded close to Nikopol when a Russian drone struck the vehicle on Sunday, "
            "Governor Serhiy Lysak said.",
            [("Nikopol", "Dnipropetrovsk Oblast", None, 1)],
        ),
        (
            "The town, battered by months of shelling, was hit again on Sunday when a Russian missile struck a market "
            "in Kostiantynivka, killing two people and injuring five, the governor said.",
            [("Kostiantynivka", "Donetsk Oblast", 2, 5)],
        ),
        (
            "A Russian drone hit a house in Kherson on Sunday, killing a 70-year-old woman who had refused to leave "
            "during the war, officials said.",
            [("Kherson", "Kherson Oblast", 1, None)],
        ),
        (
            "Zelensky meets European leaders in Kyiv\n\nThe leaders discussed a ceasefire on Monday. They agreed to "
            "meet again.\n\nMore stories\n\nRussian drone attack on Sumy kills 1, injures 9",
            [],
        ),
        (
            "Five others were wounded in various attacks on the Bryansk region, the governor said.\n\nA woman riding "
            "on a bus was wounded in a drone attack. She was one of two people wounded in the attack on the bus.",
            [(None, "Bryansk Oblast", None, 2)],
        ),
        (
            "Russian drones attacked the Sumy region overnight, injuring two people, the administration said.\n\n"
            "A drone hit Shostka, and parts of the town remain without power, officials said.",
            [("Shostka", "Sumy Oblast", None, 2)],
        ),
        (
            "On Monday, Russian troops shelled the Lozivska community of Kharkiv Oblast, injuring two people.",
            [("Lozova", "Kharkiv Oblast", None, 2)],
        ),
    ],
)
def test_round_7_rules_do_not_over_fire(vocabularies, text, expected):
    assert [(d.city, d.region, d.killed, d.injured) for d in drafts(text, vocabularies, "2025-05-01")] == expected

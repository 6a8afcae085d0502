"""What a report's lead or list intro tells the incidents after it that name no weapon or side.

- A summary lead that names one weapon family with its size ("Russia fired 40 missiles ..., killing 38
  across the country") gives that weapon.
- A summary lead about one region ("Russian strikes on the Kherson region killed five on Friday") gives
  its side to that region's incidents; so does such a summary further down a roundup ("Russian attacks against
  Kherson Oblast over the past day killed two people") to the incidents of that region told after it.
- A summary of the day ("Russian attacks killed four people ... across Ukraine over the past day"), the
  line that opens a list ("regional officials reported these casualties from Russian attacks:") or an intro
  that tells the attack on an area ("Russian troops attacked Nikopol district with kamikaze drones and
  artillery") gives its side to the incidents in Ukraine from its paragraph on, and an intro its weapons.
- A headline that names one weapon family and the incident's city or region ("Russians shell Donetsk region
  leaving two people killed") gives that weapon to an incident there that names none.
- A headline with figures for the place of a report's only incident ("Russian shelling of Kharkiv Oblast kills four
  medics" over "evacuate patients from a hospital in Strilecha village ... Two patients were injured") gives the
  figures its sentences leave untold.
- A report that names Russian attacks and no Ukrainian ones (a headline "Russian missile attack on
  Zelenskyy's hometown" over "the missile strike in Kryvyi Rih") gives Russia to its incidents in Ukraine
  that name no side.
"""

import re
from dataclasses import dataclass
from typing import NamedTuple

from harmtrack.extract import places as place_rules
from harmtrack.extract.analysis import Analysis, in_paragraphs, lead_sentence
from harmtrack.extract.draft import Draft
from harmtrack.extract.frames import Frame
from harmtrack.extract.lexicon import Match, is_barrage
from harmtrack.extract.perpetrator import one_side

_SUMMED_HARM = re.compile(r"\b(?:casualties|killed|injured|wounded|injuring|killing)\b", re.IGNORECASE)
_AREA_ATTACK = re.compile(
    r"\b(?:attacked|shelled|struck|hit|targeted|pounded|bombarded|fired\s+(?:on|at))\b", re.IGNORECASE
)


class Intro(NamedTuple):
    """The summary or intro the report's lines come under."""

    paragraph: int
    side: str
    weapons: list[Match]  # the intro's, when it tells the attack on an area without harm


@dataclass(frozen=True)
class Leads:
    weapons: list[Match]  # the lead's one weapon family, told with its size
    region_side: tuple[str, str] | None  # (region, side) of a lead about one region
    intro: Intro | None
    report_side: str | None = None  # "Russia" when the whole report names Russian attacks and no Ukrainian ones
    headline: Analysis | None = None  # the report's headline, when it names one weapon family
    region_summaries: tuple[tuple[int, str, str], ...] = ()  # (paragraph, region, side) of one-region summaries

    def weapons_for(self, frame: Frame, analyses: list[Analysis]) -> list[Match]:
        """The weapons told around an incident, for when its own sentences name none: those told before it in
        its paragraph, else its intro's, else the lead's."""
        opening = frame.opening.sentence
        context = [
            weapon
            for item in in_paragraphs(analyses, opening.paragraph, opening.paragraph + 1)
            if item.sentence.index < opening.index
            for weapon in item.weapons
        ]
        if not context and self.intro is not None and opening.paragraph > self.intro.paragraph:
            # "Russian troops attacked Nikopol district with kamikaze drones and artillery"
            context = self.intro.weapons
        if context or self.weapons:
            return context or self.weapons
        headline = self.headline
        if headline is not None and any(
            m.name in (frame.city, frame.known_region) for m in headline.places if m.kind in ("city", "region")
        ):
            return list(headline.weapons)  # "Russians shell Donetsk region leaving two people killed"
        return []

    def give_side(self, draft: Draft, frame: Frame) -> None:
        """The side of the lead or intro, for a draft whose own sentences name none."""
        if draft.perpetrator is None and self.region_side is not None and draft.region == self.region_side[0]:
            draft.perpetrator = self.region_side[1]
            draft.notes.append("perpetrator from the report's lead")
        paragraph = frame.opening.sentence.paragraph
        before = [(region, side) for at, region, side in self.region_summaries if at <= paragraph]
        if draft.city is not None and draft.region is None and before:
            # "Russian attacks against Kherson Oblast ... killed two" then "a woman was killed in Novotiahynka":
            # a settlement the gazetteer does not place is in the region the summary over it names
            draft.region = before[-1][0]
            draft.country = draft.country or place_rules.region_country(draft.region)
            draft.notes.append("region from the summary told before it (the gazetteer does not place the settlement)")
        told = [side for region, side in before if region == draft.region]
        if draft.perpetrator is None and told:
            draft.perpetrator = told[-1]
            draft.notes.append("perpetrator from the summary of its region told before it")
        if (
            draft.perpetrator is None
            and self.intro is not None
            and draft.country == "Ukraine"
            and frame.opening.sentence.paragraph >= self.intro.paragraph
        ):
            draft.perpetrator = self.intro.side
            draft.notes.append("perpetrator from the summary the incident is listed under")
        if draft.perpetrator is None and self.report_side == "Russia" and draft.country == "Ukraine":
            # "Russian missile attack on Zelenskyy's hometown" in the headline, "the missile strike in Uman" below
            draft.perpetrator = self.report_side
            draft.notes.append("perpetrator from the report, which names Russian attacks only")


def read_leads(analyses: list[Analysis]) -> Leads:
    return Leads(
        lead_weapons(analyses), lead_perpetrator(analyses), list_intro(analyses), report_side(analyses),
        headline_weapon(analyses), region_summaries(analyses),
    )  # fmt: skip


def region_summaries(analyses: list[Analysis]) -> tuple[tuple[int, str, str], ...]:
    """(paragraph, region, side) of each total about one region that names one side."""
    found = []
    for item in analyses[1:]:  # not the headline; a line without a full stop further down is a section's intro
        if not item.aggregate or not item.harms:
            continue
        regions = {m.name for m in item.places if m.kind == "region"}
        if len(regions) != 1 or any(m.kind in ("city", "regions") for m in item.places):
            continue
        side = one_side(item.text)
        if side is not None:
            found.append((item.sentence.paragraph, regions.pop(), side))
    return tuple(found)


def headline_weapon(analyses: list[Analysis]) -> Analysis | None:
    """The report's headline (its first line, a heading), when it names one weapon family and a place and is no
    tally ("Russians shelled 37 settlements in Kherson region")."""
    if not analyses or not analyses[0].sentence.heading:
        return None
    headline = analyses[0]
    if headline.aggregate or len({weapon.code for weapon in headline.weapons}) != 1 or not headline.places:
        return None
    return headline


def report_side(analyses: list[Analysis]) -> str | None:
    """Russia, when the report names Russian attacks and no Ukrainian ones (totals and history aside)."""
    told = " ".join(item.text for item in analyses if not item.aggregate or item.harms or item.weapons)
    return "Russia" if one_side(told) == "Russia" else None


def lead_weapons(analyses: list[Analysis]) -> list[Match]:
    """The weapon of a summary lead ("Russia fired 40 missiles ..., killing 38 across the country"), when it
    names one family: the weapon of the incidents it sums up that name none."""
    lead = lead_sentence(analyses)
    if lead is None:
        return []
    summary = [item for item in analyses if item.sentence.paragraph == lead.sentence.paragraph and item.aggregate]
    weapons = [weapon for item in summary for weapon in item.weapons if is_barrage(item.text, weapon)]
    return weapons if len({weapon.code for weapon in weapons}) == 1 else []


def lead_perpetrator(analyses: list[Analysis]) -> tuple[str, str] | None:
    """(region, side) of a summary lead about one region ("Russian strikes on the Kherson region killed five
    on Friday"): the side of the incidents in that region it sums up that name none."""
    lead = lead_sentence(analyses)
    if lead is None or not lead.aggregate:
        return None
    regions = {m.name for m in lead.places if m.kind == "region"}
    if len(regions) != 1 or any(m.kind in ("city", "regions") for m in lead.places):
        return None
    side = one_side(lead.text)
    return (regions.pop(), side) if side else None


def list_intro(analyses: list[Analysis]) -> Intro | None:
    """The first summary lead, list-opening line or area-attack intro that names Russia's attacks only."""
    lead = lead_sentence(analyses)
    for item in analyses:
        listing = item.text.rstrip().endswith(":") and item is not analyses[0]
        if item.sentence.heading and not listing:
            continue
        summary = (item is lead and item.aggregate) or listing
        area = (
            not item.harms
            and not summary
            and bool(_AREA_ATTACK.search(item.text))
            and not any(m.kind == "city" for m in item.places)
            and item.sentence.paragraph <= 3
        )
        if not area and (not summary or not _SUMMED_HARM.search(item.text) or (item.places and not item.aggregate)):
            continue
        if one_side(item.text) == "Russia":
            return Intro(item.sentence.paragraph, "Russia", list(item.weapons) if area else [])
    return None


def give_headline_figures(drafts: list[Draft], analyses: list[Analysis]) -> None:
    """The headline's figures, for the only incident of a short report, in the headline's place, of a kind its
    sentences give no figure of (a count its sentences state as none is no figure: "Russian missile kills two in
    Kharkiv" ... "No one else was hurt")."""
    if len(drafts) != 1 or not analyses or not analyses[0].sentence.heading:
        return
    headline, draft = analyses[0], drafts[0]
    if headline.aggregate or not headline.harms:
        return
    found = place_rules.city_lookup(draft.city) if draft.city else None
    region = draft.region or (found.region if found is not None else None)
    if not any(m.name in (draft.city, region) for m in headline.places if m.kind in ("city", "region")):
        return
    for harm in headline.harms:
        if harm.value is None or harm.value <= 0 or harm.delta or harm.toll:
            continue
        if harm.kind == "killed" and (draft.killed is None or "killed" in draft.denied):
            draft.killed = draft.killed_min = draft.killed_max = harm.value
            draft.notes.append("killed from the headline")
        elif harm.kind == "injured" and (draft.injured is None or "injured" in draft.denied):
            draft.injured = draft.injured_min = draft.injured_max = harm.value
            draft.notes.append("injured from the headline")
        else:
            continue
        draft.denied = [kind for kind in draft.denied if kind != harm.kind]

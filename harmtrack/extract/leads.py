"""What a report's lead or list intro tells the incidents after it that name no weapon or side.

- A summary lead that names one weapon family with its size ("Russia fired 40 missiles ..., killing 38
  across the country") gives that weapon.
- A summary lead about one region ("Russian strikes on the Kherson region killed five on Friday") gives
  its side to that region's incidents.
- A summary of the day ("Russian attacks killed four people ... across Ukraine over the past day"), the
  line that opens a list ("regional officials reported these casualties from Russian attacks:") or an intro
  that tells the attack on an area ("Russian troops attacked Nikopol district with kamikaze drones and
  artillery") gives its side to the incidents in Ukraine from its paragraph on, and an intro its weapons.
"""

import re
from dataclasses import dataclass
from typing import NamedTuple

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
        return context or self.weapons

    def give_side(self, draft: Draft, frame: Frame) -> None:
        """The side of the lead or intro, for a draft whose own sentences name none."""
        if draft.perpetrator is None and self.region_side is not None and draft.region == self.region_side[0]:
            draft.perpetrator = self.region_side[1]
            draft.notes.append("perpetrator from the report's lead")
        if (
            draft.perpetrator is None
            and self.intro is not None
            and draft.country == "Ukraine"
            and frame.opening.sentence.paragraph >= self.intro.paragraph
        ):
            draft.perpetrator = self.intro.side
            draft.notes.append("perpetrator from the summary the incident is listed under")


def read_leads(analyses: list[Analysis]) -> Leads:
    return Leads(lead_weapons(analyses), lead_perpetrator(analyses), list_intro(analyses))


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

"""How far a draft can be trusted, from the evidence the text gives for it: a number from 0 to 1 and the
doubts that lowered it, so that a reviewer reads the doubtful drafts first.

A draft starts at 1 and loses a fixed weight for each doubt:

- its place: a settlement the gazetteer does not know (named only by "the village of ..."), a name it
  knows in several places, or a region with no settlement;
- its figures: told in a sentence that does not name the place, unknown ("dozens"), or competing (an
  earlier or corrected toll, a range);
- its weapon: not stated, or only told around the incident;
- its date: not stated (the publication date), or only told around the incident;
- its report: a roundup that tells several incidents, or totals, where figures go astray more often;
- its language: a Ukrainian report is read by fewer rules (ukrainian.py).

The weights are judgement, not measurement: they order the drafts, they are no probability.
"""

from typing import NamedTuple

from harmtrack import places
from harmtrack.extract import places as place_rules
from harmtrack.extract.figures import Figures
from harmtrack.extract.frames import Frame

# (weight, the doubt as the reviewer reads it)
UNKNOWN_SETTLEMENT = (0.2, "place not in the gazetteer")
AMBIGUOUS_SETTLEMENT = (0.15, "place name ambiguous")
REGION_ONLY = (0.15, "region only")
FIGURES_APART = (0.15, "figures told apart from the place")
UNKNOWN_COUNT = (0.1, "harm without a figure")
COMPETING_FIGURES = (0.1, "competing figures")
NO_WEAPON = (0.1, "no weapon stated")
WEAPON_AROUND = (0.05, "weapon from the text around")
NO_DATE = (0.1, "no date: publication date")
DATE_AROUND = (0.05, "date from the text around")
ROUNDUP = (0.1, "roundup or totals")
UKRAINIAN_RULES = (0.15, "read by the Ukrainian rules")
LOWEST = 0.05


class Evidence(NamedTuple):
    """What the drafting knows about one incident beyond its frame."""

    killed: Figures
    injured: Figures
    weapon_stated: bool  # the incident's own sentences name its weapon
    weapon_around: bool  # only the text around it does
    date_stated: bool  # the incident's own sentences tell its date
    date_around: bool  # only the text around it does
    roundup: bool  # the report tells several incidents, or totals beside it


def rate(frame: Frame, evidence: Evidence) -> tuple[float, list[str]]:
    """(confidence, doubts) of one incident."""
    return score([doubt for doubt in _doubts(frame, evidence) if doubt is not None])


def score(doubts: list[tuple[float, str]]) -> tuple[float, list[str]]:
    """(confidence, doubts as text) from the doubts found."""
    value = max(LOWEST, 1.0 - sum(weight for weight, _ in doubts))
    return round(value, 2), [text for _, text in doubts]


def _doubts(frame: Frame, evidence: Evidence) -> list[tuple[float, str] | None]:
    return [
        _place(frame),
        _apart(frame),
        UNKNOWN_COUNT if _unknown_count(frame, evidence) else None,
        COMPETING_FIGURES if _competing(evidence) else None,
        None if evidence.weapon_stated else WEAPON_AROUND if evidence.weapon_around else NO_WEAPON,
        None if evidence.date_stated else DATE_AROUND if evidence.date_around else NO_DATE,
        ROUNDUP if evidence.roundup else None,
    ]


def _place(frame: Frame) -> tuple[float, str] | None:
    if frame.city is None:
        return REGION_ONLY
    found = place_rules.city_lookup(frame.city, frame.region) or place_rules.city_lookup(frame.city)
    if found is None:
        return UNKNOWN_SETTLEMENT
    if found.has(places.PlaceIssue.AMBIGUOUS_CITY):
        return AMBIGUOUS_SETTLEMENT
    return None


def _apart(frame: Frame) -> tuple[float, str] | None:
    """The incident has figures, and the sentence that names its place tells none of them."""
    if not any(harm.value is not None for harm in frame.harms):
        return None
    return None if frame.opening.harms else FIGURES_APART


def _unknown_count(frame: Frame, evidence: Evidence) -> bool:
    told = {harm.kind for harm in frame.harms}
    return any(kind in told and figures.best is None for kind, figures in _by_kind(evidence))


def _competing(evidence: Evidence) -> bool:
    return any(figures.high is not None for _, figures in _by_kind(evidence))


def _by_kind(evidence: Evidence) -> list[tuple[str, Figures]]:
    return [("killed", evidence.killed), ("injured", evidence.injured)]

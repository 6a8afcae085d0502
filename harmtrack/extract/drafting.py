"""An incident as a draft record: the normalised place, the date (the publication date when the text gives
none), the most specific weapon, the combined figures, the evidence sentences and the confidence (see
confidence.py).

An incident whose date needs a publication date the text does not give (a relative date, or no date at all)
is no draft: it is a RelativeDateWithoutAnchor, and never dated by the clock."""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from harmtrack.extract import places as place_rules
from harmtrack.extract.analysis import Analysis
from harmtrack.extract.confidence import Evidence, rate
from harmtrack.extract.dates import DateMention
from harmtrack.extract.draft import Draft
from harmtrack.extract.figures import Figures, combine
from harmtrack.extract.frames import Frame
from harmtrack.extract.incident_dates import frame_date
from harmtrack.extract.lexicon import Match, best_weapon, strike_weapons
from harmtrack.extract.perpetrator import incident_perpetrator
from harmtrack.extract.spans import ends_at


@dataclass(frozen=True)
class RelativeDateWithoutAnchor:
    """An incident that cannot be drafted: its date is relative ("on Monday", "yesterday", "July 25" with no
    year) or missing, and there is no publication date to tell it from."""

    sentence: str  # the sentence the date is told in (the incident's first when it tells none)
    phrase: str | None  # the relative date as written; None when the text tells the incident no date at all
    start: int | None  # where `phrase` starts in `sentence`
    order: tuple[int, int]  # (paragraph, sentence) of `sentence` in the text, to name the first one


def first_told(analyses: Sequence[Analysis]) -> dict[DateMention, Analysis]:
    """The first sentence that tells each date mention, for `unanchored`."""
    told: dict[DateMention, Analysis] = {}
    for item in analyses:
        for mention in item.dates:
            told.setdefault(mention, item)
    return told


def unanchored(
    frame: Frame, published: date | None, told_in: Mapping[DateMention, Analysis]
) -> RelativeDateWithoutAnchor | None:
    """Why the incident cannot be dated without the clock, or None when it can: with `published`, always.
    `told_in` is `first_told` of the text's sentences."""
    if published is not None:
        return None
    when = frame_date(frame) or frame.context_date
    if when is not None and when.anchored:
        return None
    opening = frame.members[0] if frame.members else frame.opening
    if when is None:
        return RelativeDateWithoutAnchor(opening.text, None, None, _order(opening))
    told = next((item for item in frame.members if when in item.dates), None)
    if told is None:
        told = told_in.get(when, opening)
    return RelativeDateWithoutAnchor(told.text, when.text, when.start, _order(told))


def _order(item: Analysis) -> tuple[int, int]:
    return item.sentence.paragraph, item.sentence.index


def to_draft(frame: Frame, published: date | None, context_weapons: list[Match], roundup: bool = False) -> Draft:
    """The draft of one incident; `context_weapons` are told around it, for when its sentences name none;
    `roundup`: the report tells several incidents, or totals (a doubt for the confidence).
    An incident `unanchored` finds undatable has none: ValueError, never a day from the clock."""
    place = place_rules.resolve(frame.city, frame.region)
    own_date = frame_date(frame)
    when = own_date or frame.context_date
    day, precision = _day(when, published)
    told = _without_the_shelling(
        [(item.text, w) for item in frame.members for w in strike_weapons(item.text, item.weapons, _harmful(item))]
    )
    weapon = best_weapon(told) or best_weapon(context_weapons)
    denied = _denied_kinds(frame)
    none = Figures(0, None, None, None)
    killed = none if "killed" in denied else combine(frame.harms, "killed")
    injured = none if "injured" in denied else combine(frame.harms, "injured")
    draft = Draft(
        uid="",
        date=day.isoformat(),
        date_precision=precision,
        country=place.country,
        region=place.region,
        city=place.city,
        district=frame.district or place.district,
        latitude=place.latitude,
        longitude=place.longitude,
        weapon=weapon.code if weapon else "unknown",
        weapon_detail=weapon_detail(weapon),
        perpetrator=incident_perpetrator(frame),
        killed=killed.best,
        killed_min=killed.low,
        killed_max=killed.high,
        injured=injured.best,
        injured_min=injured.low,
        injured_max=injured.high,
        children_killed=killed.children,
        children_injured=injured.children,
        damaged=[f"{site.code}:{site.text}" for site in frame.sites],
        evidence=" ".join(item.text for item in frame.evidence),
        denied=sorted(denied),
    )
    if when is None:
        draft.notes.append("no date in the text: the publication date")
    elif own_date is None:
        draft.notes.append(f"date from the text around it: {when.text}")
    own_weapon = best_weapon(told)
    evidence = Evidence(
        killed,
        injured,
        weapon_stated=own_weapon is not None,
        weapon_around=weapon is not None and own_weapon is None,
        date_stated=own_date is not None,
        date_around=own_date is None and when is not None,
        roundup=roundup,
    )
    draft.confidence, draft.doubts = rate(frame, evidence)
    return draft


def _denied_kinds(frame: Frame) -> frozenset[str]:
    """The counts the incident's sentences state as none ("There were no casualties"), where it tells no harm of
    that kind: a count stated as none is known, not unknown, and any figure told, or harm told without one, wins.
    A denial of all harm beside harm told ("a drone injured three ... There were no casualties") is of something
    else, and denies nothing."""
    told = {harm.kind for harm in frame.harms}
    denied = frame.denied
    if denied >= {"killed", "injured"} and told:
        return frozenset()
    return denied - told


_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)


def _without_the_shelling(told: list[tuple[str, Match]]) -> list[Match]:
    """The weapons told, less "the shelling" when another weapon is named: "Russia hit Zaporizhzhia with a
    missile ... As a result of the shelling, 6 people were injured", "The shelling took the lives of three people"
    after "a missile strike": the officials' word for the strike told, not artillery."""
    named = any(weapon.code not in ("artillery", "debris", "unknown") for _, weapon in told)
    return [
        weapon
        for text, weapon in told
        if not (
            named
            and weapon.code == "artillery"
            and weapon.text.lower() == "shelling"
            and ends_at(_THE_BEFORE, text, weapon.start)
        )
    ]


def _harmful(item: Analysis) -> bool:
    """The sentence tells harm or damage: its debris may be the incident's weapon."""
    return bool(item.harms or item.sites or item.damage)


def _day(when: DateMention | None, published: date | None) -> tuple[date, str]:
    """(day, precision) of the record: a week is recorded as its Monday; no date told, the publication date."""
    if when is None:
        if published is None:
            raise ValueError("the incident tells no date and there is no publication date (see unanchored)")
        return published, "day"
    if not when.anchored:
        raise ValueError(f"{when.text!r} needs a publication date to count from (see unanchored)")
    if when.precision == "week":
        return when.day - timedelta(days=when.day.weekday()), when.precision
    return when.day, when.precision


def weapon_detail(weapon: Match | None) -> str | None:
    """The weapon's name as written when it is a model ("Iskander-M", "Kh-101", "Shahed"), else None."""
    if weapon is None:
        return None
    text = weapon.text
    if any(char.isdigit() for char in text) or (text[:1].isupper() and not text.islower()):
        if text.lower() == text:
            return None
        return text
    return None


def without_region_repeats(drafts: list[Draft]) -> list[Draft]:
    """The drafts less a region-only one that tells again an incident a settlement of its region has ("A late-night
    Russian strike on the northeastern Ukrainian region of Kharkiv killed two people" ... "A 64-year-old woman and a
    58-year-old man died" in Kupiansk; "the Hotel Sapphire ... in Ukraine's eastern Donetsk region" and "a hotel in
    ... Kramatorsk"): the same figures, or with none the same damaged site, a day apart at most; or on the same day,
    each figure it tells the settlement's ("a man was killed and three people were injured" in the region, then in
    the community "three other civilians were injured"); or the sum of the figures of two or more of its
    settlements that day ("Russian airstrikes ... killed two people and wounded three in southern Ukraine's Kherson
    province" ... one killed and three wounded in Beryslav, one killed in Lvove). Looked up by key, so it costs
    the drafts' number."""
    told: set[tuple] = set()
    sums: dict[tuple[str, date], list[int]] = {}  # (region, day) -> settlements, killed, injured
    for draft in drafts:
        if draft.city is None or draft.region is None:
            continue
        day = date.fromisoformat(draft.date)
        killed, injured = _harm_figures(draft)
        tally = sums.setdefault((draft.region, day), [0, 0, 0])
        tally[0] += 1
        tally[1] += killed or 0
        tally[2] += injured or 0
        told.add(("killed", draft.region, day, killed))
        told.add(("injured", draft.region, day, injured))
        for near in (day - timedelta(days=1), day, day + timedelta(days=1)):
            if (killed, injured) != (None, None):
                told.add(("figures", draft.region, near, killed, injured))
            told.update(("site", draft.region, near, site) for site in draft.damaged)
    for (region, day), (settlements, killed, injured) in sums.items():
        if settlements >= 2:
            told.add(("sum", region, day, killed or None, injured or None))
    if not told:
        return drafts
    return [draft for draft in drafts if draft.city is not None or not _repeated(draft, told)]


def _repeated(broad: Draft, told: set[tuple]) -> bool:
    day, region = date.fromisoformat(broad.date), broad.region
    killed, injured = _harm_figures(broad)
    if (killed, injured) != (None, None) and ("sum", region, day, killed, injured) in told:
        return True  # "killed two people and wounded three in Kherson province": Beryslav's 1 and 3 and Lvove's 1
    if killed is not None and injured is not None:
        return ("figures", region, day, killed, injured) in told
    if killed is not None:
        return ("figures", region, day, killed, None) in told or ("killed", region, day, killed) in told
    if injured is not None:
        return ("figures", region, day, None, injured) in told or ("injured", region, day, injured) in told
    return any(("site", region, day, site) in told for site in broad.damaged)


def _harm_figures(draft: Draft) -> tuple[int | None, int | None]:
    """(killed, injured) that tell an incident apart: a stated zero ("no casualties") tells none, so two reports
    of no casualties are matched by their sites, as reports with no figure are."""
    return draft.killed or None, draft.injured or None

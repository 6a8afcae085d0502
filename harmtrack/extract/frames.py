"""An incident being built from the sentences that tell it: its place, its date, and the harm and damaged
sites its sentences give it. A site told again ("the Epicentr store" after "an Epicentr hypermarket") is
not a second site; the same place on the same day reported twice is one incident.
"""

import re
from dataclasses import dataclass, field

from harmtrack.extract import dates as date_rules
from harmtrack.extract import denials
from harmtrack.extract import places as place_rules
from harmtrack.extract.analysis import Analysis
from harmtrack.extract.harm import Harm
from harmtrack.extract.incident_dates import sentence_date
from harmtrack.extract.lexicon import Match
from harmtrack.extract.spans import ends_at

_GENERIC_SITES = frozenset({"homes", "houses", "buildings", "home", "house", "building"})
_BUILDING_HEADS = frozenset({"building", "block", "high-rise", "highrise", "tower"})
# "the Epicentr store", "this nine-storey block": a site told before (the text up to a site ends with this).
DEFINITE = re.compile(r"\b(?:the|this|that)\s+(?:(?!a\b|an\b|of\b|and\b)[\w'’-]+\s+){0,3}$", re.IGNORECASE)


@dataclass
class Frame:
    city: str | None
    region: str | None
    district: str | None
    city_written: str | None
    opening: Analysis
    date: date_rules.DateMention | None
    members: list[Analysis] = field(default_factory=list)
    harms: list[Harm] = field(default_factory=list)
    sites: list[Match] = field(default_factory=list)
    new_cue: bool = False
    context_date: date_rules.DateMention | None = None  # a date the text gives around it, when it has none
    # "There were no casualties." after the incident: its denial, kept apart from the members that the rules
    # read to place the sentences after it
    closing: list[Analysis] = field(default_factory=list)
    # `members` by sentence and clause, so that telling whether a sentence is one costs the same however many
    # the incident has (a report that repeats one place a thousand times makes one incident of them)
    _member_index: dict[tuple[int, tuple[int, int] | None], list[Analysis]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def has_harm(self) -> bool:
        return bool(self.harms or self.sites)

    def has_member(self, item: Analysis) -> bool:
        """`item in self.members`: equal analyses are of one sentence and one clause."""
        return any(member == item for member in self._member_index.get(_member_key(item), ()))

    def attach(self, item: Analysis, harms: list[Harm] | None = None) -> None:
        """Add a sentence to the incident: its sites not told before, its harm (or `harms`, the part of it that
        is this incident's), and its date when the incident has none."""
        if not self.has_member(item):
            earlier = list(self.sites)
            told = {(s.code, s.text) for s in self.sites}
            self.members.append(item)
            self._member_index.setdefault(_member_key(item), []).append(item)
            for site in item.sites:
                if (site.code, site.text) in told:
                    continue
                if any(_same_site(old, site, item.text) for old in earlier):
                    continue  # "the Epicentr store", "the nine-storey apartment block": the site told before
                self.sites.append(site)
                told.add((site.code, site.text))
        self.harms.extend(item.harms if harms is None else harms)
        if self.date is None and not item.update:
            self.date = sentence_date(item)

    def close(self, item: Analysis) -> None:
        """A sentence that tells only that nobody suffered the harm it names ("There were no casualties")."""
        self.closing.append(item)

    @property
    def denied(self) -> frozenset[str]:
        """The harm its sentences say nobody suffered ("no one was injured")."""
        return frozenset().union(*(item.denied for item in (*self.members, *self.closing)))

    @property
    def spared(self) -> frozenset[str]:
        """The harm its sentences say nobody suffered, not provisionally ("no one was injured", not "Preliminarily,
        there were no injuries"): harm of that kind told later with an attack of its own is another attack's."""
        evidence = (*self.members, *self.closing)
        return frozenset().union(*(item.denied for item in evidence if not denials.preliminary(item.text)))

    @property
    def known_region(self) -> str | None:
        """Its region, or else its settlement's in the gazetteer (None when the name is unknown or ambiguous)."""
        if self.region is not None or self.city is None:
            return self.region
        found = place_rules.city_lookup(self.city)
        return found.region if found is not None else None

    @property
    def last(self) -> Analysis:
        """Its last sentence so far, a closing one included (it has at least one member)."""
        if self.closing and self.closing[-1].sentence.index > self.members[-1].sentence.index:
            return self.closing[-1]
        return self.members[-1]

    @property
    def evidence(self) -> list[Analysis]:
        """The sentences that tell the incident, closing ones included, in text order."""
        return sorted([*self.members, *self.closing], key=lambda item: item.sentence.index)


def _member_key(item: Analysis) -> tuple[int, tuple[int, int] | None]:
    return item.sentence.index, item.span


def _same_site(old: Match, new: Match, text: str) -> bool:
    """A later mention of a site one sentence already told: a definite one ("the Epicentr store") of the
    same kind, or one more building of the same kind ("an apartment building" ... "a nine-storey apartment block")."""
    if old.code != new.code:
        return False
    if new.text.split()[-1].lower() == old.text.split()[-1].lower() and _plural(old.text) == _plural(new.text):
        return True  # "nearby houses" ... "15 private houses"
    if new.text.lower() in _GENERIC_SITES:
        return True  # "... families whose homes were damaged": the homes told before
    if _plural(old.text) or _plural(new.text):
        return False
    if ends_at(DEFINITE, text, new.start):
        return True
    heads = {old.text.split()[-1].lower(), new.text.split()[-1].lower()}
    return heads <= _BUILDING_HEADS


def _plural(name: str) -> bool:
    last = name.split()[-1].lower()
    return last.endswith("s") and not last.endswith(("ss", "us", "is"))


def merge_repeats(frames: list[Frame]) -> list[Frame]:
    """The same place on the same day, reported twice, is one incident; a "second" or "later" attack is not."""
    merged: list[Frame] = []
    by_city: dict[str, list[Frame]] = {}  # `merged` by city: only an incident in the same city is repeated
    for frame in frames:
        candidates = by_city.get(frame.city, []) if frame.city is not None and not frame.new_cue else []
        target = next((earlier for earlier in candidates if _repeats(earlier, frame)), None)
        if target is None:
            merged.append(frame)
            if frame.city is not None:
                by_city.setdefault(frame.city, []).append(frame)
            continue
        for item in frame.members:
            target.attach(item, [])
        target.harms.extend(frame.harms)
        for item in frame.closing:
            target.close(item)
        target.district = target.district or frame.district
        target.date = target.date or frame.date
    return merged


def _repeats(earlier: Frame, frame: Frame) -> bool:
    """`frame` tells the incident of `earlier` again: the same city and district, and no other day; not harm
    `earlier` was said to have spared, told with an attack of its own."""
    if frame.opening.attack and not frame.opening.anaphora and earlier.spared & {harm.kind for harm in frame.harms}:
        return False
    return (
        earlier.city is not None
        and earlier.city == frame.city
        and (earlier.district == frame.district or not frame.district or not earlier.district)
        and (frame.date is None or earlier.date is None or same_night(earlier.date, frame.date))
    )


def same_night(one: date_rules.DateMention, other: date_rules.DateMention) -> bool:
    """The same day, or the other day of a night told as spanning two ("on the night of 24-25 August" ... "at
    22:35 on 24 August")."""
    if one.day == other.day:
        return True
    # a night is dated by its second day: the evening before is the same night
    return any(night.explicit_night and (night.day - day.day).days == 1 for night, day in ((one, other), (other, one)))

"""Which place a sentence's harm belongs to, when it names several.

A sentence that tells of several places in clauses ("In Antonivka a man was killed; in Beryslav two were
injured", "... in Kherson, while artillery killed two in Dniprovske") gives each clause's harm, weapon and
sites to its own place. Otherwise each harm goes to the nearest city, the one after the harm word counting
as nearer ("killed in Kurakhove").
"""

import bisect
import re
from dataclasses import replace
from itertools import pairwise
from typing import NamedTuple

from harmtrack.extract import denials
from harmtrack.extract import places as place_rules
from harmtrack.extract.analysis import ATTACK, Analysis
from harmtrack.extract.harm import Harm
from harmtrack.extract.lexicon import Match

_CLAUSE_BREAK = re.compile(
    r";\s+|,?\s+(?:while|whereas)\s+|"
    # "The attacks killed a 66-year-old man in Orikhiv and injured a 56-year-old man in Prymorske": a second verb
    r"\s+and\s+(?=(?:killed|injured|wounded|killing|injuring|wounding)\s+(?:an?|another|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|\d+)\s)|,\s+and\s+(?=(?:in|at|near)\s+(?:the\s+)?[A-ZА-ЯІЇЄҐ]|"
    r"(?:an?|another)\s+(?:[\w-]+\s+){0,3}?(?:attack|strike|shelling|missile|drone|bomb)\s+(?:on|in|at|near)\s+|"
    r"(?:[\w-]+\s+){1,4}(?:were|was|had\s+been|have\s+been)\s+(?:killed|injured|wounded|hurt)\b)"
)


class PlaceGroup(NamedTuple):
    """A place a sentence tells of, and the harm it tells there."""

    city: str | None
    region: str | None
    district: str | None
    written: str | None  # the city as the text writes it
    harms: list[Harm]
    span: tuple[int, int] | None  # the clause told about this place when the sentence tells of several
    raion: str | None = None  # the town a raion told as the place is named after ("the Beryslav district")


def place_groups(item: Analysis) -> list[PlaceGroup]:
    """The places the sentence's harm belongs to, with the harm of each; none when it names no city or
    region of its own."""
    cities = [m for m in item.places if m.kind == "city"]
    regions = [m for m in item.places if m.kind == "region"]
    districts = [m for m in item.places if m.kind == "district"]
    region = regions[0].name if regions else None
    if not cities:
        if districts and not regions:
            return []  # "the city's Oleksandrivskyi district": the city is the incident's before
        if regions:
            return [PlaceGroup(None, region, None, None, item.harms, None, regions[0].city)]
        return []
    paired = _figures_before_places(item, cities, regions)
    if paired:
        return paired
    distinct = _distinct(cities)
    if len(distinct) > 1:
        clauses = _clause_groups(item, distinct, districts, region)
        if clauses:
            return clauses
    if len(distinct) == 1 or len(item.harms) <= 1:
        chosen = distinct[0] if len(distinct) == 1 else nearest_city(distinct, item.harms, item)
        harms = _without_region_figures(item) if len(item.harms) > 1 else item.harms
        return [PlaceGroup(chosen.name, region, district_for(districts, chosen), chosen.written, harms, None)]
    by_city: dict[str, list[Harm]] = {}
    for found in _without_region_figures(item):
        mention = nearest_city(distinct, [found], item)
        by_city.setdefault(mention.name, []).append(found)
    _share_joined(item.text, distinct, by_city)
    return [
        PlaceGroup(mention.name, region, district_for(districts, mention), mention.written, by_city[mention.name], None)
        for mention in distinct
        if mention.name in by_city
    ]


# "and five more injured across the region", "seven more residents of the Donetsk region were injured": a figure
# of the region, told beside a settlement's
_REGION_SCOPE = re.compile(
    r"\bacross\s+the\s+(?:region|oblast)\b|"
    r"\b(?:residents|people|civilians|inhabitants)\s+of\s+the\s+[\w-]+\s+(?:region|oblast)\b",
    re.IGNORECASE,
)


_JOINED = re.compile(r"\s*(?:,\s*and|,|and)\s+$")


def _share_joined(text: str, distinct: list[place_rules.Mention], by_city: dict[str, list[Harm]]) -> None:
    """ "people were killed in Kostiantynivka and Druzhkivka": a city joined by "and" to one with harm, and none of
    its own, shares that harm with an unknown figure (a figure for several places is nobody's)."""
    for before, after in pairwise(distinct):
        if after.name in by_city or before.name not in by_city:
            continue
        if not _JOINED.fullmatch(text[before.end : after.start] + " "):
            continue
        kinds = {h.kind for h in by_city[before.name]}
        if len(kinds) != 1 or any(h.value is not None for h in by_city[before.name]):
            continue  # only a figure that is already nobody's: "2 killed in A and B" stays where it was told
        by_city[after.name] = [replace(h) for h in by_city[before.name]]


def _without_region_figures(item: Analysis) -> list[Harm]:
    """The sentence's harms but those told of its whole region (each harm's words run to the next harm)."""
    starts = sorted({h.start for h in item.harms})
    kept = []
    for harm in item.harms:
        after = bisect.bisect_right(starts, harm.start)
        end = starts[after] if after < len(starts) else len(item.text)
        if not _REGION_SCOPE.search(item.text, harm.start, end):
            kept.append(harm)
    return kept


# a figure told right after its city: "in the city of Zaporizhzhia, killing at least one person"
_RIGHT_AFTER = re.compile(r"\s*,\s*")


def _figures_before_places(
    item: Analysis, cities: list[place_rules.Mention], regions: list[place_rules.Mention]
) -> list[PlaceGroup]:
    """ "Four deaths were reported in Ukraine's western Khmelnytskyi region, three more deaths were reported in the
    Kyiv region, and one in the southern city of Mykolaiv": each figure is the place's told right after it (before
    the next figure), a region's as well as a city's. Nothing unless every figure has such a place and a region is
    among them."""
    harms = sorted(item.harms, key=lambda harm: harm.start)
    if len(harms) < 2 or not cities or not regions:
        return []
    places = sorted(cities + regions, key=lambda mention: mention.start)
    starts = [mention.start for mention in places]
    owners: dict[tuple[str, str], list[Harm]] = {}
    mentions: dict[tuple[str, str], place_rules.Mention] = {}
    for i, found in enumerate(harms):
        at = max(found.start, found.verb)
        stop = harms[i + 1].start if i + 1 < len(harms) else len(item.text)
        index = bisect.bisect_left(starts, at)  # the first place told after the figure, found without a scan
        before = places[index - 1] if index > 0 else None
        if before is not None and before.kind == "city" and _RIGHT_AFTER.fullmatch(item.text, before.end, found.start):
            following = before  # "in the southeastern city of Zaporizhzhia, killing at least one person"
        elif index == len(places) or places[index].start >= stop:
            return []
        else:
            following = places[index]
        key = (following.kind, following.name)
        owners.setdefault(key, []).append(found)
        mentions.setdefault(key, following)
    if len(owners) < 2 or not any(kind == "region" for kind, _ in owners):
        return []
    groups = []
    for key, owned in owners.items():
        mention = mentions[key]
        if mention.kind == "region":
            groups.append(PlaceGroup(None, mention.name, None, None, owned, None, mention.city))
        else:
            found_city = place_rules.city_lookup(mention.name)
            region = found_city.region if found_city is not None else None
            groups.append(PlaceGroup(mention.name, region, None, mention.written, owned, None))
    return groups


def _distinct(cities: list[place_rules.Mention]) -> list[place_rules.Mention]:
    """The first mention of each city."""
    distinct: list[place_rules.Mention] = []
    for mention in cities:
        if mention.name not in [m.name for m in distinct]:
            distinct.append(mention)
    return distinct


def _clause_groups(
    item: Analysis, cities: list[place_rules.Mention], districts: list[place_rules.Mention], region: str | None
) -> list[PlaceGroup]:
    """ "In Antonivka a man was killed; in Beryslav two were injured", "a drone hit an ambulance in Kherson,
    while artillery killed two in Dniprovske": each clause's harm, weapon and sites are its own city's."""
    clauses = _clauses_by_city(item.text, cities)
    groups = []
    for (start, end), found in clauses:
        distinct = _distinct(found)
        harms = [h for h in item.harms if start <= h.start < end]
        for mention in distinct:
            own = harms if len(distinct) == 1 else [h for h in harms if nearest_city(distinct, [h], item) is mention]
            if len(distinct) > 1 and not own:
                continue
            district = district_for(districts, mention)
            groups.append(PlaceGroup(mention.name, region, district, mention.written, own, (start, end)))
    return groups


def _clauses_by_city(
    text: str, cities: list[place_rules.Mention]
) -> list[tuple[tuple[int, int], list[place_rules.Mention]]]:
    """The sentence cut at its clause breaks, neighbouring clauses of the same cities joined; nothing when
    fewer than two clauses name a city."""
    cuts = [0, *(match.end() for match in _CLAUSE_BREAK.finditer(text)), len(text) + 1]
    if len(cuts) < 3:
        return []
    spans = [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1)]
    owners = [[m for m in cities if a <= m.start < b] for a, b in spans]
    named = [i for i, found in enumerate(owners) if found]
    if len(named) < 2:
        return []
    # a clause with no city of its own belongs to the one before it (or, first, to the one after)
    for i in range(len(spans)):
        if not owners[i]:
            before = [j for j in named if j < i]
            owners[i] = owners[before[-1] if before else named[0]]
    clauses: list[tuple[tuple[int, int], list[place_rules.Mention]]] = []
    for span, found in zip(spans, owners, strict=True):
        if clauses and clauses[-1][1] is found:
            clauses[-1] = ((clauses[-1][0][0], span[1]), found)
        else:
            clauses.append((span, found))
    return clauses


def clause_part(item: Analysis, span: tuple[int, int], harms: list[Harm]) -> Analysis:
    """The analysis of one clause of a sentence: its harms, weapons, sites and places only."""
    start, end = span

    def inside(found: Harm | place_rules.Mention | Match) -> bool:
        return start <= found.start < end

    sites = [site for site in item.sites if inside(site)]
    return replace(
        item,
        harms=harms,
        weapons=[weapon for weapon in item.weapons if inside(weapon)],
        sites=sites,
        places=[mention for mention in item.places if inside(mention)],
        span=span,
        denied=denials.stated_none(item.text[start:end]),
        damage=bool(sites) and item.damage,
        attack=bool(ATTACK.search(item.text[start:end])),
    )


def nearest_city(cities: list[place_rules.Mention], harms: list[Harm], item: Analysis) -> place_rules.Mention:
    """The city a harm is told of; with no harm, the place the attack was on (the first city after an attack
    word, else the first)."""
    if not harms:
        attack = ATTACK.search(item.text)
        if attack:
            after = [m for m in cities if m.start > attack.start()]
            if after:
                return after[0]
        return cities[0]
    position = harms[0].verb if harms[0].verb >= 0 else harms[0].start
    if harms[0].placed:
        after = [m for m in cities if m.start > position]
        if after:
            return after[0]

    def distance(mention: place_rules.Mention) -> float:
        gap = mention.start - position
        return gap * 0.6 if gap > 0 else -gap  # "killed in Kurakhove": the place after the verb is closer

    return min(cities, key=distance)


def district_for(districts: list[place_rules.Mention], city: place_rules.Mention) -> str | None:
    """The first district named without a city the gazetteer knows, or named with this city."""
    for district in districts:
        if district.city is None or place_rules.city_lookup(district.city) is None:
            return district.name
        found = place_rules.city_lookup(district.city)
        if found is not None and found.city == city.name:
            return district.name
    return None

"""One sentence, read: its harm, places, dates, weapons and damaged sites, and what kind of sentence it is
(a total, an attack, a back-reference, a toll update, the start of another incident).

Besides the places it names, a sentence may name a city without its name: "the capital" is Kyiv, "in the
city" after "the head of Horlivka" is Horlivka, and "the Black Sea port city" is the dateline's city.
"""

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from harmtrack.extract import aggregates, datelines, denials
from harmtrack.extract import dates as date_rules
from harmtrack.extract import harm as harm_rules
from harmtrack.extract import places as place_rules
from harmtrack.extract.lexicon import Lexicon, Match
from harmtrack.extract.sentences import Sentence

_SPACE = re.compile(r"\s*")
NEW_INCIDENT = re.compile(
    # "Another woman from Kherson was wounded": one more victim of the attack told, not another attack
    r"\b(?:another(?!\s+(?:[\d-]+-year-old\s+|elderly\s+|local\s+)?(?:man|woman|person|civilian|resident|child|boy|"
    r"girl|teenager|victim|pensioner|driver)\b)|"
    r"subsequent|separate(?:ly)?|later|elsewhere|second(?!-|\s+(?:city|largest|biggest))|meanwhile|"
    r"in\s+addition|earlier)\b|^also\b|"
    # "Russia also struck ...", but not "A bus was also hit": another site of the same attack
    r"(?<!\bwas\s)(?<!\bwere\s)(?<!\bbeen\s)"
    r"\balso\s+(?:attack|attacked|struck|hit|shelled|targeted|launched|fired|pounded|bombed|dropped|came)\b|"
    # "there were also strikes in Semenivka during the day"
    # ("But there was also a hit in Kryvyi Rih", after drones downed, is the attack told)
    r"\bthere\s+(?:were|have\s+been)\s+also\s+(?:strikes|attacks|shelling|explosions)\b",
    re.IGNORECASE,
)
ATTACK = re.compile(
    r"\b(?:attack(?:ed|s)?|strik(?:e|es|ing)|struck|hit|hits|shell(?:ed|ing)|bomb(?:ed|ing)|pounded|targeted|"
    r"slammed|exploded|explosion|blast|fired|launched|dropped|crashed|detonated)\b|"
    # "a tractor ran over a mine", "drove over an unknown explosive device", "stepped on a landmine"
    r"\b(?:ran|run|runs|drove|drives|stepped|steps)\s+(?:over|on|onto|into)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:mine|landmine|explosive|ordnance|munition|device)s?\b",
    re.IGNORECASE,
)
DAMAGE = re.compile(
    r"\b(?:damag\w*|destroy\w*|hit|hits|hitting|targeted|targeting|dropped|struck|strik(?:e|es|ing)\s+(?:on|at)|strikes?\s+(?:was|were)\s+(?:on|at)\b|slammed|smashed|attack(?:ed|s)?\s+(?:on)?|"
    r"shelled|shelling\s+of|fire\s+broke\s+out|caught\s+fire|ablaze|on\s+fire|collapsed|collapse|ruins|rubble|"
    r"blown|shattered|burn\w*|gutted|levelled|leveled|flattened|wrecked|razed|tore\s+into|ripped\s+(?:into|through)|"
    r"crashed\s+(?:into|onto|on)|fell\s+(?:on|onto|into)|landed\s+(?:on|in)|slammed\s+into)\b",
    re.IGNORECASE,
)
ANAPHORA = re.compile(
    r"\b(?:the|this|that)\s+(?:\w+[\s-]+){0,2}?(?:attack|strike|strikes|missiles?|bombs?|drones?|blast|explosion|"
    r"shelling|toll|building|city|town|village|victims?|dead|injured|wounded|site|hospital|store|market)\b|"
    # "The woman, who was not named, was seated inside a car": the person whose harm was told
    r"^(?:The|This)\s+(?:[\w-]+\s+){0,2}?(?:woman|man|girl|boy|child|driver|couple)\b",
    re.IGNORECASE,
)
# "the attack on Chernihiv", "the city of Dnipro": the place is named right there, no back-reference.
_NAMED_AFTER = re.compile(r"\s+(?:on|in|against|at|of)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?(?:of\s+)?[A-ZА-ЯІЇЄҐ]")
# "the Black Sea port city", "Ukraine's second-largest city": the dateline's city, when the sentence names none.
CITY_ANAPHOR = re.compile(
    r"\b(?:the|this|Ukraine['’]s|Russia['’]s)\s+(?:[\w-]+\s+){0,3}?(?:city|town)\b(?!\s+(?:of|council|hall)\b)",
    re.IGNORECASE,
)
CAPITAL = re.compile(r"\b(?:the|Ukraine['’]s)\s+(?:Ukrainian\s+)?capital\b(?!\s+(?:of|city)\b)")
_CAPITAL_NAMES = re.compile(r"\b(?:Kyiv|Moscow)\b(?!\s+(?:[Oo]blast|[Rr]egion))")
# "the toll rose to 21"; "Filashkin later reported that 2 people were killed": the same incident's figures, told again
_TOLL_UPDATE = re.compile(
    r"\b(?:rose|risen|climbed|increased)\s+to\b|"
    r"\blater\s+(?:reported|said|confirmed|announced|updated|raised|revised|stated|specified|clarified)\b",
    re.IGNORECASE,
)
# "Earlier in Zaporizhzhia, a man's body was recovered from the rubble of a building destroyed by a Russian strike":
# a victim of the strike told, found later, not another attack
RECOVERED = re.compile(
    r"\b(?:body|bodies|remains)\b[^.;]{0,40}?\b(?:recovered|pulled|retrieved|found|removed)\s+(?:from\s+)?"
    r"(?:under\s+)?(?:the\s+)?(?:rubble|debris|ruins)\b",
    re.IGNORECASE,
)
# "Correction: An earlier version of this story said 50 people were wounded": figures that no longer stand.
CORRECTION = re.compile(
    r"^(?:correction|clarification|editor['’]s\s+note)\s*:|"
    r"\b(?:an?\s+)?(?:earlier|previous)\s+version\s+of\s+this\s+(?:story|article|report|text|item)\b",
    re.IGNORECASE,
)

# "Earlier reports said that three people had been killed", "Earlier, he had mentioned that three children were
# among the victims", "officials initially said": figures an earlier statement gave, which the current ones
# replace; up to "but" ("..., but the latest updates confirmed a single 7-year-old girl").
EARLIER_STATEMENT = re.compile(
    r"\b(?:earlier|initial|previous|preliminary|first)\s+(?:reports?|figures?|information|data|estimates?|tolls?)\b|"
    r"\b(?:earlier|initially|previously)\b[^.;]{0,40}?\bhad\s+(?:said|reported|mentioned|stated|announced|put|given)\b|"
    r"\b(?:had\s+)?(?:initially|earlier|previously)\s+(?:said|reported|stated|mentioned|put|announced)\b|"
    r"\b(?:was|were)\s+(?:earlier|initially|previously)\s+reported\b|"
    # "Background: Earlier, Oleksandr Vilkul ... reported a drone attack on the city, noting that two people had
    # been injured": what a speaker told before the report's figures
    r"^(?:background:\s*)?earlier,\s+[^.;]{0,100}?\b(?:reported|said|stated|announced)\b",
    re.IGNORECASE,
)
# "a temporary suspension of flights at Moscow's airports", "flights were halted", "restrictions at Kazan
# airport": traffic stopped, nothing hit.
DISRUPTION = re.compile(
    r"\b(?:suspen\w+|halt\w*|restrict\w+|delay\w*|cancel\w+|clos\w+|stopp\w+)\s+(?:of\s+)?(?:all\s+)?"
    r"(?:flights|air\s+traffic|departures|arrivals)\b|"
    r"\b(?:flights|air\s+traffic|departures|arrivals)\s+(?:were\s+|was\s+|had\s+been\s+)?(?:temporarily\s+)?"
    r"(?:suspended|halted|restricted|delayed|cancell?ed|stopped|diverted)\b",
    re.IGNORECASE,
)
_BUT_NOW = re.compile(r",?\s+but\s+", re.IGNORECASE)
# an earlier statement taken back, not replaced by a new figure: what it told did not happen
_RETRACTED = re.compile(r"\b(?:corrected|retracted|withdrew|denied|refuted)\b", re.IGNORECASE)


@dataclass
class Analysis:
    sentence: Sentence
    text: str  # the sentence without its dateline
    harms: list[harm_rules.Harm]
    places: list[place_rules.Mention]
    dates: list[date_rules.DateMention]
    weapons: list[Match]
    sites: list[Match]
    aggregate: bool
    attack: bool
    new_cue: bool
    anaphora: bool
    update: bool  # a toll update: its dates are the report's, not the incident's
    damage: bool = False  # tells damage with a verb ("a fire broke out at an enterprise")
    figurative: bool = False  # names a capital only as its government ("Kyiv says", "Moscow's strikes")
    dateline_city: str | None = None  # the city of the dateline that opens the sentence, if any
    statement: date_rules.DateMention | None = None  # the day of a statement it reports ("said on Friday")
    span: tuple[int, int] | None = None  # the clause of the sentence this copy stands for (see clauses.py)
    denied: frozenset[str] = frozenset()  # harm it says nobody suffered ("no one was injured"; see denials.py)

    @property
    def clause(self) -> str:
        return self.text if self.span is None else self.text[self.span[0] : self.span[1]]

    @property
    def districts_without_city(self) -> list[place_rules.Mention]:
        """Districts named without their city ("fell in Saltivskyi district"): parts of a city told before."""
        return [m for m in self.places if m.kind == "district" and m.city is None]


def analyse(
    sentence: Sentence, text: str, lexicon: Lexicon, published: date | None, dateline: str | None = None
) -> Analysis:
    harms = _superseded(text, harm_rules.find_harm(text))
    mentions = _places(text, dateline, told=bool(harms) or bool(_DAMAGED.search(text)))
    found_dates = date_rules.find_dates(text, published)
    weapons = lexicon.weapons(text)
    intercept = aggregates.air_defence_tally(text, weapons)
    # an item of a list of incidents ("a business centre in Kyiv (6 dead and 10 wounded)") shares the verb before
    sites = lexicon.sites(text) if DAMAGE.search(text) or sentence.item else []
    if sites and not harms and aggregates.background_damage(text, found_dates, intercept):
        sites = []  # "Nikopol is shelled almost daily from the other bank": background, no damage told
    if sites and not harms and DISRUPTION.search(text):
        sites = []  # "a temporary suspension of flights at Moscow's airports": traffic stopped, nothing hit
    update = bool(any(h.toll for h in harms) or _TOLL_UPDATE.search(text))
    attack = bool(ATTACK.search(text))
    has_city = any(m.kind == "city" for m in mentions)
    return Analysis(
        sentence=sentence,
        text=text,
        harms=harms,
        places=mentions,
        dates=found_dates,
        weapons=weapons,
        sites=sites,
        aggregate=aggregates.is_aggregate(text, harms, mentions, found_dates, published, intercept),
        attack=attack,
        # "Later, the toll rose to 21" tells no other incident; "Later, a drone struck ..." does
        new_cue=sentence.item
        or (
            bool(NEW_INCIDENT.search(text[:60]))
            and not (update and not attack)
            and not EARLIER_STATEMENT.search(text)
            and not RECOVERED.search(text)
        ),
        anaphora=_anaphoric(text, has_city),
        update=update,
        damage=bool(sites) and _damage_verb(text, sites),
        figurative=_capital_as_government(text, mentions),
        dateline_city=datelines.dateline_city(dateline),
        statement=date_rules.statement_day(text, published),
        # a sentence of two places ("three injured in Kharkiv, and a house damaged in Sumy, where nobody was
        # killed"): whose denial? Its clauses tell (clauses.py)
        denied=denials.stated_none(text) if sum(m.kind == "city" for m in mentions) <= 1 else frozenset(),
    )


def _superseded(text: str, harms: list[harm_rules.Harm]) -> list[harm_rules.Harm]:
    """The harms an earlier statement told ("Earlier reports said ..."), marked as superseded."""
    told = EARLIER_STATEMENT.search(text)
    if told is None:
        return harms
    turn = _BUT_NOW.search(text, told.end())
    end = turn.start() if turn else len(text)
    if _RETRACTED.search(text, 0, told.start()):
        return [h for h in harms if h.start >= end]  # "Officials corrected initial reports that a civilian died"
    return [replace(h, earlier=True) if h.start < end else h for h in harms]


# "killed two people and wounded six in the regional capital": the capital of the one region the sentence names
REGIONAL_CAPITAL = re.compile(
    r"\b(?:the\s+)?(?:regional\s+(?:capital|centre|center)|provincial\s+capital|"
    r"(?:region|oblast|province)['’]s\s+(?:capital|administrative\s+(?:centre|center)))\b(?!\s+of\b)",
    re.IGNORECASE,
)


def _regional_capital(text: str, mentions: list[place_rules.Mention]) -> place_rules.Mention | None:
    """The city "the regional capital" stands for, when the sentence names one region and no city."""
    regions = {m.name: m for m in mentions if m.kind == "region"}
    if len(regions) != 1 or any(m.kind == "city" for m in mentions):
        return None
    found = REGIONAL_CAPITAL.search(text)
    if found is None:
        return None
    region = next(iter(regions.values()))
    capital = place_rules.city_lookup(region.written)
    if capital is None or capital.city is None or capital.region != region.name:
        return None
    return place_rules.Mention("city", capital.city, found[0], found.start(), found.end())


_DAMAGED = re.compile(r"\b(?:damag|destroy)\w*|\b(?:caught|on)\s+fire\b", re.IGNORECASE)


def _places(text: str, dateline: str | None, told: bool = True) -> list[place_rules.Mention]:
    """The places the sentence names, and the city it refers to without naming it when it names none (`told`:
    the sentence tells harm or damage)."""
    mentions = place_rules.find(text)
    capital_city = _regional_capital(text, mentions)
    if capital_city is not None:
        mentions = sorted([*mentions, capital_city], key=lambda mention: mention.start)
    capital = CAPITAL.search(text)
    if capital and not any(m.kind == "city" for m in mentions):
        mentions.append(place_rules.Mention("city", "Kyiv", capital[0], capital.start(), capital.end()))
    if not any(m.kind == "city" for m in mentions):
        # "Ivan Prikhodko, the head of Horlivka, said a drone attack on a minibus in the city killed its driver"
        # "Mykolaiv Mayor Oleksandr Sienkevych said that the Russian attack on the city damaged ...": a title
        # before the name, only for harm or damage told there
        titled = place_rules.titled_city(text, before_name=told)
        anaphor = CITY_ANAPHOR.search(text) if titled else None
        if titled and anaphor:
            mentions.append(place_rules.Mention("city", titled, anaphor[0], anaphor.start(), anaphor.end()))
    if not any(m.kind == "city" for m in mentions):
        anaphor = CITY_ANAPHOR.search(text)
        local = datelines.anaphor_city(dateline) if anaphor else None
        if anaphor and local is not None:
            mentions.append(place_rules.Mention("city", local, anaphor[0], anaphor.start(), anaphor.end()))
    return mentions


def _capital_as_government(text: str, mentions: list[place_rules.Mention]) -> bool:
    """Kyiv or Moscow named, but not as a place of the sentence ("Kyiv says", "Moscow's strikes")."""
    capitals = _CAPITAL_NAMES.findall(text)
    return bool(capitals) and not any(m.kind == "city" and m.name in ("Kyiv", "Moscow") for m in mentions)


def _anaphoric(text: str, has_city: bool = False) -> bool:
    """A back-reference ("the attack", "the building") that names no place of its own. With a city named,
    "the town" is that city ("In Krasnopillia, bombs hit the centre of the town")."""
    return any(
        not _NAMED_AFTER.match(text, match.end())
        and not (has_city and match[0].lower().endswith(("city", "town", "village")))
        for match in ANAPHORA.finditer(text)
    )


def _damage_verb(text: str, sites: list[Match]) -> bool:
    """A damage word used as a verb ("damaged a school", "a fire broke out"), not as an adjective ("damaged homes")."""
    starts = {site.start for site in sites}
    for match in DAMAGE.finditer(text):
        space = _SPACE.match(text, match.end())  # always matches, if only nothing
        gap = space.end() - match.end() if space else 0
        if match.end() + gap not in starts or match[0].lower() not in ("damaged", "destroyed", "burned", "burnt"):
            return True
    return False


def mark_corrections(analyses: list[Analysis]) -> None:
    """A correction note tells what a report said before, not harm: its paragraph counts for nothing."""
    noted = {item.sentence.paragraph for item in analyses if CORRECTION.search(item.text)}
    for item in analyses:
        if item.sentence.paragraph in noted:
            item.harms = []
            item.aggregate = True


def in_paragraphs(analyses: Sequence[Analysis], first: int, end: int) -> Sequence[Analysis]:
    """The analyses of paragraphs `first` to `end` (not included), found by bisection in `analyses`, the
    sentences of a text in order: a rule that looks at one paragraph of a long text does not read it all."""
    low = bisect.bisect_left(analyses, first, key=_paragraph)
    high = bisect.bisect_left(analyses, end, lo=low, key=_paragraph)
    return analyses[low:high]


def _paragraph(item: Analysis) -> int:
    return item.sentence.paragraph


def lead_sentence(analyses: list[Analysis]) -> Analysis | None:
    """The first sentence of prose: the lead a summary report opens with."""
    return next((item for item in analyses if not item.sentence.heading), None)

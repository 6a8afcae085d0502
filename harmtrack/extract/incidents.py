"""From sentences to incidents: the rules.

A sentence that names a place and harm (people killed or injured, or a site
damaged) opens an incident. A sentence with harm and no place of its own
continues the incident before it ("The death toll rose to 21"), and so does
one that refers back to it ("the city was hit by Iskander-M missiles"). An
attack sentence with a place and no harm yet ("Russian troops attacked Dnipro
with drones overnight.") opens an incident that only counts once harm follows.

Not incidents: totals over a country, a region or a period ("44 killed across
Ukraine", "589 civilians killed between June and August", "over the past day
in Kherson region"), soldiers, and attacks without a place or without harm.

A sentence that tells of several places in clauses ("In Antonivka a man was
killed; in Beryslav two were injured", "... in Kherson, while artillery killed
two in Dniprovske") gives each clause's harm, weapon and sites to its own
place. An incident known only by its region takes the city told right after it
("a ship in a port in Odesa region" ... "at the port of Chornomorsk"). A harm
sentence with no place is another incident in the same city when it tells
another day or district ("The next day, shelling damaged ..."), and in a
feature about one place (a dateline and no other city) it is that place's.

Not incidents either: history (anniversaries, verdicts, dates over a year
old), monthly totals ("killed 13 ... in August") and totals over a city and
the villages around it.

Figures of one incident are combined: the highest is the best estimate (tolls
rise), and where figures differ their lowest and highest are the range. A range
told as one ("between 10 and 15") gives its low figure as the best estimate and
its high one as the maximum: the record needs a best estimate within the range.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from harmtrack.extract import dates as date_rules
from harmtrack.extract import harm as harm_rules
from harmtrack.extract import places as place_rules
from harmtrack.extract.draft import Draft
from harmtrack.extract.lexicon import Lexicon, Match, best_weapon
from harmtrack.extract.numbers import word_number
from harmtrack.extract.sentences import Sentence

_MONTH_NAMES = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
STRONG_AGGREGATE = re.compile(
    r"\bacross\s+(?:the\s+|all\s+of\s+)?(?:ukraine|the\s+country|country|russia|\d+\s+(?:regions|oblasts))\b|"
    r"\bnationwide\b|\bcountrywide\b|"
    r"\bin\s+\d+\s+(?:regions|oblasts|settlements|communities|towns|cities|villages)\b|"
    r"\b\d+\s+(?:settlements|communities|localities)\b|"
    r"\bsince\s+(?:the\s+)?(?:start|beginning|outbreak|full-scale|invasion|war|24\s+february|february|"
    + _MONTH_NAMES
    + r"|"
    r"20\d\d|last\s+year|the\s+year)\b|"
    r"\bbetween\s+" + _MONTH_NAMES + r"\b[^.]{0,30}\band\s+" + _MONTH_NAMES + r"\b|"
    r"\bbetween\s+\d{1,2}\s+and\s+\d{1,2}\s+" + _MONTH_NAMES + r"\b|"
    r"^(?:in|during|throughout)\s+" + _MONTH_NAMES + r"(?:\s+\d{4})?(?:\s+alone)?,|"
    r"\b(?:this|last|past|previous)\s+(?:month|year)\b|"
    r"\b(?:over|in|during|throughout)\s+the\s+(?:past|last|previous)\s+(?:week|month|year|\d+\s+(?:days|weeks|months))\b|"
    r"\bthroughout\s+the\s+(?:week|month|year|war|day)\b|"
    r"\bso\s+far\s+(?:this|in)\b|\bper\s?cent\b|%|\bverified\s+that\b|\bin\s+total\s+since\b|"
    r"\bsince\s+russia['’]s\b|\bthe\s+war\s+has\s+killed\b|\bthe\s+highest\s+(?:monthly|since)\b|"
    r"\bsince\s+then\b|\bover\s+the\s+(?:week|month)\b",
    re.IGNORECASE,
)
# A month as the period ("where shelling killed 13 civilians in August"): a monthly total, unless a day is told.
MONTH_PERIOD = re.compile(
    r"\b(?:in|during|throughout)\s+(?:early\s+|late\s+|mid-)?" + _MONTH_NAMES + r"\b(?!\s*\d)", re.IGNORECASE
)
# "in April 2024", "in late March of 2023": a month of a year, told as the time of an attack.
MONTH_YEAR = re.compile(
    r"\b(?:in|during|since)\s+(?:early\s+|late\s+|mid-)?(" + _MONTH_NAMES + r")\s+(?:of\s+)?(20\d\d)\b", re.IGNORECASE
)
# Reports a monitor received but did not verify, told as a class ("reports of civilian casualties in ...").
UNVERIFIED_REPORTS = re.compile(
    r"\b(?:receiv\w*|gather\w*|collect\w*)\s+(?:\w+\s+)?(?:reports|allegations|information)\s+(?:of|about|that)\b",
    re.IGNORECASE,
)
# History, not news: anniversaries ("a year since the strike that killed 59"), court cases about past attacks.
HISTORY = re.compile(
    r"\b(?:a|one|two|three|four|five|\d)\s+years?\s+(?:since|after|ago)\b|\banniversary\b|"
    r"\bmark(?:s|ed|ing)?\s+(?:a|one|two|three|four|five|\d)\s+years?\b|\bin\s+memory\s+of\b|\bcommemorat\w+|"
    r"\b(?:sentenced|convicted|verdict|found\s+guilty|in\s+absentia|indicted|indictment)\b",
    re.IGNORECASE,
)
# "attacks on Kharkiv city and settlements near the border killed 88": a total over a city and its surroundings.
CITY_AND_SURROUNDINGS = re.compile(
    r"\b(?:attacks|strikes|shelling|shellings|bombardments)\s+(?:[\w-]+\s+){0,7}?(?:on|of|against)\s+(?:the\s+)?"
    r"(?:[\w'’-]+\s+){1,3}?and\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:settlements|villages|towns|communities|suburbs|outskirts|"
    r"surrounding\s+areas|frontline\s+areas|border\s+areas|region|oblast)\b",
    re.IGNORECASE,
)
WEAK_AGGREGATE = re.compile(
    r"\b(?:over|in|during|within)\s+the\s+(?:past|last|previous)\s+(?:day|24\s+hours|night)\b|\bpast\s+24\s+hours\b|"
    r"\blast\s+week\b|\bthis\s+week\b|\bdaily\b",
    re.IGNORECASE,
)
# A tally of attacks ("31 attacks on Kherson region", "struck the region 18 times", "93 shellings of 30
# settlements", "in 24 hours"): a count over a period or area, whatever it damaged.
TALLY = re.compile(
    r"\b\d[\d,]*\s+(?:(?:air|drone|artillery|missile|enemy|russian|guided\s+bomb)\s+)?(?:attacks|strikes|shellings|"
    r"explosions|times|assaults|bombardments|air\s+raids)\b|"
    r"\b\d[\d,]*\s+(?:settlements|communities|localities|hromadas)\b|\bin\s+24\s+hours\b",
    re.IGNORECASE,
)
# "the third attack on a civilian vessel this week": a comparison with earlier attacks, not an incident.
ORDINAL_TALLY = re.compile(
    r"\b(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s+(?:[\w-]+\s+){0,2}?"
    r"(?:attack|strike|time)\b[^.;]{0,80}?\b(?:this|in\s+a|in\s+one|within\s+a|in\s+the\s+past|in\s+the\s+last)\s+"
    r"(?:week|month|day|days|weeks|months|\d+\s+days)\b",
    re.IGNORECASE,
)
# Habits and background, not one event: "is shelled almost daily", "comes under fire every day".
HABITUAL = re.compile(
    r"\b(?:almost|nearly)?\s*(?:daily|every\s+day|every\s+night|day\s+and\s+night|regularly|constantly|"
    r"routinely|frequently|repeatedly|often)\b",
    re.IGNORECASE,
)
# Air-defence tallies: "downed all 13 of the drones", "destroyed 47 Ukrainian drones": weapons, not sites.
INTERCEPT = re.compile(
    r"\b(?:downed|down|shot\s+down|shoot\s+down|intercepted|intercept|destroyed|neutrali[sz]ed|suppressed|"
    r"repelled)\s+(?:all\s+)?(?:\d[\d,]*|[a-z]+(?:-[a-z]+)?)\s+(?:of\s+the\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:drones|missiles|UAVs|unmanned|aircraft|rockets|bombs)\b",
    re.IGNORECASE,
)
PLURAL_ATTACKS = re.compile(
    r"\b(?:attacks|strikes|shelling|bombardments?|assaults)\s+(?:on|against|of|in|across)\b", re.IGNORECASE
)
SUPERLATIVE = re.compile(
    r"\b(?:one\s+of\s+)?the\s+(?:deadliest|largest|biggest|worst|heaviest|bloodiest|most\s+\w+)\b[^,.;]*", re.IGNORECASE
)
ATTRIBUTION = re.compile(r"^[\"“]|\b(?:said|says|wrote|reported|told|according\s+to|added)\b")
SAME_DAY = re.compile(r"\b(?:the\s+same|that)\s+(?:day|evening|night|morning|afternoon)\b", re.IGNORECASE)
NEW_INCIDENT = re.compile(
    r"\b(?:another|subsequent|separate(?:ly)?|later|elsewhere|second|meanwhile|in\s+addition|earlier)\b|^also\b|"
    r"\balso\s+(?:attack|attacked|struck|hit|shelled|targeted|launched|fired|pounded|bombed|dropped|came)\b",
    re.IGNORECASE,
)
ATTACK = re.compile(
    r"\b(?:attack(?:ed|s)?|strik(?:e|es|ing)|struck|hit|hits|shell(?:ed|ing)|bomb(?:ed|ing)|pounded|targeted|"
    r"slammed|exploded|explosion|blast|fired|launched|dropped|crashed)\b",
    re.IGNORECASE,
)
DAMAGE = re.compile(
    r"\b(?:damag\w*|destroy\w*|hit|hits|hitting|targeted|targeting|dropped|struck|strik(?:e|es|ing)\s+(?:on|at)|slammed|smashed|attack(?:ed|s)?\s+(?:on)?|"
    r"shelled|shelling\s+of|fire\s+broke\s+out|caught\s+fire|ablaze|on\s+fire|collapsed|collapse|ruins|rubble|"
    r"blown|shattered|burn\w*|gutted|levelled|leveled|flattened|wrecked|razed|tore\s+into|ripped\s+(?:into|through)|"
    r"crashed\s+(?:into|onto|on)|fell\s+(?:on|onto|into)|landed\s+(?:on|in)|slammed\s+into)\b",
    re.IGNORECASE,
)
ANAPHORA = re.compile(
    r"\b(?:the|this|that)\s+(?:\w+[\s-]+){0,2}?(?:attack|strike|strikes|missiles?|bombs?|drones?|blast|explosion|"
    r"shelling|toll|building|city|town|village|victims|dead|injured|wounded|site|hospital|store|market)\b",
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
RUSSIA = re.compile(
    r"\b(?:Russian|Russia['’]s|Russians|Russia|enemy|occupiers|occupying|invaders|Moscow['’]s)\b"
    r"(?:\s+[\w-]+){0,3}?\s+(?:attack|attacks|attacked|strike|strikes|struck|missile|missiles|drone|drones|bomb|bombs|"
    r"shelling|shelled|forces|troops|army|military|artillery|shell|shells|aircraft|jets|launched|hit|pounded|fired|"
    r"dropped|rocket|rockets|glide|guided|ballistic|cruise|Shahed|S-300|Iskander|Kh-101|FPV|aerial|air|"
    r"occupation|invaders)",
)
UKRAINE = re.compile(
    r"\b(?:Ukrainian|Ukraine['’]s|Kyiv['’]s)\s+(?:[\w-]+\s+){0,2}?(?:attack|attacks|strike|strikes|missile|missiles|"
    r"drone|drones|shelling|shell|shells|forces|troops|army|military|artillery|rocket|rockets|HIMARS)\b|"
    r"\b(?:Ukraine|Kyiv)\s+(?:attacked|struck|shelled|fired|launched|hit)\b"
)


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
    span: tuple[int, int] | None = None  # the clause of the sentence this copy stands for (see _place_groups)

    @property
    def clause(self) -> str:
        return self.text if self.span is None else self.text[self.span[0] : self.span[1]]


@dataclass
class Frame:
    city: str | None
    region: str | None
    district: str | None
    city_written: str | None
    opening: Analysis
    date: date_rules.DateMention | None
    members: list[Analysis] = field(default_factory=list)
    harms: list[harm_rules.Harm] = field(default_factory=list)
    sites: list[Match] = field(default_factory=list)
    new_cue: bool = False
    context_date: date_rules.DateMention | None = None  # a date the text gives around it, when it has none

    @property
    def has_harm(self) -> bool:
        return bool(self.harms or self.sites)


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
        gap = len(text[match.end() :]) - len(text[match.end() :].lstrip())
        if match.end() + gap not in starts or match[0].lower() not in ("damaged", "destroyed", "burned", "burnt"):
            return True
    return False


def _dateline_city(dateline: str | None, text: str) -> place_rules.Mention | None:
    if not dateline:
        return None
    anaphor = CITY_ANAPHOR.search(text)
    if anaphor is None:
        return None
    name = re.split(r"[,(–—-]", dateline, maxsplit=1)[0].strip()
    found = place_rules.city_lookup(name.title()) if name else None
    if found is None:
        return None
    return place_rules.Mention("city", found.city, anaphor[0], anaphor.start(), anaphor.end())


def analyse(
    sentence: Sentence, text: str, lexicon: Lexicon, published: date | None, dateline: str | None = None
) -> Analysis:
    harms = harm_rules.find_harm(text)
    mentions = place_rules.find(text)
    capital = CAPITAL.search(text)
    if capital and not any(m.kind == "city" for m in mentions):
        mentions.append(place_rules.Mention("city", "Kyiv", capital[0], capital.start(), capital.end()))
    if not any(m.kind == "city" for m in mentions):
        # "Ivan Prikhodko, the head of Horlivka, said a drone attack on a minibus in the city killed its driver"
        titled = place_rules.titled_city(text)
        anaphor = CITY_ANAPHOR.search(text) if titled else None
        if titled and anaphor:
            mentions.append(place_rules.Mention("city", titled, anaphor[0], anaphor.start(), anaphor.end()))
    if not any(m.kind == "city" for m in mentions):
        local = _dateline_city(dateline, text)
        if local is not None:
            mentions.append(local)
    found_dates = date_rules.find_dates(text, published)
    weapons = lexicon.weapons(text)
    sites = lexicon.sites(text) if DAMAGE.search(text) else []
    # an air-defence tally ("downed all 13 of the drones"), unless falling debris did harm
    intercept = bool(INTERCEPT.search(text)) and not any(weapon.code == "debris" for weapon in weapons)
    if sites and not harms and (intercept or (HABITUAL.search(text) and not found_dates)):
        sites = []  # "Nikopol is shelled almost daily from the other bank": background, no damage told
    update = bool(any(h.toll for h in harms) or re.search(r"\b(?:rose|risen|climbed|increased)\s+to\b", text, re.I))
    plain = SUPERLATIVE.sub("", text)  # "one of the deadliest strikes this year" is no total
    aggregate = bool(STRONG_AGGREGATE.search(plain))
    has_city = any(m.kind == "city" for m in mentions)
    if not aggregate and WEAK_AGGREGATE.search(plain) and (not has_city or PLURAL_ATTACKS.search(text)):
        aggregate = True
    if not aggregate and not has_city and PLURAL_ATTACKS.search(text) and any(m.kind == "region" for m in mentions):
        aggregate = True  # "Russian attacks against Kherson Oblast killed two people"
    cities = {m.name for m in mentions if m.kind == "city"}
    if not aggregate and len(cities) >= 3 and len(harms) == 1:
        aggregate = True  # "strikes on Kyiv, Dnipro and Kharkiv killed 10": a total over cities
    years = {int(year) for year in re.findall(r"\b(?:in|since|of)\s+(20\d\d)\b", plain, re.IGNORECASE)}
    if published is not None and years and published.year not in years:
        aggregate = True  # "where Russian troops killed hundreds in 2022": history, not this report's incident
    for month, year in MONTH_YEAR.findall(plain):
        told = date(int(year), date_rules.MONTHS[month.lower()], 1)
        if published is not None and (published - told).days > 365:
            aggregate = True  # "A missile strike near a playground there in April 2024 killed 18": background
    if MONTH_PERIOD.search(plain) and not any(m.precision == "day" for m in found_dates):
        aggregate = True  # "shelling killed 13 civilians and injured 46 in August": a monthly total
    if HISTORY.search(plain) or CITY_AND_SURROUNDINGS.search(plain):
        aggregate = True  # an anniversary, a verdict, a total over a city and the villages around it
    if published is not None and any(not m.relative and (published - m.day).days > 365 for m in found_dates):
        aggregate = True  # "on April 8, 2022": an old attack told as background
    if not harms:
        aggregate = False  # "hit a block during a wave of strikes across Ukraine": context, no total
    if not has_city and (TALLY.search(plain) or any(m.kind == "regions" for m in mentions)):
        aggregate = True  # "27 attacks on Kharkiv region, damaging 40 houses", "in Donetsk and Kherson regions"
    if UNVERIFIED_REPORTS.search(plain):
        aggregate = True  # "HRMMU continued to receive reports of civilian casualties in occupied Donetsk region"
    if not harms and intercept:
        aggregate = True  # "air defence downed all 13 of the drones": an air-defence tally, nobody's harm
    if not harms and ORDINAL_TALLY.search(plain):
        aggregate = True  # "the third attack on a civilian vessel in the Odesa ports this week"
    capitals = re.findall(r"\b(?:Kyiv|Moscow)\b(?!\s+(?:[Oo]blast|[Rr]egion))", text)
    figurative = bool(capitals) and not any(m.kind == "city" and m.name in ("Kyiv", "Moscow") for m in mentions)
    first_words = text[:60]
    return Analysis(
        sentence=sentence,
        text=text,
        harms=harms,
        places=mentions,
        dates=found_dates,
        weapons=weapons,
        sites=sites,
        aggregate=aggregate,
        attack=bool(ATTACK.search(text)),
        new_cue=bool(NEW_INCIDENT.search(first_words)) and not (update and not item_attack(text)),
        anaphora=_anaphoric(text, has_city),
        update=update,
        damage=bool(sites) and _damage_verb(text, sites),
        figurative=figurative,
        dateline_city=_dateline_place(dateline),
    )


# "Correction: An earlier version of this story said 50 people were wounded": figures that no longer stand.
CORRECTION = re.compile(
    r"^(?:correction|clarification|editor['’]s\s+note)\s*:|"
    r"\b(?:an?\s+)?(?:earlier|previous)\s+version\s+of\s+this\s+(?:story|article|report|text|item)\b",
    re.IGNORECASE,
)


def mark_corrections(analyses: list[Analysis]) -> None:
    """A correction note tells what a report said before, not harm: its paragraph counts for nothing."""
    noted = {item.sentence.paragraph for item in analyses if CORRECTION.search(item.text)}
    for item in analyses:
        if item.sentence.paragraph in noted:
            item.harms = []
            item.aggregate = True


def _dateline_place(dateline: str | None) -> str | None:
    """ "NIKOPOL, 14 November 2024 (Ukrinform) -" -> Nikopol, when the gazetteer knows it."""
    if not dateline:
        return None
    name = re.split(r"[,(–—-]", dateline.lstrip("( "), maxsplit=1)[0].strip()
    found = place_rules.city_lookup(name.title()) if name else None
    return found.city if found else None


def item_attack(text: str) -> bool:
    return bool(ATTACK.search(text))


_DATELINE = re.compile(
    r"^(?P<place>[A-ZА-Я][A-ZА-Я'’ .-]+|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)"
    r"(?:,\s*(?:Ukraine|Russia)|\s*\((?:Ukraine|Russia)\))?"
    r"(?:,?\s*(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})(?:,?\s*\d{4})?))?"
    r"\s*(?P<agency>\((?:Reuters|AP|AFP|Ukrinform|UNIAN|Xinhua|dpa|Bloomberg|RFE/RL|Kyiv Independent|"
    r"The Kyiv Independent|Interfax-Ukraine|Suspilne)\))?"
    r"\s*[-–—]+\s+"
)


# "(Kyiv, October 30, 2024) -": a press release's dateline in brackets.
_BRACKET_DATELINE = re.compile(
    r"^\((?P<place>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?),\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s*\d{4}|"
    r"\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4})\)\s*[-–—]+\s+"
)


def strip_dateline(text: str) -> tuple[str, str | None]:
    """("The death toll ...", "KYIV, Jan 15 (Reuters)") for a paragraph that opens with a dateline."""
    bracket = _BRACKET_DATELINE.match(text)
    if bracket:
        return text[bracket.end() :], bracket[0]
    match = _DATELINE.match(text)
    if not match:
        return text, None
    if not (match["agency"] or match["date"] or match["place"].isupper()):
        return text, None
    return text[match.end() :], match[0]


def find_incidents(analyses: list[Analysis], published: date | None) -> list[Frame]:
    frames: list[Frame] = []
    current: Frame | None = None
    region_context: dict[int, str] = {}  # paragraph -> region named in it
    previous_prose = -1  # the last paragraph of prose before this one
    latest: Analysis | None = None
    prose = -1
    named: list[str] = []  # the cities the report has named so far, its dateline's first
    for item in analyses:
        paragraph = item.sentence.paragraph
        regions = [m for m in item.places if m.kind == "region"]
        if regions:
            region_context[paragraph] = regions[0].name
        for name in [item.dateline_city] + [m.name for m in item.places if m.kind == "city"]:
            if name and name not in named:
                named.append(name)
        if item.sentence.heading:
            continue
        if paragraph != prose:
            previous_prose, prose = prose, paragraph
        if item.aggregate:
            if any(m.kind in ("city", "region") for m in item.places):
                latest = item  # "Russian attacks on 35 settlements, including Kherson, killed two": damage told
                # after a total about other places is not the incident's before it
            continue
        groups = _place_groups(item)
        if groups:
            latest = item  # the last sentence that names a place
        if not groups:
            own_date = _incident_date(item)
            local = _report_city(item, current, named, own_date)
            if local is not None:
                # "On Wednesday, a drone dropped an explosive device on the courtyard of her house": in a feature
                # about one place, or on another day than the incident before, the report's own place
                districts = [m.name for m in item.places if m.kind == "district" and m.city is None]
                city, region = local
                if current is not None and not current.has_harm and frames and frames[-1] is current:
                    frames.pop()
                current = Frame(city, region, districts[0] if districts else None, city, item, own_date, new_cue=True)
                _attach(current, item)
                frames.append(current)
                latest = item
                continue
            # no place of its own: a continuation of the incident before it, if any
            refers = item.harms or (item.anaphora and (item.weapons or item.sites))
            if not refers and item.damage and not item.figurative and current is not None and current.members:
                # "A fire broke out at an enterprise": damage told right after the incident is its damage,
                # unless a sentence about another place came in between
                # (or paragraphs of quotes and attribution in between: "This was reported on Telegram by ...")
                last = current.members[-1]
                between = [
                    other
                    for other in analyses
                    if last.sentence.paragraph < other.sentence.paragraph < paragraph and not other.sentence.heading
                ]
                refers = (latest is None or latest in current.members) and (
                    last.sentence.paragraph in (paragraph, previous_prose)
                    or (
                        paragraph - last.sentence.paragraph <= 3
                        and not PLURAL_ATTACKS.search(item.text)
                        and all(
                            not other.harms and not other.sites and ATTRIBUTION.search(other.text) for other in between
                        )
                    )
                )
            if current is not None and refers and (item.harms or current.has_harm or item.sites):
                _attach(current, item)
                districts = [m for m in item.places if m.kind == "district" and m.city is None]
                if districts and current.district is None:
                    current.district = districts[0].name
            continue
        for city, region, district, written, harms, span in groups:
            region = region or region_context.get(paragraph)
            part = item if span is None else _part(item, span, harms)
            if _refines(current, frames, part, city, harms):
                # "a missile struck a ship in a port in Odesa region" ... "at the port of Chornomorsk": the city
                # of the region-level incident just told
                assert current is not None
                current.city, current.city_written = city, written
                current.district = current.district or district
                _attach(current, part, harms)
                continue
            same = current is not None and _same_place(current, city, region, district)
            own_date = _incident_date(part)
            if same and current is not None and not current.has_harm and (harms or part.sites):
                same = False  # an attack sentence ("Russia pounded Kharkiv") gives way to the incident itself
            if same and current is not None and not part.new_cue:
                differs = own_date and current.date and own_date.day != current.date.day
                if not differs:
                    if harms or part.sites or part.anaphora:
                        _attach(current, part, harms)
                        if current.district is None and district:
                            current.district = district
                        if current.date is None:
                            current.date = own_date
                    continue
            if not (harms or part.sites) and not (part.attack and (part.weapons or own_date) and not part.anaphora):
                continue  # a place mentioned without an attack on it
            if current is not None and not current.has_harm and frames and frames[-1] is current:
                frames.pop()  # an attack sentence that no harm followed
            if own_date is None and current is not None and SAME_DAY.search(part.text):
                own_date = current.date
            current = Frame(city, region, district, written, part, own_date, new_cue=part.new_cue)
            _attach(current, part, harms)
            frames.append(current)
    frames = [frame for frame in frames if frame.has_harm]
    frames = _merge(frames)
    _context_dates(frames, analyses)
    return frames


def lead_weapons(analyses: list[Analysis]) -> list[Match]:
    """The weapon of a summary lead ("Russia fired 40 missiles ..., killing 38 across the country"), when it
    names one family: the weapon of the incidents it sums up that name none."""
    lead = next((item for item in analyses if not item.sentence.heading), None)
    if lead is None:
        return []
    summary = [item for item in analyses if item.sentence.paragraph == lead.sentence.paragraph and item.aggregate]
    weapons = [weapon for item in summary for weapon in item.weapons if _counted(item.text, weapon)]
    return weapons if len({weapon.code for weapon in weapons}) == 1 else []


def lead_perpetrator(analyses: list[Analysis]) -> tuple[str, str] | None:
    """(region, side) of a summary lead about one region ("Russian strikes on the Kherson region killed five
    on Friday"): the side of the incidents in that region it sums up that name none."""
    lead = next((item for item in analyses if not item.sentence.heading), None)
    if lead is None or not lead.aggregate:
        return None
    regions = {m.name for m in lead.places if m.kind == "region"}
    if len(regions) != 1 or any(m.kind in ("city", "regions") for m in lead.places):
        return None
    side = "Russia" if RUSSIA.search(lead.text) and not UKRAINE.search(lead.text) else None
    side = side or ("Ukraine" if UKRAINE.search(lead.text) and not RUSSIA.search(lead.text) else None)
    return (regions.pop(), side) if side else None


_SUMMED_HARM = re.compile(r"\b(?:casualties|killed|injured|wounded|injuring|killing)\b", re.IGNORECASE)


def summary_perpetrator(analyses: list[Analysis]) -> tuple[int, str] | None:
    """(paragraph, side) of a summary that tells whose attacks the report's incidents are: a lead that sums up
    the day ("Russian attacks killed four people and injured 11 across Ukraine over the past day"), the line
    that opens a list ("regional officials reported these casualties from Russian attacks:") or an intro that
    tells the attack on an area ("Russian troops attacked Nikopol district with kamikaze drones and artillery").
    Incidents in Ukraine from that paragraph on that name no side are that side's."""
    found = list_intro(analyses)
    return (found[0], found[1]) if found else None


_AREA_ATTACK = re.compile(
    r"\b(?:attacked|shelled|struck|hit|targeted|pounded|bombarded|fired\s+(?:on|at))\b", re.IGNORECASE
)


def list_intro(analyses: list[Analysis]) -> tuple[int, str, list[Match]] | None:
    """(paragraph, side, weapons) of the summary or intro the report's lines come under (see
    summary_perpetrator). The weapons are the intro's when it tells the attack on an area without harm."""
    lead = next((item for item in analyses if not item.sentence.heading), None)
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
        if RUSSIA.search(item.text) and not UKRAINE.search(item.text):
            return item.sentence.paragraph, "Russia", list(item.weapons) if area else []
    return None


def _counted(text: str, weapon: Match) -> bool:
    """A barrage told with its size: "more than 40 missiles", "93 missiles of various types"."""
    before = text[max(0, weapon.start - 40) : weapon.start].split()[-3:]
    return any(word_number(word.lower().strip(",")) is not None for word in before)


def _context_dates(frames: list[Frame], analyses: list[Analysis]) -> None:
    """An incident with no date of its own takes the last date told before it in its paragraph, else the
    date of the lead when the lead is a summary ("killing 41 across the country on Monday")."""
    lead = next((item for item in analyses if not item.sentence.heading), None)
    lead_date = None
    if lead is not None and not any(frame.opening.sentence.paragraph == lead.sentence.paragraph for frame in frames):
        lead_date = next(
            (
                mention
                for item in analyses
                if item.sentence.paragraph == lead.sentence.paragraph and not item.update
                for mention in item.dates
                if mention.precision == "day"
            ),
            None,
        )
    for frame in frames:
        if _frame_date(frame) is not None:
            continue
        opening = frame.opening.sentence
        before = [
            mention
            for item in analyses
            if item.sentence.paragraph == opening.paragraph
            and item.sentence.index < opening.index
            and not item.update
            and not item.sentence.heading
            for mention in item.dates
        ]
        frame.context_date = before[-1] if before else lead_date


_CLAUSE_BREAK = re.compile(
    r";\s+|,?\s+(?:while|whereas)\s+|,\s+and\s+(?=(?:in|at|near)\s+(?:the\s+)?[A-ZА-ЯІЇЄҐ]|"
    r"(?:an?|another)\s+(?:[\w-]+\s+){0,3}?(?:attack|strike|shelling|missile|drone|bomb)\s+(?:on|in|at|near)\s+|"
    r"(?:[\w-]+\s+){1,4}(?:were|was|had\s+been|have\s+been)\s+(?:killed|injured|wounded|hurt)\b)"
)


def _place_groups(item: Analysis):
    """(city, region, district, written, harms, span) for each place the sentence's harm belongs to; span is
    the part of the sentence told about that place when the sentence tells of several, else None."""
    cities = [m for m in item.places if m.kind == "city"]
    regions = [m for m in item.places if m.kind == "region"]
    districts = [m for m in item.places if m.kind == "district"]
    region = regions[0].name if regions else None
    if not cities:
        if districts and not regions:
            return []  # "the city's Oleksandrivskyi district": the city is the incident's before
        if regions:
            return [(None, region, None, None, item.harms, None)]
        return []
    distinct = []
    for mention in cities:
        if mention.name not in [m.name for m in distinct]:
            distinct.append(mention)
    if len(distinct) > 1:
        clauses = _clauses(item, distinct, districts, region)
        if clauses:
            return clauses
    if len(distinct) == 1 or len(item.harms) <= 1:
        chosen = distinct[0] if len(distinct) == 1 else _nearest(distinct, item.harms, item)
        return [(chosen.name, region, _district_for(districts, chosen), chosen.written, item.harms, None)]
    by_city: dict[str, list] = {}
    for found in item.harms:
        mention = _nearest(distinct, [found], item)
        by_city.setdefault(mention.name, []).append(found)
    groups = []
    for mention in distinct:
        if mention.name in by_city:
            groups.append(
                (mention.name, region, _district_for(districts, mention), mention.written, by_city[mention.name], None)
            )
    return groups


def _clauses(item: Analysis, cities: list, districts: list, region: str | None) -> list:
    """ "In Antonivka a man was killed; in Beryslav two were injured", "a drone hit an ambulance in Kherson,
    while artillery killed two in Dniprovske": each clause's harm, weapon and sites are its own city's."""
    cuts = [0, *(match.end() for match in _CLAUSE_BREAK.finditer(item.text)), len(item.text) + 1]
    if len(cuts) < 3:
        return []
    spans = [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1)]
    owners: list[list] = [[m for m in cities if a <= m.start < b] for a, b in spans]
    named = [i for i, found in enumerate(owners) if found]
    if len(named) < 2:
        return []
    # a clause with no city of its own belongs to the one before it (or, first, to the one after)
    for i in range(len(spans)):
        if not owners[i]:
            before = [j for j in named if j < i]
            owners[i] = owners[before[-1] if before else named[0]]
    clauses: list[tuple[tuple[int, int], list]] = []
    for span, found in zip(spans, owners, strict=True):
        if clauses and clauses[-1][1] is found:
            clauses[-1] = ((clauses[-1][0][0], span[1]), found)
        else:
            clauses.append((span, found))
    groups = []
    for (start, end), found in clauses:
        distinct = []
        for mention in found:
            if mention.name not in [m.name for m in distinct]:
                distinct.append(mention)
        harms = [h for h in item.harms if start <= h.start < end]
        for mention in distinct:
            own = harms if len(distinct) == 1 else [h for h in harms if _nearest(distinct, [h], item) is mention]
            if len(distinct) > 1 and not own:
                continue
            district = _district_for(districts, mention)
            groups.append((mention.name, region, district, mention.written, own, (start, end)))
    return groups


def _part(item: Analysis, span: tuple[int, int], harms: list) -> Analysis:
    """The analysis of one clause of a sentence: its harms, weapons, sites and places only."""
    from dataclasses import replace

    start, end = span

    def inside(found) -> bool:
        return start <= found.start < end

    sites = [site for site in item.sites if inside(site)]
    return replace(
        item,
        harms=harms,
        weapons=[weapon for weapon in item.weapons if inside(weapon)],
        sites=sites,
        places=[mention for mention in item.places if inside(mention)],
        span=span,
        damage=bool(sites) and item.damage,
        attack=bool(ATTACK.search(item.text[start:end])),
    )


def _refines(current: Frame | None, frames: list[Frame], item: Analysis, city: str | None, harms: list) -> bool:
    """A city told right after an incident known only by its region, in that region, with nothing new of its own."""
    if current is None or current.city is not None or current.region is None or city is None:
        return False
    if not frames or frames[-1] is not current or not current.has_harm or item.new_cue:
        return False
    last = current.members[-1].sentence.paragraph
    if item.sentence.paragraph - last > 1:
        return False
    if harms and not item.anaphora:
        return False
    kinds = {site.code for site in current.sites}
    fresh = [site for site in item.sites if not (site.code in kinds and _DEFINITE.search(item.text[: site.start]))]
    if fresh and not item.anaphora:
        return False  # "In Izmail, a drone damaged a grain silo": something else hit there ("the vessel" is not)
    told = {weapon.code for member in current.members for weapon in member.weapons}
    if told and any(not _compatible(weapon.code, told) for weapon in item.weapons):
        return False
    own = _incident_date(item)
    if own is not None and current.date is not None and own.day != current.date.day:
        return False
    return place_rules.city_lookup(city, current.region) is not None


_FAMILIES = ({"missile", "cruise-missile", "ballistic-missile", "anti-aircraft-missile"},
             {"drone", "loitering-munition"}, {"aerial-bomb", "glide-bomb"})  # fmt: skip


def _compatible(code: str, told: set[str]) -> bool:
    """The same weapon told again, or a more or less specific name of it ("the missile" ... "the Kh-22")."""
    return code in told or any(code in family and told & family for family in _FAMILIES)


def _report_city(
    item: Analysis, current: Frame | None, named: list[str], own_date: date_rules.DateMention | None
) -> tuple[str, str | None] | None:
    """The place of a harm sentence that names none, when it is not the incident before: another day of the
    incident's city ("Two days later, a missile attack on the city's Kovpakivskyi district killed two"), or the
    one place a feature is about ("On Wednesday, a drone dropped an explosive device on her house")."""
    if item.aggregate or item.update:
        return None
    districts = [m.name for m in item.places if m.kind == "district" and m.city is None]
    # "A guided bomb fell in Saltivskyi district, damaging a sports complex": another part of the city
    if (
        current is not None
        and current.city is not None
        and current.district
        and districts
        and districts[0] != current.district
        and (item.harms or item.sites)
        and (item.attack or item.weapons)
    ):
        return current.city, current.region
    # "Two days earlier a woman was killed while riding her bicycle": another day needs no attack word
    other_day = bool(
        current is not None
        and own_date is not None
        and current.date is not None
        and own_date.day != current.date.day
        and date_rules.counted_from_before(own_date)
        and not any(h.delta for h in item.harms)
    )
    if not item.harms or not (item.attack or item.weapons or other_day):
        return None
    if not all(h.value is not None or h.children is not None for h in item.harms):
        return None
    if current is not None:
        if current.city is None or not (item.new_cue or any(m.relative for m in item.dates)):
            return None
        if own_date is None or current.date is None or own_date.day == current.date.day:
            return None
        return current.city, current.region
    if not item.sites or any(_counted(item.text, weapon) for weapon in item.weapons):
        return None  # a concrete object hit, not a barrage ("80 drones overnight, killing two")
    if len(named) != 1:
        return None
    found = place_rules.city_lookup(named[0])
    return (found.city, found.region) if found else None


def _nearest(cities: list[place_rules.Mention], harms: list, item: Analysis) -> place_rules.Mention:
    if not harms:
        # the place the attack was on: the first city after an attack word, else the first
        attack = ATTACK.search(item.text)
        if attack:
            after = [m for m in cities if m.start > attack.start()]
            if after:
                return after[0]
        return cities[0]
    position = harms[0].verb if harms[0].verb >= 0 else harms[0].start

    def distance(mention: place_rules.Mention) -> float:
        gap = mention.start - position
        return gap * 0.6 if gap > 0 else -gap  # "killed in Kurakhove": the place after the verb is closer

    return min(cities, key=distance)


def _district_for(districts: list[place_rules.Mention], city: place_rules.Mention) -> str | None:
    for district in districts:
        if district.city is None or place_rules.city_lookup(district.city) is None:
            return district.name
        found = place_rules.city_lookup(district.city)
        if found is not None and found.city == city.name:
            return district.name
    return None


def _same_place(frame: Frame, city: str | None, region: str | None, district: str | None) -> bool:
    if city is not None and frame.city is not None:
        if city != frame.city:
            return False
        return not (district and frame.district and district != frame.district)
    if city is None and frame.city is None:
        return region == frame.region
    if city is None:
        return region is not None and region == frame.region
    return False


def _incident_date(item: Analysis) -> date_rules.DateMention | None:
    if not item.dates:
        return None
    if item.update:
        rise = re.search(r"\b(?:rose|risen|climbed|increased|reached)\b", item.text)
        before = [mention for mention in item.dates if rise is None or mention.start < rise.start()]
        return before[0] if before and item.attack else None
    return item.dates[0]


def _attach(frame: Frame, item: Analysis, harms: list | None = None) -> None:
    if item not in frame.members:
        earlier = list(frame.sites)
        frame.members.append(item)
        for site in item.sites:
            if (site.code, site.text) in [(s.code, s.text) for s in frame.sites]:
                continue
            if any(_same_site(old, site, item.text) for old in earlier):
                continue  # "the Epicentr store", "the nine-storey apartment block": the site told before
            frame.sites.append(site)
    frame.harms.extend(item.harms if harms is None else harms)
    if frame.date is None and not item.update:
        frame.date = _incident_date(item)


_GENERIC_SITES = frozenset({"homes", "houses", "buildings", "home", "house", "building"})
_BUILDING_HEADS = frozenset({"building", "block", "high-rise", "highrise", "tower"})
_DEFINITE = re.compile(r"\b(?:the|this|that)\s+(?:(?!a\b|an\b|of\b|and\b)[\w'’-]+\s+){0,3}$", re.IGNORECASE)


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
    if _DEFINITE.search(text[: new.start]):
        return True
    heads = {old.text.split()[-1].lower(), new.text.split()[-1].lower()}
    return heads <= _BUILDING_HEADS


def _plural(name: str) -> bool:
    last = name.split()[-1].lower()
    return last.endswith("s") and not last.endswith(("ss", "us", "is"))


def _merge(frames: list[Frame]) -> list[Frame]:
    """The same place on the same day, reported twice, is one incident; a "second" or "later" attack is not."""
    merged: list[Frame] = []
    for frame in frames:
        target = None
        if not frame.new_cue:
            for earlier in merged:
                if (
                    earlier.city is not None
                    and earlier.city == frame.city
                    and (earlier.district == frame.district or not frame.district or not earlier.district)
                    and (frame.date is None or earlier.date is None or frame.date.day == earlier.date.day)
                ):
                    target = earlier
                    break
        if target is None:
            merged.append(frame)
            continue
        for item in frame.members:
            _attach(target, item, [])
        target.harms.extend(frame.harms)
        target.district = target.district or frame.district
        target.date = target.date or frame.date
    return merged


def _counts(harms: list[harm_rules.Harm], kind: str) -> tuple[int | None, int | None, int | None, int | None]:
    figures = [h for h in harms if h.kind == kind and h.value is not None]
    if any(not h.weak for h in figures):
        figures = [h for h in figures if not h.weak]  # "four were hospitalised" only when no injury figure
    children = [h.children for h in harms if h.kind == kind and h.children is not None]
    if not figures:
        return None, None, None, None
    # the best estimate at the latest statement: a toll rises to its highest figure, and a change ("the
    # bodies of two more", "one of the injured later died") adds to the figure told before it
    running: int | None = None
    values = []
    for h in figures:
        if h.delta:
            if running is None and h.value < 0:
                continue
            running = (running or 0) + h.value
        else:
            running = h.value if running is None else max(running, h.value)
        values.append(running)
    if running is None or running <= 0:
        return None, None, None, None
    best = running
    low, high = min(values), max(values)
    # "between 10 and 15": the low figure is the best estimate (a range needs one), the high one the maximum
    high = max([high, *(h.high for h in figures if h.high is not None)])
    if low == high:
        lowest = best if any(h.at_least for h in figures) else None
        span = (lowest, None)
    else:
        span = (low, high)
    child = max(children) if children else None
    if child is not None and child > best:
        child = None
    return best, span[0], span[1], child


def to_draft(frame: Frame, published: date | None, paragraph_weapons: list[Match]) -> Draft:
    place = place_rules.resolve(frame.city, frame.region)
    when = _frame_date(frame) or frame.context_date
    if when is not None:
        day, precision = when.day, when.precision
        if precision == "week":
            from datetime import timedelta

            day = day - timedelta(days=day.weekday())
    else:
        day, precision = published or date.today(), "day"
    weapons = [w for member in frame.members for w in member.weapons]
    weapon = best_weapon(weapons) or best_weapon(paragraph_weapons)
    killed = _counts(frame.harms, "killed")
    injured = _counts(frame.harms, "injured")
    child_killed = killed[3]
    if child_killed is None:
        child_killed = _children_only(frame.harms, "killed", killed[0])
    child_injured = injured[3]
    if child_injured is None:
        child_injured = _children_only(frame.harms, "injured", injured[0])
    evidence = " ".join(member.text for member in frame.members)
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
        weapon_detail=_detail(weapon),
        perpetrator=_perpetrator(frame),
        killed=killed[0],
        killed_min=killed[1],
        killed_max=killed[2],
        injured=injured[0],
        injured_min=injured[1],
        injured_max=injured[2],
        children_killed=child_killed,
        children_injured=child_injured,
        damaged=[f"{site.code}:{site.text}" for site in frame.sites],
        evidence=evidence,
    )
    if when is None:
        draft.notes.append("no date in the text: the publication date")
    elif _frame_date(frame) is None:
        draft.notes.append(f"date from the text around it: {when.text}")
    return draft


def _frame_date(frame: Frame) -> date_rules.DateMention | None:
    """The incident's date: from a sentence that tells the attack, before one that updates a toll."""
    for member in frame.members:
        if not member.update and member.dates:
            return member.dates[0]
    if frame.date is not None:
        return frame.date
    for member in frame.members:
        rise = re.search(r"\b(?:rose|risen|climbed|increased|reached)\b", member.text)
        for mention in member.dates:
            if rise is None or mention.start < rise.start():
                return mention
    return None


def _children_only(harms, kind: str, total: int | None) -> int | None:
    values = [h.children for h in harms if h.kind == kind and h.children is not None]
    if not values:
        return None
    child = max(values)
    return child if total is None or child <= total else None


def _detail(weapon: Match | None) -> str | None:
    if weapon is None:
        return None
    text = weapon.text
    if any(char.isdigit() for char in text) or (text[:1].isupper() and not text.islower()):
        if text.lower() == text:
            return None
        return text
    return None


def _perpetrator(frame: Frame) -> str | None:
    text = " ".join(member.clause for member in frame.members)
    if UKRAINE.search(text) and not RUSSIA.search(frame.opening.clause):
        return "Ukraine"
    if RUSSIA.search(text):
        return "Russia"
    return None

"""Sentences that tell harm but no incident: totals and history.

Totals over a country, a region, several cities or a period ("44 killed across Ukraine", "589 civilians
killed between June and August", "over the past day in Kherson region", "killed 13 ... in August"), totals
over a city and the villages around it, and history (anniversaries, verdicts, dates over a year old,
"in April 2024" told in a later year). Tallies of attacks and of downed drones, and unverified reports a
monitor received, are no incident whatever they tell.
"""

import re
from datetime import date
from itertools import pairwise

from harmtrack.extract import dates as date_rules
from harmtrack.extract.harm import Harm
from harmtrack.extract.lexicon import Match
from harmtrack.extract.places import Mention

_MONTH_NAMES = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
STRONG_AGGREGATE = re.compile(
    r"\bacross\s+(?:the\s+|all\s+of\s+)?(?:ukraine|the\s+country|country|russia|\d+\s+(?:regions|oblasts))\b|"
    r"\bnationwide\b|\bcountrywide\b|"
    r"\b(?:the\s+wider|the\s+whole|the\s+entire|all\s+over\s+the)\s+country\b|\b(?:all\s+over|throughout)\s+ukraine\b|"
    r"\bamong\s+other\s+(?:cities|towns|settlements|places|regions)\b|"
    r"\b(?:several|many|a\s+number\s+of|a\s+few|dozens\s+of)\s+other\s+(?:cities|towns|settlements|villages|"
    r"communities|localities)\b|"
    r"\bin\s+\d+\s+(?:regions|oblasts|settlements|communities|towns|cities|villages)\b|"
    r"(?<!the\s)\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|multiple)\s+(?:settlements|communities|localities|"
    r"hromadas)\b|"
    r"\bsince\s+(?:the\s+)?(?:start|beginning|outbreak|full-scale|invasion|war|24\s+february|february|"
    + _MONTH_NAMES
    + r"|"
    r"20\d\d|last\s+year|the\s+year)\b|"
    # "Since 29 December, OHCHR recorded the death of 125 civilians": a total over the days since a date
    r"\bsince\s+(?:\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTH_NAMES + r"|" + _MONTH_NAMES + r"\s+\d{1,2}(?:st|nd|rd|th)?)\b|"
    r"\bbetween\s+" + _MONTH_NAMES + r"\b[^.]{0,30}\band\s+" + _MONTH_NAMES + r"\b|"
    r"\bbetween\s+\d{1,2}\s+and\s+\d{1,2}\s+" + _MONTH_NAMES + r"\b|"
    r"^(?:in|during|throughout)\s+" + _MONTH_NAMES + r"(?:\s+\d{4})?(?:\s+alone)?,|"
    r"\b(?:this|last|past|previous)\s+(?:month|year)\b|\ball\s+(?:year|month)(?:\s+long)?\b|"
    r"\b(?:over|in|during|throughout)\s+the\s+(?:past|last|previous)\s+(?:week|month|year|\d+\s+(?:days|weeks|months))\b|"
    r"\bthroughout\s+the\s+(?:week|month|year|war|day)\b|\b(?:during|over)\s+the\s+year\b|"
    r"\bso\s+far\s+(?:this|in)\b|\bper\s?cent\b|%|\bverified\s+that\b|\bin\s+total\s+since\b|"
    r"\bsince\s+russia['’]s\b|\bsince\s+(?:russia|moscow)\s+(?:launched|began|started)\b|\bthe\s+war\s+has\s+killed\b|\bthe\s+highest\s+(?:monthly|since)\b|"
    r"\bsince\s+then\b|\bover\s+the\s+(?:week|month)\b|"
    # "Five children were reported dead, with 63 others wounded in these attacks": the figures of several attacks
    r"\b(?:in|by|from|during)\s+(?:these|those|such)\s+(?:[\w-]+\s+)?(?:attacks|strikes|shellings|bombardments|raids)\b|"
    r"\b(?:ukrainian|russian)\s+(?:cities|towns|regions|oblasts)\b|"
    r"\b(?:multiple|several|various)\s+(?:[\w-]+\s+)?(?:cities|towns|regions|oblasts)\b|"
    # "10 civilians have been killed ... in several parts of Ukraine" (not "other parts of the city")
    r"\b(?:several|various|different|many|other|multiple)\s+parts\s+of\s+(?:the\s+)?"
    r"(?:country|ukraine|russia|region|oblast|province)\b|"
    # "after almost a week of nightly airstrikes and attacks which have killed and injured dozens": days of attacks
    # ("a night of drone attacks" is one attack)
    r"\b(?:a|one|two|three|four|five|six|seven|several|\d+)\s+(?:days|nights|weeks?|months?)\s+of\s+"
    r"(?:[\w-]+\s+){0,2}?(?:air\s*strikes|airstrikes|strikes|attacks|shelling|bombardments?|raids)\b|"
    # "following weeks of deadly strikes that killed over a dozen people" (not "a town battered by months of
    # shelling" beside one attack's harm)
    r"\b(?:weeks|months|years)\s+of\s+(?:[\w-]+\s+){0,2}?(?:air\s*strikes|airstrikes|strikes|attacks|shelling|"
    r"bombardments?|raids)\s+(?:that|which)\s+(?:have\s+|has\s+|had\s+)?(?:killed|injured|wounded|claimed)\b",
    re.IGNORECASE,
)
# A region's harm over a whole day ("the Russian troops killed three civilians in Donetsk region yesterday",
# "in today's Russian shelling of Donetsk region"): the day's tally of its settlements, unless one attack is told.
DAY_TALLY = re.compile(r"\b(?:yesterday|today['’]s|during\s+the\s+day|over\s+the\s+day)\b", re.IGNORECASE)
_ONE_WEAPON = re.compile(
    r"\b(?:an?|one|the|another)\s+(?:[\w-]+\s+)?(?:strike|attack|shell|missile|rocket|drone|bomb|explosion)\b",
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
# A period longer than a day, told without a settlement ("the Belgorod region has suffered shelling and drone
# attacks all year"): the region's history, which opens no incident even before any harm is told.
PERIOD = re.compile(
    r"\ball\s+(?:year|month)(?:\s+long)?\b|\b(?:this|last|past|previous)\s+(?:month|year)\b|"
    r"\bsince\s+(?:the\s+)?(?:start|beginning|outbreak)\s+of\s+the\s+(?:full-scale\s+)?(?:war|invasion)\b",
    re.IGNORECASE,
)
# A monitor's count with no place ("The United Nations has recorded at least 227 civilian deaths", "OHCHR
# recorded the death of 125 civilians"): a national total, not one attack's toll.
MONITOR_COUNT = re.compile(
    r"\b(?:recorded|documented|registered)\s+(?:the\s+)?(?:deaths?|killings?|injur\w+|at\s+least|more\s+than|over|"
    r"nearly|almost|some|about|around|\d)",
    re.IGNORECASE,
)
# "communities", "villages": a sentence about several settlements
MANY_SETTLEMENTS = re.compile(
    r"\b(?:communities|settlements|villages|towns|cities|hromadas|localities)\b", re.IGNORECASE
)
# Killed or injured in the thousands: a total of a war or a region, never one attack's toll.
TOTAL_SIZE = 1000
WEAK_AGGREGATE = re.compile(
    r"\b(?:over|in|during|within)\s+the\s+(?:past|last|previous)\s+(?:day|24\s+hours|night)\b|\bpast\s+24\s+hours\b|"
    r"\blast\s+week\b|\bthis\s+week\b|\bdaily\b|\bthe\s+(?:previous|preceding)\s+week\b|\ba\s+week\s+(?:earlier|before)\b",
    re.IGNORECASE,
)
# A tally of attacks ("31 attacks on Kherson region", "struck the region 18 times", "93 shellings of 30
# settlements", "in 24 hours"): a count over a period or area, whatever it damaged.
_SETTLEMENTS_COUNTED = r"\b\d[\d,]*\s+(?:settlements|communities|localities|hromadas)\b"
SETTLEMENT_TALLY = re.compile(_SETTLEMENTS_COUNTED, re.IGNORECASE)
TALLY = re.compile(
    r"\b\d[\d,]*\s+(?:(?:air|drone|artillery|missile|enemy|russian|guided\s+bomb)\s+)?(?:attacks|strikes|shellings|"
    r"explosions|times|assaults|bombardments|air\s+raids)\b|" + _SETTLEMENTS_COUNTED + r"|\bin\s+24\s+hours\b",
    re.IGNORECASE,
)
# "Krasnopillia experienced the bulk of the attacks, with 56 explosions ... One civilian was killed in an airstrike
# on the community", "A woman riding on a bus was hospitalized after being struck in an attack", "three people
# were wounded when a drone crashed into their house": harm in one attack the sentence tells, among those a tally
# counts
ONE_ATTACK_TOLD = re.compile(
    r"\b(?:in|by|after|during)\s+(?:an?|one)\s+(?:[\w-]+\s+){0,2}?(?:air\s*strike|strike|attack|shelling|bombing|"
    r"shell|explosion)\b|"
    r"\bwhen\s+(?:an?|one)\s+(?:[\w-]+\s+){0,2}?(?:drone|missile|shell|bomb|projectile)\s+(?:hit|struck|crashed|"
    r"exploded|fell|landed|dropped)\b",
    re.IGNORECASE,
)

# "the third attack on a civilian vessel this week": a comparison with earlier attacks, not an incident.
ORDINAL_TALLY = re.compile(
    r"\b(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s+(?:[\w-]+\s+){0,2}?"
    r"(?:attack|strike|time)\b[^.;]{0,80}?\b(?:this|in\s+a|in\s+one|within\s+a|in\s+the\s+past|in\s+the\s+last|in\s+recent)\s+"
    r"(?:week|month|day|days|weeks|months|\d+\s+days)\b",
    re.IGNORECASE,
)
# Habits and background, not one event: "is shelled almost daily", "comes under fire every day", "Russian troops
# continue to shell Kharkiv and the region".
HABITUAL = re.compile(
    r"\b(?:almost|nearly)?\s*(?:daily|every\s+day|every\s+night|day\s+and\s+night|regularly|constantly|"
    r"routinely|frequently|repeatedly|often|continues?\s+to\s+(?:shell|attack|strike|bomb|terrori[sz]e))\b",
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
# "yet another Russian shelling of the Kupiansk area": one attack, whatever its noun
# "drone attacks on a port district in Ukraine's southwestern Odesa region": one target, one night's attack
ONE_ATTACK = re.compile(
    r"\b(?:an?|another)\s+(?:[\w-]+\s+)?(?:shelling|bombardment|attack|strike)\s+(?:on|of|against)\b|"
    r"\b(?:attacks|strikes)\s+on\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:district|village|town|city|port|settlement|community|hromada)\b(?!\s*,?\s*and\b)",
    re.IGNORECASE,
)
SUPERLATIVE = re.compile(
    r"\b(?:one\s+of\s+)?the\s+(?:deadliest|largest|biggest|worst|heaviest|bloodiest|most\s+\w+)\b[^,.;]*", re.IGNORECASE
)


def air_defence_tally(text: str, weapons: list[Match]) -> bool:
    """ "Air defence downed all 13 of the drones", unless falling debris did harm."""
    return bool(INTERCEPT.search(text)) and not any(weapon.code == "debris" for weapon in weapons)


def background_damage(text: str, dates: list[date_rules.DateMention], intercept: bool) -> bool:
    """Sites named in a sentence without harm that tells no damage of its own: an air-defence tally, or a habit
    ("Nikopol is shelled almost daily from the other bank") when no date is told."""
    return intercept or (bool(HABITUAL.search(text)) and not dates)


def is_aggregate(
    text: str,
    harms: list[Harm],
    mentions: list[Mention],
    dates: list[date_rules.DateMention],
    published: date | None,
    intercept: bool,
) -> bool:
    """The sentence tells no incident of its own: its harm is a total or history, or it is a tally."""
    plain = SUPERLATIVE.sub("", text)  # "one of the deadliest strikes this year" is no total
    has_city = any(m.kind == "city" for m in mentions)
    # without harm, totals and history are context ("hit a block during a wave of strikes across Ukraine")
    if harms and (_total(text, plain, harms, mentions, dates, has_city) or _history(plain, dates, published)):
        return True
    if not has_city and (TALLY.search(plain) or PERIOD.search(plain) or any(m.kind == "regions" for m in mentions)):
        return True  # "27 attacks on Kharkiv region, damaging 40 houses", "in Donetsk and Kherson regions"
    if not has_city and harms and all(h.value is None for h in harms) and MANY_SETTLEMENTS.search(plain):
        return True  # "Border communities of the Kharkiv Region are under heavy shelling, there are wounded"
    if UNVERIFIED_REPORTS.search(plain):
        return True  # "HRMMU continued to receive reports of civilian casualties in occupied Donetsk region"
    # "air defence downed all 13 of the drones", "the third attack on a civilian vessel in the Odesa ports this
    # week": an air-defence tally or a comparison, nobody's harm
    return not harms and (intercept or bool(ORDINAL_TALLY.search(plain)))


def _total(
    text: str,
    plain: str,
    harms: list[Harm],
    mentions: list[Mention],
    dates: list[date_rules.DateMention],
    has_city: bool,
) -> bool:
    """Harm told as a total over an area, several places or a period."""
    strong = STRONG_AGGREGATE.search(plain)
    if (
        strong
        and not _one_attack_included(plain, strong, harms)
        and not _total_aside(text, harms)
        and not _one_victim_of_several_places(strong, harms)
        and not _figures_per_city(text, harms, mentions)
    ):
        return True
    if not mentions and MONITOR_COUNT.search(plain):
        return True  # "The United Nations has recorded at least 227 civilian deaths": the country's total
    if any((h.value or 0) >= TOTAL_SIZE for h in harms):
        return True  # "more than 10,000 civilians have been killed": no one attack's toll
    if WEAK_AGGREGATE.search(plain) and (not has_city or PLURAL_ATTACKS.search(text)):
        return True
    attacks = PLURAL_ATTACKS.search(text)
    plural = attacks is not None and not ONE_ATTACK.search(text) and not _one_victim_each(attacks, harms)
    if not has_city and plural and any(m.kind == "region" for m in mentions):
        return True  # "Russian attacks against Kherson Oblast killed two people"
    if not has_city and any(m.kind == "region" for m in mentions) and _day_tally(plain, harms):
        return True  # "killed three civilians in Donetsk region yesterday"
    if len({m.name for m in mentions if m.kind == "city"}) >= 3 and len(harms) == 1:
        return True  # "strikes on Kyiv, Dnipro and Kharkiv killed 10": a total over cities
    if _joint_places(text, mentions, harms):
        return True  # "attacked the city of Kramatorsk and the village of Shakhove, killing one": a sum of both
    if MONTH_PERIOD.search(plain) and not any(m.precision == "day" for m in dates):
        return True  # "shelling killed 13 civilians and injured 46 in August": a monthly total
    return bool(CITY_AND_SURROUNDINGS.search(plain))  # a total over a city and the villages around it


# ", after the Russian Defense Ministry reported downing hundreds of drones across the country overnight": a clause
# after the harm that tells the wider night, not the harm's extent
_ASIDE_AFTER = re.compile(
    r",\s+(?:after|as|while|when)\s+(?:[\w’'-]+\s+){1,6}?(?:reported|said|announced|claimed)\s+", re.IGNORECASE
)


def _total_aside(text: str, harms: list[Harm]) -> bool:
    """The total is told in a clause of its own after every harm of the sentence: no total is told before it."""
    last = max(max(h.start, h.verb) for h in harms)
    aside = _ASIDE_AFTER.search(text, last)
    return aside is not None and not STRONG_AGGREGATE.search(SUPERLATIVE.sub("", text[: aside.start()]))


# "escalated aerial attacks across Ukraine in recent days, including a New Year's Day drone attack targeting
# central Kyiv that killed two people": one attack singled out of the total, with its own harm
_INCLUDING_ONE = re.compile(
    r",?\s+including\s+(?:a|an|one)\s+(?:[\w’'-]+\s+){0,5}?(?:attack|strike|shelling|bombing)\b", re.IGNORECASE
)


def _one_attack_included(plain: str, strong: re.Match[str], harms: list[Harm]) -> bool:
    """The total is told first and the harm after it is that of one attack it includes."""
    one = _INCLUDING_ONE.search(plain, strong.end())
    return one is not None and all(h.start > one.start() for h in harms)


_PLACED_AFTER = re.compile(r"[^,.;:()]{0,40}?\bin\s+(?:the\s+(?:city|town|village)\s+of\s+)?$", re.IGNORECASE)


def _figures_per_city(text: str, harms: list[Harm], mentions: list[Mention]) -> bool:
    """ "strikes across the country ... killed at least six people in Kyiv and two in Chornomorsk": every figure is
    told of its own settlement, each a city's toll, not the country's total."""
    cities = sorted((m for m in mentions if m.kind == "city"), key=lambda m: m.start)
    if len(harms) < 2:
        return False
    placed: set[str] = set()
    for harm in harms:
        if harm.value is None:
            return False
        at = max(harm.start, harm.verb)
        city = next((m for m in cities if m.start > at), None)
        if city is None or not _PLACED_AFTER.fullmatch(text, at, city.start):
            return False
        placed.add(city.name)
    return len(placed) == len(harms)


_COUNTED_SETTLEMENTS = re.compile(
    r"^(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|multiple)\s+(?:settlements|communities|localities|"
    r"hromadas)$",
    re.IGNORECASE,
)


def _one_victim_of_several_places(strong: re.Match[str], harms: list[Harm]) -> bool:
    """ "attacked three communities in the Nikopol district, injuring a young man": one person hurt is one attack's
    harm, told of the area those places are in, not a total over them."""
    return bool(_COUNTED_SETTLEMENTS.match(strong[0])) and len(harms) == 1 and harms[0].value == 1


def _one_victim_each(plural: re.Match[str], harms: list[Harm]) -> bool:
    """ "A man ... was killed in the Russian shelling of Kharkiv district, and another man was injured": "shelling"
    may be one attack or many; one person killed or hurt is one attack's harm, not a region's tally."""
    return plural[0].lower().startswith(("shelling ", "bombardment ")) and all(h.value == 1 for h in harms)


def _day_tally(plain: str, harms: list[Harm]) -> bool:
    """A region's people killed or injured over a whole day, with no single attack told."""
    people = sum(h.value or 0 for h in harms)
    return people >= 2 and bool(DAY_TALLY.search(plain)) and not _ONE_WEAPON.search(plain)


# Between two places named as one object: "Kramatorsk and the village of Shakhove", "Kyiv, and the northeastern
# city of Kharkiv".
JOINED = re.compile(
    r"(?:\s+(?:hromada|community|district))?(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?(?:(?!(?:in|at|on|near|to|of)\b)[a-z][\w-]*\s+){0,2}?"
    r"(?:(?:city|town|village|settlement)s?\s+of\s+)?"
)


# "injured in the town of ...": the figure told just before the places it is for
_IN_BEFORE = re.compile(r"\b(?:in|on)\s+(?:the\s+)?(?:(?:city|town|village|settlement)s?\s+of\s+)?$")


_ATTACKS_ON_BEFORE = re.compile(
    r"\bin\s+(?:[\w-]+\s+){0,2}?(?:attacks|strikes|shelling|bombardments?)\s+(?:on|of|against)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _joint_places(text: str, mentions: list[Mention], harms: list[Harm]) -> bool:
    """Harm told after two different settlements named together as what was attacked: their sum, nobody's."""
    cities = [m for m in mentions if m.kind == "city"]
    for first, second in pairwise(cities):
        if first.name == second.name or JOINED.fullmatch(text, first.end, second.start) is None:
            continue
        if all((h.verb if h.verb >= 0 else h.start) > second.end for h in harms):
            return True
        if (
            len(harms) == 1
            and max(harms[0].verb, harms[0].start) < first.start
            and _IN_BEFORE.search(text, 0, first.start)
        ):
            return True  # "three people were injured in the town of Myrnohrad and the villages of Mykolaiivka"
        if all(max(h.verb, h.start) < first.start for h in harms) and _ATTACKS_ON_BEFORE.search(text, 0, first.start):
            return True  # "Three were killed and five injured in Russian attacks on Pokrovsk hromada and the city of X"
    return False


def _history(plain: str, dates: list[date_rules.DateMention], published: date | None) -> bool:
    """Harm told as background: another year, a month over a year before publication, an anniversary or a
    verdict, an explicit date over a year old."""
    if HISTORY.search(plain):
        return True
    if published is None:
        return False
    years = {int(year) for year in re.findall(r"\b(?:in|since|of)\s+(20\d\d)\b", plain, re.IGNORECASE)}
    if years and published.year not in years:
        return True  # "where Russian troops killed hundreds in 2022": history, not this report's incident
    for month, year in MONTH_YEAR.findall(plain):
        told = date(int(year), date_rules.MONTHS[month.lower()], 1)
        if (published - told).days > 365:
            return True  # "A missile strike near a playground there in April 2024 killed 18": background
    return any(not m.relative and (published - m.day).days > 365 for m in dates)  # "on April 8, 2022"

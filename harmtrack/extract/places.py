"""Place names in a sentence: regions ("Kharkiv Oblast", "the Sumy region"),
city districts ("the Osnovyanskyi district of Kharkiv", "Kyiv's Darnytskyi
district"), and settlements, each checked against the gazetteer of
harmtrack.places.

A capitalised word sequence is a settlement when the gazetteer knows it, or
when the text says so ("the village of Hroza"); a community named by its
adjective ("the Bilopilska community") is its settlement. Names right after a
title ("Governor Ivan Fedorov") are people, not places.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from harmtrack import places
from harmtrack.extract.spans import Taken, ends_at

_NAME = r"[A-ZА-ЯІЇЄҐ][\w'’`-]*"
_NAMES = rf"{_NAME}(?:\s+{_NAME}){{0,2}}"
REGION = re.compile(
    rf"\b(?:the\s+)?(?P<name>{_NAME}(?:\s+{_NAME})?)\s+(?P<kind>[Oo]blast|[Rr]egion|[Pp]rovince|[Kk]rai)\b"
)
# "the Oblast of Sumy", "Ukraine's central region of Dnipropetrovsk": the region, never its namesake city
REGION_BEFORE = re.compile(rf"\b(?:[Oo]blast|[Rr]egion|[Pp]rovince)\s+of\s+(?P<name>{_NAME})")
DISTRICT_OF = re.compile(
    rf"\b(?:the\s+)?(?P<district>{_NAME})\s+(?:[Dd]istrict|[Rr]aion|neighbou?rhood|microdistrict)\s+of\s+"
    rf"(?:the\s+(?:city|town)\s+of\s+)?(?P<city>{_NAMES})"
)
DISTRICT_POSSESSIVE = re.compile(
    rf"\b(?P<city>{_NAMES})['’]s\s+(?P<district>{_NAME})\s+(?:[Dd]istrict|[Rr]aion|neighbou?rhood)\b"
)
DISTRICT_BARE = re.compile(
    rf"\b(?:the|city['’]s|town['’]s|capital['’]s)\s+(?P<district>{_NAME})\s+(?:[Dd]istrict|[Rr]aion|neighbou?rhood)\b|"
    # "fell in Darnytskyi district": without "the", a name shaped like a city district ("-skyi", "-tskyi")
    rf"\b(?:in|on|of|at|near)\s+(?P<adjective>[A-ZА-ЯІЇЄҐ][\w'’-]*(?:skyi|tskyi|zkyi|ckyi|sky|skiy|ivskyi|nyi|kyi))"
    r"\s+(?:[Dd]istrict|[Rr]aion)\b|"
    # "the fourth attack on Izmail district", "the shelling of Kharkiv district": a raion named after its town
    rf"\b(?:[Ii]n|[Oo]n|[Oo]f|[Aa]t|[Nn]ear)\s+(?P<bare>{_NAME}(?:\s+{_NAME})?)\s+(?:[Dd]istrict|[Rr]aion)\b"
)
# "the village of Hroza", "the town of Shebekino", "port city of Odesa": a settlement even when the gazetteer
# does not know it.
SETTLEMENT_CUE = re.compile(
    rf"\b(?:city|town|village|settlement|hamlet|township|urban-type\s+settlement|community|hromada|municipality|suburb)\s+of\s+"
    rf"(?P<name>{_NAMES})"
)
# "In Izium district, Shyikivka village, a 67-year-old man was injured", "in the Sushany village": the noun after
# the name, as translations from Ukrainian and Russian often put it
SETTLEMENT_AFTER = re.compile(rf"(?<![\w'’-])(?P<name>{_NAME}(?:[\s-]{_NAME})?)\s+(?:village|settlement|hamlet)\b")
# "the attack took place in Golovichino, a village located around 10 kilometers from the border": a settlement the
# apposition after it says is one
SETTLEMENT_APPOSED = re.compile(
    rf"\b(?:in|on|at|near)\s+(?P<name>{_NAME}(?:[\s-]{_NAME})?),\s+an?\s+(?:(?:small|border|front-?line|nearby|"
    r"frontline)\s+)?(?:village|town|settlement|hamlet)\b"
)
# "the villages of Oleksiivka and Zhelanne Druhe": several settlements the text says are such
SETTLEMENTS_CUE = re.compile(
    rf"\b(?:villages|towns|settlements)\s+of\s+(?P<names>{_NAME}(?:\s+{_NAME})?(?:\s*,\s*{_NAME}(?:\s+{_NAME})?){{0,8}}"
    rf"\s*,?\s+and\s+{_NAME}(?:\s+{_NAME})?)"
)
# "the Bilopilska community", "Verkhnyosyrovatsk community", "Krasnopilska territorial hromada", the Russian
# form "Novhorod-Siverskaya community": a community named by the adjective of its settlement.
COMMUNITY = re.compile(
    r"\b(?P<name>[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)?(?:skaya|zkaya|ska|sk|tska|zka|ka|iv))\s+(?:(?:territorial|urban|rural|village|"
    r"settlement)\s+)?(?:community|hromada)\b"
)
# "Donetsk, Kherson and Kharkiv regions", "the Belgorod, Kursk and Bryansk oblasts": several regions at once.
# At most MAX_REGION_LIST names: tried at every capitalised word of a list of places a thousand names long, an
# unbounded list would read to its end each time, and the sentence would take time quadratic in its length.
MAX_REGION_LIST = 40
REGION_LIST = re.compile(
    rf"\b(?P<names>{_NAME}(?:\s+{_NAME})?(?:\s*,\s*{_NAME}(?:\s+{_NAME})?){{0,{MAX_REGION_LIST - 2}}}"
    rf"\s*,?\s+(?:and|or)\s+{_NAME}(?:\s+{_NAME})?)"
    r"\s+(?:[Oo]blasts|[Rr]egions|[Pp]rovinces)\b|"
    # "in the border regions of Belgorod, Kursk and Bryansk"
    rf"\b(?:[Oo]blasts|[Rr]egions|[Pp]rovinces)\s+of\s+(?P<listed>{_NAME}(?:\s*,\s*{_NAME}){{0,{MAX_REGION_LIST - 2}}}"
    rf"\s*,?\s+(?:and|or)\s+{_NAME})"
)
# A capital standing for its government: "Kyiv says", "Moscow claimed", "Kyiv's forces", "the Kyiv regime".
METONYM_CAPITALS = frozenset({"Kyiv", "Kiev", "Moscow"})
_METONYM_AFTER = re.compile(
    r"(?:\s+(?:has|have|had|does|did|is|was|will|would)(?:\s+not|n['’]t)?(?:\s+(?:long|repeatedly|also|usually|"
    r"always|so\s+far))?)?\s+(?:say|says|said|claim|claims|claimed|deny|denies|denied|accuse|accuses|accused|blame|"
    r"blames|blamed|insist|insists|insisted|maintain|maintains|maintained|argue|argues|argued|want|wants|wanted|hope|"
    r"hopes|believe|believes|reject|rejects|rejected|comment|comments|commented|confirm|confirms|confirmed|acknowledge|"
    r"acknowledges|acknowledged|respond|responds|responded|warn|warns|warned|announce|announces|announced|regard|"
    r"regards|considers|consider|calls|called|urged|urges|agreed|agrees|refused|refuses|plans|expects|continues\s+to|"
    r"reported|reports|launched|sent|ordered|retaliated|vowed|vows|dismissed|dismisses|sacked|fired|appointed|replaced|"
    r"ousted)\b|"
    # "Kiev's military infrastructure" is a place hit, "Kyiv's military" its government
    r"['’]s\s+(?:[\w-]+\s+)?(?:forces|troops|army|military(?!\s+(?:infrastructure|facilities|sites|targets|objects))|allies|partners|government|officials|regime|leadership|"
    r"strikes|attacks|drones|missiles|claims|position|counteroffensive|offensive|incursion|defences|defenses|"
    r"war|decision|request|side|envoys?|delegation|negotiators|demands)\b|"
    r"\s+(?:regime|government|authorities|leadership|forces|troops)\b|"
    r"\s+(?:has\s+|had\s+)?(?:intensified|stepped\s+up|ramped\s+up|escalated|invaded|began|started)\b|"
    r"\s+and\s+(?:Moscow|Kyiv|Washington|Brussels|Berlin|Paris|London|Beijing|Ankara|its\s+allies|the\s+West)\b"
)
_METONYM_BEFORE = re.compile(
    r"(?:\b(?:Moscow|Kyiv|Washington|Brussels|Berlin|Paris|London|Beijing|Ankara)\s+and|\bbetween|\bwith|\bto|"
    # "Miroshnik accused Kiev of escalating", "urged Kyiv to": the government blamed or pressed
    r"\baccus(?:ed|es|ing)|\bblam(?:ed|es|ing)|\burg(?:ed|es|ing))\s+$"
)
# "about 75 km (45 miles) southwest of Bakhmut in eastern Donetsk": a reference point, no incident place.
_COMPASS = r"(?:[Nn]orth|[Ss]outh|[Ee]ast|[Ww]est)(?:-?(?:north|south|east|west))?(?:ern)?"
DISTANCE = re.compile(
    r"\b\d[\d,.]*\s*(?:km|kilometers|kilometres|miles)\b(?:\s*\([^)]{0,30}\))?\s+"
    rf"(?:{_COMPASS}\s+)?(?:of|from)\s+"
    rf"(?:the\s+(?:city|town|village)\s+of\s+)?{_NAME}(?:\s+{_NAME})?"
    rf"(?:,?\s+in\s+(?:the\s+)?(?:[a-z]+\s+)?{_NAME})?"
)
# "the cities of Shostka and Konotop, northeast of Kyiv": where the places just named lie, no place of its own
# ("a village, south of Zaporizhzhia" names none before the comma: the region, see _NEAR_CITY_BEFORE)
WHERE_THEY_LIE = re.compile(
    rf"\b[A-Z][\w'’-]+,\s+{_COMPASS}\s+of\s+"
    rf"(?:the\s+(?:[\w-]+\s+){{0,2}}?(?:city|town|village|capital)(?:\s+of)?,?\s+)?(?P<reference>{_NAME}(?:\s+{_NAME})?)"
)
# "in Donetsk Oblast, not including Mariupol and Volnovakha": settlements the figures leave out.
EXCLUDED = re.compile(
    r"\b(?:not\s+including|excluding|except(?:\s+for)?|apart\s+from|other\s+than)\s+"
    rf"(?P<names>(?:the\s+(?:city|town|village)\s+of\s+)?{_NAME}(?:\s+{_NAME})?"
    rf"(?:(?:\s*,\s*|\s+and\s+|\s+or\s+)(?:the\s+(?:city|town|village)\s+of\s+)?{_NAME}(?:\s+{_NAME})?){{0,8}})"
)
# Rivers named like cities: "the Dnipro", "the other bank of the Dnipro", "the Dnipro River".
RIVERS = frozenset(
    {"Dnipro", "Dnieper", "Desna", "Oskil", "Inhulets", "Psel", "Vorskla", "Kalmius", "Siverskyi Donets"}
)
_RIVER_BEFORE = re.compile(r"(?:\bthe|\bbank\s+of|\bbanks\s+of|\bacross|\bover|\balong)\s+$", re.IGNORECASE)
_THE_BEFORE = re.compile(r"\bthe\s+$")
_REGIME_AFTER = re.compile(r"\s+(?:regime|government)")
# "a deal that had allowed Kyiv to ship its grain", "a deadline for Moscow to show progress": the government
# pressed or let to act (not "reduced Kyiv to rubble", "missiles at Kyiv to terrorize")
_PRESSED_BEFORE = re.compile(
    r"\b(?:allow(?:ed|s|ing)?|for|forc(?:ed|es|ing)|enabl(?:ed|es|ing)|ask(?:ed|s|ing)|press(?:ed|es|ing)|"
    r"push(?:ed|es|ing)|call(?:ed|s|ing)\s+on|let|help(?:ed|s|ing)?|want(?:ed|s)?|expect(?:ed|s)?)\s+$",
    re.IGNORECASE,
)
_INFINITIVE_AFTER = re.compile(r"\s+to\s+(?!the\b|a\b|an\b)[a-z]{3,}\b")
# "Blinken arrived in Kyiv", "during his visit to Kyiv", "piling pressure on Kyiv": the capital as the seat a
# visitor comes to or the government pressed, not where anything was hit
_VISITED_BEFORE = re.compile(
    r"\b(?:arrived|arrives|arriving|arrive)\s+in\s+$|\b(?:visit(?:ed|ing|s)?|trip\s+to|travell?ed\s+to)\s+(?:to\s+)?$|"
    r"\bpressure\s+on\s+$",
    re.IGNORECASE,
)
_RIVER_AFTER = re.compile(r"\s+(?:[Rr]iver|riverbank|delta|estuary|islands?|floodplains?)\b")
AUTHORITY = re.compile(
    # "Head of Kryvyi Rih City Defence Council": a title
    r"\s+(?:regional|region['’]s|oblast['’]s|city['’]s|city\s+(?:defen[cs]e\s+)?council|city\s+hall|military\s+administration|"
    r"governor|mayor|police|authorities|officials?|prosecutors?|administration|council|head|chief)\b",
    re.IGNORECASE,
)
NAMED_FACILITY = re.compile(
    r"\s+(?:[Nn]uclear\s+(?:[Pp]ower\s+)?(?:[Pp]lant|[Ss]tation)|NPP|[Hh]ydroelectric|HPP)\b|"
    # "the Druzhba (Friendship) Hotel", "on Kharkivska Street": a building or street named like a settlement
    r"(?:\s+\([^()]{1,30}\))?\s+(?:Hotel|Street|Avenue|Boulevard|Prospekt|Lane|Square|Mall|Stadium|Cafe|Café|"
    r"Restaurant|Shopping\s+(?:Centre|Center|Mall))\b"
)
_AIRPORT_AFTER = re.compile(r"\s+(?:International\s+)?Airport\b")
CAPITALISED = re.compile(rf"{_NAME}(?:\s+{_NAME})*")

# Capitalised words that start sentences or name things other than settlements.
STOP = frozenset(
    [
        # "the besieged Donbas city of Severodonetsk": the area of two regions, which the gazetteer takes for Donetsk
        "donbas",
        "donbass",
        "a",
        "an",
        "the",
        "in",
        "on",
        "at",
        "of",
        "near",
        "from",
        "into",
        "to",
        "by",
        "and",
        "or",
        "but",
        "as",
        "after",
        "before",
        "during",
        "when",
        "while",
        "since",
        "until",
        "this",
        "that",
        "these",
        "those",
        "its",
        "his",
        "her",
        "their",
        "our",
        "there",
        "here",
        "it",
        "he",
        "she",
        "they",
        "we",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "russian",
        "russians",
        "russia",
        "ukraine",
        "ukrainian",
        "ukrainians",
        "ukraine's",
        "russia's",
        "moscow's",
        "governor",
        "gov",
        "mayor",
        "president",
        "minister",
        "ministry",
        "head",
        "chief",
        "officials",
        "official",
        "police",
        "prosecutor",
        "prosecutors",
        "regional",
        "local",
        "emergency",
        "state",
        "service",
        "air",
        "force",
        "army",
        "military",
        "general",
        "staff",
        "defence",
        "defense",
        "interior",
        "foreign",
        "armed",
        "forces",
        "national",
        "guard",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "telegram",
        "facebook",
        "reuters",
        "ap",
        "afp",
        "ukrinform",
        "un",
        "unicef",
        "who",
        "nato",
        "eu",
        "us",
        "u.s",
        "european",
        "union",
        "united",
        "nations",
        "western",
        "eastern",
        "northern",
        "southern",
        "central",
        "north",
        "south",
        "east",
        "west",
        "also",
        "meanwhile",
        "elsewhere",
        "later",
        "earlier",
        "separately",
        "details",
        "source",
        "background",
        "photo",
        "video",
        "update",
        "breaking",
        "live",
        "oblast",
        "region",
        "district",
        "city",
        "town",
        "village",
        "black",
        "sea",
        "azov",
        "human",
    ]
)
TITLES = frozenset(
    [
        "governor",
        "gov",
        "mayor",
        "president",
        "minister",
        "head",
        "chief",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "commander",
        "general",
        "lt",
        "col",
        "colonel",
        "secretary",
        "ambassador",
        "envoy",
        "deputy",
        "adviser",
        "advisor",
        "premier",
        "prosecutor",
        "ombudsman",
        "mr",
        "mrs",
        "ms",
        "dr",
    ]
)


@dataclass(frozen=True)
class Mention:
    kind: str  # city, region, district
    name: str  # canonical where known
    written: str
    start: int
    end: int
    known: bool = True  # the gazetteer knows it (a cue like "village of" also counts)
    city: str | None = None  # for a district: the city named with it; for a raion's region: the raion's town


# Endings written either way in English copy: "Mezhove community" for the town of Mezhova, "Sergeevka" (the
# Russian form) for Serhiivka. Tried only when the name as written is unknown.
_OTHER_ENDINGS = (("ove", "ova"), ("ova", "ove"), ("ovka", "ivka"), ("evka", "ivka"))


@lru_cache(maxsize=20_000)
def city_lookup(name: str, region: str | None = None) -> places.ResolvedPlace | None:
    """The gazetteer's settlement for a name, or under the other form of its ending, or None when it knows
    neither."""
    found = _city_lookup(name, region)
    if found is None and len(name) > 6:
        for written, other in _OTHER_ENDINGS:
            if name.endswith(written):
                found = _city_lookup(name[: -len(written)] + other, region)
                break
    return found


def _city_lookup(name: str, region: str | None) -> places.ResolvedPlace | None:
    if name.lower() in STOP or len(name) < 3:
        return None
    try:
        found = places.resolve(None, region, name)
    except (OSError, ValueError):
        return None
    unknown_names = (
        places.PlaceIssue.UNKNOWN_CITY,
        places.PlaceIssue.UNKNOWN_REGION,
        places.PlaceIssue.UNKNOWN_COUNTRY,
    )
    if found.city is None or found.has(*unknown_names):
        return None
    if region and found.has(places.PlaceIssue.CITY_OUTSIDE_REGION, places.PlaceIssue.CITY_OUTSIDE_COUNTRY):
        return None
    return found


@lru_cache(maxsize=2_000)
def region_lookup(name: str, kind: str = "region") -> str | None:
    try:
        found = places.resolve(None, f"{name} {kind}", None)
    except (OSError, ValueError):
        return None
    if found.region is None or found.notes:
        return None
    return found.region


def region_country(region: str) -> str | None:
    """The country of a region the gazetteer knows ("Kherson Oblast" -> Ukraine)."""
    try:
        return places.resolve(None, region, None).country
    except (OSError, ValueError):
        return None


def city_name(name: str, region: str | None = None) -> str | None:
    """The gazetteer's name of a settlement (see city_lookup), or None when it does not know one."""
    found = city_lookup(name, region)
    return found.city if found is not None else None


# The parts of a sentence already read as a place: a later pattern may not read them again.
_Spans = Taken


# "a village ... 10 kilometers from the border with northeastern Ukraine's Kharkiv region", "Novopetrovka outside
# eastern Ukraine's Kharkiv region": the region across the border, told to say where the place lies
_BORDER_REFERENCE_BEFORE = re.compile(
    r"\b(?:borders?\s+with|bordering|outside)\s+(?:the\s+)?(?:(?:north|south|east|west)[\w-]*\s+)?"
    r"(?:Ukraine['’]s|Russia['’]s)\s+(?:(?:north|south|east|west)[\w-]*\s+)?$",
    re.IGNORECASE,
)


def find(sentence: str) -> list[Mention]:
    """Regions, districts and settlements named in one sentence, in order."""
    spans = _Spans(len(sentence))
    mentions = _regions(sentence, spans) + _districts(sentence, spans) + _region_lists(sentence, spans)
    mentions += _communities(sentence, spans)
    cued = _cued_names(sentence)
    for match in CAPITALISED.finditer(sentence):
        _settlements(sentence, match, cued, mentions, spans)
    away = [match.span() for match in DISTANCE.finditer(sentence)]
    away += [match.span("reference") for match in WHERE_THEY_LIE.finditer(sentence)]
    away += [match.span("names") for match in EXCLUDED.finditer(sentence)]
    mentions = [
        _vicinity(sentence, mention)
        for mention in mentions
        if not _figurative(sentence, mention)
        and not _titled_region(sentence, mention)
        and not (mention.kind == "region" and ends_at(_BORDER_REFERENCE_BEFORE, sentence, mention.start))
        and not (mention.kind == "city" and any(start <= mention.start < end for start, end in away))
    ]
    mentions.sort(key=lambda mention: mention.start)
    return _without_road_ends(sentence, _without_own_communities(sentence, mentions))


# "on the highway between Stanislav and Oleksandrivka": a road between two settlements, told by its first end
_ROAD_BETWEEN_BEFORE = re.compile(r"\b(?:road|highway|route|motorway)\s+between\s+$", re.IGNORECASE)
_AND_BETWEEN = re.compile(r"\s+and\s+")


def _without_road_ends(sentence: str, mentions: list[Mention]) -> list[Mention]:
    """The second settlement of a road between two is no place of its own: the incident is on the road, and the
    first settlement names it."""
    kept: list[Mention] = []
    for mention in mentions:
        if (
            kept
            and mention.kind == "city"
            and kept[-1].kind == "city"
            and _AND_BETWEEN.fullmatch(sentence, kept[-1].end, mention.start)
            and ends_at(_ROAD_BETWEEN_BEFORE, sentence, kept[-1].start)
        ):
            continue
        kept.append(mention)
    return kept


_COMMUNITY_AFTER = re.compile(r"\s+(?:(?:territorial|urban|rural|village|settlement)\s+)?(?:community|hromada)\b")
# between a settlement and the community it belongs to: "Hirnyk, Kurakhove community", "Bohoyavlenka of the
# Vuhledar community", "Krasnohorivka in the Maryinka community"
_OWN_COMMUNITY_LINK = re.compile(r",\s+(?:the\s+)?|\s+(?:of|in)\s+the\s+")
_UNKNOWN_SETTLEMENT_BEFORE = re.compile(r"\b[A-Z][\w'’-]+\s+of\s+the\s+$")


def _without_own_communities(sentence: str, mentions: list[Mention]) -> list[Mention]:
    """ "the town of Hirnyk, Kurakhove community", "Pushkino of the Pokrovsk community": the community a
    settlement belongs to is no place of its own (it names the administrative unit, as a district would)."""
    kept: list[Mention] = []
    for mention in mentions:
        if mention.kind == "city" and _COMMUNITY_AFTER.match(sentence, mention.end):
            after_settlement = (
                bool(kept)
                and kept[-1].kind == "city"
                and bool(_OWN_COMMUNITY_LINK.fullmatch(sentence, kept[-1].end, mention.start))
            )
            # "in Bohoyavlenka of the Vuhledar community": after a settlement the gazetteer does not know
            if after_settlement or ends_at(_UNKNOWN_SETTLEMENT_BEFORE, sentence, mention.start):
                continue
        kept.append(mention)
    return kept


_AREA_KIND = re.compile(r"\s+(?:[Dd]istrict|[Rr]aion|[Rr]egion|[Oo]blast|[Pp]rovince)\b")
# "the Kupiansk area", "near the city of Kharkiv": the surroundings of a
# settlement, where the incident's own settlement is not named (issue 16, coding rule 3): its region.
_AREA_AFTER = re.compile(r"\s+(?:area|vicinity|surroundings|direction|sector|axis)\b")
# "a small coastal town near Odesa": an unnamed settlement near a city, in its region
# "in an evening artillery strike south of Kherson", "a village near Beryslav, north of the main town, Kherson":
# somewhere around the city, not in it ("the resort area near Kobleve" is Kobleve's)
_NEAR_CITY_BEFORE = re.compile(
    r"\b(?:[Nn]ear|[Oo]utside|[Aa]round)\s+the\s+(?:[\w-]+\s+){0,3}?city\s+of\s+$|\b[Oo]utside\s+the\s+town\s+of\s+$|"
    r"\b(?:town|village|settlement|hamlet|city)\s+(?:near|outside)\s+$|"
    # not "in the north of Kharkiv": a part of the city
    rf"(?<!\bthe\s)\b{_COMPASS}\s+of\s+(?:the\s+(?:[\w-]+\s+){{0,2}}?(?:city|town)(?:\s+of)?,?\s+)?$"
)


# The cities renamed in 2016 (Dnipropetrovsk -> Dnipro, Kirovohrad -> Kropyvnytskyi): their regions kept the old
# name, so the old name told alone ("injured four other people in Dnipropetrovsk") is the region in wartime copy.
_RENAMED_CITY_OLD_NAMES = frozenset({"Dnipropetrovsk", "Dnepropetrovsk", "Kirovohrad", "Kirovograd"})


# "a student dormitory near Kyiv", "a village outside Kharkiv": a regional centre's surroundings, not the city
# (a smaller town's "near Bakhmut" is often told of the town itself)
_NEAR_BEFORE = re.compile(r"\b(?:near|outside|around)\s+$")
_REGIONAL_CENTRES = frozenset(
    {"Kyiv", "Kharkiv", "Odesa", "Dnipro", "Zaporizhzhia", "Lviv", "Mykolaiv", "Kherson", "Sumy", "Chernihiv",
     "Poltava", "Vinnytsia", "Zhytomyr", "Khmelnytskyi", "Cherkasy", "Kropyvnytskyi", "Rivne", "Lutsk", "Ternopil",
     "Ivano-Frankivsk", "Uzhhorod", "Chernivtsi"}
)  # fmt: skip


def _vicinity(sentence: str, mention: Mention) -> Mention:
    """A settlement named only as the area around it is its region."""
    if mention.kind != "city":
        return mention
    if mention.written in _RENAMED_CITY_OLD_NAMES:
        region = region_lookup(mention.written)
        if region is not None:
            return Mention("region", region, mention.written, mention.start, mention.end)
    near_centre = mention.name in _REGIONAL_CENTRES and ends_at(_NEAR_BEFORE, sentence, mention.start)
    if not (
        _AREA_AFTER.match(sentence, mention.end) or ends_at(_NEAR_CITY_BEFORE, sentence, mention.start) or near_centre
    ):
        return mention
    found = city_lookup(mention.name)
    if found is None or found.region is None:
        return mention
    region = "Kyiv Oblast" if found.region == "Kyiv City" else found.region  # the capital's surroundings
    return Mention("region", region, mention.written, mention.start, mention.end)


def _regions(sentence: str, spans: _Spans) -> list[Mention]:
    """ "Kharkiv Oblast", "the southern Kherson region", "the Oblast of Sumy"."""
    found: list[Mention] = []
    for pattern in (REGION, REGION_BEFORE):
        for match in pattern.finditer(sentence):
            words = match["name"].split()
            # "the southern Kherson region": drop leading stop words
            while len(words) > 1 and words[0].lower() in STOP:
                words = words[1:]
            name = " ".join(words)
            kind = match.groupdict().get("kind") or "region"
            region = region_lookup(name, kind)
            if region is None and len(words) > 1:
                name = words[-1]
                region = region_lookup(name, kind)
            if region is None:
                continue
            start = match.start("name") + match["name"].rfind(name)
            found.append(Mention("region", region, name, start, match.end()))
            spans.take(start, match.end())
    return found


def _districts(sentence: str, spans: _Spans) -> list[Mention]:
    """City districts ("the Osnovyanskyi district of Kharkiv", "Kyiv's Darnytskyi district"), and the city
    named with one."""
    found: list[Mention] = []
    for pattern in (DISTRICT_OF, DISTRICT_POSSESSIVE, DISTRICT_BARE):
        for match in pattern.finditer(sentence):
            group = next(name for name in ("district", "adjective", "bare") if match.groupdict().get(name))
            district = match[group]
            if district.lower() in STOP or not spans.free(match.start(group), match.end(group)):
                continue
            city = match.groupdict().get("city")
            known = city_lookup(district)
            owned = re.match(r"(?:city|town|capital)['’]s", match[0])  # "the city's Kyivskyi district"
            if known is not None and known.district is None and city is None and not owned:
                # "the Pokrovsk district" is a raion named after its town, not a part of a city: a place in the
                # town's region ("the Nikopol district ... A 57-year-old woman sustained injuries")
                if known.region is not None and spans.free(match.start(group), match.end()):
                    town = known.city
                    found.append(Mention("region", known.region, district, match.start(group), match.end(), city=town))
                    spans.take(match.start(group), match.end())
                continue
            found.append(Mention("district", district, district, match.start(group), match.end(group), city=city))
            spans.take(match.start(group), match.end(group))
            if city is not None and spans.free(match.start("city"), match.end("city")):
                owner = city_name(city)  # "Kherson's Dniprovskyi district": Kherson is the incident's city
                if owner is not None:
                    found.append(Mention("city", owner, city, match.start("city"), match.end("city")))
                    spans.take(match.start("city"), match.end("city"))
    return found


_NAME_WORD_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][\w-]*)\s+$")


def _communities(sentence: str, spans: _Spans) -> list[Mention]:
    """ "the Bilopilska community", "Krasnopilska hromada": the settlement the community is named after."""
    found: list[Mention] = []
    for match in COMMUNITY.finditer(sentence):
        if not spans.free(match.start("name"), match.end("name")):
            continue
        before = _NAME_WORD_BEFORE.search(sentence, max(0, match.start("name") - 40), match.start("name"))
        if before is not None and before[1].lower() not in STOP:
            continue  # "the Velyka Pysarivka community": the last word of a longer name, read as a settlement
        from harmtrack.extract.gazetteer_names import community_settlement

        # "Novhorod-Siverskaya community": the Russian form of the adjective ("-skaya" for "-ska")
        adjective = match["name"][:-3] + "a" if match["name"].endswith("kaya") else match["name"]
        name = community_settlement(adjective)
        if name is not None:
            found.append(Mention("city", name, match["name"], match.start("name"), match.end("name")))
            spans.take(match.start("name"), match.end())
    return found


def _region_lists(sentence: str, spans: _Spans) -> list[Mention]:
    """ "Donetsk, Kherson and Kharkiv regions": each region of the list, of kind "regions"."""
    found: list[Mention] = []
    for match in REGION_LIST.finditer(sentence):
        group = "names" if match["names"] else "listed"
        if not spans.free(match.start(group), match.end(group)):
            continue
        for name in re.finditer(rf"{_NAME}(?:\s+{_NAME})?", match[group]):
            if name[0].lower() in STOP:
                continue
            start = match.start(group) + name.start()
            found.append(Mention("regions", region_lookup(name[0]) or name[0], name[0], start, start + len(name[0])))
        spans.take(min(match.start(), match.start(group)), match.end())
    return found


# "a woman was killed in Novotiahynka", "two were injured in Kurtivka": a name the gazetteer does not know, right
# after harm and "in", shaped like a Ukrainian settlement's name. It is drafted as written (a doubt of the draft's
# confidence), never taken for another place.
# "Bila Hora", "Nova Poltavka": a two-word name led by the adjective of a Ukrainian settlement's name
_ADJECTIVE_NAME = (
    r"(?:Bil|Velyk|Mal|Nov|Star|Verkhn|Nyzhn|Chervon|Zelen|Krasn|Vysok|Sukh|Mykhailivsk|Ivanivsk)"
    r"(?:a|e|yi|ia|ii|ie|i)\s+[A-Z][a-z'’]{2,}"
)
_HARMED_IN = re.compile(
    r"\b(?:killed|injured|wounded|died|dead|hurt)\b[^.;()]{0,40}?\b(?:in|near)\s+(?:the\s+village\s+)?"
    rf"(?P<name>{_ADJECTIVE_NAME}|[A-Z][a-z'’]{{3,}}(?:-[A-Z]?[a-z'’]+)?)\b(?!\s+(?:[A-Z]|[Oo]blast|[Rr]egion|"
    r"[Dd]istrict|[Rr]aion|community|hromada))|"
    # "killed: two in Pokrovsk and one in Zelenotropynka": a count sharing the harm told before it
    r"(?:\band|,)\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|\d{1,3})\s+(?:more\s+|other\s+)?(?:in|near)\s+"
    rf"(?P<elided>{_ADJECTIVE_NAME}|[A-Z][a-z'’]{{3,}}(?:-[A-Z]?[a-z'’]+)?)\b(?!\s+(?:[A-Z]|[Oo]blast|[Rr]egion|"
    r"[Dd]istrict|[Rr]aion))|"
    # "a vehicle was damaged as a result of a drone strike in Kotlyne": the place of the strike
    r"\b(?:strike|attack|shelling|explosion)\s+(?:in|on)\s+(?:the\s+village\s+(?:of\s+)?)?"
    rf"(?P<struck>{_ADJECTIVE_NAME}|[A-Z][a-z'’]{{3,}}(?:-[A-Z]?[a-z'’]+)?)\b(?!\s+(?:[A-Z]|[Oo]blast|[Rr]egion|"
    r"[Dd]istrict|[Rr]aion|community|hromada))|"
    # "fired on Zaoskollia (Kupiansk district, Kharkiv region)": placed by its district in brackets
    r"(?P<placed>[A-Z][a-z'’]{3,}(?:-[A-Z]?[a-z'’]+)?)\s+\((?:[A-Z][\w'’-]+\s+){1,2}(?:district|raion|community|"
    r"hromada)\b"
)
_SETTLEMENT_ENDINGS = (
    "ivka", "ynka", "inka", "anka", "enka", "ovka", "ivske", "ove", "eve", "yne", "ine", "ets", "tsi", "ychi",
    "ske", "sk", "iv", "yi", "ky", "ka",
)  # fmt: skip
# before "village": the endings above and the Russian ones of border villages ("NovostRoyevka-Pervaya village")
_NAMED_VILLAGE_ENDINGS = (*_SETTLEMENT_ENDINGS, "any", "aya", "oye", "ino", "ovo", "evo")
_HARM_WORD = re.compile(r"\b(?:killed|injured|wounded|died|dead|hurt)\b")
_NOT_SETTLEMENTS = frozenset({"Ukraine", "Alaska", "Minsk", "Kyivstar"})


def unknown_settlements(sentence: str) -> dict[int, str]:
    """Names shaped like settlements, told as where harm was done, that the gazetteer does not know."""
    found = {}
    harm_word = _HARM_WORD.search(sentence)  # the first: searched once, not again for each name
    for match in _HARMED_IN.finditer(sentence):
        group = next(key for key in ("name", "elided", "struck", "placed") if match[key])
        if group == "elided" and (harm_word is None or harm_word.end() > match.start()):
            continue
        name = match[group]
        shaped = group == "placed" or name.lower().endswith(_SETTLEMENT_ENDINGS) or " " in name
        if group == "struck" and name.lower().endswith(("yi", "kyi", "iy")):
            continue  # "the strike in Sviatoshynskyi": a city district's adjective
        if name in _NOT_SETTLEMENTS or not shaped:
            continue
        if city_lookup(name) is None and region_lookup(name, "region") is None:
            found[match.start(group)] = name
    return found


def _cued_names(sentence: str) -> dict[int, str]:
    """Settlement names the text marks as such ("the village of Hroza", "the villages of Oleksiivka and Zhelanne
    Druhe"), by their offset."""
    cued = unknown_settlements(sentence)
    for match in SETTLEMENTS_CUE.finditer(sentence):
        for name in re.finditer(rf"{_NAME}(?:\s+{_NAME})?", match["names"]):
            if name[0].lower() not in STOP:
                cued[match.start("names") + name.start()] = name[0]
    for match in SETTLEMENT_AFTER.finditer(sentence):
        written = match["name"]
        parts = re.split(r"[\s-]", written)
        shaped = written.lower().endswith(_NAMED_VILLAGE_ENDINGS)  # not "Another village", "Crimean Tatar village"
        if shaped and parts[0].lower() not in STOP and all(part[:1].isupper() for part in parts):
            cued.setdefault(match.start("name"), written)
    for match in SETTLEMENT_APPOSED.finditer(sentence):
        if match["name"].split()[0].lower() not in STOP:
            cued.setdefault(match.start("name"), match["name"])
    for match in SETTLEMENT_CUE.finditer(sentence):
        words = match["name"].split()
        while words and words[-1].lower() in STOP:
            words.pop()
        if words and _AREA_KIND.match(sentence, match.start("name") + len(" ".join(words))):
            continue  # "the Borivska community of Izium district": the district, not a settlement
        if words:
            cued[match.start("name")] = " ".join(words)
    return cued


# "Oleh Kiper, Head of Odesa Oblast Military Administration": a region named in a title is who spoke, not where.
_TITLE_OF = re.compile(r"\b(?:head|governor|chief|mayor)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_TITLED_CITY = re.compile(
    rf"\b(?:[Hh]ead|[Mm]ayor|[Cc]hief)\s+of\s+(?:the\s+)?(?:city\s+of\s+)?(?P<name>{_NAME}(?:\s+{_NAME})?)"
    r"(?!\s+(?:[Oo]blast|[Rr]egion|[Rr]aion|[Dd]istrict|[Mm]ilitary|[Rr]egional|[Ss]tate|[Cc]ity\s+[Mm]ilitary))|"
    # "Mykolaiv Mayor Oleksandr Sienkevych": the title before the name
    rf"\b(?P<before>{_NAME}(?:\s+{_NAME})?)\s+(?:[Cc]ity\s+)?[Mm]ayor\s+[A-Z]"
)


# "Odesa Oblast Military Administration", "two Kherson region police officers", "Gov. Serhiy Lysak of the
# Dnipropetrovsk region", "a police officer of the Kirovohrad region": a region that names who, not where.
_REGION_BODY_AFTER = re.compile(
    r"\s+(?:[Mm]ilitary\s+|[Rr]egional\s+|[Ss]tate\s+|[Cc]ivil[- ][Mm]ilitary\s+)?(?:[Aa]dministration|[Pp]olice|"
    r"[Gg]overnor|[Pp]rosecutor|[Hh]ead|[Cc]hief|officials?|officers?|authorities|[Cc]ouncil|[Gg]overnment)\b"
)
_REGION_MEMBER_BEFORE = re.compile(
    r"\b(?:Gov\.|[Gg]overnor|[Hh]ead|[Cc]hief|[Mm]ayor|officers?|official|policem[ae]n|[Pp]rosecutors?)\s+"
    r"(?:[A-Z][\w'’-]*\s+){0,3}of\s+(?:the\s+)?$"
)


def _titled_region(sentence: str, mention: Mention) -> bool:
    if mention.kind != "region":
        return False
    if ends_at(_TITLE_OF, sentence, mention.start) or ends_at(_REGION_MEMBER_BEFORE, sentence, mention.start):
        return True
    return bool(_REGION_BODY_AFTER.match(sentence, mention.end))


# "The Kyiv regional head, Mykola Kalashnyk", "Kharkiv regional authorities reported": a region named by its
# adjective in the title of who spoke.
_REGIONAL_TITLE = re.compile(
    rf"\b(?P<name>{_NAME})\s+[Rr]egional\s+(?:[Mm]ilitary\s+|[Ss]tate\s+)?(?:[Hh]ead|[Gg]overnor|[Cc]hief|authorities|"
    r"[Aa]dministration|officials?|[Pp]olice|[Pp]rosecutor['’]?s?)\b|"
    # "Voronezh governor Alexander Gusev", "Belgorod Governor Vyacheslav Gladkov": a region's governor by its name
    rf"\b(?P<governed>{_NAME})\s+[Gg]overnor\s+[A-Z]"
)


def titled_regions(sentence: str) -> set[str]:
    """The regions a sentence names only as who spoke ("Oryol region Governor Andrei Klychkov said", "the Kyiv
    regional head")."""
    found = {mention.name for mention in _regions(sentence, _Spans(len(sentence))) if _titled_region(sentence, mention)}
    for match in _REGIONAL_TITLE.finditer(sentence):
        region = region_lookup(match["name"] or match["governed"])
        if region is not None:
            found.add(region)
    return found


def titled_city(sentence: str, before_name: bool = True) -> str | None:
    """The city a speaker heads ("Ivan Prikhodko, the head of Horlivka, said"), named as a title only;
    `before_name`: also a title told before the name ("Mykolaiv Mayor Oleksandr Sienkevych")."""
    for match in _TITLED_CITY.finditer(sentence):
        if match["before"] and not before_name:
            continue
        name = match["name"] or match["before"]
        found = city_lookup(name) or city_lookup(name.split()[-1] if match["before"] else name.split()[0])
        if found is not None:
            return found.city
    return None


# "the UN's top aid official in Kyiv", "the U.S. ambassador in Kyiv", "the EU delegation in Kyiv": where a
# foreign or international body sits, not where anything was hit.
_SEAT_BEFORE = re.compile(
    r"\b(?:U\.?N\.?|United\s+Nations|EU|European\s+Union|OSCE|ICRC|Red\s+Cross|embassy|ambassador|envoy|diplomats?|"
    r"correspondents?|bureau|delegation)\b[^,.;:()]{0,40}?\s+(?:in|to)\s+$|"
    r"\b(?:embassy|ambassador|envoy|correspondent|bureau|delegation|office|mission|headquarters)\s+in\s+$",
    re.IGNORECASE,
)
# "An ambulance transported the victim to city hospital No. 2 in Belgorod", "was taken to Kharkiv": where the
# wounded were treated, not where they were hurt ("a missile hit a hospital in Kharkiv" keeps its place)
_TREATED_BEFORE = re.compile(
    # "transported the victim to city hospital No. 2 in Belgorod", "was rushed to hospital in Kherson"
    r"\b(?:taken|transported|brought|rushed|evacuated|admitted|airlifted)(?:\s+[\w-]+){0,3}?\s+to\s+"
    r"[^,.;:()]{0,40}?\b(?:hospital|clinic|medical\s+(?:facility|institution))\b(?:\s+(?:No\.?|#)\s*\d+)?"
    r"[^,.;:()]{0,20}?\s+in\s+$|"
    # "The wounded man was taken to Kharkiv" (not "Russia has taken the fight to Kharkiv")
    r"\b(?:was|were|been|being)\s+(?:taken|rushed|evacuated|airlifted)\s+to\s+$|"
    # "were hospitalized in the city of Belgorod": where they are treated
    r"\b(?:hospitali[sz]ed|admitted)\s+in\s+(?:the\s+(?:city|town)\s+of\s+)?$",
    re.IGNORECASE,
)


# "two brothers were travelling on a tractor towards the Khotin hromada when they were struck": where the victims
# were going, not where they were hit
_HEADING_FOR_BEFORE = re.compile(
    r"\b(?:travel(?:l)?ing|driving|walking|riding|heading|going|on\s+(?:their|his|her)\s+way)\s+"
    r"(?:(?!(?:killed|wounded|injured|hit|struck|died)\b)[\w-]+\s+){0,5}?towards?\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _figurative(sentence: str, mention: Mention) -> bool:
    """A city name that names no place here: a capital for its government ("Kyiv says", "Moscow's forces") or
    as the seat a visitor arrives in ("Blinken arrived in Kyiv"), the
    seat of an official or a mission ("the UN's top aid official in Kyiv"), where the wounded were taken for
    treatment ("transported ... to city hospital No. 2 in Belgorod") or a river ("the other bank of the
    Dnipro")."""
    if mention.kind != "city":
        return False
    if ends_at(_SEAT_BEFORE, sentence, mention.start, reach=80):
        return True
    if ends_at(_TREATED_BEFORE, sentence, mention.start, reach=100):
        return True
    if ends_at(_HEADING_FOR_BEFORE, sentence, mention.start):
        return True
    if mention.written in METONYM_CAPITALS:
        if _METONYM_AFTER.match(sentence, mention.end) or ends_at(_METONYM_BEFORE, sentence, mention.start):
            return True
        if ends_at(_VISITED_BEFORE, sentence, mention.start):
            return True
        if ends_at(_PRESSED_BEFORE, sentence, mention.start) and _INFINITIVE_AFTER.match(sentence, mention.end):
            return True
        if ends_at(_THE_BEFORE, sentence, mention.start) and _REGIME_AFTER.match(sentence, mention.end):
            return True
    if mention.written in RIVERS:
        return bool(ends_at(_RIVER_BEFORE, sentence, mention.start) or _RIVER_AFTER.match(sentence, mention.end))
    return False


def _settlements(
    sentence: str, match: re.Match[str], cued: dict[int, str], mentions: list[Mention], spans: _Spans
) -> None:
    """The settlements in a run of capitalised words, added to `mentions`."""
    words = match[0].split()
    offsets = []
    position = match.start()
    for word in words:
        position = sentence.index(word, position)
        offsets.append(position)
        position += len(word)
    i = 0
    while i < len(words):
        start = offsets[i]
        if start in cued:
            written = cued[start]
            end = start + len(written)
            if spans.free(start, end):
                found = city_lookup(written)
                name = found.city if found is not None else None
                if found is not None and found.district is not None and name != written:
                    name = written  # "the villages of Oleksiivka": a village, not the city district of that name
                mentions.append(Mention("city", name if name is not None else written, written, start, end, True))
                spans.take(start, end)
            i += len(written.split())
            continue
        previous = words[i - 1] if i > 0 else ""
        # "Kharkiv Oblast's Kupiansk", "Russian-occupied Nova Kakhovka": the word before ends a name
        inside_name = (
            i > 0
            and previous.lower() not in STOP
            and not previous.endswith(("'s", "’s"))
            and not re.search(r"-[a-z]+$", previous)
        )
        if words[i].lower() in STOP or inside_name or _after_title(sentence, start):
            i += 1
            continue
        found_count = _match_at(sentence, words, i, start, mentions, spans)
        i += found_count or 1


def _match_at(sentence: str, words: list[str], i: int, start: int, mentions: list[Mention], spans: _Spans) -> int:
    """The longest known settlement of up to three words from words[i], added to `mentions`; how many words
    it (or a name that is no settlement here) takes."""
    for count in (3, 2, 1):
        if i + count > len(words):
            continue
        parts = words[i : i + count]
        if parts[-1].endswith(("'s", "’s")):
            parts = [*parts[:-1], parts[-1][:-2]]
        elif any(part.endswith(("'s", "’s")) for part in parts[:-1]):
            continue
        written = " ".join(parts)
        end = start + len(written)
        if re.match(r"\s+(oblast|region|province|district|raion)\b", sentence[end : end + 12].lower()):
            continue
        if NAMED_FACILITY.match(sentence, end):
            return len(parts)  # "the Zaporizhzhia nuclear plant": a plant named after a city, elsewhere
        if AUTHORITY.match(sentence, end):
            return len(parts)  # "the Donetsk regional prosecutor", "Kharkiv Mayor Ihor Terekhov": who said it
        following = words[i + count] if i + count < len(words) else None
        airport = _AIRPORT_AFTER.match(sentence, end) is not None  # "Vinnytsia International Airport": its city's
        if following is not None and following.lower() not in STOP and not airport:
            continue  # part of a longer name: "Kyiv Independent", "Ivan Fedorov"
        name = city_name(written)
        if name is not None and spans.free(start, end):
            mentions.append(Mention("city", name, written, start, end, True))
            spans.take(start, end)
            return count
    return 0


def _after_title(sentence: str, start: int) -> bool:
    before = sentence[max(0, start - 40) : start].split()
    # "Governor Ivan Fedorov", "Mayor Terekhov", "regional Gov. Oleh Kiper"
    return any(word.rstrip(".,").lower() in TITLES for word in before[-2:])


def resolve(city: str | None, region: str | None) -> places.ResolvedPlace:
    """The normalised place of an incident."""
    try:
        return places.resolve(None, region, city)
    except (OSError, ValueError):
        return places.ResolvedPlace(None, region, city, None, None)

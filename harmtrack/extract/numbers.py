"""Counts as news reports write them: digits, number words, "a dozen",
"at least 12", "more than 60", "a 56-year-old woman" (one person), and the
vague counts ("dozens", "scores of", "several") that must stay unknown.

Works on a list of lower-cased tokens; `read_count` returns a Count and the
index after it, or None when no count starts there.
"""

import re
from dataclasses import dataclass, replace

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
# "at least", "more than": a lower bound, read as the best figure (and the minimum).
LOWER_BOUNDS = (("at", "least"), ("more", "than"), ("over",), ("no", "fewer", "than"), ("no", "less", "than"))
APPROXIMATE = (("about",), ("around",), ("nearly",), ("almost",), ("approximately",), ("some",), ("up", "to"))
VAGUE = {
    "dozens", "scores", "hundreds", "thousands", "several", "many", "numerous", "multiple", "some",
    "few", "a few", "tens",
}  # fmt: skip
CHILD_NOUNS = frozenset(
    [
        "child",
        "children",
        "boy",
        "boys",
        "girl",
        "girls",
        "teenager",
        "teenagers",
        "teen",
        "teens",
        "adolescent",
        "adolescents",
        "baby",
        "babies",
        "infant",
        "infants",
        "toddler",
        "toddlers",
        "kid",
        "kids",
        "minor",
        "minors",
        "schoolboy",
        "schoolgirl",
        "schoolchildren",
        "pupil",
        "pupils",
        "schoolboys",
        "schoolgirls",
        "grandchildren",
        "grandchild",
        "newborn",
        "newborns",
    ]
)
PERSON_NOUNS = CHILD_NOUNS | frozenset(
    [
        "person",
        "persons",
        "people",
        "civilian",
        "civilians",
        "resident",
        "residents",
        "man",
        "men",
        "woman",
        "women",
        "pensioner",
        "pensioners",
        "driver",
        "drivers",
        "passenger",
        "passengers",
        "worker",
        "workers",
        "employee",
        "employees",
        "paramedic",
        "paramedics",
        "medic",
        "medics",
        "doctor",
        "doctors",
        "nurse",
        "nurses",
        "rescuer",
        "rescuers",
        "firefighter",
        "firefighters",
        "volunteer",
        "volunteers",
        "journalist",
        "journalists",
        "farmer",
        "farmers",
        "couple",
        "resident's",
        "others",
        "other",
        "victims",
        "victim",
        "individuals",
        "individual",
        "patient",
        "patients",
        "student",
        "students",
        "mother",
        "father",
        "son",
        "daughter",
        "husband",
        "brother",
        "brothers",
        "sister",
        "sisters",
        "wife",
        "brother",
        "sister",
        "grandmother",
        "grandfather",
        "policeman",
        "policemen",
        "officer",
        "officers",
        "adult",
        "adults",
        "passer-by",
        "passers-by",
        "passerby",
        "passersby",
        "pedestrian",
        "pedestrians",
        "cyclist",
        "cyclists",
        "motorist",
        "motorists",
        "villager",
        "villagers",
        "inhabitant",
        "inhabitants",
        "citizen",
        "citizens",
        "neighbour",
        "neighbours",
        "neighbor",
        "neighbors",
        "member",
        "members",
        "relative",
        "relatives",
        "spouses",
        "grandson",
        "granddaughter",
        "watchman",
        "guard",
        "guards",
        "teacher",
        "teachers",
        "miner",
        "miners",
        "electrician",
        "electricians",
        "engineer",
        "engineers",
        "deminer",
        "deminers",
        "sapper",
        "sappers",
        "policewoman",
        "customer",
        "customers",
        "shopper",
        "shoppers",
        "visitor",
        "visitors",
        "guest",
        "guests",
        "priest",
        "fisherman",
        "fishermen",
        "retiree",
        "retirees",
        "elderly",
        "nationals",
        "foreigners",
        # more trades and roles real reports name the dead and hurt by
        "educator",
        "educators",
        "staff",
        "builder",
        "builders",
        "lineman",
        "linemen",
        "tractor-driver",
        "mechanic",
        "mechanics",
        "labourer",
        "labourers",
        "laborer",
        "laborers",
        "seller",
        "sellers",
        "vendor",
        "vendors",
        "cashier",
        "cashiers",
        "beekeeper",
        "beekeepers",
        "postman",
        "postwoman",
        "courier",
        "couriers",
        "aid-worker",
        "aid-workers",
        "humanitarians",
        "tourist",
        "tourists",
        "holidaymaker",
        "holidaymakers",
        "churchgoer",
        "churchgoers",
        "parishioner",
        "parishioners",
        "worshipper",
        "worshippers",
    ]
)
CHILD_ADJECTIVES = frozenset({"teenage", "teen", "newborn", "underage", "schoolage"})
MILITARY_NOUNS = frozenset(
    [
        "soldier",
        "soldiers",
        "troops",
        "servicemen",
        "serviceman",
        "fighters",
        "militants",
        "personnel",
        "mercenaries",
        "invaders",
        "occupiers",
        "marines",
        "paratroopers",
        "conscripts",
    ]
)
# Words allowed between a count and its noun: "two teenage boys", "36 other people".
MODIFIERS = frozenset(
    [
        "other",
        "more",
        "additional",
        "further",
        "elderly",
        "young",
        "old",
        "local",
        "teenage",
        "little",
        "small",
        "adult",
        "wounded",
        "injured",
        "ukrainian",
        "russian",
        "civilian",
        "innocent",
        "unarmed",
        "female",
        "male",
        "ambulance",
        "rescue",
        "emergency",
        "rail",
        "railway",
        "utility",
        "energy",
        "humanitarian",
        "aid",
        "medical",
        "municipal",
        "police",
        "bus",
        "minibus",
        "truck",
        "lorry",
        "taxi",
        "tram",
        "trolleybus",
        "delivery",
        "farm",
        "tractor",
        "private",
        "family",
        "security",
        "pregnant",
        "retired",
        "older",
        "crew",
        "port",
        "factory",
        "hospital",
        "married",
        "foreign",
    ]
)
# "her husband", "his 19-year-old son", "their two children": a determiner like "the".
POSSESSIVES = frozenset({"his", "her", "their", "its"})
_PLURAL_PERSONS = frozenset({"people", "persons", "others", "civilians", "residents", "members", "relatives", "adults"})
# Words after an age that do not name a person: "a 30-year-old building", "a 9-year-old and ..."
_NOT_PERSONS = frozenset(
    {"and", "or", "building", "house", "car", "tree", "was", "were", "is", "had", "has", "in", "of"}
)
_AGE = re.compile(r"(\d{1,3})-(?:year|month|week|day)s?-old")
_AGE_WORDS = re.compile(r"([a-z]+(?:-[a-z]+)?)-(year|month|week|day)s?-old")
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")


@dataclass(frozen=True)
class Count:
    value: int | None  # None: a vague count ("dozens"), unknown
    at_least: bool = False  # "at least 12": the minimum is the value
    children: bool = False  # the counted people are children
    noun: str | None = None  # the noun counted, if any
    military: bool = False  # soldiers, not civilians
    high: int | None = None  # "between 10 and 15": the value is the low figure, this the high one


def word_number(token: str) -> int | None:
    """36, 1,181, four, twenty-one; None for anything else."""
    if _DIGITS.fullmatch(token):
        return int(token.replace(",", ""))
    if token in UNITS:
        return UNITS[token]
    if token in TENS:
        return TENS[token]
    if "-" in token:
        tens, _, unit = token.partition("-")
        if tens in TENS and unit in UNITS and 0 < UNITS[unit] < 10:
            return TENS[tens] + UNITS[unit]
    return None


def is_child_age(token: str) -> bool | None:
    """True for "9-year-old" or "six-month-old", False for "56-year-old", None if not an age."""
    match = _AGE.fullmatch(token)
    if match:
        return match[0].count("year") == 0 or int(match[1]) < 18
    match = _AGE_WORDS.fullmatch(token)
    if match:
        number = word_number(match[1])
        if number is None:
            return None
        return match[2] != "year" or number < 18
    return None


def _starts(tokens: list[str], i: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """The length of the first of `phrases` that tokens[i:] starts with, else 0."""
    for phrase in phrases:
        if tuple(tokens[i : i + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def read_count(tokens: list[str], i: int) -> tuple[Count, int] | None:
    """A count starting at tokens[i], with the noun phrase it counts."""
    n = len(tokens)
    if i >= n:
        return None
    if tokens[i] == "between" and i + 3 < n and tokens[i + 2] in ("and", "to"):
        return _range(tokens, i)
    at_least = False
    skip = _starts(tokens, i, LOWER_BOUNDS)
    if skip:
        at_least = True
        i += skip
    else:
        i += _starts(tokens, i, APPROXIMATE)
    if i >= n:
        return None
    token = tokens[i]
    value: int | None
    vague = False
    if token in ("a", "an", "one", "the", "another") and i + 1 < n and tokens[i + 1] in ("dozen", "couple"):
        value, i = _dozen_or_couple(tokens, i)
    elif token in VAGUE:
        value, vague = None, True
        i += 1
        if i < n and tokens[i] == "of":
            i += 1
    elif token in POSSESSIVES and i + 1 < n and word_number(tokens[i + 1]) is not None:
        return read_count(tokens, i + 1)  # "their two children"
    elif token in ("a", "an", "the", "another", "one") or token in POSSESSIVES:
        return _one_person(tokens, i, at_least)
    else:
        number = word_number(token)
        if number is None:
            return None
        value, i = number, i + 1
        if i < n and tokens[i] == "dozen":
            value, i = number * 12, i + 1
    return _counted_noun(tokens, i, value, vague, at_least)


def _range(tokens: list[str], i: int) -> tuple[Count, int] | None:
    """ "between 10 and 15 people": a range; the low figure is the best estimate, the high one the maximum."""
    low, high = word_number(tokens[i + 1]), word_number(tokens[i + 3])
    if low is None or high is None or low >= high:
        return None
    rest = read_count(tokens, i + 3)
    if rest is None or rest[0].value is None:
        return None
    count, end = rest
    return replace(count, value=low, at_least=False, high=high), end


def _dozen_or_couple(tokens: list[str], i: int) -> tuple[int, int]:
    """(value, index after it) of "a dozen (of)", "a couple of"; "a couple" alone is two people."""
    n = len(tokens)
    if tokens[i + 1] == "couple" and not (i + 2 < n and tokens[i + 2] == "of"):
        return 2, i + 2  # "an elderly couple" is read by _one_person
    value = 12 if tokens[i + 1] == "dozen" else 2
    i += 2
    if i < n and tokens[i] == "of":
        i += 1
    return value, i


def _modifiers(tokens: list[str], j: int) -> tuple[int, bool, bool, bool]:
    """Past the words between an article or a number and its noun ("two teenage boys", "a 56-year-old
    woman"): (index after them, whether they make children, whether an age is told, whether an adult's)."""
    children = aged = adult = False
    while j < len(tokens):
        age = is_child_age(tokens[j])
        if not (tokens[j] in MODIFIERS or age is not None or tokens[j] in CHILD_ADJECTIVES):
            break
        children = children or bool(age) or tokens[j] in CHILD_ADJECTIVES
        aged = aged or age is not None
        adult = adult or age is False
        j += 1
    return j, children, aged, adult


_VEHICLES = frozenset(
    {"van", "bus", "minibus", "taxi", "truck", "lorry", "tractor", "ambulance", "train", "tram", "trolleybus"}
)


def _one_person(tokens: list[str], i: int, at_least: bool) -> tuple[Count, int] | None:
    """ "a 56-year-old woman", "the driver", "an elderly couple", "one person", "her husband"."""
    n = len(tokens)
    token = tokens[i]
    j, children, aged, adult = _modifiers(tokens, i + 1)
    if j + 1 < n and tokens[j] in _VEHICLES and tokens[j + 1] in PERSON_NOUNS:
        j += 1  # "killing a van driver": the vehicle names the driver's trade
    person = j < n and tokens[j] in PERSON_NOUNS
    if not person and j > i + 1 and tokens[j - 1] in PERSON_NOUNS:
        j, person = j - 1, True  # "one civilian", "a local": the modifier is the noun
    if not person and aged and j < n and tokens[j].isalpha() and token not in POSSESSIVES:
        person = tokens[j] not in _NOT_PERSONS  # "a 58-year-old watchman": an age makes a person
    if person and tokens[j] not in _PLURAL_PERSONS:
        noun = tokens[j]
        if token in ("the", *POSSESSIVES) and noun in ("other", "others", "victims", "victim", "members"):
            return None
        number = 2 if noun == "couple" else 1
        children = (children or noun in CHILD_NOUNS) and not adult
        return Count(number, at_least, children, noun), _aged(tokens, j + 1)
    if token in POSSESSIVES:
        return None
    if token == "one" and j < n and tokens[j] in ("of",):
        return None
    if token == "one":
        return Count(1, at_least, children, None), i + 1
    return None


def _counted_noun(
    tokens: list[str], i: int, value: int | None, vague: bool, at_least: bool
) -> tuple[Count, int] | None:
    """The noun phrase after a number: modifiers, a noun, an age ("36 other people", "two men aged 35 and 42");
    a number with no noun after it is bare ("killed three", "and 73 wounded")."""
    j, children, _, _ = _modifiers(tokens, i)
    if j + 1 < len(tokens) and tokens[j] in _VEHICLES and tokens[j + 1] in PERSON_NOUNS:
        j += 1  # "two bus drivers"
    noun: str | None = None
    if j < len(tokens) and (tokens[j] in PERSON_NOUNS or tokens[j] in MILITARY_NOUNS):
        noun = tokens[j]
        children = children or noun in CHILD_NOUNS
        j += 1
    elif vague:
        return Count(None, False, False, None), i
    else:
        j = i  # a bare number: "killed three", "and 73 wounded"
    military = noun in MILITARY_NOUNS if noun else False
    if noun is not None:
        j = _aged(tokens, j)
    return Count(None if vague else value, at_least, children, noun, military), j


def _aged(tokens: list[str], j: int) -> int:
    """Past an age told after the noun: "two men aged 35 and 42", "a woman, aged 71"."""
    k = j + 1 if j < len(tokens) and tokens[j] == "," else j
    if k >= len(tokens) or tokens[k] != "aged":
        return j
    k += 1
    start = k
    while k < len(tokens) and (word_number(tokens[k]) is not None or tokens[k] in ("and", "to", "-", ",")):
        if (
            k + 1 < len(tokens)
            and word_number(tokens[k]) is not None
            and (tokens[k + 1] in PERSON_NOUNS or tokens[k + 1] in MODIFIERS or is_child_age(tokens[k + 1]) is not None)
        ):
            break  # "a man aged 45 and three women aged 38": the next count, not an age
        k += 1
    while k > start and tokens[k - 1] in ("and", "to", "-", ","):
        k -= 1
    if k == start:
        return j
    if j < len(tokens) and tokens[j] == "," and not (k < len(tokens) and tokens[k] == ","):
        return j
    return k + 1 if j < len(tokens) and tokens[j] == "," else k

"""Harm clauses in one sentence: who was killed or injured, and how many.

Three shapes cover most reports:

- subject:  "Three people were injured", "25 people had been killed and 73 wounded",
            "a two-year-old girl and a 31-year-old woman were killed"
- object:   "killed four people", "killing the driver and injuring three passengers",
            "killed three, including two teenage boys, and injured 36 others"
- toll:     "the death toll rose to 21", "the number of injured had risen to 26"

Children come from the counted noun ("two teenage boys") or a following
"including / among them N children". Vague counts ("dozens", "scores of") give
a mention with no number: harm happened, the count is unknown. Soldiers are
not civilian harm; "no one was hurt" is no harm.
"""

import re
from dataclasses import dataclass, replace

from harmtrack.extract.nominal import children_among_totals, nominal_harm
from harmtrack.extract.numbers import CHILD_NOUNS, PERSON_NOUNS, Count, is_child_age, read_count, word_number
from harmtrack.extract.spans import ends_at

# "executed", "murdered": killings by soldiers, read like "killed" (a count of people is still needed, so "the
# strike was executed" tells no harm)
KILL_WORDS = frozenset({"kill", "kills", "killed", "killing", "dead", "died", "dies", "die", "perished", "slain",
                        "executed", "executing", "murdered"})  # fmt: skip
INJURE_WORDS = frozenset(
    {"injure", "injures", "injured", "injuring", "wound", "wounds", "wounded", "wounding", "hurt", "hurting", "maimed"}
)
ACTIVE = frozenset({"kill", "kills", "killed", "killing", "executed", "executing", "murdered", "injure", "injures",
                    "injured", "injuring", "wound", "wounds",
                    "wounded", "wounding", "hurt", "hurting", "maimed", "left", "leaving"})  # fmt: skip
AUXILIARIES = frozenset(
    [
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "reportedly",
        "also",
        "later",
        "confirmed",
        "all",
        "still",
        "subsequently",
        "fatally",
        "mortally",
        "seriously",
        "severely",
        "badly",
        "gravely",
        "critically",
        "lightly",
        "slightly",
        "moderately",
        "reported",
        "believed",
        "feared",
        "thought",
        "said",
        "to",
        "were",
        "allegedly",
        "tragically",
        "either",
        "both",
        "initially",
        "officially",
        "more",
        "known",
        "shot",  # "were shot dead", "was shot and killed"
    ]
)
_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+|[\w][\w'’-]*|[^\w\s]")
_NEGATED = re.compile(r"\b(?:no\s+one|nobody|none|no\s+(?:immediate\s+)?(?:reports?\s+of\s+)?(?:casualties|injuries|"
                      r"deaths|victims|fatalities|one\s+was))\b", re.IGNORECASE)  # fmt: skip
_TOLL_NOUN = re.compile(
    r"\b(?:(?P<kind1>death|casualty|injury)\s+toll|toll|(?:that|this)\s+(?:number|figure)|number\s+of\s+(?:the\s+|those\s+)?(?P<kind2>dead|killed|deaths|fatalities|victims|"
    r"injured|wounded|casualties|(?:people|civilians|residents|persons)\s+(?:killed|injured|wounded)))\b",
    re.IGNORECASE,
)
_TOLL_RISE = re.compile(
    r"\b(?:rose|risen|rises|rising|climbed|climbs|increased|grew|grown|reached|reaches|jumped|stood|stands|went\s+up|"
    r"gone\s+up)"
    r"\s+(?:(?:again|further|now|once\s+again)\s+)?(?:to|at)\s+|\b(?:was|is|now\s+stands\s+at|stands\s+at|stood\s+at)\s+(?=\d|at\s+least\s+\d)",
    re.IGNORECASE,
)

_PUT_AT = re.compile(r"\s+at\s+")
_PUT_BEFORE = re.compile(r"\bput\s+(?:the\s+)?(?:death\s+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Harm:
    kind: str  # killed or injured
    value: int | None  # None: harm with an unknown count
    at_least: bool
    children: int | None  # of which children, when said
    start: int  # character offset of the clause in the sentence
    toll: bool = False  # an update of a toll ("rose to 21")
    verb: int = -1  # character offset of the harm word ("killed in Kurakhove")
    high: int | None = None  # the high figure of a range ("between 10 and 15")
    delta: bool = False  # added to the figure told before ("the bodies of two more", "one of the injured died")
    weak: bool = False  # "four people were hospitalised": a figure only when no other injury figure is told
    earlier: bool = False  # "Earlier reports said three were killed": superseded by any figure told as current
    placed: bool = False  # "two more in the town of Myrnohrad": a count whose place is the one named right after it


def tokenize(text: str) -> tuple[list[str], list[int]]:
    tokens, offsets = [], []
    for match in _TOKEN.finditer(text):
        tokens.append(match[0].lower().replace("’", "'"))
        offsets.append(match.start())
    return tokens, offsets


def find_harm(sentence: str) -> list[Harm]:
    tokens, offsets = tokenize(sentence)
    toll = _toll(sentence, tokens, offsets)
    toll_kinds = {harm.kind for harm in toll}
    used: set[int] = set()  # tokens a harm has been read from
    harms = toll + _changes(sentence, tokens, offsets, toll_kinds, used)
    weak_verbs = _weak_injury_verbs(tokens)
    for k, token in enumerate(tokens):
        if k in weak_verbs and k not in used:
            weak = _weak_injury(sentence, tokens, offsets, k, weak_verbs[k])
            if weak is not None:
                harms.append(weak)
                used.update(range(k, weak_verbs[k] + 1))
            continue
        kind = "killed" if token in KILL_WORDS else "injured" if token in INJURE_WORDS else None
        if kind is None or k in used:
            continue
        if _either(tokens, k):
            used.add(k + 2)
            continue  # "32 children were killed or injured": casualties, neither count
        harm = _harm_at(sentence, tokens, offsets, k, kind, toll_kinds)
        if harm is not None:
            harms.append(harm)
    harms.extend(nominal_harm(sentence, tokens, offsets, harms))
    harms = _with_children_among(sentence, harms)
    harms.extend(_elided(sentence, tokens, offsets, harms))
    placed, spans = _placed_counts(sentence)
    if placed:
        # the subject read for the shared verb ("one in Avdiivka were injured") is the last count only, and "and
        # two in Kherson" is no count elided after the verb before it
        harms = [h for h in harms if not any(start <= h.start < end for start, end in spans)] + placed
    # "three residents were killed: two in Kurtivka and one in Pokrovsk": the figure before the colon is their sum
    harms = [harm for harm in harms if harm.verb < 0 or not _DISTRIBUTED.match(sentence, harm.verb)]
    harms.extend(_among_children(tokens, offsets, harms))
    harms.extend(_listed(sentence, tokens, offsets, harms))
    harms = _more_after_weak(sentence, harms)
    if any(not harm.weak for harm in harms if harm.kind == "injured"):
        harms = [harm for harm in harms if not harm.weak]
    if not harms:
        harms = _victims_counted(sentence)
    return [_fatal(sentence, harm) for harm in harms]


# "There are 3 victims in the Zolochiv community": people hurt, killed or injured, in what share the text does not tell
_VICTIMS_COUNTED = re.compile(
    r"\bthere\s+(?:are|were|is)\s+(?:already\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:more\s+)?"
    r"(?:victims|casualties)\b",
    re.IGNORECASE,
)


def _victims_counted(sentence: str) -> list[Harm]:
    """Victims counted with no harm word: harm of an unknown count (neither figure is told)."""
    match = _VICTIMS_COUNTED.search(sentence)
    if match is None:
        return []
    return [Harm("injured", None, False, None, match.start(), verb=match.start())]


# "fatal injuries", but not "non-fatal injuries"
_FATALLY_BEFORE = re.compile(r"(?<![\w-])(?:fatally|mortally|fatal|mortal|lethal)\s+$", re.IGNORECASE)
_FATAL_AFTER = re.compile(
    r"(?:sustained|suffered|received|got)\s+(?:fatal|mortal|lethal)\s+(?:injur|wound)|"
    # "received injuries incompatible with life"
    r"(?:(?:sustained|suffered|received|got)\s+)?(?:injuries|wounds|an\s+injury)\s+incompatible\s+with\s+life",
    re.IGNORECASE,
)


def _fatal(sentence: str, harm: Harm) -> Harm:
    """ "The man was fatally wounded", "sustained fatal injuries", "resulted in fatal injuries to two elderly
    women", "received injuries incompatible with life": a death told with an injury word."""
    if harm.kind != "injured" or harm.verb < 0:
        return harm
    if _FATALLY_BEFORE.search(sentence, max(0, harm.verb - 12), harm.verb) or _FATAL_AFTER.match(sentence, harm.verb):
        return replace(harm, kind="killed", weak=False)
    return harm


_MORE = re.compile(r"\b(?:more|other|others)\b", re.IGNORECASE)


def _more_after_weak(sentence: str, harms: list[Harm]) -> list[Harm]:
    """ "A seven-year-old child was hospitalized, and two more people were also injured": the people hospitalised
    and the "more" injured after them, one figure."""
    weak = [harm for harm in harms if harm.weak and harm.value is not None]
    if len(weak) != 1:
        return harms
    first = weak[0]
    more = [
        harm
        for harm in harms
        if harm.kind == "injured"
        and not harm.weak
        and harm.value is not None
        and harm.start > first.verb
        and _MORE.search(sentence, harm.start, max(harm.start, harm.verb))
    ]
    if len(more) != 1:
        return harms
    added = more[0]
    value = (first.value or 0) + (added.value or 0)  # both told (filtered above)
    total = Harm("injured", value, False, first.children, first.start, verb=added.verb)
    return [harm for harm in harms if harm is not first and harm is not added] + [total]


def _with_children_among(sentence: str, harms: list[Harm]) -> list[Harm]:
    """ "Fifteen children were among 144 people wounded": the total read from the verb gets its children."""
    for among in children_among_totals(sentence):
        same = [harm for harm in harms if harm.start == among.start or harm.verb == among.verb]
        harms = [harm for harm in harms if harm not in same] + [among]
    return harms


def _harm_at(
    sentence: str, tokens: list[str], offsets: list[int], k: int, kind: str, toll_kinds: set[str]
) -> Harm | None:
    """The harm told by the harm word tokens[k], with its object or subject count."""
    if k > 0 and _noun_use(tokens, k):
        return None  # "of the injured", "among the dead"
    shot_dead = tokens[k] == "dead" and k > 0 and tokens[k - 1] == "shot"  # "soldiers shot dead two men"
    found = _object(tokens, k) if tokens[k] in ACTIVE or shot_dead else None
    if found is None and kind == "killed" and tokens[k + 1 : k + 2] == ["them"]:
        found = _antecedent(tokens, k)
    if found is None:
        found = _subject(tokens, k)
    if found is None:
        return None
    count, end, start_index = found
    if count.military or _negated(sentence, offsets, start_index, k):
        return None
    if kind in toll_kinds and (count.value is None or count.value <= 2):
        return None  # "the toll rose to 21 after a wounded man died": the toll says it
    children = _children_told(count)
    extra = _including_children(tokens, max(end, k + 1))
    if extra is None:
        extra = _including_later(tokens, max(end, k + 1))
    if extra is not None and (children is None or extra > children):
        children = extra
    return Harm(kind, count.value, count.at_least, children, offsets[start_index], verb=offsets[k], high=count.high)


# "One of the injured, a 66-year-old woman, later died in hospital", "One of them died in hospital overnight":
# one more killed and one fewer injured (the best estimate at the latest statement).
_DIED_OF_WOUNDS = re.compile(
    # not "one of the women killed in the attack died before paramedics could reach her": one of the dead
    r"\b(?P<count>one|two|three|four|five|\d{1,2})\s+of\s+(?:the|those|them)(?!(?:\s+[\w-]+)?\s+(?:killed|dead)\b)"
    r"(?:\s+(?:injured|wounded|hospitali[sz]ed))?"
    r"\b(?![^.;]{0,80}?\b(?:were|was)\s+(?:killed|injured|wounded|children)\b)"
    r"[^.;]{0,80}?\b(?:later\s+|subsequently\s+|then\s+|also\s+|has\s+|had\s+|have\s+)?(?:died|succumbed)\b",
    re.IGNORECASE,
)
# "rescuers found the bodies of two more people", "the bodies of three more residents were recovered",
# "two more bodies were pulled from the rubble", "the body of another victim was found".
_BODIES_OF = re.compile(r"\b(?:bod(?:y|ies)|remains)\s+of\s+", re.IGNORECASE)
_MORE_BODIES = re.compile(
    r"\b(?P<count>another|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,3})\s+(?P<more>more\s+|other\s+|"
    r"additional\s+|further\s+)?bod(?:y|ies)\b",
    re.IGNORECASE,
)
_FOUND = re.compile(
    r"\b(?:found|recovered|retrieved|pulled|discovered|removed|located|unearthed|dug\s+out|find|finds|recover)\b",
    re.IGNORECASE,
)


def _changes(sentence: str, tokens: list[str], offsets: list[int], toll_kinds: set[str], used: set[int]) -> list[Harm]:
    found: list[Harm] = []
    for match in _DIED_OF_WOUNDS.finditer(sentence):
        value = word_number(match["count"].lower())
        if not value:
            continue
        position = match.start()
        verb = next((i for i, offset in enumerate(offsets) if offset >= match.end() - 1), len(tokens) - 1)
        used.update(i for i, offset in enumerate(offsets) if match.start() <= offset < match.end())
        if "killed" not in toll_kinds:
            found.append(Harm("killed", value, False, None, position, verb=offsets[verb], delta=True))
        found.append(Harm("injured", -value, False, None, position, verb=offsets[verb], delta=True))
    if not _FOUND.search(sentence):
        return found
    for match in _BODIES_OF.finditer(sentence):
        index = next((i for i, offset in enumerate(offsets) if offset >= match.end()), None)
        if index is None:
            continue
        result = read_count(tokens, index)
        if result is None or result[0].value is None or result[0].military:
            continue
        count, end = result
        told = tokens[index:end]
        more = tokens[index] == "another" or any(t in ("more", "other", "additional", "further") for t in told)
        if "killed" in toll_kinds and more:
            continue
        children = count.value if count.children else None
        found.append(Harm("killed", count.value, False, children, match.start(), verb=match.start(), delta=more))
    for match in _MORE_BODIES.finditer(sentence):
        more = bool(match["more"]) or match["count"].lower() == "another"
        value = 1 if match["count"].lower() == "another" else word_number(match["count"].lower())
        if not value or ("killed" in toll_kinds and more):
            continue
        found.append(Harm("killed", value, False, None, match.start(), verb=match.start(), delta=more))
    return found


_HOSPITAL_VERBS = frozenset({"hospitalised", "hospitalized"})
_TAKEN = frozenset({"taken", "rushed", "brought", "sent", "admitted", "evacuated", "delivered"})
_INJURY_NOUNS = frozenset(
    {"wounds", "wound", "injuries", "injury", "trauma", "traumas", "burns", "concussion", "concussions", "fractures"}
)
_SUSTAIN = frozenset({"sustained", "suffered", "received", "sustains", "suffers", "receives", "got"})


def _weak_injury_verbs(tokens: list[str]) -> dict[int, int]:
    """Verbs that tell an injury without an injury verb, by their index (and the index of their last word):
    "were hospitalised", "was taken to hospital", "sustained shrapnel wounds", "suffered a blast injury"."""
    found: dict[int, int] = {}
    for k, token in enumerate(tokens):
        if token in _HOSPITAL_VERBS:
            found[k] = k
        elif token in _TAKEN:
            rest = tokens[k + 1 : k + 4]
            if rest[:2] == ["to", "hospital"] or rest[:3] == ["to", "the", "hospital"]:
                found[k] = k + (2 if rest[1] == "hospital" else 3)
        elif token in _SUSTAIN:
            for j in range(k + 1, min(len(tokens), k + 6)):
                if tokens[j] in _INJURY_NOUNS:
                    found[k] = j
                    break
                if tokens[j] in (",", ".", ";", "and") or tokens[j] in KILL_WORDS:
                    break
    return found


def _weak_injury(sentence: str, tokens: list[str], offsets: list[int], k: int, last: int) -> Harm | None:
    told = _hospitalised_object(tokens, k) if tokens[k] in _HOSPITAL_VERBS else None
    found = told or _subject(tokens, k)
    if found is None and _pronoun_subject(tokens, k):
        found = Count(1), k, k - 1 if tokens[k - 1] in ("he", "she") else k - 2  # "He suffered a concussion"
    if found is None:
        return None
    count, _, start_index = found
    if count.military or count.value is None or _negated(sentence, offsets, start_index, k):
        return None
    # "sustained shrapnel wounds" is an injury told as plainly as "was injured"; "was hospitalised" is weaker
    weak = tokens[last] not in _INJURY_NOUNS and told is None
    return Harm(
        "injured", count.value, count.at_least, _children_told(count), offsets[start_index], verb=offsets[k], weak=weak
    )


def _hospitalised_object(tokens: list[str], k: int) -> tuple[Count, int, int] | None:
    """ "medical workers also hospitalized a 35-year-old man with a blast injury": the people taken in, an injury
    told with the injury itself."""
    found = _object(tokens, k)
    if found is None or found[0].noun is None or found[0].military:
        return None
    rest = tokens[found[1] : found[1] + 5]
    if rest[:1] != ["with"] or not any(word in _INJURY_NOUNS for word in rest):
        return None  # "hospitalized two people" alone stays an unread figure
    return found[0], found[1], k


def _pronoun_subject(tokens: list[str], k: int) -> bool:
    """ "He suffered a concussion", "she was hospitalised": one person, told of before."""
    before = [token for token in tokens[max(0, k - 3) : k] if token not in AUXILIARIES]
    return bool(before) and before[-1] in ("he", "she") and (k < 3 or tokens[k - 3] != "and")


# "The injured are a man aged 45 and three women aged 38, 50 and 63", "The victims, aged 19, 24 and 57,
# were wounded": the people listed, or as many as the ages told.
_LISTED = re.compile(
    r"\b(?:the|their)\s+(?P<who>injured|wounded|dead|killed|victims|deceased)\s+(?:are|were|include|included)\s+",
    re.IGNORECASE,
)
_AGES_ASIDE = re.compile(
    r"\b(?:the\s+)?(?:victims|injured|wounded|dead)\s*,\s+aged\s+(?P<ages>\d{1,3}(?:\s*,\s*\d{1,3})*,?\s+and\s+\d{1,3})"
    r"\s*,\s+(?:were|are|have\s+been|had\s+been)\s+(?:all\s+)?(?:[a-z]+ly\s+)?(?P<verb>[a-z]+)",
    re.IGNORECASE,
)


def _listed(sentence: str, tokens: list[str], offsets: list[int], harms: list[Harm]) -> list[Harm]:
    return _people_listed(sentence, tokens, offsets) + _ages_aside(sentence, harms)


def _people_listed(sentence: str, tokens: list[str], offsets: list[int]) -> list[Harm]:
    """ "The injured are a man aged 45 and three women aged 38, 50 and 63": the people listed."""
    found = []
    for match in _LISTED.finditer(sentence):
        index = next((i for i, offset in enumerate(offsets) if offset >= match.end()), None)
        if index is None:
            continue
        result = read_count(tokens, index)
        if result is None or result[0].value is None or result[0].military or result[0].noun is None:
            continue
        count, _ = _conjoined(tokens, *result)
        kind = "injured" if match["who"].lower() in ("injured", "wounded") else "killed"
        if kind == "killed" and match["who"].lower() == "victims":
            continue  # "the victims were" may be the injured: left to the verb that follows
        found.append(Harm(kind, count.value, False, _children_in(count) or None, match.start(), verb=match.start()))
    return found


def _ages_aside(sentence: str, harms: list[Harm]) -> list[Harm]:
    """ "The victims, aged 19, 24 and 57, were wounded": as many as the ages told, when no figure of that kind is."""
    found = []
    for match in _AGES_ASIDE.finditer(sentence):
        verb = match["verb"].lower()
        kind = "killed" if verb in KILL_WORDS else "injured" if verb in INJURE_WORDS else None
        if kind is None or any(h.kind == kind and h.value is not None for h in harms):
            continue
        ages = [int(age) for age in re.findall(r"\d{1,3}", match["ages"])]
        children = sum(age < 18 for age in ages) or None
        found.append(Harm(kind, len(ages), False, children, match.start(), verb=match.start("verb")))
    return found


# "two were killed in Pokrovsk and one in Kostiantynivka": a count that shares the verb before it.
_ELIDED = re.compile(
    r"(?:,\s*|;\s*|:\s*|\s+and\s+|\s+while\s+)(?P<count>\d{1,3}|another|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"(?:\s+(?:more|other|others))?(?:\s+(?:people|persons?|civilians|residents))?\s+(?:in|near|at)\s+"
    r"(?:the\s+(?:[a-z]+\s+)?(?:city|town|village|settlement|municipality|community|hromada)\s+of\s+)?[A-ZА-ЯІЇЄҐ]"
)


# a verb of damage between the harm and an elided count: the count shares that verb, not the harm's
_DAMAGE_VERB = re.compile(r"\b(?:destroyed|damaged|burned|burnt|ruined|demolished)\b", re.IGNORECASE)


_DISTRIBUTED = re.compile(
    r"[\w-]+(?:\s+[\w-]+){0,3}?\s*:\s*(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:(?:people|persons?|civilians|"
    r"residents)\s+)?(?:in|near|at)\s+[A-ZА-ЯІЇЄҐ]"
)


# "three people in Bakhmut and one in Avdiivka were injured": counts each told with its place, sharing the verb
# after the last of them.
# "An 85-year-old woman in Sievierodonetsk, and 2 men in Novodruzhesk and Lysychansk were also killed": one person
# told by age, and a count over two places (nobody's figure)
_PLACE_NAME = r"(?-i:[A-ZА-ЯІЇЄҐ])[\w'’-]*(?:\s+(?-i:[A-ZА-ЯІЇЄҐ])[\w'’-]*)?"
_SMALL_COUNT = r"\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_PLACED_COUNT = (
    rf"(?:(?:{_SMALL_COUNT})(?:\s+more|\s+other)?"
    r"(?:\s+(?:people|persons?|civilians|residents|men|women))?|"
    r"an?\s+(?:\d{1,3}-year-old\s+|elderly\s+)(?:man|woman|boy|girl|resident|civilian))\s+(?:in|near|from)\s+"
    rf"(?:the\s+(?:[a-z]+\s+)?(?:city|town|village|settlement)\s+of\s+)?{_PLACE_NAME}(?:\s+and\s+{_PLACE_NAME})?"
)
_TWO_PLACES = re.compile(r"\s(?:in|near|from)\s.*\sand\s")
_PLACED_COUNTS = re.compile(
    rf"\b{_PLACED_COUNT}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+){_PLACED_COUNT}){{0,12}}"
    r"\s+(?:were|was|have\s+been|had\s+been)\s+(?:\w+\s+)?(?P<verb>killed|injured|wounded|hurt)\b",
    re.IGNORECASE,
)
_ONE_PLACED = re.compile(rf"\b(?P<count>{_SMALL_COUNT})\b", re.IGNORECASE)


def _placed_counts(sentence: str) -> tuple[list[Harm], list[tuple[int, int]]]:
    """ "three people in Bakhmut and one in Avdiivka were injured": a harm for each count, at the count (so that
    the place told right after it is its own), and the spans of the sentence they are read from."""
    found: list[Harm] = []
    spans: list[tuple[int, int]] = []
    for match in _PLACED_COUNTS.finditer(sentence):
        kind = "killed" if match["verb"].lower() == "killed" else "injured"
        spans.append((match.start(), match.end()))
        for count in re.finditer(_PLACED_COUNT, sentence[match.start() : match.start("verb")], re.IGNORECASE):
            number = _ONE_PLACED.match(count[0])
            value = word_number(number["count"].lower()) if number else 1 if count[0][:1] in "Aa" else None
            position = match.start() + count.start()
            if value is not None and _TWO_PLACES.search(count[0]):
                found.append(Harm(kind, None, False, None, position, verb=position))  # "2 men in A and B"
            elif value is not None:
                found.append(Harm(kind, value, False, None, position, verb=position))
    return found, spans


def _elided(sentence: str, tokens: list[str], offsets: list[int], harms: list[Harm]) -> list[Harm]:
    found = []
    starts = {harm.start for harm in harms}
    unknown: dict[int, str] | None = None  # read once a sentence: once a count, it would make a list quadratic
    for match in _ELIDED.finditer(sentence):
        position = match.start("count")
        if position in starts:
            continue
        before = [harm for harm in harms if 0 <= harm.verb < position and harm.value is not None]
        if not before:
            continue
        shared = max(before, key=lambda harm: harm.verb)
        if _DAMAGE_VERB.search(sentence, shared.verb + 1, position):
            continue  # "... 4 more were wounded; 10 buildings were destroyed in Popasna and 13 in Lysychansk": houses
        value = 1 if match["count"].lower() == "another" else word_number(match["count"].lower())
        if value is None:
            continue
        if unknown is None:
            from harmtrack.extract.places import unknown_settlements

            unknown = unknown_settlements(sentence)
        if not _known_place_at(sentence, match.end() - 1, unknown):
            continue
        found.append(Harm(shared.kind, value, False, None, position, verb=position, placed=True))
    return found


def _known_place_at(sentence: str, start: int, unknown: dict[int, str]) -> bool:
    """ "two in Kurtivka": the name at `start` is a settlement the gazetteer knows or one told as where harm was
    done (see places.unknown_settlements), else the count is of a place no incident can have, and no other place's."""
    from harmtrack.extract.places import city_lookup

    if start in unknown:
        return True
    words = re.match(r"[\w'’-]+(?:\s+[A-ZА-ЯІЇЄҐ][\w'’-]*){0,2}", sentence[start:])
    if words is None:
        return False
    parts = words[0].split()
    return any(city_lookup(" ".join(parts[:count])) is not None for count in range(len(parts), 0, -1))


def _either(tokens: list[str], k: int) -> bool:
    """ "killed or injured", "wounded or killed": one figure for both kinds."""
    harm_words = KILL_WORDS | INJURE_WORDS
    after = k + 2 < len(tokens) and tokens[k + 1] == "or" and tokens[k + 2] in harm_words
    before = k >= 2 and tokens[k - 1] == "or" and tokens[k - 2] in harm_words
    return after or before


def _noun_use(tokens: list[str], k: int) -> bool:
    """A harm word used as a noun: "of the injured", "among the dead"."""
    return tokens[k - 1] in ("the", "of", "among")


def _antecedent(tokens: list[str], k: int) -> tuple[Count, int, int] | None:
    """ "rounded up at least six men on Feb. 27 and later executed them": "them" is the people counted earlier in
    the sentence (the last count of people before the verb, with no other harm word between)."""
    for j in range(k - 1, max(-1, k - 16), -1):
        if tokens[j] in KILL_WORDS or tokens[j] in INJURE_WORDS:
            return None
        result = read_count(tokens, j)
        if result is not None and result[0].value is not None and result[0].noun in PERSON_NOUNS:
            return result[0], k + 2, j
    return None


_AFTER_ANOTHER = frozenset({"in", "on", "at", "near", ",", ".", ";", "and", "when", "as", "while", "-", "–", "—"})


def _object(tokens: list[str], k: int) -> tuple[Count, int, int] | None:
    """killed four people / killing the driver / injuring at least 18 / injuring another 25 / injured another."""
    if tokens[k + 1 : k + 2] == ["another"] and (k + 2 == len(tokens) or tokens[k + 2] in _AFTER_ANOTHER):
        return Count(1, False, False, None), k + 2, k  # "killed one person and injured another in ..."
    after = (
        k + 2 if tokens[k + 1 : k + 2] == ["another"] and word_number(tokens[min(k + 2, len(tokens) - 1)]) else k + 1
    )
    result = read_count(tokens, after)
    if result is None:
        return None
    count, end = result
    family = _family(tokens, count, end)
    if family is not None:
        return family[0], family[1], k
    if count.value is None and count.noun is None and end == k + 1:
        return None
    if (
        count.noun is None
        and count.value is not None
        and end < len(tokens)
        and tokens[end]
        not in (
            ",",
            ".",
            "and",
            "in",
            "on",
            "at",
            "including",
            ";",
            "others",
            "more",
            "when",
            "after",
            "as",
            "while",
            "-",
            "—",
            "–",
        )
    ):
        return None  # "killed 2024 ..." or "injured 5 km away": not a count of people
    if tokens[k] in ("left", "leaving") and not (end < len(tokens) and tokens[end] in KILL_WORDS | INJURE_WORDS):
        return None
    count, end = _conjoined(tokens, count, end)
    return count, end, k


def _family(tokens: list[str], count: Count, end: int) -> tuple[Count, int] | None:
    """ "killing three generations of one family: a 64-year-old woman, her daughter and her grandson": the
    people listed after the colon or dash; without a list, the count of generations is no count of people."""
    if count.noun is not None or count.value is None or tokens[end : end + 2] != ["generations", "of"]:
        return None
    j = end + 2
    while j < len(tokens) and j < end + 7 and tokens[j] not in (":", "—", "–", "-", ",", "."):
        j += 1
    if j < len(tokens) and tokens[j] in (":", "—", "–", "-"):
        listed = read_count(tokens, j + 1)
        if listed is not None and listed[0].value is not None and listed[0].noun is not None:
            return _conjoined(tokens, *listed)
    return Count(None, False, False, "people"), j


_GENERIC_NOUNS = frozenset({"person", "people", "persons", "civilian", "civilians", "resident", "residents"})


def _conjoined(tokens: list[str], count: Count, end: int) -> tuple[Count, int]:
    """ "injuring a 14-year-old girl and her mother", "killing a man, a woman and a child": one figure."""
    if count.value is None or count.noun is None or count.military:
        return count, end
    if count.noun in _GENERIC_NOUNS:
        return count, end  # "injuring one civilian, a 34-year-old man,": an apposition, not one more
    total = count.value
    children = _children_in(count)
    while end + 1 < len(tokens) and tokens[end] in ("and", ","):
        following = read_count(tokens, end + 1)
        if following is None:
            break
        other, after = following
        if other.value is None or other.noun is None or other.military or other.noun in ("others", "other"):
            break
        if after < len(tokens) and tokens[after] in KILL_WORDS | INJURE_WORDS | AUXILIARIES:
            break  # "killing a man, and two women were injured": a new clause
        total += other.value
        children += _children_in(other)
        end = after
    if total == count.value:
        return count, end
    if children == 0:
        return Count(total, count.at_least, False, count.noun), end
    if children == total:
        return Count(total, count.at_least, True, count.noun), end
    return _with_children(Count(total, count.at_least, False, count.noun), children), end


def _children_in(count: Count) -> int:
    if count.noun and count.noun.startswith("children:"):
        return int(count.noun.partition(":")[2])
    return (count.value or 0) if count.children else 0


def _subject(tokens: list[str], k: int) -> tuple[Count, int, int] | None:
    """Three people were injured / a girl and a woman were killed / and 73 wounded."""
    found = _dashed_list_subject(tokens, k) or _relative_aside_subject(tokens, k) or _counted_subject(tokens, k)
    if found is None and k >= 2 and tokens[k - 1] == "another" and tokens[k - 2] == "and":
        return Count(1, False, False, None), k, k - 1  # "one civilian was killed and another injured"
    if found is None:
        return _unnumbered_subject(tokens, k)
    count, end, j = found
    count, j = _joined_subjects(tokens, count, j)
    return count, end, j


_GROUP_NOUNS = frozenset({"family", "couple", "household"})


def _dashed_list_subject(tokens: list[str], k: int) -> tuple[Count, int, int] | None:
    """ "A local resident and a family - a man, his wife, and a baby - were killed": the people listed between
    dashes (standing for the family before them), with those joined to it by "and"."""
    close = k - 1
    while close >= 0 and tokens[close] in AUXILIARIES:
        close -= 1
    if close < 4 or tokens[close] not in _DASHES:
        return None
    last = _count_ending_at(tokens, close)
    if last is None:
        return None
    count, _, j = last
    count, j = _joined_subjects(tokens, count, j)
    if j < 1 or tokens[j - 1] != tokens[close] or count.value is None:
        return None
    start = j - 1
    if start >= 2 and tokens[start - 1] in _GROUP_NOUNS and tokens[start - 2] in ("a", "the", "one", "his", "her"):
        start -= 2  # "a family - a man, his wife, and a baby -": the family is the people listed
    if start >= 2 and tokens[start - 1] == "and":
        before = _count_ending_at(tokens, start - 1)
        if before is not None:
            other, value, start = before
            children = _children_in(other) + _children_in(count)
            total = value + count.value
            count = _with_children(Count(total), children) if children else Count(total, noun=count.noun)
    return count, k, start


def _relative_aside_subject(tokens: list[str], k: int) -> tuple[Count, int, int] | None:
    """ "A 12-year-old boy, who was rescued from the rubble of a house in Shyroka Balka, died in the hospital":
    the subject before a relative clause between commas, however long (up to 20 words)."""
    close = k - 1
    while close >= 0 and tokens[close] in AUXILIARIES:
        close -= 1
    if close < 3 or tokens[close] != ",":
        return None
    for i in range(close - 2, max(0, close - 22), -1):
        if tokens[i] in KILL_WORDS | INJURE_WORDS or tokens[i] in (";", ".", "and"):
            return None
        if tokens[i] != ",":
            continue
        if tokens[i + 1] not in ("who", "which"):
            return None
        found = _count_ending_at(tokens, i)
        return (found[0], k, found[2]) if found is not None else None
    return None


def _birth_year(tokens: list[str], j: int) -> bool:
    """ "born in 1978 and 1980": a year of birth, not a count of people."""
    if not (tokens[j].isdigit() and 1900 <= int(tokens[j]) <= 2030):
        return False
    return "born" in tokens[max(0, j - 4) : j]


def _counted_subject(tokens: list[str], k: int) -> tuple[Count, int, int] | None:
    """(count, end, start) of the verb's subject: the count starting furthest back (up to 19 tokens) that ends
    before the verb with only auxiliaries, an aside, a place or a relative clause between."""
    best: tuple[Count, int, int] | None = None
    for j in range(k - 1, max(-1, k - 20), -1):
        result = read_count(tokens, j)
        if result is None:
            continue
        count, end = result
        if end > k or _birth_year(tokens, j):
            continue
        between, aside = _skip_aside(tokens, end, k)
        between = _without_residence(_without_place(_without_age(between)), count)
        if not all(token in AUXILIARIES for token in between) and not _relative_clause(between):
            continue
        if aside is not None and count.value is not None and aside <= count.value:
            count = _with_children(count, aside) if not count.children else count
        if count.noun is None and count.value is not None and end == j + 1 and j > 0 and not _bare_subject(tokens, j):
            continue
        best = (count, end, j)
    return best


def _unnumbered_subject(tokens: list[str], k: int) -> tuple[Count, int, int] | None:
    """A vague or unnumbered subject: "people were injured", "civilians were killed"."""
    j = k - 1
    while j >= 0 and tokens[j] in AUXILIARIES:
        j -= 1
    if j >= 0 and tokens[j] in PERSON_NOUNS and tokens[j] not in ("other", "others") and j < k - 1:
        return Count(None, False, False, tokens[j]), k, j
    return None


def _joined_subjects(tokens: list[str], count: Count, j: int) -> tuple[Count, int]:
    """ "a two-year-old girl and a 31-year-old woman were killed", "A 72-year-old man, his 69-year-old wife and
    their 12-year-old grandson were killed": the people before "and" and the commas of the list added."""
    joined = False
    while j >= 2 and (tokens[j - 1] == "and" or (joined and tokens[j - 1] == ",")):
        oxford = tokens[j - 1] == "and" and tokens[j - 2] == "," and not joined
        # "a man, his wife, and a baby": the comma before the last "and" of a list of three or more
        previous = _count_ending_at(tokens, j - 2 if oxford else j - 1)
        if previous is None or count.value is None:
            break
        other, value, i = previous
        if oxford and not (i > 0 and tokens[i - 1] == ","):
            break  # "seven people had been killed, including five civilians, and 67 people": no list
        if i > 0 and tokens[i - 1] in KILL_WORDS | INJURE_WORDS | ACTIVE:
            break  # "killing a man, two women were injured": the object of another verb
        joined = True
        children = _children_in(other) + _children_in(count)
        total = value + count.value
        if children and children != total:
            count = _with_children(Count(total, False, False, count.noun), children)
        else:
            count = Count(total, False, bool(children), count.noun)
        j = i
    return count, j


def _count_ending_at(tokens: list[str], end: int) -> tuple[Count, int, int] | None:
    """(count, its value, its start) of the furthest-back count of people (up to 6 tokens) that ends at `end`."""
    found = None
    for i in range(end - 1, max(-1, end - 7), -1):
        result = read_count(tokens, i)
        if result is None:
            continue
        count, stop = result
        if stop == end and count.value is not None and count.noun:
            found = (count, count.value, i)
    return found


_PLACE_NOUNS = frozenset({"city", "town", "village", "area", "region", "district", "building", "house", "settlement"})


def _without_place(between: list[str]) -> list[str]:
    """ "Four more civilians in the city were injured": a short place phrase between subject and verb."""
    if (
        len(between) >= 3
        and between[0] in ("in", "at", "near", "from")
        and between[1] == "the"
        and between[2] in _PLACE_NOUNS
    ):
        rest = between[3:]
        if rest[:1] == ["of"]:
            # "Two residents from the village of Guyevo were reported to have been injured": its name too
            named = next((i for i, word in enumerate(rest[1:4], 1) if word in AUXILIARIES), None)
            return rest[named:] if named is not None else rest
        return rest
    return between


_DECADE = re.compile(r"^(?:(?:early|mid|late)-)?\d0s$")


def _without_age(between: list[str]) -> list[str]:
    """ "A man in his mid-60s was injured", "a woman in her early 70s": an age told by its decade."""
    if len(between) >= 3 and between[0] == "in" and between[1] in ("his", "her", "their"):
        rest = between[2:]
        if rest[0] in ("early", "mid", "late") and len(rest) > 1:
            rest = rest[1:]
        if _DECADE.match(rest[0]):
            return rest[1:]
    return between


_RESIDENTS = frozenset({"resident", "residents", "inhabitant", "inhabitants"})


def _without_residence(between: list[str], count: Count) -> list[str]:
    """ "A 70-year-old resident of Semenivka was killed": the place the people live in, between subject and verb."""
    if count.noun not in _RESIDENTS or between[:1] != ["of"]:
        return between
    verb = next((i for i, word in enumerate(between[1:7], 1) if word in AUXILIARIES), None)
    return between[verb:] if verb is not None else between


def _relative_clause(between: list[str]) -> bool:
    """ "A 45-year-old man who was passing by sustained ...", "A man who was in a tractor at the time of the attack
    was killed", "A woman living in Zaporizhzhia was injured", "a woman from Kherson was injured": a relative
    clause (up to 12 words), reduced or not, between subject and verb; "two people who died": "who" alone."""
    return (
        1 <= len(between) <= 12
        and (between[0] in ("who", "that", "from") or _participle(between[0]))
        and not any(token in KILL_WORDS | INJURE_WORDS or token in (",", ";", "and") for token in between)
    )


_NOT_PARTICIPLES = frozenset({"including", "during", "according", "following", "regarding", "concerning"})


def _participle(word: str) -> bool:
    """ "A woman living in Zaporizhzhia was injured", "a man driving a tractor was killed": a reduced relative
    clause opens with a present participle."""
    return len(word) > 5 and word.endswith("ing") and word not in _NOT_PARTICIPLES


_BEFORE_BARE_SUBJECT = frozenset(
    {"and", ",", "with", "another", "some", "only", "while", "but", "leaving", "left", ":", "—", "-", "–", "("}
    | {"said", "that"}
    | {"least", "than", "about", "around", "nearly", "over"}
    | {"all"}  # "All four were killed"
)


def _bare_subject(tokens: list[str], j: int) -> bool:
    """A bare number is a subject only after a conjunction or a bound: "... killed and 73 wounded", or as the
    size of a group: "a family of three - a mother, father and daughter - were killed"."""
    if j >= 2 and tokens[j - 1] == "of" and tokens[j - 2] in _GROUP_NOUNS:
        return True
    return tokens[j - 1] in _BEFORE_BARE_SUBJECT


_DASHES = ("-", "–", "—")
_GRAVELY = frozenset({"badly", "seriously", "severely", "critically", "gravely", "heavily", "mortally", "fatally"})


def _skip_aside(tokens: list[str], start: int, stop: int) -> tuple[list[str], int | None]:
    """The words between a subject and its verb without an aside: ", including a child," or ", 68,"."""
    between = tokens[start:stop]
    if between and between[0] == "there":
        between = between[1:]  # "Three employees there were killed"
    if len(between) >= 3 and between[:2] == ["born", "in"] and between[2].isdigit():
        between = between[3:]  # "a woman born in 1962 died": the year of birth, as official reports give it
        if len(between) >= 2 and between[0] == "and" and between[1].isdigit():
            between = between[2:]  # "A man and a woman born in 1978 and 1980 were killed"
    if len(between) >= 2 and between[-2:] == ["shot", "and"]:
        between = between[:-1]  # "was shot and killed"
    if len(between) >= 3 and between[0] in _DASHES and between[0] in between[1:]:
        # "Three men - father and son and their friend - were killed": an aside between dashes
        close = between.index(between[0], 1)
        if close <= 10:
            return between[close + 1 :], None
    if len(between) >= 3 and between[0] == "," and "," in between[1:]:
        close = between.index(",", 1)
        inner = between[1:close]
        rest = between[close + 1 :]
        if inner and inner[0] in ("including", "among", "incl", "mostly", "all", "both"):
            children = _including_children(tokens, start)
            return rest, children
        if len(inner) == 1 and inner[0].isdigit():
            return rest, None
        if inner[0] in ("a", "an") and (len(inner) <= 5 or _people_listed_apart(inner)):
            # "one child, a 7-year-old girl, was killed", "her two children, a three-year-old boy and a five-year-old
            # girl, were injured": an apposition
            return rest, None
        if inner[0] == "the" and len(inner) <= 7 and not any(word in KILL_WORDS | INJURE_WORDS for word in inner):
            return rest, None  # "A 62-year-old man, the head of one of the villages, was injured"
        if len(inner) <= 2 and inner[-1] in INJURE_WORDS and all(word in _GRAVELY for word in inner[:-1]):
            return rest, None  # "a man, badly wounded, died after being sent to the hospital"
    if between and between[0] in ("including", "incl"):
        # "Seven people including two children were wounded": the aside without commas
        told = read_count(tokens, start + 1)
        if told is not None and told[0].children and told[0].value is not None and told[1] <= stop:
            return tokens[told[1] : stop], told[0].value
    return between, None


def _people_listed_apart(words: list[str]) -> bool:
    """ "a three-year-old boy and a five-year-old girl": short phrases of one person each, joined by "and"."""
    parts: list[list[str]] = [[]]
    for word in words:
        if word in ("and", ","):
            parts.append([])
        else:
            parts[-1].append(word)
    return len(parts) <= 4 and all(part and part[0] in ("a", "an") and len(part) <= 4 for part in parts)


def _children_told(count: Count) -> int | None:
    """How many of the counted people are children, when the count tells."""
    if count.noun and count.noun.startswith("children:"):
        return int(count.noun.partition(":")[2])
    return count.value if count.children else None


def _with_children(count: Count, children: int) -> Count:
    # A Count carries a yes/no children flag; mixed groups are returned with the number in `noun`.
    return Count(count.value, count.at_least, False, f"children:{children}")


def _including_children(tokens: list[str], start: int) -> int | None:
    """ ", including two children" / ", among them nine children" / "four of them children"."""
    # ", nine of them children"
    first = start + 1 if start < len(tokens) and tokens[start] == "," else start
    number = word_number(tokens[first]) if first < len(tokens) else None
    if (
        number is not None
        and tokens[first + 1 : first + 3] == ["of", "them"]
        and first + 3 < len(tokens)
        and tokens[first + 3] in CHILD_NOUNS
    ):
        return number
    window = tokens[start : start + 4]
    for lead in (("including",), ("among", "them"), ("among", "whom"), ("of", "whom"), ("incl",)):
        for offset in range(len(window)):
            if tuple(window[offset : offset + len(lead)]) == lead:
                at = start + offset + len(lead)
                result = read_count(tokens, at)
                if result and result[0].children and result[0].value is not None:
                    return result[0].value
                return _bare_child_age(tokens, at)
    return None


def _bare_child_age(tokens: list[str], at: int) -> int | None:
    """ "Ten people were wounded, including a 13-year-old": an age with no noun is one person of that age."""
    if tokens[at : at + 1] in (["a"], ["an"], ["one"]) and at + 1 < len(tokens) and is_child_age(tokens[at + 1]):
        return 1
    return None


# How far after a harm verb "including N children" is still its own: "Four people were injured as a result of
# the attack, including an underage girl".
_INCLUDING_REACH = 12


def _including_later(tokens: list[str], start: int) -> int | None:
    """ "..., including an underage girl" a few words after the harm, before any other harm word or clause."""
    for j in range(start, min(len(tokens), start + _INCLUDING_REACH)):
        token = tokens[j]
        if token in KILL_WORDS or token in INJURE_WORDS or token in (";", ".", "and", "while", "but"):
            return None
        if token in ("including", "incl"):
            told = read_count(tokens, j + 1)
            if told is not None and told[0].children and told[0].value is not None:
                return told[0].value
            return None
    return None


def _among_children(tokens: list[str], offsets: list[int], harms: list[Harm]) -> list[Harm]:
    """ "A six-year-old boy was among the dead", "Among the wounded were two children": children of the
    killed or injured, with no new total."""
    found = []
    for k in range(len(tokens) - 4):
        # "Four of the injured were children"
        number = word_number(tokens[k])
        if (
            number is not None
            and tokens[k + 1 : k + 3] == ["of", "the"]
            and tokens[k + 3] in ("dead", "killed", "victims", "injured", "wounded")
            and k + 5 < len(tokens)
            and tokens[k + 4] in ("were", "was", "are")
            and tokens[k + 5] in CHILD_NOUNS
        ):
            kind = "injured" if tokens[k + 3] in ("injured", "wounded") else "killed"
            found.append(Harm(kind, None, False, number, offsets[k]))
    for k in range(len(tokens) - 2):
        if (
            tokens[k] == "among"
            and tokens[k + 1] in ("the", "those")  # "four children were among those wounded"
            and tokens[k + 2] in ("dead", "killed", "victims", "injured", "wounded", "harmed", "hurt")
        ):
            kind = "injured" if tokens[k + 2] in ("injured", "wounded", "harmed", "hurt") else "killed"
            if k + 3 < len(tokens) and tokens[k + 3] in ("were", "was", "are", "is"):
                result = read_count(tokens, k + 4)
                if result and result[0].value:
                    listed, _ = _conjoined(tokens, *result)
                    if _children_in(listed):
                        found.append(Harm(kind, None, False, _children_in(listed), offsets[k]))
                continue
            for j in range(max(0, k - 8), k):
                result = read_count(tokens, j)
                if (
                    result
                    and result[0].children
                    and result[0].value
                    and all(token in AUXILIARIES for token in tokens[result[1] : k])
                ):
                    found.append(Harm(kind, None, False, result[0].value, offsets[j]))
                    break
    return found


def _toll(sentence: str, tokens: list[str], offsets: list[int]) -> list[Harm]:
    harms = []
    for noun in _TOLL_NOUN.finditer(sentence):
        rise = _TOLL_RISE.search(sentence, noun.end(), noun.end() + 160)
        put = _PUT_AT.match(sentence, noun.end())
        if put and ends_at(_PUT_BEFORE, sentence, noun.start()):
            rise = put  # "he had put the toll at five"
        if rise is None:
            continue
        what = (noun["kind2"] or noun["kind1"] or "dead").lower()
        kind = "injured" if any(word in what for word in ("injured", "wounded", "injury")) else "killed"
        if "casualt" in what:
            continue  # "the casualty toll rose to nine": the killed and injured together, neither count
        index = next((i for i, offset in enumerate(offsets) if offset >= rise.end()), None)
        if index is None:
            continue
        result = read_count(tokens, index)
        if result is None or result[0].value is None:
            continue
        count, end = result
        children = _including_children(tokens, end)
        harms.append(Harm(kind, count.value, count.at_least, children, noun.start(), toll=True))
    return harms


def _negated(sentence: str, offsets: list[int], start: int, verb: int) -> bool:
    begin = offsets[start]
    end = offsets[verb]
    return bool(_NEGATED.search(sentence[max(0, begin - 12) : end + 1]))

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
from dataclasses import dataclass

from harmtrack.extract.numbers import CHILD_NOUNS, PERSON_NOUNS, Count, read_count, word_number

KILL_WORDS = frozenset({"kill", "kills", "killed", "killing", "dead", "died", "dies", "die", "perished", "slain"})
INJURE_WORDS = frozenset(
    {"injure", "injures", "injured", "injuring", "wound", "wounds", "wounded", "wounding", "hurt", "hurting", "maimed"}
)
ACTIVE = frozenset({"kill", "kills", "killed", "killing", "injure", "injures", "injured", "injuring", "wound", "wounds",
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
        "seriously",
        "severely",
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
    ]
)
_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+|[\w][\w'’-]*|[^\w\s]")
_NEGATED = re.compile(r"\b(?:no\s+one|nobody|none|no\s+(?:immediate\s+)?(?:reports?\s+of\s+)?(?:casualties|injuries|"
                      r"deaths|victims|fatalities|one\s+was))\b", re.IGNORECASE)  # fmt: skip
_TOLL_NOUN = re.compile(
    r"\b(?:(?P<kind1>death)\s+toll|toll|number\s+of\s+(?:the\s+)?(?P<kind2>dead|killed|deaths|fatalities|victims|"
    r"injured|wounded|casualties|people\s+killed|people\s+injured|people\s+wounded))\b",
    re.IGNORECASE,
)
_TOLL_RISE = re.compile(
    r"\b(?:rose|risen|rises|rising|climbed|climbs|increased|grew|grown|reached|reaches|jumped|stood|stands|went\s+up)"
    r"\s+(?:to|at)\s+",
    re.IGNORECASE,
)

_PUT_AT = re.compile(r"\s+at\s+")


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


def tokenize(text: str) -> tuple[list[str], list[int]]:
    tokens, offsets = [], []
    for match in _TOKEN.finditer(text):
        tokens.append(match[0].lower().replace("’", "'"))
        offsets.append(match.start())
    return tokens, offsets


def find_harm(sentence: str) -> list[Harm]:
    tokens, offsets = tokenize(sentence)
    harms: list[Harm] = []
    toll = _toll(sentence, tokens, offsets)
    if toll:
        harms.extend(toll)
    toll_kinds = {harm.kind for harm in toll}
    used: set[int] = set()
    for k, token in enumerate(tokens):
        kind = "killed" if token in KILL_WORDS else "injured" if token in INJURE_WORDS else None
        if kind is None or k in used:
            continue
        if _either(tokens, k):
            used.add(k + 2)
            continue  # "32 children were killed or injured": casualties, neither count
        if k > 0 and tokens[k - 1] in ("the", "of", "among", "and") and _noun_use(tokens, k):
            continue  # "of the injured", "among the dead"
        found = _object(tokens, k) if token in ACTIVE else None
        if found is None:
            found = _subject(tokens, k)
        if found is None:
            continue
        count, end, start_index = found
        if count.military:
            continue
        if _negated(sentence, offsets, start_index, k):
            continue
        if kind in toll_kinds and (count.value is None or count.value <= 2):
            continue  # "the toll rose to 21 after a wounded man died": the toll says it
        children = count.value if count.children else None
        if count.noun and count.noun.startswith("children:"):
            children = int(count.noun.partition(":")[2])
        extra = _including_children(tokens, max(end, k + 1))
        if extra is not None and (children is None or extra > children):
            children = extra
        harms.append(
            Harm(kind, count.value, count.at_least, children, offsets[start_index], verb=offsets[k], high=count.high)
        )
    harms.extend(_elided(sentence, tokens, offsets, harms))
    harms.extend(_among_children(tokens, offsets, harms))
    return harms


# "two were killed in Pokrovsk and one in Kostiantynivka": a count that shares the verb before it.
_ELIDED = re.compile(
    r"(?:,\s*|;\s*|\s+and\s+|\s+while\s+)(?P<count>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"(?:\s+(?:more|other|others))?(?:\s+(?:people|persons?|civilians|residents))?\s+(?:in|near|at)\s+"
    r"(?:the\s+(?:city|town|village|settlement)\s+of\s+)?[A-ZА-ЯІЇЄҐ]"
)


def _elided(sentence: str, tokens: list[str], offsets: list[int], harms: list[Harm]) -> list[Harm]:
    found = []
    starts = {harm.start for harm in harms}
    for match in _ELIDED.finditer(sentence):
        position = match.start("count")
        if position in starts:
            continue
        before = [harm for harm in harms if 0 <= harm.verb < position and harm.value is not None]
        if not before:
            continue
        shared = max(before, key=lambda harm: harm.verb)
        value = word_number(match["count"].lower())
        if value is None:
            continue
        found.append(Harm(shared.kind, value, False, None, position, verb=position))
    return found


def _either(tokens: list[str], k: int) -> bool:
    """ "killed or injured", "wounded or killed": one figure for both kinds."""
    harm_words = KILL_WORDS | INJURE_WORDS
    after = k + 2 < len(tokens) and tokens[k + 1] == "or" and tokens[k + 2] in harm_words
    before = k >= 2 and tokens[k - 1] == "or" and tokens[k - 2] in harm_words
    return after or before


def _noun_use(tokens: list[str], k: int) -> bool:
    before = tokens[k - 1]
    return before in ("the", "of", "among")


def _object(tokens: list[str], k: int) -> tuple[Count, int, int] | None:
    """killed four people / killing the driver / injuring at least 18."""
    result = read_count(tokens, k + 1)
    if result is None:
        return None
    count, end = result
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
    best: tuple[Count, int, int] | None = None
    for j in range(k - 1, max(-1, k - 12), -1):
        result = read_count(tokens, j)
        if result is None:
            continue
        count, end = result
        if end > k:
            continue
        between, aside = _skip_aside(tokens, end, k)
        if not all(token in AUXILIARIES for token in between):
            continue
        if aside is not None and count.value is not None and aside <= count.value:
            count = _with_children(count, aside) if not count.children else count
        if count.noun is None and count.value is not None and end == j + 1 and j > 0 and not _bare_subject(tokens, j):
            continue
        best = (count, end, j)
    if best is None:
        # a vague or unnumbered subject: "people were injured", "civilians were killed"
        j = k - 1
        while j >= 0 and tokens[j] in AUXILIARIES:
            j -= 1
        if j >= 0 and tokens[j] in PERSON_NOUNS and tokens[j] not in ("other", "others") and j < k - 1:
            return Count(None, False, False, tokens[j]), k, j
        return None
    count, end, j = best
    # "a two-year-old girl and a 31-year-old woman were killed": add the people before "and"
    while j >= 2 and tokens[j - 1] == "and":
        previous = None
        for i in range(j - 2, max(-1, j - 8), -1):
            result = read_count(tokens, i)
            if result and result[1] == j - 1 and result[0].value is not None and result[0].noun:
                previous = (result[0], i)
        if previous is None or count.value is None:
            break
        other, i = previous
        children = (other.value if other.children else 0) + (count.value if count.children else 0)
        count = Count(other.value + count.value, False, bool(children), count.noun)
        if children and children != count.value:
            count = Count(count.value, False, False, count.noun)
            best_children = children
            return _with_children(count, best_children), end, i
        j = i
    return count, end, j


_BEFORE_BARE_SUBJECT = frozenset(
    {"and", ",", "with", "another", "some", "only", "while", "but", "leaving", "left", ":", "—", "-", "–"}
    | {"least", "than", "about", "around", "nearly", "over"}
)


def _bare_subject(tokens: list[str], j: int) -> bool:
    """A bare number is a subject only after a conjunction or a bound: "... killed and 73 wounded"."""
    return tokens[j - 1] in _BEFORE_BARE_SUBJECT


def _skip_aside(tokens: list[str], start: int, stop: int) -> tuple[list[str], int | None]:
    """The words between a subject and its verb without an aside: ", including a child," or ", 68,"."""
    between = tokens[start:stop]
    if len(between) >= 3 and between[0] == "," and "," in between[1:]:
        close = between.index(",", 1)
        inner = between[1:close]
        rest = between[close + 1 :]
        if inner and inner[0] in ("including", "among", "incl", "mostly", "all", "both"):
            children = _including_children(tokens, start)
            return rest, children
        if len(inner) == 1 and inner[0].isdigit():
            return rest, None
    return between, None


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
                result = read_count(tokens, start + offset + len(lead))
                if result and result[0].children and result[0].value is not None:
                    return result[0].value
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
            and tokens[k + 1] == "the"
            and tokens[k + 2] in ("dead", "killed", "victims", "injured", "wounded")
        ):
            kind = "injured" if tokens[k + 2] in ("injured", "wounded") else "killed"
            if k + 3 < len(tokens) and tokens[k + 3] in ("were", "was", "are", "is"):
                result = read_count(tokens, k + 4)
                if result and result[0].children and result[0].value:
                    found.append(Harm(kind, None, False, result[0].value, offsets[k]))
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
        if put and re.search(r"\bput\s+(?:the\s+)?(?:death\s+)?$", sentence[: noun.start()], re.IGNORECASE):
            rise = put  # "he had put the toll at five"
        if rise is None:
            continue
        what = (noun["kind2"] or "dead").lower()
        kind = "injured" if any(word in what for word in ("injured", "wounded")) else "killed"
        if "casualties" in what:
            continue
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


def children_of(harm: Harm) -> int | None:
    return harm.children

"""Harm told by nouns rather than verbs, as real reports often do:

- counted nouns: "at least 21 fatalities and 34 injuries", "there are currently 16 dead and 33 wounded",
  "one Ukrainian fatality";
- noun frames: "claimed the lives of seven people", "claiming the lives of more than 20 people",
  "resulting in the deaths of six individuals and injuries to eight others", "the death of a 77-year-old man";
- children among a total: "Fifteen children were among 144 people wounded", "Among the 43 injured are three
  children".

A figure already read from a verb at the same place is not read twice.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from harmtrack.extract.numbers import CHILD_NOUNS, MODIFIERS, read_count, word_number

if TYPE_CHECKING:
    from harmtrack.extract.harm import Harm

_NOUNS = {
    "fatalities": "killed", "fatality": "killed", "deaths": "killed", "dead": "killed",
    "injuries": "injured", "injured": "injured", "wounded": "injured",
}  # fmt: skip
_FRAME = re.compile(
    r"\b(?:(?P<lives>(?:claim(?:s|ed|ing)?|took|takes?|taken|taking|cost(?:s|ing)?)\s+(?:the\s+)?lives?\s+of)|"
    r"(?P<deaths>deaths?\s+of)|(?P<injuries>injur(?:y|ies)\s+to))\s+",
    re.IGNORECASE,
)
_NOT_BEFORE = frozenset({"aged", "-", "of", "from", "than", "to", "by"})


def nominal_harm(sentence: str, tokens: list[str], offsets: list[int], told: list[Harm]) -> list[Harm]:
    """The harm told by nouns in one sentence, beside `told` (the harm read from verbs)."""
    from harmtrack.extract.harm import Harm

    taken = {harm.start for harm in told} | {harm.verb for harm in told}
    found: list[Harm] = []
    for k, token in enumerate(tokens):
        kind = _NOUNS.get(token)
        if kind is None or offsets[k] in taken:
            continue
        start = _count_before(tokens, k)
        if start is None or offsets[start] in taken:
            continue
        result = read_count(tokens, start)
        value = word_number(tokens[start]) if result is None else result[0].value
        at_least = result is not None and result[0].at_least
        lower = _bound_before(tokens, start)
        found.append(Harm(kind, value, at_least or lower > 0, None, offsets[start - lower], verb=offsets[k]))
        taken.update({offsets[start], offsets[k]})
    for match in _FRAME.finditer(sentence):
        harm = _framed(match, tokens, offsets, taken)
        if harm is not None:
            found.append(harm)
    if not told and not found:
        for match in _THERE_ARE.finditer(sentence):
            for noun in ("first", "second"):
                if match[noun]:
                    kind = _NOUNS[match[noun].lower()]
                    found.append(Harm(kind, None, False, None, match.start(noun), verb=match.start(noun)))
    return found


# "There are dead and wounded.", "there are injured": harm told with no count at all
_THERE_ARE = re.compile(
    r"\bthere\s+(?:are|were)\s+(?:also\s+|reportedly\s+)?(?P<first>dead|wounded|injured)\b"
    r"(?:\s+and\s+(?P<second>dead|wounded|injured)\b)?(?!\s+(?:people|civilians|persons|in\s+hospital))",
    re.IGNORECASE,
)


def _count_before(tokens: list[str], k: int) -> int | None:
    """The index of the number counting the harm noun tokens[k]: "21 fatalities", "one Ukrainian fatality"."""
    start = k - 1
    if start >= 1 and tokens[start] in MODIFIERS and tokens[k] not in ("injured", "wounded"):
        start -= 1
    if start < 0:
        return None
    value = word_number(tokens[start])
    if value is None or value >= 1900 or (start > 0 and tokens[start - 1] in _NOT_BEFORE):
        return None
    if k + 1 < len(tokens) and tokens[k + 1] in ("of", "from", "to"):
        return None  # "two injuries from the blast" is fine, but "one of", "20 dead of ...": not a count
    return start


def _bound_before(tokens: list[str], start: int) -> int:
    """How many tokens of "at least" / "more than" come before the number at `start`."""
    if start >= 2 and (tokens[start - 2], tokens[start - 1]) in (("at", "least"), ("more", "than")):
        return 2
    return 0


def _framed(match: re.Match[str], tokens: list[str], offsets: list[int], taken: set[int]) -> Harm | None:
    from harmtrack.extract.harm import Harm, _children_told, _including_children

    index = next((i for i, offset in enumerate(offsets) if offset >= match.end()), None)
    if index is None or offsets[index] in taken:
        return None
    result = read_count(tokens, index)
    if result is None or result[0].value is None or result[0].military:
        return None
    count, end = result
    if count.noun is None and not (end == len(tokens) or tokens[end] in (",", ".", "and", ";", "in", "on")):
        return None
    kind = "injured" if match["injuries"] else "killed"
    children = _children_told(count)
    extra = _including_children(tokens, end)
    if extra is not None and (children is None or extra > children):
        children = extra
    taken.add(offsets[index])
    return Harm(kind, count.value, count.at_least, children, offsets[index], verb=match.start())


_AMONG_TOTAL = re.compile(
    r"\b(?P<children>\w+)\s+(?P<noun>\w+)\s+(?:were|was|are)\s+among\s+(?:the\s+)?(?P<total>\w+)\s+"
    r"(?:(?:people|civilians|persons)\s+)?(?P<verb>wounded|injured|killed|dead)\b",
    re.IGNORECASE,
)
_AMONG_THE_N = re.compile(
    r"\bamong\s+the\s+(?P<total>\w+)\s+(?P<verb>wounded|injured|killed|dead)\s+(?:are|were|is|was)\s+"
    r"(?P<children>\w+)\s+(?P<noun>\w+)",
    re.IGNORECASE,
)


def children_among_totals(sentence: str) -> list[Harm]:
    """ "Fifteen children were among 144 people wounded": 144 injured, of them 15 children."""
    from harmtrack.extract.harm import Harm

    found = []
    for pattern in (_AMONG_TOTAL, _AMONG_THE_N):
        for match in pattern.finditer(sentence):
            children = word_number(match["children"].lower())
            total = word_number(match["total"].lower())
            if children is None or total is None or match["noun"].lower() not in CHILD_NOUNS or children > total:
                continue
            kind = "killed" if match["verb"].lower() in ("killed", "dead") else "injured"
            found.append(Harm(kind, total, False, children, match.start("total"), verb=match.start("verb")))
    return found

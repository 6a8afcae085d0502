"""Weapons and damaged sites found through the vocabularies' aliases.

Matching is case-insensitive on whole words, accepts plurals ("glide bombs",
"drones", "apartment blocks") and hyphen/space variants ("Shahed-136",
"Shahed 136"), and takes the longest alias at a position, so "Shahed drone"
gives the Shahed, "children's hospital" the hospital for children.
"""

import re
from dataclasses import dataclass

from harmtrack.extract.numbers import word_number
from harmtrack.extract.spans import Taken, ends_at
from harmtrack.vocab import Vocabularies, Vocabulary

# Weapon codes that say less than the others: any more specific mention wins.
GENERIC_WEAPONS = {"unknown": 0, "missile": 1, "drone": 1, "aerial-bomb": 1}
# Nouns that may follow a site alias and belong to its name: "university building".
SITE_HEADS = ("building", "buildings", "block", "blocks", "complex", "premises", "facility", "facilities", "campus")
_STOREY = re.compile(
    r"\b(?P<name>(?:multi|high|low|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|sixteen|"
    r"\d{1,2})[- ]stor(?:e)?y(?:\s+(?:residential|apartment))?\s+(?:building|block|house)s?)\b",
    re.IGNORECASE,
)
_NAMED_LANDMARK = re.compile(
    r"\bthe\s+(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})(?:\s+(?:building|complex|tower))?,\s+"
    r"(?:a|an|the)\s+[^.;]{0,80}?\b(?:landmark|monument|heritage|museum|cathedral|theatre|theater)\b"
)
_NOT_A_SITE_AFTER = re.compile(
    r"[-\s]+(?:area|areas|zone|zones|territory|vicinity|materials|kits|supplies|staff|workers|employees|director|"
    r"directors|management|officials|needs|services|support|assistance|sector|operators?|company|companies)\b",
    re.IGNORECASE,
)
_OFFICE_OWNERS = re.compile(r"(?:['’]s|press|president|presidential|governor|mayor|prosecutor)\s+$", re.IGNORECASE)
_PLACE_AFTER = re.compile(r"\s+(?:city|town|of\s+[A-Z])|[-\s]+(?:based|wide)\b")
_IN_A_BEFORE = re.compile(r"\bin\s+(?:a|the)\s+$")
_IN_REGION_AFTER = re.compile(r"\s+in\s+(?:[\w'’-]+\s+){0,4}?(?:region|oblast)\b", re.IGNORECASE)
_SITE_HEAD = re.compile(r"\s+(" + "|".join(SITE_HEADS) + r")\b")


_DROPPED = re.compile(
    r"\b(?:dropp(?:ed|ing)|drops?|drone-dropped)\s+(?:(?:an?|the|one|two|several|\w+-\w+)\s+)?$", re.I
)


# Killings by soldiers that the vocabulary's small-arms aliases ("shooting", "gunfire") do not name: "shot dead",
# "shot him in the head", "shot a car with civilians", "gunshot wounds", "automatic weapons". Not "shot down".
_GUNFIRE = re.compile(
    r"\b(?:shot\s+(?:dead|and\s+killed|him|her|them|one\s+of|(?:a|an|the|two|three|\d+)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:man|men|woman|women|boy|girl|civilians?|residents?|people|car|vehicle|driver))|gunshot|"
    r"(?:automatic|assault)\s+(?:weapons?|rifles?)|machine[-\s]guns?)\b",
    re.IGNORECASE,
)


_BOMBS = re.compile(r"\b(?:dropped|dropping|drops|drop)\s+(?:[\w-]+\s+){0,2}?bombs?\b", re.IGNORECASE)


@dataclass(frozen=True)
class Match:
    code: str  # weapon family or site kind
    text: str  # as written
    start: int
    end: int


def _pattern(
    vocabulary: Vocabulary, *, skip: tuple[str, ...] = (), codes: bool = True
) -> tuple[re.Pattern, dict[str, str]]:
    lookup: dict[str, str] = {}
    for code, aliases in vocabulary.aliases.items():
        if code in skip:
            continue
        for alias in (code, *aliases) if codes else aliases:
            key = _key(alias)
            if key and key not in lookup:
                lookup[key] = code
    parts = []
    for key in sorted(lookup, key=len, reverse=True):
        body = r"[\s-]+".join(re.escape(word) for word in key.split(" "))
        parts.append(body)
    regex = r"(?<![\w-])(?:" + "|".join(parts) + r")(?:e?s)?(?![\w-])"
    return re.compile(regex, re.IGNORECASE), lookup


def _key(text: str) -> str:
    return " ".join(text.replace("-", " ").split()).casefold()


class Lexicon:
    """The vocabularies as text matchers."""

    def __init__(self, vocab: Vocabularies) -> None:
        self.vocab = vocab
        self._weapons, self._weapon_lookup = _pattern(vocab.weapons, skip=("unknown",))
        self._sites, self._site_lookup = _pattern(vocab.site_kinds, codes=False)

    def _code(self, lookup: dict[str, str], text: str) -> str | None:
        key = _key(text)
        if key in lookup:
            return lookup[key]
        for suffix in ("es", "s"):
            if key.endswith(suffix) and key[: -len(suffix)] in lookup:
                return lookup[key[: -len(suffix)]]
        return None

    def weapons(self, text: str) -> list[Match]:
        found = []
        for match in self._weapons.finditer(text):
            code = self._code(self._weapon_lookup, match[0])
            if code == "mine" and _DROPPED.search(text[max(0, match.start() - 40) : match.start()]):
                code = "drone"  # "a drone dropped an explosive device": a drone munition, not a mine
            if code is not None:
                found.append(Match(code, match[0], match.start(), match.end()))
        found.extend(Match("small-arms", match[0], match.start(), match.end()) for match in _GUNFIRE.finditer(text))
        if not any(match.code in ("drone", "loitering-munition") for match in found):
            # "Russians dropped three bombs on Illinivka": bombs from aircraft (a drone's "bombs" are the drone's)
            found.extend(Match("aerial-bomb", match[0], match.start(), match.end()) for match in _BOMBS.finditer(text))
        found.sort(key=lambda match: match.start)
        return found

    def sites(self, text: str) -> list[Match]:
        """Damaged-site candidates: (kind, name as written)."""
        found: list[Match] = []
        taken = Taken(len(text))  # the spans of `found`

        def add(site: Match) -> None:
            found.append(site)
            taken.take(site.start, site.end)

        for match in _NAMED_LANDMARK.finditer(text):
            add(Match("cultural", match["name"], match.start("name"), match.end()))
        for match in _STOREY.finditer(text):
            if taken.free(match.start(), match.end()):
                add(Match("residential", match["name"].lower(), match.start(), match.end()))
        for match in self._sites.finditer(text):
            if not taken.free(match.start(), match.end()):
                continue
            code = self._code(self._site_lookup, match[0])
            if code is None:
                continue
            written, end = match[0], match.end()
            if _PLACE_AFTER.match(text, end):
                continue  # "the port city of Odesa", "the port of Odesa": a place, not a damaged site
            if ends_at(_IN_A_BEFORE, text, match.start()) and _IN_REGION_AFTER.match(text, end):
                continue  # "a ship in a port in Odesa region": where it was, not what was damaged
            if _NOT_A_SITE_AFTER.match(text, end):
                continue  # "shelter materials", "the port area", "hospital staff": the word qualifies another
            if _key(written) in ("office", "offices") and ends_at(_OFFICE_OWNERS, text, match.start()):
                continue  # "the prosecutor's office said"
            if _key(written) in ("hospital", "hospitals") and ends_at(_IN_HOSPITAL, text, match.start()):
                continue  # "was taken to hospital with shrapnel wounds", "later died in hospital": care, not damage
            if ends_at(_ON_THE_WAY, text, match.start()):
                continue  # "two women on their way to church": where they were going, not what was damaged
            proper = written[:1].isupper() and match.start() > 0 and not _sentence_start(text, match.start())
            if proper and code != "cultural":
                proper = False
            if not proper:
                head = _SITE_HEAD.match(text, end)
                if head and _key(written) not in ("building", "buildings"):
                    written += " " + head[1]
                    end += len(head[0])
                written = written.lower() if not proper else written
            add(Match(code, written, match.start(), end))
        weapons = Taken(len(text))
        for weapon in self._weapons.finditer(text):
            weapons.take(weapon.start(), weapon.end())
        found = [m for m in found if weapons.free(m.start, m.end)]
        found.sort(key=lambda match: match.start)
        return _compounds(text, found)


_OWNER = re.compile(r"\s+of\s+(?:an?|the|its|a\s+local)\s+(?:[a-z][a-z-]*\s+){0,2}", re.IGNORECASE)
_ON_THE_WAY = re.compile(
    r"\b(?:on\s+(?:their|his|her|its|our|my|the)\s+way\s+(?:home\s+)?(?:to|from)|"
    r"(?:going|heading|walking|driving|returning|coming|travell?ing|hurrying)\s+(?:home\s+)?(?:to|from))\s+"
    r"(?:the\s+|a\s+|an\s+)?(?:local\s+|morning\s+|evening\s+|sunday\s+)?$",
    re.IGNORECASE,
)
_IN_HOSPITAL = re.compile(
    r"\b(?:taken|rushed|brought|admitted|sent|transported|delivered|hospitali[sz]ed|died|dies|treated|treatment|"
    r"remains?|remained|stays?|stayed|lies|is|are|was|were|being)\s+(?:[a-z]+\s+)?(?:to|in|at|from)\s+"
    r"(?:the\s+|a\s+|an\s+)?(?:local\s+|city\s+|regional\s+|district\s+)?$",
    re.IGNORECASE,
)


def _compounds(text: str, found: list[Match]) -> list[Match]:
    """One site told in two aliases: "a high-rise apartment block" (a modifier and its noun) is one building,
    "the administrative building of an enterprise" is the building, its owner no second site."""
    out: list[Match] = []
    for match in found:
        if out:
            previous = out[-1]
            gap = text[previous.end : match.start]
            if gap in (" ", "-") and previous.text[:1].islower() == match.text[:1].islower():
                out[-1] = Match(match.code, text[previous.start : match.end].lower(), previous.start, match.end)
                continue
            if _OWNER.fullmatch(gap):
                continue
        out.append(match)
    return out


def _sentence_start(text: str, position: int) -> bool:
    """Nothing but space before `position`, or a full stop, "!" or "?" and space."""
    while position > 0 and text[position - 1].isspace():
        position -= 1
    return position == 0 or text[position - 1] in ".!?"


def best_weapon(matches: list[Match]) -> Match | None:
    """The most specific weapon named; among equals, the first. Debris is the weapon only when no strike
    weapon is named: "a missile attack ... falling debris" is the missile's."""
    best = None
    for match in matches:
        rank = _rank(match)
        if best is None or rank > _rank(best):
            best = match
    return best


def _rank(match: Match) -> float:
    return 0.5 if match.code == "debris" else GENERIC_WEAPONS.get(match.code, 2)


# What may stand between debris and the weapon it came from: "debris, presumably from intercepted missiles".
_DEBRIS_SOURCE = re.compile(
    r"[\s,]*(?:(?:presumably|apparently|probably|likely|reportedly)\s+)?(?:of|from)\s+"
    r"(?:(?:an?|the|one|two|several|its|their|[\w-]+ed|Russian)\s+){0,3}",
    re.IGNORECASE,
)


# "survivors under the debris", "clearing the debris", "amid the debris": the rubble, not falling debris.
_RUBBLE_BEFORE = re.compile(
    r"\b(?:under|beneath|amid|amidst|among|through|clear\w*|remov\w*|dismantl\w*|search\w*)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def strike_weapons(text: str, weapons: list[Match], harmful: bool) -> list[Match]:
    """The weapons a sentence tells of a strike. A weapon named as the debris' source ("debris of a downed
    Shahed") is no strike of its own; debris told without harm or damage ("Debris were detected in the
    district") is no weapon of the incident."""
    out: list[Match] = []
    for index, weapon in enumerate(weapons):
        previous = weapons[index - 1] if index else None
        if (
            previous is not None
            and previous.code == "debris"
            and _DEBRIS_SOURCE.fullmatch(text, previous.end, weapon.start)
        ):
            continue  # "debris, presumably from intercepted missiles": the debris' source
        if weapon.code == "debris" and (
            not harmful or _RUBBLE_BEFORE.search(text, max(0, weapon.start - 30), weapon.start)
        ):
            continue
        out.append(weapon)
    return out


def is_barrage(text: str, weapon: Match) -> bool:
    """A weapon told with the size of a barrage: "more than 40 missiles", "93 missiles of various types"."""
    before = text[max(0, weapon.start - 40) : weapon.start].split()[-3:]
    return any(word_number(word.lower().strip(",")) is not None for word in before)

"""Datelines: the place, date and agency a wire paragraph opens with ("KYIV, Jan 15 (Reuters) -",
"NIKOPOL, 14 November 2024 (Ukrinform) -", a press release's "(Kyiv, October 30, 2024) -").

The dateline is cut from the sentence before it is read, so its city is no place of the incident by
itself; it names the city "the city" refers to, and it may date the text (see harmtrack.extract.extract).
"""

import re

from harmtrack.extract import places as place_rules

_DATELINE = re.compile(
    r"^(?P<place>[A-ZА-Я][A-ZА-Я'’ .-]+|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)"
    r"(?:,\s*(?:Ukraine|Russia)|\s*\((?:Ukraine|Russia)\))?"
    r"(?:,?\s*(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})(?:,?\s*\d{4})?))?"
    # "(BSS/AFP)": an agency's copy syndicated by another
    r"\s*(?P<agency>\((?:[A-Z][\w-]{1,12}/)?(?:Reuters|AP|AFP|Ukrinform|UNIAN|Xinhua|dpa|Bloomberg|RFE/RL|"
    r"Kyiv Independent|The Kyiv Independent|Interfax-Ukraine|Suspilne)\))?"
    r"\s*[-–—]+\s+"
)
# "(Kyiv, October 30, 2024) -": a press release's dateline in brackets.
_BRACKET_DATELINE = re.compile(
    r"^\((?P<place>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?),\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s*\d{4}|"
    r"\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4})\)\s*[-–—]+\s+|"
    # "(Lviv) – More than 450 civilians ...": a rights group's release, the place alone in brackets
    r"^\((?P<alone>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\)\s*[-–—]+\s+"
)


# "KYIV: Russian drone strikes killed three ...": a wire dateline with a colon, only where a text opens.
_COLON_DATELINE = re.compile(r"^(?P<place>[A-ZА-Я][A-ZА-Я'’-]+(?:\s[A-ZА-Я][A-ZА-Я'’-]+)?):\s+(?=[A-Z])")


def strip_dateline(text: str, opening: bool = False) -> tuple[str, str | None]:
    """("The death toll ...", "KYIV, Jan 15 (Reuters)") for a paragraph that opens with a dateline; `opening`:
    the text's first sentence of prose, where "KYIV:" is a dateline too (elsewhere it labels a line)."""
    bracket = _BRACKET_DATELINE.match(text)
    if bracket:
        return text[bracket.end() :], bracket[0]
    colon = _COLON_DATELINE.match(text) if opening else None
    if colon and _known_city(colon["place"]):
        return text[colon.end() :], colon[0]
    match = _DATELINE.match(text)
    if not match:
        return text, None
    if not (match["agency"] or match["date"] or match["place"].isupper()):
        return text, None
    return text[match.end() :], match[0]


def dateline_city(dateline: str | None) -> str | None:
    """ "NIKOPOL, 14 November 2024 (Ukrinform) -" -> Nikopol, when the gazetteer knows it."""
    if not dateline:
        return None
    return _known_city(dateline.lstrip("( "))


def anaphor_city(dateline: str | None) -> str | None:
    """The city "the city" or "the Black Sea port city" stands for in a sentence opened by this dateline.

    Unlike `dateline_city`, the bracket of a press release's dateline is not skipped, so such a dateline
    names no city here."""
    if not dateline:
        return None
    return _known_city(dateline)


def _known_city(dateline: str) -> str | None:
    name = re.split(r"[,(:–—-]", dateline, maxsplit=1)[0].strip()
    return place_rules.city_name(name.title()) if name else None

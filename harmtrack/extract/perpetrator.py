"""Whose attack it was: the side the text attributes, never inferred from where the attack fell."""

import re

from harmtrack.extract.frames import Frame

RUSSIA = re.compile(
    r"\b(?:Russian|Russia['’]s|Russians|Russia|enemy|occupiers|occupying|invaders|Moscow['’]s)\b"
    r"(?:\s+[\w-]+){0,3}?\s+(?:attack|attacks|attacked|strike|strikes|struck|missile|missiles|drone|drones|bomb|bombs|"
    r"shelling|shelled|forces|troops|soldiers|servicemen|army|military|artillery|shell|shells|aircraft|jets|launched|hit|pounded|fired|"
    r"dropped|rocket|rockets|glide|guided|ballistic|cruise|Shahed|S-300|Iskander|Kh-101|FPV|aerial|air|"
    r"occupation|invaders)|"
    # "the Russians killed a 59-year-old woman", "Russian soldiers shot him": harm done by the side's people
    r"\b(?:Russians|occupiers|invaders|Occupants|occupants|Occupiers)\s+(?:[\w-]+\s+){0,2}?(?:killed|killing|wounded|"
    r"wounding|injured|injuring|shot|executed|murdered)\b|"
    r"\b(?:Occupants|occupants|Occupiers)\s+(?:[\w-]+\s+){0,2}?(?:attacked|struck|shelled|dropped|fired|launched|hit)\b|"
    r"\b(?:fired|launched|dropped)\s+by\s+(?:the\s+)?(?:Russian|Russia)\b",
)
UKRAINE = re.compile(
    r"\b(?:Ukrainian|Ukraine['’]s|Kyiv['’]s)\s+(?:[\w-]+\s+){0,2}?(?:attack|attacks|strike|strikes|missile|missiles|"
    r"drone|drones|shelling|shell|shells|forces|troops|soldiers|servicemen|army|military|artillery|rocket|rockets|HIMARS)\b"
    r"(?![\s,]+(?:(?:and|or|energy|transport|civilian|critical|[\w-]+,)\s+){0,4}(?:infrastructure|facilit\w+|targets?|"
    r"positions|installations|sites|airfields|bases|intelligence|command|spokes\w+|officials|said|says|reported|"
    r"reports|stated|announced|claimed|confirmed|told|administration)\b)|"
    r"\b(?:Ukraine|Kyiv)\s+(?:attacked|struck|shelled|fired|launched|hit)\b|"
    # "accused Ukraine's military of shelling the city": a Russian-side attribution
    r"\b(?:accused|blamed)\s+(?:Ukraine|Kyiv|Ukrainian)\b"
)


def one_side(text: str) -> str | None:
    """ "Russia" or "Ukraine" when the text names the attacks of that side only."""
    russia, ukraine = bool(RUSSIA.search(text)), bool(UKRAINE.search(text))
    if russia and not ukraine:
        return "Russia"
    if ukraine and not russia:
        return "Ukraine"
    return None


def incident_perpetrator(frame: Frame) -> str | None:
    """The side the incident's clauses name: Ukraine when they name a Ukrainian attack and the opening clause
    names no Russian one, else Russia when they name a Russian one."""
    text = " ".join(member.clause for member in frame.members)
    if UKRAINE.search(text) and not RUSSIA.search(frame.opening.clause):
        return "Ukraine"
    if RUSSIA.search(text):
        return "Russia"
    return None

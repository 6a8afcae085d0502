"""Harm a sentence says did not happen: "There were no casualties", "No one was injured".

A count the report states as none is zero, not unknown (SPEC: empty means unknown, which is not zero); the
drafting makes it 0 for an incident that tells no figure of its own of that kind. What is denied:

- casualties, victims, anyone hurt or harmed, everyone unharmed: killed and injured;
- injuries, anyone injured or wounded: injured only (nothing is said of deaths);
- deaths, fatalities, anyone killed or dead: killed only.

Not a denial: preliminary wording ("no immediate reports of casualties", "no information about casualties",
"casualties are being clarified"), a question or condition ("whether anyone was hurt", "if there are no
casualties"), harm denied to soldiers only ("no casualties among the personnel"), and some people unharmed
("the two children were unharmed" tells nothing of the others).
"""

import re

KILLED = frozenset({"killed"})
INJURED = frozenset({"injured"})
BOTH = KILLED | INJURED

_NOBODY = (
    r"(?:no\s+one|nobody|no\s+(?:people|civilians|residents|person|one\s+else)"
    r"|none\s+of\s+(?:the\s+)?(?:residents|people))"
)
_WAS = r"(?:was|were|has\s+been|have\s+been|had\s+been|got|is|are|was\s+reported|were\s+reported)"
_DENIALS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    (
        re.compile(
            rf"\b(?:{_NOBODY}\s+{_WAS}\s+(?:killed|dead)\s+or\s+(?:injured|wounded|hurt)"
            r"|no\s+(?:reports?\s+of\s+)?(?:dead|deaths|fatalities)\s+or\s+(?:injured|wounded|injuries)"
            r"|no\s+(?:reports?\s+of\s+)?(?:injuries|injured|wounded)\s+or\s+(?:deaths|fatalities|dead)"
            r"|(?:no|without(?:\s+any)?)\s+(?:civilian\s+|human\s+)?(?:casualties|victims)"
            r"|no\s+reports?\s+of\s+(?:civilian\s+)?(?:casualties|victims)"
            rf"|{_NOBODY}\s+{_WAS}\s+(?:hurt|harmed)"
            r"|(?:everyone|everybody|all\s+(?:of\s+them|the\s+residents|residents|people)|(?:the\s+)?(?:residents|people|family))"
            r"\s+(?:escaped|were|was|are|is|remained)\s+(?:unharmed|unhurt))\b",
            re.IGNORECASE,
        ),
        BOTH,
    ),
    (
        re.compile(
            rf"\b(?:{_NOBODY}\s+{_WAS}\s+(?:injured|wounded)"
            r"|(?:people|civilians|residents)\s+(?:were|are)\s+not\s+(?:injured|wounded|hurt)"
            r"|no\s+(?:reports?\s+of\s+)?(?:injuries|injured|wounded))\b",
            re.IGNORECASE,
        ),
        INJURED,
    ),
    (
        re.compile(
            rf"\b(?:{_NOBODY}\s+{_WAS}\s+killed|{_NOBODY}\s+died|no\s+(?:reports?\s+of\s+)?(?:deaths|fatalities))\b",
            re.IGNORECASE,
        ),
        KILLED,
    ),
)
# Preliminary or conditional wording just before a denial: no figure is stated as none.
_NOT_YET = re.compile(
    r"\b(?:immediate|immediately|initial|yet|whether|if|unclear|unknown|information|clarified|clarifying)\b"
    r"[^.;]{0,30}$",
    re.IGNORECASE,
)
_SOLDIERS_ONLY = re.compile(
    r"\s+among\s+(?:the\s+)?(?:personnel|military|servicemen|soldiers|troops|crew)\b", re.IGNORECASE
)


def stated_none(text: str) -> frozenset[str]:
    """The kinds of harm ("killed", "injured") the text says nobody suffered."""
    denied: frozenset[str] = frozenset()
    for pattern, kinds in _DENIALS:
        for match in pattern.finditer(text):
            before = text[max(0, match.start() - 40) : match.start()]
            if not _NOT_YET.search(before) and not _SOLDIERS_ONLY.match(text, match.end()):
                denied |= kinds
    return denied

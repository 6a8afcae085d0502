"""Harm a sentence says did not happen: "There were no casualties", "No one was injured".

A count the report states as none is zero, not unknown (SPEC: empty means unknown, which is not zero); the
drafting makes it 0 for an incident that tells no figure of its own of that kind. What is denied:

- casualties, victims, anyone hurt or harmed, everyone unharmed: killed and injured;
- injuries, anyone injured or wounded: injured only (nothing is said of deaths);
- deaths, fatalities, the dead, anyone killed: killed only.

Not a denial: preliminary wording before or after it ("no immediate reports of casualties", "No casualties
were immediately reported", "casualties are being clarified"), a question or condition ("whether anyone was
hurt", "if there are no casualties"), its opposite ("not without casualties"), harm denied to a group other
than civilians ("no casualties among the personnel"), some people unharmed ("the two children were
unharmed" tells nothing of the others), a span of time ("no one has been killed in the city since August"),
and a sentence recalling an earlier attack ("Recall that ... there were no casualties").
"""

import re

KILLED = frozenset({"killed"})
INJURED = frozenset({"injured"})
BOTH = KILLED | INJURED

_NOBODY = (
    r"(?:no\s+one(?:\s+else)?|nobody(?:\s+else)?|not\s+a\s+single\s+(?:person|one|civilian)|no\s+(?:people|civilians|residents|person)"
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
            r"|(?:people|civilians|residents)\s+(?:were|are)\s+not\s+(?:hurt|harmed)"
            r"|(?:everyone|everybody|all\s+(?:of\s+them|the\s+residents|residents|people)|(?:the\s+)?(?:residents|people))"
            r"\s+(?:escaped|were|was|are|is|remained)\s+(?:unharmed|unhurt))\b",
            re.IGNORECASE,
        ),
        BOTH,
    ),
    (
        re.compile(
            rf"\b(?:{_NOBODY}\s+{_WAS}\s+(?:injured|wounded)"
            r"|(?:people|civilians|residents)\s+(?:were|are)\s+not\s+(?:injured|wounded)"
            r"|no\s+(?:reports?\s+of\s+)?(?:injuries|injured|wounded(?!\s+(?:soldiers|servicemen|troops))))\b",
            re.IGNORECASE,
        ),
        INJURED,
    ),
    (
        re.compile(
            rf"\b(?:{_NOBODY}\s+{_WAS}\s+killed|{_NOBODY}\s+died"
            r"|no\s+(?:reports?\s+of\s+)?(?:deaths|fatalities|dead\b(?!\s+or)))\b",
            re.IGNORECASE,
        ),
        KILLED,
    ),
)
# Preliminary or conditional wording just before a denial: no figure is stated as none.
_NOT_YET_BEFORE = re.compile(
    r"\b(?:immediate|immediately|initial|initially|yet|whether|if|unclear|unknown|clarified|clarifying|not)\b"
    r"[^.;]{0,30}$",
    re.IGNORECASE,
)
# ... or just after it, in its clause: "No casualties were immediately reported", "no one ... since August"
_NOT_YET_AFTER = re.compile(
    r"^[^.;:]{0,30}?\b(?:immediately|initially|confirmed|identified|named|since)\b", re.IGNORECASE
)
# "among ...": a denial of civilian harm only when the group is civilians ("no casualties among civilians")
_AMONG = re.compile(r"^\s+among\s+(?P<group>(?:[\w-]+\s+){0,3}?[\w-]+)", re.IGNORECASE)
_CIVILIANS = re.compile(r"\b(?:civilians?|residents|population|people|locals|inhabitants)\b", re.IGNORECASE)
# "Recall that ...", "As a reminder, ...": an earlier attack told again
_RECALLED = re.compile(r"^\W*(?:recall|as\s+a\s+reminder|earlier|previously|as\s+(?:previously\s+)?reported)\b", re.I)


def stated_none(text: str) -> frozenset[str]:
    """The kinds of harm ("killed", "injured") the text says nobody suffered."""
    if _RECALLED.match(text):
        return frozenset()
    denied: frozenset[str] = frozenset()
    for pattern, kinds in _DENIALS:
        for match in pattern.finditer(text):
            if _stated(text, match):
                denied |= kinds
    return denied


def _stated(text: str, match: re.Match[str]) -> bool:
    before = text[max(0, match.start() - 40) : match.start()]
    after = text[match.end() : match.end() + 60]
    if _NOT_YET_BEFORE.search(before) or _NOT_YET_AFTER.match(after):
        return False
    among = _AMONG.match(after)
    return among is None or bool(_CIVILIANS.search(among["group"]))


# "Preliminarily, there were no injuries", "According to preliminary information, no one was injured": a stated
# zero that a later report of the same attack may still overturn
_PRELIMINARY = re.compile(
    r"\b(?:preliminar\w*|initial(?:ly)?|early\s+reports?|so\s+far|for\s+now|at\s+the\s+moment|currently)\b",
    re.IGNORECASE,
)


def preliminary(text: str) -> bool:
    """The sentence words its denial as provisional."""
    return bool(_PRELIMINARY.search(text))

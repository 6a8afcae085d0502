"""Dates in news text, resolved against the publication date.

Explicit dates ("29 October", "Oct. 29", "October 29, 2024", "the night of
16-17 October") are read as written, the year taken from the text or, when
missing, as the latest year that does not put the day after publication.
Weekdays and relative words ("on Monday evening", "late on Saturday",
"overnight into Tuesday", "yesterday") name the most recent such day on or
before the publication date. A weekday a report was *said* on ("officials said
on Friday") is the report's date, not the incident's, and is skipped.

Without a publication date nothing is counted from the clock: a relative date
(a weekday, "yesterday", a day and month with no year) is still found, so that
it tells the incidents apart as it would with one, but counted from a stand-in
day and marked not anchored; such a date can date no record.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from harmtrack.extract.spans import Taken, ends_at

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
INVASION_DAY_ONE = date(2022, 2, 24)
# What relative dates are counted from when the text gives no publication date: far from any report's date,
# with room to count days either way. A date counted from it is not anchored (see DateMention.anchored).
STAND_IN_DAY = date(1000, 7, 1)

_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|" \
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"  # fmt: skip
_DAY_FIRST = re.compile(
    rf"\b(?:(?P<first>\d{{1,2}})\s*[-–]\s*)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(?P<year>\d{{4}}))?\b"
)
_MONTH_FIRST = re.compile(
    rf"\b{_MONTH}\s+(?:(?P<first>\d{{1,2}})\s*[-–]\s*)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}}))?"
)
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")
_WEEKDAY = re.compile(
    r"\b(?P<lead>(?:late|early|overnight|the\s+night|night)\s+(?:on|of|into|to)\s+|(?:on|since|by|until|from)\s+)?"
    r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"\b(?P<word>yesterday|today|this\s+morning|this\s+afternoon|this\s+evening|last\s+night|tonight|overnight|"
    r"earlier\s+this\s+week|this\s+week|last\s+week|over\s+the\s+past\s+day|past\s+24\s+hours)\b",
    re.IGNORECASE,
)
_UNTIL_BEFORE = re.compile(r"\b(?:until|till|up\s+to)\s+$", re.IGNORECASE)
# "two days later", "a day earlier", "the next day", "the day before": a day counted from the date told before.
_SHIFT = re.compile(
    r"\b(?:(?P<count>\d{1,2}|a|one|two|three|four|five|six|seven)\s+days?\s+(?:(?P<way>later|earlier)|"
    r"(?P<prep>before|after)(?!\s+(?:the|a|an|russian|ukrainian|[a-z]+ed)\b))|"
    r"the\s+(?P<next>next|following|previous)\s+(?:day|morning|afternoon|evening|night)|the\s+day\s+(?P<dir>before|after))\b",
    re.IGNORECASE,
)
_BIRTHDAY_BEFORE = re.compile(
    r"\b(?:turned|celebrated\s+(?:his|her)\s+\w+\s+birthday)\s+(?:\d{1,3}\s+)?$", re.IGNORECASE
)
_SAID_BEFORE = re.compile(
    r"\b(?:said|says|told|reported|announced|wrote|added|stated|confirmed|posted|updated|reports)\s+(?:late\s+|early\s+)?"
    r"(?:on\s+)?$",
    re.IGNORECASE,
)
_DAYS_OF_WAR = re.compile(r"\bdays?\s+(\d{1,4})(?:\s*[-–]\s*(\d{1,4}))?\b", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    day: date
    precision: str  # day or week
    start: int  # character offset in the sentence
    text: str
    relative: bool  # resolved against the publication date
    explicit_night: bool = False  # "overnight into Tuesday", "night of 16-17 October": either day is right
    shift: int | None = None  # "two days later", "the next day": days from the date told before (see resolve_shifts)
    anchored: bool = True  # False: relative, and counted from STAND_IN_DAY for want of a publication date


def _year_for(month: int, day: int, published: date | None) -> int | None:
    if published is None:
        return None
    year = published.year
    try:
        if date(year, month, day) > published:
            year -= 1
        date(year, month, day)
    except ValueError:
        return None
    return year


def _said(sentence: str, start: int) -> bool:
    return bool(_SAID_BEFORE.search(sentence[max(0, start - 40) : start]))


class _Found:
    """The date mentions of a sentence; a span already read is not read again by a later pattern."""

    def __init__(self, length: int) -> None:
        self.mentions: list[DateMention] = []
        self.taken = Taken(length)

    def add(self, mention: DateMention, span: tuple[int, int]) -> None:
        if not self.taken.free(*span):
            return
        self.taken.take(*span)
        self.mentions.append(mention)


def find_dates(sentence: str, published: date | None) -> list[DateMention]:
    """Date mentions of one sentence, in order; report dates ("said on Friday") left out. Without `published`,
    relative dates are counted from STAND_IN_DAY and not anchored."""
    found = _Found(len(sentence))
    reference = published or STAND_IN_DAY
    anchored = published is not None
    _explicit_dates(sentence, reference, anchored, found)
    _holidays(sentence, reference, anchored, found)
    _weekdays(sentence, reference, anchored, found)
    _relative_days(sentence, reference, anchored, found)
    _shifts(sentence, published, found)
    mentions = sorted(found.mentions, key=lambda mention: mention.start)
    _days_after_attacks(sentence, mentions)
    return mentions


def _explicit_dates(sentence: str, published: date, anchored: bool, found: _Found) -> None:
    """ "2024-10-29", "29 October", "Oct. 29, 2024", "the night of 16-17 October"; one with no year is
    anchored only by an anchored `published`."""
    for match in _ISO.finditer(sentence):
        day = _day_of(match, published)
        if day is not None:
            found.add(DateMention(day, "day", match.start(), match[0], False), match.span())
    for pattern in (_DAY_FIRST, _MONTH_FIRST):
        for match in pattern.finditer(sentence):
            if _said(sentence, match.start()):
                continue
            day = _day_of(match, published)
            if day is None:
                continue
            night = bool(match["first"]) or "night" in sentence[max(0, match.start() - 20) : match.start()].lower()
            mention = DateMention(
                day, "day", match.start(), match[0], False, night, anchored=anchored or bool(match["year"])
            )
            found.add(mention, match.span())


# "a New Year's Day drone attack", "on Christmas Eve": a day named by its holiday, (month, day)
_HOLIDAYS = {"new year's day": (1, 1), "new year's eve": (12, 31), "christmas day": (12, 25), "christmas eve": (12, 24)}
_HOLIDAY = re.compile(r"\b(?:new\s+year['’]s\s+(?:day|eve)|christmas\s+(?:day|eve))\b", re.IGNORECASE)


def _holidays(sentence: str, published: date, anchored: bool, found: _Found) -> None:
    """ "a New Year's Day drone attack": the latest such day not after `published`."""
    for match in _HOLIDAY.finditer(sentence):
        month, number = _HOLIDAYS[" ".join(match[0].lower().replace("’", "'").split())]
        year = _year_for(month, number, published)
        if year is None:
            continue
        night = match[0].lower().endswith("eve")
        found.add(
            DateMention(date(year, month, number), "day", match.start(), match[0], False, night, anchored=anchored),
            match.span(),
        )


def _day_of(match: re.Match[str], published: date | None) -> date | None:
    """The day an explicit date names; with no year, the latest that does not put it after `published`."""
    month = int(match["month"]) if match.re is _ISO else MONTHS[match["month"].lower().rstrip(".")]
    number = int(match["day"])
    year = int(match["year"]) if match["year"] else _year_for(month, number, published)
    if year is None:
        return None
    try:
        return date(year, month, number)
    except ValueError:
        return None


_LAST_BEFORE = re.compile(r"(?<![\w-])last\s+$", re.IGNORECASE)


def _weekdays(sentence: str, published: date, anchored: bool, found: _Found) -> None:
    """ "on Monday evening", "late on Saturday", "overnight into Tuesday": the latest such day, on or before
    publication ("last Monday" on a Monday: the week before)."""
    for match in _WEEKDAY.finditer(sentence):
        if _said(sentence, match.start()):
            continue
        target = WEEKDAYS[match["weekday"].lower()]
        back = (published.weekday() - target) % 7
        day = published - timedelta(days=back)
        lead = (match["lead"] or "").lower()
        # "last Monday", but not "in Chernihiv Oblast on Saturday"
        if back == 0 and _LAST_BEFORE.search(sentence, max(0, match.start() - 6), match.start()):
            day -= timedelta(days=7)
        night = "into" in lead or "night" in lead or "overnight" in lead
        found.add(DateMention(day, "day", match.start(), match[0], True, night, anchored=anchored), match.span())


def statement_day(sentence: str, published: date | None) -> DateMention | None:
    """The day a statement was made on ("Regional Governor Vyacheslav Gladkov said on Friday", "the administration
    reported on Aug. 26"): left out of find_dates, it is the latest day an attack the sentence tells with no date
    of its own can have been on."""
    if published is None:
        return None
    for match in _WEEKDAY.finditer(sentence):
        if not _said(sentence, match.start()):
            continue
        back = (published.weekday() - WEEKDAYS[match["weekday"].lower()]) % 7
        return DateMention(published - timedelta(days=back), "day", match.start(), match[0], True)
    for pattern in (_DAY_FIRST, _MONTH_FIRST):
        for match in pattern.finditer(sentence):
            day = _day_of(match, published)
            if day is not None and day <= published and _said(sentence, match.start()):
                return DateMention(day, "day", match.start(), match[0], False)
    return None


def _relative_days(sentence: str, published: date, anchored: bool, found: _Found) -> None:
    """ "yesterday", "overnight", "this week", "last week": days (or weeks) counted from publication."""
    for match in _RELATIVE.finditer(sentence):
        if _UNTIL_BEFORE.search(sentence, max(0, match.start() - 12), match.start()):
            continue  # "Until yesterday, it was home for the families of 18 people": how long, not when
        word = " ".join(match["word"].lower().split())
        late = word == "last night" and sentence[max(0, match.start() - 5) : match.start()].lower() == "late "
        if word == "yesterday" or late:  # "a strike late last night": the evening before, not after midnight
            day, precision = published - timedelta(days=1), "day"
        elif word in ("this week", "earlier this week"):
            day, precision = published - timedelta(days=published.weekday()), "week"
        elif word == "last week":
            monday = published - timedelta(days=published.weekday())
            day, precision = monday - timedelta(days=7), "week"
        else:
            day, precision = published, "day"
        night = word in ("overnight", "last night", "tonight", "over the past day", "past 24 hours")
        found.add(DateMention(day, precision, match.start(), match[0], True, night, anchored=anchored), match.span())


def _shifts(sentence: str, published: date | None, found: _Found) -> None:
    """ "two days later", "the next day", "the day before": resolved later (see resolve_shifts)."""
    for match in _SHIFT.finditer(sentence):
        if ends_at(_BIRTHDAY_BEFORE, sentence, match.start()):
            continue  # "killing a man who had just turned 61 the day before": his birthday, not the attack's day
        if match["count"]:
            count = word_number_small(match["count"].lower())
            days = count if (match["way"] or match["prep"]).lower() in ("later", "after") else -count
        elif match["next"]:
            days = -1 if match["next"].lower() == "previous" else 1
        else:
            days = -1 if match["dir"].lower() == "before" else 1
        found.add(DateMention(published or date.min, "day", match.start(), match[0], True, shift=days), match.span())


def _days_after_attacks(sentence: str, mentions: list[DateMention]) -> None:
    """ "on Sunday, a day after a Russian missile strike on the city killed five": the date told just before
    is the day of the harm, counted back."""
    for match in _DAY_AFTER_ATTACK.finditer(sentence):
        told = [m for m in mentions if m.shift is None and m.start < match.start() and match.start() - m.start < 60]
        if not told:
            continue
        mention = told[-1]
        days = word_number_small(match["count"].lower())
        mentions[mentions.index(mention)] = DateMention(
            mention.day - timedelta(days=days),
            mention.precision,
            mention.start,
            mention.text,
            mention.relative,
            anchored=mention.anchored,
        )


# "on Sunday, a day after a Russian missile strike on the city killed five": the harm told is the day before.
_DAY_AFTER_ATTACK = re.compile(
    r",\s+(?P<count>a|one|two|three)\s+days?\s+after\s+(?:a|an|the)\s+[^.;,]{0,120}?\b(?:killed|killing|injured|"
    r"injuring|wounded|wounding|damaged)\b",
    re.IGNORECASE,
)


def counted_from_before(mention: DateMention) -> bool:
    """ "Two days earlier", "the next day": a day counted from the date told before."""
    return bool(_SHIFT.fullmatch(mention.text))


def word_number_small(word: str) -> int:
    if word.isdigit():
        return int(word)
    return {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}[word]


def resolve_shifts(mentions_by_sentence: list[list[DateMention]], anchors: list[bool]) -> list[list[DateMention]]:
    """Days counted from the date told before ("On Monday ... Two days later"): resolved against the last
    date of an earlier sentence whose dates may anchor (`anchors`), or of a day told before them in their own
    sentence; dropped when no date came before. A day counted from a date that is not anchored is not anchored
    either."""
    out: list[list[DateMention]] = []
    anchor: DateMention | None = None
    for mentions, anchoring in zip(mentions_by_sentence, anchors, strict=True):
        own = [mention for mention in mentions if mention.shift is None]
        resolved = list(own)
        for mention in mentions:
            told = [day for day in own if day.start < mention.start and day.precision == "day"]
            if mention.shift is not None and told:
                # "scrambled on Sunday to pull survivors from a building hit a day earlier": from the day before it
                base = told[-1]
                day = base.day + timedelta(days=mention.shift)
                resolved.append(DateMention(day, "day", mention.start, mention.text, True, anchored=base.anchored))
        if not own and anchor is not None:
            for mention in mentions:
                if mention.shift is not None:
                    day = anchor.day + timedelta(days=mention.shift)
                    resolved.append(
                        DateMention(day, "day", mention.start, mention.text, True, anchored=anchor.anchored)
                    )
        resolved.sort(key=lambda mention: mention.start)
        out.append(resolved)
        if anchoring:
            days = [mention for mention in resolved if mention.precision == "day"]
            if days:
                anchor = days[0]
    return out


def heading_date(headings: list[str], reference: date | None = None) -> date | None:
    """The publication date a text gives itself: a dated line ("Kyiv, 18 April 2024"), "Days 978-982" of
    the full-scale invasion, or a dateline with no year ("KYIV, Jan 15") when `reference` gives the year (the
    latest such day not after it). Never the clock: with no `reference`, a day with no year dates nothing."""
    for text in headings:
        for pattern in (_ISO, _DAY_FIRST, _MONTH_FIRST):
            match = pattern.search(text)
            day = _day_of(match, reference) if match else None
            if day is not None:
                return day
        match = _DAYS_OF_WAR.search(text)
        if match and re.search(r"\b(invasion|war)\b", text, re.IGNORECASE):
            last = int(match[2] or match[1])
            if 1 <= last <= 20_000:
                return INVASION_DAY_ONE + timedelta(days=last - 1)
    return None


def yearless_heading_date(headings: list[str]) -> str | None:
    """The day and month a heading or dateline gives without a year ("Jan 15" of "KYIV, Jan 15 (Reuters)"),
    which cannot date the text by itself."""
    for text in headings:
        for pattern in (_DAY_FIRST, _MONTH_FIRST):
            match = pattern.search(text)
            if match and not match["year"]:
                return match[0]
    return None

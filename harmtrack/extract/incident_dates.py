"""The date of an incident: the first date told by a sentence that tells the attack, not one that updates a
toll ("The death toll rose to 21 on Tuesday" tells when the toll was counted); failing that, a date the
text gives around it: the last told before it in its paragraph, or the date of a summary lead.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from harmtrack.extract.analysis import ATTACK, Analysis, in_paragraphs, lead_sentence
from harmtrack.extract.dates import DateMention
from harmtrack.extract.sentences import Sentence

if TYPE_CHECKING:
    from harmtrack.extract.frames import Frame

_RISE = re.compile(r"\b(?:rose|risen|climbed|increased|reached)\b")


def sentence_date(item: Analysis) -> DateMention | None:
    """The date a sentence gives the incident it tells: a toll update's only when it tells the attack too,
    and then a date before the rise ("killed on Monday ... the toll rose on Tuesday")."""
    if not item.dates:
        return None
    if item.update:
        before = _dates_before_rise(item)
        return before[0] if before and item.attack else None
    return _nearest_the_harm(item)


def _nearest_the_harm(item: Analysis) -> DateMention:
    """Of several days a sentence tells, the one told nearest its harm ("combed through debris Friday ... after
    a missile strike Thursday that killed 23"), or with no harm nearest its attack word; the first when it
    tells one day only or no attack."""
    days = {mention.day for mention in item.dates}
    if len(days) < 2:
        return item.dates[0]
    if item.harms:
        harm = item.harms[0]
        position = harm.verb if harm.verb >= 0 else harm.start
    else:
        attack = ATTACK.search(item.text)  # "scrambled on Sunday to ... a building hit a day earlier"
        if attack is None:
            return item.dates[0]
        position = attack.start()
    return min(item.dates, key=lambda mention: abs(mention.start - position))


def frame_date(frame: Frame) -> DateMention | None:
    """The incident's date: from a sentence that tells the attack, before one that updates a toll."""
    for member in frame.members:
        if not member.update and member.dates:
            return _nearest_the_harm(member)
    if frame.date is not None:
        return frame.date
    for member in frame.members:
        before = _dates_before_rise(member)
        if before:
            return before[0]
    return None


def _dates_before_rise(item: Analysis) -> list[DateMention]:
    rise = _RISE.search(item.text)
    return [mention for mention in item.dates if rise is None or mention.start < rise.start()]


def context_dates(frames: list[Frame], analyses: list[Analysis]) -> None:
    """An incident with no date of its own takes the last date told before it in its paragraph, else the
    date of the lead when the lead is a summary ("killing 41 across the country on Monday")."""
    lead_date = _summary_lead_date(frames, analyses)
    for frame in frames:
        if frame_date(frame) is not None:
            continue
        before = _dates_before(frame.opening.sentence, analyses)
        frame.context_date = before[-1] if before else lead_date or _intro_date(frame, frames, analyses)
        if frame.context_date is None:
            frame.context_date = _statement_date(frame) or _summary_lead_statement(frames, analyses)


def _statement_date(frame: Frame) -> DateMention | None:
    """ "A Ukrainian drone attack killed one person ..., Regional Governor Vyacheslav Gladkov said on Friday": with
    no date told, the day of the statement that opens the incident, not the day the report was published."""
    return frame.opening.statement


def _intro_date(frame: Frame, frames: list[Frame], analyses: list[Analysis]) -> DateMention | None:
    """The day an attack is told on in the paragraph just before the incident's, when that paragraph opens no
    incident of its own ("The highest number of casualties was recorded on 8 July, when the Russian armed forces
    launched ..." before the list of the buildings hit)."""
    previous = frame.opening.sentence.paragraph - 1
    if previous < 0 or any(other.opening.sentence.paragraph == previous for other in frames):
        return None
    told = [
        mention
        for item in in_paragraphs(analyses, previous, previous + 1)
        if item.attack and not item.update and not item.sentence.heading
        for mention in item.dates
        if mention.precision == "day" and not mention.relative
    ]
    return told[-1] if told else None


def _summary_lead_date(frames: list[Frame], analyses: list[Analysis]) -> DateMention | None:
    """The first day told in the lead's paragraph, when no incident opens in it."""
    lead = lead_sentence(analyses)
    if lead is None or any(frame.opening.sentence.paragraph == lead.sentence.paragraph for frame in frames):
        return None
    return next(
        (
            mention
            for item in analyses
            if item.sentence.paragraph == lead.sentence.paragraph and not item.update
            for mention in item.dates
            if mention.precision == "day"
        ),
        None,
    )


def _summary_lead_statement(frames: list[Frame], analyses: list[Analysis]) -> DateMention | None:
    """ "Russian forces attacked 12 communities in Sumy Oblast, injuring 16 civilians, the administration reported
    on Aug. 26": the day a summary lead's statement was made, for the incidents of the day it sums up."""
    lead = lead_sentence(analyses)
    if lead is None or any(frame.opening.sentence.paragraph == lead.sentence.paragraph for frame in frames):
        return None
    return lead.statement


def _dates_before(opening: Sentence, analyses: list[Analysis]) -> list[DateMention]:
    """The dates of the prose sentences before `opening` in its paragraph, toll updates left out."""
    return [
        mention
        for item in in_paragraphs(analyses, opening.paragraph, opening.paragraph + 1)
        if item.sentence.index < opening.index and not item.update and not item.sentence.heading
        for mention in item.dates
    ]

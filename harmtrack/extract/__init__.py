"""News text -> draft incidents, by rules and the vocabularies: offline,
deterministic, and explainable (every draft carries its evidence sentences).

    extract(text, vocab, published=date(2024, 11, 1), sources=["https://..."]) -> Result

The modules, in the order the text goes through them:

- sentences: paragraphs and sentences; datelines: the dateline a paragraph opens with
- analysis: one sentence read, with numbers (counts), harm (harm clauses), dates (weekdays and relative
  words), places (gazetteer look-ups), lexicon (weapon and site aliases) and aggregates (totals and
  history, which are no incident)
- incidents: the walk through the sentences that makes incidents (frames), with clauses (which place a
  sentence's harm belongs to) and incident_dates (the date of an incident)
- leads: the weapon and side a report's lead or list intro gives the incidents under it
- drafting: an incident as a draft record, with figures (combined counts), perpetrator (the side) and
  confidence (how far the evidence carries it)
- ukrainian: a Ukrainian-language report, read by its own word lists instead of the steps above

Nothing is dated by the clock. Relative dates ("on Monday", "yesterday", "July 25") are told from `published`
or, failing that, from a dated heading or dateline of the text; with neither, an incident whose date needs one
is no draft but a RelativeDateWithoutAnchor in `Result.undatable`, for the caller to refuse or report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from harmtrack.extract.draft import Draft
from harmtrack.extract.drafting import RelativeDateWithoutAnchor
from harmtrack.vocab import Vocabularies

if TYPE_CHECKING:
    from harmtrack.extract.analysis import Analysis
    from harmtrack.extract.lexicon import Lexicon
    from harmtrack.extract.sentences import Sentence

__all__ = ["Draft", "RelativeDateWithoutAnchor", "Result", "extract"]


@dataclass
class Result:
    drafts: list[Draft]
    published: date | None
    published_from: str  # "option", "text" or "none"
    warnings: list[str] = field(default_factory=list)
    # incidents not drafted, in text order: their date needs a publication date and there is none
    undatable: list[RelativeDateWithoutAnchor] = field(default_factory=list)
    yearless_dateline: str | None = None  # "Jan 15" of "KYIV, Jan 15 (Reuters)", when it could not date the text


def extract(
    text: str,
    vocab: Vocabularies,
    *,
    published: date | None = None,
    sources: list[str] | tuple[str, ...] = (),
    lexicon: Lexicon | None = None,
) -> Result:
    from harmtrack.extract import drafting, incidents, leads, sentences
    from harmtrack.extract.boilerplate import blank_furniture
    from harmtrack.extract.language import looks_ukrainian
    from harmtrack.extract.lexicon import Lexicon

    if looks_ukrainian(text):
        return _extract_ukrainian(text, published, sources)
    lexicon = lexicon or Lexicon(vocab)
    split = sentences.split(blank_furniture(text))
    cleaned = _without_datelines(split)
    datelines = [dateline for _, _, dateline in cleaned if dateline]
    origin = "option"
    yearless = None
    if published is None:
        published = _heading_date(split, datelines)
        origin = "text" if published else "none"
        if published is None:
            yearless = _yearless_heading_date(split, datelines)
    written = _written_date(published, datelines)
    analyses = _analyse(cleaned, lexicon, written)
    frames = incidents.find_incidents(analyses)
    around = leads.read_leads(analyses)
    drafts = []
    undatable = []
    told_in = drafting.first_told(analyses) if written is None else {}
    roundup = len(frames) > 2 or any(item.aggregate and item.harms for item in analyses)
    for frame in frames:
        problem = drafting.unanchored(frame, written, told_in)
        if problem is not None:
            undatable.append(problem)
            continue
        draft = drafting.to_draft(frame, written, around.weapons_for(frame, analyses), roundup)
        around.give_side(draft, frame)
        draft.sources = list(sources)
        draft.uid = _uid(text, draft)
        drafts.append(draft)
    drafts = drafting.without_region_repeats(drafts)
    leads.give_headline_figures(drafts, analyses)
    undatable.sort(key=lambda problem: problem.order)
    return Result(drafts, published, origin, _warnings(text), undatable, yearless)


def _extract_ukrainian(text: str, published: date | None, sources: list[str] | tuple[str, ...]) -> Result:
    """A Ukrainian report, read by the Ukrainian word lists (see ukrainian.py)."""
    from harmtrack.extract import sentences
    from harmtrack.extract.boilerplate import blank_furniture
    from harmtrack.extract.ukrainian import read_ukrainian

    drafts, undatable = read_ukrainian(sentences.split(blank_furniture(text)), published)
    for draft in drafts:
        draft.sources = list(sources)
        draft.uid = _uid(text, draft)
    return Result(drafts, published, "option" if published else "none", _warnings(text), undatable)


def _warnings(text: str) -> list[str]:
    from harmtrack.extract.language import language_warning

    warning = language_warning(text)
    return [warning] if warning else []


def _without_datelines(split: list[Sentence]) -> list[tuple[Sentence, str, str | None]]:
    """(sentence, its text without a dateline, the dateline) for each sentence; headings have none."""
    from harmtrack.extract.datelines import strip_dateline

    cleaned: list[tuple[Sentence, str, str | None]] = []
    opening = next((sentence for sentence in split if not sentence.heading), None)
    for sentence in split:
        if sentence.heading:
            body, dateline = sentence.text, None
        else:
            body, dateline = strip_dateline(sentence.text, opening=sentence is opening)
        cleaned.append((sentence, body, dateline))
    return cleaned


def _headings(split: list[Sentence], datelines: list[str]) -> list[str]:
    """The first headings and datelines, where a text dates itself."""
    return [s.text for s in split[:6] if s.heading] + datelines[:2]


def _heading_date(split: list[Sentence], datelines: list[str]) -> date | None:
    """The publication date the text gives itself in its first headings or datelines (one with a year)."""
    from harmtrack.extract import dates as date_rules

    return date_rules.heading_date(_headings(split, datelines))


def _yearless_heading_date(split: list[Sentence], datelines: list[str]) -> str | None:
    from harmtrack.extract import dates as date_rules

    return date_rules.yearless_heading_date(_headings(split, datelines))


def _written_date(published: date | None, datelines: list[str]) -> date | None:
    """The day the text was written, that its relative dates are told from."""
    from harmtrack.extract import dates as date_rules

    # "KYIV, Jan 8 (Reuters)" on a story published on Jan 9: the text was written on the dateline's day, so
    # "over the previous 24 hours" and "on Wednesday" are told from it
    if published is not None and datelines:
        told = date_rules.heading_date(datelines[:1], published)
        if told is not None and 0 < (published - told).days <= 3:
            return told
    return published


def _analyse(cleaned: list[tuple[Sentence, str, str | None]], lexicon: Lexicon, written: date | None) -> list[Analysis]:
    """Every sentence read, its "two days later" resolved against the dates before it, correction notes
    emptied."""
    from harmtrack.extract import analysis
    from harmtrack.extract import dates as date_rules

    analyses = [analysis.analyse(sentence, body, lexicon, written, dateline) for sentence, body, dateline in cleaned]
    shifted = date_rules.resolve_shifts(
        [item.dates for item in analyses], [not item.sentence.heading and not item.update for item in analyses]
    )
    for item, found in zip(analyses, shifted, strict=True):
        item.dates = found
    analysis.mark_corrections(analyses)
    return analyses


def _uid(text: str, draft: Draft) -> str:
    """The same report gives the same uids, so extracting it again and importing adds nothing twice."""
    import hashlib
    import uuid

    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"harmtrack-extract:{digest}:{draft.date}:{draft.evidence}"))

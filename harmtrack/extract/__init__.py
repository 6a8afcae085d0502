"""News text -> draft incidents, by rules and the vocabularies: offline,
deterministic, and explainable (every draft carries its evidence sentences).

    extract(text, vocab, published=date(2024, 11, 1), sources=["https://..."]) -> Result

The modules: sentences (splitting), numbers (counts), dates (weekdays and
relative words), places (gazetteer look-ups), lexicon (weapon and site
aliases), harm (harm clauses), incidents (the rules that make incidents).
"""

from dataclasses import dataclass, field
from datetime import date

from harmtrack.extract.draft import Draft
from harmtrack.vocab import Vocabularies

__all__ = ["Draft", "Result", "extract"]


@dataclass
class Result:
    drafts: list[Draft]
    published: date | None
    published_from: str  # "option", "text" or "none"
    warnings: list[str] = field(default_factory=list)


def extract(
    text: str,
    vocab: Vocabularies,
    *,
    published: date | None = None,
    sources: list[str] | tuple[str, ...] = (),
    lexicon=None,
) -> Result:
    from harmtrack.extract import dates as date_rules
    from harmtrack.extract import incidents, sentences
    from harmtrack.extract.lexicon import Lexicon

    lexicon = lexicon or Lexicon(vocab)
    split = sentences.split(text)
    cleaned: list[tuple[sentences.Sentence, str, str | None]] = []
    datelines: list[str] = []
    for sentence in split:
        body, dateline = incidents.strip_dateline(sentence.text) if not sentence.heading else (sentence.text, None)
        if dateline:
            datelines.append(dateline)
        cleaned.append((sentence, body, dateline))
    warnings: list[str] = []
    origin = "option"
    if published is None:
        headings = [s.text for s in split[:6] if s.heading] + datelines[:2]
        published = date_rules.heading_date(headings)
        origin = "text" if published else "none"
        if published is None:
            warnings.append("no publication date (--published) and none in the text: relative dates are not resolved")
    # "KYIV, Jan 8 (Reuters)" on a story published on Jan 9: the text was written on the dateline's day, so
    # "over the previous 24 hours" and "on Wednesday" are told from it
    written = published
    if published is not None and datelines:
        told = date_rules.heading_date(datelines[:1], published)
        if told is not None and 0 < (published - told).days <= 3:
            written = told
    analyses = [incidents.analyse(sentence, body, lexicon, written, dateline) for sentence, body, dateline in cleaned]
    shifted = date_rules.resolve_shifts(
        [item.dates for item in analyses], [not item.sentence.heading and not item.update for item in analyses]
    )
    for item, found in zip(analyses, shifted, strict=True):
        item.dates = found
    incidents.mark_corrections(analyses)
    frames = incidents.find_incidents(analyses, written)
    lead = incidents.lead_weapons(analyses)
    side = incidents.lead_perpetrator(analyses)
    summary = incidents.list_intro(analyses)
    drafts = []
    for frame in frames:
        opening = frame.opening.sentence
        context = [
            weapon
            for item in analyses
            if item.sentence.paragraph == opening.paragraph and item.sentence.index < opening.index
            for weapon in item.weapons
        ]
        if not context and summary is not None and opening.paragraph > summary[0]:
            context = summary[2]  # "Russian troops attacked Nikopol district with kamikaze drones and artillery"
        context = context or lead
        draft = incidents.to_draft(frame, written, context)
        if draft.perpetrator is None and side is not None and draft.region == side[0]:
            draft.perpetrator = side[1]
            draft.notes.append("perpetrator from the report's lead")
        if (
            draft.perpetrator is None
            and summary is not None
            and draft.country == "Ukraine"
            and opening.paragraph >= summary[0]
        ):
            draft.perpetrator = summary[1]
            draft.notes.append("perpetrator from the summary the incident is listed under")
        draft.sources = list(sources)
        draft.uid = _uid(text, draft)
        drafts.append(draft)
    return Result(drafts, published, origin, warnings)


def _uid(text: str, draft: Draft) -> str:
    """The same report gives the same uids, so extracting it again and importing adds nothing twice."""
    import hashlib
    import uuid

    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"harmtrack-extract:{digest}:{draft.date}:{draft.evidence}"))

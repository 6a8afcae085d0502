"""Paragraphs and sentences of a news text, robust to the abbreviations
reports use ("Gov.", "Lt. Col.", "Nov. 4", "5 p.m.", "U.S.").

Every sentence keeps its paragraph index, so rules can look at the sentences
around it without crossing into an unrelated paragraph.
"""

import re
from dataclasses import dataclass

# Words that end with a full stop without ending the sentence.
ABBREVIATIONS = frozenset(
    [
        "gov",
        "govs",
        "lt",
        "col",
        "gen",
        "maj",
        "capt",
        "sgt",
        "cpl",
        "pvt",
        "adm",
        "cmdr",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sen",
        "rep",
        "st",
        "mt",
        "jr",
        "sr",
        "no",
        "nos",
        "vs",
        "approx",
        "est",
        "dept",
        "inc",
        "co",
        "corp",
        "ltd",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "a.m",
        "p.m",
        "u.s",
        "u.n",
        "u.k",
        "e.g",
        "i.e",
        "etc",
    ]
)
# An abbreviation that also ends sentences when a capitalised word follows.
_SENTENCE_FINAL_ABBREVIATIONS = frozenset({"a.m", "p.m", "etc"})

# A run of full stops, "!" and "?" is tried once, from its start, and never given back: ". . ." or a line of
# ten thousand dots costs its length, not its length squared.
_BOUNDARY = re.compile(r"(?<![.!?])[.!?]++[\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9А-ЯІЇЄҐ])")
_BLANK_LINE = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Sentence:
    text: str
    paragraph: int  # index of its paragraph in the text
    index: int  # index of the sentence within the text
    heading: bool = False  # a title, dateline or byline rather than prose
    item: bool = False  # an item of a list in one sentence, with its own figures in brackets (see split_items)


# A line that starts an item of its own even without a blank line before it: a bullet ("• ", "- ", "* ",
# "1. "), or a label of a few capitalised words and a colon or dash ("Kharkiv Oblast: ...", "Kyiv — ...").
_BULLET = re.compile(r"^\s*(?:[•●▪◦·*–-]|\d{1,2}[.)])\s+")
_LABEL = re.compile(
    r"^\s*[A-ZА-ЯІЇЄҐ][\w'’-]*(?:\s+[A-ZА-ЯІЇЄҐ][\w'’-]*){0,2}(?:\s+(?:[Oo]blast|[Rr]egion))?\s*(?::|\s[–—-])\s+\S"
)


def paragraphs(text: str) -> list[str]:
    """Paragraphs: separated by blank lines when the text has any, else one per line. Inside a block, a
    bulleted or labelled line ("• Kharkiv region: ...") starts a paragraph of its own; bullets are dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _BLANK_LINE.search(text):
        blocks = [block for block in _BLANK_LINE.split(text) if block.strip()]
    else:
        blocks = _joined_broken_dates([line for line in text.split("\n") if line.strip()])
    out: list[str] = []
    for block in blocks:
        lines = [line for line in block.split("\n") if line.strip()]
        items: list[list[str]] = []
        for number, line in enumerate(lines):
            starts = number > 0 and len(lines) > 1 and (_BULLET.match(line) or _LABEL.match(line))
            if not items or starts:
                items.append([])
            items[-1].append(_BULLET.sub("", line, count=1) if number == 0 or starts else line)
        out.extend(" ".join(" ".join(item).split()) for item in items)
    return [paragraph for paragraph in out if paragraph]


# "Russian attacks on Kherson Oblast on Oct." / "26 killed one civilian ...": a line broken inside a date
_MONTH_AT_END = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.\s*$")
_DAY_AT_START = re.compile(r"^\s*\d{1,2}\b")


def _joined_broken_dates(lines: list[str]) -> list[str]:
    """The lines, each one that ends with a month's abbreviation joined to the next when that starts with its day."""
    joined: list[str] = []
    for line in lines:
        if joined and _MONTH_AT_END.search(joined[-1]) and _DAY_AT_START.match(line):
            joined[-1] = f"{joined[-1].rstrip()} {line.lstrip()}"
        else:
            joined.append(line)
    return joined


def is_heading(paragraph: str) -> bool:
    """A title or a source line: short and not ending like a sentence."""
    words = paragraph.split()
    if not words:
        return False
    if paragraph.rstrip().endswith((".", "!", "?", '"', "”", "’")) and len(words) > 3:
        return False
    return len(words) <= 25


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of one paragraph."""
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        end = match.start()
        if _ends_with_abbreviation(paragraph, start, end):
            continue
        piece = paragraph[start : match.end()].strip()
        if piece:
            sentences.append(piece)
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _ends_with_abbreviation(paragraph: str, start: int, end: int) -> bool:
    """Whether the full stop at `end` ends an abbreviation (or an initial) of the sentence begun at `start`.
    Only the last word is read: a run of abbreviations ("Gov. Lt. Col. ...") costs no more per full stop."""
    if paragraph[end] != ".":
        return False
    stop = end
    while stop > start and paragraph[stop - 1].isspace():
        stop -= 1
    begin = stop
    while begin > start and not paragraph[begin - 1].isspace():
        begin -= 1
    if begin == stop:
        return False
    last = paragraph[begin:stop].lstrip("(\"'“‘").lower()
    if len(last) == 1 and last.isalpha():
        return True  # an initial: "Vitali K. Klitschko", "J. Smith"
    if last in ABBREVIATIONS:
        return last not in _SENTENCE_FINAL_ABBREVIATIONS
    # Dotted acronyms: "U.S.", "U.N."
    return bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", last))


# "... hit a residential building in the Shevchenkivskyi district of Kyiv (13 dead and 20 wounded), a business
# centre in the Solomianskyi district (6 dead and 10 wounded), ...": the end of one item of a list of incidents.
_ITEM_END = re.compile(
    r"\(\s*(?:at\s+least\s+)?\d+\s+(?:dead|killed|injured|wounded|people\s+killed)[^()]{0,40}\)\s*(?:[,;]\s*(?:and\s+)?|and\s+)"
)


def split_items(sentence: str) -> list[str]:
    """A sentence that lists incidents, each with its figures in brackets, cut into its items."""
    pieces: list[str] = []
    start = 0
    for match in _ITEM_END.finditer(sentence):
        pieces.append(sentence[start : match.end()].strip())
        start = match.end()
    tail = sentence[start:].strip()
    if tail:
        pieces.append(tail)
    return pieces


def split(text: str) -> list[Sentence]:
    """All sentences of a text, in order, with paragraph indexes; a list of incidents with bracketed figures
    gives a sentence for each item."""
    out: list[Sentence] = []
    for number, paragraph in enumerate(paragraphs(text)):
        heading = is_heading(paragraph)
        for piece in [paragraph] if heading else split_sentences(paragraph):
            items = [piece] if heading else split_items(piece)
            for item in items:
                out.append(Sentence(item, number, len(out), heading, item=len(items) > 1))
    return out

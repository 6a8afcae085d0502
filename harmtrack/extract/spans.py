"""Looking around a position of a sentence in time that does not grow with the sentence.

A news sentence is short, but a text can hold one of any length (a list of a thousand places joined by
commas), and a rule that looks at everything before each mention, or at every span read so far, makes
such a sentence quadratic. These helpers keep every look local.
"""

import re

# How far back a look-behind pattern (one anchored with $ at the position) is tried: far beyond the few
# words such a pattern spans in prose ("on their way home to the local ", "the head of the ").
REACH = 256


def ends_at(pattern: re.Pattern[str], text: str, position: int, reach: int = REACH) -> re.Match[str] | None:
    """`pattern.search(text[:position])` for a pattern anchored with `$`, looking at the `reach` characters
    before `position` only. Word boundaries and look-behinds at the window's start see the text before it,
    so a match the window finds is one the whole text has; only a match longer than `reach` is missed."""
    return pattern.search(text, max(0, position - reach), position)


class Taken:
    """The (non-empty) character spans of one text already read, so a later rule does not read them again.
    Checking a span costs its length, not the number of spans taken before."""

    def __init__(self, length: int) -> None:
        self._marks = bytearray(length)

    def free(self, start: int, end: int) -> bool:
        return self._marks.find(1, start, end) == -1

    def take(self, start: int, end: int) -> None:
        end = min(end, len(self._marks))
        if start < end:
            self._marks[start:end] = b"\x01" * (end - start)

"""The language a text looks like, so a text the rules cannot read gets a warning instead of a silent empty
result: the extraction rules read English.

Cyrillic text is told apart by its letters (і ї є ґ are Ukrainian, ы э ъ ё Russian) and by common words; Latin
text that has almost none of the common English words is "not English" without a guess at which language.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+")
_UKRAINIAN_LETTERS = frozenset("іїєґ")
_RUSSIAN_LETTERS = frozenset("ыэъё")
_UKRAINIAN_WORDS = frozenset(
    {"і", "та", "що", "від", "було", "це", "який", "яка", "які", "також", "через", "внаслідок"}
)
_RUSSIAN_WORDS = frozenset({"и", "что", "это", "был", "была", "было", "также", "который", "которая", "результате"})
_ENGLISH_WORDS = frozenset(
    {"the", "and", "of", "in", "to", "was", "were", "a", "on", "is", "by", "at", "for", "with", "said", "that"}
)
_ENOUGH = 20  # letters or words: a shorter text is not judged


def language_warning(text: str) -> str | None:
    """A warning for a text that does not look like English, naming the language it looks like; else None."""
    words = [word.lower() for word in _WORD.findall(text)]
    cyrillic = sum(1 for word in words if _is_cyrillic(word))
    if cyrillic >= _ENOUGH and cyrillic * 2 > len(words):
        return _cyrillic_warning(words)
    latin = len(words) - cyrillic
    english = sum(1 for word in words if word in _ENGLISH_WORDS)
    if latin >= _ENOUGH * 2 and english * 25 < latin:
        return "the text does not look like English; extraction reads English only, so nothing may be drafted"
    return None


def _is_cyrillic(word: str) -> bool:
    return "\u0400" <= word[0] <= "\u04ff"


def _cyrillic_warning(words: list[str]) -> str:
    letters = "".join(words)
    ukrainian = sum(1 for char in letters if char in _UKRAINIAN_LETTERS)
    ukrainian += 3 * sum(1 for word in words if word in _UKRAINIAN_WORDS)
    russian = sum(1 for char in letters if char in _RUSSIAN_LETTERS)
    russian += 3 * sum(1 for word in words if word in _RUSSIAN_WORDS)
    if ukrainian > russian:
        name = "Ukrainian"
    elif russian > ukrainian:
        name = "Russian"
    else:
        name = "Ukrainian or Russian"
    return (
        f"the text looks like {name} (Cyrillic letters and common {name} words), not English; "
        "extraction reads English only, so its incidents are not drafted: translate it, or code it by hand"
    )

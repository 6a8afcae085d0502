"""The language a text looks like, so a text the rules cannot read gets a warning instead of a silent empty
result: the extraction rules read English, and Ukrainian by the word lists of ukrainian.py.

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
_ENOUGH_CYRILLIC = 6  # Cyrillic words: the English rules read none of them, so a short text is judged too


def looks_ukrainian(text: str) -> bool:
    """The text is mostly Cyrillic and looks Ukrainian rather than Russian."""
    words = [word.lower() for word in _WORD.findall(text)]
    cyrillic = sum(1 for word in words if _is_cyrillic(word))
    return cyrillic >= _ENOUGH_CYRILLIC and cyrillic * 2 > len(words) and _cyrillic_language(words) == "Ukrainian"


def language_warning(text: str) -> str | None:
    """A warning for a text that does not look like English, naming the language it looks like; else None."""
    words = [word.lower() for word in _WORD.findall(text)]
    cyrillic = sum(1 for word in words if _is_cyrillic(word))
    if cyrillic >= _ENOUGH_CYRILLIC and cyrillic * 2 > len(words):
        return _cyrillic_warning(words)
    latin = len(words) - cyrillic
    english = sum(1 for word in words if word in _ENGLISH_WORDS)
    if latin >= _ENOUGH * 2 and english * 25 < latin:
        return "the text does not look like English; extraction reads English only, so nothing may be drafted"
    return None


def _is_cyrillic(word: str) -> bool:
    return "\u0400" <= word[0] <= "\u04ff"


def _cyrillic_warning(words: list[str]) -> str:
    name = _cyrillic_language(words)
    if name == "Ukrainian":
        return (
            "the text looks like Ukrainian (Cyrillic letters and common Ukrainian words), not English; it is read "
            "by the Ukrainian word lists, which know fewer phrasings than the English rules: check each draft"
        )
    return (
        f"the text looks like {name} (Cyrillic letters and common {name} words), not English; "
        "extraction reads English and Ukrainian only, so its incidents are not drafted: translate it, or code it "
        "by hand"
    )


def _cyrillic_language(words: list[str]) -> str:
    letters = "".join(words)
    ukrainian = sum(1 for char in letters if char in _UKRAINIAN_LETTERS)
    ukrainian += 3 * sum(1 for word in words if word in _UKRAINIAN_WORDS)
    russian = sum(1 for char in letters if char in _RUSSIAN_LETTERS)
    russian += 3 * sum(1 for word in words if word in _RUSSIAN_WORDS)
    if ukrainian > russian:
        return "Ukrainian"
    if russian > ukrainian:
        return "Russian"
    return "Ukrainian or Russian"

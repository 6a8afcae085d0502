"""Weapon families and site kinds, with the aliases reports use for them.

The vocabularies live in the database so a team can extend them without code.
What harmtrack itself knows (the SPEC's families and kinds, and the wording of
news reports the extractor reads) ships as data, `data/vocabulary.json`, which
the store merges into every database it opens (see store/sqlite_files.py).
Lookups are case-insensitive and accept the code or any alias; an unknown
value is refused with the closest entry named.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from harmtrack.store.contract import VocabularyRows

if TYPE_CHECKING:
    from harmtrack.store.contract import Store


MAX_SEEN = 10_000  # spellings remembered by Vocabulary.resolve


@dataclass(frozen=True)
class Vocabulary:
    """One vocabulary: codes, their aliases, and the lookup from both."""

    name: str
    codes: tuple[str, ...]
    aliases: dict[str, tuple[str, ...]]
    _lookup: dict[str, str] = field(repr=False)
    _seen: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def build(cls, name: str, codes: list[str], alias_pairs: list[tuple[str, str]]) -> Vocabulary:
        aliases: dict[str, list[str]] = {code: [] for code in codes}
        lookup = {code.casefold(): code for code in codes}
        for alias, code in alias_pairs:
            aliases[code].append(alias)
            lookup.setdefault(alias.casefold(), code)
        return cls(name, tuple(codes), {code: tuple(found) for code, found in aliases.items()}, lookup)

    def resolve(self, value: str) -> str | None:
        """The code for a code or alias, or None."""
        try:
            return self._seen[value]  # an import asks about the same few spellings a million times
        except KeyError:
            pass
        code = self._lookup.get(" ".join(value.split()).casefold())
        if len(self._seen) >= MAX_SEEN:
            self._seen.clear()
        self._seen[value] = code
        return code

    def closest(self, value: str) -> str:
        """A hint naming the nearest codes, for an error message."""
        key = value.casefold()
        matches = difflib.get_close_matches(key, list(self._lookup), n=1, cutoff=0.5)
        if matches:
            code = self._lookup[matches[0]]
            nearest = code if matches[0] == code else f"{code} (alias '{matches[0]}')"
            return f"did you mean {nearest}? see `harmtrack vocab`"
        return f"valid: {', '.join(self.codes)}"


@dataclass(frozen=True)
class Vocabularies:
    weapons: Vocabulary
    site_kinds: Vocabulary
    weapon_classes: dict[str, str]


def load(store: Store) -> Vocabularies:
    """The vocabularies of a database: what shipped and what the team added."""
    return from_rows(store.vocabulary())


def shipped() -> Vocabularies:
    """The vocabularies that ship with harmtrack, for work without a database."""
    return from_rows(shipped_rows())


def from_rows(rows: VocabularyRows) -> Vocabularies:
    return Vocabularies(
        weapons=Vocabulary.build("weapon", [code for code, _, _ in rows.weapons], rows.weapon_aliases),
        site_kinds=Vocabulary.build("site kind", [code for code, _ in rows.site_kinds], rows.site_kind_aliases),
        weapon_classes={code: delivery_class for code, delivery_class, _ in rows.weapons},
    )


@cache
def _shipped_file() -> bytes:
    from harmtrack.shipped import data_file

    return data_file("vocabulary.json").read_bytes()


def shipped_version() -> str:
    """The version of the shipped vocabulary: a digest of its file."""
    return hashlib.sha256(_shipped_file()).hexdigest()[:16]


def shipped_rows() -> VocabularyRows:
    data = json.loads(_shipped_file())
    return VocabularyRows(
        delivery_classes=[(code, label) for code, label in data["delivery_classes"]],
        weapons=[(code, delivery_class, label) for code, delivery_class, label in data["weapons"]],
        weapon_aliases=[(alias, code) for alias, code in data["weapon_aliases"]],
        site_kinds=[(code, label) for code, label in data["site_kinds"]],
        site_kind_aliases=[(alias, code) for alias, code in data["site_kind_aliases"]],
    )

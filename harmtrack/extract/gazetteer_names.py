"""The gazetteer's settlement and region names by their spellings, for names the place resolver is not asked
about: a community named by its adjective ("the Bilopilska community" is Bilopillia's) and, for Ukrainian
text, a settlement or region in a case form ("у Харкові", "на Херсонщині"; see ukrainian.py).

harmtrack.places resolves a name it is given; it offers no search over the names. This module reads the same
shipped file (places.data_path) once, on first use, and keeps only the settlements' names and keys.
"""

import gzip
from functools import cache

from harmtrack import places

# How alike a community's stem and a settlement's key must be (rapidfuzz ratio, 0-100), and by how much the
# best must beat the next settlement of another name.
COMMUNITY_SCORE = 80
COMMUNITY_MARGIN = 5
_ADJECTIVE_ENDINGS = ("tska", "zka", "ska", "sk", "ka")


@cache
def settlement_keys() -> dict[str, tuple[str, ...]]:
    """normalise_key form -> the settlement names with that key (most have one)."""
    found: dict[str, list[str]] = {}
    for fields in _settlement_lines():
        name, keys = fields[1], fields[-1]
        for key in {places.normalise_key(name), *keys.split("|")}:
            if key:
                names = found.setdefault(key, [])
                if name not in names:
                    names.append(name)
    return {key: tuple(names) for key, names in found.items()}


@cache
def _populations() -> dict[str, int]:
    """Settlement name -> its largest population among the places of that name (0 when unknown)."""
    found: dict[str, int] = {}
    for fields in _settlement_lines():
        people = int(fields[5]) if fields[5].isdigit() else 0
        found[fields[1]] = max(found.get(fields[1], 0), people)
    return found


@cache
def _settlement_lines() -> tuple[list[str], ...]:
    with places.data_path().open("rb") as raw:
        text = gzip.decompress(raw.read()).decode("utf-8")
    return tuple(line.split("\t") for line in text.split("\n") if line.startswith("P\t"))


@cache
def region_keys() -> dict[str, str]:
    """normalise_key form (Latin or Cyrillic: "kharkivska", "харківщина") -> the region's name."""
    with places.data_path().open("rb") as raw:
        text = gzip.decompress(raw.read()).decode("utf-8")
    found: dict[str, str] = {}
    for line in text.split("\n"):
        if line.startswith("R\t"):
            fields = line.split("\t")
            for key in fields[-1].split("|"):
                if key:
                    found.setdefault(key, fields[1])
    return found


@cache
def _latin_keys_by_start() -> dict[str, tuple[str, ...]]:
    """Latin keys by their first three letters, so a stem is compared with few keys."""
    grouped: dict[str, list[str]] = {}
    for key in settlement_keys():
        if key.isascii() and len(key) >= 3:
            grouped.setdefault(key[:3], []).append(key)
    return {start: tuple(keys) for start, keys in grouped.items()}


def _formed(written: str, stem: str) -> list[str]:
    """The settlement names a community adjective is regularly formed from, likeliest first: Pokrovska from
    Pokrovsk, Krasnopilska from Krasnopillia, Chuhuivska from Chuhuiv, Sumska from Sumy."""
    formed = [written[:-1]] if written.endswith("ska") else []
    if stem.endswith("l"):
        formed.append(stem + "lia")
    formed += [stem, stem + "y", stem + "e", stem + "ia", stem + "i", stem + "ka"]
    return formed


def _vowel_turned(stem: str) -> list[str]:
    """Chutivska from Chutove, Lozivska from Lozova: a name whose last o or e turns to i before the suffix; with
    the -ivka name of the same stem, the settlements the adjective may come from."""
    if not stem.endswith("iv"):
        return []
    base = stem[:-2]
    return [stem + "ka", *(base + vowel + ending for vowel in "oe" for ending in ("ve", "va"))]


@cache
def community_settlement(adjective: str) -> str | None:
    """The settlement a community adjective names ("Bilopolska" -> Bilopillia, "Nedryhaylivska" ->
    Nedryhailiv), when one name is clearly the closest; None when none or several are."""
    from rapidfuzz import fuzz  # only a community name pays for the import

    written = places.normalise_key(adjective)
    keys = settlement_keys()
    if written in keys and len(keys[written]) == 1 and not written.endswith("ska"):
        # "Pokrovsk hromada", "the Mykolaivka community": a community named by the settlement's own name
        return keys[written][0]
    stem = written
    for ending in _ADJECTIVE_ENDINGS:
        if stem.endswith(ending) and len(stem) - len(ending) >= 3:
            stem = stem[: -len(ending)]
            break
    turned = [keys[candidate][0] for candidate in _vowel_turned(stem) if len(keys.get(candidate, ())) == 1]
    if len(turned) > 1:
        # Chutivska: Chutove (6,079 people, the community's seat) rather than the village of Chutivka (1,118)
        return max(turned, key=lambda name: _populations().get(name, 0))
    for candidate in _formed(written, stem):
        if candidate in keys and len(keys[candidate]) == 1:
            return keys[candidate][0]
    if turned:
        return turned[0]
    scores: dict[str, float] = {}
    for key in _latin_keys_by_start().get(stem[:3], ()):
        score = fuzz.ratio(stem, key[: len(stem) + 1])
        for name in settlement_keys()[key]:
            scores[name] = max(scores.get(name, 0.0), score)
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] < COMMUNITY_SCORE:
        return None
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < COMMUNITY_MARGIN:
        return None
    return ranked[0][0]

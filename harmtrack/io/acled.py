"""ACLED exports (`--format acled`), read from ACLED's published columns.

ACLED codes events, not civilian harm: by default only "Explosions/Remote
violence", "Violence against civilians" and events ACLED marks as civilian
targeting are taken (`--all-events` takes every type). Any other event is
yielded as out of scope, with its uid and the reason ("ACLED now classes it
as Battles"): the import discounts a stored copy and leaves the rest out.
The mapping:

- uid: uuid5 of `event_id_cnty` in a fixed namespace, so a newer export of
  the same event updates the stored record instead of duplicating it;
- event_date (2024-02-16, 16 February 2024, 16/02/2024, with or without a
  time) with time_precision 1/2/3 -> day/week/month, stored as the first day
  of that period. Numeric dates are read through the import's one
  `dates.DateOrder` (--dayfirst/--monthfirst, else the file's own dates);
- country, admin1 -> region, location -> city and latitude/longitude only
  when geo_precision is 1 or 2. ACLED writes a part of a city as "Donetsk -
  Petrovskyi": the city is Donetsk and the district Petrovskyi. At
  geo_precision 3 ACLED codes an event known only to a larger area to a
  central town of it: storing that town as the city (or its point on the map)
  would count the event where nothing is known to have happened, so the town
  goes in `place` and the city stays empty;
- actor1 -> perpetrator; fatalities -> killed only for civilian deaths:
  events of type "Violence against civilians" or with `civilian_targeting`
  set. ACLED's fatalities count everyone killed, so for any other event killed
  stays unknown and the description keeps the figure ("ACLED: 5 fatalities,
  not said to be civilians"); source -> sources, one citation per publisher,
  after the ACLED event itself;
- the weapon from the notes through the weapon aliases of the vocabulary
  (model names such as Shahed, KAB, Iskander, S-300, Grad before words such
  as "shelling"), else from sub_event_type where it names one, else unknown.

Column order varies between ACLED files and they gain columns over time:
columns are found by name and unknown ones are ignored.
"""

import re
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING

from harmtrack import dates
from harmtrack.errors import FieldError
from harmtrack.io.base import DatasetReader, Row, split_city_district
from harmtrack.io.formats import ImportFormat
from harmtrack.model import quote

if TYPE_CHECKING:
    from harmtrack.vocab import Vocabularies

# uuid5(NAMESPACE_URL, "https://acleddata.com/#harmtrack-event"): fixed forever, uids depend on it.
NAMESPACE = uuid.UUID("82dead2c-fbcb-59d2-a230-6a201d89e706")
CIVILIAN_HARM_TYPES = ("explosions/remote violence", "violence against civilians")
# The one event type whose fatalities are civilians by definition; any other
# event's are civilian deaths only when ACLED marks it civilian targeting.
CIVILIAN_VIOLENCE = "violence against civilians"
REQUIRED = ("event_id_cnty", "event_date", "event_type", "country", "fatalities")
TIME_PRECISION = {"1": "day", "2": "week", "3": "month"}
# The one sub_event_type that names a weapon family; the others (grenade,
# air/drone strike, shelling/artillery/missile attack) name none on their own.
SUB_EVENT_WEAPONS = {"remote explosive/landmine/ied": "mine"}
# Which column a record field came from, for error messages.
COLUMN_OF = {
    "uid": "event_id_cnty",
    "date": "event_date",
    "date_precision": "time_precision",
    "region": "admin1",
    "city": "location",
    "district": "location",
    "perpetrator": "actor1",
    "killed": "fatalities",
    "sources": "source",
    "description": "notes",
}


def uid_for(event_id: str) -> str:
    return str(uuid.uuid5(NAMESPACE, event_id.strip().upper()))


class WeaponFinder:
    """Finds weapon aliases of the vocabulary in free text.

    Model names (aliases written with a capital or a digit: KAB-500, Shahed,
    S-300) outrank descriptive words (shelling, air strike, missile); among
    equals the longest wins, then the first in the text.
    """

    def __init__(self, vocab: "Vocabularies"):
        weapons = vocab.weapons
        names: dict[str, str] = {}
        for code in weapons.codes:
            if code == "unknown":
                continue
            for alias in (*weapons.aliases[code], code.replace("-", " ")):
                if weapons.resolve(alias) not in (None, "unknown"):
                    names.setdefault(_key(alias), alias)
        ordered = sorted(names.values(), key=len, reverse=True)
        self._model_name = {_key(alias): alias != alias.lower() or any(c.isdigit() for c in alias) for alias in ordered}
        self._weapons = weapons
        pattern = "|".join(re.escape(alias).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]") for alias in ordered)
        self._regex = re.compile(rf"(?<![\w-])(?:{pattern})(?:e?s)?(?![\w-])", re.IGNORECASE)

    def find(self, text: str | None) -> tuple[str, str] | None:
        """(weapon code, the words as written) or None."""
        if not text:
            return None
        best: tuple[tuple[bool, int], str, str] | None = None
        for match in self._regex.finditer(text):
            written = match.group(0)
            code, key = self._resolve(written)
            if code is None:
                continue
            rank = (self._model_name.get(key, False), len(key))
            if best is None or rank > best[0]:
                best = (rank, code, written)
        return (best[1], best[2]) if best else None

    def _resolve(self, written: str) -> tuple[str | None, str]:
        base = " ".join(written.split())
        for candidate in (base, base[:-1], base[:-2]):
            for variant in (candidate, candidate.replace("-", " "), candidate.replace(" ", "-")):
                code = self._weapons.resolve(variant)
                if code is not None:
                    return code, _key(variant)
        return None, ""


def _key(alias: str) -> str:
    return " ".join(alias.replace("-", " ").split()).casefold()


class AcledReader(DatasetReader):
    format = ImportFormat.acled
    left_out_note = "events of other types left out (--all-events imports them)"
    column_of = COLUMN_OF
    dataset = "an ACLED"
    required = REQUIRED

    def rows(self, vocab: "Vocabularies") -> Iterator[Row]:
        finder = WeaponFinder(vocab)
        columns, name = self.csv.columns, self.source.name
        for line, cells, problem in self.csv:
            location = f"{name}:{line}"
            if problem:
                yield Row(location, None, cells, problem)
                continue
            event = dict(zip(columns, cells, strict=True))
            if not self.all_events and not in_scope(event):
                yield Row(location, {"uid": _uid_or_none(event)}, cells, out_of_scope=out_of_scope_reason(event))
                continue
            try:
                yield Row(location, self.to_raw(event, finder, location), cells)
            except FieldError as error:
                yield Row(location, None, cells, f"column '{error.field}': {error.problem}")

    def to_raw(self, event: dict[str, str], finder: WeaponFinder, location: str) -> dict[str, object]:
        def cell(column: str) -> str:
            return (event.get(column) or "").strip()

        event_id = cell("event_id_cnty")
        if not event_id:
            raise FieldError("event_id_cnty", "", "is empty; every ACLED event has an id")
        precision = TIME_PRECISION.get(cell("time_precision") or "1")
        if precision is None:
            raise FieldError(
                "time_precision", cell("time_precision"), f"{quote(cell('time_precision'))} is not 1, 2 or 3"
            )
        day, _ = self.read_date(location, "event_date", cell("event_date"))
        latitude, longitude, place = cell("latitude"), cell("longitude"), None
        city, district = split_city_district(cell("location"))
        if cell("geo_precision") == "3":
            latitude = longitude = city = ""
            district = None
            place = f"{cell('location')} (ACLED geo_precision 3: a central town standing for a larger area)"
        sub_event = cell("sub_event_type")
        notes = event.get("notes") or ""
        found = finder.find(notes)
        if found is None and sub_event.casefold() in SUB_EVENT_WEAPONS:
            found = (SUB_EVENT_WEAPONS[sub_event.casefold()], sub_event)
        weapon, detail = found if found else ("unknown", None)
        fatalities = cell("fatalities")
        civilian = civilian_deaths(event)
        note = (
            f"[ACLED {event_id}: {cell('event_type')}"
            + (f" / {sub_event}" if sub_event else "")
            + f". {fatalities_note(fatalities, civilian)}.]"
        )
        sources = [{"url": f"ACLED event {event_id}", "publisher": "ACLED", "published": None}]
        for publisher in cell("source").split(";"):
            if publisher.strip():
                sources.append({"url": publisher.strip(), "publisher": publisher.strip(), "published": None})
        return {
            "uid": uid_for(event_id),
            "date": dates.period_start(day, precision).isoformat(),
            "date_precision": precision,
            "country": cell("country"),
            "region": cell("admin1"),
            "city": city,
            "district": district,
            "place": place,
            "latitude": latitude,
            "longitude": longitude,
            "weapon": weapon,
            "weapon_detail": detail,
            "perpetrator": cell("actor1"),
            "killed": fatalities if civilian else None,
            "description": f"{notes.strip()}\n\n{note}" if notes.strip() else note,
            "sources": sources,
        }


def in_scope(event: dict[str, str]) -> bool:
    """Whether the default filter takes the event: a civilian harm type, or civilian targeting."""
    return _event_type(event) in CIVILIAN_HARM_TYPES or bool(_civilian_targeting(event))


def civilian_deaths(event: dict[str, str]) -> str | None:
    """Why the event's fatalities are civilian deaths, in ACLED's words, or None."""
    if _event_type(event) == CIVILIAN_VIOLENCE:
        return (event.get("event_type") or "").strip()
    return _civilian_targeting(event) or None


def fatalities_note(fatalities: str, civilian: str | None) -> str:
    """What the description says of ACLED's figure: whether killed took it, and why."""
    if not fatalities:
        return "ACLED: fatalities not given"
    counted = f"ACLED: {fatalities} {'fatality' if fatalities == '1' else 'fatalities'}"
    if civilian:
        return f"{counted}, counted as civilian deaths ({civilian})"
    return f"{counted}, not said to be civilians"


def out_of_scope_reason(event: dict[str, str]) -> str:
    event_type = (event.get("event_type") or "").strip()
    if not event_type:
        return "ACLED now gives it no event type"
    return f"ACLED now classes it as {event_type}"


def _event_type(event: dict[str, str]) -> str:
    return (event.get("event_type") or "").strip().casefold()


def _civilian_targeting(event: dict[str, str]) -> str:
    return (event.get("civilian_targeting") or "").strip()


def _uid_or_none(event: dict[str, str]) -> str | None:
    event_id = (event.get("event_id_cnty") or "").strip()
    return uid_for(event_id) if event_id else None

"""What each field of the incident record means, for its readers: a title, a
description, the unit a figure counts and what an empty value means (SPEC.md,
"The incident record").

One definition serves every place that describes the record to the public:
the data package's schema (io/datapackage.py) and Datasette's metadata
(publication.py). Each adds only what is its own: the files or tables a
column refers to, and how it says that an unknown figure is not zero.
"""

from dataclasses import dataclass

UNKNOWN_FIGURE = "unknown, which is not zero"
LIST_ESCAPES = "items are separated by ';', and a ';' or '\\' inside an item is written '\\;' or '\\\\'"


@dataclass(frozen=True)
class Field:
    title: str
    meaning: str
    unit: str | None = None  # what a figure counts: always a whole number of it
    empty: str | None = None  # what an empty value means; None where there is always one


def _figure(title: str, meaning: str, empty: str = UNKNOWN_FIGURE) -> Field:
    return Field(title, meaning, unit="people", empty=empty)


NO_RANGE = "no range is recorded"
NOT_RECORDED = "not recorded"

DEFINITIONS: dict[str, Field] = {
    "uid": Field(
        "Incident identifier", "Stable identity of the incident (a UUID), the same across export, import and merge."
    ),
    "date": Field(
        "Date",
        "Day of the incident (ISO 8601, YYYY-MM-DD); for week, month or year precision, the first day of that "
        "period (weeks start on Monday).",
    ),
    "date_precision": Field(
        "Date precision",
        "How precisely the date is known: day, week, month or year (as ACLED's time_precision and UCDP's date_prec).",
    ),
    "country": Field("Country", "Country name, normalised.", empty=NOT_RECORDED),
    "region": Field("Region", "First-level administrative division (oblast), normalised.", empty=NOT_RECORDED),
    "city": Field(
        "City",
        "Settlement, normalised to one spelling (Kharkov, Harkiv and Харків are all Kharkiv).",
        empty="not recorded, as when the incident is placed by region or country only",
    ),
    "district": Field("District", "Part of the city, e.g. Osnovyanskyi district.", empty=NOT_RECORDED),
    "place": Field("Place", "The site as written in the source.", empty=NOT_RECORDED),
    "latitude": Field("Latitude", "Decimal degrees north (WGS 84), from the source or the gazetteer.", empty="unknown"),
    "longitude": Field(
        "Longitude", "Decimal degrees east (WGS 84), from the source or the gazetteer.", empty="unknown"
    ),
    "weapon": Field(
        "Weapon family",
        "The weapon family, a code of the weapon vocabulary; 'unknown' is a value of its own: the weapon was "
        "not reported.",
    ),
    "weapon_detail": Field(
        "Weapon detail", "Model or wording, e.g. KAB-500, Shahed-136, Iskander-M.", empty="not reported"
    ),
    "perpetrator": Field("Perpetrator", "As attributed by the source.", empty="not attributed"),
    "killed": _figure("Civilians killed", "Civilians killed, best estimate."),
    "killed_min": _figure(
        "Civilians killed, low end",
        "Low end of the killed range where sources disagree (killed_min <= killed <= killed_max).",
        NO_RANGE,
    ),
    "killed_max": _figure(
        "Civilians killed, high end", "High end of the killed range where sources disagree.", NO_RANGE
    ),
    "injured": _figure("Civilians injured", "Civilians injured, best estimate."),
    "injured_min": _figure(
        "Civilians injured, low end",
        "Low end of the injured range where sources disagree (injured_min <= injured <= injured_max).",
        NO_RANGE,
    ),
    "injured_max": _figure(
        "Civilians injured, high end", "High end of the injured range where sources disagree.", NO_RANGE
    ),
    "children_killed": _figure(
        "Children killed", "Of the civilians killed, children; counted in killed, never more than it."
    ),
    "children_injured": _figure(
        "Children injured", "Of the civilians injured, children; counted in injured, never more than it."
    ),
    "damaged": Field(
        "Damaged sites",
        f"Damaged sites as kind:name items ({LIST_ESCAPES}); the kind is a code of the site vocabulary.",
    ),
    "status": Field(
        "Review status",
        "unverified: one source; corroborated: two or more credible sources; confirmed: by an authoritative "
        "source; contested: competing claims; discounted: judged not civilian harm or not this event "
        "(kept, but left out of harmtrack's reports and totals unless asked for).",
    ),
    "description": Field("Description", "What happened, in the recorder's or the source's words."),
    "sources": Field(
        "Sources", f"Where it was reported: each source's URL, or its citation where it has none ({LIST_ESCAPES})."
    ),
}


def described(name: str, *, note: str = "", unknown: str = UNKNOWN_FIGURE) -> str:
    """The description of field `name` in full: its meaning, `note` (what
    the place describing it adds), its unit and what an empty value means,
    an unknown figure in the words `unknown`."""
    field = DEFINITIONS[name]
    parts = [field.meaning, note]
    if field.unit:
        parts.append(f"Number of {field.unit} (a whole number).")
    if field.empty:
        parts.append(f"Empty means {unknown if field.empty == UNKNOWN_FIGURE else field.empty}.")
    return " ".join(part for part in parts if part)

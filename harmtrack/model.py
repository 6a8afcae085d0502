"""The incident record and its validation.

`validate()` turns a raw row (strings from a CSV cell or an option, or typed
values from JSON) into a record, or raises FieldError naming the field and the
value. The same rules serve `add`, `edit` and every importer; the database's
CHECK constraints repeat them as the last line of defence.
"""

import math
import re
import uuid
from collections.abc import Mapping
from datetime import date

from harmtrack import dates
from harmtrack.dates import DateOrder
from harmtrack.errors import FieldError
from harmtrack.vocab import Vocabularies

FIELDS = (
    "uid",
    "date",
    "date_precision",
    "country",
    "region",
    "city",
    "district",
    "place",
    "latitude",
    "longitude",
    "weapon",
    "weapon_detail",
    "perpetrator",
    "killed",
    "killed_min",
    "killed_max",
    "injured",
    "injured_min",
    "injured_max",
    "children_killed",
    "children_injured",
    "damaged",
    "status",
    "description",
    "sources",
)
COUNT_FIELDS = (
    "killed",
    "killed_min",
    "killed_max",
    "injured",
    "injured_min",
    "injured_max",
    "children_killed",
    "children_injured",
)
NAME_FIELDS = ("country", "region", "city", "district", "place", "weapon_detail", "perpetrator")
LIST_FIELDS = ("damaged", "sources")
STATUSES = ("unverified", "corroborated", "confirmed", "contested", "discounted")
# Columns of the incidents table that hold the record's scalar fields.
SCALAR_FIELDS = tuple(name for name in FIELDS if name not in LIST_FIELDS)
MAX_COUNT = 10_000_000
MAX_TEXT = 100_000

_WHOLE = re.compile(r"\s*\d+\s*")
# A count of fewer digits than this is below MAX_COUNT (validate's short path).
_SHORT_COUNT = len(str(MAX_COUNT))
_LIST_PARTS = re.compile(r"(\\[\\;]|;)")  # an escaped \\ or ;, or a separating ;
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")  # as dates.parse_date reads it first
_ISO_DAYS_KEPT = 8192
_ISO_DAYS_READ: dict[tuple[str, object, date | None], tuple[str, str]] = {}
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def quote(value: object) -> str:
    """A value for an error message: shortened, quoted, and with control and
    line-breaking characters escaped, so a message stays one line."""
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text)


def new_uid() -> str:
    return str(uuid.uuid4())


def validate(
    raw: Mapping[str, object],
    vocab: Vocabularies,
    *,
    order: DateOrder | None = None,
    today: date | None = None,
) -> dict:
    """A complete record from a raw row; missing fields take their defaults.

    An import validates every row: a cell that is a plain `str` (every CSV
    cell) takes a short path through the common cases (empty, plain text,
    digits), and anything else goes through the full check of its field, in
    the same order, so the record and every error are the same either way."""
    get = raw.get
    record: dict = {}
    record["uid"] = _uid(get("uid"))
    day, precision = _date(get("date"), get("date_precision"), order, today)
    record["date"] = day
    record["date_precision"] = precision
    for name in NAME_FIELDS:
        value = get(name)
        if value.__class__ is str and len(value) <= MAX_TEXT and "\x00" not in value:
            record[name] = value.strip() or None
        else:
            record[name] = _text(name, value, strip=True)
    if not (record["country"] or record["region"] or record["city"]):
        raise FieldError("city", "", "one of city, region or country is required")
    record["latitude"] = _coordinate("latitude", get("latitude"), 90)
    record["longitude"] = _coordinate("longitude", get("longitude"), 180)
    if (record["latitude"] is None) != (record["longitude"] is None):
        missing = "longitude" if record["longitude"] is None else "latitude"
        raise FieldError(missing, "", "latitude and longitude go together; give both or neither")
    record["weapon"] = _weapon(get("weapon"), vocab)
    for name in COUNT_FIELDS:
        value = get(name)
        if value == "":
            record[name] = None
        elif value.__class__ is str and len(value) < _SHORT_COUNT and value.isdecimal():
            record[name] = int(value)  # a str of digits, below MAX_COUNT
        else:
            record[name] = _count(name, value)
    _check_counts(record)
    record["damaged"] = _damaged(get("damaged"), vocab)
    record["status"] = _status(get("status"))
    description = get("description")
    if description.__class__ is str and len(description) <= MAX_TEXT and "\x00" not in description:
        record["description"] = None if description.isspace() else description or None
    else:
        record["description"] = _text("description", description, strip=False)
    record["sources"] = _sources(get("sources"), order, today)
    return record


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _uid(value: object) -> str:
    if isinstance(value, str) and _CANONICAL_UUID.fullmatch(value):
        return value  # the common case, already in the stored form
    if _blank(value):
        return new_uid()
    try:
        return str(uuid.UUID(str(value).strip()))
    except ValueError:
        raise FieldError(
            "uid", value, f"{quote(value)} is not a UUID (like 3f2b8c1e-9d4a-4f6e-8b7a-2c1d0e9f8a7b)"
        ) from None


def _date(value: object, precision_value: object, order: DateOrder | None, today: date | None) -> tuple[str, str]:
    if (
        value.__class__ is str
        and (precision_value is None or precision_value.__class__ is str)
        and _ISO_DAY.fullmatch(value)
    ):
        # An import reads the same few thousand days again and again; an ISO
        # day is read without the DateOrder (which it neither needs nor
        # changes), so its result depends on these three values alone.
        key = (value, precision_value, today)
        known = _ISO_DAYS_READ.get(key)
        if known is None:
            known = _read_date(value, precision_value, order, today)
            if len(_ISO_DAYS_READ) >= _ISO_DAYS_KEPT:
                _ISO_DAYS_READ.clear()
            _ISO_DAYS_READ[key] = known
        return known
    return _read_date(value, precision_value, order, today)


def _read_date(value: object, precision_value: object, order: DateOrder | None, today: date | None) -> tuple[str, str]:
    if _blank(value):
        raise FieldError("date", "", "a date is required (YYYY-MM-DD, YYYY-MM or YYYY)")
    try:
        day, precision = dates.parse_date(str(value), order=order, today=today)
    except dates.DateOrderConflict:
        raise  # the whole file's problem, not this field's
    except dates.DateError as error:
        raise FieldError("date", value, str(error), cause=error) from None
    if not _blank(precision_value):
        given = str(precision_value).strip().lower()
        if given not in dates.PRECISIONS:
            raise FieldError(
                "date_precision",
                precision_value,
                f"{quote(precision_value)} is not one of {', '.join(dates.PRECISIONS)}",
            )
        if dates.PRECISIONS.index(given) < dates.PRECISIONS.index(precision):
            raise FieldError("date_precision", precision_value, f"{quote(value)} is not precise to the {given}")
        if dates.period_start(day, given) != day:
            start = dates.period_start(day, given).isoformat()
            raise FieldError("date", value, f"a {given}-precision date is the first day of its {given}: write {start}")
        precision = given
    return day.isoformat(), precision


def _text(name: str, value: object, *, strip: bool) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise FieldError(name, value, f"{quote(value)} is not text")
    if not value or value.isspace():
        return None
    if "\x00" in value:
        raise FieldError(name, value, "contains a NUL character")
    if len(value) > MAX_TEXT:
        raise FieldError(name, value[:20], f"is {len(value):,} characters long; the limit is {MAX_TEXT:,}")
    return value.strip() if strip else value


def _coordinate(name: str, value: object, limit: int) -> float | None:
    if value is None or (value.__class__ is str and (not value or value.isspace())):
        return None
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise FieldError(name, value, f"{quote(value)} is not a number")
    try:
        number = float(value.strip() if isinstance(value, str) else value)  # type: ignore[arg-type]  # TypeError below
    except (TypeError, ValueError):
        raise FieldError(name, value, f"{quote(value)} is not a number in decimal degrees") from None
    if not math.isfinite(number) or not -limit <= number <= limit:
        raise FieldError(name, value, f"{quote(value)} is outside -{limit} to {limit}")
    return number


def _weapon(value: object, vocab: Vocabularies) -> str:
    if value.__class__ is str and value and not value.isspace():
        code = vocab.weapons.resolve(value)
        if code is not None:
            return code
    if _blank(value):
        return "unknown"
    code = vocab.weapons.resolve(str(value))
    if code is None:
        raise FieldError("weapon", value, f"{quote(value)} is not a weapon family; {vocab.weapons.closest(str(value))}")
    return code


def _count(name: str, value: object) -> int | None:
    if value is None or value == "":
        return None  # unknown, a common case
    if isinstance(value, str) and value.isdecimal():  # the common case: digits only
        try:
            number = int(value)
        except ValueError:  # more digits than int() reads (4,300): far above the limit
            raise _too_large(name, value) from None
    elif _blank(value):
        return None
    elif isinstance(value, bool):
        raise FieldError(name, value, f"{quote(value)} is not a whole number")
    elif isinstance(value, int):
        number = value
    elif (isinstance(value, float) and value.is_integer()) or (isinstance(value, str) and _WHOLE.fullmatch(value)):
        try:
            number = int(value)
        except ValueError:
            raise _too_large(name, value) from None
    elif isinstance(value, str) and value.strip().startswith("-") and value.strip()[1:].isdigit():
        number = -1  # "-3": reported as negative below
    else:
        raise FieldError(name, value, f"{quote(value)} is not a whole number (empty means unknown)")
    if number < 0:
        raise FieldError(name, value, f"{quote(value)} is negative; counts are 0 or more (empty means unknown)")
    if number > MAX_COUNT:
        raise _too_large(name, value)
    return number


def _too_large(name: str, value: object) -> FieldError:
    return FieldError(name, value, f"{quote(value)} is larger than {MAX_COUNT:,}")


def _check_counts(record: dict) -> None:
    for total in ("killed", "injured"):
        best, low, high = record[total], record[f"{total}_min"], record[f"{total}_max"]
        if (low is not None or high is not None) and best is None:
            name = f"{total}_min" if low is not None else f"{total}_max"
            raise FieldError(name, low if low is not None else high, f"a range needs the best estimate in '{total}'")
        if low is not None and low > best:
            raise FieldError(f"{total}_min", low, f"{low} is more than {total} ({best}); min <= best <= max")
        if high is not None and high < best:
            raise FieldError(f"{total}_max", high, f"{high} is less than {total} ({best}); min <= best <= max")
        children = record[f"children_{total}"]
        ceiling = high if high is not None else best
        if children is not None and ceiling is not None and children > ceiling:
            raise FieldError(
                f"children_{total}",
                children,
                f"{children} is more than {total} ({ceiling}); children are counted in the total",
            )


def _status(value: object) -> str:
    if value in STATUSES and value.__class__ is str:
        return value  # written as stored
    if _blank(value):
        return "unverified"
    status = str(value).strip().lower()
    if status not in STATUSES:
        raise FieldError("status", value, f"{quote(value)} is not one of {', '.join(STATUSES)}")
    return status


def to_json(record: Mapping[str, object]) -> dict:
    """The record as JSON output carries it: lists of objects, no internal id."""
    out: dict = {}
    for name in FIELDS:
        if name == "damaged":
            out[name] = [{"kind": kind, "name": site} for kind, site in record["damaged"]]  # type: ignore[attr-defined]
        elif name == "sources":
            out[name] = [dict(source) for source in record["sources"]]  # type: ignore[attr-defined]
        else:
            out[name] = record[name]
    return out


def split_list(cell: str) -> list[str]:
    """Items of a list cell: `;` separates, `\\;` and `\\\\` escape."""
    if "\\" not in cell:
        return [item for item in map(str.strip, cell.split(";")) if item]
    items, current = [], []
    # The parts between the escapes and separators, and each escape or separator
    # itself (odd positions), read left to right; a backslash before anything
    # else is kept as written.
    for index, part in enumerate(_LIST_PARTS.split(cell)):
        if not index % 2:
            current.append(part)
        elif part == ";":
            items.append("".join(current))
            current = []
        else:
            current.append(part[1])
    items.append("".join(current))
    return [item for item in map(str.strip, items) if item]


def join_list(items: list[str]) -> str:
    return ";".join(item.replace("\\", "\\\\").replace(";", "\\;") for item in items)


def _items(name: str, value: object) -> list:
    if value is None or value == "":
        return []
    if _blank(value):
        return []
    if isinstance(value, str):
        return split_list(value)
    if isinstance(value, list):
        return value
    raise FieldError(name, value, f"{quote(value)} is not a list")


def _damaged(value: object, vocab: Vocabularies) -> list[tuple[str, str]]:
    sites = []
    for item in _items("damaged", value):
        if item.__class__ is not str and isinstance(item, Mapping):
            kind_text, name = str(item.get("kind") or ""), item.get("name") or ""
        elif isinstance(item, str):
            kind_text, separator, name = item.partition(":")
            if not separator and " ".join(kind_text.split()).casefold() not in vocab.site_kinds.codes:
                name = kind_text  # "apartment building": a site named by an alias of its kind keeps its name
        else:
            raise FieldError("damaged", item, f"{quote(item)} is not kind:name")
        kind = vocab.site_kinds.resolve(kind_text)
        if kind is None:
            raise FieldError(
                "damaged",
                item,
                f"{quote(kind_text)} is not a site kind (write kind:name); {vocab.site_kinds.closest(kind_text)}",
            )
        sites.append((kind, _text("damaged", name, strip=True) or ""))
    return sites


def _sources(value: object, order: DateOrder | None, today: date | None) -> list[dict]:
    sources = []
    for item in _items("sources", value):
        if isinstance(item, str):
            sources.append({"url": item, "publisher": None, "published": None})
            continue
        if not isinstance(item, Mapping) or _blank(item.get("url")):
            raise FieldError("sources", item, f"{quote(item)} is not a source: give a url (or a citation)")
        published = item.get("published")
        if not _blank(published):
            try:
                day, _ = dates.parse_date(str(published), order=order, today=today)
            except dates.DateOrderConflict:
                raise
            except dates.DateError as error:
                raise FieldError("sources", published, f"published: {error}", cause=error) from None
            published = day.isoformat()
        sources.append(
            {
                "url": _text("sources", item["url"], strip=True),
                "publisher": _text("sources", item.get("publisher"), strip=True),
                "published": published or None,
            }
        )
    return sources

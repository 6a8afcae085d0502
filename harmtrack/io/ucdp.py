"""UCDP Georeferenced Event Dataset exports (`--format ucdp`), from the GED
codebook's columns.

GED codes deaths in organised violence, not civilian harm: by default only
events with civilian deaths (`deaths_civilians` not 0) are taken;
`--all-events` takes every event. Any other event is yielded as out of
scope, with its uid and the reason ("UCDP now gives 0 civilian deaths"): the
import discounts a stored copy and leaves the rest out. The mapping:

- uid: uuid5 of `id` in a fixed namespace (a newer GED release updates the
  stored event instead of duplicating it);
- the date: GED gives `date_start`, `date_end` and `date_prec` (1 exact day;
  2 a span of 2-6 days; 3 the week; 4 the month, a span of up to 30 days; 5 a
  longer span, up to the year). The record takes the smallest period (day,
  ISO week, month, year) that holds both date_start and date_end, and at
  least the period date_prec names (2 and 3 -> week, 4 -> month, 5 -> year),
  stored as the first day of that period. The GED dates stay in the
  description (as YYYY-MM-DD). Numeric dates, as a spreadsheet re-saves them
  ("9/14/2014 12:00:00 AM", "14/09/2014 00:00"), are read through the
  import's one `dates.DateOrder`, like every reader's;
- place: `where_coordinates` names the site ("Donetsk town", "Shyrokyne
  village"); when `where_prec` is 1 or 2 (the settlement itself or near it)
  and the name ends in town, village, city or settlement, that word is
  dropped and the rest is the city. A part of a city written "Donetsk -
  Petrovskyi district" gives the city Donetsk and the district "Petrovskyi
  district" (the same rule as ACLED's). `adm_1` is the region ("Donetsk oblast"
  -> "Donetsk Oblast"). `where_description` is the place as written.
  latitude/longitude only for where_prec 1 or 2: higher values are centroids
  of a district, a region or a country;
- killed = deaths_civilians; the event's best/low/high and its parts go in
  the description; perpetrator is side_a for one-sided violence
  (type_of_violence 3), else not attributed (GED does not say which side
  killed the civilians in a battle);
- sources: the GED event, then one citation per `source_article` entry
  (publisher, date, headline).

A row whose parts (deaths_a + deaths_b + deaths_civilians + deaths_unknown)
do not add up to `best`, or whose low <= best <= high does not hold, is
reported as a warning with its line; it is still imported.
"""

import csv
import re
import uuid
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from harmtrack import dates
from harmtrack.errors import FieldError
from harmtrack.io.base import DatasetReader, Row, split_city_district
from harmtrack.io.formats import ImportFormat
from harmtrack.model import quote

if TYPE_CHECKING:
    from harmtrack.vocab import Vocabularies

# uuid5(NAMESPACE_URL, "https://ucdp.uu.se/#harmtrack-ged-event"): fixed forever, uids depend on it.
NAMESPACE = uuid.UUID("53f221bc-7c2e-5180-b3ab-56c4b1444c84")
REQUIRED = ("id", "date_start", "date_end", "date_prec", "country", "deaths_civilians", "best")
PARTS = ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")
# date_prec -> the coarsest precision it implies at least.
DATE_PREC = {"1": "day", "2": "week", "3": "week", "4": "month", "5": "year"}
_SETTLEMENT = re.compile(r"\s+(town|village|city|settlement|urban settlement|hamlet)$", re.IGNORECASE)
_OBLAST = re.compile(r"\s+oblast$", re.IGNORECASE)
COLUMN_OF = {
    "uid": "id",
    "date": "date_start",
    "date_precision": "date_prec",
    "region": "adm_1",
    "city": "where_coordinates",
    "district": "where_coordinates",
    "place": "where_description",
    "killed": "deaths_civilians",
    "sources": "source_article",
}


def uid_for(event_id: str) -> str:
    return str(uuid.uuid5(NAMESPACE, event_id.strip()))


def period_for(start: date, end: date, date_prec: str) -> tuple[date, str]:
    """The first day and precision of the smallest period holding start..end."""
    floor = dates.PRECISIONS.index(DATE_PREC[date_prec])
    for precision in dates.PRECISIONS[floor:]:
        first = dates.period_start(start, precision)
        if dates.period_start(end, precision) == first:
            return first, precision
    return dates.period_start(start, "year"), "year"


class UcdpReader(DatasetReader):
    format = ImportFormat.ucdp
    left_out_note = "events without civilian deaths left out (--all-events imports them)"
    column_of = COLUMN_OF
    dataset = "a UCDP GED"
    required = REQUIRED

    def rows(self, vocab: "Vocabularies") -> Iterator[Row]:
        columns, name = self.csv.columns, self.source.name
        for line, cells, problem in self.csv:
            location = f"{name}:{line}"
            if problem:
                yield Row(location, None, cells, problem)
                continue
            event = dict(zip(columns, cells, strict=True))
            try:
                if not self.all_events and _whole(event, "deaths_civilians") == 0:
                    event_id = (event.get("id") or "").strip()
                    uid = uid_for(event_id) if event_id else None
                    yield Row(location, {"uid": uid}, cells, out_of_scope="UCDP now gives 0 civilian deaths")
                    continue
                warnings: list[str] = []
                raw = self.to_raw(event, warnings, location)
            except FieldError as error:
                yield Row(location, None, cells, f"column '{error.field}': {error.problem}")
                continue
            yield Row(location, raw, cells, warnings=warnings)

    def to_raw(self, event: dict[str, str], warnings: list[str], location: str) -> dict[str, object]:
        def cell(column: str) -> str:
            return (event.get(column) or "").strip()

        event_id = cell("id")
        if not event_id:
            raise FieldError("id", "", "is empty; every GED event has an id")
        start = self._day(location, event, "date_start")
        end = self._day(location, event, "date_end") if cell("date_end") else start
        if end < start:
            raise FieldError("date_end", cell("date_end"), f"'{cell('date_end')}' is before date_start")
        date_prec = cell("date_prec") or "1"
        if date_prec not in DATE_PREC:
            raise FieldError("date_prec", date_prec, f"{quote(date_prec)} is not a GED date_prec (1 to 5)")
        first, precision = period_for(start, end, date_prec)

        counts = {column: _whole(event, column) for column in (*PARTS, "best", "low", "high")}
        best, low, high = counts["best"], counts["low"], counts["high"]
        parts = [counts[column] for column in PARTS]
        known = [part for part in parts if part is not None]
        if best is not None and len(known) == len(parts) and sum(known) != best:
            warnings.append(
                f"UCDP event {event_id}: deaths_a + deaths_b + deaths_civilians + deaths_unknown = "
                f"{' + '.join(map(str, known))} = {sum(known)}, but best is {best}"
            )
        if low is not None and best is not None and high is not None and not low <= best <= high:
            warnings.append(f"UCDP event {event_id}: low {low}, best {best}, high {high} are not low <= best <= high")

        where_prec = cell("where_prec")
        site = cell("where_coordinates")
        city, district = _city(site) if where_prec in ("1", "2") else (None, None)
        region = _OBLAST.sub(" Oblast", cell("adm_1")) or None
        precise = where_prec in ("1", "2")

        violence = cell("type_of_violence")
        side_a, side_b = cell("side_a"), cell("side_b")
        sides = f"{side_a} vs {side_b}" if side_a and side_b else side_a or side_b
        span = start.isoformat() if start == end else f"{start.isoformat()} to {end.isoformat()}"
        description = (
            f"UCDP GED event {event_id}"
            + (f", {cell('conflict_name')}" if cell("conflict_name") else "")
            + (f" ({sides})" if sides else "")
            + f". Deaths in the event: best {_shown(best)}, low {_shown(low)}, high {_shown(high)}"
            + f" (side A {_shown(parts[0])}, side B {_shown(parts[1])}, civilians {_shown(parts[2])},"
            + f" unknown {_shown(parts[3])}); killed counts the civilians only."
            + f" Dates: {span} (date_prec {date_prec})."
            + f" Location: {site or 'not given'} (where_prec {where_prec or '?'})."
        )
        for warning in warnings:
            description += f" Note: {warning.split(': ', 1)[1]}."
        return {
            "uid": uid_for(event_id),
            "date": first.isoformat(),
            "date_precision": precision,
            "country": cell("country"),
            "region": region,
            "city": city,
            "district": district,
            "place": cell("where_description") or site or None,
            "latitude": cell("latitude") if precise else None,
            "longitude": cell("longitude") if precise else None,
            "weapon": "unknown",
            "perpetrator": side_a if violence == "3" else None,
            "killed": counts["deaths_civilians"],
            "description": description,
            "sources": [
                {"url": f"UCDP GED event {event_id}", "publisher": "UCDP", "published": None},
                *_articles(cell("source_article")),
            ],
        }

    def _day(self, location: str, event: dict[str, str], column: str) -> date:
        text = (event.get(column) or "").strip()
        day, precision = self.read_date(location, column, text)
        if precision != "day":
            raise FieldError(column, text, f"'{text}' is not a day (YYYY-MM-DD)")
        return day


def _city(site: str) -> tuple[str | None, str | None]:
    """(city, district) of a where_coordinates at where_prec 1 or 2: "Donetsk
    town" -> Donetsk; "Donetsk - Petrovskyi district" -> Donetsk, Petrovskyi
    district; a name that is not a settlement's ("Donetsk International
    airport") gives neither."""
    name, district = split_city_district(site)
    if _SETTLEMENT.search(name):
        return _SETTLEMENT.sub("", name), district
    if district is not None:
        return name, district
    return None, None


def _whole(event: dict[str, str], column: str) -> int | None:
    text = (event.get(column) or "").strip()
    if not text:
        return None
    if not text.isdecimal():  # not isdigit(): int() refuses '²'
        raise FieldError(column, text, f"{quote(text)} is not a whole number")
    try:
        return int(text)
    except ValueError:  # more digits than int() reads (4,300)
        raise FieldError(column, text, f"{quote(text)} is too large") from None


def _shown(value: int | None) -> str:
    return "not given" if value is None else str(value)


def _articles(cell: str) -> list[dict[str, str | None]]:
    """GED's source_article: `"Publisher,YYYY-MM-DD,Headline";"..."`."""
    if not cell:
        return []
    items = next(csv.reader([cell], delimiter=";", quotechar='"'), [])
    sources = []
    for item in items:
        item = item.strip()
        if not item:
            continue
        publisher, _, rest = item.partition(",")
        published, _, headline = rest.partition(",")
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", published.strip()):
            sources.append(
                {
                    "url": f"{publisher.strip()}, {published.strip()}, {headline.strip()}".rstrip(", "),
                    "publisher": publisher.strip() or None,
                    "published": published.strip(),
                }
            )
        else:
            sources.append({"url": item, "publisher": None, "published": None})
    return sources

"""Strict date parsing with precision.

ISO forms are read by hand and always work: `2024-10-28` (day), `2024-W44`
(week), `2024-10` (month), `2024` (year). Anything else goes to dateutil, but
only under guard: numeric day/month orders need an explicit `dayfirst`, parts
dateutil would fill in from a default are detected by parsing twice with two
different defaults, and fuzzy parsing is never used. A week-, month- or
year-precision date is the first day of its period.

Numeric dates (16/02/2024, 2/16/2024 12:00:00 AM) are read in one order for
a whole file (`DateOrder`): the order a flag gives, or else the order the
file's own dates admit. A date whose first part is above 12 can only be day
first, one whose second part is above 12 only month first; a file with both
kinds contradicts itself, and a file with only dates that read either way
(03/04/2024) does not say. Either is refused, naming a row; nothing is ever
guessed.
"""

import re
from datetime import date, datetime, timedelta

PRECISIONS = ("day", "week", "month", "year")
EARLIEST = date(1900, 1, 1)

_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# A day with a time of day and an optional zone (2024-10-30T23:59:59Z, 2024-10-30 00:00:00.000+02:00); the
# time is checked (hours 00-23, or 24:00, minutes and seconds 00-59) by _check_time.
_ISO_DAY_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?P<fraction>\.\d+)?)?"
    r"(?:Z|[+-](?P<zone_hour>\d{2}):?(?P<zone_minute>\d{2}))?"
)
_ISO_WEEK = re.compile(r"(\d{4})-?W(\d{2})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
_ISO_YEAR = re.compile(r"(\d{4})")
# A numeric date, with the time a spreadsheet or database export may add
# ("9/14/2014 12:00:00 AM", "14/09/2014 00:00", "2/16/2024 0:00").
_NUMERIC = re.compile(
    r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:,?[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?)?"
)
_HAS_LETTERS = re.compile(r"[^\W\d_]")
_DEFAULT_A = datetime(2000, 1, 1)
_DEFAULT_B = datetime(2001, 2, 2)


class DateError(ValueError):
    """A date string that cannot be read; the message says what would be valid."""


class AmbiguousDate(DateError):
    """A numeric date that reads both ways (03/04/2024) and nothing says which."""


class DateOrderConflict(DateError):
    """One file's numeric dates read only day first in one place and only month first in another."""


class DateOrder:
    """How the numeric dates of one file (or one command) are read.

    `dayfirst` is the order a flag gave, or None. Without one, each numeric
    date that reads only one way is read that way and remembered where it was
    (`where`, the row being read, is set by the caller); a date that reads
    both ways is refused (AmbiguousDate) until the file's order is known, and
    a second kind of evidence is a DateOrderConflict. After a first pass,
    `settled()` says whether the file's own dates decide its order; a second
    pass then reads it with `DateOrder(inferred=...)`.
    """

    def __init__(self, dayfirst: bool | None = None, *, inferred: bool | None = None):
        self.dayfirst = dayfirst
        self.inferred = inferred
        self.where = ""
        self.dayfirst_seen: tuple[str, str] | None = None  # (where, text) of the first of each kind
        self.monthfirst_seen: tuple[str, str] | None = None
        self.ambiguous_seen: tuple[str, str] | None = None

    @property
    def order(self) -> bool | None:
        return self.dayfirst if self.dayfirst is not None else self.inferred

    def parse(self, text: str, *, today: date | None = None) -> tuple[date, str]:
        return parse_date(text, order=self, today=today)

    def read_numeric(self, value: str, first: int, second: int, year: int) -> date:
        """The date of a numeric value, by the given order or by what the value admits."""
        if self.dayfirst is not None:
            day, month = (first, second) if self.dayfirst else (second, first)
            return _make_date(value, year, month, day)
        if first == second or (first > 12 and second > 12):
            return _make_date(value, year, second, first)  # the same either way, or no date either way
        only_dayfirst = first > 12
        if first <= 12 and second <= 12:
            if self.inferred is None:
                self.ambiguous_seen = self.ambiguous_seen or (self.where, value)
                raise AmbiguousDate(f"'{value}' could be read day first or month first; write YYYY-MM-DD")
            only_dayfirst = self.inferred
        else:
            self._note(value, only_dayfirst)
        day, month = (first, second) if only_dayfirst else (second, first)
        return _make_date(value, year, month, day)

    def _note(self, value: str, dayfirst: bool) -> None:
        seen = (self.where, value)
        if dayfirst:
            self.dayfirst_seen = self.dayfirst_seen or seen
        else:
            self.monthfirst_seen = self.monthfirst_seen or seen
        if self.dayfirst_seen and self.monthfirst_seen:
            (day_at, day_text), (month_at, month_text) = self.dayfirst_seen, self.monthfirst_seen
            raise DateOrderConflict(
                f"the file's numeric dates contradict each other: '{day_text}' ({day_at}) can only be day first, "
                f"'{month_text}' ({month_at}) only month first"
            )

    def needs_second_pass(self) -> bool:
        """After a pass without a flag: dates that read both ways were refused,
        and the file's other dates say which way to read them."""
        return self.ambiguous_seen is not None and (self.dayfirst_seen or self.monthfirst_seen) is not None

    def undecided(self) -> tuple[str, str] | None:
        """(where, text) of a date that reads both ways when no date of the file says which."""
        if self.ambiguous_seen and not (self.dayfirst_seen or self.monthfirst_seen):
            return self.ambiguous_seen
        return None

    def settled(self) -> "DateOrder":
        """A fresh order for a second pass, set to what this pass's dates said."""
        return DateOrder(inferred=self.dayfirst_seen is not None)


def parse_date(text: str, *, order: DateOrder | None = None, today: date | None = None) -> tuple[date, str]:
    """Return (first day of the period, precision) for a date string.

    Numeric non-ISO dates are read by `order` (see DateOrder); without one,
    only a date that reads one way (28/10/2024) is accepted.
    """
    value = text.strip()
    if not value:
        raise DateError("a date is required (YYYY-MM-DD, YYYY-MM or YYYY)")
    parsed = _parse_iso(value)
    if parsed is None:
        parsed = _parse_numeric(value, order or DateOrder())
    if parsed is None:
        parsed = _parse_words(value)
    day, precision = parsed
    _check_bounds(value, day, today or date.today())
    return day, precision


def period_start(day: date, precision: str) -> date:
    """The first day of the period that holds `day`."""
    if precision == "week":
        return day - timedelta(days=day.weekday())
    if precision == "month":
        return day.replace(day=1)
    if precision == "year":
        return day.replace(month=1, day=1)
    return day


def period_end(day: date, precision: str) -> date:
    """The last day of the period that starts at or holds `day`."""
    start = period_start(day, precision)
    if precision == "week":
        return start + timedelta(days=6)
    if precision == "month":
        following = start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
        return following - timedelta(days=1)
    if precision == "year":
        return start.replace(month=12, day=31)
    return start


def _parse_iso(value: str) -> tuple[date, str] | None:
    for pattern, precision in ((_ISO_DAY, "day"), (_ISO_DAY_TIME, "day")):
        match = pattern.fullmatch(value)
        if match:
            day = _make_date(value, int(match[1]), int(match[2]), int(match[3]))
            if pattern is _ISO_DAY_TIME:
                _check_time(value, match)
            return day, precision
    match = _ISO_WEEK.fullmatch(value)
    if match:
        try:
            return date.fromisocalendar(int(match[1]), int(match[2]), 1), "week"
        except ValueError:
            raise DateError(f"'{value}' is not a valid ISO week (weeks run 01 to 52 or 53)") from None
    match = _ISO_MONTH.fullmatch(value)
    if match:
        return _make_date(value, int(match[1]), int(match[2]), 1), "month"
    match = _ISO_YEAR.fullmatch(value)
    if match:
        return _make_date(value, int(match[1]), 1, 1), "year"
    return None


def _check_time(value: str, match: re.Match[str]) -> None:
    """The time of an ISO date-time is a time of day: 00:00 to 23:59:59, or 24:00 (the end of the day), in a
    zone of at most 23:59 from UTC."""
    hour, minute = int(match["hour"]), int(match["minute"])
    second = int(match["second"] or 0)
    fraction = match["fraction"] or ""
    midnight = hour == 24 and minute == 0 and second == 0 and not fraction.strip(".0")
    valid = (hour < 24 or midnight) and minute < 60 and second < 60
    if match["zone_hour"] is not None:
        valid = valid and int(match["zone_hour"]) < 24 and int(match["zone_minute"]) < 60
    if not valid:
        raise DateError(f"'{value}' has no valid time of day; write YYYY-MM-DD or YYYY-MM-DDTHH:MM")


def _parse_numeric(value: str, order: DateOrder) -> tuple[date, str] | None:
    match = _NUMERIC.fullmatch(value)
    if not match:
        return None
    return order.read_numeric(value, int(match[1]), int(match[2]), int(match[3])), "day"


def _parse_words(value: str) -> tuple[date, str]:
    """Dates written with a month name, such as `16 February 2024`."""
    if not _HAS_LETTERS.search(value):
        raise DateError(f"'{value}' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY")
    from dateutil import parser

    # ignoretz: a date has no time zone, and dateutil warns of a zone name it does not
    # know ("5 May 2024 12:00 T", found by fuzzing) that it says it will later raise.
    try:
        first = parser.parse(value, default=_DEFAULT_A, fuzzy=False, ignoretz=True)
        second = parser.parse(value, default=_DEFAULT_B, fuzzy=False, ignoretz=True)
    except (ValueError, ArithmeticError):  # dateutil overflows, and its Decimal arithmetic fails on huge numbers
        raise DateError(f"'{value}' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY") from None
    if first.year != second.year:
        raise DateError(f"'{value}' has no year; write YYYY-MM-DD")
    if first.month != second.month:
        raise DateError(f"'{value}' has no month; write YYYY-MM-DD or YYYY")
    if first.day != second.day:
        return first.date().replace(day=1), "month"
    return first.date(), "day"


def _make_date(value: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(f"'{value}' is not a calendar date") from None


def _check_bounds(value: str, day: date, today: date) -> None:
    if day > today:
        raise DateError(f"'{value}' is in the future (today is {today.isoformat()})")
    if day < EARLIEST:
        raise DateError(f"'{value}' is before {EARLIEST.year}")

"""Strict date parsing with precision.

ISO forms are read by hand and always work: `2024-10-28` (day), `2024-W44`
(week), `2024-10` (month), `2024` (year). Anything else goes to dateutil, but
only under guard: numeric day/month orders need an explicit `dayfirst`, parts
dateutil would fill in from a default are detected by parsing twice with two
different defaults, and fuzzy parsing is never used. A week-, month- or
year-precision date is the first day of its period.
"""

import re
from datetime import date, datetime, timedelta

PRECISIONS = ("day", "week", "month", "year")
EARLIEST = date(1900, 1, 1)

_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_DAY_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")
_ISO_WEEK = re.compile(r"(\d{4})-?W(\d{2})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
_ISO_YEAR = re.compile(r"(\d{4})")
_NUMERIC = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:[ T]\d{1,2}:\d{2}(:\d{2})?)?")
_HAS_LETTERS = re.compile(r"[^\W\d_]")
_DEFAULT_A = datetime(2000, 1, 1)
_DEFAULT_B = datetime(2001, 2, 2)


class DateError(ValueError):
    """A date string that cannot be read; the message says what would be valid."""


def parse_date(text: str, *, dayfirst: bool | None = None, today: date | None = None) -> tuple[date, str]:
    """Return (first day of the period, precision) for a date string.

    `dayfirst` is None when the caller gave no order: numeric non-ISO dates
    are then refused, even unambiguous ones, so that a file is never read
    with a different order from one row to the next.
    """
    value = text.strip()
    if not value:
        raise DateError("a date is required (YYYY-MM-DD, YYYY-MM or YYYY)")
    parsed = _parse_iso(value)
    if parsed is None:
        parsed = _parse_numeric(value, dayfirst)
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
            return _make_date(value, int(match[1]), int(match[2]), int(match[3])), precision
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


def _parse_numeric(value: str, dayfirst: bool | None) -> tuple[date, str] | None:
    match = _NUMERIC.fullmatch(value)
    if not match:
        return None
    if dayfirst is None:
        raise DateError(
            f"'{value}' does not say whether the day or the month comes first; "
            "write it as YYYY-MM-DD or pass --dayfirst or --monthfirst"
        )
    first, second, year = int(match[1]), int(match[2]), int(match[3])
    day, month = (first, second) if dayfirst else (second, first)
    return _make_date(value, year, month, day), "day"


def _parse_words(value: str) -> tuple[date, str]:
    """Dates written with a month name, such as `16 February 2024`."""
    if not _HAS_LETTERS.search(value):
        raise DateError(f"'{value}' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY")
    from dateutil import parser

    try:
        first = parser.parse(value, default=_DEFAULT_A, fuzzy=False)
        second = parser.parse(value, default=_DEFAULT_B, fuzzy=False)
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

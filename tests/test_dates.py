import warnings
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harmtrack.dates import AmbiguousDate, DateError, DateOrder, parse_date, period_end, period_start

TODAY = date(2026, 11, 24)
past_dates = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)


@given(past_dates)
def test_iso_day_round_trips(day):
    assert parse_date(day.isoformat(), today=TODAY) == (day, "day")


@given(past_dates)
def test_iso_month_and_year_give_first_day_and_precision(day):
    assert parse_date(day.strftime("%Y-%m"), today=TODAY) == (day.replace(day=1), "month")
    assert parse_date(str(day.year), today=TODAY) == (day.replace(month=1, day=1), "year")


@given(past_dates)
def test_iso_week_starts_on_monday(day):
    year, week, _ = day.isocalendar()
    start, precision = parse_date(f"{year}-W{week:02d}", today=TODAY + timedelta(days=7))
    assert precision == "week"
    assert start.weekday() == 0
    assert start <= day <= start + timedelta(days=6)


@given(past_dates)
def test_a_numeric_date_is_read_without_an_order_only_when_it_reads_one_way(day):
    text = day.strftime("%d/%m/%Y")
    if day.day > 12 or day.day == day.month:
        assert parse_date(text, today=TODAY) == (day, "day")
    else:
        with pytest.raises(AmbiguousDate, match="could be read day first or month first"):
            parse_date(text, today=TODAY)
    assert parse_date(text, order=DateOrder(True), today=TODAY) == (day, "day")
    assert parse_date(day.strftime("%m/%d/%Y"), order=DateOrder(False), today=TODAY) == (day, "day")


@pytest.mark.parametrize(
    "text",
    ["9/14/2014 12:00:00 AM", "09/14/2014 00:00", "9/14/2014 0:00", "09/14/2014 12:00:00 PM", "9/14/2014"],
)
def test_a_spreadsheet_time_after_a_numeric_date_is_ignored(text):
    assert parse_date(text, today=TODAY) == (date(2014, 9, 14), "day")
    assert parse_date(text, order=DateOrder(False), today=TODAY) == (date(2014, 9, 14), "day")
    with pytest.raises(DateError, match="not a calendar date"):
        parse_date(text, order=DateOrder(True), today=TODAY)


@given(st.dates(min_value=TODAY + timedelta(days=1), max_value=date(2100, 1, 1)))
def test_future_dates_are_refused(day):
    with pytest.raises(DateError, match="in the future"):
        parse_date(day.isoformat(), today=TODAY)


@given(st.text(max_size=40))
def test_any_text_parses_or_raises_date_error(text):
    try:
        day, precision = parse_date(text, today=TODAY)
    except DateError:
        return
    assert precision in ("day", "week", "month", "year")
    assert date(1900, 1, 1) <= day <= TODAY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16 February 2024", (date(2024, 2, 16), "day")),
        ("February 16, 2024", (date(2024, 2, 16), "day")),
        ("February 2024", (date(2024, 2, 1), "month")),
        ("2024-02-16T10:30:00", (date(2024, 2, 16), "day")),
        ("2024-02-16 00:00:00", (date(2024, 2, 16), "day")),
        (" 2024-02-16 ", (date(2024, 2, 16), "day")),
    ],
)
def test_month_names_and_times_are_read_as_written(text, expected):
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2024-10-32", "not a calendar date"),
        ("2024-13", "not a calendar date"),
        ("16 February", "has no year"),
        ("tomorrow", "not a date"),
        ("last Monday", "not a date"),
        ("2024-10-28 Kharkiv", "not a date"),
        ("1899-12-31", "before 1900"),
        ("2024-W54", "not a valid ISO week"),
        ("", "required"),
    ],
)
def test_refused_dates_say_why(text, problem):
    with pytest.raises(DateError, match=problem):
        parse_date(text, today=TODAY)


def test_period_bounds():
    assert period_start(date(2024, 10, 30), "week") == date(2024, 10, 28)
    assert period_end(date(2024, 10, 1), "month") == date(2024, 10, 31)
    assert period_end(date(2024, 12, 1), "month") == date(2024, 12, 31)
    assert period_end(date(2024, 2, 1), "month") == date(2024, 2, 29)
    assert period_end(date(2024, 1, 1), "year") == date(2024, 12, 31)
    assert period_end(date(2024, 10, 28), "week") == date(2024, 11, 3)


def test_a_time_zone_name_dateutil_does_not_know_is_neither_a_warning_nor_a_future_error():
    """Fuzzing found "... 12:00 T": dateutil warns of the zone name "T" and says a
    later version will raise. A date has no zone: the day is read, quietly."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert parse_date("5 May 2024 12:00 T") == (date(2024, 5, 5), "day")
        assert parse_date("May 5 2024 10:00 XYZ") == (date(2024, 5, 5), "day")

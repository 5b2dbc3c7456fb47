"""Working days follow China's holiday calendar, and Monday to Friday where it has no data."""

import datetime as dt
from unittest import mock

import pytest

from deadlines import calendar
from deadlines.calendar import add_days, add_working_days, is_working_day


def test_public_holidays_are_off_and_make_up_days_are_on():
    assert not is_working_day(dt.date(2025, 10, 1))  # National Day
    assert is_working_day(dt.date(2025, 9, 28))  # a Sunday worked in lieu (调休)
    assert not is_working_day(dt.date(2026, 9, 25))  # Mid-Autumn Festival, a Friday


def test_working_days_skip_the_golden_week():
    # From the eve of National Day 2025: Oct 1–8 off, Saturday Oct 11 worked in lieu.
    assert add_working_days(dt.date(2025, 9, 30), 5) == dt.date(2025, 10, 14)
    assert add_days(dt.date(2025, 9, 30), 5, working_days=False) == dt.date(2025, 10, 5)


@pytest.fixture
def fresh_warnings():
    calendar._warn_unknown_year.cache_clear()
    yield
    calendar._warn_unknown_year.cache_clear()


def test_a_year_the_package_does_not_know_falls_back_to_monday_to_friday(fresh_warnings):
    # The logger itself, not the log records: another test's logging set-up in the same
    # process must not decide whether this one sees the warning.
    with mock.patch.object(calendar.logger, "warning") as warning:
        assert is_working_day(dt.date(2100, 1, 1))  # a Friday
        assert not is_working_day(dt.date(2100, 1, 2))  # a Saturday
        assert add_working_days(dt.date(2100, 1, 1), 1) == dt.date(2100, 1, 4)

    assert warning.call_count == 1  # once per year, not once per day counted
    assert 2100 in warning.call_args.args

"""Working days as in mainland China: public holidays off, make-up working days (调休) on.

The calendar comes from `chinese_calendar` (package chinesecalendar), which knows each year
only once the State Council has published it. For a year it does not know yet, Monday to
Friday count as working days and a warning is logged, once per year and process.
"""

import datetime as dt
import functools
import logging

import chinese_calendar

logger = logging.getLogger(__name__)


def is_working_day(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        _warn_unknown_year(day.year)
        return day.weekday() < 5


@functools.cache
def _warn_unknown_year(year: int) -> None:
    logger.warning(
        "The holiday calendar for %s is not known yet (update the chinesecalendar package); "
        "counting Monday to Friday as working days.",
        year,
    )


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The `count`-th working day after `start` (`start` itself not counted)."""
    day, counted = start, 0
    while counted < count:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def add_days(start: dt.date, count: int, *, working_days: bool) -> dt.date:
    if working_days:
        return add_working_days(start, count)
    return start + dt.timedelta(days=count)

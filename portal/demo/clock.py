"""The demo's clock: each step of a case happens at its own moment in the past.

`Clock.at(moment, actor)` makes `django.utils.timezone.now()` return that moment, running on
from it as real time passes, and names `actor` in the edit history, as a request by that
user would. Actions at the same moment (three items assigned at 11:00) run on from where the
one before stopped, so records keep the order they were made in. Everything that
reads the time through `timezone.now()` follows it: `auto_now` and `auto_now_add` fields,
simple-history's `history_date`, `timezone.localdate()` and the services' own checks. The
demo needs nothing else at run time (no time-machine).

Dates are counted in days before the day the clock was made (`ago`; a negative `ago` is a
day to come), so the demo always looks current.
"""

import datetime as dt
import time
from contextlib import contextmanager
from unittest import mock

from django.http import HttpRequest
from django.utils import timezone
from simple_history.models import HistoricalRecords

_UNSET = object()


class Clock:
    def __init__(self, now: dt.datetime | None = None):
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)
        self._latest = {}  # moment: the latest time handed out at it

    def day(self, ago: int) -> dt.date:
        return self.today - dt.timedelta(days=ago)

    def moment(self, ago: int, hour: int = 10, minute: int = 0) -> dt.datetime:
        naive = dt.datetime.combine(self.day(ago), dt.time(hour, minute))
        return timezone.make_aware(naive)

    @contextmanager
    def at(self, moment: dt.datetime, actor):
        """Within the block it is `moment`, and changes are recorded as made by `actor`."""
        if moment >= self.now:
            raise ValueError(f"A demo step is dated in the future ({moment}); fix its offset.")
        latest = self._latest.get(moment)
        start = moment if latest is None else latest + dt.timedelta(microseconds=1)
        started = time.monotonic()

        def now():
            self._latest[moment] = start + dt.timedelta(seconds=time.monotonic() - started)
            return self._latest[moment]

        context = HistoricalRecords.context
        previous = getattr(context, "request", _UNSET)
        # A request as the history and the audit log read it: who acted, from no address.
        context.request = HttpRequest()
        context.request.user = actor
        try:
            with mock.patch("django.utils.timezone.now", now):
                yield
        finally:
            if previous is _UNSET:
                del context.request
            else:
                context.request = previous

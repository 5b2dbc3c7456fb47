"""The calendar page (month and list), the feed's settings page, the feed and single events."""

import calendar as month_calendar
import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import services
from .ics import calendar_file
from .models import CalendarFeed, token_hash
from .selectors import Kind, calendar_event, calendar_events

ICS = "text/calendar; charset=utf-8"


def _month(value: str | None) -> dt.date:
    """The first day of the month asked for as YYYY-MM (this month if absent or malformed)."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


def _next_month(first: dt.date) -> dt.date:
    return (first + dt.timedelta(days=32)).replace(day=1)


@login_required
@require_GET
def calendar_page(request):
    first = _month(request.GET.get("month"))
    following = _next_month(first)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    view = "list" if request.GET.get("view") == "list" else "month"
    events = calendar_events(request.user, first, following)
    by_day: dict[dt.date, list] = {}
    for event in events:
        by_day.setdefault(event.day, []).append(event)
    weeks = [
        [(day, day.month == first.month, by_day.get(day, [])) for day in week]
        for week in month_calendar.Calendar(firstweekday=0).monthdatescalendar(
            first.year, first.month
        )
    ]
    return render(
        request,
        "agenda/calendar.html",
        {
            "first": first,
            "view": view,
            "previous": previous.strftime("%Y-%m"),
            "following": following.strftime("%Y-%m"),
            "weeks": weeks,
            "days": sorted(by_day.items()),
            "today": timezone.localdate(),
            "kinds": [(kind, Kind.LABELS[kind]) for kind in Kind.ALL],
            "weekdays": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def feed_settings(request):
    """Make, renew or withdraw the secret address; a new address is shown once."""
    address = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_feed_revoke(user=request.user)
        else:
            token = services.calendar_feed_renew(user=request.user)
            address = request.build_absolute_uri(reverse("agenda:feed", args=[token]))
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(request, "agenda/feed_settings.html", {"feed": feed, "address": address})


def _ics_response(content: bytes, filename: str, *, as_attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=ICS)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def feed(request, token):
    """The feed a phone's calendar subscribes to: the secret in the address is the key."""
    found = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=token_hash(token), user__is_active=True)
        .first()
    )
    if found is None:
        raise Http404
    CalendarFeed.objects.filter(pk=found.pk).update(last_read_at=timezone.now())
    today = timezone.localdate()
    events = calendar_events(
        found.user,
        today - dt.timedelta(days=settings.AGENDA_FEED_PAST_DAYS),
        today + dt.timedelta(days=settings.AGENDA_FEED_FUTURE_DAYS),
    )
    name = _("Members' Consultation — %(name)s") % {"name": found.user}
    return _ics_response(calendar_file(events, name=name), "weiyuan.ics", as_attachment=False)


@login_required
@require_GET
def event_ics(request, kind, pk):
    event = calendar_event(request.user, kind, pk)
    if event is None:
        raise Http404
    content = calendar_file([event], name=event.title)
    return _ics_response(content, f"{event.key}.ics", as_attachment=True)

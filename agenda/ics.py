"""Calendar files (RFC 5545) through the icalendar package, in China's time zone."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Timezone
from icalendar import Event as VEvent

from .selectors import Event

ZONE = "Asia/Shanghai"
PRODID = "-//weiyuan-yishi//agenda//ZH"


def _uid(event: Event) -> str:
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "localhost"
    return f"{event.key}@{host}"


def _vevent(event: Event, stamp: dt.datetime) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", _uid(event))
    vevent.add("dtstamp", stamp)
    vevent.add("summary", event.title)
    zone = ZoneInfo(ZONE)
    if event.all_day:
        vevent.add("dtstart", event.start)
        vevent.add("dtend", event.end)
        vevent.add("transp", "TRANSPARENT")
    else:
        vevent.add("dtstart", event.start.astimezone(zone))
        vevent.add("dtend", event.end.astimezone(zone))
    if event.location:
        vevent.add("location", event.location)
    vevent.add("url", settings.SITE_URL.rstrip("/") + event.path)
    vevent.add("categories", [str(event.kind_label)])
    return vevent


def calendar_file(events: list[Event], *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", ZONE)
    calendar.add_component(Timezone.from_tzid(ZONE))
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    for event in events:
        calendar.add_component(_vevent(event, stamp))
    return calendar.to_ical()

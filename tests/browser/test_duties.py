"""A member on a phone: opens the URL of the QR code shown at the venue and checks in, asks
for leave from another session, and finds both in their duty record.

Elements are found by form field names and URLs, never by translated text.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from duties.models import Attendance, LeaveRequest
from tests.cast import Cast
from tests.workflow import advance, prepare_step, run_step

from .conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBMIT = "main form button[type=submit].primary"


def scheduled(cast, title, starts_at):
    topic = advance(cast.topic(title=title), "researching", cast=cast)
    prepare_step(topic, "schedule_session", cast)
    run_step(topic, "schedule_session", cast.office, cast, starts_at=starts_at)
    topic.refresh_from_db()
    return topic.session


def fits_the_phone(page):
    width, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{page.url} is {width} px wide at {inner} px"


def test_a_member_checks_in_asks_for_leave_and_finds_both(page, live_server, login):
    cast = Cast().everyone()
    now = timezone.now()
    today = scheduled(cast, "费市家苑小区12年未通管道燃气", now + dt.timedelta(minutes=30))
    if timezone.localdate(today.starts_at) != timezone.localdate():
        today.starts_at = now - dt.timedelta(minutes=5)  # near midnight: keep it today
        today.save(update_fields=["starts_at"])
    later = scheduled(cast, "老旧小区加装电梯", now + dt.timedelta(days=7))

    # The office projects the check-in code at the venue.
    login(page, cast.office)
    page.goto(live_server.url + reverse("duties:check_in_code", args=["session", today.pk]))
    assert page.locator("main svg").count() == 1
    scanned = page.locator("main a[href*='/check-in/?code=']").get_attribute("href")

    # The member scans it with a phone and checks in.
    page.set_viewport_size(PHONE)
    login(page, cast.member)
    page.goto(scanned)
    fits_the_phone(page)
    with page.expect_navigation():
        page.locator(SUBMIT).click()
    record = Attendance.objects.get(session=today, member=cast.member)
    assert record.source == Attendance.Source.CHECK_IN

    # Then asks for leave from next week's session.
    page.goto(live_server.url + reverse("duties:home"))
    fits_the_phone(page)
    leave_url = reverse("duties:leave_request", args=["session", later.pk])
    with page.expect_navigation():
        page.locator(f"main a[href='{leave_url}']").click()
    page.fill("textarea[name=reason]", "参加市政协专题培训，无法到会")
    with page.expect_navigation():
        page.locator(SUBMIT).click()
    assert LeaveRequest.objects.get(member=cast.member).session == later

    # Both are in the duty record.
    page.goto(live_server.url + reverse("duties:mine"))
    fits_the_phone(page)
    lines = page.locator("table.duty-lines tbody tr")
    assert (
        lines.filter(has=page.locator(f"a[href='/topics/{today.topic_id}/#s-session']")).count()
        == 1
    )
    assert page.locator(f"#line-session_attended{record.pk}").count() == 1
    assert "参加市政协专题培训" not in page.content()  # the reason stays with the office
    assert page.locator("main li", has_text="老旧小区加装电梯").count() == 1

"""Sign-in in a real Chromium: a leader sets up TOTP, signs out, signs in again with password
and code, and signs the minutes; ten wrong passwords lock `dept`; office staff unlock it.

Elements are found by field names and URLs, not by translated text.
"""

import base64

import pytest
from django_otp.oath import totp

from audit.models import Action, AuditEvent
from consultations.models import SignOff
from tests.cast import Cast
from tests.workflow import advance

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBMIT = "main form button[type=submit].primary"


def code(secret, steps_ahead=0):
    """What the authenticator app shows (`steps_ahead` periods of 30 s later: django-otp
    accepts the next period too, and never the same period twice)."""
    key = base64.b32decode(secret.replace(" ", ""))
    return f"{totp(key, t0=-30 * steps_ahead):06d}"


def fill_login(page, live_server, username, password):
    page.goto(f"{live_server.url}/login/")
    form = page.locator("main form").first
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_a_leader_enrols_signs_in_with_a_code_and_signs_minutes(page, live_server, login):
    cast = Cast()
    topic = advance(cast.topic(), "minutes_submitted", cast=cast)
    leader = cast.leader_a
    login(page, leader)

    # Set up the authenticator from the account page.
    page.goto(f"{live_server.url}/accounts/")
    with page.expect_navigation():
        page.locator("a[href='/accounts/second-factor/']").click()
    assert page.locator("img.qr-code").get_attribute("src").startswith("data:image/svg+xml")
    secret = page.get_by_test_id("otp-secret").inner_text()
    page.locator("input[name=otp_token]").fill(code(secret))
    with page.expect_navigation():
        page.locator(SUBMIT).click()
    assert page.locator("ul.backup-codes li").count() == 10

    # Sign out (a POST from the header), then in again: the code is asked after the password.
    with page.expect_navigation():
        page.locator("header form[action='/logout/'] button").click()
    fill_login(page, live_server, leader.username, PASSWORD)
    assert page.url.startswith(f"{live_server.url}/accounts/verify/"), page.url
    page.goto(f"{live_server.url}/topics/")
    assert page.url.startswith(f"{live_server.url}/accounts/verify/")
    page.locator("input[name=otp_token]").fill(code(secret, steps_ahead=1))
    with page.expect_navigation():
        page.locator(SUBMIT).click()
    assert page.url == f"{live_server.url}/topics/", page.url

    # Sign the minutes: the code was just given, so it is not asked again.
    page.goto(f"{live_server.url}/topics/{topic.pk}/minutes/sign/")
    assert page.locator("input[name=otp_token]").count() == 0
    page.locator("input[name=decision][value=approve]").check()
    page.locator("textarea[name=opinion]").fill("同意。请区住建局牵头落实。")
    with page.expect_navigation():
        page.locator("main form.card button[type=submit]").click()
    assert page.url.split("#")[0] == f"{live_server.url}/topics/{topic.pk}/"
    assert SignOff.objects.filter(leader=leader, version__minutes__topic=topic).exists()


def test_ten_wrong_passwords_lock_dept_and_office_staff_unlock_it(
    browser, context, page, live_server, login
):
    cast = Cast()
    office, dept = cast.office, cast.department_user
    # Office staff are at work already (the lockout also covers the address they share).
    office_context = browser.new_context(locale="zh-CN")
    office_page = office_context.new_page()
    login(office_page, office)

    for _attempt in range(10):
        fill_login(page, live_server, dept.username, "wrong-Password-1")
    assert page.locator(".form-errors").count() == 1
    fill_login(page, live_server, dept.username, PASSWORD)  # the right one: refused now
    assert page.url.startswith(f"{live_server.url}/login/")
    assert page.locator("input[name=password]").count() == 0  # the lockout page, no form

    office_page.goto(f"{live_server.url}/accounts/lockouts/")
    assert office_page.locator("input[name=address][value='127.0.0.1']").count() == 1
    with office_page.expect_navigation():
        office_page.locator(
            f"form:has(input[name=username][value='{dept.username}']) button"
        ).click()
    assert office_page.locator(".message-success").count() == 1
    # Those failures were all dept's: the address they came from is free again too.
    assert office_page.locator("input[name=username], input[name=address]").count() == 0
    office_context.close()
    assert AuditEvent.objects.filter(action=Action.LOCKOUT, username=dept.username).exists()
    assert AuditEvent.objects.filter(action=Action.LOCKOUT_LIFTED, user_id=office.pk).exists()

    login(page, dept)

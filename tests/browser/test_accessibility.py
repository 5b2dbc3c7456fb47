"""Every page, as the role that uses it: no serious or critical axe-core violation (WCAG 2.1
A and AA rules), and nothing wider than a 390 px phone screen.

Set BROWSER_SHOTS=/some/dir to also save a screenshot of each page at 1280 and 390 px.
"""

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from django.utils import timezone

from followup.services import (
    extension_request,
    follow_up_item_add,
    follow_up_item_verify,
    progress_report,
    satisfaction_rate,
)
from tests.cast import Cast
from tests.workflow import advance, prepare_step, submit_evaluation

from .conftest import AXE, DESKTOP, PHONE
from .duties_pages import DUTIES_PAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
BLOCKING = {"serious", "critical"}
SHOTS = os.environ.get("BROWSER_SHOTS")
# Pages checked after sending their form empty, so that the error messages are on them.
SENT_EMPTY = {"create-topic-errors", "public-submit-errors"}


def _item(topic, cast, *, reported=False):
    item = follow_up_item_add(
        topic=topic,
        actor=cast.office,
        task="制定管道燃气接入实施方案并完成一期施工",
        department=cast.department,
        due_on=timezone.localdate() + dt.timedelta(days=30),
    )
    if reported:
        progress_report(
            item=item,
            actor=cast.department_user,
            percent_done=100,
            text="一期管网已通气，156户居民用上管道燃气。",
            completed=True,
        )
    return item


def _topic(cast, state, **fields):
    return advance(cast.topic(**fields), state, cast=cast)


def _home(role, state):
    def build(cast):
        _topic(cast, state)
        if role == "proposer":
            cast.topic(title="老旧小区树木修剪加固", cosigners=[cast.member])
        if role == "department_user":
            topic = _topic(cast, "following_up", title="杜姚线二期沿线无路灯")
            _item(topic, cast)
        return getattr(cast, role), "/"

    return build


def _list(cast):
    for state, title in [
        ("draft", "慈城北部山区6个村未实现大管网供水"),
        ("proposed", "老旧小区加装电梯"),
        ("researching", "杜姚线二期沿线无路灯"),
        ("rejected", "城乡生活垃圾分类"),
        ("closed", "费市家苑小区12年未通管道燃气"),
    ]:
        _topic(cast, state, title=title)
    return cast.office, "/topics/"


def _detail(role):
    def build(cast):
        topic = _topic(cast, "closed")
        return getattr(cast, role), f"/topics/{topic.pk}/"

    return build


def _step(state, role, suffix, prepare=None):
    """The page `suffix` of a topic in `state`, as `role`; `prepare` adds records and URL parts."""

    def build(cast):
        topic = _topic(cast, state)
        parts = prepare(topic, cast) if prepare else {}
        return getattr(cast, role), f"/topics/{topic.pk}/" + suffix.format(**parts)

    return build


def _with_item(reported):
    def prepare(topic, cast):
        return {"item": _item(topic, cast, reported=reported).pk}

    return prepare


def _research_done(topic, cast):
    prepare_step(topic, "schedule_session", cast)
    return {}


def _items_verified(topic, cast):
    prepare_step(topic, "start_evaluation", cast)
    return {}


def _rated_and_extended(topic, cast):
    """A verified item rated by the proposer, and an open item with a pending extension request."""
    done = _item(topic, cast, reported=True)
    done = follow_up_item_verify(item=done, actor=cast.office)
    satisfaction_rate(
        item=done, actor=cast.proposer, level="basically_satisfied", comment="燃气已通，但施工扰民"
    )
    open_item = _item(topic, cast)
    extension = extension_request(
        item=open_item,
        actor=cast.department_user,
        due_on=open_item.due_on + dt.timedelta(days=30),
        reason="雨季施工受阻",
    )
    return {"done": done.pk, "item": open_item.pk, "extension": extension.pk}


def _submitted(topic, cast):
    assignment = topic.evaluation_assignments.get()
    submit_evaluation(assignment, cast.evaluator_user)
    return {"assignment": assignment.pk}


def _year_at_a_glance(path):
    def build(cast):
        _topic(cast, "closed", title="费市家苑小区12年未通管道燃气")
        _rated_and_extended(
            _topic(cast, "following_up", title="慈城北部山区6个村未实现大管网供水"), cast
        )
        return cast.office, path

    return build


CLOSING_THE_LOOP_PAGES = {
    "detail-following-proposer": _step("following_up", "proposer", "", _rated_and_extended),
    "detail-evaluating-evaluator": _step("evaluating", "evaluator_user", ""),
    "extension-request": _step(
        "following_up", "department_user", "items/{item}/extension/", _with_item(False)
    ),
    "extension-decide": _step(
        "following_up", "office", "items/{item}/extension/{extension}/", _rated_and_extended
    ),
    "rating": _step("following_up", "proposer", "items/{done}/rating/", _rated_and_extended),
    "reopen": _step("evaluating", "office", "evaluations/{assignment}/reopen/", _submitted),
    "dashboard": _year_at_a_glance("/dashboard/"),
    "assessment": _year_at_a_glance("/dashboard/assessment/"),
    "evaluation-methods": lambda cast: (cast.method and cast.office, "/evaluation-methods/"),
    "method-version": lambda cast: (
        cast.method and cast.office,
        f"/evaluation-methods/{cast.committee.pk}/new-version/",
    ),
}


def _with_deadlines(role, path):
    """An item due today, a topic whose research is overdue, and the reminders the sweep sends."""

    def build(cast):
        from notifications.sweep import reminders_sweep
        from topics.models import Topic

        cast.everyone()
        following = _topic(cast, "following_up", title="慈城北部山区6个村未实现大管网供水")
        follow_up_item_add(
            topic=following,
            actor=cast.office,
            task="完成6个村供水管网接入方案",
            department=cast.department,
            due_on=timezone.localdate(),
        )
        late = _topic(cast, "planned", title="助力畅通疫情下全区农产品销售渠道")
        Topic.objects.filter(pk=late.pk).update(
            deadline_on=timezone.localdate() - dt.timedelta(days=2)
        )
        reminders_sweep()
        return getattr(cast, role), path.format(topic=following.pk, committee=cast.committee.pk)

    return build


REMINDER_PAGES = {
    "notifications-inbox": _with_deadlines("department_user", "/notifications/"),
    "notifications-office": _with_deadlines("office", "/notifications/"),
    "notification-settings": lambda cast: (cast.department_user, "/notifications/settings/"),
    "deadline-policy": lambda cast: (cast.office, f"/deadlines/{cast.committee.pk}/"),
    "topic-list-deadlines": _with_deadlines("office", "/topics/"),
    "detail-item-due": _with_deadlines("department_user", "/topics/{topic}/"),
}


def _annual_reports(cast):
    """One report ready to download, one waiting for the worker (its progress bar shown)."""
    from documents.models import AnnualReport
    from documents.services import annual_report_build

    cast.everyone()
    year = timezone.localdate().year
    ready = AnnualReport.objects.create(
        committee=cast.committee, year=year - 1, requested_by=cast.office
    )
    annual_report_build(report_id=ready.pk)
    AnnualReport.objects.create(committee=cast.committee, year=year, requested_by=cast.leader)
    return cast.office, "/annual-reports/"


DOCUMENT_PAGES = {
    "minutes-version": _step("closed", "office", "minutes/v1/"),
    "verify-document": _step("following_up", "office", "documents/verify/"),
    "annual-reports": _annual_reports,
}


def _lockouts(cast):
    """An account and an address locked by failed sign-ins."""
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(
        username=cast.department_user.username,
        ip_address="10.0.0.9",
        user_agent="Mozilla/5.0",
        failures_since_start=10,
        get_data="",
        post_data="",
        http_accept="*/*",
        path_info="/login/",
    )
    return cast.office, "/accounts/lockouts/"


def _second_factor_reset(cast):
    """The security administrator has found a leader who has a second factor."""
    from django.contrib.auth.models import Group, Permission
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.people.factories import UserFactory

    TOTPDevice.objects.create(user=cast.leader_a, name="authenticator", confirmed=True)
    group, _ = Group.objects.get_or_create(name="安全管理员")
    group.permissions.add(Permission.objects.get(codename="reset_second_factor"))
    admin = UserFactory(committee=None, full_name="安全管理员")
    admin.groups.add(group)
    return admin, f"/accounts/second-factor/reset/?username={cast.leader_a.username}"


ACCOUNT_PAGES = {
    "account-security": lambda cast: (cast.office, "/accounts/"),
    "password-change": lambda cast: (cast.member, "/accounts/password/"),
    "password-reset": lambda cast: (None, "/accounts/password/reset/"),
    "second-factor-enrol": lambda cast: (cast.leader_a, "/accounts/second-factor/"),
    "my-sessions": lambda cast: (cast.member, "/accounts/sessions/"),
    "lockouts": _lockouts,
    "second-factor-reset": _second_factor_reset,
}


def _public(role, path, *, closed=False):
    """A page of the public's side: `path` is formatted with the committee, a published
    topic (closed or planned), a submission and its tracking code, and a reception day."""

    def build(cast):
        from public.services import submission_reply, topic_publication_save
        from tests.public.factories import ReceptionDayFactory, SubmissionFactory

        cast.everyone()
        title = "费市家苑小区12年未通管道燃气" if closed else "杜姚线二期沿线无路灯"
        topic = _topic(cast, "closed" if closed else "planned", title=title)
        topic_publication_save(
            topic=topic,
            actor=cast.office,
            published=True,
            problem="小区建成12年未通管道燃气，居民长期使用瓶装液化气。",
            agreed="各部门商定管线走向和费用分担。",
            outcome="管道燃气已接通入户。" if closed else "",
        )
        day = ReceptionDayFactory(committee=cast.committee, members=[cast.member, cast.proposer])
        submission = SubmissionFactory(committee=cast.committee, reception_day=day)
        submission_reply(submission=submission, actor=cast.office, text="已收到，正在核实。")
        user = None if role is None else getattr(cast, role)
        return user, path.format(
            committee=cast.committee.pk,
            topic=topic.pk,
            submission=submission.pk,
            code=submission.code,
            day=day.pk,
        )

    return build


PUBLIC_PAGES = {
    "public-landing": _public(None, "/public/{committee}/", closed=True),
    "public-topic": _public(None, "/public/{committee}/topics/{topic}/", closed=True),
    "public-submit": _public(None, "/public/{committee}/submit/"),
    "public-submit-errors": _public(None, "/public/{committee}/submit/"),
    "public-track-form": _public(None, "/public/{committee}/track/"),
    "public-track": _public(None, "/public/{committee}/track/{code}/"),
    "public-poster": _public(None, "/public/{committee}/poster/{day}/"),
    "public-hub-office": _public("office", "/public/office/"),
    "public-hub-member": _public("member", "/public/office/"),
    "public-inbox": _public("office", "/public/office/{committee}/submissions/?state=all"),
    "public-submission": _public("office", "/public/office/{committee}/submissions/{submission}/"),
    "public-accept": _public(
        "office", "/public/office/{committee}/submissions/{submission}/accept/"
    ),
    "public-refer": _public("office", "/public/office/{committee}/submissions/{submission}/refer/"),
    "public-record": _public("member", "/public/office/{committee}/reception-days/{day}/record/"),
    "public-reception-days": _public("office", "/public/office/{committee}/reception-days/"),
    "public-reception-day-new": _public("office", "/public/office/{committee}/reception-days/new/"),
    "public-publish": _public("office", "/public/office/{committee}/topics/{topic}/publish/"),
}


def _audit_log(cast):
    """The audit administrator's search page with a few rows (security branch)."""
    from audit.models import Action, Outcome
    from audit.services import audit_record
    from people.administrators import AdministratorRole
    from tests.people.factories import administrator

    topic = cast.topic(title="老旧小区加装电梯")
    audit_record(Action.DOWNLOAD, user=cast.office, obj=topic, detail="纪要.pdf")
    audit_record(Action.ACCESS_REFUSED, user=cast.member, obj=topic, outcome=Outcome.REFUSED)
    return administrator(AdministratorRole.AUDIT), "/audit/"


PAGES = {
    "login": lambda cast: (None, "/login/"),
    "home-office": _home("office", "researching"),
    "home-member": _home("proposer", "researching"),
    "home-chair": _home("chair", "proposed"),
    "home-leader": _home("leader_a", "minutes_submitted"),
    "home-department": _home("department_user", "closed"),
    "home-evaluator": _home("evaluator_user", "evaluating"),
    "topic-list": _list,
    "detail-closed-office": _detail("office"),
    "detail-closed-department": _detail("department_user"),
    "create-topic": lambda cast: (cast.proposer, "/topics/new/"),
    "create-topic-errors": lambda cast: (cast.proposer, "/topics/new/"),
    "research-plan": _step("planned", "office", "plan/"),
    "research-activity": _step("researching", "proposer", "activities/new/"),
    "research-report": _step("researching", "proposer", "report/"),
    "session-schedule": _step("researching", "office", "session/schedule/", _research_done),
    "session-record": _step("session_scheduled", "office", "session/record/"),
    "minutes": _step("deliberated", "office", "minutes/"),
    "sign-off": _step("minutes_submitted", "leader_a", "minutes/sign/"),
    "item-add": _step("following_up", "office", "items/new/"),
    "item-report": _step(
        "following_up", "department_user", "items/{item}/report/", _with_item(False)
    ),
    "item-review": _step("following_up", "office", "items/{item}/review/", _with_item(True)),
    "commission": _step("following_up", "office", "commission/", _items_verified),
    "score": _step("evaluating", "evaluator_user", "score/"),
    **CLOSING_THE_LOOP_PAGES,
    **REMINDER_PAGES,
    **DOCUMENT_PAGES,
    **ACCOUNT_PAGES,
    **PUBLIC_PAGES,
    "audit-log": _audit_log,
    **DUTIES_PAGES,
}


def _calendar(view):
    def prepare(cast):
        item = _item(_topic(cast, "following_up"), cast)
        return cast.office, f"/calendar/?view={view}&month={item.due_on:%Y-%m}"

    return prepare


PAGES |= {
    "calendar-month": _calendar("month"),
    "calendar-list": _calendar("list"),
    "calendar-subscription": lambda cast: (cast.member, "/calendar/feed/"),
    "api-tokens": lambda cast: (cast.department_user, "/api/tokens/"),
}


@pytest.fixture(scope="module", autouse=True)
def _axe_installed():
    if not AXE.exists():
        pytest.fail(
            f"{AXE} is missing: run `npm ci --no-audit --no-fund` (or `make test`)", pytrace=False
        )


def axe_violations(page):
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: the page's Content-Security-Policy, which
        # refuses inline scripts, rightly refuses a <script> tag added to it.
        page.evaluate(AXE.read_text())
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [violation for violation in results["violations"] if violation["impact"] in BLOCKING]


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:8]:
            lines.append(
                f"    {json.dumps(node['target'], ensure_ascii=False)}  "
                f"{node['failureSummary'][:200]!r}"
            )
    return "\n".join(lines)


OVERFLOWING = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
  .slice(0, 10).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.className && typeof el.className === 'string'
       ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
    + ' right=' + Math.round(el.getBoundingClientRect().right))"""


def shoot(page, name, width):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("name", list(PAGES))
def test_page_is_accessible_and_fits_a_phone(name, page, live_server, login):
    cast = Cast()
    user, path = PAGES[name](cast)
    if user is not None:
        login(page, user)
    response = page.goto(live_server.url + path)
    assert response.status == 200, f"{path}: HTTP {response.status}"
    assert page.url == live_server.url + path, f"{path} redirected to {page.url}"
    if name in SENT_EMPTY:
        page.locator("input[name=title]").fill("")
        with page.expect_navigation():
            page.locator("main form button[type=submit].primary").click()
        assert page.locator(".form-errors").count() == 1
    assert page.locator("main h1").count() == 1

    page.set_viewport_size(DESKTOP)
    violations = axe_violations(page)
    shoot(page, name, DESKTOP["width"])
    assert not violations, f"axe on {path} ({name}):\n{describe(violations)}"

    page.set_viewport_size(PHONE)
    violations = axe_violations(page)
    assert not violations, f"axe on {path} ({name}) at {PHONE['width']} px:\n{describe(violations)}"
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    shoot(page, name, PHONE["width"])
    assert widths[0] <= widths[1], (
        f"{path} ({name}) is {widths[0]} px wide at {widths[1]} px: {page.evaluate(OVERFLOWING)}"
    )

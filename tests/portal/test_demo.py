"""The demo (`seed_demo`): it loads on the test database, every case ends where the README's
table says, it loads once, its clock moves every timestamp, and `portal` needs no
development package at run time."""

import ast
import datetime as dt
import importlib.metadata
import json
import os
import subprocess
import sys
import tomllib
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from packaging.requirements import Requirement
from simple_history.models import HistoricalRecords

from consultations.models import SignOff
from evaluations.models import EvaluationAssignment
from followup.models import ExtensionRequest, FollowUpItem
from notifications.models import Kind, Notification
from people.models import User
from people.roles import Role
from portal.demo.clock import Clock
from portal.driver import Driver
from topics.models import State, Topic

ROOT = Path(settings.BASE_DIR)

# The README's table of demo cases (section “Demo logins”), topic: state.
README_STATES = {
    "费市家苑小区12年未通管道燃气": State.CLOSED,
    "调解员队伍建设": State.EVALUATING,
    "慈城北部山区6个村未实现大管网供水": State.FOLLOWING_UP,
    "杜姚线二期沿线无路灯": State.MINUTES_SUBMITTED,
    "老旧小区加装电梯": State.DELIBERATED,
    "老旧小区改造": State.SESSION_SCHEDULED,
    "老旧小区树木修剪加固": State.RESEARCHING,
    "助力畅通疫情下全区农产品销售渠道": State.PLANNED,
    "“四好”农村路建设": State.PLANNED,
    "农村医疗改善": State.PLANNED,
    "便民设施提升": State.REJECTED,
    "城乡生活垃圾分类": State.PROPOSED,
    "居家养老服务": State.DRAFT,
}

# The README's table of demo logins: username, role, department or evaluator organisation.
README_LOGINS = [
    ("office", Role.OFFICE_STAFF, None),
    ("member", Role.MEMBER, None),
    ("member2", Role.MEMBER, None),
    ("member3", Role.MEMBER, None),
    ("member4", Role.MEMBER, None),
    ("chair", Role.CHAIR_MEETING, None),
    ("leader", Role.LEADER, None),
    ("dept", Role.DEPARTMENT, "区住建局"),
    ("dept2", Role.DEPARTMENT, "区综合行政执法局"),
    ("gas", Role.DEPARTMENT, "燃气公司"),
    ("cicheng", Role.DEPARTMENT, "慈城镇"),
    ("sifa", Role.DEPARTMENT, "区司法局"),
    ("evaluator", Role.EVALUATOR, "宁波市民意调查中心"),
]


def seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module's tests and rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = seed_demo()
        yield output
        transaction.set_rollback(True)


def topic(title) -> Topic:
    return Topic.objects.get(committee__name="江北区政协", title=title)


@pytest.mark.slow
def test_the_demo_loads_every_case(demo, db):
    assert "14 topics (13 created now, 0 already present)" in demo
    states = dict(Topic.objects.values_list("title", "state"))
    # and the topic office staff accepted from a problem raised online (portal/demo/public.py)
    assert states == README_STATES | {"慈城北部山区公交线路优化": State.DRAFT}


@pytest.mark.slow
def test_the_closed_gas_case_has_every_stage(demo, db):
    gas = topic("费市家苑小区12年未通管道燃气")

    activities = gas.research_activities.all()
    assert activities.count() == 12
    assert {activity.kind for activity in activities} == {"visit", "symposium"}
    days = sorted(activity.held_on for activity in activities)
    assert days[-1] - days[0] >= dt.timedelta(days=90)  # three months and more
    assert gas.research_report.preliminary_solution
    assert gas.session.consensus_points.count() == 5

    returned, signed = gas.minutes.versions.order_by("number")
    assert list(returned.sign_offs.values_list("decision", flat=True)) == [SignOff.Decision.RETURN]
    assert list(signed.sign_offs.values_list("decision", flat=True)) == [SignOff.Decision.APPROVE]
    assert gas.minutes.text == signed.text != returned.text

    items = gas.follow_up_items.all()
    assert [item.state for item in items] == [FollowUpItem.State.VERIFIED] * 3

    result = gas.evaluation_result
    assert (result.score, result.grade) == (Decimal("93.50"), "excellent")
    assert gas.transitions.latest("at").transition == "close"


@pytest.mark.slow
def test_the_other_cases_are_as_the_readme_tells(demo, db):
    mediators = topic("调解员队伍建设")
    assert mediators.year == timezone.localdate().year - 1
    assignment = EvaluationAssignment.objects.get(topic=mediators)
    assert assignment.evaluator.name == "宁波市民意调查中心"
    assert (assignment.state, assignment.total) == (EvaluationAssignment.State.ASSIGNED, None)

    water = topic("慈城北部山区6个村未实现大管网供水")
    states = sorted(water.follow_up_items.values_list("state", flat=True))
    assert states == ["assigned"] * 3 + ["reported_done"]
    overdue = water.follow_up_items.filter(state="assigned", due_on__lt=timezone.localdate())
    assert overdue.count() == 1
    request = ExtensionRequest.objects.get(item__topic=water)
    assert (request.state, request.requested_by.username) == ("pending", "dept")
    assert request.requested_due_on - request.current_due_on == dt.timedelta(days=30)

    lights = topic("杜姚线二期沿线无路灯")
    version = lights.minutes.versions.get()
    assert list(version.leaders.values_list("username", flat=True)) == ["leader"]
    assert not version.sign_offs.exists()

    elevators = topic("老旧小区加装电梯")
    assert elevators.minutes.text and not elevators.minutes.versions.exists()

    starts_at = topic("老旧小区改造").session.starts_at
    assert timezone.now() < starts_at < timezone.now() + dt.timedelta(days=7)

    assert topic("便民设施提升").rejection_reason
    unconfirmed = topic("居家养老服务").proposers.filter(confirmed_at__isnull=True)
    assert list(unconfirmed.values_list("member__username", flat=True)) == ["member2"]


@pytest.mark.slow
def test_every_demo_login_exists_with_its_role(demo, db):
    for username, role, organisation in README_LOGINS:
        user = User.objects.get(username=username)
        assert user.check_password("demo12345"), username
        [membership] = user.memberships.select_related("committee", "department", "evaluator")
        assert (membership.committee.name, membership.role) == ("江北区政协", role), username
        found = membership.department or membership.evaluator
        assert (found.name if found else None) == organisation, username
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("demo12345")
    for username, group in [
        ("sysadmin", "系统管理员"),
        ("secadmin", "安全管理员"),
        ("auditor", "审计管理员"),
    ]:
        user = User.objects.get(username=username)
        assert user.check_password("demo12345") and user.is_staff and not user.is_superuser
        assert [g.name for g in user.groups.all()] == [group], username


@pytest.mark.slow
def test_a_second_run_changes_nothing(demo, db):
    def counts():
        return {
            model._meta.label: model._default_manager.count()
            for model in apps.get_models(include_auto_created=True)
        }

    before = counts()
    output = seed_demo()

    assert "14 topics (0 created now, 13 already present)" in output
    assert counts() == before


# The demo clock


def test_the_clock_moves_every_timestamp_and_names_the_actor(cast):
    clock = Clock()
    moment = clock.moment(40, 9, 30)
    driver = Driver(cast)

    with clock.at(moment, cast.proposer):
        assert timezone.localdate() == clock.day(40)
        created = driver.create(
            cast.proposer,
            committee=cast.committee,
            cosigners=[cast.member],
            title="老旧小区加装电梯",
            description="加装电梯",
            category=Topic.Category.OLD_COMMUNITIES,
            channel=Topic.Channel.MEMBER,
            year=clock.day(40).year,
        )

    assert not hasattr(HistoricalRecords.context, "request")
    assert abs(timezone.now() - clock.now) < dt.timedelta(minutes=1)  # the real time again
    topic = Topic.objects.get(pk=created.pk)
    history = topic.history.get()
    notification = Notification.objects.get(topic=topic, kind=Kind.COSIGN_REQUESTED)
    moments = {
        "created_at": topic.created_at,
        "updated_at": topic.updated_at,
        "history_date": history.history_date,
        "notification": notification.created_at,
        "next_attempt_at": notification.next_attempt_at,
    }
    for name, value in moments.items():
        assert moment <= value < moment + dt.timedelta(minutes=1), name
    assert history.history_user == cast.proposer
    assert notification.due_on == clock.day(40)


def test_actions_at_one_moment_keep_their_order(cast):
    clock = Clock()
    moment = clock.moment(3, 11)
    seen = []
    for _ in range(3):
        with clock.at(moment, cast.office):
            seen.append(timezone.now())
    assert seen == sorted(seen) and len(set(seen)) == 3


def test_the_clock_refuses_a_moment_to_come(cast):
    clock = Clock()
    with pytest.raises(ValueError, match="future"), clock.at(clock.moment(-1), cast.office):
        pass


# No development package at run time


# Faker comes with factory-boy; the tests' factories use it, nothing else does.
ALSO_DEV_ONLY = {"faker"}


def dev_only_modules() -> set[str]:
    """Top-level modules of the distributions the `dev` extra of pyproject.toml names."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    dev = {
        Requirement(text).name.lower().replace("_", "-")
        for text in project["optional-dependencies"]["dev"]
    }
    return ALSO_DEV_ONLY | {
        module
        for module, owners in importlib.metadata.packages_distributions().items()
        if any(owner.lower().replace("_", "-") in dev for owner in owners)
    }


def test_the_dev_extra_is_known():
    assert {"time_machine", "factory", "faker", "pytest"} <= dev_only_modules()


def test_portal_source_imports_no_dev_package():
    forbidden = dev_only_modules()
    found = []
    for path in sorted((ROOT / "portal").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            found += [
                f"{path.relative_to(ROOT)}:{node.lineno} {name}"
                for name in names
                if name.split(".")[0] in forbidden
            ]
    assert found == []


def test_importing_all_of_portal_loads_no_dev_package():
    """Every module under portal/, imported in a fresh interpreter, pulls in none either."""
    script = """
import importlib, json, pkgutil, sys
import django
django.setup()
import portal
for module in pkgutil.walk_packages(portal.__path__, "portal."):
    importlib.import_module(module.name)
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""
    environment = os.environ | {"DJANGO_SETTINGS_MODULE": "config.settings.test"}
    loaded = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert set(json.loads(loaded)) & dev_only_modules() == set()


@pytest.mark.slow
def test_the_demo_fills_a_year_of_duties(demo, db):
    from django.utils import timezone

    from duties.models import Dispute, LeaveRequest, LineKind, ScoringRule
    from duties.selectors import duty_record
    from people.models import User

    year = timezone.localdate().year
    assert list(ScoringRule.objects.values_list("version", "from_year")) == [
        (2, year),
        (1, year - 1),
    ]
    record = duty_record(User.objects.get(username="member"), year)
    assert record.rule.version == 2
    counted = {total.kind: total.count for total in record.totals}
    assert counted[LineKind.PROPOSED] >= 1
    assert counted[LineKind.RESEARCH] >= 1
    assert counted[LineKind.SESSION_ATTENDED] >= 1
    assert counted[LineKind.RECEPTION_DAY] >= 1
    assert record.points > 0
    assert sorted(Dispute.objects.values_list("state", flat=True)) == ["accepted", "open"]
    assert LeaveRequest.objects.filter(state="pending", member__username="member3").exists()

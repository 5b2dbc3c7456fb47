"""A role belongs to a membership: it counts in its own committee and nowhere else."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from followup.services import follow_up_item_add
from people.models import Membership
from people.roles import Role
from tests.cast import Cast
from tests.helpers import assert_unchanged, db_state
from tests.people.factories import DepartmentFactory, UserFactory, grant
from tests.workflow import advance, today
from topics.services import cosignature_confirm

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_committees():
    """`office` is office staff in committee A and reports for a department in committee B."""
    a, b = Cast(), Cast()
    a.everyone(), b.everyone()
    person = UserFactory(role=Role.OFFICE_STAFF, committee=a.committee, username="double")
    grant(person, b.committee, Role.DEPARTMENT, department=b.department)
    return a, b, person


def test_office_staff_of_one_committee_are_no_office_in_another(client, two_committees):
    a, b, person = two_committees
    topic_b = advance(b.topic(), "planned", cast=b)
    proposed_b = advance(b.topic(title="乙会待审议题"), "proposed", cast=b)
    client.force_login(person)
    before = db_state()
    office_pages = [
        reverse("research:start", args=[topic_b.pk]),
        reverse("topics:transition", args=[proposed_b.pk, "approve"]),
        reverse("topics:reject", args=[proposed_b.pk]),
        reverse("deadlines:policy", args=[b.committee.pk]),
        reverse("evaluation_methods:new_version", args=[b.committee.pk]),
    ]
    for url in office_pages:
        assert client.get(url).status_code in (403, 404), url
        assert client.post(url, {"expected_state": "planned"}).status_code in (403, 404), url
    assert client.get(topic_b.get_absolute_url()).status_code == 404
    assert_unchanged(before)
    assert not person.has_perm("topics.run_process", topic_b)
    # In committee A the same person is office staff.
    topic_a = advance(a.topic(), "planned", cast=a)
    assert person.has_perm("topics.run_process", topic_a)
    assert client.get(reverse("research:start", args=[topic_a.pk])).status_code == 200


def test_a_department_role_in_one_committee_sees_only_its_items_there(client, two_committees):
    a, b, person = two_committees
    topic_b = advance(b.topic(), "following_up", cast=b)
    other = DepartmentFactory(committee=b.committee, name="乙会另一部门")
    mine, theirs = (
        follow_up_item_add(
            topic=topic_b, actor=b.office, task=task, department=department, due_on=today()
        )
        for task, department in (("本部门的任务", b.department), ("另一部门的任务", other))
    )
    client.force_login(person)
    page = client.get(topic_b.get_absolute_url()).content.decode()
    assert mine.task in page and theirs.task not in page
    assert "燃气管网距小区仅800米" not in page  # the research stays with the readers of B


def test_the_home_page_and_dashboard_count_only_the_committees_of_each_role(client, two_committees):
    a, b, person = two_committees
    advance(b.topic(title="乙会计划议题"), "planned", cast=b)
    advance(a.topic(title="甲会计划议题"), "planned", cast=a)
    client.force_login(person)
    home = client.get(reverse("portal:home")).content.decode()
    assert "甲会计划议题" in home and "乙会计划议题" not in home
    dashboard = client.get(reverse("dashboard:index"))
    assert list(dashboard.context["scope"].committee_ids) == [a.committee.pk]


def test_a_membership_names_a_department_or_evaluator_of_its_own_committee():
    a, b = Cast(), Cast()
    person = UserFactory(committee=None)
    wrong = Membership(
        user=person, committee=a.committee, role=Role.DEPARTMENT, department=b.department
    )
    with pytest.raises(ValidationError) as error:
        wrong.full_clean()
    assert "department" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        Membership(user=person, committee=a.committee, role=Role.EVALUATOR).full_clean()
    assert "evaluator" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=person, committee=a.committee, role=Role.DEPARTMENT)


def test_drafts_are_seen_only_by_their_proposers_cosigners_and_office(client):
    cast = Cast()
    cast.everyone()
    cosigner = UserFactory(role=Role.MEMBER, committee=cast.committee)
    draft = cast.topic(title="居家养老服务", cosigners=[cosigner])
    url = draft.get_absolute_url()
    for user, status in [
        (cast.proposer, 200),
        (cosigner, 200),
        (cast.office, 200),
        (cast.member, 404),
        (cast.chair, 404),
        (cast.leader, 404),
        (cast.department_user, 404),
        (cast.evaluator_user, 404),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status, user
        listed = client.get(reverse("topics:list")).content.decode()
        assert ("居家养老服务" in listed) == (status == 200), user
    # Once submitted, the committee's readers see it.
    cosignature_confirm(topic=draft, member=cosigner)
    submitted = advance(draft, "proposed", cast=cast)
    client.force_login(cast.member)
    assert client.get(submitted.get_absolute_url()).status_code == 200

"""What the security audit log records: every document or file handed out, every export,
every refused access (403, and 404 on a record that exists), and every change of a role or a
permission; and what it does not: an address or a number that does not exist."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import Action, AuditEvent, Outcome
from followup.services import follow_up_item_add, progress_report
from people.administrators import AdministratorRole
from people.models import Membership
from people.roles import Role
from tests.people.admin_forms import admin_form_data
from tests.people.factories import UserFactory, administrator, grant
from tests.workflow import advance, today
from topics.models import State

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"
    b"\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
BROWSER = {"REMOTE_ADDR": "10.1.2.3", "HTTP_USER_AGENT": "Mozilla/5.0 (审计测试)"}


def rows(action):
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


@pytest.fixture
def following_up(cast, django_capture_on_commit_callbacks):
    cast.everyone()
    with django_capture_on_commit_callbacks(execute=True):
        topic = advance(cast.topic(title="费市家苑通气"), State.FOLLOWING_UP, cast=cast)
    item = follow_up_item_add(
        topic=topic,
        actor=cast.office,
        task="完成一期管网施工",
        department=cast.department,
        due_on=today(),
    )
    progress_report(
        item=item,
        actor=cast.department_user,
        percent_done=50,
        text="施工中",
        completed=False,
        files=[SimpleUploadedFile("现场.png", PNG, content_type="image/png")],
    )
    return topic, item.reports.get().evidence.get()


def test_every_document_and_file_handed_out_is_recorded(client, cast, following_up):
    topic, evidence = following_up
    version = topic.minutes.current_version
    client.force_login(cast.leader_a)
    urls = [
        reverse("documents:minutes_pdf", args=[topic.pk, version.number]),
        reverse("documents:minutes_signed_pdf", args=[topic.pk, version.number]),
        reverse("documents:minutes_docx", args=[topic.pk, version.number]),
        reverse("documents:research_report_pdf", args=[topic.pk]),
        reverse("portal:download", args=["evidence", evidence.pk]),
    ]
    for url in urls:
        response = client.get(url, **BROWSER)
        assert response.status_code == 200, url
    downloads = rows(Action.DOWNLOAD)
    assert [(row.object_type, row.object_id) for row in downloads] == [
        ("consultations.minutesversion", str(version.pk)),
        ("consultations.minutesversion", str(version.pk)),
        ("consultations.minutesversion", str(version.pk)),
        ("topics.topic", str(topic.pk)),
        ("followup.evidence", str(evidence.pk)),
    ]
    for row in downloads:
        assert (row.user_id, row.username) == (cast.leader_a.pk, cast.leader_a.username)
        assert (row.source_address, row.user_agent) == ("10.1.2.3", "Mozilla/5.0 (审计测试)")
        assert row.outcome == Outcome.SUCCESS and row.at is not None
    assert downloads[1].detail.endswith("-签批件.pdf") and downloads[2].detail.endswith(".docx")
    assert downloads[4].detail == "现场.png"


def test_a_page_that_only_shows_records_nothing(client, cast, following_up):
    topic, _evidence = following_up
    client.force_login(cast.leader_a)
    assert client.get(topic.get_absolute_url()).status_code == 200
    assert not rows(Action.DOWNLOAD) and not rows(Action.ACCESS_REFUSED)


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("dashboard:topics_export", "state=following_up"),
        ("dashboard:export", ""),
        ("dashboard:assessment_export", ""),
    ],
)
def test_every_excel_export_is_recorded_with_its_filters(client, cast, following_up, name, query):
    client.force_login(cast.office)
    response = client.get(f"{reverse(name)}?{query}", **BROWSER)
    assert response.status_code == 200
    (row,) = rows(Action.EXPORT)
    assert row.username == cast.office.username and row.source_address == "10.1.2.3"
    assert row.object_repr.endswith(".xlsx") and row.detail == query


def test_a_record_hidden_from_the_user_is_a_refused_access(client, cast, following_up):
    topic, evidence = following_up
    outsider = cast.other("member")
    client.force_login(outsider)
    for url in [
        topic.get_absolute_url(),
        reverse("documents:minutes_pdf", args=[topic.pk, 1]),
        reverse("portal:download", args=["evidence", evidence.pk]),
    ]:
        assert client.get(url, **BROWSER).status_code == 404, url
    refused = rows(Action.ACCESS_REFUSED)
    assert [(row.object_type, row.object_id) for row in refused] == [
        ("topics.topic", str(topic.pk)),
        ("topics.topic", str(topic.pk)),
        ("followup.evidence", str(evidence.pk)),
    ]
    for row in refused:
        assert row.outcome == Outcome.REFUSED and row.user_id == outsider.pk
        assert row.detail.startswith("404 GET /") and row.source_address == "10.1.2.3"
    assert not rows(Action.DOWNLOAD)


def test_a_forbidden_page_is_a_refused_access(client, cast, following_up):
    topic, _evidence = following_up
    client.force_login(cast.member)
    url = reverse("followup:item_add", args=[topic.pk])
    assert client.get(url).status_code == 403
    (row,) = rows(Action.ACCESS_REFUSED)
    assert row.outcome == Outcome.REFUSED and row.username == cast.member.username
    assert row.detail == f"403 GET {url}" and row.object_repr == f"followup:item_add pk={topic.pk}"


def test_a_forbidden_admin_page_is_a_refused_access(client):
    client.force_login(administrator(AdministratorRole.SYSTEM))
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 403
    (row,) = rows(Action.ACCESS_REFUSED)
    assert row.detail.startswith("403 GET /admin/audit/auditevent/")


def test_another_committees_office_page_is_a_refused_access(client, cast):
    client.force_login(cast.office)
    elsewhere = cast.other_committee
    url = reverse("public:reception_days", args=[elsewhere.pk])
    assert client.get(url).status_code == 404
    (row,) = rows(Action.ACCESS_REFUSED)
    assert (row.object_type, row.object_id) == ("people.committee", str(elsewhere.pk))


def test_what_does_not_exist_is_no_refused_access(client, cast, following_up):
    topic, evidence = following_up
    client.force_login(cast.office)
    for url in [
        "/no-such-page/",
        reverse("topics:detail", args=[topic.pk + 1000]),
        reverse("portal:download", args=["evidence", evidence.pk + 1000]),
        reverse("portal:download", args=["unknown", 1]),
    ]:
        assert client.get(url).status_code == 404, url
    assert not rows(Action.ACCESS_REFUSED)


def test_the_right_user_is_not_refused(client, cast, following_up):
    topic, evidence = following_up
    client.force_login(cast.department_user)
    assert client.get(reverse("portal:download", args=["evidence", evidence.pk])).status_code == 200
    assert client.get(topic.get_absolute_url()).status_code == 200
    assert not rows(Action.ACCESS_REFUSED)


def test_memberships_given_changed_and_taken_are_recorded(cast):
    person = UserFactory(committee=None, username="newcomer")
    membership = grant(person, cast.committee, Role.MEMBER)
    membership.role = Role.LEADER
    membership.save()
    membership.delete()
    changes = rows(Action.ROLE_CHANGE)
    assert [row.detail.split(":")[0] for row in changes] == [
        "membership given",
        "membership changed",
        "membership taken",
    ]
    assert all(row.object_id == str(person.pk) for row in changes)
    assert "Leader" in changes[1].detail or "领导" in changes[1].detail


def test_groups_permissions_and_flags_are_recorded():
    person = UserFactory(committee=None, username="staffer")
    group = Group.objects.get(name=AdministratorRole.AUDIT.value)
    permission = Permission.objects.get(codename="view_committee")
    person.groups.add(group)
    group.user_set.remove(person)
    person.user_permissions.add(permission)
    person.user_permissions.clear()
    helpers = Group.objects.create(name="临时组")
    helpers.permissions.add(permission)
    person.is_staff = True
    person.save()
    details = [(row.object_repr, row.detail) for row in rows(Action.ROLE_CHANGE)]
    assert details == [
        (str(person), f"groups added: {group}"),
        (str(person), f"groups removed: {group}"),
        (str(person), f"permissions added: {permission}"),
        (str(person), f"permissions removed: {permission}"),
        ("临时组", f"permissions added: {permission}"),
        (str(person), "flags: is_staff=True"),
    ]


def test_a_sign_in_or_a_profile_edit_is_no_role_change(client, cast):
    person = cast.member
    before = len(rows(Action.ROLE_CHANGE))
    client.force_login(person)  # writes last_login with update_fields
    person.email = "new@example.org"
    person.save()
    assert len(rows(Action.ROLE_CHANGE)) == before


def test_a_role_given_in_the_admin_names_the_security_administrator(client, cast):
    security = administrator(AdministratorRole.SECURITY)
    person = UserFactory(committee=None, username="wang")
    url = reverse("admin:people_user_change", args=[person.pk])
    client.force_login(security)
    page = client.get(url)
    data = admin_form_data(
        page,
        **{
            "memberships-TOTAL_FORMS": "1",
            "memberships-0-committee": cast.committee.pk,
            "memberships-0-role": Role.OFFICE_STAFF,
        },
    )
    # The last row so far (on PostgreSQL a primary key is not the row count: sequences move on).
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    assert client.post(url, data, **BROWSER).status_code == 302
    assert Membership.objects.filter(user=person).exists()
    (row,) = AuditEvent.objects.filter(pk__gt=before, action=Action.ROLE_CHANGE)
    assert (row.username, row.source_address) == (security.username, "10.1.2.3")
    assert row.object_repr == str(person) and row.detail.startswith("membership given")

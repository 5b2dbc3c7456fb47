"""Every triage step of a submission, by every role and by an anonymous visitor: office staff
of its committee can; everyone else is refused and nothing changes."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.workflow import TransitionRefused
from public.models import PublicReply, Submission
from public.services import (
    submission_accept,
    submission_decline,
    submission_merge,
    submission_refer,
    submission_reply,
)
from tests.helpers import assert_unchanged, db_state, refused
from tests.people.factories import CommitteeBodyFactory
from tests.public.factories import ReceptionDayFactory, SubmissionFactory
from topics.models import State, Topic

pytestmark = pytest.mark.django_db

STEPS = ("accept", "merge", "refer", "decline")
OTHERS = ["proposer", "member", "chair", "leader", "department_user", "evaluator_user"]


@pytest.fixture
def liaison(cast):
    return CommitteeBodyFactory(committee=cast.committee, kind="liaison", name="孔浦街道联委会")


def post_data(step, cast, liaison):
    return {
        "accept": {
            "title": "杜姚线二期沿线路灯建设",
            "description": "沿线无路灯，夜间出行不安全。",
            "category": "roads",
            "message": "",
        },
        "merge": {"topic": cast.topic(title="杜姚线二期沿线无路灯").pk, "message": ""},
        "refer": {"department": cast.department.pk, "note": "请核实后答复", "message": ""},
        "decline": {"reason": "该问题属于个人纠纷，建议通过人民调解解决。"},
    }[step] | {"expected_state": "received"}


def perform(step, submission, actor, cast, topic=None):
    if step == "accept":
        return submission_accept(
            submission=submission,
            actor=actor,
            title="杜姚线二期沿线路灯建设",
            description="沿线无路灯。",
            category="roads",
        )
    if step == "merge":
        return submission_merge(submission=submission, actor=actor, topic=topic or cast.topic())
    if step == "refer":
        return submission_refer(
            submission=submission, actor=actor, department=cast.department, note="请核实"
        )
    return submission_decline(submission=submission, actor=actor, reason="不属于协商范围。")


@pytest.mark.parametrize("step", STEPS)
def test_office_staff_take_each_step_on_its_page(
    client, cast, liaison, step, django_capture_on_commit_callbacks
):
    submission = SubmissionFactory(committee=cast.committee, email="zhang@example.org")
    client.force_login(cast.office)
    url = reverse("public:triage", args=[cast.committee.pk, submission.pk, step])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, post_data(step, cast, liaison))
    assert response.status_code == 302
    submission.refresh_from_db()
    assert (
        submission.state
        == {
            "accept": Submission.State.ACCEPTED,
            "merge": Submission.State.MERGED,
            "refer": Submission.State.REFERRED,
            "decline": Submission.State.DECLINED,
        }[step]
    )
    log = submission.transitions.get()
    assert (log.actor, log.transition, log.source) == (cast.office, step, "received")
    reply = submission.replies.get()
    assert submission.first_reply_at == reply.at
    assert reply.notified_at is not None
    assert [message.to for message in mail.outbox] == [["zhang@example.org"]]
    assert reply.text.splitlines()[0] in mail.outbox[0].body


def test_accept_opens_a_prefilled_public_topic_linked_to_the_submission(cast):
    day = ReceptionDayFactory(committee=cast.committee, kind="member_lounge")
    submission = SubmissionFactory(committee=cast.committee, reception_day=day, channel="reception")
    submission_accept(
        submission=submission,
        actor=cast.office,
        title=submission.title,
        description=submission.description,
        category=submission.category,
        message="我们会尽快开展调研。",
    )
    submission.refresh_from_db()
    topic = submission.topic
    assert topic.channel == Topic.Channel.PUBLIC
    assert topic.state == State.DRAFT
    assert topic.public_venue == "member_lounge"
    assert submission.name in topic.public_contact and submission.mobile in topic.public_contact
    assert topic.created_by == cast.office
    assert "我们会尽快开展调研。" in submission.replies.get().text


def test_an_online_submission_becomes_a_topic_with_the_online_venue(cast):
    submission = SubmissionFactory(committee=cast.committee)
    submission_accept(
        submission=submission, actor=cast.office, title="t", description="d", category="roads"
    )
    submission.refresh_from_db()
    assert submission.topic.public_venue == Topic.PublicVenue.ONLINE


def test_merge_into_another_committees_topic_is_refused(cast):
    submission = SubmissionFactory(committee=cast.committee)
    elsewhere = cast.topic()
    elsewhere.committee = cast.other_committee
    refused(
        Exception,
        submission_merge,
        submission=submission,
        actor=cast.office,
        topic=elsewhere,
    )


def test_refer_needs_a_recipient_and_a_note(client, cast, liaison):
    submission = SubmissionFactory(committee=cast.committee)
    client.force_login(cast.office)
    url = reverse("public:triage", args=[cast.committee.pk, submission.pk, "refer"])
    department = cast.department
    before = db_state()
    response = client.post(url, {"note": "请核实", "expected_state": "received"})
    assert response.status_code == 400
    assert "请选择一个部门或一个联委会" in response.content.decode()
    response = client.post(
        url,
        {"department": department.pk, "body": liaison.pk, "note": "x"},
    )
    assert response.status_code == 400
    assert_unchanged(before)
    response = client.post(url, {"body": liaison.pk, "note": "请联委会跟进"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.referred_body == liaison
    assert "孔浦街道联委会" in submission.replies.get().text


def test_a_decided_submission_cannot_be_decided_again(cast):
    submission = SubmissionFactory(committee=cast.committee)
    submission_decline(submission=submission, actor=cast.office, reason="不属于协商范围。")
    error = refused(
        TransitionRefused,
        submission_accept,
        submission=submission,
        actor=cast.office,
        title="t",
        description="d",
        category="roads",
    )
    assert "已处理" in str(error)


def test_a_stale_page_is_refused(cast):
    submission = SubmissionFactory(committee=cast.committee)
    stale = Submission.objects.get(pk=submission.pk)
    submission_decline(submission=submission, actor=cast.office, reason="x")
    refused(
        TransitionRefused,
        submission_decline,
        submission=stale,
        actor=cast.office,
        reason="y",
        expected_state="received",
    )


def test_the_state_field_is_protected(cast):
    submission = SubmissionFactory(committee=cast.committee)
    with pytest.raises(AttributeError):
        submission.state = Submission.State.ACCEPTED


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("actor", [*OTHERS, "other:office", "inactive:office"])
def test_no_one_else_may_take_a_step_in_the_service(cast, step, actor):
    submission = SubmissionFactory(committee=cast.committee)
    user = cast.actor(actor)
    cast.everyone()
    cast.department  # noqa: B018 (created before the snapshot)
    topic = cast.topic()
    refused(PermissionDenied, perform, step, submission, user, cast, topic)


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize(
    ("actor", "status"),
    [*[(role, 403) for role in OTHERS], ("other:office", 404), ("anonymous", 302)],
)
def test_no_one_else_may_take_a_step_on_its_page(client, cast, liaison, step, actor, status):
    submission = SubmissionFactory(committee=cast.committee)
    user = cast.actor(actor)
    if user.is_authenticated:
        client.force_login(user)
    data = post_data(step, cast, liaison)
    cast.everyone()
    before = db_state()
    url = reverse("public:triage", args=[cast.committee.pk, submission.pk, step])
    assert client.get(url).status_code == status
    response = client.post(url, data)
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("login"))
    assert_unchanged(before)


@pytest.mark.parametrize(
    ("actor", "status"),
    [*[(role, 403) for role in OTHERS], ("other:office", 404), ("anonymous", 302)],
)
def test_only_office_staff_read_the_inbox_and_a_submission(client, cast, actor, status):
    submission = SubmissionFactory(committee=cast.committee)
    user = cast.actor(actor)
    if user.is_authenticated:
        client.force_login(user)
    for url in (
        reverse("public:inbox", args=[cast.committee.pk]),
        reverse("public:submission", args=[cast.committee.pk, submission.pk]),
    ):
        assert client.get(url).status_code == status
    before = db_state()
    reply = reverse("public:submission_reply", args=[cast.committee.pk, submission.pk])
    assert client.post(reply, {"text": "x"}).status_code == status
    assert_unchanged(before)


def test_another_committees_submission_is_404_for_office_staff(client, cast):
    elsewhere = SubmissionFactory()
    client.force_login(cast.office)
    assert (
        client.get(reverse("public:submission", args=[cast.committee.pk, elsewhere.pk])).status_code
        == 404
    )


def test_office_staff_reply_without_changing_the_state(client, cast):
    submission = SubmissionFactory(committee=cast.committee)
    client.force_login(cast.office)
    url = reverse("public:submission_reply", args=[cast.committee.pk, submission.pk])
    assert client.post(url, {"text": ""}).status_code == 400
    assert client.post(url, {"text": "已收到，正在核实。"}).status_code == 302
    submission.refresh_from_db()
    assert submission.state == Submission.State.RECEIVED
    assert PublicReply.objects.get().text == "已收到，正在核实。"
    assert submission.first_reply_at is not None


def test_a_member_may_not_reply(cast):
    submission = SubmissionFactory(committee=cast.committee)
    refused(PermissionDenied, submission_reply, submission=submission, actor=cast.member, text="x")


def test_the_inbox_lists_and_the_detail_shows_a_masked_phone(
    client, cast, django_assert_max_num_queries
):
    submissions = SubmissionFactory.create_batch(5, committee=cast.committee)
    client.force_login(cast.office)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("public:inbox", args=[cast.committee.pk])).content.decode()
    assert all(submission.title in page for submission in submissions)
    first = submissions[0]
    detail = client.get(first.get_absolute_url()).content.decode()
    assert first.mobile not in detail
    assert first.mobile_masked in detail


def test_the_office_to_do_list_shows_submissions_awaiting_triage(client, cast):
    waiting = SubmissionFactory(committee=cast.committee)
    decided = SubmissionFactory(committee=cast.committee)
    submission_decline(submission=decided, actor=cast.office, reason="x")
    client.force_login(cast.office)
    page = client.get(reverse("portal:home")).content.decode()
    assert waiting.get_absolute_url() in page
    assert decided.get_absolute_url() not in page

"""Redis (the broker) down: every action that queues work after its commit answers with its
normal success page, and the work is done later, once the broker is back, exactly once.

The actions run through the test client; their after-commit callbacks run as at a real
commit (robust: a failure is logged with the callback's name, which must not itself fail),
against a broker that refuses connections.
"""

import datetime as dt
import logging

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from consultations.models import MinutesVersion
from documents.models import AnnualReport
from documents.services import documents_catch_up
from followup.services import follow_up_item_add
from notifications.delivery import dispatch_pending
from notifications.models import Notification
from tests.notifications.broker import DEAD_BROKER, celery_sending_to
from tests.workflow import advance, prepare_step, today
from topics.models import State, Topic


def setup_done():
    """What the setup's steps told is not what these tests count."""
    Notification.objects.update(state=Notification.State.DONE)
    mail.outbox.clear()


def post_while_broker_down(client, url, data, caplog, commit):
    """Post with the broker unreachable; the page must be the normal success page."""
    with celery_sending_to(DEAD_BROKER), caplog.at_level(logging.WARNING), commit(execute=True):
        response = client.post(url, data, follow=True)
    assert response.status_code == 200, response.content.decode()[:2000]
    assert response.redirect_chain, "the form was not accepted"
    return response


def broker_back():
    """What the beat passes do once the broker answers again; twice, as two beats would."""
    done = []
    for _ in range(2):
        done.append(documents_catch_up(older_than=dt.timedelta(0)))
        dispatch_pending(inline=True)
    return done


def test_the_last_sign_off_succeeds_and_its_signed_copy_and_mail_follow_once(
    client, cast, caplog, django_capture_on_commit_callbacks
):
    cast.everyone()
    topic = advance(cast.topic(), State.MINUTES_SUBMITTED, cast=cast)
    prepare_step(topic, "sign_off", cast)
    setup_done()
    client.force_login(cast.leader_a)

    response = post_while_broker_down(
        client,
        reverse("consultations:sign", args=[topic.pk]),
        {"expected_state": "minutes_submitted", "decision": "approve", "opinion": "同意。"},
        caplog,
        django_capture_on_commit_callbacks,
    )

    assert "您的签批意见已记录。" in response.content.decode()
    assert Topic.objects.get(pk=topic.pk).state == State.FOLLOWING_UP
    version = MinutesVersion.objects.get(minutes__topic=topic)
    assert version.signed_pdf == ""  # its task never reached the broker
    told = Notification.objects.filter(topic=topic, recipient=cast.office, kind="minutes_signed")
    assert told.get().state == Notification.State.PENDING
    assert mail.outbox == []

    assert broker_back() == [2, 0]  # the PDF as submitted too: the setup's commit never ran it

    version.refresh_from_db()
    assert version.signed_pdf and len(version.signed_pdf_sha256) == 64
    assert told.get().state == Notification.State.DONE
    assert [message.to for message in mail.outbox] == [[cast.office.email]]


def test_submitting_minutes_succeeds_and_its_pdf_follows_once(
    client, cast, caplog, django_capture_on_commit_callbacks
):
    cast.everyone()
    topic = advance(cast.topic(), State.DELIBERATED, cast=cast)
    setup_done()
    client.force_login(cast.office)

    post_while_broker_down(
        client,
        reverse("consultations:minutes", args=[topic.pk]),
        {
            "expected_state": "deliberated",
            "text": "专题协商纪要正文",
            "leaders": [cast.leader_a.pk],
            "submit": "1",
        },
        caplog,
        django_capture_on_commit_callbacks,
    )

    version = MinutesVersion.objects.get(minutes__topic=topic)
    assert Topic.objects.get(pk=topic.pk).state == State.MINUTES_SUBMITTED
    assert version.pdf == ""
    assert broker_back() == [1, 0]
    version.refresh_from_db()
    assert version.pdf and len(version.pdf_sha256) == 64
    assert MinutesVersion.objects.filter(minutes__topic=topic).count() == 1
    assert [message.to for message in mail.outbox] == [[cast.leader_a.email]]


def test_asking_for_more_time_succeeds_and_the_office_is_told_later_once(
    client, cast, caplog, django_capture_on_commit_callbacks
):
    cast.everyone()
    topic = advance(cast.topic(), State.FOLLOWING_UP, cast=cast)
    item = follow_up_item_add(
        topic=topic,
        actor=cast.office,
        task="完成一期管网施工",
        department=cast.department,
        due_on=today() + dt.timedelta(days=10),
    )
    setup_done()
    client.force_login(cast.department_user)

    post_while_broker_down(
        client,
        reverse("followup:extension_request", args=[topic.pk, item.pk]),
        {"due_on": today() + dt.timedelta(days=40), "reason": "管线迁改需要更多时间"},
        caplog,
        django_capture_on_commit_callbacks,
    )

    pending = Notification.objects.filter(topic=topic, state=Notification.State.PENDING)
    assert pending.filter(recipient=cast.office).exists()
    assert "stay pending" in caplog.text
    broker_back()
    assert not Notification.objects.filter(topic=topic, state=Notification.State.PENDING).exists()
    assert [message.to for message in mail.outbox] == [[cast.office.email]]


@pytest.mark.slow  # renders the annual report PDF
def test_asking_for_the_annual_report_succeeds_and_it_is_built_later_once(
    client, cast, caplog, django_capture_on_commit_callbacks
):
    cast.everyone()
    setup_done()
    client.force_login(cast.office)

    post_while_broker_down(
        client,
        reverse("documents:annual_reports"),
        {"committee": cast.committee.pk, "year": today().year},
        caplog,
        django_capture_on_commit_callbacks,
    )

    report = AnnualReport.objects.get()
    assert report.state == AnnualReport.State.QUEUED
    assert broker_back() == [1, 0]
    report = AnnualReport.objects.get()
    assert report.state == AnnualReport.State.DONE and report.file
    assert AnnualReport.objects.count() == 1


def test_a_reply_to_the_public_succeeds_and_the_submitter_hears_of_it_later_once(
    client, cast, caplog, django_capture_on_commit_callbacks
):
    from public.models import PublicReply
    from public.tasks import catch_up_replies
    from tests.public.factories import SubmissionFactory

    submission = SubmissionFactory(committee=cast.committee, email="citizen@example.org")
    setup_done()
    client.force_login(cast.office)

    post_while_broker_down(
        client,
        reverse("public:submission_reply", args=[cast.committee.pk, submission.pk]),
        {"text": "已收到，正在核实。"},
        caplog,
        django_capture_on_commit_callbacks,
    )

    reply = PublicReply.objects.get()
    assert reply.notified_at is None and mail.outbox == []
    later = timezone.now() + dt.timedelta(minutes=2)
    with time_machine.travel(later, tick=False):
        catch_up_replies()
        catch_up_replies()  # as a second beat would
    assert [message.to for message in mail.outbox] == [["citizen@example.org"]]
    assert "已收到，正在核实。" in mail.outbox[0].body

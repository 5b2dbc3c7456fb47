"""How the submitter is told (e-mail, an SMS gateway from settings), and who may publish a
topic to the public."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from public.models import TopicPublication
from public.services import submission_reply
from tests.helpers import assert_unchanged, db_state
from tests.public.factories import SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway():
    """An SMS gateway on loopback that keeps what it receives."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.headers["Authorization"], json.loads(body)))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/send", received
    server.shutdown()


def test_a_reply_goes_by_sms_and_email_once(cast, gateway, django_capture_on_commit_callbacks):
    url, received = gateway
    submission = SubmissionFactory(committee=cast.committee, email="a@example.org")
    channels = ["public.channels.EmailSubmitterChannel", "public.channels.SmsGatewayChannel"]
    with override_settings(
        PUBLIC_SUBMITTER_CHANNELS=channels,
        PUBLIC_SMS_GATEWAY_URL=url,
        PUBLIC_SMS_GATEWAY_TOKEN="secret",
    ):
        with django_capture_on_commit_callbacks(execute=True):
            reply = submission_reply(submission=submission, actor=cast.office, text="正在核实。")
        from public.tasks import notify_submitter

        notify_submitter(reply.pk)  # a retry sends nothing twice
    assert [(auth, body["mobile"]) for auth, body in received] == [
        ("Bearer secret", submission.mobile)
    ]
    assert "正在核实。" in received[0][1]["text"]
    assert len(mail.outbox) == 1


def test_without_a_gateway_or_address_nothing_is_sent(cast, django_capture_on_commit_callbacks):
    submission = SubmissionFactory(committee=cast.committee)
    with (
        override_settings(
            PUBLIC_SUBMITTER_CHANNELS=[
                "public.channels.EmailSubmitterChannel",
                "public.channels.SmsGatewayChannel",
            ],
            PUBLIC_SMS_GATEWAY_URL="",
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        submission_reply(submission=submission, actor=cast.office, text="x")
    assert mail.outbox == []


def test_office_staff_publish_a_topic(client, cast):
    topic = cast.topic()
    client.force_login(cast.office)
    url = reverse("public:publish", args=[cast.committee.pk, topic.pk])
    page = client.get(url).content.decode()
    assert topic.description in page  # the problem is offered as a start
    response = client.post(url, {"published": "on", "problem": "问题", "agreed": "", "outcome": ""})
    assert response.status_code == 302
    assert TopicPublication.objects.get(topic=topic).published
    assert client.post(url, {"published": "on", "problem": ""}).status_code == 400


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("proposer", 403),
        ("member", 403),
        ("chair", 403),
        ("leader", 403),
        ("department_user", 403),
        ("evaluator_user", 403),
        ("other:office", 404),
        ("anonymous", 302),
    ],
)
def test_no_one_else_may_publish(client, cast, actor, status):
    topic = cast.topic()
    user = cast.actor(actor)
    if user.is_authenticated:
        client.force_login(user)
    cast.everyone()
    before = db_state()
    url = reverse("public:publish", args=[cast.committee.pk, topic.pk])
    assert client.get(url).status_code == status
    assert client.post(url, {"published": "on", "problem": "x"}).status_code == status
    assert_unchanged(before)


def test_another_committees_topic_cannot_be_published_from_here(client, cast):
    elsewhere = cast.topic()
    elsewhere.committee = cast.other_committee
    elsewhere.save()
    client.force_login(cast.office)
    url = reverse("public:publish", args=[cast.committee.pk, elsewhere.pk])
    assert client.get(url).status_code == 404

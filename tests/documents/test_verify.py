"""Anyone with access checks a downloaded PDF against the stored SHA-256."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consultations.models import SignOff
from consultations.services import minutes_sign
from followup.services import follow_up_item_add
from tests.helpers import assert_unchanged, db_state
from tests.workflow import advance, run_step, today
from topics.models import State, Topic

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"
    b"\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def following_up(cast, django_capture_on_commit_callbacks):
    """Version 1 returned, version 2 signed by both leaders; an item for the department."""
    cast.everyone()
    with django_capture_on_commit_callbacks(execute=True):
        topic = advance(cast.topic(), State.MINUTES_SUBMITTED, cast=cast)
        minutes_sign(
            topic=topic, actor=cast.leader_b, decision=SignOff.Decision.RETURN, opinion="请修改。"
        )
        run_step(Topic.objects.get(pk=topic.pk), "submit_minutes", cast.office, cast, text="修改稿")
        topic = advance(topic, State.FOLLOWING_UP, cast=cast)
    follow_up_item_add(
        topic=topic,
        actor=cast.office,
        task="完成管网施工",
        department=cast.department,
        due_on=today(),
    )
    return topic


def versions(topic):
    return {version.number: version for version in topic.minutes.versions.all()}


def check(client, topic, name, content):
    return client.post(
        reverse("documents:verify", args=[topic.pk]),
        {"document": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )


def read(field_file):
    with field_file.open("rb") as stored:
        return stored.read()


def test_a_downloaded_copy_matches_its_version(client, cast, following_up):
    client.force_login(cast.member)
    downloaded = client.get(reverse("documents:minutes_signed_pdf", args=[following_up.pk, 2]))
    content = b"".join(downloaded.streaming_content)

    response = check(client, following_up, "纪要.pdf", content)

    assert response.status_code == 200
    result = response.context["result"]
    assert result.matches and result.version.number == 2 and result.signed
    first = check(client, following_up, "v1.pdf", read(versions(following_up)[1].pdf)).context[
        "result"
    ]
    assert first.matches and first.version.number == 1 and not first.signed


def test_a_tampered_copy_does_not_match(client, cast, following_up):
    content = bytearray(read(versions(following_up)[2].signed_pdf))
    content[len(content) // 2] ^= 0x01
    client.force_login(cast.office)
    before = db_state()

    response = check(client, following_up, "纪要.pdf", bytes(content))

    assert response.status_code == 200
    assert not response.context["result"].matches
    assert_unchanged(before)


def test_a_department_learns_nothing_about_an_unsigned_draft(client, cast, following_up):
    client.force_login(cast.department_user)
    draft = read(versions(following_up)[1].pdf)
    assert not check(client, following_up, "v1.pdf", draft).context["result"].matches
    signed = read(versions(following_up)[2].signed_pdf)
    assert check(client, following_up, "v2.pdf", signed).context["result"].matches


@pytest.mark.parametrize(
    "name, content", [("照片.png", PNG), ("空.pdf", b""), ("纪要.pdf", b"not a pdf")]
)
def test_only_a_pdf_can_be_checked(client, cast, topic, name, content):
    client.force_login(cast.office)
    response = check(client, topic, name, content)
    assert response.status_code == 400
    assert response.context["form"].errors["document"]
    assert response.context["result"] is None


def test_outsiders_cannot_check(client, cast, topic):
    client.force_login(cast.other("office_staff"))
    assert client.get(reverse("documents:verify", args=[topic.pk])).status_code == 404
    assert check(client, topic, "v.pdf", b"%PDF-1.7").status_code == 404

"""Each submission freezes a version: its text, what the document shows, its PDF and SHA-256.

The PDF is rendered after commit; a returned version keeps its PDF and the leader's reasons;
the signed copy carries the sign-off block; a signed version can be changed by no one.
"""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from consultations.models import MinutesVersion, SignOff
from consultations.services import minutes_save, minutes_sign, minutes_submit
from core.workflow import TransitionRefused
from documents.minutes import chinese_date
from documents.services import minutes_pdf_freeze
from tests.helpers import assert_unchanged, db_state, messages_of, refused
from tests.workflow import advance, run_step, today
from topics.models import State, Topic

from .pdfs import pdftotext, text_only

APPROVE, RETURN = SignOff.Decision.APPROVE, SignOff.Decision.RETURN


def fresh(topic):
    return Topic.objects.get(pk=topic.pk)


def version_of(topic, number=None):
    versions = MinutesVersion.objects.filter(minutes__topic=topic).select_related("minutes__topic")
    return versions.get(number=number) if number else versions.latest("number")


def stored_bytes(field_file):
    with field_file.open("rb") as stored:
        return stored.read()


@pytest.fixture
def deliberated(cast):
    cast.everyone()
    return advance(cast.topic(title="费市家苑小区管道燃气"), State.DELIBERATED, cast=cast)


@pytest.fixture
def submitted(cast, deliberated, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run_step(deliberated, "submit_minutes", cast.office, cast)
    return fresh(deliberated)


def sign_all(topic, cast, capture, opinions=("同意，请区住建局牵头落实。", "同意。")):
    with capture(execute=True):
        for leader, opinion in zip((cast.leader_a, cast.leader_b), opinions, strict=True):
            minutes_sign(topic=topic, actor=leader, decision=APPROVE, opinion=opinion)
    return fresh(topic)


def test_submission_freezes_the_document_and_its_pdf_after_commit(
    cast, deliberated, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        run_step(deliberated, "submit_minutes", cast.office, cast)
    version = version_of(deliberated)
    assert not version.pdf and not version.pdf_sha256  # nothing rendered inside the transaction

    for callback in callbacks:
        callback()

    version = version_of(deliberated)
    number = f"{cast.committee.short_name}纪〔{today().year}〕1号"
    assert version.minutes.issuing_number == number
    assert version.particulars == {
        "committee": cast.committee.name,
        "issuing_number": number,
        "title": "关于费市家苑小区管道燃气的专题协商纪要",
        "present": sorted([str(cast.proposer), str(cast.member)]),
        "on_leave": [],
        "attending": [cast.department.name, "居民代表12人"],
        "dated": today().isoformat(),
    }
    content = stored_bytes(version.pdf)
    assert hashlib.sha256(content).hexdigest() == version.pdf_sha256
    text = text_only(pdftotext(content))
    assert number in text and text_only(version.text) in text
    assert chinese_date(today()) in text
    assert not version.signed_pdf


def test_members_on_leave_are_listed_in_the_minutes(cast, django_capture_on_commit_callbacks):
    cast.everyone()
    absent = cast._user("member", "冯请假")
    topic = advance(cast.topic(), State.SESSION_SCHEDULED, cast=cast)
    run_step(topic, "record_session", cast.office, cast, members_on_leave=[absent])
    with django_capture_on_commit_callbacks(execute=True):
        run_step(fresh(topic), "submit_minutes", cast.office, cast)

    version = version_of(topic)
    assert version.particulars["on_leave"] == ["冯请假"]
    assert "请假：冯请假" in text_only(pdftotext(stored_bytes(version.pdf)))


def test_a_member_cannot_be_present_and_on_leave(cast):
    cast.everyone()
    topic = advance(cast.topic(), State.SESSION_SCHEDULED, cast=cast)
    error = refused(
        ValidationError,
        run_step,
        topic,
        "record_session",
        cast.office,
        cast,
        members_on_leave=[cast.member],
    )
    assert "members_on_leave" in error.message_dict


def test_a_refused_submission_leaves_no_version_number_or_file(
    cast, deliberated, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        refused(
            TransitionRefused, run_step, deliberated, "submit_minutes", cast.office, cast, text="  "
        )
        refused(PermissionDenied, run_step, deliberated, "submit_minutes", cast.member, cast)
    assert callbacks == []

    run_step(deliberated, "submit_minutes", cast.office, cast)
    assert version_of(deliberated).minutes.issuing_number.endswith("〕1号")


def test_the_signed_pdf_carries_the_sign_off_block(
    cast, submitted, django_capture_on_commit_callbacks
):
    as_submitted = version_of(submitted)
    topic = sign_all(submitted, cast, django_capture_on_commit_callbacks)

    version = version_of(topic)
    assert topic.state == State.FOLLOWING_UP and version.is_signed
    assert (version.pdf.name, version.pdf_sha256) == (
        as_submitted.pdf.name,
        as_submitted.pdf_sha256,
    )
    content = stored_bytes(version.signed_pdf)
    assert hashlib.sha256(content).hexdigest() == version.signed_pdf_sha256 != version.pdf_sha256
    text = text_only(pdftotext(content))
    for leader, opinion in (
        (cast.leader_a, "同意，请区住建局牵头落实。"),
        (cast.leader_b, "同意。"),
    ):
        assert f"{leader}" in text and opinion in text
    assert text.count(chinese_date(today())) == 3  # the document's date and each sign-off's


def test_a_returned_version_keeps_its_pdf_and_reasons_and_the_next_needs_a_new_sign_off(
    cast, submitted, django_capture_on_commit_callbacks
):
    first = version_of(submitted)
    minutes_sign(topic=submitted, actor=cast.leader_a, decision=APPROVE, opinion="同意。")
    minutes_sign(topic=submitted, actor=cast.leader_b, decision=RETURN, opinion="请补充资金测算。")
    with django_capture_on_commit_callbacks(execute=True):
        run_step(
            fresh(submitted),
            "submit_minutes",
            cast.office,
            cast,
            text="纪要（修改稿）：补充了资金测算。",
        )

    returned, second = version_of(submitted, 1), version_of(submitted, 2)
    assert (returned.pdf.name, returned.pdf_sha256) == (first.pdf.name, first.pdf_sha256)
    assert returned.was_returned and not returned.is_signed
    assert list(returned.sign_offs.values_list("decision", "opinion")) == [
        (APPROVE, "同意。"),
        (RETURN, "请补充资金测算。"),
    ]
    assert second.particulars["issuing_number"] == first.particulars["issuing_number"]
    assert second.pdf_sha256 and second.pdf_sha256 != first.pdf_sha256
    assert not second.sign_offs.exists() and not second.is_signed


def test_a_leader_signs_the_version_they_read(cast, submitted):
    minutes_sign(topic=submitted, actor=cast.leader_b, decision=RETURN, opinion="请修改。")
    run_step(fresh(submitted), "submit_minutes", cast.office, cast, text="修改稿")

    error = refused(
        TransitionRefused,
        minutes_sign,
        topic=fresh(submitted),
        actor=cast.leader_a,
        decision=APPROVE,
        opinion="同意。",
        expected_version=1,
    )
    assert "2" in messages_of(error)[0]
    minutes_sign(
        topic=fresh(submitted),
        actor=cast.leader_a,
        decision=APPROVE,
        opinion="同意。",
        expected_version=2,
    )


@pytest.fixture
def signed(cast, submitted, django_capture_on_commit_callbacks):
    return sign_all(submitted, cast, django_capture_on_commit_callbacks)


def test_no_service_changes_a_signed_version(cast, signed):
    signed_refusal = [_("The minutes were signed off; a signed version cannot be changed.")]
    error = refused(TransitionRefused, minutes_save, topic=signed, actor=cast.office, text="改一改")
    assert messages_of(error) == signed_refusal
    error = refused(
        TransitionRefused,
        minutes_submit,
        topic=signed,
        actor=cast.office,
        text="再报一版",
        leaders=[cast.leader_a],
    )
    assert messages_of(error) == signed_refusal
    refused(
        TransitionRefused,
        minutes_sign,
        topic=signed,
        actor=cast.leader_a,
        decision=RETURN,
        opinion="撤回",
    )

    before = db_state()
    version = version_of(signed)
    assert (
        minutes_pdf_freeze(version=version, signed=True).signed_pdf.name == version.signed_pdf.name
    )
    assert_unchanged(before)


def test_a_version_rendered_twice_keeps_the_first_copy(cast, submitted):
    stale = version_of(submitted)
    stale.pdf.name, stale.pdf_sha256 = "", ""  # as a second worker saw it before the first stored
    storage = stale.pdf.storage
    files_before = set(storage.listdir("documents/minutes")[1])

    kept = minutes_pdf_freeze(version=stale)

    assert kept.pdf.name == version_of(submitted).pdf.name
    assert set(storage.listdir("documents/minutes")[1]) == files_before


def test_no_page_changes_a_signed_version(client, cast, signed, admin_user):
    url = reverse("consultations:minutes", args=[signed.pk])
    client.force_login(cast.office)
    before = db_state()
    assert client.get(url).status_code == 302  # the step is not offered any more
    response = client.post(
        url, {"expected_state": State.FOLLOWING_UP, "text": "改一改", "save": "1"}
    )
    assert response.status_code == 409
    assert_unchanged(before)

    client.force_login(admin_user)  # not even a superuser, in the admin
    before = db_state()
    change = reverse("admin:consultations_minutesversion_change", args=[version_of(signed).pk])
    assert client.post(change, {"text": "改一改", "number": 9}).status_code == 403
    assert_unchanged(before)


def test_the_session_form_refuses_a_member_both_present_and_on_leave(client, cast):
    cast.everyone()
    topic = advance(cast.topic(), State.SESSION_SCHEDULED, cast=cast)
    client.force_login(cast.office)
    before = db_state()

    response = client.post(
        reverse("consultations:record", args=[topic.pk]),
        {
            "expected_state": State.SESSION_SCHEDULED,
            "members": [cast.member.pk, cast.proposer.pk],
            "members_on_leave": [cast.member.pk],
            "residents_count": 3,
            "consensus": "年内通气",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["members_on_leave"]
    assert_unchanged(before)

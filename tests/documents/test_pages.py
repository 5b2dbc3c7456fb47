"""Who may open which document. Departments and evaluators see only the signed minutes: an
unsigned draft, its PDF and its .docx are a 404 for them, as is anything of another committee."""

import hashlib
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from consultations.models import MinutesVersion, SignOff
from consultations.services import minutes_sign
from tests.helpers import assert_unchanged, db_state
from tests.workflow import advance, run_step
from topics.models import State, Topic

from .pdfs import pdftotext, text_only

READERS = ["office", "proposer", "member", "chair", "leader_a", "leader"]
ASSIGNED = ["department_user", "evaluator_user"]


@pytest.fixture
def evaluating(cast, django_capture_on_commit_callbacks):
    """Version 1 returned by leader_b; version 2 signed; an item verified, an evaluator assigned."""
    cast.everyone()
    with django_capture_on_commit_callbacks(execute=True):
        topic = advance(cast.topic(), State.MINUTES_SUBMITTED, cast=cast)
        minutes_sign(
            topic=topic,
            actor=cast.leader_b,
            decision=SignOff.Decision.RETURN,
            opinion="请补充资金测算。",
        )
        run_step(
            Topic.objects.get(pk=topic.pk),
            "submit_minutes",
            cast.office,
            cast,
            text="修改稿：补充了资金测算。",
        )
        return advance(topic, State.EVALUATING, cast=cast)


def urls(topic, number):
    names = ["documents:minutes_version", "documents:minutes_pdf", "documents:minutes_docx"]
    return [reverse(name, args=[topic.pk, number]) for name in names]


@pytest.mark.slow  # over 3 s on two workers: every document of two versions, per reader
def test_readers_of_the_committee_open_every_version(client, cast, evaluating):
    before = db_state()
    for key in READERS:
        client.force_login(cast.actor(key))
        before = db_state()  # logging in writes last_login
        for number in (1, 2):
            for url in urls(evaluating, number):
                assert client.get(url).status_code == 200, (key, url)
        signed = reverse("documents:minutes_signed_pdf", args=[evaluating.pk, 2])
        unsigned = reverse("documents:minutes_signed_pdf", args=[evaluating.pk, 1])
        assert (client.get(signed).status_code, client.get(unsigned).status_code) == (200, 404), key
        assert_unchanged(before)


@pytest.mark.parametrize("key", ASSIGNED)
def test_departments_and_evaluators_see_only_the_signed_minutes(client, cast, evaluating, key):
    client.force_login(cast.actor(key))
    for url in urls(evaluating, 1):
        assert client.get(url).status_code == 404, url
    for url in urls(evaluating, 2) + [
        reverse("documents:minutes_signed_pdf", args=[evaluating.pk, 2])
    ]:
        assert client.get(url).status_code == 200, url
    page = client.get(evaluating.get_absolute_url()).content.decode()
    assert reverse("documents:minutes_version", args=[evaluating.pk, 2]) in page
    assert reverse("documents:minutes_version", args=[evaluating.pk, 1]) not in page
    assert "专题协商纪要：各方就" not in page  # the returned version's text


def test_other_committees_and_visitors_get_nothing(client, cast, evaluating):
    every_url = urls(evaluating, 2) + [
        reverse("documents:minutes_signed_pdf", args=[evaluating.pk, 2]),
        reverse("documents:verify", args=[evaluating.pk]),
        reverse("documents:research_report_pdf", args=[evaluating.pk]),
    ]
    for role in ("office_staff", "leader", "department", "evaluator"):
        client.force_login(cast.other(role))
        assert {client.get(url).status_code for url in every_url} == {404}, role
    client.logout()
    assert all(client.get(url).url.startswith(reverse("login")) for url in every_url)


def test_the_pdf_served_is_the_one_whose_hash_is_stored(client, cast, evaluating):
    client.force_login(cast.office)
    response = client.get(reverse("documents:minutes_signed_pdf", args=[evaluating.pk, 2]))
    content = b"".join(response.streaming_content)
    assert response["Content-Type"] == "application/pdf"
    version = MinutesVersion.objects.get(minutes__topic=evaluating, number=2)
    assert hashlib.sha256(content).hexdigest() == version.signed_pdf_sha256


def test_a_pdf_not_yet_rendered_is_rendered_on_request_and_kept(client, cast):
    cast.everyone()
    topic = advance(cast.topic(), State.MINUTES_SUBMITTED, cast=cast)  # no commit: no task ran
    assert not MinutesVersion.objects.get(minutes__topic=topic).pdf
    client.force_login(cast.leader_a)

    content = b"".join(
        client.get(reverse("documents:minutes_pdf", args=[topic.pk, 1])).streaming_content
    )

    version = MinutesVersion.objects.get(minutes__topic=topic)
    assert hashlib.sha256(content).hexdigest() == version.pdf_sha256


@pytest.mark.slow  # over 3 s on two workers: the research report PDF, five times
def test_the_research_report_pdf_is_part_of_the_dossier(client, cast, evaluating):
    for key, status in [
        ("office", 200),
        ("member", 200),
        ("evaluator_user", 200),
        ("department_user", 404),
    ]:
        client.force_login(cast.actor(key))
        response = client.get(reverse("documents:research_report_pdf", args=[evaluating.pk]))
        assert response.status_code == status, key
    client.force_login(cast.office)
    content = client.get(reverse("documents:research_report_pdf", args=[evaluating.pk])).content
    text = text_only(pdftotext(content))
    assert evaluating.research_report.preliminary_solution in text
    assert text_only(evaluating.research_report.content) in text


def test_the_docx_has_the_official_page_and_faces(client, cast, evaluating):
    client.force_login(cast.office)
    response = client.get(reverse("documents:minutes_docx", args=[evaluating.pk, 2]))
    assert response["Content-Disposition"].startswith("attachment")
    word = Document(BytesIO(response.content))
    section = word.sections[0]
    page = [
        section.page_width,
        section.page_height,
        section.top_margin,
        section.left_margin,
        section.right_margin,
        section.bottom_margin,
    ]
    assert [length.mm for length in page] == pytest.approx([210, 297, 37, 28, 26, 35], abs=0.1)
    text = "\n".join(paragraph.text for paragraph in word.paragraphs)
    minutes = evaluating.minutes
    assert minutes.issuing_number in text and "修改稿：补充了资金测算。" in text
    assert f"{cast.committee.name}纪要" in text
    for leader in (cast.leader_a, cast.leader_b):  # the signed version's sign-off block
        assert str(leader) in text
    faces = {
        run.element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        for paragraph in word.paragraphs
        for run in paragraph.runs
    }
    assert {"仿宋_GB2312", "黑体", "方正小标宋简体"} <= faces


def test_the_sign_off_page_shows_the_document_and_binds_the_version(client, cast):
    cast.everyone()
    topic = advance(cast.topic(), State.MINUTES_SUBMITTED, cast=cast)
    url = reverse("consultations:sign", args=[topic.pk])
    client.force_login(cast.leader_a)
    page = client.get(url)
    assert page.context["document"].issuing_number == topic.minutes.issuing_number
    assert page.context["form"]["version"].initial == 1
    minutes_sign(
        topic=topic, actor=cast.leader_b, decision=SignOff.Decision.RETURN, opinion="请修改。"
    )
    run_step(Topic.objects.get(pk=topic.pk), "submit_minutes", cast.office, cast, text="修改稿")
    before = db_state()

    response = client.post(
        url,
        {
            "expected_state": State.MINUTES_SUBMITTED,
            "version": 1,
            "decision": "approve",
            "opinion": "同意。",
        },
    )

    assert response.status_code == 409
    assert_unchanged(before)


def test_the_topic_page_lists_documents_without_more_queries_per_version(
    client, cast, django_assert_max_num_queries
):
    cast.everyone()
    one = advance(cast.topic(title="一稿"), State.MINUTES_SUBMITTED, cast=cast)
    minutes_sign(
        topic=one, actor=cast.leader_a, decision=SignOff.Decision.APPROVE, opinion="同意。"
    )
    three = advance(cast.topic(title="三稿"), State.MINUTES_SUBMITTED, cast=cast)
    for text in ("二稿", "三稿"):
        minutes_sign(
            topic=three, actor=cast.leader_a, decision=SignOff.Decision.RETURN, opinion="请修改。"
        )
        run_step(Topic.objects.get(pk=three.pk), "submit_minutes", cast.office, cast, text=text)
    client.force_login(cast.office)
    with django_assert_max_num_queries(60) as baseline:
        response = client.get(one.get_absolute_url())
    assert response.status_code == 200
    assert reverse("documents:minutes_version", args=[one.pk, 1]) in response.content.decode()
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = client.get(three.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    for number in (1, 2, 3):
        assert reverse("documents:minutes_version", args=[three.pk, number]) in page
    assert reverse("documents:research_report_pdf", args=[three.pk]) in page

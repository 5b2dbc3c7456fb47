"""群众出题 online: the form, photos cleaned, the receipt, and every refusal saving nothing."""

import io

import pytest
from captcha.conf import settings as captcha_settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from public.models import Submission, tracking_hash
from tests.public.factories import jpeg_with_gps

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "title": "杜姚线二期沿线无路灯",
        "description": "晚上没有路灯，电动车和行人很危险。",
        "place": "杜姚线二期孔浦段",
        "category": "roads",
        "name": "张阿姨",
        "mobile": "139 0574 1234",
        "email": "",
        "consent": "on",
        "website": "",
        "captcha_0": "key",
        "captcha_1": "PASSED",
    }
    data.update(overrides)
    return data


def photo(name="street.jpg", content=None):
    return SimpleUploadedFile(name, content or jpeg_with_gps(), content_type="image/jpeg")


def test_the_form_renders_with_its_notice_and_checks(client, cast):
    response = client.get(reverse("public:submit", args=[cast.committee.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "个人信息" in page
    assert 'name="captcha_1"' in page
    assert 'name="website"' in page
    assert "csrfmiddlewaretoken" in page


def test_a_citizen_submits_with_a_photo_and_gets_a_code(client, cast):
    url = reverse("public:submit", args=[cast.committee.pk])
    response = client.post(url, {**form_data(), "photos": [photo()]})
    assert response.status_code == 302
    submission = Submission.objects.get()
    code = response["Location"].split("/track/")[1].split("/")[0]
    assert len(code) == 10
    assert submission.tracking_hash == tracking_hash(code)
    assert code not in str(Submission.objects.values().get())  # only the hash is kept
    assert submission.mobile == "13905741234"
    assert submission.channel == Submission.Channel.ONLINE
    assert submission.state == Submission.State.RECEIVED
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    assert code in receipt.content.decode()
    assert "已收到" in receipt.content.decode()


def test_stored_photos_are_shrunk_and_have_no_exif(client, cast):
    url = reverse("public:submit", args=[cast.committee.pk])
    client.post(url, {**form_data(), "photos": [photo(), photo("b.jpg")]})
    stored = Submission.objects.get().photos.all()
    assert len(stored) == 2
    for row in stored:
        with row.image.open("rb") as file:
            data = file.read()
        image = Image.open(io.BytesIO(data))
        assert image.format == "JPEG"
        assert max(image.size) == 1600
        assert not image.getexif()
        assert b"TestCam" not in data and b"Exif" not in data
        assert row.image.name.startswith("public/submissions/") and "street" not in row.image.name


def test_the_receipt_goes_by_email_when_an_address_is_given(
    client, cast, django_capture_on_commit_callbacks
):
    url = reverse("public:submit", args=[cast.committee.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form_data(email="zhang@example.org"))
    code = response["Location"].split("/track/")[1].split("/")[0]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["zhang@example.org"]
    assert code in mail.outbox[0].body


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "该字段是必填项"),
        ({"mobile": "12345"}, "请输入11位中国大陆手机号码"),
        ({"consent": ""}, "未同意个人信息告知书"),
        ({"category": "nonsense"}, "选择一个有效的选项"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_saved(client, cast, overrides, message):
    url = reverse("public:submit", args=[cast.committee.pk])
    response = client.post(url, form_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Submission.objects.exists()


def test_a_file_that_is_no_photo_is_refused(client, cast):
    url = reverse("public:submit", args=[cast.committee.pk])
    fake = SimpleUploadedFile("x.jpg", b"%PDF-1.4 not a picture", content_type="image/jpeg")
    response = client.post(url, {**form_data(), "photos": [fake]})
    assert response.status_code == 400
    assert "不是照片" in response.content.decode()
    assert not Submission.objects.exists()


def test_more_than_three_photos_are_refused(client, cast):
    url = reverse("public:submit", args=[cast.committee.pk])
    small = jpeg_with_gps((40, 30))
    response = client.post(
        url, {**form_data(), "photos": [photo(f"{n}.jpg", small) for n in range(4)]}
    )
    assert response.status_code == 400
    assert "最多3张" in response.content.decode()
    assert not Submission.objects.exists()


def test_a_wrong_captcha_answer_is_refused(client, cast, monkeypatch):
    monkeypatch.setattr(captcha_settings, "CAPTCHA_TEST_MODE", False)
    page = client.get(reverse("public:submit", args=[cast.committee.pk])).content.decode()
    key = page.split('name="captcha_0" value="')[1].split('"')[0]
    response = client.post(
        reverse("public:submit", args=[cast.committee.pk]),
        form_data(captcha_0=key, captcha_1="999999"),
    )
    assert response.status_code == 400
    assert "验证答案不正确" in response.content.decode()
    assert not Submission.objects.exists()


def test_the_honeypot_refuses_a_robot(client, cast):
    url = reverse("public:submit", args=[cast.committee.pk])
    response = client.post(url, form_data(website="http://spam.example"))
    assert response.status_code == 400
    assert "未被受理" in response.content.decode()
    assert not Submission.objects.exists()


def test_csrf_is_required(cast):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("public:submit", args=[cast.committee.pk]), form_data())
    assert response.status_code == 403
    assert not Submission.objects.exists()


@override_settings(PUBLIC_SUBMIT_RATE_PER_ADDRESS="2/h", PUBLIC_SUBMIT_RATE_PER_PHONE="100/h")
def test_the_rate_limit_per_address(client, cast):
    url = reverse("public:submit", args=[cast.committee.pk])
    for number in range(2):
        assert client.post(url, form_data(mobile=f"1390000000{number}")).status_code == 302
    response = client.post(url, form_data(mobile="13900000009"))
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
    assert Submission.objects.count() == 2
    other_address = client.post(url, form_data(mobile="13900000008"), REMOTE_ADDR="10.0.0.9")
    assert other_address.status_code == 302


@override_settings(PUBLIC_SUBMIT_RATE_PER_ADDRESS="100/h", PUBLIC_SUBMIT_RATE_PER_PHONE="2/h")
def test_the_rate_limit_per_phone(client, cast):
    url = reverse("public:submit", args=[cast.committee.pk])
    for number in range(2):
        response = client.post(url, form_data(), REMOTE_ADDR=f"10.0.1.{number}")
        assert response.status_code == 302
    response = client.post(url, form_data(), REMOTE_ADDR="10.0.1.50")
    assert response.status_code == 429
    assert "该手机号码提交次数已达上限" in response.content.decode()
    assert Submission.objects.count() == 2
    assert client.post(url, form_data(mobile="13700000000")).status_code == 302

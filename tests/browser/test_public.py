"""The public's side in a real Chromium at 390 px: a citizen raises a problem with a photo and
gets a tracking code; office staff accept it as a topic; the citizen's tracking page shows the
topic's stage; the topic closes and its public page shows the outcome.

Elements are found by form field names, URLs and data, never by translated text.
"""

import io

import pytest
from captcha.conf import settings as captcha_settings
from PIL import Image

from public.models import Submission
from public.services import topic_publication_save
from tests.cast import Cast
from tests.people.factories import CommitteeBodyFactory
from tests.public.factories import jpeg_with_gps
from tests.workflow import advance
from topics.models import Stage, State

from .conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBMIT = "main form button[type=submit].primary"


@pytest.fixture(autouse=True)
def _captcha_test_mode(monkeypatch):
    """The live server runs in this process: the captcha takes “PASSED” (its test mode)."""
    monkeypatch.setattr(captcha_settings, "CAPTCHA_TEST_MODE", True)


def fits_the_phone(page):
    width, inner = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert width <= inner, f"{page.url} is {width} px wide at {inner} px"


def test_a_problem_from_the_public_to_a_closed_topic(browser, live_server, login, tmp_path):
    cast = Cast().everyone()
    cast.method  # noqa: B018 — the evaluation method in force when the topic is evaluated
    committee = cast.committee.pk
    liaison = CommitteeBodyFactory(committee=cast.committee, kind="liaison", name="庄桥街道联委会")
    photo = tmp_path / "路灯.jpg"
    photo.write_bytes(jpeg_with_gps())

    # A citizen on a phone, signed in nowhere.
    citizen = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    phone = citizen.new_page()
    phone.goto(f"{live_server.url}/public/{committee}/")
    with phone.expect_navigation():
        phone.locator(f"main a[href='/public/{committee}/submit/']").first.click()
    fits_the_phone(phone)
    phone.fill("input[name=title]", "杜姚线二期沿线无路灯")
    phone.fill("textarea[name=description]", "晚上没有路灯，电动车和行人很危险。")
    phone.fill("input[name=place]", "杜姚线二期")
    phone.select_option("select[name=category]", "roads")
    phone.set_input_files("input[name=photos]", str(photo))
    phone.fill("input[name=name]", "张阿姨")
    phone.fill("input[name=mobile]", "139 0574 1234")
    phone.check("input[name=consent]")
    phone.fill("input[name=captcha_1]", "PASSED")
    with phone.expect_navigation():
        phone.locator(SUBMIT).click()
    assert "/track/" in phone.url and phone.url.endswith("?new=1"), phone.url
    code = phone.locator("main .code strong").inner_text()
    assert len(code) == 10
    tracking = f"{live_server.url}/public/{committee}/track/{code}/"
    fits_the_phone(phone)
    submission = Submission.objects.get()
    with submission.photos.get().image.open("rb") as stored:
        assert not Image.open(io.BytesIO(stored.read())).getexif()

    # Office staff accept it as a topic: the form comes filled in from the submission.
    office = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    desk = office.new_page()
    login(desk, cast.office)
    desk.goto(f"{live_server.url}/public/office/{committee}/submissions/")
    with desk.expect_navigation():
        desk.locator(f"main a[href='{submission.get_absolute_url()}']").click()
    assert "1390574" not in desk.content()  # the number is masked until asked for
    with desk.expect_navigation():
        desk.locator(f"main a[href='{submission.get_absolute_url()}accept/']").click()
    assert desk.input_value("input[name=title]") == "杜姚线二期沿线无路灯"
    desk.select_option("select[name=proposer_body]", str(liaison.pk))
    with desk.expect_navigation():
        desk.locator(SUBMIT).click()
    submission.refresh_from_db()
    topic = submission.topic
    assert submission.state == Submission.State.ACCEPTED
    assert desk.url == f"{live_server.url}{topic.get_absolute_url()}"

    # The citizen's tracking page shows the topic's stage.
    phone.goto(tracking)
    text = phone.locator("main").inner_text()
    assert str(Stage.SELECTION.label) in text
    assert str(Submission.State.ACCEPTED.label) in text
    fits_the_phone(phone)

    # The topic runs through the six stages and closes; office staff publish it with its outcome.
    topic = advance(topic, State.CLOSED, cast=cast)
    desk.goto(f"{live_server.url}/public/office/{committee}/topics/{topic.pk}/publish/")
    desk.check("input[name=published]")
    desk.fill("textarea[name=problem]", "杜姚线二期沿线没有路灯。")
    desk.fill("textarea[name=agreed]", "区综合行政执法局牵头分段安装路灯。")
    desk.fill("textarea[name=outcome]", "沿线已安装路灯86盏，夜间出行安全了。")
    with desk.expect_navigation():
        desk.locator(SUBMIT).click()
    assert topic.publication.published

    phone.goto(tracking)
    with phone.expect_navigation():
        phone.locator(f"main a[href='/public/{committee}/topics/{topic.pk}/']").click()
    page_text = phone.locator("main").inner_text()
    assert "沿线已安装路灯86盏" in page_text
    assert str(topic.evaluation_result.get_grade_display()) in page_text
    assert "张阿姨" not in phone.content() and "13905741234" not in phone.content()
    fits_the_phone(phone)
    citizen.close()
    office.close()


def test_the_public_page_changes_when_the_publication_does(browser, live_server):
    cast = Cast().everyone()
    topic = advance(cast.topic(title="老旧小区加装电梯"), State.PLANNED, cast=cast)
    topic_publication_save(
        topic=topic, actor=cast.office, published=True, problem="没有电梯。", agreed="", outcome=""
    )
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    url = f"{live_server.url}/public/{cast.committee.pk}/topics/{topic.pk}/"
    page.goto(url)
    assert "没有电梯。" in page.content()
    topic_publication_save(
        topic=topic,
        actor=cast.office,
        published=True,
        problem="老旧小区没有电梯，老人上下楼难。",
        agreed="",
        outcome="",
    )
    page.goto(url)
    assert "老人上下楼难" in page.content()
    context.close()

"""Stages 5 and 6 in a real Chromium: a department reports with a photo, the office verifies,
the proposer rates it, an evaluator scores, the topic closes, and the dashboard counts it.

Elements are found by form field names, URLs and data attributes, never by translated text.
"""

import datetime as dt

import pytest
from django.utils import timezone

from evaluations.models import EvaluationResult
from followup.models import FollowUpItem
from tests.cast import Cast
from tests.workflow import advance
from topics.models import Stage, State, Topic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBMIT = "main form button[type=submit].primary"


def submit(page, detail_url):
    with page.expect_navigation():
        page.locator(SUBMIT).click()
    errors = page.locator(".form-errors, .errorlist")
    assert errors.count() == 0, f"refused at {page.url}:\n" + "\n".join(errors.all_inner_texts())
    assert page.url.split("#")[0] == detail_url, page.url


def follow(page, link):
    with page.expect_navigation():
        link.click()


def test_follow_up_evaluation_and_the_dashboard(page, live_server, login, png):
    cast = Cast().everyone()
    cast.method  # noqa: B018 — the evaluation method in force
    topic = advance(cast.topic(title="费市家苑小区12年未通管道燃气"), State.FOLLOWING_UP, cast=cast)
    detail = f"{live_server.url}/topics/{topic.pk}/"
    today = timezone.localdate()

    # The office turns the first consensus point into a task for the department.
    login(page, cast.office)
    page.goto(detail)
    follow(page, page.locator(f"main a[href='/topics/{topic.pk}/items/new/']"))
    page.select_option("select[name=source]", index=1)
    page.fill("textarea[name=task]", "完成中压管道接入和户内管道安装")
    page.check(f"input[name=department][value='{cast.department.pk}']")
    page.fill("input[name=due_on]", (today + dt.timedelta(days=30)).isoformat())
    submit(page, detail)
    item = FollowUpItem.objects.get(
        topic=topic, department=cast.department, consensus_point__isnull=False
    )

    # The department reports completion with a photo of the site.
    login(page, cast.department_user)
    page.goto(detail)
    follow(page, page.locator(f"main a[href='/topics/{topic.pk}/items/{item.pk}/report/']"))
    page.fill("input[name=percent_done]", "100")
    page.fill("textarea[name=text]", "中压管道已接入，156户居民用上管道燃气。")
    page.set_input_files("input[name=files]", png)
    page.check("input[name=completed]")
    submit(page, detail)
    assert page.locator(f"#item-{item.pk} a[href^='/files/evidence/']").count() == 1

    # The office verifies every item, then commissions the evaluation.
    login(page, cast.office)
    for open_item in FollowUpItem.objects.filter(topic=topic):
        page.goto(f"{live_server.url}/topics/{topic.pk}/items/{open_item.pk}/review/")
        page.check("input[name=decision][value=verify]")
        submit(page, detail)
    assert set(FollowUpItem.objects.filter(topic=topic).values_list("state", flat=True)) == {
        "verified"
    }

    # The proposing member rates what was done.
    login(page, cast.proposer)
    page.goto(detail)
    follow(page, page.locator(f"main a[href='/topics/{topic.pk}/items/{item.pk}/rating/']"))
    page.check("input[name=level][value=satisfied]")
    page.fill("textarea[name=comment]", "燃气已通，非常满意。")
    submit(page, detail)

    login(page, cast.office)
    page.goto(detail)
    follow(page, page.locator(f"main a[href='/topics/{topic.pk}/commission/']"))
    page.check(f"input[name=evaluators][value='{cast.evaluator_org.pk}']")
    submit(page, detail)

    # The evaluator reads the dossier (the photo and the rating included) and scores.
    login(page, cast.evaluator_user)
    page.goto(detail)
    assert page.locator("main a[href^='/files/evidence/']").count() >= 1
    assert page.locator("main", has_text="燃气已通，非常满意。").count() == 1
    follow(page, page.locator(f"main a[href='/topics/{topic.pk}/score/']"))
    page.check("input[name=no_conflict]")
    for index, field in enumerate(page.locator("input[name^=score_]").all()):
        field.fill(str(90 + index))
    for field in page.locator("textarea[name^=justification_]").all():
        field.fill("依据走访记录、办理台账和群众评价评分。")
    submit(page, detail)

    # The office closes the topic.
    login(page, cast.office)
    page.goto(detail)
    follow(page, page.locator(f"main a[href='/topics/{topic.pk}/do/close/']"))
    submit(page, detail)
    assert Topic.objects.get(pk=topic.pk).state == State.CLOSED
    result = EvaluationResult.objects.get(topic=topic)
    assert page.locator(f"main a[href='/topics/{topic.pk}/evaluation-report.pdf']").count() == 1

    # The dashboard counts it: stage 6, its grade, its department on time; charts are drawn.
    follow(page, page.locator("header nav a[href='/dashboard/']"))
    stage_row = page.locator(
        f"#figure-stage ~ .table-wrap a[href*='stage={Stage.EVALUATION.value}']"
    )
    assert stage_row.locator("xpath=ancestor::tr").locator("td").first.inner_text() == "1"
    grade_link = page.locator(f"a[href*='grade={result.grade}']")
    assert grade_link.locator("xpath=ancestor::tr").locator("td").first.inner_text() == "1"
    on_time = page.locator(f"a[href*='department={cast.department.pk}']").first
    assert on_time.locator("xpath=ancestor::tr").locator("td").first.inner_text() == "100.0"
    page.wait_for_selector("[data-chart=stage] svg")
    assert page.locator(".figure .chart svg").count() == page.locator(".figure .chart").count() > 0
    follow(page, grade_link)
    assert page.locator(f"main a[href='/topics/{topic.pk}/']").count() == 1

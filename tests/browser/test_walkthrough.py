"""One topic from proposal to closed, in a real Chromium, each step by the role that owns it.

Elements are found by form field names and URLs, never by translated text, so the test
holds in either UI language.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone, translation

from evaluations.models import EvaluationAssignment
from followup.models import FollowUpItem
from tests.cast import Cast
from topics.models import State, Topic, TransitionLog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBMIT = "main form button[type=submit].primary"


def actions_panel(page):
    return page.locator("section[aria-labelledby=s-actions]")


def submit(page, detail_url, button=SUBMIT):
    """Send the form on the page; it must save and lead back to the topic with a success message."""
    with page.expect_navigation():
        page.locator(button).click()
    errors = page.locator(".form-errors, .errorlist")
    assert errors.count() == 0, f"the form was refused at {page.url}:\n" + "\n".join(
        errors.all_inner_texts()
    )
    assert page.url.split("#")[0] == detail_url, page.url
    assert page.locator(".message-success").count() == 1


def follow(page, link):
    with page.expect_navigation():
        link.click()


def test_every_role_carries_one_topic_from_proposal_to_closed(page, live_server, login, png):
    cast = Cast()
    cast.method  # noqa: B018 — the evaluation method in force
    department = cast.department
    proposer, member, office = cast.proposer, cast.member, cast.office
    for user in (
        cast.chair,
        cast.leader_a,
        cast.leader_b,
        cast.department_user,
        cast.evaluator_user,
    ):
        assert user.pk
    today = timezone.localdate()
    title = "费市家苑小区12年未通管道燃气"

    # Stage 1: a member proposes and submits; the chair meeting approves.
    login(page, proposer)
    follow(page, page.locator("nav a[href='/topics/new/']"))
    form = page.locator("main form")
    form.locator("input[name=title]").fill(title)
    form.locator("textarea[name=description]").fill(
        "小区建成12年仍未通管道燃气，居民长期使用瓶装液化气。"
    )
    form.locator("select[name=category]").select_option("infrastructure")
    form.locator("select[name=channel]").select_option("member")
    with page.expect_navigation():
        page.locator(SUBMIT).click()
    topic = Topic.objects.get(title=title)
    detail = f"{live_server.url}/topics/{topic.pk}/"
    assert page.url == detail
    follow(page, actions_panel(page).locator(f"a[href='/topics/{topic.pk}/do/submit/']"))
    submit(page, detail)

    login(page, cast.chair)
    follow(page, page.locator(f"main a[href='/topics/{topic.pk}/']").first)
    follow(page, actions_panel(page).locator(f"a[href='/topics/{topic.pk}/do/approve/']"))
    page.locator("textarea[name=comment]").fill("列入年度协商计划。")
    submit(page, detail)

    # Stage 2: the office plans the research; a member of the team records it.
    login(page, office)
    page.goto(detail)
    follow(page, actions_panel(page).locator(f"a[href='/topics/{topic.pk}/plan/']"))
    for user in (proposer, member):
        page.check(f"input[name=team][value='{user.pk}']")
    page.fill("input[name=starts_on]", today.isoformat())
    page.fill("input[name=ends_on]", (today + dt.timedelta(days=90)).isoformat())
    page.fill("textarea[name=objectives]", "摸清管道燃气未通的原因，提出可行的接入方案。")
    submit(page, detail)

    login(page, proposer)
    page.goto(detail)
    follow(page, page.locator(f"main a[href='/topics/{topic.pk}/activities/new/']"))
    page.select_option("select[name=kind]", "symposium")
    page.fill("input[name=held_on]", today.isoformat())
    page.fill("input[name=place]", "费市家苑社区会议室")
    page.check(f"input[name=members][value='{proposer.pk}']")
    page.check(f"input[name=departments][value='{department.pk}']")
    page.fill("[name=residents_met]", "居民代表12人、村委会")
    page.fill("textarea[name=findings]", "燃气管网距小区仅800米，接入受阻于管线迁改费用分摊。")
    page.set_input_files("input[name=files]", png)
    submit(page, detail)
    follow(page, page.locator(f"main a[href='/topics/{topic.pk}/report/']"))
    page.fill(
        "textarea[name=content]", "经过三个多月调研，召开座谈会十余次，摸清了燃气接入的主要障碍。"
    )
    page.fill(
        "textarea[name=preliminary_solution]",
        "由区住建局牵头，燃气公司承担主管网费用，分两期接入。",
    )
    submit(page, detail)
    assert page.locator("main a[href^='/files/research/']").count() == 1

    # Stage 3: the office schedules the session (already begun) and records it.
    login(page, office)
    page.goto(detail)
    follow(page, actions_panel(page).locator(f"a[href='/topics/{topic.pk}/session/schedule/']"))
    starts_at = timezone.localtime() - dt.timedelta(hours=2)
    page.fill("input[name=starts_at]", starts_at.strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=venue]", "前洋e商小镇委员会客厅")
    page.fill("textarea[name=agenda]", "通报调研情况；部门答复；协商解决方案。")
    submit(page, detail)
    follow(page, actions_panel(page).locator(f"a[href='/topics/{topic.pk}/session/record/']"))
    for user in (proposer, member):
        page.check(f"input[name=members][value='{user.pk}']")
    page.check(f"input[name=departments][value='{department.pk}']")
    page.fill("input[name=residents_count]", "12")
    page.fill("textarea[name=consensus]", "燃气公司年内完成主管网接入\n区住建局协调管线迁改")
    submit(page, detail)

    # Stage 4: minutes submitted to one leader, who signs them off.
    follow(page, actions_panel(page).locator(f"a[href='/topics/{topic.pk}/minutes/']"))
    page.fill("textarea[name=text]", "专题协商纪要：各方就费市家苑小区管道燃气接入达成共识。")
    page.check(f"input[name=leaders][value='{cast.leader_a.pk}']")
    submit(page, detail, button="main form button[name=submit]")

    login(page, cast.leader_a)
    follow(page, page.locator(f"main a[href='/topics/{topic.pk}/minutes/sign/']"))
    page.check("input[name=decision][value=approve]")
    page.fill("textarea[name=opinion]", "同意纪要意见，请区住建局牵头落实。")
    submit(page, detail)

    # Stage 5: a follow-up item for the department, reported with evidence, verified.
    login(page, office)
    page.goto(detail)
    follow(page, page.locator(f"main a[href='/topics/{topic.pk}/items/new/']"))
    page.fill("textarea[name=task]", "制定管道燃气接入实施方案并完成一期施工")
    page.select_option("select[name=source]", index=1)  # the first consensus point
    page.check(f"input[name=department][value='{department.pk}']")
    page.fill("input[name=due_on]", (today + dt.timedelta(days=30)).isoformat())
    submit(page, detail)
    item = FollowUpItem.objects.get(topic=topic)

    login(page, cast.department_user)
    follow(page, page.locator(f"main a[href='/topics/{topic.pk}/#item-{item.pk}']"))
    follow(page, page.locator(f"main a[href='/topics/{topic.pk}/items/{item.pk}/report/']"))
    page.fill("input[name=percent_done]", "100")
    page.fill("textarea[name=text]", "一期管网已通气，156户居民用上管道燃气。")
    page.set_input_files("input[name=files]", png)
    page.check("input[name=completed]")
    submit(page, detail)
    assert page.locator(f"#item-{item.pk} a[href^='/files/evidence/']").count() == 1

    login(page, office)
    page.goto(detail)
    follow(page, page.locator(f"main a[href='/topics/{topic.pk}/items/{item.pk}/review/']"))
    page.check("input[name=decision][value=verify]")
    submit(page, detail)

    # Stage 6: the evaluation is commissioned, scored by the evaluator, and the topic closed.
    follow(page, actions_panel(page).locator(f"a[href='/topics/{topic.pk}/commission/']"))
    page.check(f"input[name=evaluators][value='{cast.evaluator_org.pk}']")
    submit(page, detail)

    login(page, cast.evaluator_user)
    follow(page, page.locator(f"main a[href='/topics/{topic.pk}/score/']"))
    page.check("input[name=no_conflict]")
    scores = page.locator("input[name^=score_]")
    assert scores.count() == cast.method.indicators.count()
    for score, value in zip(scores.all(), ("95", "90", "85"), strict=True):
        score.fill(value)
    for justification in page.locator("textarea[name^=justification_]").all():
        justification.fill("依据走访记录和部门台账评分。")
    page.fill("textarea[name=summary]", "协商成果转化充分，群众满意度高。")
    submit(page, detail)
    assert EvaluationAssignment.objects.get(topic=topic).state == "submitted"

    login(page, office)
    page.goto(detail)
    follow(page, actions_panel(page).locator(f"a[href='/topics/{topic.pk}/do/close/']"))
    page.fill("textarea[name=comment]", "评估完成，议题办结。")
    submit(page, detail)

    # The page shows the closed state and the whole transition record.
    topic.refresh_from_db()
    assert topic.state == State.CLOSED
    with translation.override("zh-hans"):
        closed = str(State.CLOSED.label)
        targets = [
            str(State(target).label)
            for target in TransitionLog.objects.filter(topic=topic)
            .order_by("at", "pk")
            .values_list("target", flat=True)
        ]
    assert page.locator("main h1 + p .badge-closed").inner_text().strip() == closed
    assert page.locator("ol.timeline li.current").count() == 0
    assert page.locator("ol.timeline li.done").count() == 6
    log = page.locator("section[aria-labelledby=s-log] ol > li")
    assert log.count() == 9
    shown = [
        re.split(r"\s*→\s*", text)[-1].strip() for text in log.locator("strong").all_inner_texts()
    ]
    assert shown == targets
    assert targets[-1] == closed
    assert actions_panel(page).locator("a.button").count() == 0

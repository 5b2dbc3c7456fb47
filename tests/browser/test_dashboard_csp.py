"""The dashboard draws every ECharts chart under the strict Content-Security-Policy: the
policy is on (no 'unsafe-inline' script), Chromium refuses nothing (the `page` fixture fails
on any refusal) and each chart has its SVG."""

import datetime as dt

from followup.services import follow_up_item_add
from tests.workflow import advance, today
from topics.models import State


def test_the_dashboard_draws_its_charts_with_the_policy_on(page, live_server, login, cast):
    cast.everyone()
    advance(cast.topic(title="费市家苑小区12年未通管道燃气"), State.CLOSED, cast=cast)
    following = advance(cast.topic(title="慈城北部山区供水"), State.FOLLOWING_UP, cast=cast)
    follow_up_item_add(
        topic=following,
        actor=cast.office,
        task="完成一期管网施工",
        department=cast.department,
        due_on=today() + dt.timedelta(days=3),
    )
    login(page, cast.office)
    response = page.goto(f"{live_server.url}/dashboard/")
    policy = response.headers["content-security-policy"]
    script_src = next(part for part in policy.split(";") if "script-src" in part)
    assert "'self'" in script_src and "unsafe-inline" not in script_src
    page.wait_for_selector("[data-chart=stage] svg")
    charts = page.locator(".figure .chart")
    assert charts.count() > 3
    page.wait_for_function(
        "() => [...document.querySelectorAll('.figure .chart')].every(c => c.querySelector('svg'))"
    )
    assert page.locator(".figure .chart svg").count() == charts.count()
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('.figure .chart svg')]"
        ".filter(svg => svg.querySelectorAll('path, rect, text').length > 0).length"
    )
    assert drawn == charts.count()

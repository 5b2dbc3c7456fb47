"""The year at a glance: every figure recounted from the database, constant queries, access."""

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import EvaluationResult, Grade
from followup.models import FollowUpItem, SatisfactionRating
from people.models import CommitteeBody
from tests.cast import Cast
from tests.topics.factories import TopicFactory
from topics.models import STAGE_OF_STATE, STATES_OF_STAGE, AnnualPlan, Stage, Topic, TransitionLog
from topics.selectors import HELD_STATES

from .data import generate

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def data(db):
    return generate(committees=2, years=(YEAR - 1, YEAR), topics_per_year=30, seed=7)


def figures_of(client, user, **query):
    client.force_login(user)
    response = client.get(reverse("dashboard:index"), {"year": YEAR, **query})
    assert response.status_code == 200
    return {figure.key: figure for figure in response.context["figures"]}


def values(figure, column=0):
    return {row.label: row.values[column] for row in figure.rows}


def list_total(client, url):
    return client.get(url).context["total"]


def test_every_figure_equals_a_count_made_from_the_database(client, data):
    figures = figures_of(client, data["office"])
    committees = data["committees"]
    topics = Topic.objects.filter(committee__in=committees, year=YEAR)
    today = timezone.localdate()

    assert values(figures["plan"]) == {
        str(c): topics.filter(committee=c, plan__isnull=False, state__in=HELD_STATES).count()
        for c in committees
    }
    assert values(figures["plan"], 1) == {
        str(c): AnnualPlan.objects.get(committee=c, year=YEAR).target_sessions for c in committees
    }
    assert values(figures["stage"]) == {
        str(stage.label): topics.filter(state__in=STATES_OF_STAGE[stage]).count() for stage in Stage
    }
    assert values(figures["channel"]) == {
        str(label): topics.filter(channel=value).count() for value, label in Topic.Channel.choices
    }
    assert values(figures["committee"]) == {
        c.name: topics.filter(committee=c).count() for c in committees
    }
    kinds = dict(CommitteeBody.Kind.choices)
    assert values(figures["body"]) == {
        f"{body.name}（{kinds[body.kind]}）": topics.filter(proposer_body=body).count()
        for body in CommitteeBody.objects.filter(committee__in=committees)
        if topics.filter(proposer_body=body)
    }
    assert values(figures["category"]) == {
        str(label): topics.filter(category=value).count() for value, label in Topic.Category.choices
    }
    assert values(figures["grade"]) == {
        str(label): EvaluationResult.objects.filter(topic__in=topics, grade=value).count()
        for value, label in Grade.choices
    }
    items = list(FollowUpItem.objects.filter(topic__in=topics).select_related("department"))
    overdue = defaultdict(int)
    for item in items:
        if item.state == "assigned" and item.due_on < today:
            overdue[item.department.name] += 1
    assert values(figures["overdue"]) == overdue
    assert sum(overdue.values()) > 0

    expected_rates = {}
    for department in {item.department for item in items}:
        mine = [item for item in items if item.department == department]
        on_time = sum(1 for i in mine if i.state == "verified" and i.completed_on <= i.due_on)
        late = sum(1 for i in mine if i.state == "verified" and i.completed_on > i.due_on)
        late_or_not = (
            on_time + late + sum(1 for i in mine if i.state == "assigned" and i.due_on < today)
        )
        rate = None
        if late_or_not:
            rate = (Decimal(100) * on_time / late_or_not).quantize(Decimal("0.1"), ROUND_HALF_UP)
        expected_rates[department.name] = [rate, len(mine), on_time, late, overdue[department.name]]
    assert {row.label: row.values for row in figures["on_time"].rows} == expected_rates
    assert values(figures["days"]) == days_counted_in_python(topics)


def days_counted_in_python(topics):
    """Stage → mean days per topic, counted from each topic's transition record."""
    per_stage = defaultdict(lambda: defaultdict(float))
    for topic in topics:
        since = topic.created_at
        for log in TransitionLog.objects.filter(topic=topic).order_by("at", "pk"):
            per_stage[STAGE_OF_STATE[log.source]][topic.pk] += (
                log.at - since
            ).total_seconds() / 86400
            since = log.at
    expected = {}
    for stage in Stage:
        stays = per_stage.get(stage)
        mean = sum(stays.values()) / len(stays) if stays else None
        expected[str(stage.label)] = (
            Decimal(str(mean)).quantize(Decimal("0.1"), ROUND_HALF_UP) if mean is not None else None
        )
    return expected


@pytest.mark.slow  # over 3 s on two workers: follows the link of every figure
def test_each_figure_links_to_the_list_of_the_topics_it_counts(client, data):
    figures = figures_of(client, data["office"])
    for key in ("plan", "stage", "channel", "committee", "body", "category", "grade"):
        for row in figures[key].rows:
            assert list_total(client, row.url) == row.values[0], (key, row.label)
    topics = Topic.objects.filter(committee__in=data["committees"], year=YEAR)
    for row in figures["overdue"].rows:
        expected = (
            topics.filter(
                follow_up_items__department__name=row.label,
                follow_up_items__state="assigned",
                follow_up_items__due_on__lt=timezone.localdate(),
            )
            .distinct()
            .count()
        )
        assert list_total(client, row.url) == expected


def test_one_committee_chosen_narrows_every_figure(client, data):
    first = data["committees"][0]
    figures = figures_of(client, data["office"], committee=first.pk)
    assert "committee" not in figures
    assert (
        sum(values(figures["stage"]).values())
        == Topic.objects.filter(committee=first, year=YEAR).count()
    )
    assert all(f"committee={first.pk}" in row.url for row in figures["stage"].rows)


def test_average_days_in_each_stage_hand_checked(client):
    cast = Cast()
    start = timezone.make_aware(dt.datetime(YEAR, 3, 1, 9))
    # Topic A: draft 2 days, proposed 3 days (stage 1: 5 days), planned 10 days (stage 2).
    # Topic B: draft 1 day, proposed 3 days (stage 1: 4 days), still planned.
    for title, steps in (
        (
            "A",
            [(2, "draft", "proposed"), (5, "proposed", "planned"), (15, "planned", "researching")],
        ),
        ("B", [(1, "draft", "proposed"), (4, "proposed", "planned")]),
    ):
        topic = TopicFactory(
            committee=cast.committee, title=title, created_by=cast.office, year=YEAR
        )
        Topic.objects.filter(pk=topic.pk).update(created_at=start)
        for day, source, target in steps:
            log = TransitionLog.objects.create(
                topic=topic, actor=cast.office, transition="x", source=source, target=target
            )
            TransitionLog.objects.filter(pk=log.pk).update(at=start + dt.timedelta(days=day))
    figures = figures_of(client, cast.office)
    assert values(figures["days"])[str(Stage.SELECTION.label)] == Decimal("4.5")  # (5 + 4) / 2
    assert values(figures["days"])[str(Stage.RESEARCH.label)] == Decimal("10.0")  # A only
    assert values(figures["days"], 1)[str(Stage.RESEARCH.label)] == 1
    assert values(figures["days"])[str(Stage.DELIBERATION.label)] is None


def test_dashboard_query_count_does_not_grow_with_the_topics(
    client, django_assert_max_num_queries, db
):
    small = generate(committees=2, years=(YEAR,), topics_per_year=3, seed=1, prefix="小")
    large = generate(committees=3, years=(YEAR - 1, YEAR), topics_per_year=40, seed=2, prefix="大")
    counts = []
    for data in (small, large):
        client.force_login(data["office"])
        for url in (reverse("dashboard:index"), reverse("dashboard:assessment")):
            with django_assert_max_num_queries(25) as captured:
                assert client.get(url, {"year": YEAR}).status_code == 200
            counts.append(len(captured.captured_queries))
    assert counts[:2] == counts[2:], counts
    client.force_login(large["office"])
    department = (
        FollowUpItem.objects.filter(topic__committee__in=large["committees"]).first().department
    )
    with django_assert_max_num_queries(14):
        response = client.get(
            reverse("topics:list"), {"year": YEAR, "department": department.pk, "overdue": "on"}
        )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("key", "status"),
    [
        ("office", 200),
        ("leader", 200),
        ("member", 403),
        ("chair", 403),
        ("department_user", 403),
        ("evaluator_user", 403),
    ],
)
def test_the_dashboard_is_for_office_staff_and_leaders(client, key, status):
    cast = Cast()
    client.force_login(cast.actor(key))
    for name in ("index", "export", "assessment", "assessment_export"):
        assert client.get(reverse(f"dashboard:{name}")).status_code == status, name


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_another_committee_counts_nothing_of_this_one(client, data):
    stranger = Cast().office
    figures = figures_of(client, stranger)
    assert sum(values(figures["stage"]).values()) == 0
    assert not figures["on_time"].rows


def test_a_bad_year_shows_an_error_and_the_current_year(client, data):
    client.force_login(data["office"])
    response = client.get(reverse("dashboard:index"), {"year": "1999"})
    assert response.status_code == 200
    assert response.context["form"].errors["year"] and response.context["scope"].year == YEAR


def test_the_assessment_counts_items_and_satisfaction_per_department(client, data):
    client.force_login(data["office"])
    figure = client.get(reverse("dashboard:assessment"), {"year": YEAR}).context["figure"]
    items = FollowUpItem.objects.filter(topic__committee__in=data["committees"], topic__year=YEAR)
    ratings = SatisfactionRating.objects.filter(item__in=items)
    for row in figure.rows:
        mine = items.filter(department__name=row.label)
        theirs = ratings.filter(item__department__name=row.label)
        assigned, on_time, late, overdue, still_open, closed = row.values[:6]
        satisfied, basically, dissatisfied = row.values[7:10]
        assert assigned == mine.count()
        assert on_time + late == mine.filter(state="verified").count()
        assert overdue == mine.filter(state="assigned", due_on__lt=timezone.localdate()).count()
        assert still_open + overdue == mine.filter(state__in=["assigned", "reported_done"]).count()
        assert closed == mine.filter(state="closed").count()
        assert (satisfied, basically, dissatisfied) == tuple(
            theirs.filter(level=level).count()
            for level in ("satisfied", "basically_satisfied", "dissatisfied")
        )
    assert sum(row.values[0] for row in figure.rows) == items.count()

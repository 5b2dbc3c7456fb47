"""Generated years of work for the dashboard's tests and benchmark, written with bulk_create.

Each topic gets a random state and the records a topic in that state has: its transition
record from creation on (days apart), its plan, its session, follow-up items (some verified
on time, some late, some overdue), members' ratings, evaluation assignments with scores and,
once every evaluation is in, the stored result. Services are not used: the point is volume.
"""

import datetime as dt
import random
from contextlib import contextmanager
from decimal import Decimal

from django.utils import timezone

from consultations.models import ConsensusPoint, Minutes, Session
from evaluations.models import (
    EvaluationAssignment,
    EvaluationMethod,
    EvaluationResult,
    Indicator,
    Score,
)
from followup.models import FollowUpItem, SatisfactionRating
from people.models import (
    Committee,
    CommitteeBody,
    Department,
    EvaluatorOrganisation,
    Membership,
    User,
)
from people.roles import Role
from portal.driver import forward_step
from research.models import ResearchActivity
from topics.models import AnnualPlan, State, Topic, TransitionLog
from topics.search import documents_rebuild


def _main_path():
    """The path a topic walks to each state, as (step, target) pairs, from the catalogue."""
    path, state = [], State.DRAFT
    while (step := forward_step(state)) is not None:
        path.append((step.name, State(step.target)))
        state = step.target
    return path


PATH = _main_path()
ORDER = [State.DRAFT] + [target for _name, target in PATH]
STATES = [*ORDER, State.REJECTED]
# Words the generated texts are made of, so that a search finds some topics and not others.
PLACES = [
    "慈城镇",
    "孔浦街道",
    "庄桥街道",
    "洪塘街道",
    "甬江街道",
    "文教街道",
    "中马街道",
    "白沙街道",
]
SUBJECTS = [
    "老旧小区加装电梯",
    "管道燃气接入",
    "农村公路养护",
    "城乡生活垃圾分类",
    "居家养老服务",
    "农产品销售渠道",
    "沿线路灯照明",
    "山区大管网供水",
    "小区停车难",
    "学校周边交通",
    "社区医疗服务",
    "调解员队伍建设",
]
FINDINGS = [
    "居民反映问题已持续多年",
    "相关部门职责交叉",
    "资金缺口较大",
    "施工许可办理周期长",
    "群众满意度有待提高",
    "基层人手不足",
    "现有设施老化严重",
    "试点经验值得推广",
]
WEIGHTS = [
    ("议题选择", 20),
    ("调研深度", 20),
    ("协商质量", 25),
    ("成果转化", 25),
    ("群众满意度", 10),
]


def generate(*, committees=2, years=(2025,), topics_per_year=20, seed=1, prefix="生成") -> dict:
    """Create the data; returns the committees and one office user and leader belonging to all."""
    rng = random.Random(seed)
    today = timezone.localdate()
    office = User.objects.create(username=f"{prefix}-office-{seed}", full_name="办公室")
    leader = User.objects.create(username=f"{prefix}-leader-{seed}", full_name="领导")
    created = Committee.objects.bulk_create(
        [
            Committee(name=f"{prefix}政协{seed}-{index}", short_name=f"{prefix}{index}")
            for index in range(committees)
        ]
    )
    Membership.objects.bulk_create(
        Membership(user=user, committee=committee, role=role)
        for user, role in ((office, Role.OFFICE_STAFF), (leader, Role.LEADER))
        for committee in created
    )
    bodies, departments, evaluators, methods = {}, {}, {}, {}
    for committee in created:
        bodies[committee.pk] = CommitteeBody.objects.bulk_create(
            [
                CommitteeBody(committee=committee, kind=kind, name=f"{kind}-{committee.pk}-{index}")
                for index, kind in enumerate(["special", "special", "liaison", "sector", "sector"])
            ]
        )
        departments[committee.pk] = Department.objects.bulk_create(
            [
                Department(committee=committee, name=f"部门{committee.pk}-{index}")
                for index in range(6)
            ]
        )
        evaluators[committee.pk] = EvaluatorOrganisation.objects.bulk_create(
            [
                EvaluatorOrganisation(committee=committee, name=f"评估机构{index}")
                for index in range(2)
            ]
        )
        method = EvaluationMethod.objects.create(committee=committee, name="评价办法", version=1)
        indicators = Indicator.objects.bulk_create(
            [
                Indicator(method=method, position=position, name=name, weight=weight)
                for position, (name, weight) in enumerate(WEIGHTS)
            ]
        )
        methods[committee.pk] = (method, indicators)

    plans = AnnualPlan.objects.bulk_create(
        [AnnualPlan(committee=committee, year=year) for committee in created for year in years]
    )
    plan_of = {(plan.committee_id, plan.year): plan for plan in plans}
    topics, states = [], []
    for committee in created:
        for year in years:
            for number in range(topics_per_year):
                state = rng.choice(STATES)
                planned = state not in (State.DRAFT, State.PROPOSED, State.REJECTED)
                place, subject = rng.choice(PLACES), rng.choice(SUBJECTS)
                topics.append(
                    Topic(
                        committee=committee,
                        year=year,
                        plan=plan_of[committee.pk, year] if planned else None,
                        title=f"{prefix}议题{year}-{number}{place}{subject}",
                        description=f"生成的议题：{place}{subject}，{rng.choice(FINDINGS)}。",
                        category=rng.choice(Topic.Category.values),
                        channel=rng.choice(Topic.Channel.values),
                        proposer_body=rng.choice([None, *bodies[committee.pk]]),
                        state=state,
                        created_by=office,
                    )
                )
                states.append(state)
    logs, sessions, started = [], [], {}
    for topic in topics:
        moment = timezone.make_aware(dt.datetime(topic.year, 1, 1, 9)) + dt.timedelta(
            days=rng.randint(0, 60)
        )
        topic.created_at = topic.updated_at = moment
        for name, target, source in _steps_to(topic.state):
            moment += dt.timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 8))
            started[id(topic), target] = topic.updated_at = moment
            log = TransitionLog(
                actor=office, transition=name, source=source, target=target, at=moment
            )
            logs.append((topic, log))
    with _own_timestamps(Topic, "created_at", "updated_at"):
        topics = Topic.objects.bulk_create(topics, batch_size=2000)
    for topic, log in logs:
        log.topic = topic
        if log.target == State.SESSION_SCHEDULED:
            sessions.append(
                Session(topic=topic, starts_at=log.at, venue="委员会客厅", agenda="议程")
            )
    with _own_timestamps(TransitionLog, "at"):
        TransitionLog.objects.bulk_create([log for _topic, log in logs], batch_size=5000)
    sessions = Session.objects.bulk_create(sessions, batch_size=2000)
    ConsensusPoint.objects.bulk_create(
        [
            ConsensusPoint(
                session=session, position=position, text=f"共识{position}：{rng.choice(FINDINGS)}"
            )
            for session in sessions
            for position in (1, 2)
        ],
        batch_size=5000,
    )
    researched = [(topic, log.at) for topic, log in logs if log.target == State.RESEARCHING]
    ResearchActivity.objects.bulk_create(
        [
            ResearchActivity(
                topic=topic,
                kind=kind,
                held_on=timezone.localdate(at) + dt.timedelta(days=days),
                place=rng.choice(PLACES),
                findings=f"走访发现：{rng.choice(FINDINGS)}，{rng.choice(FINDINGS)}。",
                recorded_by=office,
            )
            for topic, at in researched
            for kind, days in (
                (ResearchActivity.Kind.VISIT, 3),
                (ResearchActivity.Kind.SYMPOSIUM, 10),
            )
        ],
        batch_size=5000,
    )
    Minutes.objects.bulk_create(
        [
            Minutes(
                topic=topic,
                text=f"专题协商纪要：就{topic.title[-8:]}达成共识，{rng.choice(FINDINGS)}。",
                written_by=office,
            )
            for topic, log in logs
            if log.target == State.DELIBERATED
        ],
        batch_size=5000,
    )

    items = []
    for topic in topics:
        if topic.state not in (State.FOLLOWING_UP, State.EVALUATING, State.CLOSED):
            continue
        assigned_on = timezone.localdate(started[id(topic), State.FOLLOWING_UP])
        for department in rng.sample(departments[topic.committee_id], 2):
            due_on = assigned_on + dt.timedelta(days=rng.randint(20, 90))
            if topic.state == State.FOLLOWING_UP:
                state = rng.choice(
                    [
                        FollowUpItem.State.ASSIGNED,
                        FollowUpItem.State.REPORTED_DONE,
                        FollowUpItem.State.VERIFIED,
                        FollowUpItem.State.CLOSED,
                    ]
                )
            else:
                state = rng.choice([FollowUpItem.State.VERIFIED] * 4 + [FollowUpItem.State.CLOSED])
            completed_on = None
            if state in (FollowUpItem.State.REPORTED_DONE, FollowUpItem.State.VERIFIED):
                completed_on = min(due_on + dt.timedelta(days=rng.randint(-15, 10)), today)
            items.append(
                FollowUpItem(
                    topic=topic,
                    task="生成的任务",
                    department=department,
                    due_on=due_on,
                    state=state,
                    completed_on=completed_on,
                    percent_done=100 if completed_on else rng.randint(0, 90),
                    created_by=office,
                )
            )
    items = FollowUpItem.objects.bulk_create(items, batch_size=5000)
    members = list(
        User.objects.bulk_create(
            [
                User(username=f"{prefix}-member-{seed}-{committee.pk}", full_name="委员")
                for committee in created
            ]
        )
    )
    member_of = {committee.pk: member for committee, member in zip(created, members, strict=True)}
    SatisfactionRating.objects.bulk_create(
        [
            SatisfactionRating(
                item=item,
                member=member_of[item.topic.committee_id],
                level=rng.choice(SatisfactionRating.Level.values),
                comment="评价",
            )
            for item in items
            if item.state == FollowUpItem.State.VERIFIED and rng.random() < 0.7
        ],
        batch_size=5000,
    )

    assignments = []
    for topic in topics:
        if topic.state not in (State.EVALUATING, State.CLOSED):
            continue
        method, _indicators = methods[topic.committee_id]
        for evaluator in evaluators[topic.committee_id][: rng.randint(1, 2)]:
            submitted = topic.state == State.CLOSED or rng.random() < 0.5
            assignments.append(
                EvaluationAssignment(
                    topic=topic,
                    evaluator=evaluator,
                    method=method,
                    commissioned_by=office,
                    state=EvaluationAssignment.State.SUBMITTED
                    if submitted
                    else EvaluationAssignment.State.ASSIGNED,
                )
            )
    assignments = EvaluationAssignment.objects.bulk_create(assignments, batch_size=5000)
    scores, totals = [], {}
    for assignment in assignments:
        if assignment.state != EvaluationAssignment.State.SUBMITTED:
            totals.setdefault(assignment.topic_id, []).append(None)
            continue
        _method, indicators = methods[assignment.topic.committee_id]
        values = [Decimal(rng.randint(50, 100)) for _indicator in indicators]
        scores += [
            Score(assignment=assignment, indicator=indicator, score=value, justification="依据")
            for indicator, value in zip(indicators, values, strict=True)
        ]
        total = sum(i.weight * v for i, v in zip(indicators, values, strict=True)) / 100
        assignment.total = total
        totals.setdefault(assignment.topic_id, []).append(total)
    Score.objects.bulk_create(scores, batch_size=5000)
    EvaluationAssignment.objects.bulk_update(
        [a for a in assignments if a.total is not None], ["total"], batch_size=2000
    )
    results = []
    for topic in topics:
        topic_totals = totals.get(topic.pk)
        if not topic_totals or None in topic_totals:
            continue
        method, _indicators = methods[topic.committee_id]
        score = (sum(topic_totals) / len(topic_totals)).quantize(Decimal("0.01"))
        results.append(
            EvaluationResult(
                topic=topic,
                method=method,
                score=score,
                grade=method.grade_for(score),
                evaluator_count=len(topic_totals),
            )
        )
    EvaluationResult.objects.bulk_create(results, batch_size=5000)
    documents_rebuild([topic.pk for topic in topics])
    return {"committees": created, "office": office, "leader": leader}


@contextmanager
def _own_timestamps(model, *names):
    """Let bulk_create keep the generated dates instead of stamping every row with now."""
    fields = [model._meta.get_field(name) for name in names]
    saved = [(field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _steps_to(state):
    """(transition, target, source) from draft to `state`."""
    if state == State.REJECTED:
        return [("submit", State.PROPOSED, State.DRAFT), ("reject", State.REJECTED, State.PROPOSED)]
    steps, source = [], State.DRAFT
    for name, target in PATH[: ORDER.index(state)]:
        steps.append((name, target, source))
        source = target
    return steps


def add_duties(committee, *, members=200, seed=1, prefix="生成") -> list:
    """Members' duties on top of `generate`: `members` members of `committee` in its sectors
    and bodies, each co-signing some of its topics, present at, absent from or on leave from
    some of its sessions, and the committee's scoring rule. Returns the members."""
    from duties.models import Attendance, ScoringRule
    from topics.models import TopicProposer

    rng = random.Random(seed)
    office = Membership.objects.filter(committee=committee, role=Role.OFFICE_STAFF).first().user
    people = User.objects.bulk_create(
        [
            User(username=f"{prefix}-duty-{seed}-{committee.pk}-{n}", full_name=f"委员{n}")
            for n in range(members)
        ]
    )
    Membership.objects.bulk_create(
        Membership(user=person, committee=committee, role=Role.MEMBER) for person in people
    )
    bodies = list(CommitteeBody.objects.filter(committee=committee))
    User.bodies.through.objects.bulk_create(
        User.bodies.through(user=person, committeebody=body)
        for person in people
        for body in rng.sample(bodies, k=min(2, len(bodies)))
    )
    topics = list(Topic.objects.filter(committee=committee).exclude(state=State.DRAFT))
    TopicProposer.objects.bulk_create(
        [
            TopicProposer(topic=topic, member=person, confirmed_at=topic.created_at)
            for person in people
            for topic in rng.sample(topics, k=min(5, len(topics)))
        ],
        batch_size=5000,
    )
    sessions = list(Session.objects.filter(topic__committee=committee))
    Attendance.objects.bulk_create(
        [
            Attendance(
                committee=committee,
                session=session,
                member=person,
                status=rng.choice(Attendance.Status.values),
                source=Attendance.Source.OFFICE,
                recorded_by=office,
            )
            for person in people
            for session in rng.sample(sessions, k=min(20, len(sessions)))
        ],
        batch_size=5000,
    )
    ScoringRule.objects.create(
        committee=committee,
        version=1,
        from_year=2000,
        weights={
            "proposed": "10",
            "cosigned": "5",
            "research": "3",
            "session_attended": "4",
            "session_missed": "-2",
            "leave": "0",
            "reception_day": "3",
            "reception_missed": "-1",
            "problem_recorded": "2",
            "rating": "1",
        },
        created_by=office,
    )
    return people


PLACES = ["孔浦街道", "慈城镇", "庄桥街道", "洪塘街道", "甬江街道", "前洋e商小镇", "文教街道"]
PROBLEMS = [
    "沿线无路灯", "公交班次太少", "老旧小区加装电梯", "垃圾分类投放点太远", "楼道灯损坏",
    "农产品销售难", "菜市场环境差", "停车位不足", "雨天道路积水", "养老服务点太少",
    "自来水水压低", "学校门口交通拥堵", "河道有异味", "健身设施损坏", "树木遮挡采光",
]  # fmt: skip


def generate_submissions(committees, *, per_committee=100, seed=1, publish_closed=True) -> int:
    """Problems from the public for each committee (about a third decided, some at reception
    days), and, with `publish_closed`, a public page for every closed topic. Returns how many
    submissions were written."""
    from public.models import PublicReply, ReceptionDay, Submission, TopicPublication

    rng = random.Random(seed)
    now = timezone.now()
    office = User.objects.filter(
        memberships__committee=committees[0], memberships__role=Role.OFFICE_STAFF
    ).first()
    written = 0
    for committee in committees:
        days = ReceptionDay.objects.bulk_create(
            [
                ReceptionDay(
                    committee=committee,
                    kind="member_lounge",
                    venue_name=f"委员会客厅{committee.pk}-{index}",
                    venue_address=rng.choice(PLACES),
                    starts_at=now + dt.timedelta(days=index * 7 - 60),
                    ends_at=now + dt.timedelta(days=index * 7 - 60, hours=3),
                )
                for index in range(12)
            ]
        )
        topic_ids = list(Topic.objects.filter(committee=committee).values_list("pk", flat=True))
        rows = []
        for number in range(per_committee):
            place = rng.choice(PLACES)
            problem = rng.choice(PROBLEMS)
            day = rng.choice(days) if rng.random() < 0.3 else None
            created = now - dt.timedelta(days=rng.randint(0, 360), minutes=number)
            state = rng.choice(
                ["received", "received", "accepted", "merged", "referred", "declined"]
            )
            rows.append(
                Submission(
                    committee=committee,
                    tracking_hash=f"{committee.pk:08d}{seed:04d}{number:052d}",
                    title=f"{place}{problem}",
                    description=f"{place}一带{problem}，群众反映已有一段时间，希望尽快解决。",
                    place=place,
                    category=rng.choice(Topic.Category.values),
                    name=f"群众{number}",
                    mobile=f"139{committee.pk:03d}{number:05d}",
                    consented_at=created,
                    channel="reception" if day else "online",
                    reception_day=day,
                    state=state,
                    topic_id=rng.choice(topic_ids) if state in ("accepted", "merged") else None,
                    decline_reason="不属于协商范围。" if state == "declined" else "",
                    created_at=created,
                    first_reply_at=(
                        created + dt.timedelta(days=rng.randint(1, 20))
                        if state != "received"
                        else None
                    ),
                    updated_at=created,
                )
            )
        with _own_timestamps(Submission, "created_at", "updated_at"):
            saved = Submission.objects.bulk_create(rows, batch_size=2000)
        PublicReply.objects.bulk_create(
            [
                PublicReply(submission=row, text="已办理。", author=office, notified_at=now)
                for row in saved
                if row.state != "received"
            ],
            batch_size=2000,
        )
        written += len(saved)
    if publish_closed:
        TopicPublication.objects.bulk_create(
            [
                TopicPublication(
                    topic=topic,
                    published=True,
                    problem=topic.description,
                    agreed="协商达成共识。",
                    outcome="问题已解决。",
                )
                for topic in Topic.objects.filter(committee__in=committees, state=State.CLOSED)
            ],
            batch_size=2000,
        )
    return written

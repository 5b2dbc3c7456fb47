"""Factories for the domain, and `advance`, which walks a topic through the real services.

Records made by `advance` are the ones a real user would leave behind at each step (research
plan, a symposium with findings, the report, the session with attendees and consensus, the
minutes signed by two leaders, a follow-up item verified, a submitted evaluation), so tests
that start from any state see a realistic dossier. Everything is relative to the current
date, with the session an hour in the past so that it can be recorded as held.
"""

import datetime as dt
from decimal import Decimal
from functools import cached_property

import factory
from django.contrib.auth.models import AnonymousUser, Group
from django.utils import timezone
from factory.django import DjangoModelFactory

from consultations.models import SignOff
from consultations.services import (
    follow_up_item_add,
    follow_up_item_verify,
    minutes_sign,
    minutes_submit,
    progress_report,
    session_record,
    session_schedule,
)
from evaluations.models import EvaluationAssignment, EvaluationMethod, Indicator
from evaluations.services import evaluation_commission, evaluation_submit, topic_close
from people.models import Committee, CommitteeBody, Department, EvaluatorOrganisation, User
from people.roles import Role
from research.services import research_activity_record, research_report_write, research_start
from topics.models import State, Topic, TopicProposer
from topics.services import topic_reject, topic_transition


def role_group(role) -> Group:
    # get_or_create: a transactional test flushes the groups the data migration made.
    return Group.objects.get_or_create(name=Role(role).value)[0]


class CommitteeFactory(DjangoModelFactory):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"宁波市江北区政协{n}")
    short_name = factory.Sequence(lambda n: f"江北政协{n}")


class CommitteeBodyFactory(DjangoModelFactory):
    class Meta:
        model = CommitteeBody

    committee = factory.SubFactory(CommitteeFactory)
    kind = CommitteeBody.Kind.SPECIAL
    name = factory.Sequence(lambda n: f"社会和法制委员会{n}")


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department

    committee = factory.SubFactory(CommitteeFactory)
    kind = Department.Kind.DEPARTMENT
    name = factory.Sequence(lambda n: f"区住建局{n}")


class EvaluatorOrganisationFactory(DjangoModelFactory):
    class Meta:
        model = EvaluatorOrganisation

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"宁波社会评估中心{n}")


class UserFactory(DjangoModelFactory):
    """A user; `committee=` makes them a member of it, `role=` puts them in the role's group.

    A department user without `department=` gets a new department of the committee, an
    evaluator without `evaluator=` a new evaluator organisation. `committee=None` makes a
    user who belongs to no committee.
    """

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("demo-pass-123")
    committee = factory.SubFactory(CommitteeFactory)

    @classmethod
    def _create(cls, model_class, *args, committee=None, **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        user._factory_committee = committee
        if committee is not None:
            user.committees.add(committee)
        return user

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if not extracted:
            return
        role = Role(extracted)
        user.groups.add(role_group(role))
        committee = getattr(user, "_factory_committee", None)
        if role == Role.DEPARTMENT and user.department_id is None and committee is not None:
            user.department = DepartmentFactory(committee=committee)
            user.save(update_fields=["department"])
        if role == Role.EVALUATOR and user.evaluator_id is None and committee is not None:
            user.evaluator = EvaluatorOrganisationFactory(committee=committee)
            user.save(update_fields=["evaluator"])
        for cached in ("role_names", "committee_ids"):
            user.__dict__.pop(cached, None)


class TopicFactory(DjangoModelFactory):
    """A draft topic; a member creator is its first, confirmed proposer.

    `cosigners=[...]` adds unconfirmed joint proposers.
    """

    class Meta:
        model = Topic
        skip_postgeneration_save = True

    committee = factory.SubFactory(CommitteeFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    title = factory.Sequence(lambda n: f"费市家苑小区12年未通管道燃气问题{n}")
    description = "费市家苑小区建成12年仍未接通管道燃气，居民长期使用瓶装液化气，存在安全隐患。"
    category = Topic.Category.INFRASTRUCTURE
    channel = Topic.Channel.MEMBER
    created_by = factory.SubFactory(
        UserFactory, role=Role.MEMBER, committee=factory.SelfAttribute("..committee")
    )

    @factory.post_generation
    def cosigners(topic, create, extracted, **kwargs):
        if not create:
            return
        if topic.created_by.has_role(Role.MEMBER):
            TopicProposer.objects.create(
                topic=topic, member=topic.created_by, confirmed_at=timezone.now()
            )
        for member in extracted or ():
            TopicProposer.objects.create(topic=topic, member=member)


class EvaluationMethodFactory(DjangoModelFactory):
    """The evaluation method with three indicators weighted 40 / 40 / 20."""

    class Meta:
        model = EvaluationMethod
        skip_postgeneration_save = True

    committee = factory.SubFactory(CommitteeFactory)
    name = "江北区政协协商议事质量评价办法"
    version = factory.Sequence(lambda n: n + 1)

    @factory.post_generation
    def indicators(method, create, extracted, **kwargs):
        if not create:
            return
        for position, (name, weight) in enumerate(
            extracted or [("协商成果采纳情况", 40), ("问题解决成效", 40), ("群众满意度", 20)]
        ):
            Indicator.objects.create(method=method, position=position, name=name, weight=weight)


class Cast:
    """The people of one committee, created on first use, and their counterparts elsewhere.

    Attribute names are the actor keys used by the tests:
    office, proposer, member (a member who did not propose), chair, leader_a and leader_b
    (asked to sign the minutes), leader (a leader not asked), department_user, evaluator_user.
    `actor("other:office")` is office staff of another committee, `actor("inactive:office")`
    a deactivated account, `actor("anonymous")` a visitor who is not signed in.
    """

    def __init__(self, committee=None):
        self.committee = committee or CommitteeFactory()
        self._others = {}
        self._inactive = {}

    def _user(self, role, full_name, **fields):
        return UserFactory(role=role, committee=self.committee, full_name=full_name, **fields)

    @cached_property
    def office(self):
        return self._user(Role.OFFICE_STAFF, "王办事")

    @cached_property
    def proposer(self):
        return self._user(Role.MEMBER, "陈提案")

    @cached_property
    def member(self):
        return self._user(Role.MEMBER, "李委员")

    @cached_property
    def chair(self):
        return self._user(Role.CHAIR_MEETING, "周主席")

    @cached_property
    def leader_a(self):
        return self._user(Role.LEADER, "赵区长")

    @cached_property
    def leader_b(self):
        return self._user(Role.LEADER, "钱副区长")

    @cached_property
    def leader(self):
        return self._user(Role.LEADER, "孙副书记")

    @cached_property
    def department(self):
        return DepartmentFactory(committee=self.committee)

    @cached_property
    def department_user(self):
        return self._user(Role.DEPARTMENT, "吴科长", department=self.department)

    @cached_property
    def evaluator_org(self):
        return EvaluatorOrganisationFactory(committee=self.committee)

    @cached_property
    def evaluator_user(self):
        return self._user(Role.EVALUATOR, "郑评估", evaluator=self.evaluator_org)

    @cached_property
    def method(self):
        return EvaluationMethodFactory(committee=self.committee)

    @cached_property
    def other_committee(self):
        return CommitteeFactory()

    def other(self, role):
        """A user with `role` in another committee only."""
        role = Role(role)
        if role not in self._others:
            self._others[role] = UserFactory(role=role, committee=self.other_committee)
        return self._others[role]

    def inactive(self, role):
        role = Role(role)
        if role not in self._inactive:
            self._inactive[role] = self._user(role, "离任人员", is_active=False)
        return self._inactive[role]

    def everyone(self):
        """Create every person of the committee now (so that a later check of the database
        does not see them appear)."""
        for key in (
            "office",
            "proposer",
            "member",
            "chair",
            "leader_a",
            "leader_b",
            "leader",
            "department_user",
            "evaluator_user",
        ):
            getattr(self, key)
        return self

    def topic(self, **fields):
        fields.setdefault("created_by", self.proposer)
        return TopicFactory(committee=self.committee, **fields)

    def actor(self, key):
        if key == "anonymous":
            return AnonymousUser()
        if ":" in key:
            kind, role = key.split(":")
            role = ROLE_OF_KEY.get(role, role)
            return self.other(role) if kind == "other" else self.inactive(role)
        return getattr(self, key)


ROLE_OF_KEY = {
    "office": Role.OFFICE_STAFF,
    "proposer": Role.MEMBER,
    "member": Role.MEMBER,
    "chair": Role.CHAIR_MEETING,
    "leader": Role.LEADER,
    "leader_a": Role.LEADER,
    "leader_b": Role.LEADER,
    "department_user": Role.DEPARTMENT,
    "evaluator_user": Role.EVALUATOR,
}

# Who takes each step in `advance`, and the state the step leads to.
RIGHT_ACTOR = {
    "submit": "proposer",
    "approve": "chair",
    "reject": "chair",
    "start_research": "office",
    "schedule_session": "office",
    "record_session": "office",
    "submit_minutes": "office",
    "sign_off": "leader_a",
    "return_minutes": "leader_a",
    "start_evaluation": "office",
    "close": "office",
}
TARGET = {
    "submit": State.PROPOSED,
    "approve": State.PLANNED,
    "reject": State.REJECTED,
    "start_research": State.RESEARCHING,
    "schedule_session": State.SESSION_SCHEDULED,
    "record_session": State.DELIBERATED,
    "submit_minutes": State.MINUTES_SUBMITTED,
    "sign_off": State.FOLLOWING_UP,
    "return_minutes": State.DELIBERATED,
    "start_evaluation": State.EVALUATING,
    "close": State.CLOSED,
}
FORWARD = {
    State.DRAFT: "submit",
    State.PROPOSED: "approve",
    State.PLANNED: "start_research",
    State.RESEARCHING: "schedule_session",
    State.SESSION_SCHEDULED: "record_session",
    State.DELIBERATED: "submit_minutes",
    State.MINUTES_SUBMITTED: "sign_off",
    State.FOLLOWING_UP: "start_evaluation",
    State.EVALUATING: "close",
}
ORDER = list(FORWARD) + [State.CLOSED]


def today():
    return timezone.localdate()


def prepare_step(topic, name, cast, *, skip=()):
    """Save what must exist before `name` can be taken (not part of the step itself).

    `skip` leaves parts out: "activity", "report", "leader_b", "item", "verify", "method",
    "evaluation".
    """
    if name == "schedule_session":
        if "activity" not in skip:
            research_activity_record(
                topic=topic,
                actor=cast.proposer,
                kind="symposium",
                held_on=today(),
                place="费市家苑社区会议室",
                members=[cast.proposer, cast.member],
                departments=[cast.department],
                residents_met="居民代表12人、村委会",
                findings="燃气管网距小区仅800米，接入受阻于管线迁改费用分摊。",
            )
        if "report" not in skip:
            research_report_write(
                topic=topic,
                actor=cast.office,
                content="经过三个多月调研，召开座谈会十余次，摸清了燃气接入的主要障碍。",
                preliminary_solution="由区住建局牵头，燃气公司承担主管网费用，分两期接入。",
            )
    elif name == "sign_off" and "leader_b" not in skip:
        minutes_sign(
            topic=topic,
            actor=cast.leader_b,
            decision=SignOff.Decision.APPROVE,
            opinion="同意，请区住建局牵头落实。",
        )
    elif name == "start_evaluation":
        if "item" not in skip:
            item = follow_up_item_add(
                topic=topic,
                actor=cast.office,
                task="制定管道燃气接入实施方案并完成一期施工",
                department=cast.department,
                due_on=today() + dt.timedelta(days=30),
            )
            progress_report(
                item=item,
                actor=cast.department_user,
                percent_done=100,
                text="一期管网已通气，156户居民用上管道燃气。",
                completed=True,
            )
            if "verify" not in skip:
                follow_up_item_verify(item=item, actor=cast.office)
        if "method" not in skip:
            cast.method  # noqa: B018 — the method in force must exist before commissioning
    elif name == "close" and "evaluation" not in skip:
        assignment = EvaluationAssignment.objects.get(topic=topic, evaluator=cast.evaluator_org)
        submit_evaluation(assignment, cast.evaluator_user)


def submit_evaluation(assignment, actor, scores=(Decimal("95"), Decimal("90"), Decimal("85"))):
    indicators = list(assignment.method.indicators.all())
    return evaluation_submit(
        assignment=assignment,
        actor=actor,
        scores={
            indicator: (score, f"{indicator.name}：依据走访记录评分。")
            for indicator, score in zip(indicators, scores, strict=True)
        },
        no_conflict=True,
        summary="协商成果转化充分，群众满意度高。",
    )


def run_step(topic, name, actor, cast, **overrides):
    """Take step `name` as `actor` through its service; `overrides` replace the defaults."""
    expected_state = overrides.pop("expected_state", topic.state)
    common = {"topic": topic, "actor": actor, "expected_state": expected_state}
    if name in ("submit", "approve"):
        defaults = {"comment": "列入年度协商计划" if name == "approve" else ""}
        return topic_transition(name=name, **common, **(defaults | overrides))
    if name == "reject":
        return topic_reject(
            **common, **({"reason": "与年度重点工作重复，建议合并办理。"} | overrides)
        )
    if name == "start_research":
        defaults = {
            "team": [cast.proposer, cast.member],
            "starts_on": today(),
            "ends_on": today() + dt.timedelta(days=90),
            "objectives": "摸清管道燃气未通的原因，提出可行的接入方案。",
        }
        return research_start(**common, **(defaults | overrides))
    if name == "schedule_session":
        defaults = {
            "starts_at": timezone.now() - dt.timedelta(hours=1),
            "venue": "前洋e商小镇委员会客厅",
            "agenda": "通报调研情况；部门答复；协商解决方案。",
        }
        return session_schedule(**common, **(defaults | overrides))
    if name == "record_session":
        defaults = {
            "members": [cast.proposer, cast.member],
            "departments": [cast.department],
            "residents_count": 12,
            "consensus": ["燃气公司年内完成主管网接入", "区住建局协调管线迁改"],
        }
        return session_record(**common, **(defaults | overrides))
    if name == "submit_minutes":
        defaults = {
            "text": "专题协商纪要：各方就费市家苑小区管道燃气接入达成共识……",
            "leaders": [cast.leader_a, cast.leader_b],
        }
        return minutes_submit(**common, **(defaults | overrides))
    if name in ("sign_off", "return_minutes"):
        decision = SignOff.Decision.APPROVE if name == "sign_off" else SignOff.Decision.RETURN
        defaults = {
            "decision": decision,
            "opinion": "同意纪要意见，请抓紧落实。"
            if name == "sign_off"
            else "请补充资金测算后再报。",
        }
        return minutes_sign(**common, **(defaults | overrides))
    if name == "start_evaluation":
        return evaluation_commission(**common, **({"evaluators": [cast.evaluator_org]} | overrides))
    if name == "close":
        return topic_close(**common, **({"comment": "评估完成，议题办结。"} | overrides))
    raise ValueError(name)


def advance(topic, to_state, *, cast=None, **actors):
    """Walk `topic` through the real services, as the right people, until it is in `to_state`.

    `cast` supplies the people (a new Cast of the topic's committee by default); keyword
    arguments replace single actors, e.g. `advance(topic, "planned", chair=someone)`.
    Returns the topic fresh from the database.
    """
    to_state = State(to_state)
    if cast is None:
        cast = Cast(topic.committee)
        if topic.created_by.has_role(Role.MEMBER):
            cast.proposer = topic.created_by
    for key, user in actors.items():
        setattr(cast, key, user)
    topic = Topic.objects.get(pk=topic.pk)
    while topic.state != to_state:
        if to_state == State.REJECTED and topic.state in (State.DRAFT, State.PROPOSED):
            name = "reject" if topic.state == State.PROPOSED else "submit"
        elif (
            to_state in ORDER
            and topic.state in FORWARD
            and (ORDER.index(topic.state) < ORDER.index(to_state))
        ):
            name = FORWARD[topic.state]
        else:
            raise ValueError(f"cannot advance from {topic.state} to {to_state}")
        prepare_step(topic, name, cast)
        actor = cast.actor(RIGHT_ACTOR[name])
        if name == "submit" and not topic.proposers.filter(member=actor).exists():
            actor = cast.office
        run_step(topic, name, actor, cast)
        topic = Topic.objects.get(pk=topic.pk)
    return topic

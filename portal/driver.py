"""The step driver: takes a topic through the real services, as the right people, with data.

One driver serves the demo (`seed_demo`, where every case is data: which action, by whom,
on which day, with what) and the tests (`tests/workflow.py`: `advance`, `run_step`,
`prepare_step`). Who takes a step and where it leads come from the catalogue; what a step
needs besides (a symposium with findings before the session, a second leader's signature,
a verified item before the evaluation) is `prepare`. Every call goes through the services,
so every guard, permission and record is what a real user would meet and leave.

`people` is any object with the attributes the actions name: office, proposer, member,
chair, leader_a, leader_b, department, department_user, evaluator_org, evaluator_user,
method (the evaluation method in force). Data not given falls back to the defaults below,
all relative to today.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from consultations.models import SignOff
from consultations.services import (
    minutes_save,
    minutes_sign,
    minutes_submit,
    session_record,
    session_schedule,
)
from core import workflow
from evaluations.models import EvaluationAssignment
from evaluations.services import evaluation_commission, evaluation_submit, topic_close
from followup.services import (
    extension_decide,
    extension_request,
    follow_up_item_add,
    follow_up_item_close,
    follow_up_item_verify,
    progress_report,
    satisfaction_rate,
)
from people.roles import Role
from research.services import research_activity_record, research_report_write, research_start
from topics.models import State, Topic
from topics.services import cosignature_confirm, topic_create, topic_reject, topic_transition

# The person of `people` who takes a step for the role the catalogue names.
ACTOR_OF_ROLE = {
    Role.OFFICE_STAFF: "office",
    Role.MEMBER: "proposer",
    Role.CHAIR_MEETING: "chair",
    Role.LEADER: "leader_a",
    Role.DEPARTMENT: "department_user",
    Role.EVALUATOR: "evaluator_user",
}


def today():
    return timezone.localdate()


def forward_step(state: str) -> workflow.Step | None:
    """The step that takes a topic in `state` on along the six stages (not back, not out)."""
    order = list(State)
    steps = [step for step in workflow.machine_of(Topic).steps.values() if state in step.sources]
    return max(steps, key=lambda step: order.index(step.target), default=None)


class Driver:
    def __init__(self, people):
        self.people = people

    def actor_for(self, name: str):
        """Who takes step `name` by default: the catalogue's role, as one of `people`."""
        role = workflow.step_of(Topic, name).actor
        return getattr(self.people, ACTOR_OF_ROLE[role])

    # The topic's steps

    def take(self, topic: Topic, name: str, actor=None, **data) -> Topic:
        """Take step `name` of `topic` through its service; `data` replaces the defaults."""
        actor = actor or self.actor_for(name)
        common = {
            "topic": topic,
            "actor": actor,
            "expected_state": data.pop("expected_state", topic.state),
        }
        return getattr(self, f"_{name}")(common, **data)

    def _submit(self, common, comment=""):
        return topic_transition(name="submit", comment=comment, **common)

    def _approve(self, common, comment="列入年度协商计划"):
        return topic_transition(name="approve", comment=comment, **common)

    def _reject(self, common, reason="与年度重点工作重复，建议合并办理。"):
        return topic_reject(reason=reason, **common)

    def _start_research(self, common, **data):
        defaults = {
            "team": [self.people.proposer, self.people.member],
            "starts_on": today(),
            "ends_on": today() + dt.timedelta(days=90),
            "objectives": "摸清管道燃气未通的原因，提出可行的接入方案。",
        }
        return research_start(**common, **(defaults | data))

    def _schedule_session(self, common, **data):
        defaults = {
            "starts_at": timezone.now() - dt.timedelta(hours=1),
            "venue": "前洋e商小镇委员会客厅",
            "agenda": "通报调研情况；部门答复；协商解决方案。",
        }
        return session_schedule(**common, **(defaults | data))

    def _record_session(self, common, **data):
        defaults = {
            "members": [self.people.proposer, self.people.member],
            "departments": [self.people.department],
            "residents_count": 12,
            "consensus": ["燃气公司年内完成主管网接入", "区住建局协调管线迁改"],
        }
        return session_record(**common, **(defaults | data))

    def _submit_minutes(self, common, **data):
        defaults = {
            "text": "专题协商纪要：各方就费市家苑小区管道燃气接入达成共识……",
            "leaders": [self.people.leader_a, self.people.leader_b],
        }
        return minutes_submit(**common, **(defaults | data))

    def _sign_off(self, common, opinion="同意纪要意见，请抓紧落实。", **data):
        return minutes_sign(decision=SignOff.Decision.APPROVE, opinion=opinion, **common, **data)

    def _return_minutes(self, common, opinion="请补充资金测算后再报。", **data):
        return minutes_sign(decision=SignOff.Decision.RETURN, opinion=opinion, **common, **data)

    def _start_evaluation(self, common, **data):
        return evaluation_commission(
            **common, **({"evaluators": [self.people.evaluator_org]} | data)
        )

    def _close(self, common, comment="评估完成，议题办结。"):
        return topic_close(comment=comment, **common)

    # What a step needs first

    def prepare(self, topic: Topic, name: str, skip=()) -> None:
        """Save what must exist before step `name` can be taken (not part of the step).

        `skip` leaves parts out: "activity", "report", "leader_b", "item", "verify",
        "method", "evaluation".
        """
        people = self.people
        if name == "schedule_session":
            if "activity" not in skip:
                self.activity(topic, people.proposer)
            if "report" not in skip:
                self.report(topic, people.office)
        elif name == "sign_off" and "leader_b" not in skip:
            minutes_sign(
                topic=topic,
                actor=people.leader_b,
                decision=SignOff.Decision.APPROVE,
                opinion="同意，请区住建局牵头落实。",
            )
        elif name == "start_evaluation":
            if "item" not in skip:
                item = self.item(topic)
                self.progress(item, people.department_user, completed=True)
                if "verify" not in skip:
                    follow_up_item_verify(item=item, actor=people.office)
            if "method" not in skip:
                people.method  # noqa: B018 — the method in force must exist before commissioning
        elif name == "close" and "evaluation" not in skip:
            assignment = EvaluationAssignment.objects.get(
                topic=topic, evaluator=people.evaluator_org
            )
            self.score(assignment, people.evaluator_user)

    def advance(self, topic: Topic, to_state: str) -> Topic:
        """Walk `topic` along the stages until it is in `to_state`; fresh from the database."""
        to_state = State(to_state)
        order = list(State)
        topic = Topic.objects.get(pk=topic.pk)
        while topic.state != to_state:
            if to_state == State.REJECTED and topic.state in (State.DRAFT, State.PROPOSED):
                name = "reject" if topic.state == State.PROPOSED else "submit"
            else:
                step = forward_step(topic.state)
                if step is None or order.index(step.target) > order.index(to_state):
                    raise ValueError(f"cannot advance from {topic.state} to {to_state}")
                name = step.name
            self.prepare(topic, name)
            actor = self.actor_for(name)
            if name == "submit" and not topic.proposers.filter(member=actor).exists():
                actor = self.people.office
            self.take(topic, name, actor)
            topic = Topic.objects.get(pk=topic.pk)
        return topic

    # Records and actions besides the topic's steps

    def create(self, author, *, committee, cosigners=(), **fields) -> Topic:
        return topic_create(actor=author, committee=committee, cosigners=cosigners, **fields)

    def confirm(self, topic: Topic, member):
        return cosignature_confirm(topic=topic, member=member)

    def activity(self, topic: Topic, actor, **data):
        defaults = {
            "kind": "symposium",
            "held_on": today(),
            "place": "费市家苑社区会议室",
            "members": [self.people.proposer, self.people.member],
            "departments": [self.people.department],
            "residents_met": "居民代表12人、村委会",
            "findings": "燃气管网距小区仅800米，接入受阻于管线迁改费用分摊。",
        }
        return research_activity_record(topic=topic, actor=actor, **(defaults | data))

    def report(self, topic: Topic, actor, **data):
        defaults = {
            "content": "经过三个多月调研，召开座谈会十余次，摸清了燃气接入的主要障碍。",
            "preliminary_solution": "由区住建局牵头，燃气公司承担主管网费用，分两期接入。",
        }
        return research_report_write(topic=topic, actor=actor, **(defaults | data))

    def draft_minutes(self, topic: Topic, text: str):
        return minutes_save(topic=topic, actor=self.people.office, text=text)

    def item(self, topic: Topic, **data):
        defaults = {
            "task": "制定管道燃气接入实施方案并完成一期施工",
            "department": self.people.department,
            "due_on": today() + dt.timedelta(days=30),
        }
        return follow_up_item_add(topic=topic, actor=self.people.office, **(defaults | data))

    def progress(self, item, actor, **data):
        defaults = {"percent_done": 100, "text": "一期管网已通气，156户居民用上管道燃气。"}
        return progress_report(item=item, actor=actor, **(defaults | data))

    def verify(self, item):
        return follow_up_item_verify(item=item, actor=self.people.office)

    def close_item(self, item, reason: str):
        """The office closes an item that will not be done, saying why."""
        return follow_up_item_close(item=item, actor=self.people.office, reason=reason)

    def ask_extension(self, item, actor, *, due_on, reason):
        return extension_request(item=item, actor=actor, due_on=due_on, reason=reason)

    def decide_extension(self, request, *, grant: bool, note: str):
        return extension_decide(request=request, actor=self.people.office, grant=grant, note=note)

    def rate(self, item, member, *, level, comment):
        return satisfaction_rate(item=item, actor=member, level=level, comment=comment)

    def score(
        self,
        assignment,
        actor,
        scores=(Decimal("95"), Decimal("90"), Decimal("85")),
        summary="协商成果转化充分，群众满意度高。",
    ):
        """`scores`: one score per indicator in order, or {indicator: (score, justification)}."""
        if not isinstance(scores, dict):
            indicators = list(assignment.method.indicators.all())
            scores = {
                indicator: (score, f"{indicator.name}：依据走访记录评分。")
                for indicator, score in zip(indicators, scores, strict=True)
            }
        return evaluation_submit(
            assignment=assignment, actor=actor, scores=scores, no_conflict=True, summary=summary
        )

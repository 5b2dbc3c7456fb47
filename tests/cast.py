"""The people of one committee for a test, and their counterparts elsewhere."""

from functools import cached_property

from django.contrib.auth.models import AnonymousUser

from people.roles import Role
from tests.evaluations.factories import EvaluationMethodFactory
from tests.people.factories import (
    CommitteeFactory,
    DepartmentFactory,
    EvaluatorOrganisationFactory,
    UserFactory,
)
from tests.topics.factories import TopicFactory


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

"""Factories of people: committees, their bodies, departments, evaluators, and users in roles."""

import factory
from factory.django import DjangoModelFactory

from people.models import (
    Committee,
    CommitteeBody,
    Department,
    EvaluatorOrganisation,
    Membership,
    User,
)
from people.roles import Role


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
    """A user; `committee=` and `role=` give them that role in that committee (a membership).

    A department user names `department=` or gets a new department of the committee, an
    evaluator `evaluator=` or a new evaluator organisation. `committee=None` makes a user who
    belongs to no committee; `role=None` one who belongs to it in no role.
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
    def _create(
        cls, model_class, *args, committee=None, role=None, department=None, evaluator=None,
        **kwargs,
    ):  # fmt: skip
        user = super()._create(model_class, *args, **kwargs)
        if committee is not None and role:
            grant(user, committee, role, department=department, evaluator=evaluator)
        return user


def grant(user, committee, role, *, department=None, evaluator=None) -> Membership:
    """Give `user` the role in `committee` (a department or an evaluator organisation of that
    committee is made if none is named)."""
    role = Role(role)
    if role == Role.DEPARTMENT and department is None:
        department = DepartmentFactory(committee=committee)
    if role == Role.EVALUATOR and evaluator is None:
        evaluator = EvaluatorOrganisationFactory(committee=committee)
    membership = Membership.objects.create(
        user=user, committee=committee, role=role, department=department, evaluator=evaluator
    )
    user.forget_memberships()
    return membership


def administrator(role, **fields) -> User:
    """A staff account in one of the three administrator groups (people.administrators)."""
    from django.contrib.auth.models import Group

    user = UserFactory(committee=None, is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=role.value))
    return user

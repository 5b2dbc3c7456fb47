"""Factories of people: committees, their bodies, departments, evaluators, and users in roles."""

import factory
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from people.models import Committee, CommitteeBody, Department, EvaluatorOrganisation, User
from people.roles import Role


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

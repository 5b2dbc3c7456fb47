"""Factories of the public's side: reception days (and, below, submissions)."""

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from public.models import ReceptionDay
from tests.people.factories import CommitteeFactory


class ReceptionDayFactory(DjangoModelFactory):
    """A members' lounge opening next week; `members=[...]` names who is there."""

    class Meta:
        model = ReceptionDay
        skip_postgeneration_save = True

    committee = factory.SubFactory(CommitteeFactory)
    kind = ReceptionDay.Kind.MEMBER_LOUNGE
    venue_name = factory.Sequence(lambda n: f"前洋e商小镇委员会客厅{n}")
    venue_address = "宁波市江北区前洋直街188号"
    starts_at = factory.LazyFunction(
        lambda: (timezone.localtime() + dt.timedelta(days=7)).replace(
            hour=9, minute=0, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda day: day.starts_at + dt.timedelta(hours=3))

    @factory.post_generation
    def members(day, create, extracted, **kwargs):
        if create and extracted:
            day.members.set(extracted)

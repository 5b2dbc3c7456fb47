"""Factories of the public's side: reception days (and, below, submissions)."""

import datetime as dt
import io

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory
from PIL import Image

from public.models import ReceptionDay, Submission, tracking_hash
from public.services import tracking_code_new
from tests.people.factories import CommitteeFactory
from topics.models import Topic


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


class SubmissionFactory(DjangoModelFactory):
    """A submission received online; `.code` is its tracking code (only the hash is stored)."""

    class Meta:
        model = Submission

    committee = factory.SubFactory(CommitteeFactory)
    code = factory.LazyFunction(tracking_code_new)
    tracking_hash = factory.LazyAttribute(lambda submission: tracking_hash(submission.code))
    title = factory.Sequence(lambda n: f"杜姚线二期沿线无路灯{n}")
    description = "杜姚线二期沿线没有路灯，夜间行人和电动车出行很不安全。"
    place = "江北区杜姚线二期"
    category = Topic.Category.ROADS
    name = factory.Sequence(lambda n: f"张群众{n:03d}")
    mobile = factory.Sequence(lambda n: f"139{n:08d}")
    consented_at = factory.LazyFunction(timezone.now)
    channel = Submission.Channel.ONLINE

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        code = kwargs.pop("code", None)
        submission = super()._create(model_class, *args, **kwargs)
        submission.code = code
        return submission


def jpeg_with_gps(size=(2400, 1800)) -> bytes:
    """A JPEG photo carrying EXIF with a GPS position and a camera model."""
    image = Image.new("RGB", size, (120, 160, 200))
    exif = Image.Exif()
    exif[0x0110] = "TestCam 1"  # Model
    exif[0x8825] = {1: "N", 2: (29.0, 53.0, 0.0), 3: "E", 4: (121.0, 33.0, 0.0)}  # GPSInfo
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()

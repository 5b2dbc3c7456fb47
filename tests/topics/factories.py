import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from people.roles import Role
from tests.people.factories import CommitteeFactory, UserFactory
from topics.models import Topic, TopicProposer


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

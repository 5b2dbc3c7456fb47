"""Creating and editing draft topics, and joint proposals (联名)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.workflow import TransitionRefused
from tests.helpers import refused
from tests.people.factories import CommitteeBodyFactory, UserFactory
from tests.workflow import advance
from topics.models import State, Topic, TopicProposer
from topics.services import cosignature_confirm, topic_create, topic_update

FIELDS = {
    "title": "杜姚线二期沿线无路灯",
    "description": "杜姚线二期沿线夜间无照明，村民出行存在安全隐患。",
    "category": Topic.Category.ROADS,
    "channel": Topic.Channel.MEMBER,
    "year": 2026,
}


def create(cast, actor, **fields):
    return topic_create(actor=actor, committee=cast.committee, **(FIELDS | fields))


def test_member_creates_a_draft_and_is_its_confirmed_proposer(cast):
    topic = create(cast, cast.proposer, cosigners=[cast.member])

    assert topic.state == State.DRAFT and topic.created_by == cast.proposer
    proposers = {p.member: p.confirmed_at is not None for p in topic.proposers.all()}
    assert proposers == {cast.proposer: True, cast.member: False}


def test_office_registers_a_topic_raised_by_the_public(cast):
    topic = create(
        cast,
        cast.office,
        channel=Topic.Channel.PUBLIC,
        public_contact="前洋e商小镇 王先生 13900000000",
        public_venue=Topic.PublicVenue.MEMBER_LOUNGE,
        proposer_body=CommitteeBodyFactory(committee=cast.committee),
        title="助力畅通疫情下全区农产品销售渠道",
        category=Topic.Category.AGRICULTURE,
    )

    assert not topic.proposers.exists()
    advance(topic, State.PROPOSED, cast=cast)


@pytest.mark.parametrize(
    "who",
    ["chair", "leader_a", "department_user", "evaluator_user", "other:office", "other:member"],
)
def test_others_cannot_create_topics_in_the_committee(cast, who):
    refused(PermissionDenied, create, cast, cast.actor(who))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", ""),
        ("title", "长" * 121),
        ("description", ""),
        ("category", "nonsense"),
        ("year", 1999),
    ],
)
def test_bad_topic_data_saves_nothing(cast, field, value):
    cast.everyone()
    error = refused(ValidationError, create, cast, cast.proposer, **{field: value})
    assert field in error.message_dict


def test_draft_is_edited_by_its_proposer_or_the_office(cast):
    cast.everyone()
    topic = create(cast, cast.proposer)

    topic_update(topic=topic, actor=cast.proposer, title="杜姚线二期沿线路灯建设")
    topic_update(topic=topic, actor=cast.office, description="补充：沿线3个村约2000人受影响。")

    topic = Topic.objects.get(pk=topic.pk)
    assert (topic.title, topic.description) == (
        "杜姚线二期沿线路灯建设",
        "补充：沿线3个村约2000人受影响。",
    )
    refused(PermissionDenied, topic_update, topic=topic, actor=cast.member, title="别人的议题")
    refused(
        PermissionDenied, topic_update, topic=topic, actor=cast.other("office_staff"), title="外区"
    )


def test_submitted_topic_is_no_longer_edited(cast):
    cast.everyone()
    topic = advance(create(cast, cast.proposer), State.PROPOSED, cast=cast)

    refused(
        (PermissionDenied, TransitionRefused),
        topic_update,
        topic=topic,
        actor=cast.office,
        title="改",
    )


def test_cosigner_confirms_and_only_they_can(cast):
    cast.everyone()
    topic = create(cast, cast.proposer, cosigners=[cast.member])

    refused(
        PermissionDenied, cosignature_confirm, topic=topic, member=cast.proposer
    )  # already confirmed
    refused(PermissionDenied, cosignature_confirm, topic=topic, member=cast.other("member"))
    confirmed = cosignature_confirm(topic=topic, member=cast.member)

    assert confirmed.confirmed_at <= timezone.now()
    refused(PermissionDenied, cosignature_confirm, topic=topic, member=cast.member)  # only once


def test_cosigners_must_be_members_of_the_committee(cast):
    """Anyone else could never confirm, and the joint proposal could never be submitted."""
    cast.everyone()
    for outsider in (cast.other("member"), cast.chair):
        error = refused(
            ValidationError, create, cast, cast.proposer, cosigners=[cast.member, outsider]
        )
        assert "cosigners" in error.message_dict
    topic = create(cast, cast.proposer)
    error = refused(
        ValidationError,
        topic_update,
        topic=topic,
        actor=cast.proposer,
        cosigners=[cast.other("member")],
    )
    assert "cosigners" in error.message_dict


def test_removing_a_cosigner_keeps_the_creator(cast):
    cast.everyone()
    third = UserFactory(role="member", committee=cast.committee)
    topic = create(cast, cast.proposer, cosigners=[cast.member, third])

    topic_update(topic=topic, actor=cast.proposer, cosigners=[third])

    assert set(TopicProposer.objects.filter(topic=topic).values_list("member", flat=True)) == {
        cast.proposer.pk,
        third.pk,
    }

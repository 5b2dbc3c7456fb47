"""Writes of the topic itself: drafts, co-signatures, and its steps.

Every change of a topic's state goes through `topic_transition`, the topic's case of
core.workflow.transition_perform: it locks the topic row, checks the transition is still
possible from the state the user saw, checks the permission, lets the caller save the records
the step needs, checks the guards, runs the transition, sets the deadline of the state the
topic enters, writes the transition record, and does what the catalogue declares for the step
(notices, documents) in the same transaction or after commit. Any refusal raises before the
transaction commits, so nothing is saved.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.figures import committee_changed
from core.workflow import TransitionRefused, transition_perform
from notifications.models import Kind
from notifications.services import notice_to
from people.predicates import is_member
from people.roles import Role

from .models import State, Topic, TopicProposer
from .search import document_refresh


def topic_transition(
    *,
    topic: Topic,
    name: str,
    actor,
    comment: str = "",
    expected_state: str | None = None,
    prepare: Callable[[Topic], None] | None = None,
    args: tuple = (),
) -> Topic:
    """Take step `name` of `topic` as `actor`, or raise TransitionRefused/PermissionDenied."""
    return transition_perform(
        obj=topic,
        name=name,
        actor=actor,
        comment=comment,
        expected_state=expected_state,
        prepare=prepare,
        args=args,
    )


def topic_create(*, actor, committee, cosigners=(), **fields) -> Topic:
    """A new draft topic; a member who creates it is its first, confirmed proposer."""
    if not actor.has_perm("topics.add_topic", committee):
        raise PermissionDenied
    with transaction.atomic():
        topic = Topic(committee=committee, created_by=actor, **fields)
        topic.full_clean(exclude=["state"])
        topic.save()
        committee_changed(committee.pk)
        document_refresh(topic)
        if actor.has_role(Role.MEMBER, committee.pk):
            TopicProposer.objects.create(topic=topic, member=actor, confirmed_at=timezone.now())
        _invite_cosigners(topic, cosigners, exclude=actor)
    return topic


def topic_update(*, topic: Topic, actor, cosigners=None, **fields) -> Topic:
    if not actor.has_perm("topics.change_topic", topic):
        raise PermissionDenied
    with transaction.atomic():
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        if locked.state != State.DRAFT:
            raise TransitionRefused([_("Only a draft topic can be edited.")])
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean(exclude=["state"])
        locked.save(update_fields=[*fields, "updated_at"])
        committee_changed(locked.committee_id)
        document_refresh(locked)
        if cosigners is not None:
            wanted = {member.pk for member in cosigners}
            locked.proposers.exclude(member_id__in=wanted).exclude(
                member=locked.created_by
            ).delete()
            _invite_cosigners(locked, cosigners, exclude=locked.created_by)
    return locked


def _invite_cosigners(topic: Topic, cosigners, exclude):
    # Anyone else could never confirm, and the joint proposal could never be submitted.
    outsiders = [str(person) for person in cosigners if not is_member.test(person, topic)]
    if outsiders:
        raise ValidationError(
            {
                "cosigners": _("Only members of this committee can co-sign: %(names)s.")
                % {"names": "、".join(outsiders)}
            }
        )
    existing = set(topic.proposers.values_list("member_id", flat=True))
    invited = [
        member for member in cosigners if member.pk not in existing and member.pk != exclude.pk
    ]
    bulk_create_with_history(
        [TopicProposer(topic=topic, member=member) for member in invited],
        TopicProposer,
        default_user=exclude,
    )
    notice_to(kind=Kind.COSIGN_REQUESTED, topic=topic, subject=topic, users=invited, actor=exclude)


def cosignature_confirm(*, topic: Topic, member) -> TopicProposer:
    if not member.has_perm("topics.confirm_cosignature", topic):
        raise PermissionDenied
    proposer = topic.proposers.get(member=member)
    proposer.confirmed_at = timezone.now()
    proposer.save(update_fields=["confirmed_at"])
    return proposer


def topic_reject(*, topic: Topic, actor, reason: str, expected_state: str | None = None) -> Topic:
    reason = reason.strip()
    if not reason:
        raise TransitionRefused([_("A rejection needs a reason.")])
    return topic_transition(
        topic=topic,
        name="reject",
        actor=actor,
        comment=reason,
        expected_state=expected_state,
        args=(reason,),
    )

"""Every change of a topic's state goes through `topic_transition`.

It locks the topic row, checks the transition is still possible from the state the user
saw, checks the permission, lets the caller save the records the step needs, checks the
guards, runs the transition, computes the deadline of the stage the topic enters, writes the
transition record and the notifications (outbox rows, delivered after commit). Any refusal
raises before the transaction commits, so nothing is saved.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition
from simple_history.utils import bulk_create_with_history

from deadlines.services import topic_deadline
from notifications.services import cosign_requested_notify, transition_notify
from people.predicates import is_member
from people.roles import Role

from .models import State, Topic, TopicProposer, TransitionLog


class TransitionRefused(Exception):
    """The action cannot be taken now; `reasons` say why in the user's language."""

    def __init__(self, reasons):
        self.reasons = [str(reason) for reason in reasons]
        super().__init__("; ".join(self.reasons))


def transition_of(topic: Topic, name: str):
    """The django-fsm transition `name` from the topic's current state, or None."""
    method = getattr(type(topic), name, None)
    meta = getattr(method, "_django_fsm", None)
    if meta is None:
        return None
    return meta.get_transition(topic.state)


def transition_label(name: str) -> str:
    for candidate in Topic._meta.get_field("state").get_all_transitions(Topic):
        if candidate.name == name:
            return str(candidate.custom.get("label", name))
    return name


def unmet_guards(topic: Topic, name: str, skip=()) -> list[str]:
    """Messages of the guards of `name` that fail now, leaving out those named in `skip`."""
    fsm_transition = transition_of(topic, name)
    if fsm_transition is None:
        return []
    return [
        str(condition.message)
        for condition in fsm_transition.conditions
        if condition.__name__ not in skip and not condition(topic)
    ]


def available_transitions(topic: Topic, user) -> list:
    """Transitions from the topic's state that the user may take (guards not yet checked)."""
    field = Topic._meta.get_field("state")
    return [
        fsm_transition
        for fsm_transition in (
            getattr(Topic, t.name)._django_fsm.get_transition(topic.state)
            for t in field.get_all_transitions(Topic)
        )
        if fsm_transition is not None and may_take(fsm_transition, topic, user)
    ]


def may_take(fsm_transition, obj, user) -> bool:
    """Whether `user` has the transition's permission on this very object.

    Never use django-fsm's own `has_perm`: when the object check fails it retries without
    the object, which django-rules grants to anyone holding the role in any committee.
    """
    return not fsm_transition.permission or user.has_perm(fsm_transition.permission, obj)


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
    """Run transition `name` on `topic` for `actor`, or raise TransitionRefused/PermissionDenied."""
    try:
        with transaction.atomic():
            locked = Topic.objects.select_for_update().get(pk=topic.pk)
            check_still_possible(locked, name, expected_state)
            fsm_transition = transition_of(locked, name)
            if not may_take(fsm_transition, locked, actor):
                raise PermissionDenied
            if prepare is not None:
                prepare(locked)
            unmet = unmet_guards(locked, name)
            if unmet:
                raise TransitionRefused(unmet)
            source = locked.state
            getattr(locked, name)(*args)
            locked.deadline_on = topic_deadline(locked, source=source)
            locked._history_user = actor  # recorded outside requests too (tasks, seed_demo)
            locked.save()
            log = TransitionLog.objects.create(
                topic=locked,
                actor=actor,
                transition=name,
                source=source,
                target=locked.state,
                comment=comment,
            )
            transition_notify(log=log)
    except ConcurrentTransition as error:
        raise TransitionRefused(
            [
                _(
                    "Someone else changed this topic at the same moment; "
                    "reload the page and try again."
                )
            ]
        ) from error
    return locked


def check_still_possible(topic: Topic, name: str, expected_state: str | None):
    current = State(topic.state).label
    if expected_state and topic.state != expected_state:
        raise TransitionRefused(
            [
                _(
                    "This topic has meanwhile moved to “%(state)s”, probably by someone else; "
                    "the page has been refreshed."
                )
                % {"state": current}
            ]
        )
    if transition_of(topic, name) is None:
        raise TransitionRefused(
            [
                _("“%(action)s” is not possible while the topic is “%(state)s”.")
                % {"action": transition_label(name), "state": current}
            ]
        )


def topic_create(*, actor, committee, cosigners=(), **fields) -> Topic:
    """A new draft topic; a member who creates it is its first, confirmed proposer."""
    if committee.pk not in actor.committee_ids or not actor.has_perm("topics.add_topic"):
        raise PermissionDenied
    with transaction.atomic():
        topic = Topic(committee=committee, created_by=actor, **fields)
        topic.full_clean(exclude=["state"])
        topic.save()
        if actor.has_role(Role.MEMBER):
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
    cosign_requested_notify(topic=topic, members=invited, actor=exclude)


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

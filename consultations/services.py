"""Writes of deliberation and results: the session, its consensus, the minutes and their
sign-off. Each topic step goes through core.workflow.transition_perform (via
topics.services.topic_transition); what the documents app does on submission and sign-off
(issuing number, frozen particulars, PDFs) is declared with the step in the catalogue.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.workflow import TransitionRefused
from people.predicates import is_leader
from topics.models import State, Topic
from topics.search import document_refresh
from topics.services import topic_transition

from .models import ConsensusPoint, Minutes, MinutesVersion, Session, SignOff


def session_schedule(
    *, topic: Topic, actor, starts_at, venue, agenda, expected_state=None
) -> Topic:
    """Fix the session's date and venue and move the researched topic to deliberation."""

    def save_session(locked):
        Session.objects.update_or_create(
            topic=locked, defaults={"starts_at": starts_at, "venue": venue, "agenda": agenda}
        )

    return topic_transition(
        topic=topic,
        name="schedule_session",
        actor=actor,
        expected_state=expected_state,
        prepare=save_session,
    )


def session_record(
    *,
    topic: Topic,
    actor,
    members,
    departments,
    residents_count,
    consensus,
    members_on_leave=(),
    expected_state=None,
) -> Topic:
    """Record who attended and the consensus reached; the session then counts as held."""
    points = [line.strip() for line in consensus if line.strip()]
    both = sorted(str(member) for member in set(members) & set(members_on_leave))
    if both:
        raise ValidationError(
            {
                "members_on_leave": _("A member cannot be both present and on leave: %(names)s.")
                % {"names": "、".join(both)}
            }
        )

    def save_record(locked):
        session = locked.session
        session.residents_count = residents_count
        session.save(update_fields=["residents_count"])
        session.members.set(members)
        session.members_on_leave.set(members_on_leave)
        session.departments.set(departments)
        session.consensus_points.all().delete()
        bulk_create_with_history(
            [
                ConsensusPoint(session=session, position=index, text=text)
                for index, text in enumerate(points, start=1)
            ],
            ConsensusPoint,
            default_user=actor,
        )
        document_refresh(locked)

    return topic_transition(
        topic=topic,
        name="record_session",
        actor=actor,
        expected_state=expected_state,
        prepare=save_record,
    )


def _refuse_if_signed(topic: Topic):
    minutes = Minutes.objects.filter(topic=topic).first()
    version = minutes.current_version if minutes else None
    if version is not None and version.is_signed:
        raise TransitionRefused(
            [_("The minutes were signed off; a signed version cannot be changed.")]
        )


def minutes_save(*, topic: Topic, actor, text) -> Minutes:
    if not actor.has_perm("topics.run_process", topic):
        raise PermissionDenied
    _refuse_if_signed(topic)
    if topic.state != State.DELIBERATED:
        raise TransitionRefused(
            [_("The minutes can be edited only after the session and before submission.")]
        )
    minutes, _created = Minutes.objects.update_or_create(
        topic=topic, defaults={"text": text, "written_by": actor}
    )
    document_refresh(topic)
    return minutes


def minutes_submit(*, topic: Topic, actor, text, leaders, expected_state=None) -> Topic:
    """Freeze the minutes as a new version and ask the chosen leaders to sign it."""
    if not leaders:
        raise ValidationError({"leaders": _("Choose at least one leader to sign the minutes.")})
    # Anyone else could never sign, and the minutes would wait for them for ever.
    not_leaders = [str(person) for person in leaders if not is_leader.test(person, topic)]
    if not_leaders:
        raise ValidationError(
            {
                "leaders": _("Only leaders of this committee can be asked to sign: %(names)s.")
                % {"names": "、".join(not_leaders)}
            }
        )

    _refuse_if_signed(topic)

    def freeze_version(locked):
        minutes, _created = Minutes.objects.update_or_create(
            topic=locked, defaults={"text": text, "written_by": actor}
        )
        latest = minutes.current_version
        version = MinutesVersion.objects.create(
            minutes=minutes,
            number=(latest.number + 1) if latest else 1,
            text=text,
            submitted_by=actor,
        )
        version.leaders.set(leaders)
        document_refresh(locked)

    return topic_transition(
        topic=topic,
        name="submit_minutes",
        actor=actor,
        expected_state=expected_state,
        prepare=freeze_version,
    )


def minutes_sign(
    *, topic: Topic, actor, decision, opinion, expected_state=None, expected_version=None
) -> Topic:
    """A leader approves or returns the current version; the stage ends when all have approved.

    `expected_version` is the number of the version the leader read: if another has been
    submitted since, nothing is signed. An approval while other leaders are still awaited is
    a part of the sign-off step (see `completed_by` in the catalogue): it is kept, and the
    topic stays where it is.
    """
    opinion = opinion.strip()
    if not opinion:
        raise ValidationError({"opinion": _("Write your opinion on the minutes.")})
    if decision not in SignOff.Decision.values:
        raise ValidationError({"decision": _("Approve the minutes or return them.")})

    def record(locked):
        version = locked.minutes.current_version
        if expected_version is not None and version.number != expected_version:
            raise TransitionRefused(
                [
                    _(
                        "Version %(number)s of the minutes has been submitted "
                        "since you opened the page; "
                        "read it before signing."
                    )
                    % {"number": version.number}
                ]
            )
        SignOff.objects.create(version=version, leader=actor, decision=decision, opinion=opinion)

    return topic_transition(
        topic=topic,
        name="return_minutes" if decision == SignOff.Decision.RETURN else "sign_off",
        actor=actor,
        comment=opinion,
        expected_state=expected_state,
        prepare=record,
    )

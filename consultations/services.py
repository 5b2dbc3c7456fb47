from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from people.predicates import is_leader
from topics.models import State, Topic
from topics.services import TransitionRefused, _check_still_possible, may_take, topic_transition

from .models import (
    ConsensusPoint,
    Evidence,
    FollowUpItem,
    ItemTransitionLog,
    Minutes,
    MinutesVersion,
    ProgressReport,
    Session,
    SignOff,
)


def session_schedule(*, topic: Topic, actor, starts_at, venue, agenda, expected_state=None) -> Topic:
    """Fix the session's date and venue and move the researched topic to deliberation."""

    def save_session(locked):
        Session.objects.update_or_create(
            topic=locked, defaults={"starts_at": starts_at, "venue": venue, "agenda": agenda}
        )

    return topic_transition(
        topic=topic, name="schedule_session", actor=actor, expected_state=expected_state,
        prepare=save_session,
    )


def session_record(
    *, topic: Topic, actor, members, departments, residents_count, consensus, expected_state=None
) -> Topic:
    """Record who attended and the consensus reached; the session then counts as held."""
    points = [line.strip() for line in consensus if line.strip()]

    def save_record(locked):
        session = locked.session
        session.residents_count = residents_count
        session.save(update_fields=["residents_count"])
        session.members.set(members)
        session.departments.set(departments)
        session.consensus_points.all().delete()
        bulk_create_with_history(
            [ConsensusPoint(session=session, position=index, text=text)
             for index, text in enumerate(points, start=1)],
            ConsensusPoint, default_user=actor,
        )

    return topic_transition(
        topic=topic, name="record_session", actor=actor, expected_state=expected_state,
        prepare=save_record,
    )


def minutes_save(*, topic: Topic, actor, text) -> Minutes:
    if not actor.has_perm("topics.run_process", topic):
        raise PermissionDenied
    if topic.state != State.DELIBERATED:
        raise TransitionRefused([_("The minutes can be edited only after the session and before submission.")])
    minutes, _created = Minutes.objects.update_or_create(
        topic=topic, defaults={"text": text, "written_by": actor}
    )
    return minutes


def minutes_submit(*, topic: Topic, actor, text, leaders, expected_state=None) -> Topic:
    """Freeze the minutes as a new version and ask the chosen leaders to sign it."""
    if not leaders:
        raise ValidationError({"leaders": _("Choose at least one leader to sign the minutes.")})
    # Anyone else could never sign, and the minutes would wait for them for ever.
    not_leaders = [str(person) for person in leaders if not is_leader.test(person, topic)]
    if not_leaders:
        raise ValidationError({"leaders": _(
            "Only leaders of this committee can be asked to sign: %(names)s."
        ) % {"names": "、".join(not_leaders)}})

    def freeze_version(locked):
        minutes, _created = Minutes.objects.update_or_create(
            topic=locked, defaults={"text": text, "written_by": actor}
        )
        latest = minutes.current_version
        version = MinutesVersion.objects.create(
            minutes=minutes, number=(latest.number + 1) if latest else 1, text=text, submitted_by=actor
        )
        version.leaders.set(leaders)

    return topic_transition(
        topic=topic, name="submit_minutes", actor=actor, expected_state=expected_state,
        prepare=freeze_version,
    )


def minutes_sign(*, topic: Topic, actor, decision, opinion, expected_state=None) -> Topic:
    """A leader approves or returns the current version; the stage ends when all have approved."""
    opinion = opinion.strip()
    if not opinion:
        raise ValidationError({"opinion": _("Write your opinion on the minutes.")})
    if decision not in SignOff.Decision.values:
        raise ValidationError({"decision": _("Approve the minutes or return them.")})
    with transaction.atomic():
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        # Only minutes awaiting sign-off can be signed; a returned or not yet submitted
        # version must not collect approvals.
        _check_still_possible(
            locked, "return_minutes" if decision == SignOff.Decision.RETURN else "sign_off",
            expected_state,
        )
        version = locked.minutes.current_version

        def record(_locked):
            SignOff.objects.create(version=version, leader=actor, decision=decision, opinion=opinion)

        if decision == SignOff.Decision.RETURN:
            return topic_transition(
                topic=locked, name="return_minutes", actor=actor, comment=opinion,
                expected_state=expected_state, prepare=record,
            )
        others_awaited = version.awaiting_leaders().exclude(pk=actor.pk).exists()
        if not others_awaited:
            return topic_transition(
                topic=locked, name="sign_off", actor=actor, comment=opinion,
                expected_state=expected_state, prepare=record,
            )
        if not actor.has_perm("topics.sign_minutes", locked):
            raise PermissionDenied
        record(locked)
        return locked


def follow_up_item_add(*, topic: Topic, actor, task, department, due_on) -> FollowUpItem:
    if not actor.has_perm("consultations.add_item", topic):
        raise PermissionDenied
    if department.committee_id != topic.committee_id:
        raise ValidationError({"department": _("Choose a department of this committee.")})
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The due date cannot be in the past.")})
    item = FollowUpItem(topic=topic, task=task, department=department, due_on=due_on, created_by=actor)
    item.full_clean(exclude=["state"])
    item.save()
    return item


def progress_report(*, item: FollowUpItem, actor, percent_done, text, files=(), completed=False) -> ProgressReport:
    """A department reports progress with evidence; reporting completion hands it to the office."""
    if not actor.has_perm("consultations.report_on_item", item):
        raise PermissionDenied
    with transaction.atomic():
        locked = FollowUpItem.objects.select_for_update().get(pk=item.pk)
        if locked.state != FollowUpItem.State.ASSIGNED:
            raise TransitionRefused([_("This item is no longer open for reports.")])
        report = ProgressReport(item=locked, author=actor, percent_done=percent_done, text=text)
        report.full_clean()
        report.save()
        for uploaded in files:
            Evidence.from_upload(uploaded, actor, report=report).save()
        locked.percent_done = 100 if completed else percent_done
        if completed:
            locked.report_completion()
            ItemTransitionLog.objects.create(
                item=locked, actor=actor, transition="report_completion",
                source=FollowUpItem.State.ASSIGNED, target=locked.state, comment=text,
            )
        locked.save()
    return report


def _item_transition(*, item: FollowUpItem, actor, name, args=(), comment="") -> FollowUpItem:
    with transaction.atomic():
        locked = FollowUpItem.objects.select_for_update().select_related("topic").get(pk=item.pk)
        method = getattr(locked, name)
        fsm_transition = method._django_fsm.get_transition(locked.state)
        if fsm_transition is None:
            raise TransitionRefused([
                _("This item is “%(state)s”; the action is not possible.")
                % {"state": locked.get_state_display()}
            ])
        if not may_take(fsm_transition, locked, actor):
            raise PermissionDenied
        source = locked.state
        method(*args)
        locked.save()
        ItemTransitionLog.objects.create(
            item=locked, actor=actor, transition=name, source=source, target=locked.state, comment=comment
        )
    return locked


def follow_up_item_verify(*, item, actor):
    return _item_transition(item=item, actor=actor, name="verify")


def follow_up_item_send_back(*, item, actor, reason):
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say what is still missing before sending it back.")})
    return _item_transition(item=item, actor=actor, name="send_back", args=(reason,), comment=reason)


def follow_up_item_close(*, item, actor, reason):
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Closing an item needs a reason.")})
    return _item_transition(item=item, actor=actor, name="close", args=(reason,), comment=reason)

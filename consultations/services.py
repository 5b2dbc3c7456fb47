from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from documents.services import minutes_particulars_freeze
from documents.tasks import render_minutes_pdf, render_signed_minutes_pdf
from notifications.services import (
    extension_decided_notify,
    extension_requested_notify,
    item_assigned_notify,
)
from people.predicates import is_leader
from topics.models import State, Topic
from topics.services import TransitionRefused, check_still_possible, may_take, topic_transition

from .models import (
    ConsensusPoint,
    Evidence,
    ExtensionRequest,
    FollowUpItem,
    ItemTransitionLog,
    Minutes,
    MinutesVersion,
    ProgressReport,
    SatisfactionRating,
    Session,
    SignOff,
)


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
            particulars=minutes_particulars_freeze(minutes=minutes),
        )
        version.leaders.set(leaders)
        # The PDF is rendered from what was frozen, once the version is committed.
        transaction.on_commit(partial(render_minutes_pdf.delay, version.pk), robust=True)

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
    submitted since, nothing is signed.
    """
    opinion = opinion.strip()
    if not opinion:
        raise ValidationError({"opinion": _("Write your opinion on the minutes.")})
    if decision not in SignOff.Decision.values:
        raise ValidationError({"decision": _("Approve the minutes or return them.")})
    with transaction.atomic():
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        # Only minutes awaiting sign-off can be signed; a returned or not yet submitted
        # version must not collect approvals.
        check_still_possible(
            locked,
            "return_minutes" if decision == SignOff.Decision.RETURN else "sign_off",
            expected_state,
        )
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

        def record(_locked):
            SignOff.objects.create(
                version=version, leader=actor, decision=decision, opinion=opinion
            )

        if decision == SignOff.Decision.RETURN:
            return topic_transition(
                topic=locked,
                name="return_minutes",
                actor=actor,
                comment=opinion,
                expected_state=expected_state,
                prepare=record,
            )
        others_awaited = version.awaiting_leaders().exclude(pk=actor.pk).exists()
        if not others_awaited:

            def record_last(_locked):
                record(_locked)
                # The signed copy, with the sign-off block, is rendered once committed.
                transaction.on_commit(
                    partial(render_signed_minutes_pdf.delay, version.pk), robust=True
                )

            return topic_transition(
                topic=locked,
                name="sign_off",
                actor=actor,
                comment=opinion,
                expected_state=expected_state,
                prepare=record_last,
            )
        if not actor.has_perm("topics.sign_minutes", locked):
            raise PermissionDenied
        record(locked)
        return locked


def follow_up_item_add(
    *, topic: Topic, actor, task, department, due_on, consensus_point=None, sign_off=None
) -> FollowUpItem:
    """A task for one department; `consensus_point` or `sign_off` names where it comes from."""
    if not actor.has_perm("consultations.add_item", topic):
        raise PermissionDenied
    if department.committee_id != topic.committee_id:
        raise ValidationError({"department": _("Choose a department of this committee.")})
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The due date cannot be in the past.")})
    _check_item_source(topic, consensus_point, sign_off)
    item = FollowUpItem(
        topic=topic,
        task=task,
        department=department,
        due_on=due_on,
        created_by=actor,
        consensus_point=consensus_point,
        sign_off=sign_off,
    )
    item.full_clean(exclude=["state"])
    with transaction.atomic():
        item.save()
        item_assigned_notify(item=item, actor=actor)
    return item


def _check_item_source(topic, consensus_point, sign_off):
    if consensus_point is not None and sign_off is not None:
        raise ValidationError(
            {"source": _("An item comes from one consensus point or one leader's opinion.")}
        )
    if consensus_point is not None and consensus_point.session.topic_id != topic.pk:
        raise ValidationError({"source": _("Choose a consensus point of this topic's session.")})
    if sign_off is not None and (
        sign_off.version.minutes.topic_id != topic.pk
        or sign_off.decision != SignOff.Decision.APPROVE
    ):
        raise ValidationError(
            {"source": _("Choose a leader's opinion given when signing off these minutes.")}
        )


def follow_up_items_assign(
    *, topic: Topic, actor, task, departments, due_on, consensus_point=None, sign_off=None
) -> list[FollowUpItem]:
    """One point may need several departments: one item each, all or none saved."""
    if not departments:
        raise ValidationError({"department": _("Choose at least one responsible department.")})
    with transaction.atomic():
        return [
            follow_up_item_add(
                topic=topic,
                actor=actor,
                task=task,
                department=department,
                due_on=due_on,
                consensus_point=consensus_point,
                sign_off=sign_off,
            )
            for department in departments
        ]


def progress_report(
    *, item: FollowUpItem, actor, percent_done, text, files=(), completed=False
) -> ProgressReport:
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
                item=locked,
                actor=actor,
                transition="report_completion",
                source=FollowUpItem.State.ASSIGNED,
                target=locked.state,
                comment=text,
            )
        locked.save()
    return report


def _item_transition(*, item: FollowUpItem, actor, name, args=(), comment="") -> FollowUpItem:
    with transaction.atomic():
        locked = FollowUpItem.objects.select_for_update().select_related("topic").get(pk=item.pk)
        method = getattr(locked, name)
        fsm_transition = method._django_fsm.get_transition(locked.state)
        if fsm_transition is None:
            raise TransitionRefused(
                [
                    _("This item is “%(state)s”; the action is not possible.")
                    % {"state": locked.get_state_display()}
                ]
            )
        if not may_take(fsm_transition, locked, actor):
            raise PermissionDenied
        source = locked.state
        method(*args)
        locked.save()
        ItemTransitionLog.objects.create(
            item=locked,
            actor=actor,
            transition=name,
            source=source,
            target=locked.state,
            comment=comment,
        )
    return locked


def follow_up_item_verify(*, item, actor):
    return _item_transition(item=item, actor=actor, name="verify")


def follow_up_item_send_back(*, item, actor, reason):
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say what is still missing before sending it back.")})
    return _item_transition(
        item=item, actor=actor, name="send_back", args=(reason,), comment=reason
    )


def follow_up_item_close(*, item, actor, reason):
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Closing an item needs a reason.")})
    return _item_transition(item=item, actor=actor, name="close", args=(reason,), comment=reason)


def extension_request(*, item: FollowUpItem, actor, due_on, reason) -> ExtensionRequest:
    """A department asks office staff to move the item's due date."""
    if not actor.has_perm("consultations.request_extension", item):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why more time is needed.")})
    with transaction.atomic():
        locked = FollowUpItem.objects.select_for_update().get(pk=item.pk)
        if locked.state != FollowUpItem.State.ASSIGNED:
            raise TransitionRefused([_("This item is no longer open; its due date cannot change.")])
        if due_on <= locked.due_on:
            raise ValidationError(
                {
                    "due_on": _("Ask for a date after the current due date, %(date)s.")
                    % {"date": date_format(locked.due_on)}
                }
            )
        if locked.extension_requests.filter(state=ExtensionRequest.State.PENDING).exists():
            raise TransitionRefused(
                [_("An extension request for this item is already awaiting a decision.")]
            )
        request = ExtensionRequest(
            item=locked,
            requested_by=actor,
            current_due_on=locked.due_on,
            requested_due_on=due_on,
            reason=reason,
        )
        request._history_user = actor
        request.full_clean(exclude=["state"])
        request.save()
        extension_requested_notify(request=request, actor=actor)
    return request


def extension_decide(*, request: ExtensionRequest, actor, grant: bool, note) -> ExtensionRequest:
    """Office staff grant (the due date moves, audited on the item) or refuse, with a reason."""
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Give the reason for your decision.")})
    with transaction.atomic():
        locked = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
        item = (
            FollowUpItem.objects.select_for_update().select_related("topic").get(pk=locked.item_id)
        )
        if not actor.has_perm("consultations.decide_extension", item):
            raise PermissionDenied
        if locked.state != ExtensionRequest.State.PENDING:
            raise TransitionRefused([_("This request has already been decided.")])
        (locked.grant if grant else locked.refuse)(actor, note)
        locked._history_user = actor
        locked.save()
        if grant:
            comment = _("Due date moved from %(old)s to %(new)s: %(note)s") % {
                "old": date_format(item.due_on),
                "new": date_format(locked.requested_due_on),
                "note": note,
            }
            item.due_on = locked.requested_due_on
            item._history_user = actor
            item.save(update_fields=["due_on"])
            ItemTransitionLog.objects.create(
                item=item,
                actor=actor,
                transition="extend",
                source=item.state,
                target=item.state,
                comment=comment,
            )
        extension_decided_notify(request=locked, actor=actor)
    return locked


def satisfaction_rate(*, item: FollowUpItem, actor, level, comment) -> SatisfactionRating:
    """A proposing member rates a completed item; rating again replaces the earlier rating."""
    if not actor.has_perm("consultations.rate_item", item):
        raise PermissionDenied
    comment = comment.strip()
    if level not in SatisfactionRating.Level.values:
        raise ValidationError(
            {"level": _("Choose satisfied, basically satisfied or dissatisfied.")}
        )
    if not comment:
        raise ValidationError({"comment": _("Add a comment to your rating.")})
    rating = SatisfactionRating.objects.filter(
        item=item, member=actor
    ).first() or SatisfactionRating(item=item, member=actor)
    rating.level, rating.comment = level, comment
    rating._history_user = actor
    rating.full_clean()
    rating.save()
    return rating

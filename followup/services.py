"""Writes of follow-up: items, progress reports with evidence, extensions, ratings.

Every change of an item's or an extension request's state goes through
core.workflow.transition_perform; its notice and log are declared in the catalogue.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from consultations.models import SignOff
from core.figures import committee_changed
from core.uploads import uploads_store
from core.workflow import TransitionRefused, transition_perform
from deadlines.models import Deadline
from notifications.models import Kind
from notifications.recipients import department_staff, with_role
from notifications.services import notice_to
from people.roles import Role
from topics.models import Topic

from .models import (
    Evidence,
    ExtensionRequest,
    FollowUpItem,
    ItemTransitionLog,
    ProgressReport,
    SatisfactionRating,
)


def follow_up_item_add(
    *, topic: Topic, actor, task, department, due_on, consensus_point=None, sign_off=None
) -> FollowUpItem:
    """A task for one department; `consensus_point` or `sign_off` names where it comes from."""
    if not actor.has_perm("followup.add_item", topic):
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
        committee_changed(topic.committee_id)
        notice_to(
            kind=Kind.ITEM_ASSIGNED,
            topic=topic,
            subject=item,
            users=department_staff(item.department_id),
            actor=actor,
            due_on=item.due_on,
            deadline=Deadline.FOLLOW_UP_ITEM,
        )
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


REPORTS_CLOSED = _lazy("This item is no longer open for reports.")


def progress_report(
    *, item: FollowUpItem, actor, percent_done, text, files=(), completed=False
) -> ProgressReport:
    """A department reports progress with evidence; reporting completion hands it to the office."""
    if not actor.has_perm("followup.report_on_item", item):
        raise PermissionDenied
    saved = []

    def save_report(locked):
        report = ProgressReport(item=locked, author=actor, percent_done=percent_done, text=text)
        # The item (locked just now) and the author (the signed-in actor) exist: checking
        # them again would cost two queries per report.
        report.full_clean(exclude=["item", "author"])
        report.save()
        uploads_store([Evidence.from_upload(uploaded, actor, report=report) for uploaded in files])
        locked.percent_done = percent_done
        saved.append(report)

    if completed:
        transition_perform(
            obj=item, name="report_completion", actor=actor, comment=text, prepare=save_report
        )
    else:
        with transaction.atomic():
            locked = FollowUpItem.objects.select_for_update().get(pk=item.pk)
            if locked.state != FollowUpItem.State.ASSIGNED:
                raise TransitionRefused([REPORTS_CLOSED])
            save_report(locked)
            locked._history_user = actor
            locked.save(update_fields=["percent_done"])
    return saved[0]


def follow_up_item_verify(*, item, actor):
    return transition_perform(obj=item, name="verify", actor=actor)


def follow_up_item_send_back(*, item, actor, reason):
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say what is still missing before sending it back.")})
    return transition_perform(
        obj=item, name="send_back", actor=actor, args=(reason,), comment=reason
    )


def follow_up_item_close(*, item, actor, reason):
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Closing an item needs a reason.")})
    return transition_perform(obj=item, name="close", actor=actor, args=(reason,), comment=reason)


def extension_request(*, item: FollowUpItem, actor, due_on, reason) -> ExtensionRequest:
    """A department asks office staff to move the item's due date."""
    if not actor.has_perm("followup.request_extension", item):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why more time is needed.")})
    with transaction.atomic():
        locked = FollowUpItem.objects.select_for_update().select_related("topic").get(pk=item.pk)
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
        committee_changed(locked.topic.committee_id)  # the office's to-do counts it
        notice_to(
            kind=Kind.EXTENSION_REQUESTED,
            topic=locked.topic,
            subject=locked,
            users=with_role(locked.topic.committee_id, Role.OFFICE_STAFF),
            actor=actor,
            due_on=request.requested_due_on,
        )
    return request


def extension_decide(*, request: ExtensionRequest, actor, grant: bool, note) -> ExtensionRequest:
    """Office staff grant (the due date moves, audited on the item) or refuse, with a reason."""
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Give the reason for your decision.")})
    # The rule names the topic's state: judged on the item as it is now.
    item = FollowUpItem.objects.select_related("topic").get(pk=request.item_id)
    if not actor.has_perm("followup.decide_extension", item):
        raise PermissionDenied

    def move_due_date(locked):
        if not grant:
            return
        item = FollowUpItem.objects.select_for_update().get(pk=locked.item_id)
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

    return transition_perform(
        obj=request,
        name="grant" if grant else "refuse",
        actor=actor,
        comment=note,
        prepare=move_due_date,
        args=(actor, note),
    )


def satisfaction_rate(*, item: FollowUpItem, actor, level, comment) -> SatisfactionRating:
    """A proposing member rates a completed item; rating again replaces the earlier rating."""
    if not actor.has_perm("followup.rate_item", item):
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
    with transaction.atomic():
        rating.save()
        committee_changed(item.topic.committee_id)
    return rating

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.uploads import uploads_store
from topics.models import State, Topic
from topics.search import document_refresh
from topics.services import topic_transition

from .models import ResearchActivity, ResearchAttachment, ResearchPlan, ResearchReport


def research_start(
    *, topic: Topic, actor, team, starts_on, ends_on, objectives, expected_state=None
) -> Topic:
    """Save the research plan and move the planned topic into research, in one step."""
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The research cannot end before it starts.")})

    def save_plan(locked):
        plan, _created = ResearchPlan.objects.update_or_create(
            topic=locked,
            defaults={"starts_on": starts_on, "ends_on": ends_on, "objectives": objectives},
        )
        plan.team.set(team)

    return topic_transition(
        topic=topic,
        name="start_research",
        actor=actor,
        expected_state=expected_state,
        prepare=save_plan,
    )


def approval_date(topic: Topic):
    approved = topic.transitions.filter(target=State.PLANNED).order_by("-at").first()
    return timezone.localdate(approved.at) if approved else None


def research_activity_record(
    *, topic: Topic, actor, members, departments=(), files=(), **fields
) -> ResearchActivity:
    if not actor.has_perm("research.record_research", topic):
        raise PermissionDenied
    held_on = fields["held_on"]
    approved_on = approval_date(topic)
    if approved_on and held_on < approved_on:
        raise ValidationError(
            {
                "held_on": _("The date cannot be before the topic was approved (%(date)s).")
                % {"date": approved_on.strftime("%Y-%m-%d")}
            }
        )
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("Research cannot be recorded for a future date.")})
    with transaction.atomic():
        activity = ResearchActivity(topic=topic, recorded_by=actor, **fields)
        activity.full_clean()
        activity.save()
        activity.members.set(members)
        activity.departments.set(departments)
        uploads_store([ResearchAttachment.from_upload(f, actor, activity=activity) for f in files])
        document_refresh(topic)
    return activity


def research_report_write(*, topic: Topic, actor, content, preliminary_solution) -> ResearchReport:
    if not actor.has_perm("research.record_research", topic):
        raise PermissionDenied
    report, _created = ResearchReport.objects.update_or_create(
        topic=topic,
        defaults={
            "content": content,
            "preliminary_solution": preliminary_solution,
            "written_by": actor,
        },
    )
    return report

"""Who the reminder sweep reminds of the research deadline while research runs: the research
team; a topic without a team is the office's to chase (the default)."""

from django.contrib.contenttypes.models import ContentType

from notifications.recipients import grouped
from notifications.sweep import Remind
from topics.models import Topic

from .models import ResearchPlan


def research_team(due) -> dict[int, list[Remind]]:
    teams = grouped(
        ResearchPlan.team.through.objects.filter(
            researchplan__topic_id__in=[record.pk for record in due], user__is_active=True
        ).values_list("researchplan__topic_id", "user_id")
    )
    topic_type = ContentType.objects.get_for_model(Topic)
    return {
        topic_id: [Remind(topic_type, topic_id, people, escalate=True)]
        for topic_id, people in teams.items()
    }

import rules

from people.predicates import is_member, is_office_staff
from topics.models import State


@rules.predicate
def is_on_research_team(user, topic):
    plan = getattr(topic, "research_plan", None)
    return plan is not None and plan.team.filter(pk=user.pk).exists()


@rules.predicate
def is_under_research(user, topic):
    return topic.state == State.RESEARCHING


rules.add_perm(
    "research.record_research",
    is_under_research & (is_office_staff | (is_member & is_on_research_team)),
)

import rules

from people.predicates import is_evaluator, is_office_staff, reads_committee_topics
from people.roles import Role
from topics.models import State as TopicState

from .models import EvaluationAssignment


@rules.predicate
def is_assigned_evaluator(user, assignment):
    return assignment.evaluator_id in user.evaluator_ids


@rules.predicate
def is_submitted(user, assignment):
    return assignment.state == EvaluationAssignment.State.SUBMITTED


@rules.predicate
def topic_is_evaluating(user, assignment):
    return assignment.topic.state == TopicState.EVALUATING


def role_in_this_committee(*roles):
    """For rules asked about a committee itself (its evaluation method)."""

    @rules.predicate(name="has_role_in_committee_" + "_".join(roles))
    def check(user, committee):
        return user.is_authenticated and any(user.has_role(role, committee.pk) for role in roles)

    return check


rules.add_perm("evaluations.score_topic", is_evaluator & is_assigned_evaluator)
# Evaluators score independently: one never sees another's scores.
rules.add_perm(
    "evaluations.view_assignment", reads_committee_topics | (is_evaluator & is_assigned_evaluator)
)
rules.add_perm(
    "evaluations.reopen_evaluation", is_office_staff & is_submitted & topic_is_evaluating
)
rules.add_perm("evaluations.view_report", reads_committee_topics)
rules.add_perm("evaluations.manage_methods", role_in_this_committee(Role.OFFICE_STAFF))
rules.add_perm(
    "evaluations.view_methods",
    role_in_this_committee(
        Role.OFFICE_STAFF, Role.CHAIR_MEETING, Role.LEADER, Role.MEMBER, Role.EVALUATOR
    ),
)

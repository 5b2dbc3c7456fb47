"""Role predicates for django-rules, scoped to the committee of the object they are asked about.

An object is any record that has a `committee_id`, or reaches one through `topic`.
"""

import rules

from .roles import Role


def committee_id_of(obj):
    if hasattr(obj, "committee_id"):
        return obj.committee_id
    return obj.topic.committee_id


def role_in_committee(role: Role):
    @rules.predicate(name=f"is_{role.value}")
    def check(user, obj=None):
        if not user.is_authenticated or not user.has_role(role):
            return False
        return obj is None or committee_id_of(obj) in user.committee_ids

    return check


is_office_staff = role_in_committee(Role.OFFICE_STAFF)
is_member = role_in_committee(Role.MEMBER)
is_chair_meeting = role_in_committee(Role.CHAIR_MEETING)
is_leader = role_in_committee(Role.LEADER)
is_department = role_in_committee(Role.DEPARTMENT)
is_evaluator = role_in_committee(Role.EVALUATOR)

# Roles that read every topic of their committees; departments and evaluators see only
# what was assigned to them.
reads_committee_topics = is_office_staff | is_member | is_chair_meeting | is_leader

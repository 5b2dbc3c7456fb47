"""Role predicates for django-rules, scoped to the committee of the object they are asked about.

An object is a committee, any record that has a `committee_id`, or one that reaches one
through `topic`. A role
counts only in the committee of the membership that gives it: office staff of one committee
who also report for a department of another are office staff in the first only.
"""

import rules

from .models import Committee
from .roles import Role


def committee_id_of(obj):
    if isinstance(obj, Committee):
        return obj.pk
    if hasattr(obj, "committee_id"):
        return obj.committee_id
    return obj.topic.committee_id


def role_in_committee(role: Role):
    @rules.predicate(name=f"is_{role.value}")
    def check(user, obj=None):
        if not user.is_authenticated:
            return False
        return user.has_role(role, None if obj is None else committee_id_of(obj))

    return check


is_office_staff = role_in_committee(Role.OFFICE_STAFF)
is_member = role_in_committee(Role.MEMBER)
is_chair_meeting = role_in_committee(Role.CHAIR_MEETING)
is_leader = role_in_committee(Role.LEADER)
is_department = role_in_committee(Role.DEPARTMENT)
is_evaluator = role_in_committee(Role.EVALUATOR)

# Roles that read every topic of their committees; departments and evaluators see only
# what was assigned to them.
READING_ROLES = (Role.OFFICE_STAFF, Role.MEMBER, Role.CHAIR_MEETING, Role.LEADER)
reads_committee_topics = is_office_staff | is_member | is_chair_meeting | is_leader

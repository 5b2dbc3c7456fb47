"""Who may do what with attendance, leave and duty records: each permission declared once."""

import rules

from people.predicates import is_member, is_office_staff


@rules.predicate
def is_own_record(user, record_owner):
    """`record_owner` is the duty record's membership (committee × member)."""
    return record_owner is not None and record_owner.user_id == user.pk


@rules.predicate
def is_own_request(user, request):
    return request.member_id == user.pk


# The duties pages at all: members and office staff.
rules.add_perm("duties.view_duties", is_member | is_office_staff)
# Attendance at a session or a research visit (obj: duties.events.Event).
rules.add_perm("duties.mark_attendance", is_office_staff)
rules.add_perm("duties.show_check_in_code", is_office_staff)
rules.add_perm("duties.check_in", is_member)
# Leave from a session (obj: the session's Event; a LeaveRequest for the decision).
rules.add_perm("duties.request_leave", is_member)
rules.add_perm("duties.decide_leave", is_office_staff)
rules.add_perm("duties.view_leave_request", is_office_staff | (is_member & is_own_request))
# The duty record (obj: the member's Membership in the committee).
rules.add_perm("duties.view_record", is_office_staff | (is_member & is_own_record))
rules.add_perm("duties.dispute_line", is_member & is_own_record)
rules.add_perm("duties.decide_dispute", is_office_staff)
# Every member's record, the export and the scoring rule (obj: the committee).
rules.add_perm("duties.view_all_records", is_office_staff)
rules.add_perm("duties.manage_scoring", is_office_staff)

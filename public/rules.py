"""Who may do what on the public's side; each permission is declared once."""

import rules

from people.predicates import is_member, is_office_staff


@rules.predicate
def takes_part_in_day(user, day):
    return day.members.filter(pk=user.pk).exists()


# Reception days: office staff plan them; members record what the public raise there.
rules.add_perm("public.manage_reception_days", is_office_staff)
rules.add_perm("public.record_submission", is_office_staff | (is_member & takes_part_in_day))
# Triage of submissions, replies to the submitter, and the topics shown to the public.
rules.add_perm("public.view_submissions", is_office_staff)
rules.add_perm("public.triage_submission", is_office_staff)
rules.add_perm("public.reply_submission", is_office_staff)
rules.add_perm("public.view_full_mobile", is_office_staff)
rules.add_perm("public.publish_topic", is_office_staff)

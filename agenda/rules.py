"""Who sees a reception day in their calendar: the office staff of its committee, who plan it
(`public.manage_reception_days`), and the members who hold it."""

import rules

from people.predicates import is_office_staff


@rules.predicate
def holds_reception_day(user, day):
    return day.members.filter(pk=user.pk).exists()


rules.add_perm("agenda.view_reception_day", is_office_staff | holds_reception_day)

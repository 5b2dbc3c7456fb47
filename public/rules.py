"""Who may do what on the public's side; each permission is declared once."""

import rules

from people.predicates import is_member, is_office_staff

# Reception days: office staff plan them; members record what the public raise there.
rules.add_perm("public.manage_reception_days", is_office_staff)
rules.add_perm("public.record_submission", is_member | is_office_staff)

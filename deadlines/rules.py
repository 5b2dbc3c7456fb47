import rules

from people.predicates import is_office_staff

rules.add_perm("deadlines.change_policy", is_office_staff)

import rules

from people.predicates import is_leader, is_office_staff

# The year at a glance, the annual target assessment and their exports.
rules.add_perm("dashboard.view_dashboard", is_office_staff | is_leader)

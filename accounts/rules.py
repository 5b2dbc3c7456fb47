import rules

from people.predicates import is_office_staff

# Office staff lift lockouts; so does anyone given the permission (the security
# administrator's group). Resetting a second factor is the permission alone.
rules.add_perm("accounts.manage_lockouts", is_office_staff)

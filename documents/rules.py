"""Who may see which document; each decision declared once, used by views, templates and tests."""

import rules

from people.predicates import is_leader, is_office_staff, reads_committee_topics


@rules.predicate
def version_is_signed(user, version):
    return version.is_signed


@rules.predicate
def reads_committee_of_version(user, version):
    return reads_committee_topics.test(user, version.minutes.topic)


@rules.predicate
def may_view_topic_of_version(user, version):
    return user.has_perm("topics.view_topic", version.minutes.topic)


# Office staff, members, the chair meeting and leaders read every version, drafts and returned
# ones included; a department or an evaluator with access to the topic sees only the signed
# minutes. (The cheap check comes first: the topic check asks the database.)
rules.add_perm(
    "documents.view_minutes_version",
    reads_committee_of_version | (version_is_signed & may_view_topic_of_version),
)
# The annual work report of a committee (asked about an AnnualReport, or without an object
# for the page that lists them).
rules.add_perm("documents.view_annual_report", is_office_staff | is_leader)

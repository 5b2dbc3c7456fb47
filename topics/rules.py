"""Who may do what with topics: each permission is declared once and used everywhere."""

import rules

from people.predicates import (
    is_chair_meeting,
    is_department,
    is_evaluator,
    is_leader,
    is_member,
    is_office_staff,
    reads_committee_topics,
)

from .models import State


@rules.predicate
def is_draft(user, topic):
    # The admin asks `topics.change_topic` without a topic (its model permission's name).
    return topic is not None and topic.state == State.DRAFT


@rules.predicate
def is_proposer(user, topic):
    return topic.created_by_id == user.pk or topic.proposers.filter(member=user).exists()


@rules.predicate
def is_unconfirmed_cosigner(user, topic):
    return topic.proposers.filter(member=user, confirmed_at__isnull=True).exists()


@rules.predicate
def has_item_of_users_department(user, topic):
    return bool(user.department_ids) and (
        topic.follow_up_items.filter(department_id__in=user.department_ids).exists()
    )


@rules.predicate
def is_assigned_to_users_evaluator(user, topic):
    return bool(user.evaluator_ids) and (
        topic.evaluation_assignments.filter(evaluator_id__in=user.evaluator_ids).exists()
    )


@rules.predicate
def is_asked_to_sign(user, topic):
    minutes = getattr(topic, "minutes", None)
    version = minutes.current_version if minutes else None
    return version is not None and version.awaiting_leaders().filter(pk=user.pk).exists()


# A draft is its proposers' (and co-signers') own until it is submitted; office staff help.
reads_topic = (~is_draft & reads_committee_topics) | (
    is_draft & (is_office_staff | (is_member & is_proposer))
)

can_view_topic = (
    reads_topic
    | (is_department & has_item_of_users_department)
    | (is_evaluator & is_assigned_to_users_evaluator)
)

rules.add_perm("topics.view_topic", can_view_topic)
# The whole dossier (research, minutes drafts, every department's items); departments see
# only the topic's outline, the signed results and their own items.
rules.add_perm("topics.view_dossier", reads_topic | (is_evaluator & is_assigned_to_users_evaluator))
rules.add_perm("topics.add_topic", is_office_staff | is_member)
rules.add_perm("topics.change_topic", is_draft & (is_office_staff | (is_member & is_proposer)))
rules.add_perm("topics.submit_topic", is_office_staff | (is_member & is_proposer))
rules.add_perm("topics.confirm_cosignature", is_draft & is_member & is_unconfirmed_cosigner)
rules.add_perm("topics.decide_topic", is_chair_meeting)
rules.add_perm("topics.run_process", is_office_staff)
rules.add_perm("topics.sign_minutes", is_leader & is_asked_to_sign)
rules.add_perm("topics.view_history", is_office_staff | is_chair_meeting | is_leader)

import rules

from people.predicates import is_department, is_member, is_office_staff, reads_committee_topics
from topics.models import State as TopicState
from topics.rules import is_assigned_to_users_evaluator

from .models import FollowUpItem


@rules.predicate
def is_items_department(user, item):
    return item.department_id in user.department_ids


@rules.predicate
def topic_is_following_up(user, obj):
    topic = obj if hasattr(obj, "follow_up_items") else obj.topic
    return topic.state == TopicState.FOLLOWING_UP


@rules.predicate
def item_is_open(user, item):
    return item.state == FollowUpItem.State.ASSIGNED


@rules.predicate
def item_is_unsettled(user, item):
    return item.state in (FollowUpItem.State.ASSIGNED, FollowUpItem.State.REPORTED_DONE)


@rules.predicate
def item_is_verified(user, item):
    return item.state == FollowUpItem.State.VERIFIED


@rules.predicate
def topic_not_yet_closed(user, item):
    return item.topic.state in (TopicState.FOLLOWING_UP, TopicState.EVALUATING)


@rules.predicate
def proposed_items_topic(user, item):
    # Reads the proposers the topic page has prefetched, instead of a query per item.
    topic = item.topic
    return topic.created_by_id == user.pk or any(
        proposer.member_id == user.pk for proposer in topic.proposers.all()
    )


@rules.predicate
def evaluator_of_items_topic(user, item):
    return is_assigned_to_users_evaluator(user, item.topic)


rules.add_perm(
    "followup.view_item",
    reads_committee_topics | (is_department & is_items_department) | evaluator_of_items_topic,
)
rules.add_perm("followup.add_item", is_office_staff & topic_is_following_up)
rules.add_perm(
    "followup.report_on_item",
    is_department & is_items_department & item_is_open & topic_is_following_up,
)
rules.add_perm("followup.verify_item", is_office_staff & topic_is_following_up & item_is_unsettled)
rules.add_perm(
    "followup.request_extension",
    is_department & is_items_department & item_is_open & topic_is_following_up,
)
rules.add_perm("followup.decide_extension", is_office_staff & topic_is_following_up)
rules.add_perm(
    "followup.rate_item",
    is_member & proposed_items_topic & item_is_verified & topic_not_yet_closed,
)

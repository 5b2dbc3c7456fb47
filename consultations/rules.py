import rules

from people.predicates import is_department, is_office_staff, reads_committee_topics
from topics.models import State as TopicState
from topics.rules import is_assigned_to_users_evaluator

from .models import FollowUpItem


@rules.predicate
def is_items_department(user, item):
    return user.department_id is not None and item.department_id == user.department_id


@rules.predicate
def topic_is_following_up(user, obj):
    topic = obj if hasattr(obj, "follow_up_items") else obj.topic
    return topic.state == TopicState.FOLLOWING_UP


@rules.predicate
def item_is_open(user, item):
    return item.state == FollowUpItem.State.ASSIGNED


@rules.predicate
def evaluator_of_items_topic(user, item):
    return is_assigned_to_users_evaluator(user, item.topic)


rules.add_perm(
    "consultations.view_item",
    reads_committee_topics | (is_department & is_items_department) | evaluator_of_items_topic,
)
rules.add_perm("consultations.add_item", is_office_staff & topic_is_following_up)
rules.add_perm(
    "consultations.report_on_item",
    is_department & is_items_department & item_is_open & topic_is_following_up,
)
rules.add_perm("consultations.verify_item", is_office_staff & topic_is_following_up)

from django import template

from ..selectors import similar

register = template.Library()


@register.simple_tag
def similar_to_topic(topic):
    """(topics, submissions) most like a newly entered topic, for its draft page."""
    return similar(topic.committee_id, topic.title, topic.description, exclude_topic=topic.pk)

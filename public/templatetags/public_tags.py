from django import template

from people.models import Committee

from ..selectors import similar

register = template.Library()


@register.simple_tag
def similar_to_topic(topic):
    """(topics, submissions) most like a newly entered topic, for its draft page."""
    return similar(topic.committee_id, topic.title, topic.description, exclude_topic=topic.pk)


@register.inclusion_tag("public/committee_links.html")
def public_committee_links():
    """Links to each committee's public page, for visitors who are not signed in."""
    return {"committees": Committee.objects.order_by("name")[:50]}

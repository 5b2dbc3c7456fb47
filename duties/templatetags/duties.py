from django import template

from duties.events import event_of as _event_of

register = template.Library()


@register.simple_tag
def event_of(obj):
    """The attendance event of a session or a research activity."""
    return _event_of(obj)

from django import template

from ..minutes import minutes_document as document_of

register = template.Library()


@register.simple_tag
def minutes_document(version, signed=False):
    """The official document of a version of the minutes, for a page to show it."""
    return document_of(version, signed=signed)

"""Refused access that looks like "not found".

A record the user may not see answers 404, as one that does not exist (an outsider learns
nothing). The two differ for the security audit log, though: `RefusedAccess` is the 404 of a
record that exists and was withheld, which `audit.middleware.RefusedAccessMiddleware` records;
a plain `Http404` (an unknown address or number) is not recorded.
"""

from django.http import Http404


class RefusedAccess(Http404):
    """A 404 that hides an existing record from this user."""

    def __init__(self, obj=None):
        super().__init__("not found")
        self.obj = obj


def scoped_get_or_404(queryset, **lookup):
    """The record of `queryset` (already narrowed to what the user may see) matching `lookup`;
    `RefusedAccess` when the record exists outside that scope, `Http404` when it does not."""
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        hidden = queryset.model._base_manager.filter(**lookup).first()
        if hidden is not None:
            raise RefusedAccess(hidden) from None
        raise Http404("not found") from None

from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def inbox(request):
    """`inbox_unread`: the signed-in user's unread notifications, counted when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_unread": SimpleLazyObject(lambda: unread_count(user))}

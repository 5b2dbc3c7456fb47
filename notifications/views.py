from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import RefusedAccess
from deadlines.models import DeadlinePolicy
from people.models import Committee
from people.roles import Role

from . import services
from .forms import PreferenceForm
from .models import Kind, Notification, Preference
from .selectors import inbox_of
from .texts import describe


@login_required
def inbox(request):
    unread_only = request.GET.get("show") == "unread"
    page = Paginator(inbox_of(request.user, unread_only=unread_only), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": page,
            "entries": [(notification, describe(notification)) for notification in page],
            "unread_only": unread_only,
            "policy_committees": _policy_committees(request.user),
        },
    )


def _policy_committees(user):
    return [
        committee
        for committee in Committee.objects.filter(
            pk__in=user.committees_with_role(Role.OFFICE_STAFF)
        )
        if user.has_perm("deadlines.change_policy", DeadlinePolicy(committee=committee))
    ]


@require_POST
@login_required
def mark_read(request, pk):
    notification = get_object_or_404(Notification, pk=pk)
    if not request.user.has_perm("notifications.read_notification", notification):
        raise RefusedAccess(notification)
    services.notification_mark_read(notification=notification, user=request.user)
    return _back(request)


@require_POST
@login_required
def mark_all_read(request):
    services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("All your notifications are marked as read."))
    return _back(request)


def _back(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notifications:inbox")


@login_required
def preferences(request):
    preference = Preference.objects.filter(user=request.user).first() or Preference(
        user=request.user
    )
    initial = {
        "email_kinds": [kind for kind in Kind.values if preference.wants_email(kind)],
        "daily_digest": preference.daily_digest,
    }
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.preference_save(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your e-mail settings were saved."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "has_email": bool(request.user.email)},
        status=400 if form.errors else 200,
    )

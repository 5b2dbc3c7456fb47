"""Office pages of the public's side (signed in)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.forms import add_validation_errors
from people.models import Committee

from .forms import ReceptionDayForm
from .models import ReceptionDay
from .services import reception_day_save


def committee_for(request, committee_pk, permission):
    """The committee, if the user belongs to it (404 otherwise) and holds `permission` (403)."""
    if committee_pk not in request.user.committee_ids:
        raise Http404
    committee = get_object_or_404(Committee, pk=committee_pk)
    if not request.user.has_perm(permission, committee):
        raise PermissionDenied
    return committee


@login_required
def reception_day_list(request, committee_pk):
    committee = committee_for(request, committee_pk, "public.manage_reception_days")
    days = committee.reception_days.prefetch_related("members").order_by("-starts_at")[:200]
    return render(request, "public/receptionday_list.html", {"committee": committee, "days": days})


@login_required
def reception_day_edit(request, committee_pk, pk=None):
    committee = committee_for(request, committee_pk, "public.manage_reception_days")
    day = get_object_or_404(ReceptionDay, pk=pk, committee=committee) if pk else None
    form = ReceptionDayForm(request.POST or None, instance=day, committee=committee)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            reception_day_save(
                committee=committee,
                actor=request.user,
                instance=day,
                members=list(data.pop("members")),
                **data,
            )
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            messages.success(request, _("The reception day was saved."))
            return redirect("public:reception_days", committee_pk=committee.pk)
    return render(
        request,
        "public/receptionday_form.html",
        {"form": form, "committee": committee, "day": day},
        status=400 if form.errors else 200,
    )

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.access import scoped_get_or_404
from core.forms import add_validation_errors
from people.models import Committee

from .forms import DeadlinePolicyForm
from .models import DeadlinePolicy
from .services import deadline_policy_save


@login_required
def policy_edit(request, committee_pk):
    """Office staff set how long each stage of their committee may take."""
    committee = scoped_get_or_404(
        Committee.objects.filter(pk__in=request.user.committee_ids), pk=committee_pk
    )
    policy = DeadlinePolicy.of(committee.pk)
    if not request.user.has_perm("deadlines.change_policy", policy):
        raise PermissionDenied
    form = DeadlinePolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        try:
            deadline_policy_save(committee=committee, actor=request.user, **form.cleaned_data)
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            messages.success(
                request,
                _("The deadline policy was saved; it applies to stages entered from now on."),
            )
            return redirect("deadlines:policy", committee_pk=committee.pk)
    return render(
        request,
        "deadlines/policy_form.html",
        {"form": form, "committee": committee},
        status=400 if form.errors else 200,
    )

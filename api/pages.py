"""The page where a user makes and revokes their personal access tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.access import scoped_get_or_404

from . import services
from .forms import AccessTokenForm
from .models import AccessToken


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    form = AccessTokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = services.access_token_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = AccessTokenForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "created": created,
            "tokens": AccessToken.objects.filter(user=request.user),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def token_revoke(request, pk):
    token = scoped_get_or_404(AccessToken.objects.filter(user=request.user), pk=pk)
    services.access_token_revoke(token=token, actor=request.user)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("api:tokens")

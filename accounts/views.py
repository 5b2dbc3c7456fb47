"""Pages of account security: sign-in steps, passwords, second factor, sessions, lockouts."""

import base64

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required, permission_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from core.access import scoped_get_or_404

from . import services
from .forms import AccountLookupForm, CodeForm, EnrolForm
from .models import UserSession
from .selectors import lockouts_current


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def form_valid(self, form):
        # The session, the person's last sign-in, the noted session and the audit row are
        # written together: one commit, all or nothing.
        with transaction.atomic():
            return super().form_valid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = settings.OIDC_ENABLED
        context["oidc_provider_name"] = settings.OIDC_PROVIDER_NAME
        return context


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:security")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password was changed."))
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


def _next_url(request, fallback="portal:home"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(fallback)


@login_required
def verify_view(request):
    """The second step of signing in (and of re-verifying): the code of the second factor."""
    if request.session.get(services.SECOND_FACTOR_STEP) != services.VERIFY:
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if services.second_factor_check(request=request, token=form.cleaned_data["otp_token"]):
            return redirect(_next_url(request))
        form.add_error("otp_token", _("This code is wrong or has expired."))
    status = 400 if form.errors else 200
    context = {"form": form, "next": _next_url(request)}
    return render(request, "accounts/verify.html", context, status=status)


@login_required
def security_view(request):
    """My account: password, second factor, sessions."""
    return render(
        request,
        "accounts/security.html",
        {
            "has_second_factor": services.has_second_factor(request.user),
            "required": services.second_factor_required(request.user),
            "backup_codes_left": _backup_codes_left(request.user),
            "session_count": UserSession.objects.filter(user=request.user).count(),
        },
    )


def _backup_codes_left(user) -> int:
    device = StaticDevice.objects.filter(user=user).first()
    return device.token_set.count() if device else 0


def _qr_code(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


@login_required
def second_factor_view(request):
    """Set up the authenticator: scan the QR code (or type the key), confirm with a code."""
    if services.has_second_factor(request.user):
        return redirect("accounts:security")
    device = services.second_factor_device_start(user=request.user)
    form = EnrolForm(request.POST or None)
    if form.is_valid():
        codes = services.second_factor_enrol(
            request=request, device=device, token=form.cleaned_data["otp_token"]
        )
        if codes is not None:
            messages.success(request, _("Your second factor is set up."))
            return render(request, "accounts/backup_codes.html", {"codes": codes})
        form.add_error("otp_token", _("This code is wrong or has expired."))
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_code": _qr_code(device.config_url),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "required": services.second_factor_required(request.user),
    }
    return render(
        request, "accounts/second_factor.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def backup_codes_view(request):
    """New backup codes; only in a session verified by the second factor."""
    if not request.user.is_verified():
        return redirect("accounts:security")
    codes = services.backup_codes_issue(user=request.user)
    return render(request, "accounts/backup_codes.html", {"codes": codes})


@login_required
def sessions_view(request):
    sessions = UserSession.objects.filter(user=request.user)
    return render(
        request,
        "accounts/sessions.html",
        {"sessions": sessions, "current_key": request.session.session_key},
    )


@login_required
@require_POST
def session_end_view(request, pk):
    user_session = scoped_get_or_404(UserSession.objects.filter(user=request.user), pk=pk)
    if user_session.session_key == request.session.session_key:
        messages.error(request, _("To end this session, log out."))
    else:
        services.session_end(user_session=user_session, request=request)
        messages.success(request, _("The session was ended."))
    return redirect("accounts:sessions")


@permission_required("accounts.manage_lockouts", raise_exception=True)
def lockouts_view(request):
    if request.method == "POST":
        username = request.POST.get("username", "").strip()
        address = request.POST.get("address", "").strip()
        if username or address:
            services.lockout_lift(request=request, username=username, address=address)
            messages.success(
                request,
                _("The lockout of %(what)s was lifted.") % {"what": username or address},
            )
        return redirect("accounts:lockouts")
    return render(
        request,
        "accounts/lockouts.html",
        {**lockouts_current(), "minutes": settings.LOCKOUT_MINUTES},
    )


@permission_required("accounts.reset_second_factor", raise_exception=True)
def second_factor_reset_view(request):
    """An administrator finds an account and removes its second factor (a lost phone)."""
    form = AccountLookupForm(request.GET or None)
    account = None
    if form.is_valid():
        account = get_user_model().objects.filter(username=form.cleaned_data["username"]).first()
        if account is None:
            form.add_error("username", _("No account has this username."))
    if request.method == "POST":
        account = get_object_or_404(get_user_model(), pk=request.POST.get("user"))
        services.second_factor_reset(actor=request.user, user=account, request=request)
        messages.success(
            request,
            _("The second factor of %(user)s was removed; they were signed out everywhere.")
            % {"user": account},
        )
        return redirect("accounts:second_factor_reset")
    context = {
        "form": form,
        "account": account,
        "account_has_second_factor": account is not None and services.has_second_factor(account),
    }
    return render(request, "accounts/second_factor_reset.html", context)


def locked_out_response(request, original_response=None, credentials=None):
    """What django-axes answers while an account or address is locked: the same words
    whether the account exists or not."""
    return render(
        request, "accounts/locked_out.html", {"minutes": settings.LOCKOUT_MINUTES}, status=429
    )

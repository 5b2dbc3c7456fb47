from django.utils.translation import gettext as _

from . import services
from .forms import code_field


class RecentSecondFactorMixin:
    """For a form whose action weighs (a leader signing minutes): when the person's second
    factor was given longer ago than SECOND_FACTOR_REVERIFY_SECONDS, the form asks for a
    code again, and the action is taken only with a right one. People without a second
    factor are not asked (where it is required they have one)."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not services.second_factor_recent(request=self.request):
            form.fields["otp_token"] = code_field()
        return form

    def form_valid(self, form):
        if "otp_token" in form.fields:
            token = form.cleaned_data["otp_token"]
            if services.second_factor_check(request=self.request, token=token) is None:
                form.add_error("otp_token", _("This code is wrong or has expired."))
                return self.form_invalid(form)
        return super().form_valid(form)

from django import forms
from django.utils.translation import gettext_lazy as _


def code_field() -> forms.CharField:
    return forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_(
            "The six digits your authenticator app shows now, or one of your backup codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class CodeForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["otp_token"] = code_field()


class EnrolForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Code from the app"),
        max_length=6,
        help_text=_("The six digits the app shows after you scanned the QR code."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class AccountLookupForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)

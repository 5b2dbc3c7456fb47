from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Kind


class PreferenceForm(forms.Form):
    email_kinds = forms.MultipleChoiceField(
        label=_("Send me an e-mail about"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Unticked kinds still appear in your notifications here, without an e-mail."),
    )
    daily_digest = forms.BooleanField(
        label=_("Send one daily digest instead of each e-mail"),
        required=False,
        help_text=_("The e-mails of a day are collected into one message, sent each morning."),
    )

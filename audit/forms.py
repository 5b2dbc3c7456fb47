from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Action, Outcome


class AuditSearchForm(forms.Form):
    """What the audit administrator searches by: user, action, object, outcome, dates."""

    user = forms.CharField(label=_("User"), max_length=150, required=False)
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("Any"))] + Action.choices, required=False
    )
    object = forms.CharField(
        label=_("Object"),
        max_length=200,
        required=False,
        help_text=_("Part of its name, or its type and number, e.g. topics.topic 12"),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", _("Any"))] + Outcome.choices, required=False
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StateBoundForm
from people.models import EvaluatorOrganisation


class CommissionForm(StateBoundForm):
    evaluators = forms.ModelMultipleChoiceField(
        label=_("Evaluator organisations"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Each organisation scores the topic independently against the method in force."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluators"].queryset = EvaluatorOrganisation.objects.filter(
            committee=self.topic.committee
        )


class ScoreForm(forms.Form):
    """A score (0–100) and a justification for each indicator of the assignment's method."""

    no_conflict = forms.BooleanField(
        label=_("I declare that our organisation has no conflict of interest with this topic"),
    )
    summary = forms.CharField(
        label=_("Overall comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, topic, indicators, **kwargs):
        self.topic = topic
        self.indicators = list(indicators)
        super().__init__(*args, **kwargs)
        for indicator in self.indicators:
            self.fields[f"score_{indicator.pk}"] = forms.DecimalField(
                label=_("%(name)s — score (weight %(weight)s)")
                % {"name": indicator.name, "weight": indicator.weight},
                min_value=0,
                max_value=100,
                decimal_places=2,
                help_text=indicator.guidance,
            )
            self.fields[f"justification_{indicator.pk}"] = forms.CharField(
                label=_("%(name)s — justification") % {"name": indicator.name},
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.order_fields(["no_conflict"])

    def scores(self):
        return {
            indicator: (
                self.cleaned_data[f"score_{indicator.pk}"],
                self.cleaned_data[f"justification_{indicator.pk}"],
            )
            for indicator in self.indicators
        }


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The evaluator sees it; the reopening is recorded with your name."),
    )

    def __init__(self, *args, topic, **kwargs):
        self.topic = topic
        super().__init__(*args, **kwargs)


class MethodForm(forms.Form):
    """The name and grade scale of a new version of the evaluation method."""

    name = forms.CharField(label=_("Name"), max_length=100)
    excellent_from = forms.DecimalField(
        label=_("“Excellent” from"), min_value=0, max_value=100, decimal_places=2
    )
    good_from = forms.DecimalField(
        label=_("“Good” from"), min_value=0, max_value=100, decimal_places=2
    )
    fair_from = forms.DecimalField(
        label=_("“Fair” from"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        help_text=_("Below this score the grade is “poor”."),
    )


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=100)
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=100)
    guidance = forms.CharField(
        label=_("Scoring guidance"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


IndicatorFormSet = forms.formset_factory(IndicatorForm, extra=2, can_delete=True)


def indicators_of(formset) -> list[dict]:
    """The indicators kept in a valid formset: filled in and not marked for removal."""
    return [
        {key: form.cleaned_data[key] for key in ("name", "weight", "guidance")}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]

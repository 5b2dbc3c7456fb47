from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import LeanSelect, cache_choices
from people.models import Committee

from .selectors import dashboard_committees


class YearForm(forms.Form):
    """The year and, for people of several committees, the committee the figures cover."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, widget=LeanSelect)
    committee = forms.ModelChoiceField(
        label=_("Committee"),
        required=False,
        queryset=Committee.objects.none(),
        empty_label=_("All committees"),
        widget=LeanSelect,
    )

    def __init__(self, *args, user, years, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [
            (year, year) for year in sorted({*years, this_year}, reverse=True)
        ]
        self.fields["year"].initial = this_year
        committees = dashboard_committees(user)
        self.fields["committee"].queryset = Committee.objects.filter(pk__in=committees)
        if len(committees) < 2:
            self.fields.pop("committee")
        else:
            cache_choices(self.fields["committee"], "dashboard-committee", committees)

    def scope(self, user):
        """(year, committee ids) chosen, or the defaults when nothing valid was asked for."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        year = data.get("year") or timezone.localdate().year
        committee = data.get("committee")
        return year, ([committee.pk] if committee else sorted(dashboard_committees(user)))

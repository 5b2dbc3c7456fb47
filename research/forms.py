from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, MultipleFileField, StateBoundForm
from people.models import Department
from people.roles import Role
from people.selectors import users_with_role

from .models import ResearchActivity


class ResearchPlanForm(StateBoundForm):
    team = forms.ModelMultipleChoiceField(
        label=_("Research team"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput)
    objectives = forms.CharField(
        label=_("Objectives"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the team wants to find out, and whom it will visit."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = users_with_role(self.topic.committee, Role.MEMBER)

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The research cannot end before it starts."))
        return cleaned


class ResearchActivityForm(forms.ModelForm):
    files = MultipleFileField(
        label=_("Attachments"),
        help_text=_("Photos, PDF, Word or Excel files, each at most 10 MB."),
    )

    class Meta:
        model = ResearchActivity
        fields = ["kind", "held_on", "place", "members", "departments", "residents_met", "findings"]
        widgets = {
            "held_on": DateInput,
            "members": forms.CheckboxSelectMultiple,
            "departments": forms.CheckboxSelectMultiple,
            "findings": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, topic, **kwargs):
        super().__init__(*args, **kwargs)
        self.topic = topic
        self.fields["members"].queryset = users_with_role(topic.committee, Role.MEMBER)
        self.fields["departments"].queryset = Department.objects.filter(committee=topic.committee)


class ResearchReportForm(forms.Form):
    content = forms.CharField(
        label=_("Research report"), max_length=50000, widget=forms.Textarea(attrs={"rows": 12})
    )
    preliminary_solution = forms.CharField(
        label=_("Preliminary solution"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The solution the research proposes, to be discussed at the session."),
    )

    def __init__(self, *args, topic, **kwargs):
        self.topic = topic
        report = getattr(topic, "research_report", None)
        if report is not None:
            kwargs.setdefault(
                "initial",
                {"content": report.content, "preliminary_solution": report.preliminary_solution},
            )
        super().__init__(*args, **kwargs)

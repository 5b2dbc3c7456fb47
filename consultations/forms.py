from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, DateTimeInput, MultipleFileField, StateBoundForm
from people.models import Department
from people.roles import Role
from people.selectors import users_with_role

from .models import FollowUpItem, SignOff


class SessionScheduleForm(StateBoundForm):
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput)
    venue = forms.CharField(label=_("Venue"), max_length=200)
    agenda = forms.CharField(label=_("Agenda"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))


class SessionRecordForm(StateBoundForm):
    members = forms.ModelMultipleChoiceField(
        label=_("Members present"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments present"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    residents_count = forms.IntegerField(label=_("Residents present"), min_value=0, max_value=10000, initial=0)
    consensus = forms.CharField(
        label=_("Consensus reached"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One point of consensus per line."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = users_with_role(self.topic.committee, Role.MEMBER)
        self.fields["departments"].queryset = Department.objects.filter(committee=self.topic.committee)

    def clean_consensus(self):
        points = [line.strip() for line in self.cleaned_data["consensus"].splitlines() if line.strip()]
        if not points:
            raise forms.ValidationError(_("Write at least one point of consensus."))
        if any(len(point) > 2000 for point in points):
            raise forms.ValidationError(_("Each point may be at most 2000 characters."))
        return points


class MinutesForm(StateBoundForm):
    text = forms.CharField(label=_("Minutes"), max_length=50000, widget=forms.Textarea(attrs={"rows": 16}))
    leaders = forms.ModelMultipleChoiceField(
        label=_("Leaders asked to sign"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Needed when submitting; every leader chosen must sign off."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leaders"].queryset = users_with_role(self.topic.committee, Role.LEADER)
        minutes = getattr(self.topic, "minutes", None)
        if minutes is not None:
            self.fields["text"].initial = minutes.text


class SignOffForm(StateBoundForm):
    decision = forms.ChoiceField(label=_("Decision"), choices=SignOff.Decision.choices, widget=forms.RadioSelect)
    opinion = forms.CharField(
        label=_("Opinion"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Your written opinion (签批意见); when returning, say what must change."),
    )


class FollowUpItemForm(forms.ModelForm):
    class Meta:
        model = FollowUpItem
        fields = ["task", "department", "due_on"]
        widgets = {"task": forms.Textarea(attrs={"rows": 3}), "due_on": DateInput}

    def __init__(self, *args, topic, **kwargs):
        super().__init__(*args, **kwargs)
        self.topic = topic
        self.fields["department"].queryset = Department.objects.filter(committee=topic.committee)


class ProgressReportForm(forms.Form):
    percent_done = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    text = forms.CharField(label=_("What was done"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    files = MultipleFileField(
        label=_("Evidence"), help_text=_("Photos, PDF, Word or Excel files, each at most 10 MB.")
    )
    completed = forms.BooleanField(
        label=_("The task is completed; ask the office to verify it"), required=False
    )

    def __init__(self, *args, topic, **kwargs):
        self.topic = topic
        super().__init__(*args, **kwargs)


class ItemReviewForm(forms.Form):
    VERIFY, SEND_BACK, CLOSE = "verify", "send_back", "close"
    decision = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[(VERIFY, _("Verify as completed")), (SEND_BACK, _("Send back to the department")),
                 (CLOSE, _("Close with a reason"))],
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when sending back or closing."),
    )

    def __init__(self, *args, topic, **kwargs):
        self.topic = topic
        super().__init__(*args, **kwargs)

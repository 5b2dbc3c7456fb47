from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateTimeInput, StateBoundForm
from people.models import Department
from people.roles import Role
from people.selectors import users_with_role

from .models import SignOff


class SessionScheduleForm(StateBoundForm):
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput)
    venue = forms.CharField(label=_("Venue"), max_length=200)
    agenda = forms.CharField(
        label=_("Agenda"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )


class SessionRecordForm(StateBoundForm):
    members = forms.ModelMultipleChoiceField(
        label=_("Members present"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    members_on_leave = forms.ModelMultipleChoiceField(
        label=_("Members on leave"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members who were expected but excused; the minutes list them."),
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments present"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    residents_count = forms.IntegerField(
        label=_("Residents present"), min_value=0, max_value=10000, initial=0
    )
    consensus = forms.CharField(
        label=_("Consensus reached"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One point of consensus per line."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = users_with_role(self.topic.committee, Role.MEMBER)
        self.fields["members_on_leave"].queryset = users_with_role(
            self.topic.committee, Role.MEMBER
        )
        self.fields["departments"].queryset = Department.objects.filter(
            committee=self.topic.committee
        )
        # Members who checked in, and those whose leave was approved, are ticked already.
        session = getattr(self.topic, "session", None)
        if session is not None:
            self.initial.setdefault("members", list(session.members.all()))
            self.initial.setdefault("members_on_leave", list(session.members_on_leave.all()))

    def clean(self):
        cleaned = super().clean()
        both = set(cleaned.get("members") or ()) & set(cleaned.get("members_on_leave") or ())
        if both:
            self.add_error(
                "members_on_leave",
                _("A member cannot be both present and on leave: %(names)s.")
                % {"names": "、".join(sorted(str(member) for member in both))},
            )
        return cleaned

    def clean_consensus(self):
        points = [
            line.strip() for line in self.cleaned_data["consensus"].splitlines() if line.strip()
        ]
        if not points:
            raise forms.ValidationError(_("Write at least one point of consensus."))
        if any(len(point) > 2000 for point in points):
            raise forms.ValidationError(_("Each point may be at most 2000 characters."))
        return points


class MinutesForm(StateBoundForm):
    text = forms.CharField(
        label=_("Minutes"), max_length=50000, widget=forms.Textarea(attrs={"rows": 16})
    )
    leaders = forms.ModelMultipleChoiceField(
        label=_("Leaders asked to sign"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Needed when submitting; every leader chosen must sign off."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leaders"].queryset = users_with_role(self.topic.committee, Role.LEADER)
        minutes = getattr(self.topic, "minutes", None)
        if minutes is not None:
            self.fields["text"].initial = minutes.text


class SignOffForm(StateBoundForm):
    # The version the leader read: signing refuses if another has been submitted since.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    decision = forms.ChoiceField(
        label=_("Decision"), choices=SignOff.Decision.choices, widget=forms.RadioSelect
    )
    opinion = forms.CharField(
        label=_("Opinion"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Your written opinion (签批意见); when returning, say what must change."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        minutes = getattr(self.topic, "minutes", None)
        version = minutes.current_version if minutes else None
        if version is not None:
            self.fields["version"].initial = version.number

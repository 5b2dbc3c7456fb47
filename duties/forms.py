from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import CommitteeBody

from .models import Attendance, LineKind

NOT_RECORDED = ("", _("Not recorded"))


class AttendanceForm(forms.Form):
    """One status per expected member, and one more member who was not expected."""

    extra_member = forms.ModelChoiceField(label=_("Another member"), queryset=None, required=False)
    extra_status = forms.ChoiceField(
        label=_("Their attendance"), choices=Attendance.Status.choices, required=False
    )

    def __init__(self, *args, sheet, initial_of, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        choices = [NOT_RECORDED, *Attendance.Status.choices]
        for member, record in sheet:
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=str(member),
                choices=choices,
                required=False,
                initial=initial_of(member, record),
                widget=forms.RadioSelect,
            )
        listed = [member.pk for member, _record in sheet]
        self.fields["extra_member"].queryset = members.exclude(pk__in=listed)
        self.order_fields([f"member_{member.pk}" for member, _record in sheet])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("extra_member") and not cleaned.get("extra_status"):
            self.add_error("extra_status", _("Choose the attendance of the member you added."))
        return cleaned

    def statuses(self) -> dict:
        statuses = {
            member: self.cleaned_data[f"member_{member.pk}"] for member, _record in self.sheet
        }
        if self.cleaned_data.get("extra_member"):
            statuses[self.cleaned_data["extra_member"]] = self.cleaned_data["extra_status"]
        return statuses


class LeaveRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class DecisionForm(forms.Form):
    """Approve or refuse (a leave), accept or reject (a dispute), with a note."""

    expected_state = forms.CharField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, choices, state, note_help="", **kwargs):
        kwargs.setdefault("initial", {})["expected_state"] = state
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = choices
        self.fields["note"].help_text = note_help


class DisputeForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this line?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def year_choices():
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year, this_year - 6, -1)]


class OverviewForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    body = forms.ModelChoiceField(
        label=_("Sector or committee body"), queryset=None, required=False
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name")),
            ("-points", _("Duty points, highest first")),
            ("-attended", _("Sessions attended, most first")),
            ("-missed", _("Sessions missed, most first")),
        ],
    )

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()
        self.fields["body"].queryset = CommitteeBody.objects.filter(committee=committee)

    def choice(self):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return (
            data.get("year") or timezone.localdate().year,
            data.get("body"),
            data.get("sort") or "name",
        )


class ScoringRuleForm(forms.Form):
    from_year = forms.IntegerField(label=_("In force from the year"), min_value=2000)
    note = forms.CharField(label=_("What changed"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in LineKind:
            self.fields[kind.value] = forms.DecimalField(
                label=_("Points per line: %(line)s") % {"line": kind.label},
                max_digits=5,
                decimal_places=1,
            )

    def weights(self) -> dict:
        return {kind.value: self.cleaned_data[kind.value] for kind in LineKind}

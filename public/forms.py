from django import forms

from core.forms import DateTimeInput
from people.roles import Role
from people.selectors import users_with_role

from .models import ReceptionDay


class ReceptionDayForm(forms.ModelForm):
    class Meta:
        model = ReceptionDay
        fields = ["kind", "venue_name", "venue_address", "starts_at", "ends_at", "members"]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "members": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = users_with_role(committee, Role.MEMBER)

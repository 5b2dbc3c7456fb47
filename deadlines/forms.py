from django import forms

from .models import STAGE_DEADLINES, DeadlinePolicy


class DeadlinePolicyForm(forms.ModelForm):
    class Meta:
        model = DeadlinePolicy
        fields = [
            f"{deadline}_{part}"
            for deadline in STAGE_DEADLINES
            for part in ("days", "working_days")
        ]

    def stages(self):
        """(deadline, days field, working-days field) for each stage, in order."""
        return [
            (deadline, self[f"{deadline}_days"], self[f"{deadline}_working_days"])
            for deadline in STAGE_DEADLINES
        ]

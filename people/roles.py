"""The six roles of the brief, each a Django group created by a data migration."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICE_STAFF = "office_staff", _("Office staff")
    MEMBER = "member", _("Committee member")
    CHAIR_MEETING = "chair_meeting", _("Chair meeting")
    LEADER = "leader", _("Leader")
    DEPARTMENT = "department", _("Responsible department")
    EVALUATOR = "evaluator", _("Third-party evaluator")

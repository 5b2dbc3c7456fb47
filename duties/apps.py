from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutiesConfig(AppConfig):
    """Members' duties: attendance, leave, the duty record (履职档案) and its points."""

    name = "duties"
    verbose_name = _("Members' duties")

    def ready(self):
        from documents.minutes import register_attendance
        from topics.sections import Section, register

        from .selectors import minutes_attendance

        # The minutes' 出席/请假/列席 lists are read from the attendance records.
        register_attendance(minutes_attendance)
        # Beside the session and the research on the topic page: attendance, check-in, leave.
        register(Section("duties/topic_section.html", order=35, column="side"))

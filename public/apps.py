from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """The public's side: reception days, public pages, 群众出题 and its triage."""

    name = "public"
    verbose_name = _("The public")

    def ready(self):
        from topics.sections import Section, register

        register(
            Section(
                "public/topic_section.html",
                order=90,
                column="side",
                select_related=("publication",),
                prefetch=lambda user: ("submissions",),
            )
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Sessions and minutes")

    def ready(self):
        from topics.search import register_source
        from topics.sections import Section, register

        from .selectors import search_texts, topic_page_prefetch

        register_source(search_texts)

        register(
            Section(
                "consultations/topic_session.html",
                order=30,
                select_related=("session", "minutes"),
                prefetch=topic_page_prefetch,
            )
        )
        register(Section("consultations/topic_minutes.html", order=40))

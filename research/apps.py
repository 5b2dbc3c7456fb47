from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "research"
    verbose_name = _("Research")

    def ready(self):
        from topics.search import register_source
        from topics.sections import Section, register

        from .selectors import search_texts, topic_page_prefetch

        register_source(search_texts)

        register(
            Section(
                "research/topic_section.html",
                order=20,
                select_related=("research_plan", "research_report"),
                prefetch=topic_page_prefetch,
            )
        )

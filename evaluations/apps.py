from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self):
        from topics import selectors
        from topics.sections import Section, register

        from .selectors import GRADE_FILTER, topic_page_prefetch

        register(
            Section(
                "evaluations/topic_evaluation.html",
                order=60,
                select_related=("evaluation_result__method",),
                prefetch=topic_page_prefetch,
            )
        )
        selectors.register_filter(GRADE_FILTER)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowUpConfig(AppConfig):
    name = "followup"
    verbose_name = _("Follow-up")

    def ready(self):
        from topics import selectors
        from topics.sections import Section, register

        from .selectors import ITEM_FILTERS, topic_page_prefetch, with_next_item_due

        register(Section("followup/topic_section.html", order=50, prefetch=topic_page_prefetch))
        selectors.register_filter(ITEM_FILTERS)
        selectors.register_annotation(with_next_item_due)

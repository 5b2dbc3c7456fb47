from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    """The catalogue of steps: every state machine and every step, declared once."""

    name = "catalogue"
    verbose_name = _("Catalogue of steps")

    def ready(self):
        from . import (  # noqa: F401 (they register)
            annual_report,
            duties,
            evaluation,
            followup,
            submission,
            topic,
        )

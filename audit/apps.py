from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Security audit")

    def ready(self):
        from . import checks, signals  # noqa: F401 (the retention check; role changes audited)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The top layer: the home page (我的待办), downloads of stored files, the demo."""

    name = "portal"
    verbose_name = _("Portal")

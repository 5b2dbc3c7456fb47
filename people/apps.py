from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _administrator_groups_sync(sender, apps=global_apps, verbosity=0, **kwargs):
    # `apps` is the migrated state after `migrate`; a flush (the tests') sends none.
    from .administrators import groups_sync

    groups_sync(apps, verbosity)


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People and organisations")

    def ready(self):
        from . import checks  # noqa: F401 (registers the administrator checks)

        # After every migrate (and a test database's flush), the groups have exactly the
        # permissions people.administrators names, those of apps added since included.
        post_migrate.connect(_administrator_groups_sync, sender=self)

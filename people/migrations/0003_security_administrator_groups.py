"""三员分立: the system, security and audit administrator groups (people.administrators)."""

from django.db import migrations


def create_groups(apps, schema_editor):
    from people.administrators import groups_sync

    groups_sync(apps)


def remove_groups(apps, schema_editor):
    from people.administrators import AdministratorRole

    apps.get_model("auth", "Group").objects.filter(name__in=AdministratorRole.values).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_security_manage_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        # Every app whose permissions a group is given.
        ("audit", "0001_initial"),
        ("deadlines", "0001_initial"),
        ("notifications", "0001_initial"),
        ("topics", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]

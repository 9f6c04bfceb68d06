"""Editors (and admins) may read the record of corrections to the grouping, made after the roles were."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CORRECTION = ["view_correction", "add_correction", "change_correction", "delete_correction"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    config = apps.get_app_config("newsroom")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    found = Permission.objects.filter(content_type__app_label="newsroom", codename__in=CORRECTION)
    for group in Group.objects.filter(name__in=["editor", "admin"]):
        group.permissions.add(*found)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    found = Permission.objects.filter(content_type__app_label="newsroom", codename__in=CORRECTION)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["editor", "admin"]):
        group.permissions.remove(*found)


class Migration(migrations.Migration):
    dependencies = [
        ("discussion", "0002_roles"),
        ("newsroom", "0006_editor_corrections"),
    ]
    operations = [migrations.RunPython(grant, revoke)]

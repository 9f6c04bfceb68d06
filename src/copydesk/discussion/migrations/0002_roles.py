"""Roles as Django groups: reader, moderator, editor, admin, each with its permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READER = ["discussion.add_thought", "discussion.add_report"]
MODERATOR = [
    *READER,
    "discussion.view_thought",
    "discussion.change_thought",
    "discussion.moderate_thought",
    "discussion.view_report",
    "discussion.change_report",
    "discussion.view_ban",
    "discussion.add_ban",
    "discussion.change_ban",
    "discussion.delete_ban",
]
# Editors moderate and also edit the newsroom (stories, feeds, articles) in the admin.
EDITOR_APPS = ["newsroom"]


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for config in apps.get_app_configs():
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(names):
        found = []
        for name in names:
            app_label, codename = name.split(".")
            found.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        return found

    reader, _ = Group.objects.get_or_create(name="reader")
    reader.permissions.set(perms(READER))
    moderator, _ = Group.objects.get_or_create(name="moderator")
    moderator.permissions.set(perms(MODERATOR))
    editor, _ = Group.objects.get_or_create(name="editor")
    editor.permissions.set(
        [*perms(MODERATOR), *Permission.objects.filter(content_type__app_label__in=EDITOR_APPS)]
    )
    admin, _ = Group.objects.get_or_create(name="admin")
    admin.permissions.set(Permission.objects.all())


def drop_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["reader", "moderator", "editor", "admin"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("discussion", "0001_thoughts"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("newsroom", "0004_passage_vectors"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]
    operations = [migrations.RunPython(create_roles, drop_roles)]

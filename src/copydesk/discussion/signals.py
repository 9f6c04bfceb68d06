"""New accounts become readers; a deleted account's thoughts stay as "deleted user" or are removed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from copydesk.discussion.models import Thought
from copydesk.discussion.policy import Policy

READER = "reader"


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def make_reader(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        group = Group.objects.filter(name=READER).first()
        if group is not None:
            instance.groups.add(group)


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL)
def forget_author(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Keep (author becomes NULL: "deleted user") or remove: text blanked, place in the thread kept."""
    if Policy.current().deleted_user == "remove":
        Thought.objects.filter(author=instance).update(body="", status=Thought.Status.REMOVED)

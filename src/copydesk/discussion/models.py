"""Thoughts (readers' comments on a story), reports about them, and commenting bans."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Thought(models.Model):
    """A reader's comment on a story, or a reply to one (one level deep). Never deleted by moderation."""

    class Status(models.TextChoices):
        HELD = "held", "Held for review"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected by a moderator"
        DELETED = "deleted", "Deleted by its author"
        REMOVED = "removed", "Removed with its author's account"

    story = models.ForeignKey("newsroom.Story", on_delete=models.CASCADE, related_name="thoughts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="thoughts"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    body = models.TextField(help_text="As the reader wrote it: plain text with a little Markdown.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PUBLISHED, db_index=True)
    hold_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True, help_text="Where it was posted from.")
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["story", "status", "created_at"])]
        permissions = [("moderate_thought", "Can approve, reject and ban")]

    def __str__(self) -> str:
        who = self.author.get_username() if self.author else "deleted user"
        return f"{who} on {self.story.slug}: {self.body[:60]}"


class Report(models.Model):
    """A reader's report that a thought breaks the rules."""

    class Reason(models.TextChoices):
        SPAM = "spam", "Spam"
        ABUSE = "abuse", "Abuse or harassment"
        OFF_TOPIC = "off-topic", "Off topic"
        OTHER = "other", "Something else"

    thought = models.ForeignKey(Thought, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    reason = models.CharField(max_length=12, choices=Reason.choices, default=Reason.OTHER)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["thought", "reporter"], name="one_report_per_reader")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: thought {self.thought_id}"


class Ban(models.Model):
    """A reader who may no longer post thoughts (they can still read and sign in)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ban")
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    banned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"ban of {self.user}"

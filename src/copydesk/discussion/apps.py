from django.apps import AppConfig


class DiscussionConfig(AppConfig):
    name = "copydesk.discussion"
    label = "discussion"
    verbose_name = "Thoughts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from copydesk.discussion import signals  # noqa: F401  (connects the receivers)

"""The moderation queue: held and reported thoughts; approve, reject (kept, hidden) and ban."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from copydesk.discussion.forms import AdminSignInForm, ThoughtAdminForm
from copydesk.discussion.models import Ban, Report, Thought

# The admin's sign-in is throttled like the accounts' (it would otherwise take unlimited guesses).
admin.site.login_form = AdminSignInForm


class ReportInline(admin.TabularInline):
    model = Report
    extra = 0
    fields = ["reason", "reporter", "created_at", "resolved"]
    readonly_fields = ["reason", "reporter", "created_at"]


def _moderate(request: HttpRequest, queryset: QuerySet[Thought], status: str) -> int:
    count = queryset.update(status=status, moderated_by=request.user, moderated_at=timezone.now())
    Report.objects.filter(thought__in=queryset).update(resolved=True)
    return count


@admin.action(description="Approve: publish the selected thoughts", permissions=["moderate"])
def approve(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Thought]) -> None:
    n = _moderate(request, queryset, Thought.Status.PUBLISHED)
    modeladmin.message_user(request, f"{n} thought(s) published.", messages.SUCCESS)


@admin.action(description="Reject: hide the selected thoughts (they stay stored)", permissions=["moderate"])
def reject(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Thought]) -> None:
    n = _moderate(request, queryset, Thought.Status.REJECTED)
    modeladmin.message_user(request, f"{n} thought(s) rejected and hidden.", messages.SUCCESS)


@admin.action(description="Ban the authors and reject their held thoughts", permissions=["moderate"])
def ban_authors(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Thought]) -> None:
    authors = {t.author for t in queryset.select_related("author") if t.author and not t.author.is_staff}
    for author in authors:
        Ban.objects.get_or_create(user=author, defaults={"banned_by": request.user, "reason": "moderation"})
        _moderate(
            request,
            Thought.objects.filter(author=author, status=Thought.Status.HELD),
            Thought.Status.REJECTED,
        )
    modeladmin.message_user(request, f"{len(authors)} author(s) banned.", messages.SUCCESS)


class NeedsReview(admin.SimpleListFilter):
    title = "queue"
    parameter_name = "queue"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("review", "Held or reported")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Thought]) -> QuerySet[Thought]:
        if self.value() == "review":
            return queryset.filter(Q(status=Thought.Status.HELD) | Q(reports__resolved=False)).distinct()
        return queryset


@admin.register(Thought)
class ThoughtAdmin(admin.ModelAdmin):
    form = ThoughtAdminForm
    # Every column is plain text: Django's admin escapes it; nothing here is marked safe.
    list_display = ["created_at", "author", "story", "excerpt", "status", "hold_reason", "open_reports", "ip"]
    list_filter = [NeedsReview, "status", "created_at"]
    search_fields = ["body", "author__username", "author__email", "ip"]
    readonly_fields = [
        "story",
        "author",
        "parent",
        "created_at",
        "edited_at",
        "ip",
        "moderated_by",
        "moderated_at",
    ]
    fields = ["story", "author", "parent", "body", "status", "hold_reason", *readonly_fields[3:]]
    actions = [approve, reject, ban_authors]
    inlines = [ReportInline]
    list_select_related = ["author", "story"]
    date_hierarchy = "created_at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Thought]:
        return (
            super()
            .get_queryset(request)
            .annotate(open_reports=Count("reports", filter=Q(reports__resolved=False), distinct=True))
        )

    @admin.display(description="thought")
    def excerpt(self, obj: Thought) -> str:
        return obj.body[:120]

    @admin.display(description="open reports", ordering="open_reports")
    def open_reports(self, obj: Thought) -> int:
        return int(getattr(obj, "open_reports", 0))

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("discussion.moderate_thought")

    def has_delete_permission(self, request: HttpRequest, obj: Thought | None = None) -> bool:
        # Moderators reject; nothing they reject is lost. Only superusers may truly delete.
        return bool(request.user.is_superuser)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "reason", "thought", "reporter", "resolved"]
    list_filter = ["resolved", "reason"]
    list_select_related = ["thought__story", "thought__author", "reporter"]
    readonly_fields = ["thought", "reporter", "reason", "created_at"]


@admin.register(Ban)
class BanAdmin(admin.ModelAdmin):
    list_display = ["user", "reason", "created_at", "banned_by"]
    autocomplete_fields = ["user"]
    readonly_fields = ["banned_by", "created_at"]

    def save_model(self, request: HttpRequest, obj: Ban, form: object, change: bool) -> None:
        if not change:
            obj.banned_by = request.user
        super().save_model(request, obj, form, change)

"""The editors' desk: browse what the pipeline stored, and correct the grouping of articles into stories.

Corrections go through `copydesk.pipeline.corrections.move_articles` whichever way an editor makes
them (the actions below, or the story field of an article's form), so each is recorded, the stories
are written again, and the grouping never moves those articles back.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import models as db_models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from copydesk.core.corrections import CorrectionError
from copydesk.newsroom import models
from copydesk.pipeline.corrections import find_story, move_articles

WRITTEN_LATER = "The stories are written again at the next `copydesk write` (or poll)."


@admin.register(models.Outlet)
class OutletAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class MoveForm(forms.Form):
    story = forms.CharField(
        label="Move to story", help_text="The story's number or slug (as in its address /stories/<slug>/)."
    )


def _moved(request: HttpRequest, story: models.Story, count: int, verb: str) -> None:
    messages.success(request, f"{count} article(s) {verb} story #{story.id} ({story.slug}). {WRITTEN_LATER}")


class FeedFailingFilter(admin.SimpleListFilter):
    """Feeds whose last poll failed: they are polled again later, waiting longer after each failure."""

    title = "last poll"
    parameter_name = "failing"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Failing"), ("no", "Working")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(error_count__gt=0)
        if self.value() == "no":
            return queryset.filter(error_count=0)
        return queryset


@admin.register(models.Feed)
class FeedAdmin(admin.ModelAdmin):
    """The feeds followed, each with its last poll and, when it failed, the reason (`copydesk feeds list`)."""

    list_display = [
        "url", "title", "last_polled", "last_status", "error_count", "last_error_short", "next_poll"
    ]  # fmt: skip
    list_filter = [FeedFailingFilter]
    search_fields = ["url", "title"]
    readonly_fields = ["last_polled", "last_status", "last_error", "error_count", "etag", "last_modified"]

    @admin.display(description="error")
    def last_error_short(self, feed: models.Feed) -> str:
        return feed.last_error[:200] or "-"


@admin.register(models.SourceArticle)
class SourceArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "published", "story_link", "placed_by_editor"]
    list_filter = ["outlet", "placed_by_editor"]
    search_fields = ["title", "url"]
    raw_id_fields = ["story"]
    exclude = ["embedding", "minhash", "passage_vectors"]
    readonly_fields = ["placed_by_editor"]
    actions = ["move_to_story", "split_into_new_story"]
    # addresses typed without a scheme are https (Django 6's default; 5.2 warns otherwise)
    formfield_overrides = {db_models.URLField: {"assume_scheme": "https"}}

    @admin.display(description="story", ordering="story")
    def story_link(self, article: models.SourceArticle) -> str:
        if article.story_id is None:
            return "-"
        url = reverse("admin:newsroom_story_change", args=[article.story_id])
        return format_html('<a href="{}">#{} {}</a>', url, article.story_id, article.story)

    @admin.action(description="Move selected articles to another story…")
    def move_to_story(self, request: HttpRequest, queryset: QuerySet[Any]) -> HttpResponse | None:
        form = MoveForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            try:
                story = move_articles(
                    queryset.values_list("id", flat=True),
                    find_story(form.cleaned_data["story"]),
                    timezone.now(),
                    request.user,
                )
            except CorrectionError as error:
                form.add_error("story", str(error))
            else:
                _moved(request, story, queryset.count(), "moved to")
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Move articles to another story",
            "form": form,
            "articles": queryset,
            "opts": self.model._meta,
            "action": "move_to_story",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/newsroom/move_articles.html", context)

    @admin.action(description="Split selected articles into a new story")
    def split_into_new_story(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        try:
            story = move_articles(queryset.values_list("id", flat=True), None, timezone.now(), request.user)
        except CorrectionError as error:
            messages.error(request, str(error))
        else:
            _moved(request, story, queryset.count(), "split off into the new")

    def save_model(self, request: HttpRequest, obj: models.SourceArticle, form: Any, change: bool) -> None:
        """A new story typed in the form is a correction like the actions' (an empty one: a split)."""
        if not (change and "story" in form.changed_data):
            super().save_model(request, obj, form, change)
            return
        target = obj.story
        obj.story_id = form.initial.get("story")
        super().save_model(request, obj, form, change)
        try:
            story = move_articles([obj.id], target, timezone.now(), request.user)
        except CorrectionError as error:
            messages.error(request, str(error))
        else:
            obj.story = story
            _moved(request, story, 1, "moved to" if target else "split off into the new")


class ArticleInline(admin.TabularInline):
    model = models.SourceArticle
    fields = ["title", "outlet", "published", "placed_by_editor"]
    readonly_fields = fields
    show_change_link = True
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RevisionInline(admin.TabularInline):
    model = models.Revision
    fields = ["number", "created_at", "headline", "writer", "verified_count", "withheld_count", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class WriteFailedFilter(admin.SimpleListFilter):
    """Stories whose last write failed: they wait, with the reason, until their sources change."""

    title = "failed to write"
    parameter_name = "write_failed"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Failed to write"), ("no", "Written or waiting")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.exclude(write_error="")
        if self.value() == "no":
            return queryset.filter(write_error="")
        return queryset


@admin.register(models.Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "id", "size", "last_seen", "needs_writing", "write_failure", "merged_into"]
    list_filter = [WriteFailedFilter]
    search_fields = ["slug", "revisions__headline"]
    exclude = ["centroid", "current"]
    readonly_fields = ["merged_into", "size", "names", "write_error", "write_failed_at"]

    @admin.display(description="failed to write", ordering="write_failed_at")
    def write_failure(self, story: models.Story) -> str:
        if not story.write_error:
            return "-"
        when = f"{timezone.localtime(story.write_failed_at):%Y-%m-%d %H:%M}" if story.write_failed_at else ""
        return format_html("{}: {}", when, story.write_error[:200])

    inlines = [ArticleInline, RevisionInline]
    actions = ["merge_stories"]

    @admin.action(description="Merge selected stories into the one with the most articles")
    def merge_stories(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        stories = sorted(queryset, key=lambda s: (-s.articles.count(), s.id))
        if len(stories) < 2:
            messages.error(request, "Choose at least two stories to merge.")
            return
        articles = models.SourceArticle.objects.filter(story__in=stories[1:]).values_list("id", flat=True)
        try:
            story = move_articles(articles, stories[0], timezone.now(), request.user)
        except CorrectionError as error:
            messages.error(request, str(error))
        else:
            _moved(request, story, len(articles), "merged into")


@admin.register(models.Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["at", "editor", "kind", "article", "from_story", "to_story"]
    list_filter = ["kind"]
    readonly_fields = ["at", "editor", "kind", "article", "from_story", "to_story"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.Sentence)
class SentenceAdmin(admin.ModelAdmin):
    list_display = ["text", "verified", "withheld_reason", "revision"]
    list_filter = ["verified"]
    search_fields = ["text"]

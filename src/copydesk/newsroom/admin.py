"""The editors' desk, first cut: browse and correct what the pipeline stored."""

from django.contrib import admin

from copydesk.newsroom import models


@admin.register(models.Outlet)
class OutletAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(models.SourceArticle)
class SourceArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "published", "story"]
    list_filter = ["outlet"]
    search_fields = ["title", "url"]
    raw_id_fields = ["story"]
    exclude = ["embedding"]


class RevisionInline(admin.TabularInline):
    model = models.Revision
    fields = ["number", "created_at", "headline", "writer", "verified_count", "withheld_count", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(models.Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "size", "last_seen", "needs_writing"]
    search_fields = ["slug", "revisions__headline"]
    exclude = ["centroid", "current"]
    inlines = [RevisionInline]


@admin.register(models.Sentence)
class SentenceAdmin(admin.ModelAdmin):
    list_display = ["text", "verified", "withheld_reason", "revision"]
    list_filter = ["verified"]
    search_fields = ["text"]

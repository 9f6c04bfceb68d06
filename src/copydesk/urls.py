"""The site's URLs: pages, the JSON API, accounts and thoughts, and the admin."""

from django.contrib import admin
from django.urls import include, path, re_path

from copydesk import health
from copydesk.newsroom import finding_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("stories/<slug:slug>/", views.story_page, name="story"),
    path("stories/<slug:slug>/revisions/<int:number>/", views.story_page, name="story-revision"),
    path("search/", finding_views.search_page, name="search"),
    path("archive/", finding_views.archive_index, name="archive"),
    path("archive/<int:year>/<int:month>/<int:day>/", finding_views.archive_day, name="archive-day"),
    path("topics/", finding_views.topics_index, name="topics"),
    path("topics/<slug:slug>/", finding_views.topic_page, name="topic"),
    re_path(
        r"^(?P<kind_path>people|places|organisations)/(?P<slug>[^/]+)/$",
        finding_views.entity_page,
        name="entity",
    ),
    path("api/stories/", views.api_stories, name="api-stories"),
    path("api/stories/<slug:slug>/", views.api_story, name="api-story"),
    path("", include("copydesk.discussion.urls")),
    # Sign up, verify, sign in and out, reset and change password, change email: django-allauth.
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
]

"""The site's URLs: pages, feeds, sitemaps, the JSON API, accounts and thoughts, and the admin."""

from django.contrib import admin
from django.urls import include, path, re_path

from copydesk import health
from copydesk.newsroom import finding_views, sitemaps, views
from copydesk.newsroom.api import api
from copydesk.newsroom.feeds import StoryFeed

urlpatterns = [
    path("", views.home, name="home"),
    path("stories/<slug:slug>/", views.story_page, name="story"),
    path("stories/<slug:slug>/revisions/<int:number>/", views.story_page, name="story-revision"),
    path("feeds/stories.rss", StoryFeed("rss"), name="feed-rss"),
    path("feeds/stories.atom", StoryFeed("atom"), name="feed-atom"),
    path("feeds/stories.json", StoryFeed("json"), name="feed-json"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<section>.xml", sitemaps.section, name="sitemap-section"),
    path("news-sitemap.xml", sitemaps.news, name="news-sitemap"),
    path("robots.txt", sitemaps.robots, name="robots"),
    path("api/", api.urls),
    path("search/", finding_views.search_page, name="search"),
    path("archive/", finding_views.archive_index, name="archive"),
    path("archive/<int:year>/<int:month>/<int:day>/", finding_views.archive_day, name="archive-day"),
    path("topics/", finding_views.topics_index, name="topics"),
    path("topics/<slug:slug>/", finding_views.topic_page, name="topic"),
    path("topics/<slug:slug>/feed.rss", finding_views.TopicFeed("rss"), name="topic-feed-rss"),
    path("topics/<slug:slug>/feed.atom", finding_views.TopicFeed("atom"), name="topic-feed-atom"),
    path("topics/<slug:slug>/feed.json", finding_views.TopicFeed("json"), name="topic-feed-json"),
    re_path(
        r"^(?P<kind_path>people|places|organisations)/(?P<slug>[^/]+)/$",
        finding_views.entity_page,
        name="entity",
    ),
    path("", include("copydesk.discussion.urls")),
    # Sign up, verify, sign in and out, reset and change password, change email: django-allauth.
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
]

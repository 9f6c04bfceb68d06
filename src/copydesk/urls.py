"""The site's URLs: pages, the JSON API, sign-in and the admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from copydesk.newsroom import views

urlpatterns = [
    path("", views.home, name="home"),
    path("stories/<slug:slug>/", views.story_page, name="story"),
    path("stories/<slug:slug>/revisions/<int:number>/", views.story_page, name="story-revision"),
    path("api/stories/", views.api_stories, name="api-stories"),
    path("api/stories/<slug:slug>/", views.api_story, name="api-story"),
    path("accounts/login/", auth_views.LoginView.as_view(template_name="newsroom/login.html"), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]

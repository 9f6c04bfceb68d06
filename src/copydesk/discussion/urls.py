"""Posting, editing, deleting and reporting thoughts, and deleting one's account."""

from django.urls import path

from copydesk.discussion import views

urlpatterns = [
    path("stories/<slug:slug>/thoughts/", views.post_thought, name="thought-post"),
    path("thoughts/<int:pk>/edit/", views.edit_thought, name="thought-edit"),
    path("thoughts/<int:pk>/delete/", views.delete_thought, name="thought-delete"),
    path("thoughts/<int:pk>/report/", views.report_thought, name="thought-report"),
    path("accounts/delete/", views.delete_account, name="account-delete"),
]

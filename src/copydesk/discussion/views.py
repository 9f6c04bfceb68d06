"""Thin views: post, edit, delete and report thoughts; delete one's account. Every one is POST + CSRF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from copydesk.discussion.forms import EditForm, ReportForm, ThoughtForm
from copydesk.discussion.models import Ban, Report, Thought
from copydesk.discussion.policy import Policy, blocked_reason, can_change, hold_reason, rate_limited
from copydesk.newsroom.models import Story

TAG = "thoughts"


def _back(story: Story, anchor: str = "thoughts") -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("story", args=[story.slug]) + f"#{anchor}")


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _trusted(request: HttpRequest) -> bool:
    """Moderators, editors and admins publish at once."""
    return request.user.has_perm("discussion.moderate_thought")


@require_POST
@login_required
def post_thought(request: HttpRequest, slug: str) -> HttpResponse:
    """A new thought or a reply; held for review or published as the policy says."""
    story = get_object_or_404(Story, slug=slug, current__isnull=False)
    form = ThoughtForm(request.POST)
    policy = Policy.current()
    if form.is_bot:
        # Answer as if it worked, store nothing: a bot learns nothing from the reply.
        return _back(story)
    if not request.user.has_perm("discussion.add_thought") or Ban.objects.filter(user=request.user).exists():
        messages.error(request, "Your account may not post thoughts.", extra_tags=TAG)
        return _back(story)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors), extra_tags=TAG)
        return _back(story)
    if rate_limited(policy, request.user.pk, _client_ip(request)):
        messages.error(request, "You are posting too fast; wait a minute and try again.", extra_tags=TAG)
        return _back(story)
    parent = None
    if form.cleaned_data["parent"]:
        parent = Thought.objects.filter(
            pk=form.cleaned_data["parent"], story=story, status=Thought.Status.PUBLISHED
        ).first()
        if parent is None:
            return HttpResponseBadRequest("no such thought to reply to")
        parent = parent.parent or parent  # replies are one level deep
    body = form.cleaned_data["body"]
    published_before = Thought.objects.filter(author=request.user, status=Thought.Status.PUBLISHED).count()
    reason = hold_reason(policy, body, published_before, _trusted(request))
    thought = Thought.objects.create(
        story=story,
        author=request.user,
        parent=parent,
        body=body,
        status=Thought.Status.HELD if reason else Thought.Status.PUBLISHED,
        hold_reason=reason,
        ip=_client_ip(request),
    )
    if reason:
        messages.info(
            request, "Thanks: your thought will appear once a moderator has read it.", extra_tags=TAG
        )
    return _back(story, f"thought-{thought.pk}")


def _own(request: HttpRequest, pk: int) -> Thought:
    return get_object_or_404(
        Thought.objects.select_related("story"),
        pk=pk,
        author=request.user,
        status__in=[Thought.Status.PUBLISHED, Thought.Status.HELD],
    )


@require_http_methods(["GET", "POST"])
@login_required
def edit_thought(request: HttpRequest, pk: int) -> HttpResponse:
    """The author edits within the window; a blocked word or link sends it back for review."""
    thought = _own(request, pk)
    policy = Policy.current()
    if not can_change(policy, thought.created_at, timezone.now()):
        messages.error(request, "The time to edit that thought has passed.", extra_tags=TAG)
        return _back(thought.story, f"thought-{thought.pk}")
    form = EditForm(request.POST or None, initial={"body": thought.body})
    if request.method == "POST" and form.is_valid():
        thought.body = form.cleaned_data["body"]
        thought.edited_at = timezone.now()
        reason = "" if _trusted(request) else blocked_reason(policy, thought.body)
        if reason:
            thought.status, thought.hold_reason = Thought.Status.HELD, reason
        thought.save(update_fields=["body", "edited_at", "status", "hold_reason"])
        return _back(thought.story, f"thought-{thought.pk}")
    return render(request, "discussion/edit.html", {"form": form, "thought": thought})


@require_POST
@login_required
def delete_thought(request: HttpRequest, pk: int) -> HttpResponse:
    """The author deletes within the window: hidden from readers, still stored."""
    thought = _own(request, pk)
    if not can_change(Policy.current(), thought.created_at, timezone.now()):
        messages.error(request, "The time to delete that thought has passed.", extra_tags=TAG)
    else:
        thought.status = Thought.Status.DELETED
        thought.save(update_fields=["status"])
    return _back(thought.story)


@require_POST
@login_required
def report_thought(request: HttpRequest, pk: int) -> HttpResponse:
    """Any signed-in reader but the author may report a published thought, once."""
    thought = get_object_or_404(
        Thought.objects.select_related("story"), pk=pk, status=Thought.Status.PUBLISHED
    )
    form = ReportForm(request.POST)
    if thought.author_id == request.user.pk or not form.is_valid():
        return HttpResponseBadRequest("cannot report that")
    Report.objects.get_or_create(
        thought=thought, reporter=request.user, defaults={"reason": form.cleaned_data["reason"]}
    )
    messages.info(request, "Thank you: a moderator will look at it.", extra_tags=TAG)
    return _back(thought.story, f"thought-{thought.pk}")


@require_http_methods(["GET", "POST"])
@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    """Delete one's account after typing the password; thoughts kept as "deleted user" or removed."""
    error = ""
    if request.method == "POST":
        if request.user.check_password(request.POST.get("password", "")):
            user = request.user
            logout(request)
            with transaction.atomic():
                user.delete()
            return HttpResponseRedirect("/")
        error = "That is not your password."
    policy = Policy.current()
    return render(request, "discussion/delete_account.html", {"error": error, "policy": policy})

"""`{% thoughts slug %}`: the story's thread and forms, rendered in the story page's Thoughts section."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.db.models import Q
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from copydesk.discussion.forms import ThoughtForm
from copydesk.discussion.models import Report, Thought
from copydesk.discussion.policy import Policy, can_change
from copydesk.discussion.rendering import thought_html

register = template.Library()
SHOWN = [Thought.Status.PUBLISHED, Thought.Status.DELETED, Thought.Status.REMOVED]


def _entry(thought: Thought, user: Any, policy: Policy, now: Any) -> dict[str, Any]:
    own = user.is_authenticated and thought.author_id == user.pk
    gone = thought.status in (Thought.Status.DELETED, Thought.Status.REMOVED)
    return {
        "thought": thought,
        "author": thought.author.get_username() if thought.author else "deleted user",
        # nh3's output is the only HTML that comes from readers; see rendering.py.
        "html": SafeString("") if gone else mark_safe(thought_html(thought.body)),
        "gone": gone,
        "held": thought.status == Thought.Status.HELD,
        "own": own,
        "changeable": own and not gone and can_change(policy, thought.created_at, now),
        "reportable": user.is_authenticated and not own and thought.status == Thought.Status.PUBLISHED,
        "replies": [],
    }


def thread(story_slug: str, user: Any) -> list[dict[str, Any]]:
    """Top-level thoughts in order, each with its replies; deleted ones only as a placeholder for replies."""
    policy, now = Policy.current(), timezone.now()
    visible = Q(status__in=SHOWN)
    if user.is_authenticated:
        visible |= Q(status=Thought.Status.HELD, author=user)
    thoughts = Thought.objects.filter(visible, story__slug=story_slug).select_related("author")
    replies: dict[int, list[dict[str, Any]]] = defaultdict(list)
    roots = []
    for thought in thoughts:
        entry = _entry(thought, user, policy, now)
        if thought.parent_id:
            if not entry["gone"]:
                replies[thought.parent_id].append(entry)
        else:
            roots.append(entry)
    for entry in roots:
        entry["replies"] = replies.get(entry["thought"].pk, [])
    return [e for e in roots if not e["gone"] or e["replies"]]


def _context(request: Any, user: Any, story_slug: str, csrf_token: Any, messages: Any) -> dict[str, Any]:
    return {
        "request": request,
        "user": user,
        "csrf_token": csrf_token,
        "story_slug": story_slug,
        "thread": thread(story_slug, user),
        "form": ThoughtForm(),
        "reasons": Report.Reason.choices,
        "messages": messages,
    }


@register.inclusion_tag("discussion/_thoughts.html", takes_context=True)
def thoughts(context: template.Context, story_slug: str) -> dict[str, Any]:
    request = context["request"]
    return _context(request, request.user, story_slug, context.get("csrf_token"), context.get("messages"))


def thoughts_html(request: HttpRequest, story_slug: str, anonymous: bool) -> str:
    """The Thoughts section of a story page: as any anonymous reader sees it, or for this reader (their
    held thoughts, their controls, the form with their CSRF token, their messages)."""
    if anonymous:
        context = _context(request, AnonymousUser(), story_slug, None, None)
    else:
        context = _context(request, request.user, story_slug, get_token(request), get_messages(request))
    return render_to_string("discussion/_thoughts.html", context)

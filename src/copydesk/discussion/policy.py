"""What happens to a new or edited thought: refused, held for review or published. Settings in one place."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache

URL = re.compile(r"(?:https?://|www\.)[^\s<>()\"']+", re.IGNORECASE)


@dataclass(frozen=True)
class Policy:
    """COPYDESK_THOUGHTS from settings, read once per use (tests override settings)."""

    rate_limits: bool = True
    per_user: str = "5/60"
    per_ip: str = "20/60"
    hold_first: int = 1
    edit_minutes: int = 15
    max_length: int = 4000
    blocked_words: list[str] = field(default_factory=list)
    blocked_links: list[str] = field(default_factory=list)
    deleted_user: str = "keep"

    @classmethod
    def current(cls) -> Policy:
        return cls(**getattr(settings, "COPYDESK_THOUGHTS", {}))


def _rate(spec: str) -> tuple[int, int]:
    count, _, seconds = spec.partition("/")
    return int(count), int(seconds or 60)


def over_limit(scope: str, key: Any, spec: str, now: float | None = None) -> bool:
    """Count one more attempt in a fixed window; True when it is over `spec` ("count/seconds")."""
    count, seconds = _rate(spec)
    if count <= 0:
        return False
    window = int((now if now is not None else time.time()) // seconds)
    cache_key = f"thoughts:{scope}:{key}:{window}"
    cache.add(cache_key, 0, timeout=seconds + 5)
    try:
        return cache.incr(cache_key) > count
    except ValueError:  # expired between add and incr: this is the first in a new window
        cache.set(cache_key, 1, timeout=seconds + 5)
        return False


def rate_limited(policy: Policy, user_id: int, ip: str | None) -> bool:
    """Per-user and per-IP limits on posting (both are counted, either refuses)."""
    if not policy.rate_limits:
        return False
    by_user = over_limit("user", user_id, policy.per_user)
    by_ip = over_limit("ip", ip, policy.per_ip) if ip else False
    return by_user or by_ip


def blocked_reason(policy: Policy, body: str) -> str:
    """Why the text needs a moderator's eye (a blocked word or link), or ''."""
    lowered = body.lower()
    for word in policy.blocked_words:
        if re.search(rf"\b{re.escape(word.lower())}\b", lowered):
            return f"blocked word: {word}"
    for match in URL.finditer(body):
        link = match.group(0)
        host = (urlsplit(link if "://" in link else "http://" + link).hostname or "").lower()
        for blocked in policy.blocked_links:
            blocked = blocked.lower().lstrip(".")
            if host == blocked or host.endswith("." + blocked):
                return f"blocked link: {blocked}"
    return ""


def hold_reason(policy: Policy, body: str, published_before: int, trusted: bool) -> str:
    """Why a new thought waits for review, or '' to publish it at once."""
    if trusted:
        return ""
    blocked = blocked_reason(policy, body)
    if blocked:
        return blocked
    if published_before < policy.hold_first:
        return "first thoughts of a new account"
    return ""


def can_change(policy: Policy, created_at: datetime, now: datetime) -> bool:
    """Authors may edit or delete their own thought within the edit window."""
    return now - created_at <= timedelta(minutes=policy.edit_minutes)

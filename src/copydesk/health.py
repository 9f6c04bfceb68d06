"""`/healthz`: whether the database answers and how current the newsroom is, for a service manager or a
load balancer. 200 with the figures of `copydesk status`; 503 when the database does not answer."""

from __future__ import annotations

from django.db import DatabaseError
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from copydesk.pipeline.runner import status


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        figures = status(timezone.now())
    except DatabaseError as exc:
        return JsonResponse({"database": "unreachable", "error": type(exc).__name__}, status=503)
    return JsonResponse({"database": "ok", **figures})

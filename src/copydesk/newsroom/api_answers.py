"""What every operation of the JSON API answers with: the API object, its kept JSON answers and its JSON
errors, in one module that the operations' modules (`api`, `api_finding`) both import."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.utils.safestring import SafeString
from ninja import NinjaAPI

from copydesk.newsroom import api_schemas as shapes
from copydesk.newsroom.pagecache import SITE, Unkept, respond

api = NinjaAPI(
    title="Copydesk API",
    version="1",
    description="Published stories of a Copydesk newsroom: every sentence with the source passages it "
    "cites, the sources, related stories and revisions. Read-only; no key needed.",
    urls_namespace="api",
)
ERRORS: dict[int, Any] = {400: shapes.Error, 404: shapes.Error}


def _json(data: Any) -> tuple[str, str]:
    return json.dumps(data, cls=DjangoJSONEncoder), "application/json"


def error(request: HttpRequest, status: int, message: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"message": message, **extra}, status=status)


def kept(request: HttpRequest, make: Any) -> HttpResponse:
    """`make()`'s JSON, kept and validated like a page (ETag, Last-Modified, 304), or the response an
    operation raised as Unkept (a redirect to where a merged story went)."""

    def render(slots: dict[str, SafeString]) -> tuple[str, str]:
        return _json(make())

    try:
        return respond(request, [SITE], render)
    except Unkept as other:
        return other.response

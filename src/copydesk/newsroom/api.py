"""The JSON API, built with django-ninja, which writes its OpenAPI document from the typed operations
(`/api/openapi.json`, browsable at `/api/docs`).

Answers are kept and validated like pages (newsroom.pagecache: ETag, Last-Modified, 304 Not Modified,
never stale), so each operation renders through `pagecache.respond` and returns the kept response; the
schemas in `api_schemas` say what that response holds, and tests/test_api_schema.py checks every
answer against them. Errors are JSON `{"message": ...}` with their status (400 for a bad parameter,
404 for an unknown story, page or address under /api/, 405 for a method
other than GET), never an HTML page (`JsonErrors`).
"""

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from ninja import Path, Query, Router
from ninja.errors import ValidationError

from copydesk.newsroom import api_schemas as shapes
from copydesk.newsroom.addresses import absolute
from copydesk.newsroom.api_answers import ERRORS, api, error, kept
from copydesk.newsroom.api_finding import finder
from copydesk.newsroom.document import published_stories, story_document, story_documents
from copydesk.newsroom.models import Story
from copydesk.newsroom.pagecache import Unkept
from copydesk.newsroom.views import published_or_moved

# A story's slug, as its page's address takes it (Django's slug converter).
Slug = Path(..., pattern=r"^[-a-zA-Z0-9_]+$", description="The story's slug, as in /stories/<slug>/.")


@api.exception_handler(ValidationError)
def bad_parameter(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = [f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors]
    errors = [{"loc": list(e["loc"]), "msg": e["msg"]} for e in exc.errors]
    return error(request, 400, "Bad parameter: " + "; ".join(problems) + ".", errors=errors)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 404, str(exc) or "Not found.")


class JsonErrors:
    """Middleware: under /api/, an error answered outside the API's operations (an address that matches
    none, a method they do not take, a server error) is JSON `{"message"}` too, never an HTML page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path_info.startswith("/api/")
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        if response.status_code == 404:
            message = f"No API operation at {request.path}; {reverse('api:api-root')} lists them."
        else:
            message = f"{response.reason_phrase}."
        answer = JsonResponse({"message": message}, status=response.status_code)
        if response.has_header("Allow"):
            answer["Allow"] = response["Allow"]
        return answer


@api.get(
    "/",
    response=shapes.Index,
    url_name="api-root",
    operation_id="index",
    summary="What the API offers, and its schema",
)
def root(request: HttpRequest) -> dict[str, Any]:
    return {
        "name": api.title,
        "description": api.description,
        "links": {
            "openapi": absolute(request, reverse("api:openapi-json")),
            "docs": absolute(request, reverse("api:openapi-view")),
            "stories": absolute(request, reverse("api:stories")),
            "search": absolute(request, reverse("api:search")),
            "topics": absolute(request, reverse("api:topics")),
        },
    }


stories = Router(tags=["stories"])


def _story(slug: str) -> Story:
    """The published story, or Unkept with a redirect to where a merged story went (raises Http404)."""
    story = published_or_moved(slug, "api:story")
    if isinstance(story, HttpResponse):
        raise Unkept(story)
    return story


def _page_address(request: HttpRequest, page: int, per_page: int) -> str:
    return absolute(request, reverse("api:stories")) + "?" + urlencode({"page": page, "per_page": per_page})


@stories.get(
    "/",
    response={200: shapes.StoryPage, **ERRORS},
    url_name="stories",
    operation_id="listStories",
    summary="Stories, newest first",
)
def story_list(request: HttpRequest, paging: Query[shapes.Paging]) -> HttpResponse:
    page, per_page = paging.page, paging.per_page

    def make() -> dict[str, Any]:
        published = published_stories()
        count = published.count()
        if page > 1 and (page - 1) * per_page >= count:
            raise Http404(
                f"No page {page}: {count} stories make {-(-count // per_page)} pages of {per_page}."
            )
        chosen = list(published[(page - 1) * per_page : page * per_page])
        return {
            "stories": story_documents(chosen),
            "count": count,
            "page": page,
            "per_page": per_page,
            "next": _page_address(request, page + 1, per_page) if page * per_page < count else None,
            "previous": _page_address(request, page - 1, per_page) if page > 1 else None,
        }

    return kept(request, make)


STORY = {200: shapes.Story, 302: None, **ERRORS}


@stories.get("/{slug}/", response=STORY, url_name="story", operation_id="getStory", summary="One story")
def story(request: HttpRequest, slug: str = Slug) -> HttpResponse:
    return kept(request, lambda: story_document(_story(slug)))


@stories.get(
    "/{slug}/related/",
    response={200: shapes.RelatedList, 302: None, **ERRORS},
    url_name="related",
    operation_id="getRelated",
)
def related(request: HttpRequest, slug: str = Slug) -> HttpResponse:
    """Stories related to this one, most related first."""
    return kept(request, lambda: {"related": story_document(_story(slug))["related"]})


@stories.get(
    "/{slug}/sources/",
    response={200: shapes.SourceList, 302: None, **ERRORS},
    url_name="sources",
    operation_id="getSources",
)
def sources(request: HttpRequest, slug: str = Slug) -> HttpResponse:
    """The source reports this story is written from, oldest first."""
    return kept(request, lambda: {"sources": story_document(_story(slug))["sources"]})


api.add_router("/stories/", stories)
# Search and topics: newsroom.api_finding, over the same functions as their pages.
api.add_router("/", finder)

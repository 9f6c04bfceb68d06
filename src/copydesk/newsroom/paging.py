"""Pages of a list: the page a reader asks for (?page=N) and the links to the pages around it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < len(raw) < 7 else 1


def pager(request: HttpRequest, page: int, more: bool, pages: int | None = None) -> dict[str, Any]:
    """Links to the previous and next pages, the request's other parameters kept (page 1 has none)."""

    def link(number: int) -> str:
        query = request.GET.copy()
        query.pop("page", None)
        if number > 1:
            query["page"] = str(number)
        encoded = query.urlencode()
        return request.path + (f"?{encoded}" if encoded else "")

    return {
        "prev": link(page - 1) if page > 1 else None,
        "next": link(page + 1) if more else None,
        "page": page,
        "pages": pages,
    }

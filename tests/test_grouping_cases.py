"""Hard cases for grouping, streamed one article at a time through ingest and `assign_new` as a newsroom
polling every few minutes meets them, on top of a busy day of other stories (issue 14)."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import pytest

from copydesk.newsroom.models import SourceArticle
from copydesk.pipeline.assign import assign_new
from copydesk.pipeline.ingest import ingest_paths
from tests.grouping_cases import CASES, row
from tests.newsroom_stream import EVENTS, report

NOW = datetime(2026, 3, 6, tzinfo=UTC)


def ingest(rows: list[dict[str, str]], path: Path) -> None:
    path.write_text("".join(json.dumps({k: v for k, v in r.items() if k != "story"}) + "\n" for r in rows))
    assert ingest_paths([path], NOW).added == len(rows)


@pytest.fixture(params=["busy", "quiet"])
def streamed(request, tmp_path: Path, embedder) -> dict[str, set[int | None]]:  # type: ignore[no-untyped-def]
    """The stories each hard case's events ended in: in a busy newsroom, three outlets' reports of twenty
    other events come first, grouped at once; then every case's reports one at a time, in date order."""
    if request.param == "busy":
        ingest([report(event, index, 0) for index in range(3) for event in EVENTS], tmp_path / "day.jsonl")
        assign_new(NOW, embedder=embedder)
    rows = [row(r, n) for n, r in enumerate(r for reports in CASES.values() for r in reports)]
    for n, r in enumerate(sorted(rows, key=lambda r: r["published"])):
        ingest([r], tmp_path / f"case-{n}.jsonl")
        assign_new(NOW, embedder=embedder)
    story_of = dict(
        SourceArticle.objects.filter(url__in=[r["url"] for r in rows]).values_list("url", "story_id")
    )
    events: dict[str, set[int | None]] = defaultdict(set)
    for r in rows:
        events[r["story"]].add(story_of[r["url"]])
    return events


@pytest.mark.django_db
def test_events_on_one_subject_stay_apart_and_one_event_stays_together(streamed) -> None:  # type: ignore[no-untyped-def]
    wrong = []
    for case, reports in CASES.items():
        events = sorted({r[0] for r in reports})
        for event in events:
            others = set().union(*(streamed[e] for e in events if e != event))
            if streamed[event] & others:
                wrong.append(f"{case}: {event} is grouped with another event")
            if len(streamed[event]) != 1:
                wrong.append(f"{case}: the reports of {event} are split")
    assert not wrong

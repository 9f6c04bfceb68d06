"""`copydesk eval clustering --batch N` places a stream as `copydesk write` does, batch by batch."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from copydesk.core.clustering import ClusteringOptions
from copydesk.evaluation.clustering import Labelled, group, merged_rate, read
from copydesk.newsroom.models import SourceArticle
from copydesk.pipeline.assign import assign_new
from copydesk.pipeline.ingest import ingest_paths
from tests.conftest import copydesk
from tests.newsroom_stream import EVENTS, report

NOW = datetime(2026, 3, 3, tzinfo=UTC)
LOOSE = replace(
    ClusteringOptions(), threshold=0.4, floor=0.1, settle_threshold=-0.5, reconsider=0, pair_floor=-math.inf
)
# the same, with the stories nearest each batch settled again: placed articles move
REOPENED = replace(LOOSE, threshold=0.8, settle_threshold=0.0, reconsider=3)


def reports() -> list[dict[str, str]]:
    """Three outlets' reports of eight events, arriving one event after another in turn, dated."""
    out: list[dict[str, str]] = []
    for index in range(3):
        for event in EVENTS[:8]:
            out.append({**report(event, index, len(out)), "story": event.key})
    return out


def partition(labels: list[object]) -> set[frozenset[int]]:
    groups: dict[object, set[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(label, set()).add(i)
    return {frozenset(g) for g in groups.values()}


@pytest.mark.django_db
@pytest.mark.parametrize("batch", [1, 5])
@pytest.mark.parametrize("options", [LOOSE, REOPENED], ids=["batch-only", "reopened"])
def test_the_replay_groups_as_the_pipeline_does(  # type: ignore[no-untyped-def]
    batch: int, options: ClusteringOptions, tmp_path: Path, embedder
) -> None:
    rows = reports()
    path = tmp_path / "stream.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    items = read(path)
    assert [a.title for a in items] == [r["title"] for r in rows]  # dated: in date order
    replayed = group(items, embedder, options, batch)
    if options is LOOSE:
        # So loose that what is grouped depends on how the stream arrives: a replay that placed the stream
        # otherwise than the pipeline (all at once, or settling more than the batch) would not match it.
        assert partition(replayed) != partition(group(items, embedder, LOOSE, None))
    else:  # placed articles move: a pipeline that never moved them would not match
        assert partition(replayed) != partition(group(items, embedder, replace(options, reconsider=0), batch))

    for start in range(0, len(rows), batch):  # the newsroom: ingest what arrived, then group it
        part = tmp_path / f"part-{start}.jsonl"
        part.write_text("".join(json.dumps(r) + "\n" for r in rows[start : start + batch]))
        assert ingest_paths([part], NOW).added == len(rows[start : start + batch])
        assign_new(NOW, options=options, embedder=embedder)
    stored = {a.url: a.story_id for a in SourceArticle.objects.filter(url__in=[r["url"] for r in rows])}
    assert partition(replayed) == partition([stored[r["url"]] for r in rows])


def test_merged_story_rate() -> None:
    gold = ["a", "a", "b", "b", "c", "d"]
    assert merged_rate(gold, [1, 1, 2, 2, 3, 4]) == 0.0
    assert merged_rate(gold, [1, 1, 2, 2, 2, 3]) == 0.5  # {b,b,c} merges two events, {a,a} does not
    assert merged_rate(gold, [1, 1, 1, 2, 3, 3]) == 1.0  # a story of one article is not counted
    assert merged_rate(gold, [1, 2, 3, 4, 5, 6]) == 0.0  # no story of two articles


def test_eval_clustering_takes_a_batch_size(tmp_path: Path) -> None:
    path = tmp_path / "stream.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in reports()))
    out = copydesk("eval", "clustering", "--input", str(path), "--batch", "1", "--json", data_dir=tmp_path)
    figures = json.loads(out.stdout)
    assert figures["batch"] == 1 and figures["dated"] is True and figures["articles"] == 24
    assert {"merged_story_rate", "bcubed_precision", "bcubed_recall", "bcubed_f1"} <= set(figures)
    refused = copydesk("eval", "clustering", "--batch", "0", data_dir=tmp_path, check=False)
    assert refused.returncode != 0 and "--batch" in refused.stderr


def test_undated_input_is_shuffled_and_dated_is_ordered(tmp_path: Path) -> None:
    rows = reports()
    undated = tmp_path / "undated.jsonl"
    undated.write_text(
        "".join(json.dumps({k: v for k, v in r.items() if k != "published"}) + "\n" for r in rows)
    )
    items = read(undated)
    assert all(isinstance(a, Labelled) and a.published is None for a in items)
    assert [a.title for a in items] != [r["title"] for r in rows]

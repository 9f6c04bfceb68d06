"""Progress as plain lines when standard error is not a terminal (a pipe, a log, a service's journal)."""

import io
import re
from pathlib import Path

from copydesk.pipeline.progress import Lines, counter, terminal
from tests.conftest import DATA, copydesk


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_line_at_the_start_every_interval_and_at_the_end() -> None:
    out, clock = io.StringIO(), Clock()
    lines = Lines("Writing stories", 300, out, interval=5.0, clock=clock)
    for _ in range(300):
        clock.now += 0.1  # 30 s in all: a line every 5 s
        lines.update()
    lines.close()
    shown = out.getvalue().splitlines()
    assert shown[0] == "Writing stories: 0/300" and shown[-1] == "Writing stories: 300/300"
    assert 6 <= len(shown) <= 8 and len(set(shown)) == len(shown)


def test_without_a_total_the_count_alone_and_the_last_count_once() -> None:
    out, clock = io.StringIO(), Clock()
    lines = Lines("Reading files", None, out, interval=5.0, clock=clock)
    lines.update(3)
    lines.close()
    lines.close()
    assert out.getvalue() == "Reading files: 0\nReading files: 3\n"


def test_not_a_terminal_gets_lines_not_a_bar() -> None:
    out = io.StringIO()
    with counter("Polling feeds", 2, out) as shown:
        shown.update()
        shown.update()
    assert out.getvalue() == "Polling feeds: 0/2\nPolling feeds: 2/2\n"


def test_terminal_counts_the_items_on_standard_error(capsys) -> None:  # type: ignore[no-untyped-def]
    assert list(terminal(["a", "b"], "Grouping into stories", 2)) == ["a", "b"]
    assert capsys.readouterr().err.splitlines()[-1] == "Grouping into stories: 2/2"


def test_progress_is_printed_as_lines_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ingest = copydesk("ingest", str(DATA / "ferry-story.jsonl"), data_dir=data)  # stderr is a pipe here
    write = copydesk("write", data_dir=data)
    assert re.search(r"^Reading files: 1/1$", ingest.stderr, re.M), ingest.stderr
    assert re.search(r"^Grouping into stories: 3/3$", write.stderr, re.M), write.stderr
    assert re.search(r"^Writing stories: 1/1$", write.stderr, re.M), write.stderr
    assert "\r" not in write.stderr and "\x1b" not in write.stderr

"""Quality evaluation of Copydesk's stages on public data sets: the library behind `copydesk eval NAME`.

Each set is a module with `SUBDIR` (its folder under the eval dir), `run(path, progress)` returning a
JSON-ready dict of figures, and `format_report(figures)`. Later stages (clustering, writer, factuality)
register theirs with one line in `SETS` (or `register()`); the module is imported only when it runs.
Nothing here needs the database or the network.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

from copydesk import config
from copydesk.errors import CopydeskError
from copydesk.pipeline import Progress, quiet

EVAL_DIR_ENV = "COPYDESK_EVAL_DIR"
DEFAULT_EVAL_DIR = config.DEFAULT_EVAL_DIR

# name -> (module implementing the set, one line of help).
SETS: dict[str, tuple[str, str]] = {
    "feeds": (
        "copydesk.evaluation.feeds",
        "parse_feed + article_from_entry on feedparser's test cases and real feeds",
    ),
    "extraction": (
        "copydesk.evaluation.extraction",
        "extract_page's article text against article-extraction-benchmark",
    ),
    "clustering": (
        "copydesk.evaluation.clustering",
        "grouping NeuS val (and wikiref220) into stories as one stream: B-cubed precision, recall, F1",
    ),
    "writer": (
        "copydesk.evaluation.writer",
        "the extractive writer's dek and lead against NeuS summaries, with lead and LexRank baselines",
    ),
    "stories": (
        "copydesk.evaluation.stories",
        "the default writer's articles on BASIL (three outlets per event, full length): loaded wording, "
        "context, copied headlines and datelines, shared facts, dates, length",
    ),
    "factuality": (
        "copydesk.evaluation.factuality",
        "the verifier as a classifier on SummEdits (news, seven other domains) and QAGS sentences: balanced "
        "accuracy per set on a fixed dev half and test half",
    ),
}


def eval_dir() -> Path:
    """The shared evaluation folder: $COPYDESK_EVAL_DIR, else ../shared/eval from the current directory."""
    return config.current().eval_dir


def data_path(subdir: str, input_path: Path | None) -> Path:
    """The file or folder to evaluate: --input when given, else the set's folder in the eval dir."""
    path = Path(input_path) if input_path is not None else eval_dir() / subdir
    if not path.exists():
        raise CopydeskError(
            f"evaluation data not found at {path.resolve()}: set {EVAL_DIR_ENV} to the shared eval "
            "folder or pass --input PATH"
        )
    return path


def register(name: str, module: str, summary: str) -> None:
    """Add an evaluation set (a module with SUBDIR, run and format_report)."""
    SETS[name] = (module, summary)


def module_of(name: str) -> ModuleType:
    """The module that implements the set NAME."""
    if name not in SETS:
        raise CopydeskError(f"unknown evaluation set {name!r} (known: {', '.join(sorted(SETS))})")
    return importlib.import_module(SETS[name][0])


def run(
    name: str, input_path: Path | None = None, progress: Progress[Any] = quiet, **options: Any
) -> dict[str, Any]:
    """Evaluate one set and return its figures (`options` go to the set's own `run`, e.g. `batch`)."""
    module = module_of(name)
    figures: dict[str, Any] = module.run(data_path(module.SUBDIR, input_path), progress=progress, **options)
    return figures


def format_report(name: str, figures: dict[str, Any]) -> str:
    """A short readable report of one set's figures."""
    text: str = module_of(name).format_report(figures)
    return text

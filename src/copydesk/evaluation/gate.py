"""The quality gate: `python -m copydesk.evaluation.gate` fails when a figure falls below its floor.

Floors (and ceilings) live in `eval-floors.json` at the repository root:
`{"feeds": {"min": {"expect_held": 0.955, ...}, "max": {"crashes": 0}}, ...}`; keys starting with
`_` are comments. A name may carry options after `@`: `clustering@batch=25` runs the clustering set placed
25 articles at a time. Each set named there is run on the shared data (`$COPYDESK_EVAL_DIR` or
../shared/eval); when that folder is absent the gate says so and passes, so a clone without the data
still builds.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from copydesk.errors import CopydeskError
from copydesk.evaluation import EVAL_DIR_ENV, eval_dir, run

FLOORS_FILE = "eval-floors.json"
Runner = Callable[[str], dict[str, Any]]


def load_floors(path: Path) -> dict[str, dict[str, dict[str, float]]]:
    """The floors file, without its comment keys."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CopydeskError(f"{path}: cannot read the floors: {exc}") from None
    return {name: limits for name, limits in data.items() if not name.startswith("_")}


def breaches(name: str, figures: dict[str, Any], limits: dict[str, dict[str, float]]) -> list[str]:
    """One message per figure below its floor or above its ceiling (or missing)."""
    found = []
    for bound, sign, fails in (
        ("min", "below its floor", float.__lt__),
        ("max", "above its ceiling", float.__gt__),
    ):
        for key, limit in limits.get(bound, {}).items():
            if key.startswith("_"):
                continue
            value = figures.get(key)
            if not isinstance(value, int | float):
                found.append(f"{name}.{key} is missing from the figures (limit {limit})")
            elif fails(float(value), float(limit)):
                found.append(f"{name}.{key} = {value:g} is {sign} {limit:g}")
    # "above": {"rouge1": ["lead_rouge1", ...]}: a figure that must beat baselines measured in the same run.
    for key, baselines in limits.get("above", {}).items():
        for baseline in baselines:  # type: ignore[union-attr]
            value, other = figures.get(key), figures.get(baseline)
            if not isinstance(value, int | float) or not isinstance(other, int | float):
                found.append(f"{name}.{key} or {name}.{baseline} is missing from the figures")
            elif value <= other:
                found.append(f"{name}.{key} = {value:g} does not beat {baseline} = {other:g}")
    return found


def _show(value: Any) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def run_named(name: str) -> dict[str, Any]:
    """Figures of a floors file's name: a set, with `@key=value,...` options (whole numbers stay numbers)."""
    base, _, given = name.partition("@")
    options: dict[str, Any] = {}
    for option in filter(None, given.split(",")):
        key, _, value = option.partition("=")
        options[key] = int(value) if value.isdigit() else value
    return run(base, **options)


def check(floors: dict[str, dict[str, dict[str, float]]], runner: Runner = run_named) -> list[str]:
    """Run every set that has floors; all the breaches."""
    failures = []
    for name, limits in floors.items():
        figures = runner(name)
        failures += breaches(name, figures, limits)
        shown = ", ".join(
            f"{k}={_show(figures.get(k))}" for bound in ("min", "max", "above") for k in limits.get(bound, {})
        )
        print(f"eval gate: {name}: {shown}", flush=True)
    return failures


def main(argv: Sequence[str] | None = None) -> int:
    """Exit 0 when every figure holds its floor (or the data is absent), 1 otherwise."""
    parser = argparse.ArgumentParser(prog="python -m copydesk.evaluation.gate", description=__doc__)
    parser.add_argument("--floors", type=Path, default=Path(FLOORS_FILE), help="the floors file")
    args = parser.parse_args(argv)
    if not eval_dir().is_dir():
        print(f"eval gate: skipped, no evaluation data at {eval_dir().resolve()} (set {EVAL_DIR_ENV})")
        return 0
    try:
        failures = check(load_floors(args.floors))
    except CopydeskError as exc:
        print(f"eval gate: error: {exc}", file=sys.stderr)
        return 2
    for failure in failures:
        print(f"eval gate: FAILED: {failure}", file=sys.stderr)
    if not failures:
        print("eval gate: every figure holds its floor")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

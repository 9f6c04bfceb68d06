"""The `copydesk eval NAME [--input PATH] [--json]` command: a thin layer over copydesk.evaluation."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from copydesk.errors import CopydeskError
from copydesk.evaluation import SETS, format_report, run
from copydesk.pipeline import terminal


def _batch(value: str) -> int | None:
    """`--batch`: a whole number of articles per run, or `all` (None: the whole stream at once)."""
    if value == "all":
        return None
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1 or 'all', got {value!r}")
    return int(value)


def cmd_eval(args: argparse.Namespace) -> int:
    """Run one evaluation set and print its figures (JSON with --json)."""
    options = {}
    if args.batch is not None:
        if args.name != "clustering":
            raise CopydeskError("--batch is for `copydesk eval clustering` only")
        options["batch"] = args.batch
    if args.stories is not None:
        if args.name != "clustering":
            raise CopydeskError("--stories is for `copydesk eval clustering` only")
        options["stories"] = args.stories
    if args.cite is not None:
        if args.name != "factuality":
            raise CopydeskError("--cite is for `copydesk eval factuality` only")
        options["cite"] = args.cite
    figures = run(args.name, args.input, progress=terminal, **options)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, default=str))
    else:
        print(format_report(args.name, figures))
    return 0


def add_eval_command(
    commands: Any, parents: Sequence[argparse.ArgumentParser] = ()
) -> argparse.ArgumentParser:
    """Add `eval` to an argparse subparsers object; every set in copydesk.evaluation.SETS is a NAME."""
    names = sorted(SETS)
    sets_help = "; ".join(f"{name}: {SETS[name][1]}" for name in names)
    p: argparse.ArgumentParser = commands.add_parser(
        "eval",
        parents=list(parents),
        help="quality figures for one stage on the shared evaluation sets",
        description=f"Quality figures for one stage. Sets: {sets_help}.",
    )
    p.add_argument("name", metavar="NAME", choices=names, help=f"the set to evaluate: {', '.join(names)}")
    p.add_argument(
        "--input",
        type=Path,
        metavar="PATH",
        default=None,
        help="a file or folder in the set's format (default: the set's folder in $COPYDESK_EVAL_DIR "
        "or ../shared/eval)",
    )
    p.add_argument(
        "--batch",
        type=_batch,
        metavar="N|all",
        default=None,
        help="clustering: place the stream N articles at a time, as `copydesk write` meets it "
        "(default: all at once)",
    )
    p.add_argument(
        "--stories",
        type=int,
        metavar="N",
        default=None,
        help="clustering: only N stories of a NeuS .source file, drawn with a fixed seed (the dev slice: "
        "--input .../train.source --stories 300)",
    )
    p.add_argument(
        "--cite",
        choices=("cover", "closest"),
        default=None,
        help="factuality: the passages a summary sentence cites: the three closest in meaning (closest, the "
        "default, which the gate holds), or those it was told from, closest in meaning first (cover)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object of figures")
    # needs_db: the evaluation reads files only; main() may skip the database setup for it.
    p.set_defaults(func=cmd_eval, needs_db=False)
    return p

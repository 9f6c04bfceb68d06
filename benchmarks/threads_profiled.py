"""`python benchmarks/threads_profiled.py DIR ARGS...`: `python -m copydesk ARGS...` with every thread
profiled by cProfile (which sees only the thread that enabled it: a worker's tasks run in a thread of
their own). Each thread's stats go to DIR/<pid>-<thread>.prof when it ends, the main thread's when the
command does; read them with `python -m pstats` or `pstats.Stats(*files)`.
"""

from __future__ import annotations

import cProfile
import os
import runpy
import sys
import threading
from pathlib import Path

folder = Path(sys.argv[1])
folder.mkdir(parents=True, exist_ok=True)
thread_run = threading.Thread.run


def profiled_run(self: threading.Thread) -> None:
    profile = cProfile.Profile()
    profile.enable()
    try:
        thread_run(self)
    finally:
        profile.disable()
        profile.dump_stats(folder / f"{os.getpid()}-{self.name.replace('/', '_')}.prof")


threading.Thread.run = profiled_run  # type: ignore[method-assign]
main = cProfile.Profile()
main.enable()
try:
    sys.argv = ["copydesk", *sys.argv[2:]]
    runpy.run_module("copydesk", run_name="__main__", alter_sys=True)
finally:
    main.disable()
    main.dump_stats(folder / f"{os.getpid()}-main.prof")

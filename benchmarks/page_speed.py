"""Pages at the speed of a static site: `copydesk serve` against nginx serving the same bytes as a file.

Builds the demo newsroom in a temporary data dir (or uses --data-dir), serves it with `copydesk serve`
on 127.0.0.1, copies the centrepiece story page's bytes and the home page's into files that nginx
serves on 127.0.0.1, and runs wrk against both, interleaved (nginx, copydesk, nginx, copydesk, ...),
with 32 connections. Reports for the story page and the home page:

- requests per second of each and their ratio (goal: copydesk >= 0.25 of nginx, with no errors);
- an uncached render (the page built from the database, Django's whole stack, in-process, the page
  cache emptied before each): median milliseconds of CPU (goal: <= 10 ms) and of wall-clock time (on
  a machine shared with other work the wall clock also counts the time other processes had the CPU);
- one connection's latency (median and 99th percentile) through `copydesk serve`;
- the server's memory (resident, all its processes).

Needs nginx and wrk (Debian packages `nginx` and `wrk`; `make bench-tools` installs them); it installs
nothing itself and says what is missing. Traffic goes to 127.0.0.1 only; every run is bounded.

    .venv/bin/python benchmarks/page_speed.py [--duration 10] [--rounds 3] [--workers 1] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

GOAL_RATIO = 0.25
GOAL_RENDER_MS = 10.0
TOOLS = {"nginx": "nginx", "wrk": "wrk"}  # program: Debian package


def find(program: str) -> str | None:
    return shutil.which(program) or shutil.which(program, path="/usr/sbin:/usr/local/sbin:/sbin")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                response.read()
                return
        except OSError as exc:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{url} did not answer: {exc}") from exc
            time.sleep(0.2)


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:  # no Accept-Encoding: identity bytes
        return bytes(response.read())


@contextmanager
def copydesk_server(
    data_dir: Path, port: int, workers: int, threads: int
) -> Iterator[subprocess.Popen[bytes]]:
    env = {**os.environ, "COPYDESK_DATA_DIR": str(data_dir)}
    command = [sys.executable, "-m", "copydesk", "serve", "--host", "127.0.0.1", "--port", str(port)]
    # --workers only when asked for: the benchmark also runs against code from before it (a baseline)
    command += ["--threads", str(threads), *(["--workers", str(workers)] if workers != 1 else [])]
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/", process)
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


@contextmanager
def nginx_server(root: Path, port: int) -> Iterator[subprocess.Popen[bytes]]:
    conf = root.parent / "nginx.conf"
    conf.write_text(
        textwrap.dedent(
            f"""
            worker_processes auto;
            daemon off;
            pid {root.parent}/nginx.pid;
            error_log {root.parent}/nginx-error.log;
            events {{ worker_connections 1024; }}
            http {{
              access_log off;
              types {{ text/html html; }}
              sendfile on;
              tcp_nopush on;
              client_body_temp_path {root.parent}/tmp; proxy_temp_path {root.parent}/tmp;
              fastcgi_temp_path {root.parent}/tmp; uwsgi_temp_path {root.parent}/tmp;
              scgi_temp_path {root.parent}/tmp;
              server {{ listen 127.0.0.1:{port}; root {root}; }}
            }}
            """
        )
    )
    (root.parent / "tmp").mkdir(exist_ok=True)
    nginx = find("nginx")
    assert nginx is not None
    process = subprocess.Popen(
        [nginx, "-c", str(conf), "-p", str(root.parent)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/story.html", process)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=20)


def wrk(url: str, connections: int, duration: int, threads: int = 2) -> dict[str, float]:
    """One wrk run: requests/s, errors (non-2xx/3xx answers and socket errors), latency percentiles."""
    wrk_path = find("wrk")
    assert wrk_path is not None
    out = subprocess.run(
        [wrk_path, f"-t{min(threads, connections)}", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        timeout=duration + 60,
        check=True,
    ).stdout
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    errors += int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "errors": errors}  # type: ignore[union-attr]
    for pct in ("50", "99"):
        value, unit = re.search(rf"\s{pct}%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
        result[f"p{pct}_ms"] = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    return result


RENDER = """
import json, os, statistics, sys, time
import django
django.setup()
from django.conf import settings
from django.core.cache import caches
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
out = {}
for name, path in json.loads(sys.argv[1]).items():
    client.get(path)
    wall, cpu = [], []
    for _ in range(int(sys.argv[2])):
        if "pages" in settings.CACHES:  # (code from before pages were kept has no such cache)
            caches["pages"].clear()
        w, c = time.perf_counter(), time.thread_time()
        assert client.get(path).status_code == 200
        cpu.append((time.thread_time() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
    out[name] = {"wall_ms": statistics.median(wall), "cpu_ms": statistics.median(cpu)}
print(json.dumps(out))
"""


def uncached_renders(data_dir: Path, paths: dict[str, str], repeats: int) -> dict[str, dict[str, float]]:
    """Median time to answer each path with the page cache emptied before every request."""
    env = {**os.environ, "COPYDESK_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "copydesk.settings"}
    out = subprocess.run(
        [sys.executable, "-c", RENDER, json.dumps(paths), str(repeats)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def memory_mib(root_pid: int) -> float:
    """Resident memory of a process and all its descendants, in MiB."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            rss = re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
        except OSError:
            continue
        total += int(rss.group(1)) if rss else 0
    return total / 1024


def centrepiece(data_dir: Path) -> str:
    """The slug of the story with the most sources (the demo's US-Japan talks, five outlets)."""
    env = {**os.environ, "COPYDESK_DATA_DIR": str(data_dir)}
    out = subprocess.run(
        [sys.executable, "-m", "copydesk", "export"], env=env, capture_output=True, text=True, check=True
    ).stdout
    return str(max(json.loads(out), key=lambda s: len(s["sources"]))["slug"])


def compare(
    args: argparse.Namespace, pages: dict[str, str], cd: int, ng: int
) -> dict[str, dict[str, object]]:
    """wrk against nginx and copydesk in turn, `rounds` times, for each page."""
    runs: dict[str, dict[str, list[dict[str, float]]]] = {p: {"nginx": [], "copydesk": []} for p in pages}
    for _ in range(args.rounds):
        for page, path in pages.items():
            runs[page]["nginx"].append(
                wrk(f"http://127.0.0.1:{ng}/{page}.html", args.connections, args.duration)
            )
            runs[page]["copydesk"].append(
                wrk(f"http://127.0.0.1:{cd}{path}", args.connections, args.duration)
            )
    results: dict[str, dict[str, object]] = {}
    for page, by_server in runs.items():
        rps = {server: statistics.median(r["rps"] for r in rs) for server, rs in by_server.items()}
        errors = {server: int(sum(r["errors"] for r in rs)) for server, rs in by_server.items()}
        results[page] = {
            "nginx_rps": round(rps["nginx"]),
            "copydesk_rps": round(rps["copydesk"]),
            "ratio": round(rps["copydesk"] / rps["nginx"], 3),
            "errors": errors,
            "copydesk_p99_ms": statistics.median(r["p99_ms"] for r in by_server["copydesk"]),
        }
    return results


def run(args: argparse.Namespace, data_dir: Path) -> dict[str, object]:
    slug = centrepiece(data_dir)
    pages = {"story": f"/stories/{slug}/", "home": "/"}
    root = Path(tempfile.mkdtemp(prefix="copydesk-nginx-")) / "www"
    root.mkdir()
    root.parent.chmod(0o755)  # nginx's workers run as another user
    cd_port, ng_port = free_port(), free_port()
    with copydesk_server(data_dir, cd_port, args.workers, args.threads) as server:
        sizes = {}
        for page, path in pages.items():
            sizes[page] = (root / f"{page}.html").write_bytes(fetch(f"http://127.0.0.1:{cd_port}{path}"))
        with nginx_server(root, ng_port):
            throughput = compare(args, pages, cd_port, ng_port)
        single = {
            page: wrk(f"http://127.0.0.1:{cd_port}{path}", 1, min(args.duration, 5), threads=1)
            for page, path in pages.items()
        }
        memory = memory_mib(server.pid)
    renders = uncached_renders(data_dir, pages, args.renders)
    shutil.rmtree(root.parent, ignore_errors=True)
    report: dict[str, object] = {"slug": slug, "workers": args.workers, "threads": args.threads}
    for page in pages:
        report[page] = {
            **throughput[page],
            "single_connection": {k: round(v, 3) for k, v in single[page].items() if k != "errors"},
            "uncached_render": {k: round(v, 2) for k, v in renders[page].items()},
            "bytes": sizes[page],
        }
    report["server_memory_mib"] = round(memory, 1)
    report["load_average"] = [round(x, 2) for x in os.getloadavg()]  # other work on the machine
    report["goals_met"] = all(
        report[p]["ratio"] >= GOAL_RATIO  # type: ignore[index]
        and not any(report[p]["errors"].values())  # type: ignore[index]
        and report[p]["uncached_render"]["cpu_ms"] <= GOAL_RENDER_MS  # type: ignore[index]
        for p in pages
    )
    return report


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", type=Path, help="an existing newsroom (default: a fresh demo)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of each wrk run (default: 10)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds per server (default: 3)")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (default: 32)")
    parser.add_argument("--workers", type=int, default=1, help="copydesk serve --workers (default: 1)")
    parser.add_argument("--threads", type=int, default=8, help="copydesk serve --threads (default: 8)")
    parser.add_argument(
        "--renders", type=int, default=40, help="uncached renders timed per page (default: 40)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    missing = [
        f"{program} (Debian package {package})" for program, package in TOOLS.items() if not find(program)
    ]
    if missing:
        print(
            "page_speed: missing " + ", ".join(missing) + "; install with `apt-get install -y nginx wrk` "
            "(or `make bench-tools`)",
            file=sys.stderr,
        )
        return 2
    with tempfile.TemporaryDirectory(prefix="copydesk-pages-") as tmp:
        data_dir = args.data_dir
        if data_dir is None:
            data_dir = Path(tmp) / "newsroom"
            env = {**os.environ, "COPYDESK_DATA_DIR": str(data_dir)}
            subprocess.run(
                [sys.executable, "-m", "copydesk", "demo", "--no-serve", "--data-dir", str(data_dir)],
                env=env,
                check=True,
                capture_output=True,
            )
        report = run(args, data_dir)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)
    return 0 if report["goals_met"] else 1


def print_report(report: dict[str, object]) -> None:
    print(
        f"copydesk serve --workers {report['workers']} --threads {report['threads']}; story {report['slug']}"
    )
    for page in ("story", "home"):
        r = report[page]
        assert isinstance(r, dict)
        single, render = r["single_connection"], r["uncached_render"]
        print(
            f"{page:5}: nginx {r['nginx_rps']:>7} req/s, copydesk {r['copydesk_rps']:>7} req/s, "
            f"ratio {r['ratio']:.3f} (goal >= {GOAL_RATIO}), errors {r['errors']}, copydesk p99 "
            f"{r['copydesk_p99_ms']:.2f} ms; one connection p50 {single['p50_ms']:.2f} ms p99 "
            f"{single['p99_ms']:.2f} ms ({single['rps']:.0f} req/s); uncached render median "
            f"{render['cpu_ms']:.2f} ms CPU (goal <= {GOAL_RENDER_MS}), {render['wall_ms']:.2f} ms wall"
        )
    load = report["load_average"]
    print(
        f"server memory: {report['server_memory_mib']} MiB resident; load average {load}; "
        f"goals met: {report['goals_met']}"
    )


if __name__ == "__main__":
    raise SystemExit(main())

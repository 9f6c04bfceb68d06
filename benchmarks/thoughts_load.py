"""Load check: many signed-in readers posting thoughts at once against `copydesk serve` on SQLite.

Builds the demo newsroom in a temporary data dir (or uses --data-dir), makes --clients verified
accounts, serves the site on 127.0.0.1 with rate limits and holding off, signs every client in
through the real sign-in form, then has all of them post --posts thoughts each on the centrepiece
story at the same moment. Reports thoughts lost (posted with a 302 but not stored; goal 0), errors
(any other answer or a failed connection; goal 0) and thoughts stored per second. Traffic goes to
127.0.0.1 only; every loop is bounded.

    .venv/bin/python benchmarks/thoughts_load.py [--clients 50] [--posts 20] [--threads 8] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

PASSWORD = "load-check-password-1"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def copydesk(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "copydesk", *args], env=env, check=True, capture_output=True)


def prepare(data_dir: Path, clients: int, env: dict[str, str]) -> str:
    """Verified accounts loadbench0..N-1 and the centrepiece's slug, written straight to the database."""
    script = f"""
import django; django.setup()
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from copydesk.newsroom.models import Story
digest = make_password({PASSWORD!r})
for i in range({clients}):
    user, made = User.objects.get_or_create(username=f"loadbench{{i}}",
        defaults={{"email": f"loadbench{{i}}@example.org", "password": digest}})
    if made:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
story = max(Story.objects.filter(current__isnull=False), key=lambda s: s.articles.count())
print(story.slug)
"""
    out = subprocess.run(
        [sys.executable, "-c", script],
        env={**env, "DJANGO_SETTINGS_MODULE": "copydesk.settings"},
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip().splitlines()[-1]


def stored(run: str, env: dict[str, str]) -> set[str]:
    script = f"""
import django; django.setup()
from copydesk.discussion.models import Thought
for body in Thought.objects.filter(body__startswith={run!r}).values_list("body", flat=True):
    print(body)
"""
    out = subprocess.run(
        [sys.executable, "-c", script],
        env={**env, "DJANGO_SETTINGS_MODULE": "copydesk.settings"},
        check=True,
        capture_output=True,
        text=True,
    )
    return set(out.stdout.split("\n")) - {""}


def sign_in(client: httpx.Client, n: int) -> None:
    page = client.get("/accounts/login/")
    token = CSRF.search(page.text).group(1)  # type: ignore[union-attr]
    answer = client.post(
        "/accounts/login/",
        data={"login": f"loadbench{n}@example.org", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    if answer.status_code != 302:
        raise RuntimeError(f"client {n} could not sign in: {answer.status_code}")


def reader(
    n: int, base: str, slug: str, run: str, posts: int, start: threading.Barrier, result: dict
) -> None:
    """One signed-in client: sign in, wait for the others, post `posts` thoughts one after another."""
    sent, errors = [], []
    with httpx.Client(base_url=base, timeout=60, follow_redirects=False) as client:
        try:
            sign_in(client, n)
            token = CSRF.search(client.get(f"/stories/{slug}/").text).group(1)  # type: ignore[union-attr]
        except Exception as exc:  # reported, not raised: the run goes on
            errors.append(f"sign-in: {exc}")
            token = ""
        start.wait(timeout=600)
        for i in range(posts if token else 0):
            body = f"{run} c{n} t{i}"
            try:
                answer = client.post(
                    f"/stories/{slug}/thoughts/", data={"body": body, "csrfmiddlewaretoken": token}
                )
                if answer.status_code == 302 and "#thought-" in answer.headers.get("location", ""):
                    sent.append(body)
                else:
                    errors.append(f"{answer.status_code} {answer.headers.get('location', '')}")
            except httpx.HTTPError as exc:
                errors.append(repr(exc))
    result[n] = (sent, errors)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--posts", type=int, default=20)
    parser.add_argument("--threads", type=int, default=8, help="copydesk serve --threads")
    parser.add_argument("--data-dir", help="an existing newsroom (default: build the demo in a temp dir)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="copydesk-thoughts-load-") as tmp:
        data_dir = Path(args.data_dir) if args.data_dir else Path(tmp) / "newsroom"
        env = {
            **os.environ,
            "COPYDESK_DATA_DIR": str(data_dir),
            "COPYDESK_RATE_LIMITS": "0",
            "COPYDESK_THOUGHTS_HOLD_FIRST": "0",
            "COPYDESK_EMAIL_FILE_PATH": str(Path(tmp) / "mail"),
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)
        if not args.data_dir:
            print("building the demo newsroom…", file=sys.stderr)
            copydesk("demo", "--no-serve", env=env)
        slug = prepare(data_dir, args.clients, env)

        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "copydesk",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--threads",
                str(args.threads),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    httpx.get(base + "/", timeout=2)
                    break
                except httpx.HTTPError:
                    time.sleep(0.2)
            run = f"loadrun-{int(time.time())}"
            start = threading.Barrier(args.clients + 1)
            result: dict[int, tuple[list[str], list[str]]] = {}
            threads = [
                threading.Thread(target=reader, args=(n, base, slug, run, args.posts, start, result))
                for n in range(args.clients)
            ]
            for thread in threads:
                thread.start()
            print(f"signing in {args.clients} clients…", file=sys.stderr)
            start.wait(timeout=600)
            began = time.perf_counter()
            for thread in threads:
                thread.join(timeout=900)
            elapsed = time.perf_counter() - began
        finally:
            server.terminate()
            server.wait(timeout=30)

        sent = {body for s, _ in result.values() for body in s}
        errors = [e for _, errs in result.values() for e in errs]
        kept = stored(run, env)
        figures = {
            "clients": args.clients,
            "posts_each": args.posts,
            "attempted": args.clients * args.posts,
            "accepted": len(sent),
            "stored": len(kept),
            "lost": len(sent - kept),
            "errors": len(errors),
            "seconds": round(elapsed, 2),
            "thoughts_per_second": round(len(kept) / elapsed, 1) if elapsed else None,
            "server_threads": args.threads,
        }
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:>20}: {value}")
        for error in errors[:5]:
            print("  error:", error)
    return 0 if figures["lost"] == 0 and figures["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

"""What the browser tests share: Debian's Chromium, its offline flags, where screenshots go."""

import json
import os
from pathlib import Path

from tests.conftest import copydesk

CHROMIUM = os.environ.get("COPYDESK_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("COPYDESK_SCREENSHOTS", "/tmp/copydesk-screenshots"))
# Keep Chromium off the network: it talks to 127.0.0.1 and nothing else.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def centrepiece_slug(demo_dir: Path) -> str:
    stories = json.loads(copydesk("export", data_dir=demo_dir).stdout)
    return next(s["slug"] for s in stories if "Japan" in s["headline"] and len(s["sources"]) == 5)

"""The real `copydesk serve` on 127.0.0.1: compressed pages with validators and 304 answers,
fingerprinted static files kept for a year, and a change written by another process shown at once."""

import re
from pathlib import Path

import httpx

from tests.browsing import centrepiece_slug
from tests.databases import connect, copy_data_dir
from tests.server import serving

YEAR = 365 * 24 * 3600


def test_served_pages_are_compressed_validated_and_never_stale(demo_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "newsroom"
    copy_data_dir(demo_dir, data)
    slug = centrepiece_slug(data)
    with serving(data) as base, httpx.Client(timeout=10) as http:
        url = f"{base}/stories/{slug}/"
        first = http.get(url)
        assert first.status_code == 200 and first.headers["content-encoding"] == "gzip"
        assert "public" in first.headers["cache-control"]
        again = http.get(url, headers={"If-None-Match": first.headers["etag"]})
        assert again.status_code == 304 and again.content == b""
        css = re.search(r'href="(/static/newsroom/site\.[0-9a-f]{12}\.css)"', first.text)
        assert css, "the stylesheet's name carries its fingerprint"
        static = http.get(base + css.group(1))
        assert static.status_code == 200 and "immutable" in static.headers["cache-control"]
        assert int(re.search(r"max-age=(\d+)", static.headers["cache-control"]).group(1)) >= YEAR
        # `copydesk write` and the admin write from other processes: their change shows on the next request
        with connect(data) as db:
            db.execute(
                "UPDATE newsroom_sentence SET text = 'Changed by another process.' WHERE section_id IS NULL "
                "AND revision_id = (SELECT current_id FROM newsroom_story WHERE slug = ?)",
                [slug],
            )
        changed = http.get(url, headers={"If-None-Match": first.headers["etag"]})
        assert changed.status_code == 200 and "Changed by another process." in changed.text

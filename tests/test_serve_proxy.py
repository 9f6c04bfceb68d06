"""Production mode behind a proxy: the real `copydesk serve` on 127.0.0.1, spoken to over HTTP.

With COPYDESK_SECURE=1 the site redirects plain HTTP to HTTPS; a request the trusted proxy marks
`X-Forwarded-Proto: https` is answered, the same header from any other address is ignored.
"""

import secrets
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.server import serving


def client(local_address: str) -> httpx.Client:
    """An HTTP client whose connections come from `local_address` (any 127.x address is this machine)."""
    transport = httpx.HTTPTransport(local_address=local_address)
    return httpx.Client(transport=transport, follow_redirects=False, timeout=10)


@pytest.fixture(scope="module")
def secure_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("secure")
    env = {"COPYDESK_SECURE": "1", "COPYDESK_SECRET_KEY": secrets.token_urlsafe(60)}
    with serving(Path(data), env=env) as base:
        yield base


def test_behind_the_proxy_pages_answer(secure_site: str) -> None:
    with client("127.0.0.1") as proxy:
        response = proxy.get(secure_site + "/", headers={"X-Forwarded-Proto": "https"})
        assert response.status_code == 200
        assert "Strict-Transport-Security" in response.headers
        api = proxy.get(secure_site + "/api/stories/", headers={"X-Forwarded-Proto": "https"})
        assert api.status_code == 200 and api.json()["stories"] == [] and api.json()["count"] == 0


def test_plain_http_from_the_proxy_is_redirected(secure_site: str) -> None:
    with client("127.0.0.1") as proxy:
        response = proxy.get(secure_site + "/")
    assert response.status_code == 301 and response.headers["location"].startswith("https://")


def test_the_header_from_an_untrusted_address_is_ignored(secure_site: str) -> None:
    with client("127.0.0.2") as stranger:
        response = stranger.get(secure_site + "/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 301 and response.headers["location"].startswith("https://")


def test_another_proxy_address_can_be_trusted(tmp_path: Path) -> None:
    env = {
        "COPYDESK_SECURE": "1",
        "COPYDESK_SECRET_KEY": secrets.token_urlsafe(60),
        "COPYDESK_TRUSTED_PROXY": "127.0.0.3",
    }
    with serving(tmp_path, env=env) as base:
        with client("127.0.0.3") as proxy:
            assert proxy.get(base + "/", headers={"X-Forwarded-Proto": "https"}).status_code == 200
        with client("127.0.0.1") as stranger:
            assert stranger.get(base + "/", headers={"X-Forwarded-Proto": "https"}).status_code == 301

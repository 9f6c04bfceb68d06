"""What PostgreSQL adds for several processes serving one site. PostgreSQL only (the suite's second run)."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from tests.databases import is_postgres
from tests.server import serving

pytestmark = pytest.mark.skipif(not is_postgres(), reason="several web processes share PostgreSQL's cache")


def _fail_sign_in(http: httpx.Client, base: str, email: str) -> str:
    host = {"Host": "127.0.0.1"}  # as behind one proxy: the site's name, whichever process answers
    page = http.get(f"{base}/accounts/login/", headers=host)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token, page.text[:500]
    answer = http.post(
        f"{base}/accounts/login/",
        data={"login": email, "password": "wrong-password!", "csrfmiddlewaretoken": token.group(1)},
        headers={**host, "Referer": f"{base}/accounts/login/"},
    )
    return answer.text


def test_a_lockout_earned_on_one_web_process_holds_on_another(tmp_path: Path) -> None:
    """Failed sign-ins are counted in the database's cache table, so a second server (another process, or
    another machine) refuses the address too, where per-process caches would each allow five more."""
    data = tmp_path / "site"
    with serving(data) as one, serving(data) as two, httpx.Client(timeout=20) as http:
        for _ in range(5):
            assert "Too many failed login attempts" not in _fail_sign_in(http, one, "cleo@example.org")
        assert "Too many failed login attempts" in _fail_sign_in(http, two, "cleo@example.org")
        assert "Too many failed login attempts" not in _fail_sign_in(http, two, "dora@example.org")

"""Configuration from the environment, in one place (the CLI's flags set the same variables)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from copydesk.errors import ConfigError

DEFAULT_DATA_DIR = "./copydesk-data"


@dataclass(frozen=True)
class Config:
    """Where data lives and how the site runs."""

    data_dir: Path
    database_url: str | None
    debug: bool
    allowed_hosts: tuple[str, ...]
    min_sources: int
    max_article_chars: int = 1_000_000

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "copydesk.sqlite3"


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def load() -> Config:
    """Read the configuration from COPYDESK_* variables and DATABASE_URL."""
    data_dir = Path(os.environ.get("COPYDESK_DATA_DIR") or DEFAULT_DATA_DIR).expanduser().resolve()
    hosts = os.environ.get("COPYDESK_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
    raw_min = os.environ.get("COPYDESK_MIN_SOURCES", "2")
    try:
        min_sources = int(raw_min)
    except ValueError:
        raise ConfigError(f"COPYDESK_MIN_SOURCES must be a whole number, got {raw_min!r}") from None
    if min_sources < 1:
        raise ConfigError("COPYDESK_MIN_SOURCES must be at least 1")
    raw_max = os.environ.get("COPYDESK_MAX_ARTICLE_CHARS", "1000000")
    try:
        max_article_chars = int(raw_max.replace("_", "").replace(",", ""))
    except ValueError:
        raise ConfigError(f"COPYDESK_MAX_ARTICLE_CHARS must be a whole number, got {raw_max!r}") from None
    if max_article_chars < 1:
        raise ConfigError("COPYDESK_MAX_ARTICLE_CHARS must be at least 1")
    return Config(
        data_dir=data_dir,
        database_url=os.environ.get("DATABASE_URL") or None,
        debug=_flag("COPYDESK_DEBUG"),
        allowed_hosts=tuple(h.strip() for h in hosts.split(",") if h.strip()),
        min_sources=min_sources,
        max_article_chars=max_article_chars,
    )


def secret_key(config: Config) -> str:
    """COPYDESK_SECRET_KEY, or a key made once and kept in the data dir."""
    if os.environ.get("COPYDESK_SECRET_KEY"):
        return os.environ["COPYDESK_SECRET_KEY"]
    path = config.data_dir / "secret_key"
    try:
        config.data_dir.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.write_text(secrets.token_urlsafe(50))
            path.chmod(0o600)
        return path.read_text().strip()
    except OSError as exc:
        raise ConfigError(f"cannot use the data dir {config.data_dir}: {exc.strerror}") from None

"""Configuration: every variable Copydesk reads from the environment, parsed once into one typed object.

`current()` reads the environment the first time it is asked and keeps the result; the CLI calls
`configure()` first, with its flags (`--data-dir`, `--writer`) as overrides. Each variable has a typed
reader (copydesk.config_readers.Values), and a value that cannot be used is a ConfigError that names the
variable and what it expects: "COPYDESK_LOGIN_ATTEMPTS must be a whole number >= 1, got 'five'". No other
module reads os.environ (tests/test_config.py keeps it so); README's configuration table lists `VARIABLES`.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from copydesk.config_readers import IPNetwork, Rate, Secret, Values
from copydesk.core.llm_draft import DEFAULT_MAX_CHARS
from copydesk.errors import ConfigError

DEFAULT_DATA_DIR = "./copydesk-data"
DEFAULT_EVAL_DIR = Path("..") / "shared" / "eval"
DEFAULT_CACHE_DIR = Path("~") / ".cache" / "copydesk"  # under $XDG_CACHE_HOME when that is set
WRITERS = ("extractive", "openai", "gguf")
DELETED_USER_CHOICES = ("keep", "remove")
PER_USER, PER_IP = Rate(5, 60), Rate(20, 60)  # thoughts per seconds

VARIABLES = (
    "COPYDESK_DATA_DIR",
    "DATABASE_URL",
    "COPYDESK_WORKER_SWEEP",
    "COPYDESK_MIN_SOURCES",
    "COPYDESK_MAX_ARTICLE_CHARS",
    "COPYDESK_SECRET_KEY",
    "COPYDESK_ALLOWED_HOSTS",
    "COPYDESK_BASE_URL",
    "COPYDESK_DEBUG",
    "COPYDESK_EVAL_DIR",
    "COPYDESK_CACHE_DIR",
    "COPYDESK_WRITER",
    "COPYDESK_LLM_BASE_URL",
    "COPYDESK_LLM_MODEL",
    "COPYDESK_LLM_API_KEY",
    "COPYDESK_LLM_TIMEOUT",
    "COPYDESK_LLM_RETRIES",
    "COPYDESK_LLM_MAX_TOKENS",
    "COPYDESK_LLM_MAX_CHARS",
    "COPYDESK_JUDGE_BASE_URL",
    "COPYDESK_JUDGE_MODEL",
    "COPYDESK_JUDGE_API_KEY",
    "COPYDESK_JUDGE_TIMEOUT",
    "COPYDESK_ALLOW_NETWORKS",
    "COPYDESK_SECURE",
    "COPYDESK_HSTS_SECONDS",
    "COPYDESK_HSTS_PRELOAD",
    "COPYDESK_TRUSTED_PROXY",
    "COPYDESK_PAGE_MAX_AGE",
    "COPYDESK_PAGE_CACHE_ENTRIES",
    "COPYDESK_EMAIL_HOST",
    "COPYDESK_EMAIL_PORT",
    "COPYDESK_EMAIL_USER",
    "COPYDESK_EMAIL_PASSWORD",
    "COPYDESK_EMAIL_TLS",
    "COPYDESK_EMAIL_FILE_PATH",
    "COPYDESK_EMAIL_FROM",
    "COPYDESK_LOGIN_ATTEMPTS",
    "COPYDESK_LOGIN_LOCKOUT",
    "COPYDESK_RATE_LIMITS",
    "COPYDESK_THOUGHTS_PER_USER",
    "COPYDESK_THOUGHTS_PER_IP",
    "COPYDESK_THOUGHTS_HOLD_FIRST",
    "COPYDESK_THOUGHTS_EDIT_MINUTES",
    "COPYDESK_THOUGHTS_MAX_LENGTH",
    "COPYDESK_BLOCKED_WORDS",
    "COPYDESK_BLOCKED_LINKS",
    "COPYDESK_DELETED_USER_THOUGHTS",
)


@dataclass(frozen=True)
class WriterSettings:
    """The writer and its model (COPYDESK_WRITER, COPYDESK_LLM_*); the API key is a Secret."""

    writer: str = "extractive"
    base_url: str | None = None
    """An OpenAI-compatible API root, e.g. http://127.0.0.1:8080/v1 (llama.cpp server)."""
    model: str | None = None
    """The model's name at that API; for `gguf`, the path of a .gguf file."""
    api_key: Secret | None = None
    timeout: float = 120.0
    """Seconds for one request, answer included: CPU-served models are slow."""
    retries: int = 2
    """Further attempts after a timeout, a server error or an unusable draft."""
    max_tokens: int = 2000
    max_chars: int = DEFAULT_MAX_CHARS
    """Characters of source passages put in the prompt."""
    backoff: float = 1.0
    """Seconds before the first retry, doubled for each next one."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> WriterSettings:
        """The configured writer settings, or those of `environ` when given (ConfigError if unusable)."""
        return (current() if environ is None else load(environ)).writer


@dataclass(frozen=True)
class Site:
    """How the site runs: Django's secret key, hosts, debug, and production behind an HTTPS proxy."""

    secret_key: Secret | None = None
    allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "[::1]")
    debug: bool = False
    secure: bool = False
    hsts_seconds: int = 365 * 24 * 3600
    hsts_preload: bool = True
    trusted_proxy: str | None = None
    """The address whose X-Forwarded-Proto/-For `copydesk serve` believes (127.0.0.1 when secure)."""
    page_max_age: int = 0
    """Seconds browsers and proxies may show a public page without asking again (0: they revalidate,
    which a kept page answers with 304 at once)."""
    page_cache_entries: int = 2000
    """Rendered pages and API answers each server process keeps."""
    base_url: str | None = None
    """The site's public origin (https://news.example.org) for the absolute addresses of feeds,
    sitemaps, canonical links and structured data; None: the origin each request was made to."""


@dataclass(frozen=True)
class Email:
    """Where email goes: SMTP when `host` is set, else files in `file_path`, else the console."""

    host: str | None = None
    port: int = 587
    user: str = ""
    password: Secret | None = None
    tls: bool = True
    file_path: Path | None = None
    sender: str = "Copydesk <copydesk@localhost>"


@dataclass(frozen=True)
class Accounts:
    """The sign-in lockout (accounts and admin alike), and the switch for every rate limit."""

    login_attempts: int = 5
    login_lockout: int = 15 * 60
    rate_limits: bool = True


@dataclass(frozen=True)
class Thoughts:
    """Readers' thoughts: posting limits and moderation (see copydesk.discussion.policy)."""

    per_user: Rate = PER_USER
    per_ip: Rate = PER_IP
    hold_first: int = 1
    edit_minutes: int = 15
    max_length: int = 4000
    blocked_words: tuple[str, ...] = ()
    blocked_links: tuple[str, ...] = ()
    deleted_user: str = "keep"


@dataclass(frozen=True)
class Config:
    """Everything configurable, as read once from the environment."""

    data_dir: Path
    database_url: str | None = field(default=None, repr=False)  # may hold a password
    min_sources: int = 2
    max_article_chars: int = 1_000_000
    """The longest article text ingest takes; a longer one is refused whole (COPYDESK_MAX_ARTICLE_CHARS)."""
    eval_dir: Path = DEFAULT_EVAL_DIR
    cache_dir: Path = DEFAULT_CACHE_DIR
    """Files made once per machine and kept, such as the quantized sentence model (COPYDESK_CACHE_DIR)."""
    fetch_networks: tuple[IPNetwork, ...] = ()
    """Non-public networks the fetcher may reach all the same (COPYDESK_ALLOW_NETWORKS)."""
    site: Site = Site()
    email: Email = Email()
    accounts: Accounts = Accounts()
    thoughts: Thoughts = Thoughts()
    writer: WriterSettings = WriterSettings()
    judge: WriterSettings | None = None
    """A model judge of model-written sentences at an OpenAI-compatible endpoint (COPYDESK_JUDGE_*), or
    None: the bundled checker judges them."""

    worker_sweep: int = 60
    """Seconds between the workers' sweeps: feeds due polled, work left by a killed worker queued again
    (COPYDESK_WORKER_SWEEP; PostgreSQL's `copydesk worker` only)."""

    @property
    def worker_sweep_cron(self) -> str:
        """The sweep's schedule for procrastinate (a sixth cron field counts seconds)."""
        if self.worker_sweep < 60:
            return f"* * * * * */{self.worker_sweep}"
        return f"*/{self.worker_sweep // 60} * * * *"

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "copydesk.sqlite3"


def _site(env: Values) -> Site:
    secure = env.flag("COPYDESK_SECURE", Site.secure)
    hosts = env.names(
        "COPYDESK_ALLOWED_HOSTS", "host names (e.g. news.example.org)", "127.0.0.1,localhost,[::1]"
    )
    if not hosts:
        raise ConfigError("COPYDESK_ALLOWED_HOSTS must list at least one host name")
    return Site(
        secret_key=env.secret("COPYDESK_SECRET_KEY"),
        allowed_hosts=hosts,
        debug=env.flag("COPYDESK_DEBUG", Site.debug),
        secure=secure,
        hsts_seconds=env.whole("COPYDESK_HSTS_SECONDS", Site.hsts_seconds, 0),
        hsts_preload=env.flag("COPYDESK_HSTS_PRELOAD", Site.hsts_preload),
        # Behind a proxy on this machine by default: the usual production set-up.
        trusted_proxy=env.proxy("COPYDESK_TRUSTED_PROXY", "127.0.0.1" if secure else None),
        page_max_age=env.whole("COPYDESK_PAGE_MAX_AGE", Site.page_max_age, 0),
        page_cache_entries=env.whole("COPYDESK_PAGE_CACHE_ENTRIES", Site.page_cache_entries, 0),
        base_url=env.origin("COPYDESK_BASE_URL"),
    )


def _email(env: Values) -> Email:
    host = env.names("COPYDESK_EMAIL_HOST", "a host name such as smtp.example.org")
    if len(host) > 1:
        raise env.fail("COPYDESK_EMAIL_HOST", "a host name such as smtp.example.org", ",".join(host))
    return Email(
        host=host[0] if host else None,
        port=env.whole("COPYDESK_EMAIL_PORT", Email.port, 1, 65535),
        user=env.text("COPYDESK_EMAIL_USER"),
        password=env.secret("COPYDESK_EMAIL_PASSWORD"),
        tls=env.flag("COPYDESK_EMAIL_TLS", Email.tls),
        file_path=env.directory("COPYDESK_EMAIL_FILE_PATH", None),
        sender=env.address("COPYDESK_EMAIL_FROM", Email.sender),
    )


def _thoughts(env: Values) -> Thoughts:
    return Thoughts(
        per_user=env.rate("COPYDESK_THOUGHTS_PER_USER", Thoughts.per_user),
        per_ip=env.rate("COPYDESK_THOUGHTS_PER_IP", Thoughts.per_ip),
        hold_first=env.whole("COPYDESK_THOUGHTS_HOLD_FIRST", Thoughts.hold_first, 0),
        edit_minutes=env.whole("COPYDESK_THOUGHTS_EDIT_MINUTES", Thoughts.edit_minutes, 0),
        max_length=env.whole("COPYDESK_THOUGHTS_MAX_LENGTH", Thoughts.max_length, 1),
        blocked_words=env.items("COPYDESK_BLOCKED_WORDS"),
        blocked_links=env.names("COPYDESK_BLOCKED_LINKS", "domain names such as spam.example"),
        deleted_user=env.choice(
            "COPYDESK_DELETED_USER_THOUGHTS", Thoughts.deleted_user, DELETED_USER_CHOICES
        ),
    )


def _writer(env: Values) -> WriterSettings:
    return WriterSettings(
        writer=env.choice("COPYDESK_WRITER", WriterSettings.writer, WRITERS),
        base_url=env.http_url("COPYDESK_LLM_BASE_URL"),
        model=env.raw("COPYDESK_LLM_MODEL"),
        api_key=env.secret("COPYDESK_LLM_API_KEY"),
        timeout=env.positive("COPYDESK_LLM_TIMEOUT", WriterSettings.timeout),
        retries=env.whole("COPYDESK_LLM_RETRIES", WriterSettings.retries, 0),
        max_tokens=env.whole("COPYDESK_LLM_MAX_TOKENS", WriterSettings.max_tokens, 1),
        max_chars=env.whole("COPYDESK_LLM_MAX_CHARS", WriterSettings.max_chars, 100),
    )


def _judge(env: Values) -> WriterSettings | None:
    base_url, model = env.http_url("COPYDESK_JUDGE_BASE_URL"), env.raw("COPYDESK_JUDGE_MODEL")
    if base_url is None and model is None:
        return None
    if base_url is None or model is None:
        missing = "COPYDESK_JUDGE_MODEL" if model is None else "COPYDESK_JUDGE_BASE_URL"
        raise ConfigError(f"{missing} must be set too: a model judge needs an endpoint and a model name")
    return WriterSettings(
        writer="openai",
        base_url=base_url,
        model=model,
        api_key=env.secret("COPYDESK_JUDGE_API_KEY"),
        timeout=env.positive("COPYDESK_JUDGE_TIMEOUT", 30.0),
        retries=0,  # a judge that does not answer at once leaves the sentence to the bundled checker
        max_tokens=200,
    )


def _sweep(env: Values) -> int:
    seconds = env.whole("COPYDESK_WORKER_SWEEP", Config.worker_sweep, 1)
    if seconds > 3600 or (seconds >= 60 and seconds % 60):
        raise ConfigError(
            "COPYDESK_WORKER_SWEEP must be a number of seconds below 60, or whole minutes up to 3600, "
            f"not {seconds}"
        )
    return seconds


def load(environ: Mapping[str, str], default_data_dir: str = DEFAULT_DATA_DIR) -> Config:
    """Every variable of `environ` parsed and checked (ConfigError for the first unusable one)."""
    env = Values(environ, VARIABLES)
    data_dir = env.directory("COPYDESK_DATA_DIR", default_data_dir)
    eval_dir = env.directory("COPYDESK_EVAL_DIR", DEFAULT_EVAL_DIR)
    # The XDG base directory convention, then the home folder's .cache.
    xdg_cache = environ.get("XDG_CACHE_HOME", "").strip() or "~/.cache"
    cache_dir = env.directory("COPYDESK_CACHE_DIR", Path(xdg_cache) / "copydesk")
    assert data_dir is not None and eval_dir is not None and cache_dir is not None
    return Config(
        data_dir=data_dir.resolve(),
        database_url=env.database_url("DATABASE_URL"),
        min_sources=env.whole("COPYDESK_MIN_SOURCES", Config.min_sources, 1),
        worker_sweep=_sweep(env),
        max_article_chars=env.whole("COPYDESK_MAX_ARTICLE_CHARS", Config.max_article_chars, 1),
        eval_dir=eval_dir,
        cache_dir=cache_dir.resolve(),
        fetch_networks=env.networks("COPYDESK_ALLOW_NETWORKS"),
        site=_site(env),
        email=_email(env),
        accounts=Accounts(
            login_attempts=env.whole("COPYDESK_LOGIN_ATTEMPTS", Accounts.login_attempts, 1),
            login_lockout=env.whole("COPYDESK_LOGIN_LOCKOUT", Accounts.login_lockout, 1),
            rate_limits=env.flag("COPYDESK_RATE_LIMITS", Accounts.rate_limits),
        ),
        thoughts=_thoughts(env),
        writer=_writer(env),
        judge=_judge(env),
    )


_loaded: dict[str, Config] = {}


def configure(overrides: Mapping[str, str] | None = None, default_data_dir: str = DEFAULT_DATA_DIR) -> Config:
    """Read the environment, with the CLI's flags as `overrides`, and keep it as the configuration."""
    _loaded["current"] = load({**os.environ, **(overrides or {})}, default_data_dir)
    return _loaded["current"]


def current() -> Config:
    """The configuration, read from the environment the first time it is asked for."""
    return _loaded.get("current") or configure()


def pass_to_children() -> None:
    """Put the data dir chosen by flags or defaults into the environment, so that processes started
    from this one (the web server's workers) read the same configuration."""
    os.environ["COPYDESK_DATA_DIR"] = str(current().data_dir.resolve())


def secret_key(config: Config) -> str:
    """COPYDESK_SECRET_KEY, or a key made once and kept in the data dir."""
    if config.site.secret_key:
        return config.site.secret_key.reveal()
    path = config.data_dir / "secret_key"
    try:
        config.data_dir.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.write_text(secrets.token_urlsafe(50))
            path.chmod(0o600)
        return path.read_text().strip()
    except OSError as exc:
        raise ConfigError(f"cannot use the data dir {config.data_dir}: {exc.strerror}") from None

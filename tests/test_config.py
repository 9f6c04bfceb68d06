"""Configuration: one typed settings object read from the environment, a clear error for every bad value."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from copydesk import config
from copydesk.errors import ConfigError
from tests.conftest import ROOT

SRC = ROOT / "src" / "copydesk"

# One unusable value per variable the README lists (free text such as a key or a model name has none),
# with what the error must say.
BAD = [
    ("COPYDESK_DATA_DIR", "{file}", "COPYDESK_DATA_DIR must be a directory"),
    ("DATABASE_URL", "mysq://u:hunter2@db/x", "DATABASE_URL must be a database URL"),
    ("COPYDESK_MIN_SOURCES", "two", "COPYDESK_MIN_SOURCES must be a whole number >= 1, got 'two'"),
    ("COPYDESK_MIN_SOURCES", "0", "COPYDESK_MIN_SOURCES must be a whole number >= 1, got '0'"),
    ("COPYDESK_ALLOWED_HOSTS", " , ", "COPYDESK_ALLOWED_HOSTS must list at least one host name"),
    ("COPYDESK_ALLOWED_HOSTS", "https://news.example", "COPYDESK_ALLOWED_HOSTS must be host names"),
    (
        "COPYDESK_DEBUG",
        "maybe",
        "COPYDESK_DEBUG must be on or off (1/0, true/false, yes/no, on/off), got 'maybe'",
    ),
    ("COPYDESK_EVAL_DIR", "{file}", "COPYDESK_EVAL_DIR must be a directory"),
    ("COPYDESK_WRITER", "gpt", "COPYDESK_WRITER must be one of extractive, openai, gguf, got 'gpt'"),
    ("COPYDESK_LLM_BASE_URL", "ftp://models", "COPYDESK_LLM_BASE_URL must be an http:// or https:// URL"),
    ("COPYDESK_LLM_TIMEOUT", "soon", "COPYDESK_LLM_TIMEOUT must be a number > 0, got 'soon'"),
    ("COPYDESK_LLM_TIMEOUT", "nan", "COPYDESK_LLM_TIMEOUT must be a number > 0, got 'nan'"),
    ("COPYDESK_LLM_RETRIES", "-1", "COPYDESK_LLM_RETRIES must be a whole number >= 0, got '-1'"),
    ("COPYDESK_LLM_MAX_TOKENS", "0", "COPYDESK_LLM_MAX_TOKENS must be a whole number >= 1, got '0'"),
    ("COPYDESK_LLM_MAX_CHARS", "lots", "COPYDESK_LLM_MAX_CHARS must be a whole number >= 100, got 'lots'"),
    ("COPYDESK_ALLOW_NETWORKS", "10.0.0.0/33", "COPYDESK_ALLOW_NETWORKS must be comma-separated CIDRs"),
    ("COPYDESK_SECURE", "sure", "COPYDESK_SECURE must be on or off"),
    ("COPYDESK_HSTS_SECONDS", "-5", "COPYDESK_HSTS_SECONDS must be a whole number >= 0, got '-5'"),
    ("COPYDESK_HSTS_PRELOAD", "perhaps", "COPYDESK_HSTS_PRELOAD must be on or off"),
    ("COPYDESK_TRUSTED_PROXY", "proxy.local", "COPYDESK_TRUSTED_PROXY must be an IP address or *"),
    ("COPYDESK_EMAIL_HOST", "smtp://mail.example", "COPYDESK_EMAIL_HOST must be a host name"),
    ("COPYDESK_EMAIL_PORT", "70000", "COPYDESK_EMAIL_PORT must be a whole number from 1 to 65535"),
    ("COPYDESK_EMAIL_TLS", "2", "COPYDESK_EMAIL_TLS must be on or off"),
    ("COPYDESK_EMAIL_FILE_PATH", "{file}", "COPYDESK_EMAIL_FILE_PATH must be a directory"),
    ("COPYDESK_EMAIL_FROM", "nobody", "COPYDESK_EMAIL_FROM must be an email address"),
    ("COPYDESK_LOGIN_ATTEMPTS", "five", "COPYDESK_LOGIN_ATTEMPTS must be a whole number >= 1, got 'five'"),
    ("COPYDESK_LOGIN_LOCKOUT", "0", "COPYDESK_LOGIN_LOCKOUT must be a whole number >= 1, got '0'"),
    ("COPYDESK_RATE_LIMITS", "some", "COPYDESK_RATE_LIMITS must be on or off"),
    ("COPYDESK_THOUGHTS_PER_USER", "5 a minute", "COPYDESK_THOUGHTS_PER_USER must be a rate N/S"),
    ("COPYDESK_THOUGHTS_PER_IP", "20/0", "COPYDESK_THOUGHTS_PER_IP must be a rate N/S"),
    ("COPYDESK_THOUGHTS_HOLD_FIRST", "-1", "COPYDESK_THOUGHTS_HOLD_FIRST must be a whole number >= 0"),
    ("COPYDESK_THOUGHTS_EDIT_MINUTES", "a while", "COPYDESK_THOUGHTS_EDIT_MINUTES must be a whole number"),
    ("COPYDESK_THOUGHTS_MAX_LENGTH", "0", "COPYDESK_THOUGHTS_MAX_LENGTH must be a whole number >= 1"),
    ("COPYDESK_BLOCKED_LINKS", "https://spam.example/x", "COPYDESK_BLOCKED_LINKS must be domain names"),
    ("COPYDESK_DELETED_USER_THOUGHTS", "purge", "COPYDESK_DELETED_USER_THOUGHTS must be one of keep, remove"),
]


def run_cli(*args: str, env: dict[str, str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    import os

    clean = {k: v for k, v in os.environ.items() if not k.startswith("COPYDESK_") and k != "DATABASE_URL"}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "copydesk", *args],
        env={**clean, "COPYDESK_DATA_DIR": str(data_dir), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(("name", "value", "message"), BAD, ids=[f"{n}={v}" for n, v, _ in BAD])
def test_a_bad_value_stops_the_cli_with_a_clear_error(
    tmp_path: Path, name: str, value: str, message: str
) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("not a directory")
    data = tmp_path / "data"
    data.mkdir()
    result = run_cli("feeds", "list", env={name: value.format(file=a_file)}, data_dir=data)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr and result.stderr.startswith("copydesk: error: ")
    assert "hunter2" not in result.stderr  # a database password is never shown


@pytest.mark.parametrize(
    "args",
    [
        ("ingest", "nothing.json"),
        ("feeds", "add", "https://news.example/feed"),
        ("poll",),
        ("write",),
        ("serve", "--port", "1"),
        ("export",),
        ("eval", "feeds"),
        ("demo", "--no-serve"),
    ],
    ids=lambda args: args[0],
)
def test_every_command_refuses_a_bad_value_before_it_starts(tmp_path: Path, args: tuple[str, ...]) -> None:
    result = run_cli(*args, env={"COPYDESK_LOGIN_ATTEMPTS": "five"}, data_dir=tmp_path)
    assert result.returncode == 2
    assert "COPYDESK_LOGIN_ATTEMPTS must be a whole number >= 1, got 'five'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "copydesk.sqlite3").exists()  # nothing was done


def test_the_defaults_are_the_documented_ones() -> None:
    settings = config.load({})
    assert settings.min_sources == 2 and settings.site.allowed_hosts == ("127.0.0.1", "localhost", "[::1]")
    assert settings.accounts.login_attempts == 5 and settings.accounts.login_lockout == 900
    assert settings.accounts.rate_limits is True
    assert str(settings.thoughts.per_user) == "5/60" and str(settings.thoughts.per_ip) == "20/60"
    assert settings.thoughts.max_length == 4000 and settings.thoughts.deleted_user == "keep"
    assert settings.site.secure is False and settings.site.trusted_proxy is None
    assert settings.writer.writer == "extractive" and settings.writer.timeout == 120.0
    assert settings.email.sender == "Copydesk <copydesk@localhost>" and settings.email.port == 587
    assert settings.fetch_networks == ()


def test_values_are_parsed_into_their_types() -> None:
    settings = config.load(
        {
            "COPYDESK_SECURE": "yes",
            "COPYDESK_ALLOW_NETWORKS": "127.0.0.0/8, ::1/128",
            "COPYDESK_THOUGHTS_PER_IP": "7/30",
            "COPYDESK_BLOCKED_WORDS": "casino, ,lottery",
            "COPYDESK_LLM_API_KEY": "sk-secret",
            "COPYDESK_DELETED_USER_THOUGHTS": "Remove",
        }
    )
    assert settings.site.secure is True and settings.site.trusted_proxy == "127.0.0.1"
    assert [str(n) for n in settings.fetch_networks] == ["127.0.0.0/8", "::1/128"]
    assert settings.thoughts.per_ip.count == 7 and settings.thoughts.per_ip.seconds == 30
    assert settings.thoughts.blocked_words == ("casino", "lottery")
    assert settings.thoughts.deleted_user == "remove"
    assert "sk-secret" not in repr(settings)


def test_error_names_the_variable_and_the_expected_value() -> None:
    with pytest.raises(
        ConfigError, match=r"^COPYDESK_LOGIN_ATTEMPTS must be a whole number >= 1, got 'five'$"
    ):
        config.load({"COPYDESK_LOGIN_ATTEMPTS": "five"})


def readme_variables() -> set[str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"\b(COPYDESK_[A-Z_]+|DATABASE_URL)\b", section))


def test_the_readme_table_lists_exactly_the_variables_read() -> None:
    assert readme_variables() == set(config.VARIABLES)


def test_no_module_but_config_reads_the_environment() -> None:
    """Every COPYDESK_ variable is read through copydesk.config; others only set up Django's."""
    allowed = 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "copydesk.settings")'
    offenders = []
    for path in SRC.rglob("*.py"):
        if path == SRC / "config.py":
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if re.search(r"\benviron\b|\bgetenv\b", line) and line.strip() != allowed:
                offenders.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)

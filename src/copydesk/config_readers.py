"""Typed readers of configuration values: whole numbers with bounds, switches, choices, comma lists,
rates "N/S", CIDR lists, directories, URLs and secrets. Each refusal names the variable and what it
expects; copydesk.config reads every variable through them.
"""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

from copydesk.errors import ConfigError

TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
RATE = re.compile(r"^(\d+)\s*/\s*(\d+)$")
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(value: str | None) -> tuple[IPNetwork, ...]:
    """Comma-separated CIDRs such as '127.0.0.0/8,::1/128' (COPYDESK_ALLOW_NETWORKS); ValueError if not."""
    parts = (part.strip() for part in (value or "").split(","))
    return tuple(ipaddress.ip_network(part, strict=False) for part in parts if part)


class Secret:
    """A value that is never shown: its repr and str are stars, so logs and tracebacks stay clean."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The value itself, for the one place that uses it."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)


@dataclass(frozen=True)
class Rate:
    """At most `count` actions per `seconds` ("N/S" in the environment); a count of 0 is no limit."""

    count: int
    seconds: int

    def __str__(self) -> str:
        return f"{self.count}/{self.seconds}"


class Values:
    """Typed readers over one mapping of variables; an unset or blank variable is its default."""

    def __init__(self, variables: Mapping[str, str], known: Collection[str]) -> None:
        self._variables = variables
        self._known = known

    def raw(self, name: str) -> str | None:
        assert name in self._known, f"{name} is read but not listed in config.VARIABLES (and README)"
        value = self._variables.get(name, "").strip()
        return value or None

    def fail(self, name: str, expected: str, raw: str) -> ConfigError:
        return ConfigError(f"{name} must be {expected}, got {raw!r}")

    def text(self, name: str, default: str = "") -> str:
        return self.raw(name) or default

    def whole(self, name: str, default: int, minimum: int, maximum: int | None = None) -> int:
        raw = self.raw(name)
        if raw is None:
            return default
        expected = (
            f"a whole number >= {minimum}"
            if maximum is None
            else f"a whole number from {minimum} to {maximum}"
        )
        if not re.fullmatch(r"[+-]?\d+", raw):
            raise self.fail(name, expected, raw)
        value = int(raw)
        if value < minimum or (maximum is not None and value > maximum):
            raise self.fail(name, expected, raw)
        return value

    def positive(self, name: str, default: float) -> float:
        raw = self.raw(name)
        if raw is None:
            return default
        try:
            value = float(raw)
        except ValueError:
            raise self.fail(name, "a number > 0", raw) from None
        if not math.isfinite(value) or value <= 0:
            raise self.fail(name, "a number > 0", raw)
        return value

    def flag(self, name: str, default: bool) -> bool:
        raw = self.raw(name)
        if raw is None:
            return default
        if raw.lower() not in TRUE + FALSE:
            raise self.fail(name, "on or off (1/0, true/false, yes/no, on/off)", raw)
        return raw.lower() in TRUE

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        raw = self.raw(name)
        if raw is None:
            return default
        if raw.lower() not in choices:
            raise self.fail(name, f"one of {', '.join(choices)}", raw)
        return raw.lower()

    def items(self, name: str, default: str = "") -> tuple[str, ...]:
        return tuple(item.strip() for item in (self.raw(name) or default).split(",") if item.strip())

    def names(self, name: str, what: str, default: str = "") -> tuple[str, ...]:
        """A comma list of host or domain names: no scheme, path, port or space."""
        values = self.items(name, default)
        for value in values:
            if re.search(r"[/\s]|://", value) or value.count(":") == 1:
                raise self.fail(name, f"{what}, not URLs", value)
        return values

    def rate(self, name: str, default: Rate) -> Rate:
        raw = self.raw(name)
        if raw is None:
            return default
        match = RATE.fullmatch(raw)
        if match is None or int(match[2]) < 1:
            raise self.fail(name, "a rate N/S (at most N per S seconds, S >= 1, e.g. 5/60)", raw)
        return Rate(int(match[1]), int(match[2]))

    def networks(self, name: str) -> tuple[IPNetwork, ...]:
        try:
            return parse_networks(self.raw(name))
        except ValueError:
            raise self.fail(
                name, "comma-separated CIDRs such as 127.0.0.0/8,::1/128", self.text(name)
            ) from None

    def directory(self, name: str, default: Path | str | None) -> Path | None:
        raw = self.raw(name)
        if raw is None and default is None:
            return None
        path = Path(raw or str(default)).expanduser()
        if path.exists() and not path.is_dir():
            raise self.fail(name, "a directory (it is a file)", str(path))
        return path

    def secret(self, name: str) -> Secret | None:
        raw = self.raw(name)
        return Secret(raw) if raw else None

    def http_url(self, name: str) -> str | None:
        raw = self.raw(name)
        if raw is not None and (urlsplit(raw).scheme not in ("http", "https") or not urlsplit(raw).netloc):
            raise self.fail(name, "an http:// or https:// URL", raw)
        return raw

    def origin(self, name: str) -> str | None:
        """A site's origin, scheme://host[:port] with no path (the site's own addresses supply those)."""
        raw = self.raw(name)
        if raw is None:
            return None
        parts = urlsplit(raw)
        usable = parts.scheme in ("http", "https") and parts.hostname and not parts.username
        if not usable or parts.path not in ("", "/") or parts.query or parts.fragment:
            expected = "an http:// or https:// origin with no path (e.g. https://news.example.org)"
            raise self.fail(name, expected, raw)
        return f"{parts.scheme}://{parts.netloc}"

    def database_url(self, name: str) -> str | None:
        raw = self.raw(name)
        if raw is None:
            return None
        import dj_database_url  # only when a database URL is given

        try:
            dj_database_url.parse(raw)
        except Exception:  # its parse errors share no base; the message leaves out the URL (a password)
            scheme = urlsplit(raw).scheme or "none"
            raise ConfigError(
                f"{name} must be a database URL such as sqlite:///path or postgres://user:pass@host/db "
                f"(this one, scheme {scheme!r}, cannot be read; the rest is not shown: it may hold a "
                "password)"
            ) from None
        return raw

    def proxy(self, name: str, default: str | None) -> str | None:
        raw = self.raw(name)
        if raw is None or raw == "*":
            return raw or default
        try:
            return str(ipaddress.ip_address(raw))
        except ValueError:
            raise self.fail(name, "an IP address or * (any address)", raw) from None

    def address(self, name: str, default: str) -> str:
        raw = self.raw(name)
        if raw is not None and "@" not in parseaddr(raw)[1]:
            raise self.fail(name, "an email address such as 'Copydesk <news@example.org>'", raw)
        return raw or default

"""Which addresses the fetcher may connect to: public ones, and private ones only when allowed.

The check runs where the connection is made (a network backend for httpcore), on the addresses DNS
actually returned, so neither a redirect nor a DNS answer can lead the fetcher into a private network.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field

import httpcore
from httpcore._backends.auto import AutoBackend

from copydesk.config_readers import IPNetwork, parse_networks

__all__ = ["AddressPolicy", "AddressRefused", "GuardedBackend", "IPNetwork", "parse_networks"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressRefused(httpcore.ConnectError):
    """The host resolved to an address the policy does not allow."""


@dataclass(frozen=True)
class AddressPolicy:
    """Public addresses only, except the networks the operator allows."""

    allowed: tuple[IPNetwork, ...] = field(default=())

    def refusal(self, address: IPAddress) -> str | None:
        """Why `address` is refused, or None when it may be used."""
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if any(address in network for network in self.allowed):
            return None
        for kind in ("loopback", "link_local", "multicast", "unspecified", "private", "reserved"):
            if getattr(address, f"is_{kind}"):
                return f"{address} is a {kind.replace('_', '-')} address"
        if not address.is_global:
            return f"{address} is not a public address"
        return None


async def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address DNS gives for `host` (an IP literal resolves to itself)."""
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise httpcore.ConnectError(f"cannot resolve {host}: {exc.strerror}") from exc
    seen: dict[str, IPAddress] = {}
    for *_, sockaddr in infos:
        seen.setdefault(sockaddr[0], ipaddress.ip_address(sockaddr[0].split("%")[0]))
    return list(seen.values())


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Connects only to addresses the policy allows, to exactly the address that was checked."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy
        self.inner = AutoBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await resolve(host, port)
        for address in addresses:
            reason = self.policy.refusal(address)
            if reason:
                raise AddressRefused(f"refused to connect to {host}: {reason}")
        error: Exception | None = None
        for address in addresses:
            try:
                return await self.inner.connect_tcp(
                    str(address),
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error or httpcore.ConnectError(f"no address for {host}")

    async def connect_unix_socket(self, *args: object, **kwargs: object) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)

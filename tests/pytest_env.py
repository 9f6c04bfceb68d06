"""Loaded with `-p` before pytest-django starts Django: the suite's data dir is a temporary one."""

import os
import tempfile

os.environ.setdefault("COPYDESK_DATA_DIR", tempfile.mkdtemp(prefix="copydesk-test-"))


def _loopback_only() -> None:
    """Tests talk to 127.0.0.1 only: any other name or address fails here as it would with no network,
    without a query leaving the machine (a DNS lookup is traffic too)."""
    import ipaddress
    import socket

    real = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        name = host.decode() if isinstance(host, bytes) else host
        if name is not None and name != "localhost":
            try:
                loopback = ipaddress.ip_address(name.strip("[]").split("%")[0]).is_loopback
            except ValueError:
                loopback = False
            if not loopback:
                raise socket.gaierror(socket.EAI_NONAME, f"tests reach 127.0.0.1 only, not {name}")
        return real(host, *args, **kwargs)

    socket.getaddrinfo = getaddrinfo


_loopback_only()

"""Who ``mlew serve`` answers: the ``Host`` and ``Origin`` checks.

There is no login (the page *is* the keyboard), so the server must at least
make sure that a browser talks to it on purpose. A page of another site can
make a browser send requests here in two ways, and both are refused:

- **DNS rebinding:** ``evil.example`` first resolves to the attacker, then to
  this machine; the attacker's page, still "same origin" to the browser, now
  reads and drives the workshop. Its requests carry ``Host: evil.example``.
  So a request is answered only when its ``Host`` (port and IPv6 brackets
  stripped, never resolved) is one this server was meant to be reached by
  (:class:`HostGuard`).
- **Cross-site websockets:** any page may open a websocket anywhere; the
  browser then says where the page came from in ``Origin``. A websocket is
  opened only when ``Origin`` is absent (not a browser page) or is exactly the
  origin of this server's own page.

The names a ``Host`` may give (see :meth:`HostGuard.allows`):

- the ``--host`` the server was started with, and every ``--allow-host``;
- the address the request arrived on, as an IP literal - what a browser on
  the network has when a participant types ``http://192.168.1.10:8000``
  (with ``--host 0.0.0.0`` that is each of this machine's addresses);
- ``localhost``, ``*.localhost`` and loopback addresses, for a request that
  arrived on a loopback address (a browser on this machine);
- beyond loopback, this machine's host name as the system reports it: the full
  name, its first label and ``<first label>.local`` (the mDNS name macOS and
  Avahi announce on a LAN).

An attacker's page can never make a browser send one of these names for its
own origin, so they are safe; anything else gets 403 with a short plain-text
body. Nothing here resolves a name (a page's DNS may lie).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: A DNS name as a Host header carries it (browsers send IDNs as punycode).
_LABEL = r"(?!-)[a-z0-9_-]{1,63}(?<!-)"
_NAME = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
_PORT = re.compile(r"[0-9]{0,5}")
DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


def _address(text: str) -> IPAddress | None:
    """``text`` exactly as an IP address (an IPv4-mapped IPv6 address as its
    IPv4 address); None for anything else, a zoned IPv6 address included."""
    if "%" in text:
        return None
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def ip(text: str) -> IPAddress | None:
    """``text`` as an IP address, leniently (a socket's address, a ``--host``):
    brackets and an IPv6 zone dropped; None when it is no address."""
    return _address(text.strip().strip("[]").split("%")[0])


def _name(text: str) -> str | None:
    """A bare host (no port, no brackets): an IP address in canonical form or
    a lowercased DNS name without its trailing dot; None for anything else."""
    text = text.strip().lower()
    address = _address(text)
    if address is not None:
        return str(address)
    if text.endswith("."):
        text = text[:-1]
    if len(text) > 253 or not _NAME.fullmatch(text):
        return None
    return text


def _bracketed(text: str) -> str | None:
    """``[IPv6]`` as its canonical address; None for anything else."""
    inner = text[1:-1] if text.startswith("[") and text.endswith("]") else ""
    address = _address(inner) if ":" in inner else None
    return str(address) if address is not None else None


def host_of(header: str | None) -> str | None:
    """The host a ``Host`` header (or a URL's authority) names: its port and
    IPv6 brackets stripped, lowercased, canonical; None when it names no host
    (absent, empty, a bare IPv6 address, a bad port, stray characters)."""
    if not header:
        return None
    header = header.strip()
    if header.startswith("["):
        end = header.find("]") + 1
        host, rest = _bracketed(header[:end]), header[end:]
    else:
        name, colon, port = header.partition(":")
        host, rest = _name(name), colon + port
    if rest and not (rest.startswith(":") and _PORT.fullmatch(rest[1:])):
        return None
    return host


def port_of(header: str | None, scheme: str) -> int | None:
    """The port a ``Host`` header names, or the scheme's default."""
    if not header:
        return None
    rest = header.strip().rsplit("]", 1)[-1]
    _, colon, port = rest.rpartition(":")
    return int(port) if colon and port.isdigit() else DEFAULT_PORTS.get(scheme)


def allowed_name(value: str) -> str | None:
    """An ``--allow-host`` value as the guard compares it: a host name or an
    address (``[::1]`` or ``::1``), without scheme or port; None when it is neither."""
    value = value.strip()
    return _bracketed(value) if value.startswith("[") else _name(value)


def is_loopback_name(host: str | None) -> bool:
    """True for a ``Host`` a browser on this machine uses: a loopback address
    or ``localhost`` - never resolved (a page's DNS may lie)."""
    if not host:
        return False
    host = host.lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    address = ip(host)
    return address is not None and address.is_loopback


def machine_names(hostname: str | None = None) -> frozenset[str]:
    """This machine's host name as a browser on the LAN may have it: the full
    name, its first label and ``<first label>.local`` (mDNS). No DNS lookup."""
    name = _name(hostname if hostname is not None else socket.gethostname())
    if name is None or ip(name) is not None:
        return frozenset()
    short = name.split(".", 1)[0]
    return frozenset({name, short, f"{short}.local"})


class HostGuard:
    """Decides which ``Host`` and ``Origin`` headers the server answers."""

    def __init__(self, bound: str, allowed: Iterable[str] = (), *, loopback: bool, hostname: str | None = None) -> None:
        """``bound``: the ``--host`` listened on; ``allowed``: the ``--allow-host``
        names; ``loopback``: whether ``bound`` listens on this machine only
        (then this machine's host name is not added); ``hostname``: this
        machine's host name (default: the system's)."""
        names = {name for name in (allowed_name(value) for value in allowed) if name is not None}
        own = allowed_name(bound)
        address = ip(own) if own is not None else None
        if own is not None and not (address is not None and address.is_unspecified):
            names.add(own)
        if not loopback:
            names |= machine_names(hostname)
        self.names = frozenset(names)

    def allows(self, host: str | None, local_address: str | None) -> bool:
        """May a request for ``host`` (from :func:`host_of`) that arrived on
        ``local_address`` (the listening socket's address) be answered?"""
        if host is None:
            return False
        if host in self.names:
            return True
        local = ip(local_address) if local_address else None
        if local is None:
            return False
        if ip(host) == local and not local.is_unspecified:
            return True  # the address the browser connected to, typed as is
        return local.is_loopback and is_loopback_name(host)

    @staticmethod
    def same_origin(origin: str | None, host_header: str | None, scheme: str) -> bool:
        """A websocket may be opened by a non-browser client (no ``Origin``) or
        by this server's own page: ``Origin`` is then the scheme, host and port
        the request was sent to. ``null`` and other sites' origins are refused."""
        if origin is None:
            return True
        try:
            url = urlsplit(origin.strip())
            origin_port = url.port or DEFAULT_PORTS.get(url.scheme)
        except ValueError:
            return False
        if url.scheme not in ("http", "https") or url.path or url.query:
            return False
        mine = host_of(host_header)
        return mine is not None and (host_of(url.netloc), origin_port) == (mine, port_of(host_header, scheme))

"""Where participants reach the join server (issue #20): the LAN address.

A phone on the room's Wi-Fi opens ``http://ADDR:PORT/j/TOKEN/``, so ``ADDR``
must be this machine's address on that network. It is found without DNS and
without sending anything: "connecting" a UDP socket only asks the kernel for
the route to a destination and fills in the local address it would send from;
no packet leaves. The destination is a documentation address (RFC 5737 /
RFC 3849), so the route is the default one, the one the Wi-Fi's router gives.

How the server's address is chosen (``mlew run FILE --join [--host ADDR]``):

- ``--host ADDR`` is bound as given: a name, an address, loopback.
- No ``--host``: the LAN address; with no network at all (no default route)
  :class:`NoNetworkAddress` says to connect to the room's Wi-Fi or give ``--host``.
  mlew never falls back to ``0.0.0.0`` on its own.
- ``--host 0.0.0.0`` (or ``::``) explicitly listens on every interface: the
  user's choice. The join URL (and so the QR code) then names the LAN address
  of that family (:func:`public_host`), never ``0.0.0.0``, which no phone can open.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
from collections.abc import Callable
from typing import Any

from .i18n import DEFAULT_LANGUAGE, LANGUAGES, Language, t
from .serve_guard import ip

__all__ = ["NoNetworkAddress", "choose_host", "lan_address", "public_host", "udp_local_address", "url_host"]

#: Documentation addresses (never routed on the internet): the probe's destination.
PROBE = {socket.AF_INET: ("192.0.2.1", 9), socket.AF_INET6: ("2001:db8::1", 9)}

#: ``connect(family, destination) -> local address``; raises OSError when there is no route.
Connect = Callable[[socket.AddressFamily, tuple[str, int]], str]


class NoNetworkAddress(OSError):
    """This machine has no address a phone on the network could reach (no Wi-Fi, no LAN)."""

    def __init__(self) -> None:
        super().__init__(errno.ENETUNREACH, t(DEFAULT_LANGUAGE, "join_server.no_address"))

    def __str__(self) -> str:
        return self.describe(DEFAULT_LANGUAGE)

    def describe(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The message in ``lang`` (the session's language)."""
        return t(_language(lang), "join_server.no_address")


def _language(lang: str) -> Language:
    return next((known for known in LANGUAGES if known == lang), DEFAULT_LANGUAGE)


def udp_local_address(family: socket.AddressFamily, destination: tuple[str, int], socket_factory: Callable[..., Any] = socket.socket) -> str:
    """The local address the kernel would send from to ``destination``: a UDP
    socket's ``connect`` picks the route and sends nothing. OSError without a route."""
    with socket_factory(family, socket.SOCK_DGRAM) as udp:
        udp.connect(destination)
        return str(udp.getsockname()[0])


def lan_address(connect: Connect = udp_local_address, *, family: socket.AddressFamily = socket.AF_INET) -> str | None:
    """This machine's address on the network a phone on the same Wi-Fi reaches
    (IPv4 unless ``family`` says otherwise); None when there is none: no route,
    or only a loopback, unspecified, link-local (self-assigned) or multicast address."""
    try:
        found = ip(connect(family, PROBE[family]))
    except (OSError, ValueError):
        return None
    if found is None or found.is_loopback or found.is_unspecified or found.is_link_local or found.is_multicast:
        return None
    if (found.version == 4) != (family == socket.AF_INET):
        return None
    return str(found)


def choose_host(option: str | None, connect: Connect = udp_local_address) -> str:
    """The host ``--join`` binds: ``--host`` as given, else the LAN address;
    :class:`NoNetworkAddress` when there is none. A blank ``--host`` counts as none
    (an empty host would listen on every interface without saying so)."""
    if option is not None and option.strip():
        return option.strip()
    address = lan_address(connect)
    if address is None:
        raise NoNetworkAddress()
    return address


def public_host(bound: str, connect: Connect = udp_local_address) -> str:
    """The host the join URL names for a server bound to ``bound``: ``bound``
    itself, except for "every interface" (``0.0.0.0``, ``::``), which no phone
    can open: then the LAN address of that family (:class:`NoNetworkAddress` without one)."""
    address = ip(bound)
    if address is None or not address.is_unspecified:
        return bound
    found = lan_address(connect, family=socket.AF_INET6 if address.version == 6 else socket.AF_INET)
    if found is None:
        raise NoNetworkAddress()
    return found


def url_host(host: str) -> str:
    """``host`` as a URL's authority writes it: IPv6 addresses in brackets."""
    address = ip(host)
    if isinstance(address, ipaddress.IPv6Address):
        return f"[{address}]"
    return str(address) if address is not None else host

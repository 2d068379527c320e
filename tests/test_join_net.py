"""Choosing the join server's address (issue #20): the LAN address a phone
reaches, found with fake sockets only; no test sends anything anywhere."""

from __future__ import annotations

import errno
import socket
from typing import Any

import pytest

from mlew_tui.join_net import PROBE, NoNetworkAddress, choose_host, lan_address, public_host, udp_local_address, url_host


class FakeUdp:
    """A UDP socket that records what is asked of it and never touches the network."""

    made: list[FakeUdp] = []

    def __init__(self, local: str | None, family: int, kind: int) -> None:
        self.local, self.family, self.kind = local, family, kind
        self.connected: tuple[str, int] | None = None
        self.closed = False
        FakeUdp.made.append(self)

    def __enter__(self) -> FakeUdp:
        return self

    def __exit__(self, *exc: object) -> None:
        self.closed = True

    def connect(self, address: tuple[str, int]) -> None:
        if self.local is None:
            raise OSError(errno.ENETUNREACH, "Network is unreachable")
        self.connected = address

    def getsockname(self) -> tuple[str, int]:
        assert self.local is not None
        return (self.local, 40000)

    def __getattr__(self, name: str) -> Any:  # send, sendto, bind ...: a test must fail loudly
        raise AssertionError(f"the probe must not call {name}")


def factory(local: str | None) -> Any:
    FakeUdp.made = []
    return lambda family, kind: FakeUdp(local, family, kind)


def fake_connect(local: str | None) -> Any:
    def connect(family: socket.AddressFamily, destination: tuple[str, int]) -> str:
        return udp_local_address(family, destination, factory(local))

    return connect


def test_the_probe_connects_a_udp_socket_to_a_documentation_address_and_sends_nothing() -> None:
    assert udp_local_address(socket.AF_INET, PROBE[socket.AF_INET], factory("192.168.1.23")) == "192.168.1.23"
    [udp] = FakeUdp.made
    assert (udp.family, udp.kind, udp.connected, udp.closed) == (socket.AF_INET, socket.SOCK_DGRAM, ("192.0.2.1", 9), True)
    assert PROBE[socket.AF_INET6] == ("2001:db8::1", 9)


def test_no_route_closes_the_socket_and_raises() -> None:
    with pytest.raises(OSError):
        udp_local_address(socket.AF_INET, PROBE[socket.AF_INET], factory(None))
    assert [udp.closed for udp in FakeUdp.made] == [True]


@pytest.mark.parametrize("local", ["192.168.1.23", "10.0.0.5", "172.20.10.2", "100.64.1.1"])
def test_the_lan_address_is_the_probes_local_address(local: str) -> None:
    assert lan_address(fake_connect(local)) == local


@pytest.mark.parametrize("local", [None, "127.0.0.1", "127.0.1.1", "0.0.0.0", "169.254.10.20", "224.0.0.1", "::1", "not an address"])
def test_no_lan_address_without_a_network(local: str | None) -> None:
    assert lan_address(fake_connect(local)) is None


def test_the_ipv6_lan_address() -> None:
    assert lan_address(fake_connect("2001:db8:1::23"), family=socket.AF_INET6) == "2001:db8:1::23"
    assert FakeUdp.made[0].connected == ("2001:db8::1", 9)
    assert lan_address(fake_connect("fe80::1"), family=socket.AF_INET6) is None
    assert lan_address(fake_connect("192.168.1.23"), family=socket.AF_INET6) is None


def test_host_is_the_option_as_given_else_the_lan_address() -> None:
    def never(family: socket.AddressFamily, destination: tuple[str, int]) -> str:
        raise AssertionError("an explicit --host needs no probe")

    assert choose_host("127.0.0.1", never) == "127.0.0.1"
    assert choose_host("workshop.local", never) == "workshop.local"
    assert choose_host("0.0.0.0", never) == "0.0.0.0"  # the user's explicit choice
    assert choose_host(None, fake_connect("192.168.1.23")) == "192.168.1.23"
    assert choose_host("  ", fake_connect("192.168.1.23")) == "192.168.1.23"


def test_no_host_and_no_network_is_a_clear_error() -> None:
    with pytest.raises(NoNetworkAddress) as caught:
        choose_host(None, fake_connect("127.0.0.1"))
    assert isinstance(caught.value, OSError)
    assert str(caught.value) == "No network address: connect to the room's Wi-Fi, or use --host ADDR."
    assert caught.value.describe("ja") == "ネットワークのアドレスがありません。会場の Wi-Fi に接続するか、--host でアドレスを指定してください。"
    assert caught.value.describe("xx") == str(caught.value)


def test_the_url_names_the_lan_address_when_bound_to_every_interface() -> None:
    assert public_host("0.0.0.0", fake_connect("192.168.1.23")) == "192.168.1.23"
    assert public_host("::", fake_connect("2001:db8:1::23")) == "2001:db8:1::23"
    assert FakeUdp.made[0].family == socket.AF_INET6
    assert public_host("192.168.1.23", fake_connect(None)) == "192.168.1.23"
    assert public_host("workshop.local", fake_connect(None)) == "workshop.local"
    with pytest.raises(NoNetworkAddress):
        public_host("0.0.0.0", fake_connect(None))


def test_url_host_brackets_ipv6() -> None:
    assert [url_host(h) for h in ["192.168.1.23", "::1", "[::1]", "2001:DB8::1", "workshop.local"]] == [
        "192.168.1.23",
        "[::1]",
        "[::1]",
        "[2001:db8::1]",
        "workshop.local",
    ]

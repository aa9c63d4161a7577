"""Interface addresses on a router with many interfaces: the overlap refusals IOS prints,
the subnets an interface frees when its addresses go, and (hypothesis) the address index
agreeing with a check of every interface over random sequences of address commands."""

from __future__ import annotations

from ipaddress import IPv4Interface, IPv4Network

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iosemu.cli.boot import boot
from iosemu.cli.session import Session
from iosemu.config.interface import InterfaceConfig, checked_address
from iosemu.lab.platforms import PLATFORMS
from iosemu.sim.clock import Scheduler
from iosemu.sim.router import Router


def _console(*lines: str) -> Session:
    """A booted c2911 console in global configuration, after typing `lines`."""
    router = Router("R1", PLATFORMS["c2911"], Scheduler())
    boot(router)
    console = Session(router)
    for line in ("", "enable", "configure terminal", *lines):
        console.execute(line)
    return console


def _type(console: Session, *lines: str) -> str:
    return "".join(console.execute(line) for line in lines)


@pytest.fixture
def console():
    return _console(
        "interface Loopback1",
        "ip address 10.0.0.1 255.255.255.0",
        "ip address 10.0.1.1 255.255.255.0 secondary",
        "interface Loopback2",
        "ip address 10.0.2.1 255.255.255.0",
        "exit",
    )


def test_an_address_in_another_interfaces_subnet_is_refused(console):
    assert _type(console, "interface Loopback3", "ip address 10.0.0.2 255.255.255.0") == (
        "% 10.0.0.0 overlaps with Loopback1\n"
    )
    assert _type(console, "ip address 10.0.1.9 255.255.255.255") == "% 10.0.1.9 overlaps with Loopback1\n"


def test_a_subnet_holding_several_names_the_first_interface_created():
    console = _console(
        "interface Loopback9",
        "ip address 10.1.9.1 255.255.255.0",
        "interface Loopback4",
        "ip address 10.1.4.1 255.255.255.0",
    )
    assert _type(console, "interface Loopback3", "ip address 10.1.0.1 255.255.240.0") == (
        "% 10.1.0.0 overlaps with Loopback9\n"
    )
    assert _type(console, "ip address 10.1.4.9 255.255.254.0") == "% 10.1.4.0 overlaps with Loopback4\n"


def test_a_secondary_must_not_share_the_interfaces_own_subnets(console):
    assert _type(console, "interface Loopback1", "ip address 10.0.0.9 255.255.255.0 secondary") == (
        "% 10.0.0.0 overlaps with Loopback1\n"
    )
    assert (
        _type(console, "ip address 10.0.2.9 255.255.255.0 secondary")
        == "% 10.0.2.0 overlaps with Loopback2\n"
    )
    assert _type(console, "ip address 10.0.5.1 255.255.255.0 secondary") == ""


def test_a_new_primary_replaces_the_interfaces_own_subnet(console):
    assert _type(console, "interface Loopback1", "ip address 10.0.0.2 255.255.255.0") == ""
    assert _type(console, "do show running-config interface Loopback1").count("ip address") == 2


@pytest.mark.parametrize(
    "freeing",
    [
        ["no interface Loopback1"],
        ["default interface Loopback1"],
        ["interface Loopback1", "no ip address"],
        ["interface Loopback1", "no ip address 10.0.0.1 255.255.255.0"],
    ],
)
def test_an_interface_that_loses_its_addresses_frees_its_subnets(console, freeing):
    _type(console, *freeing)
    assert _type(console, "interface Loopback3", "ip address 10.0.0.2 255.255.255.0") == ""
    assert _type(console, "ip address 10.0.1.2 255.255.255.0 secondary") == ""


def test_removing_a_secondary_frees_only_its_subnet(console):
    _type(console, "interface Loopback1", "no ip address 10.0.1.1 255.255.255.0 secondary")
    assert _type(console, "interface Loopback3", "ip address 10.0.1.2 255.255.255.0") == ""
    assert (
        _type(console, "ip address 10.0.0.2 255.255.255.0 secondary")
        == "% 10.0.0.0 overlaps with Loopback1\n"
    )


def test_a_vlan_id_is_refused_twice_on_one_port_only():
    console = _console("interface GigabitEthernet0/0.10", "encapsulation dot1Q 10")
    assert _type(console, "interface GigabitEthernet0/1.10", "encapsulation dot1Q 10") == ""
    assert _type(console, "interface GigabitEthernet0/0.20", "encapsulation dot1Q 10") == (
        "% Configuration of multiple subinterfaces of the same main\n"
        "interface with the same VID (10) is not permitted.\n"
        "This VID is already configured on GigabitEthernet0/0.10.\n"
    )


# -- the index against a check of every interface ---------------------------------------------
INTERFACES = ("Loopback0", "Loopback1", "Loopback2", "GigabitEthernet0/0", "GigabitEthernet0/1.7")
LENGTHS = (16, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32)


@st.composite
def addresses(draw) -> IPv4Interface:
    """A host address in 10.0.0.0/23, often one of a few (so that subnets and addresses
    collide often)."""
    length = draw(st.sampled_from(LENGTHS))
    host = draw(st.one_of(st.sampled_from((1, 2, 130, 257)), st.integers(0, 511)))
    address = IPv4Interface((0x0A000000 + host, length))
    host = int(address.ip) & (0xFFFFFFFF >> length)
    if length < 31 and host in (0, 0xFFFFFFFF >> length):  # not the subnet or its broadcast
        address = IPv4Interface((int(address.ip) ^ 1, length))
    return address


def _line(address: IPv4Interface, secondary: bool) -> str:
    return f"ip address {address.ip} {address.netmask}" + (" secondary" if secondary else "")


commands = st.one_of(
    st.tuples(st.just("address"), st.sampled_from(INTERFACES), addresses(), st.booleans()),
    st.tuples(st.just("no address"), st.sampled_from(INTERFACES)),
    st.tuples(st.just("no secondary"), st.sampled_from(INTERFACES), addresses()),
    st.tuples(st.just("no interface"), st.sampled_from(INTERFACES)),
    st.tuples(st.just("default interface"), st.sampled_from(INTERFACES)),
)


def _overlap_by_walking_every_interface(config, target: str, new: IPv4Interface, secondary: bool):
    """Which interface a new address overlaps, asking every interface in turn (the first
    in creation order): what the index must always answer."""
    for other in config.interfaces.values():
        if other.address is None:
            continue
        existing = [other.address, *other.secondaries]
        if other.name == target:
            if not secondary:
                continue
            existing = [a for a in existing if a.ip != new.ip]
        if any(new.network.overlaps(a.network) for a in existing):
            return other.name
    return None


def _typed(console: Session, command) -> tuple[str, str | None]:
    """Type one command; returns what it printed and the refusal the walk predicts."""
    kind, name, *rest = command
    config = console.device.config
    if kind == "address":
        address, secondary = rest
        overlap = _overlap_by_walking_every_interface(config, name, address, secondary)
        expected = f"% {address.network.network_address} overlaps with {overlap}\n" if overlap else None
        tagging = ["encapsulation dot1Q 7"] if "." in name else []  # a LAN subinterface needs its VLAN
        return _type(console, f"interface {name}", *tagging, _line(address, secondary), "exit"), expected
    if kind == "no address":
        return _type(console, f"interface {name}", "no ip address", "exit"), None
    if kind == "no secondary":
        return _type(console, f"interface {name}", "no " + _line(rest[0], True), "exit"), None
    return _type(console, f"{kind} {name}"), None


def _neighbours(config) -> list[IPv4Interface]:
    """Each configured address at every prefix length, and its sibling subnet's."""
    found = []
    for iface in config.interfaces.values():
        for address in iface.addresses:
            for length in LENGTHS:
                sibling = int(address.ip) ^ (1 << (32 - length))
                found += [IPv4Interface((int(address.ip), length)), IPv4Interface((sibling, length))]
    return found


def _agrees(config, target: InterfaceConfig, new: IPv4Interface, secondary: bool) -> None:
    if target.vlan is None and target.is_subinterface:
        return  # refused before any overlap is looked for
    host = int(new.ip) & (0xFFFFFFFF >> new.network.prefixlen)
    if new.network.prefixlen < 31 and host in (0, 0xFFFFFFFF >> new.network.prefixlen):
        return  # not a host address
    checked = checked_address(config, target, new.ip, new.netmask, secondary)
    walked = _overlap_by_walking_every_interface(config, target.name, new, secondary)
    assert checked == (f"% {new.network.network_address} overlaps with {walked}\n" if walked else new)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(commands, min_size=1, max_size=40), st.lists(st.tuples(addresses(), st.booleans()), max_size=3)
)
def test_the_address_index_agrees_with_walking_every_interface(sequence, probes):
    console = _console("interface GigabitEthernet0/1.7", "encapsulation dot1Q 7", "exit")
    config = console.device.config
    for command in sequence:
        output, expected = _typed(console, command)
        if expected is not None:
            assert output == expected, command
        elif command[0] == "address":
            assert "overlaps" not in output, command
        everything = [(i.name, a) for i in config.interfaces.values() for a in i.addresses]
        indexed = [(i.name, a) for i, a in config.interfaces.overlapping(IPv4Network("0.0.0.0/0"))]
        assert sorted(indexed, key=str) == sorted(everything, key=str)
        for new, secondary in probes:
            for target in config.interfaces.values():
                _agrees(config, target, new, secondary)
    newcomer = InterfaceConfig("Loopback7", "loopback")
    for new in _neighbours(config):
        _agrees(config, newcomer, new, False)

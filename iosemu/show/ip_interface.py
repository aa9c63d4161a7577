"""show ip interface [X]: the IP view of each interface (address, how it was set, MTU,
access lists, ICMP and switching paths, as the router's release prints them)."""

from __future__ import annotations

from dataclasses import dataclass

from iosemu.config.registry import handler

SOURCES = {
    "NVRAM": "non-volatile memory",
    "manual": "setup command",
    "unset": "setup command",
    "IPCP": "IPCP",
    "DHCP": "DHCP",
}

# What IOS prints for every interface it routes on and iosemu does not model differently.
_FIXED_TOP = (
    "  Local Proxy ARP is disabled",
    "  Security level is default",
    "  Split horizon is enabled",
    "  ICMP redirects are always sent",
)
_FIXED_MIDDLE = (
    "  ICMP mask replies are never sent",
    "  IP fast switching is enabled",
    "  IP fast switching on the same interface is disabled",
    "  IP Flow switching is disabled",
    "  IP CEF switching is enabled",
    "  IP CEF switching turbo vector",
    "  IP multicast fast switching is enabled",
    "  IP multicast distributed fast switching is disabled",
    "  IP route-cache flags are Fast, CEF",
    "  Router Discovery is disabled",
    "  IP output packet accounting is disabled",
    "  IP access violation accounting is disabled",
    "  TCP/IP header compression is disabled",
    "  RTP/IP header compression is disabled",
    "  Policy routing is disabled",
)
# 15.x names the address family (WCCP for IPv6 came with 15.2(3)T); 12.4 does not, as the
# older samples show (ntc_cisco_ios_show_ip_interface4.raw, a dialer router's).
_WCCP = (
    "  {}WCCP Redirect outbound is disabled",
    "  {}WCCP Redirect inbound is disabled",
    "  {}WCCP Redirect exclude is disabled",
)


@dataclass(frozen=True)
class IpInterfaceRecord:
    name: str
    status: str
    protocol: str
    address: object  # IPv4Interface | None
    secondaries: tuple
    source: str
    mtu: int
    access_in: str | None
    access_out: str | None
    proxy_arp: bool
    unreachables: bool  # `no ip unreachables` turns them off
    nat: str | None  # "inside" / "outside"
    peer: object = None  # the peer's address a PPP link learned (IPCP)
    helpers: tuple = ()  # `ip helper-address`
    train: str = "15.2"  # the release train: what the WCCP lines say


def _setting(extra: list[str], *lead: str) -> str | None:
    """The value an accepted (not modelled) interface line gives, e.g. `ip nat inside`."""
    for line in extra:
        words = line.split()
        if tuple(words[: len(lead)]) == lead:
            return " ".join(words[len(lead) :])
    return None


def _helper_lines(helpers) -> list[str]:
    """`Helper address is A`, or `Helper addresses are A` and the others aligned under it."""
    if not helpers:
        return ["  Helper address is not set"]
    if len(helpers) == 1:
        return [f"  Helper address is {helpers[0]}"]
    return [f"  Helper addresses are {helpers[0]}", *(f"{'':24}{h}" for h in helpers[1:])]


def collect(device, iface) -> IpInterfaceRecord:
    status, protocol = device.status(iface.name)
    return IpInterfaceRecord(
        name=iface.name,
        status=status,
        protocol=protocol,
        address=device.address_of(iface.name),
        secondaries=tuple(iface.secondaries),
        source=SOURCES[iface.address_source],
        mtu=iface.packet_mtu,
        access_in=iface.access_in,
        access_out=iface.access_out,
        proxy_arp="no ip proxy-arp" not in iface.extra,
        unreachables=iface.unreachables,
        nat=_setting(iface.extra, "ip", "nat"),
        peer=device.ports[iface.name].peer_route if iface.name in device.ports else None,
        helpers=iface.helpers,
        train=device.platform.train,
    )


def render(record: IpInterfaceRecord) -> str:
    lines = [f"{record.name} is {record.status}, line protocol is {record.protocol}"]
    if record.address is None:
        return "\n".join([*lines, "  Internet protocol processing disabled"]) + "\n"
    lines += [
        f"  Internet address is {record.address.with_prefixlen}",
        "  Broadcast address is 255.255.255.255",
        f"  Address determined by {record.source}",
        *([f"  Peer address is {record.peer}"] if record.peer is not None else []),
        f"  MTU is {record.mtu} bytes",
        *_helper_lines(record.helpers),
        "  Directed broadcast forwarding is disabled",
    ]
    lines += [f"  Secondary address {a.with_prefixlen}" for a in record.secondaries]
    lines += [
        f"  Outgoing access list is {record.access_out or 'not set'}",
        f"  Inbound  access list is {record.access_in or 'not set'}",
        f"  Proxy ARP is {'enabled' if record.proxy_arp else 'disabled'}",
        *_FIXED_TOP,
        f"  ICMP unreachables are {'always' if record.unreachables else 'never'} sent",
        *_FIXED_MIDDLE,
        f"  Network address translation is {_nat(record.nat)}",
        "  BGP Policy Mapping is disabled",
        *_features(record),
        *(line.format("" if record.train.startswith("12") else "IPv4 ") for line in _WCCP),
    ]
    return "\n".join(lines) + "\n"


def _features(record: IpInterfaceRecord) -> list[str]:
    """The packet features on the interface's paths: an applied access list is one (a 15.x
    capture, `Input features: Access List, MCI Check` / `Output features: Access List`)."""
    listed = "Access List, " if record.access_in else ""
    output = ["  Output features: Access List"] if record.access_out else []
    return [f"  Input features: {listed}MCI Check", *output]


def _nat(domain: str | None) -> str:
    return f"enabled, interface in domain {domain}" if domain else "disabled"


@handler("show_ip_interface")
def show_ip_interface(ctx, args):
    device = ctx.device
    chosen = device.creation_order()
    if args.ifname is not None:
        if args.ifname not in device.config.interfaces:
            return ctx.session.invalid_at_end()  # Null0 before `interface Null0`, as show interfaces
        chosen = [device.config.interfaces[args.ifname]]
    return "".join(render(collect(device, iface)) for iface in chosen)

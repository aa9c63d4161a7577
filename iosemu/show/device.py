"""show hosts (the name table of `ip host`, the domain and name servers) and show protocols
(each interface's state and address)."""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Interface

from iosemu.config.registry import handler

_HOSTS_HEADING = """\
Codes: UN - unknown, EX - expired, OK - OK, ?? - revalidate
       temp - temporary, perm - permanent
       NA - Not Applicable None - Not defined

Host                      Port  Flags      Age Type   Address(es)
"""


@dataclass(frozen=True)
class HostEntry:
    name: str
    addresses: tuple[IPv4Address, ...]


@handler("show_hosts")
def show_hosts(ctx, args):
    ip = ctx.config.ip
    entries = [HostEntry(name, tuple(ip.hosts[name])) for name in sorted(ip.hosts, key=str.lower)]
    servers = ", ".join(str(s) for s in ip.name_servers) or "255.255.255.255"
    out = (
        f"Default domain is {ip.domain_name or 'not set'}\n"
        f"Name/address lookup uses {'domain service' if ip.domain_lookup else 'static mappings'}\n"
        f"Name servers are {servers}\n\n" + _HOSTS_HEADING
    )
    for entry in entries:
        out += f"{entry.name:<25} None  (perm, OK)  0   IP    {' '.join(map(str, entry.addresses))}\n"
    return out


@dataclass(frozen=True)
class ProtocolState:
    interface: str
    status: str
    protocol: str
    address: IPv4Interface | None


def collect_protocols(device, name: str | None) -> list[ProtocolState]:
    ifaces = [device.config.interfaces[name]] if name else device.creation_order()
    return [ProtocolState(i.name, *device.status(i.name), device.address_of(i.name)) for i in ifaces]


@handler("show_protocols")
def show_protocols(ctx, args):
    if args.ifname and args.ifname not in ctx.device.config.interfaces:
        return ctx.session.invalid_at_end()  # Null0 before `interface Null0`, as show interfaces
    heading = "" if args.ifname else "Global values:\n  Internet Protocol routing is enabled\n"
    out = [heading]
    for state in collect_protocols(ctx.device, args.ifname):
        out.append(f"{state.interface} is {state.status}, line protocol is {state.protocol}\n")
        if state.address is not None:
            out.append(f"  Internet address is {state.address.with_prefixlen}\n")
    return "".join(out)

"""show ip dhcp binding, pool, server statistics and conflict, and clear ip dhcp ...:
records from the router's DHCP server (sim/dhcp.py), then IOS's text.

Follows /work/wt/notes/dhcp-research.md 1.1-1.5: the binding table at columns 0/20/44/68
(ref/show_ip_dhcp_binding/ntc_cisco_ios_show_ip_dhcp_binding.raw), the classic pool block
and statistics (IOL 15.x and 2911 captures), the conflict table with its VRF column.
"""

from __future__ import annotations

from iosemu.config.registry import Refused, handler
from iosemu.protocols.dhcp import pdu
from iosemu.sim.counters import since

BINDING_HEADER = (
    "Bindings from all pools not associated with VRF:\n"
    "IP address          Client-ID/              Lease expiration        Type\n"
    "                    Hardware address/\n"
    "                    User name\n"
)


def _stamp(device, when: float | None) -> str:
    """`Dec 09 2026 10:00 AM`, IOS's date of a lease or a conflict (Infinite: no end)."""
    if when is None:
        return "Infinite"
    return f"{device.local_time(when)[0]:%b %d %Y %I:%M %p}"  # the router's clock, as set and zoned


def client_id(key: bytes) -> list[str]:
    """A client identifier as IOS prints it: dotted hex, two bytes a group, ten bytes a line
    (each full line ending in a dot)."""
    groups = pdu.dotted(key).split(".")
    lines = [".".join(groups[i : i + 5]) for i in range(0, len(groups), 5)]
    return [line + "." for line in lines[:-1]] + lines[-1:]


def _server(ctx):
    return ctx.device.services["dhcp"].server


def _manual(dhcp) -> dict:
    """The manual bindings: each host pool's address -> the client it is for."""
    return {p.host.ip: p.owner for p in dhcp.pools.values() if p.host is not None and p.owner is not None}


def binding_rows(device) -> dict:
    """The bindings `show ip dhcp binding` lists: address -> (client, expiry, Automatic|Manual)
    (the records a lab's dhcp-binding check reads too)."""
    server = device.services["dhcp"].server
    rows = {a: (b.client, b.expires, "Automatic") for a, b in server.bindings.items() if not b.offered}
    rows.update((a, (client, None, "Manual")) for a, client in _manual(device.config.dhcp).items())
    return rows


@handler("show_ip_dhcp_binding")
def show_binding(ctx, args):
    rows = binding_rows(ctx.device)
    out = [BINDING_HEADER]
    for address in sorted(rows):
        if args.dhcp_binding_address and address != args.dhcp_binding_address:
            continue
        client, expires, kind = rows[address]
        first, *more = client_id(client)
        out.append(f"{str(address):<20}{first:<24}{_stamp(ctx.device, expires):<24}{kind}\n")
        out.extend(f"{'':20}{line}\n" for line in more)
    return "".join(out)


@handler("show_ip_dhcp_pool")
def show_pool(ctx, args):
    server, dhcp = _server(ctx), ctx.device.config.dhcp
    out = []
    for pool in dhcp.pools.values():
        if args.dhcp_pool_name and pool.name != args.dhcp_pool_name:
            continue
        leased = sum(1 for b in server.bindings.values() if b.scope == pool.name and not b.offered)
        network = pool.network
        total = max(0, network.num_addresses - 2) if network is not None else 0
        out += [
            "",
            f"Pool {pool.name} :",
            " Utilization mark (high/low)    : 100 / 0",
            " Subnet size (first/next)       : 0 / 0 ",
            f" Total addresses                : {total}",
            f" Leased addresses               : {leased}",
            " Pending event                  : none",
        ]
        if network is None:
            out.append(" 0 subnet is currently in the pool :")
            continue
        first, last = network.network_address + 1, network.broadcast_address - 1
        index = server.index.get(pool.name, first)
        out += [
            " 1 subnet is currently in the pool :",
            " Current index        IP address range                    Leased addresses",
            f" {str(index):<21}{str(first):<17}- {str(last):<18}{leased}",
        ]
    return "\n".join(out) + "\n" if out else ""


@handler("show_ip_dhcp_statistics")
def show_statistics(ctx, args):
    server, dhcp = _server(ctx), ctx.device.config.dhcp
    stats = server.statistics
    automatic = sum(1 for b in server.bindings.values() if not b.offered)
    rows = [
        ("Memory usage", 17000 + 1200 * len(dhcp.pools) + 160 * len(server.bindings)),
        ("Address pools", len(dhcp.pools)),
        ("Database agents", 0),
        ("Automatic bindings", automatic),
        ("Manual bindings", len(_manual(dhcp))),
        ("Expired bindings", stats.expired),
        ("Malformed messages", stats.malformed),
        ("Secure arp entries", 0),
    ]
    received = [("BOOTREQUEST", 0)] + [
        (pdu.KIND_NAMES[k], stats.received.get(k, 0))
        for k in (pdu.DISCOVER, pdu.REQUEST, pdu.DECLINE, pdu.RELEASE, pdu.INFORM)
    ]
    sent = [("BOOTREPLY", 0)] + [
        (pdu.KIND_NAMES[k], stats.sent.get(k, 0)) for k in (pdu.OFFER, pdu.ACK, pdu.NAK)
    ]
    lines = [f"{label:<21}{n}" for label, n in rows]
    lines += ["", f"{'Message':<21}Received", *(f"{label:<21}{n}" for label, n in received)]
    lines += ["", f"{'Message':<21}Sent", *(f"{label:<21}{n}" for label, n in sent)]
    return "\n".join(lines) + "\n"


@handler("show_ip_dhcp_conflict")
def show_conflict(ctx, args):
    server = _server(ctx)
    out = [f"{'IP address':<18}{'Detection method':<19}{'Detection time':<24}VRF"]
    for address in sorted(server.conflicts):
        conflict = server.conflicts[address]
        out.append(f"{str(address):<18}{conflict.method:<19}{_stamp(ctx.device, conflict.detected):<24}")
    return "\n".join(out) + "\n"


@handler("exec_clear_ip_dhcp")
def clear(ctx, args):
    server = _server(ctx)
    if args.dhcp_statistics:
        server.statistics.reset()
        return ""
    address = args.dhcp_binding_address
    if args.show_dhcp_conflict:
        if address is None:
            server.conflicts.clear()
        elif server.conflicts.pop(address, None) is None:
            return Refused(f"% Address {address} not in the conflict table\n")  # [M]
        return ""
    if not server.clear(address):
        return Refused(f"% Address {address} not in the binding table\n")  # [M]
    return ""


@handler("show_dhcp_lease")
def show_lease(ctx, args):
    """The leases of the router's own interfaces (`ip address dhcp`), research notes 1.8: the
    15.x form also gives the default gateway, the client id in hex and the hostname."""
    device = ctx.device
    now = device.scheduler.now
    out = []
    for name, client in device.services["dhcp"].clients.items():
        lease = client.lease
        if lease is None:
            continue
        identifier = client.client_id[1:].decode("ascii", "replace")
        renew = lease.obtained + (lease.renew_after or 0)
        out += [
            f"Temp IP addr: {lease.address.ip}  for peer on Interface: {name}",
            f"Temp  sub net mask: {lease.address.netmask}",
            f"   DHCP Lease server: {lease.server}, state: 5 Bound",
            f"   DHCP transaction id: {client.xid:X}",
            f"   Lease: {lease.seconds} secs,  Renewal: {lease.renew_after} secs,  "
            f"Rebind: {lease.rebind_after} secs",
        ]
        if device.train15 and lease.routers:
            out.append(f"Temp default-gateway addr: {lease.routers[0]}")
        out += [
            f"   Next timer fires after: {since(renew, now) if renew > now else '00:00:00'}",
            f"   Retry count: 0   Client-ID: {identifier}",
        ]
        if device.train15:
            digits = client.client_id[1:].hex().upper()
            rows = [digits[i : i + 32] for i in range(0, len(digits), 32)]
            out.append(f"   Client-ID hex dump: {rows[0]}")
            out += [f"{'':23}{row}" for row in rows[1:]]
            out.append(f"   Hostname: {device.config.system.hostname}")
    return "\n".join(out) + "\n" if out else ""

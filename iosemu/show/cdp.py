"""show cdp, show cdp neighbors [detail], show cdp entry, show cdp interface, show cdp
traffic, clear cdp table and clear cdp counters: records from the router's CDP agent
(sim/cdp.py), then IOS's text for its release.

The neighbour table follows show_cdp_neighbors/ntc_cisco_ios_show_cdp_neighbors_2.raw and
genie_ios_ShowCdpNeighbors_device_output_5.txt (15.x columns: a long Device ID on a line of
its own, the capability letters centred, the platform cut to nine characters after its
`cisco` word), the 15.2 vIOS capture of ntc-templates' cisco_ios_show_cdp_neighbors_det.raw
(the legend's trailing blanks, `Entry address(es): `, the total line) and, for 12.4, the
7206VXR capture of pakitelecom.blogspot.com and the 881's (15.0(1)M4, the older layout
still) in Kirk Byers' pynet course data (the two-line legend, the holdtime one column right,
the letters centred under `Capability`, no total).
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address

from iosemu.cli.ifnames import GLUED, IFTYPE_NAMES
from iosemu.config.registry import handler
from iosemu.protocols.cdp.agent import CdpCounters
from iosemu.protocols.cdp.pdu import CAPABILITY_NAMES, CdpPacket

NOT_ENABLED = "% CDP is not enabled\n"
_TYPES = frozenset({*IFTYPE_NAMES.values(), "Ethernet", "TenGigabitEthernet"})
LEGEND = {
    True: [
        "Capability Codes: R - Router, T - Trans Bridge, B - Source Route Bridge",
        "                  S - Switch, H - Host, I - IGMP, r - Repeater, P - Phone, ",
        "                  D - Remote, C - CVTA, M - Two-port Mac Relay ",
    ],
    False: [
        "Capability Codes: R - Router, T - Trans Bridge, B - Source Route Bridge",
        "                  S - Switch, H - Host, I - IGMP, r - Repeater",
    ],
}
COLUMNS = "Device ID        Local Intrfce     Holdtme    Capability  Platform  Port ID"
RULE = "-------------------------"


@dataclass(frozen=True)
class NeighbourRecord:
    device_id: str
    interface: str  # ours
    holdtime: int
    packet: CdpPacket

    @property
    def letters(self) -> str:
        return "".join(f"{letter} " for bit, letter, _ in CAPABILITY_NAMES if self.packet.capabilities & bit)

    @property
    def words(self) -> str:
        return "".join(f"{word} " for bit, _, word in CAPABILITY_NAMES if self.packet.capabilities & bit)


def agent_of(device):
    return device.services["cdp"].agent


def neighbours(device) -> list[NeighbourRecord]:
    """The neighbour table, as `show cdp neighbors` lists it (empty without `cdp run`)."""
    agent = agent_of(device)
    if not agent.running:
        return []
    now = device.scheduler.now
    return [
        NeighbourRecord(n.packet.device_id, n.interface, n.holdtime(now), n.packet) for n in agent.entries()
    ]


def brief_name(name: str) -> str:
    """GigabitEthernet0/0 -> `Gig 0/0`, as the table prints interfaces (other port names as
    they came)."""
    match = GLUED.match(name)
    if match is None or match[1] not in _TYPES:
        return name
    return f"{match[1][:3]} {match[2]}"


def _platform_column(platform: str) -> str:
    """The platform without its leading `cisco` word, in nine characters."""
    first, _, rest = platform.partition(" ")
    return (rest if first.lower() == "cisco" else platform)[:9]


def _row(record: NeighbourRecord, train15: bool) -> list[str]:
    device = record.device_id
    lines = []
    if len(device) > 16:
        lines.append(device)
        device = ""
    head = f"{device:<17}{brief_name(record.interface):<18}"
    if train15:
        middle = f"{record.holdtime:<15}{record.letters:^8}"
    else:
        middle = f"{record.holdtime:>4}{'':7}{record.letters:^10}  "
    port = brief_name(record.packet.port_id)
    lines.append(f"{head}{middle}{_platform_column(record.packet.platform):<10}{port}")
    return lines


def _total(records: list, train15: bool) -> list[str]:
    return ["", f"Total cdp entries displayed : {len(records)}"] if train15 else []


def neighbours_text(records: list[NeighbourRecord], train15: bool) -> str:
    out = [*LEGEND[train15], "", COLUMNS]
    for record in records:
        out += _row(record, train15)
    return "\n".join(out + _total(records, train15)) + "\n"


def _addresses(addresses: tuple[IPv4Address, ...]) -> list[str]:
    return [f"  IP address: {address}" for address in addresses]


def entry_lines(record: NeighbourRecord) -> list[str]:
    """One neighbour as `show cdp neighbors detail` and `show cdp entry` print it."""
    packet = record.packet
    out = [
        RULE,
        f"Device ID: {record.device_id}",
        "Entry address(es): ",
        *_addresses(packet.addresses),
        f"Platform: {packet.platform},  Capabilities: {record.words}",
        f"Interface: {record.interface},  Port ID (outgoing port): {packet.port_id}",
        f"Holdtime : {record.holdtime} sec",
        "",
        "Version :",
        *packet.software.splitlines(),
        "",
        f"advertisement version: {packet.version}",
    ]
    if packet.vtp_domain is not None:
        out.append(f"VTP Management Domain: '{packet.vtp_domain}'")
    if packet.native_vlan is not None:
        out.append(f"Native VLAN: {packet.native_vlan}")
    if packet.duplex is not None:
        out.append(f"Duplex: {'full' if packet.duplex else 'half'}")
    if packet.management is not None:
        out += ["Management address(es): ", *_addresses(packet.management)]
    return [*out, ""]


def detail_text(records: list[NeighbourRecord], train15: bool, total: bool = True) -> str:
    out = [line for record in records for line in entry_lines(record)]
    if total:
        out += _total(records, train15)
    return "\n".join(out) + "\n" if out else ""


# -- show cdp interface ----------------------------------------------------------------------------
def interface_lines(device, name: str, timer: int, holdtime: int) -> list[str]:
    status, protocol = device.status(name)
    port = device.port_of(name)
    engine = port.encapsulation if port is not None else None
    return [
        f"{name} is {status}, line protocol is {protocol}",
        f"  Encapsulation {engine.shown if engine is not None else 'ARPA'}",
        f"  Sending CDP packets every {timer} seconds",
        f"  Holdtime is {holdtime} seconds",
    ]


def interface_text(device, only: str | None) -> str:
    """Every interface CDP is enabled on, up or not, in the router's order (or the one asked)."""
    config = device.config.cdp
    enabled_on = device.services["cdp"].enabled_on
    names = [i.name for i in device.creation_order() if enabled_on(i.name) and only in (None, i.name)]
    out = [line for name in names for line in interface_lines(device, name, config.timer, config.holdtime)]
    if device.train15 and only is None:
        up = sum(device.interface_up(name) for name in names)
        out += [
            f" cdp enabled interfaces : {len(names)}",
            f" interfaces up          : {up}",
            f" interfaces down        : {len(names) - up}",
        ]
    return "\n".join(out) + "\n" if out else ""


def traffic_text(counters: CdpCounters, train15: bool) -> str:
    """12.4 still counts fragmented advertisements (none: an advertisement fits any link's MTU),
    15.x leaves the label out and keeps its comma."""
    c = counters
    fragmented = "" if train15 else "Fragmented: 0"
    return (
        "CDP counters :\n"
        f"        Total packets output: {c.output}, Input: {c.input}\n"
        f"        Hdr syntax: {c.syntax}, Chksum error: {c.checksum}, Encaps failed: {c.encaps_failed}\n"
        f"        No memory: {c.no_memory}, Invalid packet: {c.invalid}, {fragmented}\n"
        f"        CDP version 1 advertisements output: {c.v1_output}, Input: {c.v1_input}\n"
        f"        CDP version 2 advertisements output: {c.v2_output}, Input: {c.v2_input}\n"
    )


def global_text(config) -> str:
    enabled = "" if config.advertise_v2 else "not"
    return (
        "Global CDP information:\n"
        f"        Sending CDP packets every {config.timer} seconds\n"
        f"        Sending a holdtime value of {config.holdtime} seconds\n"
        f"        Sending CDPv2 advertisements is {enabled} enabled\n"
    )


@handler("show_cdp")
def show_cdp(ctx, args):
    device = ctx.device
    agent = agent_of(device)
    if not device.config.cdp.run:
        return NOT_ENABLED
    train15 = device.train15
    if args.cdp_neighbors:
        records = [r for r in neighbours(device) if args.ifname is None or r.interface == args.ifname]
        return detail_text(records, train15) if args.cdp_detail else neighbours_text(records, train15)
    if args.cdp_entry:
        records = [r for r in neighbours(device) if args.cdp_all or r.device_id == args.cdp_entry_name]
        return detail_text(records, train15, total=False)
    if args.cdp_interface:
        return interface_text(device, args.ifname)
    if args.cdp_traffic:
        return traffic_text(agent.counters, train15)
    return global_text(device.config.cdp)


@handler("exec_clear_cdp")
def clear_cdp(ctx, args):
    agent = agent_of(ctx.device)
    if not ctx.device.config.cdp.run:
        return NOT_ENABLED
    if args.cdp_table:
        agent.clear_table()
    else:
        agent.clear_counters()
    return ""

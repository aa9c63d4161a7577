"""show interfaces [X] and show ip interface brief: records from config and state, then text."""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Interface

from iosemu.config.interface import ALWAYS_PPP, short_name
from iosemu.config.registry import handler
from iosemu.protocols.frame_relay.encapsulation import FrameRelayEncapsulation
from iosemu.protocols.frame_relay.pdu import LMI_TYPES
from iosemu.protocols.ip.pdu import mac_text
from iosemu.protocols.ppp.lcp import MRRU
from iosemu.protocols.ppp.multilink import Bundle
from iosemu.sim.counters import since
from iosemu.sim.encapsulations import ENGINES


def _mac(device, name: str) -> str | None:
    mac = device.mac(name)
    return mac_text(mac) if mac is not None else None


@dataclass(frozen=True)
class InterfaceRecord:
    name: str
    kind: str
    status: str
    protocol: str
    hardware: str
    mac: str | None
    description: str | None
    address: IPv4Interface | None
    bandwidth: int
    delay: int
    mtu: int
    encapsulation: str
    keepalive: int | None
    media: str | None  # the duplex/speed line of an Ethernet port
    address_source: str
    counters: object
    subinterface: bool = False
    vlan: int | None = None
    rate_in: tuple[int, int] = (0, 0)  # bits/sec, packets/sec
    rate_out: tuple[int, int] = (0, 0)
    load_interval: int = 300  # seconds the rates average over (`load-interval`)
    txload: int = 1
    rxload: int = 1
    ppp: PppStatus | None = None  # a PPP serial line's negotiation
    fr: FrStatus | None = None  # a Frame Relay line's LMI
    loopback: bool = False  # `loopback` configured
    looped: bool = False  # the line hears itself: `line protocol is up (looped)`
    unnumbered: str | None = None  # `ip unnumbered`: the interface whose address it borrows
    vaccess: str | None = None  # a Virtual-Access: `PPPoE vaccess, cloned from Virtual-Template1`
    bound: str | None = None  # a Dialer's Virtual-Access, or a Virtual-Access's Dialer, while bound
    negotiated: bool = False  # `ip address negotiated`


@dataclass(frozen=True)
class PppStatus:
    """What `show interfaces` says of a PPP line: LCP's state in IOS's word, and the NCPs
    the interface runs, open or not."""

    lcp: str
    open: tuple[str, ...]
    closed: tuple[str, ...]
    multilink: str | None = None  # Open / Closed: the multilink state of a bundle or a member
    bundle: str | None = None  # the Multilink interface a member line belongs to


@dataclass(frozen=True)
class FrStatus:
    """What `show interfaces` says of a Frame Relay line's LMI."""

    role: str  # DTE, DCE
    up: bool
    enquiries: int  # sent (DTE) or received (DCE)
    statuses: int  # received (DTE) or sent (DCE)
    dlci: int
    shown: str  # LMI type is ...
    broadcasts: int  # sent


def fr_status(engine) -> FrStatus:
    lmi = engine.lmi
    kind = (lmi.type if lmi is not None else None) or LMI_TYPES[engine.settings.lmi_type or "cisco"]
    return FrStatus(
        role="DCE" if engine.dce else "DTE",
        up=lmi is not None and lmi.up,
        enquiries=lmi.enquiries if lmi is not None else 0,
        statuses=lmi.statuses if lmi is not None else 0,
        dlci=kind.dlci,
        shown=kind.interface_shown,
        broadcasts=engine.broadcasts,
    )


def _fr_lines(fr: FrStatus) -> list[str]:
    state = "up" if fr.up else "down"
    if fr.role == "DCE":
        counts = [
            "  LMI enq sent  0, LMI stat recvd 0, LMI upd recvd 0",
            f"  LMI enq recvd {fr.enquiries}, LMI stat sent  {fr.statuses}, LMI upd sent  0, DCE LMI {state}",
        ]
    else:
        counts = [
            f"  LMI enq sent  {fr.enquiries}, LMI stat recvd {fr.statuses}, LMI upd recvd 0, DTE LMI {state}",
            "  LMI enq recvd 0, LMI stat sent  0, LMI upd sent  0",
        ]
    return [
        *counts,
        f"  LMI DLCI {fr.dlci}  LMI type is {fr.shown}  frame relay {fr.role}",
        "  FR SVC disabled, LAPF state down",
        f"  Broadcast queue 0/64, broadcasts sent/dropped {fr.broadcasts}/0, interface broadcasts 0",
    ]


# RFC 1661 states as `show interfaces` names them (Stopped is "Listen").
LCP_WORDS = {
    "Initial": "Closed",
    "Starting": "Closed",
    "Stopped": "Listen",
    "Closing": "TERMsent",
    "Stopping": "TERMsent",
}


def ppp_status(engine) -> PppStatus:
    lcp = engine.lcp.state_name
    wanted = [ncp for ncp in engine.ncps.values() if engine.ncp_wanted(ncp.protocol)]
    if isinstance(engine, Bundle):  # its LCP is its members'
        lcp = multilink = "Open" if engine.members else "Closed"
    else:
        negotiated = engine.lcp.opened and engine.lcp.negotiated(MRRU, theirs=True) is not None
        multilink = "Open" if negotiated and engine.lcp.negotiated(MRRU) is not None else None
    return PppStatus(
        lcp=LCP_WORDS.get(lcp, lcp),
        open=tuple(n.name for n in wanted if n.opened),
        closed=tuple(n.name for n in wanted if not n.opened),
        multilink=multilink,
        bundle=engine.bundle.port.name if engine.bundle is not None else None,
    )


@dataclass(frozen=True)
class BriefRow:
    interface: str
    address: str
    ok: str
    method: str
    status: str
    protocol: str


def _ethernet_media(device, iface, up: bool) -> tuple[str, int, int]:
    """(media line, bandwidth kbit/s, delay usec) of an Ethernet port."""
    gigabit = iface.name.startswith("Gigabit")
    auto_rate = "1000" if gigabit else "100"
    rate = iface.speed if iface.speed != "auto" else (auto_rate if up else None)
    duplex = iface.duplex if iface.duplex != "auto" else ("full" if up else None)
    bandwidth = {"10": 10000, "100": 100000, "1000": 1000000}[rate or auto_rate]
    delay = {"10": 1000, "100": 100, "1000": 10}[rate or auto_rate]
    if device.platform.train.startswith("12"):
        duplex_text = f"{duplex.capitalize()}-duplex" if duplex else "Auto-duplex"
        rate_text = f"{rate}Mb/s" if rate else "Auto Speed"
        return f"{duplex_text}, {rate_text}, 100BaseTX/FX", bandwidth, delay
    duplex_text = f"{duplex.capitalize()} Duplex" if duplex else "Auto Duplex"
    rate_text = ("1Gbps" if rate == "1000" else f"{rate}Mbps") if rate else "Auto Speed"
    return f"{duplex_text}, {rate_text}, media type is RJ45", bandwidth, delay


def _on_parent(device, iface) -> bool:
    """A subinterface carried by its parent's port; a session's Virtual-Access2.1 has a port of
    its own and a whole Virtual-Access's layout [M]."""
    return iface.is_subinterface and iface.name not in device.ports


def collect_interface(device, iface) -> InterfaceRecord:
    status, protocol = device.status(iface.name)
    kind = iface.kind
    bound = _bound(device, iface)
    media = ppp = fr = None
    looped = False
    encapsulation = "ARPA"
    if kind == "ethernet":
        parent = device.config.interfaces[iface.name.split(".")[0]]
        media, bandwidth, delay = _ethernet_media(device, parent, device.status(parent.name)[0] == "up")
        tagged = [i for i in device.config.interfaces.subinterfaces(parent.name) if i.vlan]
        if iface.is_subinterface:
            encapsulation = f"802.1Q Virtual LAN, Vlan ID  {iface.vlan or 1}."
        elif tagged:  # a trunk to its subinterfaces: the main interface is the native VLAN
            encapsulation = "802.1Q Virtual LAN, Vlan ID  1."
    elif kind == "serial":
        bandwidth, delay = 1544, 20000
        encapsulation = ENGINES[device.config.interfaces[iface.name.split(".")[0]].encapsulation].shown
        engine = device.ports[iface.name.split(".")[0]].encapsulation
        if engine is not None and not iface.is_subinterface:
            looped = engine.looped
            ppp = ppp_status(engine) if encapsulation == "PPP" else None
        if isinstance(engine, FrameRelayEncapsulation):
            parent = device.config.interfaces[iface.name.split(".")[0]]
            encapsulation += " IETF" if parent.fr.ietf else ""
            fr = None if iface.is_subinterface else fr_status(engine)
    elif kind == "loopback":
        bandwidth, delay, encapsulation = 8000000, 5000, "LOOPBACK"
    elif kind == "multilink":
        engine = device.ports[iface.name].encapsulation
        bandwidth, delay, encapsulation, ppp = engine.bandwidth, 100000, "PPP", ppp_status(engine)
    elif kind in ("virtual-template", "virtual-access", "virtual-ppp", "dialer"):  # a Virtual-PPP's BW [M]
        engine = device.ports[iface.name].encapsulation
        bandwidth, delay, encapsulation = 100000, 100000, "PPP"
        if kind == "dialer" or bound is not None:  # a Dialer's, or its clone
            bandwidth, delay = 56, 20000
        has_lcp = engine is not None and hasattr(engine, "lcp")  # a template or a Dialer has none
        ppp = ppp_status(engine) if has_lcp else PppStatus("Closed", (), ())
    else:
        bandwidth, delay = 10000, 1000
    return InterfaceRecord(
        name=iface.name,
        kind=kind,
        status=status,
        protocol=protocol,
        hardware=device.platform.hardware[kind],
        mac="0000.0000.0000" if kind == "service-engine" else _mac(device, iface.name),
        description=iface.description,
        address=device.address_of(iface.name),
        bandwidth=iface.bandwidth or bandwidth,
        delay=delay if iface.delay is None else iface.delay * 10,
        mtu=iface.link_mtu,
        encapsulation=encapsulation,
        keepalive=iface.keepalive,
        media=media,
        address_source=iface.address_source,
        counters=device.counters(iface.name),
        subinterface=_on_parent(device, iface),
        vlan=iface.vlan,
        ppp=ppp,
        fr=fr,
        loopback=iface.loopback,
        looped=looped,
        unnumbered=iface.unnumbered,
        vaccess=_vaccess(device, iface.name) if kind == "virtual-access" else None,
        bound=bound,
        negotiated=iface.negotiated,
        load_interval=iface.load_interval or 300,
        **_rates(device, iface, iface.bandwidth or bandwidth),
    )


def _bound_dialer(device, name: str):
    """The Dialer's port a Virtual-Access is bound to (a PPPoE client's call), if any."""
    return next(
        (c.dialer for c in device.services["pppoe"].clients.values() if c.vaccess and c.vaccess.name == name),
        None,
    )


def _bound(device, iface) -> str | None:
    if iface.kind == "dialer":
        bound = device.ports[iface.name].encapsulation.bound
        return bound.short_name if bound is not None else None
    dialer = _bound_dialer(device, iface.name) if iface.kind == "virtual-access" else None
    return f"{dialer.short_name} (Encapsulation PPP)" if dialer is not None else None


def _vaccess(device, name: str) -> str | None:
    """What a Virtual-Access was cloned for (an LNS's L2TP call, a PPPoE server's session), and from."""
    return device.services["l2tp"].vaccess(name) or device.services["pppoe"].vaccess(name)


def _rates(device, iface, bandwidth: int) -> dict:
    window = iface.load_interval or 300
    rate_in, rate_out = device.counters(iface.name).rates(device.scheduler.now, window)

    def load(rate) -> int:  # out of 255, never below 1
        return max(1, min(255, round(rate.bits / (bandwidth * 1000) * 255)))

    return {
        # IOS shows the bit rates to the nearest thousand (43000 bits/sec).
        "rate_in": (int(round(rate_in.bits, -3)), round(rate_in.packets)),
        "rate_out": (int(round(rate_out.bits, -3)), round(rate_out.packets)),
        "txload": load(rate_out),
        "rxload": load(rate_in),
    }


def _counter_lines(record: InterfaceRecord, train15: bool) -> list[str]:
    c = record.counters
    kind = record.kind
    no_buffer = ", 0 no buffer" if train15 or kind != "ethernet" else ""
    lines = [f"     {c.packets_in} packets input, {c.bytes_in} bytes{no_buffer}"]
    if train15:
        lines += [
            f"     Received {c.broadcasts_in} broadcasts (0 IP multicasts)",
            "     0 runts, 0 giants, 0 throttles",
        ]
    else:
        lines.append(f"     Received {c.broadcasts_in} broadcasts, 0 runts, 0 giants, 0 throttles")
    abort = ", 0 abort" if kind in ("serial", "loopback", *ALWAYS_PPP) else ""
    errors = f"{c.input_errors} input errors, {c.crc_errors} CRC"
    lines.append(f"     {errors}, 0 frame, 0 overrun, 0 ignored{abort}")
    if kind == "ethernet":
        lines.append(
            f"     0 watchdog, {c.multicasts_in} multicast, 0 pause input" if train15 else "     0 watchdog"
        )
    if kind == "service-engine" or (kind == "ethernet" and not train15):
        lines.append("     0 input packets with dribble condition detected")
    lines += [
        f"     {c.packets_out} packets output, {c.bytes_out} bytes, 0 underruns",
        f"     0 output errors, 0 collisions, {c.resets} interface resets",
    ]
    if train15:  # no 12.x sample has the line (gt96k, ziptie 2610/3620, ntc 2)
        lines.append("     0 unknown protocol drops")
    if kind in ("ethernet", "service-engine"):
        lines.append("     0 babbles, 0 late collision, 0 deferred")
        pause = ", 0 pause output" if kind == "ethernet" and train15 else ""
        lines.append(f"     0 lost carrier, 0 no carrier{pause}")
    lines.append("     0 output buffer failures, 0 output buffers swapped out")
    if kind == "serial":
        # This end raises DTR/RTS unless shut down; DCD/DSR/CTS are the far end's.
        own = "down" if record.status == "administratively down" else "up"
        far = "up" if record.status == "up" else "down"
        lines.append(f"     {c.carrier_transitions} carrier transitions")
        lines.append(f"     DCD={far}  DSR={far}  DTR={own}  RTS={own}  CTS={far}")
    elif kind in ALWAYS_PPP:
        lines.append(f"     {c.carrier_transitions} carrier transitions")
    return lines


def _queue_lines(record: InterfaceRecord, wfq: bool) -> list[str]:
    if not wfq:
        size = "0/0" if record.kind == "loopback" else "0/40"
        return ["  Queueing strategy: fifo", f"  Output queue: {size} (size/max)"]
    active = 1 if record.counters.packets_out else 0
    return [
        "  Queueing strategy: weighted fair",
        "  Output queue: 0/1000/64/0 (size/max total/threshold/drops)",
        f"     Conversations  0/{active}/256 (active/max active/max total)",
        "     Reserved Conversations 0/0 (allocated/max allocated)",
        f"     Available Bandwidth {record.bandwidth * 3 // 4} kilobits/sec",
    ]


def render_interface(record: InterfaceRecord, train: str, now: float) -> str:
    train15 = not train.startswith("12")
    unit = "Kbit/sec" if train15 else "Kbit"  # 12.x: `BW 1544 Kbit,`
    hardware = f"  Hardware is {record.hardware}"
    if record.mac:
        hardware += f", address is {record.mac} (bia {record.mac})"
    looped = " (looped)" if record.looped else ""
    if record.kind == "dialer":  # its line protocol is up by itself (the CSR capture prints no space)
        spoofing = " (spoofing)" if record.protocol == "up" else " "
        lines = [f"{record.name} is {record.status}, line protocol is {record.protocol}{spoofing}", hardware]
    else:
        lines = [f"{record.name} is {record.status}, line protocol is {record.protocol}{looped} ", hardware]
    if record.description is not None:
        lines.append(f"  Description: {record.description}")
    if record.unnumbered is not None:
        borrowed = f" ({record.address.ip})" if record.address is not None else ""
        lines.append(f"  Interface is unnumbered. Using address of {record.unnumbered}{borrowed}")
    elif record.address is not None:
        lines.append(f"  Internet address is {record.address.with_prefixlen}")
    elif record.negotiated and record.kind == "virtual-access":
        lines.append("  Internet address will be negotiated using IPCP")
    lines += [
        f"  MTU {record.mtu} bytes, BW {record.bandwidth} {unit}, DLY {record.delay} usec, ",
        f"     reliability 255/255, txload {record.txload}/255, rxload {record.rxload}/255",
    ]
    if record.subinterface:
        return _subinterface_tail(record, lines)
    ppp = record.ppp
    loopback = "loopback set" if record.loopback else "loopback not set"
    multilink = f", multilink {ppp.multilink}" if ppp is not None and ppp.multilink else ""
    if ppp is not None and ppp.lcp == "Open":
        lines.append(f"  Encapsulation {record.encapsulation}, LCP Open{multilink}")
        ncps = f"Open: {', '.join(ppp.open)}, " if ppp.open else ""
        ncps = ncps or (f"Closed: {', '.join(ppp.closed)}, " if ppp.closed else "")
        if ppp.bundle is not None:
            ncps = f"Link is a member of Multilink bundle {ppp.bundle}, "
        if record.vaccess is not None:  # ziptie/CSR captures: the loopback on the status line
            lines += [f"  {ncps.rstrip(', ')}", f"  {record.vaccess}", f"  Vaccess status 0x44, {loopback}"]
        else:
            lines.append(f"  {ncps}{loopback}")
    elif record.kind == "dialer":
        lines.append(f"  Encapsulation {record.encapsulation}, LCP {ppp.lcp}, {loopback}")
    else:
        lines.append(f"  Encapsulation {record.encapsulation}, {loopback}")
    lines.append(f"  Keepalive set ({record.keepalive} sec)" if record.keepalive else "  Keepalive not set")
    gt96k = record.hardware == "GT96K Serial"
    if gt96k:
        lines.append("  CRC checking enabled")
    if record.kind == "multilink":
        lines.append("  DTR is pulsed for 2 seconds on reset")
    elif record.kind == "virtual-template" or (record.kind == "virtual-access" and ppp.lcp != "Open"):
        lines.append("  DTR is pulsed for 5 seconds on reset")
    elif record.kind == "dialer":
        lines.append("  DTR is pulsed for 1 seconds on reset")
    if record.bound is not None:
        lines.append(f"  Interface is bound to {record.bound}")
    if record.fr is not None and record.keepalive:  # without LMI, no LMI lines
        lines += _fr_lines(record.fr)
    if ppp is not None and ppp.lcp != "Open" and record.kind != "dialer":
        lines.append(f"  LCP {ppp.lcp}{multilink}")
        if ppp.closed:
            lines.append(f"  Closed: {', '.join(ppp.closed)}")
    if record.media:
        lines.append(f"  {record.media}")
        if train15:
            lines.append("  output flow-control is unsupported, input flow-control is unsupported")
    if record.kind in ("ethernet", "service-engine"):
        lines.append("  ARP type: ARPA, ARP Timeout 04:00:00")
    c = record.counters
    seconds = record.load_interval
    interval = f"{seconds // 60} minute" if seconds % 60 == 0 else f"{seconds} second"
    rates = [
        f"  {interval} input rate {record.rate_in[0]} bits/sec, {record.rate_in[1]} packets/sec",
        f"  {interval} output rate {record.rate_out[0]} bits/sec, {record.rate_out[1]} packets/sec",
    ]
    if record.kind == "dialer":  # the CSR capture's Dialer1: its queue, two counter lines
        lines += [
            "  Last input never, output never, output hang never",
            f'  Last clearing of "show interface" counters {since(now, c.cleared_at)}',
            "  Input queue: 0/375/0/0 (size/max/drops/flushes); Total output drops: 0",
            "  Queueing strategy: weighted fair",
            "  Output queue: 0/1000/64/0 (size/max total/threshold/drops) ",
            "     Conversations  0/0/16 (active/max active/max total)",
            "     Reserved Conversations 0/0 (allocated/max allocated)",
            f"     Available Bandwidth {record.bandwidth * 3 // 4} kilobits/sec",
            *rates,
            f"     {c.packets_in} packets input, {c.bytes_in} bytes",
            f"     {c.packets_out} packets output, {c.bytes_out} bytes",
        ]
        return "\n".join(lines) + "\n"
    # A bundle never shows its last output (IOS counts it on the members).
    output = "never" if record.kind == "multilink" else since(now, c.last_output_at)
    lines += [
        f"  Last input {since(now, c.last_input_at)}, output {output}, output hang never",
        f'  Last clearing of "show interface" counters {since(now, c.cleared_at)}',
        f"  Input queue: 0/{64 if record.kind == 'service-engine' else 75}/0/0 "
        "(size/max/drops/flushes); Total output drops: 0",
        *_queue_lines(record, gt96k),
        *rates,
        *_counter_lines(record, train15),
    ]
    return "\n".join(lines) + "\n"


def _subinterface_tail(record: InterfaceRecord, lines: list[str]) -> str:
    """A subinterface has no queues or counters of its own in `show interfaces`."""
    lines.append(f"  Encapsulation {record.encapsulation}")
    if record.kind == "ethernet":
        lines.append("  ARP type: ARPA, ARP Timeout 04:00:00")
        lines.append("  Keepalive set (10 sec)")
    lines.append('  Last clearing of "show interface" counters never')
    return "\n".join(lines) + "\n"


def brief_rows(device) -> list[BriefRow]:
    rows = []
    for iface in device.creation_order():
        status, protocol = device.status(iface.name)
        address = device.address_of(iface.name)
        address = str(address.ip) if address else "unassigned"
        rows.append(BriefRow(iface.name, address, "YES", iface.address_source, status, protocol))
    for name in sorted(device.deleted_subinterfaces):
        rows.append(BriefRow(name, "unassigned", "YES", "unset", "deleted", "down"))
    return rows


@handler("show_interfaces")
def show_interfaces(ctx, args):
    device = ctx.device
    if args.ifname is not None:
        iface = device.config.interfaces.get(args.ifname)
        if iface is None:
            return ctx.session.invalid_at_end()
        chosen = [iface]
    else:
        chosen = device.creation_order()
    if args.if_summary:
        return render_summary(device, chosen)
    train, now = device.platform.train, device.scheduler.now
    out = []
    for iface in chosen:
        out.append(render_interface(collect_interface(device, iface), train, now))
        bound = device.ports[iface.name].encapsulation if iface.kind == "dialer" else None
        if bound is not None and bound.bound is not None:  # the Virtual-Access of its call, under it
            vaccess = device.config.interfaces[bound.bound.name]
            out.append("Bound to:\n" + render_interface(collect_interface(device, vaccess), train, now))
    return "".join(out)


SUMMARY_LEGEND = """
 *: interface is up
 IHQ: pkts in input hold queue     IQD: pkts dropped from input queue
 OHQ: pkts in output hold queue    OQD: pkts dropped from output queue
 RXBS: rx rate (bits/sec)          RXPS: rx rate (pkts/sec)
 TXBS: tx rate (bits/sec)          TXPS: tx rate (pkts/sec)
 TRTL: throttle count

"""
_SUMMARY_COLUMNS = ("IHQ", "IQD", "OHQ", "OQD", "RXBS", "RXPS", "TXBS", "TXPS", "TRTL")
SUMMARY_HEADING = (
    "  Interface            " + "".join(f"{c:>10}" for c in _SUMMARY_COLUMNS) + "\n" + "-" * 113 + "\n"
)


def render_summary(device, chosen) -> str:
    """One row per interface: queues, drops and the rates (a subinterface has none of its
    own: dashes). Follows a 15.x `show interfaces ethernet 0/1 summary` found by search."""
    lines = []
    for iface in chosen:
        up = "*" if device.status(iface.name)[0] == "up" else " "
        if _on_parent(device, iface):
            values = ["-"] * 9
        else:
            rates = collect_interface(device, iface)
            rx, tx = rates.rate_in, rates.rate_out
            values = [0, 0, 0, 0, rx[0], rx[1], tx[0], tx[1], 0]
        lines.append(f"{up} {iface.name:<21}" + "".join(f"{v:>10}" for v in values))
    return SUMMARY_LEGEND + SUMMARY_HEADING + "".join(line + "\n" for line in lines)


@handler("show_ip_interface_brief")
def show_ip_interface_brief(ctx, args):
    rows = brief_rows(ctx.device)
    if args.ifname is not None:  # one interface's row
        rows = [row for row in rows if row.interface == args.ifname]
    return render_brief(rows)


def render_brief(rows: list[BriefRow]) -> str:
    """The table of `show ip interface brief` (and of setup's interface summary)."""
    lines = ["Interface                  IP-Address      OK? Method Status                Protocol"]
    for row in rows:
        lines.append(
            f"{row.interface:<26} {row.address:<15} {row.ok:<3} {row.method:<6} "
            f"{row.status:<21} {row.protocol:<8}"
        )
    return "\n".join(lines) + "\n"


@handler("show_interfaces_description")
def show_interfaces_description(ctx, args):
    # follows ../shared/reference/ios-output/show_interfaces_description/ (column widths)
    device = ctx.device
    lines = ["Interface                      Status         Protocol Description"]
    for iface in device.creation_order():
        status, protocol = device.status(iface.name)
        status = "admin down" if status == "administratively down" else status
        lines.append(f"{short_name(iface.name):<31}{status:<15}{protocol:<9}{iface.description or ''}")
    return "\n".join(lines) + "\n"

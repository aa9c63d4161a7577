"""show ppp multilink: each Multilink bundle with its members (records), then IOS's text.

Both releases print the 12.4T/15.x layout: the 2911 (15.2) follows a 15.x capture (ISR G2
names `Se0/0/0`, `max 255`), the 2811 (12.4(15)T1) the 12.4T capture of ios-behaviour
section 2.8 (`max not set`); see tests/transcripts/ppp/show-ppp-multilink.txt.
"""

from __future__ import annotations

from dataclasses import dataclass

from iosemu.config.interface import short_name
from iosemu.config.registry import handler
from iosemu.protocols.ppp.multilink import RECEIVE_BUFFER, endpoint_name
from iosemu.show.interfaces import collect_interface
from iosemu.sim.counters import since


@dataclass(frozen=True)
class BundleRecord:
    interface: str
    name: str  # the peer's authenticated name, else its endpoint discriminator
    remote: str  # `[1] R2`
    local: str
    up_for: str
    bandwidth: int
    load: int
    lost: int
    reordered: int
    discarded: tuple[int, int]  # fragments, bytes
    received: int  # the next sequence number expected
    sent: int  # the next one to send
    members: tuple[tuple[str, str], ...]  # (short name, since) in the order they joined
    inactive: tuple[str, ...]  # lines of the group whose LCP is not in the bundle


def collect(device) -> tuple[list[BundleRecord], list[str]]:
    """The bundles that are up, and the Multilink interfaces that have none."""
    now = device.scheduler.now
    active, idle = [], []
    for iface in device.creation_order():
        if iface.kind != "multilink":
            continue
        bundle = device.ports[iface.name].encapsulation
        if not bundle.members:
            idle.append(iface.name)
            continue
        joined = {m.engine.port.name for m in bundle.members}
        group = int(iface.name[len("Multilink") :])
        inactive = tuple(
            short_name(other.name)
            for other in device.creation_order()
            if other.kind == "serial" and other.ppp.multilink_group == group and other.name not in joined
        )
        active.append(
            BundleRecord(
                interface=iface.name,
                name=bundle.bundle_name,
                remote=endpoint_name(bundle.remote_endpoint),
                local=endpoint_name(bundle.local_endpoint),
                up_for=since(now, bundle.up_since),
                bandwidth=bundle.bandwidth,
                load=collect_interface(device, iface).txload,
                lost=bundle.lost,
                reordered=bundle.reordered,
                discarded=(bundle.discarded, bundle.discarded_bytes),
                received=bundle.received,
                sent=bundle.sent,
                members=tuple((m.engine.short, since(now, m.since)) for m in bundle.members),
                inactive=inactive,
            )
        )
    return active, idle


def render(active: list[BundleRecord], idle: list[str], train15: bool) -> str:
    most = "255" if train15 else "not set"
    lines = []
    for b in active:
        lines += [
            b.interface,
            f"  Bundle name: {b.name}",
            f"  Remote Endpoint Discriminator: {b.remote}",
            f"  Local Endpoint Discriminator: {b.local}",
            f"  Bundle up for {b.up_for}, total bandwidth {b.bandwidth}, load {b.load}/255",
            f"  Receive buffer limit {RECEIVE_BUFFER * len(b.members)} bytes, frag timeout 1000 ms",
            "    0/0 fragments/bytes in reassembly list",
            f"    {b.lost} lost fragments, {b.reordered} reordered",
            f"    {b.discarded[0]}/{b.discarded[1]} discarded fragments/bytes, 0 lost received",
            f"    0x{b.received:X} received sequence, 0x{b.sent:X} sent sequence",
            f"  Member links: {len(b.members)} active, {len(b.inactive)} inactive (max {most}, min not set)",
            *(f"    {name}, since {joined}" for name, joined in b.members),
            *(f"    {name} (inactive)" for name in b.inactive),
        ]
    if idle:
        lines += ["Inactive multilink interfaces:", *(f"  {name}" for name in idle)]
    else:
        lines.append("No inactive multilink interfaces")
    return "\n".join(lines) + "\n"


@handler("show_ppp_multilink")
def show_ppp_multilink(ctx, args):
    device = ctx.device
    return render(*collect(device), device.train15)

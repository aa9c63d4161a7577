"""show monitor capture buffer NAME [parameters | dump], show monitor capture buffer all
parameters, show monitor capture point all | NAME: 15.2's capture buffers and points
(iosemu/capture/epc.py) as IOS prints them (a 2013 router's transcript for the parameters
and the points, three routers' dumps for the hex dump)."""

from __future__ import annotations

from iosemu.capture.epc import NO_BUFFER, NO_POINT, Buffer, Element, Epc, Point
from iosemu.config.interface import short_name
from iosemu.config.registry import Refused, handler

# The address IOS prints beside each row of a packet's dump is where the packet sits in
# its memory; a router reuses the same buffer, so every packet of a dump shows the same
# rows. The packet begins 8 bytes into the first row, as one router's dumps show.
DUMP_ADDRESS = 0x0D98B860
DUMP_OFFSET = 8
SWITCH_PATH = "IPv4 LES CEF    "


def _parameters(buffer: Buffer, points: list[Point]) -> str:
    kind = "circular" if buffer.circular else "linear"
    lines = [
        f"Capture buffer {buffer.name} ({kind} buffer)",
        f"Buffer Size : {buffer.size} bytes, Max Element Size : {buffer.max_size} bytes, "
        f"Packets : {len(buffer.elements)}",
        "Allow-nth-pak : 0, Duration : 0 (seconds), Max packets : 0, pps : 0",
        "Associated Capture Points:",
        *(f"Name : {p.name}, Status : {'Active' if p.active else 'Inactive'}" for p in points),
        "Configuration:",
        *buffer.configuration(),
        *(f"monitor capture point associate {p.name} {buffer.name}" for p in points),
    ]
    return "\n".join(lines) + "\n\n"


def _heading(router, element: Element) -> str:
    moment, zone = router.local_time(element.at)
    milliseconds = moment.microsecond // 1000
    stamp = f"{moment:%H:%M:%S}.{milliseconds:03d} {zone} {moment:%b} {moment.day} {moment.year}"
    where = " ".join(short_name(i) if i else "None" for i in (element.inbound, element.outbound))
    return f"{stamp} : {SWITCH_PATH}: {where}"


# IOS's text column: each byte without its top bit if that is printable, else a dot.
_TEXT = bytes(b & 0x7F if 0x20 <= b & 0x7F < 0x7F else 0x2E for b in range(256))


def dump_rows(data: bytes) -> list[str]:
    """A packet's rows: the address, four groups of four bytes, then the text column; the
    router prints one byte past the packet's end (every dump seen shows it, as 00)."""
    data += b"\x00"
    hexes = "  " * DUMP_OFFSET + data.hex().upper()
    text = " " * DUMP_OFFSET + data.translate(_TEXT).decode("ascii")
    rows = []
    for at in range(0, len(text), 16):
        row = hexes[2 * at : 2 * at + 32].ljust(32)
        groups = f"{row[:8]} {row[8:16]} {row[16:24]} {row[24:]}"
        rows.append(f"{DUMP_ADDRESS + at:08X}: {groups}  {text[at : at + 16].ljust(16)}")
    return rows


def _dump(router, buffer: Buffer) -> str:
    out = []
    for element in buffer.elements:
        out += [_heading(router, element), "", *dump_rows(element.data), ""]
    return "".join(line + "\n" for line in out)


@handler("show_monitor_capture_buffer")
def show_capture_buffer(ctx, args):
    epc = Epc.of(ctx.device)

    def associated(buffer: Buffer) -> list[Point]:
        return [p for p in epc.points.values() if p.buffer == buffer.name]

    if args.capture_all:
        return "".join(_parameters(b, associated(b)) for b in epc.buffers.values())
    buffer = epc.buffers.get(args.capture_buffer_name)
    if buffer is None:
        return Refused(NO_BUFFER.format(args.capture_buffer_name))
    if args.capture_parameters:
        return _parameters(buffer, associated(buffer))
    if args.capture_dump:
        return _dump(ctx.device, buffer)
    return "".join(_heading(ctx.device, e) + "\n" for e in buffer.elements)


def _point(point: Point) -> str:
    return (
        f"Status Information for Capture Point {point.name}\n"
        "IPv4 CEF\n"
        f"Switch Path: IPv4 CEF            , Capture Buffer: {point.buffer or 'None'}\n"
        f"Status : {'Active' if point.active else 'Inactive'}\n\n"
    )


@handler("show_monitor_capture_point")
def show_capture_point(ctx, args):
    """`all` lists each point's status (a 2013 router's transcript); one point also shows
    the command that made it, under `Configuration:` (a 15.x switch's, find_string "Capture
    point POINT does not exist")."""
    points = Epc.of(ctx.device).points
    if args.capture_all:
        return "".join(_point(p) for p in points.values())
    point = points.get(args.capture_point_name)
    if point is None:
        return Refused(NO_POINT.format(args.capture_point_name))
    made = f"monitor capture point ip cef {point.name} {point.interface} {point.direction}"
    return f"{_point(point)}Configuration:\n{made}\n\n"

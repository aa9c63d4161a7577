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


def _printable(byte: int) -> str:
    """IOS's text column: the byte without its top bit if that is printable, else a dot."""
    low = byte & 0x7F
    return chr(low) if 0x20 <= low < 0x7F else "."


def dump_rows(data: bytes) -> list[str]:
    """A packet's rows: the address, four groups of four bytes, then the text column; the
    router prints one byte past the packet's end (every dump seen shows it, as 00)."""
    data += b"\x00"
    start, end = DUMP_ADDRESS + DUMP_OFFSET, DUMP_ADDRESS + DUMP_OFFSET + len(data)
    rows = []
    for row in range(DUMP_ADDRESS, end, 16):
        cells = [data[a - start] if start <= a < end else None for a in range(row, row + 16)]
        hexes = ["  " if c is None else f"{c:02X}" for c in cells]
        groups = " ".join("".join(hexes[g : g + 4]) for g in range(0, 16, 4))
        text = "".join(" " if c is None else _printable(c) for c in cells)
        rows.append(f"{row:08X}: {groups}  {text}")
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
        f"Switch Path: IPv4 CEF            , Capture Buffer: {point.buffer or 'none'}\n"
        f"Status : {'Active' if point.active else 'Inactive'}\n\n"
    )


@handler("show_monitor_capture_point")
def show_capture_point(ctx, args):
    points = Epc.of(ctx.device).points
    if args.capture_all:
        return "".join(_point(p) for p in points.values())
    point = points.get(args.capture_point_name)
    return Refused(NO_POINT.format(args.capture_point_name)) if point is None else _point(point)

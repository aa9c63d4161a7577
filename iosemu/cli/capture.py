"""`monitor capture buffer|point ...` in privileged EXEC (15.2's Embedded Packet Capture):
capture buffers made, sized, cleared, deleted and exported as pcap (to flash), IPv4 CEF
capture points made on an interface, associated with a buffer, started and stopped, with
IOS's %BUFCAP-6 messages. The buffers and points are iosemu/capture/epc.py."""

from __future__ import annotations

from functools import wraps

from iosemu.capture.epc import (
    DIRECTIONS,
    NO_BUFFER,
    NO_POINT,
    NOT_ASSOCIATED,
    POINT_EXISTS,
    Buffer,
    Epc,
    Point,
)
from iosemu.config.registry import Refused, handler

# The places `export ?` lists besides the router's own flash; a lab has no server for them.
_NETWORK = ("ftp", "http", "https", "pram", "rcp", "scp", "tftp")


class _Missing(Exception):
    """A command names a buffer or a point the router does not have: IOS's answer."""


def _refusing(command):
    """The handler, answering with IOS's message when the command names what is not there."""

    @wraps(command)
    def run(ctx, args):
        try:
            return command(ctx, args)
        except _Missing as missing:
            return Refused(str(missing))

    return run


def _buffer(ctx, name: str) -> Buffer:
    buffer = Epc.of(ctx.device).buffers.get(name)
    if buffer is None:
        raise _Missing(NO_BUFFER.format(name))
    return buffer


def _point(ctx, name: str) -> Point:
    point = Epc.of(ctx.device).points.get(name)
    if point is None:
        raise _Missing(NO_POINT.format(name))
    return point


@handler("exec_monitor_capture_buffer")
def capture_buffer(ctx, args):
    epc, name = Epc.of(ctx.device), args.capture_buffer_name
    if args.no:
        if epc.buffers.pop(name, None) is None:
            return ""
        for point in epc.points.values():
            if point.buffer == name:
                point.buffer = None
        return "Capture Buffer deleted\n"  # as a 15.x router says it (a 2025 CoPP note)
    buffer = epc.buffers.setdefault(name, Buffer(name))
    if args.capture_buffer_kb is not None:
        buffer.size_kb = args.capture_buffer_kb
        buffer.typed["size"] = f"size {buffer.size_kb}"
    if args.capture_element_bytes is not None:
        buffer.max_size = args.capture_element_bytes
        buffer.typed["max-size"] = f"max-size {buffer.max_size}"
    if args.capture_circular or args.capture_linear:
        buffer.circular = bool(args.capture_circular)
        buffer.typed["mode"] = "circular" if buffer.circular else "linear"
    return ""


@handler("exec_monitor_capture_buffer_clear")
@_refusing
def capture_buffer_clear(ctx, args):
    _buffer(ctx, args.capture_buffer_name).clear()
    return ""


@handler("exec_monitor_capture_buffer_export")
@_refusing
def capture_buffer_export(ctx, args):
    buffer = _buffer(ctx, args.capture_buffer_name)
    router, location = ctx.device, args.capture_location
    flash = router.platform.flash
    prefix, colon, name = location.partition(":")
    prefix = prefix.lower()
    if not colon:
        return Refused(f"%Error opening {location} (Invalid argument)\n")
    if prefix in _NETWORK:
        return Refused(f"%Error opening {location} (Timed out)\n")
    if prefix not in ("flash", flash.prefix):
        return Refused(f"%Error opening {location} (Invalid argument)\n")
    fault = flash.write(router.nvram.path, name, buffer.pcap(router.clock), router.clock.utc())
    return Refused(f"%Error opening {location} ({fault})\n") if fault else ""


@handler("exec_monitor_capture_point_ip_cef")
def capture_point_ip_cef(ctx, args):
    epc, name = Epc.of(ctx.device), args.capture_point_name
    if args.no:
        point = epc.points.pop(name, None)
        if point is not None:
            epc.stop(point)
            ctx.device.log(f"%BUFCAP-6-DELETE: Capture Point {name} deleted.")
        return ""
    if name in epc.points:
        return Refused(POINT_EXISTS.format(name))
    direction = next(d for d in DIRECTIONS if getattr(args, f"capture_{d}"))
    epc.points[name] = Point(name, args.ifname, direction)
    ctx.device.log(f"%BUFCAP-6-CREATE: Capture Point {name} created.")
    return ""


@handler("exec_monitor_capture_point_associate")
@_refusing
def capture_point_associate(ctx, args):
    point = _point(ctx, args.capture_point_name)
    point.buffer = _buffer(ctx, args.capture_buffer_name).name
    return ""


@handler("exec_monitor_capture_point_disassociate")
@_refusing
def capture_point_disassociate(ctx, args):
    _point(ctx, args.capture_point_name).buffer = None
    return ""


def _chosen(ctx, args) -> list[Point]:
    if args.capture_all:
        return list(Epc.of(ctx.device).points.values())
    return [_point(ctx, args.capture_point_name)]


@handler("exec_monitor_capture_point_start")
@_refusing
def capture_point_start(ctx, args):
    epc, refused = Epc.of(ctx.device), ""
    for point in _chosen(ctx, args):
        if point.buffer is None:
            refused += NOT_ASSOCIATED.format(point.name)
        elif not point.active:
            epc.start(point)
            ctx.device.log(f"%BUFCAP-6-ENABLE: Capture Point {point.name} enabled.")
    return Refused(refused) if refused else ""


@handler("exec_monitor_capture_point_stop")
@_refusing
def capture_point_stop(ctx, args):
    epc = Epc.of(ctx.device)
    for point in _chosen(ctx, args):
        if point.active:
            epc.stop(point)
            ctx.device.log(f"%BUFCAP-6-DISABLE: Capture Point {point.name} disabled.")
    return ""

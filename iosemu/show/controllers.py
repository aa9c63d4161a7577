"""show controllers [serial X]: the cable on a serial port (DCE/DTE V.35, or none) and
the clock it supplies or receives."""

from __future__ import annotations

from iosemu.config.registry import handler

CONTROLLER = {"GT96K Serial": "GT96K", "WIC MBRD Serial": "WIC MBRD"}


def cable_line(device, name: str) -> str:
    end = device.serial_end(name)
    if end is None:
        return "No serial cable attached"
    if end == "DCE":
        rate = device.clock_rate(name)
        return f"DCE V.35, clock rate {rate}" if rate else "DCE V.35, no clock"
    link = device.links[name]
    clocked = link.clocked() and device.ports[name].status == "up"
    return "DTE V.35 TX and RX clocks detected." if clocked else "DTE V.35 clocks stopped."


def controller_block(device, name: str) -> str:
    index = [n for n, _ in device.platform.interfaces].index(name)
    hardware = CONTROLLER[device.platform.hardware["serial"]]
    base = 0x47FFCA4C + index * 0x8A40
    port = int(name.split("/")[-1]) + 2 * int(name.split("/")[-2])
    return (
        f"Interface {name}\n"
        f"Hardware is {hardware}\n"
        f"{cable_line(device, name)}\n"
        f"idb at 0x{base:08X}, driver data structure at 0x{base + 0x4844:08X}\n"
        f"wic_info 0x{base + 0x4E70:08X}\n"
        f"Physical Port {port}, SCC Num {port}\n"
    )


@handler("show_controllers")
def show_controllers(ctx, args):
    device = ctx.device
    serials = [n for n, kind in device.platform.interfaces if kind == "serial"]
    if args.ifname is not None:
        if args.ifname not in serials:
            return ctx.session.invalid_at_end()
        serials = [args.ifname]
    return "".join(controller_block(device, name) for name in serials)
